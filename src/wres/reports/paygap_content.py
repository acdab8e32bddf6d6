"""The ethnicity pay gap as the report and the dashboard show it (issue 17): both tiers computed from one 31 March
snapshot (wres-domain.md §7.1, methods.md §14), read from the store as ``wres paygap`` reads it
(:func:`~wres.analysis.paygap.pay_snapshot`, the ``[paygap]`` settings), and turned into tables and plain words.

* **Internal tier**: :func:`~wres.analysis.paygap.pay_gap` in the 5-group (the all-BME row first, then each group
  against White): mean and median gaps with 95% bootstrap intervals, the band-mix / within-band split, the
  disclosure rate beside each gap and each pay quartile's share by group, all exact.
* **Public tier**: only :func:`wres.disclosure.paygap.protect_pay_gap`'s view of the WRES comparison (BME against
  White): counts as published, a gap behind a suppressed count "withheld", quartile shares from published counts.
* **No pay data** for the year: :attr:`PayGapShown.message` says which ESR columns to import, no error.

Every figure is also said in words ("BME staff are paid on average 4.1% less per hour than White staff").
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from wres.analysis.paygap import NO_PAY_MESSAGE, OK, NoPayDataError, PayGapOptions, pay_gap, pay_snapshot
from wres.config import WresConfig
from wres.errors import WresError
from wres.reports.content import Cell, Table

if TYPE_CHECKING:
    from wres.store import Store

__all__ = [
    "GROUPING",
    "PayGapShown",
    "gap_sentence",
    "gap_table",
    "no_pay_sentence",
    "paygap_shown",
    "quartile_sentence",
    "quartile_table",
]

GROUPING: Final = {"internal": "ethnicity5", "public": "wres"}
"""The comparison each tier shows: the 5 groups internally, BME against White in public."""
QUARTILE_NAMES: Final = {1: "1 (lowest paid)", 2: "2", 3: "3", 4: "4 (highest paid)"}
WITHHELD_WORD: Final = "withheld"


@dataclass
class PayGapShown:
    """One tier's pay gap, ready to show (``message`` alone when there is nothing to show)."""

    year: int
    tier: str
    message: str | None = None
    reference: str = ""
    rows: list[Any] = field(default_factory=list)
    """:class:`~wres.analysis.paygap.GapRow` (internal) or the public view's rows."""
    quartiles: list[Any] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return f"Ethnicity pay gap, 31 March {self.year}"

    def sentences(self) -> list[str]:
        out = [gap_sentence(r) for r in self.rows]
        words = quartile_sentence(self.quartiles)
        return out + ([words] if words else [])

    def tables(self, prefix: str = "paygap") -> tuple[Table, Table]:
        return (
            gap_table(self.rows, self.reference, self.year, self.tier, f"{prefix}-table"),
            quartile_table(self.quartiles, self.groups, self.year, self.tier, f"{prefix}-quartiles"),
        )


def no_pay_sentence(year: int) -> str:
    """The sentence shown when the 31 March snapshot of ``year`` holds no hourly pay (which ESR columns to import)."""
    what = NO_PAY_MESSAGE.removeprefix("no pay data: ")
    return f"There is no pay data for 31 March {year}, so no pay gap can be shown: {what}."


def _pct(value: float | None, digits: int = 1) -> str:
    return "–" if value is None or not math.isfinite(value) else f"{value:.{digits}f}%"


def _interval(low: float | None, high: float | None) -> str:
    if low is None or high is None or not (math.isfinite(low) and math.isfinite(high)):
        return ""
    return f" ({low:.1f}% to {high:.1f}%)"


def _rate(value: float | None) -> str:
    return "–" if value is None or not math.isfinite(value) else f"{100 * value:.0f}%"


def _staff(label: str) -> str:
    return f"{label} staff"


def gap_sentence(row: Any) -> str:
    """The gap of one :class:`~wres.analysis.paygap.GapRow` (either tier) in plain words."""
    group, ref = _staff(row.group), _staff(row.reference)
    if row.status != OK:
        if row.status == WITHHELD_WORD:
            return f"The pay gap between {group} and {ref} is withheld: a count behind it is too small to publish."
        return f"No pay gap for {group}: {row.reason}."
    parts = []
    mean = row.mean_gap
    if mean is None or not math.isfinite(mean):
        parts.append(f"The mean pay gap between {group} and {ref} cannot be computed.")
    elif round(mean, 1) == 0:
        parts.append(f"{group} are paid on average the same per hour as {ref}.")
    else:
        direction = "less" if mean > 0 else "more"
        parts.append(
            f"{group} are paid on average {abs(mean):.1f}% {direction} per hour than {ref}"
            + (
                f" (95% interval {row.mean_gap_low:.1f}% to {row.mean_gap_high:.1f}%)."
                if row.mean_gap_low is not None and row.mean_gap_high is not None
                else "."
            )
        )
    median = row.median_gap
    if median is not None and math.isfinite(median):
        if round(median, 1) == 0:
            parts.append(f"Their median hourly pay is the same as that of {ref}.")
        else:
            parts.append(
                f"Their median hourly pay is {abs(median):.1f}% {'lower' if median > 0 else 'higher'}"
                + (
                    f" (95% interval {row.median_gap_low:.1f}% to {row.median_gap_high:.1f}%)."
                    if row.median_gap_low is not None and row.median_gap_high is not None
                    else "."
                )
            )
    if row.band_mix is not None and row.within_band is not None and mean is not None and math.isfinite(mean):
        parts.append(
            f"Of the mean gap, {row.band_mix:.1f} percentage points come from the bands they work in (band mix) and "
            f"{row.within_band:.1f} from pay within the same band."
        )
    if row.disclosure_rate is not None and math.isfinite(row.disclosure_rate):
        parts.append(f"Ethnicity is known for {_rate(row.disclosure_rate)} of the staff counted.")
    return " ".join(parts)


def _count(value: int | None) -> str:
    return "–" if value is None else f"{value:,}"


def gap_table(rows: list[Any], reference: str, year: int, tier: str, table_id: str = "paygap-table") -> Table:
    head = [
        "Group",
        f"People (group / {reference})",
        "Mean gap (95% interval)",
        "Median gap (95% interval)",
        "Band mix / within band (points)",
        "Ethnicity known",
        "Note",
    ]
    body: list[list[Cell]] = []
    for r in rows:
        if r.status == WITHHELD_WORD:
            mean = median = split = WITHHELD_WORD
        elif r.status != OK:
            mean = median = split = "–"
        else:
            mean = _pct(r.mean_gap) + _interval(r.mean_gap_low, r.mean_gap_high)
            median = _pct(r.median_gap) + _interval(r.median_gap_low, r.median_gap_high)
            split = "–" if r.band_mix is None else f"{r.band_mix:.1f} / {r.within_band:.1f}"
        suppressed = r.n_group is None or r.n_reference is None
        body.append(
            [
                Cell(r.group, header=True),
                Cell(f"{_count(r.n_group)} / {_count(r.n_reference)}", "count", suppressed=suppressed),
                Cell(mean, "num"),
                Cell(median, "num"),
                Cell(split, "num"),
                Cell(_rate(r.disclosure_rate), "num"),
                Cell("" if r.status == OK else r.status, "status"),
            ]
        )
    note = (
        "Gap = (reference − group) ÷ reference, as a percentage of the reference group's hourly pay: positive means "
        f"{reference} staff are paid more. Public tier: counts rounded to 5, small counts not shown (–); a gap "
        "behind a small count is withheld."
        if tier == "public"
        else "Gap = (reference − group) ÷ reference, as a percentage of the reference group's hourly pay: positive "
        f"means {reference} staff are paid more."
    )
    return Table(table_id, f"Ethnicity pay gap against {reference} staff, 31 March {year}", head, body, note)


def quartile_table(
    cells: list[Any], groups: list[str], year: int, tier: str, table_id: str = "paygap-quartiles"
) -> Table:
    """Each quartile's share by group (either tier's cells: ``share`` None is withheld or empty)."""
    head = ["Quartile", "People", *groups]
    body: list[list[Cell]] = []
    for q in range(1, 5):
        mine = {c.group: c for c in cells if c.quartile == q}
        size = next((c.size for c in mine.values()), None)
        row = [Cell(QUARTILE_NAMES[q], header=True), Cell(_count(size), "count", suppressed=size is None)]
        for g in groups:
            c = mine.get(g)
            if c is None or c.share is None or not math.isfinite(c.share):
                withheld = c is not None and c.count is None
                row.append(Cell(WITHHELD_WORD if withheld else "–", "num", suppressed=withheld))
            else:
                row.append(Cell(f"{100 * c.share:.1f}% ({100 * c.low:.1f}% to {100 * c.high:.1f}%)", "num"))
        body.append(row)
    note = "Share of each quartile's people in each group, with the 95% Wilson interval in brackets." + (
        " Public tier: from the published (rounded) counts." if tier == "public" else ""
    )
    return Table(table_id, f"Pay quartiles by ethnic group, 31 March {year}", head, body, note)


def quartile_sentence(cells: list[Any]) -> str | None:
    top = next((c for c in cells if c.quartile == 4 and c.group == "BME"), None)
    bottom = next((c for c in cells if c.quartile == 1 and c.group == "BME"), None)
    if top is None or bottom is None or top.share is None or bottom.share is None:
        return None
    return (
        f"BME staff are {100 * top.share:.1f}% of the highest-paid quarter of staff and {100 * bottom.share:.1f}% of "
        "the lowest-paid quarter."
    )


def _one(snapshot: Any, org: str, year: int, config: WresConfig, tier: str, resamples: int | None) -> PayGapShown:
    settings = config.paygap
    shown = PayGapShown(year=year, tier=tier)
    options = PayGapOptions(
        grouping=GROUPING[tier],
        reference=settings.reference,
        population=settings.population,
        min_group=settings.min_group,
        n_resamples=resamples or settings.n_resamples,
        seed=settings.seed,
    )
    try:
        result = pay_gap(snapshot, options, org_code=org, year=year)
    except NoPayDataError:
        shown.message = no_pay_sentence(year)
        return shown
    shown.reference = result.reference
    shown.groups = list(result.partition)
    if tier == "public":
        from wres.disclosure import DisclosurePolicy
        from wres.disclosure.paygap import protect_pay_gap

        public = protect_pay_gap(result, DisclosurePolicy.from_config(config.disclosure))
        shown.rows, shown.quartiles, notes = list(public.gaps), list(public.quartiles), list(public.notes)
    else:
        shown.rows, shown.quartiles, notes = list(result.gaps), list(result.quartiles), list(result.notes)
    shown.notes = [n[0].upper() + n[1:] + ("" if n.endswith(".") else ".") for n in notes if n]
    return shown


def paygap_shown(
    store: Store,
    org: str,
    year: int,
    config: WresConfig,
    tiers: tuple[str, ...] = ("public", "internal"),
    *,
    resamples: int | None = None,
) -> dict[str, PayGapShown]:
    """Each tier's pay gap of ``org`` at 31 March ``year`` (``resamples``: None for ``[paygap] n_resamples``); a
    snapshot without pay, or none at all, gives each tier a :attr:`PayGapShown.message` instead."""
    try:
        snapshot = pay_snapshot(store, org, year)
    except NoPayDataError:
        return {t: PayGapShown(year=year, tier=t, message=no_pay_sentence(year)) for t in tiers}
    except WresError as exc:
        return {
            t: PayGapShown(year=year, tier=t, message=f"The pay gap cannot be shown for {year}: {exc}.") for t in tiers
        }
    return {t: _one(snapshot, org, year, config, t, resamples) for t in tiers}
