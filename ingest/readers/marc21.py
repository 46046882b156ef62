"""Binary MARC 21 (ISO 2709, `.mrc` / `.dat`), UTF-8 or MARC-8, through pymarc.

Records are framed on the record terminator (0x1D) here rather than by pymarc's MARCReader,
which trusts the leader's length: a leader that counts characters instead of bytes (real
Open Library records do this) would make MARCReader lose its place and turn the rest of the
file into noise. Each framed record is decoded by `pymarc.Record` (`to_unicode=True`,
`force_utf8=False`: leader/09 decides UTF-8 or MARC-8) and mapped by `ingest.marc_mapping`.

A record whose leader and directory count characters instead of bytes (real Open Library
records) is re-framed on its field terminators and read, with a warning; so is a record whose
leader says MARC-8 while its text is Windows-1251 Cyrillic (`1251.dat`), decoded as CP1251 rather
than stored as combining-mark garbage. A record is rejected, with its byte offset and the
reason, when its leader length is not a number or disagrees with its size otherwise, when the
file ends before its terminator, or when pymarc cannot decode it (bad base address, directory, UTF-8). Decoding problems pymarc only warns
about (MARC-8 characters it cannot map, odd indicators, bad subfield codes) become warnings
on the loaded record.
"""

from __future__ import annotations

import contextlib
import io
import logging
import re
import unicodedata
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import pymarc

from ingest.marc_mapping import MarcField, record_from_fields
from ingest.model import Institution, Record, Rejected

END_OF_RECORD = b"\x1d"
BLOCK = 1 << 16
# A record longer than the format allows (99,999 bytes) plus slack is not a MARC record.
MAX_RECORD_BYTES = 200_000


def frames(handle: BinaryIO) -> Iterator[tuple[int, bytes, bool]]:
    """Yield (byte offset, raw bytes, terminated) per record; constant memory."""
    buffer = b""
    offset = 0
    while True:
        block = handle.read(BLOCK)
        if not block:
            break
        buffer += block
        while True:
            end = buffer.find(END_OF_RECORD)
            if end < 0:
                break
            chunk, buffer = buffer[: end + 1], buffer[end + 1 :]
            yield offset, chunk, True
            offset += len(chunk)
        if len(buffer) > MAX_RECORD_BYTES:
            # No terminator in sight: hand it over as one unterminated record and go on.
            yield offset, buffer, False
            offset += len(buffer)
            buffer = b""
    if buffer.strip(b"\r\n \x00\x1a"):
        yield offset, buffer, False


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


_PYMARC_LOG = logging.getLogger("pymarc")


def decode(chunk: bytes) -> tuple[pymarc.Record, list[str]]:
    """Decode one framed record; return it with the warnings pymarc printed or logged."""
    capture = _Capture()
    _PYMARC_LOG.addHandler(capture)
    stderr = io.StringIO()
    try:
        with warnings.catch_warnings(record=True) as caught, contextlib.redirect_stderr(stderr):
            warnings.simplefilter("always")
            record = pymarc.Record(chunk, to_unicode=True, force_utf8=False, utf8_handling="strict")
    finally:
        _PYMARC_LOG.removeHandler(capture)
    notes = [line for line in stderr.getvalue().splitlines() if line.strip()]
    notes += [str(w.message) for w in caught] + capture.messages
    return record, notes


_DOUBLE_UTF8 = re.compile("[\u00c2-\u00f4][\u0080-\u00bf]")


def undo_double_utf8(value: str) -> str:
    """UTF-8 read as Latin-1 and encoded again ("rÃ¶misch" -> "römisch"); unchanged when it is not."""
    if not _DOUBLE_UTF8.search(value):
        return value
    try:
        return value.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return value


def fields_of(record: pymarc.Record) -> tuple[str, list[MarcField]]:
    """pymarc fields -> MarcField (control fields carry their data as subfield ""); text that was
    UTF-8-encoded twice is decoded once more (see `undo_double_utf8`)."""
    fields = []
    for f in record.fields:
        if f.is_control_field():
            fields.append(MarcField(f.tag, " ", " ", [("", f.data or "")]))
        else:
            # MARC-8 and many UTF-8 records carry decomposed accents; NFC makes "é" one character.
            fields.append(MarcField(f.tag, f.indicator1 or " ", f.indicator2 or " ",
                                    [(s.code, unicodedata.normalize("NFC", undo_double_utf8(s.value or "")))
                                     for s in f.subfields]))
    return str(record.leader), fields


def _frame_problem(chunk: bytes, terminated: bool) -> str | None:
    head = chunk[:5]
    if not terminated:
        return f"truncated: the file ends (or runs {len(chunk):,} bytes) without a record terminator (0x1D)"
    if len(chunk) < 25:
        return f"truncated: only {len(chunk)} bytes, shorter than a 24-byte leader"
    if not head.isdigit():
        return f"bad leader: record length {head!r} is not a number"
    declared = int(head)
    if declared != len(chunk):
        hint = " (the leader counts characters, not bytes?)" if declared < len(chunk) else ""
        return f"bad leader: record length says {declared} bytes but the record has {len(chunk)}{hint}"
    return None


def reframe(chunk: bytes, transcode: str | None = None) -> bytes | None:
    """The record rebuilt from its field terminators: lengths and offsets counted again in bytes,
    and, with `transcode`, every field's text converted from that single-byte encoding to UTF-8
    (leader/09 set to "a"). None when the directory and the fields do not pair up."""
    try:
        base = int(chunk[12:17])
    except ValueError:
        return None
    directory = chunk[24 : base - 1]
    if len(directory) % 12 or base > len(chunk):
        return None
    tags = [directory[i : i + 3] for i in range(0, len(directory), 12)]
    fields = chunk[base:].rstrip(END_OF_RECORD).split(b"\x1e")
    if fields and fields[-1] == b"":
        fields.pop()
    if len(fields) != len(tags):
        return None
    entries, body = b"", b""
    for tag, data in zip(tags, fields, strict=True):
        if transcode:
            data = data.decode(transcode).encode("utf-8")
        data += b"\x1e"
        entries += tag + b"%04d" % len(data) + b"%05d" % len(body)
        body += data
    new_base = 24 + len(entries) + 1
    leader = bytearray(chunk[:24])
    leader[0:5] = b"%05d" % (new_base + len(body) + 1)
    leader[12:17] = b"%05d" % new_base
    if transcode:
        leader[9:10] = b"a"
    return bytes(leader) + entries + b"\x1e" + body + END_OF_RECORD


def _counts_characters(chunk: bytes) -> bool:
    """The leader's length is the record's length in characters (UTF-8 decoded), not bytes."""
    try:
        return int(chunk[:5]) == len(chunk.decode("utf-8")) != len(chunk)
    except (ValueError, UnicodeDecodeError):
        return False


def cp1251_in_marc8(chunk: bytes) -> bool:
    """leader/09 says MARC-8, but the text is Windows-1251 Cyrillic: no MARC-8 escape sequences
    (MARC-8 writes Cyrillic only after ESC), and the high bytes come in runs of letters in the
    CP1251 Cyrillic range (MARC-8 uses 0xE0-0xFE for combining marks, one or two before a letter)."""
    if chunk[9:10] != b" " or b"\x1b" in chunk:
        return False
    high = [b for b in chunk if b >= 0x80]
    if len(high) < 8:
        return False
    cyrillic = sum(1 for b in high if b >= 0xC0 or b in (0xA8, 0xB8))
    runs = sum(len(run) for run in _HIGH_RUN.findall(chunk))
    lower = sum(1 for b in high if b >= 0xE0)
    return cyrillic >= 0.95 * len(high) and runs >= 0.6 * len(high) and lower >= 0.5 * len(high)


_HIGH_RUN = re.compile(rb"[\xa8\xb8\xc0-\xff]{3,}")


def _directory_problem(chunk: bytes) -> str | None:
    """A leader or directory that lies: a base address outside the record, a directory that is
    not whole 12-byte entries, or an entry pointing past the data. pymarc would read such a
    field as empty and the record would load without (say) its title."""
    base_text = chunk[12:17]
    if not base_text.isdigit():
        return f"bad leader: base address of data {base_text!r} is not a number"
    base = int(base_text)
    if not 24 < base <= len(chunk) - 1:
        return f"bad leader: base address of data {base} is outside the record ({len(chunk)} bytes)"
    directory = chunk[24:base - 1]
    if len(directory) % 12:
        return f"bad directory: {len(directory)} bytes is not a whole number of 12-byte entries"
    data_length = len(chunk) - base
    for i in range(0, len(directory), 12):
        entry = directory[i:i + 12]
        tag, length, start = entry[:3], entry[3:7], entry[7:12]
        if not (length.isdigit() and start.isdigit()):
            return f"bad directory: entry {i // 12 + 1} ({tag.decode('ascii', 'replace')}) has no numeric length/start"
        if int(start) + int(length) > data_length:
            return (f"bad directory: field {tag.decode('ascii', 'replace')} points to bytes {int(start)}-"
                    f"{int(start) + int(length)}, past the record's {data_length} bytes of data")
    return None


def _describe(exc: BaseException) -> str:
    text = str(exc).strip() or exc.__class__.__name__
    name = exc.__class__.__name__
    return text if name in text else f"{name}: {text}"


def read(path: Path, *, source: str, institution: Institution) -> Iterator[Record | Rejected]:
    with path.open("rb") as handle:
        for position, (offset, chunk, terminated) in enumerate(frames(handle), start=1):
            where = f"byte {offset}"
            problem = _frame_problem(chunk, terminated)
            repairs: list[str] = []
            if problem and terminated and _counts_characters(chunk):
                fixed = reframe(chunk)
                if fixed is not None:
                    chunk, problem = fixed, None
                    repairs.append("the leader and directory count characters, not bytes: read by the field "
                                   "terminators")
            problem = problem or _directory_problem(chunk)
            if not problem and cp1251_in_marc8(chunk):
                fixed = reframe(chunk, transcode="cp1251")
                if fixed is None:
                    problem = "leader/09 says MARC-8 but the text is Windows-1251 (Cyrillic), and the record " \
                              "could not be re-framed to decode it"
                else:
                    chunk = fixed
                    repairs.append("leader/09 says MARC-8 but the text is Windows-1251 (Cyrillic): decoded as CP1251")
            if problem:
                yield Rejected(str(path), position, _peek_001(chunk), f"{where}: {problem}")
                continue
            try:
                record, notes = decode(chunk)
                leader, fields = fields_of(record)
                if any(_DOUBLE_UTF8.search(v) for f in record.fields if not f.is_control_field()
                       for v in (s.value or "" for s in f.subfields)):
                    repairs.append("text was UTF-8-encoded twice (\"Ã¶\" for \"ö\"): decoded once more")
                result = record_from_fields(leader, fields, source=source, institution=institution,
                                            file=str(path), position=position)
            except Exception as exc:  # noqa: BLE001 - pymarc raises many types; each is one bad record
                yield Rejected(str(path), position, _peek_001(chunk), f"{where}: {_describe(exc)}")
                continue
            for repair in repairs:
                result.warnings.append(f"{where}: {repair}")
            if notes:
                shown = "; ".join(dict.fromkeys(notes[:5]))
                more = f" (+{len(notes) - 5} more)" if len(notes) > 5 else ""
                result.warnings.append(f"{where}: decoding warnings: {shown}{more}")
            yield result


def _peek_001(chunk: bytes) -> str | None:
    """The 001 of a damaged record when the directory still says where it is."""
    try:
        base = int(chunk[12:17])
        directory = chunk[24 : base - 1]
        for i in range(0, len(directory) - 11, 12):
            if directory[i : i + 3] == b"001":
                length, start = int(directory[i + 3 : i + 7]), int(directory[i + 7 : i + 12])
                value = chunk[base + start : base + start + length].rstrip(b"\x1e").decode("ascii", "replace")
                return value.strip() or None
    except (ValueError, IndexError):
        return None
    return None
