"""The hostile corpus: attacks and damage for every reader, made up here (no sample record).

`write_corpus(folder, secret, fifo)` writes the files; the small hand-made ones are copied from
tests/fixtures/hostile/, the rest are generated because they are big (bombs, a 1 MiB comment,
deep nesting, huge fields) or name paths that only exist at test time (a secret file the
attacks try to read, a FIFO that hangs whoever opens it). Symlink loops and FIFOs are made by
`write_corpus` too, never kept in git.

Each `Case` names its reader, its file (or folder) and the titles of the good records in it
that must load whatever the damage around them.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures" / "hostile"
SECRET = "GLAMGRAPH-SECRET-c0ffee"


@dataclass
class Case:
    format: str
    name: str  # file or folder under the corpus folder
    good: list[str] = field(default_factory=list)  # titles (or names) that must load
    mapping: str | None = None  # the mapped reader's mapping file


def _marcxml(records: list[str]) -> str:
    return '<collection xmlns="http://www.loc.gov/MARC21/slim">' + "".join(records) + "</collection>"


def marcxml_record(n: int, title: str) -> str:
    return (f'<record><leader>00000nam a2200000 a 4500</leader><controlfield tag="001">h{n}</controlfield>'
            f'<datafield tag="245" ind1="0" ind2="0"><subfield code="a">{title}</subfield></datafield></record>')


def _mods(records: list[str]) -> str:
    return '<modsCollection xmlns="http://www.loc.gov/mods/v3">' + "".join(records) + "</modsCollection>"


def mods_record(n: int, title: str) -> str:
    return f'<mods><identifier type="local">h{n}</identifier><titleInfo><title>{title}</title></titleInfo></mods>'


def _oai(records: list[str]) -> str:
    return ('<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/"><ListRecords>' + "".join(records)
            + "</ListRecords></OAI-PMH>")


def oai_record(n: int, title: str) -> str:
    return (f'<record><header><identifier>oai:hostile:{n}</identifier></header><metadata><oai_dc:dc '
            'xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:title>{title}</dc:title></oai_dc:dc></metadata></record>")


def _lido(records: list[str]) -> str:
    return '<lido:lidoWrap xmlns:lido="http://www.lido-schema.org">' + "".join(records) + "</lido:lidoWrap>"


def lido_record(n: int, title: str) -> str:
    return (f"<lido:lido><lido:lidoRecID lido:type='local'>h{n}</lido:lidoRecID><lido:descriptiveMetadata>"
            "<lido:objectIdentificationWrap><lido:titleWrap><lido:titleSet><lido:appellationValue>"
            f"{title}</lido:appellationValue></lido:titleSet></lido:titleWrap></lido:objectIdentificationWrap>"
            "</lido:descriptiveMetadata></lido:lido>")


def _ead(records: list[str]) -> str:
    return ('<ead xmlns="urn:isbn:1-931666-22-9"><eadheader><eadid>H1</eadid></eadheader><archdesc level="collection">'
            "<did><unittitle>Good collection</unittitle></did><dsc>" + "".join(records) + "</dsc></archdesc></ead>")


def ead_record(n: int, title: str) -> str:
    return f'<c id="c{n}" level="item"><did><unittitle>{title}</unittitle></did></c>'


XML = {  # format -> (wrap records into a document, one record)
    "marcxml": (_marcxml, marcxml_record),
    "mods": (_mods, mods_record),
    "oai": (_oai, oai_record),
    "lido": (_lido, lido_record),
    "ead": (_ead, ead_record),
}


def _xml_cases(folder: Path, secret: Path, fifo: Path) -> list[Case]:
    cases: list[Case] = []

    def add(fmt: str, name: str, data: bytes | str, good: list[str]) -> None:
        path = folder / fmt / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        cases.append(Case(fmt, f"{fmt}/{name}", good))

    for fmt, (_wrap, record) in XML.items():
        def doc(middle: str, fmt_: str = fmt) -> str:
            w, r = XML[fmt_]
            return w([r(1, f"Good {fmt_} one"), middle, r(3, f"Good {fmt_} three")])

        good = [f"Good {fmt} one", f"Good {fmt} three"] + (["Good collection"] if fmt == "ead" else [])
        attack = record(2, "&xxe;")
        xxe = f'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        add(fmt, "xxe-utf8.xml", f'<?xml version="1.0" encoding="UTF-8"?>\n{xxe}\n{doc(attack)}', [])
        for encoding in ("utf-16", "utf-16-be", "utf-16-le"):
            text = f'<?xml version="1.0" encoding="{encoding.upper()}"?>\n{xxe}\n{doc(attack)}'
            add(fmt, f"xxe-{encoding}.xml", text.encode(encoding), [])
        utf7 = (f'<?xml version="1.0" encoding="UTF-7"?>\n{xxe}\n{doc(attack)}'.replace("<", "+ADw-")
                .replace(">", "+AD4-").replace("!", "+ACE-").replace("+ADw-?xml", "<?xml").replace("?+AD4-", "?>"))
        add(fmt, "xxe-utf7.xml", utf7, [])
        comment = "<!--" + "x" * (1024 * 1024 + 10) + "-->"
        add(fmt, "xxe-after-1mib-comment.xml", f'<?xml version="1.0"?>\n{comment}\n{xxe}\n{doc(attack)}', [])
        add(fmt, "xxe-fifo.xml", f'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file://{fifo}">]>\n{doc(attack)}', [])
        add(fmt, "xxe-parameter-entity.xml",
            f'<!DOCTYPE x [<!ENTITY % p SYSTEM "file://{fifo}"> %p;]>\n{doc(record(2, "Plain"))}', [])
        add(fmt, "remote-dtd.xml", '<!DOCTYPE x SYSTEM "http://127.0.0.1:9/evil.dtd" '
            '[<!ENTITY r SYSTEM "http://127.0.0.1:9/e">]>\n' + doc(record(2, "&r;")), [])
        lol = '<!ENTITY l0 "lol">' + "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
        add(fmt, "billion-laughs.xml", f"<!DOCTYPE x [{lol}]>\n{doc(record(2, '&l9;'))}", [])
        big = "B" * 100_000
        add(fmt, "quadratic-blowup.xml", f'<!DOCTYPE x [<!ENTITY b "{big}">]>\n{doc(record(2, "&b;" * 5000))}', [])
        add(fmt, "huge-text-node.xml", doc(record(2, "H" * (11 * 1024 * 1024))), [])
        if fmt != "ead":  # EAD is one document: its damage cannot be cut around
            deep = "<x>" * 20_000 + "</x>" * 20_000
            add(fmt, "deep-nesting.xml", doc(record(2, deep)), good)
            add(fmt, "nul-byte.xml", doc(record(2, "N\x00UL")), good)
            add(fmt, "bare-ampersand.xml", doc(record(2, "Salt & pepper")), good)
            add(fmt, "unclosed-record.xml", doc(record(2, "Open").rsplit("</", 1)[0]), good)
            add(fmt, "invalid-utf8.xml", doc(record(2, "Bad \udcff byte")).encode("utf-8", "surrogateescape"),
                good + ["Bad \ufffd byte"])
            add(fmt, "truncated.xml", doc(record(2, f"Good {fmt} two"))[:-60], [f"Good {fmt} one", f"Good {fmt} two"])
        add(fmt, "big-field.xml", doc(record(2, "Long " + "words and more " * 150_000)), good)
        add(fmt, "xml11-control-char.xml", '<?xml version="1.1"?>\n' + doc(record(2, "Bell &#7; rings")), good)
        add(fmt, "garbage.xml", bytes(range(256)) * 40, [])
        add(fmt, "empty.xml", b"", [])
        add(fmt, "not-xml.xml", "just some text, no markup at all\n", [])
    return cases


def marc(n: int, title: str, *, base_address: int | None = None, length: str | None = None) -> bytes:
    """A small binary MARC 21 record (UTF-8), built here; options make its leader lie."""
    fields = [("001", f"h{n}".encode() + b"\x1e"), ("245", b"00\x1fa" + title.encode("utf-8", "surrogateescape") + b"\x1e")]
    directory, data = b"", b""
    for tag, value in fields:
        directory += tag.encode() + f"{len(value):04d}{len(data):05d}".encode()
        data += value
    base = 24 + len(directory) + 1
    total = base + len(data) + 1
    leader = f"{total:05d}nam a22{base_address if base_address is not None else base:05d} a 4500"
    if length is not None:
        leader = length + leader[5:]
    return leader.encode() + directory + b"\x1e" + data + b"\x1d"


def _marc_cases(folder: Path) -> list[Case]:
    (folder / "marc21").mkdir(parents=True, exist_ok=True)
    good = ["Good marc one", "Good marc three"]
    one, three = marc(1, "Good marc one"), marc(3, "Good marc three")
    lying_directory = bytearray(marc(2, "Pointing away"))
    lying_directory[24 + 12 + 7:24 + 12 + 12] = b"90000"  # the 245 starts far past the record
    cases = {
        "lying-length.mrc": one + marc(2, "Wrong length", length="00099") + three,
        "lying-base-address.mrc": one + marc(2, "Wrong base", base_address=99937) + three,
        "lying-directory.mrc": one + bytes(lying_directory) + three,
        "nul-in-field.mrc": one + marc(2, "Nul\x00inside") + three,
        "invalid-utf8.mrc": one + marc(2, "Bad \udcff byte") + three,
        "no-terminator.mrc": one + three + marc(4, "Cut")[:-1],
        "garbage.mrc": one + bytes(range(256)) * 4 + b"\x1d" + three,
        "huge-record.mrc": one + b"99999nam a2200037 a 4500" + b"x" * 250_000 + b"\x1d" + three,
        "empty.mrc": b"",
    }
    out = []
    for name, data in cases.items():
        (folder / "marc21" / name).write_bytes(data)
        expected = [] if name == "empty.mrc" else good
        if name == "nul-in-field.mrc":
            expected = [*good, "Nulinside"]
        out.append(Case("marc21", f"marc21/{name}", expected))
    return out


def _json_cases(folder: Path, secret: Path, fifo: Path) -> list[Case]:
    cases: list[Case] = []
    base = folder / "json"
    base.mkdir(parents=True, exist_ok=True)

    def add(fmt: str, name: str, data: bytes | str, good: list[str], mapping: str | None = None) -> None:
        path = base / name
        path.write_bytes(data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data)
        cases.append(Case(fmt, f"json/{name}", good, mapping))

    def nypl(n: int, title: str) -> str:
        return json.dumps({"UUID": f"h-{n}", "title": title, "digitalCollectionsURL": f"https://example.org/{n}"})

    deep = "[" * 100_000 + "]" * 100_000
    lines = [nypl(1, "Good ndjson one").encode(), b'{"UUID": "h-2", "title": ' + deep.encode() + b"}",
             nypl(3, "Good ndjson three").encode(), b'{"UUID": "h-4", "title": "Nul\\u0000 and \\ud800 lone"}',
             b'{"UUID": "h-6", "title": "\xff\xfe not utf-8"}', b"[1, 2]", b"",
             b'{"UUID": "h-5", "title": "' + b"T" * 3_000_000 + b'"}']
    text = b"\n".join(lines)
    add("nypl", "hostile.ndjson", text, ["Good ndjson one", "Good ndjson three", "Nul and \ufffd lone"])
    add("mapped", "hostile.jsonl", text, ["Good ndjson one", "Good ndjson three", "Nul and \ufffd lone"],
        "mapping_json.toml")
    leader = "00000nam a2200000 a 4500"

    def mj(n: int, title: object) -> dict:
        return {"leader": leader, "fields": [{"001": f"h{n}"}, {"245": {"ind1": "0", "ind2": "0",
                                                                        "subfields": [{"a": title}]}}]}

    records = [mj(1, "Good marcjson one"), {"leader": 5, "fields": "x"}, {"leader": leader, "fields": [{"245": 7}]},
               {"leader": leader, "fields": [{"245": {"subfields": [{"a": ["x"]}, 3]}}]}, mj(2, {"deep": [[[1]]]}),
               mj(3, "Good marcjson three"), mj(4, "Nul\u0000 here")]
    add("marcjson", "hostile-marc.json", json.dumps(records), ["Good marcjson one", "Good marcjson three", "Nul here"])
    add("marcjson", "deep-marc.json", "[" * 200_000 + "]" * 200_000, [])
    add("marcjson", "number-marc.json", "1e400", [])

    def la(context: object, name: str, nested: object = None) -> str:
        doc: dict = {"@context": context, "id": f"https://linkedart.example.com/person/{name.replace(' ', '-')}",
                     "type": "Person", "_label": name}
        if nested is not None:
            doc["identified_by"] = [{"type": "Name", "content": name, "@context": nested}]
        return json.dumps(doc)

    context = "https://linked.art/ns/v1/linked-art.json"
    la_folder = base / "linked_art"
    la_folder.mkdir(exist_ok=True)
    docs = {
        "good.json": la(context, "Good person one"),
        "nested-remote.json": la(context, "Nested remote", "http://127.0.0.1:9/context.json"),
        "nested-file.json": la(context, "Nested file", f"file://{secret}"),
        "nested-fifo.json": la(context, "Nested fifo", f"file://{fifo}"),
        "nested-relative.json": la(context, "Nested relative", "../../etc/passwd"),
        "import-remote.json": la(context, "Import remote", {"@import": "http://127.0.0.1:9/c.json"}),
        "import-file.json": la([context, {"@import": f"file://{secret}"}], "Import file"),
        "scoped-term-context.json": la({"@import": context, "x": {"@id": "http://example.org/x",
                                                                   "@context": f"file://{secret}"}}, "Scoped term"),
        "top-remote.json": la("http://127.0.0.1:9/other.json", "Top remote"),
        "import-known.json": la([context, {"@import": context}], "Good person two"),
        "deep.json": '{"@context": "' + context + '", "a": ' + "[" * 50_000 + "]" * 50_000 + "}",
        "nul.json": la(context, "Nul\u0000 person"),
        "garbage.json": bytes(range(256)).decode("latin-1"),
    }
    for name, data in docs.items():
        (la_folder / name).write_text(data, encoding="utf-8")
    cases.append(Case("linked_art", "json/linked_art", ["Good person one", "Good person two", "Nul person"]))
    return cases


def _museum_json_cases(folder: Path) -> list[Case]:
    """Museum dumps (Tate, AIC, CMOA) whose values have the wrong JSON type: an object where a name
    belongs (one with a lone surrogate in it once stopped the whole ingest), null or an object where
    an id belongs (every such record became "artwork:None"), lists, numbers and strings swapped."""
    base = folder / "museum"

    def write(name: str, doc: object) -> None:
        path = base / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(json.dumps(doc).encode("utf-8"))  # ASCII: "\\ud800" stays an escape in the file

    def tate(n: int, title: object, **changes: object) -> dict:
        return {"id": n, "acno": f"X{n:05d}", "title": title, "classification": "painting",
                "contributors": [{"id": 9000 + n, "fc": f"Tate Maker {n}", "mda": f"Maker {n}, Tate", "role": "artist",
                                  "birthYear": 1900}], **changes}

    write("tate/artworks/good.json", tate(1, "Good tate one"))
    write("tate/artworks/name-object.json", tate(2, "Good tate two", contributors=[
        {"id": 9002, "fc": {"": "\ud800"}, "mda": "Maker 2, Tate", "role": "artist"}]))
    write("tate/artworks/name-list.json", tate(3, "Good tate three", contributors=[
        {"id": 9003, "fc": ["x"], "mda": {"a": 1}, "role": ["artist"], "birthYear": "1900"}]))
    write("tate/artworks/id-list.json", tate(4, "Good tate four", contributors=[{"id": [1], "fc": "Listed Id"}]))
    write("tate/artworks/acno-null.json", tate(5, "Acno null", acno=None))
    write("tate/artworks/acno-object.json", tate(6, "Acno object", acno={"x": 1}))
    write("tate/artworks/types.json", tate(7, "Types", dateRange="1900", contributors="abc", subjects=[1, 2]))

    def aic(n: object, title: object, **changes: object) -> dict:
        return {"id": n, "title": title, "artist_ids": [800], "artist_titles": ["Aic Maker"], **changes}

    write("aic/json/agents/800.json", {"id": 800, "title": "Aic Maker", "alt_titles": [{"x": 1}, "Maker, Aic"],
                                       "birth_date": "abc", "ulan_id": ["500000001"]})
    write("aic/json/artworks/1.json", aic(1, "Good aic one"))
    write("aic/json/artworks/2.json", aic(None, "Id null"))
    write("aic/json/artworks/3.json", aic({"a": 1}, "Id object"))
    write("aic/json/artworks/4.json", aic(4, "Good aic four", artist_ids=[[1], 800],
                                          artist_titles=[{"x": "\ud800"}, "Aic Maker"]))
    write("aic/json/artworks/5.json", aic(5, "Good aic five", date_start="early", date_end=[1], image_id={"a": 1}))

    def cmoa(uuid: str, title: object, **changes: object) -> dict:
        return {"id": f"cmoa:things/{uuid}", "title": title,
                "creator": [{"artist_id": "cmoa:parties/p-1", "full_name": "Cmoa Maker", "birth_place": "Pittsburgh"}],
                **changes}

    write("cmoa/cmoa/good.json", cmoa("c-1", "Good cmoa one"))
    write("cmoa/cmoa/creator-types.json", cmoa("c-2", "Good cmoa two", creator=[
        {"artist_id": {"x": 1}, "full_name": "Object Id"}, {"artist_id": "cmoa:parties/p-2", "full_name": ["x"],
                                                          "birth_place": {"\ud800": 1}}, "not a creator"]))
    write("cmoa/cmoa/id-object.json", cmoa("c-3", "Id object", id={"a": 1}))
    return [Case("tate", "museum/tate", ["Good tate one", "Good tate two", "Good tate three", "Good tate four",
                                         "Tate Maker 1"]),
            Case("aic", "museum/aic", ["Good aic one", "Good aic four", "Good aic five", "Aic Maker"]),
            Case("cmoa", "museum/cmoa/cmoa", ["Good cmoa one", "Good cmoa two", "Cmoa Maker"])]


def _csv_cases(folder: Path) -> list[Case]:
    header = "ConstituentID,DisplayName,ArtistBio,Nationality,Gender,BeginDate,EndDate,Wiki QID,ULAN\n"
    runaway = '7,"Runaway quote,bio,,male,1900,1950,,\n' + "".join(
        f"{100 + i},Swallowed {i},bio,,,1900,1950,,\n" for i in range(300)) + '400,Closing",bio,,,1900,1950,,\n'
    rows = [
        "1,Good csv one,bio,,male,1900,1950,,\n",
        "2,Bad \udcff byte,bio,,,1900,1950,,\n",
        "3,Nul\x00name,bio,,,1900,1950,,\n",
        "4,Huge year,bio,,,1e400,99999999999999999999999,,\n",
        "5,Too,many,cells,a,b,c,d,e,f,g,h\n",
        "6,Big bio," + "b" * 2_000_000 + ",,,1900,1950,,\n",
        runaway,
        '8,"Text"after quote,bio,,,1900,1950,,\n',
        "9,Good csv three,bio,,female,1901,1960,,\n",
    ]
    data = (header + "".join(rows)).encode("utf-8", "surrogateescape")
    good = ["Good csv one", "Bad \ufffd byte", "Nulname", "Huge year", "Big bio", "Swallowed 0", "Swallowed 299",
            "Good csv three"]
    (folder / "moma").mkdir(parents=True, exist_ok=True)
    (folder / "moma" / "Artists.csv").write_bytes(data)
    (folder / "csv").mkdir(parents=True, exist_ok=True)
    (folder / "csv" / "hostile.csv").write_bytes(data)
    (folder / "csv" / "empty.csv").write_bytes(b"")
    (folder / "csv" / "garbage.csv").write_bytes(bytes(range(256)) * 100)
    return [Case("moma", "moma", good), Case("mapped", "csv/hostile.csv", good, "mapping.toml"),
            Case("mapped", "csv/empty.csv", [], "mapping.toml"), Case("mapped", "csv/garbage.csv", [], "mapping.toml")]


def _special_files(folder: Path, secret: Path, fifo: Path) -> list[Case]:
    """Symlink loops, a symlink out of the input, and FIFOs, inside folders that also hold good files."""
    special = folder / "special"
    special.mkdir(parents=True, exist_ok=True)
    (special / "good.xml").write_text(_marcxml([marcxml_record(1, "Good beside specials")]), encoding="utf-8")
    os.symlink("loop-a.xml", special / "loop-b.xml")
    os.symlink("loop-b.xml", special / "loop-a.xml")
    os.symlink(secret, special / "secret-link.xml")
    os.symlink(special, special / "folder-loop")
    os.mkfifo(special / "fifo.xml")
    fifo_moma = folder / "fifo-moma"
    fifo_moma.mkdir()
    os.mkfifo(fifo_moma / "Artists.csv")
    return [Case("marcxml", "special", ["Good beside specials"]), Case("moma", "fifo-moma", [])]


def write_corpus(folder: Path, secret: Path, fifo: Path) -> list[Case]:
    """Write the whole corpus under `folder`; `secret` and `fifo` are what the attacks point at."""
    folder.mkdir(parents=True, exist_ok=True)
    for mapping in ("mapping.toml", "mapping_json.toml"):
        shutil.copy(FIXTURES / mapping, folder / mapping)
    return [*_xml_cases(folder, secret, fifo), *_marc_cases(folder), *_json_cases(folder, secret, fifo),
            *_museum_json_cases(folder), *_csv_cases(folder), *_special_files(folder, secret, fifo)]
