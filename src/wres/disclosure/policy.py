"""The public-tier disclosure policies ``public-v2`` (the default) and ``public-v1`` (methods.md §11.2) and how
outputs are marked.

Sources: the NHS Digital rule for secondary-care data below national level (suppress 1–7, round other counts to
the nearest 5, suppress rates built on suppressed counts) and OpenSAFELY's redact-then-round practice
(https://docs.opensafely.org/sdc/). No England-specific WRES rule is confirmed (wres-domain.md §10 #22).

The two policies differ in three steps (ADR 0013):

* **statistics**: v1 computes public statistics from unrounded counts (and its audit treats every count behind a
  shown statistic as known exactly); v2 computes every public statistic from the published, rounded counts, so a
  statistic says nothing the counts do not;
* **secondary suppression**: v1 applies the greedy "every constraint holding a suppressed cell holds two" rule and
  then the audit; v2 suppresses further cells only where the audit finds a cell exposed;
* **audit**: v2's attacker knows every ``[c]`` is at least 1 (zeros are shown) and a count of 1–7 needs a range of
  at least ``protection_width`` (4) integers.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from typing import Any, Final

from wres.config import DEFAULT_CONFIG, DisclosureConfig

POLICY_V1: Final = "public-v1"
POLICY_V2: Final = "public-v2"
POLICIES: Final = (POLICY_V2, POLICY_V1)
VERSIONS: Final = {POLICY_V1: "1.0", POLICY_V2: "2.0"}
POLICY_ID: Final = POLICY_V2
"""The default policy."""
POLICY_VERSION: Final = VERSIONS[POLICY_ID]
MARKER: Final = "[c]"
"""What a suppressed cell shows, in tables, charts, CSV and JSON alike (methods.md §11.2 step 5)."""
ROUNDED_STATISTICS_NOTE: Final = (
    "Figures are calculated from counts rounded to the nearest 5, so they can differ slightly from the"
    " organisation's return."
)
"""The one footnote every public output under ``public-v2`` carries beside its statistics (methods.md §11.2 step
3); :attr:`DisclosurePolicy.statistics_note` gives it for the policy in use (``None`` under v1)."""
TOLERANCE: Final = 1e-6


@dataclass(frozen=True)
class DisclosurePolicy:
    """The parameters of the public policy (methods.md §11.2–11.4), validated.

    ``protection_width``: a suppressed count of 1–7 is protected when the attacker's feasible range for it holds at
    least this many integers (default 4: never pinned to within ±1; :meth:`protects`).

    ``indicator9_exempt`` (``exempt_board`` in the configuration): the board's counts are published exactly.

    The audit's attacker (:mod:`wres.disclosure.audit`), by policy unless set:

    * ``derived_pins_counts`` (v1: on, v2: off): every count behind a shown statistic is known exactly. Under v1
      statistics come from unrounded counts and undo the rounding (ADR 0008); under v2 they come from the
      published rounded counts and reveal nothing beyond them.
    * ``audit_nonzero`` (v1: off, v2: on): every ``[c]`` is at least 1, since zeros are shown (§11.4).
    Settings left ``None`` are resolved from ``policy_id`` when the policy is made, so ``dataclasses.replace`` of a
    policy with another ``policy_id`` keeps the first policy's attacker: make a new ``DisclosurePolicy`` instead.

    * ``audit_prior`` (v1: ``"target"``, v2: ``"none"``): the a priori range 1–7 for the cell under test only
      (``"target"``), for every primary cell (``"all_primary"``), or for none (``"none"``: v2 never says which
      ``[c]`` are primary, so every ``[c]``, the one under test included, is only known to be ≥ 1; §11.4).
    """

    policy_id: str = POLICY_ID
    suppress_min: int = 1
    suppress_max: int = 7
    rounding_base: int = 5
    show_zeros: bool = True
    protection_width: int = 4
    national_exempt: bool = True
    indicator9_exempt: bool = True
    derived_pins_counts: bool | None = None
    audit_prior: str | None = None
    audit_nonzero: bool | None = None
    version: str | None = None

    def __post_init__(self) -> None:
        if self.policy_id not in POLICIES:
            known = ", ".join(map(repr, POLICIES))
            raise ValueError(f"unknown disclosure policy {self.policy_id!r} (known: {known})")
        v1 = self.policy_id == POLICY_V1
        if self.derived_pins_counts is None:
            object.__setattr__(self, "derived_pins_counts", v1)
        if self.audit_prior is None:
            object.__setattr__(self, "audit_prior", "target" if v1 else "none")
        if self.audit_nonzero is None:
            object.__setattr__(self, "audit_nonzero", not v1)
        if self.version is None:
            object.__setattr__(self, "version", VERSIONS[self.policy_id])
        if not 1 <= self.suppress_min <= self.suppress_max:
            raise ValueError("need 1 <= suppress_min <= suppress_max")
        if self.rounding_base < 1:
            raise ValueError("rounding_base must be at least 1 (1 = no rounding)")
        if self.protection_width < 1:
            raise ValueError("protection_width must be at least 1")
        if self.audit_prior not in ("target", "all_primary", "none"):
            raise ValueError("audit_prior must be 'target', 'all_primary' or 'none'")
        if self.suppress_max + 1 < (self.rounding_base + 1) // 2:
            raise ValueError("suppress_max is too small for rounding_base: a shown count would round to 0")

    @classmethod
    def from_config(cls, config: DisclosureConfig = DEFAULT_CONFIG.disclosure) -> DisclosurePolicy:
        """The policy set by the ``[disclosure]`` section of the configuration."""
        return cls(
            policy_id=config.policy,
            suppress_min=config.suppress_min,
            suppress_max=config.suppress_max,
            rounding_base=config.rounding_base,
            show_zeros=config.show_zeros,
            protection_width=config.protection_width,
            national_exempt=config.national_exempt,
            indicator9_exempt=config.exempt_board,
        )

    @property
    def statistics_from_published(self) -> bool:
        """v2: every public statistic is computed from the published, rounded counts (§11.2 step 3)."""
        return self.policy_id == POLICY_V2

    @property
    def greedy_secondary(self) -> bool:
        """v1: the greedy rule "every constraint holding a suppressed cell holds two" runs before the audit."""
        return self.policy_id == POLICY_V1

    @property
    def pins_counts(self) -> bool:
        return bool(self.derived_pins_counts)

    @property
    def nonzero(self) -> bool:
        return bool(self.audit_nonzero)

    @property
    def statistics_note(self) -> str | None:
        """The footnote on statistics from rounded counts (v2), or ``None`` (v1: statistics are exact)."""
        return ROUNDED_STATISTICS_NOTE if self.statistics_from_published and self.rounding_base > 1 else None

    def protects(self, low: float, high: float) -> bool:
        """Whether a feasible range ``[low, high]`` protects a count: it holds at least ``protection_width``
        integers (for whole-number ends: ``high − low ≥ protection_width − 1``)."""
        if math.isinf(high):
            return True
        integers = math.floor(high + TOLERANCE) - math.ceil(low - TOLERANCE) + 1
        return integers >= self.protection_width

    def is_primary(self, value: int) -> bool:
        """Step 1: a count of ``suppress_min``–``suppress_max`` (and 0 when zeros are not shown) is suppressed."""
        if value == 0:
            return not self.show_zeros
        return self.suppress_min <= value <= self.suppress_max

    def as_metadata(self) -> dict[str, Any]:
        """Policy id, version and every parameter, for the metadata of each public output (§11.2 step 5)."""
        params = asdict(self)
        policy_id, version = params.pop("policy_id"), params.pop("version")
        params["exempt_board"] = params.pop("indicator9_exempt")
        params["statistics_from"] = "published rounded counts" if self.statistics_from_published else "exact counts"
        return {"policy": policy_id, "version": version, "parameters": params, "marker": MARKER}

    def footnote(self) -> str:
        """The footnote that explains suppression and rounding under this policy (§11.2 step 5).

        It never says how many cells are suppressed, nor which for which reason (§11.2 step 5)."""
        zeros = " Zeros are shown." if self.show_zeros else " Zeros are suppressed too."
        rounding = (
            f" Other counts, totals included, are rounded to the nearest {self.rounding_base}, so totals may not"
            " equal the sum of their parts."
            if self.rounding_base > 1
            else ""
        )
        if self.statistics_from_published:
            statistics = " " + (self.statistics_note or "Statistics are calculated from the counts shown.")
        else:
            statistics = " Statistics are calculated from unrounded counts."
        return (
            f"{MARKER} = not shown to protect confidentiality: counts of {self.suppress_min} to"
            f" {self.suppress_max} are suppressed, and so are other figures from which a suppressed count could"
            f" be worked out, and every rate, ratio or interval built on a suppressed count.{rounding}{zeros}"
            f"{statistics} Disclosure policy {self.policy_id} (version {self.version})."
        )


V1_POLICY: Final = DisclosurePolicy(POLICY_V1, indicator9_exempt=False)
"""``public-v1`` as it was designed (board not exempt), for comparisons."""
DEFAULT_POLICY: Final = DisclosurePolicy()
FOOTNOTE: Final = DEFAULT_POLICY.footnote()
"""The footnote for reports published under the default policy."""
