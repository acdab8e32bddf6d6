"""Profile parameters of the synthetic NHS workforce: vocabularies, mixes, ethnic effects and rates.

Everything the simulation draws from lives here, as plain tuples and dicts, indexed by the integer codes used
inside the generator (an ethnic code, band or staff group is an index into :data:`ETHNIC_CODES`,
:data:`BANDS` or :data:`STAFF_GROUPS`). The figures are rough national shapes (wres-domain.md §8), chosen so
that the out-of-the-box data look like NHS trusts: they are plausibility targets, not statistics.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

import numpy as np
from numpy.typing import NDArray

# ------------------------------------------------------------------------------------------------------------
# Vocabularies (canonical codes, literal; see wres.vocab for their meaning).

ETHNIC_CODES: tuple[str, ...] = (
    # White
    "A",
    "B",
    "C",
    "T",
    "ROMA",
    # BME
    "D",
    "E",
    "F",
    "G",
    "H",
    "J",
    "K",
    "L",
    "M",
    "N",
    "P",
    "R",
    "S",
    "ARAB",
    "BME",
    # Unknown
    "Z",
    "99",
)
WHITE, BME, UNKNOWN = 0, 1, 2
"""WRES groups as integers."""
ETH_INDEX: Mapping[str, int] = {code: i for i, code in enumerate(ETHNIC_CODES)}
ETH_GROUP: NDArray[np.int8] = np.array(
    [WHITE] * 5 + [BME] * 15 + [UNKNOWN] * 2,
    dtype=np.int8,
)
"""WRES group (0 White, 1 BME, 2 Unknown) of each ethnic code index."""

BANDS: tuple[str, ...] = (
    "U1",
    "1",
    "2",
    "3",
    "4",
    "5",
    "6",
    "7",
    "8a",
    "8b",
    "8c",
    "8d",
    "9",
    "VSM",
    "MD_CONS",
    "MD_NCCG",
    "MD_TRAIN",
    "MD_OTHER",
)
BAND_INDEX: Mapping[str, int] = {code: i for i, code in enumerate(BANDS)}
NB = len(BANDS)
VSM = BAND_INDEX["VSM"]

STAFF_GROUPS: tuple[str, ...] = (
    "Add Prof Scientific and Technic",
    "Additional Clinical Services",
    "Administrative and Clerical",
    "Allied Health Professionals",
    "Estates and Ancillary",
    "Healthcare Scientists",
    "Medical and Dental",
    "Nursing and Midwifery Registered",
    "Students",
)
NG = len(STAFF_GROUPS)
APST, ADDCLIN, ADMIN, AHP, ESTATES, HCS, MEDICAL, NURSING, STUDENTS = range(NG)

REGIONS: tuple[str, ...] = (
    "London",
    "South East",
    "South West",
    "East of England",
    "Midlands",
    "North West",
    "North East and Yorkshire",
)
LONDON, SOUTH_EAST, SOUTH_WEST, EAST, MIDLANDS, NORTH_WEST, NEY = range(len(REGIONS))

REGION_BME_SHARE: tuple[float, ...] = (0.52, 0.27, 0.15, 0.30, 0.31, 0.21, 0.18)
"""BME share of the workforce in the last simulated year, by region (before the national re-centring)."""
REGION_ORG_WEIGHT: tuple[float, ...] = (0.16, 0.15, 0.10, 0.10, 0.18, 0.16, 0.15)
"""Share of trusts in each region (a national run spreads its organisations by these quotas)."""

NATIONAL_BME_SHARE = 0.28

PROFILES: Mapping[str, tuple[int, ...]] = {
    "national": tuple(range(len(REGIONS))),
    "london": (LONDON,),
    "south-east": (SOUTH_EAST,),
    "south-west": (SOUTH_WEST,),
    "east": (EAST,),
    "midlands": (MIDLANDS,),
    "north-west": (NORTH_WEST,),
    "north-east-yorkshire": (NEY,),
}
"""Profile name → the regions its organisations are spread over."""

TRUST_TYPES: tuple[str, ...] = ("Acute", "Mental health", "Community", "Ambulance")
TRUST_TYPE_NAME: tuple[str, ...] = ("Acute", "Mental Health", "Community", "Ambulance")
"""Word used in the synthetic organisation name ("Synthetic Mental Health Trust 002")."""
TRUST_TYPE_ORG_WEIGHT: tuple[float, ...] = (0.62, 0.22, 0.09, 0.07)
TRUST_TYPE_SIZE_FACTOR: tuple[float, ...] = (1.25, 0.65, 0.55, 0.70)

# Staff group mix (non-bank headcount) by trust type, in STAFF_GROUPS order.
GROUP_MIX: tuple[tuple[float, ...], ...] = (
    # APST  AddCl  Admin  AHP    Estat  HCS    Med    Nurs   Stud
    (0.025, 0.185, 0.215, 0.070, 0.050, 0.025, 0.130, 0.295, 0.005),  # Acute
    (0.070, 0.260, 0.240, 0.050, 0.030, 0.005, 0.070, 0.270, 0.005),  # Mental health
    (0.040, 0.200, 0.250, 0.140, 0.030, 0.005, 0.030, 0.300, 0.005),  # Community
    (0.000, 0.350, 0.300, 0.280, 0.030, 0.000, 0.005, 0.030, 0.005),  # Ambulance
)

# Band mix within each staff group (non-bank).
BAND_MIX: Mapping[int, Mapping[str, float]] = {
    APST: {
        "3": 0.03,
        "4": 0.06,
        "5": 0.10,
        "6": 0.20,
        "7": 0.30,
        "8a": 0.17,
        "8b": 0.08,
        "8c": 0.04,
        "8d": 0.015,
        "9": 0.005,
    },
    ADDCLIN: {"2": 0.24, "3": 0.45, "4": 0.23, "5": 0.05, "6": 0.02, "7": 0.01},
    ADMIN: {
        "1": 0.003,
        "2": 0.10,
        "3": 0.27,
        "4": 0.22,
        "5": 0.12,
        "6": 0.09,
        "7": 0.08,
        "8a": 0.055,
        "8b": 0.03,
        "8c": 0.015,
        "8d": 0.008,
        "9": 0.004,
        "VSM": 0.005,
    },
    AHP: {"4": 0.01, "5": 0.17, "6": 0.37, "7": 0.30, "8a": 0.11, "8b": 0.03, "8c": 0.008, "8d": 0.002},
    ESTATES: {"1": 0.03, "2": 0.58, "3": 0.18, "4": 0.10, "5": 0.05, "6": 0.03, "7": 0.02, "8a": 0.007, "8b": 0.003},
    HCS: {
        "2": 0.05,
        "3": 0.10,
        "4": 0.10,
        "5": 0.10,
        "6": 0.20,
        "7": 0.25,
        "8a": 0.12,
        "8b": 0.05,
        "8c": 0.025,
        "8d": 0.005,
    },
    MEDICAL: {"MD_CONS": 0.38, "MD_NCCG": 0.12, "MD_TRAIN": 0.44, "MD_OTHER": 0.06},
    NURSING: {
        "4": 0.02,
        "5": 0.37,
        "6": 0.34,
        "7": 0.19,
        "8a": 0.05,
        "8b": 0.018,
        "8c": 0.007,
        "8d": 0.003,
        "9": 0.001,
        "VSM": 0.001,
    },
    STUDENTS: {"U1": 0.2, "2": 0.4, "3": 0.3, "4": 0.1},
}

BANK_SHARE = 0.06
"""Bank-only people as a share of everyone in a snapshot."""
BANK_MIX: Mapping[int, tuple[float, Mapping[str, float]]] = {
    NURSING: (0.35, {"4": 0.1, "5": 0.6, "6": 0.3}),
    ADDCLIN: (0.35, {"2": 0.3, "3": 0.6, "4": 0.1}),
    ADMIN: (0.15, {"2": 0.4, "3": 0.4, "4": 0.2}),
    MEDICAL: (0.05, {"MD_OTHER": 1.0}),
    ESTATES: (0.10, {"2": 0.8, "3": 0.2}),
}
VSM_FLOOR = 8
"""Minimum number of Administrative and Clerical VSM posts per organisation (the executive team)."""

# ------------------------------------------------------------------------------------------------------------
# Ethnicity: within-group code distributions and the logit effects behind the "snowy white peaks".

WHITE_CODE_DIST: Mapping[str, float] = {"A": 0.855, "B": 0.02, "C": 0.122, "T": 0.002, "ROMA": 0.001}
WHITE_CODE_DIST_LONDON: Mapping[str, float] = {"A": 0.58, "B": 0.04, "C": 0.374, "T": 0.004, "ROMA": 0.002}
BME_CODE_DIST: Mapping[str, float] = {
    "D": 0.025,
    "E": 0.015,
    "F": 0.02,
    "G": 0.025,
    "H": 0.20,
    "J": 0.06,
    "K": 0.02,
    "L": 0.17,
    "M": 0.05,
    "N": 0.22,
    "P": 0.025,
    "R": 0.02,
    "S": 0.14,
    "ARAB": 0.01,
}
BME_CODE_DIST_LONDON: Mapping[str, float] = {
    "D": 0.03,
    "E": 0.02,
    "F": 0.02,
    "G": 0.03,
    "H": 0.14,
    "J": 0.04,
    "K": 0.04,
    "L": 0.15,
    "M": 0.10,
    "N": 0.27,
    "P": 0.04,
    "R": 0.02,
    "S": 0.09,
    "ARAB": 0.01,
}
BME_CODE_DIST_NORTH: Mapping[str, float] = {
    "D": 0.025,
    "E": 0.015,
    "F": 0.025,
    "G": 0.025,
    "H": 0.20,
    "J": 0.14,
    "K": 0.03,
    "L": 0.15,
    "M": 0.025,
    "N": 0.18,
    "P": 0.02,
    "R": 0.02,
    "S": 0.135,
    "ARAB": 0.01,
}
INTL_BME_CODE_DIST: Mapping[str, float] = {"H": 0.36, "L": 0.30, "N": 0.22, "J": 0.04, "S": 0.06, "ARAB": 0.02}
"""Internationally recruited BME staff: mostly Indian, Filipino ("any other Asian") and African."""
UNKNOWN_CODE_DIST: Mapping[str, float] = {"Z": 0.6, "99": 0.4}

BAND_EFFECT: Mapping[str, float] = {
    "U1": 0.0,
    "1": 0.05,
    "2": 0.15,
    "3": -0.05,
    "4": -0.05,
    "5": 0.65,
    "6": 0.15,
    "7": -0.1,
    "8a": -0.3,
    "8b": -0.45,
    "8c": -0.6,
    "8d": -0.7,
    "9": -0.6,
    "VSM": -0.45,
}
GROUP_EFFECT: tuple[float, ...] = (0.15, 0.05, -0.35, -0.5, 0.10, -0.10, 0.0, 0.25, 0.0)
MEDICAL_EFFECT: Mapping[str, float] = {"MD_CONS": 0.8, "MD_NCCG": 1.5, "MD_TRAIN": 1.0, "MD_OTHER": 1.6}
BANK_EFFECT = 0.3

INTL_BME = 0.90
INTL_WHITE = 0.07
"""Ethnicity of international recruits (the rest Unknown)."""


def intl_rate(group: int, band: str, years_in: int) -> float:
    """Share of external hires to a (staff group, band) post that are international recruits."""
    if group == NURSING and band in ("5", "6"):
        base = 0.22 if band == "5" else 0.05
        return min(0.6, base + 0.03 * years_in)
    if group == MEDICAL and band in ("MD_TRAIN", "MD_NCCG", "MD_OTHER"):
        return min(0.6, 0.25 + 0.02 * years_in)
    if group == ADDCLIN and band == "3":
        return 0.04
    return 0.0


# ------------------------------------------------------------------------------------------------------------
# Flow rates.

PROMOTION_INTERNAL_SHARE: Mapping[str, float] = {
    "3": 0.25,
    "4": 0.30,
    "5": 0.20,
    "6": 0.50,
    "7": 0.55,
    "8a": 0.55,
    "8b": 0.60,
    "8c": 0.60,
    "8d": 0.60,
    "9": 0.60,
    "VSM": 0.50,
    "MD_CONS": 0.35,
}
"""Share of vacancies at a band filled by promoting someone from the band below (the rest are hires)."""
MEDICAL_FEEDER: Mapping[str, str] = {"MD_CONS": "MD_TRAIN"}

LEAVE_GROUP_FACTOR: tuple[float, ...] = (1.0, 1.15, 1.0, 1.0, 1.05, 0.95, 1.0, 1.0, 2.5)
LEAVE_BAND_FACTOR: Mapping[str, float] = {"MD_TRAIN": 2.0, "VSM": 1.3, "2": 1.1, "3": 1.1}
LEAVE_ETH_FACTOR: tuple[float, ...] = (1.0, 1.12, 1.3)
LEAVE_BANK_FACTOR = 2.0

FEMALE_SHARE: tuple[float, ...] = (0.72, 0.80, 0.76, 0.82, 0.45, 0.65, 0.49, 0.89, 0.80)
CONTRACT_CODES: tuple[str, ...] = ("substantive", "fixed_term", "bank", "honorary")
GENDERS: tuple[str, ...] = ("Female", "Male", "Other", "Unknown")

DIRECTORATES: tuple[str, ...] = (
    "Medicine",
    "Surgery",
    "Women and Children",
    "Clinical Support Services",
    "Corporate Services",
    "Estates and Facilities",
    "Community Services",
    "Adult Mental Health",
    "Emergency Operations",
)
MEDICINE, SURGERY, WOMEN, CLINSUP, CORPORATE, FACILITIES, COMMUNITY, MENTAL, EMERGENCY = range(len(DIRECTORATES))
_TYPE_DIRECTORATES: tuple[tuple[int, ...], ...] = (
    (MEDICINE, SURGERY, WOMEN, CLINSUP),
    (MENTAL, COMMUNITY, CLINSUP),
    (COMMUNITY, CLINSUP, WOMEN),
    (EMERGENCY, CLINSUP),
)
SITE_NAMES: tuple[str, ...] = (
    "Main Site",
    "North Site",
    "South Site",
    "East Site",
    "West Site",
    "Community Hub",
)

OCCUPATION_CODES: tuple[tuple[str, ...], ...] = (
    ("S1A", "S1B", "S1C"),  # APST (pharmacy, psychology, other)
    ("H1A", "H1B", "H2A"),  # Additional Clinical Services
    ("G1A", "G2A", "G3A", "G4A"),  # Administrative and Clerical
    ("A1A", "A2A", "A3A", "A4A"),  # AHP
    ("E1A", "E2A"),  # Estates and Ancillary
    ("T1A", "T2A"),  # Healthcare Scientists
    ("M1A", "M2A", "M3A", "M4A"),  # Medical and Dental (by subgroup)
    ("N1A", "N1B", "N2A", "N3A"),  # Nursing and Midwifery Registered
    ("U1A",),  # Students
)
"""Synthetic occupation codes (shaped like ESR codes, not real ones)."""


def _mix_array(mix: Mapping[str, float]) -> NDArray[np.float64]:
    out = np.zeros(NB)
    for band, share in mix.items():
        out[BAND_INDEX[band]] = share
    return out / out.sum()


def cell_mix() -> NDArray[np.float64]:
    """Share of headcount per (trust type, bank flag, staff group, band); sums to 1 per trust type."""
    out = np.zeros((len(TRUST_TYPES), 2, NG, NB))
    for t, groups in enumerate(GROUP_MIX):
        for g, share in enumerate(groups):
            if share > 0:
                out[t, 0, g] = (1 - BANK_SHARE) * share * _mix_array(BAND_MIX[g])
        for g, (share, bands) in BANK_MIX.items():
            out[t, 1, g] = BANK_SHARE * share * _mix_array(bands)
    return out


def ethnic_effect() -> NDArray[np.float64]:
    """Logit effect on the BME probability per (bank flag, staff group, band)."""
    out = np.zeros((2, NG, NB))
    for g in range(NG):
        for b, band in enumerate(BANDS):
            if g == MEDICAL:
                out[:, g, b] = MEDICAL_EFFECT.get(band, 0.0)
            else:
                out[:, g, b] = GROUP_EFFECT[g] + BAND_EFFECT.get(band, 0.0)
    out[1] += BANK_EFFECT
    return out


def feeder_table() -> NDArray[np.int64]:
    """``next_band[g, b]``: the band a person at band ``b`` in group ``g`` is promoted to, or -1."""
    out = np.full((NG, NB), -1, dtype=np.int64)
    for g in range(NG):
        if g == MEDICAL:
            for top, feeder in MEDICAL_FEEDER.items():
                out[g, BAND_INDEX[feeder]] = BAND_INDEX[top]
            continue
        ladder = [BAND_INDEX[b] for b in BANDS if b in BAND_MIX[g]]
        for lower, upper in itertools.pairwise(ladder):
            if BANDS[upper] in PROMOTION_INTERNAL_SHARE:
                out[g, lower] = upper
    return out


def promotion_share() -> NDArray[np.float64]:
    out = np.zeros(NB)
    for band, share in PROMOTION_INTERNAL_SHARE.items():
        out[BAND_INDEX[band]] = share
    return out


def leave_factor() -> NDArray[np.float64]:
    """Relative leaving hazard per (bank flag, staff group, band)."""
    out = np.ones((2, NG, NB))
    for g in range(NG):
        out[:, g, :] *= LEAVE_GROUP_FACTOR[g]
        for band, factor in LEAVE_BAND_FACTOR.items():
            out[:, g, BAND_INDEX[band]] *= factor
    out[1] *= LEAVE_BANK_FACTOR
    return out


def intl_table(years_in: int) -> NDArray[np.float64]:
    out = np.zeros((2, NG, NB))
    for g in range(NG):
        for b, band in enumerate(BANDS):
            out[0, g, b] = intl_rate(g, band, years_in)
    return out


def code_dist(dist: Mapping[str, float]) -> NDArray[np.float64]:
    """A distribution over :data:`ETHNIC_CODES`."""
    out = np.zeros(len(ETHNIC_CODES))
    for code, p in dist.items():
        out[ETH_INDEX[code]] = p
    return out / out.sum()


def region_code_dists() -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """(White, BME) code distributions per region, shape (regions, codes)."""
    white = np.stack(
        [code_dist(WHITE_CODE_DIST_LONDON if r == LONDON else WHITE_CODE_DIST) for r in range(len(REGIONS))]
    )
    bme_by_region: list[Mapping[str, float]] = []
    for r in range(len(REGIONS)):
        if r == LONDON:
            bme_by_region.append(BME_CODE_DIST_LONDON)
        elif r in (NORTH_WEST, NEY):
            bme_by_region.append(BME_CODE_DIST_NORTH)
        else:
            bme_by_region.append(BME_CODE_DIST)
    return white, np.stack([code_dist(d) for d in bme_by_region])


def directorate_table() -> NDArray[np.float64]:
    """Probability of each directorate per (trust type, staff group)."""
    out = np.zeros((len(TRUST_TYPES), NG, len(DIRECTORATES)))
    for t, clinical_dirs in enumerate(_TYPE_DIRECTORATES):
        for g in range(NG):
            row = np.zeros(len(DIRECTORATES))
            if g == ADMIN:
                row[CORPORATE] = 0.55
                row[list(clinical_dirs)] += 0.45 / len(clinical_dirs)
            elif g == ESTATES:
                row[FACILITIES] = 0.85
                row[CORPORATE] = 0.15
            else:
                row[list(clinical_dirs)] = 1.0 / len(clinical_dirs)
            out[t, g] = row / row.sum()
    return out


# ------------------------------------------------------------------------------------------------------------
# Events.

DISCIPLINARY_RATE = 0.012
"""Share of staff entering a formal disciplinary investigation per year (overall)."""
DISCIPLINARY_GROUP_FACTOR: tuple[float, ...] = (0.7, 1.3, 0.9, 0.7, 1.5, 0.7, 0.8, 1.0, 0.8)
DISCIPLINARY_OUTCOMES: tuple[str, ...] = (
    "No case to answer",
    "Informal action",
    "First written warning",
    "Final written warning",
    "Dismissal",
    "Case withdrawn",
)
DISCIPLINARY_OUTCOME_P: tuple[float, ...] = (0.32, 0.18, 0.22, 0.12, 0.08, 0.08)

TRAINING_RATE = 0.40
"""Share of staff with at least one non-mandatory training or CPD event per year."""
MANDATORY_RATE = 0.85
MANDATORY_COURSES: tuple[str, ...] = (
    "Fire Safety",
    "Information Governance and Data Security",
    "Safeguarding Adults Level 2",
    "Safeguarding Children Level 2",
    "Infection Prevention and Control Level 1",
    "Moving and Handling Level 1",
    "Basic Life Support",
    "Equality, Diversity and Human Rights",
    "Conflict Resolution",
    "Health, Safety and Welfare",
)
CPD_COURSES: tuple[str, ...] = (
    "Leadership Foundations",
    "Mary Seacole Programme",
    "Coaching Skills for Managers",
    "Quality Improvement Fundamentals",
    "Advanced Communication Skills",
    "Clinical Supervision",
    "Project Management Essentials",
    "Preparation for Mentorship",
    "Digital Skills for Healthcare",
    "Research Awareness",
    "Aspiring Leaders Programme",
    "Preceptorship Programme",
)
COURSES: tuple[str, ...] = MANDATORY_COURSES + CPD_COURSES
COURSE_CODES: tuple[str, ...] = tuple(f"MAN{i + 1:02d}" for i in range(len(MANDATORY_COURSES))) + tuple(
    f"CPD{i + 1:02d}" for i in range(len(CPD_COURSES))
)

# ------------------------------------------------------------------------------------------------------------
# Staff survey.

SURVEY_ITEMS: tuple[str, ...] = ("Q14a", "Q14b", "Q14c", "Q15", "Q16b")
FREQUENCY_RESPONSES: tuple[str, ...] = ("Never", "1-2", "3-5", "6-10", "More than 10")
FREQUENCY_ADVERSE_P: tuple[float, ...] = (0.60, 0.22, 0.09, 0.09)
"""How often, given at least one incident (the four non-"Never" answers)."""
YES_NO_DK: tuple[str, ...] = ("Yes", "No", "Don't know")
RESPONSES: tuple[str, ...] = FREQUENCY_RESPONSES + YES_NO_DK
IND6_PATTERN_P: tuple[float, ...] = (0.25, 0.35, 0.40)
"""Given indicator 6 adverse: from managers only (Q14b), colleagues only (Q14c), both."""
SKIP_RATE = 0.025
"""Chance that a respondent leaves an item unanswered."""

# ------------------------------------------------------------------------------------------------------------
# Board.

EXEC_VOTING_ROLES: tuple[str, ...] = (
    "Chief Executive",
    "Director of Finance",
    "Medical Director",
    "Chief Nurse",
    "Chief Operating Officer",
    "Chief People Officer",
    "Director of Strategy",
)
EXEC_NONVOTING_ROLES: tuple[str, ...] = ("Director of Corporate Affairs", "Chief Digital Officer")
NED_ROLES: tuple[str, ...] = ("Chair", "Non-Executive Director")
ASSOCIATE_NED_ROLE = "Associate Non-Executive Director"
NED_SLOTS = 10
"""Non-executive seats per organisation (chair, voting and associate NEDs)."""
NED_TURNOVER = 0.2
NED_BME_FACTOR = 0.70
"""Chance a new non-executive is BME, relative to the organisation's workforce BME share."""


def as_probabilities(values: Sequence[float]) -> NDArray[np.float64]:
    arr = np.asarray(values, dtype=np.float64)
    return arr / arr.sum()
