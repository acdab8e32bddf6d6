"""Real published data packaged with wres (``src/wres/data/published/``, PROVENANCE.md there; issue 18).

* :func:`read_survey_published` reads the NHS Staff Survey organisation results 2021–2024 as **published group
  summaries**: for each measure of :data:`SURVEY_MEASURES` (the questions that bear on WRES indicators 5–8, and the
  share of respondents from an ethnic minority) the respondent base and the published percentage give a count
  ``round_half_up(base × rate / 100)`` per organisation and year. These are **all-staff** figures, not split by
  ethnicity: they are single proportions, judged as such (a proportion funnel, Better / Similar / Worse against
  England's pooled share), never WRES's White-vs-BME comparison. Trusts' percentages are weighted by occupation
  group (the file's ``Weighting`` column), so the count is the weighted share of the base, an *effective* count, not
  the number of people who ticked the box (docs/benchmarking.md).
* :func:`survey_registry` gives each organisation's name, type, NHS England region and ICS from its latest year.
* :func:`read_indicator2_by_region` reads the published national WRES indicator 2 by NHS England region, 2022–2024,
  as reference figures (they cannot be recomputed from data held here: docs/benchmarking.md).

The file's region and ICS columns moved between years (2021: ``Region`` holds the STP and ``ICS/STP`` the region;
2022: ``Region`` and ``ICS/STP``; 2023–24: ``Region`` and ``ICS``), so the region is whichever of them names one of
the seven regions and the ICS the remaining named one. Rows whose code is not an ODS code (2021 CCG mergers written
``01T/01V``) are left out and counted in ``attrs["skipped"]``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Final

import numpy as np
import pandas as pd

from wres.errors import DataError, Problem
from wres.vocab.organisations import parse_org_type, parse_region, valid_ods

__all__ = [
    "INDICATOR2_BY_REGION_FILE",
    "SURVEY_FILE",
    "SURVEY_MEASURES",
    "SurveyMeasure",
    "published_path",
    "read_indicator2_by_region",
    "read_survey_published",
    "round_half_up",
    "survey_registry",
]

SURVEY_FILE: Final = "nhs-staff-survey-org-results-2021-2024.csv"
INDICATOR2_BY_REGION_FILE: Final = "national_wres_indicator2_by_region_2022_2024.csv"
_EMPTY: Final = frozenset({"", "-", "NA", "<NA>", "N/A", "nan"})


@dataclass(frozen=True)
class SurveyMeasure:
    """A Staff Survey measure: the file's column prefix (``{prefix}_base``, ``{prefix}_rate``), what it counts, its
    polarity (``"lower"``: lower is better; None: described, not judged) and the WRES indicator it bears on."""

    code: str
    prefix: str
    label: str
    polarity: str | None
    wres: str


SURVEY_MEASURES: Final[dict[str, SurveyMeasure]] = {
    m.code: m
    for m in (
        SurveyMeasure(
            "discrimination_internal",
            "Discrimination_internal",
            "experienced discrimination at work from a manager, team leader or colleague in the last 12 months",
            "lower",
            "indicator 8 (asked of all staff, not by ethnicity)",
        ),
        SurveyMeasure(
            "discrimination_public",
            "Discrimination_public",
            "experienced discrimination at work from patients, service users, their relatives or the public",
            "lower",
            "context for indicator 8",
        ),
        SurveyMeasure(
            "emotional_public",
            "Emotional_public",
            "experienced harassment, bullying or abuse from patients, service users, relatives or the public",
            "lower",
            "indicator 5 (all staff)",
        ),
        SurveyMeasure(
            "emotional_manager",
            "Emotional_manager",
            "experienced harassment, bullying or abuse from managers",
            "lower",
            "indicator 6 (all staff)",
        ),
        SurveyMeasure(
            "emotional_colleagues",
            "Emotional_colleagues",
            "experienced harassment, bullying or abuse from other colleagues",
            "lower",
            "indicator 6 (all staff)",
        ),
        SurveyMeasure(
            "physical_public",
            "Physical_public",
            "experienced physical violence from patients, service users, relatives or the public",
            "lower",
            "context for indicator 5",
        ),
        SurveyMeasure(
            "physical_manager",
            "Physical_manager",
            "experienced physical violence from managers",
            "lower",
            "context for indicator 6",
        ),
        SurveyMeasure(
            "physical_colleagues",
            "Physical_colleagues",
            "experienced physical violence from other colleagues",
            "lower",
            "context for indicator 6",
        ),
        SurveyMeasure(
            "ethnic_minority",
            "Ethnic_minority",
            "respondents from an ethnic minority (share of respondents)",
            None,
            "context (who answered)",
        ),
    )
}
"""The measures of the Staff Survey file that bear on WRES, by code."""

SURVEY_COLUMNS: Final = (
    "org_code",
    "year",
    "org_name",
    "org_type",
    "benchmarking_group",
    "region",
    "ics",
    "measure",
    "base",
    "rate",
    "count",
)


def published_path(name: str) -> Path:
    """The packaged published file ``name`` (in ``wres/data/published``)."""
    return Path(str(resources.files("wres.data") / "published" / name))


def round_half_up(x: np.ndarray) -> np.ndarray:
    """``floor(x + 0.5)``: halves round up (Python's ``round`` rounds them to even)."""
    return np.floor(np.asarray(x, dtype=np.float64) + 0.5)


def _text(value: object) -> str | None:
    text = "" if value is None or (isinstance(value, float) and math.isnan(value)) else str(value).strip()
    return None if text in _EMPTY else text


def _place(row: pd.Series) -> tuple[str | None, str | None]:
    """(region, ICS) from the row's Region, ICS/STP and ICS columns, whichever names a region."""
    named = [t for t in (_text(row.get(c)) for c in ("Region", "ICS/STP", "ICS")) if t is not None]
    region = next((r for r in map(parse_region, named) if r is not None), None)
    ics = next((t for t in named if parse_region(t) is None), None)
    return region, ics


def read_survey_published(path: Path | None = None, *, measures: list[str] | None = None) -> pd.DataFrame:
    """The Staff Survey organisation results (default: the packaged file) as one row per organisation, year and
    measure (:data:`SURVEY_COLUMNS`): ``base`` respondents, the published ``rate`` (percent) and ``count`` =
    ``round_half_up(base × rate / 100)``. Rows with no base or rate for a measure are left out."""
    source = path or published_path(SURVEY_FILE)
    file = str(source)
    try:
        raw = pd.read_csv(source, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except FileNotFoundError:
        raise DataError([Problem(file, None, None, None, "file not found")]) from None
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        raise DataError([Problem(file, None, None, None, f"cannot be read: {' '.join(str(exc).split())}")]) from None
    wanted = measures or list(SURVEY_MEASURES)
    unknown = [m for m in wanted if m not in SURVEY_MEASURES]
    if unknown:
        raise DataError([Problem(file, None, None, m, "not a Staff Survey measure wres reads") for m in unknown])
    required = ["ODS code", "Year", "Organisation name", "Benchmarking group", "Region"]
    for m in wanted:
        required += [f"{SURVEY_MEASURES[m].prefix}_base", f"{SURVEY_MEASURES[m].prefix}_rate"]
    missing = [c for c in required if c not in raw.columns]
    if missing:
        raise DataError([Problem(file, None, c, None, "required column is missing") for c in missing])
    codes = raw["ODS code"].str.strip()
    ok = codes.map(valid_ods)
    skipped = int((~ok).sum())
    raw = raw[ok].copy()
    raw["ODS code"] = codes[ok]
    years = pd.to_numeric(raw["Year"], errors="coerce")
    bad_year = np.flatnonzero(years.isna().to_numpy())
    if bad_year.size:
        i = int(bad_year[0])
        raise DataError([Problem(file, int(raw.index[i]) + 2, "Year", raw["Year"].iloc[i], "not a year")])
    places = raw.apply(_place, axis=1, result_type="expand")
    base_frame = pd.DataFrame(
        {
            "org_code": raw["ODS code"].to_numpy(),
            "year": years.astype("int64").to_numpy(),
            "org_name": raw["Organisation name"].str.strip().to_numpy(),
            "org_type": raw["Benchmarking group"].map(lambda g: parse_org_type(g) or "other").to_numpy(),
            "benchmarking_group": raw["Benchmarking group"].str.strip().to_numpy(),
            "region": places[0].to_numpy(),
            "ics": places[1].to_numpy(),
        }
    )
    frames = []
    for m in wanted:
        prefix = SURVEY_MEASURES[m].prefix
        base = pd.to_numeric(raw[f"{prefix}_base"].replace(list(_EMPTY), np.nan), errors="coerce").to_numpy(float)
        rate = pd.to_numeric(raw[f"{prefix}_rate"].replace(list(_EMPTY), np.nan), errors="coerce").to_numpy(float)
        keep = np.isfinite(base) & np.isfinite(rate) & (base > 0)
        part = base_frame[keep].copy()
        part["measure"] = m
        part["base"] = base[keep]
        part["rate"] = rate[keep]
        part["count"] = round_half_up(base[keep] * rate[keep] / 100.0)
        frames.append(part)
    out = pd.concat(frames, ignore_index=True)[list(SURVEY_COLUMNS)]
    out.attrs["skipped"] = skipped
    out.attrs["source"] = file
    return out


def survey_registry(summaries: pd.DataFrame) -> pd.DataFrame:
    """Each organisation's registry row (``org_code, org_name, trust_type, region, ics, peer_group``) from its
    latest year in ``summaries`` (:func:`read_survey_published`); the peer group is left empty (type by default)."""
    latest = summaries.sort_values(["org_code", "year"]).drop_duplicates("org_code", keep="last")
    return pd.DataFrame(
        {
            "org_code": latest["org_code"].to_numpy(),
            "org_name": latest["org_name"].to_numpy(),
            "trust_type": latest["org_type"].to_numpy(),
            "region": latest["region"].to_numpy(),
            "ics": latest["ics"].to_numpy(),
            "peer_group": None,
        }
    ).reset_index(drop=True)


def read_indicator2_by_region(path: Path | None = None) -> pd.DataFrame:
    """The published WRES indicator 2 (White ÷ BME relative likelihood of appointment from shortlisting) by NHS
    England region: ``region`` (canonical spelling), ``year``, ``published_ratio``, ``source_url``, ``notes``."""
    source = path or published_path(INDICATOR2_BY_REGION_FILE)
    raw = pd.read_csv(source, dtype=str, keep_default_na=False)
    regions = raw["region"].map(parse_region)
    if regions.isna().any():
        i = int(np.flatnonzero(regions.isna().to_numpy())[0])
        raise DataError([Problem(str(source), i + 2, "region", raw["region"].iloc[i], "not an NHS England region")])
    return pd.DataFrame(
        {
            "region": regions,
            "year": raw["year"].astype("int64"),
            "published_ratio": raw["relative_likelihood_white_vs_BME_appointed_from_shortlisting"].astype(float),
            "source_url": raw["source_url"],
            "notes": raw["notes"],
        }
    )
