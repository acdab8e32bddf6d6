"""A record-level canonical folder built to reproduce the worked examples of wres-domain.md §5.

WRES 2024 for organisation RXX: 3,000 White, 800 BME and 100 Unknown staff at 31 March 2024 (and 2023);
indicator 2: White 375 of 1,500 shortlisted appointed, BME 160 of 1,000; indicator 3: entrants BME 6 and
White 20 in 2022/23, BME 10 and White 22 in 2023/24; indicator 4: White 1,200 of 3,000, BME 250 of 800;
indicator 6 (2023 survey): BME 108 of 400, White 440 of 2,000; board: 14 voting (3 BME), 6 executive (1 BME).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

ORG = "RXX"


def _staff(year: int) -> pd.DataFrame:
    codes = ["A"] * 3000 + ["N"] * 800 + ["99"] * 100
    bands = (["5"] * 2000 + ["8a"] * 1000) + (["5"] * 700 + ["8a"] * 100) + ["5"] * 100
    return pd.DataFrame(
        {
            "org_code": ORG,
            "snapshot_date": f"{year}-03-31",
            "person_id": [f"P{i:05d}" for i in range(len(codes))],
            "ethnic_category": codes,
            "band": bands,
            "staff_group": "Nursing and Midwifery Registered",
            "contract": "substantive",
            "bank_only": "false",
        }
    )


def _people(group: str) -> list[str]:
    start, size = {"White": (0, 3000), "BME": (3000, 800)}[group]
    return [f"P{i:05d}" for i in range(start, start + size)]


def _recruitment() -> pd.DataFrame:
    rows = []
    for group, code, shortlisted, appointed in (("White", "A", 1500, 375), ("BME", "N", 1000, 160)):
        for i in range(shortlisted):
            rows.append(
                {
                    "org_code": ORG,
                    "application_id": f"{group}{i}",
                    "vacancy_id": f"V{i % 50}",
                    "applicant_id": f"C{group}{i}",
                    "ethnic_category": code,
                    "application_date": "2023-06-01",
                    "shortlisted": "true",
                    "shortlisting_date": "2023-06-15",
                    "appointed": "true" if i < appointed else "false",
                }
            )
    # applications outside the activity year and not shortlisted are ignored
    rows.append({**rows[0], "application_id": "old", "shortlisting_date": "2023-03-31"})
    rows.append(
        {**rows[0], "application_id": "nos", "shortlisted": "false", "shortlisting_date": "", "appointed": "false"}
    )
    return pd.DataFrame(rows)


def _disciplinary() -> pd.DataFrame:
    rows = []
    plan = {
        ("BME", "2022-09-01"): 6,
        ("White", "2022-09-01"): 20,
        ("BME", "2023-09-01"): 10,
        ("White", "2023-09-01"): 22,
    }
    n = 0
    for (group, day), count in plan.items():
        for person in _people(group)[:count]:
            n += 1
            rows.append({"org_code": ORG, "case_id": f"K{n}", "person_id": person, "investigation_start": day})
    # a second case for the same person in the same year counts once
    rows.append(
        {"org_code": ORG, "case_id": "K-dup", "person_id": _people("BME")[0], "investigation_start": "2023-10-01"}
    )
    return pd.DataFrame(rows)


def _training() -> pd.DataFrame:
    rows = []
    n = 0
    for group, count in (("White", 1200), ("BME", 250)):
        for person in _people(group)[:count]:
            n += 1
            rows.append(
                {
                    "org_code": ORG,
                    "record_id": f"L{n}",
                    "person_id": person,
                    "course": "Leadership",
                    "start_date": "2023-11-01",
                    "mandatory": "false",
                }
            )
    for person in _people("BME")[250:]:  # mandatory training does not count
        n += 1
        rows.append(
            {
                "org_code": ORG,
                "record_id": f"L{n}",
                "person_id": person,
                "course": "Fire safety",
                "start_date": "2023-11-01",
                "mandatory": "true",
            }
        )
    return pd.DataFrame(rows)


def _survey() -> tuple[pd.DataFrame, pd.DataFrame]:
    respondents, answers = [], []
    n = 0
    for _group, code, total, adverse in (("BME", "N", 400, 108), ("White", "A", 2000, 440)):
        for i in range(total):
            n += 1
            rid = f"R{n}"
            respondents.append({"org_code": ORG, "survey_year": 2023, "respondent_id": rid, "ethnic_category": code})
            # indicator 6: adverse on manager (Q14b) for half the adverse, colleagues (Q14c) for the rest
            if i < adverse:
                q14b, q14c = ("1-2", "Never") if i % 2 else ("Never", "3-5")
            else:
                q14b, q14c = "Never", "Never"
            for item, response in (("Q14b", q14b), ("Q14c", q14c)):
                answers.append(
                    {"org_code": ORG, "survey_year": 2023, "respondent_id": rid, "item": item, "response": response}
                )
    return pd.DataFrame(respondents), pd.DataFrame(answers)


def _board() -> pd.DataFrame:
    rows = []
    for i in range(14):
        executive = i < 6
        bme = i in (0, 7, 8)  # 1 BME executive, 3 BME voting members in all
        rows.append(
            {
                "org_code": ORG,
                "snapshot_date": "2024-03-31",
                "member_id": f"B{i}",
                "ethnic_category": "H" if bme else "A",
                "voting": "true",
                "executive": "true" if executive else "false",
            }
        )
    return pd.DataFrame(rows)


def write_worked_folder(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    pd.DataFrame([{"org_code": ORG, "org_name": "Worked Example Trust"}]).to_csv(
        folder / "organisations.csv", index=False
    )
    pd.concat([_staff(2023), _staff(2024)]).to_csv(folder / "staff.csv", index=False)
    _recruitment().to_csv(folder / "recruitment.csv", index=False)
    _disciplinary().to_csv(folder / "disciplinary.csv", index=False)
    _training().to_csv(folder / "training.csv", index=False)
    respondents, answers = _survey()
    respondents.to_csv(folder / "survey_respondents.csv", index=False)
    answers.to_csv(folder / "survey_answers.csv", index=False)
    _board().to_csv(folder / "board.csv", index=False)
    return folder
