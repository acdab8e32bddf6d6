"""Deterministic synthetic NHS workforce data for wres (fake people, fake organisations).

* :class:`SynthConfig` — what to generate: profile (``"national"``, ``"london"``, ``"south-west"``, …),
  number and size of organisations, WRES years, seed and the disparity knobs (appointment, disciplinary,
  training and promotion ratios, survey rates, Unknown share, board size).
* :func:`generate` — run a workforce *flow* (leavers, promotions, hires; see :mod:`wres.synth.workforce`)
  over every organisation at once and build every canonical table (:mod:`wres.data.schema`) as a
  :class:`SynthData`. Same config, same data; a national run (220 trusts, about 1.4 million staff, five
  years) takes about a minute.
* :func:`write_canonical` — a canonical folder (Parquet or CSV) with ``manifest.json``.
* :func:`write_raw` — the same data as raw NHS-style extracts (ESR, recruitment, employee relations,
  learning, staff survey, board register); :mod:`wres.synth.raw` documents how each maps to the canonical
  tables.

Options for the SPC demos (issue 16): ``SynthConfig(monthly=True)`` adds staff-in-post snapshots on every
month end (the 31 March rows are unchanged), and ``effect_month="YYYY-MM"`` with ``effect_factor`` multiplies
BME people's odds of appointment into bands 8a and above (promotion and hire) from that month, so the BME share
at 8a and above climbs from a known month (:mod:`wres.synth.workforce`). Off by default; with both off the
output is byte-for-byte what it was before they existed (but for the staff table's pay columns, below).
Recruitment, disciplinary and learning events carry their own dates already (shortlisting, investigation start,
course start).

Pay (issue 17): every staff row has ``hourly_pay``, ``hours`` and ``fte``, roughly the 2025/26 pay points by band
with a known ethnic gap within band (``SynthConfig(pay_gap_within=0.02)``, :mod:`wres.synth.pay`), from a random
stream of its own so that nothing else changes.

Example::

    from wres.synth import SynthConfig, generate, write_canonical

    data = generate(SynthConfig(profile="london", n_orgs=3, size=4000, seed=7))
    write_canonical(data, "out/canonical", fmt="csv")
"""

from wres.synth.config import SynthConfig
from wres.synth.dataset import TABLE_NAMES, SynthData, generate
from wres.synth.raw import write_raw
from wres.synth.writer import write_canonical

__all__ = ["TABLE_NAMES", "SynthConfig", "SynthData", "generate", "write_canonical", "write_raw"]
