import itertools
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import gametheory_ukraine as gt
from gametheory_ukraine.solvers.dominance import _confirm_exactly, iterated_dominance
from gametheory_ukraine.solvers.pure import pure_equilibria

F = Fraction


def test_prisoners_dilemma_is_dominance_solvable():
    pd = gt.NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]], strategies=[["C", "D"], ["C", "D"]])
    elimination = iterated_dominance(pd)
    assert [(s.player, s.label, s.by_labels, s.margin) for s in elimination.steps] == [
        (0, "C", ("D",), 1), (1, "C", ("D",), 1)]
    assert elimination.surviving == ((1,), (1,)) and elimination.solved
    result = gt.solve(pd, "dominance")
    (equilibrium,) = result.equilibria
    assert equilibrium.exact_profile == ((0, 1), (0, 1)) and equilibrium.regret == 0
    assert result.complete  # dominance solvable: the only equilibrium


def test_mixed_dominance_only():
    # B is beaten by neither T nor M alone, but by (1/2, 1/2): 3/2 > 1 against both columns
    game = gt.NormalFormGame.from_arrays([[3, 0], [0, 3], [1, 1]], [[0, 1], [1, 0], [0, 0]],
                                         strategies=[["T", "M", "B"], ["L", "R"]])
    assert iterated_dominance(game, mixed=False).steps == ()
    (step,) = iterated_dominance(game).steps
    assert (step.player, step.label, step.by, step.margin) == (0, "B", ((0, F(1, 2)), (1, F(1, 2))), F(1, 2))
    assert str(step) == "player 1: 'B' is strictly dominated by 1/2 'T' + 1/2 'M'"
    result = gt.solve(game, "dominance")
    assert result.equilibria == () and not result.complete
    assert result.notes[0] == str(step)
    assert result.notes[1] == "surviving: player 1: T, M; player 2: L, R"
    floats = gt.NormalFormGame.from_arrays(game.payoffs[0], game.payoffs[1], strategies=game.strategies)
    (step,) = iterated_dominance(floats).steps
    assert step.label == "B" and step.margin > 0.4
    assert [b for b, _ in step.by] == [0, 1] and sum(w for _, w in step.by) == pytest.approx(1)


def test_classic_iterated_example_order():
    # Gibbons (1992), figure 1.1.1: Right falls to Middle, then Down to Up, then Left to Middle
    game = gt.NormalFormGame.from_arrays(
        [[1, 1, 0], [0, 0, 2]], [[0, 2, 1], [3, 1, 0]],
        strategies=[["Up", "Down"], ["Left", "Middle", "Right"]])
    elimination = iterated_dominance(game)
    assert [str(s) for s in elimination.steps] == [
        "player 2: 'Right' is strictly dominated by 'Middle'",
        "player 1: 'Down' is strictly dominated by 'Up'",
        "player 2: 'Left' is strictly dominated by 'Middle'",
    ]
    assert elimination.surviving == ((0,), (1,))
    (equilibrium,) = gt.solve(game, "dominance").equilibria
    assert equilibrium.exact_payoffs == (1, 2)


def test_three_player_public_good():
    # contributing costs 1 and returns 2/3 to everyone: not contributing strictly dominates
    payoffs = np.empty((3, 2, 2, 2), dtype=object)
    for cell in itertools.product((0, 1), repeat=3):  # 0 = contribute, 1 = keep
        pot = F(2, 3) * cell.count(0)
        for p in range(3):
            payoffs[(p,) + cell] = pot + (1 if cell[p] == 1 else 0)
    game = gt.NormalFormGame(payoffs, strategies=[["give", "keep"]] * 3)
    elimination = iterated_dominance(game)
    assert [s.player for s in elimination.steps] == [0, 1, 2]
    assert all(s.margin == F(1, 3) for s in elimination.steps)
    assert elimination.surviving == ((1,), (1,), (1,))
    (equilibrium,) = gt.solve(game, "dominance").equilibria
    assert equilibrium.is_exact and equilibrium.exact_payoffs == (1, 1, 1)


def test_three_player_mixed_dominance():
    # player 3's third strategy earns 1 against everything; the first two earn 3 or 0 in a pattern
    # whose half-half mixture earns 3/2 everywhere
    payoffs = np.zeros((3, 2, 2, 3), dtype=object)
    payoffs[2, :, :, 0] = [[3, 0], [0, 3]]
    payoffs[2, :, :, 1] = [[0, 3], [3, 0]]
    payoffs[2, :, :, 2] = 1
    payoffs[0] = np.arange(12).reshape(2, 2, 3) % 5
    payoffs[1] = np.arange(12).reshape(2, 2, 3) % 7
    game = gt.NormalFormGame(payoffs)
    steps = iterated_dominance(game).steps
    mixed = [s for s in steps if not s.is_pure]
    assert [(s.player, s.strategy, s.by) for s in mixed] == [(2, 2, ((0, F(1, 2)), (1, F(1, 2))))]


def test_exact_games_stay_exact_and_float_games_stay_float():
    game = gt.NormalFormGame.from_arrays([["1/3", 0], ["1/2", 1], [0, 0]], [[1, 0], [0, 1], [2, 2]],
                                         players=["Row", "Column"], strategies=[["a", "b", "c"], ["x", "y"]],
                                         title="small")
    elimination = iterated_dominance(game)
    reduced = elimination.reduced
    assert reduced.is_exact and reduced.title == "small" and reduced.players == ("Row", "Column")
    rows, columns = elimination.surviving
    assert elimination.surviving == ((1,), (1,))
    assert reduced.strategies == (("b",), ("y",))
    assert (reduced.exact == game.exact[(slice(None),) + np.ix_(rows, columns)]).all()
    floats = gt.NormalFormGame.from_arrays(game.payoffs[0], game.payoffs[1])
    float_elimination = iterated_dominance(floats)
    assert not float_elimination.reduced.is_exact
    assert float_elimination.surviving == elimination.surviving


def test_matching_pennies_is_not_dominance_solvable():
    pennies = gt.NormalFormGame.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    result = gt.solve(pennies, "dominance")
    assert result.equilibria == () and not result.complete
    assert result.notes[-1].startswith("not dominance solvable")
    assert iterated_dominance(pennies).reduced == pennies


def test_extensive_games_use_the_reduced_strategic_form():
    tree = gt.ExtensiveGame.from_tree(["A", "B"], {"player": "A", "moves": {
        "out": {"payoffs": [0, 2]},
        "in": {"player": "B", "moves": {"fight": {"payoffs": [-1, -1]}, "share": {"payoffs": [1, 1]}}}}})
    # fight is only weakly dominated (ties when A stays out): nothing is eliminated
    result = gt.solve(tree, "dominance")
    assert result.strategic.shape == (2, 2) and result.equilibria == ()


def test_a_spent_budget_returns_the_eliminations_so_far():
    from gametheory_ukraine.solvers.budget import Budget
    game = gt.NormalFormGame.from_arrays(
        [[1, 1, 0], [0, 0, 2]], [[0, 2, 1], [3, 1, 0]],
        strategies=[["Up", "Down"], ["Left", "Middle", "Right"]])
    elimination = iterated_dominance(game, budget=Budget(iterations=2))  # two pairwise rounds, then stop
    assert [s.label for s in elimination.steps] == ["Right"] and not elimination.finished
    assert elimination.notes[-1].startswith("stopped early")
    result = gt.solve(game, "dominance", timeout=0.0)
    assert result.status == "budget_exceeded" and result.equilibria == ()


def test_a_mixture_that_only_dominates_in_floats_is_rejected():
    others = np.array([[F(1), F(0)], [F(0), F(1)]], dtype=object)
    # dominating (1/2, 1/2 - 10**-30) needs a weight in (1/2, 1/2 + 10**-30): no simple rounding has one
    assert _confirm_exactly(others, np.array([F(1, 2), F(1, 2) - F(1, 10**30)], dtype=object),
                            np.array([0.5, 0.5])) is None
    weights, margin = _confirm_exactly(others, np.array([F(1, 3), F(1, 3)], dtype=object), np.array([0.5, 0.5]))
    assert weights == [F(1, 2), F(1, 2)] and margin == F(1, 6)


# -- properties ---------------------------------------------------------------------------------------

random_games = st.integers(2, 3).flatmap(lambda n: arrays(
    np.int64, (n,) + tuple([3] * n), elements=st.integers(-4, 4)))


def _replay(game, elimination):
    """Check in exact arithmetic that every step was a strict domination at the time it was made."""
    alive = [list(range(k)) for k in game.shape]
    for step in elimination.steps:
        p = step.player
        index = np.ix_(*alive)
        table = np.moveaxis(game.exact[p][index], p, 0).reshape(len(alive[p]), -1)
        position = {s: i for i, s in enumerate(alive[p])}
        mixture = sum(w * table[position[b]] for b, w in step.by)
        assert all(mixture - table[position[step.strategy]] > 0)
        assert sum(w for _, w in step.by) == 1
        alive[p].remove(step.strategy)
    assert tuple(tuple(a) for a in alive) == elimination.surviving


@settings(max_examples=50, deadline=None)
@given(random_games)
def test_strict_dominance_keeps_every_pure_equilibrium(payoffs):
    game = gt.NormalFormGame(payoffs)
    elimination = iterated_dominance(game)
    _replay(game, elimination)
    mapped = sorted(tuple(elimination.surviving[p][i] for p, i in enumerate(cell))
                    for cell in pure_equilibria(elimination.reduced))
    assert mapped == pure_equilibria(game)
    if elimination.solved:
        assert pure_equilibria(game) == [tuple(s[0] for s in elimination.surviving)]


@settings(max_examples=30, deadline=None)
@given(random_games)
def test_pure_only_elimination_removes_a_subset_of_the_full_one(payoffs):
    game = gt.NormalFormGame(payoffs)
    pure, full = iterated_dominance(game, mixed=False), iterated_dominance(game)
    assert all(set(f) <= set(p) for f, p in zip(full.surviving, pure.surviving))
    assert all(step.is_pure for step in pure.steps)
