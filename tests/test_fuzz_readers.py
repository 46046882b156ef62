"""Every reader, fed mutated real records, yields Records and Rejecteds and nothing else.

A few dozen inputs per reader here (GLAMGRAPH_FUZZ_EXAMPLES, default 25; a few seconds each);
the long run is `python -m benchmarks.fuzz_readers --minutes 10`. Each crash the fuzzing found
is kept in tests/fixtures/fuzz/ and replayed below.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from ingest.model import Record, Rejected
from tests.fuzz_targets import Target, mutation, run_case, targets

FUZZ_FIXTURES = Path(__file__).parent / "fixtures" / "fuzz"
EXAMPLES = int(os.environ.get("GLAMGRAPH_FUZZ_EXAMPLES", "25"))
TARGETS = {t.name: t for t in targets()}


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_the_seed_loads(name: str) -> None:
    """The control: the unmutated seed gives records, so the mutations test a working reader."""
    target = TARGETS[name]
    results = run_case(target, target.files[target.mutate])
    assert any(isinstance(r, Record) for r in results), [r for r in results if isinstance(r, Rejected)][:3]


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_mutated_records_never_escape(name: str) -> None:
    target = TARGETS[name]

    @settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(data=mutation(target))
    def check(data: bytes) -> None:
        run_case(target, data)

    check()


def _fixture_target(path: Path) -> Target:
    """The target named by the longest matching prefix of the file name."""
    return TARGETS[max((n for n in TARGETS if path.name.startswith(n + "-")), key=len)]


@pytest.mark.parametrize("path", sorted(p for p in FUZZ_FIXTURES.glob("*-*.*") if p.suffix != ".md"), ids=lambda p: p.name)
def test_crashes_found_by_fuzzing_stay_fixed(path: Path) -> None:
    run_case(_fixture_target(path), path.read_bytes())
