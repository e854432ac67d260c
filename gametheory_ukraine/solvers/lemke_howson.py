"""``lemke-howson``: complementary pivoting on the best-response polytopes of a bimatrix game.

The algorithm of Lemke and Howson [LH64]_, in the tableau form of von Stengel
[vS02]_ (sections 3.4-3.5 and 3.7 on degeneracy).

Mathematics and conventions
---------------------------
The row player has ``m`` strategies and payoff matrix ``A``, the column player
``n`` strategies and ``B`` (``game.payoffs[0]``, ``game.payoffs[1]``).  Each
matrix is first mapped by a positive affine transform onto the range [1, 2]
(equilibria do not change, and every payoff is then positive, which makes the
polytopes below bounded with the origin as a nondegenerate vertex).  The best-response
polytopes are

    P = {x in R^m : x >= 0, B^T x <= 1},    Q = {y in R^n : A y <= 1, y >= 0}.

Labels ``0..m-1`` are the row strategies and ``m..m+n-1`` the column
strategies.  A point ``x`` of ``P`` has label ``i`` when ``x_i = 0`` and label
``m + j`` when column ``j`` is a best response (``(B^T x)_j = 1``); likewise
``y`` in ``Q`` has label ``m + j`` when ``y_j = 0`` and label ``i`` when row
``i`` is a best response.  A pair ``(x, y) != (0, 0)`` carrying all ``m + n``
labels, rescaled to probabilities, is a Nash equilibrium.

Each polytope is a system of equations with one variable per label:
``B^T x + s = 1`` for ``P`` (``x_i`` has label ``i``, the slack ``s_j`` label
``m + j``) and ``r + A y = 1`` for ``Q`` (``r_i`` label ``i``, ``y_j`` label
``m + j``).  Starting at the artificial equilibrium ``(0, 0)`` one label ``k``
is dropped: its variable enters the basis of the system where it is nonbasic,
the minimum-ratio test picks the variable that leaves, and the label of the
leaving variable (now duplicated) enters in the other system.  The path ends
when the variable leaving carries label ``k``.

Degenerate games (a ratio tie) are handled by the *lexicographic* minimum-ratio
test ([vS02]_, section 3.7): ties are broken by the rows of the current basis
inverse (the columns of the initial slack variables) divided by the entering
column, which is the simplex method on the perturbed system
``rhs = 1 + (eps, eps^2, ...)``; no basis repeats, so no path cycles.

Two arithmetics are offered:

* float (default): each system is a *condensed* tableau (a row per basic
  variable, a column per nonbasic one: the unit columns are not stored, which
  halves the work on a square game), a numpy array in Fortran order; the
  ratio test is vectorised and a pivot is one BLAS rank-one update (``dger``)
  in place.  A pivot of a 500x500 game costs well under a millisecond, about
  what QuantEcon's numba-compiled Lemke-Howson takes.  Every answer is then
  *certified* with :func:`.certificate.certify`: on exact games it is
  re-solved on its support in rational arithmetic (regret exactly 0), and a
  candidate that fails is dropped and counted in ``Result.notes``.
* ``exact=True``: integer pivoting (the fraction-free update of Edmonds and
  Bareiss, as in [vS02]_, section 3.5) on the full tableaux in Python integers
  of unbounded size: no overflow and no rounding, and the profile read off the
  final tableaux is exact.  Slower; for rational games where float ties or
  ill-conditioning are a concern.

By default a game with ``m + n <= 200`` (up to 100x100) is solved from every
label ``0..m+n-1``, a larger one from label 0 only; ``Result.notes`` says
which, and which label led to which equilibrium.  Lemke-Howson finds *one*
equilibrium per starting label, always an extreme one (a vertex pair), and
never promises all of them: ``complete`` is ``False``.  Path lengths vary
enormously (on uniformly random 500x500 games, from a hundred pivots to a
hundred thousand), so long runs should pass a ``timeout`` to :func:`solve`.

References
----------
.. [LH64] C. E. Lemke and J. T. Howson, "Equilibrium points of bimatrix games",
   SIAM Journal on Applied Mathematics 12(2), 413-423, 1964.
.. [vS02] B. von Stengel, "Computing equilibria for two-person games",
   chapter 45 of the Handbook of Game Theory, vol. 3, Elsevier, 2002.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

import numpy as np
from scipy.linalg.blas import dger

from ..errors import SolverError
from ..games import NormalFormGame
from .budget import BUDGET_EXCEEDED, CONVERGED, FAILED, Budget, BudgetExceeded
from .certificate import certify, certify_exact
from .exact import common_denominator
from .registry import METHODS, register
from .result import Equilibrium, Result

ALL_LABELS_LIMIT = 200
"""Default labels: every label when ``m + n <= ALL_LABELS_LIMIT`` (up to 100x100), else label 0."""

MAX_PIVOTS = 1_000_000
"""Default cap on the pivots of one path (Lemke-Howson paths can be exponentially long)."""

PIVOT_TOLERANCE = 1e-10
"""Entries of the entering column at most this are treated as zero in the ratio test."""

RATIO_TOLERANCE = 1e-11
"""Relative difference under which two float ratios count as a tie for the lexicographic rule."""

DUPLICATE_TOLERANCE = 1e-8


@dataclass(frozen=True)
class Path:
    """The end of one Lemke-Howson path.

    Attributes
    ----------
    label:
        The dropped label the path started from.
    profile:
        ``(x, y)``, the mixed strategies at the end of the path (floats, or
        Fractions in exact mode), or ``None`` when the path did not end.
    pivots:
        Pivots made.
    status:
        ``"converged"``, ``"failed"`` (pivot cap hit or numerical breakdown)
        or ``"budget_exceeded"``.
    """

    label: int
    profile: tuple[np.ndarray, np.ndarray] | tuple[tuple[Fraction, ...], tuple[Fraction, ...]] | None
    pivots: int
    status: str


# -- float arithmetic ---------------------------------------------------------------------

def _unit_range_into(out: np.ndarray, table: np.ndarray) -> None:
    """Write ``table`` mapped affinely onto [1, 2] into ``out`` (a constant table onto 1).

    Positive payoffs keep the polytopes bounded; the common scale keeps the
    float tolerances meaningful and makes the path invariant under positive
    affine transforms of a player's payoffs.
    """
    low, high = float(table.min()), float(table.max())
    spread = high - low
    if spread == 0.0:
        out[...] = 1.0
        return
    np.multiply(table, 1.0 / spread, out=out)
    out += 1.0 - low / spread


def _float_tableaux(A: np.ndarray, B: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The two condensed tableaux at the artificial equilibrium (0, 0).

    Condensed (dictionary) form: a row per basic variable, a column per
    nonbasic variable, then the right-hand side; the unit columns of the
    basic variables are not stored, which halves the work of a pivot on a
    square game.  Fortran order makes the entering column contiguous and
    lets BLAS update column blocks in place.
    """
    m, n = A.shape
    P = np.empty((n, m + 1), order="F")
    _unit_range_into(P[:, :m], B.T)
    P[:, m] = 1.0
    Q = np.empty((m, n + 1), order="F")
    _unit_range_into(Q[:, :n], A)
    Q[:, n] = 1.0
    return P, Q


# OpenBLAS hands ?ger to several threads from about 10^4 entries on; waking
# them can cost far more than the update itself (measured: up to 14 ms for a
# 100x101 update that takes 3 us on one thread, on a busy two-core machine),
# so the update goes in column blocks small enough to stay on one thread.
# Any other BLAS gives the same numbers.
_GER_BLOCK = 8192


def _rank_one_update(T: np.ndarray, column: np.ndarray, row: np.ndarray) -> None:
    """``T -= outer(column, row)`` in place (``T`` in Fortran order)."""
    width = max(1, _GER_BLOCK // T.shape[0])
    if width >= T.shape[1]:
        dger(-1.0, column, row, a=T, overwrite_a=True)
        return
    for start in range(0, T.shape[1], width):
        dger(-1.0, column, row[start:start + width], a=T[:, start:start + width], overwrite_a=True)


class FloatTableau:
    """One condensed float tableau with its basis bookkeeping, pivoted in place.

    ``T`` (Fortran order) has a row per basic variable, a column per
    nonbasic one, then the right-hand side.  ``basic[r]`` is the label of
    the variable of row ``r``; ``nonbasic[c]`` the label of the variable of
    column ``c``; the labels are ``0 .. len(basic) + len(nonbasic) - 1``.
    ``place[label]`` is ``c`` for a nonbasic label and ``-1 - r`` for a
    basic one (plain lists: scalar access to them is in the loop).  ``lex``
    lists the labels of the initial basis, whose full-tableau columns form
    the basis inverse used by the lexicographic ratio test.  Lemke's
    algorithm on the sequence form (:mod:`.sequence_form`) pivots the same
    tableau on a basis of its own.
    """

    __slots__ = ("T", "basic", "nonbasic", "place", "lex", "ratios")

    def __init__(self, T: np.ndarray, basic: Sequence[int], nonbasic: Sequence[int]) -> None:
        self.T = T
        self.basic = list(basic)
        self.nonbasic = list(nonbasic)
        self.place = [0] * (len(self.basic) + len(self.nonbasic))
        for c, label in enumerate(self.nonbasic):
            self.place[label] = c
        for r, label in enumerate(self.basic):
            self.place[label] = -1 - r
        self.lex = list(self.basic)
        self.ratios = np.empty(T.shape[0])

    def leaving_row(self, column: int) -> int:
        """Row of the lexicographic minimum-ratio test, ``-1`` when no entry is positive."""
        T = self.T
        entering = T[:, column]
        ratios = self.ratios
        ratios.fill(np.inf)
        np.divide(T[:, -1], entering, out=ratios, where=entering > PIVOT_TOLERANCE)
        row = int(ratios.argmin())
        best = float(ratios[row])
        if best == np.inf:
            return -1
        tied = ratios <= best + RATIO_TOLERANCE * max(1.0, abs(best))
        if np.count_nonzero(tied) == 1:
            return row
        # Degenerate: break the tie on the rows of the basis inverse, column by column.
        rows = np.flatnonzero(tied)
        pivots = entering[rows]
        for label in self.lex:
            where = self.place[label]
            if where >= 0:
                values = T[rows, where] / pivots
            else:
                values = (rows == -1 - where) / pivots
            best = float(values.min())
            keep = values <= best + RATIO_TOLERANCE * max(1.0, abs(best))
            rows, pivots = rows[keep], pivots[keep]
            if rows.size == 1:
                break
        return int(rows[0])

    def value(self, row: int) -> float:
        """The value of the basic variable of ``row`` (rounding can leave a tiny negative: read as 0)."""
        return max(float(self.T[row, -1]), 0.0)

    def pivot(self, row: int, column: int) -> int:
        """Exchange the variable of ``column`` (entering) and of ``row``; return the leaving label.

        The condensed pivot is ``T[i, j] -= T[i, c] T[r, j] / p`` off the pivot
        row and column, ``T[r, j] /= p``, ``T[i, c] = -T[i, c] / p`` and
        ``T[r, c] = 1 / p``.  Choosing ``x[r] = p - 1`` and ``y[c] = 1 + 1/p``
        makes the single rank-one update ``T -= outer(x, y)`` with
        ``x = T[:, c]`` and ``y = T[r, :] / p`` produce all four at once.
        """
        T = self.T
        pivot = float(T[row, column])
        x = T[:, column].copy()
        x[row] = pivot - 1.0
        y = T[row, :] / pivot
        y[column] = 1.0 + 1.0 / pivot
        _rank_one_update(T, x, y)
        leaving = self.basic[row]
        entering = self.nonbasic[column]
        self.basic[row] = entering
        self.nonbasic[column] = leaving
        self.place[entering] = -1 - row
        self.place[leaving] = column
        return leaving


def _float_path(P0: np.ndarray, Q0: np.ndarray, label: int, max_pivots: int,
                budget: Budget | None, copy: bool = True) -> Path:
    """One path; with ``copy=False`` the tableaux ``P0``, ``Q0`` are pivoted in place."""
    n, m = P0.shape[0], Q0.shape[0]
    # P: rows are the slacks s_j (labels m..m+n-1), columns x_i (labels 0..m-1);
    # Q: rows are the slacks r_i (labels 0..m-1), columns y_j (labels m..m+n-1).
    if copy:
        P0, Q0 = P0.copy(order="F"), Q0.copy(order="F")
    sides = [FloatTableau(P0, range(m, m + n), range(m)), FloatTableau(Q0, range(m), range(m, m + n))]
    pivots, status = _follow_path(sides, label, max_pivots, budget)
    if status != CONVERGED:
        return Path(label, None, pivots, status)
    x, y = _unscaled_strategies(sides, 0.0)
    sx, sy = sum(x), sum(y)
    if sx <= 0.0 or sy <= 0.0:
        return Path(label, None, pivots, FAILED)
    return Path(label, (np.array(x) / sx, np.array(y) / sy), pivots, CONVERGED)


# -- exact integer arithmetic -------------------------------------------------------------

def _integer_unit_range(table: np.ndarray) -> list[list[int]]:
    """The exact analogue of :func:`_unit_range_into`, scaled to integers by the common denominator."""
    values = [[Fraction(v) for v in row] for row in table]
    low = min(min(row) for row in values)
    high = max(max(row) for row in values)
    spread = high - low
    mapped = [[(v - low) / spread + 1 if spread else Fraction(1) for v in row] for row in values]
    integers, _ = common_denominator(v for row in mapped for v in row)
    return np.array(integers, dtype=object).reshape(table.shape).tolist()


def _integer_tableaux(A: np.ndarray, B: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    m, n = A.shape
    a, b = _integer_unit_range(A), _integer_unit_range(B)
    P = np.zeros((n, m + n + 1), dtype=object)
    P[:, :] = 0
    for j in range(n):
        for i in range(m):
            P[j, i] = b[i][j]
        P[j, m + j] = 1
        P[j, -1] = 1
    Q = np.zeros((m, m + n + 1), dtype=object)
    Q[:, :] = 0
    for i in range(m):
        Q[i, i] = 1
        for j in range(n):
            Q[i, m + j] = a[i][j]
        Q[i, -1] = 1
    return P, Q


class IntegerTableau:
    """One full tableau in Python integers, pivoted fraction-free (Edmonds, Bareiss; [vS02]_, section 3.5).

    ``T`` (an object array) has a column per label, then the right-hand
    side; its entries are ``determinant`` times those of the rational
    tableau, so every one stays an integer (a minor of the initial tableau)
    and reading a value off costs one division.  ``basic[r]`` is the label
    of the variable of row ``r`` and ``lex`` lists the labels of the initial
    basis, the columns of the lexicographic ratio test.  ``place[label]``
    is the column of a nonbasic label, as in :class:`FloatTableau`: here the
    label itself.  Lemke's algorithm on the sequence form
    (:mod:`.sequence_form`) pivots the same tableau on a basis of its own.
    """

    __slots__ = ("T", "basic", "place", "lex", "determinant")

    def __init__(self, T: np.ndarray, basic: Sequence[int]) -> None:
        self.T = T
        self.basic = list(basic)
        self.place = range(T.shape[1] - 1)
        self.lex = list(self.basic)
        self.determinant = 1

    def leaving_row(self, column: int) -> int:
        """The lexicographic minimum-ratio row, compared by cross-multiplication (no division); ``-1`` if none."""
        T = self.T
        best = -1
        for i in range(T.shape[0]):
            if T[i, column] <= 0:
                continue
            if best < 0:
                best = i
                continue
            # Row i beats row best when its ratio vector is lexicographically smaller.
            for j in (T.shape[1] - 1, *self.lex):
                left = T[i, j] * T[best, column]
                right = T[best, j] * T[i, column]
                if left != right:
                    if left < right:
                        best = i
                    break
        return best

    def pivot(self, row: int, column: int) -> int:
        """Exchange the variable of ``column`` (entering) and of ``row``; return the leaving label."""
        T = self.T
        pivot = T[row, column]
        pivot_row = T[row, :].copy()
        # Fraction-free update: the division by the previous pivot is exact.
        T[:, :] = (pivot * T - np.outer(T[:, column], pivot_row)) // self.determinant
        T[row, :] = pivot_row
        self.determinant = pivot
        if pivot < 0:  # a pivot on a negative entry (Lemke's first, on z0): keep the determinant positive
            T[:, :] = -T
            self.determinant = -pivot
        leaving = self.basic[row]
        self.basic[row] = column
        return leaving

    def value(self, row: int) -> Fraction:
        """The value of the basic variable of ``row``."""
        return Fraction(int(self.T[row, -1]), int(self.determinant))


def _integer_path(P0: np.ndarray, Q0: np.ndarray, label: int, max_pivots: int,
                  budget: Budget | None, copy: bool = True) -> Path:
    n, m = P0.shape[0], Q0.shape[0]
    if copy:
        P0, Q0 = P0.copy(), Q0.copy()
    sides = [IntegerTableau(P0, range(m, m + n)), IntegerTableau(Q0, range(m))]
    pivots, status = _follow_path(sides, label, max_pivots, budget)
    if status != CONVERGED:
        return Path(label, None, pivots, status)
    x, y = _unscaled_strategies(sides, Fraction(0))
    sx, sy = sum(x), sum(y)
    return Path(label, (tuple(v / sx for v in x), tuple(v / sy for v in y)), pivots, CONVERGED)


# -- the path, the same in either arithmetic ------------------------------------------------

def _follow_path(sides: Sequence[FloatTableau | IntegerTableau], label: int, max_pivots: int,
                 budget: Budget | None) -> tuple[int, str]:
    """Pivot from the artificial equilibrium with ``label`` dropped until ``label`` leaves a basis.

    ``sides`` are the tableaux of ``P`` and ``Q`` (:class:`FloatTableau` or
    :class:`IntegerTableau`: the path is the same in either arithmetic).
    Returns the pivots made and the status.
    """
    m = len(sides[1].basic)
    entering = label
    side = 0 if label < m else 1
    pivots = 0
    try:
        while True:
            if pivots >= max_pivots:
                return pivots, FAILED
            if budget is not None:
                budget.tick()
            tableau = sides[side]
            column = tableau.place[entering]
            row = tableau.leaving_row(column)
            if row < 0:
                return pivots, FAILED
            leaving = tableau.pivot(row, column)
            pivots += 1
            if leaving == label:
                return pivots, CONVERGED
            entering = leaving
            side = 1 - side
    except BudgetExceeded:
        return pivots, BUDGET_EXCEEDED


def _unscaled_strategies(sides: Sequence[FloatTableau | IntegerTableau], zero: Any) -> tuple[list[Any], list[Any]]:
    """``x`` in ``P`` and ``y`` in ``Q`` read off the final tableaux (not yet rescaled to probabilities)."""
    P, Q = sides
    n, m = len(P.basic), len(Q.basic)
    x = [zero] * m
    y = [zero] * n
    for r, var in enumerate(P.basic):
        if var < m:
            x[var] = P.value(r)
    for r, var in enumerate(Q.basic):
        if var >= m:
            y[var - m] = Q.value(r)
    return x, y


# -- public functions ---------------------------------------------------------------------

def lemke_howson_paths(A: Any, B: Any, labels: Sequence[int] = (0,), exact: bool = False,
                       max_pivots: int = MAX_PIVOTS, budget: Budget | None = None) -> list[Path]:
    """Follow the Lemke-Howson path from each of ``labels`` on the bimatrix game ``(A, B)``.

    The array-level engine of :func:`lemke_howson`; no certification.

    Parameters
    ----------
    A, B:
        Payoff matrices of the row and the column player, shape ``(m, n)``.
        With ``exact=True`` they may hold ints, Fractions or floats (a float
        is taken at its exact binary value).
    labels:
        Labels to drop, each in ``0..m+n-1`` (``i < m``: row strategy ``i``;
        otherwise column strategy ``i - m``).
    exact:
        Integer pivoting in Python integers instead of floats.
    max_pivots:
        Cap on the pivots of each path; a path reaching it has status ``"failed"``.
    budget:
        Ticked once per pivot; when it is spent, the current path gets status
        ``"budget_exceeded"`` and no further path is started.

    Returns
    -------
    list of Path
        One per label that was started.

    Examples
    --------
    >>> A = [[3, 3], [2, 5], [0, 6]]
    >>> B = [[3, 2], [2, 6], [3, 1]]
    >>> [(p.label, p.profile) for p in lemke_howson_paths(A, B, labels=[0], exact=True)]
    [(0, ((Fraction(1, 1), Fraction(0, 1), Fraction(0, 1)), (Fraction(1, 1), Fraction(0, 1))))]
    """
    A_array = np.asarray(A, dtype=object if exact else float)
    B_array = np.asarray(B, dtype=object if exact else float)
    if A_array.ndim != 2 or A_array.shape != B_array.shape:
        raise SolverError(f"lemke_howson_paths: A and B must be matrices of one shape, "
                          f"not {A_array.shape} and {B_array.shape}")
    m, n = A_array.shape
    labels = list(labels)
    for k in labels:
        if not (isinstance(k, (int, np.integer)) and 0 <= k < m + n):
            raise SolverError(f"lemke_howson: label {k!r} is not in 0..{m + n - 1} "
                              f"(0..{m - 1} row strategies, {m}..{m + n - 1} column strategies)")
    if not (isinstance(max_pivots, (int, np.integer)) and max_pivots >= 1):
        raise SolverError(f"lemke_howson: max_pivots must be a positive integer, not {max_pivots!r}")
    if exact:
        P, Q = _integer_tableaux(A_array, B_array)
        follow = _integer_path
    else:
        P, Q = _float_tableaux(A_array, B_array)
        follow = _float_path
    paths = []
    for index, k in enumerate(labels):
        # The last path may pivot the initial tableaux themselves.
        path = follow(P, Q, int(k), int(max_pivots), budget, copy=index < len(labels) - 1)
        paths.append(path)
        if path.status == BUDGET_EXCEEDED:
            break
    return paths


def _applicable_methods(game: Any) -> str:
    names = sorted(name for name, method in METHODS.items() if method.accepts(game) is None)
    return ", ".join(names) if names else "none"


def _same(a: Equilibrium, b: Equilibrium) -> bool:
    if a.exact_profile is not None and b.exact_profile is not None:
        return a.exact_profile == b.exact_profile
    return all(np.allclose(p, q, atol=DUPLICATE_TOLERANCE, rtol=0.0) for p, q in zip(a.profile, b.profile))  # type: ignore[arg-type]


def _label_text(labels: Sequence[int]) -> str:
    labels = sorted(labels)
    if labels == list(range(labels[0], labels[-1] + 1)) and len(labels) > 2:
        return f"{labels[0]}..{labels[-1]}"
    return ", ".join(map(str, labels))


@register("lemke-howson", {"normal"}, "one equilibrium per starting label (complementary pivoting)", players=2)
def lemke_howson(game: NormalFormGame, labels: Sequence[int] | None = None, single: bool = False,
                 exact: bool = False, max_pivots: int = MAX_PIVOTS, budget: Budget | None = None) -> Result:
    """Equilibria of a two-player strategic game by Lemke-Howson paths from several labels.

    Parameters
    ----------
    game:
        A two-player :class:`NormalFormGame` with ``m`` and ``n`` strategies.
    labels:
        The labels to drop, in ``0..m+n-1`` (``0..m-1`` the row player's
        strategies, ``m..m+n-1`` the column player's).  Default: every label
        when ``m + n <= 200`` (games up to 100x100), otherwise label 0 only.
    single:
        Shorthand for ``labels=[0]``: one path, one equilibrium.
    exact:
        Pivot in exact integer arithmetic (Python integers, no overflow)
        instead of floats; slower, for rational games where float ties or
        ill-conditioning are a concern.
    max_pivots:
        Cap on the pivots of one path.  A path that hits it is reported in
        ``notes`` and the result has ``status="failed"`` (equilibria of the
        other paths are still returned).
    budget:
        Iteration/time budget (given by :func:`solve` from ``timeout``),
        ticked once per pivot.  When it is spent the result holds the
        equilibria found so far, with ``status="budget_exceeded"``.

    Returns
    -------
    Result
        The distinct equilibria found, in order of discovery, each certified
        (exactly, with regret 0, on exact games).  ``complete`` is ``False``:
        Lemke-Howson finds an extreme equilibrium per label, not all of them.

    Examples
    --------
    >>> import gametheory_ukraine as gt
    >>> battle = gt.NormalFormGame.from_arrays([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> result = gt.solve(battle, "lemke-howson")
    >>> [e.exact_profile for e in result]  # doctest: +NORMALIZE_WHITESPACE
    [((Fraction(1, 1), Fraction(0, 1)), (Fraction(1, 1), Fraction(0, 1))),
     ((Fraction(0, 1), Fraction(1, 1)), (Fraction(0, 1), Fraction(1, 1)))]
    >>> result.status, result.complete
    ('converged', False)
    """
    start = time.perf_counter()
    if not isinstance(game, NormalFormGame) or game.num_players != 2:
        what = (f"a {game.num_players}-player strategic game" if isinstance(game, NormalFormGame)
                else f"a {getattr(game, 'kind', type(game).__name__)}-form game")
        raise SolverError(f"method 'lemke-howson' solves two-player strategic games, not {what}; "
                          f"methods that apply: {_applicable_methods(game)}")
    m, n = game.shape
    notes: list[str] = []
    if single and labels is not None:
        raise SolverError("lemke_howson: give either single=True or labels=, not both")
    if single:
        labels = [0]
    elif labels is None:
        if m + n <= ALL_LABELS_LIMIT:
            labels = list(range(m + n))
            notes.append(f"paths from every label 0..{m + n - 1} "
                         f"(the default up to {ALL_LABELS_LIMIT} strategies in all)")
        else:
            labels = [0]
            notes.append(f"path from label 0 only: the default for games over {ALL_LABELS_LIMIT} strategies "
                         f"in all (pass labels= to choose)")
    labels = list(labels)
    if not labels:
        raise SolverError("lemke_howson: labels is empty")
    if exact:
        A = game.exact[0] if game.exact is not None else game.payoffs[0]
        B = game.exact[1] if game.exact is not None else game.payoffs[1]
    else:
        A, B = game.payoffs[0], game.payoffs[1]
    paths = lemke_howson_paths(A, B, labels, exact=exact, max_pivots=max_pivots, budget=budget)

    equilibria: list[Equilibrium] = []
    found_by: dict[int, int] = {}
    dropped: list[int] = []
    capped: list[int] = []
    status = CONVERGED
    for path in paths:
        if path.status == BUDGET_EXCEEDED:
            status = BUDGET_EXCEEDED
            notes.append(f"budget spent on the path from label {path.label} after {path.pivots} pivots; "
                         f"{len(paths) - 1} of {len(labels)} paths finished")
            continue
        if path.status == FAILED:
            capped.append(path.label)
            continue
        x, y = path.profile  # type: ignore[misc]
        if exact and game.exact is not None:
            record = certify_exact(game, (x, y))
        else:
            record = certify(game, [np.asarray(x, dtype=float), np.asarray(y, dtype=float)])
        if record is None:
            dropped.append(path.label)
            continue
        index = next((i for i, e in enumerate(equilibria) if _same(e, record)), None)
        if index is None:
            index = len(equilibria)
            equilibria.append(record)
        found_by[path.label] = index
    if capped:
        if status == CONVERGED:
            status = FAILED
        notes.append(f"paths from label(s) {_label_text(capped)} stopped without an equilibrium "
                     f"(pivot cap of {max_pivots} or numerical breakdown)")
    if dropped:
        notes.append(f"{len(dropped)} candidate(s) failed their certificate and were dropped "
                     f"(labels {_label_text(dropped)})")
    if found_by and len(found_by) <= 50:
        pairs = ", ".join(f"{k}->{i}" for k, i in found_by.items())
        notes.append(f"label -> equilibrium: {pairs}")
    notes.append(f"{sum(p.pivots for p in paths)} pivots in {'exact integer' if exact else 'float'} arithmetic")
    return Result(game, "lemke-howson", tuple(equilibria), complete=False,
                  seconds=time.perf_counter() - start, strategic=game, notes=tuple(notes), status=status)
