"""enumpoly: known answers (2x2, McKelvey-McLennan's 2x2x2), the exact and numerical engines
against each other, pygambit's enumpoly and enummixed on the corpus, continua, limits, budgets."""

import functools
import multiprocessing
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import gametheory_ukraine as gt
from gametheory_ukraine.solvers.budget import Budget
from gametheory_ukraine.solvers.enumpoly import enumpoly, support_profile_count
from gametheory_ukraine.solvers.pure import pure_equilibria

from ..corpus import corpus_params

F = Fraction
TOLERANCE = 1e-6


# -- helpers ------------------------------------------------------------------------------

def floats(result):
    return [[np.asarray(p, dtype=float) for p in e.profile] for e in result.equilibria]


def same(a, b, tolerance=TOLERANCE):
    return all(np.abs(np.asarray(x) - np.asarray(y)).max() <= tolerance for x, y in zip(a, b))


def missing(these, those):
    """Profiles of ``these`` with no match in ``those``."""
    return [a for a in these if not any(same(a, b) for b in those)]


def brute_regret(payoffs, profile):
    """Largest gain from a pure deviation, computed independently of the package."""
    n = payoffs.shape[0]
    worst = 0.0
    for i in range(n):
        values = payoffs[i]
        for j in reversed(range(n)):
            if j != i:
                values = np.tensordot(values, profile[j], axes=([j], [0]))
        worst = max(worst, values.max() - values @ profile[i])
    return worst


def check_certificates(game, result):
    for e in result.equilibria:
        assert e.regret < 1e-8
        assert brute_regret(game.payoffs, [np.asarray(p) for p in e.profile]) < 1e-8
        if e.exact_profile is not None:
            assert e.regret == 0 and all(sum(p) == 1 for p in e.exact_profile)
            assert [[float(x) for x in p] for p in e.exact_profile] == [list(p) for p in e.profile]


def mckelvey_mclennan():
    # Gambit's 2x2x2.nfg: nine equilibria, two of them totally mixed.
    return gt.NormalFormGame([[[[9, 0], [0, 3]], [[0, 3], [9, 0]]],
                              [[[8, 0], [0, 4]], [[0, 4], [8, 0]]],
                              [[[12, 0], [0, 6]], [[0, 6], [2, 0]]]])


MCKELVEY_MCLENNAN = {
    ((F(1), F(0)), (F(1), F(0)), (F(1), F(0))),
    ((F(1), F(0)), (F(0), F(1)), (F(0), F(1))),
    ((F(0), F(1)), (F(1), F(0)), (F(0), F(1))),
    ((F(0), F(1)), (F(0), F(1)), (F(1), F(0))),
    ((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2)), (F(1), F(0))),
    ((F(1, 3), F(2, 3)), (F(1), F(0)), (F(1, 4), F(3, 4))),
    ((F(0), F(1)), (F(1, 4), F(3, 4)), (F(1, 3), F(2, 3))),
    ((F(1, 2), F(1, 2)), (F(2, 5), F(3, 5)), (F(1, 4), F(3, 4))),
    ((F(2, 5), F(3, 5)), (F(1, 2), F(1, 2)), (F(1, 3), F(2, 3))),
}


# -- known answers ------------------------------------------------------------------------

def test_two_by_two_mixed_equilibria_are_exact():
    battle = gt.NormalFormGame.from_arrays([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    result = gt.solve(battle, "enumpoly")
    assert {e.exact_profile for e in result} == {
        ((F(1), F(0)), (F(1), F(0))), ((F(0), F(1)), (F(0), F(1))),
        ((F(2, 3), F(1, 3)), (F(1, 3), F(2, 3)))}
    assert result.complete and result.status == "converged"
    pennies = gt.NormalFormGame.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    (only,) = gt.solve(pennies, "enumpoly").equilibria
    assert only.exact_profile == ((F(1, 2), F(1, 2)),) * 2 and only.exact_payoffs == (0, 0)
    check_certificates(pennies, gt.solve(pennies, "enumpoly"))


def test_mckelvey_mclennan_nine_equilibria_exactly():
    game = mckelvey_mclennan()
    result = gt.solve(game, "enumpoly")
    assert {e.exact_profile for e in result} == MCKELVEY_MCLENNAN
    assert len(result) == 9 and result.complete
    check_certificates(game, result)
    by_profile = {e.exact_profile: e.exact_payoffs for e in result}
    assert by_profile[((F(1, 2), F(1, 2)), (F(2, 5), F(3, 5)), (F(1, 4), F(3, 4)))] == (F(9, 4), F(5, 2), F(3))


def test_numerical_engine_agrees_with_the_exact_one():
    # exact_max_variables=0 sends every 3-player system to the interval subdivision;
    # a float copy of the game goes through the float paths; all three answers agree.
    game = mckelvey_mclennan()
    numeric = gt.solve(game, "enumpoly", exact_max_variables=0)
    as_floats = gt.solve(gt.NormalFormGame(np.asarray(game.payoffs, dtype=float)), "enumpoly")
    assert {e.exact_profile for e in numeric} == MCKELVEY_MCLENNAN  # rational roots recovered exactly
    assert len(as_floats) == 9 and not missing(floats(as_floats), floats(numeric))
    assert all(e.exact_profile is None and e.regret < 1e-12 for e in as_floats)


def test_irrational_equilibrium_is_float_certified_with_a_note():
    # Nau et al. (2004), section 4: the unique equilibrium is irrational, with
    # p = (53 - sqrt(601)) / 46, q = (sqrt(601) - 13) / 24, r = (sqrt(601) - 23) / 4.
    game = gt.NormalFormGame([[[[3, 1], [0, 0]], [[0, 0], [1, 2]]],
                              [[[0, 0], [2, 1]], [[1, 3], [0, 0]]],
                              [[[2, 0], [0, 0]], [[0, 0], [0, 3]]]])
    root = np.sqrt(601)
    expected = [(53 - root) / 46, (root - 13) / 24, (root - 23) / 4]
    for options in ({}, {"exact_max_variables": 0}):  # sympy's radicals, then the subdivision
        result = gt.solve(game, "enumpoly", **options)
        (only,) = result.equilibria
        assert only.exact_profile is None and only.regret < 1e-14
        assert np.allclose([p[0] for p in only.profile], expected, atol=1e-14, rtol=0)
        assert result.complete and any("irrational" in n for n in result.notes)


def test_double_root_is_found_by_both_engines():
    # The totally mixed equilibrium is a double root of the indifference equations, where
    # the Krawczyk test cannot succeed: the subdivision shrinks boxes onto it and Newton's
    # method (least squares) locates it; the exact engine gets it from the Groebner basis.
    game = gt.NormalFormGame([[[[-2, 0], [-3, 2]], [[-2, -3], [3, 2]]],
                              [[[1, -1], [0, -3]], [[-2, 1], [2, 0]]],
                              [[[0, -1], [-1, -1]], [[0, 2], [2, 0]]]])
    double = ((F(1, 2), F(1, 2)), (F(2, 3), F(1, 3)), (F(1, 2), F(1, 2)))
    exact = gt.solve(game, "enumpoly")
    numeric = gt.solve(game, "enumpoly", exact_max_variables=0)
    assert {e.exact_profile for e in exact} == {e.exact_profile for e in numeric}
    assert double in {e.exact_profile for e in numeric} and len(numeric) == 3
    assert any("multiple roots" in n for n in numeric.notes)


def test_pure_equilibria_are_always_among_the_answers():
    game = mckelvey_mclennan()
    pure = {tuple(int(np.argmax(p)) for p in e.profile) for e in gt.solve(game, "enumpoly") if e.is_pure}
    assert pure == set(pure_equilibria(game))


# -- continua -------------------------------------------------------------------------------

def test_two_player_continuum_is_noted_not_listed():
    zeros = gt.NormalFormGame.from_arrays([[0, 0], [0, 0]], [[0, 0], [0, 0]])
    result = gt.solve(zeros, "enumpoly")
    assert len(result) == 4 and all(e.is_pure for e in result)
    assert not result.complete
    continua = [n for n in result.notes if "continuum of equilibria" in n]
    assert len(continua) == 5 and any("({1, 2}, {1, 2})" in n for n in continua)


def test_three_player_continuum_is_noted_not_listed():
    # Players 1 and 2 play matching pennies; player 3 is indifferent to everything, so
    # ((1/2, 1/2), (1/2, 1/2), any mixture) is a segment of equilibria.
    payoffs = np.zeros((3, 2, 2, 2), dtype=int)
    pennies = np.array([[1, -1], [-1, 1]])
    payoffs[0] = pennies[:, :, None]
    payoffs[1] = -pennies[:, :, None]
    game = gt.NormalFormGame(payoffs)
    result = gt.solve(game, "enumpoly")
    half = (F(1, 2), F(1, 2))
    assert {e.exact_profile for e in result} == {(half, half, (F(1), F(0))), (half, half, (F(0), F(1)))}
    assert not result.complete
    (note,) = [n for n in result.notes if "({1, 2}, {1, 2}, {1, 2})" in n]
    assert "continuum of equilibria" in note


# -- limits and budgets ------------------------------------------------------------------

def test_too_large_games_are_refused_with_the_count():
    assert support_profile_count((10, 10)) == 1023 ** 2
    big = gt.NormalFormGame(np.zeros((2, 10, 10), dtype=int))
    with pytest.raises(gt.GameTooLargeError, match="1046529 support profiles"):
        gt.solve(big, "enumpoly")
    with pytest.raises(gt.GameTooLargeError, match="lemke-howson"):
        enumpoly(mckelvey_mclennan(), max_profiles=26)
    assert len(enumpoly(mckelvey_mclennan(), max_profiles=27)) == 9


def test_budget_stops_cleanly_with_what_was_found():
    game = mckelvey_mclennan()
    result = enumpoly(game, budget=Budget(iterations=8))
    assert result.status == "budget_exceeded" and not result.complete
    assert 0 < len(result) < 9 and {e.exact_profile for e in result} <= MCKELVEY_MCLENNAN
    assert any("stopped after 8 of 27" in n for n in result.notes)
    timed = gt.solve(game, "enumpoly", timeout=0.0)
    assert timed.status == "budget_exceeded" and not timed.complete


# -- random games --------------------------------------------------------------------------

@settings(max_examples=25, deadline=None)
@given(arrays(np.int64, (3, 2, 2, 2), elements=st.integers(-4, 4)))
def test_random_three_player_games_exact_and_float_agree(payoffs):
    game = gt.NormalFormGame(payoffs)
    exact = gt.solve(game, "enumpoly")
    check_certificates(game, exact)
    assert {tuple(int(np.argmax(p)) for p in e.profile) for e in exact if e.is_pure} == set(pure_equilibria(game))
    if exact.complete:
        as_floats = gt.solve(gt.NormalFormGame(payoffs.astype(float)), "enumpoly")
        assert not missing(floats(exact), floats(as_floats)) and not missing(floats(as_floats), floats(exact))


@settings(max_examples=25, deadline=None)
@given(arrays(np.int64, (2, 3, 3), elements=st.integers(-3, 3)))
def test_random_bimatrix_games_against_pygambit_enummixed(payoffs):
    pygambit = pytest.importorskip("pygambit")
    game = gt.NormalFormGame(payoffs)
    ours = gt.solve(game, "enumpoly")
    check_certificates(game, ours)
    theirs = _enummixed(pygambit, pygambit.Game.from_arrays(payoffs[0], payoffs[1]))
    # Every answer is an extreme equilibrium; without continua they are all of them.
    assert not missing(floats(ours), theirs)
    if ours.complete:
        assert not missing(theirs, floats(ours))


# -- the corpus, against pygambit -----------------------------------------------------------

# pygambit 16.7's enumpoly does not return on these (continua of equilibria, or slow on
# larger two-player games); our answers for them are checked against enummixed below.
PYGAMBIT_ENUMPOLY_HANGS = {
    "csg2.nfg", "csg4.nfg", "deg2.nfg", "nau2004__sec6.nfg", "perfect1.nfg", "perfect2.nfg",
    "perfect3.nfg", "todd3.nfg", "vd.nfg", "vonstengel1999__6x6_game_with_75_eq.nfg",
    "vonstengel1999__6x6_game_with_75_eq_small_payoffs.nfg", "winkels.nfg"}
# Equilibria pygambit 16.7's enumpoly misses on these games (each of ours is certified: the
# rational ones exactly, and every one by an independent regret computation).
PYGAMBIT_ENUMPOLY_MISSES = {
    "2x2x2x2x2.nfg": 1, "3x3x3.nfg": 1, "8x2x2.nfg": 1, "8x8.nfg": 1, "coord3.nfg": 1,
    "coord4.nfg": 5, "csg3.nfg": 2, "g3.nfg": 1, "sh3.nfg": 1, "shapley1974__fig3.nfg": 1}
SLOW = {"5x4x3.nfg", "8x8.nfg"}  # 13 s for us, 6 s for pygambit


@functools.lru_cache(maxsize=None)
def _ours(path):
    from gametheory_ukraine.formats.gambit import read_gambit
    game = read_gambit(path)
    return game, gt.solve(game, "enumpoly")


def _pygambit_child(path, method, connection):
    import pygambit
    game = pygambit.read_nfg(str(path))
    solve = pygambit.nash.enumpoly_solve if method == "enumpoly" else (
        lambda g: pygambit.nash.enummixed_solve(g, rational=False))
    result = solve(game)
    connection.send([[[float(profile[s]) for s in player.strategies] for player in game.players]
                     for profile in result.equilibria])


def _pygambit(path, method, seconds=30.0):
    """pygambit's answer, computed in a forked child so that a hang can be cut off."""
    pytest.importorskip("pygambit")
    try:
        context = multiprocessing.get_context("fork")
    except ValueError:
        pytest.skip("needs fork to run pygambit with a time limit")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_pygambit_child, args=(path, method, send))
    child.start()
    if not receive.poll(seconds):
        child.kill()
        child.join()
        pytest.skip(f"pygambit {method} did not finish in {seconds:g} s")
    answer = receive.recv()
    child.join()
    return [[np.array(p) for p in profile] for profile in answer]


def _enummixed(pygambit, game):
    result = pygambit.nash.enummixed_solve(game, rational=False)
    return [[np.array([float(profile[s]) for s in player.strategies]) for player in game.players]
            for profile in result.equilibria]


def _corpus(players):
    from gametheory_ukraine.formats.gambit import read_gambit
    params = []
    for param in corpus_params("nfg"):
        path = param.values[0]
        if path is None:
            params.append(param)
            continue
        if (read_gambit(path).num_players == 2) != (players == 2):
            continue
        marks = [pytest.mark.slow] if path.name in SLOW else []
        params.append(pytest.param(path, id=path.name, marks=marks))
    return params


@pytest.mark.parametrize("path", _corpus(3) + _corpus(2))
def test_corpus_against_pygambit_enumpoly(path):
    if path.name in PYGAMBIT_ENUMPOLY_HANGS:
        pytest.skip("pygambit 16.7 enumpoly does not finish on this game")
    game, ours = _ours(path)
    check_certificates(game, ours)
    theirs = _pygambit(path, "enumpoly")
    assert not missing(theirs, floats(ours)), "an equilibrium of pygambit's is missing"
    extra = missing(floats(ours), theirs)
    for profile in extra:
        assert brute_regret(game.payoffs, profile) < 1e-9
    import pygambit
    if pygambit.__version__.startswith("16.7"):
        assert len(extra) == PYGAMBIT_ENUMPOLY_MISSES.get(path.name, 0)


@pytest.mark.parametrize("path", _corpus(2))
def test_two_player_corpus_against_pygambit_enummixed(path):
    game, ours = _ours(path)
    check_certificates(game, ours)
    theirs = _pygambit(path, "enummixed")
    # Isolated solutions of a support's equations are vertices of the equilibrium set.
    assert not missing(floats(ours), theirs)
    if ours.complete:
        assert not missing(theirs, floats(ours))
    else:
        assert any("continuum of equilibria" in n for n in ours.notes)
