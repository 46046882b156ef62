"""Nationality words as museum labels write them ("Winslow Homer, American, 1836-1910").

A closed list: the nationality adjectives of today's countries in English, and the older and regional
ones art catalogues use for makers (Flemish, Netherlandish, Venetian, Bohemian). Only the first word of
a part is looked up, after a compass or "New"/"Latin" word ("South African", "New Zealander"). Some are
given names too ("Roman", "Norman", "German"): right after a single word, which may be an inverted heading's
surname ("Vishniac, Roman"), such a word is read as the given name.
"""

from __future__ import annotations

import re

DEMONYMS = frozenset("""
afghan albanian algerian american andorran angolan antiguan argentine argentinean argentinian armenian
australian austrian azerbaijani azeri bahamian bahraini bangladeshi barbadian belarusian belgian belizean
beninese bhutanese bolivian bosnian botswanan brazilian british bruneian bulgarian burkinabe burmese
burundian cambodian cameroonian canadian chadian chilean chinese colombian comoran congolese
croatian cuban cypriot czech czechoslovak danish djiboutian dominican dutch ecuadorian
egyptian emirati english equatoguinean eritrean estonian ethiopian fijian filipino finnish french gabonese
gambian georgian german ghanaian greek grenadian guatemalan guinean guyanese haitian honduran hungarian
icelandic indian indonesian iranian iraqi irish israeli italian ivorian jamaican japanese jordanian
kazakh kazakhstani kenyan korean kosovar kuwaiti kyrgyz lao laotian latvian lebanese liberian libyan
liechtensteiner lithuanian luxembourgish luxembourger macedonian malagasy malawian malaysian maldivian
malian maltese marshallese martiniquais mauritanian mauritian mexican micronesian moldovan monegasque
mongolian montenegrin moroccan mozambican namibian nauruan nepalese nepali nicaraguan nigerian nigerien
norwegian omani pakistani palauan palestinian panamanian papuan paraguayan persian peruvian polish
portuguese qatari romanian russian rwandan salvadoran samoan saudi scottish senegalese serbian
seychellois singaporean slovak slovakian slovene slovenian somali spanish sudanese surinamese
swazi swedish swiss syrian taiwanese tajik tanzanian thai tibetan togolese tongan trinidadian tunisian
turkish turkmen ugandan ukrainian uruguayan uzbek venezuelan vietnamese welsh yemeni yugoslav yugoslavian
zambian zimbabwean zealander rican lankan verdean
flemish netherlandish bohemian moravian silesian prussian bavarian saxon byzantine roman etruscan
venetian florentine sienese genoese paduan bolognese lombard neapolitan milanese ferrarese umbrian
piedmontese tuscan sicilian mosan rhenish franconian swabian tyrolean catalan castilian basque andalusian
valencian aragonese breton provencal norman burgundian alsatian scandinavian european asian african
ottoman mughal
""".split())
# Words before a nationality that are part of it ("South African", "New Zealander", "Latin American").
_LEADS = frozenset("north south east west northern southern eastern western central new latin native upper "
                   "lower ancient costa puerto sri cape franco hispano anglo austro".split())
# Nationality words that are given names too: after a surname ("Vishniac, Roman") they are the given name.
GIVEN_NAMES_TOO = frozenset("roman norman german saxon thai lao".split())
_WORDS = re.compile(r"[^\W\d_]+")


def is_nationality(text: str, after_surname: bool = False) -> bool:
    """Whether a part of a label names a nationality: "American", "French (?)", "South German",
    "German-born American", "Franco-Flemish"; not "Winslow" or "Daniel Chester". `after_surname`: the
    part follows a single word that may be a surname, so a word that is a given name too is not one."""
    words = _WORDS.findall(text.lower())  # not folded: "Germán" is a given name, "German" a nationality
    if after_surname and words and words[0] in GIVEN_NAMES_TOO:  # "Colman, Norman J."
        return False
    while words and words[0] in _LEADS:
        words = words[1:]
    return bool(words) and words[0] in DEMONYMS


def leading_nationality(text: str) -> str:
    """The nationality words a biography starts with: "French" of "French painter", "South German"
    of "South German sculptor and medallist"; `text` as it is when no word of it is one."""
    kept = []
    for word in text.split():
        parts = _WORDS.findall(word.lower())
        if not parts or not all(p in DEMONYMS or p in _LEADS or p == "born" for p in parts):
            break
        kept.append(word)
    return " ".join(kept).rstrip(",;") if kept else text


# What a label in another language writes after a maker's name, lower-case: "Claude Monet, peintre
# français", "Hans Ostler, deutscher Maler", "Vera Quillon, pittrice italiana" (nationality adjectives and
# the makers' occupations in French, German, Italian, Spanish and Dutch, and English occupations). Closed
# lists; checked only on a lower-case part after a comma, never on a name's own words.
DESCRIPTION_WORDS = frozenset("""
français française francais francaise allemand allemande italien italienne espagnol espagnole néerlandais
néerlandaise flamand flamande américain américaine anglais anglaise britannique belge suisse autrichien
autrichienne russe japonais japonaise chinois chinoise polonais polonaise
deutsch deutscher deutsche französisch französischer französische italienisch italienischer italienische
spanisch spanischer niederländisch niederländischer flämisch flämischer amerikanisch amerikanischer
englisch englischer britisch britischer österreichisch österreichischer schweizer schweizerisch russisch
russischer japanisch japanischer
francese tedesco tedesca italiano italiana spagnolo spagnola olandese fiammingo fiamminga americano americana
inglese britannico britannica austriaco austriaca svizzero svizzera russo russa giapponese cinese
francés francesa alemán alemana español española holandés holandesa flamenco estadounidense norteamericano
norteamericana inglés inglesa británico británica austríaco suizo suiza ruso rusa japonés japonesa chino china
nederlands nederlandse vlaams vlaamse duits duitse italiaans italiaanse spaans spaanse amerikaans amerikaanse
brits britse belgisch belgische
painter sculptor engraver etcher printmaker draughtsman draftsman photographer architect designer illustrator
lithographer ceramist potter goldsmith silversmith cabinetmaker weaver miniaturist watercolourist watercolorist
peintre sculpteur sculptrice graveur graveuse dessinateur dessinatrice photographe architecte illustrateur
illustratrice lithographe céramiste orfèvre ébéniste décorateur décoratrice
maler malerin bildhauer bildhauerin zeichner zeichnerin grafiker grafikerin fotograf fotografin architekt
architektin kupferstecher radierer goldschmied illustrator illustratorin keramiker keramikerin
pittore pittrice scultore scultrice incisore disegnatore disegnatrice fotografo fotografa architetto
ceramista orafo miniatore
pintor pintora escultor escultora grabador grabadora dibujante fotógrafo fotógrafa arquitecto arquitecta
platero
schilder schilderes beeldhouwer beeldhouwster tekenaar graveur fotograaf architect edelsmid
""".split())


def is_description(text: str) -> bool:
    """Whether a part after a comma describes the maker rather than naming them: it starts with a lower-case
    nationality adjective or occupation of `DESCRIPTION_WORDS` ("peintre français", "deutscher Maler",
    "painter"); a capitalised word may be a name ("Painter", "Engels")."""
    words = _WORDS.findall(text)
    return bool(words) and words[0][:1].islower() and words[0] in DESCRIPTION_WORDS

