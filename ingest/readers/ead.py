"""EAD 2002 finding aids (ArchivesSpace exports and the like): one collection record plus a
record per component (`c`, `c01` ... `c12`).

Elements read (namespace `urn:isbn:1-931666-22-9` or none):
- eadheader/eadid (its @url -> url) and archdesc/did/unitid -> record id; did/unittitle ->
  title; did/unitdate (display text; @normal "1922/1990" -> year range); @level -> kind.
- did/origination persname / corpname / famname -> CREATED_BY (role from @role, a MARC relator
  code) with @authfilenumber (VIAF, LCNAF, ULAN URIs) as ids.
- controlaccess persname / corpname / famname -> ABOUT Person / Organization; geogname ->
  ABOUT Place; subject, genreform, occupation -> ABOUT Theme ("--" subdivisions kept in the label).
- did/abstract, scopecontent and bioghist paragraphs -> description; accessrestrict and
  userestrict -> rights.

A finding aid is one document, parsed whole with the hardened parser (capped at MAX_BYTES);
components of one collection come from the same file, so their record ids are
`<eadid>/<component id>`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lxml import etree

from ingest.authority import normalise_id
from ingest.dates import set_dates
from ingest.guard import describe
from ingest.marc_mapping import RELATOR_CODES
from ingest.model import Institution, Mention, Record, Rejected
from ingest.mods_mapping import children, lname, text_of
from ingest.normalise import direct_order, fold, short_hash, split_life_dates
from ingest.xmlsafe import check_prolog, refusal, safe_parser

MAX_BYTES = 256 * 1024 * 1024
COMPONENTS = {"c", *(f"c{n:02d}" for n in range(1, 13))}
NAME_KINDS = {"persname": "Person", "famname": "Organization", "corpname": "Organization"}
DESCRIPTION_LIMIT = 4000
ROLES = {**RELATOR_CODES, "asn": "associated name", "col": "collector", "fmo": "former owner", "pro": "producer"}


def _first(element: Any, *path: str) -> Any | None:
    for name in path:
        if element is None:
            return None
        element = next(iter(children(element, name)), None)
    return element


def _name(source: str, element: Any, relation: str, field: str) -> Mention | None:
    text = text_of(element)
    if not text:
        return None
    kind = NAME_KINDS[lname(element)]
    raw, born, died = split_life_dates(text.rstrip("."))
    display = direct_order(raw) if lname(element) == "persname" else raw
    role = element.get("role")
    ids = tuple(i for i in (normalise_id(element.get("authfilenumber") or "", element.get("source")),) if i)
    return Mention(
        kind=kind, alias_key=f"{source}:{kind.lower()}:{short_hash(f'{fold(display)}|{born or ""}|{died or ""}')}",
        name=display, relation=relation, role=ROLES.get(role, role) if role else None, as_written=text,
        source_field=field, ids=ids, birth_year=born, death_year=died,
    )


def _mentions(source: str, unit: Any) -> list[Mention]:
    found: list[Mention] = []
    did = _first(unit, "did")
    for origination in children(did, "origination") if did is not None else []:
        for element in origination:
            if lname(element) in NAME_KINDS:
                m = _name(source, element, "CREATED_BY", "origination")
                if m:
                    found.append(m)
    blocks = children(unit, "controlaccess")
    for block in blocks:
        blocks += children(block, "controlaccess")  # EAD allows controlaccess inside controlaccess
    for access in blocks:
        for element in access:
            name, label = lname(element), text_of(element)
            if not label:
                continue
            label = label.rstrip(".")
            if name in NAME_KINDS:
                m = _name(source, element, "ABOUT", f"controlaccess/{name}")
                if m:
                    found.append(m)
            elif name == "geogname":
                found.append(Mention(kind="Place", alias_key=f"{source}:place:{short_hash(fold(label))}", name=label,
                                     relation="ABOUT", as_written=label, source_field="controlaccess/geogname",
                                     ids=tuple(i for i in (normalise_id(element.get("authfilenumber")),) if i)))
            elif name in ("subject", "genreform", "occupation"):
                found.append(Mention(kind="Theme", alias_key=f"{source}:theme:{short_hash(fold(label))}", name=label,
                                     relation="ABOUT", as_written=label, source_field=f"controlaccess/{name}",
                                     ids=tuple(i for i in (normalise_id(element.get("authfilenumber")),) if i)))
    return found


def _paragraphs(unit: Any, *names: str) -> str | None:
    texts = []
    for name in names:
        for block in children(unit, name):
            texts += [text_of(p) for p in block if lname(p) == "p" and text_of(p)]
    text = "\n\n".join(t for t in texts if t)
    return (text[:DESCRIPTION_LIMIT] + " ...") if len(text) > DESCRIPTION_LIMIT else (text or None)


def _unit_record(unit: Any, record_id: str, *, source: str, institution: Institution, file: str, position: int,
                 url: str | None, kind: str) -> Record:
    did = _first(unit, "did")
    title = text_of(_first(did, "unittitle"))
    dates = [d for d in children(did, "unitdate")] if did is not None else []
    inclusive = next((d for d in dates if d.get("type") != "bulk"), dates[0] if dates else None)
    date_text = text_of(inclusive)
    normal = (inclusive.get("normal") or "") if inclusive is not None else ""
    abstract = text_of(_first(did, "abstract"))
    narrative = _paragraphs(unit, "scopecontent", "bioghist")
    description = "\n\n".join(t for t in (abstract, narrative) if t) or None
    rights = _paragraphs(unit, "accessrestrict", "userestrict")
    if not title and not date_text:
        raise ValueError("unit has neither a unittitle nor a unitdate")
    record = Record(
        source=source, institution_id=institution.id, source_id=record_id, domain=institution.kind, kind=kind,
        title=title or date_text, description=description,
        url=url, rights=rights, file=file, position=position, mentions=_mentions(source, unit),
    )
    # @normal is the archivist's ISO 8601 form ("1950/1969"): it wins over the display text.
    set_dates(record, date_text, "made", normal.split("/")[0] or None, normal.split("/")[-1] or None,
              fields_first=True)
    return record


def read(path: Path, *, source: str, institution: Institution) -> Iterator[Record | Rejected]:
    size = path.stat().st_size
    if size > MAX_BYTES:
        yield Rejected(str(path), None, None, f"EAD file of {size:,} bytes is over the {MAX_BYTES:,}-byte limit",
                       fatal=True)
        return
    try:
        check_prolog(path)
        root = etree.parse(str(path), safe_parser()).getroot()
    except etree.XMLSyntaxError as exc:
        yield Rejected(str(path), None, None, refusal(exc) or f"XML is not well-formed at line {exc.lineno}: {exc.msg}",
                       fatal=True)
        return
    except OSError as exc:  # libxml2 reports some encoding damage as an I/O error
        yield Rejected(str(path), None, None, f"XML could not be read: {exc}", fatal=True)
        return
    eadid = _first(root, "eadheader", "eadid")
    archdesc = _first(root, "archdesc")
    if archdesc is None:
        yield Rejected(str(path), None, None, f"no <archdesc> in <{lname(root)}>: not an EAD finding aid", fatal=True)
        return
    collection_id = text_of(eadid) or text_of(_first(archdesc, "did", "unitid")) or path.stem
    url = eadid.get("url") if eadid is not None else None
    try:
        yield _unit_record(archdesc, collection_id, source=source, institution=institution, file=str(path),
                           position=1, url=url, kind=archdesc.get("level") or "collection")
    except Exception as exc:  # noqa: BLE001 - one unit's damage is that unit's rejection
        yield Rejected(str(path), 1, collection_id, f"collection: {describe(exc)}")
    position = 1
    for unit in archdesc.iter():
        if lname(unit) not in COMPONENTS:
            continue
        position += 1
        component_id = unit.get("id") or f"c{position - 1}"
        try:
            yield _unit_record(unit, f"{collection_id}/{component_id}", source=source, institution=institution,
                               file=str(path), position=position, url=url, kind=unit.get("level") or "component")
        except Exception as exc:  # noqa: BLE001
            yield Rejected(str(path), position, component_id, f"component (line {unit.sourceline}): {describe(exc)}")
