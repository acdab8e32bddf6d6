"""Plans for the spreadsheet template's tests: one realistic plan written out by hand, and a Hypothesis strategy
over plans whose text has commas, quotes, newlines, a leading "=", unicode, and whose optional fields are empty."""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

from wres.plan import records as r

SAMPLE = r.Plan(
    org_code="RXX",
    title="Race equality plan 2025–2028",
    start_year=2025,
    end_year=2028,
    vision='Fair careers, "for everyone", at every band',
    status=r.PlanStatus.APPROVED,
    approved=date(2025, 4, 24),
    minute_ref="TB/25/041",
    objectives=(
        r.Objective(
            ref="O1",
            title="More BME staff at band 8a and above",
            measures=(
                r.Measure("1", breakdown="cluster", stratum="8a-8b"),
                r.Measure("2", breakdown="cluster", stratum="8a-8b", grouping="group5", group="Black"),
            ),
            baseline_year=2024,
            baseline_value=0.12,
            target_value=0.19,
            target_year=2028,
            sponsor=r.Person("cpo.jones", "Chief People Officer"),
            owner=r.Person("edi.lead", "Head of EDI"),
            description='=IMPORTXML("http://x")  — not a formula',
            high_impact_actions=(2, 3),
            networks=("BAME network", "Race & Culture forum"),
        ),
        r.Objective(
            ref="O2",
            title="Less harassment from colleagues",
            measures=(r.Measure("6"),),
            baseline_year=2024,
            baseline_value=None,
            target_value=0.2,
            target_year=2027,
            trajectory=r.TrajectoryKind.MODEL_EMPLOYER,
        ),
    ),
    actions=(
        r.Action(
            ref="A1",
            description="Diverse interview panels for every 8a+ post",
            objectives=("O1",),
            owner=r.Person("recruit.head", "Head of Recruitment"),
            start=date(2025, 5, 1),
            due=date(2025, 12, 31),
            status=r.ActionStatus.DONE,
            completed=date(2025, 11, 20),
            evidence="Panel audit, line 1\nline 2",
            links=("https://intranet.example/panels",),
        ),
        r.Action(
            ref="A2", description="Bystander training", objectives=("O1", "O2"), status=r.ActionStatus.IN_PROGRESS
        ),
    ),
    reviews=(
        r.Review(
            objective="O1",
            held=date(2026, 3, 2),
            planned="Panels lift appointments",
            happened="Panels in place",
            decision=r.Decision.ADAPT,
            next_steps="Add shortlisting checks",
            study="Relative likelihood improved",
            data=(
                r.MeasureSnapshot(
                    r.Measure("2", breakdown="cluster", stratum="8a-8b"), 2025, 1.4, 1.1, 1.8, "adverse", "improved"
                ),
                r.MeasureSnapshot(r.Measure("1"), 2025, None, None, None, "no data"),
            ),
        ),
    ),
    engagements=(
        r.Engagement(
            held=date(2025, 6, 12),
            kind=r.EngagementKind.SESSION,
            format="listening event",
            groups=("BAME network", "Nursing forum"),
            participants=42,
            themes="Promotion, panels",
            responses="Panels agreed",
            title="Summer listening event",
        ),
        r.Engagement(
            held=date(2025, 9, 1),
            kind=r.EngagementKind.LEADERSHIP,
            format="reverse mentoring",
            groups=(),
            participants=8,
            leaders=6,
        ),
    ),
    said_did=(
        r.YouSaidWeDid(
            said="Panels are not diverse",
            did="Diverse panels",
            status=r.ItemStatus.DONE,
            objectives=("O1",),
            actions=("A1",),
        ),
    ),
    commitments=(
        r.BoardCommitment(
            r.Person("ceo", "Chief Executive"), "Sponsor two reverse mentoring pairs", "reviewed", date(2026, 3, 30)
        ),
    ),
)

# Text as a person writes it: any printable character XML can hold (so no control characters other than tab
# and newline), including commas, quotes, ';' and a leading '=' or "'=".
_CHARS = st.characters(
    codec="utf-8", exclude_categories=("Cs", "Cc"), exclude_characters="\ufffe\uffff"
) | st.sampled_from([",", '"', "'", "\n", "\t", "=", "+", "-", "@", ";", "é", "—", "🙂"])
TEXT = st.text(_CHARS, max_size=30) | st.sampled_from(["=SUM(A1:A3)", "'=1+1", "-5", "@here", "'quoted", 'a,b\n"c"'])
REQUIRED = TEXT.filter(lambda s: s.strip() != "")
WORD = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp")).filter(lambda c: c not in ";"),
    min_size=1,
    max_size=12,
)
"""A list item or ref: no ';' and no spaces around it (the template's list rule)."""
DATES = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))
NUMBER = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False).map(lambda x: round(x, 6))
"""Numbers of up to 13 significant digits: a workbook keeps 16 (XlsxWriter writes ``%.16g``; Excel shows 15)."""
PEOPLE = st.builds(r.Person, username=st.just("") | WORD, title=TEXT)
MEASURES = st.builds(
    r.Measure,
    indicator=st.sampled_from([str(i) for i in range(1, 10)]),
    breakdown=st.sampled_from(["overall", "cluster", "band", "staff_group"]),
    stratum=WORD,
    category=st.just("all") | WORD,
    grouping=st.sampled_from(["wres", "group5", "group9"]),
    group=WORD,
    variant=st.just("") | WORD,
)


@st.composite
def plans(draw: st.DrawFn) -> r.Plan:
    refs = draw(st.lists(WORD, unique=True, max_size=4))
    objectives = tuple(
        r.Objective(
            ref=ref,
            title=draw(REQUIRED),
            measures=tuple(draw(st.lists(MEASURES, min_size=1, max_size=3))),
            baseline_year=(base := draw(st.integers(2000, 2030))),
            baseline_value=draw(st.none() | NUMBER),
            target_value=draw(NUMBER),
            target_year=draw(st.integers(base, 2040)),
            trajectory=draw(st.sampled_from(r.TrajectoryKind)),
            sponsor=draw(PEOPLE),
            owner=draw(PEOPLE),
            description=draw(TEXT),
            high_impact_actions=tuple(draw(st.lists(st.integers(1, 6), max_size=3))),
            networks=tuple(draw(st.lists(WORD, max_size=3))),
        )
        for ref in refs
    )
    action_refs = draw(st.lists(WORD, unique=True, max_size=4 if refs else 0))
    actions = []
    for ref in action_refs:
        start = draw(st.none() | DATES)
        later = DATES if start is None else st.dates(min_value=start, max_value=date(2100, 12, 31))
        actions.append(
            r.Action(
                ref=ref,
                description=draw(REQUIRED),
                objectives=tuple(draw(st.lists(st.sampled_from(refs), min_size=1, max_size=2))),
                owner=draw(PEOPLE),
                start=start,
                due=draw(st.none() | later),
                status=draw(st.sampled_from(r.ActionStatus)),
                completed=draw(st.none() | later),
                evidence=draw(TEXT),
                links=tuple(draw(st.lists(WORD, max_size=2))),
            )
        )
    reviews = tuple(
        r.Review(
            objective=draw(st.sampled_from(refs)),
            held=draw(DATES),
            planned=draw(TEXT),
            happened=draw(TEXT),
            decision=draw(st.sampled_from(r.Decision)),
            next_steps=draw(TEXT),
            study=draw(TEXT),
            data=tuple(
                draw(
                    st.lists(
                        st.builds(
                            r.MeasureSnapshot,
                            measure=MEASURES,
                            year=st.integers(2000, 2040),
                            estimate=st.none() | NUMBER,
                            low=st.none() | NUMBER,
                            high=st.none() | NUMBER,
                            status=TEXT,
                            change=TEXT,
                        ),
                        max_size=2,
                    )
                )
            ),
        )
        for _ in range(draw(st.integers(0, 2)) if refs else 0)
    )
    engagements = tuple(
        draw(
            st.lists(
                st.builds(
                    r.Engagement,
                    held=DATES,
                    kind=st.sampled_from(r.EngagementKind),
                    format=TEXT,
                    groups=st.lists(WORD, max_size=3).map(tuple),
                    participants=st.integers(0, 10_000),
                    themes=TEXT,
                    responses=TEXT,
                    leaders=st.integers(0, 50),
                    title=TEXT,
                ),
                max_size=2,
            )
        )
    )
    said_did = tuple(
        r.YouSaidWeDid(
            said=draw(REQUIRED),
            did=draw(TEXT),
            status=draw(st.sampled_from(r.ItemStatus)),
            objectives=tuple(draw(st.lists(st.sampled_from(refs), max_size=2))) if refs else (),
            actions=tuple(draw(st.lists(st.sampled_from(action_refs), max_size=2))) if action_refs else (),
        )
        for _ in range(draw(st.integers(0, 2)))
    )
    commitments = tuple(
        draw(
            st.lists(
                st.builds(
                    r.BoardCommitment,
                    member=PEOPLE,
                    objective=REQUIRED,
                    review_status=REQUIRED,
                    reviewed=st.none() | DATES,
                ),
                max_size=2,
            )
        )
    )
    start_year = draw(st.integers(2000, 2030))
    return r.Plan(
        org_code=draw(WORD),
        title=draw(REQUIRED),
        start_year=start_year,
        end_year=draw(st.integers(start_year, 2040)),
        vision=draw(TEXT),
        status=draw(st.sampled_from(r.PlanStatus)),
        approved=draw(st.none() | DATES),
        minute_ref=draw(TEXT),
        objectives=objectives,
        actions=tuple(actions),
        reviews=reviews,
        engagements=engagements,
        said_did=said_did,
        commitments=commitments,
    )
