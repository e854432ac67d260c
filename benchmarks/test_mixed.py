"""All equilibria of random two-player games: enummixed against its peers, in one run.

Run: python -m pytest benchmarks/test_mixed.py --benchmark-enable
Groups are per size, so pytest-benchmark's table shows the ratios directly.
"""

import numpy as np
import pytest

import gametheory_ukraine as gt
from gametheory_ukraine.solvers.mixed import enumerate_mixed

SIZES = [4, 8, 10, 12]


def random_game(n, seed=2024):
    rng = np.random.default_rng(seed + n)
    return rng.random((n, n)), rng.random((n, n))


@pytest.mark.parametrize("n", SIZES)
def test_enummixed(benchmark, n):
    A, B = random_game(n)
    game = gt.NormalFormGame.from_arrays(A, B)
    benchmark.group = f"all equilibria {n}x{n}"
    solution = benchmark(enumerate_mixed, game)
    assert solution.equilibria and all(e.regret < 1e-9 for e in solution.equilibria)


@pytest.mark.parametrize("n", SIZES)
def test_pygambit_enummixed_float(benchmark, n):
    pygambit = pytest.importorskip("pygambit")
    if n > 10:
        pytest.skip("pygambit's enummixed takes seconds at 12x12")
    A, B = random_game(n)
    game = pygambit.Game.from_arrays(A, B)
    benchmark.group = f"all equilibria {n}x{n}"
    result = benchmark(pygambit.nash.enummixed_solve, game, rational=False)
    assert len(result.equilibria) == len(enumerate_mixed(gt.NormalFormGame.from_arrays(A, B)).equilibria)


@pytest.mark.parametrize("n", SIZES)
def test_quantecon_vertex_enumeration(benchmark, n):
    qe = pytest.importorskip("quantecon.game_theory")
    A, B = random_game(n)
    game = qe.NormalFormGame((qe.Player(A), qe.Player(B.T)))
    qe.vertex_enumeration(game)  # numba warm-up outside the timing
    benchmark.group = f"all equilibria {n}x{n}"
    found = benchmark(qe.vertex_enumeration, game)
    assert len(found) == len(enumerate_mixed(gt.NormalFormGame.from_arrays(A, B)).equilibria)


@pytest.mark.parametrize("n", [4, 8])
def test_nashpy_support_enumeration(benchmark, n):
    nashpy = pytest.importorskip("nashpy")
    A, B = random_game(n)
    game = nashpy.Game(A, B)
    benchmark.group = f"all equilibria {n}x{n}"
    found = benchmark.pedantic(lambda: list(game.support_enumeration()), rounds=1, iterations=1)
    assert len(found) <= len(enumerate_mixed(gt.NormalFormGame.from_arrays(A, B)).equilibria)
