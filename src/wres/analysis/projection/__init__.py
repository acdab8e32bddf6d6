"""The pipeline projection (methods.md §12; ADR 0017): a band × ethnicity flow model estimated from consecutive
31 March snapshots, projected by Monte Carlo with what-if scenarios, and the year each band reaches the reference
share.

* :mod:`~wres.analysis.projection.estimate`: the pooled counts as arrays, the rates with their counts and
  intervals, the reference share;
* :mod:`~wres.analysis.projection.monte_carlo`: parameter draws and the yearly multinomial moves;
* :mod:`~wres.analysis.projection.scenarios`: equal promotion, equal appointment, equal leaving, a hiring mix;
* :mod:`~wres.analysis.projection.parity`: the parity year's distribution and wording;
* :mod:`~wres.analysis.projection.run`: ``project`` end to end, and the public tier's view.

The counts come from :mod:`wres.indicators.flows` (Ibis, DuckDB or Spark).
"""

from wres.analysis.projection.estimate import FlowModel, from_counts, reference_share, transition_table
from wres.analysis.projection.monte_carlo import bme_share, simulate
from wres.analysis.projection.parity import Parity, parity_years, summarise
from wres.analysis.projection.run import (
    DEFAULT_BANDS,
    SENIOR,
    Projection,
    band_set,
    project,
    project_model,
    public_view,
)
from wres.analysis.projection.scenarios import KINDS, Scenario, parse_scenario

__all__ = [
    "DEFAULT_BANDS",
    "KINDS",
    "SENIOR",
    "FlowModel",
    "Parity",
    "Projection",
    "Scenario",
    "band_set",
    "bme_share",
    "from_counts",
    "parity_years",
    "parse_scenario",
    "project",
    "project_model",
    "public_view",
    "reference_share",
    "simulate",
    "summarise",
    "transition_table",
]
