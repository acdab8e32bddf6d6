"""The projection's Monte Carlo (wres.analysis.projection.monte_carlo): the Dirichlet and multinomial steps against
their textbook moments, seeded reproducibility, conservation of people, and the coverage of the 95% interval in
200 replications of a known chain."""

from __future__ import annotations

import numpy as np
import pytest

from wres.analysis.projection import Scenario, bme_share, simulate
from wres.analysis.projection.estimate import FlowModel
from wres.analysis.projection.monte_carlo import dirichlet_rows, draw_parameters, multinomial_rows

GROUPS = ("White", "BME", "Unknown")
BANDS = ("6", "7", "8a")
# rows from 6, 7, 8a; columns 6, 7, 8a, left
P_TRUE = np.array(
    [
        [[0.80, 0.08, 0.00, 0.12], [0.00, 0.84, 0.06, 0.10], [0.00, 0.00, 0.91, 0.09]],  # White
        [[0.84, 0.03, 0.00, 0.13], [0.00, 0.87, 0.02, 0.11], [0.00, 0.00, 0.90, 0.10]],  # BME
        [[0.80, 0.08, 0.00, 0.12], [0.00, 0.84, 0.06, 0.10], [0.00, 0.00, 0.91, 0.09]],  # Unknown (none here)
    ]
)
HIRE_MEAN = np.array([120.0, 30.0, 8.0])
HIRE_MIX = np.array([[0.6, 0.4, 0.0], [0.75, 0.25, 0.0], [0.85, 0.15, 0.0]])  # per band: White, BME, Unknown
STOCK0 = np.array([[500, 250, 70], [300, 80, 12], [0, 0, 0]])


def model_from(moves: np.ndarray, hires: np.ndarray, stock: np.ndarray, n_years: int) -> FlowModel:
    reclass = np.zeros((3, 3, 3), dtype=np.int64)
    for g in range(3):
        reclass[g, :, g] = moves[g].sum(axis=1)
    return FlowModel(
        org_code="T",
        groups=GROUPS,
        bands=BANDS,
        years=tuple(range(2025 - n_years, 2025)),
        latest_year=2024,
        moves=moves,
        reclass=reclass,
        hires=hires,
        stock=stock,
        shortlisted=np.zeros((3, 3), dtype=np.int64),
    )


def true_year(rng: np.random.Generator, x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One year of the true chain: (moves (G, K, K + 1), hires (G, K), new stock (G, K))."""
    moves = np.stack([np.stack([rng.multinomial(x[g, i], P_TRUE[g, i]) for i in range(3)]) for g in range(3)])
    totals = rng.poisson(HIRE_MEAN)
    hires = np.stack([rng.multinomial(totals[j], HIRE_MIX[j]) for j in range(3)]).T
    return moves, hires, moves[..., :3].sum(axis=1) + hires


def top_share(x: np.ndarray) -> float:
    return float(x[1, 2] / x[:, 2].sum())


def test_coverage_of_the_95_percent_interval() -> None:
    """In each replication: three years of history from the true chain, the model estimated from them and projected
    five years (400 runs); then the truth run on five years from the same start. The band 8a share's 95% interval
    should hold the true share in about 95% of 200 replications (binomial sd 1.5 points: allow 89%–99%)."""
    covered = 0
    reps = 200
    for rep in range(reps):
        rng = np.random.default_rng(10_000 + rep)
        x = STOCK0.copy()
        moves = np.zeros((3, 3, 4), dtype=np.int64)
        hires = np.zeros((3, 3), dtype=np.int64)
        for _ in range(3):
            m, h, x = true_year(rng, x)
            moves += m
            hires += h
        model = model_from(moves, hires, x, 3)
        path = simulate(model, Scenario(), years=5, runs=400, seed=rep)
        shares = bme_share(model, path, ("8a",))[:, 5]
        low, high = np.quantile(shares, [0.025, 0.975])
        truth = x
        for _ in range(5):
            _, _, truth = true_year(rng, truth)
        covered += bool(low <= top_share(truth) <= high)
    assert 0.89 <= covered / reps <= 0.99, covered


def test_dirichlet_rows_have_the_dirichlet_moments() -> None:
    """Mean α_k/α_0 and variance α_k(α_0 − α_k)/(α_0²(α_0 + 1)) (the Dirichlet's; zero off the support), and the
    same moments as numpy's own ``Generator.dirichlet``."""
    alpha = np.array([[3.5, 1.5, 0.0, 0.5], [0.5, 0.5, 0.5, 0.5]])
    draws = dirichlet_rows(np.random.default_rng(1), alpha, 200_000)
    a0 = alpha.sum(axis=1, keepdims=True)
    np.testing.assert_allclose(draws.mean(axis=0), alpha / a0, atol=3e-3)
    np.testing.assert_allclose(draws.var(axis=0), alpha * (a0 - alpha) / (a0**2 * (a0 + 1)), atol=2e-3)
    assert (draws[:, 0, 2] == 0).all()
    numpy_draws = np.random.default_rng(2).dirichlet(alpha[0, [0, 1, 3]], 200_000)
    np.testing.assert_allclose(draws[:, 0, [0, 1, 3]].var(axis=0), numpy_draws.var(axis=0), atol=2e-3)


def test_multinomial_rows_move_whole_people() -> None:
    rng = np.random.default_rng(4)
    n = np.array([[5, 0], [12, 1000]])
    p = np.broadcast_to(np.array([0.2, 0.3, 0.5]), (2, 2, 3))
    out = multinomial_rows(rng, n, p)
    assert out.dtype.kind == "i"
    np.testing.assert_array_equal(out.sum(axis=-1), n)
    assert out[0, 1].tolist() == [0, 0, 0]
    again = multinomial_rows(np.random.default_rng(4), n, p)
    np.testing.assert_array_equal(out, again)


def test_seeded_draws_and_paths_reproduce() -> None:
    model = model_from(
        np.broadcast_to(P_TRUE * 100, (3, 3, 4)).round().astype(np.int64), np.ones((3, 3), int), STOCK0, 3
    )
    a = draw_parameters(model, 20, np.random.default_rng(3))
    b = draw_parameters(model, 20, np.random.default_rng(3))
    np.testing.assert_array_equal(a.p, b.p)
    np.testing.assert_array_equal(a.q, b.q)
    one = simulate(model, Scenario(), years=4, runs=30, seed=8)
    two = simulate(model, Scenario(), years=4, runs=30, seed=8)
    np.testing.assert_array_equal(one, two)
    assert not np.array_equal(one, simulate(model, Scenario(), years=4, runs=30, seed=9))


def test_moves_nobody_made_stay_impossible() -> None:
    """No hires and nobody ever moved down: in every run band 6 only loses people and nobody appears in a band
    without coming up from the one below (a move nobody made is a structural zero, not a prior's 0.5)."""
    moves = np.zeros((3, 3, 4), dtype=np.int64)
    moves[:, 0, :2] = [90, 10]
    moves[:, 1, 1:3] = [95, 5]
    moves[:, 2, 2] = 100
    model = model_from(moves, np.zeros((3, 3), dtype=np.int64), STOCK0, 3)
    path = simulate(model, Scenario(), years=6, runs=50, seed=1)
    total = path.sum(axis=(2, 3))
    assert (np.diff(total, axis=1) <= 0).all()  # only leaving (always possible: prior 0.5) takes people away
    assert (np.diff(path[:, :, :, 0], axis=1) <= 0).all()  # band 6 is never entered
    assert (path[:, :, 2, :] == 0).all()  # the Unknown group stays empty


@pytest.mark.parametrize("growth", [0.0, 0.05])
def test_headcount_path(growth: float) -> None:
    """Hires scaled to a total-headcount path: the total follows N_0 (1 + growth)^t (when leavers leave room)."""
    moves = np.broadcast_to(np.round(P_TRUE * 1000), (3, 3, 4)).astype(np.int64).copy()
    model = model_from(moves, np.array([[60, 20, 5], [40, 10, 2], [0, 0, 0]]), STOCK0, 3)
    path = simulate(model, Scenario(), years=5, runs=20, seed=2, growth=growth)
    start = STOCK0.sum()
    for t in range(6):
        assert (path[:, t].sum(axis=(1, 2)) == round(start * (1 + growth) ** t)).all()
