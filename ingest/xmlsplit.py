"""Recovering records from an XML file that is not well-formed as a whole.

When one record inside a good wrapper is broken (a bare `&`, a bad tag), the streaming parse
stops there. `split_records` then re-reads the file as text, cuts it at the record elements
and hands back each record's text wrapped in an element that carries the root element's
namespace declarations, so every record can be parsed on its own with the hardened parser:
the broken one is rejected, the ones after it still load.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from ingest.xmlsafe import safe_parser

# Files bigger than this are not re-read whole for recovery; the damage is reported instead.
MAX_RECOVERY_BYTES = 256 * 1024 * 1024
_ROOT = re.compile(r"<(?![?!])([\w.:-]+)([^>]*)>", re.S)
_LINE_COL = re.compile(r",? line \d+, column \d+$")
_NAMESPACE_PROBLEMS = ("Namespace prefix", "is not a valid URI", "xmlns")
_XMLNS = re.compile(r"""\sxmlns(?::[\w.-]+)?\s*=\s*("[^"]*"|'[^']*')""")


def _namespaces(text: str) -> str:
    """The xmlns declarations of the root element (the records' prefixes are bound there)."""
    root = _ROOT.search(text)
    return "".join(m.group(0) for m in _XMLNS.finditer(root.group(2))) if root else ""


def split_records(path: Path, local: str) -> Iterator[tuple[int, str]]:
    """Yield (line number, wrapped text) of each `<local>` element (any prefix) in the file.

    One pass over the start and end tags, counting lines as it goes: linear in the file size
    (a bare `&` in a 50 MB file used to cost minutes, the line count restarting at 0 for every
    record). A start tag without its end tag before the next start tag is cut there, so that
    the broken record is rejected alone and the next one still loads.
    """
    raw = path.read_bytes()
    text = raw.decode("utf-8", errors="replace")
    declarations = _namespaces(text)
    tags = re.compile(rf"<(/?)((?:[\w.-]+:)?{local})(?=[\s>/])")
    line, counted = 1, 0
    start: int | None = None
    for match in tags.finditer(text):
        closing = bool(match.group(1))
        if start is not None and not closing:
            yield line, f"<wrapper{declarations}>{text[start:match.start()]}</wrapper>"  # no end tag: rejected
            start = None
        if not closing:
            line += text.count("\n", counted, match.start())
            counted, start = match.start(), match.start()
        elif start is not None:
            end = text.find(">", match.end())
            end = len(text) if end < 0 else end + 1
            yield line, f"<wrapper{declarations}>{text[start:end]}</wrapper>"
            start = None
    if start is not None:
        yield line, f"<wrapper{declarations}>{text[start:]}</wrapper>"


def parse_fragment(text: str) -> etree._Element:
    """Parse one wrapped record with the hardened parser; returns the record element."""
    wrapper = etree.fromstring(text.encode("utf-8"), safe_parser())
    return wrapper[0]


def nested_in_record(element: etree._Element, tags: tuple[str, ...]) -> bool:
    """True when a record element sits inside another one: the outer record was never closed
    (damage). Such an inner record is not yielded while streaming; recovery reads it in its
    place, so nothing is read twice and the error stays with the record that caused it."""
    parent = element.getparent()
    while parent is not None:
        if parent.tag in tags:
            return True
        parent = parent.getparent()
    return False


def stream_elements(
    path: Path, tags: tuple[str, ...], local: str
) -> Iterator[tuple[int | None, etree._Element | None, str | None, bool]]:
    """Stream the elements with `tags`, recovering record by record after damage.

    Yields (line, element, None, False) for each element (released after the consumer moves
    on), and (line, None, reason, fatal) for a part that could not be read. When the only
    damage is an undeclared namespace prefix or a malformed namespace URI, the file is parsed
    again in libxml2's recovery mode and the remaining elements come as (line, element, note,
    False): the note is a warning for the record. An unsafe document
    (external entity, entity bomb, huge text node) is refused as a whole, without recovery.
    """
    from ingest.xmlsafe import refusal, release, safe_iterparse

    done = 0
    try:
        events = safe_iterparse(path, tags)
        logged = 0
        for _, element in events:
            if nested_in_record(element, tags):
                continue
            done += 1
            # libxml2 goes on after a namespace error and logs it; the error is raised only at the
            # end of the file, so the record that holds it carries it as a warning.
            log = list(events.error_log)
            note = "; ".join(f"line {e.line}: {e.message}" for e in log[logged:]) or None
            logged = len(log)
            try:
                yield element.sourceline, element, note and f"parsed in recovery mode: {note}", False
            finally:
                release(element)
        return
    except etree.XMLSyntaxError as exc:
        unsafe = refusal(exc)
        if unsafe:
            yield exc.lineno, None, unsafe, True
            return
        damage = f"XML is not well-formed at line {exc.lineno}: {_LINE_COL.sub('', exc.msg or '')}"
        namespace_problem = any(s in (exc.msg or "") for s in _NAMESPACE_PROBLEMS)
    except OSError as exc:  # libxml2 reports some encoding damage as an I/O error
        damage, namespace_problem = f"XML could not be read: {exc}", False
    if path.stat().st_size > MAX_RECOVERY_BYTES:
        yield None, None, f"{damage}; the file is too big to recover record by record, records after it were not read", True
        return
    if namespace_problem:
        # The records are intact; only a prefix is undeclared or a namespace URI malformed.
        # libxml2's recovery mode keeps such names literally ("dcterms:isReferencedBy").
        note = f"parsed in recovery mode: {damage}"
        try:
            root = etree.parse(str(path), safe_parser(recover=True)).getroot()
        except (etree.XMLSyntaxError, OSError) as exc:
            root, damage = None, f"{damage}; recovery failed: {exc}"
        if root is None:  # nothing libxml2 could recover
            yield None, None, damage, True
            return
        wanted = {t.rsplit("}", 1)[-1] for t in tags}
        found = [e for e in root.iter() if isinstance(e.tag, str) and e.tag.rsplit("}", 1)[-1].rsplit(":", 1)[-1]
                 in wanted and (e.tag in tags or "}" not in e.tag)]
        for element in found[done:]:
            yield element.sourceline, element, note, False
        return
    recovered = 0
    for index, (line, text) in enumerate(split_records(path, local)):
        if index < done:
            continue  # already read before the damage
        recovered += 1
        try:
            yield line, parse_fragment(text), None, False
        except (etree.XMLSyntaxError, ValueError) as exc:
            if not isinstance(exc, etree.XMLSyntaxError):
                yield line, None, f"record at line {line} could not be read: {exc}", False
                continue
            where = line + (exc.lineno or 1) - 1
            reason = refusal(exc) or f"XML is not well-formed at line {where}: {_LINE_COL.sub('', exc.msg or '')}"
            yield line, None, reason, False
    if not recovered:
        yield None, None, f"{damage} (outside any <{local}> element)", False
