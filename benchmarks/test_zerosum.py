"""``lp`` against nashpy's and pygambit's linear programmes on random zero-sum games.

Run with ``python -m pytest benchmarks/test_zerosum.py --benchmark-enable -p no:cacheprovider``.
Each size is one benchmark group, so the ratios of a group are read off the table:

- ``ours-float``: ``solve(game, "lp")`` on float payoffs (float certificate);
- ``ours-exact``: the same integer payoffs as an exact game (exact value and strategies, regret 0);
- ``nashpy``: ``nashpy.Game(A, -A).linear_program()`` (two scipy LPs, floats);
- ``pygambit``: ``pygambit.nash.lp_solve(game, rational=False)`` (skipped above 100x100: it took
  13 s at 300x300 on the development machine, and its time grows faster than cubically).
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import gametheory_ukraine as gt
from gametheory_ukraine.solvers.zerosum import game_value

SIZES = (10, 100, 1000)
PYGAMBIT_LIMIT = 100


def _matrix(size: int) -> np.ndarray:
    return np.random.default_rng(2024 + size).integers(-100, 101, (size, size))


def _rounds(size: int) -> dict:
    # one round of a 1000x1000 LP takes seconds; the small sizes get repeated for stable numbers
    return {"rounds": 1, "iterations": 1} if size >= 1000 else {"rounds": 5, "iterations": 1}


@pytest.mark.parametrize("size", SIZES)
def test_ours_float(benchmark, size):
    matrix = _matrix(size).astype(float)
    game = gt.NormalFormGame.from_arrays(matrix, -matrix)
    benchmark.group = f"zerosum {size}x{size}"
    result = benchmark.pedantic(gt.solve, args=(game, "lp"), **_rounds(size))
    (equilibrium,) = result.equilibria
    assert equilibrium.regret < 1e-8


@pytest.mark.parametrize("size", SIZES)
def test_ours_exact(benchmark, size):
    matrix = _matrix(size)
    game = gt.NormalFormGame.from_arrays(matrix, -matrix)
    benchmark.group = f"zerosum {size}x{size}"
    result = benchmark.pedantic(gt.solve, args=(game, "lp"), **_rounds(size))
    (equilibrium,) = result.equilibria
    assert equilibrium.is_exact and equilibrium.regret == 0


@pytest.mark.parametrize("size", SIZES)
def test_nashpy(benchmark, size):
    nashpy = pytest.importorskip("nashpy")
    matrix = _matrix(size).astype(float)
    game = nashpy.Game(matrix, -matrix)
    if not hasattr(game, "linear_program"):
        pytest.skip("this nashpy has no linear_program")
    benchmark.group = f"zerosum {size}x{size}"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        row, column = benchmark.pedantic(game.linear_program, **_rounds(size))
    ours = game_value(gt.NormalFormGame.from_arrays(matrix, -matrix))
    assert float(np.min(row @ matrix)) == pytest.approx(ours, abs=1e-6)


@pytest.mark.parametrize("size", SIZES)
def test_pygambit(benchmark, size):
    pygambit = pytest.importorskip("pygambit")
    if size > PYGAMBIT_LIMIT:
        pytest.skip(f"pygambit's lp_solve takes minutes above {PYGAMBIT_LIMIT}x{PYGAMBIT_LIMIT}")
    matrix = _matrix(size).astype(float)
    game = pygambit.Game.from_arrays(matrix, -matrix)
    benchmark.group = f"zerosum {size}x{size}"
    result = benchmark.pedantic(pygambit.nash.lp_solve, args=(game,), kwargs={"rational": False}, **_rounds(size))
    theirs = result.equilibria[0].payoff(list(game.players)[0])
    assert theirs == pytest.approx(game_value(gt.NormalFormGame.from_arrays(matrix, -matrix)), abs=1e-6)
