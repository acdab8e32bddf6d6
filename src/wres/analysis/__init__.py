"""wres.analysis — change over time and national context for result rows.

* :mod:`wres.analysis.change` — year-on-year change with intervals, p-values and readings (methods.md §5,
  wres-domain.md §6.5): :func:`~wres.analysis.change.year_on_year`;
* :mod:`wres.analysis.trend` — multi-year trend by weighted least squares or a binomial GLM (methods.md §6):
  :func:`~wres.analysis.trend.trend`;
* :mod:`wres.analysis.national` — the national reference figures of wres-domain.md §8:
  :func:`~wres.analysis.national.national_reference`.

Importing the package imports none of them: the names below are loaded on first use (PEP 562), so a process that
needs only :mod:`wres.analysis.wording` (``wres indicators``) does not import SciPy with ``change``. The trend
functions are imported from their module (``from wres.analysis.trend import trend``), not from here: they need
``statsmodels.api``, whose import costs about half a second that the report and the web pages, which use change and
national context only, should not pay.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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

_LAZY: dict[str, str] = {
    "CHANGE_COLUMNS": "wres.analysis.change",
    "LABELS": "wres.analysis.change",
    "year_on_year": "wres.analysis.change",
    "Reference": "wres.analysis.national",
    "national_reference": "wres.analysis.national",
    "national_references": "wres.analysis.national",
    "reference_for_row": "wres.analysis.national",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'wres.analysis' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
