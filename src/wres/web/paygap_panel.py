"""The pay gap part of the Progress page (issue 17): "Ethnicity pay gap, 31 March YYYY" for one organisation, WRES
year and tier, from :func:`wres.reports.paygap_content.paygap_shown` (the report's own data and wording: the two
cannot disagree).

* **Internal tier**: the 5 groups' exact figures (the all-BME row first): mean and median gaps with their 95%
  bootstrap intervals, the band-mix / within-band split, the disclosure rate beside each gap, and the pay quartiles.
* **Public tier**: only :func:`wres.disclosure.paygap.protect_pay_gap`'s view of BME against White: counts as
  published, a gap behind a suppressed count says "withheld", quartile shares from the published counts. No
  internal-only value reaches it.
* **No pay data** for the year: a sentence saying which ESR columns to import, no error.

**Caching.** The bootstrap takes seconds at the configured ``[paygap] n_resamples`` (9,999), so the panel is built
once per organisation, year and tier with :func:`wres.web.figures.memo` and kept until that organisation's data
change.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Final

from wres.config import load_config
from wres.reports.content import Table
from wres.reports.paygap_content import gap_sentence, gap_table, no_pay_sentence, paygap_shown
from wres.web import figures as fig

__all__ = ["RESAMPLES", "PayGapPanel", "gap_sentence", "gap_table", "no_pay_sentence", "paygap_panel"]

RESAMPLES: int | None = None
"""Bootstrap resamples of the page's pay gap (None: ``[paygap] n_resamples``; tests lower it)."""


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


NBSP: Final = "\u00a0"


def _intervals_whole(table: Table) -> Table:
    """``table`` with each interval's words joined by non-breaking spaces ("2.1%\u00a0to\u00a04.8%"), so a cell that
    wraps (``wres-table--wrap`` in ``web.css``) breaks only between the value and its bracketed interval."""
    rows = [
        [replace(c, text=c.text.replace(" to ", f"{NBSP}to{NBSP}")) if c.kind == "num" else c for c in row]
        for row in table.rows
    ]
    return replace(table, rows=rows)


def _build(org: str, year: int, tier: str, resamples: int | None) -> PayGapPanel:
    from wres.web.outlook_page import shared_outlooks  # it reads RESAMPLES from this module

    shown = shared_outlooks(org, year)[tier].paygap
    if shown is None:  # not gathered with the outlook (never with the defaults)
        with fig.open_store() as store:
            shown = paygap_shown(store, org, year, load_config(), (tier,), resamples=resamples)[tier]
    panel = PayGapPanel(year=year, tier=tier, heading=shown.heading, message=shown.message)
    if shown.message is None:
        panel.reference = shown.reference
        panel.sentences = shown.sentences()
        panel.gap_table, panel.quartile_table = (_intervals_whole(t) for t in shown.tables())
        panel.notes = shown.notes
    return panel


def paygap_panel(org: str, year: int, tier: str) -> PayGapPanel:
    """The pay gap part of ``org``'s Progress page for WRES ``year`` in ``tier``, computed once until the
    organisation's data change (:func:`wres.web.figures.memo`)."""
    resamples = RESAMPLES
    return fig.memo("paygap", org, year, tier, resamples, make=lambda: _build(org, year, tier, resamples))
