"""The canonical tables: one documented format that every source is turned into.

A canonical folder holds one file per table, ``<table>.parquet`` or ``<table>.csv`` (UTF-8, header row,
ISO dates ``YYYY-MM-DD``, booleans ``true``/``false``, empty cell = missing). Only ``organisations`` and
``staff`` are required; the other tables are optional, and an indicator whose table is absent is reported as
"not computed: missing_input". ``docs/data-format.md`` is generated from this module (``wres schema``)
and a test keeps the two in step.

Staff, applicants, case subjects and board members are identified only by pseudonymous ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class ColumnType(StrEnum):
    STRING = "string"
    DATE = "date"
    BOOLEAN = "boolean"
    INTEGER = "integer"
    FLOAT = "float"


class Check(StrEnum):
    """Value checks beyond the type, applied when a canonical folder is loaded."""

    ODS = "ods"  # organisation code: 3 to 5 upper-case letters or digits
    ETHNIC_CODE = "ethnic_code"  # a canonical code of wres.vocab.ethnicity.CATEGORIES
    BAND_CODE = "band_code"  # a band code of wres.vocab.bands.BANDS
    STAFF_GROUP = "staff_group"  # an ESR staff group of wres.vocab.staff_groups.STAFF_GROUPS
    NON_NEGATIVE = "non_negative"
    PERCENT = "percent"  # 0 to 100
    SURVEY_INDICATOR = "survey_indicator"  # 5, 6, 7 or 8
    HOURLY_PAY = "hourly_pay"  # pounds an hour: more than 0, at most 1,000
    WEEKLY_HOURS = "weekly_hours"  # 0 to 168 (the hours in a week)
    FTE = "fte"  # 0 to 2 (whole-time equivalent of the counted assignment)


@dataclass(frozen=True)
class Column:
    name: str
    type: ColumnType
    description: str
    required: bool = True  # the column must be present in the file
    nullable: bool = False  # an empty cell is allowed
    check: Check | None = None
    values: tuple[str, ...] = ()  # allowed values for an enumerated string column
    pseudonymous: bool = False  # a person's pseudonymous id: masked wherever a reject or message shows it


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # unique within a file
    required: bool = False
    org_scoped: bool = True
    references: tuple[tuple[str, str], ...] = field(default=())  # (column, table) must exist in table
    # The reporting period a row belongs to, as a SQL expression over the row: imports replace an
    # organisation's rows period by period (see wres.store.warehouse).
    period: str = "'all'"

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)


S, D, B, INT, F = ColumnType.STRING, ColumnType.DATE, ColumnType.BOOLEAN, ColumnType.INTEGER, ColumnType.FLOAT


def _activity_year(column: str) -> str:
    """SQL: the activity year (1 April to 31 March) containing the date in ``column``, labelled e.g. ``2024/25``."""
    end = f"(year({column}) + CASE WHEN month({column}) >= 4 THEN 1 ELSE 0 END)"
    return f"format('{{}}/{{:02d}}', {end} - 1, {end} % 100)"


ORG = Column("org_code", S, "ODS code of the organisation", check=Check.ODS)
ETHNIC = Column(
    "ethnic_category",
    S,
    "Canonical ethnic category code (A-S, T, ROMA, ARAB, BME, Z, 99); see wres.vocab.ethnicity",
    check=Check.ETHNIC_CODE,
)

ORGANISATIONS = Table(
    "organisations",
    "One row per organisation in the folder.",
    (
        ORG,
        Column("org_name", S, "Organisation name"),
        Column("region", S, "NHS England region", nullable=True, required=False),
        Column("trust_type", S, "Benchmarking group (e.g. Acute, Mental health)", nullable=True, required=False),
    ),
    key=("org_code",),
    required=True,
    org_scoped=False,
)

STAFF = Table(
    "staff",
    "Staff in post at a snapshot date: one row per person per snapshot (31 March for WRES years; monthly "
    "snapshots optional). Multiple assignments are already resolved to one row per person.",
    (
        ORG,
        Column("snapshot_date", D, "Snapshot date (31 March Y for WRES year Y)"),
        Column("person_id", S, "Pseudonymous person id, stable across snapshots", pseudonymous=True),
        ETHNIC,
        Column("band", S, "Band code (U1, 1-7, 8a-8d, 9, VSM, MD_*, OTHER_PAY, UNMAPPED)", check=Check.BAND_CODE),
        Column("staff_group", S, "ESR staff group", check=Check.STAFF_GROUP),
        Column(
            "clinical",
            B,
            "Per-person clinical flag overriding the staff-group default",
            nullable=True,
            required=False,
        ),
        Column("occupation_code", S, "ESR occupation code", nullable=True, required=False),
        Column("directorate", S, "Directorate or division", nullable=True, required=False),
        Column("site", S, "Site", nullable=True, required=False),
        Column(
            "gender",
            S,
            "Gender",
            nullable=True,
            required=False,
            values=("Female", "Male", "Other", "Unknown"),
        ),
        Column(
            "contract",
            S,
            "Assignment category of the counted assignment",
            values=("substantive", "fixed_term", "bank", "honorary"),
        ),
        Column("bank_only", B, "True when the person holds only bank assignments (excluded from WRES)"),
        Column(
            "hourly_pay",
            F,
            "Ordinary hourly pay in pounds: ordinary pay in the pay period containing the snapshot date divided by "
            "the hours paid in that period (wres-domain.md §7.1), for the counted assignment; 0.01 to 1,000; "
            "empty when not known. Used only by the ethnicity pay gap",
            nullable=True,
            required=False,
            check=Check.HOURLY_PAY,
        ),
        Column(
            "hours",
            F,
            "Contracted hours a week of the counted assignment, 0 to 168 (0 for a bank-only worker)",
            nullable=True,
            required=False,
            check=Check.WEEKLY_HOURS,
        ),
        Column(
            "fte",
            F,
            "Whole-time equivalent of the counted assignment, 0 to 2 (1 = full time: 37.5 hours a week under "
            "Agenda for Change, 40 for doctors)",
            nullable=True,
            required=False,
            check=Check.FTE,
        ),
    ),
    key=("org_code", "snapshot_date", "person_id"),
    period="'snapshot ' || strftime(snapshot_date, '%Y-%m-%d')",
    required=True,
)

RECRUITMENT = Table(
    "recruitment",
    "One row per application (applicant x vacancy).",
    (
        ORG,
        Column("application_id", S, "Application id"),
        Column("vacancy_id", S, "Vacancy id"),
        Column("applicant_id", S, "Pseudonymous applicant id", pseudonymous=True),
        ETHNIC,
        Column("application_date", D, "Date the application was made"),
        Column("shortlisted", B, "Shortlisted for interview"),
        Column("shortlisting_date", D, "Shortlisting date (required when shortlisted)", nullable=True),
        Column("appointed", B, "Appointed (offer accepted) from shortlisting"),
        Column("vacancy_band", S, "Band of the post", nullable=True, required=False, check=Check.BAND_CODE),
        Column(
            "vacancy_staff_group",
            S,
            "Staff group of the post",
            nullable=True,
            required=False,
            check=Check.STAFF_GROUP,
        ),
        Column("internal", B, "Internal applicant", nullable=True, required=False),
        Column("international", B, "Internationally recruited applicant", nullable=True, required=False),
        Column("bank_post", B, "The vacancy is a bank-only post", nullable=True, required=False),
    ),
    key=("org_code", "application_id"),
    period=_activity_year("coalesce(shortlisting_date, application_date)"),
)

DISCIPLINARY = Table(
    "disciplinary",
    "Formal disciplinary investigations: one row per case.",
    (
        ORG,
        Column("case_id", S, "Case id"),
        Column("person_id", S, "Pseudonymous id of the member of staff (as in staff)", pseudonymous=True),
        Column("investigation_start", D, "Date the formal investigation started"),
        Column("outcome", S, "Outcome category", nullable=True, required=False),
    ),
    key=("org_code", "case_id"),
    period=_activity_year("investigation_start"),
)

TRAINING = Table(
    "training",
    "Learning events: one row per person per course start.",
    (
        ORG,
        Column("record_id", S, "Learning record id"),
        Column("person_id", S, "Pseudonymous id of the member of staff (as in staff)", pseudonymous=True),
        Column("course", S, "Course name or code"),
        Column("start_date", D, "Start date of the learning event"),
        Column("mandatory", B, "Mandatory or statutory training"),
    ),
    key=("org_code", "record_id"),
    period=_activity_year("start_date"),
)

SURVEY_RESPONDENTS = Table(
    "survey_respondents",
    "NHS Staff Survey microdata: one row per respondent.",
    (
        ORG,
        Column("survey_year", INT, "Fieldwork year (WRES year = survey year + 1)", check=Check.NON_NEGATIVE),
        Column("respondent_id", S, "Respondent id (not linkable to staff)"),
        ETHNIC,
        Column("staff_group", S, "Staff group as held in the survey file", nullable=True, required=False),
        Column("band", S, "Band as held in the survey file", nullable=True, required=False),
        Column("weight", F, "Survey weight", nullable=True, required=False, check=Check.NON_NEGATIVE),
    ),
    key=("org_code", "survey_year", "respondent_id"),
    period="'survey ' || CAST(survey_year AS VARCHAR)",
)

SURVEY_ANSWERS = Table(
    "survey_answers",
    "NHS Staff Survey microdata: one row per respondent per question item answered.",
    (
        ORG,
        Column("survey_year", INT, "Fieldwork year", check=Check.NON_NEGATIVE),
        Column("respondent_id", S, "Respondent id (as in survey_respondents)"),
        Column("item", S, "Question item as numbered in that year's survey, e.g. Q14a"),
        Column("response", S, "Response label, e.g. Never, 1-2, Yes, No, Don't know"),
    ),
    key=("org_code", "survey_year", "respondent_id", "item"),
    period="'survey ' || CAST(survey_year AS VARCHAR)",
)

SURVEY_SUMMARIES = Table(
    "survey_summaries",
    "Published staff-survey results by ethnic group (used when no microdata exist).",
    (
        ORG,
        Column("survey_year", INT, "Fieldwork year", check=Check.NON_NEGATIVE),
        Column("indicator", INT, "WRES indicator 5, 6, 7 or 8", check=Check.SURVEY_INDICATOR),
        Column("group", S, "White, BME, or a 5-/9-group name"),
        Column("pct", F, "Published percentage", check=Check.PERCENT),
        Column("base", INT, "Respondent base", check=Check.NON_NEGATIVE),
    ),
    key=("org_code", "survey_year", "indicator", "group"),
    period="'survey ' || CAST(survey_year AS VARCHAR)",
)

BOARD = Table(
    "board",
    "Board register at a snapshot date: one row per member.",
    (
        ORG,
        Column("snapshot_date", D, "Snapshot date (31 March Y)"),
        Column("member_id", S, "Pseudonymous member id", pseudonymous=True),
        ETHNIC,
        Column("voting", B, "Voting member of the board"),
        Column("executive", B, "Executive director"),
        Column("role", S, "Role title", nullable=True, required=False),
    ),
    key=("org_code", "snapshot_date", "member_id"),
    period="'snapshot ' || strftime(snapshot_date, '%Y-%m-%d')",
)

TABLES: dict[str, Table] = {
    t.name: t
    for t in (
        ORGANISATIONS,
        STAFF,
        RECRUITMENT,
        DISCIPLINARY,
        TRAINING,
        SURVEY_RESPONDENTS,
        SURVEY_ANSWERS,
        SURVEY_SUMMARIES,
        BOARD,
    )
}

FORMAT_VERSION = 1
