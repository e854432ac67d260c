"""Subgame decomposition: subgame roots, composed equilibria, and an independent check on every subgame."""

from fractions import Fraction

import numpy as np
import pytest

import gametheory_ukraine as gt
from gametheory_ukraine.errors import SolverError
from gametheory_ukraine.solvers.behavior import behavior_regret
from gametheory_ukraine.solvers.subgames import _reduced_game, subgame_roots, subtree_ends
from tests.corpus import corpus_params, pygambit_game

BATTLE = {"player": "Husband", "infoset": "H", "moves": {
    "Opera": {"player": "Wife", "infoset": "W", "moves": {"Opera": {"payoffs": [2, 1]}, "Fight": {"payoffs": [0, 0]}}},
    "Fight": {"player": "Wife", "infoset": "W", "moves": {"Opera": {"payoffs": [0, 0]}, "Fight": {"payoffs": [1, 2]}}}}}


def entry_then_battle(outside):
    """The wife may stay out (``outside`` each) or go in to a battle of the sexes."""
    return gt.ExtensiveGame.from_tree(["Husband", "Wife"], {"player": "Wife", "moves": {
        "Out": {"payoffs": [outside, outside]}, "In": BATTLE}})


def test_roots_of_a_game_with_a_simultaneous_subgame():
    game = entry_then_battle(Fraction(3, 2))
    assert np.flatnonzero(subgame_roots(game)).tolist() == [0, 2]


@pytest.mark.parametrize("outside, entering", [
    (Fraction(3, 2), {Fraction(2)}), (Fraction(1, 2), {Fraction(2), Fraction(1), Fraction(2, 3)})])
def test_each_equilibrium_of_the_subgame_gives_one_spe(outside, entering):
    """The battle has three equilibria, worth 2, 1 and 2/3 to the wife: she enters where that beats ``outside``."""
    result = gt.solve(entry_then_battle(outside), "spe")
    assert result.complete and len(result) == 3
    enters = set()
    for equilibrium in result:
        assert equilibrium.regret == 0 and equilibrium.is_exact
        husband, wife = equilibrium.exact_behavior
        p, q = husband[0][0], wife[1][0]  # probabilities of Opera
        battle_value = q * p * 1 + (1 - q) * (1 - p) * 2
        if wife[0][1] == 1:
            enters.add(battle_value)
            assert battle_value >= outside
        else:
            assert battle_value <= outside
    assert enters == entering


def test_a_game_without_perfect_recall_in_a_subgame_is_refused_clearly():
    game = gt.ExtensiveGame.from_tree(
        ["Driver"], {"player": "Driver", "infoset": "I", "moves": {
            "exit": {"payoffs": [0]},
            "continue": {"player": "Driver", "infoset": "I", "moves": {
                "exit": {"payoffs": [4]}, "continue": {"payoffs": [1]}}}}})
    with pytest.raises(SolverError, match="lacks perfect recall"):
        gt.solve(game, "spe")


def _every_subgame(game):
    ends = subtree_ends(game)
    for root in np.flatnonzero(subgame_roots(game)):
        sub, infoset_map = _reduced_game(game, int(root), int(ends[root]), {}, game.is_exact)
        yield sub, infoset_map


def _restricted(game, sub, infoset_map, equilibrium):
    behavior = equilibrium.exact_behavior or equilibrium.behavior
    by_set = {s: list(behavior[p][k]) for p in range(game.num_players)
              for k, s in enumerate(game.player_infosets(p))}
    return [[by_set[infoset_map[s]] for s in sub.player_infosets(p)] for p in range(sub.num_players)]


def _with_proper_subgames(path):
    game = gt.load(path)
    if game.is_perfect_information:
        pytest.skip("perfect information: checked by test_spe.py")
    if int(subgame_roots(game).sum()) < 2:
        pytest.skip("no proper subgame")
    if not game.has_perfect_recall:
        pytest.skip("imperfect recall: decomposition refuses it")
    return game


SLOW = {"cs.efg"}  # a 64x2x8x512 root subgame with thousands of pure equilibria: about 80 s


def _marked(params):
    return [pytest.param(*p.values, marks=[*p.marks, pytest.mark.slow], id=p.id)
            if p.id in SLOW else p for p in params]


@pytest.mark.parametrize("path", _marked(corpus_params("efg")))
def test_every_profile_is_nash_in_every_subgame(path):
    """Independent check: pygambit's own regret is 0 on every subgame, and so is ours, exactly."""
    game = _with_proper_subgames(path)
    result = gt.solve(game, "spe", timeout=60)
    assert result.status == "converged" and result.equilibria
    for sub, infoset_map in _every_subgame(game):
        theirs = pygambit_game(sub)
        for equilibrium in result:
            behavior = _restricted(game, sub, infoset_map, equilibrium)
            exact = equilibrium.is_exact  # 3-player subgames may have irrational equilibria
            regret, _ = behavior_regret(sub, behavior, exact=exact)
            assert regret == 0 if exact else regret < 1e-9
            profile = theirs.mixed_behavior_profile(rational=exact)
            for player, sets in zip(theirs.players, behavior):
                for infoset, values in zip(player.infosets, sets):
                    for action, value in zip(infoset.actions, values):
                        profile[action] = Fraction(value) if exact else float(value)
            assert profile.max_regret() == 0 if exact else profile.max_regret() < 1e-9


def test_the_limit_on_compositions_is_honoured():
    game = gt.ExtensiveGame.from_tree(["Husband", "Wife"], {"chance": {"a": "1/2", "b": "1/2"}, "moves": {
        "a": BATTLE | {"infoset": "H1"} | {"moves": {k: v | {"infoset": "W1"} for k, v in BATTLE["moves"].items()}},
        "b": BATTLE | {"infoset": "H2"} | {"moves": {k: v | {"infoset": "W2"} for k, v in BATTLE["moves"].items()}}}})
    full = gt.solve(game, "spe")
    assert full.complete and len(full) == 9  # three equilibria in each of two independent subgames
    capped = gt.solve(game, "spe", max_equilibria=4)
    assert not capped.complete and len(capped) == 4


@pytest.mark.parametrize("path", corpus_params("efg"))
def test_subgame_roots_equal_pygambit(path):
    game = gt.load(path)
    if game.num_nodes > 5000:
        pytest.skip("pygambit is slow to list subgame roots on this tree")
    theirs = [bool(node.is_subgame_root) and not node.is_terminal for node in pygambit_game(game).nodes]
    assert subgame_roots(game).tolist() == theirs


def test_auto_uses_decomposition_on_trees_with_perfect_recall():
    assert gt.solve(entry_then_battle(Fraction(3, 2)), "auto").notes[0].startswith("auto chose spe")
    forgetful = gt.ExtensiveGame.from_tree(["Driver"], {"player": "Driver", "infoset": "I", "moves": {
        "exit": {"payoffs": [0]},
        "continue": {"player": "Driver", "infoset": "I",
                     "moves": {"exit": {"payoffs": [4]}, "continue": {"payoffs": [1]}}}}})
    assert gt.solve(forgetful, "auto").notes[0].startswith("auto chose enumpure")
