"""The plan's spreadsheet template: its sheets, their columns and how a cell holds a value (docs/plan-template.md).

One sheet per record type of :mod:`wres.plan.records`, and two sub-sheets for what a record holds several of:
an objective's measures (``Measures``, one row per measure) and a review's frozen data (``Review data``, one row
per measure). Short lists of names or refs (an action's objectives, an engagement's groups, an objective's
networks and high impact actions, an action's links) are one cell, items separated by ``"; "``. The CSV form is
one file per sheet, named in :attr:`SheetSpec.file`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final, Literal

from wres.plan.records import ActionStatus, Decision, EngagementKind, ItemStatus, PlanStatus, TrajectoryKind

Kind = Literal["text", "ref", "int", "number", "date", "list", "ints", "enum"]
"""How a column's cells are read: free text (kept exactly as written), a ref or short code (spaces around it
dropped), a whole number, a number, a date, a ``"; "`` list of text, a ``"; "`` list of whole numbers, or one of an
enumeration's words."""

SEPARATOR: Final = "; "
"""Between the items of a list cell. Items are read with the spaces around them dropped, and ``;`` alone also
separates, so ``"O1;O2"`` and ``"O1; O2"`` are the same list."""

README_SHEET: Final = "README"
README_FILE: Final = "README.csv"


@dataclass(frozen=True)
class Column:
    heading: str
    kind: Kind
    required: bool
    help: str
    personal: bool = False
    """A person's account (username): left out of a workbook written with ``names=False``."""
    enum: type[StrEnum] | None = None
    default: str = ""
    """What an empty optional cell means, in words (shown in the README)."""
    values: str = ""
    """The values it accepts, in words, where the kind's own words say too little."""


@dataclass(frozen=True)
class SheetSpec:
    name: str
    file: str
    help: str
    columns: tuple[Column, ...]

    def column(self, heading: str) -> Column:
        return next(c for c in self.columns if c.heading == heading)


def label(member: StrEnum) -> str:
    """An enumeration word as a person writes it: ``not_started`` → ``Not started``."""
    return member.value.replace("_", " ").capitalize()


def word_key(text: str) -> str:
    """A status word normalised for matching: case-folded, ``_`` and ``-`` as spaces, spaces collapsed."""
    return " ".join(text.replace("_", " ").replace("-", " ").split()).casefold()


def allowed(column: Column) -> str:
    """The values a column accepts, in words (the README's "Allowed values")."""
    if column.values:
        return column.values
    if column.enum is not None:
        return ", ".join(label(m) for m in column.enum)
    return {
        "text": "any text",
        "ref": "a short code (spaces around it are dropped)",
        "int": "a whole number",
        "number": "a number",
        "date": "a date (an Excel date, or text as YYYY-MM-DD or DD/MM/YYYY)",
        "list": 'a list, items separated by "; "',
        "ints": 'whole numbers separated by "; "',
    }[column.kind]


def _measure_columns(first: Column) -> tuple[Column, ...]:
    return (
        first,
        Column("Indicator", "ref", True, "The WRES indicator.", values="1 to 9"),
        Column(
            "Breakdown",
            "ref",
            False,
            "The breakdown of the results (e.g. cluster, band, staff_group); empty: overall.",
            default="overall",
        ),
        Column(
            "Stratum",
            "ref",
            False,
            "The stratum of the breakdown (e.g. 8a-8b for the cluster); empty: all.",
            default="all",
        ),
        Column(
            "Category",
            "ref",
            False,
            "The indicator's category (e.g. a type of disciplinary); empty: all.",
            default="all",
        ),
        Column(
            "Grouping", "ref", False, "The ethnic grouping; empty: wres.", values="wres, group5, group9", default="wres"
        ),
        Column(
            "Group", "ref", False, "The ethnic group the measure is about (e.g. BME, Black); empty: BME.", default="BME"
        ),
        Column("Variant", "ref", False, "The indicator's variant; empty: its headline variant."),
    )


PLAN: Final = SheetSpec(
    "Plan",
    "plan.csv",
    "The plan itself: one row under the headings.",
    (
        Column("Organisation code", "ref", True, "The organisation's code.", values="an ODS code, e.g. RXX"),
        Column("Title", "text", True, "The plan's title."),
        Column(
            "Start year", "int", True, "The first year of the plan's period, e.g. 2025.", values="a year, e.g. 2025"
        ),
        Column(
            "End year",
            "int",
            True,
            "The last year of the plan's period, e.g. 2028 (not before the start year).",
            values="a year, e.g. 2025",
        ),
        Column("Vision", "text", False, "What the organisation is aiming for, in a few sentences."),
        Column(
            "Status",
            "enum",
            False,
            "Where the plan is: draft, approved by the board, published.",
            enum=PlanStatus,
            default="Draft",
        ),
        Column("Approved on", "date", False, "The date the board approved it."),
        Column("Minute reference", "text", False, "The board minute that records the approval."),
    ),
)

OBJECTIVES: Final = SheetSpec(
    "Objectives",
    "objectives.csv",
    "One row per objective. Its measures are on the Measures sheet.",
    (
        Column(
            "Objective ref", "ref", True, "A short reference unique in the plan, e.g. O1; actions and reviews use it."
        ),
        Column("Title", "text", True, "What the objective is, in one line."),
        Column("Description", "text", False, "More about it."),
        Column("Baseline year", "int", True, "The year the objective starts from.", values="a year, e.g. 2025"),
        Column(
            "Baseline value", "number", False, "The measure's value in the baseline year (filled from the results)."
        ),
        Column("Target value", "number", True, "The value to reach."),
        Column("Target year", "int", True, "The year to reach it by.", values="a year, e.g. 2025"),
        Column(
            "Trajectory", "enum", False, "The path from baseline to target.", enum=TrajectoryKind, default="Straight"
        ),
        Column(
            "Sponsor (account)",
            "ref",
            False,
            "The executive sponsor's account (username).",
            personal=True,
            values="an account (username) of the organisation",
        ),
        Column("Sponsor (role title)", "text", False, "The executive sponsor's role title, e.g. Chief People Officer."),
        Column(
            "Owner (account)",
            "ref",
            False,
            "The owner's account (username).",
            personal=True,
            values="an account (username) of the organisation",
        ),
        Column("Owner (role title)", "text", False, "The owner's role title."),
        Column(
            "High impact actions",
            "ints",
            False,
            "Which of the EDI improvement plan's six high impact actions.",
            values='1 to 6, separated by "; "',
        ),
        Column("Networks", "list", False, "The staff networks that co-designed it."),
    ),
)

MEASURES: Final = SheetSpec(
    "Measures",
    "measures.csv",
    "One row per measure an objective is tied to; an objective's first row is the one its status is read from.",
    _measure_columns(Column("Objective ref", "ref", True, "The objective (a ref on the Objectives sheet).")),
)

ACTIONS: Final = SheetSpec(
    "Actions",
    "actions.csv",
    "One row per action.",
    (
        Column("Action ref", "ref", True, "A short reference unique in the plan, e.g. A1."),
        Column("Description", "text", True, "What will be done."),
        Column("Objective refs", "list", True, "The objectives it serves (refs on the Objectives sheet)."),
        Column(
            "Owner (account)",
            "ref",
            False,
            "The owner's account (username).",
            personal=True,
            values="an account (username) of the organisation",
        ),
        Column("Owner (role title)", "text", False, "The owner's role title."),
        Column("Start date", "date", False, "When it starts."),
        Column("Due date", "date", False, "When it is due (not before the start date)."),
        Column(
            "Status", "enum", False, "Overdue is worked out, not written.", enum=ActionStatus, default="Not started"
        ),
        Column("Completed on", "date", False, "When it was done (not before the start date)."),
        Column("Evidence", "text", False, "Evidence of completion."),
        Column("Links", "list", False, "Links to the evidence."),
    ),
)

REVIEWS: Final = SheetSpec(
    "Reviews",
    "reviews.csv",
    "One row per review (a plan-do-study-act cycle on one objective).",
    (
        Column(
            "Review ref",
            "ref",
            True,
            "A short reference unique in the workbook, e.g. R1 (the Review data sheet uses it).",
        ),
        Column("Objective ref", "ref", True, "The objective reviewed (a ref on the Objectives sheet)."),
        Column("Held on", "date", True, "The date of the review."),
        Column("Planned and predicted", "text", False, "What we planned and predicted."),
        Column("What happened", "text", False, "What happened."),
        Column("What we learned", "text", False, "What we learned from the data (study)."),
        Column("Decision", "enum", True, "Adopt, adapt or abandon.", enum=Decision),
        Column("Next steps", "text", False, "What happens next."),
    ),
)

REVIEW_DATA: Final = SheetSpec(
    "Review data",
    "review_data.csv",
    "What the data showed at each review: one row per measure, frozen at the review date.",
    (
        *_measure_columns(Column("Review ref", "ref", True, "The review (a ref on the Reviews sheet).")),
        Column("Year", "int", True, "The year of the value.", values="a year, e.g. 2025"),
        Column("Estimate", "number", False, "The value; empty when there was none."),
        Column("Low", "number", False, "The 95% interval's lower end."),
        Column("High", "number", False, "The 95% interval's upper end."),
        Column("Reading", "text", False, "The status of the value as the results gave it."),
        Column("Change", "text", False, "The change against the year before, in words."),
    ),
)

ENGAGEMENT: Final = SheetSpec(
    "Engagement",
    "engagement.csv",
    "One row per session with staff networks, forums or listening events, or per leadership programme.",
    (
        Column("Held on", "date", True, "The date."),
        Column("Kind", "enum", False, "A session, or a leadership programme.", enum=EngagementKind, default="Session"),
        Column("Title", "text", False, "A title."),
        Column("Format", "text", False, "E.g. listening event, network meeting, reverse mentoring."),
        Column("Groups", "list", False, "The networks, forums or groups taking part."),
        Column("Participants", "int", True, "How many took part."),
        Column(
            "Board and senior leaders",
            "int",
            False,
            "How many board members and senior leaders took part.",
            default="0",
        ),
        Column("Themes raised", "text", False, "What staff raised."),
        Column("Responses", "text", False, "What the organisation answered."),
    ),
)

SAID_DID: Final = SheetSpec(
    "You said we did",
    "you_said_we_did.csv",
    'One row per "you said, we did" item.',
    (
        Column("You said", "text", True, "What staff said."),
        Column("We did", "text", False, "What the organisation did."),
        Column("Status", "enum", False, "Where it is.", enum=ItemStatus, default="Open"),
        Column("Objective refs", "list", False, "The objectives it links to."),
        Column("Action refs", "list", False, "The actions it links to."),
    ),
)

COMMITMENTS: Final = SheetSpec(
    "Board commitments",
    "board_commitments.csv",
    "One row per board member's own EDI objective (high impact action 1).",
    (
        Column(
            "Board member (account)",
            "ref",
            False,
            "The board member's account (username).",
            personal=True,
            values="an account (username) of the organisation",
        ),
        Column("Board member (role title)", "text", False, "The board member's role title, e.g. Chair."),
        Column("EDI objective", "text", True, "The board member's own EDI objective."),
        Column("Review status", "text", False, "Where its review is.", default="not reviewed"),
        Column("Reviewed on", "date", False, "When it was last reviewed."),
    ),
)

SHEETS: Final = (PLAN, OBJECTIVES, MEASURES, ACTIONS, REVIEWS, REVIEW_DATA, ENGAGEMENT, SAID_DID, COMMITMENTS)
"""Every sheet, in the workbook's order (the README sheet comes first)."""

GROUPINGS: Final = ("wres", "group5", "group9")


def markdown_tables() -> str:
    """The "Sheets and columns" section of docs/plan-template.md: a table per sheet, from the definitions above (a
    test keeps the document equal to it)."""
    out = []
    for spec in SHEETS:
        out += [f"### {spec.name} (`{spec.file}`)", "", spec.help, ""]
        out += ["| Column | Required | Allowed values | If empty | What it holds |", "|---|---|---|---|---|"]
        for c in spec.columns:
            empty = "—" if c.required else (c.default or "empty")
            note = " Left out with `names=False`." if c.personal else ""
            out.append(f"| {c.heading} | {'yes' if c.required else 'no'} | {allowed(c)} | {empty} | {c.help}{note} |")
        out.append("")
    return "\n".join(out)
