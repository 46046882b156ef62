"""Harvesting a living OAI-PMH endpoint (a local provider serving real records as oai_dc): the
first harvest is a snapshot, later ones ask only for what changed and remove deleted records,
an interrupted harvest says what it kept and the next run goes on; the graph always equals a
fresh full harvest of what the endpoint holds."""

from __future__ import annotations

import random
from pathlib import Path

from click.testing import CliRunner

from cli import main
from tests.conftest import open_embedded
from tests.graph_compare import differences
from tests.oai_provider import Provider, dc_from_tate, serve, tate_records


def _harvest(url: str, data_dir: Path, *extra: str) -> object:
    return CliRunner().invoke(main, ["harvest", url, "--source", "tatedc", "--institution-kind", "museum",
                                     "--data-dir", str(data_dir), *extra])


def _equal_to_fresh(url: str, data_dir: Path, fresh_dir: Path) -> list[str]:
    result = _harvest(url, fresh_dir, "--full")
    assert result.exit_code == 0, result.output
    living, fresh = open_embedded(data_dir), open_embedded(fresh_dir)
    try:
        return differences(living, fresh)
    finally:
        living.close()
        fresh.close()


def test_incremental_harvest_updates_deletes_and_adds(sample_dir: Path, tmp_path: Path) -> None:
    records = tate_records(sample_dir, 36)
    provider = Provider(clock="2026-02-20T16:00:00Z")
    for identifier, data in records[:30]:
        provider.put(identifier, dc_from_tate(data))
    provider.clock = "2026-03-01T10:00:00Z"  # the first harvest's answers carry this date
    data_dir = tmp_path / "data"
    with serve(provider) as url:
        first = _harvest(url, data_dir)
        assert first.exit_code == 0, first.output
        assert "read 30 = loaded 30 + rejected 0" in first.output

        # A week later: 5 records corrected (other subjects, title), 3 withdrawn, 6 new.
        provider.clock = "2026-03-08T09:30:00Z"
        rng = random.Random(7)
        for identifier, data in rng.sample(records[3:30], 5):
            changed = dict(data, title=f"{data.get('title')} (corrected)",
                           subjects=records[rng.randrange(30)][1].get("subjects"))
            provider.put(identifier, dc_from_tate(changed))
        for identifier, _ in records[:3]:
            provider.put(identifier, None)
        for identifier, data in records[30:]:
            provider.put(identifier, dc_from_tate(data))
        provider.requests.clear()
        second = _harvest(url, data_dir)
        assert second.exit_code == 0, second.output
        assert provider.requests[0]["from"] == ["2026-03-01T10:00:00Z"]  # only what changed since the first
        assert "harvested 14 of 14 records" in second.output, second.output
        assert "rejected 3" in second.output  # the deleted headers, reported...
        store = open_embedded(data_dir)
        try:  # ...and gone from the graph
            ids = {r[0] for r in store.query("MATCH (r:Record {source: 'tatedc'}) RETURN r.id").rows}
        finally:
            store.close()
        assert len(ids) == 30 - 3 + 6 and not {f"tatedc:{i}" for i, _ in records[:3]} & ids
        assert _equal_to_fresh(url, data_dir, tmp_path / "fresh") == []


def test_interrupted_harvest_keeps_what_it_has_and_resumes(sample_dir: Path, tmp_path: Path) -> None:
    records = tate_records(sample_dir, 23)
    provider = Provider(clock="2026-03-30T08:00:00Z")
    for identifier, data in records:
        provider.put(identifier, dc_from_tate(data))
    provider.clock = "2026-04-01T08:00:00Z"
    data_dir = tmp_path / "data"
    with serve(provider) as url:
        provider.fail_next = ["http500"]  # the second page fails once: its token is still good
        provider.page_size = 10
        broken = _harvest(url, data_dir)
        assert broken.exit_code == 1
        assert "the harvest stopped after 1 pages: 10 records were kept" in broken.output
        assert "and ingested. Run the same command again to go on from the last page." in broken.output
        provider.requests.clear()
        resumed = _harvest(url, data_dir)
        assert resumed.exit_code == 0, resumed.output
        assert "resuming the harvest interrupted after 1 pages" in resumed.output
        assert "resumptionToken" in provider.requests[0]  # went on, did not start again
        assert _equal_to_fresh(url, data_dir, tmp_path / "fresh") == []

        # An expired token: the next run asks again from the start.
        provider.clock = "2026-04-02T08:00:00Z"
        for identifier, data in records[:12]:
            provider.put(identifier, dc_from_tate(dict(data, title=f"{data.get('title')} (2nd edition)")))
        provider.clock = "2026-04-03T08:00:00Z"
        provider.fail_next = ["badResumptionToken"]
        expired = _harvest(url, data_dir)
        assert expired.exit_code == 1
        assert "ask the server again from the start" in expired.output
        again = _harvest(url, data_dir)
        assert again.exit_code == 0, again.output
        assert _equal_to_fresh(url, data_dir, tmp_path / "fresh2") == []
