"""Hardened XML parsing for untrusted catalogue files.

No external entities, no DTD loading, no network, no huge-tree mode (libxml2 then refuses
entity-expansion bombs and over-long text nodes). Every XML reader parses through here.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lxml import etree

PARSER_OPTIONS: dict[str, Any] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
}


class UnsafeXMLError(etree.XMLSyntaxError):
    """A document refused for safety: an external entity, an entity bomb, an over-long text node.

    A subclass of XMLSyntaxError so that every reader's existing handling reports it.
    """


_LIMIT_MESSAGES = ("amplification", "entity reference loop", "resource limit", "huge", "too long")


def _external_entities(path: Path) -> tuple[list[str], int]:
    """(names of entities declared with SYSTEM/PUBLIC, line of the root element).

    libxml2 itself reads the prolog, in whatever encoding the document declares (UTF-16,
    UTF-7, EBCDIC, ...) and wherever the DOCTYPE sits (after a megabyte of comments too):
    the parse stops at the root element's start tag, before any record is read. A byte
    search of the file's start missed all three.
    """
    events = etree.iterparse(str(path), events=("start",), resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False)
    for _, element in events:
        return _declared_external(element), element.sourceline or 0
    return [], 0


def _declared_external(root: Any) -> list[str]:
    dtd = root.getroottree().docinfo.internalDTD
    return [e.name for e in dtd.iterentities() if e.system_url] if dtd else []


def _refuse(names: list[str], line: int, path: Path) -> None:
    if names:
        raise UnsafeXMLError(
            f"refused: the document type declares an external entity ({', '.join(sorted(names)[:3])}: SYSTEM/PUBLIC); "
            "external entities are never loaded", 0, line, 0, str(path))


def check_prolog(path: Path) -> None:
    """Refuse a document whose DTD declares an external entity (XXE) before any parsing.

    libxml2 with resolve_entities=False would not read the file anyway; refusing says so
    clearly instead of loading a record with a silently empty field. A prolog libxml2 cannot
    read is left to the real parse, which reports it.
    """
    try:
        names, line = _external_entities(path)
    except (etree.XMLSyntaxError, OSError):
        return
    _refuse(names, line, path)


def refusal(exc: etree.XMLSyntaxError) -> str | None:
    """The safety reason when libxml2 stopped at one of its limits (entity bomb, huge text), else None."""
    if isinstance(exc, UnsafeXMLError):
        return exc.msg
    message = (exc.msg or "").lower()
    if "excessive depth" in message:
        return None  # nesting deeper than 256: damage to the record that holds it, recovered around
    if any(word in message for word in _LIMIT_MESSAGES):
        return f"refused: {exc.msg} (an entity-expansion bomb or an over-long text node; limits are never lifted)"
    return None


def safe_parser(recover: bool = False) -> etree.XMLParser:
    return etree.XMLParser(recover=recover, **PARSER_OPTIONS)


def safe_iterparse(path: Path, tags: tuple[str, ...], events: tuple[str, ...] = ("end",)) -> CheckedParse:
    """Stream elements with the given (Clark-notation) tags; the caller clears them.

    Raises UnsafeXMLError (an XMLSyntaxError) for a DTD with an external entity, before the
    first element is handed out.
    """
    return CheckedParse(path, etree.iterparse(
        str(path),
        events=events,
        tag=tags,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
    ))


class CheckedParse:
    """lxml's iterparse that refuses a DTD's external entities (`check_prolog`) once its first
    element is parsed and before it is handed out, or at the end when none is: the prolog is read
    by the same parse. A separate prolog pass cost a second parser per file: a quarter of the MODS
    reader's CPU on the sample's folder of one-record files."""

    def __init__(self, path: Path, events: Any) -> None:
        self.path = path
        self.events = events

    @property
    def error_log(self) -> Any:
        return self.events.error_log

    def __iter__(self) -> Iterator[tuple[str, Any]]:
        checked = False
        for event in self.events:
            checked = checked or self._check(event[1])  # ("start-ns", (prefix, uri)) holds no element
            yield event
        if not checked:
            self._check(self.events.root)  # set once the parse has ended

    def _check(self, element: Any) -> bool:
        if not isinstance(element, etree._Element):
            return False
        root = element.getroottree().getroot()
        _refuse(_declared_external(root), root.sourceline or 0, self.path)
        return True


def local_name(element: Any) -> str:
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def release(element: Any) -> None:
    """Free a processed element and the siblings before it (constant memory on big files)."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]
