"""The sequence-form solvers on the poker family, against pygambit's sequence-form LP and LCP.

Run with ``python -m pytest benchmarks/test_sequence_form.py --benchmark-enable -p no:cacheprovider``.
Each size is one benchmark group:

- ``tree-lp``: :func:`solve_zero_sum_tree` (HiGHS, then the exact re-solve at its vertex: exact value,
  regret 0);
- ``lcp``: ``lcp`` (Lemke on the sequence form; float pivoting, exact certificate), on the sizes where
  its dense tableau is reasonable;
- ``pygambit-lp`` / ``pygambit-lcp``: ``pygambit.nash.lp_solve`` / ``lcp_solve`` with
  ``use_strategic=False, rational=False`` on the same game written as .efg (skipped above
  :data:`PYGAMBIT_LIMIT` sequences: its LP took 11 s on the 674-sequence game already).

The games are built once per size (the largest has tens of thousands of sequences) and the
sequence form is cached on the game, as in a session that solves one game several times.
"""

from __future__ import annotations

import tempfile
from fractions import Fraction
from pathlib import Path

import pytest

from gametheory_ukraine.formats.loading import dumps
from gametheory_ukraine.games.generators import poker
from gametheory_ukraine.solvers.sequence_form import lcp, sequence_form, solve_zero_sum_tree

SIZES = {
    "kuhn": dict(),
    "leduc-like": dict(ranks=3, suits=2, rounds=2, raises=2),
    "6x2 ranks": dict(ranks=6, suits=2, rounds=2, raises=2),
    "13 ranks": dict(ranks=13, rounds=2, raises=2),
    "13x4, 3 raises": dict(ranks=13, suits=4, rounds=2, raises=3),
}
PYGAMBIT_LIMIT = 1000
"""Largest game (sequences, both players) given to pygambit."""
LCP_LIMIT = 1000
"""Largest game (sequences, both players) given to our dense-tableau lcp."""

_games: dict[str, object] = {}


def _game(name: str):
    if name not in _games:
        game = poker(**SIZES[name])
        sequence_form(game)
        _games[name] = game
    return _games[name]


def _total(game) -> int:
    return sum(sequence_form(game).sizes)


def _rounds(game) -> dict:
    return {"rounds": 1, "iterations": 1} if _total(game) > 2000 else {"rounds": 3, "iterations": 1}


@pytest.mark.parametrize("name", SIZES)
def test_tree_lp(benchmark, name):
    game = _game(name)
    benchmark.group = f"poker {name} ({_total(game)} sequences)"
    result = benchmark.pedantic(solve_zero_sum_tree, args=(game,), **_rounds(game))
    (equilibrium,) = result.equilibria
    assert equilibrium.regret <= 1e-8
    value = equilibrium.exact_payoffs[0] if equilibrium.is_exact else equilibrium.payoffs[0]
    benchmark.extra_info["value"] = str(value)


@pytest.mark.parametrize("name", SIZES)
def test_lcp(benchmark, name):
    game = _game(name)
    if _total(game) > LCP_LIMIT:
        pytest.skip(f"lcp's dense tableau is for games up to about {LCP_LIMIT} sequences")
    benchmark.group = f"poker {name} ({_total(game)} sequences)"
    result = benchmark.pedantic(lcp, args=(game,), **_rounds(game))
    (equilibrium,) = result.equilibria
    assert equilibrium.regret <= 1e-8


def _gambit(name: str):
    pygambit = pytest.importorskip("pygambit")
    game = _game(name)
    if _total(game) > PYGAMBIT_LIMIT:
        pytest.skip(f"pygambit's sequence-form solvers are slow above {PYGAMBIT_LIMIT} sequences "
                    "(its LP took 11 s on the 674-sequence game)")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "poker.efg"
        path.write_text(dumps(game, ".efg"))
        return pygambit, pygambit.read_efg(str(path)), game


@pytest.mark.parametrize("name", SIZES)
def test_pygambit_lp(benchmark, name):
    pygambit, theirs, game = _gambit(name)
    benchmark.group = f"poker {name} ({_total(game)} sequences)"
    result = benchmark.pedantic(pygambit.nash.lp_solve, args=(theirs,),
                                kwargs={"use_strategic": False, "rational": False}, **_rounds(game))
    value = float(result.equilibria[0].payoff(list(theirs.players)[0]))
    ours = solve_zero_sum_tree(game).equilibria[0]
    assert value == pytest.approx(float(ours.exact_payoffs[0] if ours.is_exact else ours.payoffs[0]), abs=1e-6)


@pytest.mark.parametrize("name", SIZES)
def test_pygambit_lcp(benchmark, name):
    pygambit, theirs, game = _gambit(name)
    benchmark.group = f"poker {name} ({_total(game)} sequences)"
    result = benchmark.pedantic(pygambit.nash.lcp_solve, args=(theirs,),
                                kwargs={"use_strategic": False, "rational": False}, **_rounds(game))
    assert result.equilibria
    value = Fraction(float(result.equilibria[0].payoff(list(theirs.players)[0])))
    ours = solve_zero_sum_tree(game).equilibria[0]
    assert float(value) == pytest.approx(float(ours.payoffs[0]), abs=1e-6)
