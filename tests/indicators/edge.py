"""A canonical folder of edge cases: empty groups, zero counts, missing years, odd survey answers."""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def write_edge_folder(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    orgs = [{"org_code": "REDGE", "org_name": "No BME staff"}, {"org_code": "RZERO", "org_name": "Only BME staff"}]
    pd.DataFrame(orgs).to_csv(folder / "organisations.csv", index=False)
    staff = []
    for i in range(50):
        staff.append(("REDGE", "2024-03-31", f"E{i}", "A" if i < 45 else "Z", "5" if i < 40 else "8c"))
    for i in range(12):
        staff.append(("RZERO", "2024-03-31", f"Z{i}", "M", "6"))
        staff.append(("RZERO", "2023-03-31", f"Z{i}", "M", "6"))
    pd.DataFrame(
        [
            {
                "org_code": o,
                "snapshot_date": d,
                "person_id": p,
                "ethnic_category": e,
                "band": b,
                "staff_group": "Administrative and Clerical",
                "contract": "substantive",
                "bank_only": "false",
            }
            for o, d, p, e, b in staff
        ]
    ).to_csv(folder / "staff.csv", index=False)
    apps = []
    for i in range(10):
        apps.append(("REDGE", f"W{i}", "A", i < 2))
    for i in range(5):
        apps.append(("REDGE", f"B{i}", "H", False))  # no BME appointments: comparator_rate_zero
    for i in range(3):
        apps.append(("RZERO", f"R{i}", "M", i == 0))  # no White applicants: no_people
    pd.DataFrame(
        [
            {
                "org_code": o,
                "application_id": a,
                "vacancy_id": "V1",
                "applicant_id": a,
                "ethnic_category": e,
                "application_date": "2023-05-01",
                "shortlisted": "true",
                "shortlisting_date": "2023-05-02",
                "appointed": str(ap).lower(),
                "vacancy_band": "5",
                "international": "",
            }
            for o, a, e, ap in apps
        ]
    ).to_csv(folder / "recruitment.csv", index=False)
    # one case for a person never in a snapshot (Unknown ethnicity): both groups have no events
    pd.DataFrame(
        [{"org_code": "REDGE", "case_id": "K1", "person_id": "ghost", "investigation_start": "2023-06-01"}]
    ).to_csv(folder / "disciplinary.csv", index=False)
    pd.DataFrame(
        [
            {
                "org_code": "RZERO",
                "record_id": "L1",
                "person_id": "Z1",
                "course": "Coaching",
                "start_date": "2023-06-01",
                "mandatory": "false",
            }
        ]
    ).to_csv(folder / "training.csv", index=False)
    pd.DataFrame(
        [
            {"org_code": "REDGE", "survey_year": 2023, "respondent_id": "S1", "ethnic_category": "A"},
            {"org_code": "REDGE", "survey_year": 2023, "respondent_id": "S2", "ethnic_category": "N"},
        ]
    ).to_csv(folder / "survey_respondents.csv", index=False)
    pd.DataFrame(
        [
            {"org_code": "REDGE", "survey_year": 2023, "respondent_id": "S1", "item": "Q15", "response": "Don't know"},
            {"org_code": "REDGE", "survey_year": 2023, "respondent_id": "S2", "item": "Q15", "response": "Yes"},
            {"org_code": "REDGE", "survey_year": 2023, "respondent_id": "S2", "item": "Q14a", "response": "Maybe"},
        ]
    ).to_csv(folder / "survey_answers.csv", index=False)
    pd.DataFrame(
        [
            {
                "org_code": "REDGE",
                "snapshot_date": "2024-03-31",
                "member_id": f"M{i}",
                "ethnic_category": "A",
                "voting": "true",
                "executive": "false",
            }
            for i in range(5)
        ]
    ).to_csv(folder / "board.csv", index=False)
    return folder
