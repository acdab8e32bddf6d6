"""The appendix: about the report, methods and ranges, disclosure control, ethnicity
completeness, the import ledger, national sources, limitations and notes.
"""

from __future__ import annotations

from wres.analysis.wording import (
    STATUSES,
    range_words,
    status_tag,
    status_text,
)
from wres.reports.content import (
    Cell,
    Facts,
    Links,
    Paragraphs,
    Section,
    Table,
)
from wres.reports.data import INTERNAL_NOTICE
from wres.reports.sections.base import BuilderBase
from wres.reports.sections.texts import INDICATOR_TITLES, LIMITATIONS
from wres.reports.sentences import (
    format_count,
    format_percent,
    national_clause,
)
from wres.reports.values import number as num


class AppendixSections(BuilderBase):
    """The appendix."""

    # -- appendix ----------------------------------------------------------------------------------------------
    def appendix(self) -> Section:
        d, v = self.data, self.view
        cfg = d.config
        section = Section("appendix", "Appendix: methods and data quality")
        about = [
            ("Organisation", f"{d.org_name} ({d.org_code})"),
            (
                "WRES year",
                f"{d.year} (snapshot 31 March {d.year}; activity year 1 April {d.year - 1} to 31 March "
                f"{d.year}; {d.year - 1} NHS Staff Survey)",
            ),
            ("Years computed", ", ".join(map(str, d.years))),
            ("Tier", "Public: disclosure control applied" if v.public else f"Internal: {INTERNAL_NOTICE}"),
            ("Disclosure policy", self._policy_line()),
            (
                "Computed",
                f"{d.metadata.get('computed_at', '')} with wres {d.metadata.get('wres_version', '')} "
                f"({d.metadata.get('engine', '')} engine, Python {d.metadata.get('python', '')})",
            ),
        ]
        section.blocks.append(Section("appendix-about", "About this report", [Facts(about)]))
        methods = Section("appendix-methods", "Intervals, statuses and ranges")
        methods.blocks.append(
            Facts(
                [
                    (
                        "Indicator 1",
                        "Share of each group in each band; Wilson score 95% interval, compared with the "
                        "group's share of the whole workforce (under- or over-represented when the "
                        "interval lies wholly below or above it).",
                    ),
                    (
                        "Indicators 2–4",
                        f"Ratio of two rates from {self._counts_words()}; Koopman score 95% and 99.8% "
                        "intervals. Status: outside the non-adverse range and the 95% interval excludes "
                        "1 = statistically significant; outside the range but the interval includes "
                        "1 = too few to be sure; within the range.",
                    ),
                    (
                        "Indicators 5–8",
                        "Difference of two percentages (adverse gap) with Newcombe hybrid score 95% and "
                        "99.8% intervals; significant when the 95% interval excludes 0.",
                    ),
                    (
                        "Indicator 9",
                        "Board share minus workforce share in points: descriptive, because the board is "
                        "a whole population (no interval).",
                    ),
                    (
                        "Change since last year",
                        "Ratios: z-test on the difference of the Katz log ratios; gaps and "
                        "shares: Newcombe's method; a change is significant when its 95% "
                        "interval excludes no change.",
                    ),
                    (
                        "Non-adverse range",
                        f"{range_words(cfg.ranges.low, cfg.ranges.high)} "
                        "(configuration [ranges]); the test uses the exact ratio of the counts rounded half-up to "
                        "2 dp, so a ratio shown as 1.25 is inside and one shown as 1.26 is outside.",
                    ),
                    (
                        "Indicator 3 form",
                        f"{cfg.indicator3.form.replace('_', ' ')} (configuration [indicator3] form), "
                        f"counting {cfg.indicator3.unit}s.",
                    ),
                    ("Indicator 2 unit", f"{cfg.indicator2.unit}s (configuration [indicator2] unit)."),
                    (
                        "Indicator 4 people",
                        (
                            "staff in post at 31 March who accessed training, and those who left during the year"
                            if cfg.indicator4.include_leavers
                            else "staff in post at 31 March who accessed training (leavers not counted)"
                        )
                        + " (configuration [indicator4] include_leavers).",
                    ),
                    (
                        "Reliability notes",
                        f"low count: an event count below {cfg.quality.low_count}; small base: a "
                        f"group below {cfg.quality.small_base}; completeness: more than "
                        f"{cfg.quality.unknown_warning:.0%} of ethnicity unknown.",
                    ),
                    (
                        "Survey indicator 7",
                        "“Don't know” answers are "
                        + ("included in" if cfg.survey.i7_dont_know_in_base else "excluded from")
                        + " the base.",
                    ),
                    (
                        "Ethnic groups",
                        f"Disaggregated groups are compared with {cfg.ethnicity.comparator} staff; "
                        f"Chinese is counted in the 5-group as {cfg.ethnicity.chinese_in_5group}.",
                    ),
                ]
            )
        )
        low, high = cfg.ranges.low, cfg.ranges.high
        status_rows = [
            [
                Cell(status_tag(k, low=low, high=high, indicator=ind, group=g), header=True),
                Cell(status_text(k, low=low, high=high, indicator=ind, group=g)),
            ]
            for k, ind, g in [(k, None, None) for k in STATUSES if k != "not_computed"]
            + [("descriptive", "1", None), ("descriptive", "1", "Unknown")]
        ]
        methods.blocks.append(
            Table("statuses", "What each status means", ["Status as tables show it", "Meaning"], status_rows)
        )
        section.blocks.append(methods)
        section.blocks.append(self.disclosure_section())
        section.blocks.append(self.quality_section())
        section.blocks.append(self.ledger_section())
        refs = sorted(self.references.values(), key=lambda r: (r.indicator, r.measure))
        national = Section("appendix-national", "National reference figures")
        if refs:
            national.blocks.append(
                Paragraphs(
                    [
                        "National figures are as published for all NHS trusts in England, mostly from press "
                        "coverage of NHS England's reports; use them as context, not as targets."
                    ]
                )
            )
            national.blocks.append(
                Links(
                    [
                        (f"Indicator {r.indicator}: {national_clause(r, cite=False)}", r.source_url or "")
                        for r in refs
                        if r.source_url
                    ]
                )
            )
        else:
            national.blocks.append(Paragraphs(["No national reference figure applies to this year."]))
        section.blocks.append(national)
        section.blocks.append(
            Section("appendix-limitations", "Known limitations", [Paragraphs(list(LIMITATIONS), style="list")])
        )
        notes = [n for n in (*d.notes, *v.notes) if n]
        if notes:  # an empty Notes section is left out, not printed as a heading over nothing
            section.blocks.append(Section("appendix-notes", "Notes", [Paragraphs(notes, style="list")]))
        return section

    def _policy_line(self) -> str:
        v = self.view
        policy = v.disclosure.get("policy")
        if v.public and policy:
            return f"{policy}, version {v.disclosure.get('version')}"
        cfg = self.data.config.disclosure
        return f"none (internal tier); the public tier of this report applies {cfg.policy}"

    def _from_published(self) -> bool:
        """Whether this tier's statistics are computed from its published, rounded counts (public-v2, methods.md
        §11.2 step 3) rather than from the exact counts (the internal tier; public-v1)."""
        return self.view.public and self.view.disclosure.get("policy") != "public-v1"

    def _counts_words(self) -> str:
        """What the statistics of this tier are computed from."""
        return "the counts as published (rounded)" if self._from_published() else "exact counts"

    def disclosure_section(self) -> Section:
        v = self.view
        sub = Section("appendix-disclosure", "Disclosure control")
        cfg = self.data.config.disclosure
        params = [
            ("Suppressed counts", f"{cfg.suppress_min} to {cfg.suppress_max}"),
            ("Rounding", f"other counts to the nearest {cfg.rounding_base}"),
            ("Zeros", "shown" if cfg.show_zeros else "suppressed"),
            (
                "Protection width",
                f"the values a suppressed count could take, worked out from everything published, number at least "
                f"{cfg.protection_width}",
            ),
            ("All-England figures", "exempt" if cfg.national_exempt else "not exempt"),
            ("Board counts (indicator 9)", "exempt" if cfg.indicator9_exempt else "not exempt"),
        ]
        if v.public:
            if not self._from_published():
                how = (
                    "further cells are suppressed so that no suppressed count can be worked out from totals and "
                    "other cells (checked by an audit), other counts are rounded, and every rate, ratio or "
                    "interval built on a suppressed count is suppressed."
                )
            else:
                how = (
                    f"other counts are rounded to the nearest {cfg.rounding_base}, a further cell is suppressed only "
                    "where an audit finds that a suppressed count could otherwise be worked out from totals and "
                    "other cells, and every rate, ratio, interval, status and change is calculated from the counts "
                    "as published (one built on a suppressed count is not shown)."
                )
            sub.blocks.append(
                Paragraphs(
                    [
                        f"This public report applies disclosure policy {v.disclosure.get('policy')} (version "
                        f"{v.disclosure.get('version')}) to every table, chart and sentence before anything is "
                        f"shown: counts of {cfg.suppress_min} to {cfg.suppress_max} are suppressed, {how}",
                        v.footnote or "",
                    ]
                )
            )
        else:
            sub.blocks.append(
                Paragraphs(
                    [
                        f"{INTERNAL_NOTICE}. This internal report shows every count and statistic unsuppressed and "
                        "unrounded. It must not be published: the public tier of the same report applies the "
                        f"disclosure policy {cfg.policy} below."
                    ],
                    style="notice",
                )
            )
        sub.blocks.append(Facts(params))
        return sub

    def quality_section(self) -> Section:
        f = self.fmt
        sub = Section("appendix-quality", "Ethnicity completeness")
        rows = []
        for row in self.headline_rows():
            if str(row["indicator"]) == "9":
                continue
            completeness = num(row, "completeness")
            cell = Cell(format_percent(completeness), "num") if completeness is not None else f.missing(row)
            rows.append(
                [
                    Cell(f"{row['indicator']}. {INDICATOR_TITLES[str(row['indicator'])]}", header=True),
                    f.count(row, "unknown"),
                    cell,
                ]
            )
        sub.blocks.append(
            Table(
                "completeness",
                f"Ethnicity recorded, by indicator, {self.year}",
                ["Indicator", "People of unknown ethnicity", "Ethnicity known"],
                rows,
                note="People whose ethnicity is not stated or not known are counted in indicator 1's shares and "
                "excluded from the rates of indicators 2–8.",
            )
        )
        if not self.view.public:
            q_rows = []
            for rec in self.data.imports:
                for eth in rec.quality.get("ethnicity", []):
                    comp = eth.get("completeness")
                    q_rows.append(
                        [
                            Cell(f"{rec.file_name} ({eth.get('table', '')})", header=True),
                            Cell(format_count(float(eth.get("rows", 0))), "count"),
                            Cell(format_count(float(eth.get("stated", 0))), "count"),
                            Cell(format_percent(float(comp)) if comp is not None else "–", "num"),
                        ]
                    )
            if q_rows:
                sub.blocks.append(
                    Table(
                        "completeness-files",
                        "Ethnicity stated in each imported file",
                        ["File (table)", "Rows", "Ethnicity stated", "Completeness"],
                        q_rows,
                    )
                )
            hc = self.data.headcounts
            if not hc.empty:
                hc_rows = [
                    [
                        Cell(str(int(r["year"])), header=True),
                        Cell(format_count(float(r["headcount"])), "count"),
                        Cell(f"{float(r['white_pct']):.1f}%", "num"),
                        Cell(f"{float(r['bme_pct']):.1f}%", "num"),
                        Cell(f"{float(r['unknown_pct']):.1f}%", "num"),
                    ]
                    for r in hc.to_dict("records")
                ]
                sub.blocks.append(
                    Table(
                        "headcounts",
                        "Headcount at each 31 March snapshot in the store",
                        ["Year", "Headcount", "White", "BME", "Unknown"],
                        hc_rows,
                    )
                )
        else:
            rows_hc = []
            for row in sorted(
                self.rows(indicator="1", grouping="wres", breakdown="overall", category="all", group_a="BME"),
                key=lambda r: int(r["year"]),
            ):
                rows_hc.append([Cell(str(row["year"]), header=True), f.count(row, "n1"), f.estimate(row)])
            if rows_hc:
                sub.blocks.append(
                    Table(
                        "headcounts",
                        "Headcount at 31 March (public values)",
                        ["Year", "Headcount", "BME share"],
                        rows_hc,
                    )
                )
        return sub

    def ledger_section(self) -> Section:
        sub = Section("appendix-ledger", "Data sources and import ledger")
        imports = self.data.imports
        if not imports:
            sub.blocks.append(
                Paragraphs(
                    [
                        "The data were loaded from a canonical folder (wres load); there are no "
                        "import ledger entries for this organisation."
                    ]
                )
            )
            return sub
        public = self.view.public
        head = ["Import", "Source", "Profile", "Periods", "Status", "Imported"]
        if not public:
            head += ["Rows read", "Loaded", "Rejected", "Merged"]
        rows = []
        for rec in imports:
            periods = ", ".join(rec.periods[:4]) + (" …" if len(rec.periods) > 4 else "")
            row = [
                Cell(f"{rec.import_id}: {rec.file_name}", header=True),
                Cell(rec.source),
                Cell(rec.profile),
                Cell(periods),
                Cell(rec.status),
                Cell(
                    rec.imported_at.strftime("%Y-%m-%d")
                    if hasattr(rec.imported_at, "strftime")
                    else str(rec.imported_at)
                ),
            ]
            if not public:
                row += [
                    Cell(format_count(rec.rows_read), "count"),
                    Cell(format_count(rec.rows_loaded), "count"),
                    Cell(format_count(rec.rows_rejected), "count"),
                    Cell(format_count(rec.rows_merged), "count"),
                ]
            rows.append(row)
        note = None if not public else "Row counts per file are in the internal tier of this report."
        sub.blocks.append(Table("ledger", "Imported files (the import ledger)", head, rows, note=note))
        return sub
