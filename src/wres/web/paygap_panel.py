"""The pay gap part of the Progress page (issue 17): "Ethnicity pay gap, 31 March YYYY" for one organisation, WRES
year and tier, from :func:`wres.analysis.paygap.pay_gap` (wres-domain.md §7.1, methods.md §14), read from the store
as ``wres paygap`` reads it (:mod:`wres.cli.paygap_commands`: :func:`~wres.analysis.paygap.pay_snapshot`, the
``[paygap]`` settings).

* **Internal tier**: the exact figures of the 5-group comparison (the all-BME row first, then each group of the
  5-group against White): mean and median gaps with their 95% bootstrap intervals, the band-mix / within-band split
  of the mean gap, the disclosure rate beside each gap, and the pay quartiles (each quartile's share by group).
* **Public tier**: only :func:`wres.disclosure.paygap.protect_pay_gap`'s view of the WRES comparison (BME against
  White): counts as published, a gap whose counts are suppressed says "withheld", quartile shares from the published
  counts. No internal-only value reaches it.
* **No pay data** for the year: a sentence saying which ESR columns to import (:data:`NO_PAY_MESSAGE`), no error.

Every figure is also said in plain words ("BME staff are paid on average 4.1% less per hour than White staff").

**Caching.** The bootstrap takes seconds at the configured ``[paygap] n_resamples`` (9,999), so the panel is built
once per organisation, year and tier with :func:`wres.web.figures.memo` and kept until that organisation's data
change.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Final

from wres.analysis.paygap import NO_PAY_MESSAGE, OK, NoPayDataError, PayGapOptions, pay_gap, pay_snapshot
from wres.config import load_config
from wres.errors import WresError
from wres.reports.content import Cell, Table
from wres.web import figures as fig

__all__ = ["RESAMPLES", "PayGapPanel", "gap_sentence", "no_pay_sentence", "paygap_panel"]

RESAMPLES: int | None = None
"""Bootstrap resamples of the page's pay gap (None: ``[paygap] n_resamples``; tests lower it)."""
GROUPING: Final = {"internal": "ethnicity5", "public": "wres"}
"""The comparison each tier shows: the 5 groups internally, BME against White in public."""
QUARTILE_NAMES: Final = {1: "1 (lowest paid)", 2: "2", 3: "3", 4: "4 (highest paid)"}
WITHHELD_WORD: Final = "withheld"


@dataclass
class PayGapPanel:
    """What the pay gap part shows; every text already in words. ``message`` alone when there is nothing to show."""

    year: int
    tier: str
    heading: str
    message: str | None = None
    reference: str = ""
    sentences: list[str] = field(default_factory=list)
    gap_table: Table | None = None
    quartile_table: Table | None = None
    notes: list[str] = field(default_factory=list)


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


def gap_table(rows: list[Any], reference: str, year: int, tier: str) -> Table:
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
    return Table("paygap-table", f"Ethnicity pay gap against {reference} staff, 31 March {year}", head, body, note)


def quartile_table(cells: list[Any], groups: list[str], year: int, tier: str) -> Table:
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
    return Table("paygap-quartiles", f"Pay quartiles by ethnic group, 31 March {year}", head, body, note)


def _quartile_sentence(cells: list[Any]) -> str | None:
    top = next((c for c in cells if c.quartile == 4 and c.group == "BME"), None)
    bottom = next((c for c in cells if c.quartile == 1 and c.group == "BME"), None)
    if top is None or bottom is None or top.share is None or bottom.share is None:
        return None
    return (
        f"BME staff are {100 * top.share:.1f}% of the highest-paid quarter of staff and {100 * bottom.share:.1f}% of "
        "the lowest-paid quarter."
    )


def _build(org: str, year: int, tier: str, resamples: int | None) -> PayGapPanel:
    config = load_config()
    settings = config.paygap
    panel = PayGapPanel(year=year, tier=tier, heading=f"Ethnicity pay gap, 31 March {year}")
    options = PayGapOptions(
        grouping=GROUPING[tier],
        reference=settings.reference,
        population=settings.population,
        min_group=settings.min_group,
        n_resamples=resamples or settings.n_resamples,
        seed=settings.seed,
    )
    try:
        with fig.open_store() as store:
            snapshot = pay_snapshot(store, org, year)
    except NoPayDataError:
        panel.message = no_pay_sentence(year)
        return panel
    except WresError as exc:
        panel.message = f"The pay gap cannot be shown for {year}: {exc}."
        return panel
    try:
        result = pay_gap(snapshot, options, org_code=org, year=year)
    except NoPayDataError:
        panel.message = no_pay_sentence(year)
        return panel
    panel.reference = result.reference
    rows: list[Any]
    cells: list[Any]
    if tier == "public":
        from wres.disclosure import DisclosurePolicy
        from wres.disclosure.paygap import protect_pay_gap

        public = protect_pay_gap(result, DisclosurePolicy.from_config(config.disclosure))
        rows, cells, notes = list(public.gaps), list(public.quartiles), list(public.notes)
    else:
        rows, cells, notes = list(result.gaps), list(result.quartiles), list(result.notes)
    groups = list(result.partition)
    panel.sentences = [gap_sentence(r) for r in rows]
    quartile_words = _quartile_sentence(cells)
    if quartile_words:
        panel.sentences.append(quartile_words)
    panel.gap_table = gap_table(rows, result.reference, year, tier)
    panel.quartile_table = quartile_table(cells, groups, year, tier)
    panel.notes = [n[0].upper() + n[1:] + ("" if n.endswith(".") else ".") for n in notes if n]
    return panel


def paygap_panel(org: str, year: int, tier: str) -> PayGapPanel:
    """The pay gap part of ``org``'s Progress page for WRES ``year`` in ``tier``, computed once until the
    organisation's data change (:func:`wres.web.figures.memo`)."""
    resamples = RESAMPLES
    return fig.memo("paygap", org, year, tier, resamples, make=lambda: _build(org, year, tier, resamples))
