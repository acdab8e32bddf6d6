"""The wording module: one name per status, variant and indicator, and the configured non-adverse range."""

from __future__ import annotations

from pathlib import Path

import pytest

from wres.analysis import wording
from wres.config import DEFAULT_CONFIG, load_config


def test_range_is_printed_as_configured_and_rounded_as_the_range_test_reads() -> None:
    # wres-domain.md §6.1: 2 dp, half-up on the decimal text (0.795 → 0.80, 1.255 → 1.26)
    assert wording.range_span() == "0.80–1.25"
    assert wording.range_span(0.795, 1.255) == "0.80–1.26"
    assert wording.range_words(0.5, 2) == "0.50 to 2.00"
    assert wording.status_tag("within_range", low=0.5, high=2.0) == "Within 0.50–2.00"
    assert wording.status_text("within_range", low=0.7, high=1.3) == "Within the non-adverse range of 0.70 to 1.30"


def test_range_of_reads_ranges_from_wres_toml(tmp_path: Path) -> None:
    path = tmp_path / "wres.toml"
    path.write_text("[ranges]\nlow = 0.75\nhigh = 1.33\n", encoding="utf-8")
    low, high = wording.range_of(load_config(path))
    assert (low, high) == (0.75, 1.33)
    assert wording.status_tag("within_range", low=low, high=high) == "Within 0.75–1.33"


def test_range_from_result_metadata() -> None:
    """What the return workbook reads: the metadata a computation records (``config.as_metadata()``)."""
    meta = {"config": {**DEFAULT_CONFIG.as_metadata(), "ranges": {"low": 0.7, "high": 1.4}}}
    assert wording.range_from_metadata(meta) == (0.7, 1.4)
    assert wording.range_span(*wording.range_from_metadata(meta)) == "0.70–1.40"
    assert wording.range_from_metadata({}) == (0.80, 1.25)


def test_every_status_has_a_tag_and_a_reading() -> None:
    for status in wording.STATUSES:
        tag, text = wording.status_tag(status), wording.status_text(status)
        assert tag
        assert len(tag) <= len(text)
        assert len(tag) <= 30, tag
    assert wording.status_tag("something new") == "Not computed"
    assert wording.status_tag(None) == "Not computed"


def test_side_strong_and_indicator_1s_benchmark() -> None:
    assert wording.status_tag("adverse_evidence", side="above") == "Adverse (above)"
    assert wording.status_text("insufficient_evidence", side="below").endswith("(below the range)")
    assert wording.status_text("bme_worse_evidence", strong=True).endswith("strong evidence (99.8% interval)")
    assert "strong" not in wording.status_text("no_evidence", strong=True)
    # indicator 1's overall share is the benchmark its bands are tested against, not a finding "with no test"
    assert wording.status_tag("descriptive", indicator="1") == "Benchmark"
    assert "no test" not in wording.status_text("descriptive", indicator="1")
    assert "no test" in wording.status_text("descriptive", indicator="9")


def test_indicator_1s_unknown_rows_are_neither_the_board_nor_the_benchmark() -> None:
    """Indicator 1's Unknown rows are ``descriptive`` (results.py) but not a board reading or the benchmark."""
    text = wording.status_text("descriptive", indicator="1", group="Unknown")
    assert "board" not in text
    assert "benchmark" not in text.lower()
    assert "not recorded" in text
    assert wording.status_tag("descriptive", indicator="1", group="Unknown") == "Not tested"
    assert wording.status_tag("descriptive", indicator="1", group="BME") == "Benchmark"
    assert "board" in wording.status_text("descriptive", indicator="9", group="Unknown")


@pytest.mark.parametrize(
    ("indicator", "variant", "label"),
    [
        ("3", "rolling", "Two-year rolling"),
        ("2", "excluding_international", "Excluding international recruits"),
        ("6", "published", "Published survey figures"),
        ("9", "executive", "Executive board members"),
        ("4", "some_new_form", "Some new form"),
    ],
)
def test_variant_labels(indicator: str, variant: str, label: str) -> None:
    assert wording.variant_label(indicator, variant) == label


def test_indicator_names() -> None:
    assert wording.indicator_name(2) == "Appointment from shortlisting"
    assert set(wording.INDICATOR_NAMES) == set(wording.INDICATOR_SHORT_NAMES) == {str(i) for i in range(1, 10)}
    with pytest.raises(KeyError):
        wording.indicator_name(10)
