"""Rational arithmetic for certificates: exact linear solves and exact re-solves on a support.

Float solvers find candidates fast; this module turns a candidate of an exact
game into an exact equilibrium, or proves that it is not one.  For a
two-player profile with supports ``I`` and ``J`` the exact re-solve finds
``y`` on ``J`` with ``A[I, J] y = v`` (every strategy in ``I`` earns the same
``v``), ``sum(y) = 1``, and ``x`` on ``I`` likewise against ``B``; where the
system has free variables (a continuum of equilibria), they are fixed at the
rational numbers closest to the float candidate, so the exact answer is the
point of the continuum the float method found.

Large square integer systems (the vertex systems of the LP methods) are
solved by :func:`solve_integer_system`, which lets float LU factorisations
do the work and keeps only the bookkeeping in exact integers.
"""

from __future__ import annotations

import math
import warnings
from fractions import Fraction
from typing import Callable, Iterable, Sequence

import numpy as np
import scipy.sparse as sparse
from scipy.linalg import LinAlgWarning, lu_factor, lu_solve
from scipy.sparse.linalg import splu

MAX_DENOMINATOR = 10**9


def rational(value: float, tolerance: float = 1e-9) -> Fraction:
    """The fraction with the smallest denominator (up to 10**9) within ``tolerance`` of ``value``.

    >>> rational(0.49999999998), rational(1 / 3)
    (Fraction(1, 2), Fraction(1, 3))
    """
    exact = Fraction(float(value))
    bound = 1
    while bound < MAX_DENOMINATOR:
        candidate = exact.limit_denominator(bound)
        if abs(candidate - exact) <= tolerance:
            return candidate
        bound *= 10
    return exact.limit_denominator(MAX_DENOMINATOR)


def affine_solution(matrix: Sequence[Sequence[Fraction]], rhs: Sequence[Fraction],
                    hint: Sequence[float] | None = None) -> tuple[list[Fraction], int] | None:
    """A solution of ``matrix @ x = rhs`` and the dimension of the solution set, exactly.

    Gauss-Jordan elimination with exact pivots; ``None`` when the system is
    inconsistent.  Free variables take the rational rounding of ``hint``
    (0 without a hint).

    >>> affine_solution([[Fraction(1), Fraction(1)]], [Fraction(1)])
    ([Fraction(1, 1), Fraction(0, 1)], 1)
    """
    rows = [list(map(Fraction, row)) + [Fraction(b)] for row, b in zip(matrix, rhs)]
    columns = len(rows[0]) - 1 if rows else (len(hint) if hint is not None else 0)
    pivots: list[int] = []
    r = 0
    for c in range(columns):
        pivot = next((i for i in range(r, len(rows)) if rows[i][c] != 0), None)
        if pivot is None:
            continue
        rows[r], rows[pivot] = rows[pivot], rows[r]
        lead = rows[r][c]
        rows[r] = [x / lead for x in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][c] != 0:
                factor = rows[i][c]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[r])]
        pivots.append(c)
        r += 1
        if r == len(rows):
            break
    if any(row[-1] != 0 for row in rows[r:]):
        return None
    free = [c for c in range(columns) if c not in pivots]
    solution = [Fraction(0)] * columns
    for c in free:
        solution[c] = rational(hint[c]) if hint is not None else Fraction(0)
    for i, c in enumerate(pivots):
        solution[c] = rows[i][-1] - sum((rows[i][f] * solution[f] for f in free), Fraction(0))
    return solution, len(free)


def solve_linear(matrix: Sequence[Sequence[Fraction]], rhs: Sequence[Fraction],
                 hint: Sequence[float] | None = None) -> list[Fraction] | None:
    """A solution of ``matrix @ x = rhs`` in rational arithmetic, or ``None`` if inconsistent.

    >>> solve_linear([[Fraction(1), Fraction(1)], [Fraction(1), Fraction(-1)]], [Fraction(1), Fraction(0)])
    [Fraction(1, 2), Fraction(1, 2)]
    """
    found = affine_solution(matrix, rhs, hint)
    return None if found is None else found[0]


def resolve_on_support(table: np.ndarray, own_support: Sequence[int] | np.ndarray,
                       other_support: Sequence[int] | np.ndarray,
                       hint: Sequence[float]) -> tuple[list[Fraction], Fraction] | None:
    """Exact mixture on ``other_support`` making every strategy of ``own_support`` indifferent.

    ``table[i, j]`` is the payoff of the player whose strategies index rows
    (for the column player pass the transposed table).  Returns the full
    mixture (zeros off the support) and the common payoff, or ``None`` when no
    such mixture exists or it is not a probability vector.
    """
    k = len(other_support)
    # unknowns: y_j for j in the support, then v
    matrix = [[table[i, j] for j in other_support] + [Fraction(-1)] for i in own_support]
    matrix.append([Fraction(1)] * k + [Fraction(0)])
    rhs = [Fraction(0)] * len(own_support) + [Fraction(1)]
    guess = [hint[j] for j in other_support] + [float(np.dot([float(table[own_support[0], j]) for j in other_support],
                                                             [hint[j] for j in other_support]))]
    solution = solve_linear(matrix, rhs, guess)
    if solution is None or any(x < 0 for x in solution[:k]):
        return None
    mixture = [Fraction(0)] * table.shape[1]
    for j, value in zip(other_support, solution[:k]):
        mixture[j] = value
    return mixture, solution[k]


def common_denominator(values: Iterable[Fraction]) -> tuple[list[int], int]:
    """``(numerators, denominator)`` with ``values[i] == numerators[i] / denominator``, the denominator least.

    >>> common_denominator([Fraction(1, 2), Fraction(2, 3), Fraction(3)])
    ([3, 4, 18], 6)
    """
    values = list(values)
    denominator = math.lcm(*{v.denominator for v in values})
    if denominator == 1:
        return [v.numerator for v in values], 1
    return [v.numerator * (denominator // v.denominator) for v in values], denominator


# -- square integer systems by numeric-exact iterative refinement -------------------------------

_FIRST_RECONSTRUCTION_BITS = 16
"""Refinement bits after which a rational reconstruction is first tried; each later try waits for 1.5 times as many."""


def solve_integer_system(matrix: np.ndarray | sparse.spmatrix, rhs: Sequence[int],
                         max_bits: int | None = None) -> tuple[list[int], int] | None:
    """The exact solution of the square integer system ``matrix @ z = rhs``, as ``(numerators, denominator)``.

    ``z[i] == numerators[i] / denominator`` with the least common denominator.
    ``matrix`` is a dense array (of ints, or of Python ints as objects) or a
    scipy sparse matrix; either way its entries and ``rhs`` must fit int64.

    Numeric-exact iterative refinement (S. Wan, *An algorithm to solve integer
    linear systems exactly using numerical methods*, J. Symbolic Computation
    41, 2006): a float LU factorisation (LAPACK for dense matrices, SuperLU
    for sparse ones) supplies up to 40 new bits of the solution per step,
    while an exact int64 residual keeps the invariant
    ``matrix @ numerators == 2**exponent * rhs - residual``.  The dyadic
    approximation ``numerators / 2**exponent`` is turned into rationals by
    continued fractions; a reconstruction is tried each time the
    approximation has half as many bits again as at the last try, given up
    as soon as its denominators outgrow what the approximation resolves, and
    accepted only when it solves the system exactly (checked in Python
    integers).  Refinement stops where a
    reconstruction must have succeeded: once ``2**exponent`` exceeds the
    square of Hadamard's bound on ``|det(matrix)|`` (every denominator
    divides the determinant), or after ``max_bits`` bits.

    Returns ``None`` when the system is not square, is (numerically)
    singular, is too ill-conditioned for the float solves to gain bits, or
    does not fit int64; callers fall back to exact elimination or give up.

    >>> solve_integer_system(np.array([[2, 1], [1, 3]]), [1, 2])   # z = (1/5, 3/5)
    ([1, 3], 5)
    >>> solve_integer_system(sparse.csc_matrix([[2, 1], [1, 3]]), [1, 2])
    ([1, 3], 5)
    >>> solve_integer_system(np.array([[1, 2], [2, 4]]), [1, 2]) is None   # singular
    True
    """
    size = matrix.shape[0]
    if len(matrix.shape) != 2 or matrix.shape[1] != size or len(rhs) != size:
        return None
    if size == 0:
        return [], 1
    try:
        integers = (matrix.astype(np.int64).tocsr() if sparse.issparse(matrix)  # type: ignore[union-attr]  # issparse() does not narrow
                    else np.asarray(matrix).astype(np.int64))
        residual = np.array([int(v) for v in rhs], dtype=np.int64)
    except OverflowError:
        return None
    floats = integers.astype(float)
    solve = _float_solver(floats)
    if solve is None:
        return None
    absolute = abs(floats)
    row_bound = max(float(np.asarray(absolute.sum(axis=1)).max()), 1.0)  # |(matrix @ v)_i| <= row_bound |v|_inf
    column_norms = np.sqrt(np.asarray(absolute.multiply(absolute).sum(axis=0)).ravel()
                           if sparse.issparse(absolute) else np.sum(absolute * absolute, axis=0))
    # Hadamard's bound (the product of the column norms) bounds |det| and so every denominator;
    # times |rhs|, every numerator.
    log_det = float(np.sum(np.log2(np.maximum(column_norms, 1.0))))
    log_rhs = math.log2(max(1.0, float(np.linalg.norm(residual.astype(float)))))
    bound_bits = int(math.ceil(log_det + log_rhs)) + 2
    numerators = np.zeros(size, dtype=object)  # Python ints: they grow to thousands of bits
    exponent = 0  # the approximation is numerators / 2**exponent
    next_try = _FIRST_RECONSTRUCTION_BITS
    while True:
        estimate = solve(residual.astype(float))
        if not np.all(np.isfinite(estimate)):
            return None
        residual_size = max(float(np.abs(residual).max()), 1.0)
        error = float(np.abs(floats @ estimate - residual).max())
        # the step takes the bits the float solve got right, and no more than keep the products below in int64
        trusted = math.floor(math.log2(residual_size / max(error, residual_size * 2.0**-52))) - 2
        magnitude = max(float(np.abs(estimate).max()), 1.0)
        room = 61 - math.ceil(math.log2(magnitude * row_bound + 1))  # |matrix @ correction| < 2**61
        room_residual = 61 - math.ceil(math.log2(residual_size + 1))  # |residual << step| < 2**61
        step = min(trusted, room, room_residual, 40)
        if step < 4:
            return None
        correction = np.rint(estimate * 2.0**step).astype(np.int64)
        residual = (residual << step) - integers @ correction
        numerators = numerators * (1 << step) + correction.astype(object)
        exponent += step
        if not residual.any():  # the solution is this dyadic vector, exactly
            return _lowest_dyadic_terms([int(v) for v in numerators], exponent)
        last = (exponent > 2 * bound_bits + 8 + math.log2(magnitude + 1)
                or (max_bits is not None and exponent >= max_bits))
        if last or exponent >= next_try:
            next_try = int(exponent * 1.5)
            reconstruction_bits = min(max(exponent // 2 - 4, 1), bound_bits)
            # a common denominator beyond 2**(exponent - reconstruction_bits) is more than this approximation
            # resolves (the try is premature), beyond 2**bound_bits more than the determinant allows
            found = _nearest_rationals(numerators, exponent, reconstruction_bits,
                                       min(bound_bits, exponent - reconstruction_bits - 1))
            if found is not None and solves_exactly(integers, found[0], found[1], rhs):
                return found
            if last:
                return None


def _float_solver(floats: np.ndarray | sparse.spmatrix) -> Callable[[np.ndarray], np.ndarray] | None:
    """``v -> floats^-1 v`` by an LU factorisation, or ``None`` when the matrix is (numerically) singular."""
    if sparse.issparse(floats):
        try:
            factors = splu(floats.tocsc())  # type: ignore[union-attr]
        except RuntimeError:  # exactly singular
            return None
        return factors.solve
    with warnings.catch_warnings():
        warnings.simplefilter("error", LinAlgWarning)
        try:
            factors = lu_factor(floats, check_finite=False)
        except (LinAlgWarning, ValueError, np.linalg.LinAlgError):
            return None
    if np.min(np.abs(np.diag(factors[0]))) <= 1e-12 * float(np.abs(floats).max()) * floats.shape[0]:
        return None
    return lambda vector: lu_solve(factors, vector, check_finite=False)


def _lowest_dyadic_terms(numerators: list[int], exponent: int) -> tuple[list[int], int]:
    """``numerators / 2**exponent`` over their least common denominator."""
    # the lowest set bit of each nonzero numerator says how far the common power of 2 cancels
    shift = min([exponent] + [(n & -n).bit_length() - 1 for n in numerators if n])
    return [n >> shift for n in numerators], 1 << (exponent - shift)


def _nearest_rationals(approximations: Sequence[int], exponent: int, bound_bits: int,
                       denominator_bits: int) -> tuple[list[int], int] | None:
    """The rationals with denominators below ``2**bound_bits`` nearest ``approximations / 2**exponent``.

    Returned as ``(numerators, denominator)`` over their least common
    denominator; ``None`` as soon as that exceeds ``2**denominator_bits``
    (the caller's bound on a right answer: the try is given up early).
    A value that is, within the approximation error, a multiple of the
    denominator found so far costs one shift; the others go through
    continued fractions (:meth:`Fraction.limit_denominator`).  Each value is
    kept over the denominator of its time and brought to the final one at
    the end, so the work is linear in the number of values.
    """
    limit = 1 << bound_bits
    half = 1 << (exponent - 1)
    denominator = 1
    kept: list[tuple[int, int]] = []  # (numerator, the denominator it is over)
    for a in approximations:
        a = int(a)
        scaled = a * denominator
        near = (scaled + half) >> exponent
        # The approximation error (far below 2**-bound_bits) keeps an integer multiple visibly close.
        if abs(scaled - (near << exponent)) << (bound_bits + 1) <= (1 << exponent):
            kept.append((near, denominator))
            continue
        value = Fraction(a, 1 << exponent).limit_denominator(limit)
        denominator = math.lcm(denominator, value.denominator)
        if denominator.bit_length() > denominator_bits:
            return None
        kept.append((value.numerator * (denominator // value.denominator), denominator))
    return [n * (denominator // d) for n, d in kept], denominator


def solves_exactly(matrix: np.ndarray | sparse.spmatrix, numerators: Sequence[int], denominator: int,
                   rhs: Sequence[int]) -> bool:
    """Whether ``matrix @ numerators == denominator * rhs`` holds exactly (in Python integers).

    A sparse matrix is checked row by row, stopping at the first row that fails.

    >>> solves_exactly(np.array([[2, 1], [1, 3]]), [1, 3], 5, [1, 2])
    True
    """
    if not sparse.issparse(matrix):
        vector = np.empty(len(numerators), dtype=object)
        vector[:] = [int(n) for n in numerators]
        products = np.asarray(matrix).astype(object).dot(vector)  # Python integers: no overflow
        return all(int(p) == denominator * int(target) for p, target in zip(products, rhs))
    rows = matrix.tocsr()  # type: ignore[union-attr]
    starts, columns, values = rows.indptr.tolist(), rows.indices.tolist(), rows.data.tolist()
    return all(sum(values[k] * numerators[columns[k]] for k in range(starts[i], starts[i + 1]))
               == denominator * int(target) for i, target in enumerate(rhs))
