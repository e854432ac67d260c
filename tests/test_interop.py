"""Conversion to and from nashpy and pygambit: round trips, exactness, and the answers of their solvers."""

from __future__ import annotations

import sys
import warnings
from decimal import Decimal
from fractions import Fraction

import nashpy
import numpy as np
import pytest

import gametheory_ukraine as gt
from gametheory_ukraine.errors import GameError
from gametheory_ukraine.interop import MISSING_PYGAMBIT, from_nashpy, from_pygambit, to_nashpy, to_pygambit
from tests.corpus import CORPUS, corpus_params

# von Stengel's 3x2 bimatrix game (Handbook of Game Theory vol. 3, ch. 45): nondegenerate, three
# equilibria, two of them mixed.
VON_STENGEL_A = [[3, 3], [2, 5], [0, 6]]
VON_STENGEL_B = [[3, 2], [2, 6], [3, 1]]

# Corpus files whose labels all survive Gambit 16.7 (some only through the block of original
# labels and pygambit's "_k" placeholders, which from_pygambit undoes).
ROUND_TRIP_EFG = ["holdout.efg", "cs.efg", "2_player_chance.efg", "bayes1a.efg", "3_player.efg"]
ROUND_TRIP_NFG = ["sww1.nfg", "pd.nfg", "2x2x2.nfg", "todd1.nfg"]
BIMATRIX_NFG = ["sww1.nfg", "pd.nfg", "todd1.nfg", "coord3.nfg"]


def load_quietly(path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # legacy corpus files: trailing text, old label rules
        return gt.load(path)


def corpus_game(kind: str, name: str):
    path = CORPUS / kind / name
    if not path.is_file():
        pytest.skip(f"corpus file {path} not found")
    return load_quietly(path)


def bundled(name: str):
    return gt.load(name).game()


def labels_of(game: gt.NormalFormGame) -> dict:
    return {"players": game.players, "strategies": game.strategies, "title": game.title}


def structure(game):
    """Everything but the labels: the tree (or table) and its exact numbers."""
    if isinstance(game, gt.NormalFormGame):
        return game.shape, game.payoff_table(exact=True).ravel().tolist()
    return (game.num_players,
            [(node.children, node.infoset, node.outcome) for node in game.nodes],
            [(s.player, len(s.actions), s.probabilities) for s in game.infosets],
            [o.payoffs for o in game.outcomes])


def profiles_match(found, expected, tolerance=1e-9) -> bool:
    """Two lists of profiles (flat vectors) are the same set, up to float tolerance."""
    unmatched = [np.asarray(e, dtype=float) for e in expected]
    for profile in found:
        hits = [k for k, e in enumerate(unmatched) if np.allclose(profile, e, atol=tolerance)]
        if len(hits) != 1:
            return False
        unmatched.pop(hits[0])
    return not unmatched


# ---------------------------------------------------------------------------------------
# nashpy


def test_nashpy_round_trip_of_the_posture_game_is_equal_and_stays_exact():
    game = bundled("m1-posture")
    nashpy_game = to_nashpy(game)
    assert isinstance(nashpy_game, nashpy.Game)
    back = from_nashpy(nashpy_game, **labels_of(game))
    assert back == game
    # the posture game has half-integer payoffs: nashpy gets floats, and the game comes back as floats
    assert not back.is_exact and np.array_equal(back.payoffs, game.payoffs)


def test_nashpy_round_trip_of_an_integer_game_keeps_it_exact():
    game = gt.NormalFormGame.from_arrays(VON_STENGEL_A, VON_STENGEL_B, players=["I", "II"],
                                         strategies=[["T", "M", "B"], ["l", "r"]], title="von Stengel")
    nashpy_game = game.to_nashpy()
    assert nashpy_game.payoff_matrices[0].dtype.kind == "i"
    back = gt.NormalFormGame.from_nashpy(nashpy_game, **labels_of(game))
    assert back == game and back.is_exact and back.exact[0, 1, 1] == Fraction(5)


@pytest.mark.parametrize("name", BIMATRIX_NFG)
def test_nashpy_round_trip_of_corpus_bimatrix_games(name):
    game = corpus_game("nfg", name)
    assert from_nashpy(to_nashpy(game), **labels_of(game)) == game


def test_nashpy_support_enumeration_agrees_with_enummixed_on_a_nondegenerate_game():
    game = gt.NormalFormGame.from_arrays(VON_STENGEL_A, VON_STENGEL_B)
    assert gt.is_degenerate(game) is None
    theirs = [np.concatenate(pair) for pair in to_nashpy(game).support_enumeration()]
    ours = gt.solve(game, "enummixed")
    assert len(theirs) == len(ours) == 3
    assert profiles_match(theirs, [np.concatenate(e.profile) for e in ours])
    assert {tuple(Fraction(x) for p in e.exact_profile for x in p) for e in ours} >= {
        (Fraction(4, 5), Fraction(1, 5), Fraction(0), Fraction(2, 3), Fraction(1, 3))}


def test_nashpy_support_enumeration_agrees_on_the_bundled_posture_game():
    game = bundled("m1-posture")
    assert gt.is_degenerate(game) is None
    theirs = [np.concatenate(pair) for pair in to_nashpy(game).support_enumeration()]
    assert profiles_match(theirs, [np.concatenate(e.profile) for e in gt.solve(game, "enummixed")])


def test_nashpy_needs_a_two_player_strategic_game():
    three = gt.NormalFormGame(np.zeros((3, 2, 2, 2), dtype=int))
    with pytest.raises(GameError, match="two-player games; this game has 3 players"):
        to_nashpy(three)
    with pytest.raises(GameError, match="nashpy holds strategic games"):
        to_nashpy(bundled("m3-signalling"))
    with pytest.raises(GameError, match="not a two-player nashpy game"):
        from_nashpy(object())


# ---------------------------------------------------------------------------------------
# pygambit: round trips


@pytest.mark.parametrize("name", ["m1-posture", "m2-ladder", "m3-signalling"])
def test_pygambit_round_trip_of_the_bundled_models(name):
    pytest.importorskip("pygambit")
    game = bundled(name)
    back = from_pygambit(to_pygambit(game))
    assert type(back) is type(game) and back == game
    assert back.is_exact and back.description == game.description


@pytest.mark.parametrize("kind,name", [("efg", n) for n in ROUND_TRIP_EFG] + [("nfg", n) for n in ROUND_TRIP_NFG])
def test_pygambit_round_trip_of_corpus_games(kind, name):
    pytest.importorskip("pygambit")
    game = corpus_game(kind, name)
    assert from_pygambit(to_pygambit(game)) == game


@pytest.mark.parametrize("path", corpus_params("efg") + corpus_params("nfg"))
def test_pygambit_keeps_every_corpus_game_and_its_exact_numbers(path):
    """Labels aside (Gambit 16.7 renames repeated ones), every corpus game survives the trip."""
    pytest.importorskip("pygambit")
    game = load_quietly(path)
    assert structure(from_pygambit(to_pygambit(game))) == structure(game)


def test_pygambit_holds_exact_rationals_for_payoffs_and_chance():
    gbt = pytest.importorskip("pygambit")
    tree = to_pygambit(bundled("m3-signalling"))
    chance = tree.root.infoset
    assert [a.prob for a in chance.actions] == [gbt.Rational(1, 3)] * 3
    ladder = to_pygambit(bundled("m2-ladder"))
    payoffs = {o[p] for o in ladder.outcomes for p in ladder.players}
    assert gbt.Rational(-47, 2) in payoffs and all(isinstance(x, gbt.Rational) for x in payoffs)


def test_labels_gambit_refuses_come_back_as_they_were():
    pytest.importorskip("pygambit")
    game = gt.ExtensiveGame.from_tree(["Añna", "Борис"], {
        "player": "Añna", "infoset": "décision", "moves": {
            "entrer": {"chance": {"haut": "1/3", "bas": "2/3"}, "moves": {
                "haut": {"payoffs": ["1/3", -1], "label": "même"},
                "bas": {"player": "Борис", "moves": {"a": {"payoffs": [2, "5/7"], "label": "même"},
                                                      "b": {"payoffs": [0, 0]}}}}},
            "rester": {"payoffs": [1, 1], "outcome": "status quo"}}}, title="Entrée — sortie")
    pygambit_game = to_pygambit(game)
    assert [p.label for p in pygambit_game.players] == ["Anna", "?????"]  # what Gambit sees: ASCII
    back = from_pygambit(pygambit_game)
    assert back == game and back.nodes[2].label == "même" and back.players == ("Añna", "Борис")


def test_float_payoffs_come_back_as_the_exact_decimals_gambit_holds():
    gbt = pytest.importorskip("pygambit")
    game = gt.NormalFormGame.from_arrays(np.array([[0.1, 1.0]]), np.array([[2.5, 0.0]]))
    table = to_pygambit(game)
    row_player = list(table.players)[0]
    assert [o[row_player] for o in table.outcomes] == [Decimal("0.1"), Decimal("1.0")]
    assert table.to_arrays()[0][0, 0] == gbt.Rational(1, 10)
    back = from_pygambit(table)
    assert back.is_exact and back.exact[0, 0, 0] == Fraction(1, 10) and back == game


def test_games_from_pygambit_itself():
    gbt = pytest.importorskip("pygambit")
    table = gbt.Game.from_arrays([[1, 0], [0, 1]], [[0, 1], [1, 0]], title="Pennies")
    game = gt.NormalFormGame.from_pygambit(table)
    assert game.title == "Pennies" and game.shape == (2, 2) and game.exact[1, 0, 1] == 1
    tree = gbt.Game.new_tree(players=["A", "B"], title="Built in pygambit")
    tree.append_move(tree.root, tree.players["A"], ["L", "R"])
    tree.append_move(list(tree.root.children), tree.players["B"], ["l", "r"])  # one information set
    for k, leaf in enumerate(n for n in tree.nodes if n.is_terminal):
        tree.set_outcome(leaf, tree.add_outcome(label=f"o{k}", payoffs=[gbt.Rational(k, 2), -k]))
    ours = gt.ExtensiveGame.from_pygambit(tree)
    assert ours.num_nodes == 7 and len(ours.infosets) == 2 and not ours.is_perfect_information
    assert [o.label for o in ours.outcomes] == ["o0", "o1", "o2", "o3"]
    assert ours.outcomes[3].payoffs == (Fraction(3, 2), Fraction(-3))


def test_a_tree_read_as_a_table_is_its_reduced_strategic_form_as_gambit_computes_it():
    gbt = pytest.importorskip("pygambit")
    tree = bundled("m3-signalling")
    strategic = gt.NormalFormGame.from_pygambit(tree.to_pygambit())
    assert strategic == gt.reduced_strategic_form(tree)
    gambit_tables = tree.to_pygambit().to_arrays(dtype=gbt.Rational)
    for p in range(2):
        assert [Fraction(str(x)) for x in gambit_tables[p].ravel()] == list(strategic.exact[p].ravel())


def test_a_table_is_not_a_tree():
    gbt = pytest.importorskip("pygambit")
    with pytest.raises(GameError, match="is a table, not a tree"):
        gt.ExtensiveGame.from_pygambit(gbt.Game.from_arrays([[1]], [[1]]))
    with pytest.raises(GameError, match="needs a pygambit.Game"):
        from_pygambit("not a game")


# ---------------------------------------------------------------------------------------
# pygambit's solvers on our games


@pytest.mark.parametrize("name", [
    pytest.param("m2-ladder", marks=pytest.mark.slow),  # 32768 profiles: pygambit takes ~9 s
    "m3-signalling", "authorization-sequential"])
def test_pygambit_enumpure_finds_our_pure_equilibria_on_trees(name):
    gbt = pytest.importorskip("pygambit")
    game = bundled(name)
    gambit_game = to_pygambit(game)
    theirs = gbt.nash.enumpure_solve(gambit_game).equilibria
    ours = gt.solve(game, "enumpure")
    assert len(theirs) == len(ours) > 0
    players = list(gambit_game.players)
    their_payoffs = sorted(tuple(Fraction(str(eq.payoff(p))) for p in players) for eq in theirs)
    assert their_payoffs == sorted(tuple(e.exact_payoffs) for e in ours)


# ---------------------------------------------------------------------------------------
# pygambit missing


def test_missing_pygambit_is_one_clear_error(monkeypatch):
    monkeypatch.setitem(sys.modules, "pygambit", None)  # `import pygambit` now raises ImportError
    game = bundled("m3-signalling")
    for call in (lambda: to_pygambit(game), lambda: game.to_pygambit(), lambda: from_pygambit(object()),
                 lambda: gt.NormalFormGame.from_pygambit(object())):
        with pytest.raises(GameError) as caught:
            call()
        assert str(caught.value) == MISSING_PYGAMBIT == "pygambit is not installed: pip install pygambit"
