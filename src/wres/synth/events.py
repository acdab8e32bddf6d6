"""Recruitment, disciplinary and training events over the activity years.

* **Recruitment** (indicator 2): every appointment of the flow — each external hire and each internal
  promotion — is a vacancy with one appointed applicant. Each vacancy also gets about three shortlisted
  applicants who were not appointed and about three who were not shortlisted. The number and ethnicity of
  the shortlisted-but-not-appointed are set, per organisation and year, so that the White ÷ BME likelihood
  of appointment from shortlisting is ``appointment_ratio`` in every organisation (and so nationally).
  International applicants are mostly BME and more often successful than others; some applicants apply to
  several vacancies.
* **Disciplinary** (indicator 3): formal investigations for about 1.2% of staff a year, BME ÷ White
  likelihood ``disciplinary_ratio`` (people who leave during the year are included, dated before they left).
* **Training** (indicator 4): non-mandatory courses for about 40% of staff a year, White ÷ BME likelihood
  ``training_ratio``, plus statutory/mandatory courses for most staff.

Likelihoods are calibrated against the indicator definitions: people with at least one event in the
activity year over the headcount at its closing 31 March (bank-only staff are left out of both).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import NDArray

from wres.synth import profiles as pf
from wres.synth.columns import (
    activity_year,
    bool_series,
    date_series,
    frame,
    id_array,
    labels,
    nullable_bool_series,
    sample_codes,
    str_series,
    uniform_days,
)
from wres.synth.config import SynthConfig
from wres.synth.orgs import Orgs
from wres.synth.workforce import Activity, Workforce

I64 = NDArray[np.int64]
F64 = NDArray[np.float64]
B8 = NDArray[np.bool_]

SHORTLISTED_PER_VACANCY = 3.0
"""Mean shortlisted-but-not-appointed applicants per vacancy."""
NOT_SHORTLISTED_PER_VACANCY = 3.0
REPEAT_APPLICANT = 0.15


@dataclass(frozen=True)
class Context:
    """What the table builders share: the flow, the id strings and a few derived arrays."""

    config: SynthConfig
    orgs: Orgs
    workforce: Workforce
    person_ids: pa.Array
    eth_group: I64
    """WRES group (0 White, 1 BME, 2 Unknown) of every person."""
    headcounts: dict[int, F64]
    """Non-bank headcount at 31 March of each year per WRES group (White, BME, Unknown)."""

    @classmethod
    def build(cls, config: SynthConfig, orgs: Orgs, workforce: Workforce, person_ids: pa.Array) -> Context:
        people = workforce.people
        eth_group = pf.ETH_GROUP.astype(np.int64)[people.eth]
        headcounts: dict[int, F64] = {}
        for snap in workforce.snapshots:
            persons = snap.person[~people.bank[snap.person]]
            headcounts[snap.year] = np.bincount(eth_group[persons], minlength=3).astype(np.float64)
        return cls(config, orgs, workforce, person_ids, eth_group, headcounts)

    def headcount_by_group(self, year: int) -> F64:
        return self.headcounts[year]


def _calibrate(
    group: I64, weight: F64, headcount: F64, rate: float, ratio_bme_over_white: float
) -> tuple[float, float, float]:
    """Per-group multipliers λ (White, BME, Unknown) with expected events ``λ_g · Σ weight`` such that the
    overall events-per-head is ``rate`` and (BME events / BME head) ÷ (White events / White head) is
    ``ratio_bme_over_white``. Unknown sits midway between."""
    mass = np.bincount(group, weight, minlength=3)
    per_head = mass / np.maximum(headcount, 1.0)
    k_bme = ratio_bme_over_white * per_head[0] / max(per_head[1], 1e-12)
    k_unknown = (1.0 + k_bme) / 2 * per_head[0] / max(per_head[2], 1e-12) if mass[2] > 0 else 1.0
    total = mass[0] + k_bme * mass[1] + k_unknown * mass[2]
    lam_white = rate * headcount.sum() / max(total, 1e-12)
    return lam_white, lam_white * k_bme, lam_white * k_unknown


# ----------------------------------------------------------------------------------------------------------
# Recruitment


@dataclass
class _Applications:
    org: I64
    vacancy: I64  # global vacancy number
    applicant: I64  # global applicant number
    eth: I64
    app_day: I64
    short_day: I64
    shortlisted: B8
    appointed: B8
    band: I64
    group: I64
    internal: B8
    intl: B8
    bank: B8


def _recruitment_year(ctx: Context, act: Activity, rng: np.random.Generator, first_vacancy: int) -> _Applications:
    cfg, people = ctx.config, ctx.workforce.people
    n_orgs = ctx.orgs.n
    eg_all = ctx.eth_group
    ay_s, _ = activity_year(act.year)
    person = act.appointed
    n_v = len(person)
    v_org = people.org[person]
    v_group = people.group[person]
    v_band = act.appointed_band
    v_bank = people.bank[person]
    v_internal = act.internal
    v_intl = people.intl[person] & ~v_internal
    # Shortlisted up to 100 days before the appointment, within the same activity year.
    span = np.minimum(100, act.appointed_day - ay_s)
    short_day = act.appointed_day - np.floor(rng.random(n_v) * (span + 1)).astype(np.int64)

    # Shortlisted-but-not-appointed applicants. Their number and ethnic mix per organisation are set so that
    # every organisation has the same BME likelihood of appointment L_B and White L_W = appointment_ratio ×
    # L_B (so the ratio also holds when organisations are pooled); they are spread over its vacancies.
    u_app = min(cfg.unknown_share + 0.01, 0.5)
    r = cfg.appointment_ratio
    a_eg = eg_all[person]
    a_w = np.bincount(v_org[a_eg == pf.WHITE], minlength=n_orgs).astype(np.float64)
    a_b = np.bincount(v_org[a_eg == pf.BME], minlength=n_orgs).astype(np.float64)
    known = a_w + a_b
    l_bme = (a_w / r + a_b).sum() / max((SHORTLISTED_PER_VACANCY + 1) * known.sum(), 1.0)
    n_w = np.maximum(a_w / (r * l_bme) - a_w, 0.0)
    n_b = np.maximum(a_b / l_bme - a_b, 0.0)
    p_bme_short = np.where(n_w + n_b > 0, n_b / np.maximum(n_w + n_b, 1e-9), 0.5)
    n_short = rng.poisson((n_w + n_b) / (1 - u_app))
    by_org = np.argsort(v_org, kind="stable")
    org_start = np.searchsorted(v_org[by_org], np.arange(n_orgs + 1))
    n_vac = np.diff(org_start)
    n_short = np.where(n_vac > 0, n_short, 0)
    s_org = np.repeat(np.arange(n_orgs), n_short)
    sv = by_org[org_start[s_org] + np.floor(rng.random(len(s_org)) * n_vac[s_org]).astype(np.int64)]
    share_bme_sl = np.where(known > 0, (a_b + n_b) / np.maximum(known + n_w + n_b, 1e-9), 0.5)
    p_bme_not = np.minimum(share_bme_sl * 1.15, 0.95)
    k_not = rng.poisson(NOT_SHORTLISTED_PER_VACANCY, n_v)
    nv = np.repeat(np.arange(n_v), k_not)

    intl_post = pf.intl_table(10)[0][v_group, v_band] > 0
    white_dist, bme_dist = pf.region_code_dists()
    intl_dist = pf.code_dist(pf.INTL_BME_CODE_DIST)[None, :]
    unknown_dist = pf.code_dist({"Z": 0.7, "99": 0.3})[None, :]

    def applicants(vac: I64, p_bme: F64, intl_bme: float, intl_white: float, internal_p: float) -> tuple[I64, B8, B8]:
        n = len(vac)
        org = v_org[vac]
        unknown = rng.random(n) < u_app
        bme = ~unknown & (rng.random(n) < p_bme[org])
        post = intl_post[vac]
        intl = np.where(bme, rng.random(n) < np.where(post, intl_bme, 0.01), post & (rng.random(n) < intl_white))
        intl &= ~unknown
        region = ctx.orgs.region[org]
        zeros = np.zeros(n, dtype=np.int64)
        codes = np.where(
            unknown,
            sample_codes(unknown_dist, zeros, rng),
            np.where(
                bme,
                np.where(
                    intl,
                    sample_codes(intl_dist, zeros, rng),
                    sample_codes(bme_dist, region, rng),
                ),
                sample_codes(white_dist, region, rng),
            ),
        )
        internal = ~intl & (rng.random(n) < internal_p)
        return codes, intl, internal

    s_eth, s_intl, s_internal = applicants(sv, p_bme_short, 0.25, 0.03, 0.2)
    n_eth, n_intl, n_internal = applicants(nv, p_bme_not, 0.35, 0.03, 0.1)

    # Rows: appointed, shortlisted, not shortlisted.
    vac = np.concatenate([np.arange(n_v), sv, nv])
    kind = np.concatenate([np.zeros(n_v, np.int64), np.ones(len(sv), np.int64), np.full(len(nv), 2, np.int64)])
    eth = np.concatenate([people.eth[person], s_eth, n_eth])
    intl = np.concatenate([v_intl, s_intl, n_intl])
    internal = np.concatenate([v_internal, s_internal, n_internal])
    order = np.lexsort((kind, vac, short_day[vac], v_org[vac]))
    vac, kind, eth, intl, internal = vac[order], kind[order], eth[order], intl[order], internal[order]
    n = len(vac)
    org = v_org[vac]

    # Some applicants apply to several vacancies: copy another applicant of the same organisation who reached
    # the same stage (shortlisted or not), so the ethnic mix of each stage is kept.
    applicant = np.arange(n, dtype=np.int64)
    repeat = (kind > 0) & (rng.random(n) < REPEAT_APPLICANT)
    originals = np.flatnonzero((kind > 0) & ~repeat)
    stage_key = org * 3 + kind
    originals = originals[np.argsort(stage_key[originals], kind="stable")]
    starts = np.searchsorted(stage_key[originals], np.arange(3 * n_orgs + 1))
    rep = np.flatnonzero(repeat)
    lo, hi = starts[stage_key[rep]], starts[stage_key[rep] + 1]
    ok = hi > lo
    rep, lo, hi = rep[ok], lo[ok], hi[ok]
    src = originals[lo + np.floor(rng.random(len(rep)) * (hi - lo)).astype(np.int64)]
    applicant[rep] = applicant[src]
    eth[rep] = eth[src]
    intl[rep] = intl[src]
    internal[rep] = internal[src]
    # Renumber applicants densely in order of first appearance (ids are assigned globally later).
    _, first_pos, inverse = np.unique(applicant, return_index=True, return_inverse=True)
    rank = np.empty(len(first_pos), dtype=np.int64)
    rank[np.argsort(first_pos)] = np.arange(len(first_pos))
    applicant = rank[inverse]

    # Vacancies numbered in the order they appear (organisation, shortlisting date).
    first_row = np.full(n_v, n, dtype=np.int64)
    np.minimum.at(first_row, vac, np.arange(n, dtype=np.int64))
    vac_rank = np.empty(n_v, dtype=np.int64)
    vac_rank[np.argsort(first_row, kind="stable")] = np.arange(n_v)
    shortlisted = kind < 2
    app_day = short_day[vac] - rng.integers(3, 36, n)
    return _Applications(
        org=org,
        vacancy=first_vacancy + vac_rank[vac],
        applicant=applicant,
        eth=eth,
        app_day=app_day,
        short_day=short_day[vac],
        shortlisted=shortlisted,
        appointed=kind == 0,
        band=v_band[vac],
        group=v_group[vac],
        internal=internal,
        intl=intl,
        bank=v_bank[vac],
    )


def _recruitment_frame(ctx: Context, part: _Applications, first_application: int) -> pd.DataFrame:
    n = len(part.org)
    return frame(
        {
            "org_code": str_series(labels(ctx.orgs.codes, part.org)),
            "application_id": str_series(id_array("APP", first_application + np.arange(1, n + 1), 9)),
            "vacancy_id": str_series(id_array("VAC", part.vacancy + 1, 8)),
            "applicant_id": str_series(id_array("CAN", part.applicant + 1, 9)),
            "ethnic_category": str_series(labels(pf.ETHNIC_CODES, part.eth)),
            "application_date": date_series(part.app_day),
            "shortlisted": bool_series(part.shortlisted),
            "shortlisting_date": date_series(part.short_day, valid=part.shortlisted),
            "appointed": bool_series(part.appointed),
            "vacancy_band": str_series(labels(pf.BANDS, part.band)),
            "vacancy_staff_group": str_series(labels(pf.STAFF_GROUPS, part.group)),
            "internal": nullable_bool_series(part.internal),
            "international": nullable_bool_series(part.intl),
            "bank_post": nullable_bool_series(part.bank),
        }
    )


def recruitment(ctx: Context, rng: np.random.Generator) -> pd.DataFrame:
    """One row per application, activity year by activity year (built a year at a time to save memory)."""
    frames: list[pd.DataFrame] = []
    vacancies = applicants = applications = 0
    for act in ctx.workforce.activity:
        part = _recruitment_year(ctx, act, rng, vacancies)
        part.applicant += applicants
        vacancies += len(act.appointed)
        applicants = int(part.applicant.max()) + 1 if len(part.applicant) else applicants
        frames.append(_recruitment_frame(ctx, part, applications))
        applications += len(part.org)
    return pd.concat(frames, ignore_index=True)


# ----------------------------------------------------------------------------------------------------------
# Disciplinary and training


def _exposure(ctx: Context, act: Activity, include_bank: bool) -> tuple[I64, I64, I64, F64]:
    people = ctx.workforce.people
    keep = np.ones(len(act.person), dtype=bool) if include_bank else ~people.bank[act.person]
    person = act.person[keep]
    start, end = act.win_start[keep], act.win_end[keep]
    ay_s, ay_e = activity_year(act.year)
    frac = (end - start + 1) / float(ay_e - ay_s + 1)
    return person, start, end, np.clip(frac, 0.0, 1.0)


def disciplinary(ctx: Context, rng: np.random.Generator) -> pd.DataFrame:
    cfg, people = ctx.config, ctx.workforce.people
    eg_all = ctx.eth_group
    last_day = activity_year(ctx.config.last_year)[1]
    case_person: list[I64] = []
    case_day: list[I64] = []
    for act in ctx.workforce.activity:
        person, start, end, frac = _exposure(ctx, act, include_bank=False)
        group = eg_all[person]
        weight = np.array(pf.DISCIPLINARY_GROUP_FACTOR)[people.group[person]] * frac
        lam = np.array(
            _calibrate(group, weight, ctx.headcount_by_group(act.year), pf.DISCIPLINARY_RATE, cfg.disciplinary_ratio)
        )
        p = 1.0 - np.exp(-lam[group] * weight)
        has = rng.random(len(person)) < p
        second = has & (rng.random(len(person)) < 0.04)
        who = np.concatenate([np.flatnonzero(has), np.flatnonzero(second)])
        case_person.append(person[who])
        case_day.append(uniform_days(rng, start[who], end[who]))
    cp = np.concatenate(case_person)
    cd = np.concatenate(case_day)
    org = people.org[cp]
    order = np.lexsort((cp, cd, org))
    cp, cd, org = cp[order], cd[order], org[order]
    n = len(cp)
    outcome = sample_codes(pf.as_probabilities(pf.DISCIPLINARY_OUTCOME_P)[None, :], np.zeros(n, np.int64), rng)
    left_soon = people.leave[cp] - cd < 180
    outcome = np.where(left_soon & (rng.random(n) < 0.4), pf.DISCIPLINARY_OUTCOMES.index("Dismissal"), outcome)
    ongoing = (last_day - cd < 90) & (rng.random(n) < 0.6)
    outcome = np.where(ongoing | (rng.random(n) < 0.03), -1, outcome)
    return frame(
        {
            "org_code": str_series(labels(ctx.orgs.codes, org)),
            "case_id": str_series(id_array("ER", np.arange(1, n + 1), 7)),
            "person_id": str_series(pc.take(ctx.person_ids, pa.array(cp))),
            "investigation_start": date_series(cd),
            "outcome": str_series(labels(pf.DISCIPLINARY_OUTCOMES, outcome)),
        }
    )


def training(ctx: Context, rng: np.random.Generator) -> pd.DataFrame:
    """Learning events, activity year by activity year, in order of organisation and start date."""
    cfg, people = ctx.config, ctx.workforce.people
    eg_all = ctx.eth_group
    n_mand = len(pf.MANDATORY_COURSES)
    frames: list[pd.DataFrame] = []
    records = 0
    for act in ctx.workforce.activity:
        # Non-mandatory training and CPD (non-bank staff).
        person, start, end, frac = _exposure(ctx, act, include_bank=False)
        group = eg_all[person]
        weight = 0.4 + 0.6 * frac
        lam = np.array(
            _calibrate(group, weight, ctx.headcount_by_group(act.year), pf.TRAINING_RATE, 1.0 / cfg.training_ratio)
        )
        p = np.clip(lam[group] * weight, 0.0, 0.95)
        has = np.flatnonzero(rng.random(len(person)) < p)
        who = np.repeat(has, 1 + rng.poisson(0.35, len(has)))
        cpd_person = person[who]
        cpd_day = uniform_days(rng, start[who], end[who])
        cpd_course = n_mand + rng.integers(0, len(pf.CPD_COURSES), len(who))
        # Statutory and mandatory training (everyone, bank staff included).
        person, start, end, frac = _exposure(ctx, act, include_bank=True)
        has = np.flatnonzero(rng.random(len(person)) < pf.MANDATORY_RATE * (0.5 + 0.5 * frac))
        who = np.repeat(has, 1 + rng.binomial(1, 0.15, len(has)))
        rp = np.concatenate([cpd_person, person[who]])
        rd = np.concatenate([cpd_day, uniform_days(rng, start[who], end[who])])
        rc = np.concatenate([cpd_course, rng.integers(0, n_mand, len(who))])
        org = people.org[rp]
        order = np.lexsort((rc, rp, rd, org))
        rp, rd, rc, org = rp[order], rd[order], rc[order], org[order]
        n = len(rp)
        frames.append(
            frame(
                {
                    "org_code": str_series(labels(ctx.orgs.codes, org)),
                    "record_id": str_series(id_array("LR", records + np.arange(1, n + 1), 9)),
                    "person_id": str_series(pc.take(ctx.person_ids, pa.array(rp))),
                    "course": str_series(labels(pf.COURSES, rc)),
                    "start_date": date_series(rd),
                    "mandatory": bool_series(rc < n_mand),
                }
            )
        )
        records += n
    return pd.concat(frames, ignore_index=True)
