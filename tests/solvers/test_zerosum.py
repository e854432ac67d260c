import warnings
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import gametheory_ukraine as gt
from gametheory_ukraine.games.convert import reduced_strategic_form
from gametheory_ukraine.solvers.certificate import mixed_regret
from gametheory_ukraine.solvers.zerosum import _exact_simplex, constant_sum, game_value, solve_zero_sum

from ..corpus import corpus_params

F = Fraction


def zero_sum(matrix, **labels):
    matrix = np.asarray(matrix, dtype=object)
    return gt.NormalFormGame.from_arrays(matrix, -matrix, **labels)


def assert_optimal(game, equilibrium, value):
    """Independent exact check: both strategies guarantee ``value`` and the regret is exactly 0."""
    assert equilibrium.is_exact and equilibrium.regret == 0
    x, y = (np.array(p, dtype=object) for p in equilibrium.exact_profile)
    assert sum(x) == 1 and sum(y) == 1 and min(x) >= 0 and min(y) >= 0
    table = game.exact[0]
    assert min(x @ table) == value == max(table @ y)
    assert mixed_regret(game, equilibrium.exact_profile, exact=True)[0] == 0
    assert equilibrium.exact_payoffs[0] == value


def test_matching_pennies():
    game = zero_sum([[1, -1], [-1, 1]])
    result = gt.solve(game, "lp")
    (equilibrium,) = result.equilibria
    assert equilibrium.exact_profile == ((F(1, 2), F(1, 2)), (F(1, 2), F(1, 2)))
    assert_optimal(game, equilibrium, 0)
    assert result.complete
    assert "value of the game to player 1: 0" in result.notes[0]


def test_rock_paper_scissors():
    game = zero_sum([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    (equilibrium,) = gt.solve(game, "lp").equilibria
    assert equilibrium.exact_profile == ((F(1, 3),) * 3, (F(1, 3),) * 3)
    assert_optimal(game, equilibrium, 0)
    assert game_value(game) == 0


def test_two_by_three_by_hand():
    # x = (p, 1-p) earns 5p-2, 4-5p, p+1 against the columns: max-min at p = 3/5, value 1;
    # the column player mixes the first two columns (1/2, 1/2): rows earn 4q-1 and 4-6q, equal at 1/2.
    game = zero_sum([[3, -1, 2], [-2, 4, 1]])
    result = gt.solve(game, "lp")
    (equilibrium,) = result.equilibria
    assert equilibrium.exact_profile == ((F(3, 5), F(2, 5)), (F(1, 2), F(1, 2), F(0)))
    assert equilibrium.exact_payoffs == (1, -1)
    assert_optimal(game, equilibrium, 1)
    assert result.complete  # the third column is strictly worse for the column player: unique


def test_saddle_point():
    # row minima 2, 0, 1; column maxima 4, 2, 5: saddle at (row 1, column 2), value 2
    game = zero_sum([[4, 2, 3], [1, 0, 5], [3, 1, 2]])
    result = gt.solve(game, "lp")
    (equilibrium,) = result.equilibria
    assert equilibrium.exact_profile == ((1, 0, 0), (0, 1, 0))
    assert_optimal(game, equilibrium, 2)
    assert result.complete


def test_constant_sum_game_reports_both_payoffs():
    # A + B = 4; value 3/2 at x = (1/2, 1/2), y = (1/4, 3/4)
    game = gt.NormalFormGame.from_arrays([[3, 1], [0, 2]], [[1, 3], [4, 2]])
    assert constant_sum(game) == 4
    (equilibrium,) = gt.solve(game, "lp").equilibria
    assert equilibrium.exact_profile == ((F(1, 2), F(1, 2)), (F(1, 4), F(3, 4)))
    assert equilibrium.exact_payoffs == (F(3, 2), F(5, 2))


def test_non_unique_optimal_strategies_are_reported_incomplete():
    # the first row is optimal; against it every column mixture is optimal
    game = zero_sum([[0, 0], [-1, -1]])
    result = gt.solve(game, "lp")
    assert not result.complete
    assert any("not unique" in note for note in result.notes)
    assert_optimal(game, result.equilibria[0], 0)


def test_duplicated_strategies_stay_exact():
    # every strategy doubled: the optimal sets are polytopes; the answer is still one exact vertex
    rng = np.random.default_rng(3)
    base = rng.integers(-9, 10, (12, 12))
    matrix = np.repeat(np.repeat(base, 2, axis=0), 2, axis=1)
    game = zero_sum(matrix)
    result = gt.solve(game, "lp")
    assert not result.complete
    assert_optimal(game, result.equilibria[0], game_value(zero_sum(base)))


def test_fractional_payoffs():
    game = zero_sum([[F(1, 3), F(-2, 7)], [F(-1, 5), F(1, 2)]])
    a, b, c, d = F(1, 3), F(-2, 7), F(-1, 5), F(1, 2)
    expected = (a * d - b * c) / (a + d - b - c)
    assert game_value(game) == expected
    assert_optimal(game, gt.solve(game, "lp").equilibria[0], expected)


def test_large_exact_game_uses_exact_refinement():
    rng = np.random.default_rng(7)
    matrix = rng.integers(-50, 51, (60, 60))
    game = gt.NormalFormGame.from_arrays(matrix, -matrix)
    result = gt.solve(game, "lp")
    (equilibrium,) = result.equilibria
    value = equilibrium.exact_payoffs[0]
    assert value.denominator > 10**30  # far beyond what rounding floats could find
    assert_optimal(game, equilibrium, value)
    assert result.complete  # random games have unique optimal strategies


def test_interior_point_path_gives_the_same_exact_answer(monkeypatch):
    from gametheory_ukraine.solvers import zerosum
    matrix = np.random.default_rng(5).integers(-30, 31, (25, 35))
    game = gt.NormalFormGame.from_arrays(matrix, -matrix)
    simplex = gt.solve(game, "lp").equilibria[0]
    monkeypatch.setattr(zerosum, "IPM_CELLS", 0)  # large games go to HiGHS's interior-point method
    interior = gt.solve(game, "lp").equilibria[0]
    assert interior.exact_payoffs == simplex.exact_payoffs
    assert_optimal(game, interior, interior.exact_payoffs[0])


def test_payoffs_over_many_orders_of_magnitude_fall_back_to_the_exact_simplex():
    game = reduced_strategic_form(gt.ExtensiveGame.from_tree(["1", "2"], {
        "chance": {"L": "1/2", "R": "1/2"}, "moves": {
            "L": {"player": "1", "infoset": "a", "moves": {
                "A": {"player": "2", "infoset": "x", "moves": {
                    "X": {"payoffs": [10**19, -10**19]}, "Y": {"payoffs": [1, -1]}}},
                "B": {"player": "2", "infoset": "y", "moves": {
                    "X": {"payoffs": [-1, 1]}, "Y": {"payoffs": [0, 0]}}}}},
            "R": {"player": "1", "infoset": "b", "moves": {
                "A": {"player": "2", "infoset": "x", "moves": {
                    "X": {"payoffs": [-1, 1]}, "Y": {"payoffs": [1, -1]}}},
                "B": {"player": "2", "infoset": "y", "moves": {
                    "X": {"payoffs": [0, 0]}, "Y": {"payoffs": [10**19, -10**19]}}}}}}}))
    (equilibrium,) = gt.solve(game, "lp").equilibria
    assert_optimal(game, equilibrium, 1)  # pygambit's sequence-form lp_solve agrees: 1


def test_float_games_are_certified_in_floats():
    rng = np.random.default_rng(11)
    matrix = rng.normal(size=(15, 20))
    game = gt.NormalFormGame.from_arrays(matrix, -matrix)
    (equilibrium,) = gt.solve(game, "lp").equilibria
    assert not equilibrium.is_exact and equilibrium.regret < 1e-9
    x, y = equilibrium.profile
    assert abs(np.min(x @ matrix) - np.max(matrix @ y)) < 1e-9
    assert game_value(game) == pytest.approx(float(x @ matrix @ y), abs=1e-9)


def test_non_constant_sum_games_are_refused_with_the_methods_that_apply():
    pd = gt.NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    with pytest.raises(gt.SolverError, match="enummixed, support, lemke-howson, enumpure"):
        gt.solve(pd, "lp")
    with pytest.raises(gt.SolverError, match="constant-sum"):
        game_value(pd)
    three = gt.NormalFormGame(np.zeros((3, 2, 2, 2), dtype=int))
    with pytest.raises(gt.SolverError, match="2-player"):
        gt.solve(three, "lp")


# -- properties on random games --------------------------------------------------------------------

small_matrices = st.tuples(st.integers(1, 5), st.integers(1, 5)).flatmap(
    lambda shape: arrays(np.int64, shape, elements=st.integers(-6, 6)))


@settings(max_examples=60, deadline=None)
@given(small_matrices)
def test_random_games_are_solved_exactly_and_agree_with_nashpy(matrix):
    nashpy = pytest.importorskip("nashpy")
    game = gt.NormalFormGame.from_arrays(matrix, -matrix)
    result = gt.solve(game, "lp")
    (equilibrium,) = result.equilibria
    value = equilibrium.exact_payoffs[0]
    assert_optimal(game, equilibrium, value)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        row, _ = nashpy.Game(matrix.astype(float), -matrix.astype(float)).linear_program()
    assert float(np.min(row @ matrix)) == pytest.approx(float(value), abs=1e-7)


@settings(max_examples=60, deadline=None)
@given(arrays(np.int64, (2, 2), elements=st.integers(-9, 9)))
def test_two_by_two_value_equals_the_closed_form(matrix):
    (a, b), (c, d) = [[int(v) for v in row] for row in matrix]
    lower, upper = max(min(a, b), min(c, d)), min(max(a, c), max(b, d))
    expected = F(lower) if lower == upper else F(a * d - b * c, a + d - b - c)
    assert game_value(zero_sum(matrix)) == expected


@settings(max_examples=40, deadline=None)
@given(small_matrices, st.fractions(F(1, 10), 10), st.fractions(-10, 10))
def test_value_is_affine_and_antisymmetric(matrix, slope, shift):
    value = game_value(zero_sum(matrix))
    scaled = np.array([[slope * int(v) + shift for v in row] for row in matrix], dtype=object)
    assert game_value(zero_sum(scaled)) == slope * value + shift
    # the column player's game -A^T has value -v
    assert game_value(zero_sum(-matrix.T)) == -value


def test_exact_simplex_on_its_own():
    value, row, column = _exact_simplex(np.array([[F(3), F(-1), F(2)], [F(-2), F(4), F(1)]], dtype=object))
    assert (value, row, column) == (1, [F(3, 5), F(2, 5)], [F(1, 2), F(1, 2), 0])


def test_solve_zero_sum_reports_uniqueness():
    solution = solve_zero_sum(zero_sum([[3, -1, 2], [-2, 4, 1]]))
    assert solution.unique and solution.is_exact and solution.constant == 0


# -- the Gambit corpus: the value agrees with pygambit's lp_solve ----------------------------------

def _pygambit_game(pygambit, path, game, tmp_path):
    from gametheory_ukraine.formats.gambit import write_efg, write_nfg
    try:
        return pygambit.read_nfg(str(path)) if path.suffix == ".nfg" else pygambit.read_efg(str(path))
    except Exception:
        # pygambit 16.7 rejects some legacy files for their labels; it reads our tidied copy
        copy = tmp_path / path.name
        copy.write_text(write_efg(game) if game.kind == "extensive" else write_nfg(game))
        return pygambit.read_nfg(str(copy)) if path.suffix == ".nfg" else pygambit.read_efg(str(copy))


def _pygambit_value(pygambit, theirs, cells):
    """Player 1's payoff at pygambit's rational LP answer, on the strategic form where it answers properly.

    pygambit 16.7's sequence-form LP returns value 0 with regret 0 on nim, nim7 and e10a (their
    strategic-form LP and enumpure give -1), and its strategic-form LP returns an all-zero profile on
    large_payoff_game; so the strategic form is asked first, the sequence form when that answer is not
    a pair of probability vectors.  Large trees (4cards: 9 s in rationals) go to the sequence form only.
    """
    attempts = ([True, False] if cells <= 5000 else [False]) if theirs.is_tree else [False]
    for use_strategic in attempts:
        try:
            found = pygambit.nash.lp_solve(theirs, rational=True, use_strategic=use_strategic).equilibria
        except (RuntimeError, ValueError):
            continue
        if not found:
            continue
        profile = found[0]
        player = list(theirs.players)[0]
        if use_strategic or not theirs.is_tree:
            totals = [sum(F(str(profile[s])) for s in p.strategies) for p in theirs.players]
            if totals != [1, 1]:
                continue
        return F(str(profile.payoff(player)))
    return None


SLOW_TO_REFUSE = {"ttt.efg"}  # 1.1e10 reduced profiles: reduced_strategic_form takes ~20 s to raise GameTooLargeError


@pytest.mark.parametrize("path", corpus_params("nfg") + corpus_params("efg"))
def test_value_agrees_with_pygambit_on_constant_sum_corpus_games(path, tmp_path):
    pygambit = pytest.importorskip("pygambit")
    from gametheory_ukraine.formats.gambit import read_gambit
    if path.name in SLOW_TO_REFUSE:
        pytest.skip("reduced strategic form too large (and slow to refuse)")
    game = read_gambit(path)
    if game.num_players != 2:
        pytest.skip("not a two-player game")
    try:
        strategic = reduced_strategic_form(game) if game.kind == "extensive" else game
    except gt.GameTooLargeError:
        pytest.skip("reduced strategic form too large")
    if constant_sum(strategic) is None:
        pytest.skip("not constant-sum")
    result = gt.solve(strategic, "lp")
    (equilibrium,) = result.equilibria
    ours = equilibrium.exact_payoffs[0]
    assert_optimal(strategic, equilibrium, ours)
    assert game_value(strategic) == ours
    expected = _pygambit_value(pygambit, _pygambit_game(pygambit, path, game, tmp_path), strategic.payoffs[0].size)
    if expected is None:  # imperfect recall, or a tree pygambit does not consider constant-sum
        pytest.skip("pygambit's lp_solve does not answer on this game")
    assert ours == expected


def test_lp_on_a_tree_runs_the_sequence_form_and_finds_kuhn_pokers_value():
    from fractions import Fraction

    from gametheory_ukraine.games.generators import poker

    result = gt.solve(poker(), "lp")
    assert result.method == "lp" and result.equilibria[0].exact_payoffs == (Fraction(-1, 18), Fraction(1, 18))
    result = gt.solve(poker(), "lcp")
    assert result.equilibria[0].exact_payoffs == (Fraction(-1, 18), Fraction(1, 18))
