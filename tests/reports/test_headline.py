"""The headline paragraph (wres.reports.headline) on hand-made rows: each clause against what the rows say."""

from __future__ import annotations

from typing import Any

import pandas as pd

from wres.analysis.change import BETTER, NO_SIGNIFICANT_CHANGE, WORSE
from wres.reports.headline import headline_paragraph


def _row(ind: str, status: str, estimate: float | None = 1.0, **extra: Any) -> dict[str, Any]:
    return {"indicator": ind, "status": status, "estimate": estimate, "variant": "all", **extra}


ROWS = [
    _row("1", "descriptive", 0.25),
    _row("2", "adverse_evidence", 1.56),
    _row("3", "insufficient_evidence", 1.43),
    _row("4", "within_range", 1.04),
    _row("5", "no_evidence", 1.2),
    _row("6", "bme_worse_evidence", 6.4),
    _row("7", "bme_worse_evidence", None, disclosure="suppressed"),
    _row("8", "no_evidence", 0.4),
    _row("9", "descriptive", -12.0),
]
CLUSTERS = [
    {"stratum": "8c-VSM", "status": "under_represented_evidence"},
    {"stratum": "8a-8b", "status": "no_evidence"},
]


def _value(row: dict[str, Any]) -> str:
    return "[c]" if row.get("disclosure") == "suppressed" else f"<{row['estimate']}>"


def _suppressed(row: dict[str, Any]) -> bool:
    return row.get("disclosure") == "suppressed"


def _trends(*records: dict[str, Any]) -> pd.DataFrame:
    return pd.DataFrame(list(records))


def test_adverse_unsure_hidden_and_the_workforce() -> None:
    changes = {"6": {"tested": True, "significant": True, "label": WORSE, "previous_year": 2024}}
    text = headline_paragraph(
        ROWS,
        CLUSTERS,
        lambda r: changes.get(str(r["indicator"])),
        _trends(
            {
                "indicator": "4",
                "n_points": 5,
                "first_year": 2021,
                "last_year": 2025,
                "significant": True,
                "label": BETTER,
            }
        ),
        value=_value,
        suppressed=_suppressed,
    )
    # 2 and 6 are adverse with evidence, of the six of 2–8 shown (7 is suppressed)
    assert text.startswith("Two of the six indicators compared with White staff that this report can show are adverse")
    assert "indicator 2 (appointment from shortlisting: <1.56>)" in text
    assert "indicator 6 (harassment, bullying or abuse from staff: <6.4>)" in text
    assert "Indicator 3 (entry into the formal disciplinary process) is outside the non-adverse range" in text
    assert "Indicator 7 is not shown, to protect confidentiality." in text
    assert "BME staff are <0.25> of the workforce and are under-represented, with statistical evidence, in " in text
    assert "8a" not in text  # the 8a–8b cluster is not under-represented with evidence
    assert (
        "Indicator 6 (harassment, bullying or abuse from staff) got significantly worse since 2024 (now <6.4>)" in text
    )
    assert "no other indicator changed significantly" in text
    assert "Over 2021–2025, indicator 4 (non-mandatory training and CPD) is improving" in text
    assert "[c]" not in text  # a suppressed indicator is named, never read


def test_nothing_adverse_nothing_changed_too_few_years() -> None:
    rows = [_row(str(i), "no_evidence" if i in (5, 6, 7, 8) else "within_range") for i in range(2, 9)]
    not_significant = {"tested": True, "significant": False, "label": NO_SIGNIFICANT_CHANGE}
    text = headline_paragraph(
        rows,
        [],
        lambda r: not_significant,
        _trends(
            {
                "indicator": "2",
                "n_points": 2,
                "first_year": 2024,
                "last_year": 2025,
                "significant": False,
                "label": "could not be calculated",
            }
        ),
        value=_value,
        suppressed=_suppressed,
    )
    assert text.startswith("None of the seven indicators compared with White staff is adverse")
    assert "that this report can show" not in text
    assert "No indicator changed significantly" in text
    assert "A trend needs at least three years; this report holds 2" in text


def test_an_untested_change_is_not_called_significant() -> None:
    """Indicator 9's change is descriptive (tested False): never reported as a significant change."""
    board_change = {"tested": False, "significant": False, "label": BETTER, "previous_year": 2024}
    text = headline_paragraph(
        [_row("9", "descriptive", -3.0)],
        [],
        lambda r: board_change,
        pd.DataFrame(),
        value=_value,
        suppressed=_suppressed,
    )
    assert "No indicator changed significantly" in text
