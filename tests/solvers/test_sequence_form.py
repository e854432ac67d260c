"""The sequence form, ``lcp`` (Lemke on the sequence form) and the zero-sum tree LP.

Answers are checked against known values (Kuhn poker: -1/18), against
pygambit (its own regret of our profiles, its ``lcp_solve`` where the
equilibrium is unique, its ``lp_solve`` values) and against our strategic-form
``lp`` on the reduced strategic form.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest

import gametheory_ukraine as gt
from gametheory_ukraine.errors import GameFormatError, SolverError
from gametheory_ukraine.games.convert import count_reduced_strategies, reduced_strategic_form
from gametheory_ukraine.games.generators import poker
from gametheory_ukraine.solvers.behavior import behavior_regret, reach_probabilities, sequences
from gametheory_ukraine.solvers.budget import Budget
from gametheory_ukraine.solvers.certificate import mixed_regret
from gametheory_ukraine.solvers.sequence_form import lcp, lemke_path, sequence_form, solve_zero_sum_tree
from gametheory_ukraine.solvers.zerosum import game_value
from tests.corpus import CORPUS, corpus_files, corpus_params

F = Fraction
KUHN_VALUE = F(-1, 18)
PYGAMBIT_STRATEGY_LIMIT = 5_000
"""pygambit's behavior-profile max_regret goes through the reduced strategic form; it does not finish
on the corpus's tic-tac-toe (about 10^8 profiles), so games above this many profiles skip that check."""
ENUMMIXED_LIMIT = 200
"""pygambit's enummixed (the uniqueness oracle) runs for minutes on some corpus games from 243 profiles on
(bcp2.efg)."""


def random_tree(rng: np.random.Generator, types: tuple[int, int], depth: int, payoff: int = 3) -> gt.ExtensiveGame:
    """Chance deals each player a private type; then moves that both see.  Perfect recall by construction."""
    shapes: dict[str, int] = {}

    def node(pair: tuple[int, int], history: str, level: int) -> dict:
        if level == depth or (level and rng.random() < 0.2):
            return {"payoffs": [int(v) for v in rng.integers(-payoff, payoff + 1, 2)]}
        mover = level % 2
        shapes.setdefault(history, int(rng.integers(1, 4)))
        return {"player": "AB"[mover], "infoset": f"{mover}:{pair[mover]}:{history}",
                "moves": {f"a{i}": node(pair, history + str(i), level + 1) for i in range(shapes[history])}}

    pairs = [(i, j) for i in range(types[0]) for j in range(types[1])]
    weights = rng.integers(1, 4, len(pairs))
    total = int(weights.sum())
    return gt.ExtensiveGame.from_tree(["A", "B"], {
        "chance": {f"{i}{j}": f"{w}/{total}" for (i, j), w in zip(pairs, weights)},
        "moves": {f"{i}{j}": node((i, j), "", 0) for (i, j) in pairs}})


def plans_of(game: gt.ExtensiveGame, behavior) -> list[list[Fraction]]:
    """Realization plans (exact) of a behavior profile."""
    found = []
    for p in range(2):
        index = sequences(game, p)
        plan = [F(0)] * len(index)
        plan[0] = F(1)
        for s, probabilities in zip(game.player_infosets(p), behavior[p]):
            for a, probability in enumerate(probabilities):
                plan[index.first_sequence[s] + a] = plan[index.parent_sequence[s]] * F(probability)
        found.append(plan)
    return found


# -- the sequence form --------------------------------------------------------------------

def test_sequence_form_payoffs_are_the_expected_payoffs_of_the_plans():
    game = poker(ranks=4, rounds=2, raises=2)
    form = sequence_form(game)
    rng = np.random.default_rng(3)
    behavior = [[rng.dirichlet(np.ones(len(game.infosets[s].actions))) for s in game.player_infosets(p)]
                for p in range(2)]
    reach = reach_probabilities(game, behavior)
    leaves = game.arrays.leaves
    expected = [(reach[leaves] * game.arrays.payoffs[leaves, p]).sum() for p in range(2)]
    x, y = [np.array([float(v) for v in plan]) for plan in plans_of(game, behavior)]
    assert x @ form.A @ y == pytest.approx(expected[0], abs=1e-12)
    assert x @ form.B @ y == pytest.approx(expected[1], abs=1e-12)
    assert np.allclose(form.E @ x, form.e) and np.allclose(form.F @ y, form.f)
    assert [float(v) for v in form.exact_payoffs[0]] == form.A.data.tolist()


def test_sequence_form_of_a_strategic_game_is_the_game():
    game = gt.NormalFormGame.from_arrays([[3, 0, 1], [5, 1, "1/2"]], [[3, 5, 0], [0, 1, 2]])
    form = sequence_form(game)
    assert form.A.toarray().tolist() == [[3, 0, 1], [5, 1, 0.5]]
    assert form.E.toarray().tolist() == [[1.0, 1.0]] and form.F.toarray().tolist() == [[1.0, 1.0, 1.0]]
    assert form.e.tolist() == [1.0] and form.exact_matrix(0)[1, 2] == F(1, 2)


def test_sequence_form_outcomes_on_inner_nodes_count_at_the_leaves():
    game = gt.ExtensiveGame.from_tree(["A", "B"], {"player": "A", "payoffs": [1, 1], "moves": {
        "l": {"payoffs": [2, 0]}, "r": {"player": "B", "moves": {"u": {"payoffs": [0, 3]}, "d": {"payoffs": [1, 1]}}}}})
    form = sequence_form(game)
    assert form.exact_matrix(0).tolist() == [[0, 0, 0], [3, 0, 0], [0, 1, 2]]
    assert form.exact_matrix(1).tolist() == [[0, 0, 0], [1, 0, 0], [0, 4, 2]]


# -- lcp ----------------------------------------------------------------------------------

@pytest.mark.parametrize("exact", [True, False])
def test_lcp_solves_kuhn_poker(exact):
    result = lcp(poker(), exact=exact)
    (equilibrium,) = result.equilibria
    assert result.status == "converged" and not result.complete
    assert equilibrium.is_exact and equilibrium.regret == 0
    assert equilibrium.exact_payoffs == (KUHN_VALUE, -KUHN_VALUE)
    # Kuhn's family of equilibria: with the lowest card player 1 bluffs with some alpha in [0, 1/3],
    # and with the highest card bets 3 alpha
    jack_bet = equilibrium.exact_behavior[0][0][1]
    king = [s for s in poker().player_infosets(0) if poker().infosets[s].label == "1:3||"][0]
    king_bet = equilibrium.exact_behavior[0][poker().player_infosets(0).index(king)][1]
    assert 0 <= jack_bet <= F(1, 3) and king_bet == 3 * jack_bet


def test_lcp_on_a_larger_poker_in_floats_is_certified_exactly():
    game = poker(ranks=3, suits=2, rounds=2, raises=2)
    result = lcp(game)
    (equilibrium,) = result.equilibria
    assert "float arithmetic" in result.notes[-1]
    regret, _ = behavior_regret(game, equilibrium.behavior)
    assert regret < 1e-9
    lp_value = solve_zero_sum_tree(game).equilibria[0].exact_payoffs[0]
    assert equilibrium.payoffs[0] == pytest.approx(float(lp_value), abs=1e-9)


def test_lcp_on_random_trees_gives_exact_equilibria():
    rng = np.random.default_rng(11)
    for trial in range(25):
        game = random_tree(rng, tuple(int(k) for k in rng.integers(1, 4, 2)), int(rng.integers(1, 5)))
        for exact in (True, False):
            result = lcp(game, exact=exact, starts=2, seed=trial)
            assert result.status == "converged" and result.equilibria, (trial, exact, result.notes)
            for equilibrium in result.equilibria:
                regret, payoffs = behavior_regret(game, equilibrium.exact_behavior, exact=True)
                assert regret == 0 and tuple(payoffs) == equilibrium.exact_payoffs


def test_lcp_on_random_degenerate_strategic_games():
    rng = np.random.default_rng(5)
    for trial in range(40):
        A, B = rng.integers(-1, 2, (2, *rng.integers(1, 6, 2)))
        game = gt.NormalFormGame.from_arrays(A, B)
        for exact in (True, False):
            result = gt.solve(game, "lcp", exact=exact, starts=3, seed=trial)
            assert result.status == "converged" and result.strategic is game
            for equilibrium in result.equilibria:
                assert equilibrium.is_exact
                assert mixed_regret(game, equilibrium.exact_profile, exact=True)[0] == 0


def test_lcp_path_on_a_start_that_is_an_equilibrium_makes_no_pivot():
    prisoners = gt.NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    path = lemke_path(sequence_form(prisoners), start=([1], [1]), exact=True)
    assert path.pivots == 0 and path.plans == ([0, 1], [0, 1])


def test_lcp_budget_and_pivot_cap():
    game = poker(ranks=3, suits=2, rounds=2, raises=2)
    spent = lcp(game, budget=Budget(iterations=3))
    assert spent.status == "budget_exceeded" and not spent.equilibria
    capped = lcp(game, max_pivots=2)
    assert capped.status == "failed" and "pivot cap" in capped.notes[0]


def test_lcp_refuses_what_the_sequence_form_cannot_describe():
    forgetful = gt.ExtensiveGame.from_tree(["A", "B"], {"player": "A", "moves": {
        "l": {"player": "A", "infoset": "I", "moves": {"u": {"payoffs": [1, 0]}, "d": {"payoffs": [0, 1]}}},
        "r": {"player": "A", "infoset": "I", "moves": {"u": {"payoffs": [0, 0]}, "d": {"payoffs": [2, 1]}}}}})
    with pytest.raises(SolverError, match=r"method 'lcp' needs perfect recall.*enumpure, logit"):
        lcp(forgetful)
    three = gt.NormalFormGame.from_arrays(np.zeros((2, 2, 2)), np.zeros((2, 2, 2)), np.zeros((2, 2, 2)))
    with pytest.raises(SolverError, match="2-player games, this one has 3"):
        gt.solve(three, "lcp")
    with pytest.raises(SolverError, match="two-player games; this game has 3"):
        lcp(three)
    with pytest.raises(SolverError, match="starts must be a positive integer"):
        lcp(poker(), starts=0)
    with pytest.raises(SolverError, match="one action per constraint row"):
        lemke_path(sequence_form(poker()), start=([0], [0]))


# -- the zero-sum tree LP -----------------------------------------------------------------

def test_tree_lp_kuhn_poker_value():
    result = solve_zero_sum_tree(poker())
    (equilibrium,) = result.equilibria
    assert equilibrium.exact_payoffs == (KUHN_VALUE, -KUHN_VALUE) and equilibrium.regret == 0
    assert result.notes[0] == "value of the game to player 1: -1/18 (to player 2: 1/18)"


def test_tree_lp_exact_value_agrees_with_the_reduced_strategic_form():
    game = poker(ranks=4)
    result = solve_zero_sum_tree(game)
    (equilibrium,) = result.equilibria
    assert equilibrium.is_exact and behavior_regret(game, equilibrium.exact_behavior, exact=True)[0] == 0
    strategic = reduced_strategic_form(game)
    assert game_value(strategic) == equilibrium.exact_payoffs[0]


def test_tree_lp_constant_sum_and_float_games():
    shifted = gt.ExtensiveGame.from_tree(["A", "B"], {"chance": {"h": "1/3", "t": "2/3"}, "moves": {
        "h": {"player": "A", "infoset": "a", "moves": {"l": {"payoffs": [3, 2]}, "r": {"payoffs": [1, 4]}}},
        "t": {"player": "A", "infoset": "a", "moves": {"l": {"payoffs": [1, 4]}, "r": {"payoffs": [5, 0]}}}}})
    result = solve_zero_sum_tree(shifted)
    assert result.equilibria[0].exact_payoffs == (F(11, 3), F(4, 3))
    floats = gt.ExtensiveGame.from_tree(["A", "B"], {"chance": {"h": 0.25, "t": 0.75}, "moves": {
        "h": {"player": "A", "infoset": "a", "moves": {"l": {"payoffs": [1.5, -1.5]}, "r": {"payoffs": [0.0, 0.0]}}},
        "t": {"player": "A", "infoset": "a", "moves": {"l": {"payoffs": [0.0, 0.0]}, "r": {"payoffs": [1.0, -1.0]}}}}})
    (equilibrium,) = solve_zero_sum_tree(floats).equilibria
    assert not equilibrium.is_exact and equilibrium.payoffs[0] == pytest.approx(0.75)


def test_tree_lp_refuses_bad_input():
    with pytest.raises(SolverError, match="constant-sum game.*use lcp"):
        solve_zero_sum_tree(gt.ExtensiveGame.from_tree(["A", "B"], {"player": "A", "moves": {
            "l": {"payoffs": [1, 1]}, "r": {"payoffs": [0, 0]}}}))
    with pytest.raises(SolverError, match="solves extensive-form games"):
        solve_zero_sum_tree(gt.NormalFormGame.from_arrays([[1]], [[-1]]))
    three = gt.ExtensiveGame.from_tree(["A", "B", "C"], {"player": "A", "moves": {
        "l": {"payoffs": [1, -1, 0]}, "r": {"payoffs": [0, 0, 0]}}})
    with pytest.raises(SolverError, match="this game has 3 players"):
        solve_zero_sum_tree(three)


def test_tree_lp_time_budget():
    result = solve_zero_sum_tree(poker(ranks=4, suits=2, rounds=2, raises=2), budget=Budget(seconds=0.0))
    assert result.status == "budget_exceeded" and not result.equilibria


# -- the poker generator ------------------------------------------------------------------

def test_poker_generator_shapes_and_checks():
    kuhn = poker()
    assert kuhn.has_perfect_recall and len(kuhn.arrays.leaves) == 30
    assert {a + b for a, b in kuhn.leaf_payoffs(exact=True).tolist()} == {0}
    assert [len(sequences(kuhn, p)) for p in range(2)] == [13, 13]
    bigger = poker(ranks=4, suits=2, rounds=2, raises=2)
    assert bigger.has_perfect_recall and bigger.is_exact
    assert sum(len(sequences(bigger, p)) for p in range(2)) > 500
    with pytest.raises(GameFormatError, match="ranks must be an integer of at least 2"):
        poker(ranks=1)
    with pytest.raises(GameFormatError, match="cannot deal"):
        poker(ranks=2, rounds=3)


# -- the Gambit corpus, against pygambit --------------------------------------------------

def _two_player_perfect_recall(path):
    if path is None:
        return None
    game = gt.load(path)
    if not isinstance(game, gt.ExtensiveGame) or game.num_players != 2 or not game.has_perfect_recall:
        pytest.skip("not a two-player tree with perfect recall")
    return game


def _gambit_game(path):
    pygambit = pytest.importorskip("pygambit")
    try:
        return pygambit.read_efg(str(path))
    except ValueError as error:  # e.g. repeated node labels, which pygambit 16.7 rejects
        pytest.skip(f"pygambit cannot read this file: {error}")


def _gambit_behavior(game, theirs, behavior):
    """Our behavior profile as a rational pygambit profile (information sets matched through node paths)."""
    profile = theirs.mixed_behavior_profile(rational=True)
    for p in range(2):
        for s, probabilities in zip(game.player_infosets(p), behavior[p]):
            node = theirs.root
            for _, action in game.path(game.members[s][0]):
                node = list(node.children)[action]
            for action, probability in zip(node.infoset.actions, probabilities):
                profile[action] = F(probability)
    return profile


def _our_behavior_of(game, theirs, profile):
    behavior = []
    for p in range(2):
        sets = []
        for s in game.player_infosets(p):
            node = theirs.root
            for _, action in game.path(game.members[s][0]):
                node = list(node.children)[action]
            sets.append([F(str(profile[action])) for action in node.infoset.actions])
        behavior.append(sets)
    return behavior


@pytest.mark.parametrize("path", corpus_params("efg"))
def test_lcp_on_the_corpus_is_a_nash_equilibrium_by_pygambit(path):
    game = _two_player_perfect_recall(path)
    theirs = _gambit_game(path)
    result = lcp(game)
    assert result.status == "converged"
    (equilibrium,) = result.equilibria
    assert equilibrium.is_exact and behavior_regret(game, equilibrium.exact_behavior, exact=True)[0] == 0
    if count_reduced_strategies(game, 0) * count_reduced_strategies(game, 1) > PYGAMBIT_STRATEGY_LIMIT:
        pytest.skip("pygambit's max_regret enumerates the reduced strategic form, too large here")
    assert _gambit_behavior(game, theirs, equilibrium.exact_behavior).max_regret() == 0


@pytest.mark.slow
@pytest.mark.parametrize("path", corpus_params("efg"))
def test_lcp_agrees_with_pygambit_where_the_equilibrium_is_unique(path):
    pygambit = pytest.importorskip("pygambit")
    game = _two_player_perfect_recall(path)
    theirs = _gambit_game(path)
    if count_reduced_strategies(game, 0) * count_reduced_strategies(game, 1) > ENUMMIXED_LIMIT:
        pytest.skip("reduced strategic form too large for pygambit's enummixed")
    if len(pygambit.nash.enummixed_solve(theirs, rational=True).equilibria) != 1:
        pytest.skip("more than one equilibrium: lcp may rightly find another")
    (equilibrium,) = lcp(game).equilibria
    (gambit,) = pygambit.nash.lcp_solve(theirs, use_strategic=False, rational=True).equilibria[:1]
    assert plans_of(game, equilibrium.exact_behavior) == plans_of(game, _our_behavior_of(game, theirs, gambit))


def _constant_sum(game) -> bool:
    return len({a + b for a, b in game.leaf_payoffs(exact=True).tolist()}) == 1


@pytest.mark.parametrize("path", corpus_params("efg"))
def test_tree_lp_value_on_the_corpus_matches_pygambit_and_the_strategic_lp(path):
    pygambit = pytest.importorskip("pygambit")
    game = _two_player_perfect_recall(path)
    if not (game.is_exact and _constant_sum(game)):
        pytest.skip("not an exact constant-sum game")
    result = solve_zero_sum_tree(game)
    (equilibrium,) = result.equilibria
    value = equilibrium.exact_payoffs[0]
    assert equilibrium.regret == 0 and behavior_regret(game, equilibrium.exact_behavior, exact=True)[0] == 0
    theirs = _gambit_game(path)
    (gambit,) = pygambit.nash.lp_solve(theirs, use_strategic=False, rational=True).equilibria
    assert F(str(gambit.payoff(list(theirs.players)[0]))) == value
    if count_reduced_strategies(game, 0) * count_reduced_strategies(game, 1) <= PYGAMBIT_STRATEGY_LIMIT:
        assert game_value(reduced_strategic_form(game)) == value


def test_corpus_is_found_or_the_tests_say_why():
    if not corpus_files("efg"):
        pytest.skip(f"Gambit corpus not found at {CORPUS}")
    assert len(corpus_files("efg")) > 100
