"""Rational arithmetic for certificates: exact linear solves and exact re-solves on a support.

Float solvers find candidates fast; this module turns a candidate of an exact
game into an exact equilibrium, or proves that it is not one.  For a
two-player profile with supports ``I`` and ``J`` the exact re-solve finds
``y`` on ``J`` with ``A[I, J] y = v`` (every strategy in ``I`` earns the same
``v``), ``sum(y) = 1``, and ``x`` on ``I`` likewise against ``B``; where the
system has free variables (a continuum of equilibria), they are fixed at the
rational numbers closest to the float candidate, so the exact answer is the
point of the continuum the float method found.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Sequence

import numpy as np

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


def resolve_on_support(table: np.ndarray, own_support: Sequence[int], other_support: Sequence[int],
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
