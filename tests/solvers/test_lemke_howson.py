from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import gametheory_ukraine as gt
from gametheory_ukraine.errors import SolverError
from gametheory_ukraine.solvers import lemke_howson as lh
from gametheory_ukraine.solvers.budget import Budget
from gametheory_ukraine.solvers.certificate import mixed_regret
from gametheory_ukraine.solvers.lemke_howson import lemke_howson, lemke_howson_paths

pygambit = pytest.importorskip("pygambit")

F = Fraction


def exact_profiles(result):
    return [tuple(tuple(p) for p in e.exact_profile) for e in result.equilibria]


def gambit_extreme_equilibria(A, B):
    """pygambit's enummixed (rational), as float profiles."""
    game = pygambit.Game.from_arrays(np.asarray(A), np.asarray(B))
    found = pygambit.nash.enummixed_solve(game, rational=True).equilibria
    return [tuple(np.array([float(e[p][s]) for s in p.strategies]) for p in game.players) for e in found]


def among(profile, candidates, tol=1e-6):
    return any(all(np.allclose(p, q, atol=tol, rtol=0) for p, q in zip(profile, c)) for c in candidates)


def assert_certified_equilibria(game, result):
    assert result.status == "converged"
    assert result.complete is False
    assert len(result.equilibria) >= 1
    for e in result.equilibria:
        regret, _ = mixed_regret(game, e.profile)
        assert regret <= 1e-8 * max(1.0, float(np.abs(game.payoffs).max()))
        if game.is_exact:
            assert e.is_exact and e.regret == 0
            exact_regret, payoffs = mixed_regret(game, e.exact_profile, exact=True)
            assert exact_regret == 0 and tuple(payoffs) == e.exact_payoffs


# -- literature games ---------------------------------------------------------------------

BATTLE = ([[2, 0], [0, 1]], [[1, 0], [0, 2]])
BATTLE_EQUILIBRIA = {
    ((F(1), F(0)), (F(1), F(0))),
    ((F(0), F(1)), (F(0), F(1))),
    ((F(2, 3), F(1, 3)), (F(1, 3), F(2, 3))),
}


def test_battle_of_the_sexes_every_label_gives_a_known_equilibrium():
    game = gt.NormalFormGame.from_arrays(*BATTLE)
    result = gt.solve(game, "lemke-howson")
    assert_certified_equilibria(game, result)
    found = exact_profiles(result)
    assert set(found) <= BATTLE_EQUILIBRIA
    assert len(found) == len(set(found))  # deduplicated
    # The two pure equilibria are the ends of the paths from the four labels;
    # the mixed one is the far end of the LH graph's third path, never reached from (0, 0).
    assert set(found) == BATTLE_EQUILIBRIA - {((F(2, 3), F(1, 3)), (F(1, 3), F(2, 3)))}
    assert any("label -> equilibrium" in note for note in result.notes)


@pytest.mark.parametrize("label", range(4))
def test_battle_of_the_sexes_each_label_alone(label):
    game = gt.NormalFormGame.from_arrays(*BATTLE)
    result = lemke_howson(game, labels=[label])
    assert len(result.equilibria) == 1
    assert exact_profiles(result)[0] in BATTLE_EQUILIBRIA


def test_matching_pennies():
    game = gt.NormalFormGame.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    result = gt.solve(game, "lemke-howson")
    assert_certified_equilibria(game, result)
    assert exact_profiles(result) == [((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2)))]
    assert result.equilibria[0].exact_payoffs == (0, 0)


def test_three_by_three_unique_mixed_equilibrium_by_hand():
    # Zero-sum, no saddle point.  The column mixture y making the rows indifferent
    # solves -2y2 + y3 = y1 - y3 = -y1 + 3y2, sum 1: y = (4/9, 1/6, 7/18); the
    # row mixture making the columns indifferent solves x2 - x3 = -2x1 + 3x3 = x1 - x2:
    # x = (7/18, 1/3, 5/18); the value is 1/18.
    A = np.array([[0, -2, 1], [1, 0, -1], [-1, 3, 0]])
    game = gt.NormalFormGame.from_arrays(A, -A)
    expected = ((F(7, 18), F(1, 3), F(5, 18)), (F(4, 9), F(1, 6), F(7, 18)))
    assert len(gambit_extreme_equilibria(A, -A)) == 1  # unique
    for exact in (False, True):
        result = lemke_howson(game, exact=exact)
        assert_certified_equilibria(game, result)
        assert exact_profiles(result) == [expected]
        assert result.equilibria[0].exact_payoffs == (F(1, 18), F(-1, 18))


def test_von_stengel_example_and_its_labels():
    # von Stengel (2002), the 3x2 example of sections 3.2-3.4: three equilibria.
    A = [[3, 3], [2, 5], [0, 6]]
    B = [[3, 2], [2, 6], [3, 1]]
    game = gt.NormalFormGame.from_arrays(A, B)
    known = gambit_extreme_equilibria(A, B)
    assert len(known) == 3
    result = gt.solve(game, "lemke-howson")
    assert_certified_equilibria(game, result)
    assert all(among(e.profile, known) for e in result.equilibria)
    assert exact_profiles(result) == [
        ((F(1), F(0), F(0)), (F(1), F(0))),
        ((F(0), F(1, 3), F(2, 3)), (F(1, 3), F(2, 3))),
    ]
    # Label 1 (row strategy 2 dropped) leads to the mixed equilibrium, as in QuantEcon's docs.
    assert exact_profiles(lemke_howson(game, labels=[1])) == [((F(0), F(1, 3), F(2, 3)), (F(1, 3), F(2, 3)))]


# -- degenerate games ---------------------------------------------------------------------

DEGENERATE = {
    # von Stengel (2002), section 3.7: the degenerate variant of the 3x2 example
    # (row 1 of B is (3, 3): the top row has two best responses).
    "von-stengel-degenerate": ([[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]]),
    "constant": ([[1, 1, 1], [1, 1, 1]], [[0, 0, 0], [0, 0, 0]]),
    "duplicate-strategies": ([[1, 1, 0], [1, 1, 0], [0, 0, 2]], [[2, 2, 0], [2, 2, 0], [0, 0, 1]]),
    "zero-column-and-row": ([[0, 0, 0], [0, 3, 1], [0, 1, 3]], [[0, 0, 0], [0, 1, 3], [0, 3, 1]]),
    "all-ties-for-one-player": ([[5, 5], [5, 5], [5, 5]], [[1, 0], [0, 1], [1, 1]]),
    "pure-ties": ([[1, 0, 1], [0, 1, 1], [1, 1, 0]], [[1, 1, 0], [1, 0, 1], [0, 1, 1]]),
}


@pytest.mark.parametrize("name", sorted(DEGENERATE))
@pytest.mark.parametrize("exact", [False, True])
def test_degenerate_games_terminate_with_extreme_equilibria(name, exact):
    A, B = DEGENERATE[name]
    game = gt.NormalFormGame.from_arrays(A, B)
    result = lemke_howson(game, exact=exact, max_pivots=200)
    assert_certified_equilibria(game, result)
    known = gambit_extreme_equilibria(A, B)
    for e in result.equilibria:
        assert among(e.profile, known), (name, e.profile)
    paths = lemke_howson_paths(A, B, labels=range(sum(game.shape)), exact=exact, max_pivots=200)
    assert all(p.status == "converged" for p in paths)


def test_float_and_exact_paths_agree_on_a_degenerate_game():
    # Ratio tests tie in the degenerate example; the lexicographic rule breaks the
    # ties the same way in float and in integer arithmetic, so the paths coincide.
    A, B = DEGENERATE["von-stengel-degenerate"]
    for label in range(5):
        float_path, = lemke_howson_paths(A, B, labels=[label])
        exact_path, = lemke_howson_paths(A, B, labels=[label], exact=True)
        assert float_path.pivots == exact_path.pivots
        assert np.allclose(float_path.profile[0], [float(v) for v in exact_path.profile[0]])


# A 12x5 game with payoffs in 0..3, found by a random search, on which QuantEcon's float
# Lemke-Howson (0.8) from label 12 cycles: 100000 pivots without converging.  The ties
# come out of the float arithmetic a few ulps apart; a tie tolerance treats them as ties
# and the lexicographic rule then decides, as the exact arithmetic does.
QUANTECON_CYCLES = (
    [[0, 0, 1, 1, 2], [1, 2, 0, 3, 0], [2, 2, 2, 0, 1], [2, 2, 2, 1, 2], [3, 2, 1, 2, 3], [0, 2, 2, 2, 3],
     [0, 2, 1, 1, 0], [2, 0, 3, 3, 1], [2, 1, 1, 0, 3], [0, 2, 2, 1, 3], [3, 0, 2, 2, 0], [0, 2, 3, 0, 1]],
    [[3, 1, 0, 1, 3], [0, 1, 3, 0, 0], [0, 1, 0, 1, 3], [1, 3, 2, 1, 0], [0, 2, 2, 3, 2], [3, 0, 2, 0, 3],
     [2, 3, 3, 1, 3], [0, 3, 3, 0, 0], [1, 3, 3, 1, 1], [1, 2, 1, 1, 0], [1, 0, 3, 3, 0], [2, 2, 0, 3, 3]],
)


def test_degenerate_game_where_a_float_lemke_howson_cycles():
    A, B = QUANTECON_CYCLES
    labels = range(17)
    float_paths = lemke_howson_paths(A, B, labels, max_pivots=1000)
    exact_paths = lemke_howson_paths(A, B, labels, exact=True, max_pivots=1000)
    assert all(p.status == "converged" for p in float_paths + exact_paths)
    assert [p.pivots for p in float_paths] == [p.pivots for p in exact_paths]
    assert float_paths[12].pivots == 25
    game = gt.NormalFormGame.from_arrays(A, B)
    result = lemke_howson(game)
    assert_certified_equilibria(game, result)
    known = gambit_extreme_equilibria(A, B)
    assert len(known) == 71
    assert all(among(e.profile, known) for e in result.equilibria)


# -- random games against pygambit --------------------------------------------------------

@pytest.mark.parametrize("size", [(2, 2), (2, 3), (3, 3), (4, 3), (4, 5), (6, 6), (7, 5)])
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_random_integer_games_match_enummixed(size, seed):
    rng = np.random.default_rng(100 * seed + sum(size))
    A = rng.integers(-5, 6, size)
    B = rng.integers(-5, 6, size)
    game = gt.NormalFormGame.from_arrays(A, B)
    result = gt.solve(game, "lemke-howson")
    assert_certified_equilibria(game, result)
    known = gambit_extreme_equilibria(A, B)
    for e in result.equilibria:
        assert among(e.profile, known)
    assert exact_profiles(lemke_howson(game, exact=True)) == exact_profiles(result)


@pytest.mark.parametrize("size", [(3, 3), (5, 4), (8, 8)])
def test_random_float_games_match_enummixed(size):
    rng = np.random.default_rng(7)
    A = rng.random(size)
    B = rng.random(size)
    game = gt.NormalFormGame.from_arrays(A, B)
    assert not game.is_exact
    result = gt.solve(game, "lemke-howson")
    assert_certified_equilibria(game, result)
    known = gambit_extreme_equilibria(np.round(A * 10**6).astype(int), np.round(B * 10**6).astype(int))
    for e in result.equilibria:
        assert among(e.profile, known, tol=1e-4)  # the rounded game's equilibria are within 1e-4


@pytest.mark.parametrize("size", [10, 12, 15])
def test_larger_random_integer_games_are_certified_exactly(size):
    # enummixed is too slow here to serve as an oracle; the exact certificate is the check.
    rng = np.random.default_rng(size)
    game = gt.NormalFormGame.from_arrays(rng.integers(0, 100, (size, size)), rng.integers(0, 100, (size, size)))
    result = gt.solve(game, "lemke-howson")
    assert_certified_equilibria(game, result)
    assert not any("failed their certificate" in note for note in result.notes)


def test_two_hundred_square_game_from_label_zero():
    rng = np.random.default_rng(1)
    A, B = rng.random((200, 200)), rng.random((200, 200))
    game = gt.NormalFormGame.from_arrays(A, B)
    result = gt.solve(game, "lemke-howson", single=True)
    assert_certified_equilibria(game, result)
    assert len(result.equilibria) == 1
    # The default for games over 200 strategies in all is label 0 alone, and says so.
    default = gt.solve(game, "lemke-howson")
    assert any("label 0 only" in note for note in default.notes)
    assert np.allclose(default.equilibria[0].profile[0], result.equilibria[0].profile[0])


@pytest.mark.slow
def test_five_hundred_square_game_from_label_zero():
    rng = np.random.default_rng(7)  # 1928 pivots (seed 1 takes 183138, as QuantEcon's LH does)
    game = gt.NormalFormGame.from_arrays(rng.integers(0, 1000, (500, 500)), rng.integers(0, 1000, (500, 500)))
    result = gt.solve(game, "lemke-howson", labels=[0])
    assert_certified_equilibria(game, result)


# -- budgets, caps, options ---------------------------------------------------------------

def test_tiny_budget_stops_cleanly():
    game = gt.NormalFormGame.from_arrays(*DEGENERATE["von-stengel-degenerate"])
    result = gt.solve(game, "lemke-howson", timeout=0.0)
    assert result.status == "budget_exceeded"
    assert result.equilibria == ()
    # Label 0 takes 5 pivots and label 1 four: a budget of 7 keeps label 0's answer.
    partial = lemke_howson(game, budget=Budget(iterations=7))
    assert partial.status == "budget_exceeded"
    assert exact_profiles(partial) == [((F(0), F(1, 3), F(2, 3)), (F(1, 3), F(2, 3)))]
    assert any("budget spent on the path from label 1 after 2 pivots; 1 of 5 paths finished" in note
               for note in partial.notes)
    for e in partial.equilibria:
        assert e.regret == 0


def test_pivot_cap_fails_the_path_and_says_so():
    game = gt.NormalFormGame.from_arrays([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]])
    result = lemke_howson(game, labels=[1], max_pivots=2)  # this path needs 4 pivots
    assert result.status == "failed"
    assert result.equilibria == ()
    assert any("pivot cap of 2" in note for note in result.notes)
    # Other labels still count: label 0 needs 2 pivots.
    mixed = lemke_howson(game, labels=[0, 1], max_pivots=2)
    assert mixed.status == "failed" and len(mixed.equilibria) == 1


def test_a_candidate_failing_its_certificate_is_dropped(monkeypatch):
    game = gt.NormalFormGame.from_arrays(*BATTLE)
    bogus = lh.Path(0, (np.array([1.0, 0.0]), np.array([0.0, 1.0])), 3, "converged")
    good = lh.Path(1, (np.array([0.0, 1.0]), np.array([0.0, 1.0])), 2, "converged")
    monkeypatch.setattr(lh, "lemke_howson_paths", lambda *args, **kwargs: [bogus, good])
    result = lemke_howson(game, labels=[0, 1])
    assert exact_profiles(result) == [((F(0), F(1)), (F(0), F(1)))]
    assert any("1 candidate(s) failed their certificate" in note for note in result.notes)


def test_options_are_checked():
    game = gt.NormalFormGame.from_arrays(*BATTLE)
    with pytest.raises(SolverError, match="label 4 is not in 0..3"):
        lemke_howson(game, labels=[4])
    with pytest.raises(SolverError, match="max_pivots"):
        lemke_howson(game, max_pivots=0)
    with pytest.raises(SolverError, match="either single"):
        lemke_howson(game, labels=[0], single=True)
    assert len(lemke_howson(game, single=True).equilibria) == 1


def test_n_player_games_are_refused_with_the_methods_that_apply():
    game = gt.NormalFormGame(np.zeros((3, 2, 2, 2), dtype=int))
    with pytest.raises(SolverError, match="2-player"):
        gt.solve(game, "lemke-howson")
    with pytest.raises(SolverError, match="not a 3-player strategic game; methods that apply: .*enumpure"):
        lemke_howson(game)


def test_exact_mode_on_a_float_game_pivots_on_the_binary_values():
    game = gt.NormalFormGame.from_arrays(np.array([[0.5, 0.0], [0.0, 0.25]]), np.array([[0.25, 0.0], [0.0, 0.5]]))
    result = lemke_howson(game, exact=True)
    assert not game.is_exact
    assert [tuple(np.round(p, 12).tolist() for p in e.profile) for e in result.equilibria] == [
        ([1.0, 0.0], [1.0, 0.0]), ([0.0, 1.0], [0.0, 1.0])]


def test_one_strategy_players():
    game = gt.NormalFormGame.from_arrays([[1, 5, 2]], [[3, 1, 3]])
    result = gt.solve(game, "lemke-howson")
    assert_certified_equilibria(game, result)
    assert set(exact_profiles(result)) <= {((F(1),), (F(1), F(0), F(0))), ((F(1),), (F(0), F(0), F(1)))}


# -- properties ---------------------------------------------------------------------------

small_games = st.tuples(st.integers(1, 4), st.integers(1, 4)).flatmap(
    lambda shape: st.tuples(arrays(np.int64, shape, elements=st.integers(-4, 4)),
                            arrays(np.int64, shape, elements=st.integers(-4, 4))))


@settings(max_examples=60, deadline=None)
@given(small_games, st.integers(1, 7), st.integers(-9, 9), st.booleans())
def test_every_answer_is_an_equilibrium_and_affine_invariant(payoffs, scale, shift, exact):
    A, B = payoffs
    game = gt.NormalFormGame.from_arrays(A, B)
    result = lemke_howson(game, exact=exact)
    assert_certified_equilibria(game, result)
    # A positive affine transform of a player's payoffs changes no best response,
    # and the normalisation makes the paths themselves identical.
    moved = gt.NormalFormGame.from_arrays(A, np.array(B) * F(scale, 3) + shift)
    assert exact_profiles(lemke_howson(moved, exact=exact)) == exact_profiles(result)
    moved = gt.NormalFormGame.from_arrays(np.array(A) * scale - shift, B)
    assert exact_profiles(lemke_howson(moved, exact=exact)) == exact_profiles(result)


degenerate_games = st.tuples(st.integers(1, 3), st.integers(1, 4)).flatmap(
    lambda shape: st.tuples(arrays(np.int64, shape, elements=st.integers(0, 2)),
                            arrays(np.int64, shape, elements=st.integers(0, 2))))


@settings(max_examples=40, deadline=None)
@given(degenerate_games)
def test_heavily_degenerate_games_give_extreme_equilibria(payoffs):
    # Payoffs in {0, 1, 2} make ties everywhere: every path must still end, at a
    # vertex pair, that is at one of enummixed's extreme equilibria.
    A, B = payoffs
    game = gt.NormalFormGame.from_arrays(A, B)
    result = lemke_howson(game, max_pivots=500)
    assert_certified_equilibria(game, result)
    known = gambit_extreme_equilibria(A, B)
    for e in result.equilibria:
        assert among(e.profile, known)
