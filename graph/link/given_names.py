"""Given names across languages: one name as each European language (and the usual romanisations of
Russian, Greek and Hungarian) writes it. "Giuseppe" is "Joseph", "Guillaume" is "William", "Hans" is
"Johann": the spelling shares little, so no string measure finds them, yet catalogues of different
countries write one artist's given name each in its own language.

A closed list of the common given names of the people catalogues hold (the name and its forms, from
the standard cognate tables name researchers use), not of anyone's name: it is what lets a surname and
agreeing life years decide such a pair. Without dates it is at most a review link, and only between two
names of one given name each (graph/link/person_linker): a language's two forms of one name are two names
in many catalogues ("Jon" / "John"). The group is a blocking key too (surname + group), so that such
names meet without dates.
Spellings one sound apart (Carl / Karl, Pieter / Peter) are found by `person_names` without a table;
they are here only where a group needs them. Masculine and feminine names are apart: "Giovanna" is not
"Giovanni". A name in two groups would join them; `test_given_names` keeps each in one.
Names are folded as `ingest.normalise.fold` folds them (lower case, no accents).
"""

from __future__ import annotations

_GROUPS = (
    # masculine
    "john johann johannes johan jan jean juan joao giovanni gianni hans ivan ioannis jovan ioan iwan juhani "
    "hannes janos jens jon",
    "joseph josef jozef giuseppe jose josep iosif jozsef osip josip",
    "james jacob jakob jacques giacomo jacopo jaime jaume jakub iakov yakov jacobus jaap jakab",
    "william wilhelm willem guillaume guglielmo guillermo vilhelm vilem vilmos wilhelmus guilherme",
    "peter pieter pierre pietro pedro piotr pyotr petr petrus peder petar pere piet petros",
    "paul paolo pablo pavel pawel paulus pal poul pau paulo",
    "charles karl carl carlo carlos karel karol carolus karoly",
    "henry heinrich henri enrico enrique hendrik henrik henryk jindrich hinrich henricus",
    "frederick friedrich frederic federico federigo fryderyk frederik fredrik bedrich",
    "francis franz francois francesco francisco frans franciszek frantisek ferenc francesc franciscus",
    "anthony antony anton antoine antonio antoon antonin antal antoni antonius",
    "michael michel michele miguel mikhail michal mihaly mikael michiel mihail mykhailo",
    "nicholas nicolas nikolaus niccolo nicola nicolo nikolai nikolay mikolaj miklos nicolaas nicolau nikola mykola",
    "george georg georges giorgio jorge jiri jerzy gyorgy georgy georgiy georgii yuri yury jurgen jorg joris jordi",
    "louis ludwig luigi luis lodewijk ludovico ludovic lajos ludvig ludwik luiz lewis",
    "lawrence laurence lorenzo laurent lorenz laurens lars lauritz",
    "stephen steven stefan stephan stefano etienne esteban istvan stepan stephanus",
    "andrew andreas andre andrea andres andrzej andrei andrey andras andries anders ondrej",
    "matthew matthias mathias matteo mateo mathieu matthieu maciej matvei matyas mattheus",
    "thomas tommaso tomas tomasz tamas",
    "philip philipp philippe filippo felipe filip fulop filipp",
    "alexander alessandro alexandre alejandro aleksander aleksandr sandor alexandros",
    "gregory gregor gregoire gregorio grzegorz grigory grigori gergely",
    "edward eduard edouard edoardo eduardo edvard",
    "albert alberto albrecht",
    "mark marc marco marcus markus marek",
    "luke luca lucas lukas luc lukasz",
    "bartholomew bartolomeo barthelemy bartolome bartholomaus bartlomiej",
    "christopher christoph christophe cristoforo cristobal krzysztof kristof",
    "benedict benedikt benoit benedetto benito bento",
    "bernard bernhard bernardo",
    "conrad konrad corrado",
    "dominic dominique domenico domingo dominik",
    "eugene eugen eugenio evgeny yevgeny evgenii",
    "ferdinand fernando ferdinando",
    "gerard gerhard gerardo gerrit",
    "hugh hugo hugues ugo",
    "ignatius ignaz ignace ignazio ignacio ignacy",
    "jerome hieronymus girolamo jeronimo jeroen hieronim",
    "julius jules giulio julio juliusz gyula",
    "leonard leonhard leonardo",
    "maurice moritz maurizio mauricio maurits",
    "raphael raffaello rafael raffaele",
    "rudolph rudolf rodolfo rodolphe",
    "theodore theodor teodoro fyodor fedor feodor tivadar teodor",
    "vincent vincenzo vicente wincenty vincenc",
    "walter gualtiero gauthier gautier",
    "augustine agostino augustin agustin",
    "clement clemente klemens",
    "gabriel gabriele",
    "gottfried godfrey geoffroy goffredo",
    "leopold leopoldo",
    "lucian lucien luciano",
    "sigmund sigismund sigismondo zygmunt zsigmond",
    "emmanuel emanuele manuel",
    "ambrose ambrogio ambroise ambrosius",
    # feminine
    "jane jeanne johanna giovanna juana jana ivana joanna",
    "catherine katharina caterina catalina katarzyna ekaterina yekaterina katalin catharina",
    "elizabeth elisabeth elisabetta elzbieta erzsebet elisabet elizaveta",
    "mary maria marie marija mariya",
    "margaret margarethe margarete margherita margarita marguerite malgorzata margit margareta",
    "helen helene helena elena jelena ilona",
    "louise luisa louisa luise ludwika",
    "sophia sophie sofia zofia sofya",
    "dorothy dorothea dorotea dorota dorothee",
    "christina christine cristina krystyna kristina",
    "frances francesca francoise franziska francisca",
    "josephine giuseppina josefa josefina",
    "caroline carolina karolina",
    "susan susanne susanna zsuzsanna",
    "eve eva ewa",
    "lucy lucia lucie",
    "agnes agnese agnieszka ines",
    "magdalena madeleine maddalena magdalene",
    "cecilia cecile cecylia",
    "clara claire chiara klara",
    "hedwig jadwiga edvige",
)

_GROUP_OF: dict[str, int] = {name: i for i, group in enumerate(_GROUPS) for name in group.split()}


def groups() -> tuple[tuple[str, ...], ...]:
    """Every group, as the names it holds (for tests and docs)."""
    return tuple(tuple(group.split()) for group in _GROUPS)


def same_name_in_another_language(a: str, b: str) -> bool:
    """`a` and `b` (folded given names) are one name in two languages: "giuseppe" / "joseph"."""
    if a == b:
        return False
    group = _GROUP_OF.get(a)
    return group is not None and group == _GROUP_OF.get(b)


def group_of(name: str) -> int | None:
    """The group a folded given name belongs to, if any."""
    return _GROUP_OF.get(name)
