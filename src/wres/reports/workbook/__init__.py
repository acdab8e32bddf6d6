"""The WRES return workbook: counts and results laid out by indicator in the fixed layout of the national return.

:func:`write_return_workbook` writes one organisation's return for WRES year ``Y`` (last year ``Y−1`` beside it)
in either tier. Sheets, in order:

* **About**: organisation, year, tier, policy, and every item of the metadata (configuration, versions,
  disclosure policy), one dotted key per row.
* **Summary**: the headline figure of each indicator (a row for every indicator, empty when not computed) against
  the year it is compared with (last year; indicator 3's rolling form: the previous non-overlapping window, two
  years back), with the 95% interval and status, and two empty columns, narrative and action, for the trust to
  complete; then the share of staff with ethnicity recorded.
* **Indicator 1**: the share of staff with ethnicity recorded; headcount at 31 March by band (then by cluster)
  for non-clinical staff, clinical staff (Agenda for Change bands and VSM), medical and dental staff by grade
  group, and all staff, each with its total row. Every band row of the return is present in both years, 0 where
  nobody was in the band. White, BME and Unknown headcounts and totals, each group's share of the band, and the
  BME share's 95% interval against the overall BME share with its status. Disaggregated ethnic groups follow
  when computed.
* **Indicator 2**: shortlisted and appointed from shortlisting by group, the likelihoods, the relative
  likelihood (White ÷ BME) with 95% and 99.8% intervals and the status, for all posts and excluding
  internationally recruited applicants; then each breakdown (this year) and disaggregated groups.
* **Indicator 3**: headcount, entrants to a formal disciplinary investigation this year and last year, the
  likelihoods and the relative likelihood (BME ÷ White), in the configured form first (rolling or single year,
  the rolling form with its comparison window's row) and then the other.
* **Indicator 4**: headcount and staff accessing non-mandatory training, likelihoods, relative likelihood
  (White ÷ BME).
* **Indicators 5-8**: respondents and adverse answers by group, the percentages and the adverse gap in points.
* **Indicator 9**: board members by group (voting, executive, and the known-ethnicity-only variants), the
  workforce, both shares and the difference in points.
* **Results**: every result row, all columns (an Excel table); **Counts**: every count row (an Excel table);
  **Notes**: the footnote, what empty cells mean, directions, the configured non-adverse range and statuses.

Every sheet states the tier in row 3 ("INTERNAL — unsuppressed, not for publication" or "Public — disclosure
policy <id>") and carries the footnote in row 4; rows 1–4 are frozen (and the header row of Results and Counts).
Numbers are real numbers with number formats (counts ``#,##0``, shares and rates ``0.0%``, ratios ``0.00``,
points ``0.0``); a suppressed figure is the text ``[c]`` (public tier, see :mod:`wres.reports.figures`); an empty
cell is not available or does not apply. No figure is computed here: each comes from one row of the results or
counts, or is the 0 of a band nobody was in (:func:`workbook_layout` returns the sheets with the source of every
cell, which the tests use to trace the workbook back to the frames). Every word naming an indicator, variant,
status or the range is in :mod:`.labels`.

Modules: :mod:`.model` (cells, sheets, the table builder), :mod:`.lookup` (figures by key), :mod:`.statistics`
(shared columns), :mod:`.indicator1`, :mod:`.ratios` (2–4), :mod:`.survey` (5–8), :mod:`.board` (9),
:mod:`.overview` (About, Summary, Results, Counts, Notes), :mod:`.layout` (the sheets in order) and
:mod:`.writer` (the file, with XlsxWriter: ADR 0014). The file is deterministic: the same inputs give the same
bytes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from wres.reports.workbook.layout import workbook_layout
from wres.reports.workbook.model import (
    FMT_COUNT,
    FMT_PERCENT,
    FMT_POINTS,
    FMT_RATIO,
    SHEET_NAMES,
    Cell,
    Sheet,
    Source,
)
from wres.reports.workbook.writer import write_sheets

__all__ = [
    "FMT_COUNT",
    "FMT_PERCENT",
    "FMT_POINTS",
    "FMT_RATIO",
    "SHEET_NAMES",
    "Cell",
    "Sheet",
    "Source",
    "workbook_layout",
    "write_return_workbook",
]


def write_return_workbook(
    results: pd.DataFrame,
    counts: pd.DataFrame,
    path: Path,
    *,
    org_code: str,
    year: int,
    tier: str,
    metadata: dict[str, Any],
) -> Path:
    """Write the WRES return workbook of ``org_code`` for WRES year ``year`` in ``tier`` (``internal`` or
    ``public``) to ``path`` and return the path.

    ``results`` has :data:`~wres.indicators.results.RESULT_COLUMNS` and ``counts``
    :data:`~wres.indicators.counts.COUNT_COLUMNS`; in the public tier both come from
    :func:`wres.disclosure.protect` and ``metadata['disclosure']`` names the policy (else ``ValueError``).
    """
    sheets = workbook_layout(results, counts, org_code=org_code, year=year, tier=tier, metadata=metadata)
    return write_sheets(sheets, path, title=f"WRES return {year} {org_code}", tier=tier, metadata=metadata)
