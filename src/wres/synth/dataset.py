"""``generate(config) -> SynthData``: run the flow and build every canonical table.

Column dtypes follow :mod:`wres.data.schema`: strings are pandas ``str`` (Arrow-backed), dates
``datetime64[ns]``, flags ``bool`` (``boolean`` where the schema allows missing values), integers ``int64``
and floats ``float64``. Rows are ordered by year, organisation and id.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from wres.synth import pay
from wres.synth import profiles as pf
from wres.synth.board import board
from wres.synth.columns import (
    bool_series,
    date_series,
    frame,
    id_array,
    labels,
    nullable_bool_series,
    release_memory,
    snapshot_day,
    str_series,
)
from wres.synth.config import SynthConfig
from wres.synth.events import Context, disciplinary, recruitment, training
from wres.synth.orgs import build_orgs
from wres.synth.survey import survey
from wres.synth.workforce import monthly_snapshots, simulate

TABLE_NAMES: tuple[str, ...] = (
    "organisations",
    "staff",
    "recruitment",
    "disciplinary",
    "training",
    "survey_respondents",
    "survey_answers",
    "survey_summaries",
    "board",
)

PERSON_ID_WIDTH = 8
EMPLOYEE_NUMBER_BASE = 10_000_000
"""ESR Employee Number = EMPLOYEE_NUMBER_BASE + n for person_id "P" + n zero-padded to 8 digits."""


@dataclass(eq=False)
class SynthData:
    """One pandas DataFrame per canonical table (see :mod:`wres.data.schema`), plus the config."""

    config: SynthConfig
    organisations: pd.DataFrame
    staff: pd.DataFrame
    recruitment: pd.DataFrame
    disciplinary: pd.DataFrame
    training: pd.DataFrame
    survey_respondents: pd.DataFrame
    survey_answers: pd.DataFrame
    survey_summaries: pd.DataFrame
    board: pd.DataFrame

    def tables(self) -> dict[str, pd.DataFrame]:
        """Table name → DataFrame, in canonical order."""
        return {name: getattr(self, name) for name in TABLE_NAMES}


def person_ids(n: int) -> pa.Array:
    return id_array("P", np.arange(1, n + 1), PERSON_ID_WIDTH)


def _snapshots(ctx: Context) -> list[tuple[int, np.ndarray, np.ndarray]]:
    """``(day, person, band)`` of every staff snapshot in date order: the 31 March ones, and with
    ``config.monthly`` the month ends between them (:func:`wres.synth.workforce.monthly_snapshots`)."""
    out = [(snapshot_day(s.year), s.person, s.band) for s in ctx.workforce.snapshots]
    if ctx.config.monthly:
        out.extend(monthly_snapshots(ctx.workforce))
        out.sort(key=lambda item: item[0])
    return out


def _staff(ctx: Context, position: np.ndarray, fte: np.ndarray) -> pd.DataFrame:
    """One row per person per snapshot, in order of snapshot date, organisation and person; the pay columns from
    each person's ``position`` in their band's range and whole-time equivalent ``fte`` (:mod:`wres.synth.pay`)."""
    people = ctx.workforce.people
    bme = pf.ETH_GROUP[people.eth] == pf.BME
    occupations = [code for codes in pf.OCCUPATION_CODES for code in codes]
    frames = []
    for snap_day, person, band in _snapshots(ctx):
        order = np.lexsort((person, people.org[person]))
        p = person[order]
        n = len(p)
        frames.append(
            frame(
                {
                    "org_code": str_series(labels(ctx.orgs.codes, people.org[p])),
                    "snapshot_date": date_series(np.full(n, snap_day)),
                    "person_id": str_series(pc.take(ctx.person_ids, pa.array(p))),
                    "ethnic_category": str_series(labels(pf.ETHNIC_CODES, people.eth[p])),
                    "band": str_series(labels(pf.BANDS, band[order])),
                    "staff_group": str_series(labels(pf.STAFF_GROUPS, people.group[p])),
                    "clinical": nullable_bool_series(np.zeros(n, dtype=bool), valid=np.zeros(n, dtype=bool)),
                    "occupation_code": str_series(labels(occupations, people.occupation[p])),
                    "directorate": str_series(labels(pf.DIRECTORATES, people.directorate[p])),
                    "site": str_series(labels(pf.SITE_NAMES, people.site[p])),
                    "gender": str_series(labels(pf.GENDERS, people.gender[p])),
                    "contract": str_series(labels(pf.CONTRACT_CODES, people.contract[p])),
                    "bank_only": bool_series(people.bank[p]),
                    "hourly_pay": pd.Series(
                        pay.hourly_rates(band[order], position[p], bme[p], ctx.config.pay_gap_within)
                    ),
                    "hours": pd.Series(pay.contracted_hours(band[order], fte[p])),
                    "fte": pd.Series(fte[p]),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def generate(config: SynthConfig) -> SynthData:
    """Generate every canonical table for ``config`` (deterministic: same config, same data)."""
    # The seventh stream (pay) was added after the others: spawn(7)'s first six children are spawn(6)'s, so every
    # table but the staff table's pay columns is what it was before pay existed.
    seeds = np.random.SeedSequence(config.seed).spawn(7)
    streams = [np.random.default_rng(s) for s in seeds[:6]]
    orgs = build_orgs(config, streams[0])
    workforce = simulate(config, orgs, streams[0])
    ctx = Context.build(config, orgs, workforce, person_ids(workforce.people.n))
    # Each part of the flow is released once its tables are built, to keep peak memory down.
    release_memory()
    position, fte = pay.draw_positions(workforce.people.n, workforce.people.bank, seeds[6])
    staff_table = _staff(ctx, position, fte)
    board_table = board(ctx, streams[5])
    workforce.snapshots = ()
    workforce.promotions = ()
    release_memory()
    training_table = training(ctx, streams[3])
    release_memory()
    recruitment_table = recruitment(ctx, streams[1])
    disciplinary_table = disciplinary(ctx, streams[2])
    workforce.activity = ()
    release_memory()
    respondents, answers, summaries = survey(ctx, streams[4])
    workforce.survey_frames = ()
    release_memory()
    return SynthData(
        config=config,
        organisations=orgs.table(),
        staff=staff_table,
        recruitment=recruitment_table,
        disciplinary=disciplinary_table,
        training=training_table,
        survey_respondents=respondents,
        survey_answers=answers,
        survey_summaries=summaries,
        board=board_table,
    )
