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


def safe_parser(recover: bool = False) -> etree.XMLParser:
    return etree.XMLParser(recover=recover, **PARSER_OPTIONS)


def safe_iterparse(path: Path, tags: tuple[str, ...], events: tuple[str, ...] = ("end",)) -> Iterator[tuple[str, Any]]:
    """Stream elements with the given (Clark-notation) tags; the caller clears them."""
    return etree.iterparse(
        str(path),
        events=events,
        tag=tags,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
    )


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
