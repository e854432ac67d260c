"""Lemke-Howson from label 0: this package against nashpy, QuantEcon and pygambit.

Run with ``python -m pytest benchmarks/test_lemke_howson.py --benchmark-enable``.

One random game per case (uniform payoffs in [0, 1), fixed seed); every peer
solves the same game from the same dropped label (pygambit's ``lcp_solve`` is
Lemke's method on the LCP, not Lemke-Howson, and is included as the nearest
Gambit method).  LH path lengths on random games vary enormously with the seed
(from a handful of pivots to tens of thousands at the same size), so each
case records its pivot count in ``extra_info`` and the ``long`` case measures
speed per pivot.

nashpy runs only where it terminates: its division-free integer pivoting on
float payoffs overflows after a few dozen pivots and then never stops, so it
is given the short-path cases at 10x10 and 100x100 only (the size guard).
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import gametheory_ukraine as gt
from gametheory_ukraine.solvers.certificate import mixed_regret
from gametheory_ukraine.solvers.lemke_howson import lemke_howson_paths

# name: (size, seed, pivots from label 0, rounds)
CASES = {
    "10x10": (10, 0, 5, 50),
    "50x50": (50, 0, 229, 20),
    "100x100": (100, 1, 8, 20),
    "100x100-long": (100, 3, 1304, 5),
    "200x200": (200, 1, 12372, 3),
    "500x500": (500, 1, 178, 3),
}
NASHPY_CASES = {"10x10", "100x100"}   # the paths nashpy finishes (see the module docstring)
PYGAMBIT_MAX_SIZE = 500
PYGAMBIT_UNFINISHED = {"200x200"}     # lcp_solve did not finish this game in 5 minutes


def random_game(size: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.random((size, size)), rng.random((size, size))


def check(A: np.ndarray, B: np.ndarray, x, y) -> None:
    game = gt.NormalFormGame.from_arrays(A, B)
    regret, _ = mixed_regret(game, [np.asarray(x, dtype=float), np.asarray(y, dtype=float)])
    assert regret < 1e-8


@pytest.fixture(params=sorted(CASES), ids=str)
def case(request):
    size, seed, pivots, rounds = CASES[request.param]
    A, B = random_game(size, seed)
    return request.param, A, B, pivots, rounds


def test_ours(benchmark, case):
    name, A, B, pivots, rounds = case
    benchmark.group = f"lemke-howson {name}"
    benchmark.extra_info["pivots"] = pivots
    game = gt.NormalFormGame.from_arrays(A, B)
    result = benchmark.pedantic(lambda: gt.solve(game, "lemke-howson", single=True), rounds=rounds, iterations=1,
                                warmup_rounds=1)
    assert result.status == "converged" and len(result.equilibria) == 1
    assert result.equilibria[0].regret < 1e-8


def test_ours_path_only(benchmark, case):
    """The pivoting engine alone, without building the Result and its certificate."""
    name, A, B, pivots, rounds = case
    benchmark.group = f"lemke-howson {name}"
    benchmark.extra_info["pivots"] = pivots
    paths = benchmark.pedantic(lambda: lemke_howson_paths(A, B, [0]), rounds=rounds, iterations=1, warmup_rounds=1)
    assert paths[0].pivots == pivots
    check(A, B, *paths[0].profile)


def test_nashpy(benchmark, case):
    name, A, B, pivots, rounds = case
    if name not in NASHPY_CASES:
        pytest.skip("nashpy does not finish this path (float overflow in its integer pivoting)")
    nashpy = pytest.importorskip("nashpy")
    benchmark.group = f"lemke-howson {name}"
    game = nashpy.Game(A, B)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        x, y = benchmark.pedantic(lambda: game.lemke_howson(initial_dropped_label=0), rounds=rounds, iterations=1)
    check(A, B, x, y)


def test_quantecon(benchmark, case):
    name, A, B, pivots, rounds = case
    game_theory = pytest.importorskip("quantecon.game_theory")
    benchmark.group = f"lemke-howson {name}"
    # QuantEcon indexes a player's payoffs by her own action first.
    game = game_theory.NormalFormGame([game_theory.Player(A), game_theory.Player(B.T)])
    game_theory.lemke_howson(game, init_pivot=0)   # numba compiles outside the timing
    x, y = benchmark.pedantic(lambda: game_theory.lemke_howson(game, init_pivot=0), rounds=rounds, iterations=1,
                              warmup_rounds=1)
    check(A, B, x, y)


def test_pygambit_lcp(benchmark, case):
    name, A, B, pivots, rounds = case
    pygambit = pytest.importorskip("pygambit")
    if A.shape[0] > PYGAMBIT_MAX_SIZE:
        pytest.skip("too slow at this size")
    if name in PYGAMBIT_UNFINISHED:
        pytest.skip("pygambit's lcp_solve does not finish this game in 5 minutes")
    benchmark.group = f"lemke-howson {name}"
    game = pygambit.Game.from_arrays(A, B)
    result = benchmark.pedantic(lambda: pygambit.nash.lcp_solve(game, rational=False, stop_after=1),
                                rounds=min(rounds, 3), iterations=1)
    equilibrium = result.equilibria[0]
    x, y = ([float(equilibrium[p][s]) for s in p.strategies] for p in game.players)
    check(A, B, x, y)
