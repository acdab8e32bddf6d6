"""``wres.disclosure.parallel.protect_many``: the organisations shared out between processes give exactly what
:func:`wres.disclosure.protect` gives for all of them in one process (the oracle: the single-process function)."""

from __future__ import annotations

import pandas as pd
import pytest

from wres.disclosure import parallel, protect
from wres.disclosure.parallel import protect_many, worker_count

from .conftest import synthetic


def test_worker_count_keeps_small_jobs_in_one_process() -> None:
    assert worker_count(5, 2) == 1
    assert worker_count(19, 2) == 1
    assert worker_count(20, 2) == 2
    assert worker_count(220, 2) == 2
    assert worker_count(220, 8) == 8
    assert worker_count(0, 4) == 1


def test_shared_out_equals_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    res = synthetic(18, n_orgs=5, size=300, years=(2025, 2026))
    counts = res.counts[res.counts["grouping"] == "wres"].reset_index(drop=True)
    results = res.frame[res.frame["grouping"] == "wres"].reset_index(drop=True)
    # an England row, exempt under the policy
    england = counts[counts["org_code"] == counts["org_code"].iloc[0]].assign(org_code="ENG")
    counts = pd.concat([counts, england], ignore_index=True)
    one = protect(counts, results)
    monkeypatch.setattr(parallel, "MIN_PER_WORKER", 1)
    assert worker_count(6, 2) == 2
    many = protect_many(counts, results, workers=2)
    pd.testing.assert_frame_equal(many.counts, one.counts)
    pd.testing.assert_frame_equal(many.results, one.results)
    pd.testing.assert_frame_equal(many.cells, one.cells)
    pd.testing.assert_frame_equal(many.log, one.log)
    assert list(many.audits) == list(one.audits)
    assert many.notes == one.notes
    assert many.summary == one.summary
    assert many.metadata == one.metadata
    assert (many.counts["org_code"] == "ENG").any()


def test_a_workers_error_is_raised_in_the_caller(monkeypatch: pytest.MonkeyPatch) -> None:
    """What protect would raise in this process is raised by protect_many too (here a results table without its
    ``estimate_type`` column, which protect needs for every organisation)."""
    res = synthetic(18, n_orgs=5, size=300, years=(2025, 2026))
    counts = res.counts[res.counts["grouping"] == "wres"].reset_index(drop=True)
    results = res.frame[res.frame["grouping"] == "wres"].drop(columns=["estimate_type"]).reset_index(drop=True)
    with pytest.raises(KeyError) as in_process:
        protect(counts, results)
    monkeypatch.setattr(parallel, "MIN_PER_WORKER", 1)
    with pytest.raises(KeyError) as shared_out:
        protect_many(counts, results, workers=2)
    assert str(shared_out.value) == str(in_process.value)
