from fractions import Fraction

import numpy as np
import pytest

import gametheory_ukraine as gt
from gametheory_ukraine.errors import GameFormatError


def test_exact_payoffs_are_kept_beside_floats():
    game = gt.NormalFormGame.from_arrays([[1, "1/2"], ["0.25", 0]], [[0, 1], [1, 0]])
    assert game.is_exact
    assert game.exact[0, 0, 1] == Fraction(1, 2)
    assert game.exact[0, 1, 0] == Fraction(1, 4)
    assert game.payoffs.dtype == float and game.payoffs[0, 0, 1] == 0.5


def test_float_input_is_inexact():
    game = gt.NormalFormGame.from_arrays(np.array([[0.1, 1.0]]), np.array([[1.0, 0.0]]))
    assert not game.is_exact and game.shape == (1, 2)


def test_three_players_default_labels_and_shape():
    payoffs = np.arange(3 * 2 * 3 * 4).reshape(3, 2, 3, 4)
    game = gt.NormalFormGame(payoffs)
    assert game.num_players == 3 and game.shape == (2, 3, 4)
    assert game.players == ("1", "2", "3") and game.strategies[2] == ("1", "2", "3", "4")


def test_games_are_immutable_values():
    a = gt.NormalFormGame.from_arrays([[1, 2]], [[3, 4]], title="t")
    b = gt.NormalFormGame.from_arrays([[1, 2]], [[3, 4]], title="t")
    assert a == b and hash(a) == hash(b)
    assert a != gt.NormalFormGame.from_arrays([[1, 2]], [[3, 5]], title="t")
    with pytest.raises(AttributeError):
        a.title = "other"
    with pytest.raises(ValueError):
        a.payoffs[0, 0, 0] = 9
    assert "1x2" in repr(a) and "exact" in repr(a)


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), "abc", None])
def test_non_finite_or_non_numeric_payoffs_are_rejected(bad):
    with pytest.raises(GameFormatError):
        gt.NormalFormGame.from_arrays([[1, bad]], [[0, 0]])


def test_shape_and_label_mismatches_are_rejected():
    with pytest.raises(GameFormatError, match="shape"):
        gt.NormalFormGame(np.zeros((3, 2, 2)))
    with pytest.raises(GameFormatError, match="player labels"):
        gt.NormalFormGame(np.zeros((2, 2, 2)), players=["only one"])
    with pytest.raises(GameFormatError, match="strategy labels"):
        gt.NormalFormGame(np.zeros((2, 2, 2)), strategies=[["a"], ["b", "c"]])
