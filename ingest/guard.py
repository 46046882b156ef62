"""The last line between a reader and the rest of the pipeline.

Every reader the registry hands out is wrapped here, so that:

- values the graph engines cannot store are cleaned per record, with a warning on the record:
  NUL and the other C0 control characters (tab, line feed and carriage return stay) are removed,
  lone surrogates (invalid UTF-8 bytes read with `surrogateescape`, or "\\ud800" in JSON) become
  U+FFFD, integers outside the 64-bit range are dropped. One such value used to fail a whole
  batch ("Failed to parse query parameter") and so the whole ingest;
- every field holds the type the model says: a value of another type (a JSON object where a name
  belongs, text where a year belongs) is left out with a warning, a number where text belongs
  becomes its digits; a mention left without kind, key or name is dropped (with a warning), and a
  record whose source, id, institution or domain is not text becomes a Rejected. A contributor
  named by an object holding a lone surrogate once stopped the whole ingest in the sync state;
- an exception that escapes a reader (a bug, or a damage nobody foresaw) becomes a fatal
  Rejected naming the file, the last position reached and the reason, instead of a traceback
  that stops every other file of the run.

Readers still isolate their records themselves; this only makes sure nothing gets past.
"""

from __future__ import annotations

import dataclasses
import functools
import operator
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ingest.model import Institution, Mention, Record, Rejected

# C0 controls but tab/LF/CR, DEL, and every surrogate code point (never valid on its own in UTF-8).
_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
INT64 = (-(2**63), 2**63 - 1)

Reader = Callable[..., Iterator[Record | Rejected]]


def not_regular(path: Path) -> str | None:
    """Why `path` must not be opened as a catalogue file, or None. A FIFO, a device or a socket
    would block the reader forever (or never end); a symlink loop cannot be opened at all."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return f"cannot be read: {exc.strerror or exc}"
    import stat

    if stat.S_ISREG(mode):
        return None
    kind = "a FIFO" if stat.S_ISFIFO(mode) else "a folder" if stat.S_ISDIR(mode) else "a device or socket"
    return f"is {kind}, not a regular file; not read"


def describe(exc: BaseException) -> str:
    """A rejection reason from an exception: a ValueError's message is already one; anything
    else was not foreseen by the reader and says what it was."""
    text = clean_text(str(exc))[0].strip()[:500]
    if isinstance(exc, ValueError) and text:
        return text
    if isinstance(exc, RecursionError):
        return "nested too deeply to read"
    return f"unexpected {type(exc).__name__}" + (f": {text}" if text else "")


def clean_text(value: str) -> tuple[str, str | None]:
    """(cleaned text, what was wrong or None)."""
    if not _BAD.search(value):
        return value, None
    surrogates = bool(_SURROGATE.search(value))
    cleaned = _SURROGATE.sub("\ufffd", value)
    controls = len(cleaned) - len(cleaned := _BAD.sub("", cleaned))
    problems = []
    if surrogates:
        problems.append("invalid UTF-8 (or a lone surrogate) replaced by U+FFFD")
    if controls:
        problems.append(f"{controls} control character(s) removed")
    return cleaned, ", ".join(problems)


class UnusableRecord(ValueError):
    """A record whose identity (source, id, institution, domain) is not text: it becomes a Rejected."""


def _a(value: Any) -> str:
    """How a value of the wrong type is named in a warning ("a JSON object", "a list", ...)."""
    names = {dict: "an object", list: "a list", tuple: "a list", bool: "true/false", bytes: "bytes",
             int: "a number", float: "a number", str: "text"}
    return names.get(type(value), f"a {type(value).__name__}")


def _text(value: Any, where: str, found: list[str]) -> str | None:
    """Text for a text field: cleaned; a number becomes its digits (a JSON id 12); anything else
    (an object, a list, true/false) cannot be a name or a title: left out, with a warning."""
    if isinstance(value, str):  # str subclasses too (lxml's element text results)
        if value.isprintable() or not _BAD.search(value):  # the common case, without building anything
            return value
        cleaned, problem = clean_text(value)
        if problem:
            found.append(f"{where}: {problem}")
        return cleaned
    if value is None:
        return None
    if type(value) in (int, float):
        return str(value)
    found.append(f"{where}: {_a(value)} where text belongs, left out")
    return None


def _whole(value: Any, where: str, found: list[str]) -> int | None:
    """A year or a position: a 64-bit integer, else left out."""
    if value is None:
        return None
    if type(value) is not int:
        found.append(f"{where}: {_a(value)} where a whole number belongs, left out")
        return None
    if not INT64[0] <= value <= INT64[1]:
        found.append(f"{where}: number {str(value)[:20]}... out of range, left out")
        return None
    return value


def _real(value: Any, where: str, found: list[str]) -> float | None:
    """A coordinate: a number (stored as a float), else left out."""
    if value is None or type(value) is float:
        return value
    if type(value) is int and INT64[0] <= value <= INT64[1]:
        return float(value)
    found.append(f"{where}: {_a(value)} where a number belongs, left out")
    return None


def _texts(value: Any, where: str, found: list[str]) -> tuple[str, ...]:
    """A tuple of texts (ids, alternate names): what is not text is left out."""
    if type(value) is tuple or type(value) is list:
        try:  # strings only, all printable: nothing to clean
            if "".join(value).isprintable():
                return value if type(value) is tuple else tuple(value)
        except TypeError:  # not all strings: each on its own
            pass
        out = tuple(t for v in value if (t := _text(v, where, found)) is not None)
        return value if out == value else out
    if value is not None:
        found.append(f"{where}: {_a(value)} where a list of texts belongs, left out")
    return ()


def _pairs(value: Any, where: str, found: list[str], *, first_optional: bool = False) -> tuple[tuple[Any, str], ...]:
    """(label, value) pairs (numbers, types, materials): a pair that is not two texts is left out."""
    if type(value) is not tuple and type(value) is not list:
        if value is not None:
            found.append(f"{where}: {_a(value)} where a list of pairs belongs, left out")
        return ()
    out = []
    for item in value:
        if (type(item) is tuple or type(item) is list) and len(item) == 2:
            first, second = _text(item[0], where, found), _text(item[1], where, found)
            if second is not None and (first is not None or (first_optional and item[0] is None)):
                out.append((first, second))
                continue
        found.append(f"{where}: {_a(item)} where a pair of texts belongs, left out")
    out_t = tuple(out)
    return value if out_t == value else out_t


def _holder(value: Any, where: str, found: list[str]) -> Institution | None:
    if value is None:
        return None
    if type(value) is not Institution:
        found.append(f"{where}: {_a(value)} where an institution belongs, left out")
        return None
    texts = {f.name: _text(getattr(value, f.name), where, found) for f in dataclasses.fields(value)}
    if not texts["id"] or not texts["name"] or not texts["kind"]:
        found.append(f"{where}: an institution without id, name or kind, left out")
        return None
    return value if all(texts[k] is getattr(value, k) for k in texts) else dataclasses.replace(value, **texts)


# A mention's fields in two C calls: the texts (str or None) and the rest. Records name three or more
# each, and looking at their 17 fields one by one was a tenth of the parsing processes' time at 1M records.
_TEXT_FIELDS = ("kind", "alias_key", "name", "relation", "role", "as_written", "source_field", "nationality", "gender",
                "bio")
_OTHER_FIELDS = ("ids", "alt_names", "birth_year", "death_year", "lat", "lon", "links")
assert {f.name for f in dataclasses.fields(Mention)} == {*_TEXT_FIELDS, *_OTHER_FIELDS}  # a new field is looked at
_MENTION_TEXTS = operator.attrgetter(*_TEXT_FIELDS)
_MENTION_REST = operator.attrgetter(*_OTHER_FIELDS)
_REQUIRED = ("kind", "alias_key", "name")  # a mention without them names nothing


def _mention_is_clean(mention: Mention) -> bool:
    """True when `_clean_mention` would find nothing to clean in the mention (the common case);
    False sends it there, also for anything unexpected (a value of another type, linked mentions)."""
    try:
        texts = _MENTION_TEXTS(mention)
        text = "".join(filter(None, texts))
        ids, alt_names, born, died, lat, lon, links = _MENTION_REST(mention)
        if ids:
            text += "".join(ids)
        if alt_names:
            text += "".join(alt_names)
    except TypeError:  # a value that is not a string where one is expected
        return False
    if links or not (texts[0] and texts[1] and texts[2]) or not (text.isprintable() or not _BAD.search(text)):
        return False
    return ((born is None or (type(born) is int and INT64[0] <= born <= INT64[1]))
            and (died is None or (type(died) is int and INT64[0] <= died <= INT64[1]))
            and (lat is None or type(lat) is float) and (lon is None or type(lon) is float)
            and type(ids) is tuple and type(alt_names) is tuple)


def _clean_mention(mention: Any, where: str, found: list[str]) -> Mention | None:
    """The mention cleaned field by field in place, or None (with a warning) when it names nothing."""
    if type(mention) is not Mention:
        found.append(f"{where}: {_a(mention)} where a mention belongs, left out")
        return None
    if _mention_is_clean(mention):
        return mention
    kind = mention.kind
    where = f"{where}.{kind.lower() if isinstance(kind, str) else 'mention'}"
    for name in _TEXT_FIELDS:
        _set(mention, name, _text(getattr(mention, name), f"{where}.{name}", found))
    for name in ("ids", "alt_names"):
        _set(mention, name, _texts(getattr(mention, name), f"{where}.{name}", found))
    for name in ("birth_year", "death_year"):
        _set(mention, name, _whole(getattr(mention, name), f"{where}.{name}", found))
    for name in ("lat", "lon"):
        _set(mention, name, _real(getattr(mention, name), f"{where}.{name}", found))
    _set(mention, "links", _links(mention.links, f"{where}.links", found))
    missing = [name for name in _REQUIRED if not getattr(mention, name)]
    if missing or mention.relation is None:
        found.append(f"{where}: a mention without {' or '.join(missing or ['relation'])}, left out")
        return None
    return mention


def _links(value: Any, where: str, found: list[str]) -> tuple[tuple[str, Mention], ...]:
    if not value:
        return ()
    if type(value) is not tuple and type(value) is not list:
        found.append(f"{where}: {_a(value)} where a list of links belongs, left out")
        return ()
    out = []
    for item in value:
        if (type(item) is tuple or type(item) is list) and len(item) == 2 and isinstance(item[0], str):
            target = _clean_mention(item[1], where, found)
            if target is not None:
                out.append((_text(item[0], where, found) or "", target))
                continue
        else:
            found.append(f"{where}: {_a(item)} where a link belongs, left out")
    out_t = tuple(out)
    return value if out_t == value else out_t


def _set(obj: Any, name: str, value: Any) -> None:
    if value is not getattr(obj, name):
        setattr(obj, name, value)


_RECORD_TEXTS = ("kind", "title", "date_text", "date_kind", "date_edtf", "description", "url", "image_url", "rights",
                 "licence", "file", "source_digest", "header_id")
_RECORD_IDENTITY = ("source", "institution_id", "source_id", "domain")
_RECORD_REST = ("year_start", "year_end", "position", "ids", "numbers", "types", "materials", "mentions", "holder",
                "warnings")
assert {f.name for f in dataclasses.fields(Record)} == {*_RECORD_TEXTS, *_RECORD_IDENTITY, *_RECORD_REST}
_RECORD_TEXT_VALUES = operator.attrgetter(*_RECORD_TEXTS)


def _clean_fields(record: Record, found: list[str]) -> None:
    for name in _RECORD_IDENTITY:
        value = getattr(record, name)
        if not isinstance(value, str) or not value:
            raise UnusableRecord(f"the record's {name} is {_a(value) if value is not None else 'missing'}, not text")
        _set(record, name, _text(value, name, found))
    try:  # the texts in one C call: all strings or None, all printable (the common case)
        texts_clean = "".join(filter(None, _RECORD_TEXT_VALUES(record))).isprintable()
    except TypeError:
        texts_clean = False
    if not texts_clean:
        for name in _RECORD_TEXTS:
            _set(record, name, _text(getattr(record, name), name, found))
    if not record.kind:
        record.kind = "item"  # the model's default: what the record describes was not said
    for name in ("year_start", "year_end", "position"):
        value = getattr(record, name)
        if value is not None and not (type(value) is int and INT64[0] <= value <= INT64[1]):
            _set(record, name, _whole(value, name, found))
    if record.ids:
        _set(record, "ids", _texts(record.ids, "ids", found))
    for name in ("numbers", "types", "materials"):
        if getattr(record, name):
            _set(record, name, _pairs(getattr(record, name), name, found, first_optional=name == "materials"))
    mentions = record.mentions
    if type(mentions) is not list or not all(type(m) is Mention and _mention_is_clean(m) for m in mentions):
        if type(mentions) is not list and type(mentions) is not tuple:
            found.append(f"mentions: {_a(mentions)} where a list of mentions belongs, left out")
            mentions = []
        record.mentions = [m for m in (_clean_mention(m, "mentions", found) for m in mentions) if m is not None]
    if record.holder is not None:
        _set(record, "holder", _holder(record.holder, "holder", found))


def clean_record(record: Record) -> Record:
    """Clean a record in place; each problem becomes one warning on it. Raises UnusableRecord when
    what identifies the record is not text."""
    found: list[str] = []
    _clean_fields(record, found)
    warnings = record.warnings if type(record.warnings) is list else []
    if found or warnings:
        record.warnings = [clean_text(w)[0] if isinstance(w, str) else _a(w) for w in warnings]
        for problem in dict.fromkeys(found):
            record.warnings.append(f"unstorable value cleaned: {problem}")
    return record


def clean_rejected(rejected: Rejected) -> Rejected:
    """A rejection's own texts may quote the bad bytes: they are written to the report too."""
    texts = {name: clean_text(value)[0] for name in ("file", "source_id", "reason")
             if isinstance(value := getattr(rejected, name), str) and _BAD.search(value)}
    return dataclasses.replace(rejected, **texts) if texts else rejected


def guarded(read: Reader, path: Path, *args: Any, **kwargs: Any) -> Iterator[Record | Rejected]:
    """The reader's results, cleaned; an exception from the reader ends the file as a Rejected."""
    position: int | None = None
    try:
        for item in read(path, *args, **kwargs):
            if isinstance(item, Record):
                position = item.position if type(item.position) is int else position
                try:
                    yield clean_record(item)
                except UnusableRecord as exc:
                    yield Rejected(str(path), position, None, str(exc))
            elif isinstance(item, Rejected):
                position = item.position if item.position is not None else position
                yield clean_rejected(item)
            else:
                yield Rejected(str(path), position, None, f"the reader produced {type(item).__name__}, not a record")
    except (Exception, RecursionError) as exc:  # noqa: BLE001 - anything a reader lets out is one file's problem
        message = clean_text(str(exc))[0][:300]
        after = f" after record {position}" if position is not None else ""
        yield Rejected(str(path), None if position is None else position + 1, None,
                       f"the reader stopped{after} on an unexpected {type(exc).__name__}: {message}; "
                       "the rest of this file was not read", fatal=True)


def safe_reader(read: Reader) -> Reader:
    """`read` wrapped by `guarded` (what the registry hands out)."""

    @functools.wraps(read)
    def wrapper(path: Path, *args: Any, **kwargs: Any) -> Iterator[Record | Rejected]:
        return guarded(read, path, *args, **kwargs)

    return wrapper
