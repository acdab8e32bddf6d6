"""Monte Carlo projection of the flow model (methods.md §12): ``x_{e,t+1} = x_{e,t} · P_e + r_{e,t}`` in whole
people.

Each run draws its parameters once, from their posteriors given the pooled counts
(:mod:`wres.analysis.projection.estimate`): every transition row, reclassification row and band's hire mix from
``Dirichlet(counts + 0.5)`` on its support. A Dirichlet draw is made as independent ``Gamma(α_k, 1)`` draws
normalised to sum 1 (the construction numpy's ``Generator.dirichlet`` itself uses; Devroye, *Non-Uniform Random
Variate Generation*, 1986, §XI.4), because the rows have different parameters and ``Generator.dirichlet`` takes one.
Then, each projected year, in the run:

1. **reclassification**: each group's people in each band are split by a multinomial draw over staying in the group
   or being stated as another (``ρ``);
2. **moves**: each group's people in each band move by a multinomial draw over the bands and ``left`` (``P_e``);
3. **hires**: each band's hires number ``Poisson(recent mean per year)`` (held at recent levels), or, on a
   total-headcount path ``N_t = N_0 (1 + growth)^t``, the people needed to reach it (none if above it), spread
   over the bands as recent hires were; they split between groups by a multinomial draw over the run's hire mix.

All draws come from one seeded ``numpy.random.Generator``: the same seed gives the same result, and every scenario
of one projection shares the baseline's parameter draws (:mod:`wres.analysis.projection.scenarios`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wres.analysis.projection import scenarios as sc
from wres.analysis.projection.estimate import FloatArray, FlowModel, IntArray
from wres.indicators.flows import UNKNOWN


@dataclass(frozen=True)
class Draws:
    """One set of parameter draws per run: transitions ``p`` (R, G, K, K + 1), reclassification ``rho``
    (R, G, K, G), hire mix ``q`` (R, K, G) and the shortlisted mix ``short`` (R, K, G; zeros without data)."""

    p: FloatArray
    rho: FloatArray
    q: FloatArray
    short: FloatArray


def dirichlet_rows(rng: np.random.Generator, alpha: FloatArray, runs: int) -> FloatArray:
    """``runs`` draws of every row of ``alpha`` (…, n) from ``Dirichlet(alpha_row)`` (zeros off the support; a row
    with no support is all zeros)."""
    g = rng.standard_gamma(np.broadcast_to(alpha, (runs, *alpha.shape)))
    total = g.sum(axis=-1, keepdims=True)
    out: FloatArray = g / np.where(total > 0, total, 1.0)
    return out


def shortlisted_alpha(model: FlowModel) -> FloatArray:
    """(K, G) Dirichlet parameters of each band's shortlisted mix over the stated groups with anyone shortlisted;
    a band with nobody shortlisted takes every band's counts. All zero without shortlisting data."""
    counts = model.shortlisted.T.astype(np.float64)  # (K, G)
    stated = np.array([g != UNKNOWN for g in model.groups])
    seen = (counts.sum(axis=0) > 0) & stated
    if not seen.any():
        return np.zeros_like(counts)
    pooled = counts.sum(axis=0, keepdims=True)
    empty = (counts[:, seen].sum(axis=1) == 0)[:, None]
    counts = np.where(empty, pooled, counts)
    return np.where(seen[None, :], counts + 0.5, 0.0)


def draw_parameters(model: FlowModel, runs: int, rng: np.random.Generator) -> Draws:
    """Every run's parameters, always drawn in the same order (so every scenario sees the same draws)."""
    return Draws(
        p=dirichlet_rows(rng, model.move_alpha(), runs),
        rho=dirichlet_rows(rng, model.reclass_alpha(), runs),
        q=dirichlet_rows(rng, model.hire_alpha(), runs),
        short=dirichlet_rows(rng, shortlisted_alpha(model), runs),
    )


def has_shortlisting(model: FlowModel) -> bool:
    return bool(shortlisted_alpha(model).any())


def multinomial_rows(rng: np.random.Generator, n: IntArray, p: FloatArray) -> IntArray:
    """A multinomial draw of ``n[...]`` people over ``p[..., :]`` for every row (rows with nobody are skipped)."""
    shape = n.shape
    flat_n = n.reshape(-1)
    flat_p = p.reshape(-1, p.shape[-1])
    out = np.zeros((flat_n.size, p.shape[-1]), dtype=np.int64)
    nz = np.flatnonzero(flat_n > 0)
    if nz.size:
        rows = flat_p[nz]
        rows = rows / rows.sum(axis=1, keepdims=True)
        out[nz] = rng.multinomial(flat_n[nz], rows)
    return out.reshape(*shape, p.shape[-1])


def scenario_parameters(model: FlowModel, scenario: sc.Scenario, draws: Draws) -> tuple[FloatArray, FloatArray]:
    """The transition rows and hire mixes of ``scenario`` from the baseline ``draws``."""
    p, q = draws.p, draws.q
    if scenario.kind == "equal-promotion":
        p = sc.equal_promotion(model, p)
    elif scenario.kind == "equal-leaving":
        p = sc.equal_leaving(model, p)
    elif scenario.kind == "equal-appointment":
        q = sc.appointment_mix(model, q, draws.short)
    elif scenario.kind == "hiring-mix":
        q = sc.hiring_mix(model, q, float(scenario.value or 0.0))
    return p, q


def simulate(
    model: FlowModel,
    scenario: sc.Scenario,
    *,
    years: int = 10,
    runs: int = 1000,
    seed: int = 0,
    growth: float | None = None,
) -> IntArray:
    """People per run, year (0 = the latest snapshot), group and band: an array (runs, years + 1, G, K)."""
    rng = np.random.default_rng(seed)
    draws = draw_parameters(model, runs, rng)
    p_scen, q_scen = scenario_parameters(model, scenario, draws)
    g_n, k = len(model.groups), len(model.bands)
    x = np.broadcast_to(model.stock, (runs, g_n, k)).astype(np.int64)
    path = np.zeros((runs, years + 1, g_n, k), dtype=np.int64)
    path[:, 0] = x
    mean_hires = model.hires_per_year()
    spread = mean_hires / mean_hires.sum() if mean_hires.sum() > 0 else None
    start = int(model.stock.sum())
    for t in range(years):
        year = model.latest_year + t + 1
        active = scenario.from_year is None or year >= scenario.from_year
        p, q = (p_scen, q_scen) if active else (draws.p, draws.q)
        x = multinomial_rows(rng, x, draws.rho).sum(axis=1).transpose(0, 2, 1)
        x = multinomial_rows(rng, x, p)[..., :k].sum(axis=2)
        if growth is None:
            totals = rng.poisson(mean_hires, size=(runs, k))
        elif spread is not None:
            target = round(start * (1.0 + growth) ** (t + 1))
            need = np.clip(target - x.sum(axis=(1, 2)), 0, None)
            totals = rng.multinomial(need, spread)
        else:
            totals = np.zeros((runs, k), dtype=np.int64)
        x = x + multinomial_rows(rng, totals, q).transpose(0, 2, 1)
        path[:, t + 1] = x
    return path


def bme_share(model: FlowModel, path: IntArray, bands: tuple[str, ...]) -> FloatArray:
    """BME share (everyone in the denominator, as indicator 1) of the people in ``bands`` per run and year; NaN when
    nobody is in them."""
    idx = [model.bands.index(b) for b in bands if b in model.bands]
    sub = path[..., idx].sum(axis=-1)  # (R, T+1, G)
    total = sub.sum(axis=-1)
    bme = sub[..., model.bme].sum(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        out: FloatArray = np.where(total > 0, bme / np.where(total > 0, total, 1), np.nan)
    return out
