"""The workforce flow: an initial staff list, then each year leavers, promotions and hires.

The simulation runs over every organisation at once. A *cell* is (organisation, bank-only flag, staff group,
band); each organisation has a target headcount per cell (its trust type's mix times a headcount that grows
a little every year). Each activity year:

1. **Leavers.** Everyone in post at the previous 31 March leaves with a hazard of about ``leaver_rate``
   (higher for trainee doctors, students, bank staff and — slightly — BME and Unknown staff), on a day
   within the activity year.
2. **Promotions (vacancy chain).** Bands are visited from the top down. A cell's vacancies (target minus
   headcount) are filled partly by promoting people from the band below in the same organisation and staff
   group; who is promoted is a weighted draw without replacement in which White staff weigh
   ``promotion_ratio`` and BME staff 1. Each promotion opens a vacancy in the band below, filled in its turn.
3. **Hires.** Whatever is still vacant is filled by new people (start dates within the activity year), some
   of them international recruits (nursing bands 5–6 and non-consultant doctors, rising over the years,
   mostly BME). The ethnicity of domestic hires follows the organisation's profile: its BME share is set so
   the organisation's workforce follows its path (about a point a year up to ``bme_share`` in the last year)
   with each band's and staff group's own tilt (band 5 and doctors above the average, senior bands below).

People keep their id, ethnicity, staff group and organisation for life; only the band changes.

Every change is dated (start, leave and promotion days), so besides the 31 March snapshots the flow gives the
staff in post on any day: :func:`monthly_snapshots` lists them on the last day of each month
(``SynthConfig.monthly``). Someone is in post on day ``d`` when ``start <= d <= leave``; their band is the one
at the previous 31 March (or their first band if hired since) updated by promotions dated on or before ``d``.

**A known effect** (``SynthConfig.effect_month``, ``effect_factor`` = f): from the effect's first day, BME
people's odds of being appointed into bands 8a and above are multiplied by f, both ways in:

* *Promotion.* In an activity year that contains or follows the effect's first day, the promotions into a band
  at 8a or above of each (organisation, staff group) are split by date: ``k_pre ~ Binomial(k, share of the year
  before the effect)`` are drawn first with the usual weights and dated before the effect; the rest are drawn
  from the remaining candidates with BME weights multiplied by f and dated on or after it. With ``k`` small
  against the candidates the chance of promotion is about proportional to the weight, so the BME ÷ White
  likelihood of promotion into 8a and above rises by about f, and the odds that a promotee is BME by f.
* *Hiring.* Domestic hires starting at 8a or above on or after that day have ``ln f`` added to their BME logit
  (odds × f) after the organisation's calibration.

So the BME share at 8a and above climbs from that month, as its inflow turns over. Without an effect the
random draws are exactly those of the plain flow.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields
from datetime import date
from typing import Any, Self

import numpy as np
from numpy.typing import NDArray

from wres.synth import profiles as pf
from wres.synth.columns import (
    activity_year,
    day,
    expit,
    logit,
    rank_within,
    sample_codes,
    snapshot_day,
    uniform_days,
)
from wres.synth.config import SynthConfig
from wres.synth.orgs import Orgs

I64 = NDArray[np.int64]
F64 = NDArray[np.float64]
B8 = NDArray[np.bool_]

NO_LEAVE = 10_000_000
"""Leave day of someone who has not left."""
CELLS_PER_ORG = 2 * pf.NG * pf.NB
EFFECT_BANDS = frozenset(pf.BAND_INDEX[b] for b in ("8a", "8b", "8c", "8d", "9", "VSM"))
"""Bands "8a and above" (Agenda for Change), the target of ``SynthConfig.effect_month``."""


@dataclass
class People:
    """One entry per person ever employed, indexed by person number (0-based)."""

    org: I64
    bank: B8
    group: I64
    eth: I64
    gender: I64
    contract: I64
    directorate: I64
    site: I64
    occupation: I64
    start: I64
    leave: I64
    intl: B8
    exec_key: F64
    first_band: I64

    @property
    def n(self) -> int:
        return len(self.org)

    def concat(self, other: People) -> Self:
        return type(self)(
            **{f.name: np.concatenate([getattr(self, f.name), getattr(other, f.name)]) for f in fields(self)}
        )


@dataclass(frozen=True)
class Snapshot:
    year: int
    person: I64
    band: I64


@dataclass(frozen=True)
class Promotions:
    """The promotions of activity year ``year``: who, on which day, from which band to which."""

    year: int
    person: I64
    day: I64
    old_band: I64
    new_band: I64


@dataclass(frozen=True)
class Activity:
    """Who was employed during activity year ``year`` (and when), and who was appointed to a post."""

    year: int
    person: I64
    win_start: I64
    win_end: I64
    appointed: I64
    appointed_band: I64
    appointed_day: I64
    internal: B8


@dataclass(frozen=True)
class SurveyFrame:
    """Staff in post on 1 October of ``survey_year`` (fieldwork), with their band then."""

    survey_year: int
    person: I64
    band: I64


@dataclass
class Workforce:
    """The simulated flow. ``generate`` empties ``snapshots``, ``activity`` and ``survey_frames`` once they
    are used, to save memory."""

    people: People
    snapshots: tuple[Snapshot, ...]
    activity: tuple[Activity, ...]
    survey_frames: tuple[SurveyFrame, ...]
    promotions: tuple[Promotions, ...] = ()


def cell_of(org: I64, bank: B8, group: I64, band: I64) -> I64:
    return np.asarray(((org * 2 + bank.astype(np.int64)) * pf.NG + group) * pf.NB + band, dtype=np.int64)


def decode_cells(cells: I64) -> tuple[I64, B8, I64, I64]:
    band = cells % pf.NB
    group = (cells // pf.NB) % pf.NG
    bank = ((cells // (pf.NB * pf.NG)) % 2).astype(bool)
    org = cells // CELLS_PER_ORG
    return org, bank, group, band


class _Simulation:
    def __init__(self, config: SynthConfig, orgs: Orgs, rng: np.random.Generator) -> None:
        self.config = config
        self.orgs = orgs
        self.rng = rng
        self.mix = pf.cell_mix()[orgs.trust_type]  # (orgs, 2, G, B)
        self.offsets = rng.random(self.mix.shape)
        self.eff = pf.ethnic_effect()  # (2, G, B)
        self.next_band = pf.feeder_table()
        self.prom_share = pf.promotion_share()
        self.leave_fac = pf.leave_factor()
        self.white_dist, self.bme_dist = pf.region_code_dists()
        self.intl_bme_dist = pf.code_dist(pf.INTL_BME_CODE_DIST)
        self.unknown_dist = pf.code_dist(pf.UNKNOWN_CODE_DIST)
        self.dir_table = pf.directorate_table()
        self.n_sites = np.clip(np.round(orgs.size / 2500.0).astype(np.int64) + 1, 1, len(pf.SITE_NAMES))
        occ_first: list[int] = []
        total = 0
        for codes in pf.OCCUPATION_CODES:
            occ_first.append(total)
            total += len(codes)
        self.occ_first = np.array(occ_first, dtype=np.int64)
        self.occ_count = np.array([len(c) for c in pf.OCCUPATION_CODES], dtype=np.int64)
        self.eth_group = pf.ETH_GROUP.astype(np.int64)
        r = config.promotion_ratio
        self.promo_weight = np.array([r, 1.0, float(np.sqrt(r))])
        start = config.effect_start
        self.effect_day = None if start is None else day(start.year, start.month, start.day)
        self.effect_weight = self.promo_weight * np.where(np.arange(3) == pf.BME, config.effect_factor, 1.0)

    # -- targets and people --------------------------------------------------------------------------------

    def targets(self, headcount: F64) -> I64:
        t = np.floor(headcount[:, None, None, None] * self.mix + self.offsets).astype(np.int64)
        vsm = t[:, 0, pf.ADMIN, pf.VSM]
        t[:, 0, pf.ADMIN, pf.VSM] = np.maximum(vsm, pf.VSM_FLOOR)
        return t

    def new_people(self, cells: I64, start: I64, years_in: int) -> People:
        rng = self.rng
        n = len(cells)
        org, bank, group, band = decode_cells(cells)
        u = rng.random(n)
        female = np.array(pf.FEMALE_SHARE)[group]
        gender = np.where(u < female, 0, np.where(u < 0.995, 1, np.where(u < 0.997, 2, 3)))
        fixed_p = np.where(band == pf.BAND_INDEX["MD_TRAIN"], 0.85, np.where(group == pf.STUDENTS, 0.6, 0.05))
        contract = np.where(bank, 2, np.where(rng.random(n) < fixed_p, 1, 0))
        directorate = sample_codes(
            self.dir_table.reshape(-1, len(pf.DIRECTORATES)), self.orgs.trust_type[org] * pf.NG + group, rng
        )
        n_sites = self.n_sites[org]
        other_site = 1 + np.floor(rng.random(n) * np.maximum(n_sites - 1, 1)).astype(np.int64)
        site = np.where((rng.random(n) < 0.55) | (n_sites == 1), 0, other_site)
        med_occ = np.clip(band - pf.BAND_INDEX["MD_CONS"], 0, 3)
        pick = np.floor(rng.random(n) * self.occ_count[group]).astype(np.int64)
        occupation = self.occ_first[group] + np.where(group == pf.MEDICAL, med_occ, pick)
        intl_p = pf.intl_table(years_in)[bank.astype(np.int64), group, band]
        intl = rng.random(n) < intl_p
        return People(
            org=org,
            bank=bank,
            group=group,
            eth=np.full(n, -1, dtype=np.int64),
            gender=gender.astype(np.int64),
            contract=contract.astype(np.int64),
            directorate=directorate,
            site=site.astype(np.int64),
            occupation=occupation,
            start=np.asarray(start, dtype=np.int64),
            leave=np.full(n, NO_LEAVE, dtype=np.int64),
            intl=intl,
            exec_key=rng.random(n),
            first_band=band,
        )

    def _solve_alpha(self, cell_org: I64, cell_n: F64, cell_eff: F64, target: F64) -> F64:
        """Per organisation, the logit shift that gives ``target`` expected BME among the cells."""
        n_orgs = self.orgs.n
        total = np.bincount(cell_org, cell_n, minlength=n_orgs)
        target = np.clip(target, 0.002 * total, 0.98 * total)
        alpha = logit(np.where(total > 0, target / np.maximum(total, 1.0), 0.5))
        for _ in range(40):
            p = expit(alpha[cell_org] + cell_eff)
            f = np.bincount(cell_org, cell_n * p, minlength=n_orgs) - target
            d = np.bincount(cell_org, cell_n * p * (1 - p), minlength=n_orgs) + 1e-9
            alpha = alpha - np.clip(f / d, -2.0, 2.0)
        return np.asarray(alpha, dtype=np.float64)

    def draw_ethnicity(self, people: People, band: I64, who: B8, bme_needed: F64, shift: F64 | None = None) -> None:
        """Ethnic codes for ``people[who]`` (domestic): Unknown with ``unknown_share``, else BME with the
        organisation's calibrated probability (``bme_needed`` expected BME per organisation). ``shift`` (per
        person, on the logit scale) is the known effect's: it is added after the calibration."""
        rng = self.rng
        idx = np.flatnonzero(who)
        if len(idx) == 0:
            return
        org = people.org[idx]
        bank = people.bank[idx].astype(np.int64)
        group = people.group[idx]
        b = band[idx]
        local = (bank * pf.NG + group) * pf.NB + b
        key = org * CELLS_PER_ORG + local
        uniq, inv = np.unique(key, return_inverse=True)
        cell_n = np.bincount(inv).astype(np.float64)
        cell_org = uniq // CELLS_PER_ORG
        cell_eff = self.eff.reshape(-1)[uniq % CELLS_PER_ORG]
        known = 1.0 - self.config.unknown_share
        alpha = self._solve_alpha(cell_org, cell_n, cell_eff, bme_needed / max(known, 1e-9))
        logit_bme = alpha[org] + self.eff.reshape(-1)[local]
        if shift is not None:
            logit_bme = logit_bme + shift[idx]
        p_bme = expit(logit_bme)
        unknown = rng.random(len(idx)) < self.config.unknown_share
        is_bme = ~unknown & (rng.random(len(idx)) < p_bme)
        region = self.orgs.region[org]
        codes = np.where(
            unknown,
            sample_codes(self.unknown_dist[None, :], np.zeros(len(idx), dtype=np.int64), rng),
            np.where(
                is_bme,
                sample_codes(self.bme_dist, region, rng),
                sample_codes(self.white_dist, region, rng),
            ),
        )
        people.eth[idx] = codes

    def draw_intl_ethnicity(self, people: People, who: B8) -> None:
        rng = self.rng
        idx = np.flatnonzero(who)
        u = rng.random(len(idx))
        bme = sample_codes(self.intl_bme_dist[None, :], np.zeros(len(idx), dtype=np.int64), rng)
        unknown = sample_codes(self.unknown_dist[None, :], np.zeros(len(idx), dtype=np.int64), rng)
        white = np.full(len(idx), pf.ETH_INDEX["C"], dtype=np.int64)
        people.eth[idx] = np.where(u < pf.INTL_BME, bme, np.where(u < pf.INTL_BME + pf.INTL_WHITE, white, unknown))

    def bme_count(self, people: People, persons: I64) -> F64:
        is_bme = self.eth_group[people.eth[persons]] == pf.BME
        return np.bincount(people.org[persons], is_bme.astype(np.float64), minlength=self.orgs.n)

    # -- the run -------------------------------------------------------------------------------------------

    def run(self) -> Workforce:
        cfg, rng, orgs = self.config, self.rng, self.orgs
        years = cfg.years
        n_orgs = orgs.n
        snapshots: list[Snapshot] = []
        activity: list[Activity] = []
        frames: list[SurveyFrame] = []
        promotions: list[Promotions] = []

        # Initial staff at 31 March of the first year.
        year0 = years[0]
        snap0 = snapshot_day(year0)
        headcount = orgs.size.astype(np.float64)
        targets = self.targets(headcount)
        cells = np.repeat(np.arange(targets.size, dtype=np.int64), targets.ravel())
        org, bank, group, band0 = decode_cells(cells)
        mean_tenure = np.where(
            bank,
            3.0,
            np.where(band0 == pf.BAND_INDEX["MD_TRAIN"], 1.5, np.where(group == pf.STUDENTS, 1.2, 7.5)),
        )
        tenure = np.minimum(rng.exponential(mean_tenure) * 365.25, 40 * 365.25).astype(np.int64)
        people = self.new_people(cells, snap0 - tenure, max(year0 - 2020, 0) - 2)
        n0 = people.n
        everyone = np.ones(n0, dtype=bool)
        target_bme = orgs.share_path[:, 0] * np.bincount(org, minlength=n_orgs)
        self.draw_ethnicity(people, band0, everyone, target_bme)
        # Initial international recruits: BME staff in international-recruitment posts.
        people.intl &= self.eth_group[people.eth] == pf.BME
        band_cur = band0.copy()
        active = np.arange(n0, dtype=np.int64)
        snapshots.append(Snapshot(year0, active.copy(), band_cur[active].copy()))

        # Activity year of the first WRES year: those in post at the first snapshot.
        ay_s, ay_e = activity_year(year0)
        win_start = np.maximum(people.start, ay_s)
        ext = np.flatnonzero(people.start >= ay_s)
        has_feeder = np.zeros((pf.NG, pf.NB), dtype=bool)
        for g in range(pf.NG):
            ups = self.next_band[g][self.next_band[g] >= 0]
            has_feeder[g, ups] = True
        w = self.promo_weight[self.eth_group[people.eth]]
        internal_p = 0.05 * w / w.mean()
        internal = np.flatnonzero(
            (people.start < ay_s) & ~people.bank & has_feeder[people.group, band0] & (rng.random(n0) < internal_p)
        )
        appointed = np.concatenate([ext, internal])
        activity.append(
            Activity(
                year=year0,
                person=active.copy(),
                win_start=win_start,
                win_end=np.full(n0, ay_e, dtype=np.int64),
                appointed=appointed,
                appointed_band=band_cur[appointed],
                appointed_day=np.concatenate(
                    [people.start[ext], uniform_days(rng, np.full(len(internal), ay_s), np.full(len(internal), ay_e))]
                ),
                internal=np.concatenate([np.zeros(len(ext), bool), np.ones(len(internal), bool)]),
            )
        )
        fieldwork = day(year0 - 1, 10, 1)
        in_frame = active[people.start[active] <= fieldwork]
        frames.append(SurveyFrame(year0 - 1, in_frame, band_cur[in_frame].copy()))

        for t in range(1, len(years)):
            year = years[t]
            ay_s, ay_e = activity_year(year)
            fieldwork = day(year - 1, 10, 1)

            # 1. Leavers.
            a_org = people.org[active]
            factor = (
                self.leave_fac[people.bank[active].astype(np.int64), people.group[active], band_cur[active]]
                * np.array(pf.LEAVE_ETH_FACTOR)[self.eth_group[people.eth[active]]]
                * orgs.leave_factor[a_org]
            )
            hazard = np.clip(cfg.leaver_rate * factor / factor.mean(), 0.0, 0.9)
            leaving = rng.random(len(active)) < hazard
            leavers = active[leaving]
            people.leave[leavers] = uniform_days(rng, np.full(len(leavers), ay_s), np.full(len(leavers), ay_e - 1))
            win_end = np.where(leaving, people.leave[active], ay_e)
            stay_at_fieldwork = ~leaving | (people.leave[active] >= fieldwork)
            frame_old = active[stay_at_fieldwork]
            frame_old_band = band_cur[frame_old].copy()
            stayers = active[~leaving]

            # 2. Promotions, top band first.
            headcount = headcount * (1.0 + orgs.growth)
            targets = self.targets(headcount)
            flat_targets = targets.reshape(n_orgs, 2, pf.NG, pf.NB)
            counts = np.bincount(
                cell_of(people.org[stayers], people.bank[stayers], people.group[stayers], band_cur[stayers]),
                minlength=targets.size,
            ).reshape(n_orgs, 2, pf.NG, pf.NB)
            promo_people: list[I64] = []
            promo_bands: list[I64] = []
            promo_old: list[I64] = []
            promo_days: list[I64] = []  # -1: dated later, uniformly in the year (the plain flow)
            s_group = people.group[stayers]
            s_bank = people.bank[stayers]
            for b in np.argsort(-self._promotion_order()):
                if self.prom_share[b] <= 0:
                    continue
                is_cand = (self.next_band[s_group, band_cur[stayers]] == b) & ~s_bank
                cand = stayers[is_cand]
                if len(cand) == 0:
                    continue
                key = people.org[cand] * pf.NG + people.group[cand]
                vacancies = np.maximum(flat_targets[:, 0, :, b] - counts[:, 0, :, b], 0).reshape(-1)
                k = rng.binomial(vacancies, self.prom_share[b])
                k = np.minimum(k, np.bincount(key, minlength=n_orgs * pf.NG))
                weights = self.promo_weight[self.eth_group[people.eth[cand]]]
                order, rank = rank_within(key, rng.exponential(size=len(cand)) / weights)
                if self._effect_applies(b, ay_e):
                    chosen, chosen_days = self._promote_with_effect(cand, key, k, order, rank, people, ay_s, ay_e)
                else:
                    chosen = cand[order[rank < k[key[order]]]]
                    chosen_days = np.full(len(chosen), -1, dtype=np.int64)
                if len(chosen) == 0:
                    continue
                old = band_cur[chosen]
                c_org, c_group = people.org[chosen], people.group[chosen]
                cells_from: Any = (c_org, 0, c_group, old)
                cells_to: Any = (c_org, 0, c_group, b)
                np.subtract.at(counts, cells_from, 1)
                np.add.at(counts, cells_to, 1)
                band_cur[chosen] = b
                promo_people.append(chosen)
                promo_bands.append(np.full(len(chosen), b, dtype=np.int64))
                promo_old.append(old)
                promo_days.append(chosen_days)

            # 3. Hires.
            need = np.maximum(flat_targets - counts, 0)
            hire_cells = np.repeat(np.arange(need.size, dtype=np.int64), need.ravel())
            start = uniform_days(rng, np.full(len(hire_cells), ay_s), np.full(len(hire_cells), ay_e))
            new = self.new_people(hire_cells, start, max(year - 2020, 0))
            first_new = people.n
            people = people.concat(new)
            new_idx = np.arange(first_new, people.n, dtype=np.int64)
            band_cur = np.concatenate([band_cur, new.first_band])
            intl = people.intl.copy()
            intl[:first_new] = False
            self.draw_intl_ethnicity(people, intl)
            total_after = np.bincount(people.org[stayers], minlength=n_orgs) + np.bincount(new.org, minlength=n_orgs)
            needed = (
                orgs.share_path[:, t] * total_after
                - self.bme_count(people, stayers)
                - self.bme_count(people, np.flatnonzero(intl))
            )
            domestic = np.zeros(people.n, dtype=bool)
            domestic[new_idx] = ~people.intl[new_idx]
            self.draw_ethnicity(people, band_cur, domestic, needed, self._hire_shift(people, band_cur))

            promoted = np.concatenate(promo_people) if promo_people else np.zeros(0, np.int64)
            promoted_band = np.concatenate(promo_bands) if promo_bands else np.zeros(0, np.int64)
            promoted_old = np.concatenate(promo_old) if promo_old else np.zeros(0, np.int64)
            fixed_days = np.concatenate(promo_days) if promo_days else np.zeros(0, np.int64)
            appointed = np.concatenate([new_idx, promoted])
            promoted_day = uniform_days(rng, np.full(len(promoted), ay_s), np.full(len(promoted), ay_e))
            promoted_day = np.where(fixed_days >= 0, fixed_days, promoted_day)
            promotions.append(Promotions(year, promoted, promoted_day, promoted_old, promoted_band))
            activity.append(
                Activity(
                    year=year,
                    person=np.concatenate([active, new_idx]),
                    win_start=np.concatenate([np.full(len(active), ay_s, dtype=np.int64), new.start]),
                    win_end=np.concatenate([win_end, np.full(len(new_idx), ay_e, dtype=np.int64)]),
                    appointed=appointed,
                    appointed_band=np.concatenate([new.first_band, promoted_band]),
                    appointed_day=np.concatenate([new.start, promoted_day]),
                    internal=np.concatenate([np.zeros(len(new_idx), bool), np.ones(len(promoted), bool)]),
                )
            )
            frame_new = new_idx[new.start <= fieldwork]
            frames.append(
                SurveyFrame(
                    year - 1,
                    np.concatenate([frame_old, frame_new]),
                    np.concatenate([frame_old_band, band_cur[frame_new]]),
                )
            )
            active = np.concatenate([stayers, new_idx])
            snapshots.append(Snapshot(year, active, band_cur[active].copy()))

        return Workforce(people, tuple(snapshots), tuple(activity), tuple(frames), tuple(promotions))

    # -- the known effect ----------------------------------------------------------------------------------

    def _hire_shift(self, people: People, band: I64) -> F64 | None:
        """The effect on hires: ``ln(effect_factor)`` on the BME logit (odds × factor) for people starting in
        a band at 8a or above on or after the effect's first day; None without an effect."""
        if self.effect_day is None:
            return None
        hit = np.isin(band, list(EFFECT_BANDS)) & (people.start >= self.effect_day)
        return np.where(hit, np.log(self.config.effect_factor), 0.0)

    def _effect_applies(self, band: int, ay_e: int) -> bool:
        return self.effect_day is not None and band in EFFECT_BANDS and self.effect_day <= ay_e

    def _promote_with_effect(
        self, cand: I64, key: I64, k: I64, order: I64, rank: I64, people: People, ay_s: int, ay_e: int
    ) -> tuple[I64, I64]:
        """Promotions into a band at 8a or above in a year touched by the effect, with their days.

        ``order``/``rank`` are the plain draw's ranking (usual weights). The first ``k_pre`` of each key are
        promoted before the effect; the remaining ``k − k_pre`` are drawn from the rest with the effect's
        weights and dated from the effect's first day."""
        rng = self.rng
        assert self.effect_day is not None
        first = max(self.effect_day, ay_s)
        pre_share = (first - ay_s) / (ay_e - ay_s + 1)
        k_pre = rng.binomial(k, pre_share)
        pre_sorted = rank < k_pre[key[order]]
        chosen_pre = cand[order[pre_sorted]]
        rest = cand[order[~pre_sorted]]
        rest_key = key[order[~pre_sorted]]
        weights = self.effect_weight[self.eth_group[people.eth[rest]]]
        order2, rank2 = rank_within(rest_key, rng.exponential(size=len(rest)) / weights)
        chosen_post = rest[order2[rank2 < (k - k_pre)[rest_key[order2]]]]
        days_pre = uniform_days(rng, np.full(len(chosen_pre), ay_s), np.full(len(chosen_pre), first - 1))
        days_post = uniform_days(rng, np.full(len(chosen_post), first), np.full(len(chosen_post), ay_e))
        return np.concatenate([chosen_pre, chosen_post]), np.concatenate([days_pre, days_post])

    @staticmethod
    def _promotion_order() -> I64:
        """Seniority of each band (higher = visited first)."""
        order = np.arange(pf.NB, dtype=np.int64)
        order[pf.BAND_INDEX["MD_CONS"]] = 100
        return order


def simulate(config: SynthConfig, orgs: Orgs, rng: np.random.Generator) -> Workforce:
    """Run the workforce flow over ``config.years`` for every organisation."""
    return _Simulation(config, orgs, rng).run()


def month_ends(year: int) -> list[int]:
    """Day numbers of the last day of each month of WRES year ``year``'s activity year, April to February
    (31 March, the annual snapshot, is left out)."""
    out = []
    for y, m in [(year - 1, m) for m in range(5, 13)] + [(year, m) for m in range(1, 4)]:
        first_of_next = date(y, m, 1).toordinal() - date(1970, 1, 1).toordinal()
        out.append(first_of_next - 1)
    return out


def monthly_snapshots(workforce: Workforce) -> Iterator[tuple[int, I64, I64]]:
    """``(day, person, band)`` of the staff in post on the last day of each month between the first and the
    last 31 March, the 31 March snapshots themselves excluded, in date order.

    In post on day ``d``: ``start <= d <= leave`` (a leaver works on their leave day, as in the activity
    windows). Band: the previous 31 March snapshot's (hires since then: their first band), then each promotion
    of the year dated on or before ``d``. Uses no random numbers."""
    people = workforce.people
    by_year = {s.year: s for s in workforce.snapshots}
    for prom in workforce.promotions:
        prev = by_year[prom.year - 1]
        base = people.first_band.copy()
        base[prev.person] = prev.band
        for d in month_ends(prom.year):
            band = base.copy()
            done = prom.day <= d
            band[prom.person[done]] = prom.new_band[done]
            person = np.flatnonzero((people.start <= d) & (people.leave >= d)).astype(np.int64)
            yield d, person, band[person]
