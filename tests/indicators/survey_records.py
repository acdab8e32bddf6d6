"""A small builder of record-level NHS Staff Survey tables for hand-checked worked examples (indicators 5–8).

Respondents are written as *profiles*: ``n`` respondents of one canonical ethnic category who all gave the same
answers. An answer of ``None`` is a blank cell: the import writes no ``survey_answers`` row for it
(``wres.ingest.transform``), so the builder writes none either. Labels are passed through exactly as given, so a
test can use the configured labels (``Never``, ``1-2``, ``Yes``, ``Don't know``…) and invalid ones
(``Prefer not to say``, ``Not applicable``…).

The folder also holds the two tables the store requires (``organisations``, ``staff``: one person per
organisation) and, optionally, published summaries (``survey_summaries``: pct and base per group).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

ITEMS_2020_ON = ("Q14a", "Q14b", "Q14c", "Q15", "Q16b")
"""Items of indicators 5, 6 (two items), 7 and 8 in the 2020–2025 question map (wres-domain.md §5.5–5.8)."""


@dataclass(frozen=True)
class Profile:
    """``n`` respondents of ethnic category ``code`` who gave the same ``answers`` (item → label, None = blank)."""

    name: str
    code: str
    n: int
    answers: Mapping[str, str | None]


def profile(name: str, code: str, n: int, *labels: str | None, items: Sequence[str] = ITEMS_2020_ON) -> Profile:
    """A profile whose answers are ``labels`` in the order of ``items`` (default Q14a, Q14b, Q14c, Q15, Q16b)."""
    if len(labels) != len(items):
        raise ValueError(f"{name}: {len(labels)} answers for {len(items)} items")
    return Profile(name, code, n, dict(zip(items, labels, strict=True)))


@dataclass
class SurveyFolder:
    """Canonical tables for one or more organisations' survey years, written as a canonical folder."""

    respondents: list[dict[str, object]] = field(default_factory=list)
    answers: list[dict[str, object]] = field(default_factory=list)
    summaries: list[dict[str, object]] = field(default_factory=list)
    orgs: dict[str, None] = field(default_factory=dict)

    def add(self, org: str, survey_year: int, profiles: Sequence[Profile]) -> SurveyFolder:
        """Respondents (and their non-blank answers) of ``profiles`` for one organisation and survey year."""
        self.orgs.setdefault(org)
        for p in profiles:
            for i in range(p.n):
                rid = f"{org}-{survey_year}-{p.name}-{i}"
                self.respondents.append(
                    {"org_code": org, "survey_year": survey_year, "respondent_id": rid, "ethnic_category": p.code}
                )
                for item, label in p.answers.items():
                    if label is not None:
                        self.answers.append(
                            {
                                "org_code": org,
                                "survey_year": survey_year,
                                "respondent_id": rid,
                                "item": item,
                                "response": label,
                            }
                        )
        return self

    def publish(
        self, org: str, survey_year: int, indicator: int, rows: Mapping[str, tuple[float, int]]
    ) -> SurveyFolder:
        """Published summary rows: group → (pct, base) for one organisation, survey year and indicator."""
        self.orgs.setdefault(org)
        for group, (pct, base) in rows.items():
            self.summaries.append(
                {
                    "org_code": org,
                    "survey_year": survey_year,
                    "indicator": indicator,
                    "group": group,
                    "pct": pct,
                    "base": base,
                }
            )
        return self

    def write(self, folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        orgs = list(self.orgs)
        pd.DataFrame({"org_code": orgs, "org_name": [f"Survey Trust {o}" for o in orgs]}).to_csv(
            folder / "organisations.csv", index=False
        )
        staff = [
            {
                "org_code": o,
                "snapshot_date": "2024-03-31",
                "person_id": f"{o}-P1",
                "ethnic_category": "A",
                "band": "5",
                "staff_group": "Administrative and Clerical",
                "contract": "substantive",
                "bank_only": "false",
            }
            for o in orgs
        ]
        pd.DataFrame(staff).to_csv(folder / "staff.csv", index=False)
        if self.respondents:
            pd.DataFrame(self.respondents).to_csv(folder / "survey_respondents.csv", index=False)
            pd.DataFrame(self.answers).to_csv(folder / "survey_answers.csv", index=False)
        if self.summaries:
            pd.DataFrame(self.summaries).to_csv(folder / "survey_summaries.csv", index=False)
        return folder
