"""The last line between a reader and the rest of the pipeline.

Every reader the registry hands out is wrapped here, so that:

- values the graph engines cannot store are cleaned per record, with a warning on the record:
  NUL and the other C0 control characters (tab, line feed and carriage return stay) are removed,
  lone surrogates (invalid UTF-8 bytes read with `surrogateescape`, or "\\ud800" in JSON) become
  U+FFFD, integers outside the 64-bit range are dropped. One such value used to fail a whole
  batch ("Failed to parse query parameter") and so the whole ingest;
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


def _clean(value: Any, where: str, found: list[str]) -> Any:
    kind = type(value)
    if kind is str:
        if value.isprintable() or not _BAD.search(value):  # the common case, without building anything
            return value
        cleaned, problem = clean_text(value)
        if problem:
            found.append(f"{where}: {problem}")
        return cleaned
    if value is None or kind is bool or kind is float:
        return value
    if kind is int:
        if not INT64[0] <= value <= INT64[1]:
            found.append(f"{where}: number {str(value)[:20]}... out of range, left out")
            return None
        return value
    if kind is tuple or kind is list:
        if not value:
            return value
        try:  # strings only, all printable (no control character, no surrogate): nothing to clean
            if "".join(value).isprintable():
                return value
        except TypeError:  # not all strings: each on its own
            pass
        out = [_clean(v, where, found) for v in value]
        if all(a is b for a, b in zip(out, value, strict=True)):
            return value  # nothing cleaned: the same object
        return tuple(out) if kind is tuple else out
    if kind is Mention:
        if not _mention_is_clean(value):
            _clean_fields(value, f"{where}.{value.kind.lower() if isinstance(value.kind, str) else 'mention'}", found)
        return value
    return _clean_other(value, where, found)


# A mention's fields in two C calls: the texts (str or None) and the rest. Records name three or more
# each, and looking at their 17 fields one by one was a tenth of the parsing processes' time at 1M records.
_TEXT_FIELDS = ("kind", "alias_key", "name", "relation", "role", "as_written", "source_field", "nationality", "gender",
                "bio")
_OTHER_FIELDS = ("ids", "alt_names", "birth_year", "death_year", "lat", "lon", "links")
assert {f.name for f in dataclasses.fields(Mention)} == {*_TEXT_FIELDS, *_OTHER_FIELDS}  # a new field is looked at
_MENTION_TEXTS = operator.attrgetter(*_TEXT_FIELDS)
_MENTION_REST = operator.attrgetter(*_OTHER_FIELDS)


def _mention_is_clean(mention: Mention) -> bool:
    """True when `_clean_fields` would find nothing to clean in the mention (the common case);
    False sends it there, also for anything unexpected (a value of another type, linked mentions)."""
    try:
        text = "".join(filter(None, _MENTION_TEXTS(mention)))
        ids, alt_names, born, died, lat, lon, links = _MENTION_REST(mention)
        if ids:
            text += "".join(ids)
        if alt_names:
            text += "".join(alt_names)
    except TypeError:  # a value that is not a string where one is expected
        return False
    if links or not (text.isprintable() or not _BAD.search(text)):
        return False
    return ((born is None or (type(born) is int and INT64[0] <= born <= INT64[1]))
            and (died is None or (type(died) is int and INT64[0] <= died <= INT64[1]))
            and (lat is None or type(lat) is float) and (lon is None or type(lon) is float))


def _clean_other(value: Any, where: str, found: list[str]) -> Any:
    """The rest (and subclasses of the common types), as before the fast paths above."""
    if isinstance(value, str):
        cleaned, problem = clean_text(value)
        if problem:
            found.append(f"{where}: {problem}")
        return cleaned
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int):
        if not INT64[0] <= value <= INT64[1]:
            found.append(f"{where}: number {str(value)[:20]}... out of range, left out")
            return None
        return value
    if isinstance(value, tuple):
        return tuple(_clean(v, where, found) for v in value)
    if isinstance(value, list):
        return [_clean(v, where, found) for v in value]
    if isinstance(value, Mention):
        _clean_fields(value, f"{where}.{value.kind.lower() if isinstance(value.kind, str) else 'mention'}", found)
        return value
    if isinstance(value, Institution):
        return dataclasses.replace(value, **{f.name: _clean(getattr(value, f.name), where, found)
                                             for f in dataclasses.fields(value)})
    return value


_FIELD_NAMES: dict[type, tuple[tuple[str, ...], Callable[[Any], tuple[Any, ...]]]] = {}


def _clean_fields(obj: Any, where: str, found: list[str]) -> None:
    known = _FIELD_NAMES.get(type(obj))
    if known is None:
        names = tuple(f.name for f in dataclasses.fields(obj) if f.name != "warnings")
        # Every value in one C call (millions of getattr calls per sample otherwise).
        getter = operator.attrgetter(*names)
        known = _FIELD_NAMES[type(obj)] = names, getter if len(names) > 1 else (lambda o: (getter(o),))
    names, values = known
    for name, value in zip(names, values(obj), strict=True):
        kind = type(value)
        if value is None or (kind is str and value.isprintable()) or (kind is tuple and not value):
            continue  # the common cases: nothing to clean, no place name built
        cleaned = _clean(value, f"{where}.{name}" if where else name, found)
        if cleaned is not value:
            setattr(obj, name, cleaned)


def clean_record(record: Record) -> Record:
    """Clean a record in place; each problem becomes one warning on it."""
    found: list[str] = []
    _clean_fields(record, "", found)
    if found:
        record.warnings = [clean_text(w)[0] for w in record.warnings]
        for problem in dict.fromkeys(found):
            record.warnings.append(f"unstorable value cleaned: {problem}")
    elif record.warnings:
        record.warnings = [clean_text(w)[0] for w in record.warnings]
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
                position = item.position if item.position is not None else position
                yield clean_record(item)
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
