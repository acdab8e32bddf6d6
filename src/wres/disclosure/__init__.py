"""wres.disclosure: the public-tier disclosure policies ``public-v2`` (default) and ``public-v1`` (methods.md
§11.2–11.4; ADR 0008, ADR 0013).

Small modules, one rule each:

* :mod:`~wres.disclosure.policy` — :class:`DisclosurePolicy` (from the ``[disclosure]`` configuration), the
  ``[c]`` marker and the footnote;
* :mod:`~wres.disclosure.system` — cells and additive constraints: one linear system over every table published
  together (§11.3);
* :mod:`~wres.disclosure.suppress` — primary suppression (1–7) and the greedy secondary rule, with a reason per
  suppressed cell;
* :mod:`~wres.disclosure.rounding` — rounding to the nearest 5 (half up; totals from their true value);
* :mod:`~wres.disclosure.audit` — the attacker's linear programmes (``scipy.optimize.linprog``, HiGHS) and the
  protection test (§11.4);
* :mod:`~wres.disclosure.control` — the steps in order, with more suppression until the audit passes;
* :mod:`~wres.disclosure.derived` — derived statistics suppressed when any count they use is (§11.2 step 3);
* :mod:`~wres.disclosure.published` — ``public-v2``: public statistics recomputed from the published, rounded
  counts;
* :mod:`~wres.disclosure.wres_tables` — all of it applied to the WRES counts table and result rows
  (:func:`protect`).
"""

from wres.disclosure.audit import AuditReport, CellRange, attacker_bounds, audit
from wres.disclosure.control import CellProtection, DisclosureBlockedError, protect_cells
from wres.disclosure.derived import derived_mask, result_masks, round_results_for_display
from wres.disclosure.policy import (
    DEFAULT_POLICY,
    FOOTNOTE,
    MARKER,
    POLICIES,
    POLICY_ID,
    POLICY_V1,
    POLICY_V2,
    POLICY_VERSION,
    ROUNDED_STATISTICS_NOTE,
    V1_POLICY,
    DisclosurePolicy,
)
from wres.disclosure.published import statistics_from_counts
from wres.disclosure.rounding import PublicValue, publish, round_count, rounding_interval
from wres.disclosure.suppress import Reason, primary_suppression, secondary_suppression, suppress
from wres.disclosure.system import Cell, CellSystem, Constraint, table_system
from wres.disclosure.wres_tables import NATIONAL_CODES, Protected, protect, protect_indicator_results

__all__ = [
    "DEFAULT_POLICY",
    "FOOTNOTE",
    "MARKER",
    "NATIONAL_CODES",
    "POLICIES",
    "POLICY_ID",
    "POLICY_V1",
    "POLICY_V2",
    "POLICY_VERSION",
    "ROUNDED_STATISTICS_NOTE",
    "V1_POLICY",
    "AuditReport",
    "Cell",
    "CellProtection",
    "CellRange",
    "CellSystem",
    "Constraint",
    "DisclosureBlockedError",
    "DisclosurePolicy",
    "Protected",
    "PublicValue",
    "Reason",
    "attacker_bounds",
    "audit",
    "derived_mask",
    "primary_suppression",
    "protect",
    "protect_cells",
    "protect_indicator_results",
    "publish",
    "result_masks",
    "round_count",
    "round_results_for_display",
    "rounding_interval",
    "secondary_suppression",
    "statistics_from_counts",
    "suppress",
    "table_system",
]
