"""wres.analysis — change over time and national context for result rows.

* :mod:`wres.analysis.change` — year-on-year change with intervals, p-values and readings (methods.md §5,
  wres-domain.md §6.5): :func:`~wres.analysis.change.year_on_year`;
* :mod:`wres.analysis.trend` — multi-year trend by weighted least squares or a binomial GLM (methods.md §6):
  :func:`~wres.analysis.trend.trend`;
* :mod:`wres.analysis.national` — the national reference figures of wres-domain.md §8:
  :func:`~wres.analysis.national.national_reference`.
"""

from wres.analysis.change import CHANGE_COLUMNS, LABELS, year_on_year
from wres.analysis.national import Reference, national_reference, national_references, reference_for_row
from wres.analysis.trend import TREND_COLUMNS, trend

__all__ = [
    "CHANGE_COLUMNS",
    "LABELS",
    "TREND_COLUMNS",
    "Reference",
    "national_reference",
    "national_references",
    "reference_for_row",
    "trend",
    "year_on_year",
]
