from fractions import Fraction

import pytest

import gametheory_ukraine as gt
from gametheory_ukraine.errors import GameTooLargeError
from gametheory_ukraine.games import convert
from gametheory_ukraine.games.convert import reduced_strategic_form, reduced_strategies

from ..corpus import corpus_params
from ..games_library import CENTIPEDE



def test_reduced_strategies_merge_unreachable_choices():
    game = gt.ExtensiveGame.from_tree(["A", "B"], CENTIPEDE)
    assert [s.label for s in reduced_strategies(game, 0)] == ["1*", "21", "22"]
    assert [s.label for s in reduced_strategies(game, 1)] == ["1", "2"]
    table = reduced_strategic_form(game)
    assert table.shape == (3, 2)
    # A: stop at once pays 1 whatever B does; go-then-go pays 2 only if B goes.
    assert table.exact[0].tolist() == [[1, 1], [0, 3], [0, 2]]
    assert table.exact[1].tolist() == [[0, 0], [2, 1], [2, 4]]


def test_expected_payoffs_over_chance_are_exact():
    game = gt.ExtensiveGame.from_tree(["A"], {"chance": {"h": "1/3", "t": "2/3"}, "moves": {
        "h": {"player": "A", "infoset": "blind", "moves": {"x": {"payoffs": [3]}, "y": {"payoffs": [0]}}},
        "t": {"player": "A", "infoset": "blind", "moves": {"x": {"payoffs": [0]}, "y": {"payoffs": [1]}}}}})
    table = reduced_strategic_form(game)
    assert table.exact[0].tolist() == [Fraction(1), Fraction(2, 3)]


def test_too_large_games_are_refused(monkeypatch):
    monkeypatch.setattr(convert, "MAX_PROFILES", 2)
    game = gt.ExtensiveGame.from_tree(["A", "B"], CENTIPEDE)
    with pytest.raises(GameTooLargeError, match="strategy profiles"):
        reduced_strategic_form(game)


@pytest.mark.parametrize("path", corpus_params("efg"))
def test_strategy_counts_and_labels_equal_pygambit(path):
    pygambit = pytest.importorskip("pygambit")
    from gametheory_ukraine.formats.gambit import read_gambit
    try:
        theirs = pygambit.read_efg(str(path))
    except Exception as error:  # pygambit 16.7 rejects a few legacy files (label rules)
        pytest.skip(f"pygambit cannot read it: {error}")
    ours = read_gambit(path)
    for p, player in enumerate(theirs.players):
        assert [s.label for s in reduced_strategies(ours, p)] == [s.label for s in player.strategies]


def test_huge_exact_payoffs_take_the_python_integer_path():
    game = gt.ExtensiveGame.from_tree(["A", "B"], {"chance": {"x": "1/3", "y": "2/3"}, "moves": {
        "x": {"player": "A", "infoset": "i", "moves": {"a": {"payoffs": [10**30, 1]}, "b": {"payoffs": [0, 0]}}},
        "y": {"player": "A", "infoset": "i", "moves": {"a": {"payoffs": ["1/7", 0]}, "b": {"payoffs": [0, 1]}}}}})
    table = reduced_strategic_form(game).exact
    assert table[0, 0, 0] == Fraction(10**30, 3) + Fraction(2, 21)
    assert table[1, :, 0].tolist() == [Fraction(1, 3), Fraction(2, 3)]


@pytest.mark.parametrize("path", corpus_params("efg"))
def test_counting_equals_listing(path):
    from gametheory_ukraine.formats.gambit import read_gambit
    from gametheory_ukraine.games.convert import count_reduced_strategies
    game = read_gambit(path)
    for p in range(game.num_players):
        if game.has_perfect_recall and count_reduced_strategies(game, p) > 20000:
            continue  # ttt: listing 668,360 strategies is the slow path the count avoids
        assert count_reduced_strategies(game, p) == len(reduced_strategies(game, p))
