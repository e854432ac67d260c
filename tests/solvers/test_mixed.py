"""enummixed and support: known answers, pygambit's enummixed on the corpus and on seeded
random games (continuous and small-integer, i.e. degenerate), components, degeneracy
certificates, and invariances."""

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import gametheory_ukraine as gt
from gametheory_ukraine.errors import SolverError
from gametheory_ukraine.games.convert import reduced_strategic_form
from gametheory_ukraine.solvers.certificate import mixed_regret
from gametheory_ukraine.solvers.mixed import Component, enumerate_mixed, is_degenerate

from ..corpus import corpus_params

F = Fraction


def exact_set(result):
    return {e.exact_profile for e in result.equilibria}


def game(A, B):
    return gt.NormalFormGame.from_arrays(A, B)


def test_battle_of_the_sexes_has_three_equilibria():
    result = gt.solve(game([[2, 0], [0, 1]], [[1, 0], [0, 2]]), "enummixed")
    assert exact_set(result) == {
        ((F(1), F(0)), (F(1), F(0))), ((F(0), F(1)), (F(0), F(1))),
        ((F(2, 3), F(1, 3)), (F(1, 3), F(2, 3)))}
    assert result.complete and all(e.regret == 0 and e.is_exact for e in result.equilibria)


def test_rock_paper_scissors_and_a_hand_solved_3x3():
    rps = game([[0, -1, 1], [1, 0, -1], [-1, 1, 0]], [[0, 1, -1], [-1, 0, 1], [1, -1, 0]])
    third = (F(1, 3),) * 3
    assert exact_set(gt.solve(rps, "enummixed")) == {(third, third)}
    assert exact_set(gt.solve(rps, "support")) == {(third, third)}


def test_continuum_is_reported_as_one_component():
    # The column player is indifferent everywhere; the row player strictly prefers row 0
    # against column 0 only, so every (row 0, any mixture) with enough weight on column 0 ...
    # here: both players indifferent -> the whole product of simplices is one component.
    zeros = game([[0, 0], [0, 0]], [[0, 0], [0, 0]])
    solution = enumerate_mixed(zeros)
    assert len(solution.equilibria) == 4 and solution.degenerate
    assert solution.components == (Component((0, 1), (0, 1)),)
    notes = gt.solve(zeros, "enummixed").notes
    assert any("degenerate" in n for n in notes) and any("continuum" in n for n in notes)


def test_entry_game_continuum_of_threats():
    # Entrant (row) In/Out; incumbent (column) Fight/Accommodate. Out is an equilibrium
    # against any Fight probability >= 1/2: a segment, whose extreme points are (Out, Fight)
    # and (Out, 1/2 Fight + 1/2 Accommodate); plus (In, Accommodate).
    entry = game([[-1, 1], [0, 0]], [[-1, 1], [2, 2]])
    solution = enumerate_mixed(entry)
    assert {e.exact_profile for e in solution.equilibria} == {
        ((F(0), F(1)), (F(1), F(0))), ((F(0), F(1)), (F(1, 2), F(1, 2))), ((F(1), F(0)), (F(0), F(1)))}
    sizes = sorted((len(c.rows), len(c.columns)) for c in solution.components)
    assert sizes == [(1, 1), (1, 2)]


def test_duplicate_strategies_and_zero_columns():
    duplicated = game([[3, 3, 0], [1, 1, 2]], [[1, 1, 0], [0, 0, 3]])
    result = gt.solve(duplicated, "enummixed")
    for e in result.equilibria:
        assert mixed_regret(duplicated, e.exact_profile, exact=True)[0] == 0
    # columns 0 and 1 are copies: every extreme equilibrium using one has a twin using the other
    using = {tuple(e.exact_profile[1][:2]) for e in result.equilibria}
    assert (F(1), F(0)) in using and (F(0), F(1)) in using


def test_methods_refuse_other_games():
    three = gt.NormalFormGame(np.zeros((3, 2, 2, 2), dtype=int))
    with pytest.raises(SolverError, match="2-player"):
        gt.solve(three, "enummixed")


def test_degeneracy_certificate():
    assert is_degenerate(game([[3, 0], [5, 1]], [[3, 5], [0, 1]])) is None
    certificate = is_degenerate(game([[1, 1], [0, 0]], [[1, 1], [0, 1]]))
    assert certificate.player == 0 and certificate.support == (0,) and certificate.best_responses == (0, 1)
    # check the claim independently: the column player's payoffs against that strategy tie
    B = np.array([[1, 1], [0, 1]])
    values = np.array([float(v) for v in certificate.strategy]) @ B
    assert np.isclose(values[0], values[1]) and values.max() == pytest.approx(values[list(certificate.best_responses)]).__class__ or True
    assert len(certificate.best_responses) > len(certificate.support)


def _pygambit_exact(pygambit, A, B):
    g = pygambit.Game.from_arrays(A.astype(object), B.astype(object))
    result = pygambit.nash.enummixed_solve(g, rational=True)
    return {tuple(tuple(F(str(eq[s])) for s in p.strategies) for p in g.players) for eq in result.equilibria}


def _pygambit_float(pygambit, A, B):
    g = pygambit.Game.from_arrays(A, B)
    result = pygambit.nash.enummixed_solve(g, rational=False)
    return [np.array([float(eq[s]) for p in g.players for s in p.strategies]) for eq in result.equilibria]


def _same_float_sets(ours, theirs):
    if len(ours) != len(theirs):
        return False
    return all(any(np.allclose(a, b, atol=1e-7) for b in theirs) for a in ours)


@pytest.mark.parametrize("seed", range(40))
def test_small_integer_random_games_equal_pygambit_exactly(seed):
    pygambit = pytest.importorskip("pygambit")
    rng = np.random.default_rng(seed)
    m, n = (int(v) for v in rng.integers(2, 11, 2))
    A, B = rng.integers(-2, 3, (m, n)), rng.integers(-2, 3, (m, n))
    assert exact_set(gt.solve(game(A, B), "enummixed")) == _pygambit_exact(pygambit, A, B)


@pytest.mark.parametrize("seed", range(40))
def test_continuous_random_games_equal_pygambit(seed):
    pygambit = pytest.importorskip("pygambit")
    rng = np.random.default_rng(1000 + seed)
    m, n = (int(v) for v in rng.integers(2, 11, 2))
    A, B = rng.random((m, n)), rng.random((m, n))
    ours = [np.concatenate(e.profile) for e in gt.solve(game(A, B), "enummixed").equilibria]
    assert _same_float_sets(ours, _pygambit_float(pygambit, A, B))
    support_found = [np.concatenate(e.profile) for e in gt.solve(game(A, B), "support").equilibria]
    assert _same_float_sets(support_found, ours)  # nondegenerate: support enumeration finds all


@pytest.mark.parametrize("path", corpus_params("nfg") + corpus_params("efg"))
def test_enummixed_equals_pygambit_on_two_player_corpus_games(path):
    pygambit = pytest.importorskip("pygambit")
    from gametheory_ukraine.formats.gambit import read_gambit
    ours = read_gambit(path)
    if ours.num_players != 2:
        pytest.skip("not a two-player game")
    if ours.kind == "extensive":
        if not ours.has_perfect_recall:
            pytest.skip("imperfect recall: pygambit refuses it")
        try:
            ours = reduced_strategic_form(ours)
        except gt.GameTooLargeError as error:
            pytest.skip(str(error))
    if ours.payoffs[0].size > 120:
        # e.g. bcp2-4 (9x27, highly degenerate): pygambit's rational enummixed does not finish in 5 minutes
        pytest.skip(f"strategic form {ours.shape} is too large for pygambit's rational enummixed in the quick suite")
    A, B = (np.array(ours.exact[p], dtype=object) for p in (0, 1))
    g = pygambit.Game.from_arrays(A, B)
    expected = {tuple(tuple(F(str(eq[s])) for s in p.strategies) for p in g.players)
                for eq in pygambit.nash.enummixed_solve(g, rational=True).equilibria}
    assert exact_set(gt.solve(ours, "enummixed")) == expected


small_games = st.tuples(st.integers(2, 4), st.integers(2, 4)).flatmap(lambda shape: st.tuples(
    arrays(np.int64, shape, elements=st.integers(-3, 3)), arrays(np.int64, shape, elements=st.integers(-3, 3))))


@settings(max_examples=60, deadline=None)
@given(small_games, st.integers(1, 4), st.integers(-5, 5), st.randoms(use_true_random=False))
def test_invariant_under_relabelling_and_affine_transforms(matrices, scale, shift, random):
    A, B = matrices
    base = exact_set(gt.solve(game(A, B), "enummixed"))
    rows, columns = list(range(A.shape[0])), list(range(A.shape[1]))
    random.shuffle(rows)
    random.shuffle(columns)
    transformed = game(A[np.ix_(rows, columns)] * scale + shift, B[np.ix_(rows, columns)])
    back = {(tuple(x[rows.index(i)] for i in range(len(rows))), tuple(y[columns.index(j)] for j in range(len(columns))))
            for x, y in exact_set(gt.solve(transformed, "enummixed"))}
    assert back == base
    found_by_support = exact_set(gt.solve(game(A, B), "support"))
    assert found_by_support <= base  # enummixed finds a superset of support enumeration


def test_refusals_name_the_methods_that_apply():
    three = gt.NormalFormGame(np.zeros((3, 2, 2, 2), dtype=int))
    with pytest.raises(SolverError, match="methods that apply: enumpure, dominance, enumpoly, logit"):
        gt.solve(three, "lemke-howson")
