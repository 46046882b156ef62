"""Entity extraction from free text with spaCy: names the graph already knows, found in text.

A blank English pipeline with an EntityRuler of phrase patterns, built from the names of the
people, organisations, places and themes already catalogued (so a name one institution
catalogued is found in another's text); optionally a statistical model (any installed spaCy
pipeline, by name) whose PERSON / ORG / GPE / LOC / FAC spans are kept beside the ruler's.
Patterns carry no per-pattern `id` (7x slower); the matched text is mapped to entity ids
afterwards through a folded-name lookup. This module never touches the graph.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from ingest.normalise import fold, parse_place, split_post_nominals  # fold is cached there

LABELS = ("Person", "Organization", "Place", "Theme")
# Statistical model labels -> ours (NORP, DATE, WORK_OF_ART ... are not entities we link).
MODEL_LABELS = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place", "FAC": "Place"}
MODEL_SPANS = "glamgraph_model"

# Words that are names of places or people elsewhere but ordinary words at the start of a
# sentence or in a title; measured on the gold set (see docs/extraction.md).
COMMON_WORDS = frozenset(fold(w) for w in (
    "Reading", "Bath", "Nice", "Mobile", "Split", "Orange", "Independence", "Liberty", "Union", "Victoria",
    "Hope", "Fame", "Concord", "Providence", "Temple", "Gift", "Collection", "Museum", "Gallery", "Library",
    "Society", "Untitled", "Portrait", "Figure", "Landscape", "Study", "Street", "Church", "House", "Park",
    "Garden", "Bridge", "Castle", "Abbey", "Cathedral", "Tower", "Hall", "Market", "Station", "Square",
    "North", "South", "East", "West", "Centre", "Center", "Press", "Studio", "Works", "Paper", "Art", "Arts",
    "Design", "Man", "Woman", "Women", "Men", "Head", "Text", "Color", "Colour", "Words", "Water", "Light",
    "Standing", "Seated", "Nature", "Science", "History", "Group", "Object", "Self", "May", "March", "August",
    "River", "Marine", "Lake", "Mount", "Island", "Bay", "Valley", "Forest", "Sea", "Ocean", "Harbour", "Harbor",
))
# Words before a name that do not make it part of a longer name ("Dr. Austin", "Bishop Fraser").
HONORIFICS = frozenset(("mr", "mrs", "miss", "ms", "dr", "sir", "dame", "lady", "lord", "rev", "st", "saint",
                        "king", "queen", "prince", "princess", "bishop", "general", "captain", "capt", "col",
                        "colonel", "professor", "prof", "madame", "mme", "monsieur", "the", "by", "of"))


@dataclass(frozen=True, slots=True)
class KnownEntity:
    id: str
    label: str  # one of LABELS
    name: str
    names: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class TextItem:
    record_id: str
    field: str  # "title", "description", ...
    text: str


@dataclass(frozen=True, slots=True)
class Span:
    start: int  # character offsets in the text
    end: int
    label: str
    text: str
    method: str  # "ruler", "model" or "ruler+model"


@dataclass(frozen=True, slots=True)
class Hit:
    record_id: str
    field: str
    entity_id: str
    label: str
    text: str
    method: str
    score: float
    snippet: str


@dataclass
class Rules:
    """Which names become patterns. Each rule was measured on the gold set."""

    min_person_tokens: int = 2  # single names ("Paris", "Christo") are too ambiguous in free text
    min_chars: int = 3
    themes: bool = True  # capitalised multi-word theme terms ("Life of Christ", "Old Testament")
    # single-word themes were mostly noise in free text (NGA keywords "David", "Evening", "English")
    min_theme_tokens: int = 2
    skip_common_words: bool = True


@dataclass
class Gazetteer:
    """Surface strings per label, and the entities each folded string can mean."""

    rules: Rules = field(default_factory=Rules)
    patterns: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    lookup: dict[tuple[str, str], list[str]] = field(default_factory=lambda: defaultdict(list))
    dropped: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    folded: dict[str, str] = field(default_factory=dict)  # surface -> fold(surface), taken once

    @classmethod
    def build(cls, entities: Iterable[KnownEntity], rules: Rules | None = None) -> Gazetteer:
        gazetteer = cls(rules or Rules())
        for entity in entities:
            gazetteer.add(entity)
        gazetteer._resolve_label_clashes()
        return gazetteer

    def add(self, entity: KnownEntity) -> None:
        for surface, folded, reason in self._candidates(entity):
            if reason:
                self.dropped[reason] += 1
                continue
            self.patterns[entity.label].add(surface)
            ids = self.lookup[(entity.label, folded)]
            if entity.id not in ids:
                ids.append(entity.id)

    def surfaces(self, entity: KnownEntity) -> Iterator[tuple[str, str | None]]:
        """(surface, why it is not a pattern or None) for each of the entity's names."""
        for surface, _folded, reason in self._candidates(entity):
            yield surface, reason

    def _candidates(self, entity: KnownEntity) -> Iterator[tuple[str, str, str | None]]:
        for name in dict.fromkeys((entity.name, *entity.names)):
            surface = _surface(name, entity.label)
            if surface:
                folded = self.folded.get(surface)
                if folded is None:  # names outnumber fold's own cache at scale
                    folded = self.folded[surface] = fold.__wrapped__(surface)
                yield surface, folded, self._reject(entity.label, surface, folded)

    def _reject(self, label: str, surface: str, folded: str) -> str | None:
        rules = self.rules
        if len(surface) < rules.min_chars or not _LETTER.search(surface):
            return "too short"
        if label == "Theme" and _DIGIT.search(surface):
            return "period or numbered theme"
        if rules.skip_common_words and folded in COMMON_WORDS:
            return "common word"
        words = surface.split()
        if label == "Person" and len([w for w in words if w[:1].isalpha()]) < rules.min_person_tokens:
            return "single-word person name"
        if label == "Organization" and len(words) < 2:
            return "single-word organisation name"
        if label == "Theme":
            if not rules.themes:
                return "themes off"
            if not surface[:1].isupper() or len(surface) < 5:
                return "lower-case or short theme"
            if len(words) < rules.min_theme_tokens:
                return "single-word theme"
        if label in ("Place", "Person", "Organization") and not surface[:1].isupper():
            return "not capitalised"
        return None

    def _resolve_label_clashes(self) -> None:
        """NGA keywords name places ("Rome", "Venice") as themes: the place wins."""
        places = {self.folded[s] for s in self.patterns.get("Place", ())}
        themes = self.patterns.get("Theme", set())
        for surface in [s for s in themes if self.folded[s] in places]:
            themes.discard(surface)
            self.dropped["theme that is also a place"] += 1

    def found_in(self, texts: Iterable[str]) -> Gazetteer:
        """The same gazetteer with only the patterns that can match in `texts`: those whose
        `search_key` is part of a text's. The ruler finds the same spans in these texts with a
        fraction of the patterns (on the demo sample, 2,817 of 64,400 occur in all 26,280 texts),
        and building it costs in proportion."""
        return self.found_in_each(texts)[0]

    def found_in_each(self, texts: Iterable[str]) -> tuple[Gazetteer, list[bool]]:
        """`found_in`, and for each text whether any pattern can match in it: the ruler finds
        nothing in the others, so they need no pipeline at all (when no model looks for more)."""
        by_key: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for label, surfaces in self.patterns.items():
            for surface in surfaces:  # search_key(surface), from the fold taken when it was added
                by_key[self.folded[surface].replace(" ", "")].append((label, surface))
        keys = KeySearch(by_key)
        found: set[int] = set()
        holds: list[bool] = []
        for text in texts:
            numbers = list(keys.found(text))
            found.update(numbers)
            holds.append(bool(numbers))
        kept: dict[str, set[str]] = {label: set() for label in self.patterns}  # the same label order
        for number in found:
            for label, surface in by_key[keys.keys[number]]:
                kept[label].add(surface)
        return Gazetteer(self.rules, defaultdict(set, kept), self.lookup, self.dropped, self.folded), holds

    def entities_for(self, label: str, text: str) -> list[str]:
        return self.lookup.get((label, fold(text)), [])

    @property
    def size(self) -> int:
        return sum(len(p) for p in self.patterns.values())


def search_key(text: str, *, cached: bool = True) -> str:
    """`fold` with its spaces taken out. Each step of `fold` maps one character at a time (spaces
    aside), so where the ruler finds a name in a text (the same tokens, with or without a space
    between them), or a model's span folds to a name, that name's key is part of the text's key:
    a cheap test, never a miss, of which names a text can hold. `cached=False` for long texts
    (fold's cache is for names)."""
    return (fold if cached else fold.__wrapped__)(text).replace(" ", "")


_LETTER = re.compile(r"[A-Za-zÀ-ÿ]")
_DIGIT = re.compile(r"\d")


class KeySearch:
    """Which of many search keys are part of a text's key: one Aho-Corasick pass per text."""

    def __init__(self, keys: Iterable[str]) -> None:
        import ahocorasick

        self.keys = list(dict.fromkeys(keys))
        self._automaton = ahocorasick.Automaton(ahocorasick.STORE_INTS)
        for number, key in enumerate(self.keys):
            self._automaton.add_word(key, number)
        if self.keys:
            self._automaton.make_automaton()

    def found(self, text: str) -> Iterator[int]:
        """The numbers (in `keys`) of the keys in the text, as far as it is searched (MAX_EXTRACT_CHARS)."""
        if self.keys:
            for _end, number in self._automaton.iter(search_key(text[:MAX_EXTRACT_CHARS], cached=False)):
                yield number

    def any_in(self, text: str) -> bool:
        return next(self.found(text), None) is not None


def _surface(name: str, label: str = "") -> str:
    """The form a name takes in running text: the heading without its parenthesised qualifier;
    a place without the broader places ("New York, NY" -> "New York"); a person without the honours
    after the name ("Augustus John, OM" -> "Augustus John")."""
    if label == "Place" and ("," in name or "(" in name or "--" in name):
        place = parse_place(name)
        name = place.name if place else name
    elif label == "Person":
        name = split_post_nominals(name)[0]
    text = re.sub(r"\s*\([^()]*\)\s*$", "", name.strip())
    return re.sub(r"\s+", " ", text).strip(" ,.;:")


def build_nlp(gazetteer: Gazetteer | None, model: str | None = None):  # -> spacy.Language
    """A blank English pipeline with the gazetteer's EntityRuler, or the named model with the
    ruler after its NER (the model's own spans are kept in doc.spans[MODEL_SPANS])."""
    import spacy
    from spacy.language import Language

    if model:
        try:
            nlp = spacy.load(model, exclude=["parser", "lemmatizer", "senter"])
        except OSError as exc:
            raise ValueError(f"spaCy model '{model}' is not installed: {exc}") from None
        if not Language.has_factory("glamgraph_keep_model_spans"):
            Language.component("glamgraph_keep_model_spans", func=_keep_model_spans)
        nlp.add_pipe("glamgraph_keep_model_spans", after="ner")
    else:
        nlp = spacy.blank("en")
    if gazetteer is not None and gazetteer.size:
        # Known names win over the model's overlapping spans (measured: same F1 either way, and a
        # known name maps to an entity id; see docs/extraction.md).
        ruler = nlp.add_pipe("entity_ruler", config={"overwrite_ents": True, "validate": False})
        with nlp.select_pipes(enable="entity_ruler"):
            patterns = [{"label": label, "pattern": s} for label, strings in gazetteer.patterns.items()
                        for s in sorted(strings)]
            ruler.add_patterns(patterns)
    return nlp


def _keep_model_spans(doc):  # a spaCy component: remember the model's spans before the ruler runs
    doc.spans[MODEL_SPANS] = list(doc.ents)
    return doc


_OPENERS = frozenset((".", ";", ":", "(", "[", '"', "'", "“", "‘", "_", "-", "–"))


def _capitalised(token) -> bool:
    return token.is_alpha and (token.is_title or token.is_upper)


def _inside_longer_name(doc, ent) -> bool:
    """A known name that is only part of a longer capitalised name: "Princeton" in "Princeton
    University", "Austin" in "Mary Austin", "Frederick Keppel" in "Frederick Keppel & Co.",
    "Pittsburgh" in "University of Pittsburgh Press". Measured on the gold set: most of the
    name ruler's false positives were of this kind."""
    if ent.end < len(doc):
        after = doc[ent.end]
        if _capitalised(after) or after.text == "&":
            return True
        if after.lower_ == "and" and ent.end + 1 < len(doc) and doc[ent.end + 1].lower_.rstrip(".") in (
                "company", "sons", "co"):
            return True
    if ent.start > 1:  # a capitalised word before, unless it opens the text or a sentence
        before, opener = doc[ent.start - 1], doc[ent.start - 2]
        if _capitalised(before) and before.lower_ not in HONORIFICS and opener.text not in _OPENERS:
            return True
        if ent.label_ == "Place" and before.lower_ == "of" and _capitalised(opener) and opener.lower_ not in HONORIFICS:
            return True
    return False


def doc_spans(doc) -> list[Span]:
    """Entity spans of a processed doc, with the method that found each."""
    model = {(e.start_char, e.end_char): MODEL_LABELS.get(e.label_) for e in doc.spans.get(MODEL_SPANS, [])}
    spans = []
    for ent in doc.ents:
        if ent.label_ in LABELS:  # the ruler's
            if _inside_longer_name(doc, ent):
                continue
            agreed = model.get((ent.start_char, ent.end_char)) == ent.label_
            spans.append(Span(ent.start_char, ent.end_char, ent.label_, ent.text, "ruler+model" if agreed else "ruler"))
        elif ent.label_ in MODEL_LABELS:
            spans.append(Span(ent.start_char, ent.end_char, MODEL_LABELS[ent.label_], ent.text, "model"))
    return spans


SCORES = {"ruler+model": 0.95, "ruler": 0.85, "model": 0.7}


# Only the first MAX_EXTRACT_CHARS characters of a text are searched for names. The record keeps
# its whole text; spaCy refuses texts over nlp.max_length (1,000,000: error E088), which stopped
# every later extraction in the data folder, and a catalogue field this long is not prose to mine.
MAX_EXTRACT_CHARS = 100_000


def snippet(text: str, start: int, end: int, width: int = 60) -> str:
    left, right = max(0, start - width), min(len(text), end + width)
    return ("…" if left else "") + text[left:right].replace("\n", " ") + ("…" if right < len(text) else "")


def extract(
    items: Iterable[TextItem],
    nlp,
    gazetteer: Gazetteer,
    *,
    skip: Callable[[str, str], bool] = lambda record_id, entity_id: False,
    batch_size: int = 1000,
    n_process: int = 1,
    progress: Callable[[int], None] | None = None,
) -> Iterator[Hit]:
    """Hits in `items`: each span whose text names exactly one known entity of its label.

    `skip(record_id, entity_id)` leaves out entities the record already names in a field (a
    text never overrides a catalogued field). Names shared by several entities are left out
    (counted by the caller from `ambiguous` hits' absence) rather than guessed. Texts are searched
    up to MAX_EXTRACT_CHARS.
    """
    items = list(items)
    texts = ((item.text[:MAX_EXTRACT_CHARS], item) for item in items)
    done = 0
    for doc, item in nlp.pipe(texts, as_tuples=True, batch_size=batch_size, n_process=n_process):
        seen: set[str] = set()
        for span in doc_spans(doc):
            candidates = gazetteer.entities_for(span.label, span.text)
            if len(candidates) != 1:
                continue
            entity_id = candidates[0]
            if entity_id in seen or skip(item.record_id, entity_id):
                continue
            seen.add(entity_id)
            yield Hit(item.record_id, item.field, entity_id, span.label, span.text, span.method,
                      SCORES[span.method], snippet(item.text, span.start, span.end))
        done += 1
        if progress and done % batch_size == 0:
            progress(batch_size)
    if progress and done % batch_size:
        progress(done % batch_size)
