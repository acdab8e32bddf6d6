"""``write_raw``: the synthetic data as raw NHS-style extracts, for testing importers.

Every raw file is derived from the canonical tables of a :class:`SynthData` (plus cosmetic detail — names, NI
numbers, dates of birth, second assignments, non-disciplinary cases — drawn from a random stream seeded by
``config.seed``), so an importer that follows the rules below reproduces the canonical tables exactly. All
files are UTF-8 CSV with a header row; raw dates are ``dd/mm/yyyy``; flags are ``Yes``/``No``; an empty cell is
a missing value. Ethnicity and band texts are read with :func:`wres.vocab.ethnicity.parse_ethnicity`
(canonical code = ``canonical_code``; blank → ``99``) and :func:`wres.vocab.bands.parse_band` (with the
staff group).

Identifiers: ``person_id`` is ``"P"`` + the person number zero-padded to 8 digits; the ESR **Employee
Number** is ``10000000 + person number`` (``P00000042`` ↔ ``10000042``). Every other id is copied verbatim:
application, vacancy and candidate ids, case references, enrolment ids, respondent ids and board member
references are the canonical ``application_id``, ``vacancy_id``, ``applicant_id``, ``case_id``,
``record_id``, ``respondent_id`` and ``member_id``.

Files and how they become canonical rows:

``organisations.csv``
    One row per organisation: Org Code → ``org_code``, Organisation Name → ``org_name``, Region, Trust Type.

``esr_staff_YYYY-03-31.csv`` (one per 31 March snapshot, and with ``SynthConfig.monthly`` one per month end,
``esr_staff_YYYY-MM-DD.csv``; ESR staff-in-post extract, **one row per assignment**)
    Columns: Employee Number, Assignment Number, Organisation Code, Organisation, Full Name, NI Number, Date
    of Birth, Gender, Ethnic Origin, Staff Group, Occupation Code, Pay Band, Grade, Assignment Category,
    Primary Assignment, Directorate, Location, Assignment Start Date, Hourly Rate, Contracted Hours, FTE. Names
    and NI numbers are fake (NI numbers use the invalid prefix ``QQ``). Each person has exactly one row with
    Primary Assignment ``Yes`` (Assignment Number = Employee Number); about 5% of people also hold a second
    assignment (``-2``: a bank shift, another fixed-term post or an honorary contract), and some bank-only workers
    hold two bank assignments. The canonical ``staff`` row of a person is their primary assignment (which the importer's
    rule, wres-domain.md §4.4, also picks: a person's primary is substantive or fixed-term whenever they hold
    such a post, and a bank-only worker's assignments are all bank): ``org_code`` =
    Organisation Code, ``snapshot_date`` = the date in the file name, ``ethnic_category`` = Ethnic Origin
    (ESR text such as ``A White - British``, ``C3 White Unspecified``, ``Z Not Stated``, blank = ``99``),
    ``band`` = Pay Band (spellings vary: ``Band 5``, ``AfC Band 8A``, ``Agenda for Change Band 8 Range A``,
    ``Band 8 - Range A``, ``Under Band 1``, ``VSM``, ``Very Senior Manager``) or, for Medical and Dental
    staff (Pay Band empty), Grade (``Consultant``, ``Specialty Doctor``, ``Specialty Registrar``,
    ``Foundation Year 1``, ``Clinical Fellow`` …), ``staff_group`` = Staff Group, ``occupation_code`` =
    Occupation Code, ``directorate`` = Directorate, ``site`` = Location, ``gender`` = Gender,
    ``contract`` = Assignment Category (Permanent → ``substantive``, Fixed Term Temp → ``fixed_term``,
    Bank → ``bank``, Honorary → ``honorary``), ``bank_only`` = every assignment of the person is Bank;
    ``hourly_pay``, ``hours``, ``fte`` = Hourly Rate, Contracted Hours, FTE (numbers such as ``18.73``, ``37.5``,
    ``1``; a second assignment carries the same Hourly Rate with 0 hours and FTE 0, :mod:`wres.synth.pay`);
    ``clinical`` is missing.

``recruitment_applications.csv`` (TRAC / NHS Jobs style)
    One row per application: Vacancy Reference, Application ID, Candidate ID, Organisation Code, Job Staff
    Group, Job Band, Bank Post, Application Date, Shortlisted, Shortlisting Date, Outcome, Internal
    Applicant, Overseas Applicant, Ethnic Group. ``shortlisted`` = Shortlisted is Yes; ``appointed`` =
    Outcome is ``Appointed`` (``Not appointed`` and ``Withdrawn`` are not); ``vacancy_band`` = Job Band
    parsed with Job Staff Group; ``internal`` / ``international`` / ``bank_post`` = Internal Applicant /
    Overseas Applicant / Bank Post; Ethnic Group is a census-style label (``Prefer not to say`` = ``Z``,
    blank = ``99``).

``er_case_log.csv`` (employee-relations case log)
    Case Reference, Organisation Code, Employee Number, Case Type (Disciplinary, Grievance, Capability,
    Bullying and harassment), Stage (Informal, Formal investigation), Date Opened, Investigation Start Date,
    Date Closed, Outcome. **Only Case Type ``Disciplinary`` with Stage ``Formal investigation``** becomes a
    ``disciplinary`` row: ``case_id`` = Case Reference, ``investigation_start`` = Investigation Start Date,
    ``outcome`` = Outcome (blank = still open). Other cases have references from ``ER5000001`` upwards.

``learning_records.csv`` (learning-system export)
    Enrolment ID, Organisation Code, Employee Number, Course Title, Course Code, Competence Type, Start
    Date, Completion Date. ``training`` row: ``record_id`` = Enrolment ID, ``course`` = Course Title,
    ``start_date`` = Start Date, ``mandatory`` = Competence Type is ``Statutory/Mandatory`` (the other value
    is ``Non-mandatory/CPD``).

``staff_survey_YYYY.csv`` (one per survey year, wide microdata)
    Respondent ID, Survey Year, Organisation Code, Ethnic Background, Staff Group, Band, Q14a, Q14b, Q14c,
    Q15, Q16b. One ``survey_respondents`` row per line (``band`` = Band parsed with Staff Group, blanks
    missing, ``weight`` missing) and one ``survey_answers`` row per non-empty Q column (``item`` = the column
    name, ``response`` = the cell).

``board_register.csv``
    As At, Organisation Code, Member Ref, Name, Role, Voting, Executive, Ethnicity, Date Appointed. One
    ``board`` row per line: ``snapshot_date`` = As At, ``member_id`` = Member Ref, ``voting`` /
    ``executive`` from Yes/No, ``ethnic_category`` = Ethnicity (``BAME`` = ``BME``), ``role`` = Role.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from numpy.typing import NDArray

from wres.synth import profiles as pf
from wres.synth.columns import activity_year, day, labels, release_memory
from wres.synth.dataset import EMPLOYEE_NUMBER_BASE

if TYPE_CHECKING:
    from wres.synth.dataset import SynthData

I64 = NDArray[np.int64]

ESR_COLUMNS: tuple[str, ...] = (
    "Employee Number",
    "Assignment Number",
    "Organisation Code",
    "Organisation",
    "Full Name",
    "NI Number",
    "Date of Birth",
    "Gender",
    "Ethnic Origin",
    "Staff Group",
    "Occupation Code",
    "Pay Band",
    "Grade",
    "Assignment Category",
    "Primary Assignment",
    "Directorate",
    "Location",
    "Assignment Start Date",
    "Hourly Rate",
    "Contracted Hours",
    "FTE",
)
RECRUITMENT_COLUMNS: tuple[str, ...] = (
    "Vacancy Reference",
    "Application ID",
    "Candidate ID",
    "Organisation Code",
    "Job Staff Group",
    "Job Band",
    "Bank Post",
    "Application Date",
    "Shortlisted",
    "Shortlisting Date",
    "Outcome",
    "Internal Applicant",
    "Overseas Applicant",
    "Ethnic Group",
)
ER_COLUMNS: tuple[str, ...] = (
    "Case Reference",
    "Organisation Code",
    "Employee Number",
    "Case Type",
    "Stage",
    "Date Opened",
    "Investigation Start Date",
    "Date Closed",
    "Outcome",
)
LEARNING_COLUMNS: tuple[str, ...] = (
    "Enrolment ID",
    "Organisation Code",
    "Employee Number",
    "Course Title",
    "Course Code",
    "Competence Type",
    "Start Date",
    "Completion Date",
)
SURVEY_COLUMNS: tuple[str, ...] = (
    "Respondent ID",
    "Survey Year",
    "Organisation Code",
    "Ethnic Background",
    "Staff Group",
    "Band",
    *pf.SURVEY_ITEMS,
)
BOARD_COLUMNS: tuple[str, ...] = (
    "As At",
    "Organisation Code",
    "Member Ref",
    "Name",
    "Role",
    "Voting",
    "Executive",
    "Ethnicity",
    "Date Appointed",
)
ORGANISATION_COLUMNS: tuple[str, ...] = ("Org Code", "Organisation Name", "Region", "Trust Type")

NOISE_CASE_BASE = 5_000_000

# ESR "Ethnic Origin" texts per canonical code: the first is used for about 80% of people.
ESR_ETHNIC: dict[str, tuple[str, ...]] = {
    "A": ("A White - British", "A White British"),
    "B": ("B White - Irish",),
    "C": ("C White - Any other White background", "C3 White Unspecified", "CY White Other European"),
    "T": ("T White - Gypsy or Irish Traveller",),
    "ROMA": ("White - Roma",),
    "D": ("D Mixed - White & Black Caribbean",),
    "E": ("E Mixed - White & Black African",),
    "F": ("F Mixed - White & Asian",),
    "G": ("G Mixed - Any other mixed background",),
    "H": ("H Asian or Asian British - Indian",),
    "J": ("J Asian or Asian British - Pakistani",),
    "K": ("K Asian or Asian British - Bangladeshi",),
    "L": ("L Asian or Asian British - Any other Asian background", "LK Asian Kashmiri"),
    "M": ("M Black or Black British - Caribbean",),
    "N": ("N Black or Black British - African",),
    "P": ("P Black or Black British - Any other Black background",),
    "R": ("R Chinese",),
    "S": ("S Any Other Ethnic Group",),
    "ARAB": ("Arab",),
    "BME": ("BAME",),
    "Z": ("Z Not Stated",),
    "99": ("", "99 Not Known"),
}

# Census-style labels used by the recruitment system, the staff survey and the board register.
LABEL_ETHNIC: dict[str, str] = {
    "A": "White - English, Welsh, Scottish, Northern Irish or British",
    "B": "White - Irish",
    "C": "White - Any other White background",
    "T": "White - Gypsy or Irish Traveller",
    "ROMA": "White - Roma",
    "D": "Mixed - White and Black Caribbean",
    "E": "Mixed - White and Black African",
    "F": "Mixed - White and Asian",
    "G": "Mixed - Any other mixed background",
    "H": "Asian or Asian British - Indian",
    "J": "Asian or Asian British - Pakistani",
    "K": "Asian or Asian British - Bangladeshi",
    "L": "Asian or Asian British - Any other Asian background",
    "M": "Black or Black British - Caribbean",
    "N": "Black or Black British - African",
    "P": "Black or Black British - Any other Black background",
    "R": "Other ethnic group - Chinese",
    "S": "Other ethnic group - Any other ethnic group",
    "ARAB": "Other ethnic group - Arab",
    "BME": "BAME",
    "Z": "Prefer not to say",
    "99": "",
}

# Pay Band spellings (one style per organisation, with some rows in another style).
AFC_STYLES: tuple[dict[str, str], ...] = tuple(
    {
        **{b: fmt(b) for b in ("1", "2", "3", "4", "5", "6", "7", "9")},
        **{f"8{r}": fmt8(r) for r in "abcd"},
        "U1": "Under Band 1",
        "VSM": vsm,
    }
    for fmt, fmt8, vsm in (
        (lambda b: f"Band {b}", lambda r: f"Band 8{r}", "VSM"),
        (lambda b: f"Agenda for Change Band {b}", lambda r: f"Agenda for Change Band 8 Range {r.upper()}", "VSM"),
        (lambda b: f"AfC Band {b}", lambda r: f"AfC Band 8{r.upper()}", "Very Senior Manager"),
        (lambda b: f"Band {b}", lambda r: f"Band 8 - Range {r.upper()}", "Very Senior Manager"),
    )
)
MEDICAL_GRADES: dict[str, tuple[str, ...]] = {
    "MD_CONS": ("Consultant", "Locum Consultant"),
    "MD_NCCG": ("Specialty Doctor", "Associate Specialist", "Specialist"),
    "MD_TRAIN": ("Specialty Registrar", "Foundation Year 1", "Foundation Year 2", "Core Trainee"),
    "MD_OTHER": ("Clinical Fellow", "Trust Grade Doctor"),
}
BAND_LABEL: dict[str, str] = {**AFC_STYLES[0], **{code: grades[0] for code, grades in MEDICAL_GRADES.items()}}
"""The single band spelling used by the recruitment system and the staff survey."""

CATEGORY: dict[str, str] = {
    "substantive": "Permanent",
    "fixed_term": "Fixed Term Temp",
    "bank": "Bank",
    "honorary": "Honorary",
}

FEMALE_NAMES: tuple[str, ...] = (
    "Olivia", "Amelia", "Isla", "Ava", "Mia", "Grace", "Sophie", "Emily", "Chloe", "Hannah", "Priya", "Aisha",
    "Fatima", "Chiamaka", "Maria", "Joy", "Mei", "Anna", "Zainab", "Sarah", "Rebecca", "Laura", "Rachel",
    "Jessica", "Nkechi", "Ama", "Sana", "Anjali", "Ewa", "Claire", "Helen", "Joanne", "Nicola", "Ifeoma", "Rosa",
)  # fmt: skip
MALE_NAMES: tuple[str, ...] = (
    "Oliver", "George", "Harry", "Jack", "Noah", "Leo", "Arjun", "Mohammed", "Omar", "Daniel", "Samuel",
    "Joseph", "Kwame", "Tomasz", "Luca", "Wei", "Ravi", "David", "James", "Michael", "Paul", "Mark", "Andrew",
    "Peter", "Chinedu", "Kofi", "Imran", "Rajesh", "Marek", "Thomas",
)  # fmt: skip
FIRST_NAMES: tuple[str, ...] = FEMALE_NAMES + MALE_NAMES
SURNAMES: tuple[str, ...] = (
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Robinson", "Wright",
    "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke", "Khan",
    "Ahmed", "Ali", "Singh", "Shah", "Begum", "Hussain", "Okafor", "Mensah", "Adeyemi", "Okoro", "Mwangi",
    "Santos", "Reyes", "Cruz", "Nowak", "Kowalski", "Murphy", "Kelly", "Chen", "Wang", "Li", "Nguyen", "Kaur",
    "Sharma", "Gupta", "Campbell", "Stewart", "Morris", "Rogers", "Cooper", "Hughes", "Edwards", "Turner",
    "Hill", "Scott", "Moore", "Baker", "Harris", "Martin", "Lewis", "Young", "King", "Lee", "Allen", "Mitchell",
    "Phillips", "Owen", "Bennett", "Gray", "Price", "Osei", "Boateng", "Rahman", "Iqbal", "Francis", "Joseph",
    "Thomas", "Fernandes",
)  # fmt: skip
TITLES: tuple[str, ...] = ("Mr", "Ms", "Mrs", "Dr", "Professor")

CASE_TYPES: tuple[str, ...] = ("Disciplinary", "Grievance", "Capability", "Bullying and harassment")
ER_OTHER_TYPES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Disciplinary", "Informal", ("Informal action", "No further action")),
    ("Grievance", "Formal investigation", ("Upheld", "Partially upheld", "Not upheld")),
    ("Grievance", "Informal", ("Resolved informally", "No further action")),
    ("Capability", "Formal investigation", ("Improvement plan", "No further action", "Dismissal")),
    ("Capability", "Informal", ("Improvement plan", "No further action")),
    ("Bullying and harassment", "Formal investigation", ("Upheld", "Partially upheld", "Not upheld")),
    ("Bullying and harassment", "Informal", ("Resolved informally", "No further action")),
)
ER_OTHER_P: tuple[float, ...] = (0.35, 0.12, 0.1, 0.1, 0.1, 0.12, 0.11)


# ----------------------------------------------------------------------------------------------------------
# Helpers


def _arrow(series: pd.Series) -> pa.Array:
    arr = pa.array(series)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    return arr


def _codes(series: pd.Series, vocab: tuple[str, ...] | list[str]) -> I64:
    """Index of each value in ``vocab`` (-1 for missing or unknown values)."""
    encoded = pc.dictionary_encode(_arrow(series))
    lookup = {v: i for i, v in enumerate(vocab)}
    mapping = np.array([lookup.get(v, -1) for v in encoded.dictionary.to_pylist()] + [-1], dtype=np.int64)
    idx = pc.fill_null(encoded.indices.cast(pa.int64()), len(mapping) - 1).to_numpy()
    return np.asarray(mapping[idx], dtype=np.int64)


def _days(series: pd.Series) -> I64:
    """Day numbers of a datetime Series (missing → -10**9)."""
    values = series.to_numpy(dtype="datetime64[ns]")
    out = values.astype("datetime64[D]").astype(np.int64)
    return np.where(np.isnat(values), -(10**9), out)


def _date_text(days: I64, valid: NDArray[np.bool_] | None = None) -> pa.Array:
    mask = (days < -(10**8)) if valid is None else ~valid
    arr = pa.array(np.where(mask, 0, days).astype(np.int32), type=pa.date32(), mask=mask if mask.any() else None)
    return pc.strftime(arr, format="%d/%m/%Y")


def _yes_no(series: pd.Series) -> pa.Array:
    """Yes / No from a (nullable) boolean Series; missing stays missing."""
    codes = series.astype("Int64").to_numpy(dtype=np.int64, na_value=-1)
    return labels(("No", "Yes"), codes)


def _numbers(series: pd.Series, prefix: int = 1) -> I64:
    """The number after a ``prefix``-character prefix, e.g. 42 for ``P00000042``."""
    text = pc.utf8_slice_codeunits(_arrow(series), prefix)
    return np.asarray(pc.cast(text, pa.int64()).to_numpy(), dtype=np.int64)


def _employee_numbers(numbers: I64) -> pa.Array:
    return pc.cast(pa.array(EMPLOYEE_NUMBER_BASE + numbers), pa.large_string())


def _number_text(values: NDArray[np.float64]) -> pa.Array:
    """Numbers as the shortest text that reads back as the same double (``18.73``, ``37.5``, ``1``; Arrow's cast,
    quicker than formatting in Python on a national run); a missing value (NaN) as an empty cell."""
    return pc.fill_null(pc.cast(pa.array(values, from_pandas=True), pa.large_string()), "")


def _join(*parts: pa.Array | str) -> pa.Array:
    args = [pa.scalar(p, pa.large_string()) if isinstance(p, str) else p.cast(pa.large_string()) for p in parts]
    return pc.binary_join_element_wise(*args, pa.scalar("", pa.large_string()))


def _variant_table(options: dict[str, tuple[str, ...]], vocab: tuple[str, ...]) -> tuple[list[str], I64, I64]:
    """Flattened texts, first index and count of the options of each vocabulary code."""
    texts: list[str] = []
    first = np.zeros(len(vocab), dtype=np.int64)
    count = np.zeros(len(vocab), dtype=np.int64)
    for i, code in enumerate(vocab):
        opts = options.get(code, ("",))
        first[i], count[i] = len(texts), len(opts)
        texts.extend(opts)
    return texts, first, count


def _variant(u: NDArray[np.float64], count: I64) -> I64:
    """Option index: the first option 80% of the time, the others share the rest."""
    other = 1 + np.floor((u - 0.8) / 0.2 * np.maximum(count - 1, 1)).astype(np.int64)
    return np.where((u < 0.8) | (count <= 1), 0, np.minimum(other, count - 1))


CHUNK_ROWS = 500_000
"""Large files are built and written this many rows at a time, to keep memory down."""


def _table(columns: dict[str, pa.Array]) -> pa.Table:
    return pa.table(
        {name: arr.cast(pa.large_string()) if arr.type != pa.large_string() else arr for name, arr in columns.items()}
    )


def _write(path: Path, columns: dict[str, pa.Array]) -> None:
    pacsv.write_csv(
        _table(columns), path, write_options=pacsv.WriteOptions(include_header=True, quoting_style="needed")
    )


def _write_chunked(path: Path, n: int, build: Callable[[slice], dict[str, pa.Array]]) -> None:
    """Write ``n`` rows built ``CHUNK_ROWS`` at a time by ``build(rows)``."""
    writer: pacsv.CSVWriter | None = None
    try:
        for first in range(0, max(n, 1), CHUNK_ROWS):
            table = _table(build(slice(first, min(first + CHUNK_ROWS, n))))
            if writer is None:
                options = pacsv.WriteOptions(include_header=True, quoting_style="needed")
                writer = pacsv.CSVWriter(path, table.schema, write_options=options)
            writer.write_table(table)
    finally:
        if writer is not None:
            writer.close()


# ----------------------------------------------------------------------------------------------------------
# Writers


class _Raw:
    def __init__(self, data: SynthData, folder: Path) -> None:
        self.data = data
        self.folder = folder
        self.rng = np.random.default_rng(np.random.SeedSequence([data.config.seed, 0x52415721]))
        orgs = data.organisations
        self.org_codes = tuple(str(c) for c in orgs["org_code"])
        self.org_names = tuple(str(c) for c in orgs["org_name"])
        self.files: list[tuple[str, str]] = []

    def org_index(self, series: pd.Series) -> I64:
        return _codes(series, self.org_codes)

    def ethnic_labels(self, series: pd.Series) -> pa.Array:
        codes = _codes(series, pf.ETHNIC_CODES)
        vocab = tuple(LABEL_ETHNIC[c] for c in pf.ETHNIC_CODES)
        out = labels(vocab, np.where(codes < 0, pf.ETH_INDEX["99"], codes))
        z = np.flatnonzero(codes == pf.ETH_INDEX["Z"])
        if len(z):  # "not stated" is worded in more than one way
            alt = np.zeros(len(codes), dtype=np.int64)
            alt[z[self.rng.random(len(z)) < 0.3]] = 1
            out = pc.if_else(
                pa.array(alt == 1), pa.scalar("I do not wish to disclose my ethnic origin", pa.large_string()), out
            )
        return out

    def band_labels(self, series: pd.Series) -> pa.Array:
        codes = _codes(series, pf.BANDS)
        return labels(tuple(BAND_LABEL[b] for b in pf.BANDS), codes)

    # -- files ---------------------------------------------------------------------------------------------

    def organisations(self) -> None:
        orgs = self.data.organisations
        path = self.folder / "organisations.csv"
        _write(
            path,
            {
                "Org Code": _arrow(orgs["org_code"]),
                "Organisation Name": _arrow(orgs["org_name"]),
                "Region": _arrow(orgs["region"]),
                "Trust Type": _arrow(orgs["trust_type"]),
            },
        )
        self.files.append((path.name, "organisations: code, name, NHS England region and trust type"))

    def esr(self) -> None:
        rng = self.rng
        staff = self.data.staff
        num = _numbers(staff["person_id"])
        sday = _days(staff["snapshot_date"])
        org = self.org_index(staff["org_code"])
        band = _codes(staff["band"], pf.BANDS)
        group = _codes(staff["staff_group"], pf.STAFF_GROUPS)
        eth = _codes(staff["ethnic_category"], pf.ETHNIC_CODES)
        contract = _codes(staff["contract"], pf.CONTRACT_CODES)
        bank = staff["bank_only"].to_numpy(dtype=bool)

        # Stable per-person detail.
        m = int(num.max()) + 1 if len(num) else 1
        first_seen = np.full(m, np.iinfo(np.int64).max, dtype=np.int64)
        np.minimum.at(first_seen, num, sday)
        p_group = np.zeros(m, dtype=np.int64)
        p_group[num] = group
        p_bank = np.zeros(m, dtype=bool)
        p_bank[num] = bank
        p_male = np.zeros(m, dtype=bool)
        p_male[num] = _codes(staff["gender"], pf.GENDERS) == pf.GENDERS.index("Male")
        first_u = rng.random(m)
        first_name = np.where(
            p_male,
            len(FEMALE_NAMES) + np.floor(first_u * len(MALE_NAMES)),
            np.floor(first_u * len(FEMALE_NAMES)),
        ).astype(np.int64)
        surname = rng.integers(0, len(SURNAMES), m)
        age_days = (rng.triangular(19, 38, 66, m) * 365.25).astype(np.int64)
        dob = first_seen - age_days
        ni_digits = rng.integers(0, 1_000_000, m)
        ni_suffix = rng.integers(0, 4, m)
        eth_u = rng.random(m)
        grade_u = rng.random(m)
        year0 = self.data.config.first_year
        initial = first_seen == day(year0, 3, 31)
        tenure = np.where(initial, rng.exponential(7.0 * 365.25, m), rng.uniform(0, 364, m)).astype(np.int64)
        start = first_seen - np.minimum(tenure, 40 * 365)
        u = rng.random(m)
        kind = np.full(m, -1, dtype=np.int64)
        second = ~p_bank & (u < 0.05)
        k = rng.random(m)
        honorary_ok = np.isin(p_group, [pf.MEDICAL, pf.APST, pf.HCS, pf.AHP])
        kind[second] = np.where(k[second] < 0.65, 0, np.where((k[second] > 0.9) & honorary_ok[second], 2, 1))
        kind[p_bank & (u < 0.10)] = 3
        second_start_gap = rng.integers(30, 2000, m)
        org_style = rng.integers(0, len(AFC_STYLES), len(self.org_codes))

        eth_texts, eth_first, eth_count = _variant_table(ESR_ETHNIC, pf.ETHNIC_CODES)
        grade_texts, grade_first, grade_count = _variant_table(MEDICAL_GRADES, pf.BANDS)
        afc_texts = [style.get(b, "") for style in AFC_STYLES for b in pf.BANDS]
        occupation = _arrow(staff["occupation_code"])
        directorate = _arrow(staff["directorate"])
        site = _arrow(staff["site"])
        gender = _arrow(staff["gender"])
        category_vocab = tuple(CATEGORY[c] for c in pf.CONTRACT_CODES)
        medical_band = np.isin(band, [pf.BAND_INDEX[b] for b in MEDICAL_GRADES])
        hourly = staff["hourly_pay"].to_numpy(dtype=np.float64)
        hours = staff["hours"].to_numpy(dtype=np.float64)
        fte = staff["fte"].to_numpy(dtype=np.float64)

        for snap in np.unique(sday):
            rows = np.flatnonzero(sday == snap)
            extra = rows[kind[num[rows]] >= 0]
            r = np.concatenate([rows, extra])
            is_second = np.concatenate([np.zeros(len(rows), bool), np.ones(len(extra), bool)])
            n_r = num[r]
            order = np.lexsort((is_second, n_r, org[r]))
            r, is_second = r[order], is_second[order]

            def build(
                sl: slice, r: I64 = r, is_second: NDArray[np.bool_] = is_second, snap: int = int(snap)
            ) -> dict[str, pa.Array]:
                r, is_second = r[sl], is_second[sl]
                n_r = num[r]
                n = len(r)
                style = np.where(rng.random(n) < 0.1, rng.integers(0, len(AFC_STYLES), n), org_style[org[r]])
                b = band[r]
                pay_band = labels(afc_texts, np.where(medical_band[r], -1, style * pf.NB + b))
                grade_option = grade_first[b] + _variant(grade_u[n_r], grade_count[b])
                grade = labels(grade_texts, np.where(medical_band[r], grade_option, -1))
                e = eth[r]
                second_cat = np.array([2, 1, 3, 2])[np.maximum(kind[n_r], 0)]  # bank, fixed term, honorary, bank
                cat = np.where(is_second, second_cat, contract[r])
                a_start = np.where(is_second, np.minimum(start[n_r] + second_start_gap[n_r], snap), start[n_r])
                emp = _employee_numbers(n_r)
                idx = pa.array(r)
                return {
                    "Employee Number": emp,
                    "Assignment Number": pc.if_else(pa.array(is_second), _join(emp, "-2"), emp),
                    "Organisation Code": labels(self.org_codes, org[r]),
                    "Organisation": labels(self.org_names, org[r]),
                    "Full Name": _join(labels(SURNAMES, surname[n_r]), ", ", labels(FIRST_NAMES, first_name[n_r])),
                    "NI Number": _join(
                        "QQ",
                        pc.utf8_lpad(pc.cast(pa.array(ni_digits[n_r]), pa.large_string()), 6, padding="0"),
                        labels(("A", "B", "C", "D"), ni_suffix[n_r]),
                    ),
                    "Date of Birth": _date_text(dob[n_r]),
                    "Gender": pc.take(gender, idx),
                    "Ethnic Origin": labels(eth_texts, eth_first[e] + _variant(eth_u[n_r], eth_count[e])),
                    "Staff Group": labels(pf.STAFF_GROUPS, group[r]),
                    "Occupation Code": pc.take(occupation, idx),
                    "Pay Band": pc.fill_null(pay_band, ""),
                    "Grade": pc.fill_null(grade, ""),
                    "Assignment Category": labels(category_vocab, cat),
                    "Primary Assignment": labels(("Yes", "No"), is_second.astype(np.int64)),
                    "Directorate": pc.take(directorate, idx),
                    "Location": pc.take(site, idx),
                    "Assignment Start Date": _date_text(a_start),
                    "Hourly Rate": _number_text(hourly[r]),
                    "Contracted Hours": _number_text(np.where(is_second, 0.0, hours[r])),
                    "FTE": _number_text(np.where(is_second, 0.0, fte[r])),
                }

            _write_chunked(self.folder / f"esr_staff_{np.datetime64(int(snap), 'D')}.csv", len(r), build)
        if self.data.config.monthly:
            self.files.append(
                (
                    "esr_staff_YYYY-MM-DD.csv",
                    "ESR staff in post at each month end (31 March included), one row per assignment (primary = Yes)",
                )
            )
        else:
            self.files.append(
                (
                    "esr_staff_YYYY-03-31.csv",
                    "ESR staff in post at each 31 March, one row per assignment (primary = Yes)",
                )
            )

    def recruitment(self) -> None:
        rng = self.rng
        data = self.data.recruitment

        def build(sl: slice) -> dict[str, pa.Array]:
            rec = data.iloc[sl]
            n = len(rec)
            shortlisted = rec["shortlisted"].to_numpy(dtype=bool)
            appointed = rec["appointed"].to_numpy(dtype=bool)
            withdrawn = ~appointed & (rng.random(n) < np.where(shortlisted, 0.12, 0.03))
            outcome = np.where(appointed, 0, np.where(withdrawn, 2, 1))
            return {
                "Vacancy Reference": _arrow(rec["vacancy_id"]),
                "Application ID": _arrow(rec["application_id"]),
                "Candidate ID": _arrow(rec["applicant_id"]),
                "Organisation Code": _arrow(rec["org_code"]),
                "Job Staff Group": pc.fill_null(_arrow(rec["vacancy_staff_group"]), ""),
                "Job Band": pc.fill_null(self.band_labels(rec["vacancy_band"]), ""),
                "Bank Post": pc.fill_null(_yes_no(rec["bank_post"]), ""),
                "Application Date": _date_text(_days(rec["application_date"])),
                "Shortlisted": _yes_no(rec["shortlisted"]),
                "Shortlisting Date": pc.fill_null(_date_text(_days(rec["shortlisting_date"])), ""),
                "Outcome": labels(("Appointed", "Not appointed", "Withdrawn"), outcome),
                "Internal Applicant": pc.fill_null(_yes_no(rec["internal"]), ""),
                "Overseas Applicant": pc.fill_null(_yes_no(rec["international"]), ""),
                "Ethnic Group": self.ethnic_labels(rec["ethnic_category"]),
            }

        path = self.folder / "recruitment_applications.csv"
        _write_chunked(path, len(data), build)
        self.files.append((path.name, "recruitment system export, one row per application"))

    def er_log(self) -> None:
        rng = self.rng
        dis = self.data.disciplinary
        staff = self.data.staff
        n_canon = len(dis)
        start = _days(dis["investigation_start"])
        has_outcome = dis["outcome"].notna().to_numpy()
        # Other cases: people drawn from the (non-bank) staff snapshots, dated within that activity year.
        # Only 31 March rows: with monthly snapshots (SynthConfig.monthly) a year's rows would otherwise weigh 12×.
        dates = staff["snapshot_date"]
        march = ((dates.dt.month == 3) & (dates.dt.day == 31)).to_numpy(dtype=bool)
        pool = np.flatnonzero(~staff["bank_only"].to_numpy(dtype=bool) & march)
        n_other = 2 * n_canon + 5 if len(pool) else 0
        pick = pool[rng.integers(0, len(pool), n_other)] if n_other else np.zeros(0, np.int64)
        years = staff["snapshot_date"].to_numpy()[pick].astype("datetime64[Y]").astype(np.int64) + 1970
        ay_start = np.array([activity_year(int(y))[0] for y in range(1900, 2101)], dtype=np.int64)[years - 1900]
        o_open = ay_start + np.floor(rng.random(n_other) * 365).astype(np.int64)
        o_type = np.searchsorted(np.cumsum(pf.as_probabilities(ER_OTHER_P)), rng.random(n_other), side="right")
        o_type = np.minimum(o_type, len(ER_OTHER_TYPES) - 1)
        o_formal = np.array([t[1] == "Formal investigation" for t in ER_OTHER_TYPES])[o_type]
        outcome_texts = sorted({o for t in ER_OTHER_TYPES for o in t[2]} | set(pf.DISCIPLINARY_OUTCOMES))
        width = max(len(t[2]) for t in ER_OTHER_TYPES)
        choices = np.array(
            [[outcome_texts.index(t[2][min(j, len(t[2]) - 1)]) for j in range(width)] for t in ER_OTHER_TYPES]
        )
        counts = np.array([len(t[2]) for t in ER_OTHER_TYPES])
        o_outcome = choices[o_type, np.floor(rng.random(n_other) * counts[o_type]).astype(np.int64)]

        c_open = start - rng.integers(0, 31, n_canon)
        c_close = start + rng.integers(20, 151, n_canon)
        o_inv = o_open + rng.integers(0, 15, n_other)
        o_close = o_inv + rng.integers(10, 120, n_other)
        type_index = np.array([CASE_TYPES.index(t[0]) for t in ER_OTHER_TYPES], dtype=np.int64)
        case_type = np.concatenate([np.zeros(n_canon, np.int64), type_index[o_type]])
        stage = np.concatenate([np.ones(n_canon, np.int64), o_formal.astype(np.int64)])
        opened = np.concatenate([c_open, o_open])
        inv = np.concatenate([start, np.where(o_formal, o_inv, -(10**9))])
        closed = np.concatenate([np.where(has_outcome, c_close, -(10**9)), o_close])
        canon_outcome = _codes(dis["outcome"], outcome_texts)
        outcome = np.concatenate([canon_outcome, o_outcome])
        refs = pa.concat_arrays(
            [
                _arrow(dis["case_id"]).cast(pa.large_string()),
                pc.binary_join_element_wise(
                    pa.scalar("ER", pa.large_string()),
                    pc.utf8_lpad(
                        pc.cast(pa.array(NOISE_CASE_BASE + 1 + np.arange(n_other)), pa.large_string()), 7, padding="0"
                    ),
                    pa.scalar("", pa.large_string()),
                ),
            ]
        )
        org = pa.concat_arrays([_arrow(dis["org_code"]), _arrow(staff["org_code"]).take(pa.array(pick))])
        person = np.concatenate([_numbers(dis["person_id"]), _numbers(staff["person_id"])[pick]])
        order = pa.array(np.lexsort((np.arange(len(opened)), opened)))
        path = self.folder / "er_case_log.csv"
        _write(
            path,
            {
                "Case Reference": refs.take(order),
                "Organisation Code": org.take(order),
                "Employee Number": _employee_numbers(person).take(order),
                "Case Type": labels(CASE_TYPES, case_type).take(order),
                "Stage": labels(("Informal", "Formal investigation"), stage).take(order),
                "Date Opened": _date_text(opened).take(order),
                "Investigation Start Date": pc.fill_null(_date_text(inv), "").take(order),
                "Date Closed": pc.fill_null(_date_text(closed), "").take(order),
                "Outcome": pc.fill_null(labels(outcome_texts, outcome), "").take(order),
            },
        )
        self.files.append((path.name, "employee-relations case log (formal disciplinary investigations are canonical)"))

    def learning(self) -> None:
        rng = self.rng
        data = self.data.training

        def build(sl: slice) -> dict[str, pa.Array]:
            tr = data.iloc[sl]
            n = len(tr)
            course = _codes(tr["course"], pf.COURSES)
            mandatory = tr["mandatory"].to_numpy(dtype=bool)
            start = _days(tr["start_date"])
            duration = np.where(mandatory, (rng.random(n) < 0.3).astype(np.int64), rng.integers(1, 121, n))
            completed = rng.random(n) >= 0.07
            return {
                "Enrolment ID": _arrow(tr["record_id"]),
                "Organisation Code": _arrow(tr["org_code"]),
                "Employee Number": _employee_numbers(_numbers(tr["person_id"])),
                "Course Title": _arrow(tr["course"]),
                "Course Code": pc.fill_null(labels(pf.COURSE_CODES, course), ""),
                "Competence Type": labels(("Non-mandatory/CPD", "Statutory/Mandatory"), mandatory.astype(np.int64)),
                "Start Date": _date_text(start),
                "Completion Date": pc.fill_null(_date_text(start + duration, valid=completed), ""),
            }

        path = self.folder / "learning_records.csv"
        _write_chunked(path, len(data), build)
        self.files.append((path.name, "learning-system export, one row per course enrolment"))

    def survey(self) -> None:
        resp = self.data.survey_respondents
        ans = self.data.survey_answers
        r_year = resp["survey_year"].to_numpy()
        a_year = ans["survey_year"].to_numpy()
        for year in np.unique(r_year):
            rsel = np.flatnonzero(r_year == year)
            asel = np.flatnonzero(a_year == year)
            r = resp.iloc[rsel]
            a = ans.iloc[asel]
            index = pd.Index(r["respondent_id"])
            row = index.get_indexer(a["respondent_id"])
            item = _codes(a["item"], pf.SURVEY_ITEMS)
            response = _codes(a["response"], pf.RESPONSES)
            grid = np.full((len(r), len(pf.SURVEY_ITEMS)), -1, dtype=np.int64)
            ok = (row >= 0) & (item >= 0)
            grid[row[ok], item[ok]] = response[ok]
            columns: dict[str, pa.Array] = {
                "Respondent ID": _arrow(r["respondent_id"]),
                "Survey Year": pc.cast(pa.array(r["survey_year"].to_numpy()), pa.large_string()),
                "Organisation Code": _arrow(r["org_code"]),
                "Ethnic Background": self.ethnic_labels(r["ethnic_category"]),
                "Staff Group": pc.fill_null(_arrow(r["staff_group"]), ""),
                "Band": pc.fill_null(self.band_labels(r["band"]), ""),
            }
            for j, name in enumerate(pf.SURVEY_ITEMS):
                columns[name] = pc.fill_null(labels(pf.RESPONSES, grid[:, j]), "")
            _write(self.folder / f"staff_survey_{int(year)}.csv", columns)
        self.files.append(
            ("staff_survey_YYYY.csv", "NHS Staff Survey microdata per survey year, one row per respondent")
        )

    def board(self) -> None:
        rng = self.rng
        brd = self.data.board
        n = len(brd)
        member = _numbers(brd["member_id"], 2)
        sday = _days(brd["snapshot_date"])
        m = int(member.max()) + 1 if n else 1
        first_seen = np.full(m, np.iinfo(np.int64).max, dtype=np.int64)
        np.minimum.at(first_seen, member, sday)
        initial = first_seen == day(self.data.config.first_year, 3, 31)
        appointed = first_seen - np.where(initial, rng.integers(0, 5 * 365, m), rng.integers(0, 365, m))
        title = rng.integers(0, len(TITLES), m)
        first_name = rng.integers(0, len(FIRST_NAMES), m)
        surname = rng.integers(0, len(SURNAMES), m)
        codes = _codes(brd["ethnic_category"], pf.ETHNIC_CODES)
        path = self.folder / "board_register.csv"
        _write(
            path,
            {
                "As At": _date_text(sday),
                "Organisation Code": _arrow(brd["org_code"]),
                "Member Ref": _arrow(brd["member_id"]),
                "Name": _join(
                    labels(TITLES, title[member]),
                    " ",
                    labels(FIRST_NAMES, first_name[member]),
                    " ",
                    labels(SURNAMES, surname[member]),
                ),
                "Role": pc.fill_null(_arrow(brd["role"]), ""),
                "Voting": _yes_no(brd["voting"]),
                "Executive": _yes_no(brd["executive"]),
                "Ethnicity": labels(
                    tuple(LABEL_ETHNIC[c] for c in pf.ETHNIC_CODES), np.where(codes < 0, pf.ETH_INDEX["99"], codes)
                ),
                "Date Appointed": _date_text(appointed[member]),
            },
        )
        self.files.append((path.name, "board register at each 31 March, one row per member"))

    def readme(self) -> None:
        cfg = self.data.config
        lines = [
            "Synthetic NHS workforce extracts generated by wres.synth (fake people, fake organisations).",
            f"Profile {cfg.profile}, {cfg.n_orgs} organisation(s), WRES years {cfg.first_year}-{cfg.last_year}, "
            f"seed {cfg.seed}.",
            "",
            "Files:",
            *(f"  {name:<34} {what}" for name, what in self.files),
            "",
            "All files: UTF-8 CSV with a header row; dates dd/mm/yyyy; flags Yes/No; empty cell = missing.",
            "Employee Number = 10000000 + n for canonical person_id P + n (8 digits). Other ids are the",
            "canonical ids. The mapping of every file to the canonical tables is documented in the module",
            "docstring of wres.synth.raw.",
            "",
        ]
        (self.folder / "README.txt").write_text("\n".join(lines), encoding="utf-8")


def write_raw(data: SynthData, out_dir: str | Path) -> Path:
    """Write the raw extracts of ``data`` (see the module docstring) to ``out_dir``; return the folder."""
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    raw = _Raw(data, folder)
    for step in (raw.organisations, raw.esr, raw.recruitment, raw.er_log, raw.learning, raw.survey, raw.board):
        step()
        release_memory()
    raw.readme()
    return folder
