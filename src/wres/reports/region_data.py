"""Every organisation of a region side by side, in the public tier only (issue 18; methods.md §9–10).

:func:`gather_region` computes the nine indicators for every organisation in the warehouse for a WRES year and the
year before, protects each organisation's counts with the public policy (:func:`wres.disclosure.protect`,
organisation by organisation, as each organisation's own public report does), and keeps only the published counts
and the result rows recomputed from them. Everything else is built on those published counts, never on the exact
ones, so no comparison can undo an organisation's disclosure control:

* **England** and each **peer group** (trust type) are roll-ups of the published counts of every organisation in
  the warehouse (:func:`wres.analysis.rollup.rollup`: pooled counts, never an average of ratios); an organisation
  whose count for a figure is suppressed is left out of that figure's pool (its suppressed Unknown counts are simply
  left out, since no comparison here needs them);
* the **region**'s own value is the roll-up of its organisations' published counts.

:func:`region_rows` then picks one measure (:data:`MEASURES`) and returns one row per organisation of the region:
its value with the 95% interval, Better / Similar / Worse against England and against its peer group (§10), its
position on the funnel of the region's organisations around England (§9: 95% and 99.8% limits with the
overdispersion adjustment, τ² estimated over every organisation in the warehouse, as the published survey measures'
funnel is national), its rank with a 95% interval, and its change since the year before (§5). The funnel
itself is returned for the chart (:func:`wres.reports.funnel_chart.funnel_svg`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any, Final

import numpy as np
import pandas as pd

from wres.analysis.benchmark import compare_results
from wres.analysis.change import year_on_year
from wres.analysis.funnel import Funnel
from wres.analysis.funnel.of_results import funnel_of_results, funnel_ranks
from wres.analysis.funnel.overdispersion import Overdispersion
from wres.analysis.rollup import national_rollup, rollup
from wres.config import WresConfig
from wres.errors import WresError

if TYPE_CHECKING:
    from wres.store import Store

__all__ = ["MEASURES", "Measure", "RegionFigures", "RegionRows", "gather_region", "region_rows", "regions_of"]

NATIONAL: Final = "ENG"
NO_TYPE: Final = "Type not recorded"


@dataclass(frozen=True)
class Measure:
    """One figure compared across organisations: the result row picked from each organisation's rows."""

    key: str
    label: str
    indicator: str
    variant: str | None = None
    breakdown: str = "overall"
    stratum: str = "all"
    group_a: str | None = None
    better: str = ""
    """What "better" means, in words, for the page."""
    judged: bool = True
    """False for a measure with no better direction (the BME share of the whole workforce describes the workforce):
    its comparisons read Higher / Similar / Lower and its funnel positions above / below (:data:`UNJUDGED`)."""

    def pick(self, results: pd.DataFrame) -> pd.DataFrame:
        r = results
        mask = (
            (r["indicator"].astype(str) == self.indicator)
            & (r["grouping"] == "wres")
            & (r["breakdown"] == self.breakdown)
            & (r["stratum"].astype(str) == self.stratum)
            & (r["category"] == "all")
        )
        if self.variant is not None:
            mask &= r["variant"] == self.variant
        if self.group_a is not None:
            mask &= r["group_a"] == self.group_a
        else:
            mask &= r["headline"].astype(bool)
        return r[mask]


MEASURES: Final[dict[str, Measure]] = {
    m.key: m
    for m in (
        Measure("1", "Indicator 1: BME share of the workforce", "1", "headcount", group_a="BME",
                better="higher is not better or worse: a description of the workforce", judged=False),
        Measure("1-8a", "Indicator 1: BME share of staff at band 8a", "1", "headcount", "band", "8a", "BME",
                better="higher is better (closer to the workforce)"),
        Measure("2", "Indicator 2: relative likelihood of White applicants being appointed from shortlisting", "2",
                better="lower is better (1.00 is equal likelihood)"),
        Measure("3", "Indicator 3: relative likelihood of BME staff entering the formal disciplinary process", "3",
                better="lower is better (1.00 is equal likelihood)"),
        Measure("4", "Indicator 4: relative likelihood of White staff accessing non-mandatory training", "4",
                better="lower is better (1.00 is equal likelihood)"),
    )
}  # fmt: skip
"""The measures the region page and report compare: the figures with a funnel (shares and ratios, methods §9)."""


@dataclass
class RegionFigures:
    """The published figures of every organisation in the warehouse for ``year`` and ``year − 1`` (module docstring)."""

    year: int
    organisations: pd.DataFrame
    """``org_code``, ``org_name``, ``region``, ``trust_type`` of every organisation in the warehouse."""
    results: pd.DataFrame
    """Public result rows (recomputed from the published counts) of every organisation, both years."""
    england: pd.DataFrame
    peers: pd.DataFrame
    regions: pd.DataFrame
    notes: list[str] = field(default_factory=list)


def regions_of(store: Store) -> pd.DataFrame:
    """Every organisation's code, name, region and trust type from the warehouse (missing ones in words)."""
    cols = {r[0] for r in store.con.execute("DESCRIBE organisations").fetchall()}
    region = "region" if "region" in cols else "NULL"
    kind = "trust_type" if "trust_type" in cols else "NULL"
    frame = store.con.execute(
        f"SELECT org_code, org_name, {region} AS region, {kind} AS trust_type FROM organisations ORDER BY org_code"
    ).df()
    frame["org_code"] = frame["org_code"].astype(str)
    frame["region"] = frame["region"].fillna("").astype(str)
    frame["trust_type"] = frame["trust_type"].fillna(NO_TYPE).replace("", NO_TYPE).astype(str)
    return frame


def gather_region(store: Store, year: int, config: WresConfig) -> RegionFigures:
    """Compute, protect and roll up (module docstring). Raises :class:`~wres.errors.WresError` when no organisation
    has a 31 March snapshot for ``year``."""
    return protect_region(compute_region(store, year, config), config)


@dataclass
class RegionInputs:
    """What :func:`compute_region` reads from the warehouse: every organisation's unprotected ``wres`` rows for
    WRES ``year`` and the year before. Protecting them (:func:`protect_region`) needs no warehouse, so a server can
    release the warehouse while it runs (about a second per organisation)."""

    year: int
    organisations: pd.DataFrame
    counts: pd.DataFrame
    results: pd.DataFrame


def compute_region(store: Store, year: int, config: WresConfig) -> RegionInputs:
    """Every organisation's indicators for ``year`` and ``year - 1`` (where held), unprotected."""
    from wres.indicators import compute, from_store

    orgs = regions_of(store)
    if orgs.empty:
        raise WresError("the warehouse holds no organisations")
    have = {
        int(r[0])
        for r in store.con.execute(
            "SELECT DISTINCT year(snapshot_date) FROM staff WHERE month(snapshot_date) = 3 AND day(snapshot_date) = 31"
        ).fetchall()
    }
    if year not in have:
        raise WresError(f"no organisation has a 31 March {year} staff snapshot")
    years = [y for y in (year - 1, year) if y in have]
    res = compute(from_store(store), years, config=config)
    keep_c = res.counts["grouping"] == "wres"
    keep_r = res.frame["grouping"] == "wres"
    return RegionInputs(year, orgs, res.counts[keep_c].reset_index(drop=True), res.frame[keep_r].reset_index(drop=True))


def protect_region(inputs: RegionInputs, config: WresConfig) -> RegionFigures:
    """Protect every organisation's rows as its public report is (:func:`wres.disclosure.parallel.protect_many`:
    shared out between the cores when there are many), then roll England, the peer groups and the regions up from
    the published counts (module docstring)."""
    from wres.disclosure import DisclosurePolicy
    from wres.disclosure.parallel import protect_many

    year, orgs = inputs.year, inputs.organisations
    policy = DisclosurePolicy.from_config(config.disclosure)
    # on every core for a region's or the nation's warehouse (about a second per organisation), as protect gives it
    protected = protect_many(inputs.counts, inputs.results, policy, config=config)
    published = protected.counts
    # A count suppressed in an organisation's public return is not known, so an organisation with one is left out of
    # that figure's pool (wres.analysis.rollup, missing="exclude"). The Unknown group's count is the one most often
    # suppressed and no comparison here needs it: its suppressed rows are dropped so that the organisation's BME and
    # White counts still count.
    unknown_hidden = (published["group"] == "Unknown") & pd.to_numeric(published["value"], errors="coerce").isna()
    published = published[~unknown_hidden].reset_index(drop=True)
    present = set(published["org_code"].astype(str))
    types = {c: t for c, t in zip(orgs["org_code"], orgs["trust_type"], strict=True) if c in present}
    areas = {c: r for c, r in zip(orgs["org_code"], orgs["region"], strict=True) if c in present and r}
    england = national_rollup(published, config=config, code=NATIONAL).results
    peers = rollup(published, types, level="peer_group", config=config).results
    regions = (
        rollup(published[published["org_code"].isin(list(areas))], areas, level="region", config=config).results
        if areas
        else protected.results.iloc[0:0]
    )
    return RegionFigures(year, orgs, protected.results, england, peers, regions, list(protected.notes))


@dataclass
class RegionRows:
    """One measure across a region's organisations (:func:`region_rows`)."""

    region: str
    measure: Measure
    year: int
    rows: pd.DataFrame
    """One row per organisation of the region: ``org_code``, ``org_name``, ``trust_type``, ``estimate``,
    ``ci95_low``, ``ci95_high``, ``estimate_type``, ``vs_england``, ``vs_peers``, ``peer_group``, ``funnel``
    (the position's words), ``rank``, ``rank_low``, ``rank_high``, ``previous``, ``change`` (words) and
    ``suppressed``."""
    england: float | None
    region_value: float | None
    peers: dict[str, float]
    funnel: Funnel | None
    notes: list[str] = field(default_factory=list)


CHANGE_WORDS: Final = {
    "getting better": "better than last year",
    "getting worse": "worse than last year",
}


def _value(frame: pd.DataFrame) -> float | None:
    if frame.empty:
        return None
    v = pd.to_numeric(frame["estimate"], errors="coerce").iloc[0]
    return None if pd.isna(v) else float(v)


def _national_overdispersion(picked: pd.DataFrame, year: int, centre: float | None) -> Overdispersion | bool:
    """τ² of every organisation in the warehouse around England's value (methods §9.5), for the region's funnel:
    the limits then show how much organisations vary across England. Estimated from the region's organisations
    alone, a region that differs from England as a whole (London's BME share of the workforce) would have that
    difference taken for variation between organisations, and limits wide enough to hold every one of them.
    ``True`` (estimate from the funnel's own organisations) when there is no England value or no national funnel."""
    if centre is None:
        return True
    everyone = picked[pd.to_numeric(picked["year"]) == year].drop_duplicates("org_code")
    try:
        return funnel_of_results(everyone, centre=centre).overdispersion
    except WresError:
        return True


def region_rows(figures: RegionFigures, region: str, measure_key: str) -> RegionRows:
    """``measure_key`` (:data:`MEASURES`) for every organisation of ``region`` (module docstring)."""
    from wres.reports.funnel_chart import LABEL_WORDS

    if measure_key not in MEASURES:
        raise WresError(f"unknown measure {measure_key!r}; choose one of {', '.join(MEASURES)}")
    measure = MEASURES[measure_key]
    year = figures.year
    orgs = figures.organisations[figures.organisations["region"] == region]
    if orgs.empty:
        raise WresError(f"no organisation in the warehouse is in the region {region!r}")
    codes = list(orgs["org_code"])
    everyone = measure.pick(figures.results)
    picked = everyone[everyone["org_code"].astype(str).isin(codes)]
    now = picked[pd.to_numeric(picked["year"]) == year].drop_duplicates("org_code")
    notes: list[str] = []
    england_rows = measure.pick(figures.england)
    england_rows = england_rows[pd.to_numeric(england_rows["year"]) == year]
    peer_rows = measure.pick(figures.peers)
    peer_rows = peer_rows[pd.to_numeric(peer_rows["year"]) == year]
    types = dict(zip(orgs["org_code"], orgs["trust_type"], strict=True))
    vs_e = compare_results(now, england_rows) if not england_rows.empty and not now.empty else None
    vs_p = compare_results(now, peer_rows, mapping=types) if not peer_rows.empty and not now.empty else None
    changes = year_on_year(picked, year) if not picked.empty else pd.DataFrame()
    funnel: Funnel | None = None
    ranks = pd.DataFrame(columns=["unit", "rank", "rank_low", "rank_high"])
    centre = _value(england_rows)
    try:
        funnel = funnel_of_results(now, centre=centre, overdispersion=_national_overdispersion(everyone, year, centre))
        ranks = funnel_ranks(funnel)
    except WresError as exc:
        notes.append(f"No funnel: {str(exc).removeprefix('funnel: ')}.")
    positions = (
        {} if funnel is None else dict(zip(funnel.points["unit"].astype(str), funnel.points["label"], strict=True))
    )
    out: list[dict[str, Any]] = []
    for code in codes:
        row = now[now["org_code"].astype(str) == code]
        rec: dict[str, Any] = {
            "org_code": code,
            "org_name": str(orgs.loc[orgs["org_code"] == code, "org_name"].iloc[0]),
            "trust_type": types[code],
        }
        if row.empty:
            rec.update(estimate=None, ci95_low=None, ci95_high=None, suppressed=False, computed=False)
        else:
            r = row.iloc[0]
            suppressed = str(r.get("disclosure", "")) == "suppressed" or str(r.get("reason", "")) == "suppressed"
            est = pd.to_numeric(pd.Series([r["estimate"]]), errors="coerce").iloc[0]
            rec.update(
                estimate=None if pd.isna(est) or suppressed else float(est),
                ci95_low=_num(r.get("ci95_low")) if not suppressed else None,
                ci95_high=_num(r.get("ci95_high")) if not suppressed else None,
                suppressed=suppressed,
                computed=str(r.get("status")) != "not_computed" and not pd.isna(est),
                estimate_type=str(r["estimate_type"]),
            )
        rec["vs_england"] = judged_label(_label(vs_e, code), measure)
        rec["vs_peers"] = judged_label(_label(vs_p, code), measure)
        where = judged_label(str(positions[code]), measure) if code in positions else None
        rec["funnel"] = LABEL_WORDS.get(where, where) if where is not None else None
        rk = ranks[ranks["unit"].astype(str) == code] if not ranks.empty else ranks
        rec["rank"], rec["rank_low"], rec["rank_high"] = (
            (int(rk.iloc[0]["rank"]), int(rk.iloc[0]["rank_low"]), int(rk.iloc[0]["rank_high"]))
            if not rk.empty
            else (None, None, None)
        )
        ch = changes[changes["org_code"].astype(str) == code] if not changes.empty else changes
        rec["previous"] = _num(ch.iloc[0].get("previous_estimate")) if not ch.empty else None
        rec["change"] = str(ch.iloc[0].get("label")) if not ch.empty and ch.iloc[0].get("label") else None
        out.append(rec)
    peers = {
        str(c): float(v)
        for c, v in zip(peer_rows["org_code"], pd.to_numeric(peer_rows["estimate"], errors="coerce"), strict=True)
        if not pd.isna(v)
    }
    regional = measure.pick(figures.regions)
    regional = regional[(regional["org_code"].astype(str) == region) & (pd.to_numeric(regional["year"]) == year)]
    region_value = _value(regional)
    return RegionRows(region, measure, year, pd.DataFrame(out), centre, region_value, peers, funnel, notes)


UNJUDGED: Final = {
    "Better": "Higher",
    "Worse": "Lower",
    "better_998": "high_998",
    "better_95": "high_95",
    "worse_95": "low_95",
    "worse_998": "low_998",
}
"""How a measure with no better direction reads (its polarity is "higher": better is higher)."""


def judged_label(label: str | None, measure: Measure) -> str | None:
    return label if measure.judged or label is None else UNJUDGED.get(label, label)


def _num(value: object) -> float | None:
    v = pd.to_numeric(pd.Series([value]), errors="coerce").iloc[0]
    return None if pd.isna(v) or not np.isfinite(v) else float(v)


def _label(frame: pd.DataFrame | None, code: str) -> str | None:
    if frame is None:
        return None
    hit = frame[frame["org_code"].astype(str) == code]
    return None if hit.empty else str(hit.iloc[0]["comparison"])


# ------------------------------------------------------------- real published data: the NHS Staff Survey (issue 18)

SURVEY_PREFIX: Final = "survey-"
"""Measure keys ``survey-<code>``: a measure of :data:`wres.ingest.published.SURVEY_MEASURES`."""


def survey_measures() -> dict[str, str]:
    """``survey-<code>`` → the page's label of each published Staff Survey measure."""
    from wres.ingest.published import SURVEY_MEASURES

    return {
        f"{SURVEY_PREFIX}{code}": f"NHS Staff Survey (published, all staff, not by ethnicity): {m.label}"
        for code, m in SURVEY_MEASURES.items()
    }


@cache
def _survey() -> pd.DataFrame:
    from wres.ingest.published import read_survey_published

    return read_survey_published()


def survey_year_for(year: int, held: list[int]) -> int | None:
    """The survey year a WRES year reads (the autumn before, wres-domain.md: WRES ``year`` uses survey ``year − 1``),
    or the latest held before it; None when the file holds none that early."""
    earlier = [y for y in held if y <= year - 1]
    return max(earlier) if earlier else None


def survey_region_rows(region: str, measure_key: str, year: int) -> RegionRows:
    """A published Staff Survey measure for every organisation of ``region`` in the packaged results
    (:func:`wres.analysis.side_by_side.survey_side_by_side`: real NHS trusts; England and the peer groups pooled over
    trusts), as :func:`region_rows` gives a WRES measure: each organisation's value, interval, Better / Similar /
    Worse, funnel position, rank and its change since the survey before (Newcombe's interval for the difference of
    the two published proportions, methods §3). The values are **all staff, not by ethnicity**."""
    from wres.analysis.side_by_side import survey_side_by_side
    from wres.ingest.published import SURVEY_MEASURES
    from wres.reports.funnel_chart import LABEL_WORDS
    from wres.stats import newcombe_diff_interval
    from wres.vocab.organisations import ORG_TYPE_LABELS

    code = measure_key.removeprefix(SURVEY_PREFIX)
    if code not in SURVEY_MEASURES:
        raise WresError(f"unknown measure {measure_key!r}")
    summaries = _survey()
    held = sorted({int(y) for y in summaries["year"]})
    survey_year = survey_year_for(year, held)
    if survey_year is None:
        raise WresError(f"the published survey results start in {held[0]}: none for WRES {year}")
    got = survey_side_by_side(summaries, measure=code, year=survey_year, region=region)
    orgs = got.organisations
    if orgs.empty:
        raise WresError(f"no organisation of {region} in the published survey results for {survey_year}")
    before = None
    if survey_year - 1 in held:
        before = survey_side_by_side(summaries, measure=code, year=survey_year - 1, region=region).organisations
    spec = SURVEY_MEASURES[code]
    label = survey_measures()[measure_key]
    measure = Measure(
        measure_key,
        label,
        "survey",
        better="lower is better" if spec.polarity == "lower" else "described, not judged better or worse",
    )
    published = summaries[(summaries["measure"] == code) & (summaries["year"] == survey_year)]
    rates = dict(zip(published["org_code"].astype(str), published["rate"].astype(float) / 100.0, strict=True))
    earlier = summaries[(summaries["measure"] == code) & (summaries["year"] == survey_year - 1)]
    before_rates = dict(zip(earlier["org_code"].astype(str), earlier["rate"].astype(float) / 100.0, strict=True))
    rows: list[dict[str, Any]] = []
    for r in orgs.to_dict("records"):
        change, previous = None, None
        if before is not None:
            prev = before[before["org_code"] == r["org_code"]]
            if not prev.empty:
                p = prev.iloc[0]
                previous = before_rates.get(str(r["org_code"]), float(p["value"]))
                diff = newcombe_diff_interval(r["numerator"], r["denominator"], p["numerator"], p["denominator"])
                low, high = float(np.asarray(diff.low)), float(np.asarray(diff.high))
                if low > 0 or high < 0:
                    worse = (low > 0) == (spec.polarity == "lower")
                    change = ("getting worse" if worse else "getting better") if spec.polarity else "changed"
                else:
                    change = "no significant change"
        rows.append(
            {
                "org_code": str(r["org_code"]),
                "org_name": str(r["org_name"]),
                "trust_type": ORG_TYPE_LABELS.get(str(r["org_type"]), str(r["org_type"])),
                # the percentage as published (the interval and the comparisons use the rebuilt count)
                "estimate": rates.get(str(r["org_code"]), float(r["value"])),
                "ci95_low": float(r["ci95_low"]),
                "ci95_high": float(r["ci95_high"]),
                "suppressed": False,
                "computed": True,
                "estimate_type": "share",
                "vs_england": str(r["vs_england"]),
                "vs_peers": str(r["vs_peer"]),
                "funnel": LABEL_WORDS.get(str(r["funnel_label"]), str(r["funnel_label"])),
                "rank": None if pd.isna(r["rank"]) else int(r["rank"]),
                "rank_low": None if pd.isna(r["rank_low"]) else int(r["rank_low"]),
                "rank_high": None if pd.isna(r["rank_high"]) else int(r["rank_high"]),
                "previous": previous,
                "change": change,
            }
        )
    roll = got.rollups
    regional = roll[(roll["level"] == "region") & (roll["group"] == region)]
    peers = {ORG_TYPE_LABELS.get(str(g), str(g)): float(v) for g, v in zip(roll.loc[roll["level"] == "type", "group"],
                                              roll.loc[roll["level"] == "type", "value"], strict=True)}  # fmt: skip
    notes = [
        f"Published NHS Staff Survey {survey_year} results of every NHS trust in {region}: all staff, not by "
        f"ethnicity; each count rebuilt from the published percentage and its base (an effective count: the "
        f"published percentages are weighted). England and the peer groups are pooled over NHS trusts; the ranks are "
        f"national ({int(orgs['ranked'].iloc[0])} trusts)."
    ]
    return RegionRows(
        region,
        measure,
        survey_year,
        pd.DataFrame(rows),
        float(got.england),
        None if regional.empty else float(regional["value"].iloc[0]),
        peers,
        got.funnel,
        notes,
    )


# ------------------------------------------------------------------ one row's words, for the page and the report


def is_share(got: RegionRows) -> bool:
    """Whether the measure is a share (indicator 1, a survey percentage) rather than a relative likelihood."""
    return got.measure.indicator in ("1", "survey")


def figure_text(value: object, share: bool) -> str:
    """A share as ``12.3%``, a ratio as ``1.23``; ``–`` when missing."""
    v = _num(value)
    if v is None:
        return "–"
    return f"{100 * v:.1f}%" if share else f"{v:.2f}"


def cell_text(value: object) -> str | None:
    """A text cell of :attr:`RegionRows.rows`, None for a missing one (pandas turns None into NaN)."""
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)


@dataclass(frozen=True)
class RowText:
    """One organisation's row of :func:`region_rows` in words (the region page's and the regional report's)."""

    value: str | None
    """``12.3% (11.0% to 13.8%)``, ``not computed``, or None when suppressed (each output marks it its own way)."""
    rank: str
    change: str
    vs_england: str
    vs_peers: str
    funnel: str | None
    """The funnel position in words, None when the organisation is not on the funnel."""


def row_text(row: Mapping[Any, Any], share: bool) -> RowText:
    """``row`` (a record of :attr:`RegionRows.rows`) in words."""
    suppressed = bool(row.get("suppressed"))
    value: str | None = None
    if not suppressed:
        value = (
            "not computed"
            if _num(row.get("estimate")) is None
            else f"{figure_text(row['estimate'], share)} ({figure_text(row.get('ci95_low'), share)} to "
            f"{figure_text(row.get('ci95_high'), share)})"
        )
    rank = "–"
    if _num(row.get("rank")) is not None:
        rank = f"{int(row['rank'])} ({int(row['rank_low'])} to {int(row['rank_high'])})"
    return RowText(
        value=value,
        rank=rank,
        change="–" if suppressed else cell_text(row.get("change")) or "could not be calculated",
        vs_england=cell_text(row.get("vs_england")) or "Not compared",
        vs_peers=cell_text(row.get("vs_peers")) or "Not compared",
        funnel=cell_text(row.get("funnel")),
    )


def mover_lines(got: RegionRows) -> list[str]:
    """``Name: getting better (12.0% to 10.1%)`` for each organisation whose shown value changed significantly since
    the year before."""
    share = is_share(got)
    return [
        f"{r['org_name']}: {r['change']} ({figure_text(r.get('previous'), share)} to "
        f"{figure_text(r.get('estimate'), share)})"
        for r in got.rows.to_dict("records")
        if not r.get("suppressed")
        and cell_text(r.get("change")) not in (None, "no significant change", "could not be calculated")
    ]
