"""Exact rational linear algebra: :func:`solve_integer_system` against Gauss-Jordan in fractions."""

import math
from fractions import Fraction

import numpy as np
import pytest
import scipy.sparse as sparse
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from gametheory_ukraine.solvers.exact import common_denominator, solve_integer_system, solve_linear, solves_exactly

F = Fraction


def as_fractions(solved):
    numerators, denominator = solved
    return [F(n, denominator) for n in numerators]


@pytest.mark.parametrize("kind", ["dense", "sparse"])
@settings(max_examples=25, deadline=None)
@given(matrix=st.integers(2, 40).flatmap(lambda k: arrays(np.int64, (k, k), elements=st.integers(-20, 20))))
def test_refinement_matches_gauss_jordan(kind, matrix):
    rhs = [int(v) for v in np.arange(len(matrix)) - 3]
    given_matrix = matrix.astype(object) if kind == "dense" else sparse.csc_matrix(matrix)
    found = solve_integer_system(given_matrix, rhs)
    expected = solve_linear([[F(int(v)) for v in row] for row in matrix], [F(b) for b in rhs])
    if found is None:  # refused: (numerically) singular
        assert expected is None or abs(np.linalg.det(matrix.astype(float))) < 1e-6 * np.abs(matrix).max() ** len(matrix)
        return
    assert as_fractions(found) == expected
    numerators, denominator = found
    assert math.gcd(denominator, *numerators) == 1  # the least common denominator


@pytest.mark.parametrize("kind", ["dense", "sparse"])
def test_solutions_of_thousands_of_bits(kind):
    # denominators of about a thousand bits: many refinement steps and tries of the reconstruction
    rng = np.random.default_rng(5)
    matrix = rng.integers(-1000, 1001, (80, 80))
    rhs = [int(v) for v in rng.integers(-9, 10, 80)]
    found = solve_integer_system(matrix if kind == "dense" else sparse.csr_matrix(matrix), rhs)
    assert found is not None and solves_exactly(matrix, *found, rhs)
    assert found[1].bit_length() > 500


def test_a_dyadic_solution_is_read_off_when_the_residual_vanishes():
    assert solve_integer_system(np.array([[2, 0], [0, 4]]), [1, 1]) == ([2, 1], 4)
    assert solve_integer_system(np.array([[1, 0], [0, 1]]), [0, 0]) == ([0, 0], 1)


def test_refusals():
    assert solve_integer_system(np.array([[1, 2, 3], [4, 5, 6]]), [1, 2]) is None  # not square
    assert solve_integer_system(np.array([[1, 1], [1, 1]]), [1, 2]) is None  # singular
    assert solve_integer_system(sparse.csc_matrix([[1, 1], [1, 1]]), [1, 2]) is None
    assert solve_integer_system(np.array([[2**70, 0], [0, 1]], dtype=object), [1, 1]) is None  # beyond int64
    assert solve_integer_system(np.zeros((0, 0), dtype=np.int64), []) == ([], 1)


def test_max_bits_caps_the_refinement():
    rng = np.random.default_rng(1)
    matrix = rng.integers(-1000, 1001, (40, 40))
    rhs = [1] * 40
    assert solve_integer_system(matrix, rhs, max_bits=64) is None
    assert solve_integer_system(matrix, rhs) is not None


def test_solves_exactly_checks_every_row_in_integers():
    matrix = np.array([[3, -1], [1, 2]])  # solution of matrix @ z = (0, 1): z = (1/7, 3/7)
    numerators, denominator = common_denominator([F(1, 7), F(3, 7)])
    assert (numerators, denominator) == ([1, 3], 7)
    for given_matrix in (matrix, sparse.csr_matrix(matrix)):
        assert solves_exactly(given_matrix, numerators, denominator, [0, 1])
        assert not solves_exactly(given_matrix, [1, 4], 7, [0, 1])
        assert not solves_exactly(given_matrix, [1, 3], 7, [0, 2])
