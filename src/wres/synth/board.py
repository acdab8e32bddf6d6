"""Board registers at each 31 March (indicator 9).

Each organisation has about ``board_size`` voting members: a chair and non-executive directors, and about
six executive directors, plus one to three non-voting members (associate non-executives and non-voting
executive directors). Executive directors are VSM staff of the organisation (their ethnicity is their staff
record's); they keep their seat while they stay and are replaced from the other VSM staff when they leave.
Non-executives serve for several years (about a fifth replaced each year) and are BME with a probability of
about 0.7 × the organisation's workforce BME share, so boards are less diverse than workforces (about 15%
BME nationally). Member ids are stable across years.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
from numpy.typing import NDArray

from wres.synth import profiles as pf
from wres.synth.columns import bool_series, date_series, frame, id_array, labels, sample_codes, snapshot_day, str_series
from wres.synth.events import Context

I64 = NDArray[np.int64]


def board(ctx: Context, rng: np.random.Generator) -> pd.DataFrame:
    cfg, orgs, people = ctx.config, ctx.orgs, ctx.workforce.people
    n_orgs = orgs.n
    voting = cfg.board_size + rng.integers(-1, 2, n_orgs)
    exec_voting = np.rint(voting * 6 / 14).astype(np.int64)
    non_voting = rng.integers(1, 4, n_orgs)
    exec_non_voting = np.minimum(rng.integers(0, 3, n_orgs), non_voting)
    ned_voting = voting - exec_voting  # chair included
    ned_assoc = non_voting - exec_non_voting
    white_dist, bme_dist = pf.region_code_dists()
    p_bme = np.clip(pf.NED_BME_FACTOR * orgs.final_share, 0.01, 0.9)

    next_member = 0
    member_of_person: dict[int, int] = {}
    exec_slots = [np.full(int(exec_voting[o] + exec_non_voting[o]), -1, dtype=np.int64) for o in range(n_orgs)]
    ned_slots = [np.full(int(ned_voting[o] + ned_assoc[o]), -1, dtype=np.int64) for o in range(n_orgs)]
    ned_eth: dict[int, int] = {}

    def new_ned(o: int) -> int:
        nonlocal next_member
        next_member += 1
        u = rng.random()
        if u < 0.03:
            code = pf.ETH_INDEX["Z"]
        elif u < 0.03 + p_bme[o]:
            code = pf.ETH_INDEX["BME"] if rng.random() < 0.1 else int(sample_codes(bme_dist, [orgs.region[o]], rng)[0])
        else:
            code = int(sample_codes(white_dist, [orgs.region[o]], rng)[0])
        ned_eth[next_member] = code
        return next_member

    rows: list[tuple[int, int, int, int, bool, bool, str]] = []  # org, day, member, eth, voting, exec, role
    for t, snap in enumerate(ctx.workforce.snapshots):
        sday = snapshot_day(snap.year)
        vsm = snap.person[(snap.band == pf.VSM) & ~people.bank[snap.person]]
        vsm = vsm[np.lexsort((people.exec_key[vsm], people.org[vsm]))]
        starts = np.searchsorted(people.org[vsm], np.arange(n_orgs + 1))
        for o in range(n_orgs):
            available = vsm[starts[o] : starts[o + 1]]
            slots = exec_slots[o]
            slots[~np.isin(slots, available)] = -1
            free = available[~np.isin(available, slots)]
            empty = np.flatnonzero(slots < 0)
            k = min(len(empty), len(free))
            slots[empty[:k]] = free[:k]
            for s, person in enumerate(slots):
                if person < 0:
                    continue
                p = int(person)
                if p not in member_of_person:
                    next_member += 1
                    member_of_person[p] = next_member
                is_voting = s < exec_voting[o]
                role = (
                    pf.EXEC_VOTING_ROLES[s % len(pf.EXEC_VOTING_ROLES)]
                    if is_voting
                    else pf.EXEC_NONVOTING_ROLES[(s - int(exec_voting[o])) % len(pf.EXEC_NONVOTING_ROLES)]
                )
                rows.append((o, sday, member_of_person[p], int(people.eth[p]), bool(is_voting), True, role))
            neds = ned_slots[o]
            for s in range(len(neds)):
                if neds[s] < 0 or (t > 0 and rng.random() < pf.NED_TURNOVER):
                    neds[s] = new_ned(o)
                is_voting = s < ned_voting[o]
                role = pf.NED_ROLES[0] if s == 0 else pf.NED_ROLES[1] if is_voting else pf.ASSOCIATE_NED_ROLE
                rows.append((o, sday, int(neds[s]), ned_eth[int(neds[s])], bool(is_voting), False, role))

    org = np.array([r[0] for r in rows], dtype=np.int64)
    return frame(
        {
            "org_code": str_series(labels(orgs.codes, org)),
            "snapshot_date": date_series(np.array([r[1] for r in rows], dtype=np.int64)),
            "member_id": str_series(id_array("BM", np.array([r[2] for r in rows], dtype=np.int64), 6)),
            "ethnic_category": str_series(labels(pf.ETHNIC_CODES, np.array([r[3] for r in rows], dtype=np.int64))),
            "voting": bool_series(np.array([r[4] for r in rows], dtype=bool)),
            "executive": bool_series(np.array([r[5] for r in rows], dtype=bool)),
            "role": str_series(pa.array([r[6] for r in rows], pa.string())),
        }
    )
