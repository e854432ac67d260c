"""All equilibria of random two-player games: enummixed against its peers, in one run.

Run: python -m pytest benchmarks/test_mixed.py --benchmark-enable
Groups are per size, so pytest-benchmark's table shows the ratios directly.

One random game per size (uniform payoffs in [0, 1), fixed seed), solved by

- ``test_enummixed``: this package's ``enummixed`` (float vertex enumeration, certified);
- ``test_pygambit_enummixed_float`` / ``_rational``: Gambit's ``enummixed_solve`` in floats,
  and in rational arithmetic at the small sizes only (0.3 to 0.9 s at 6x6 on the development
  machine, growing by about an order of magnitude per two strategies);
- ``test_quantecon_vertex_enumeration``: QuantEcon's ``vertex_enumeration`` (numba and qhull);
- ``test_nashpy_support_enumeration``: nashpy's support enumeration, at the small sizes only
  and in one round from 6x6 (0.2 to 1 s at 6x6, 4 to 16 s at 8x8).
"""

import numpy as np
import pytest

import gametheory_ukraine as gt
from gametheory_ukraine.solvers.mixed import enumerate_mixed

SIZES = [4, 6, 8, 10, 12]
NASHPY_SIZES = [4, 6, 8]
PYGAMBIT_RATIONAL_SIZES = [4, 6]


def _slow_peer_rounds(n):
    """One round once a single solve takes a second or more; a few below that."""
    return {"rounds": 5 if n <= 4 else 1, "iterations": 1}


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


@pytest.mark.parametrize("n", PYGAMBIT_RATIONAL_SIZES)
def test_pygambit_enummixed_rational(benchmark, n):
    pygambit = pytest.importorskip("pygambit")
    A, B = random_game(n)
    game = pygambit.Game.from_arrays(A, B)
    benchmark.group = f"all equilibria {n}x{n}"
    result = benchmark.pedantic(pygambit.nash.enummixed_solve, args=(game,), kwargs={"rational": True},
                                **_slow_peer_rounds(n))
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


@pytest.mark.parametrize("n", NASHPY_SIZES)
def test_nashpy_support_enumeration(benchmark, n):
    nashpy = pytest.importorskip("nashpy")
    A, B = random_game(n)
    game = nashpy.Game(A, B)
    benchmark.group = f"all equilibria {n}x{n}"
    found = benchmark.pedantic(lambda: list(game.support_enumeration()), **_slow_peer_rounds(n))
    assert len(found) <= len(enumerate_mixed(gt.NormalFormGame.from_arrays(A, B)).equilibria)
