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
    assert np.isclose(values[0], values[1])
    assert all(np.isclose(values[b], values.max()) for b in certificate.best_responses)
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


@pytest.mark.parametrize("path", corpus_params("nfg") + corpus_params("efg", slow=(
    "2_player_chance.efg", "2_player_chance_nonterm_outcomes_and_missing_term_outcomes.efg", "work3.efg")))
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


# ---------------------------------------------------------------------------------------
# size limits and budgets (no wall-clock assertions: work is counted, or the clock is faked)

from types import SimpleNamespace  # noqa: E402

from gametheory_ukraine.solvers import budget as budget_module  # noqa: E402
from gametheory_ukraine.solvers import mixed  # noqa: E402
from gametheory_ukraine.solvers.budget import Budget  # noqa: E402


def _integer_game(n, seed=0, high=100):
    rng = np.random.default_rng(seed)
    return game(rng.integers(0, high, (n, n)), rng.integers(0, high, (n, n)))


def _forbid(monkeypatch, *names):
    def refuse(*args, **kwargs):
        raise AssertionError("no vertex enumeration may start")
    for name in names:
        monkeypatch.setattr(mixed, name, refuse)


def test_18x18_game_is_refused_before_any_vertex_enumeration(monkeypatch):
    # McMullen's bound for 18x18 is 6.2e6 vertices: qhull would run for a minute (uninterruptibly), and the
    # old full pair table took terabytes (MemoryError); now the size is judged before any work
    _forbid(monkeypatch, "_vertices_qhull", "_vertices_exhaustive", "_complementary_pairs")
    integer_game = _integer_game(18)
    message = r"18 strategies, 18 opponent strategies.*6\.25e\+06.*lemke-howson"
    for run in (lambda: gt.solve(integer_game, "enummixed"), lambda: gt.solve(integer_game, "enummixed", timeout=30),
                lambda: enumerate_mixed(integer_game)):
        with pytest.raises(gt.GameTooLargeError, match=message):
            run()


def test_rectangular_games_beyond_the_bound_are_refused_before_qhull(monkeypatch):
    # 8x40: qhull in 40 dimensions ran for minutes before; the column player's polytope's bound is 5.3e6
    _forbid(monkeypatch, "_vertices_qhull", "_vertices_exhaustive")
    rng = np.random.default_rng(1)
    with pytest.raises(gt.GameTooLargeError, match="40 strategies, 8 opponent strategies"):
        enumerate_mixed(game(rng.random((8, 40)), rng.random((8, 40))))


def _brute_force_pairs(x_labels, y_labels):
    return sorted((i, j) for i in range(len(x_labels)) for j in range(len(y_labels))
                  if (x_labels[i] | y_labels[j]).all())


@pytest.mark.parametrize("m, n", [(3, 4), (5, 5), (40, 30)])  # 70 labels: more than one 64-bit word
def test_pair_matching_equals_brute_force_with_degenerate_vertices(m, n):
    rng = np.random.default_rng(m * n)
    labels = m + n

    def vertices(count, own, extra):
        rows = np.zeros((count, labels), dtype=bool)
        for row in rows:
            row[rng.choice(labels, own + (extra if rng.random() < 0.3 else 0), replace=False)] = True
        return np.unique(rows, axis=0)

    x_labels = vertices(60, m, 2)
    # y vertices: complements of some x vertices (complete simple pairs), plus random ones
    y_labels = np.unique(np.vstack([~x_labels[x_labels.sum(1) == m][:20], vertices(60, n, 3)]), axis=0)
    found = mixed._complementary_pairs(x_labels, y_labels, m)
    expected = _brute_force_pairs(x_labels, y_labels)
    assert [tuple(p) for p in found] == expected and len(expected) >= 20


def test_pair_matching_of_many_simple_vertices_builds_no_table():
    # 200,000 vertices each side: the old len(x) * len(y) float table would be 320 GB
    rng = np.random.default_rng(7)
    count, m, n = 200_000, 14, 14
    order = np.argsort(rng.random((count, m + n)), axis=1)
    x_labels = np.zeros((count, m + n), dtype=bool)
    np.put_along_axis(x_labels, order[:, :m], True, axis=1)
    x_labels = np.unique(x_labels, axis=0)
    y_labels = ~x_labels[::-1]
    found = mixed._complementary_pairs(x_labels, y_labels, m)
    assert len(found) == len(x_labels) and (found[:, 1] == len(x_labels) - 1 - found[:, 0]).all()


def test_pair_matching_refuses_too_many_degenerate_comparisons(monkeypatch):
    monkeypatch.setattr(mixed, "MAX_PAIR_CHECKS", 10)
    with pytest.raises(gt.GameTooLargeError, match="degenerate vertices"):
        enumerate_mixed(game(np.zeros((3, 3)), np.zeros((3, 3))))


class FakeClock:
    """Stands in for ``time`` in budget.py: the time moves only when a test says so."""

    def __init__(self):
        self.now = 0.0

    def perf_counter(self):
        return self.now


def test_exact_resolve_loop_stops_at_the_time_budget_with_what_it_certified(monkeypatch):
    clock = FakeClock()
    monkeypatch.setattr(budget_module, "time", SimpleNamespace(perf_counter=clock.perf_counter))
    calls = []
    real = mixed._exact_equilibrium

    def slow_resolve(*args):  # every exact re-solve "takes" one second
        calls.append(args)
        clock.now += 1.0
        return real(*args)

    monkeypatch.setattr(mixed, "_exact_equilibrium", slow_resolve)
    degenerate = _integer_game(8, seed=3, high=3)
    everything = exact_set(gt.solve(degenerate, "enummixed"))
    assert len(calls) > 10 and len(everything) > 10
    calls.clear()
    clock.now = 0.0
    result = gt.solve(degenerate, "enummixed", budget=Budget(seconds=5.5, started=0.0))
    # ticks before re-solves 1..6 pass (clock 0..5), the tick before the 7th sees 6 s > 5.5 s
    assert len(calls) == 6
    assert result.status == "budget_exceeded" and not result.complete
    assert 1 <= len(result.equilibria) <= 6 and exact_set(result) <= everything
    for e in result.equilibria:
        assert mixed_regret(degenerate, e.exact_profile, exact=True)[0] == 0
    assert any("time budget of 5.5 s spent" in note and "incomplete" in note for note in result.notes)


def test_exact_resolve_loop_stops_at_an_iteration_budget():
    degenerate = _integer_game(8, seed=3, high=3)
    ticks = Budget()
    everything = exact_set(gt.solve(degenerate, "enummixed", budget=ticks))
    candidates = len(everything)
    # the same run with the last few re-solves' ticks missing
    short = gt.solve(degenerate, "enummixed", budget=Budget(iterations=ticks.used - candidates - 1))
    assert short.status == "budget_exceeded" and 0 < len(short.equilibria) < len(everything)
    assert exact_set(short) <= everything


def test_qhull_is_not_started_when_its_estimate_exceeds_the_time_left(monkeypatch):
    _forbid(monkeypatch, "_vertices_qhull")
    clock = FakeClock()
    monkeypatch.setattr(budget_module, "time", SimpleNamespace(perf_counter=clock.perf_counter))
    integer_game = _integer_game(14)  # estimated at 2 x 0.6 s (qhull_work 3e7 per polytope), over the 1 s
    result = gt.solve(integer_game, "enummixed", budget=Budget(seconds=1.0, started=0.0))
    assert result.status == "budget_exceeded" and result.equilibria == ()
    assert "qhull" in result.notes[0] and "estimated" in result.notes[0]


@pytest.mark.parametrize("seed", range(4))
def test_integer_14x14_games_are_exact_and_certified(seed):
    # the case that took 54 s: random integers 0..99 are slightly degenerate (a few vertices with extra labels)
    integer_game = _integer_game(14, seed)
    result = gt.solve(integer_game, "enummixed", budget=Budget(iterations=10_000))
    assert result.status == "converged" and result.complete and result.equilibria
    for e in result.equilibria:
        regret, payoffs = mixed_regret(integer_game, e.exact_profile, exact=True)
        assert regret == 0 and tuple(payoffs) == e.exact_payoffs
    floats = gt.solve(game(*(integer_game.payoffs[p].astype(float) + 0.25 for p in (0, 1))), "enummixed")
    assert _same_float_sets([np.concatenate(e.profile) for e in result.equilibria],
                            [np.concatenate(e.profile) for e in floats.equilibria])


@pytest.mark.parametrize("seed", range(6))
def test_integer_random_games_equal_pygambit_float(seed):
    pygambit = pytest.importorskip("pygambit")
    rng = np.random.default_rng(500 + seed)
    A, B = rng.integers(0, 100, (9, 9)), rng.integers(0, 100, (9, 9))
    ours = [np.concatenate(e.profile) for e in gt.solve(game(A, B), "enummixed").equilibria]
    assert _same_float_sets(ours, _pygambit_float(pygambit, A.astype(float), B.astype(float)))
