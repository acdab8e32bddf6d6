"""Every figure of the WRES return as CSV, and the tier rules the return workbook shares (methods.md §11.2 step 5).

:func:`write_figures_csv` writes three files into a folder:

* ``results.csv``: every result row (:data:`~wres.indicators.results.RESULT_COLUMNS`) and a ``disclosure``
  status column;
* ``counts.csv``: every count row (:data:`~wres.indicators.counts.COUNT_COLUMNS`) and a ``disclosure`` status
  column;
* ``metadata.json``: organisation, year, tier, the tier statement, the marker and footnote (public tier), the
  files with their row counts and columns, and the metadata of the computation and of the disclosure policy.

**Tiers.** ``internal``: the frames are the unsuppressed indicator outputs; the ``disclosure`` column says
``unsuppressed`` on every row. ``public``: the frames come from :func:`wres.disclosure.protect` (they carry its
``disclosure`` column); every suppressed figure is written as the marker ``[c]``, never as a number.

**Which result fields are suppressed.** :func:`wres.disclosure.protect` blanks (NaN) every count it suppresses
and every derived statistic built on one, and marks the row ``disclosure = suppressed``. In such a row an empty
figure that applies to the row's estimate type (:data:`APPLICABLE`) is read as suppressed and written ``[c]``;
counts of a row whose reason is ``missing_input`` stay empty (not available). A figure that does not apply (a
Katz interval of a share, an interval of indicator 9) stays empty. Counts rows are exact: ``[c]`` where their
``disclosure`` is ``suppressed``.

Numbers are written so that they read back exactly: counts as whole numbers, other values at full precision
(``repr``); an empty cell is a figure that is not available or does not apply.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd

from wres.disclosure.policy import MARKER
from wres.indicators.counts import COUNT_COLUMNS
from wres.indicators.results import RESULT_COLUMNS
from wres.spreadsheet import spreadsheet_safe

__all__ = [
    "APPLICABLE",
    "COUNT_FIELDS",
    "INTERNAL",
    "INTERNAL_STATEMENT",
    "MARKER",
    "PUBLIC",
    "TIERS",
    "UNSUPPRESSED",
    "check_tier",
    "footnote",
    "for_org",
    "jsonable",
    "marked_counts",
    "marked_results",
    "tier_statement",
    "write_figures_csv",
]

INTERNAL: Final = "internal"
PUBLIC: Final = "public"
TIERS: Final = (INTERNAL, PUBLIC)
INTERNAL_STATEMENT: Final = "INTERNAL — unsuppressed, not for publication"
UNSUPPRESSED: Final = "unsuppressed"
"""The ``disclosure`` status of every row in the internal tier."""

COUNT_FIELDS: Final = ("a", "n1", "c", "n2", "unknown")
"""The count columns of a result row."""
_INTERVALS: Final = ("ci95_low", "ci95_high", "ci998_low", "ci998_high")
_KATZ: Final = ("katz95_low", "katz95_high", "log_se")
APPLICABLE: Final[dict[str, tuple[str, ...]]] = {
    "share": (*COUNT_FIELDS, "rate_a", "rate_b", "estimate", *_INTERVALS, "benchmark", "completeness"),
    "ratio": (*COUNT_FIELDS, "rate_a", "rate_b", "estimate", *_INTERVALS, *_KATZ, "completeness"),
    "gap_points": (*COUNT_FIELDS, "rate_a", "rate_b", "estimate", *_INTERVALS, "completeness"),
    "difference_points": ("a", "n1", "c", "n2", "rate_a", "rate_b", "estimate", "benchmark"),
}
"""The numeric result fields that apply to each estimate type (the others are always empty)."""
NUMERIC_RESULT_FIELDS: Final = tuple(dict.fromkeys(f for fields in APPLICABLE.values() for f in fields))
_SUPPRESSED: Final = "suppressed"


# tiers --------------------------------------------------------------------------------------------------------


def _disclosure_metadata(metadata: Mapping[str, Any]) -> Mapping[str, Any]:
    value = metadata.get("disclosure")
    return value if isinstance(value, Mapping) else {}


def check_tier(tier: str, results: pd.DataFrame, counts: pd.DataFrame, metadata: Mapping[str, Any]) -> None:
    """Refuse frames that do not match ``tier``: public figures must have been protected, internal ones not."""
    if tier not in TIERS:
        raise ValueError(f"unknown tier {tier!r} (expected one of {', '.join(TIERS)})")
    protected = ["disclosure" in frame.columns for frame in (results, counts)]
    if tier == PUBLIC:
        if not all(protected):
            raise ValueError(
                "public tier: the results and counts must come from wres.disclosure.protect (no disclosure column)"
            )
        if not _disclosure_metadata(metadata).get("policy"):
            raise ValueError("public tier: metadata['disclosure'] must name the disclosure policy")
    elif any(protected):
        raise ValueError("internal tier: the results and counts carry a disclosure column (they are protected)")


def tier_statement(tier: str, metadata: Mapping[str, Any]) -> str:
    """The line every sheet and file carries: internal and unsuppressed, or public under a named policy."""
    if tier == INTERNAL:
        return INTERNAL_STATEMENT
    disclosure = _disclosure_metadata(metadata)
    version = disclosure.get("version")
    suffix = f" (version {version})" if version else ""
    return f"Public — disclosure policy {disclosure.get('policy')}{suffix}"


def footnote(tier: str, metadata: Mapping[str, Any]) -> str:
    """The footnote on suppression and rounding (public tier), or the internal tier's warning."""
    if tier == INTERNAL:
        return (
            "Internal tier: counts and statistics are exact and unsuppressed; small numbers can identify people."
            " Not for publication."
        )
    text = _disclosure_metadata(metadata).get("footnote")
    return str(text) if text else f"{MARKER} = not shown to protect confidentiality."


# the figures with the marker ------------------------------------------------------------------------------------


def for_org(frame: pd.DataFrame, org_code: str) -> pd.DataFrame:
    """The rows of one organisation, in their order."""
    if frame.empty:
        return frame.reset_index(drop=True)
    return frame[frame["org_code"].astype(str) == org_code].reset_index(drop=True)


def _is_missing(value: Any) -> bool:
    if value is None or value is pd.NA:
        return True
    return isinstance(value, float) and math.isnan(value)


def suppressed_result_fields(results: pd.DataFrame) -> dict[str, np.ndarray]:
    """For each numeric result field, which rows show ``[c]`` (public results; see the module docstring)."""
    n = len(results)
    row_suppressed = (
        (results["disclosure"].astype(str) == _SUPPRESSED).to_numpy()
        if "disclosure" in results
        else np.zeros(n, dtype=bool)
    )
    kinds = results["estimate_type"].astype(object).to_numpy() if "estimate_type" in results else np.full(n, None)
    reasons = results["reason"].astype(object).to_numpy() if "reason" in results else np.full(n, None)
    missing_input = np.array([r == "missing_input" for r in reasons], dtype=bool)
    out: dict[str, np.ndarray] = {}
    for field in NUMERIC_RESULT_FIELDS:
        if field not in results:
            continue
        empty = pd.to_numeric(results[field], errors="coerce").isna().to_numpy()
        applies = np.array([field in APPLICABLE.get(str(k), ()) for k in kinds], dtype=bool)
        mask = row_suppressed & empty & applies
        if field in COUNT_FIELDS:
            mask &= ~missing_input
        out[field] = mask
    return out


def marked_results(results: pd.DataFrame, tier: str) -> pd.DataFrame:
    """Result rows with ``[c]`` for every suppressed figure and a ``disclosure`` column (object dtype where
    marked)."""
    columns = [*RESULT_COLUMNS, *[c for c in results.columns if c not in RESULT_COLUMNS]]
    out = results.reindex(columns=columns).reset_index(drop=True).copy()
    if "disclosure" not in out:
        out["disclosure"] = UNSUPPRESSED
    if tier == PUBLIC:
        for field, mask in suppressed_result_fields(out).items():
            if mask.any():
                values = out[field].astype(object)
                values[mask] = MARKER
                out[field] = values
    return out


def marked_counts(counts: pd.DataFrame, tier: str) -> pd.DataFrame:
    """Count rows with ``value`` = ``[c]`` where suppressed, and a ``disclosure`` column (``display`` dropped:
    ``value`` now shows what it showed)."""
    out = counts.reindex(columns=[*COUNT_COLUMNS, "disclosure"]).reset_index(drop=True).copy()
    if tier == INTERNAL or "disclosure" not in counts:
        out["disclosure"] = UNSUPPRESSED
    mask = (out["disclosure"].astype(str) == _SUPPRESSED).to_numpy()
    if tier == PUBLIC and mask.any():
        values = out["value"].astype(object)
        values[mask] = MARKER
        out["value"] = values
    return out


# CSV --------------------------------------------------------------------------------------------------------


def _text(value: Any, whole: bool) -> str:
    """One CSV field: empty when missing, whole numbers for counts, full precision otherwise; text that a spreadsheet
    would run as a formula prefixed (:func:`wres.spreadsheet.spreadsheet_safe`)."""
    if _is_missing(value):
        return ""
    if isinstance(value, str):
        return spreadsheet_safe(value)
    if isinstance(value, bool | np.bool_):
        return "True" if value else "False"
    if isinstance(value, int | np.integer):
        return str(int(value))
    if isinstance(value, float | np.floating):
        x = float(value)
        if whole and x.is_integer():
            return str(int(x))
        return repr(x)
    return str(value)


def _as_text(frame: pd.DataFrame, whole: set[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {col: [_text(v, col in whole) for v in frame[col].tolist()] for col in frame.columns},
        columns=list(frame.columns),
        dtype=object,
    )


def jsonable(value: Any) -> Any:
    """``value`` with NaN as None, NumPy scalars as Python values and anything else unknown as text."""
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return [jsonable(v) for v in items]
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) or math.isinf(value) else value
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def write_figures_csv(
    results: pd.DataFrame,
    counts: pd.DataFrame,
    folder: Path,
    *,
    org_code: str,
    year: int,
    tier: str,
    metadata: dict[str, Any],
) -> list[Path]:
    """Write ``results.csv``, ``counts.csv`` and ``metadata.json`` for one organisation into ``folder``.

    Every row of the organisation is written (all years given), with a ``disclosure`` status column; in the
    public tier every suppressed figure is ``[c]``. Returns the three paths in that order.
    """
    check_tier(tier, results, counts, metadata)
    folder.mkdir(parents=True, exist_ok=True)
    res = marked_results(for_org(results, org_code), tier)
    cnt = marked_counts(for_org(counts, org_code), tier)
    results_path, counts_path, meta_path = folder / "results.csv", folder / "counts.csv", folder / "metadata.json"
    _as_text(res, {"year", *COUNT_FIELDS}).to_csv(results_path, index=False, lineterminator="\n")
    _as_text(cnt, {"year", "value"}).to_csv(counts_path, index=False, lineterminator="\n")
    info: dict[str, Any] = {
        "org_code": org_code,
        "year": int(year),
        "tier": tier,
        "tier_statement": tier_statement(tier, metadata),
        "marker": MARKER if tier == PUBLIC else None,
        "footnote": footnote(tier, metadata),
        "files": {
            results_path.name: {"rows": len(res), "columns": list(res.columns)},
            counts_path.name: {"rows": len(cnt), "columns": list(cnt.columns)},
        },
        "metadata": metadata,
    }
    meta_path.write_text(
        json.dumps(jsonable(info), indent=2, ensure_ascii=False, allow_nan=False) + "\n", encoding="utf-8"
    )
    return [results_path, counts_path, meta_path]
