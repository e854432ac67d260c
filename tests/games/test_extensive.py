from fractions import Fraction

import pytest

import gametheory_ukraine as gt
from gametheory_ukraine.errors import GameError, GameFormatError
from gametheory_ukraine.games import CHANCE, ExtensiveGame, Infoset, Node, Outcome

from ..corpus import corpus_params

ENTRY = {"player": "Entrant", "moves": {
    "Out": {"payoffs": [0, 2]},
    "In": {"player": "Incumbent", "moves": {"Fight": {"payoffs": [-1, -1]}, "Accommodate": {"payoffs": [1, 1]}}}}}


def matching_pennies_tree():
    return gt.ExtensiveGame.from_tree(["1", "2"], {"player": "1", "moves": {
        "H": {"player": "2", "infoset": "guess", "moves": {"h": {"payoffs": [1, -1]}, "t": {"payoffs": [-1, 1]}}},
        "T": {"player": "2", "infoset": "guess", "moves": {"h": {"payoffs": [-1, 1]}, "t": {"payoffs": [1, -1]}}}}})


def test_flat_arrays_of_a_small_tree():
    game = gt.ExtensiveGame.from_tree(["Entrant", "Incumbent"], ENTRY)
    arrays = game.arrays
    assert game.num_nodes == 5
    assert arrays.parent.tolist() == [-1, 0, 0, 2, 2]
    assert arrays.player.tolist() == [0, -2, 1, -2, -2]
    assert arrays.num_children.tolist() == [2, 0, 2, 0, 0]
    assert arrays.leaves.tolist() == [1, 3, 4]
    assert game.leaf_payoffs().tolist() == [[0, 2], [-1, -1], [1, 1]]
    assert [lvl.tolist() for lvl in arrays.levels] == [[0], [1, 2], [3, 4]]
    assert game.is_perfect_information and game.has_perfect_recall


def test_chance_probabilities_and_nonterminal_outcomes_accumulate():
    tree = {"chance": {"good": "1/3", "bad": "2/3"}, "payoffs": [1, 0], "moves": {
        "good": {"player": "A", "moves": {"x": {"payoffs": [2, 2]}, "y": {"payoffs": [0, 1]}}},
        "bad": {"payoffs": [-1, 5]}}}
    game = gt.ExtensiveGame.from_tree(["A", "B"], tree)
    assert game.is_exact
    leaves = game.leaf_payoffs(exact=True)
    assert leaves.tolist() == [[3, 2], [1, 1], [0, 5]]
    assert game.arrays.chance_reach[game.arrays.leaves].tolist() == pytest.approx([1 / 3, 1 / 3, 2 / 3])
    assert game.infosets[0].probabilities == (Fraction(1, 3), Fraction(2, 3))


def test_information_sets_and_perfect_recall():
    game = matching_pennies_tree()
    assert not game.is_perfect_information
    assert game.has_perfect_recall
    assert game.members[1] == (1, 4)


def test_imperfect_recall_is_detected_and_reported():
    # Player 1 moves, then must choose again without remembering her first move.
    forgetful = gt.ExtensiveGame.from_tree(["1"], {"player": "1", "moves": {
        "L": {"player": "1", "infoset": "later", "moves": {"a": {"payoffs": [1]}, "b": {"payoffs": [0]}}},
        "R": {"player": "1", "infoset": "later", "moves": {"a": {"payoffs": [0]}, "b": {"payoffs": [2]}}}}})
    assert not forgetful.has_perfect_recall
    assert "forgets at information set 'later'" in forgetful.recall_violations[0]


def test_absent_mindedness_is_imperfect_recall():
    nodes = [Node((1, 2), 0), Node((3, 4), 0), Node(outcome=0), Node(outcome=1), Node(outcome=2)]
    game = gt.ExtensiveGame(["driver"], nodes, [Infoset(0, ("exit", "continue"))],
                            [Outcome((0,)), Outcome((4,)), Outcome((1,))])
    assert not game.has_perfect_recall


def test_canonical_order_makes_equal_games_equal():
    # The same tree with nodes listed in another order.
    a = gt.ExtensiveGame.from_tree(["Entrant", "Incumbent"], ENTRY)
    nodes = [Node((3, 1), 0), Node((4, 2), 1), Node(outcome=2), Node(outcome=0), Node(outcome=1)]
    infosets = [Infoset(0, ("Out", "In")), Infoset(1, ("Fight", "Accommodate"))]
    outcomes = [Outcome((0, 2)), Outcome((-1, -1)), Outcome((1, 1))]
    b = gt.ExtensiveGame(["Entrant", "Incumbent"], nodes, infosets, outcomes)
    assert a == b and hash(a) == hash(b)
    with pytest.raises(AttributeError):
        a.title = "x"
    with pytest.raises(ValueError):
        a.arrays.payoffs[0, 0] = 1.0
    assert "5 nodes" in repr(a) and "perfect information" in repr(a)


@pytest.mark.parametrize("tree, message", [
    ({"player": "Nobody", "moves": {"a": {"payoffs": [0, 0]}}}, "unknown player"),
    ({"chance": {"a": "1/2", "b": "1/3"}, "moves": {"a": {"payoffs": [0, 0]}, "b": {"payoffs": [0, 0]}}}, "sum to"),
    ({"chance": {"a": -1, "b": 2}, "moves": {"a": {"payoffs": [0, 0]}, "b": {"payoffs": [0, 0]}}}, "negative"),
    ({"player": "A", "moves": {"a": {"payoffs": [0, float("nan")]}}}, "not finite"),
    ({"player": "A", "moves": {"a": {"payoffs": [0, float("inf")]}}}, "not finite"),
    ({"player": "A", "moves": {"a": {"payoffs": [0]}}}, "1 payoffs for 2 players"),
    ({"player": "A", "moves": {
        "x": {"player": "A", "infoset": "I", "moves": {"a": {"payoffs": [0, 0]}}},
        "y": {"player": "B", "infoset": "I", "moves": {"a": {"payoffs": [0, 0]}}}}}, "mixes players"),
    ({"player": "A", "moves": {
        "x": {"player": "B", "infoset": "I", "moves": {"a": {"payoffs": [0, 0]}}},
        "y": {"player": "B", "infoset": "I", "moves": {"b": {"payoffs": [0, 0]}}}}}, "has actions"),
])
def test_malformed_trees_are_rejected(tree, message):
    with pytest.raises(GameFormatError, match=message):
        gt.ExtensiveGame.from_tree(["A", "B"], tree)


def test_structural_errors_in_raw_nodes():
    with pytest.raises(GameFormatError, match="two parents"):
        gt.ExtensiveGame(["A"], [Node((1, 1), 0), Node(outcome=0)], [Infoset(0, ("a", "b"))], [Outcome((0,))])
    with pytest.raises(GameFormatError, match="children but its information set"):
        gt.ExtensiveGame(["A"], [Node((1,), 0), Node(outcome=0)], [Infoset(0, ("a", "b"))], [Outcome((0,))])
    with pytest.raises(GameFormatError, match="player 3"):
        gt.ExtensiveGame(["A"], [Node((1,), 0), Node()], [Infoset(2, ("a",))])
    with pytest.raises(GameFormatError):
        Infoset(CHANCE, ("a",), probabilities=None)


@pytest.mark.parametrize("path", corpus_params("efg"))
def test_perfect_recall_agrees_with_pygambit(path):
    pygambit = pytest.importorskip("pygambit")
    from gametheory_ukraine.formats.gambit import read_gambit
    try:
        theirs = pygambit.read_efg(str(path))
    except Exception as error:
        pytest.skip(f"pygambit cannot read it: {error}")
    ours = read_gambit(path)
    assert ours.has_perfect_recall == theirs.is_perfect_recall
    assert len(ours.arrays.leaves) == sum(1 for node in theirs.nodes if node.is_terminal)


def test_node_at_inverts_path():
    game = ExtensiveGame.from_tree(["A", "B"], {"player": "A", "moves": {
        "x": {"player": "B", "moves": {"l": {"payoffs": [1, 0]}, "r": {"payoffs": [0, 1]}}},
        "y": {"payoffs": [0, 0]}}})
    for node in range(game.num_nodes):
        labels = [game.infosets[game.nodes[v].infoset].actions[a] for v, a in game.path(node)]
        assert game.node_at(labels) == node
    with pytest.raises(GameError, match="no action 'z'"):
        game.node_at(["x", "z"])
    with pytest.raises(GameError, match="terminal"):
        game.node_at(["y", "l"])
