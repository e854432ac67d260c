"""Tracing the principal logit QRE branch to its Nash limit: ours against pygambit 16.7.

Run with ``python -m pytest benchmarks/test_logit.py --benchmark-enable``.  Each
benchmark solves the same five seeded random games with integer payoffs in
[-100, 100] (generic, so the branch has no bifurcation); before timing, the two
limits are checked to agree within 1e-4.
"""

import numpy as np
import pytest

import gametheory_ukraine as gt
from gametheory_ukraine.solvers.logit import logit_solve

SHAPES = {"5x5": (5, 5), "10x10": (10, 10), "4x4x4": (4, 4, 4)}
GAMES_PER_SHAPE = 5


def random_payoffs(shape, seed):
    rng = np.random.default_rng(seed)
    return rng.integers(-100, 101, size=(len(shape),) + shape)


def games(name):
    shape = SHAPES[name]
    return [random_payoffs(shape, seed) for seed in range(GAMES_PER_SHAPE)]


def ours(payoff_list):
    return [logit_solve(gt.NormalFormGame(p)).limit.profile for p in payoff_list]


def pygambit_games(pygambit, payoff_list):
    return [pygambit.Game.from_arrays(*[p[i] for i in range(p.shape[0])]) for p in payoff_list]


def theirs(pygambit, game_list):
    found = []
    for game in game_list:
        profile = pygambit.nash.logit_solve(game).equilibria[0]
        found.append([np.array([float(profile[s]) for s in player.strategies]) for player in game.players])
    return found


@pytest.mark.parametrize("name", list(SHAPES))
def test_logit_ours(benchmark, name):
    payoff_list = games(name)
    benchmark.group = f"logit {name}"
    benchmark.extra_info["games"] = GAMES_PER_SHAPE
    limits = benchmark(ours, payoff_list)
    pygambit = pytest.importorskip("pygambit")
    expected = theirs(pygambit, pygambit_games(pygambit, payoff_list))
    for mine, their in zip(limits, expected):
        assert max(float(np.abs(a - b).max()) for a, b in zip(mine, their)) < 1e-4


@pytest.mark.parametrize("name", list(SHAPES))
def test_logit_pygambit(benchmark, name):
    pygambit = pytest.importorskip("pygambit")
    game_list = pygambit_games(pygambit, games(name))
    benchmark.group = f"logit {name}"
    benchmark.extra_info["games"] = GAMES_PER_SHAPE
    benchmark(theirs, pygambit, game_list)
