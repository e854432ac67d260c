"""``enumpoly``: every isolated Nash equilibrium of a small n-player strategic game.

Support enumeration with polynomial systems, the method of Gambit's
``enumpoly`` (McKelvey and McLennan, "Computation of equilibria in finite
games", Handbook of Computational Economics, 1996, section 6), with the
support ordering and conditional-dominance pruning of Porter, Nudelman and
Shoham ("Simple search methods for finding a Nash equilibrium", Games and
Economic Behavior, 2008).

Mathematics
-----------
A profile ``x = (x_1, ..., x_n)`` of mixed strategies with supports
``S_1, ..., S_n`` is a Nash equilibrium exactly when, for every player ``i``,

* every strategy in ``S_i`` earns the same payoff ``v_i`` against ``x_{-i}``
  (the *indifference equations*),
* the probabilities on ``S_i`` are positive and sum to 1, and
* no strategy outside ``S_i`` earns more than ``v_i``.

Eliminating the last probability of each support, the indifference equations
are a square system of ``m = sum_i (|S_i| - 1)`` polynomial equations in
``m`` unknowns.  The equations of player ``i`` are *multilinear*: of degree at
most 1 in the mixture of each other player, and free of her own.

Algorithm
---------
For each support profile (one non-empty support per player; by increasing
total size), the method

1. skips the profile when a support strategy of some player is strictly
   dominated by another of her pure strategies against every profile of the
   others' supports; and, when three or more players mix, when some player's
   support cannot be her best responses even against a *correlated*
   distribution with full support on the others' supports (a small linear
   program; products of mixtures are such distributions);
2. solves the indifference equations:

   * when at most two players mix they split into two *linear* systems,
     solved in rational arithmetic on exact games; when a system leaves free
     unknowns, linear programming decides whether equilibria with these
     supports exist and whether they form a continuum or a single point;
   * when three or more players mix, on an exact game with at most
     ``exact_max_variables`` unknowns, by a Groebner basis over the rationals
     and exact roots (sympy), rational or algebraic;
   * otherwise by interval subdivision of the box of probabilities: a box is
     dropped when the exact range of some equation over it misses 0 (the
     equations are affine in each player's block, so the range is reached at
     corners) or when the Krawczyk operator maps it off itself, and it holds
     exactly one root, found by Newton's method, when the operator maps it
     into its own interior;

3. keeps the solutions with positive probabilities on the supports and
   checks that no strategy outside the supports earns more with
   :func:`.certificate.mixed_regret`, in rational arithmetic whenever the
   solution is rational (float solutions of exact games are rounded to nearby
   fractions and kept exact when the exact regret is 0).

Continua
--------
Degenerate games have supports whose equations have a positive-dimensional
solution set.  Its points are not isolated and are not listed; the notes name
the support profile and give a point (saying whether it is an equilibrium,
and whether the equilibria near it form a continuum) and the result is marked
incomplete.  Linear cases are decided exactly by linear programming; in
nonlinear cases a continuum is found by the subdivision (boxes that keep
surviving, a singular Jacobian, and a curve of solutions through the point)
or, where the Jacobian is singular everywhere, by least squares from a few
starts, which is evidence, not proof.

The number of support profiles is ``prod_i (2**s_i - 1)``; games above
``max_profiles`` are refused with :class:`GameTooLargeError`.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Iterator, Sequence

import numpy as np

from ..errors import GameTooLargeError
from ..games import NormalFormGame
from .budget import BUDGET_EXCEEDED, CONVERGED, Budget, BudgetExceeded
from .certificate import certify_exact, mixed_regret
from .exact import affine_solution
from .registry import register
from .result import Equilibrium, Result

MAX_SUPPORT_PROFILES = 100_000
"""Default limit on the number of support profiles ``prod_i (2**s_i - 1)``."""

EXACT_MAX_VARIABLES = 3
"""Default: nonlinear systems with at most this many unknowns are solved exactly (sympy)."""

MAX_BOXES = 200_000
"""Default limit on the boxes the numerical subdivision examines for one support profile."""

# Probabilities within this distance of 0 count as 0 (float arithmetic).
PROBABILITY_TOLERANCE = 1e-9
# Equilibria closer than this (max-norm on the profile) are the same equilibrium.
DUPLICATE_TOLERANCE = 1e-7
# The subdivision box is [-BOX_MARGIN, 1 + BOX_MARGIN]^m so that roots on a face
# of the probability box lie in the interior of some box and can be verified.
BOX_MARGIN = 1e-4
# Boxes narrower than this are also verified on a box padded around Newton's root.
VERIFY_WIDTH = 1e-3
# Boxes narrower than this that are neither excluded nor verified hold a
# singular root or a piece of a continuum.
MIN_BOX_WIDTH = 1e-7
# The Krawczyk test is used only where the Jacobian at the box's center is better
# conditioned than this.
MAX_CONDITION = 1e10
# Exact ranges over a box enumerate at most this many corners (else interval arithmetic).
MAX_CORNERS = 256
# Residual (on payoffs scaled to [-1, 1]) under which a point solves the system.
RESIDUAL_TOLERANCE = 1e-10


def support_profile_count(shape: Sequence[int]) -> int:
    """The number of support profiles of a game with ``shape`` strategies per player.

    Each player has ``2**s - 1`` non-empty supports.

    >>> support_profile_count((2, 2, 2))
    27
    >>> support_profile_count((8, 8))
    65025
    """
    count = 1
    for s in shape:
        count *= 2 ** int(s) - 1
    return count


@register("enumpoly", {"normal"}, "all isolated equilibria (support enumeration, polynomial systems)")
def enumpoly(
    game: NormalFormGame,
    budget: Budget | None = None,
    max_profiles: int = MAX_SUPPORT_PROFILES,
    exact_max_variables: int = EXACT_MAX_VARIABLES,
    max_boxes: int = MAX_BOXES,
) -> Result:
    """All isolated Nash equilibria of a small n-player strategic game.

    Parameters
    ----------
    game:
        A :class:`NormalFormGame` with any number of players.
    budget:
        A :class:`Budget`; one tick per support profile.  When it is spent the
        result holds the equilibria found so far, with
        ``status="budget_exceeded"``.
    max_profiles:
        Refuse games with more support profiles than this.
    exact_max_variables:
        Systems of three or more mixing players with at most this many unknowns
        are solved exactly by Groebner bases on exact games (larger ones
        numerically, each root then certified exactly when it is rational).
    max_boxes:
        Limit on the boxes of the numerical subdivision for one support
        profile; a support that needs more is reported in the notes.

    Returns
    -------
    Result
        Equilibria in the order found (smaller supports first).  Each carries
        its regret; ``exact_profile`` when the equilibrium is rational (regret
        exactly 0).  ``complete`` is ``False`` when a continuum of solutions
        was met, a support could not be resolved, or the budget ran out; the
        notes say which.

    Raises
    ------
    GameTooLargeError
        When the game has more than ``max_profiles`` support profiles.

    Examples
    --------
    McKelvey and McLennan's three-player game with nine equilibria:

    >>> import gametheory_ukraine as gt
    >>> game = gt.NormalFormGame([[[[9, 0], [0, 3]], [[0, 3], [9, 0]]],
    ...                           [[[8, 0], [0, 4]], [[0, 4], [8, 0]]],
    ...                           [[[12, 0], [0, 6]], [[0, 6], [2, 0]]]])
    >>> result = gt.solve(game, "enumpoly")
    >>> len(result), result.complete
    (9, True)
    >>> [[str(p) for p in player] for player in result[-1].exact_profile]
    [['1/2', '1/2'], ['2/5', '3/5'], ['1/4', '3/4']]
    """
    total = support_profile_count(game.shape)
    if total > max_profiles:
        shape = "x".join(str(s) for s in game.shape)
        raise GameTooLargeError(
            f"enumpoly would enumerate {total} support profiles of this {shape} game "
            f"(limit {max_profiles}); use 'lemke-howson', 'logit' or 'enumpure' "
            f"('enummixed' for two players), or raise max_profiles")
    search = _Search(game, exact_max_variables, max_boxes)
    status = CONVERGED
    try:
        for profile in _support_profiles(game.shape):
            if budget is not None:
                budget.tick()
            search.visit(profile, budget)
    except BudgetExceeded as spent:
        status = BUDGET_EXCEEDED
        search.notes.append(f"stopped after {search.examined} of {total} support profiles: {spent}")
    return search.result(total, status)


# -- the search over support profiles ----------------------------------------------------

@dataclass
class _Candidate:
    """A solution of one support's indifference equations, as full mixed profiles."""

    floats: list[np.ndarray]
    exact: list[list[Fraction]] | None = None
    singular: bool = False


@dataclass
class _Answer:
    """What one support profile contributed."""

    candidates: list[_Candidate] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    incomplete: bool = False


class _Search:
    """State of one enumeration: pruning caches, equilibria found, notes."""

    def __init__(self, game: NormalFormGame, exact_max_variables: int, max_boxes: int) -> None:
        self.game = game
        self.exact_max_variables = exact_max_variables
        self.max_boxes = max_boxes
        self.scale = max(1.0, float(np.abs(game.payoffs).max()))
        self.equilibria: list[Equilibrium] = []
        self.notes: list[str] = []
        self.incomplete = False
        self.examined = 0
        self.pruned = 0
        self.relaxed = 0
        self.solved = {"linear": 0, "exact": 0, "numeric": 0}
        self.irrational = 0
        self.singular = 0
        self._dominated: dict[tuple[int, tuple[tuple[int, ...], ...]], frozenset[int]] = {}

    # -- pruning ------------------------------------------------------------------------------
    def dominated(self, player: int, profile: tuple[tuple[int, ...], ...]) -> frozenset[int]:
        """Strategies of ``player`` strictly dominated by one of her pure strategies
        against every profile of the others' supports."""
        others = profile[:player] + profile[player + 1:]
        key = (player, others)
        found = self._dominated.get(key)
        if found is None:
            index = [np.arange(k) if j == player else np.asarray(profile[j])
                     for j, k in enumerate(self.game.shape)]
            table = np.moveaxis(self.game.payoffs[player][np.ix_(*index)], player, 0)
            rows = table.reshape(table.shape[0], -1)
            # A margin keeps float rounding of exact payoffs from creating a false dominance.
            beats = (rows[:, None, :] > rows[None, :, :] + 1e-12 * self.scale).all(axis=2)
            found = frozenset(int(s) for s in np.flatnonzero(beats.any(axis=0)))
            self._dominated[key] = found
        return found

    def prunable(self, profile: tuple[tuple[int, ...], ...]) -> bool:
        return any(len(support) > 1 and not self.dominated(i, profile).isdisjoint(support)
                   for i, support in enumerate(profile))

    # -- one support profile -------------------------------------------------------------------
    def visit(self, profile: tuple[tuple[int, ...], ...], budget: Budget | None) -> None:
        self.examined += 1
        if self.prunable(profile):
            self.pruned += 1
            return
        mixed = [i for i, support in enumerate(profile) if len(support) > 1]
        unknowns = sum(len(profile[i]) - 1 for i in mixed)
        if len(mixed) >= 3 and not all(_relaxation_holds(self.game, profile, i, self.scale)
                                       for i in range(len(profile))):
            self.relaxed += 1
            return
        if len(mixed) <= 2:
            self.solved["linear"] += 1
            answer = _solve_linear(self.game, profile, mixed, self.scale)
        elif self.game.exact is not None and unknowns <= self.exact_max_variables:
            self.solved["exact"] += 1
            answer = _solve_exact(self.game, profile, mixed, self.scale, self.max_boxes, budget)
        else:
            self.solved["numeric"] += 1
            answer = _solve_numeric(self.game, profile, mixed, self.scale, self.max_boxes, budget)
        self.notes.extend(answer.notes)
        self.incomplete |= answer.incomplete
        for candidate in answer.candidates:
            self.add(candidate)

    def add(self, candidate: _Candidate) -> None:
        record = _certified(self.game, candidate)
        if record is None:
            return
        for known in self.equilibria:
            pairs = zip(known.profile, record.profile)  # type: ignore[arg-type]
            if all(np.abs(a - b).max() <= DUPLICATE_TOLERANCE for a, b in pairs):
                return
        if not record.is_exact and self.game.exact is not None:
            self.irrational += 1
        if candidate.singular:
            self.singular += 1
        self.equilibria.append(record)

    def result(self, total: int, status: str) -> Result:
        notes = [f"{self.examined} of {total} support profiles examined, {self.pruned} skipped "
                 f"by conditional dominance, {self.relaxed} by the correlated relaxation; "
                 f"solved {self.solved['linear']} linear, "
                 f"{self.solved['exact']} by Groebner bases, {self.solved['numeric']} by subdivision"]
        if self.irrational:
            notes.append(f"{self.irrational} equilibria are irrational (algebraic numbers): "
                         f"given in floating point, certified by their float regret")
        if self.singular:
            notes.append(f"{self.singular} equilibria are multiple roots of their indifference "
                         f"equations (the Jacobian is singular there): a small change of the payoffs "
                         f"can split or remove them")
        notes.extend(self.notes)
        complete = status == CONVERGED and not self.incomplete
        return Result(self.game, "enumpoly", tuple(self.equilibria), complete=complete, seconds=0.0,
                      strategic=self.game, notes=tuple(notes), status=status)


def _relaxation_holds(game: NormalFormGame, profile: tuple[tuple[int, ...], ...], player: int, scale: float) -> bool:
    """Whether the player's support can be her best responses against some joint
    distribution with full support on the others' supports.

    A product of positive mixtures is such a distribution, so when the linear
    program says no, no equilibrium has these supports.  (This relaxation also
    rules out supports with a strategy dominated by a *mixed* strategy.)
    """
    from scipy.optimize import linprog

    support = list(profile[player])
    outside = [s for s in range(game.shape[player]) if s not in profile[player]]
    if len(support) == 1 and not outside:
        return True
    index = [np.asarray(support[:-1] + outside + support[-1:]) if j == player else np.asarray(s)
             for j, s in enumerate(profile)]
    table = np.moveaxis(game.payoffs[player][np.ix_(*index)], player, 0) / scale
    rows = table.reshape(table.shape[0], -1)
    gains = rows[:-1] - rows[-1]
    cells = rows.shape[1]
    equal = np.hstack([gains[:len(support) - 1], np.zeros((len(support) - 1, 1))])
    equal = np.vstack([equal, np.append(np.ones(cells), 0.0)])
    upper = np.hstack([gains[len(support) - 1:], np.zeros((len(outside), 1))])
    # mu_c >= tau, written as tau - mu_c <= 0
    upper = np.vstack([upper, np.hstack([-np.eye(cells), np.ones((cells, 1))])])
    objective = np.zeros(cells + 1)
    objective[-1] = -1.0
    lp = linprog(objective, A_ub=upper, b_ub=np.zeros(upper.shape[0]), A_eq=equal,
                 b_eq=np.append(np.zeros(len(support) - 1), 1.0),
                 bounds=[(0.0, 1.0)] * cells + [(-1.0, 1.0)], method="highs")
    return lp.status != 2 and not (lp.status == 0 and -lp.fun <= 1e-10)


def _support_profiles(shape: Sequence[int]) -> Iterator[tuple[tuple[int, ...], ...]]:
    """Every support profile, by increasing total size, then by the players' sizes."""
    n = len(shape)
    for total in range(n, sum(shape) + 1):
        for sizes in itertools.product(*(range(1, k + 1) for k in shape)):
            if sum(sizes) != total:
                continue
            yield from itertools.product(*(itertools.combinations(range(k), size)
                                           for k, size in zip(shape, sizes)))


def _certified(game: NormalFormGame, candidate: _Candidate) -> Equilibrium | None:
    """The certified record of a candidate, or ``None`` when it is no equilibrium.

    On an exact game a float candidate is rounded to nearby fractions and kept
    exact when its exact regret is 0; otherwise (an irrational equilibrium, or a
    float game) its float regret must be below ``1e-8`` times the payoff scale.
    """
    if candidate.exact is not None:
        return certify_exact(game, candidate.exact)
    floats = candidate.floats
    if game.exact is not None:
        for bound in (10**4, 10**9):
            rounded = [[Fraction(float(v)).limit_denominator(bound) for v in p] for p in floats]
            if all(sum(p) == 1 and min(p) >= 0 for p in rounded):
                record = certify_exact(game, rounded)
                if record is not None:
                    return record
    regret, payoffs = mixed_regret(game, floats)
    if regret > 1e-8 * max(1.0, float(np.abs(game.payoffs).max())):
        return None
    return Equilibrium(payoffs=np.array(payoffs, dtype=float), regret=float(max(regret, 0.0)),
                       profile=tuple(np.asarray(p, dtype=float) for p in floats))


def _label(game: NormalFormGame, profile: tuple[tuple[int, ...], ...]) -> str:
    return "(" + ", ".join("{" + ", ".join(game.strategies[i][s] for s in support) + "}"
                           for i, support in enumerate(profile)) + ")"


def _rounded(profile: Sequence[np.ndarray]) -> str:
    return "[" + ", ".join("[" + ", ".join(f"{x:.6g}" for x in p) + "]" for p in profile) + "]"


def _full_profile(game: NormalFormGame, profile: tuple[tuple[int, ...], ...],
                  mixtures: dict[int, Sequence[Any]], zero: Any, one: Any) -> list[list[Any]]:
    """Full-length strategies from the mixtures of the mixing players (pure ones fixed)."""
    full = []
    for i, (support, k) in enumerate(zip(profile, game.shape)):
        vector = [zero] * k
        values = mixtures.get(i, [one])
        for s, value in zip(support, values):
            vector[s] = value
        full.append(vector)
    return full


def _float_candidate(game: NormalFormGame, profile: tuple[tuple[int, ...], ...],
                     mixtures: dict[int, np.ndarray], singular: bool = False) -> _Candidate | None:
    """A float candidate, or ``None`` unless every support probability is positive.

    As for exact candidates, a solution with a (numerically) zero probability on
    its support belongs to a smaller support and is found, or noted, there.
    """
    if any(np.min(p) <= PROBABILITY_TOLERANCE for p in mixtures.values()):
        return None
    clipped = {i: np.clip(p, 0.0, None) / np.clip(p, 0.0, None).sum() for i, p in mixtures.items()}
    full = _full_profile(game, profile, clipped, 0.0, 1.0)
    return _Candidate([np.array(p, dtype=float) for p in full], singular=singular)


def _exact_candidate(game: NormalFormGame, profile: tuple[tuple[int, ...], ...],
                     mixtures: dict[int, Sequence[Fraction]]) -> _Candidate | None:
    """An exact candidate, or ``None`` unless every support probability is positive.

    A solution with a zero on its support solves the smaller support's equations
    too, and is found (or reported as part of a continuum) there.
    """
    if any(v <= 0 for p in mixtures.values() for v in p):
        return None
    full = _full_profile(game, profile, mixtures, Fraction(0), Fraction(1))
    return _Candidate([np.array([float(v) for v in p]) for p in full], exact=full)


# -- restricted payoff tables ------------------------------------------------------------

def _restricted(table: np.ndarray, profile: tuple[tuple[int, ...], ...], mixed: Sequence[int],
                player: int | None = None, own: Sequence[int] | None = None) -> np.ndarray:
    """``table`` on the support profile, with only the mixing players' axes kept.

    With ``player`` and ``own`` the player's axis runs over ``own`` instead of her
    support and is kept (first) even when she does not mix.
    """
    index = [np.asarray(own if i == player else support) for i, support in enumerate(profile)]
    sub = table[np.ix_(*index)]
    keep = sorted(set(mixed) | ({player} if player is not None else set()))
    sub = sub.reshape([sub.shape[i] for i in keep])
    if player is not None:
        sub = np.moveaxis(sub, keep.index(player), 0)
    return sub


def _indifference_tensor(table: np.ndarray, profile: tuple[tuple[int, ...], ...],
                         mixed: Sequence[int], player: int) -> np.ndarray:
    """Payoff differences ``u(s_r) - u(s_last)`` of ``player`` over her support,
    with axes (r, other mixing players in order)."""
    sub = _restricted(table, profile, mixed, player, profile[player])
    return sub[:-1] - sub[-1]


# -- at most two players mix: linear systems ---------------------------------------------

def _affine_float(rows: np.ndarray, rhs: np.ndarray) -> tuple[np.ndarray, int] | None:
    """Float version of :func:`.exact.affine_solution` (least squares, rank by singular values)."""
    solution, _, rank, singular = np.linalg.lstsq(rows, rhs, rcond=None)
    rank = int(np.sum(singular > 1e-10 * max(1.0, singular[0]))) if singular.size else 0
    if np.abs(rows @ solution - rhs).max() > 1e-9:
        return None
    return solution, rows.shape[1] - rank


def _solve_linear(game: NormalFormGame, profile: tuple[tuple[int, ...], ...], mixed: list[int],
                  scale: float) -> _Answer:
    """Supports where at most two players mix: each mixture solves a linear system."""
    exact = game.exact is not None
    table: np.ndarray = game.exact if exact else game.payoffs / scale  # type: ignore[assignment]
    answer = _Answer()
    if not mixed:
        full = _full_profile(game, profile, {}, Fraction(0), Fraction(1))
        floats = [np.array([float(v) for v in p]) for p in full]
        answer.candidates.append(_Candidate(floats, exact=full if exact else None))
        return answer
    one = Fraction(1) if exact else 1.0
    if len(mixed) == 1:
        # The lone mixing player faces pure opponents: her payoffs over her support are
        # constants, which must all be equal.
        constants = _indifference_tensor(table[mixed[0]], profile, mixed, mixed[0])
        if any(_nonzero(c, exact) for c in constants):
            return answer
    # The mixture of each mixing player makes the *other* one indifferent (sums to 1).
    systems: dict[int, tuple[list[list[Any]], list[Any]]] = {}
    for a in mixed:
        rows: list[list[Any]] = []
        for b in mixed:
            if b != a:
                rows = [list(row) for row in _indifference_tensor(table[b], profile, mixed, b)]
        rows.append([one] * len(profile[a]))
        systems[a] = (rows, [0 * one] * (len(rows) - 1) + [one])
    solutions: dict[int, tuple[Any, int]] = {}
    for a, (rows, rhs) in systems.items():
        solved: tuple[Any, int] | None
        if exact:
            # Floats first: most supports have no nonnegative solution, and a clear
            # float verdict on a well-conditioned system is safe to act on.
            verdict = _float_verdict(np.array(rows, dtype=float), np.array(rhs, dtype=float))
            if verdict == "none":
                return answer
            solved = affine_solution(rows, rhs)
        else:
            solved = _affine_float(np.array(rows, dtype=float), np.array(rhs, dtype=float))
        if solved is None:
            return answer
        solutions[a] = solved
    if all(dim == 0 for _, dim in solutions.values()):
        mixtures = {a: solution for a, (solution, _) in solutions.items()}
        candidate = (_exact_candidate(game, profile, mixtures) if exact
                     else _float_candidate(game, profile, {a: np.asarray(v) for a, v in mixtures.items()}))
        if candidate is not None:
            answer.candidates.append(candidate)
        return answer
    return _linear_continuum(game, profile, mixed, solutions, scale, answer)


def _nonzero(value: Any, exact: bool) -> bool:
    return value != 0 if exact else abs(float(value)) > 1e-12


def _float_verdict(rows: np.ndarray, rhs: np.ndarray) -> str:
    """``"none"`` when floats show clearly that no nonnegative solution exists, else ``"maybe"``."""
    singular = np.linalg.svd(rows, compute_uv=False)
    if singular[0] == 0 or singular[-1] < 1e-8 * singular[0] or rows.shape[0] != rows.shape[1]:
        return "maybe"
    solution = np.linalg.solve(rows, rhs)
    return "none" if solution.min() < -1e-7 else "maybe"


def _linear_continuum(game: NormalFormGame, profile: tuple[tuple[int, ...], ...], mixed: list[int],
                      solutions: dict[int, tuple[Any, int]], scale: float, answer: _Answer) -> _Answer:
    """Decide by linear programming whether a continuum of indifference solutions holds
    equilibria with exactly these supports; note it (or keep its single point)."""
    from scipy.optimize import linprog

    payoffs = game.payoffs / scale
    sizes = [len(profile[a]) for a in mixed]
    start = np.concatenate([[0], np.cumsum(sizes)])
    width = int(start[-1]) + 1  # the mixtures, then t, the smallest support probability
    equalities: list[np.ndarray] = []
    equal_rhs: list[float] = []
    inequalities: list[np.ndarray] = []
    fixed = {a: np.array([float(v) for v in solution], dtype=float)
             for a, (solution, dim) in solutions.items() if dim == 0}

    def block(a: int, row: np.ndarray) -> np.ndarray:
        full = np.zeros(width)
        q = mixed.index(a)
        full[start[q]:start[q + 1]] = row
        return full

    for q, a in enumerate(mixed):
        equalities.append(block(a, np.ones(sizes[q])))
        equal_rhs.append(1.0)
        for s in range(sizes[q]):
            row = np.zeros(width)
            row[start[q] + s] = -1.0
            row[-1] = 1.0
            inequalities.append(row)
    undecided = False
    for a in mixed:
        other = [b for b in mixed if b != a]
        outside = [s for s in range(game.shape[a]) if s not in profile[a]]
        own = list(profile[a][-1:])
        indifference = _indifference_tensor(payoffs[a], profile, mixed, a)
        gains = _restricted(payoffs[a], profile, mixed, a, outside + own)
        gains = gains[:-1] - gains[-1] if outside else gains[:0]
        if not other:
            if np.any(gains > 1e-12):
                return answer
            continue
        (b,) = other
        for row in indifference:
            equalities.append(block(b, row))
            equal_rhs.append(0.0)
        for row in gains:
            inequalities.append(block(b, row))
    for j, support in enumerate(profile):
        if j in mixed or game.shape[j] == 1:
            continue
        outside = [s for s in range(game.shape[j]) if s != support[0]]
        gains = _restricted(payoffs[j], profile, mixed, j, outside + list(support))
        gains = gains[:-1] - gains[-1]
        for gain in gains:
            if len(mixed) == 1:
                inequalities.append(block(mixed[0], gain))
            elif mixed[1] in fixed:
                inequalities.append(block(mixed[0], gain @ fixed[mixed[1]]))
            elif mixed[0] in fixed:
                inequalities.append(block(mixed[1], fixed[mixed[0]] @ gain))
            else:  # bilinear in both mixtures: checked on the sample point below
                undecided = True
    a_eq, b_eq = np.array(equalities), np.array(equal_rhs)
    a_ub = np.array(inequalities)
    b_ub = np.full(len(inequalities), 1e-12)
    objective = np.zeros(width)
    objective[-1] = -1.0
    lp = linprog(objective, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=[(0.0, 1.0)] * width, method="highs")
    if lp.status != 0 or -lp.fun <= PROBABILITY_TOLERANCE:
        return answer  # no point with these supports meets the (linear) conditions
    floor = -lp.fun / 2
    # Dimension: the range of a generic linear function over the set, kept off the boundary.
    bounds = [(0.0, 1.0)] * (width - 1) + [(floor, floor)]
    direction = np.random.default_rng(len(mixed) * 7919 + width).normal(size=width)
    direction[-1] = 0.0
    ends = [linprog(sign * direction, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
            for sign in (1.0, -1.0)]
    sample = _float_candidate(game, profile, {a: lp.x[start[q]:start[q + 1]] for q, a in enumerate(mixed)})
    if all(e.status == 0 for e in ends) and abs(ends[0].fun + ends[1].fun) <= 1e-9:
        # The inequalities pinch the solution set to a single point: an isolated equilibrium.
        if sample is not None:
            answer.candidates.append(sample)
        return answer
    dimension = sum(dim for _, dim in solutions.values())
    label = _label(game, profile)
    answer.incomplete = True
    if undecided:
        if not all(_relaxation_holds(game, profile, j, scale) for j in range(game.num_players)):
            answer.incomplete = False
            return answer
        # Points of the polytope of the linear conditions, tried against the bilinear ones.
        witness = sample if sample is not None and _certified(game, sample) is not None else None
        for seed in range(6):
            if witness is not None:
                break
            corner = linprog(np.append(np.random.default_rng(seed).normal(size=width - 1), 0.0), A_ub=a_ub,
                             b_ub=b_ub, A_eq=a_eq, b_eq=b_eq, bounds=bounds, method="highs")
            if corner.status == 0:
                tried = _float_candidate(game, profile, {a: corner.x[start[q]:start[q + 1]]
                                                         for q, a in enumerate(mixed)})
                if tried is not None and _certified(game, tried) is not None:
                    witness = tried
        if witness is None:
            answer.notes.append(
                f"support profile {label}: the indifference equations have a continuum of solutions "
                f"({dimension} degree(s) of freedom); whether it holds equilibria was not decided")
            return answer
        if not _strict_outside(game, profile, witness.floats):
            answer.notes.append(
                f"support profile {label}: the indifference equations have a continuum of solutions "
                f"({dimension} degree(s) of freedom), which holds the equilibrium {_rounded(witness.floats)} "
                f"(where a strategy outside the supports ties); not listed")
            return answer
        sample = witness
    assert sample is not None
    answer.notes.append(
        f"support profile {label}: a continuum of equilibria (the indifference equations leave "
        f"{dimension} degree(s) of freedom), e.g. {_rounded(sample.floats)}; not isolated, not listed")
    return answer


# -- three or more players mix: polynomial systems ---------------------------------------

class _System:
    """The indifference equations of one support profile in reduced coordinates.

    Unknowns ``y``: for each mixing player ``q`` (in player order) the
    probabilities of all but the last strategy of her support; the last is one
    minus their sum.  Equation ``(q, r)``: ``u_q(s_r) - u_q(s_last) = 0``,
    multilinear in the other mixing players' mixtures.  Each tensor is stored
    in the *affine* basis ``(y_j, 1)`` of every other player's axis, so that
    contracting it with a box of ``y_j`` gives the exact range of an affine
    function (the basis of probabilities would count the radius of the
    last probability, ``sum(y_j)``, a second time).  Evaluation works on
    batches of boxes in midpoint-radius interval arithmetic (radius ``None`` for
    points).
    """

    def __init__(self, tensors: list[np.ndarray]) -> None:
        self.sizes = [t.shape[0] + 1 for t in tensors]
        self.offsets = np.concatenate([[0], np.cumsum([k - 1 for k in self.sizes])]).astype(int)
        self.m = int(self.offsets[-1])
        self.players = len(tensors)
        self.tensors = []
        for tensor in tensors:
            for axis in range(1, tensor.ndim):
                head = np.take(tensor, np.arange(tensor.shape[axis] - 1), axis=axis)
                last = np.take(tensor, [tensor.shape[axis] - 1], axis=axis)
                tensor = np.concatenate([head - last, last], axis=axis)
            self.tensors.append(tensor)

    def _vectors(self, mid: np.ndarray, rad: np.ndarray | None) -> tuple[list[np.ndarray], list[np.ndarray] | None]:
        ones = np.ones((mid.shape[0], 1))
        vm = [np.concatenate([mid[:, self.offsets[q]:self.offsets[q + 1]], ones], axis=1) for q in range(self.players)]
        if rad is None:
            return vm, None
        vr = [np.concatenate([rad[:, self.offsets[q]:self.offsets[q + 1]], 0 * ones], axis=1)
              for q in range(self.players)]
        return vm, vr

    def _contract(self, q: int, vm: list[np.ndarray], vr: list[np.ndarray] | None,
                  keep: int | None = None) -> tuple[np.ndarray, np.ndarray | None]:
        others = [j for j in range(self.players) if j != q]
        mid: np.ndarray = np.broadcast_to(self.tensors[q], (vm[0].shape[0],) + self.tensors[q].shape)
        if keep is not None:
            mid = np.moveaxis(mid, 2 + others.index(keep), -1)
            others.remove(keep)
        rad: np.ndarray | None = None
        for j in others:
            new_mid = np.einsum("bxa...,ba->bx...", mid, vm[j])
            if vr is not None:
                new_rad = np.einsum("bxa...,ba->bx...", np.abs(mid), vr[j])
                if rad is not None:
                    new_rad = new_rad + np.einsum("bxa...,ba->bx...", rad, np.abs(vm[j]) + vr[j])
                rad = new_rad
            mid = new_mid
        return mid, rad

    def _range(self, q: int, mid: np.ndarray, rad: np.ndarray, vm: list[np.ndarray], vr: list[np.ndarray],
               keep: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The exact range over the boxes of the contraction of tensor ``q`` (all axes but ``keep``).

        The contraction is affine in each player's block, so for fixed corners of
        all blocks but one it is affine in that one (exact range), and its minimum
        and maximum over the boxes are reached at corners of the others.  Falls
        back to midpoint-radius arithmetic when there are too many corners.
        """
        others = [j for j in range(self.players) if j != q]
        blocks = [j for j in others if j != keep]
        if not blocks:
            return self._contract(q, vm, vr, keep)  # type: ignore[return-value]
        free = max(blocks, key=lambda j: self.sizes[j])
        corners = [j for j in blocks if j != free]
        if 2 ** sum(self.sizes[j] - 1 for j in corners) > MAX_CORNERS:
            return self._contract(q, vm, vr, keep)  # type: ignore[return-value]
        batch = mid.shape[0]
        tensor: np.ndarray = np.broadcast_to(self.tensors[q], (batch, 1) + self.tensors[q].shape)
        order = list(others)  # the block of each remaining tensor axis after (batch, corner, equation)
        if keep is not None:
            tensor = np.moveaxis(tensor, 3 + order.index(keep), -1)
            order.remove(keep)
        for j in corners:
            tensor = np.moveaxis(tensor, 3 + order.index(j), 3)
            order.remove(j)
            order.insert(0, j)
            block = slice(self.offsets[j], self.offsets[j + 1])
            low, high = mid[:, block] - rad[:, block], mid[:, block] + rad[:, block]
            bits = _corner_bits(self.sizes[j] - 1)
            points = low[:, None, :] + bits[None, :, :] * (high - low)[:, None, :]
            points = np.concatenate([points, np.ones(points.shape[:2] + (1,))], axis=2)
            tensor = np.einsum("bNxa...,bMa->bNMx...", tensor, points)
            tensor = tensor.reshape((batch, -1) + tensor.shape[3:])
            order.remove(j)
        position = 3 + order.index(free)
        tensor = np.moveaxis(tensor, position, 3)
        center = np.einsum("bNxa...,ba->bNx...", tensor, vm[free])
        spread = np.einsum("bNxa...,ba->bNx...", np.abs(tensor), vr[free])
        low, high = (center - spread).min(axis=1), (center + spread).max(axis=1)
        return (low + high) / 2, (high - low) / 2

    def values(self, mid: np.ndarray, rad: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray | None]:
        """Equation values (batch, m): midpoints and radii of their ranges over the boxes."""
        vm, vr = self._vectors(mid, rad)
        if rad is not None and vr is not None:
            parts = [self._range(q, mid, rad, vm, vr) for q in range(self.players)]
            return np.concatenate([p[0] for p in parts], axis=1), np.concatenate([p[1] for p in parts], axis=1)
        contracted = [self._contract(q, vm, vr) for q in range(self.players)]
        values = np.concatenate([p[0] for p in contracted], axis=1)
        radii = np.concatenate([p[1] for p in contracted], axis=1) if rad is not None else None
        return values, radii

    def jacobian(self, mid: np.ndarray, rad: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray | None]:
        """Jacobians (batch, m, m): midpoints and radii over the boxes."""
        batch = mid.shape[0]
        vm, vr = self._vectors(mid, rad)
        jm = np.zeros((batch, self.m, self.m))
        jr = np.zeros((batch, self.m, self.m)) if rad is not None else None
        for q in range(self.players):
            rows = slice(self.offsets[q], self.offsets[q + 1])
            for j in range(self.players):
                if j == q:
                    continue  # a player's indifference does not depend on her own mixture
                columns = slice(self.offsets[j], self.offsets[j + 1])
                if rad is not None and vr is not None:
                    gm, gr = self._range(q, mid, rad, vm, vr, keep=j)
                else:
                    gm, gr = self._contract(q, vm, vr, keep=j)  # type: ignore[assignment]
                jm[:, rows, columns] = gm[..., :-1]
                if jr is not None and gr is not None:
                    jr[:, rows, columns] = gr[..., :-1]
        return jm, jr

    def point(self, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        values, _ = self.values(y[None, :])
        jac, _ = self.jacobian(y[None, :])
        return values[0], jac[0]

    def mixtures(self, y: np.ndarray) -> list[np.ndarray]:
        blocks = [y[self.offsets[q]:self.offsets[q + 1]] for q in range(self.players)]
        return [np.concatenate([b, [1.0 - b.sum()]]) for b in blocks]


def _corner_bits(dimension: int) -> np.ndarray:
    """The 2**dimension corners of the unit cube, one per row."""
    return np.array(list(itertools.product((0.0, 1.0), repeat=dimension))).reshape(-1, dimension)


def _newton(system: _System, y: np.ndarray, iterations: int = 60) -> tuple[np.ndarray, float]:
    """Newton's method (least squares steps where the Jacobian is singular)."""
    y = y.copy()
    for _ in range(iterations):
        values, jac = system.point(y)
        step = np.linalg.lstsq(jac, values, rcond=None)[0]
        y -= step
        if np.abs(step).max() < 1e-15:
            break
    values, _ = system.point(y)
    return y, float(np.abs(values).max())


def _feasible(system: _System, y: np.ndarray) -> bool:
    """Whether ``y`` gives probabilities (within the subdivision's margin)."""
    return all(p.min() >= -BOX_MARGIN for p in system.mixtures(y))


def _is_continuum(system: _System, z: np.ndarray) -> bool:
    """Whether the solution set through ``z`` extends along a null direction of the Jacobian.

    Solve ``F(y) = 0`` with ``v . (y - z) = h`` (``v`` a null vector): on a curve
    of solutions there is such a ``y`` near ``z``; at an isolated (even
    singular) root there is none.
    """
    _, jac = system.point(z)
    _, singular, vt = np.linalg.svd(jac)
    if singular[-1] > 1e-8 * max(1.0, singular[0]):
        return False
    for v in (vt[-1], -vt[-1]):
        # A curve answers at both scales; a nearly singular isolated root at neither.
        moved = 0
        for h in (1e-3, 1e-5):
            y = z + h * v
            for _ in range(40):
                values, jac = system.point(y)
                full = np.concatenate([values, [v @ (y - z) - h]])
                step = np.linalg.lstsq(np.vstack([jac, v]), full, rcond=None)[0]
                y -= step
                if np.abs(step).max() < 1e-15:
                    break
            values, _ = system.point(y)
            moved += (np.abs(values).max() < RESIDUAL_TOLERANCE and abs(v @ (y - z) - h) < 1e-12
                      and np.abs(y - z).max() < 10 * h)
        if moved == 2:
            return True
    return False


@dataclass
class _Subdivision:
    """What the subdivision found: regular roots, singular points, continuum points, trouble."""

    roots: list[np.ndarray] = field(default_factory=list)
    singular: list[np.ndarray] = field(default_factory=list)
    continuum: list[np.ndarray] = field(default_factory=list)
    exhausted: bool = False


def _krawczyk(system: _System, mid: np.ndarray, rad: np.ndarray) -> tuple[np.ndarray, ...]:
    """The Krawczyk operator ``K(X) = c - Y F(c) + (I - Y F'(X)) (X - c)`` of a batch of boxes.

    Every root in ``X`` lies in ``K(X)``; when ``K(X)`` lies inside ``X`` there is
    exactly one.  ``Y`` is the inverse of the Jacobian at the center ``c`` (zero
    where that is too ill-conditioned: then ``K(X) = X`` and the test says
    nothing).  Returns the bounds of ``K``, its center, ``Y``, where ``Y`` exists,
    and the interval Jacobian over the boxes (midpoints, radii).
    """
    m = system.m
    center, _ = system.values(mid)
    jc, _ = system.jacobian(mid)
    jm, jr = system.jacobian(mid, rad)
    assert jr is not None
    condition = np.linalg.cond(jc)
    invertible = condition < MAX_CONDITION
    inverse = np.zeros_like(jc)
    if invertible.any():
        inverse[invertible] = np.linalg.inv(jc[invertible])
    k_mid = mid - np.einsum("bij,bj->bi", inverse, center)
    spread = np.abs(np.eye(m) - inverse @ jm) + np.abs(inverse) @ jr
    k_rad = np.einsum("bij,bj->bi", spread, rad) * (1 + 1e-10)
    # Rounding: the values carry absolute errors of about 1e-15 and the inverse a
    # relative error of about its condition number times the unit roundoff.
    k_rad += (np.abs(inverse) @ np.full(m, 1e-14)
              + 1e-14 * np.where(invertible, condition, 0.0)[:, None] * (np.abs(k_mid - mid) + rad))
    return k_mid - k_rad, k_mid + k_rad, k_mid, inverse, invertible, jm, jr


def _subdivide(system: _System, max_boxes: int, budget: Budget | None) -> _Subdivision:
    """Every root of ``system`` in the box ``[0, 1]^m`` (with a small margin).

    Breadth-first over batches of boxes: a box is dropped when the range of
    some equation over it excludes 0 or when the Krawczyk operator misses it,
    solved by Newton's method when the Krawczyk operator maps it into its own
    interior (one root, regular), and otherwise shrunk to its intersection
    with the Krawczyk operator and halved along its widest side.
    """
    m = system.m
    found = _Subdivision()
    lo = np.full((1, m), -BOX_MARGIN)
    hi = np.full((1, m), 1.0 + BOX_MARGIN)
    examined = 0
    probe_at = 64
    tiny: list[np.ndarray] = []
    while lo.shape[0]:
        if budget is not None:
            budget.tick(0)
        examined += lo.shape[0]
        if examined > max_boxes:
            found.exhausted = True
            break
        # Each player's probabilities sum to at most 1 (the last one is >= 0): drop boxes
        # beyond that face and cut the others back to it.
        keep = np.ones(lo.shape[0], dtype=bool)
        for q in range(system.players):
            block = slice(system.offsets[q], system.offsets[q + 1])
            floor = lo[:, block].sum(axis=1, keepdims=True)
            keep &= floor[:, 0] <= 1.0 + BOX_MARGIN
            hi[:, block] = np.minimum(hi[:, block], 1.0 + BOX_MARGIN - (floor - lo[:, block]))
        keep &= np.all(hi >= lo, axis=1)
        lo, hi = lo[keep], hi[keep]
        if not lo.shape[0]:
            break
        mid, rad = (lo + hi) / 2, (hi - lo) / 2
        vm, vr = system.values(mid, rad)
        assert vr is not None  # radii come back when radii go in
        keep = np.all(np.abs(vm) <= vr * (1 + 1e-12) + 1e-14, axis=1)
        lo, hi, mid, rad = lo[keep], hi[keep], mid[keep], rad[keep]
        if not lo.shape[0]:
            break
        k_lo, k_hi, k_mid, inverse, invertible, jm, jr = _krawczyk(system, mid, rad)
        missed = invertible & np.any((k_lo > hi) | (k_hi < lo), axis=1)
        inside = invertible & ~missed & np.all((k_lo > lo) & (k_hi < hi), axis=1)
        for b in np.flatnonzero(inside):
            root, residual = _newton(system, k_mid[b])
            if residual < RESIDUAL_TOLERANCE and np.all(root >= lo[b] - 1e-9) and np.all(root <= hi[b] + 1e-9):
                found.roots.append(root)
            else:  # Newton wandered off: iterate the Krawczyk contraction instead
                y = k_mid[b].copy()
                for _ in range(200):
                    y = y - inverse[b] @ system.point(y)[0]
                found.roots.append(y)
        rest = ~missed & ~inside
        lo, hi = lo[rest], hi[rest]
        contract = invertible[rest]
        lo[contract] = np.maximum(lo[contract], k_lo[rest][contract])
        hi[contract] = np.minimum(hi[contract], k_hi[rest][contract])
        widths = hi - lo
        # A root close to a face of its box (as after a contraction) keeps the Krawczyk
        # operator from landing inside; verify it on a box padded around Newton's answer.
        settled = np.zeros(lo.shape[0], dtype=bool)
        for b in np.flatnonzero(widths.max(axis=1) < VERIFY_WIDTH)[:32]:
            z, residual = _newton(system, (lo[b] + hi[b]) / 2)
            pad = widths[b].max()
            if residual >= RESIDUAL_TOLERANCE or np.any(z < lo[b] - pad) or np.any(z > hi[b] + pad):
                continue
            h_lo, h_hi = np.minimum(lo[b], z - pad)[None], np.maximum(hi[b], z + pad)[None]
            v_lo, v_hi, *_ = _krawczyk(system, (h_lo + h_hi) / 2, (h_hi - h_lo) / 2)
            if np.all(v_lo > h_lo) and np.all(v_hi < h_hi):
                found.roots.append(z)
                settled[b] = True
        lo, hi, widths = lo[~settled], hi[~settled], widths[~settled]
        rest_jac = (np.abs(jm) + jr)[rest][~settled]
        small = widths.max(axis=1) < MIN_BOX_WIDTH
        tiny.extend(((lo + hi) / 2)[small])
        lo, hi, widths = lo[~small], hi[~small], widths[~small]
        if lo.shape[0] >= probe_at:
            # Many live boxes: probably a continuum; look for one before subdividing further.
            probe_at *= 4
            rng = np.random.default_rng(lo.shape[0])
            for b in rng.choice(lo.shape[0], size=min(6, lo.shape[0]), replace=False):
                z, residual = _newton(system, (lo[b] + hi[b]) / 2)
                if residual < RESIDUAL_TOLERANCE and _feasible(system, z) and _is_continuum(system, z):
                    found.continuum.append(z)
                    return found
        # Halve each box along the side where the equations vary most (largest smear).
        smear = (rest_jac[~small] * widths[:, None, :]).max(axis=1)
        axis = np.where(smear.max(axis=1) > 0, smear.argmax(axis=1), widths.argmax(axis=1))
        rows = np.arange(lo.shape[0])
        split = (lo[rows, axis] + hi[rows, axis]) / 2
        upper_lo, lower_hi = lo.copy(), hi.copy()
        upper_lo[rows, axis] = split
        lower_hi[rows, axis] = split
        lo = np.concatenate([lo, upper_lo])
        hi = np.concatenate([lower_hi, hi])
    for z0 in tiny:
        z, residual = _newton(system, z0)
        if residual >= RESIDUAL_TOLERANCE or not _feasible(system, z):
            continue
        if any(np.abs(z - s).max() < 1e-7 for s in found.singular + found.continuum + found.roots):
            continue
        (found.continuum if _is_continuum(system, z) else found.singular).append(z)
    return found


def _generic_rank(system: _System) -> int:
    """The rank of the Jacobian at random points: below ``m``, every solution is non-isolated."""
    rng = np.random.default_rng(system.m)
    points = np.concatenate([rng.dirichlet(np.ones(k), size=3)[:, :-1] for k in system.sizes], axis=1)
    jac, _ = system.jacobian(points)
    return max(int(np.linalg.matrix_rank(j, tol=1e-9 * max(1.0, np.abs(j).max()))) for j in jac)


def _sample_solutions(system: _System, starts: int = 3) -> list[np.ndarray]:
    """A solution with positive probabilities, found by bounded least squares from random
    starts, or none: sampling evidence only, used where no solution is isolated."""
    from scipy.optimize import least_squares

    rng = np.random.default_rng(system.m + 1)

    def residuals(y: np.ndarray) -> np.ndarray:
        values, _ = system.point(y)
        excess = [max(0.0, y[system.offsets[q]:system.offsets[q + 1]].sum() - 1.0) for q in range(system.players)]
        return np.concatenate([values, excess])

    def jacobian(y: np.ndarray) -> np.ndarray:
        _, jac = system.point(y)
        rows = np.zeros((system.players, system.m))
        for q in range(system.players):
            block = slice(system.offsets[q], system.offsets[q + 1])
            if y[block].sum() > 1.0:
                rows[q, block] = 1.0
        return np.vstack([jac, rows])

    for _ in range(starts):
        start = np.concatenate([rng.dirichlet(np.ones(k))[:-1] for k in system.sizes])
        fit = least_squares(residuals, start, jac=jacobian, bounds=(0.0, 1.0), xtol=1e-15, ftol=1e-15, gtol=1e-15)
        y = fit.x
        if np.abs(residuals(y)).max() < RESIDUAL_TOLERANCE and min(p.min() for p in system.mixtures(y)) > 1e-7:
            return [y]
    return []


def _strict_outside(game: NormalFormGame, profile: tuple[tuple[int, ...], ...], floats: list[np.ndarray]) -> bool:
    """Whether every strategy outside the supports earns strictly less than the supports."""
    from .certificate import strategy_values

    scale = max(1.0, float(np.abs(game.payoffs).max()))
    for i, support in enumerate(profile):
        worth = strategy_values(game.payoffs[i], floats, i)
        outside = [s for s in range(game.shape[i]) if s not in support]
        if outside and worth[outside].max() > worth @ floats[i] - 1e-9 * scale:
            return False
    return True


def _equilibrium_on_continuum(game: NormalFormGame, profile: tuple[tuple[int, ...], ...], mixed: list[int],
                              system: _System, scale: float, z: np.ndarray) -> _Candidate | None:
    """A certified equilibrium on the continuum of solutions through ``z``, sought by
    bounded least squares on the indifference equations plus every player's gains
    from deviating (from ``z`` and from random starts); ``None`` when none is found."""
    from scipy.optimize import least_squares

    from .certificate import strategy_values

    tables = game.payoffs / scale

    def candidate(y: np.ndarray) -> _Candidate:
        mixtures = {q: np.clip(p, 0.0, None) for q, p in zip(mixed, system.mixtures(y))}
        full = _full_profile(game, profile, mixtures, 0.0, 1.0)
        return _Candidate([np.array(p, dtype=float) for p in full])

    def residuals(y: np.ndarray) -> np.ndarray:
        values, _ = system.point(y)
        excess = [max(0.0, y[system.offsets[q]:system.offsets[q + 1]].sum() - 1.0) for q in range(system.players)]
        full = candidate(y).floats
        gains = []
        for i in range(game.num_players):
            worth = strategy_values(tables[i], full, i)
            gains.append(np.clip(worth - worth @ full[i], 0.0, None))
        return np.concatenate([values, np.asarray(excess), *gains])

    rng = np.random.default_rng(system.m + 2)
    starts = [np.clip(z, 0.0, 1.0)] + [np.concatenate([rng.dirichlet(np.ones(k))[:-1] for k in system.sizes])
                                       for _ in range(2)]
    for start in starts:
        fit = least_squares(residuals, start, bounds=(0.0, 1.0), xtol=1e-15, ftol=1e-15, gtol=1e-15)
        if np.abs(residuals(fit.x)).max() < RESIDUAL_TOLERANCE and min(p.min() for p in system.mixtures(fit.x)) > 1e-7:
            found = candidate(fit.x)
            if _certified(game, found) is not None:
                return found
    return None


def _system(game: NormalFormGame, profile: tuple[tuple[int, ...], ...], mixed: list[int], scale: float) -> _System:
    return _System([_indifference_tensor(game.payoffs[q] / scale, profile, mixed, q) for q in mixed])


def _solve_numeric(game: NormalFormGame, profile: tuple[tuple[int, ...], ...], mixed: list[int],
                   scale: float, max_boxes: int, budget: Budget | None) -> _Answer:
    system = _system(game, profile, mixed, scale)
    degenerate = _generic_rank(system) < system.m
    if degenerate:
        # Every solution lies on a positive-dimensional set: no isolated ones to find.
        found = _Subdivision(continuum=_sample_solutions(system))
    else:
        found = _subdivide(system, max_boxes, budget)
    answer = _Answer()
    roots: list[Any] = []
    for root in found.roots:
        if not any(np.abs(root - r).max() < 1e-9 for r in roots):
            roots.append(root)
    for root, singular in [(r, False) for r in roots] + [(r, True) for r in found.singular]:
        mixtures = dict(zip(mixed, system.mixtures(root)))
        candidate = _float_candidate(game, profile, mixtures, singular)
        if candidate is not None:
            answer.candidates.append(candidate)
    label = _label(game, profile)
    for z in found.continuum[:1]:
        where = ("no solution is isolated (the Jacobian is singular everywhere)" if degenerate
                 else "isolated equilibria with these supports may be missed")
        point = _equilibrium_on_continuum(game, profile, mixed, system, scale, z)
        if point is not None and _strict_outside(game, profile, point.floats):
            # The solutions near the point keep every outside strategy worse: all equilibria.
            answer.notes.append(f"support profile {label}: a continuum of equilibria through "
                                f"{_rounded(point.floats)}; not listed; {where}")
        elif point is not None:
            answer.notes.append(f"support profile {label}: the indifference equations have a continuum "
                                f"of solutions, which holds the equilibrium {_rounded(point.floats)} (where "
                                f"a strategy outside the supports ties); not listed; {where}")
        else:
            through = _float_candidate(game, profile, dict(zip(mixed, system.mixtures(z))))
            answer.notes.append(f"support profile {label}: the indifference equations have a continuum "
                                f"of solutions (through {_rounded(through.floats) if through else '?'}), "
                                f"and local search found no equilibrium on it; {where}")
        answer.incomplete = True
    if found.exhausted:
        answer.notes.append(f"support profile {label}: subdivision stopped after {max_boxes} boxes; "
                            f"equilibria with these supports may be missed")
        answer.incomplete = True
    return answer


def _solve_exact(game: NormalFormGame, profile: tuple[tuple[int, ...], ...], mixed: list[int],
                 scale: float, max_boxes: int, budget: Budget | None) -> _Answer:
    """Groebner basis of the indifference equations over the rationals, exact roots (sympy)."""
    import sympy

    assert game.exact is not None
    sizes = [len(profile[q]) for q in mixed]
    unknowns = [[sympy.Symbol(f"p{q}_{r}") for r in range(k - 1)] for q, k in zip(mixed, sizes)]
    mixtures = [list(u) + [1 - sum(u)] for u in unknowns]
    equations = []
    for position, q in enumerate(mixed):
        tensor = _indifference_tensor(game.exact[q], profile, mixed, q)
        others = [mixtures[j] for j in range(len(mixed)) if j != position]
        for row in tensor:
            expression = sympy.Integer(0)
            for index in itertools.product(*(range(len(o)) for o in others)):
                coefficient = row[index]
                if coefficient != 0:
                    term = sympy.Rational(coefficient.numerator, coefficient.denominator)
                    for o, i in zip(others, index):
                        term *= o[i]
                    expression += term
            equations.append(sympy.expand(expression))
    symbols = [s for u in unknowns for s in u]
    answer = _Answer()
    equations = [e for e in equations if e != 0]
    if len(equations) < len(symbols):
        return _solve_numeric(game, profile, mixed, scale, max_boxes, budget)  # a continuum over C
    basis = sympy.groebner(equations, *symbols, order="lex")
    if list(basis.exprs) == [1]:
        return answer
    if not basis.is_zero_dimensional:
        # A complex continuum; the subdivision finds the real isolated roots and reports
        # any real continuum it meets in the probability box.
        return _solve_numeric(game, profile, mixed, scale, max_boxes, budget)
    roots = _shape_roots(basis, symbols)
    if roots is None:  # not in shape position: the subdivision finds every root
        return _solve_numeric(game, profile, mixed, scale, max_boxes, budget)
    for root in roots:
        if all(isinstance(v, Fraction) for v in root):
            rational = list(root)
            exact_mixtures: dict[int, Sequence[Fraction]] = {
                q: rational[a:b] + [1 - sum(rational[a:b], Fraction(0))] for q, a, b in _blocks(mixed, sizes)}
            candidate = _exact_candidate(game, profile, exact_mixtures)
        else:
            real = np.array([float(v) for v in root])
            float_mixtures = {q: np.concatenate([real[a:b], [1.0 - real[a:b].sum()]])
                              for q, a, b in _blocks(mixed, sizes)}
            candidate = _float_candidate(game, profile, float_mixtures)
        if candidate is not None:
            answer.candidates.append(candidate)
    return answer


def _shape_roots(basis: Any, symbols: list[Any]) -> list[list[Any]] | None:
    """The real solutions of a zero-dimensional ideal from its lex Groebner basis, when the
    basis is in *shape position* (``x_i - g_i(x_m)`` for ``i < m`` and one polynomial
    ``h(x_m)``, as for generic games); ``None`` otherwise.

    Rational roots of ``h`` (its linear factors over Q) give exact solutions
    (Fractions); the real roots of its other factors are isolated exactly (sympy's
    ``real_roots``) and evaluated to 30 digits, giving floats.
    """
    import sympy

    last = symbols[-1]
    univariate = [p for p in basis.polys if p.free_symbols <= {last}]
    if len(univariate) != 1 or len(basis.polys) != len(symbols):
        return None
    shapes = {}
    for p in basis.polys:
        if p is univariate[0]:
            continue
        expression = p.as_expr()
        lead = [x for x in symbols[:-1] if expression.has(x)]
        if len(lead) != 1:
            return None
        coefficient = expression.coeff(lead[0])
        rest = sympy.expand(expression - coefficient * lead[0])
        if not coefficient.is_Number or coefficient == 0 or not rest.free_symbols <= {last}:
            return None
        shapes[lead[0]] = sympy.Poly(-rest / coefficient, last)
    if len(shapes) != len(symbols) - 1:
        return None
    solutions: list[list[Any]] = []
    _, factors = sympy.Poly(univariate[0].as_expr(), last).factor_list()
    for factor, _ in factors:
        if factor.degree() == 1:
            a, b = factor.all_coeffs()
            value = -sympy.Rational(b) / sympy.Rational(a)
            if -BOX_MARGIN <= value <= 1 + BOX_MARGIN:
                solutions.append([Fraction(int(shapes[x].eval(value).p), int(shapes[x].eval(value).q))
                                  for x in symbols[:-1]] + [Fraction(int(value.p), int(value.q))])
        else:
            for root in factor.real_roots():
                value = sympy.Float(root.evalf(30), 30)
                if -BOX_MARGIN <= value <= 1 + BOX_MARGIN:
                    solutions.append([float(shapes[x].eval(value)) for x in symbols[:-1]] + [float(value)])
    return solutions


def _blocks(mixed: list[int], sizes: list[int]) -> Iterator[tuple[int, int, int]]:
    start = 0
    for q, k in zip(mixed, sizes):
        yield q, start, start + k - 1
        start += k - 1
