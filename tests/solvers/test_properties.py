"""Property tests of the normal-form solvers on random small games (hypothesis).

The properties hold for every game, so they are checked on games hypothesis
draws rather than on chosen examples:

- every equilibrium any method outputs is one: its profile is a probability
  vector and no player gains by deviating, as computed here, independently of
  the solver, by :func:`.certificate.mixed_regret` (exactly 0 in rational
  arithmetic when the answer is exact, at most the certificate's tolerance in
  floats otherwise);
- the equilibrium sets do not depend on how strategies are labelled (a
  permutation of each player's strategies) nor on a positive affine transform
  of a player's payoffs;
- ``enummixed`` finds a superset of what ``support`` and ``lemke-howson``
  find, ``enumpure`` finds exactly its pure members, and on zero-sum games
  ``lp``'s value is the payoff of each of its equilibria.

Games are two-player, 2x2 to 5x5, of three kinds: small-integer payoffs (exact,
and degenerate more often than not), continuous float payoffs drawn from a
seed (nondegenerate with probability one), and small integers given as floats
(degenerate, on the float code paths); three-player games are 2x2x2.  Each
property runs with a few examples in the quick suite and with many under
``-m slow``.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

import numpy as np
import pytest
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import gametheory_ukraine as gt
from gametheory_ukraine.solvers.budget import Budget
from gametheory_ukraine.solvers.certificate import FLOAT_TOLERANCE, mixed_regret

QUICK = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SAME_POINT = 1e-6
"""Float equilibria of two solves count as the same point within this (max-norm)."""

LOGIT_AGREEMENT = 1e-4
"""How close a logit limit must be to the equilibrium it approximates: the issue's standard
for logit (agreement with pygambit's ``logit_solve`` within 1e-4).  The limit is the QRE at
the last lambda traced, certified by its regret (at most 1e-8 of the payoff scale), so it
can sit 1e-6 and more away from the equilibrium along a direction with a small payoff gap."""

EXACT_METHODS = ("enummixed", "support", "lemke-howson", "enumpure")
"""Two-player methods whose every answer on an exact game must be certified exactly."""


# -- games ---------------------------------------------------------------------------------

SHAPES = st.tuples(st.integers(2, 5), st.integers(2, 5))


@st.composite
def integer_games(draw: Any, shape: Sequence[int] | None = None) -> gt.NormalFormGame:
    """Exact games with payoffs in -3..3: ties everywhere, so mostly degenerate."""
    shape = tuple(shape) if shape is not None else draw(SHAPES)
    tables = [draw(arrays(np.int64, shape, elements=st.integers(-3, 3))) for _ in shape]
    return gt.NormalFormGame.from_arrays(*tables)


@st.composite
def float_games(draw: Any, shape: Sequence[int] | None = None) -> gt.NormalFormGame:
    """Float games with standard normal payoffs from a drawn seed: nondegenerate with probability one.

    The payoffs come from numpy rather than from hypothesis's float strategy,
    which shrinks towards repeated round values, i.e. towards degenerate games.
    """
    shape = tuple(shape) if shape is not None else draw(SHAPES)
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    return gt.NormalFormGame.from_arrays(*[rng.normal(size=shape) for _ in shape])


@st.composite
def integer_valued_float_games(draw: Any) -> gt.NormalFormGame:
    """Degenerate games on the float code paths: small integers stored as floats."""
    exact = draw(integer_games())
    return gt.NormalFormGame.from_arrays(*[np.asarray(t, dtype=float) for t in exact.payoffs])


@st.composite
def zero_sum_games(draw: Any) -> gt.NormalFormGame:
    """Two-player zero-sum games, exact (integers) or float (normal payoffs)."""
    shape = draw(SHAPES)
    if draw(st.booleans()):
        A = draw(arrays(np.int64, shape, elements=st.integers(-3, 3)))
    else:
        A = np.random.default_rng(draw(st.integers(0, 2**32 - 1))).normal(size=shape)
    return gt.NormalFormGame.from_arrays(A, -A)


two_player_games = st.one_of(integer_games(), float_games())
every_two_player_game = st.one_of(integer_games(), float_games(), integer_valued_float_games())
three_player_games = st.one_of(integer_games((2, 2, 2)), float_games((2, 2, 2)))


# -- relabelling and affine transforms ---------------------------------------------------------

@dataclass(frozen=True)
class Transform:
    """A relabelling of every player's strategies and a positive affine map of every player's payoffs.

    ``orders[p][k]`` is the original index of player ``p``'s strategy ``k`` in
    the transformed game; player ``p``'s payoffs become ``scales[p] * u + shifts[p]``.
    """

    orders: tuple[tuple[int, ...], ...]
    scales: tuple[Fraction, ...]
    shifts: tuple[Fraction, ...]

    def apply(self, game: gt.NormalFormGame) -> gt.NormalFormGame:
        exact = game.exact is not None
        tables = game.exact if exact else game.payoffs
        cells = np.ix_(*[list(order) for order in self.orders])
        if exact:
            moved = [np.asarray(tables[p][cells], dtype=object) * s + c
                     for p, (s, c) in enumerate(zip(self.scales, self.shifts))]
        else:
            moved = [tables[p][cells] * float(s) + float(c) for p, (s, c) in enumerate(zip(self.scales, self.shifts))]
        return gt.NormalFormGame.from_arrays(*moved)

    def pull_back(self, profile: Sequence[Sequence[Any]]) -> tuple[tuple[Any, ...], ...]:
        """A profile of the transformed game in the original game's labels."""
        original = []
        for order, strategy in zip(self.orders, profile):
            back: list[Any] = [None] * len(order)
            for k, index in enumerate(order):
                back[index] = strategy[k]
            original.append(tuple(back))
        return tuple(original)


positive_fractions = st.builds(Fraction, st.integers(1, 6), st.integers(1, 4))
fraction_shifts = st.builds(Fraction, st.integers(-6, 6), st.integers(1, 4))


@st.composite
def transforms(draw: Any, shape: Sequence[int], common_scale: bool = False,
               relabel: bool = True) -> Transform:
    """A random :class:`Transform` of games of this shape.

    ``common_scale``: one scale for every player (the logit correspondence is
    invariant only under that); ``relabel=False``: strategies keep their order.
    """
    orders = tuple(tuple(draw(st.permutations(range(k)))) if relabel else tuple(range(k)) for k in shape)
    if common_scale:
        scales = (draw(positive_fractions),) * len(shape)
    else:
        scales = tuple(draw(positive_fractions) for _ in shape)
    return Transform(orders, scales, tuple(draw(fraction_shifts) for _ in shape))


def with_transform(games: st.SearchStrategy, **options: Any) -> st.SearchStrategy:
    """Pairs ``(game, transform)`` with a transform fitting the game's shape."""
    return games.flatmap(lambda game: st.tuples(st.just(game), transforms(game.shape, **options)))


# -- the independent certificate ---------------------------------------------------------------

def payoff_scale(game: gt.NormalFormGame) -> float:
    return max(1.0, float(np.abs(game.payoffs).max()))


def assert_is_equilibrium(game: gt.NormalFormGame, equilibrium: Any, method: str) -> None:
    """The profile is a probability vector per player, and no player gains by deviating.

    Exact answers must have exact regret 0; float answers a regret within the
    certificate's relative tolerance.  The recorded payoffs and regret must be
    the ones recomputed here.
    """
    where = f"{method} on {game.payoffs.tolist()}: {equilibrium.profile}"
    for strategy in equilibrium.profile:
        assert (strategy >= 0).all() and abs(strategy.sum() - 1) <= 1e-9, where
    if equilibrium.is_exact:
        for strategy, floats in zip(equilibrium.exact_profile, equilibrium.profile):
            assert all(v >= 0 for v in strategy) and sum(strategy) == 1, where
            assert np.allclose([float(v) for v in strategy], floats, atol=1e-12), where
        regret, payoffs = mixed_regret(game, equilibrium.exact_profile, exact=True)
        assert regret == 0 and equilibrium.regret == 0, where
        assert tuple(payoffs) == tuple(equilibrium.exact_payoffs), where
    else:
        regret, payoffs = mixed_regret(game, equilibrium.profile)
        assert regret <= FLOAT_TOLERANCE * payoff_scale(game), where
        assert equilibrium.regret == pytest.approx(max(float(regret), 0.0), abs=1e-12), where
    assert np.allclose(equilibrium.payoffs, [float(v) for v in payoffs], atol=1e-9 * payoff_scale(game)), where


def describe(game: gt.NormalFormGame) -> str:
    """The payoffs, for hypothesis's report of a failing example (a game's repr omits them)."""
    return f"{'exact' if game.exact is not None else 'float'} payoffs {game.payoffs.tolist()}"


def check_outputs(game: gt.NormalFormGame, methods: Sequence[str],
                  may_fail: Sequence[str] = ()) -> dict[str, gt.Result]:
    """Solve ``game`` with each method, check every output, and return the results.

    Every method must report ``converged``, except those in ``may_fail``,
    which may also report ``failed`` (their outputs must still be equilibria).
    """
    note(describe(game))
    results = {}
    for method in methods:
        result = gt.solve(game, method)
        allowed = {"converged", "failed"} if method in may_fail else {"converged"}
        assert result.status in allowed, f"{method}: {result.status} {result.notes}"
        for equilibrium in result.equilibria:
            assert_is_equilibrium(game, equilibrium, method)
            if game.exact is not None and method in EXACT_METHODS:
                assert equilibrium.is_exact, f"{method} gave a float answer on an exact game: {equilibrium.profile}"
        results[method] = result
    return results


# -- comparing equilibrium sets ------------------------------------------------------------------

def exact_set(result: gt.Result) -> set[tuple[tuple[Fraction, ...], ...]]:
    return {e.exact_profile for e in result.equilibria}


def float_points(result: gt.Result, transform: Transform | None = None) -> list[np.ndarray]:
    points = []
    for e in result.equilibria:
        profile = e.profile if transform is None else transform.pull_back(e.profile)
        points.append(np.concatenate([np.asarray(p, dtype=float) for p in profile]))
    return points


def covers(larger: Sequence[np.ndarray], smaller: Sequence[np.ndarray]) -> bool:
    """Every point of ``smaller`` is within :data:`SAME_POINT` of a point of ``larger``."""
    return all(any(np.abs(a - b).max() <= SAME_POINT for b in larger) for a in smaller)


def same_points(first: Sequence[np.ndarray], second: Sequence[np.ndarray]) -> bool:
    return len(first) == len(second) and covers(first, second) and covers(second, first)


def assert_same_sets(original: gt.Result, moved: gt.Result, transform: Transform, method: str) -> None:
    """The transformed game's equilibria, pulled back, are the original game's: exactly where exact."""
    if all(e.is_exact for e in original.equilibria) and all(e.is_exact for e in moved.equilibria):
        pulled = {transform.pull_back(e.exact_profile) for e in moved.equilibria}
        assert pulled == exact_set(original), f"{method}: {transform}"
    else:
        assert same_points(float_points(original), float_points(moved, transform)), f"{method}: {transform}"


def pure_members(result: gt.Result) -> set[tuple[tuple[Fraction, ...], ...]]:
    return {e.exact_profile for e in result.equilibria if all(max(p) == 1 for p in e.exact_profile)}


# -- every output is an equilibrium --------------------------------------------------------------

def every_two_player_output_is_an_equilibrium(game: gt.NormalFormGame) -> None:
    # logit may stop with status "failed" on a degenerate game whose principal branch ends in
    # a continuum of equilibria (the Jacobian turns singular); it still reports the last point
    # when that passes its certificate.  Example: A = [[-2, -3], [3, -3]], B = [[2, 1], [-3, -2]]
    # ends "failed" at lambda 32165 with the exact equilibrium ((1/2, 1/2), (0, 1)).
    check_outputs(game, EXACT_METHODS + ("logit",), may_fail=("logit",))


@QUICK
@given(every_two_player_game)
def test_every_two_player_output_is_an_equilibrium(game):
    every_two_player_output_is_an_equilibrium(game)


@pytest.mark.slow
@SLOW
@given(every_two_player_game)
def test_every_two_player_output_is_an_equilibrium_many_games(game):
    every_two_player_output_is_an_equilibrium(game)


def lp_outputs_are_equilibria_worth_the_value(game: gt.NormalFormGame) -> None:
    """``lp``'s answer is an equilibrium, one of ``enummixed``'s, and every one of those pays the value."""
    results = check_outputs(game, ("lp", "enummixed"))
    (optimal,) = results["lp"].equilibria
    value = optimal.exact_payoffs[0] if optimal.is_exact else optimal.payoffs[0]
    for equilibrium in results["enummixed"].equilibria:
        if game.exact is not None:
            assert optimal.is_exact and equilibrium.exact_payoffs[0] == value
        else:
            assert equilibrium.payoffs[0] == pytest.approx(value, abs=FLOAT_TOLERANCE * payoff_scale(game))
    # The LP's basic solution is a vertex pair of the optimal strategy sets: an extreme equilibrium.
    if game.exact is not None:
        assert optimal.exact_profile in exact_set(results["enummixed"])
    else:
        assert covers(float_points(results["enummixed"]), float_points(results["lp"]))


@QUICK
@given(zero_sum_games())
def test_lp_outputs_are_equilibria_worth_the_value(game):
    lp_outputs_are_equilibria_worth_the_value(game)


@pytest.mark.slow
@SLOW
@given(zero_sum_games())
def test_lp_outputs_are_equilibria_worth_the_value_many_games(game):
    lp_outputs_are_equilibria_worth_the_value(game)


def every_three_player_output_is_an_equilibrium(game: gt.NormalFormGame) -> None:
    # As for two players, the principal logit branch of a degenerate game can end in a
    # continuum of equilibria and the trace stop with status "failed".  Example: payoffs
    # [[[[-3, 1], [3, 1]], [[-1, 2], [3, -2]]], [[[-3, 3], [-3, 3]], [[-2, -3], [-2, -1]]],
    #  [[[-1, -3], [2, 2]], [[1, 3], [3, 3]]]].
    check_outputs(game, ("enumpoly", "enumpure", "logit"), may_fail=("logit",))


@QUICK
@given(three_player_games)
def test_every_three_player_output_is_an_equilibrium(game):
    every_three_player_output_is_an_equilibrium(game)


@pytest.mark.slow
@SLOW
@given(three_player_games)
def test_every_three_player_output_is_an_equilibrium_many_games(game):
    every_three_player_output_is_an_equilibrium(game)


# -- invariance under relabelling and affine transforms ------------------------------------------

def sets_are_invariant(game: gt.NormalFormGame, transform: Transform) -> None:
    """enummixed, support and enumpure: the same set, pulled back, after relabelling and rescaling."""
    note(describe(game))
    moved = transform.apply(game)
    for method in ("enummixed", "support", "enumpure"):
        assert_same_sets(gt.solve(game, method), gt.solve(moved, method), transform, method)


@QUICK
@given(with_transform(two_player_games))
def test_sets_are_invariant_under_relabelling_and_affine_transforms(case):
    sets_are_invariant(*case)


@pytest.mark.slow
@SLOW
@given(with_transform(two_player_games))
def test_sets_are_invariant_under_relabelling_and_affine_transforms_many_games(case):
    sets_are_invariant(*case)


def lemke_howson_is_invariant(game: gt.NormalFormGame, transform: Transform) -> None:
    """The equilibria found from all labels do not change.

    Under relabelling this holds on nondegenerate games only: on degenerate
    ones the lexicographic rule breaks ties by the order of the strategies, so
    a relabelled game may follow other paths (to other extreme equilibria).
    The payoffs are normalised to [1, 2] first, so affine maps never matter.
    """
    note(describe(game))
    assert_same_sets(gt.solve(game, "lemke-howson"), gt.solve(transform.apply(game), "lemke-howson"),
                     transform, "lemke-howson")


@QUICK
@given(st.one_of(with_transform(float_games()), with_transform(integer_games(), relabel=False)))
def test_lemke_howson_is_invariant(case):
    lemke_howson_is_invariant(*case)


@pytest.mark.slow
@SLOW
@given(st.one_of(with_transform(float_games()), with_transform(integer_games(), relabel=False)))
def test_lemke_howson_is_invariant_many_games(case):
    lemke_howson_is_invariant(*case)


def logit_limit_is_invariant(game: gt.NormalFormGame, transform: Transform) -> None:
    """The principal branch's limit does not depend on labels, shifts, or one scale for all players.

    A common scale ``a`` only reparametrises the branch (lambda -> a lambda)
    and a shift cancels in the logit choice probabilities; scaling *one*
    player's payoffs changes the correspondence itself, so it is not a symmetry.
    Tested on generic (float) games, whose principal branch has no bifurcation
    and whose equilibria are all extreme: both limits must approximate the same
    one of ``enummixed``'s equilibria (within :data:`LOGIT_AGREEMENT`; the two
    traces stop at different lambdas, so the limits differ by more than round-off).
    """
    note(describe(game))
    extreme = float_points(gt.solve(game, "enummixed"))
    original, moved = gt.solve(game, "logit"), gt.solve(transform.apply(game), "logit")
    assert len(original.equilibria) == len(moved.equilibria) == 1
    approximated = []
    for limit in (float_points(original)[0], float_points(moved, transform)[0]):
        distances = [np.abs(limit - point).max() for point in extreme]
        assert min(distances) <= LOGIT_AGREEMENT, (limit, extreme)
        approximated.append(int(np.argmin(distances)))
    assert approximated[0] == approximated[1], transform


@QUICK
@given(with_transform(float_games(), common_scale=True))
def test_logit_limit_is_invariant(case):
    logit_limit_is_invariant(*case)


@pytest.mark.slow
@SLOW
@given(with_transform(float_games(), common_scale=True))
def test_logit_limit_is_invariant_many_games(case):
    logit_limit_is_invariant(*case)


def enumpoly_sets_are_invariant(game: gt.NormalFormGame, transform: Transform) -> None:
    note(describe(game))
    assert_same_sets(gt.solve(game, "enumpoly"), gt.solve(transform.apply(game), "enumpoly"),
                     transform, "enumpoly")


@QUICK
@given(with_transform(three_player_games))
def test_enumpoly_sets_are_invariant(case):
    enumpoly_sets_are_invariant(*case)


@pytest.mark.slow
@SLOW
@given(with_transform(three_player_games))
def test_enumpoly_sets_are_invariant_many_games(case):
    enumpoly_sets_are_invariant(*case)


# -- how the methods' sets relate ----------------------------------------------------------------

def enummixed_contains_the_others(game: gt.NormalFormGame) -> None:
    """enummixed ⊇ support and ⊇ lemke-howson; = support on float (nondegenerate) games;
    its pure members are exactly enumpure's equilibria."""
    note(describe(game))
    results = {method: gt.solve(game, method) for method in EXACT_METHODS}
    everything = results["enummixed"]
    if game.exact is not None:
        assert exact_set(results["support"]) <= exact_set(everything)
        assert exact_set(results["lemke-howson"]) <= exact_set(everything)
        assert exact_set(results["enumpure"]) == pure_members(everything)
    else:
        points = float_points(everything)
        assert same_points(points, float_points(results["support"]))
        assert covers(points, float_points(results["lemke-howson"]))
        pure = [p for p, e in zip(points, everything.equilibria) if e.is_pure]
        assert same_points(pure, float_points(results["enumpure"]))


@QUICK
@given(two_player_games)
def test_enummixed_contains_support_lemke_howson_and_enumpure(game):
    enummixed_contains_the_others(game)


@pytest.mark.slow
@SLOW
@given(two_player_games)
def test_enummixed_contains_support_lemke_howson_and_enumpure_many_games(game):
    enummixed_contains_the_others(game)


# -- findings ------------------------------------------------------------------------------------

CREEPING_LOGIT_GAME = (
    [[-1, -1, -1, 2], [3, 1, 1, -2], [3, -2, 0, 3], [3, -1, 3, -2]],
    [[0, -2, -2, -2], [1, -1, 1, 0], [2, 3, -3, 3], [3, 1, -1, -2]],
)


def test_logit_trace_of_a_degenerate_game_ends_within_a_bounded_number_of_steps():
    """Towards this degenerate game's limit the regret falls only like 1/lambda; the plain rule took
    200,000 steps (72 s; pygambit: 1 s).  The exact re-solve on the settled support ends it early."""
    game = gt.NormalFormGame.from_arrays(*CREEPING_LOGIT_GAME)
    result = gt.solve(game, "logit", budget=Budget(iterations=5_000))
    assert result.status == "converged", result.notes
    (equilibrium,) = result.equilibria
    assert equilibrium.is_exact and equilibrium.regret == 0
    pygambit_limit = [1 / 3, 0, 2 / 3, 0, 0, 1 / 2, 0, 1 / 2]
    assert np.allclose(np.concatenate(equilibrium.profile), pygambit_limit, atol=1e-4)
