"""One indicator's page: the report's own section for it, a breakdown, the previous years and the ethnic groups.

Everything is built by the annual report's :class:`~wres.reports.sections.Builder` from the tier's rows (so the
page and the published report cannot disagree): the indicator's wording and generated sentences and, for
indicators 2–9, the section's chart and data table as the report prints them. Indicator 1's breakdowns (pay band
or band cluster for all staff or one staff category, staff category) are drawn with the report's band-profile
helpers (:meth:`~wres.reports.sections.Builder.band_table`, ``share_points``, the report's share chart). The
disaggregated ethnic groups are the report's (:meth:`~wres.reports.sections.Builder.group_composition`,
``group_comparison``) when the tier shows them; the public tier leaves them out (see
:func:`wres.reports.data.tier_view`) and the page says so.

The internal tier also offers every indicator but 9 by band, band cluster, staff group, directorate and site
(:data:`ON_DEMAND`), computed from the warehouse as ``wres indicators --by`` computes them
(:func:`computed_rows`) and shown in the report's comparison table (indicator 1: its share figure); a breakdown
the data do not hold is a sentence, not an error. The public tier offers only the report's own breakdowns: the
others are not protected for publication (a decision for the disclosure owner to revisit).

Charts are drawn for print (10–11 px labels); :func:`legible_svg` draws them 1.4 times larger on the page.

The "Is it getting better?" panel (SPC charts of the indicator's monthly or quarterly series) and the detectable
change beside indicators 2–4 are :mod:`wres.web.progress_panel`'s, the same for every breakdown of the page.

Pages are built once per organisation, year, tier, indicator and breakdown and kept until the warehouse changes
(:func:`wres.web.figures.memo`); only the charts a page shows are rendered.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from wres.analysis.change import CHANGE_KEY
from wres.disclosure.policy import MARKER
from wres.reports.sections import (
    CATEGORY_TITLES,
    INDICATOR_TITLES,
    Block,
    Builder,
    Cell,
    Figure,
    Paragraphs,
    Section,
    Table,
    band_label,
    iter_tables,
)
from wres.reports.values import number, text
from wres.vocab.bands import CLUSTER_LABELS
from wres.web import figures as fig
from wres.web.cards import Card, cards
from wres.web.progress_panel import ProgressPanel, progress_panel

__all__ = [
    "BreakdownError",
    "IndicatorPage",
    "Option",
    "breakdown_options",
    "indicator_page",
    "options_for",
    "warm",
]

Row = Mapping[str, Any]

BREAKDOWN_TITLES: Final[Mapping[str, str]] = {
    "overall": "Whole organisation",
    "band": "Pay band",
    "cluster": "Band cluster",
    "category": "Staff category",
    "staff_group": "Staff group",
    "directorate": "Directorate",
    "site": "Site",
}
#: The breakdowns the internal tier computes on demand for every indicator (as ``wres indicators --by``); the
#: report publishes none of them for indicators 2–9, so the public tier has no protected figures for them.
ON_DEMAND: Final = ("band", "cluster", "staff_group", "directorate", "site")
NOT_PUBLISHED: Final = (
    "Breakdowns of this indicator by band, staff group, directorate or site are not published in the public "
    "figures (they are not protected for publication); the internal figures show them."
)
NO_FIGURES: Final = "The results hold no figures for this indicator by {what} for {year}."
CATEGORY_WORDS: Final[Mapping[str, str]] = {
    "all": "all staff",
    "non_clinical": "non-clinical staff",
    "clinical": "clinical staff (Agenda for Change bands)",
    "medical_dental": "medical and dental staff",
}
BREAKDOWN_ORDER: Final = ("overall", "band", "cluster", "category", "staff_group", "directorate", "site")
CATEGORY_ORDER: Final = ("all", "non_clinical", "clinical", "medical_dental")


class BreakdownError(ValueError):
    """The breakdown asked for is not one the results hold (the page then offers the ones they do)."""


@dataclass(frozen=True)
class Option:
    """One choice of the breakdown selector: its query value and its label."""

    value: str
    label: str
    breakdown: str
    category: str | None
    computed: bool = False  # computed for the page (``compute(by=…)``), not one of the report's rows


@dataclass
class IndicatorPage:
    """What the indicator page shows (see the module docstring)."""

    number: str
    title: str
    year: int
    card: Card
    intro: list[str]
    sentences: list[str]
    options: list[Option]
    option: Option
    blocks: list[Block | Section]
    history: Table
    groups: list[Block | Section]
    groups_note: str | None
    footnote: str | None = None
    breakdown_note: str | None = None
    trend_svg: str | None = None
    progress: ProgressPanel | None = None


def _order(option: Option) -> tuple[int, int]:
    b = BREAKDOWN_ORDER.index(option.breakdown) if option.breakdown in BREAKDOWN_ORDER else len(BREAKDOWN_ORDER)
    c = CATEGORY_ORDER.index(option.category) if option.category in CATEGORY_ORDER else len(CATEGORY_ORDER)
    return (b, c)


def breakdown_options(results_rows: Iterable[Row], number: str, year: int) -> list[Option]:
    """The breakdowns the result rows hold for indicator ``number`` in ``year`` (WRES grouping), overall first.

    Indicator 1's staff categories are one choice (a row each); every other breakdown is one choice per staff
    category it is given for.
    """
    seen: set[tuple[str, str]] = set()
    for row in results_rows:
        if str(row["indicator"]) != number or row["grouping"] != "wres" or int(row["year"]) != year:
            continue
        breakdown, category = str(row["breakdown"]), str(row["category"])
        seen.add((breakdown, "all" if breakdown == "category" else category))
    out = [Option("overall", BREAKDOWN_TITLES["overall"], "overall", "all")]
    for breakdown, category in seen:
        if breakdown == "overall":
            continue
        title = BREAKDOWN_TITLES.get(breakdown, breakdown.replace("_", " ").capitalize())
        if breakdown == "category":
            out.append(Option("category", f"{title} (non-clinical, clinical, medical and dental)", breakdown, None))
            continue
        value = breakdown if category == "all" else f"{breakdown}-{category}"
        words = CATEGORY_WORDS.get(category, category.replace("_", " "))
        out.append(Option(value, f"{title}: {words}", breakdown, category))
    return sorted(out, key=_order)


def _intro(section: Section) -> tuple[list[str], list[str], list[Block | Section]]:
    """The section's wording, its generated sentences and the rest of its blocks."""
    intro: list[str] = []
    sentences: list[str] = []
    rest: list[Block | Section] = []
    for block in section.blocks:
        if isinstance(block, Paragraphs) and block.style == "sentences" and not rest:
            sentences += [t for t in block.texts if t]
        elif isinstance(block, Paragraphs) and block.style == "plain" and not rest and not sentences:
            intro += [t for t in block.texts if t]
        else:
            rest.append(block)
    return intro, sentences, rest


def _stratum_label(breakdown: str) -> Callable[[Row], str]:
    if breakdown == "band":
        return lambda r: band_label(str(r["stratum"]))
    if breakdown == "cluster":
        return lambda r: CLUSTER_LABELS.get(str(r["stratum"]), str(r["stratum"]))
    if breakdown == "category":
        return lambda r: CATEGORY_TITLES.get(str(r["category"]), str(r["category"]))
    if breakdown == "overall":
        return lambda r: str(r["year"])
    return lambda r: str(r["stratum"])


def _share_figure(
    builder: Builder, option: Option, year: int, computed: list[Row] | None = None
) -> list[Block | Section]:
    """Indicator 1 for one breakdown: the BME share in each stratum with its interval, against the whole
    workforce (the report's band-profile figure: table, chart and text alternative); ``computed`` the rows of a
    breakdown computed for the page."""
    where: dict[str, Any] = {"indicator": "1", "grouping": "wres", "group_a": "BME", "breakdown": option.breakdown}
    if computed is not None:
        rows = [r for r in computed if text(r, "group_a") == "BME"]
        if not rows:
            return [Paragraphs([NO_FIGURES.format(what=option.label.lower(), year=year)])]
    elif option.breakdown == "overall":
        where["category"] = "all"
        rows = sorted(builder.rows(**where), key=lambda r: -int(r["year"]))
    else:
        where["year"] = year
        if option.category is not None:
            where["category"] = option.category
        rows = builder.rows(**where)
    if all(text(r, "reason") == "no_people" for r in rows):  # no rows, or only the fixed rows of empty bands
        return [Paragraphs([f"No staff in post at 31 March {year} in this breakdown."])]
    label = _stratum_label(option.breakdown)
    head = builder.one(year=year, indicator="1", headline=True, grouping="wres", breakdown="overall", group_a="BME")
    benchmark = number(head, "estimate") if head is not None and option.breakdown != "overall" else None
    who = CATEGORY_WORDS.get(option.category or "all", "staff") if option.breakdown != "category" else "staff"
    by = {"overall": "by year", "band": "by pay band", "cluster": "by band cluster", "category": "by staff category"}
    by |= {"staff_group": "by staff group"}
    by_words = by.get(option.breakdown, f"by {option.breakdown.replace('_', ' ')}")
    if option.breakdown == "overall":
        caption = f"BME share of the workforce by year, 31 March {min(int(r['year']) for r in rows)}–{year}"
        title = f"BME share of the workforce by year, to {year}"
    else:
        caption = f"BME share of {who} {by_words}, 31 March {year}"
        title = f"BME share of {who} {by_words}, {year}"
    table = builder.band_table(rows, caption, label)
    table.head[0] = {"overall": "Year", "category": "Staff category", "cluster": "Band cluster"}.get(
        option.breakdown, BREAKDOWN_TITLES.get(option.breakdown, "Band") if option.computed else "Band"
    )
    points, hidden = builder.share_points(rows, label)
    return [builder.share_figure(title, f"{who} {by_words}", points, hidden, table, benchmark)]


def _comparison(builder: Builder, number_: str, option: Option, year: int) -> list[Block | Section]:
    """Indicators 2–9 by a breakdown of the tier's rows the report does not print (a generic comparison table)."""
    where: dict[str, Any] = {"indicator": number_, "grouping": "wres", "breakdown": option.breakdown, "year": year}
    if option.category is not None:
        where["category"] = option.category
    rows = builder.rows(**where)
    if not rows:
        return [Paragraphs(["The results hold no figures for this breakdown."])]
    caption = f"Indicator {number_} by {option.label.lower()}, {year}"
    return [
        builder.comparison_table(
            rows, caption, BREAKDOWN_TITLES.get(option.breakdown, "Group"), _stratum_label(option.breakdown)
        )
    ]


@dataclass(frozen=True)
class Computed:
    """A breakdown computed for the page: indicator rows of the year and their changes since the year compared."""

    rows: list[Row]
    changes: list[Row]


def computed_rows(org: str, year: int, number_: str, by: str) -> Computed:
    """Indicator ``number_``'s rows of ``year`` by ``by`` (WRES grouping, all staff), computed from the warehouse
    as ``wres indicators --by`` computes them (unsuppressed: the internal tier only), with their changes since the
    year compared (:func:`wres.analysis.change.year_on_year`: the year before; indicator 3's non-overlapping
    window); kept until the warehouse changes."""

    def make() -> Computed:
        from wres.analysis.change import year_on_year
        from wres.config import load_config
        from wres.indicators import compute, from_store

        held = fig.years(org)
        years = [y for y in (year - 2, year - 1, year) if y in held]
        with fig.open_store() as store:
            res = compute(from_store(store), years, orgs=[org], by=by, config=load_config())
        frame = res.frame
        frame = frame[
            (frame["breakdown"] == by)
            & (frame["grouping"] == "wres")
            & (frame["category"] == "all")
            & (frame["indicator"].astype(str) == number_)
        ].reset_index(drop=True)
        changes = year_on_year(frame, year)
        this = frame[frame["year"].astype("int64") == year]
        return Computed(
            [{str(k): v for k, v in r.items()} for r in this.to_dict("records")],
            [{str(k): v for k, v in r.items()} for r in changes.to_dict("records")],
        )

    return fig.memo("indicator-by", org, year, number_, by, make=make)


def _headline_variant(builder: Builder, number_: str, year: int) -> str | None:
    head = builder.one(year=year, indicator=number_, headline=True, grouping="wres", breakdown="overall")
    return text(head, "variant") if head is not None else None


def _computed(builder: Builder, org: str, number_: str, option: Option, year: int) -> list[Block | Section]:
    """Indicators 2–9 by a breakdown computed for the page: the report's comparison table of the headline
    measure's rows (a message where the data hold none)."""
    variant = _headline_variant(builder, number_, year)
    found = computed_rows(org, year, number_, option.breakdown)
    rows = [r for r in found.rows if variant is None or text(r, "variant") == variant]
    for change in found.changes:  # the table's change column (Builder.change looks them up by CHANGE_KEY and year)
        builder.changes[tuple(str(change.get(k)) for k in (*CHANGE_KEY, "year"))] = change
    if not rows:
        what = option.label.lower()
        return [Paragraphs([NO_FIGURES.format(what=what, year=year)])]
    caption = f"Indicator {number_} by {option.label.lower()}, {year}"
    return [builder.comparison_table(rows, caption, option.label, _stratum_label(option.breakdown))]


def _history_table(card: Card, public: bool) -> Table:
    """The card's trend as the page's "previous years" table (every warehouse year up to the year shown)."""
    rows = [
        [
            Cell(h.label, header=True),
            Cell(h.value, "num", suppressed=h.value == MARKER),
            Cell(h.interval, "num", suppressed=h.interval == MARKER),
            Cell(h.status, "status", suppressed=h.suppressed and public),
        ]
        for h in sorted(card.history, key=lambda h: (-h.year, h.label))
    ]
    years = sorted({h.year for h in card.history})
    span = f"{years[0]}–{years[-1]}" if years else ""
    return Table(
        f"indicator-{card.indicator}-history",
        f"Indicator {card.indicator} headline by year, {span} ({card.short_measure})",
        ["WRES year", "Value", "95% interval", "Status"],
        rows,
    )


GROUPS_NOT_PUBLISHED: Final = (
    "The disaggregated ethnic groups are not published in the public figures. “BME” combines groups whose "
    "experiences differ, and the internal figures show each group against White staff; the groups are often small, "
    "and because every figure published together is protected together, publishing them would force the "
    "suppression of headline WRES figures."
)
BOARD_GROUPS: Final = (
    "Indicator 9 is shown for the WRES groups only: boards have so few members that figures for each ethnic group "
    "would rest on one or two people."
)


def _groups(builder: Builder, number_: str, year: int) -> tuple[list[Block | Section], str | None]:
    view, data = builder.view, builder.data
    if not view.groups_shown:
        return [], GROUPS_NOT_PUBLISHED
    if number_ == "9":
        return [], BOARD_GROUPS
    grouping = data.grouping
    if number_ == "1":
        section = builder.group_composition(grouping)
        if section is None:
            return [], "The results hold no figures by ethnic group for this year."
        return [*section.blocks], None
    rows = builder.rows(year=year, indicator=number_, grouping=grouping, breakdown="overall", category="all")
    if not rows:
        return [], "The results hold no figures by ethnic group for this indicator and year."
    return [*builder.group_comparison(number_, rows).blocks], None


#: The charts are drawn for the printed report (10–11 px labels); on screen they are shown this much larger, so
#: their labels read at 14–15 px (the page's tables use 16 px).
SCREEN_SCALE: Final = 1.4
_SIZE = re.compile(r'^(<svg\b[^>]*?\swidth=")([0-9.]+)("[^>]*?\sheight=")([0-9.]+)(")')


def legible_svg(svg: str | None, scale: float = SCREEN_SCALE) -> str | None:
    """``svg`` with its outer ``width`` and ``height`` multiplied by ``scale`` (the ``viewBox`` kept, so everything,
    labels included, is drawn ``scale`` times larger and nothing moves relative to anything else)."""
    if not svg:
        return svg

    def grow(m: re.Match[str]) -> str:
        w, h = float(m.group(2)) * scale, float(m.group(4)) * scale
        return f"{m.group(1)}{w:.0f}{m.group(3)}{h:.0f}{m.group(5)}"

    return _SIZE.sub(grow, svg.lstrip(), count=1)


def _legible(blocks: Iterable[Block | Section]) -> None:
    for block in blocks:
        if isinstance(block, Section):
            _legible(block.blocks)
        elif isinstance(block, Figure):
            block.svg = legible_svg(block.svg)


def _number_tables(blocks: Iterable[Block | Section], prefix: str) -> None:
    seen: set[str] = set()
    for n, table in enumerate(iter_tables(blocks), start=1):
        if not table.id or table.id in seen:
            table.id = f"{prefix}-table-{n}"
        seen.add(table.id)


def _has_marker(blocks: Iterable[Block | Section]) -> bool:
    for block in blocks:
        if isinstance(block, Section) and _has_marker(block.blocks):
            return True
        if isinstance(block, Paragraphs) and any(MARKER in t for t in block.texts):
            return True
    return any(t.has_suppressed for t in iter_tables(blocks))


def _section(builder: Builder, number_: str) -> Section:
    if number_ == "1":
        return builder.indicator1()
    if number_ in ("2", "3", "4"):
        return builder.ratio_indicator(number_)
    if number_ in ("5", "6", "7", "8"):
        return builder.survey_indicator(number_)
    return builder.board()


def _build(org: str, year: int, tier: str, number_: str, breakdown: str) -> IndicatorPage:
    figs = fig.figures(org, year, tier)
    view = figs.view
    card = next(c for c in cards(org, year, tier) if c.indicator == number_)
    options = options_for(org, year, tier, number_)
    option = next(o for o in options if o.value == breakdown)
    builder = Builder(figs.data, view)
    intro, sentences, rest = _intro(_section(builder, number_))
    if number_ == "1" or option.breakdown != "overall":
        builder.pending.clear()  # the report's own figures for indicator 1 are not shown: only the chosen one
        if option.computed:
            found = computed_rows(org, year, number_, option.breakdown).rows
            rest = (
                _share_figure(builder, option, year, found)
                if number_ == "1"
                else _computed(builder, org, number_, option, year)
            )
        else:
            rest = (
                _share_figure(builder, option, year) if number_ == "1" else _comparison(builder, number_, option, year)
            )
    groups, groups_note = _groups(builder, number_, year)
    builder.render_charts()
    _legible([*rest, *groups])
    history = _history_table(card, view.public)
    _number_tables([*rest, *groups], f"indicator-{number_}")
    marked = _has_marker([*rest, *groups, history]) or card.suppressed or any(MARKER in s for s in sentences)
    return IndicatorPage(
        number=number_,
        title=INDICATOR_TITLES[number_],
        year=year,
        card=card,
        intro=intro,
        sentences=sentences,
        options=options,
        option=option,
        blocks=rest,
        history=history,
        groups=groups,
        groups_note=groups_note,
        footnote=view.footnote if view.public and marked else None,
        breakdown_note=NOT_PUBLISHED if view.public and number_ != "9" else None,
        trend_svg=legible_svg(card.svg),
        progress=progress_panel(org, year, tier, number_),
    )


def options_for(org: str, year: int, tier: str, number_: str) -> list[Option]:
    """The breakdown choices of indicator ``number_`` (see :func:`breakdown_options`), cached."""

    def make() -> list[Option]:
        view = fig.figures(org, year, tier).view
        records = [{str(k): v for k, v in r.items()} for r in view.results.to_dict("records")]
        found = breakdown_options(records, number_, year)
        if view.public:
            return found
        have = {o.value for o in found}
        extra = [
            Option(by, BREAKDOWN_TITLES[by], by, "all", computed=True)
            for by in ON_DEMAND
            if by not in have and number_ != "9"
        ]
        return sorted([*found, *extra], key=_order)

    return fig.memo("indicator-options", org, year, tier, number_, make=make)


def indicator_page(org: str, year: int, tier: str, number_: int, breakdown: str = "overall") -> IndicatorPage:
    """The page of indicator ``number_`` (1–9) for ``org``'s WRES ``year`` in ``tier`` and ``breakdown``.

    Raises :class:`KeyError` for an indicator outside 1–9 and :class:`BreakdownError` for a breakdown the results
    do not hold (checked before anything is cached, so unknown values cost nothing to keep); cached until the
    warehouse changes.
    """
    key = str(number_)
    if key not in INDICATOR_TITLES:
        raise KeyError(f"no indicator {number_}")
    options = options_for(org, year, tier, key)
    if breakdown not in {o.value for o in options}:
        raise BreakdownError(
            f"Choose a breakdown from the list: indicator {key} has no breakdown “{breakdown[:40]}” for {year}."
        )
    return fig.memo(
        "indicator-page", org, year, tier, key, breakdown, make=lambda: _build(org, year, tier, key, breakdown)
    )


def warm(org: str, year: int, tiers: Iterable[str] = ("internal", "public")) -> None:
    """Build the dashboard cards and the nine indicator pages (whole organisation) of ``org``'s ``year`` in each
    tier, so that no visitor waits for them (for a server's warm-up after start or after an import)."""
    for tier in tiers:
        cards(org, year, tier)
        for n in range(1, 10):
            indicator_page(org, year, tier, n)
