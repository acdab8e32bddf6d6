"""Periodic counts (wres.indicators.periodic) on hand-built tables, every expected count worked out by hand below.

Organisation RPA. Staff (31 March 2024, 30 April 2024, 31 May 2024 snapshots):
P1 White (A) band 5; P2 Indian (H) 8a; P3 African (N) 5, promoted to 8a by 31 May; P4 White 8b; P5 bank-only
Caribbean (M) 5; P6 Unknown (99) 8a; P7 Mixed (D) VSM.

Recruitment (shortlisted): 31 Mar 2024 White 1 (not appointed); April White 3 (on the 1st, 15th and 30th; one
appointed), BME 2 (both appointed, one international); May White 1 (31st, appointed), BME 1 (1st, not appointed);
plus an April application not shortlisted and an April bank post (appointed, left out when bank posts are
excluded).

Disciplinary: P2 two cases in April (1st and 30th); P1 cases on 30 April and 1 May; P5 (bank-only) in April; X9
(in no snapshot) on 31 May.

Training: P3 non-mandatory on 1 and 30 April; P1 mandatory in April (not counted); P4 non-mandatory on 30 June.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import ibis
import pandas as pd
import pytest

from wres.config import DEFAULT_CONFIG
from wres.indicators.periodic import (
    PeriodicCounts,
    group_periodic,
    headcount_per_period,
    period_grid,
    periodic_counts,
    periodic_queries,
)
from wres.indicators.source import from_store, unbound
from wres.store import Store

ORG = "RPA"
T = pd.Timestamp


def _staff_rows() -> list[dict[str, str]]:
    people = [
        ("P1", "A", "5", False),
        ("P2", "H", "8a", False),
        ("P3", "N", "5", False),
        ("P4", "A", "8b", False),
        ("P5", "M", "5", True),
        ("P6", "99", "8a", False),
        ("P7", "D", "VSM", False),
    ]
    rows = []
    for day in ("2024-03-31", "2024-04-30", "2024-05-31"):
        for pid, code, band, bank in people:
            if pid == "P3" and day == "2024-05-31":
                band = "8a"
            rows.append(
                {
                    "org_code": ORG,
                    "snapshot_date": day,
                    "person_id": pid,
                    "ethnic_category": code,
                    "band": band,
                    "staff_group": "Administrative and Clerical",
                    "contract": "substantive",
                    "bank_only": "true" if bank else "false",
                }
            )
    return rows


def _app(i: int, code: str, day: str, appointed: bool, **extra: str) -> dict[str, str]:
    return {
        "org_code": ORG,
        "application_id": f"A{i}",
        "vacancy_id": "V1",
        "applicant_id": f"C{i}",
        "ethnic_category": code,
        "application_date": "2024-03-01",
        "shortlisted": "true",
        "shortlisting_date": day,
        "appointed": "true" if appointed else "false",
        "international": "false",
        "bank_post": "false",
        **extra,
    }


def write_folder(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    pd.DataFrame([{"org_code": ORG, "org_name": "Periodic Trust"}]).to_csv(folder / "organisations.csv", index=False)
    pd.DataFrame(_staff_rows()).to_csv(folder / "staff.csv", index=False)
    apps = [
        _app(1, "A", "2024-03-31", False),
        _app(2, "A", "2024-04-01", True),
        _app(3, "A", "2024-04-15", False),
        _app(4, "A", "2024-04-30", False),
        _app(5, "H", "2024-04-10", True),
        _app(6, "N", "2024-04-20", True, international="true"),
        _app(7, "A", "2024-05-31", True),
        _app(8, "H", "2024-05-01", False),
        _app(9, "A", "", False, shortlisted="false"),
        _app(10, "A", "2024-04-12", True, bank_post="true"),
    ]
    pd.DataFrame(apps).to_csv(folder / "recruitment.csv", index=False)
    cases = [("C1", "P2", "2024-04-01"), ("C2", "P2", "2024-04-30"), ("C3", "P1", "2024-04-30")]
    cases += [("C4", "P1", "2024-05-01"), ("C5", "P5", "2024-04-10"), ("C6", "X9", "2024-05-31")]
    pd.DataFrame(
        [{"org_code": ORG, "case_id": c, "person_id": p, "investigation_start": d} for c, p, d in cases]
    ).to_csv(folder / "disciplinary.csv", index=False)
    learning = [("L1", "P3", "2024-04-01", "false"), ("L2", "P3", "2024-04-30", "false")]
    learning += [("L3", "P1", "2024-04-15", "true"), ("L4", "P4", "2024-06-30", "false")]
    pd.DataFrame(
        [
            {"org_code": ORG, "record_id": r, "person_id": p, "course": "X", "start_date": d, "mandatory": m}
            for r, p, d, m in learning
        ]
    ).to_csv(folder / "training.csv", index=False)
    return folder


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = write_folder(tmp_path_factory.mktemp("periodic") / "canonical")
    path = folder.parent / "periodic.duckdb"
    with Store(path) as st:
        st.load_folder(folder)
    return path


def _counts(store_path: Path, period: str, config: object = DEFAULT_CONFIG) -> PeriodicCounts:
    with Store(store_path, read_only=True) as st:
        return periodic_counts(from_store(st), config, period)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def monthly(store_path: Path) -> PeriodicCounts:
    return _counts(store_path, "month")


@pytest.fixture(scope="module")
def quarterly(store_path: Path) -> PeriodicCounts:
    return _counts(store_path, "quarter")


def _table(frame: pd.DataFrame, keys: list[str], column: str) -> dict[tuple[object, ...], int]:
    return {tuple(k): int(v) for k, v in zip(frame[keys].itertuples(index=False), frame[column], strict=True)}


def test_appointment_by_shortlisting_month_first_and_last_day(monthly: PeriodicCounts) -> None:
    g = group_periodic(monthly.recruitment, "wres", DEFAULT_CONFIG, ["org_code", "period"])
    keys = ["period", "group"]
    assert _table(g, keys, "shortlisted") == {
        (T("2024-03-01"), "White"): 1,
        (T("2024-04-01"), "White"): 4,  # 1st and 30th April both in April; the bank post counts by default
        (T("2024-04-01"), "BME"): 2,
        (T("2024-05-01"), "White"): 1,
        (T("2024-05-01"), "BME"): 1,
    }
    assert _table(g, keys, "appointed") == {
        (T("2024-03-01"), "White"): 0,
        (T("2024-04-01"), "White"): 2,
        (T("2024-04-01"), "BME"): 2,
        (T("2024-05-01"), "White"): 1,
        (T("2024-05-01"), "BME"): 0,
    }
    april_bme = g[(g["period"] == T("2024-04-01")) & (g["group"] == "BME")].iloc[0]
    assert (april_bme["shortlisted_excl"], april_bme["appointed_excl"]) == (1, 1)  # the international one left out


def test_bank_posts_excluded_when_configured(store_path: Path) -> None:
    config = replace(DEFAULT_CONFIG, indicator2=replace(DEFAULT_CONFIG.indicator2, exclude_bank_posts=True))
    counts = _counts(store_path, "month", config)
    g = group_periodic(counts.recruitment, "wres", config, ["org_code", "period"])
    april_white = g[(g["period"] == T("2024-04-01")) & (g["group"] == "White")].iloc[0]
    assert (april_white["shortlisted"], april_white["appointed"]) == (3, 1)


def test_appointment_by_quarter_and_five_groups(quarterly: PeriodicCounts) -> None:
    g = group_periodic(quarterly.recruitment, "group5", DEFAULT_CONFIG, ["org_code", "period"])
    # Q1 2024 (Jan-Mar): White 1; Q2 (Apr-Jun): White 5, Asian (H) 2, Black (N) 1
    assert _table(g, ["period", "group"], "shortlisted") == {
        (T("2024-01-01"), "White"): 1,
        (T("2024-04-01"), "White"): 5,
        (T("2024-04-01"), "Asian"): 2,
        (T("2024-04-01"), "Black"): 1,
    }


def test_disciplinary_distinct_people_per_month(monthly: PeriodicCounts) -> None:
    g = group_periodic(monthly.disciplinary, "wres", DEFAULT_CONFIG, ["org_code", "period"])
    # P2's two April cases count once; P1 once in April and once in May; P5 is bank-only; X9 is Unknown
    assert _table(g, ["period", "group"], "entrants") == {
        (T("2024-04-01"), "BME"): 1,
        (T("2024-04-01"), "White"): 1,
        (T("2024-05-01"), "White"): 1,
        (T("2024-05-01"), "Unknown"): 1,
    }


def test_disciplinary_distinct_people_per_quarter(quarterly: PeriodicCounts) -> None:
    g = group_periodic(quarterly.disciplinary, "wres", DEFAULT_CONFIG, ["org_code", "period"])
    assert _table(g, ["period", "group"], "entrants") == {
        (T("2024-04-01"), "BME"): 1,
        (T("2024-04-01"), "White"): 1,  # P1 in April and May: one person in the quarter
        (T("2024-04-01"), "Unknown"): 1,
    }


def test_training_distinct_people_non_mandatory(monthly: PeriodicCounts) -> None:
    g = group_periodic(monthly.training, "wres", DEFAULT_CONFIG, ["org_code", "period"])
    assert _table(g, ["period", "group"], "accessed") == {
        (T("2024-04-01"), "BME"): 1,  # P3 twice in April; P1's course is mandatory
        (T("2024-06-01"), "White"): 1,  # 30 June is in June
    }


def test_periods_run_from_first_to_last_record(monthly: PeriodicCounts, quarterly: PeriodicCounts) -> None:
    assert list(monthly.training_periods["period"]) == [T("2024-04-01"), T("2024-05-01"), T("2024-06-01")]
    assert list(monthly.recruitment_periods["period"]) == [T("2024-03-01"), T("2024-04-01"), T("2024-05-01")]
    assert list(quarterly.disciplinary_periods["period"]) == [T("2024-04-01")]


def test_period_grid_leaves_out_an_activity_year_with_no_record() -> None:
    span = pd.DataFrame(
        {"org_code": ["R1", "R1"], "year": [2023, 2025], "first": [T("2022-05-03")] * 2, "last": [T("2024-04-09")] * 2}
    )
    got = list(period_grid(span, "quarter")["period"])
    # 2022-04 .. 2023-03 is WRES 2023 (covered); 2023-04 .. 2024-03 is WRES 2024 (no record): left out
    assert got == [T("2022-04-01"), T("2022-07-01"), T("2022-10-01"), T("2023-01-01"), T("2024-04-01")]


def test_staff_in_post_at_every_snapshot(monthly: PeriodicCounts) -> None:
    g = group_periodic(monthly.staff, "wres", DEFAULT_CONFIG, ["org_code", "snapshot_date"])
    keys = ["snapshot_date", "group"]
    head = _table(g, keys, "headcount")
    senior = _table(g, keys, "senior")
    vsm = _table(g, keys, "vsm")
    for day in ("2024-03-31", "2024-04-30"):  # P5 (bank-only) is out of scope
        assert (head[(T(day), "BME")], head[(T(day), "White")], head[(T(day), "Unknown")]) == (3, 2, 1)
        assert (senior[(T(day), "BME")], senior[(T(day), "White")], senior[(T(day), "Unknown")]) == (2, 1, 1)
        assert vsm[(T(day), "BME")] == 1
    assert senior[(T("2024-05-31"), "BME")] == 3  # P3 promoted to 8a


def test_headcount_per_period_is_the_latest_snapshot_by_the_period_end(monthly: PeriodicCounts) -> None:
    staff = group_periodic(monthly.staff, "wres", DEFAULT_CONFIG, ["org_code", "snapshot_date"])
    periods = pd.DataFrame(
        {"org_code": ORG, "period": [T("2023-03-01"), T("2024-02-01"), T("2024-03-01"), T("2024-06-01")]}
    )
    got = headcount_per_period(staff, periods, "month")
    chosen = dict(zip(got["period"], got["snapshot_date"], strict=False))
    assert T("2023-03-01") not in chosen  # WRES year 2023: no snapshot by its 31 March
    assert chosen[T("2024-02-01")] == T("2024-03-31")  # before the first snapshot: the one closing its year
    assert chosen[T("2024-03-01")] == T("2024-03-31")
    assert chosen[T("2024-06-01")] == T("2024-05-31")


def test_queries_compile_for_spark(store_path: Path) -> None:
    pytest.importorskip("pyspark")
    _ = ibis.pyspark
    with Store(store_path, read_only=True) as st:
        src = unbound(from_store(st), "spark")
        for query in periodic_queries(src, DEFAULT_CONFIG, "quarter").values():
            sql = ibis.to_sql(query.expr, dialect="pyspark")
            assert sql.lstrip().upper().startswith(("SELECT", "WITH"))


def test_unknown_period_is_refused(store_path: Path) -> None:
    with Store(store_path, read_only=True) as st, pytest.raises(ValueError, match="period"):
        periodic_queries(from_store(st), DEFAULT_CONFIG, "week")


@pytest.mark.spark
@pytest.mark.xdist_group("spark")
def test_spark_gives_the_same_counts(store_path: Path, tmp_path: Path, monthly: PeriodicCounts) -> None:
    pytest.importorskip("pyspark")
    from wres.indicators.spark import from_store_on_spark

    with Store(store_path, read_only=True) as st:
        spark = periodic_counts(from_store_on_spark(st, tmp_path), DEFAULT_CONFIG, "month")
    for name in ("recruitment", "disciplinary", "training", "staff", "training_periods", "recruitment_periods"):
        duck_frame, spark_frame = getattr(monthly, name), getattr(spark, name)
        keys = list(duck_frame.columns)
        pd.testing.assert_frame_equal(
            duck_frame.sort_values(keys).reset_index(drop=True),
            spark_frame[keys].sort_values(keys).reset_index(drop=True),
            check_dtype=False,
        )
