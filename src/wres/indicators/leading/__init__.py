"""Leading indicators (wres-domain.md §7.3): measures that move before the annual WRES ratios do.

Computed with the indicators' own machinery (named Ibis queries, fine counts, the WRES / 5 / 9 group roll-up, and
the results step of indicators 2–4: rates, ratio, Koopman and Katz intervals, status; change and trend read them as
ratios). Indicator ids and ratios:

========================  ===================================================  ===============  ==============
id                        rate for group g                                     ratio            adverse when
========================  ===================================================  ===============  ==============
``L-promotion``           promoted Y−1 → Y ÷ on the AfC/VSM ladder at both      L_W ÷ L_B        > 1
``L-leaving``             in post at Y−1, not at Y ÷ in post at Y−1             L_B ÷ L_W        > 1
``L-internal``            indicator 2 on internal applications                  L_W ÷ L_B        > 1
``L-appointment-band``    indicator 2 by the band of the post (``--by band``)   L_W ÷ L_B        > 1
``L-acting-up``           not computed: no acting-up data recorded              L_W ÷ L_B        > 1
========================  ===================================================  ===============  ==============

The counting rules (scope, classification by the Y−1 snapshot, reclassification, leave and return, bands off the
ladder, doctors in training) are in :mod:`~wres.indicators.leading.transitions`; internal appointment and
indicator 2 by band in :mod:`~wres.indicators.leading.appointments`; the run in :mod:`~wres.indicators.leading.run`.

**Acting up** is not computed: the canonical tables hold no acting-up or higher-band secondment episodes, so every
organisation-year has a headline ``L-acting-up`` row ``not_computed`` with reason ``missing_input`` and the run's
notes say "no acting-up data recorded".
"""

from wres.indicators.fine import LEADING_INDICATORS
from wres.indicators.leading.run import LeadingResults, compute_leading, plan_leading

__all__ = ["LEADING_INDICATORS", "LeadingResults", "compute_leading", "plan_leading"]
