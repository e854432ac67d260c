"""Behavior-profile arithmetic on trees, checked against pygambit's own computations."""

from fractions import Fraction

import numpy as np
import pytest

import gametheory_ukraine as gt
from gametheory_ukraine.errors import SolverError
from gametheory_ukraine.games.convert import count_reduced_strategies, reduced_strategies
from gametheory_ukraine.solvers.behavior import (
    behavior_from_mixed,
    behavior_regret,
    beliefs,
    certify_behavior,
    check_behavior,
    node_values,
    reach_probabilities,
    sequences,
)
from tests.corpus import corpus_params, pygambit_game

SLOW_FOR_PYGAMBIT = {"cs.efg", "ttt.efg"}  # pygambit takes minutes to read or evaluate these


def _random_behavior(game, rng):
    return [[rng.dirichlet(np.ones(len(game.infosets[s].actions))) for s in game.player_infosets(p)]
            for p in range(game.num_players)]


def _pygambit_profile(ours, behavior):
    game = pygambit_game(ours)
    profile = game.mixed_behavior_profile(rational=False)
    for player, probabilities in zip(game.players, behavior):
        for infoset, values in zip(player.infosets, probabilities):
            for action, value in zip(infoset.actions, values):
                profile[action] = float(value)
    return game, profile


@pytest.mark.parametrize("path", corpus_params("efg"))
def test_regret_reach_and_beliefs_equal_pygambit(path):
    if path.name in SLOW_FOR_PYGAMBIT:
        pytest.skip("pygambit takes minutes on this tree")
    game = gt.load(path)
    if not game.has_perfect_recall:
        pytest.skip("imperfect recall: behavior regret needs perfect recall")
    behavior = _random_behavior(game, np.random.default_rng(7))
    their_game, profile = _pygambit_profile(game, behavior)
    regret, payoffs = behavior_regret(game, behavior)
    assert regret == pytest.approx(float(profile.max_regret()), abs=1e-9)
    assert payoffs == pytest.approx([float(profile.payoff(p)) for p in their_game.players], abs=1e-9)
    reach = reach_probabilities(game, behavior)
    their_nodes = list(their_game.nodes)  # both list nodes in preorder
    assert reach == pytest.approx([float(profile.realiz_prob(n)) for n in their_nodes], abs=1e-12)
    found = beliefs(game, behavior)
    for s, members in enumerate(game.members):
        if found[s] is None:
            continue
        nodes = [their_nodes[v] for v in members]
        assert found[s] == pytest.approx([float(profile.belief(n)) for n in nodes], abs=1e-9)


@pytest.mark.parametrize("path", corpus_params("efg"))
def test_mixed_to_behavior_keeps_payoffs(path):
    """Kuhn's theorem: the behavior strategy of a mixture gives the same payoffs, exactly."""
    game = gt.load(path)
    if not game.has_perfect_recall or not game.is_exact or game.num_nodes > 500:
        pytest.skip("needs a small exact tree with perfect recall")
    if np.prod([count_reduced_strategies(game, p) for p in range(game.num_players)]) > 5000:
        pytest.skip("reduced strategic form too large for this check")
    strategic = gt.reduced_strategic_form(game)
    rng = np.random.default_rng(3)
    mixture = []
    for p in range(game.num_players):
        weights = [Fraction(int(w), 10) for w in rng.integers(1, 10, len(strategic.strategies[p]))]
        mixture.append([w / sum(weights) for w in weights])
    behavior = [behavior_from_mixed(game, p, reduced_strategies(game, p), mixture[p])
                for p in range(game.num_players)]
    _, payoffs = behavior_regret(game, behavior, exact=True)
    table = strategic.exact
    expected = []
    for p in range(game.num_players):
        value = table[p]
        for q in reversed(range(game.num_players)):
            value = np.tensordot(value, np.array(mixture[q], dtype=object), axes=([q], [0]))
        expected.append(value)
    assert payoffs == expected
    assert node_values(game, behavior, exact=True)[0].tolist() == expected


def test_sequences_refuse_imperfect_recall():
    game = gt.ExtensiveGame.from_tree(["A"], {"player": "A", "infoset": "I", "moves": {
        "x": {"player": "A", "infoset": "J", "moves": {"u": {"payoffs": [1]}, "d": {"payoffs": [0]}}},
        "y": {"player": "A", "infoset": "J", "moves": {"u": {"payoffs": [0]}, "d": {"payoffs": [1]}}}}})
    with pytest.raises(SolverError, match="lacks perfect recall"):
        sequences(game, 0)


def test_certificate_exact_on_a_mixed_equilibrium():
    """Matching pennies as a tree: the mixed equilibrium is certified exactly, a wrong mixture is refused."""
    game = gt.ExtensiveGame.from_tree(["A", "B"], {"player": "A", "moves": {
        "H": {"player": "B", "infoset": "I", "moves": {"h": {"payoffs": [1, -1]}, "t": {"payoffs": [-1, 1]}}},
        "T": {"player": "B", "infoset": "I", "moves": {"h": {"payoffs": [-1, 1]}, "t": {"payoffs": [1, -1]}}}}})
    record = certify_behavior(game, [[[0.5, 0.5]], [[0.5, 0.5]]])
    assert record.exact_behavior == (((Fraction(1, 2), Fraction(1, 2)),), ((Fraction(1, 2), Fraction(1, 2)),))
    assert record.exact_payoffs == (0, 0) and record.regret == 0
    assert certify_behavior(game, [[[0.6, 0.4]], [[0.5, 0.5]]]) is None


@pytest.mark.parametrize("bad, message", [
    ([[[0.5, 0.4]], [[1.0, 0.0]]], "sum to 0.9"),
    ([[[0.5, 0.5]]], "one entry per player"),
    ([[[float("nan"), 1.0]], [[1.0, 0.0]]], "finite and non-negative"),
    ([[[1.0, 0.0, 0.0]], [[1.0, 0.0]]], "2 actions, 3 probabilities"),
])
def test_bad_behavior_is_refused(bad, message):
    game = gt.ExtensiveGame.from_tree(["A", "B"], {"player": "A", "moves": {
        "x": {"player": "B", "moves": {"l": {"payoffs": [1, 0]}, "r": {"payoffs": [0, 1]}}},
        "y": {"payoffs": [0, 0]}}})
    with pytest.raises(SolverError, match=message):
        check_behavior(game, bad)
