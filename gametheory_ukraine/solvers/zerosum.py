"""``lp``: the value and optimal strategies of a two-player constant-sum game.

Mathematics.  Let ``A = payoffs[0]`` be the row player's ``m x n`` payoff
matrix, and suppose ``payoffs[0] + payoffs[1] = c`` in every cell (``c = 0``:
zero-sum).  By von Neumann's minimax theorem the game has a *value* ``v``:
the row player has a mixed strategy ``x`` guaranteeing ``x^T A e_j >= v``
against every column ``j``, and the column player a mixed strategy ``y``
holding the row player to ``e_i^T A y <= v`` for every row ``i``.  The
optimal strategies are exactly the equilibrium strategies, and every pair of
them is an equilibrium with payoffs ``(v, c - v)``.  The row player's
problem is the linear programme

    maximise v  subject to  A^T x >= v 1,  1^T x = 1,  x >= 0,

and the column player's problem is its dual, so one LP solve (HiGHS,
through :func:`scipy.optimize.linprog`: simplex, or for large games the
interior-point method with its crossover to a vertex) gives both
strategies: ``y`` is the vector of dual multipliers of the ``n``
inequality constraints.

Exactness.  On an exact game the float basic solution is turned into an
exact one: its supports ``I`` (of ``x``) and ``J`` (of ``y``) and the tight
constraints (rows with ``(A y)_i = v``, columns with ``(x^T A)_j = v``)
define a vertex, i.e. the unique solution of the linear system

    A[R, J] y_J = w 1,  1^T y_J = 1      (R: rows tight for y)
    A[I, C]^T x_I = v 1,  1^T x_I = 1    (C: columns tight for x)

which is solved in rational arithmetic after scaling the payoffs to
integers: tiny systems by exact Gauss-Jordan elimination
(:func:`.exact.solve_linear`), large ones by numeric-exact iterative
refinement (:func:`.exact.solve_integer_system`: a float LU factorisation,
an exact integer residual at every step, and rational reconstruction of
the dyadic approximation by continued fractions).  The answer is
then checked exactly: ``x`` and ``y`` are probability vectors, ``x``
guarantees at least ``v``, ``y`` concedes at most ``w``, and ``v = w``.
Only then is it reported, with regret exactly 0.  When floats cannot
locate the vertex (payoffs spanning many orders of magnitude), small games
are solved again by a simplex method in rational arithmetic.  Columns whose float
margin exceeds a rigorous rounding-error bound are accepted without
computing their exact payoff, so the exact check costs about one
support-by-support product of large integers.

Uniqueness.  If the exact solution is strictly complementary (the rows
tight for ``y`` are exactly the support of ``x``, the columns tight for
``x`` exactly the support of ``y``) and the square support system is
nonsingular, both optimal strategies are unique, so the single
equilibrium reported is every equilibrium and the result is ``complete``.
Otherwise the optimal strategy sets are polytopes of which one vertex pair
is reported, and the notes say so.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Sequence

import numpy as np
from scipy.linalg import qr
from scipy.optimize import linprog

from ..errors import SolverError
from ..games import ExtensiveGame, NormalFormGame
from ..games.numbers import fraction_text
from .budget import Budget
from .certificate import certify, mixed_regret
from .exact import common_denominator, solve_integer_system, solve_linear
from .registry import register
from .result import Equilibrium, Result

OTHER_METHODS = "enummixed, support, lemke-howson, enumpure"
"""The methods to use instead of ``lp`` on a game that is not constant-sum."""

SUPPORT_TOLERANCE = 1e-9
"""A probability, or a constraint slack on payoffs scaled to [0, 1], below this counts as zero."""

IPM_CELLS = 250_000
"""Games with at least this many cells are solved by the interior-point method first."""

EXACT_GAUSS_LIMIT = 3
"""Systems with more unknowns than this are solved by numeric-exact refinement, not Gauss-Jordan."""

EXACT_SIMPLEX_CELLS = 2_500
"""Largest exact game (cells) that the rational simplex fallback will take on."""

_MOD_PRIME = 1_048_573  # largest prime below 2**20: products of two residues fit int64 with room for sums


@dataclass(frozen=True)
class ZeroSumSolution:
    """The value and one pair of optimal strategies of a constant-sum game.

    Attributes
    ----------
    value:
        The row player's value (a Fraction when certified exactly, else a float).
    row, column:
        Optimal mixed strategies of the row and the column player (floats).
    exact_row, exact_column:
        The same in rational arithmetic, when certified exactly.
    constant:
        The constant sum ``payoffs[0] + payoffs[1]``.
    unique:
        Both optimal strategies were proved unique.
    """

    value: Fraction | float
    row: np.ndarray
    column: np.ndarray
    exact_row: tuple[Fraction, ...] | None
    exact_column: tuple[Fraction, ...] | None
    constant: Fraction | float
    unique: bool

    @property
    def is_exact(self) -> bool:
        return self.exact_row is not None


def constant_sum(game: NormalFormGame) -> Fraction | float | None:
    """The constant ``payoffs[0] + payoffs[1]`` of a two-player constant-sum game, else ``None``.

    Exact games are compared exactly; float games within a relative tolerance.

    >>> import gametheory_ukraine as gt
    >>> constant_sum(gt.NormalFormGame.from_arrays([[2, 0], [0, 2]], [[0, 2], [2, 0]]))
    Fraction(2, 1)
    >>> constant_sum(gt.NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]])) is None
    True
    """
    if game.num_players != 2:
        return None
    exact = None if game.exact is None else (game.exact[0] + game.exact[1]).ravel()
    return common_total(exact, (game.payoffs[0] + game.payoffs[1]).ravel(), float(np.abs(game.payoffs).max()))


def common_total(exact: np.ndarray | None, floats: np.ndarray, largest: float) -> Fraction | float | None:
    """The value every entry of a vector of payoff sums shares, or ``None``: exactly when ``exact``
    is given, else within ``1e-9`` of ``max(1, largest)`` (the largest payoff magnitude)."""
    if exact is not None:
        first = exact[0]
        return Fraction(first) if all(t == first for t in exact) else None
    if float(np.ptp(floats)) > 1e-9 * max(1.0, largest):
        return None
    return float(floats.mean())


def _require_constant_sum(game: NormalFormGame) -> Fraction | float:
    if game.num_players != 2:
        raise SolverError(f"method 'lp' needs 2-player games, this one has {game.num_players}")
    constant = constant_sum(game)
    if constant is None:
        raise SolverError(
            f"method 'lp' needs a constant-sum game (payoffs of the two players summing to the same "
            f"number in every cell); for this game use {OTHER_METHODS}"
        )
    return constant


# -- the float linear programme -----------------------------------------------------------------

def _float_minimax(matrix: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
    """Value and optimal strategies of the matrix game ``matrix`` (row player maximises), in floats.

    Dantzig's normalisation: with the payoffs moved into ``[1, 2]`` the value
    ``w`` is positive and ``u = x / w`` solves ``min 1^T u`` subject to
    ``B^T u >= 1, u >= 0``; the column player's ``y / w`` is the dual.  Large
    games go to HiGHS's interior-point solver (with its crossover to a vertex),
    which is several times faster than simplex on dense matrices; if its answer
    misses the value by more than the tolerance, simplex solves again.
    """
    m, n = matrix.shape
    low, high = float(matrix.min()), float(matrix.max())
    span = high - low if high > low else 1.0
    shifted = (matrix - low) / span + 1.0
    solvers = ["highs-ipm", "highs"] if m * n >= IPM_CELLS else ["highs"]
    best: tuple[float, float, np.ndarray, np.ndarray] | None = None
    message = ""
    for solver in solvers:
        answer = linprog(np.ones(m), A_ub=-shifted.T, b_ub=-np.ones(n), bounds=(0.0, None), method=solver)
        if answer.status != 0:  # the normalised LP is always feasible and bounded: a numerical failure
            message = answer.message.strip()
            continue
        value = 1.0 / float(answer.x.sum())
        x = _probability(answer.x * value)
        y = _probability(-answer.ineqlin.marginals * value)
        gap = float(np.max(shifted @ y) - np.min(x @ shifted))  # 0 at an exact optimum
        if best is None or gap < best[0]:
            best = (gap, value, x, y)
        if gap <= SUPPORT_TOLERANCE:
            break
    if best is None:
        raise SolverError(f"method 'lp': the linear programme solver failed ({message})")
    _, value, x, y = best
    return (value - 1.0) * span + low, x, y


def _probability(vector: np.ndarray) -> np.ndarray:
    vector = np.clip(np.asarray(vector, dtype=float), 0.0, None)
    vector[vector < SUPPORT_TOLERANCE * 1e-3] = 0.0
    total = vector.sum()
    return vector / total if total > 0 else np.full(len(vector), 1.0 / len(vector))


# -- exact linear algebra -----------------------------------------------------------------------

def _integer_matrix(exact: np.ndarray) -> tuple[np.ndarray, int]:
    """``(L * exact, L)`` with ``L`` the least common denominator: an object array of Python ints."""
    values, scale = common_denominator(exact.ravel().tolist())
    integers = np.empty(len(values), dtype=object)
    integers[:] = values
    return integers.reshape(exact.shape), scale


def _nonsingular_mod_p(matrix: np.ndarray) -> bool:
    """True when the integer matrix is nonsingular modulo a prime, which proves it nonsingular over Q."""
    k = matrix.shape[0]
    if matrix.shape[1] != k:
        return False
    work = np.array([[int(v) % _MOD_PRIME for v in row] for row in matrix], dtype=np.int64).reshape(k, k)
    for c in range(k):
        nonzero = np.flatnonzero(work[c:, c])
        if nonzero.size == 0:
            return False
        r = c + int(nonzero[0])
        if r != c:
            work[[c, r]] = work[[r, c]]
        pivot = work[c, c:] * pow(int(work[c, c]), -1, _MOD_PRIME) % _MOD_PRIME
        below = work[c + 1:, c]
        rows = c + 1 + np.flatnonzero(below)
        if rows.size:
            work[rows, c:] = (work[rows, c:] - np.outer(work[rows, c], pivot)) % _MOD_PRIME
    return True


def _exact_system(matrix: np.ndarray, rhs: list[int], hint: Sequence[float]) -> tuple[list[int], int] | None:
    """A solution of the integer system ``matrix @ z = rhs`` as ``(numerators, denominator)``.

    Overdetermined systems (degenerate vertices) are cut to independent rows
    first; underdetermined ones fix their free unknowns at the float hint.
    """
    rows, columns = matrix.shape
    if columns > EXACT_GAUSS_LIMIT:
        chosen: np.ndarray | None = np.arange(rows)
        if rows != columns:
            # pivoted QR of the transpose ranks the equations; keep the first `columns` independent ones
            _, r_factor, order = qr(matrix.astype(float).T, mode="economic", pivoting=True)
            diagonal = np.abs(np.diag(r_factor))
            if rows < columns or diagonal[columns - 1] <= 1e-9 * diagonal[0]:
                chosen = None
            else:
                chosen = np.sort(order[:columns])
        if chosen is not None:
            solved = solve_integer_system(matrix[chosen], [rhs[i] for i in chosen])
            if solved is not None:
                return solved
    solution = solve_linear([[Fraction(int(v)) for v in row] for row in matrix], [Fraction(b) for b in rhs], hint)
    return None if solution is None else common_denominator(solution)


def _support_system(matrix: np.ndarray, tight: np.ndarray, support: np.ndarray) -> np.ndarray:
    """Rows ``(matrix[t, support], -1)`` for each tight ``t``, then ``(1, ..., 1, 0)``."""
    block = np.empty((len(tight) + 1, len(support) + 1), dtype=object)
    block[:-1, :-1] = matrix[np.ix_(tight, support)]
    block[:-1, -1] = -1
    block[-1, :-1] = 1
    block[-1, -1] = 0
    return block


def _guarantee_holds(matrix: np.ndarray, floats: np.ndarray, numerators: list[int], denominator: int,
                     support: np.ndarray, value: Fraction) -> tuple[bool, np.ndarray]:
    """Whether ``mixture^T matrix >= value`` in every column, exactly; and the columns where it is tight.

    ``matrix`` holds integers (object), ``floats`` the same as floats, the
    mixture is ``numerators / denominator`` on ``support``.  Columns whose
    float margin exceeds a bound on the rounding error are settled in floats.
    """
    weights = np.array([n / denominator for n in numerators])
    estimates = weights @ floats[support]
    threshold = float(value)
    biggest = float(np.abs(floats).max()) if floats.size else 0.0
    # |error| <= (support + 2) * unit roundoff * sum_i w_i |A_ij| (+ the roundings of w and value)
    margin = (len(support) + 8) * 2.0**-50 * max(biggest, abs(threshold), 1e-300)
    near = np.flatnonzero(estimates <= threshold + margin)
    if np.any(estimates < threshold - margin):
        return False, near
    exact = np.dot(np.asarray(numerators, dtype=object), matrix[np.ix_(support, near)]) if near.size else np.array([])
    target = value * denominator
    holds = all(Fraction(int(s)) >= target for s in exact)
    tight = near[[Fraction(int(s)) == target for s in exact]] if near.size else near
    return holds, tight


def _exact_minimax(exact: np.ndarray, x: np.ndarray, y: np.ndarray, value: float
                   ) -> tuple[Fraction, list[Fraction], list[Fraction], bool] | None:
    """Exact value and optimal strategies at the vertex the float solution ``(x, y)`` identifies, or ``None``."""
    integers, scale = _integer_matrix(exact)
    floats = integers.astype(float)
    span = max(float(np.ptp(floats)), 1.0)
    tolerance = SUPPORT_TOLERANCE * span
    scaled_value = value * scale
    rows_support = np.flatnonzero(x > SUPPORT_TOLERANCE)
    columns_support = np.flatnonzero(y > SUPPORT_TOLERANCE)
    row_slack = scaled_value - floats @ y
    column_slack = x @ floats - scaled_value
    # The support's own slacks (exactly 0 in truth) measure the float error; allow a few times that.
    row_tolerance = min(max(tolerance, 8 * float(np.abs(row_slack[rows_support]).max(initial=0))), 1e3 * tolerance)
    column_tolerance = min(max(tolerance, 8 * float(np.abs(column_slack[columns_support]).max(initial=0))),
                           1e3 * tolerance)
    tight_rows = np.flatnonzero(row_slack <= row_tolerance)
    tight_columns = np.flatnonzero(column_slack <= column_tolerance)
    if not (set(rows_support) <= set(tight_rows) and set(columns_support) <= set(tight_columns)):
        return None
    column_answer = _exact_system(_support_system(integers, tight_rows, columns_support),
                                  [0] * len(tight_rows) + [1], list(y[columns_support]) + [scaled_value])
    row_answer = _exact_system(_support_system(integers.T, tight_columns, rows_support),
                               [0] * len(tight_columns) + [1], list(x[rows_support]) + [scaled_value])
    if column_answer is None or row_answer is None:
        return None
    (y_num, y_den), (x_num, x_den) = column_answer, row_answer
    x_weights, row_value = x_num[:-1], Fraction(x_num[-1], x_den)
    y_weights, column_value = y_num[:-1], Fraction(y_num[-1], y_den)
    if (row_value != column_value or min(x_weights + y_weights) < 0
            or sum(x_weights) != x_den or sum(y_weights) != y_den):
        return None
    row_ok, tight_for_x = _guarantee_holds(integers, floats, x_weights, x_den, rows_support, row_value)
    # the column player's guarantee: -A^T y >= -v, i.e. (A y)_i <= v for every row
    column_ok, tight_for_y = _guarantee_holds(-integers.T, -floats.T, y_weights, y_den, columns_support, -column_value)
    if not (row_ok and column_ok):
        return None
    row = [Fraction(0)] * exact.shape[0]
    for i, n in zip(rows_support, x_weights):
        row[i] = Fraction(n, x_den)
    column = [Fraction(0)] * exact.shape[1]
    for j, n in zip(columns_support, y_weights):
        column[j] = Fraction(n, y_den)
    exact_rows = [i for i in rows_support if row[i] > 0]
    exact_columns = [j for j in columns_support if column[j] > 0]
    unique = (list(tight_for_y) == exact_rows and list(tight_for_x) == exact_columns
              and len(exact_rows) == len(exact_columns)
              and _nonsingular_mod_p(_support_system(integers, np.array(exact_rows), np.array(exact_columns))))
    return row_value / scale, row, column, unique


def _exact_simplex(exact: np.ndarray) -> tuple[Fraction, list[Fraction], list[Fraction]]:
    """Value and optimal strategies by a simplex method in rational arithmetic (small games only).

    The fallback when floats cannot locate the optimal vertex (payoffs spanning
    many orders of magnitude).  With ``B = A - min(A) + 1 > 0`` the column
    player's problem is ``max 1^T w`` subject to ``B w <= 1, w >= 0``, whose
    slack basis is feasible, so no first phase is needed; Bland's rule rules
    out cycling.  At the optimum ``y = w / 1^T w``, the objective row's
    entries under the slacks are the row player's ``u`` with ``x = u / 1^T u``,
    and the value is ``1 / 1^T w + min(A) - 1``.
    """
    m, n = exact.shape
    shift = min(exact.flat) - 1
    # tableau rows: [B | I | 1]; objective row: [-1 ... | 0 ... | 0]
    tableau = [[exact[i, j] - shift for j in range(n)] + [Fraction(int(i == k)) for k in range(m)] + [Fraction(1)]
               for i in range(m)]
    objective = [Fraction(-1)] * n + [Fraction(0)] * (m + 1)
    basis = list(range(n, n + m))
    while True:
        entering = next((j for j in range(n + m) if objective[j] < 0), None)
        if entering is None:
            break
        candidates = [(tableau[i][-1] / tableau[i][entering], basis[i], i)
                      for i in range(m) if tableau[i][entering] > 0]
        _, _, leaving = min(candidates)  # B > 0 keeps the problem bounded, so there is always one
        pivot_row = tableau[leaving]
        pivot = pivot_row[entering]
        pivot_row[:] = [v / pivot for v in pivot_row]
        for row in tableau + [objective]:
            if row is not pivot_row and row[entering] != 0:
                factor = row[entering]
                row[:] = [a - factor * b for a, b in zip(row, pivot_row)]
        basis[leaving] = entering
    w = [Fraction(0)] * n
    for i, b in enumerate(basis):
        if b < n:
            w[b] = tableau[i][-1]
    total = objective[-1]
    row = [objective[n + i] / total for i in range(m)]
    column = [v / total for v in w]
    return 1 / total + shift, row, column


def _exactly_optimal(exact: np.ndarray, value: Fraction, row: Sequence[Fraction], column: Sequence[Fraction]) -> bool:
    """Both mixtures are probability vectors and guarantee ``value``: checked in plain rational arithmetic."""
    if min(row) < 0 or min(column) < 0 or sum(row) != 1 or sum(column) != 1:
        return False
    x, y = np.asarray(row, dtype=object), np.asarray(column, dtype=object)
    return min(x @ exact) == value == max(exact @ y)


def _float_unique(matrix: np.ndarray, x: np.ndarray, y: np.ndarray, value: float) -> bool:
    """Strict complementarity with a clear margin and a well-conditioned support system (float games)."""
    span = max(float(np.ptp(matrix)), 1e-300)
    rows, columns = np.flatnonzero(x > SUPPORT_TOLERANCE), np.flatnonzero(y > SUPPORT_TOLERANCE)
    slack_rows = value - matrix @ y
    slack_columns = x @ matrix - value
    clear = 1e-6 * span
    if np.any(np.delete(slack_rows, rows) <= clear) or np.any(np.delete(slack_columns, columns) <= clear):
        return False
    if len(rows) != len(columns):
        return False
    system = np.block([[matrix[np.ix_(rows, columns)], -np.ones((len(rows), 1))],
                       [np.ones((1, len(columns))), np.zeros((1, 1))]])
    return bool(np.linalg.cond(system) < 1e10)


# -- public entry points ------------------------------------------------------------------------

def solve_zero_sum(game: NormalFormGame) -> ZeroSumSolution:
    """The value and a pair of optimal strategies of a two-player constant-sum game.

    Raises :class:`SolverError` when the game is not constant-sum.

    >>> import gametheory_ukraine as gt
    >>> rps = gt.NormalFormGame.from_arrays([[0, -1, 1], [1, 0, -1], [-1, 1, 0]],
    ...                                     [[0, 1, -1], [-1, 0, 1], [1, -1, 0]])
    >>> solution = solve_zero_sum(rps)
    >>> solution.value, solution.exact_row, solution.unique
    (Fraction(0, 1), (Fraction(1, 3), Fraction(1, 3), Fraction(1, 3)), True)
    """
    constant = _require_constant_sum(game)
    value, x, y = _float_minimax(game.payoffs[0])
    if game.exact is not None:
        found = _exact_minimax(game.exact[0], x, y, value)
        if found is None and game.exact[0].size <= EXACT_SIMPLEX_CELLS:
            found = (*_exact_simplex(game.exact[0]), False)
            found = found if _exactly_optimal(game.exact[0], *found[:3]) else None
        if found is not None:
            exact_value, row, column, unique = found
            return ZeroSumSolution(exact_value, np.array([float(v) for v in row]), np.array([float(v) for v in column]),
                                   tuple(row), tuple(column), constant, unique)
    return ZeroSumSolution(value, x, y, None, None, constant, _float_unique(game.payoffs[0], x, y, value))


def game_value(game: NormalFormGame) -> Fraction | float:
    """The value of a two-player constant-sum game to the row player (exact when the game is).

    Raises :class:`SolverError` when the game is not constant-sum.

    >>> import gametheory_ukraine as gt
    >>> game = gt.NormalFormGame.from_arrays([[3, -1, 2], [-2, 4, 1]], [[-3, 1, -2], [2, -4, -1]])
    >>> game_value(game)
    Fraction(1, 1)
    """
    return solve_zero_sum(game).value


@register("lp", {"normal", "extensive"},
          "value and optimal strategies of 2-player constant-sum games (sequence form on trees)", players=2)
def lp(game: NormalFormGame | ExtensiveGame, budget: Budget | None = None) -> Result:
    """One equilibrium (a pair of optimal strategies) of a two-player constant-sum game, by linear programming.

    On exact games the equilibrium is exact, with regret exactly 0.  The
    result is ``complete`` when the optimal strategies were proved unique
    (the equilibrium is then the only one); otherwise one vertex of the
    polytope of optimal strategies is reported, and the notes say so.

    >>> import gametheory_ukraine as gt
    >>> pennies = gt.NormalFormGame.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> result = gt.solve(pennies, "lp")
    >>> result.equilibria[0].exact_profile, result.complete
    (((Fraction(1, 2), Fraction(1, 2)), (Fraction(1, 2), Fraction(1, 2))), True)
    >>> result.notes[0]
    'value of the game to player 1: 0 (to player 2: 0)'
    """
    if isinstance(game, ExtensiveGame):
        from .sequence_form import solve_zero_sum_tree

        return solve_zero_sum_tree(game, budget)
    solution = solve_zero_sum(game)
    notes: list[str] = []
    equilibrium: Equilibrium | None = None
    if solution.is_exact:
        value = Fraction(solution.value)
        payoffs = (value, Fraction(solution.constant) - value)
        equilibrium = Equilibrium(
            payoffs=np.array([float(v) for v in payoffs]), regret=0.0,
            profile=(solution.row, solution.column),
            exact_profile=(solution.exact_row, solution.exact_column), exact_payoffs=payoffs)  # type: ignore[arg-type]
        notes.append(f"value of the game to {_player(game, 0)}: {fraction_text(value)} "
                     f"(to {_player(game, 1)}: {fraction_text(payoffs[1])})")
    else:
        equilibrium = certify(game, (solution.row, solution.column))
        if game.exact is not None:
            notes.append("the exact re-solve at the LP's vertex failed; the equilibrium is certified in floats")
        value_text = f"{float(solution.value):.12g}"
        if equilibrium is not None and equilibrium.is_exact:
            value_text = fraction_text(equilibrium.exact_payoffs[0])  # type: ignore[index]
        notes.append(f"value of the game to {_player(game, 0)}: {value_text} "
                     f"(to {_player(game, 1)}: {float(solution.constant) - float(solution.value):.12g})")
    if equilibrium is None:
        regret, _ = mixed_regret(game, (solution.row, solution.column))
        notes.append(f"the LP's strategies failed their certificate (regret {float(regret):.3g}); nothing reported")
    if solution.unique:
        notes.append("the optimal strategies are unique: this is the only equilibrium")
    else:
        notes.append("optimal strategies are not unique (or not proved unique): one optimal pair of the "
                     "polytope of optimal strategies is reported")
    equilibria = (equilibrium,) if equilibrium is not None else ()
    return Result(game, "lp", equilibria, complete=bool(solution.unique and equilibria), seconds=0.0,
                  strategic=game, notes=tuple(notes))


def _player(game: NormalFormGame, index: int) -> str:
    label = game.players[index]
    return f"player {label}" if label == str(index + 1) else f"player {index + 1} ({label})"

