"""wres.analysis — change over time and national context for result rows.

* :mod:`wres.analysis.change` — year-on-year change with intervals, p-values and readings (methods.md §5,
  wres-domain.md §6.5): :func:`~wres.analysis.change.year_on_year`;
* :mod:`wres.analysis.trend` — multi-year trend by weighted least squares or a binomial GLM (methods.md §6):
  :func:`~wres.analysis.trend.trend`;
* :mod:`wres.analysis.national` — the national reference figures of wres-domain.md §8:
  :func:`~wres.analysis.national.national_reference`.

The trend functions are imported from their module (``from wres.analysis.trend import trend``), not from here:
they need ``statsmodels.api``, whose import costs about half a second that the report and the web pages, which
use change and national context only, should not pay.
"""

from wres.analysis.change import CHANGE_COLUMNS, LABELS, year_on_year
from wres.analysis.national import Reference, national_reference, national_references, reference_for_row

__all__ = [
    "CHANGE_COLUMNS",
    "LABELS",
    "Reference",
    "national_reference",
    "national_references",
    "reference_for_row",
    "year_on_year",
]
