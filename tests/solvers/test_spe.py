"""Backward induction, checked independently: every returned profile must be a Nash
equilibrium of every subgame (each node of a perfect-information tree roots one), and
on small trees the set of pure SPE must equal the brute-force set."""

import itertools
from fractions import Fraction

import numpy as np
import pytest

import gametheory_ukraine as gt
from gametheory_ukraine.errors import SolverError
from gametheory_ukraine.games import CHANCE

from ..corpus import corpus_params
from ..games_library import CENTIPEDE


def _value(game, node, behavior_at, deviator=None):
    """Payoff vector of the subgame at ``node``; ``deviator`` best-responds, others follow the profile."""
    arrays = game.arrays
    payoffs = game.arrays.exact_payoffs if game.is_exact else arrays.payoffs
    k = arrays.num_children[node]
    if k == 0:
        return list(payoffs[node])
    children = arrays.children[arrays.child_start[node]:arrays.child_start[node] + k]
    infoset = game.infosets[arrays.infoset[node]]
    values = [_value(game, int(c), behavior_at, deviator) for c in children]
    if infoset.player == CHANCE:
        probabilities = infoset.probabilities if game.is_exact else [float(p) for p in infoset.probabilities]
        return [sum(p * v[i] for p, v in zip(probabilities, values)) for i in range(game.num_players)]
    if infoset.player == deviator:
        return max(values, key=lambda v: v[deviator])
    return values[behavior_at[node]]


def subgame_regret(game, behavior_at):
    worst = 0
    for node in range(game.num_nodes):
        if game.arrays.num_children[node] == 0:
            continue
        on_profile = _value(game, node, behavior_at)
        for player in range(game.num_players):
            best = _value(game, node, behavior_at, deviator=player)
            worst = max(worst, best[player] - on_profile[player])
    return worst


def choices_of(game, equilibrium):
    """Node -> chosen action index, from the behavior profile."""
    chosen = {}
    for p in range(game.num_players):
        for k, s in enumerate(game.player_infosets(p)):
            (node,) = game.members[s]
            chosen[node] = int(np.argmax(equilibrium.behavior[p][k]))
    return chosen


def brute_force_spe(game):
    decision = [v for v in range(game.num_nodes) if game.arrays.player[v] >= 0]
    found = set()
    for actions in itertools.product(*(range(game.arrays.num_children[v]) for v in decision)):
        chosen = dict(zip(decision, actions))
        if subgame_regret(game, chosen) == 0:
            found.add(tuple(sorted(chosen.items())))
    return found




def test_centipede_unravels():
    game = gt.ExtensiveGame.from_tree(["A", "B"], CENTIPEDE)
    result = gt.solve(game, "spe")
    (equilibrium,) = result.equilibria
    assert result.complete and equilibrium.exact_payoffs == (1, 0) and equilibrium.regret == 0
    # Off the path too: B would stop, and A would stop at her last node.
    assert [list(map(float, a)) for player in equilibrium.behavior for a in player] == [[1, 0], [1, 0], [1, 0]]


def test_chance_nodes_are_expectations():
    game = gt.ExtensiveGame.from_tree(["A"], {"player": "A", "moves": {
        "safe": {"payoffs": [1]},
        "gamble": {"chance": {"win": "1/3", "lose": "2/3"},
                   "moves": {"win": {"payoffs": [4]}, "lose": {"payoffs": [0]}}}}})
    (equilibrium,) = gt.solve(game, "spe").equilibria
    assert equilibrium.exact_payoffs == (Fraction(4, 3),)


def test_all_lists_every_spe_under_ties():
    game = gt.ExtensiveGame.from_tree(["E", "I"], {"player": "E", "moves": {
        "Out": {"payoffs": [0, 1]},
        "In": {"player": "I", "moves": {"Fight": {"payoffs": [-1, 1]}, "Accommodate": {"payoffs": [1, 1]}}}}})
    one = gt.solve(game, "spe")
    assert len(one.equilibria) == 1 and not one.complete and "ties" in one.notes[0]
    every = gt.solve(game, "spe", all=True)
    assert every.complete and sorted(e.exact_payoffs for e in every.equilibria) == [(0, 1), (1, 1)]
    assert {tuple(sorted(choices_of(game, e).items())) for e in every.equilibria} == brute_force_spe(game)
    capped = gt.solve(game, "spe", all=True, max_equilibria=1)
    assert len(capped.equilibria) == 1 and not capped.complete


def test_imperfect_information_goes_to_subgame_decomposition():
    """Matching pennies as a tree has no proper subgame: its SPE is its one (mixed) Nash equilibrium."""
    game = gt.ExtensiveGame.from_tree(["1", "2"], {"player": "1", "moves": {
        "H": {"player": "2", "infoset": "g", "moves": {"h": {"payoffs": [1, -1]}, "t": {"payoffs": [-1, 1]}}},
        "T": {"player": "2", "infoset": "g", "moves": {"h": {"payoffs": [-1, 1]}, "t": {"payoffs": [1, -1]}}}}})
    result = gt.solve(game, "spe")
    half = (Fraction(1, 2), Fraction(1, 2))
    assert result.complete and [e.exact_behavior for e in result] == [((half,), (half,))]


def test_spe_is_refused_on_strategic_games():
    with pytest.raises(SolverError, match="extensive"):
        gt.solve(gt.NormalFormGame.from_arrays([[1]], [[1]]), "spe")


@pytest.mark.parametrize("path", corpus_params("efg"))
def test_spe_on_every_perfect_information_corpus_game(path):
    from gametheory_ukraine.formats.gambit import read_gambit

    game = read_gambit(path)
    if not game.is_perfect_information:
        pytest.skip("not a perfect-information game")
    cap = 20
    result = gt.solve(game, "spe", all=True, max_equilibria=cap)
    assert result.equilibria and (result.complete or len(result.equilibria) == cap)
    profiles = set()
    for equilibrium in result.equilibria:
        chosen = choices_of(game, equilibrium)
        assert subgame_regret(game, chosen) == 0  # a Nash equilibrium of every subgame, exactly
        assert equilibrium.regret == 0
        profiles.add(tuple(sorted(chosen.items())))
    assert len(profiles) == len(result.equilibria)
    decision = [v for v in range(game.num_nodes) if game.arrays.player[v] >= 0]
    if np.prod([float(game.arrays.num_children[v]) for v in decision]) <= 4096:
        assert profiles == brute_force_spe(game)
