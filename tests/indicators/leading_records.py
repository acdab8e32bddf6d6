"""A hand-built canonical folder for the leading indicators (wres-domain.md §7.3), organisation RLD, snapshots
31 March 2022, 2023 and 2024 (WRES years 2023 and 2024 have a previous snapshot; 2022 does not).

Staff (AfC band 5 unless said, Nursing and Midwifery Registered):

* W01–W20 White (``A``), every year. W01–W04 are band 5 in 2022–2023 and band 6 in 2024 (promoted in 2024).
  W05 is band 6 in 2022–2023 and band 5 in 2024 (a demotion: not a promotion). W20 is not in 2024 (a leaver).
* B01–B10 BME (``N``). B01 band 5 → 6 in 2024 (promoted). B09 is in 2022, absent in 2023, back in 2024 (a
  leaver in 2023, in no 2024 denominator). B10 is in 2022 and 2023, not in 2024 (a leaver).
* X1: Unknown (``99``) in 2023, Black African (``N``) in 2024, band 5 both years: a reclassification, counted
  Unknown for 2024, neither a leaver nor a hire.
* K1: White, bank-only in 2023 and 2024, band 5 → 6: out of scope (not a promotion, not a leaver).
* M1: White, band ``UNMAPPED`` in 2023, band 6 in 2024: left out of promotion; in post (not a leaver).
* D1: BME, ``MD_TRAIN`` in 2023, not in 2024: a leaver in the ``all`` variant only (doctors in training excluded
  from the headline).
* D2: White, ``MD_NCCG`` in 2023, ``MD_CONS`` in 2024: moved into a consultant post (``into_consultant``).

Hand counts, WRES 2024 (2023 → 2024):

* in post at 2023, in scope: White W01–W20, M1, D2 = 22; BME B01–B08, B10, D1 = 10; Unknown X1 = 1.
* leaving, all: White 1 (W20) of 22; BME 2 (B10, D1) of 10. Headline (excluding MD_TRAIN): White 1 of 22, BME 1
  of 9 → L_BME ÷ L_White = (1/9) ÷ (1/22) = 22/9.
* promotion (afc): base White W01–W19 = 19 (W20 left; M1 off the ladder; D2 medical), promoted 4; BME B01–B08 = 8,
  promoted 1 → L_White ÷ L_BME = (4/19) ÷ (1/8) = 32/19. Unknown X1: 0 of 1.
* into consultant: White 1 of 1 (D2); BME base 0 (D1 left).
* reclassification: one person, 99 → N.

WRES 2023 (2022 → 2023): in post at 2022 White 20, BME 10; leavers White 0, BME 1 (B09); promoted none.

Recruitment, activity year 2023/24 (WRES 2024), posts at band 6: internal applications White 10 shortlisted
(5 appointed), BME 10 (2 appointed) → (5/10) ÷ (2/10) = 2.5; external White 10 (1 appointed), BME 10 (1
appointed); one application with the internal flag unrecorded (White, appointed) is not internal.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

ORG = "RLD"
GROUP = "Nursing and Midwifery Registered"


def _row(year: int, pid: str, code: str, band: str = "5", bank: bool = False, group: str = GROUP) -> dict[str, str]:
    return {
        "org_code": ORG,
        "snapshot_date": f"{year}-03-31",
        "person_id": pid,
        "ethnic_category": code,
        "band": band,
        "staff_group": group,
        "contract": "bank" if bank else "substantive",
        "bank_only": "true" if bank else "false",
    }


def staff_rows() -> list[dict[str, str]]:
    medical = "Medical and Dental"
    rows = []
    for year in (2022, 2023, 2024):
        for i in range(1, 21):
            pid = f"W{i:02d}"
            band = "5"
            if pid in ("W01", "W02", "W03", "W04") and year == 2024:
                band = "6"
            if pid == "W05":
                band = "6" if year < 2024 else "5"
            if pid == "W20" and year == 2024:
                continue
            rows.append(_row(year, pid, "A", band))
        for i in range(1, 11):
            pid = f"B{i:02d}"
            if (pid == "B09" and year == 2023) or (pid == "B10" and year == 2024):
                continue
            rows.append(_row(year, pid, "N", "6" if pid == "B01" and year == 2024 else "5"))
        if year >= 2023:
            rows.append(_row(year, "X1", "99" if year == 2023 else "N"))
            rows.append(_row(year, "K1", "A", "5" if year == 2023 else "6", bank=True))
            rows.append(_row(year, "M1", "A", "UNMAPPED" if year == 2023 else "6"))
            rows.append(_row(year, "D2", "A", "MD_NCCG" if year == 2023 else "MD_CONS", group=medical))
        if year == 2023:
            rows.append(_row(year, "D1", "N", "MD_TRAIN", group=medical))
    return rows


def recruitment_rows() -> list[dict[str, str]]:
    rows = []
    plan = (("A", "true", 10, 5), ("N", "true", 10, 2), ("A", "false", 10, 1), ("N", "false", 10, 1), ("A", "", 1, 1))
    for code, internal, shortlisted, appointed in plan:
        for i in range(shortlisted):
            n = len(rows)
            rows.append(
                {
                    "org_code": ORG,
                    "application_id": f"APP{n}",
                    "vacancy_id": f"V{n % 5}",
                    "applicant_id": f"C{n}",
                    "ethnic_category": code,
                    "application_date": "2023-06-01",
                    "shortlisted": "true",
                    "shortlisting_date": "2023-06-15",
                    "appointed": "true" if i < appointed else "false",
                    "vacancy_band": "6",
                    "internal": internal,
                }
            )
    return rows


def write_leading_folder(folder: Path) -> Path:
    """The canonical folder of the module docstring."""
    folder.mkdir(parents=True, exist_ok=True)
    pd.DataFrame([{"org_code": ORG, "org_name": "Leading Trust"}]).to_csv(folder / "organisations.csv", index=False)
    pd.DataFrame(staff_rows()).to_csv(folder / "staff.csv", index=False)
    pd.DataFrame(recruitment_rows()).to_csv(folder / "recruitment.csv", index=False)
    return folder
