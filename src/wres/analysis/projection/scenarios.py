"""What-if scenarios for the flow model (methods.md §12), each a change to one run's drawn parameters.

Every scenario is applied to the *same* parameter draws as the baseline (the same seed gives the same Dirichlet
draws), so a scenario's difference from the baseline is the scenario's, not the simulation noise's. Groups: White
is the comparator; Unknown is left as it is; every other group is BME.

* ``baseline``: today's rates.
* ``equal-promotion``: in each BME group, the probability of moving from band i to each higher band on the AfC/VSM
  ladder (U1 < 1 < … < 9 < VSM) is set to White's; the leaving probability is kept; the remaining moves (staying,
  moving down or off the ladder) are scaled to fill the rest of the row in their own proportions. Rows off the
  ladder (the medical subgroups, ``OTHER_PAY``, ``UNMAPPED``) are unchanged.
* ``equal-leaving``: each BME group's probability of leaving from band i is set to White's; the in-post moves are
  scaled in their own proportions.

Both change only the bands with at least one White person at Y−1 in the window (elsewhere White's row is the
prior alone, not a rate).
* ``equal-appointment``: the hires of each band split between White and the BME groups as their *shortlisted*
  applicants for that band's posts do (with equal likelihoods of appointment from shortlisting, indicator 2, the
  appointed split as the shortlisted). The Unknown share of hires is kept; the shortlisted mix is drawn per run
  from ``Dirichlet(shortlisted + 0.5)``; a band with no shortlisting data takes every band's shortlisted mix.
* ``hiring-mix=x``: a BME share ``x`` of every band's hires; the BME groups split it, and White and Unknown the
  rest, in their recent proportions (evenly, or all White, when they had none).

A scenario may start in a given year (``from_year``): the years before it run at today's rates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from wres.analysis.projection.estimate import WHITE, FloatArray, FlowModel
from wres.errors import UsageError
from wres.indicators.flows import UNKNOWN
from wres.indicators.leading.transitions import LADDER

KINDS: tuple[str, ...] = ("baseline", "equal-promotion", "equal-appointment", "equal-leaving", "hiring-mix")


@dataclass(frozen=True)
class Scenario:
    """One scenario: its ``kind`` (:data:`KINDS`), the BME share of hires for ``hiring-mix``, and the first
    projected year it applies to (None: from the start)."""

    kind: str = "baseline"
    value: float | None = None
    from_year: int | None = None

    @property
    def name(self) -> str:
        text = self.kind if self.value is None else f"{self.kind}={self.value:g}"
        return text if self.from_year is None else f"{text}@{self.from_year}"

    @property
    def label(self) -> str:
        """Plain English, for sentences: "at today's rates", "with equal promotion", …"""
        words = {
            "baseline": "at today's rates",
            "equal-promotion": "with equal promotion",
            "equal-appointment": "with equal appointment",
            "equal-leaving": "with equal leaving",
        }
        mix = f"with {100 * (self.value or 0):.0f}% of hires BME"
        text = mix if self.kind == "hiring-mix" else words[self.kind]
        return text if self.from_year is None else f"{text} from {self.from_year}"


_SCENARIO = re.compile(r"^\s*([a-z-]+)\s*(?:=\s*([0-9.]+))?\s*(?:@\s*(\d{4}))?\s*$")


def parse_scenario(text: str) -> Scenario:
    """``KIND[=VALUE][@YEAR]``, e.g. ``equal-promotion``, ``hiring-mix=0.4``, ``equal-leaving@2027``."""
    m = _SCENARIO.match(text.lower())
    kinds = ", ".join(k if k != "hiring-mix" else "hiring-mix=SHARE" for k in KINDS)
    if m is None or m.group(1) not in KINDS:
        raise UsageError(f"--scenario must be one of {kinds} (optionally @YEAR), not {text!r}")
    kind, number, year = m.group(1), m.group(2), m.group(3)
    if kind == "hiring-mix":
        value = float(number) if number is not None else float("nan")
        if not 0.0 <= value <= 1.0:
            raise UsageError(
                f"--scenario hiring-mix needs a BME share of hires between 0 and 1, e.g. 0.4, not {text!r}"
            )
        return Scenario(kind, value, int(year) if year else None)
    if number is not None:
        raise UsageError(f"--scenario {kind} takes no value, not {text!r}")
    return Scenario(kind, None, int(year) if year else None)


def _ladder(model: FlowModel) -> tuple[np.ndarray, np.ndarray]:
    """(K,) rank of each band on the ladder (−1 off it) and (K, K + 1) mask of the moves up the ladder."""
    rank = np.array([LADDER.index(b) if b in LADDER else -1 for b in model.bands])
    k = len(model.bands)
    up = np.zeros((k, k + 1), dtype=bool)
    up[:, :k] = (rank[:, None] >= 0) & (rank[None, :] > rank[:, None])
    return rank, up


def _white_seen(model: FlowModel) -> np.ndarray:
    """(K,) bands with at least one White person at Y−1 in the window: only there is White's row a rate to copy
    (elsewhere it is the prior alone, and the BME row is kept)."""
    return np.asarray(model.moves[model.index(WHITE)].sum(axis=1) > 0)


def equal_promotion(model: FlowModel, p: FloatArray) -> FloatArray:
    """Rows (…, G, K, K + 1) with each BME group's moves up the ladder set to White's (module docstring)."""
    out = p.copy()
    k = len(model.bands)
    _, up = _ladder(model)
    w = model.index(WHITE)
    rest = ~up
    rest[:, k] = False  # the rest: not up, not left
    for g in np.flatnonzero(model.bme):
        promo = np.where(up, p[..., w, :, :], 0.0)
        leave = p[..., g, :, k]
        promo_total = promo.sum(axis=-1)
        room = np.clip(1.0 - leave, 0.0, None)
        # promotion cannot take more than the row leaves after leaving
        promo = promo * np.where(promo_total > room, room / np.where(promo_total > 0, promo_total, 1.0), 1.0)[..., None]
        remaining = np.clip(room - promo.sum(axis=-1), 0.0, None)
        others = np.where(rest, p[..., g, :, :], 0.0)
        others_total = others.sum(axis=-1)
        stay = np.zeros_like(others)
        stay[..., np.arange(k), np.arange(k)] = 1.0
        shape = np.where(
            (others_total > 0)[..., None], others / np.where(others_total > 0, others_total, 1.0)[..., None], stay
        )
        row = promo + shape * remaining[..., None]
        row[..., k] = leave
        out[..., g, :, :] = np.where(_white_seen(model)[:, None], row, p[..., g, :, :])
    return out


def equal_leaving(model: FlowModel, p: FloatArray) -> FloatArray:
    """Rows with each BME group's leaving probability set to White's, in-post moves scaled (module docstring)."""
    out = p.copy()
    k = len(model.bands)
    w = model.index(WHITE)
    for g in np.flatnonzero(model.bme):
        leave = p[..., w, :, k]
        inpost = p[..., g, :, :k]
        total = inpost.sum(axis=-1)
        stay = np.zeros_like(inpost)
        stay[..., np.arange(k), np.arange(k)] = 1.0
        shape = np.where((total > 0)[..., None], inpost / np.where(total > 0, total, 1.0)[..., None], stay)
        row = np.concatenate([shape * (1.0 - leave)[..., None], leave[..., None]], axis=-1)
        out[..., g, :, :] = np.where(_white_seen(model)[:, None], row, p[..., g, :, :])
    return out


def appointment_mix(model: FlowModel, q: FloatArray, shortlisted: FloatArray) -> FloatArray:
    """Hire mixes (…, K, G) with the stated groups' part split as ``shortlisted`` (…, K, G) (module docstring)."""
    u = model.index(UNKNOWN)
    stated = np.ones(len(model.groups), dtype=bool)
    stated[u] = False
    out = np.zeros_like(q)
    out[..., u] = q[..., u]
    s = np.where(stated, shortlisted, 0.0)
    s_total = s.sum(axis=-1, keepdims=True)
    out[..., stated] = (s / np.where(s_total > 0, s_total, 1.0))[..., stated] * (1.0 - q[..., u])[..., None]
    return out


def hiring_mix(model: FlowModel, q: FloatArray, share: float) -> FloatArray:
    """Hire mixes with a BME share ``share`` (module docstring)."""
    bme = model.bme
    out = np.zeros_like(q)
    for mask, part, fallback in ((bme, share, bme), (~bme, 1.0 - share, np.array([g == WHITE for g in model.groups]))):
        mine = np.where(mask, q, 0.0)
        total = mine.sum(axis=-1, keepdims=True)
        even = fallback / fallback.sum()
        out += np.where(total > 0, mine / np.where(total > 0, total, 1.0), even) * part
    return out
