"""The registry of readers: one name per format, found by name or by sniffing the content.

A reader is `read(path, *, source, institution) -> Iterator[Record | Rejected]`. Presets for
known open-access dumps (moma, nga) fix their own source and institution. Modules are
imported only when first used.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ingest.model import Institution, Record, Rejected
from ingest.spreadsheet import SUFFIXES as SPREADSHEET_SUFFIXES

# What a mapping reads (`ingest.readers.mapped`): its own exports' files.
MAPPED_SUFFIXES = (".csv", ".json", ".jsonl", ".ndjson", *SPREADSHEET_SUFFIXES)


class UnknownFormatError(ValueError):
    pass


@dataclass(frozen=True)
class Format:
    name: str
    module: str
    description: str
    preset: bool = False  # True: the reader knows its own source and institution
    sniff: Callable[[Path, bytes], bool] | None = None
    suffixes: tuple[str, ...] = ()
    # A folder this reader parses as a whole (records that join several of its files): the pipeline
    # skips it unparsed only when every file in it is unchanged (graph.unchanged.whole_input).
    whole_folder: bool = False

    def reader(self) -> Callable[..., Iterator[Record | Rejected]]:
        """The format's reader, guarded: unstorable values cleaned, no exception escapes (ingest.guard)."""
        from ingest.guard import safe_reader

        return safe_reader(importlib.import_module(self.module).read)

    def default_institution(self) -> Institution | None:
        return getattr(importlib.import_module(self.module), "INSTITUTION", None) if self.preset else None


def _is_moma(path: Path, head: bytes) -> bool:
    if path.is_dir():
        return (path / "Artists.csv").exists()
    return head.lstrip(b"\xef\xbb\xbf").startswith(b"ConstituentID,DisplayName")


def _is_nga(path: Path, head: bytes) -> bool:
    folder = path if path.is_dir() else path.parent
    return (folder / "constituents.csv").exists() and any(folder.glob("objects_constituents*.csv"))


def _is_marcxml(path: Path, head: bytes) -> bool:
    # A bare <record> is also an OAI-PMH record: only MARC's own elements decide.
    return path.is_file() and b"<" in head[:200] and (
        b"MARC21/slim" in head or (b"<record" in head and (b"<leader" in head or b"controlfield" in head or b"datafield" in head))
    ) and _xml_root(head) not in ("OAI-PMH", "mods", "modsCollection")


_ROOT = re.compile(rb"<(?![?!])(?:[\w.-]+:)?([\w.-]+)")


def _xml_root(head: bytes) -> str | None:
    """Local name of the document element, if the head looks like XML."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not stripped.startswith(b"<"):
        return None
    body = re.sub(rb"<!--.*?-->|<\?.*?\?>|<!DOCTYPE[^>]*>", b"", stripped[:4096], flags=re.S)
    match = _ROOT.search(body)
    return match.group(1).decode("ascii", "replace") if match else None


def _is_marc21(path: Path, head: bytes) -> bool:
    # ISO 2709: a 5-digit record length, then the leader; field and record terminators follow.
    return path.is_file() and len(head) >= 24 and head[:5].isdigit() and head[12:17].isdigit() and b"\x1e" in head


def _is_marcjson(path: Path, head: bytes) -> bool:
    return path.is_file() and head.lstrip()[:1] in (b"[", b"{") and b'"leader"' in head and b'"fields"' in head


def _is_mods(path: Path, head: bytes) -> bool:
    return path.is_file() and _xml_root(head) in ("mods", "modsCollection")


def _is_oai(path: Path, head: bytes) -> bool:
    root = _xml_root(head)
    return path.is_file() and (root == "OAI-PMH" or (root == "record" and not _is_marcxml(path, head)))


def _is_ead(path: Path, head: bytes) -> bool:
    return path.is_file() and (_xml_root(head) == "ead" or b"urn:isbn:1-931666-22-9" in head)


def _is_nypl(path: Path, head: bytes) -> bool:
    return path.is_file() and head.lstrip().startswith(b"{") and b'"UUID"' in head and b"digitalCollectionsURL" in head


def _is_tate(path: Path, head: bytes) -> bool:
    if path.is_dir():
        return (path / "artist_data.csv").exists() or (path / "artworks").is_dir() and (path / "processed").is_dir()
    return head.startswith(b"id,name,gender,dates,yearOfBirth") or (b'"acno"' in head and b'"contributors"' in head)


def _is_cmoa(path: Path, head: bytes) -> bool:
    if path.is_dir():
        return (path / "cmoa").is_dir() and any((path / "cmoa").glob("*.json"))
    return b'"cmoa:things/' in head


def _is_aic(path: Path, head: bytes) -> bool:
    if path.is_dir():
        return (path / "json" / "artworks").is_dir() or (path / "json" / "agents").is_dir()
    return False


def _is_lido(path: Path, head: bytes) -> bool:
    return path.is_file() and b"lido-schema.org" in head


def _is_linked_art(path: Path, head: bytes) -> bool:
    return path.is_file() and b"@context" in head and b"linked.art/ns" in head


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("moma", "ingest.readers.moma", "MoMA Artists.csv (preset)", preset=True, sniff=_is_moma,
               whole_folder=True),
        Format("nga", "ingest.readers.nga", "National Gallery of Art open-data folder (preset)", preset=True, sniff=_is_nga,
               whole_folder=True),
        Format("tate", "ingest.readers.tate", "Tate collection folder: artists, artworks, subjects (preset)",
               preset=True, sniff=_is_tate),
        Format("cmoa", "ingest.readers.cmoa", "Carnegie Museum of Art collection JSON (preset)", preset=True,
               sniff=_is_cmoa),
        Format("aic", "ingest.readers.aic", "Art Institute of Chicago api-data folder (preset)", preset=True,
               sniff=_is_aic),
        Format("lido", "ingest.readers.lido", "LIDO 1.0/1.1 XML (lidoWrap, single records, OAI-PMH pages)",
               sniff=_is_lido, suffixes=(".xml",)),
        Format("linked_art", "ingest.readers.linked_art", "Linked Art JSON-LD (local context, no network)",
               sniff=_is_linked_art, suffixes=(".json", ".jsonld")),
        Format("mapped", "ingest.readers.mapped",
               "CSV / JSON / JSON Lines / spreadsheet (.xlsx, .xls, .ods) with a mapping file (--mapping)",
               suffixes=MAPPED_SUFFIXES),
        Format("marcxml", "ingest.readers.marcxml", "MARCXML (MARC 21 slim) records or collections", sniff=_is_marcxml,
               suffixes=(".xml",)),
        Format("marc21", "ingest.readers.marc21", "binary MARC 21 (ISO 2709; UTF-8 or MARC-8)", sniff=_is_marc21,
               suffixes=(".mrc", ".dat", ".marc", ".iso")),
        Format("marcjson", "ingest.readers.marcjson", "MARC-in-JSON (one record or an array)", sniff=_is_marcjson,
               suffixes=(".json",)),
        Format("mods", "ingest.readers.mods", "MODS records (one per file) or a modsCollection", sniff=_is_mods,
               suffixes=(".xml",)),
        Format("oai", "ingest.readers.oai", "OAI-PMH responses or harvested records (oai_dc, qualified DC, MODS)",
               sniff=_is_oai, suffixes=(".xml",)),
        Format("ead", "ingest.readers.ead", "EAD 2002 finding aids (collection and components)", sniff=_is_ead,
               suffixes=(".xml",)),
        Format("nypl", "ingest.readers.nypl", "NYPL Digital Collections records (NDJSON, pd_collections)",
               sniff=_is_nypl, suffixes=(".ndjson", ".jsonl")),
    )
}


def get_format(name: str) -> Format:
    try:
        return FORMATS[name]
    except KeyError:
        raise UnknownFormatError(f"Unknown format '{name}'. Known formats: {', '.join(sorted(FORMATS))}.") from None


def detect(path: Path) -> Format:
    """Guess a file's or folder's format from its content (presets first)."""
    head = b""
    if path.is_file():
        with path.open("rb") as handle:
            head = handle.read(4096)
    for fmt in FORMATS.values():
        if fmt.sniff and fmt.sniff(path, head):
            return fmt
    hint = ""
    if path.suffix.lower() in (*MAPPED_SUFFIXES, ".tsv", ".txt"):
        # an export of the partner's own shape: a mapping reads it
        hint = (f" An export of your own shape reads with a mapping: glamgraph mapping draft {path} --out map.toml, "
                f"then ingest it with --mapping map.toml (docs/mapping.md).")
    raise UnknownFormatError(
        f"Cannot tell the format of {path}. Give one with --format; known formats: {', '.join(sorted(FORMATS))}.{hint}"
    )


def expand(path: Path, fmt: Format | None, skipped: list[Path] | None = None) -> list[tuple[Path, Format]]:
    """The (file or preset folder, format) pairs to read for one path given by the user.

    Files in a folder that are not catalogue files (licences, readmes) are appended to
    `skipped`, so that the caller can say what it left out.
    """
    if path.is_dir():
        if fmt and fmt.preset:
            return [(path, fmt)]
        if fmt is None:
            for candidate in FORMATS.values():
                if candidate.preset and candidate.sniff and candidate.sniff(path, b""):
                    return [(path, candidate)]
        found: list[tuple[Path, Format]] = []
        # Symlinks inside a folder are not followed: they may point anywhere (outside the input,
        # at a FIFO, in a loop); FIFOs and devices are not regular files.
        children = sorted(p for p in path.rglob("*") if not p.name.startswith("."))
        if skipped is not None:
            skipped.extend(p for p in children if p.is_symlink() or (not p.is_dir() and not p.is_file()))
        for child in (p for p in children if p.is_file() and not p.is_symlink()):
            if fmt is not None:
                if not fmt.suffixes or child.suffix.lower() in fmt.suffixes:
                    found.append((child, fmt))
                elif skipped is not None:
                    skipped.append(child)
                continue
            try:
                found.append((child, detect(child)))
            except UnknownFormatError:
                if skipped is not None:
                    skipped.append(child)
        return found
    if not path.exists():
        raise FileNotFoundError(f"No such file or folder: {path}")
    from ingest.guard import not_regular

    problem = not_regular(path)
    if problem:
        raise UnknownFormatError(f"{path} {problem}.")
    return [(path, fmt or detect(path))]
