"""NHS Staff Survey microdata (indicators 5–8) and the published-style summaries computed from them.

The survey of year S (fieldwork October–December S, used for WRES year S + 1) samples the non-bank staff in
post on 1 October S: each responds with probability about ``survey_response_rate`` (a little higher for
White staff, varying between organisations). Respondents report their own ethnicity (a few decline: code
``Z``); respondent ids are not linkable to staff.

Items and answers:

* ``Q14a`` (indicator 5), ``Q14b`` and ``Q14c`` (indicator 6 = adverse on either): "Never", "1-2", "3-5",
  "6-10", "More than 10"; adverse = anything but "Never".
* ``Q15`` (indicator 7): "Yes", "No", "Don't know"; the reported figure is the share answering "Yes".
* ``Q16b`` (indicator 8): "Yes", "No".

Group rates are ``config.survey_ind5`` … ``survey_ind8`` (White, BME), shifted per organisation by a small
random effect shared by both groups; Unknown respondents sit midway. Each item is skipped with a small
probability (no answer row). ``survey_summaries`` holds, per organisation, survey year, indicator and group
(White, BME), the percentage and base computed from the microdata exactly as the indicators define them
(indicator 6 base: answered Q14b or Q14c; indicator 7 base includes "Don't know").
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from numpy.typing import NDArray

from wres.synth import profiles as pf
from wres.synth.columns import (
    expit,
    float_series,
    frame,
    id_array,
    int_series,
    labels,
    logit,
    sample_codes,
    str_series,
)
from wres.synth.events import Context

I64 = NDArray[np.int64]

_NEVER = 0
_YES, _NO, _DONT_KNOW = (pf.RESPONSES.index(x) for x in pf.YES_NO_DK)


def _rates(rates: tuple[float, float]) -> NDArray[np.float64]:
    """(White, BME, Unknown) logits."""
    w, b = rates
    return np.asarray(logit(np.array([w, b, (w + b) / 2])), dtype=np.float64)


def survey(ctx: Context, rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """``survey_respondents``, ``survey_answers`` and ``survey_summaries``."""
    cfg, people, orgs = ctx.config, ctx.workforce.people, ctx.orgs
    n_orgs = orgs.n
    org_response = rng.lognormal(0.0, 0.2, n_orgs)
    org_effect = rng.normal(0.0, 0.15, (n_orgs, 4))
    rate_logits = [_rates(r) for r in (cfg.survey_ind5, cfg.survey_ind6, cfg.survey_ind7, cfg.survey_ind8)]
    freq_p = pf.as_probabilities(pf.FREQUENCY_ADVERSE_P)[None, :]
    pattern_p = pf.as_probabilities(pf.IND6_PATTERN_P)[None, :]
    unknown_dist = pf.code_dist({"Z": 1.0})

    resp_frames: list[pd.DataFrame] = []
    ans_frames: list[pd.DataFrame] = []
    summary_rows: list[tuple[int, int, int, int, int, int]] = []  # org, year, indicator, group, yes, base
    offset = 0
    for fr in ctx.workforce.survey_frames:
        keep = ~people.bank[fr.person]
        person, band = fr.person[keep], fr.band[keep]
        eg = ctx.eth_group[person]
        factor = np.array([1.04, 0.92, 0.8])[eg] * org_response[people.org[person]]
        p_resp = np.clip(cfg.survey_response_rate * factor / factor.mean(), 0.0, 0.95)
        responds = rng.random(len(person)) < p_resp
        person, band = person[responds], band[responds]
        org = people.org[person]
        order = np.lexsort((rng.random(len(person)), org))  # not linkable to staff order
        person, band, org = person[order], band[order], org[order]
        n = len(person)
        eth = people.eth[person].copy()
        declines = rng.random(n) < 0.03
        eth[declines] = sample_codes(unknown_dist[None, :], np.zeros(int(declines.sum()), np.int64), rng)
        g = pf.ETH_GROUP.astype(np.int64)[eth]

        def adverse(ind: int, g: I64 = g, org: I64 = org, n: int = n) -> NDArray[np.bool_]:
            p = expit(rate_logits[ind][g] + org_effect[org, ind])
            return np.asarray(rng.random(n) < p)

        def frequency(is_adverse: NDArray[np.bool_], n: int = n) -> I64:
            how = 1 + sample_codes(freq_p, np.zeros(n, np.int64), rng)
            return np.where(is_adverse, how, _NEVER)

        q14a = frequency(adverse(0))
        ind6 = adverse(1)
        pattern = sample_codes(pattern_p, np.zeros(n, np.int64), rng)
        q14b = frequency(ind6 & (pattern != 1))
        q14c = frequency(ind6 & (pattern != 0))
        yes7 = adverse(2)
        q15 = np.where(yes7, _YES, np.where(rng.random(n) < 0.45, _DONT_KNOW, _NO))
        q16b = np.where(adverse(3), _YES, _NO)
        responses = np.stack([q14a, q14b, q14c, q15, q16b], axis=1)
        answered = rng.random(responses.shape) >= pf.SKIP_RATE

        resp_ids = id_array("R", offset + np.arange(1, n + 1), 9)
        group = np.where(rng.random(n) < 0.02, -1, people.group[person])
        band = np.where(rng.random(n) < 0.04, -1, band)
        resp_frames.append(
            frame(
                {
                    "org_code": str_series(labels(orgs.codes, org)),
                    "survey_year": int_series(np.full(n, fr.survey_year)),
                    "respondent_id": str_series(resp_ids),
                    "ethnic_category": str_series(labels(pf.ETHNIC_CODES, eth)),
                    "staff_group": str_series(labels(pf.STAFF_GROUPS, group)),
                    "band": str_series(labels(pf.BANDS, band)),
                    "weight": float_series(np.full(n, np.nan)),
                }
            )
        )
        # Long answers in respondent then item order; skipped items have no row.
        resp_idx = np.broadcast_to(np.arange(n)[:, None], responses.shape)[answered]
        item_idx = np.broadcast_to(np.arange(len(pf.SURVEY_ITEMS))[None, :], responses.shape)[answered]
        ans_frames.append(
            frame(
                {
                    "org_code": str_series(labels(orgs.codes, org[resp_idx])),
                    "survey_year": int_series(np.full(len(resp_idx), fr.survey_year)),
                    "respondent_id": str_series(pc.take(resp_ids, pa.array(resp_idx))),
                    "item": str_series(labels(pf.SURVEY_ITEMS, item_idx)),
                    "response": str_series(labels(pf.RESPONSES, responses[answered])),
                }
            )
        )
        offset += n

        # Summaries (White and BME respondents only).
        a = answered
        yes_base = (
            ((q14a != _NEVER) & a[:, 0], a[:, 0]),
            (((q14b != _NEVER) & a[:, 1]) | ((q14c != _NEVER) & a[:, 2]), a[:, 1] | a[:, 2]),
            ((q15 == _YES) & a[:, 3], a[:, 3]),
            ((q16b == _YES) & a[:, 4], a[:, 4]),
        )
        for k, (yes, base) in enumerate(yes_base):
            for grp in (pf.WHITE, pf.BME):
                sel = g == grp
                y = np.bincount(org[sel], yes[sel].astype(np.int64), minlength=n_orgs)
                b = np.bincount(org[sel], base[sel].astype(np.int64), minlength=n_orgs)
                for o in np.flatnonzero(b > 0):
                    summary_rows.append((int(o), fr.survey_year, 5 + k, grp, int(y[o]), int(b[o])))

    rows = np.array(summary_rows, dtype=np.int64).reshape(-1, 6)
    rows = rows[np.lexsort((rows[:, 3], rows[:, 2], rows[:, 1], rows[:, 0]))]
    summaries = frame(
        {
            "org_code": str_series(labels(orgs.codes, rows[:, 0])),
            "survey_year": int_series(rows[:, 1]),
            "indicator": int_series(rows[:, 2]),
            "group": str_series(labels(("White", "BME"), rows[:, 3])),
            "pct": float_series(100.0 * rows[:, 4] / rows[:, 5]),
            "base": int_series(rows[:, 5]),
        }
    )
    return pd.concat(resp_frames, ignore_index=True), pd.concat(ans_frames, ignore_index=True), summaries
