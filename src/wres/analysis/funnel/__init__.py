"""Funnel plots (methods.md §9): Spiegelhalter funnels with overdispersion, the PHE / Fingertips variant, the
FunnelPlotR standardised-ratio types needed to reproduce its test cases, labels and ranks with uncertainty.

* :mod:`~wres.analysis.funnel.overdispersion` — winsorised / truncated z-scores, φ and τ² (§9.5);
* :mod:`~wres.analysis.funnel.spiegelhalter` — proportion and log relative-likelihood funnels with the points and
  tidy limits tables (§9.1–9.3, §9.6): :func:`proportion_funnel`, :func:`ratio_funnel`;
* :mod:`~wres.analysis.funnel.funnelplotr` — FunnelPlotR's SHMI / CQC / exact-Poisson standardised ratios;
* :mod:`~wres.analysis.funnel.phe` — PHEindicatormethods' Wilson-inverted proportion and exact-Poisson ratio limits
  (§9.4, no overdispersion);
* :mod:`~wres.analysis.funnel.labels` — labels with polarity (§9.6);
* :mod:`~wres.analysis.funnel.ranks` — ranks with uncertainty intervals (§9.6);
* :mod:`~wres.analysis.funnel.of_results` — a funnel from result rows, one per organisation, and its ranks.
"""

from wres.analysis.funnel.labels import funnel_labels, polarise
from wres.analysis.funnel.of_results import funnel_of_results, funnel_ranks
from wres.analysis.funnel.overdispersion import Overdispersion, dispersion
from wres.analysis.funnel.ranks import rank_intervals
from wres.analysis.funnel.spiegelhalter import Funnel, proportion_funnel, ratio_funnel

__all__ = [
    "Funnel",
    "Overdispersion",
    "dispersion",
    "funnel_labels",
    "funnel_of_results",
    "funnel_ranks",
    "polarise",
    "proportion_funnel",
    "rank_intervals",
    "ratio_funnel",
]
