"""Canonical folders for the "Stable history" rules of wres-domain.md §5.0 (ethnicity of an event, indicator 4's
numerator, coverage per activity year).

Organisation RHS, WRES 2024 (31 March 2024 headcount: White 40, BME 22, Unknown 5):

* staff: W01–W40 White (``A``), B01–B20 BME (``N``), U01–U05 Unknown (``99``) in 2023 and 2024; X1 Unknown in
  2023 and BME in 2024; leavers L1 (White) and L3 (BME) in 2023 only; joiner J1 (BME, ``H``) from 2024; K1
  bank-only in 2024. Everyone is on Nursing and Midwifery Registered (clinical), bands 5, 6, 7 and 8a only.
* disciplinary: 2022/23 W05, W06, B04, X1 (then Unknown); 2023/24 W01 (twice), W02, W03, W04, L1, B01, B02,
  B03, X1 (now BME), U01. Entrants 2023: White 2, BME 1, Unknown 1; 2024: White 5, BME 4, Unknown 1.
* training 2023/24 (non-mandatory unless said): W01 (twice), W02–W20, B01–B05, J1, X1, U01, leavers L1 and L3,
  bank-only K1; mandatory only: B06–B20. In post at 31 March 2024: White 20, BME 7; with leavers White 21, BME 8.
  No training records in 2022/23 (WRES 2023 is not covered).

The *later* extract (:func:`write_history_folder` with ``with_2025=True``) adds the 2025 snapshot, in which
W01–W03 and the returning leaver L1 are recorded as BME, B01 and U01 as White, and events of 2024/25. None of it
may change WRES 2024.

Organisation RSM (small): 2024 White S01–S10, BME T01–T02; 2023 also T03 (a BME leaver). Training 2023/24: S01–S03,
T01, T02 and the leaver T03. Disciplinary records in 2023/24 only (S01, T01): the previous activity year is not
covered.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

GROUP = "Nursing and Midwifery Registered"


def _person(org: str, year: int, pid: str, code: str, band: str = "5", bank: bool = False) -> dict[str, str]:
    return {
        "org_code": org,
        "snapshot_date": f"{year}-03-31",
        "person_id": pid,
        "ethnic_category": code,
        "band": band,
        "staff_group": GROUP,
        "contract": "bank" if bank else "substantive",
        "bank_only": "true" if bank else "false",
    }


def _ids(prefix: str, first: int, last: int) -> list[str]:
    return [f"{prefix}{i:02d}" for i in range(first, last + 1)]


def _rhs_staff(year: int) -> list[dict[str, str]]:
    rows = []
    changed = {"W01": "N", "W02": "N", "W03": "N", "B01": "A", "U01": "A"} if year == 2025 else {}
    for pid in _ids("W", 1, 40):
        rows.append(_person("RHS", year, pid, changed.get(pid, "A"), "8a" if pid >= "W31" else "5"))
    for pid in _ids("B", 1, 20):
        rows.append(_person("RHS", year, pid, changed.get(pid, "N")))
    for pid in _ids("U", 1, 5):
        rows.append(_person("RHS", year, pid, changed.get(pid, "99"), "6"))
    rows.append(_person("RHS", year, "X1", "99" if year == 2023 else "N"))
    if year == 2023:
        rows += [_person("RHS", year, "L1", "A"), _person("RHS", year, "L3", "N")]
    else:
        rows.append(_person("RHS", year, "J1", "H", "7"))
    if year == 2024:
        rows.append(_person("RHS", year, "K1", "A", bank=True))
    if year == 2025:
        rows.append(_person("RHS", year, "L1", "N"))  # a leaver who came back, recorded differently
    return rows


def _rsm_staff(year: int) -> list[dict[str, str]]:
    rows = [_person("RSM", year, pid, "A") for pid in _ids("S", 1, 10)]
    rows += [_person("RSM", year, pid, "N") for pid in _ids("T", 1, 2)]
    if year == 2023:
        rows.append(_person("RSM", year, "T03", "N"))
    return rows


def _cases(org: str, day: str, people: list[str], start: int) -> list[dict[str, str]]:
    return [
        {"org_code": org, "case_id": f"K{start + i}", "person_id": p, "investigation_start": day}
        for i, p in enumerate(people)
    ]


def _learning(org: str, day: str, people: list[str], start: int, mandatory: bool = False) -> list[dict[str, str]]:
    return [
        {
            "org_code": org,
            "record_id": f"L{start + i}",
            "person_id": p,
            "course": "Fire safety" if mandatory else "Leadership",
            "start_date": day,
            "mandatory": "true" if mandatory else "false",
        }
        for i, p in enumerate(people)
    ]


def write_history_folder(folder: Path, with_2025: bool = False) -> Path:
    """The canonical folder of the module docstring; ``with_2025`` adds the later extract."""
    folder.mkdir(parents=True, exist_ok=True)
    orgs = [{"org_code": "RHS", "org_name": "History Trust"}, {"org_code": "RSM", "org_name": "Small Trust"}]
    pd.DataFrame(orgs).to_csv(folder / "organisations.csv", index=False)
    years = [2023, 2024, 2025] if with_2025 else [2023, 2024]
    staff = [r for y in years for r in _rhs_staff(y)] + [r for y in (2023, 2024) for r in _rsm_staff(y)]
    pd.DataFrame(staff).to_csv(folder / "staff.csv", index=False)
    cases = _cases("RHS", "2022-09-01", ["W05", "W06", "B04", "X1"], 0)
    cases += _cases("RHS", "2023-09-01", ["W01", "W02", "W03", "W04", "L1", "B01", "B02", "B03", "X1", "U01"], 10)
    cases += _cases("RHS", "2024-01-15", ["W01"], 30)  # a second case for W01 in the same year counts once
    cases += _cases("RSM", "2023-09-01", ["S01", "T01"], 40)
    if with_2025:
        cases += _cases("RHS", "2024-09-01", ["W07", "B05", "L1"], 50)
    pd.DataFrame(cases).to_csv(folder / "disciplinary.csv", index=False)
    learning = _learning("RHS", "2023-11-01", [*_ids("W", 1, 20), *_ids("B", 1, 5), "J1", "X1", "U01"], 0)
    learning += _learning("RHS", "2023-12-01", ["W01", "L1", "L3", "K1"], 100)
    learning += _learning("RHS", "2023-11-01", _ids("B", 6, 20), 200, mandatory=True)
    learning += _learning("RSM", "2023-11-01", [*_ids("S", 1, 3), "T01", "T02", "T03"], 300)
    if with_2025:
        learning += _learning("RHS", "2024-11-01", [*_ids("W", 21, 25), "B06", "L1"], 400)
    pd.DataFrame(learning).to_csv(folder / "training.csv", index=False)
    return folder
