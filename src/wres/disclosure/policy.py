"""The public-tier disclosure policy ``public-v1`` (methods.md §11.2) and how outputs are marked.

Sources: the NHS Digital rule for secondary-care data below national level (suppress 1–7, round other counts to
the nearest 5, suppress rates built on suppressed counts) and OpenSAFELY's redact-then-round practice
(https://docs.opensafely.org/sdc/). No England-specific WRES rule is confirmed (wres-domain.md §10 #22).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Final

from wres.config import DEFAULT_CONFIG, DisclosureConfig

POLICY_ID: Final = "public-v1"
POLICY_VERSION: Final = "1.0"
MARKER: Final = "[c]"
"""What a suppressed cell shows, in tables, charts, CSV and JSON alike (methods.md §11.2 step 5)."""


@dataclass(frozen=True)
class DisclosurePolicy:
    """The parameters of the public policy (methods.md §11.2–11.4), validated.

    ``derived_pins_counts`` is the audit's attacker model for derived statistics (a project choice, see
    ADR 0008): shares, rates and intervals are computed from unrounded counts (§11.2 step 4), so a published
    statistic can undo the rounding of the counts behind it; the audit therefore treats every count used by a
    published derived statistic as known exactly, not just to within the rounding interval.

    ``audit_prior`` and ``audit_nonzero`` set the rest of the audit's attacker (:mod:`wres.disclosure.audit`):
    the a priori range 1–7 for the cell under test only (``"target"``) or for every primary cell
    (``"all_primary"``), and whether other suppressed cells are known to be ≥ 1 (zeros being shown).
    """

    policy_id: str = POLICY_ID
    suppress_min: int = 1
    suppress_max: int = 7
    rounding_base: int = 5
    show_zeros: bool = True
    protection_width: int = 3
    national_exempt: bool = True
    indicator9_exempt: bool = False
    derived_pins_counts: bool = True
    audit_prior: str = "target"
    audit_nonzero: bool = False
    version: str = POLICY_VERSION

    def __post_init__(self) -> None:
        if self.policy_id != POLICY_ID:
            raise ValueError(f"unknown disclosure policy {self.policy_id!r} (known: {POLICY_ID!r})")
        if not 1 <= self.suppress_min <= self.suppress_max:
            raise ValueError("need 1 <= suppress_min <= suppress_max")
        if self.rounding_base < 1:
            raise ValueError("rounding_base must be at least 1 (1 = no rounding)")
        if self.protection_width < 1:
            raise ValueError("protection_width must be at least 1")
        if self.audit_prior not in ("target", "all_primary"):
            raise ValueError("audit_prior must be 'target' or 'all_primary'")
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
            indicator9_exempt=config.indicator9_exempt,
        )

    def is_primary(self, value: int) -> bool:
        """Step 1: a count of ``suppress_min``–``suppress_max`` (and 0 when zeros are not shown) is suppressed."""
        if value == 0:
            return not self.show_zeros
        return self.suppress_min <= value <= self.suppress_max

    def as_metadata(self) -> dict[str, Any]:
        """Policy id, version and every parameter, for the metadata of each public output (§11.2 step 5)."""
        params = asdict(self)
        policy_id, version = params.pop("policy_id"), params.pop("version")
        return {"policy": policy_id, "version": version, "parameters": params, "marker": MARKER}

    def footnote(self) -> str:
        """The footnote that explains suppression and rounding under this policy (§11.2 step 5)."""
        zeros = " Zeros are shown." if self.show_zeros else " Zeros are suppressed too."
        rounding = (
            f" Other counts, totals included, are rounded to the nearest {self.rounding_base}, so totals may not"
            " equal the sum of their parts."
            if self.rounding_base > 1
            else ""
        )
        return (
            f"{MARKER} = not shown to protect confidentiality: counts of {self.suppress_min} to"
            f" {self.suppress_max} are suppressed, and so are other figures from which a suppressed count could"
            f" be worked out, and every rate, ratio or interval built on a suppressed count.{rounding}{zeros}"
            f" Statistics are calculated from unrounded counts. Disclosure policy {self.policy_id}"
            f" (version {self.version})."
        )


DEFAULT_POLICY: Final = DisclosurePolicy()
FOOTNOTE: Final = DEFAULT_POLICY.footnote()
"""The footnote for reports published under the default policy."""
