"""wres.indicators: the nine WRES indicators as Ibis expressions, on DuckDB or Spark.

One module per indicator family: :mod:`~wres.indicators.representation` (1), :mod:`~wres.indicators.appointment`
(2), :mod:`~wres.indicators.disciplinary` (3), :mod:`~wres.indicators.training` (4), :mod:`~wres.indicators.survey`
(5–8), :mod:`~wres.indicators.board` (9). Each builds a plan of named Ibis queries that give counts, executing
nothing (:mod:`~wres.indicators.plan`, which also runs them); :mod:`~wres.indicators.results` turns counts into
rates, ratios, intervals and statuses; :mod:`~wres.indicators.compute` runs the whole thing.
"""

from wres.indicators.compute import IndicatorResults, compute, compute_from_counts, record_counts
from wres.indicators.results import RESULT_COLUMNS
from wres.indicators.source import Source, from_store

__all__ = [
    "RESULT_COLUMNS",
    "IndicatorResults",
    "Source",
    "compute",
    "compute_from_counts",
    "from_store",
    "record_counts",
]
