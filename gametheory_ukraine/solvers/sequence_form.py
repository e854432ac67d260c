"""The sequence form of a two-player game, and the methods built on it: ``lcp`` and the tree LP.

Mathematics and conventions
---------------------------
The *sequence form* (Koller, Megiddo and von Stengel [KMvS96]_; von Stengel
[vS96]_) describes a two-player game with perfect recall by matrices whose
size is linear in the tree.  A player's *sequences* are numbered as in
:func:`.behavior.sequences`: ``0`` is the empty sequence, then one per
(information set, action) of hers, the sequences of one information set
consecutive.  A mixed strategy becomes a *realization plan* ``x``: the
probability that the player's own moves follow each sequence.  Realization
plans are exactly the vectors with

    E x = e,  x >= 0,

one row for the empty sequence (``x_0 = 1``) and one per information set
``h``: the sequences ending at ``h`` share out the weight of the sequence
leading to ``h``.  ``F y = f`` describes the other player's plans.  The
payoff matrices are

    A[s, t] = sum over leaves l with sequences (s, t) of chance(l) * u_1(l),

and ``B`` likewise with ``u_2`` (a leaf's payoff is the sum of the outcomes on
its path), so that the expected payoffs are ``x^T A y`` and ``x^T B y``.  A
strategic game is its own sequence form: one row ``E = [1 ... 1]``,
``e = [1]``, and ``A``, ``B`` its payoff tables.

Equilibria: the LCP.  ``x`` is a best response to ``y`` exactly when there
is ``u`` with ``E^T u >= A y`` and ``x^T (E^T u - A y) = 0``; likewise ``y``
and ``v`` with ``F^T v >= B^T x``.  Lemke's algorithm [KMvS96]_ follows
these conditions relaxed by an extra variable ``z0``: starting from a pure
strategy pair ``(x0, y0)`` (by default the first action at every
information set), the slack of every sequence not played by the start is
raised by ``z0``.  For large ``z0`` the start satisfies everything; the
path lowers ``z0`` by complementary pivoting until it reaches 0, at an
equilibrium.  The equality constraints keep ``x`` and ``y`` bounded, so a
ray can only move ``u``, ``v`` and ``z0``; along one, ``x`` and ``y`` would
have to minimise the covering terms, which only the start does, and the
lexicographic rule below never returns to the start: the path ends at an
equilibrium.  (Should it ever end in a ray, the result says
``status="failed"``; no test game has done so.)

Implementation.  The free variables ``u``, ``v`` and the equations
``E x = e``, ``F y = f`` are eliminated before pivoting: writing
``x = x0 + Z1 x_N`` over the sequences ``N`` not played at the start (the
columns of ``Z1`` span the plans' directions, entries 0 and +-1), the
system becomes an ordinary LCP in ``n1 + n2`` pairs of variables with the
covering vector 1 on the rows of ``N``: a dense tableau of size
``(n1 + n2) x (n1 + n2 + 2)``, built from sparse products.  Degeneracy is
handled by the lexicographic minimum-ratio test on the columns of the
initial basis (the tableau machinery of :mod:`.lemke_howson`).  In float
arithmetic each pivot is one BLAS rank-one update; with ``exact=True``
(the default for exact games up to :data:`EXACT_PIVOTING_LIMIT` sequences)
the pivoting is fraction-free in Python integers and the answer is exactly
right.  Every answer is certified (:func:`.behavior.certify_behavior` for
trees, :func:`.certificate.certify` for strategic games).

Zero-sum trees: the LP.  When ``u_1 + u_2`` is the same at every leaf the
equilibria are the pairs of optimal strategies of the linear programme
[vS96]_

    maximise f^T q  subject to  F^T q <= A^T x,  E x = e,  x >= 0,

whose optimum is the value to player 1 and whose dual multipliers of the
first constraints are player 2's optimal plan ``y``.
:func:`solve_zero_sum_tree` solves it with HiGHS on sparse matrices, then,
on exact games, finds the exact plans at HiGHS's vertex (rounding, or an
exact solve of the vertex's active constraints) and checks exactly that
each guarantees the same value (the best response of each player computed
in rational arithmetic on the sequence form).

References
----------
.. [KMvS96] D. Koller, N. Megiddo and B. von Stengel, "Efficient computation of
   equilibria for extensive two-person games", Games and Economic Behavior
   14, 247-259, 1996.
.. [vS96] B. von Stengel, "Efficient computation of behavior strategies",
   Games and Economic Behavior 14, 220-246, 1996.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

import numpy as np
import scipy.sparse as sparse
from scipy.optimize import linprog

from ..errors import GameTooLargeError, SolverError
from ..games import ExtensiveGame, NormalFormGame
from ..games.numbers import fraction_text
from .behavior import SequenceIndex, behavior_from_realization, certify_behavior, sequences
from .budget import BUDGET_EXCEEDED, CONVERGED, FAILED, Budget, BudgetExceeded
from .certificate import certify, certify_exact
from .exact import common_denominator, rational, solve_integer_system, solves_exactly
from .lemke_howson import PIVOT_TOLERANCE, FloatTableau, IntegerTableau
from .registry import register
from .result import Equilibrium, Result
from .zerosum import common_total

EXACT_PIVOTING_LIMIT = 400
"""Exact games with at most this many sequences in all are pivoted in integers by default."""

DENSE_LIMIT = 6000
"""Most sequences (both players) ``lcp`` takes on: its tableau is dense, about 8 (n1 + n2)^2 bytes."""

MAX_PIVOTS = 1_000_000
"""Default cap on the pivots of one Lemke path."""

SUPPORT_TOLERANCE = 1e-9
"""A realization probability below this counts as zero when a float plan is read off."""

OTHER_METHODS = "enumpure, logit"
"""Methods to use instead of the sequence form on games without perfect recall."""

EXACT_SOLVE_MAX_BITS = 20_000
"""Bits of refinement after which an exact re-solve at the LP's vertex gives up (the float answer stands)."""


# ---------------------------------------------------------------------------------------
# the sequence form


@dataclass(frozen=True)
class ConstraintRows:
    """The rows of ``E x = e`` for one player, one per block of sequences that share out a weight.

    Row ``r`` says that the sequences ``first[r] .. first[r] + count[r] - 1``
    sum to the weight of sequence ``parent[r]`` (to 1 when ``parent[r]`` is
    ``-1``).  Rows are in an order where a sequence's row comes before the
    rows it leads to.
    """

    parent: np.ndarray
    first: np.ndarray
    count: np.ndarray

    def __len__(self) -> int:
        return len(self.parent)

    def row_of(self, num_sequences: int) -> np.ndarray:
        """Per sequence, the row whose block holds it."""
        owner = np.empty(num_sequences, dtype=np.int64)
        for r, (start, size) in enumerate(zip(self.first, self.count)):
            owner[start:start + size] = r
        return owner

    def matrix(self, num_sequences: int) -> sparse.csr_matrix:
        """The constraint matrix (``E`` or ``F``), entries 0 and +-1."""
        rows: list[int] = []
        columns: list[int] = []
        values: list[float] = []
        for r, (parent, start, size) in enumerate(zip(self.parent, self.first, self.count)):
            rows.extend([r] * int(size))
            columns.extend(range(int(start), int(start + size)))
            values.extend([1.0] * int(size))
            if parent >= 0:
                rows.append(r)
                columns.append(int(parent))
                values.append(-1.0)
        return sparse.csr_matrix((values, (rows, columns)), shape=(len(self), num_sequences))

    def rhs(self) -> np.ndarray:
        """The right-hand side (``e`` or ``f``): 1 on the rows without a parent sequence, else 0."""
        return (self.parent < 0).astype(float)


@dataclass(frozen=True, eq=False)
class SequenceForm:
    """The sequence form of a two-player game: payoff matrices over sequence pairs and the plan constraints.

    Attributes
    ----------
    game:
        The game it describes.
    payoffs:
        ``(A, B)``: sparse matrices (CSR) of shape ``(n1, n2)``, the payoffs of
        player 1 and player 2 for each pair of sequences, chance folded in.
    exact_payoffs:
        When the game is exact, the same entries as Fractions: object arrays
        aligned with ``payoffs[p].data`` (same sparsity pattern); else ``None``.
    rows:
        Per player, the :class:`ConstraintRows` of ``E x = e`` / ``F y = f``.
    index:
        Per player, the :class:`~.behavior.SequenceIndex` of a tree (``None``
        for a strategic game, whose sequences are its strategies).
    """

    game: ExtensiveGame | NormalFormGame
    payoffs: tuple[sparse.csr_matrix, sparse.csr_matrix]
    exact_payoffs: tuple[np.ndarray, np.ndarray] | None
    rows: tuple[ConstraintRows, ConstraintRows]
    index: tuple[SequenceIndex | None, SequenceIndex | None]

    @property
    def sizes(self) -> tuple[int, int]:
        """Number of sequences of each player."""
        return self.payoffs[0].shape

    @property
    def A(self) -> sparse.csr_matrix:
        """Player 1's payoff matrix."""
        return self.payoffs[0]

    @property
    def B(self) -> sparse.csr_matrix:
        """Player 2's payoff matrix (indexed like ``A``: player 1's sequence first)."""
        return self.payoffs[1]

    @property
    def E(self) -> sparse.csr_matrix:
        """Player 1's constraint matrix: ``E x = e`` for realization plans ``x``."""
        return self.rows[0].matrix(self.sizes[0])

    @property
    def F(self) -> sparse.csr_matrix:
        """Player 2's constraint matrix: ``F y = f``."""
        return self.rows[1].matrix(self.sizes[1])

    @property
    def e(self) -> np.ndarray:
        return self.rows[0].rhs()

    @property
    def f(self) -> np.ndarray:
        return self.rows[1].rhs()

    @property
    def is_exact(self) -> bool:
        return self.exact_payoffs is not None

    def exact_matrix(self, player: int) -> np.ndarray:
        """Player ``player``'s payoff matrix as a dense object array of Fractions (small games only)."""
        if self.exact_payoffs is None:
            raise SolverError("the sequence form has no exact payoffs: the game is not exact")
        table = self.payoffs[player].tocoo()
        dense = np.empty(table.shape, dtype=object)
        dense[...] = Fraction(0)
        matrix = self.payoffs[player]
        for i in range(table.shape[0]):
            for k in range(matrix.indptr[i], matrix.indptr[i + 1]):
                dense[i, matrix.indices[k]] = self.exact_payoffs[player][k]
        return dense

    def exact_rows(self, player: int, scale: int = 1) -> list[dict[int, Any]]:
        """Player ``player``'s exact payoff matrix times ``scale``, row by row as ``{column: value}``."""
        if self.exact_payoffs is None:
            raise SolverError("the sequence form has no exact payoffs: the game is not exact")
        matrix, data = self.payoffs[player], self.exact_payoffs[player]
        found: list[dict[int, Any]] = []
        for i in range(matrix.shape[0]):
            span = range(matrix.indptr[i], matrix.indptr[i + 1])
            found.append({int(matrix.indices[k]): data[k] * scale for k in span})
        return found


def _require_sequence_form_game(game: Any, method: str) -> None:
    """Raise a :class:`SolverError` naming ``method`` unless ``game`` has a sequence form."""
    if not isinstance(game, (ExtensiveGame, NormalFormGame)):
        raise SolverError(f"{method} needs a NormalFormGame or ExtensiveGame, not {type(game).__name__}")
    if game.num_players != 2:
        raise SolverError(f"{method} works on the sequence form of two-player games; this game has "
                          f"{game.num_players} players (methods for any number: enumpure, logit)")
    if isinstance(game, ExtensiveGame) and not game.has_perfect_recall:
        raise SolverError(f"{method} needs perfect recall (the sequence form describes only such games); "
                          f"{'; '.join(game.recall_violations)}; use {OTHER_METHODS} instead")


def sequence_form(game: ExtensiveGame | NormalFormGame) -> SequenceForm:
    """The sequence form of a two-player game with perfect recall (or of a two-player strategic game).

    Raises :class:`SolverError` for other games.

    Examples
    --------
    >>> import gametheory_ukraine as gt
    >>> game = gt.ExtensiveGame.from_tree(["A", "B"], {"chance": {"h": "1/2", "t": "1/2"}, "moves": {
    ...     "h": {"player": "A", "infoset": "a", "moves": {"l": {"payoffs": [2, -2]}, "r": {"payoffs": [0, 0]}}},
    ...     "t": {"player": "A", "infoset": "a", "moves": {"l": {"payoffs": [0, 0]}, "r": {"payoffs": [4, -4]}}}}})
    >>> form = sequence_form(game)
    >>> form.sizes, form.A.toarray().tolist()
    ((3, 1), [[0.0], [1.0], [2.0]])
    >>> form.E.toarray().tolist(), form.e.tolist()
    ([[1.0, 0.0, 0.0], [-1.0, 1.0, 1.0]], [1.0, 0.0])
    >>> [str(v) for v in form.exact_payoffs[0]]
    ['1', '2']
    """
    _require_sequence_form_game(game, "the sequence form")
    if isinstance(game, NormalFormGame):
        return _strategic_sequence_form(game)
    return game.cached("sequence_form", lambda: _tree_sequence_form(game))


def _strategic_sequence_form(game: NormalFormGame) -> SequenceForm:
    m, n = game.shape
    payoffs = (sparse.csr_matrix(game.payoffs[0]), sparse.csr_matrix(game.payoffs[1]))
    exact = None
    if game.exact is not None:
        # align with the CSR data: csr_matrix keeps the nonzeros of each row in column order
        exact = tuple(np.array([game.exact[p][i, j] for i in range(m) for j in range(n)
                                if game.payoffs[p][i, j] != 0], dtype=object) for p in range(2))
        if any(len(x) != payoffs[p].nnz for p, x in enumerate(exact)):  # a float zero of a nonzero Fraction
            raise SolverError("the sequence form: payoffs too small to represent in floating point")
    rows = tuple(ConstraintRows(np.array([-1]), np.array([0]), np.array([k])) for k in (m, n))
    return SequenceForm(game, payoffs, exact, rows, (None, None))  # type: ignore[arg-type]


def _exact_chance_reach(game: ExtensiveGame) -> np.ndarray:
    """Per node, the product of the chance probabilities on its path, as Fractions."""
    arrays = game.arrays
    edges = arrays.exact_edge_probability
    assert edges is not None  # called on exact games only
    reach = np.empty(game.num_nodes, dtype=object)
    reach[0] = Fraction(1)
    for level in arrays.levels[1:]:
        reach[level] = reach[arrays.parent[level]] * edges[level]
    return reach


def _tree_sequence_form(game: ExtensiveGame) -> SequenceForm:
    arrays = game.arrays
    index = (sequences(game, 0), sequences(game, 1))
    sizes = (len(index[0]), len(index[1]))
    leaves = arrays.leaves
    first = index[0].node_sequence[leaves]
    second = index[1].node_sequence[leaves]
    payoffs: list[sparse.csr_matrix] = []
    exact: tuple[np.ndarray, np.ndarray] | None = None
    if game.is_exact:
        reach = _exact_chance_reach(game)[leaves]
        table = arrays.exact_payoffs[leaves]  # type: ignore[index]  # an exact game has exact payoffs
        exact_data = []
        for p in range(2):
            totals: dict[tuple[int, int], Fraction] = {}
            for s, t, weight, payoff in zip(first.tolist(), second.tolist(), reach, table[:, p]):
                if weight and payoff:
                    totals[(s, t)] = totals.get((s, t), Fraction(0)) + weight * payoff
            keys = sorted(key for key, value in totals.items() if value != 0)
            values = np.empty(len(keys), dtype=object)
            values[:] = [totals[key] for key in keys]
            rows_ = np.array([k[0] for k in keys], dtype=np.int64)
            columns = np.array([k[1] for k in keys], dtype=np.int64)
            matrix = sparse.csr_matrix((np.array([float(v) for v in values]), (rows_, columns)), shape=sizes)
            if matrix.nnz != len(keys):  # a nonzero too small for a float would break the alignment
                raise SolverError("the sequence form: payoffs too small to represent in floating point")
            payoffs.append(matrix)
            exact_data.append(values)
        exact = (exact_data[0], exact_data[1])
    else:
        for p in range(2):
            weights = arrays.chance_reach[leaves] * arrays.payoffs[leaves, p]
            matrix = sparse.csr_matrix((weights, (first, second)), shape=sizes)
            matrix.sum_duplicates()
            matrix.eliminate_zeros()
            payoffs.append(matrix)
    rows = []
    for p in range(2):
        own = game.player_infosets(p)
        parent = [-1] + [index[p].parent_sequence[s] for s in own]
        start = [0] + [index[p].first_sequence[s] for s in own]
        count = [1] + [len(game.infosets[s].actions) for s in own]
        rows.append(ConstraintRows(np.array(parent, dtype=np.int64), np.array(start, dtype=np.int64),
                                   np.array(count, dtype=np.int64)))
    return SequenceForm(game, (payoffs[0], payoffs[1]), exact, (rows[0], rows[1]), index)


# ---------------------------------------------------------------------------------------
# Lemke's algorithm


@dataclass(frozen=True)
class LemkePath:
    """The end of one Lemke path on a sequence form.

    Attributes
    ----------
    plans:
        ``(x, y)``, the realization plans at the end of the path (floats, or
        Fractions with exact pivoting), or ``None`` when the path did not end.
    pivots:
        Pivots made.
    status:
        ``"converged"``, ``"failed"`` (pivot cap, ray, or numerical breakdown)
        or ``"budget_exceeded"``.
    """

    plans: tuple[list[Any], list[Any]] | None
    pivots: int
    status: str


@dataclass(frozen=True)
class _PlanDirections:
    """A player's realization plans around a pure start: ``x = start + Z x_N``."""

    start: np.ndarray          # the start's realization plan, entries 0/1
    chosen: np.ndarray         # the sequences the start plays (one per row, reached or not)
    others: np.ndarray         # the other sequences, N
    columns: list[list[tuple[int, int]]]  # column j of Z as (sequence, +-1) pairs


def _plan_directions(rows: ConstraintRows, num_sequences: int, choice: np.ndarray) -> _PlanDirections:
    """The start plan and the directions of ``E x = e`` in which each other sequence's weight grows.

    Raising sequence ``s`` (not chosen) by 1 takes that weight from the
    chosen sequence of its row and from every chosen sequence below it, and
    gives weight to the chosen sequences of the rows that ``s`` leads to and
    below them: ``Z[:, s] = e_s - D(row of s) + sum of D(rows after s)``,
    where ``D(r)`` holds the chosen sequences reached from row ``r`` by
    following chosen sequences only.
    """
    chosen = rows.first + choice
    owner = rows.row_of(num_sequences)
    after: list[list[int]] = [[] for _ in range(num_sequences)]
    for r, parent in enumerate(rows.parent):
        if parent >= 0:
            after[int(parent)].append(r)
    start = np.zeros(num_sequences, dtype=np.int64)
    for r, parent in enumerate(rows.parent):  # a parent's row comes first
        if parent < 0 or start[parent]:
            start[chosen[r]] = 1
    below: list[list[int]] = [[] for _ in range(len(rows))]
    for r in reversed(range(len(rows))):
        found = [int(chosen[r])]
        for child in after[int(chosen[r])]:
            found.extend(below[child])
        below[r] = found
    is_chosen = np.zeros(num_sequences, dtype=bool)
    is_chosen[chosen] = True
    others = np.flatnonzero(~is_chosen)
    columns = []
    for s in others:
        column = [(int(s), 1)] + [(d, -1) for d in below[owner[s]]]
        for r in after[int(s)]:
            column.extend((d, 1) for d in below[r])
        columns.append(column)
    return _PlanDirections(start, chosen.astype(np.int64), others, columns)


def _direction_matrix(directions: _PlanDirections, num_sequences: int) -> sparse.csc_matrix:
    rows, columns, values = [], [], []
    for j, column in enumerate(directions.columns):
        for s, sign in column:
            rows.append(s)
            columns.append(j)
            values.append(float(sign))
    return sparse.csc_matrix((values, (rows, columns)), shape=(num_sequences, len(directions.columns)))


def _float_blocks(form: SequenceForm, d1: _PlanDirections, d2: _PlanDirections
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``Z1^T A Z2``, ``-Z1^T A y0``, ``Z2^T B^T Z1``, ``-Z2^T B^T x0`` with each player's payoffs scaled to [-1, 1]."""
    n1, n2 = form.sizes
    Z1, Z2 = _direction_matrix(d1, n1), _direction_matrix(d2, n2)
    scaled = []
    for matrix in form.payoffs:
        top = float(np.abs(matrix.data).max(initial=0.0))
        scaled.append(matrix / top if top > 0 else matrix)
    A, B = scaled
    W1 = (Z1.T @ (A @ Z2)).toarray()
    rho1 = -(Z1.T @ (A @ d2.start.astype(float)))
    W2 = (Z2.T @ (B.T @ Z1)).toarray()
    rho2 = -(Z2.T @ (B.T @ d1.start.astype(float)))
    return W1, np.asarray(rho1).ravel(), W2, np.asarray(rho2).ravel()


def _exact_reduced(rows: list[dict[int, int]], left: _PlanDirections, right: _PlanDirections,
                   num_right: int, right_start: np.ndarray) -> tuple[np.ndarray, list[int]]:
    """``Z1^T M Z2`` and ``-Z1^T M start2`` in Python integers, for an integer matrix ``M`` given by rows."""
    right_rows: list[list[tuple[int, int]]] = [[] for _ in range(num_right)]
    for j, column in enumerate(right.columns):
        for t, sign in column:
            right_rows[t].append((j, sign))
    reduced = np.zeros((len(left.columns), len(right.columns)), dtype=object)
    reduced[...] = 0
    offsets: list[int] = []
    for i, column in enumerate(left.columns):
        combined: dict[int, int] = {}
        for s, sign in column:
            for t, value in rows[s].items():
                combined[t] = combined.get(t, 0) + sign * value
        line = reduced[i]
        against_start = 0
        for t, value in combined.items():
            if value:
                if right_start[t]:
                    against_start += value
                for j, sign in right_rows[t]:
                    line[j] += sign * value
        offsets.append(-against_start)
    return reduced, offsets


def _exact_blocks(form: SequenceForm, d1: _PlanDirections, d2: _PlanDirections
                  ) -> tuple[np.ndarray, list[int], np.ndarray, list[int]]:
    """:func:`_float_blocks` in Python integers (each player's payoffs scaled by their common denominator)."""
    n1, n2 = form.sizes
    integer_rows = []
    for p in range(2):
        values = form.exact_payoffs[p] if form.exact_payoffs is not None else np.array(
            [Fraction(float(v)) for v in form.payoffs[p].data], dtype=object)
        integers, _ = common_denominator(Fraction(v) for v in values)
        matrix = form.payoffs[p]
        table: list[dict[int, int]] = []
        for i in range(n1):
            span = range(matrix.indptr[i], matrix.indptr[i + 1])
            table.append({int(matrix.indices[k]): integers[k] for k in span})
        integer_rows.append(table)
    W1, rho1 = _exact_reduced(integer_rows[0], d1, d2, n2, d2.start)
    transposed: list[dict[int, int]] = [{} for _ in range(n2)]
    for s, row in enumerate(integer_rows[1]):
        for t, value in row.items():
            transposed[t][s] = value
    W2, rho2 = _exact_reduced(transposed, d2, d1, n1, d1.start)
    return W1, rho1, W2, rho2


class _Layout:
    """Labels of the reduced LCP and the blocks of its initial tableau.

    Labels: ``x_s`` is ``s``, ``y_t`` is ``n1 + t``, their slacks ``r_s`` and
    ``s_t`` are ``n + s`` and ``n + n1 + t`` (``n = n1 + n2``), and ``z0`` is
    ``2 n``; a label's complement is ``label -+ n``.  Rows (basic at the
    start): ``x`` of the chosen sequences, ``r`` of the others, then the
    same for player 2.  Columns (nonbasic at the start): ``x`` of the
    others, ``r`` of the chosen, the same for player 2, then ``z0``.
    """

    def __init__(self, n1: int, n2: int, d1: _PlanDirections, d2: _PlanDirections) -> None:
        n = n1 + n2
        self.n1, self.n2, self.n = n1, n2, n
        self.z0 = 2 * n
        self.basic = ([int(s) for s in d1.chosen] + [n + int(s) for s in d1.others]
                      + [n1 + int(t) for t in d2.chosen] + [n + n1 + int(t) for t in d2.others])
        self.nonbasic = ([int(s) for s in d1.others] + [n + int(s) for s in d1.chosen]
                         + [n1 + int(t) for t in d2.others] + [n + n1 + int(t) for t in d2.chosen] + [2 * n])
        k1, k2 = len(d1.chosen), len(d2.chosen)
        m1, m2 = len(d1.others), len(d2.others)
        # row and column offsets of the blocks
        self.rows = {"x": (0, k1), "r": (k1, k1 + m1), "y": (n1, n1 + k2), "s": (n1 + k2, n)}
        self.columns = {"x": (0, m1), "r": (m1, m1 + k1), "y": (n1, n1 + m2), "s": (n1 + m2, n), "z0": (n, n + 1)}

    def complement(self, label: int) -> int:
        return label + self.n if label < self.n else label - self.n

    def fill(self, T: np.ndarray, d1: _PlanDirections, d2: _PlanDirections, W1: Any, rho1: Any,
             W2: Any, rho2: Any, column_of: Sequence[int]) -> None:
        """Write the initial tableau's nonbasic columns and right-hand side into ``T``.

        ``column_of[c]`` is where the ``c``-th nonbasic column goes (the
        condensed float tableau stores them in order; the exact full tableau
        at their labels).
        """
        x, r, y, s = (slice(*self.rows[k]) for k in "xrys")
        chosen1 = _chosen_block(d1)
        chosen2 = _chosen_block(d2)
        place = np.asarray(column_of)
        cx, cr, cy, cs = (place[slice(*self.columns[k])] for k in "xrys")
        z0 = place[self.n]
        T[x, cx] = -chosen1                    # x_S + K x_N = x0_S, K = -Z[S, :]
        T[r, cr] = chosen1.T                   # r_N - K^T r_S + ... = rho
        T[r, cy] = W1
        T[r, z0] = -1
        T[y, cy] = -chosen2
        T[s, cs] = chosen2.T
        T[s, cx] = W2
        T[s, z0] = -1
        T[x, -1] = d1.start[d1.chosen]
        T[r, -1] = rho1
        T[y, -1] = d2.start[d2.chosen]
        T[s, -1] = rho2


def _chosen_block(directions: _PlanDirections) -> np.ndarray:
    """``Z[chosen, :]``: how each direction moves the chosen sequences (a dense integer matrix)."""
    position = {int(s): i for i, s in enumerate(directions.chosen)}
    block = np.zeros((len(directions.chosen), len(directions.columns)), dtype=np.int64)
    for j, column in enumerate(directions.columns):
        for s, sign in column:
            if s in position:
                block[position[s], j] += sign
    return block


def _start_pivot_row(rhs: Sequence[Any] | np.ndarray, z0_column: Sequence[Any] | np.ndarray,
                     tolerance: float) -> int | None:
    """The row where ``z0`` enters at the start, or ``None`` when the start is already an equilibrium.

    ``z0`` must rise until every row with a ``-1`` in its column is
    nonnegative: the binding row has the smallest right-hand side.  Ties go
    to the row latest in the initial basis, which is the lexicographic rule
    (rows ``rhs + (eps, eps^2, ...)``) and leaves every row lexicographically
    positive after the pivot.
    """
    best: int | None = None
    for i, (value, entry) in enumerate(zip(rhs, z0_column)):
        if entry < 0 and (best is None or value <= rhs[best] + tolerance):
            best = i
    if best is None or rhs[best] >= -tolerance:
        return None
    return best


def _float_lemke(form: SequenceForm, d1: _PlanDirections, d2: _PlanDirections, max_pivots: int,
                 budget: Budget | None) -> LemkePath:
    n1, n2 = form.sizes
    layout = _Layout(n1, n2, d1, d2)
    n = layout.n
    T = np.zeros((n, n + 2), order="F")
    W1, rho1, W2, rho2 = _float_blocks(form, d1, d2)
    layout.fill(T, d1, d2, W1, rho1, W2, rho2, range(n + 1))
    tableau = FloatTableau(T, layout.basic, layout.nonbasic)
    row = _start_pivot_row(T[:, -1], T[:, n], PIVOT_TOLERANCE)
    return _follow_lemke_path(tableau, layout, row, 0.0, max_pivots, budget)


def _exact_lemke(form: SequenceForm, d1: _PlanDirections, d2: _PlanDirections, max_pivots: int,
                 budget: Budget | None) -> LemkePath:
    n1, n2 = form.sizes
    layout = _Layout(n1, n2, d1, d2)
    n = layout.n
    T = np.empty((n, 2 * n + 2), dtype=object)
    T[...] = 0
    W1, rho1, W2, rho2 = _exact_blocks(form, d1, d2)
    layout.fill(T, d1, d2, W1, rho1, W2, rho2, layout.nonbasic)
    for r, label in enumerate(layout.basic):
        T[r, label] = 1
    T = np.vectorize(int, otypes=[object])(T)  # numpy integers from the blocks -> Python integers
    tableau = IntegerTableau(T, layout.basic)
    row = _start_pivot_row(list(T[:, -1]), list(T[:, layout.z0]), 0.0)
    return _follow_lemke_path(tableau, layout, row, Fraction(0), max_pivots, budget)


def _follow_lemke_path(tableau: FloatTableau | IntegerTableau, layout: _Layout, start_row: int | None, zero: Any,
                       max_pivots: int, budget: Budget | None) -> LemkePath:
    """Lemke's path on a float or an integer tableau, and the realization plans at its end.

    ``z0`` enters at ``start_row`` (``None``: the start is an equilibrium
    already), then complementary pivots follow until ``z0`` leaves.
    ``zero`` is 0 in the tableau's arithmetic.
    """
    n1, n2, n = layout.n1, layout.n2, layout.n
    pivots = 0
    if start_row is not None:
        try:
            leaving = tableau.pivot(start_row, tableau.place[layout.z0])
            pivots = 1
            while leaving != layout.z0:
                if pivots >= max_pivots:
                    return LemkePath(None, pivots, FAILED)
                if budget is not None:
                    budget.tick()
                column = tableau.place[layout.complement(leaving)]
                row = tableau.leaving_row(column)
                if row < 0:
                    return LemkePath(None, pivots, FAILED)
                leaving = tableau.pivot(row, column)
                pivots += 1
        except BudgetExceeded:
            return LemkePath(None, pivots, BUDGET_EXCEEDED)
    x, y = [zero] * n1, [zero] * n2
    for r, label in enumerate(tableau.basic):
        if label < n1:
            x[label] = tableau.value(r)
        elif label < n:
            y[label - n1] = tableau.value(r)
    return LemkePath((x, y), pivots, CONVERGED)


def lemke_path(form: SequenceForm, start: tuple[Sequence[int] | np.ndarray, Sequence[int] | np.ndarray] | None = None,
               exact: bool = False, max_pivots: int = MAX_PIVOTS, budget: Budget | None = None) -> LemkePath:
    """Follow Lemke's path on a sequence form from a pure start to an equilibrium.

    The array-level engine of :func:`lcp`; no certification.

    Parameters
    ----------
    form:
        A :class:`SequenceForm`.
    start:
        Per player, per constraint row, the action the start plays there
        (the index within the row's block); default the first everywhere.
    exact:
        Pivot in Python integers (exact answer) instead of floats.
    max_pivots:
        Cap on the pivots; reaching it gives status ``"failed"``.
    budget:
        Ticked once per pivot.

    Returns
    -------
    LemkePath
        The realization plans at the end of the path.

    Examples
    --------
    >>> import gametheory_ukraine as gt
    >>> pennies = gt.NormalFormGame.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> path = lemke_path(sequence_form(pennies), exact=True)
    >>> path.plans, path.status
    (([Fraction(1, 2), Fraction(1, 2)], [Fraction(1, 2), Fraction(1, 2)]), 'converged')
    """
    n1, n2 = form.sizes
    choices = []
    for p, rows in enumerate(form.rows):
        choice = np.zeros(len(rows), dtype=np.int64) if start is None else np.asarray(start[p], dtype=np.int64)
        if choice.shape != (len(rows),) or np.any(choice < 0) or np.any(choice >= rows.count):
            raise SolverError(f"lcp: the start of player {p + 1} needs one action per constraint row "
                              f"({len(rows)}), each within its row's actions")
        choices.append(choice)
    d1 = _plan_directions(form.rows[0], n1, choices[0])
    d2 = _plan_directions(form.rows[1], n2, choices[1])
    if exact:
        return _exact_lemke(form, d1, d2, max_pivots, budget)
    return _float_lemke(form, d1, d2, max_pivots, budget)


def _same(a: Equilibrium, b: Equilibrium, tolerance: float = 1e-8) -> bool:
    if a.exact_behavior is not None and b.exact_behavior is not None:
        return a.exact_behavior == b.exact_behavior
    if a.exact_profile is not None and b.exact_profile is not None:
        return a.exact_profile == b.exact_profile
    if a.profile is not None and b.profile is not None:
        return all(np.allclose(p, q, atol=tolerance, rtol=0.0) for p, q in zip(a.profile, b.profile))
    return all(np.allclose(p, q, atol=tolerance, rtol=0.0)
               for s, t in zip(a.behavior or (), b.behavior or ()) for p, q in zip(s, t))


def _certified(game: ExtensiveGame | NormalFormGame, plans: tuple[list[Any], list[Any]]) -> Equilibrium | None:
    """The certified equilibrium of the realization plans at the end of a path, or ``None``."""
    exact = all(isinstance(v, Fraction) for plan in plans for v in plan)
    if isinstance(game, NormalFormGame):
        if exact and game.exact is not None:
            return certify_exact(game, plans)
        return certify(game, [np.asarray([float(v) for v in plan]) for plan in plans])
    if not exact:
        plans = tuple([v if v > SUPPORT_TOLERANCE else 0.0 for v in plan] for plan in plans)  # type: ignore[assignment]
    behavior = [behavior_from_realization(game, p, plan) for p, plan in enumerate(plans)]
    return certify_behavior(game, behavior)


def _random_start(form: SequenceForm, generator: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    return tuple(generator.integers(0, rows.count) for rows in form.rows)  # type: ignore[return-value]


@register("lcp", {"normal", "extensive"}, "one equilibrium by Lemke's algorithm on the sequence form", players=2)
def lcp(game: ExtensiveGame | NormalFormGame, exact: bool | None = None, starts: int = 1, seed: int = 0,
        max_pivots: int = MAX_PIVOTS, budget: Budget | None = None) -> Result:
    """An equilibrium of a two-player game by Lemke's algorithm on its sequence form.

    Trees need perfect recall; their answers are behavior strategies
    (:attr:`Equilibrium.behavior`, uniform at information sets the player's
    own plan never reaches).  Strategic games are their own sequence form;
    their answers are mixed profiles.

    Parameters
    ----------
    game:
        A two-player :class:`ExtensiveGame` with perfect recall, or a
        two-player :class:`NormalFormGame`.
    exact:
        Pivot in exact integer arithmetic.  Default: exactly when the game is
        exact and has at most :data:`EXACT_PIVOTING_LIMIT` sequences in all;
        otherwise in floats, and the answer is then rounded to nearby
        rationals and checked exactly where the game is exact.
    starts:
        How many paths to follow: the first starts from the first action at
        every information set, the others from pure strategy pairs drawn at
        random (``seed``).  Distinct equilibria are reported once each.
    seed:
        Seed of the random starts.
    max_pivots:
        Cap on the pivots of one path (``status="failed"`` when reached).
    budget:
        Iteration/time budget (given by :func:`solve` from ``timeout``),
        ticked once per pivot; when spent, the equilibria found so far are
        returned with ``status="budget_exceeded"``.

    Returns
    -------
    Result
        The distinct certified equilibria found.  ``complete`` is ``False``:
        Lemke's algorithm finds one equilibrium per start, not all of them.

    Examples
    --------
    >>> import gametheory_ukraine as gt
    >>> from gametheory_ukraine.games.generators import poker
    >>> result = gt.solve(poker(), "lcp")     # Kuhn poker
    >>> result.equilibria[0].exact_payoffs
    (Fraction(-1, 18), Fraction(1, 18))
    >>> battle = gt.NormalFormGame.from_arrays([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> gt.solve(battle, "lcp").equilibria[0].exact_profile
    ((Fraction(1, 1), Fraction(0, 1)), (Fraction(1, 1), Fraction(0, 1)))
    """
    start_time = time.perf_counter()
    _require_sequence_form_game(game, "method 'lcp'")
    if not (isinstance(starts, (int, np.integer)) and starts >= 1):
        raise SolverError(f"lcp: starts must be a positive integer, not {starts!r}")
    if not (isinstance(max_pivots, (int, np.integer)) and max_pivots >= 1):
        raise SolverError(f"lcp: max_pivots must be a positive integer, not {max_pivots!r}")
    form = sequence_form(game)
    total = sum(form.sizes)
    if total > DENSE_LIMIT:
        raise GameTooLargeError(f"method 'lcp' keeps a dense tableau of (n1 + n2)^2 entries and takes games up to "
                                f"{DENSE_LIMIT} sequences in all; this one has {total}"
                                + ("; for zero-sum trees use 'lp'" if isinstance(game, ExtensiveGame) else ""))
    if exact is None:
        exact = form.is_exact and total <= EXACT_PIVOTING_LIMIT
    generator = np.random.default_rng(seed)
    equilibria: list[Equilibrium] = []
    notes: list[str] = []
    status = CONVERGED
    pivots = 0
    dropped = failed = 0
    for k in range(int(starts)):
        start = None if k == 0 else _random_start(form, generator)
        path = lemke_path(form, start, exact=bool(exact), max_pivots=int(max_pivots), budget=budget)
        pivots += path.pivots
        if path.status == BUDGET_EXCEEDED:
            status = BUDGET_EXCEEDED
            notes.append(f"budget spent on path {k + 1} of {starts} after {path.pivots} pivots")
            break
        if path.status == FAILED:
            failed += 1
            continue
        record = _certified(game, path.plans)  # type: ignore[arg-type]
        if record is None:
            dropped += 1
            continue
        if not any(_same(record, e) for e in equilibria):
            equilibria.append(record)
    if failed:
        if status == CONVERGED:
            status = FAILED
        notes.append(f"{failed} path(s) stopped without an equilibrium "
                     f"(pivot cap of {max_pivots} or numerical breakdown)")
    if dropped:
        notes.append(f"{dropped} candidate(s) failed their certificate and were dropped")
    if starts == 1:
        notes.append("one path, from the first action at every information set")
    else:
        notes.append(f"{starts} paths: from the first action everywhere, then from random pure starts (seed {seed})")
    notes.append(f"{pivots} pivots in {'exact integer' if exact else 'float'} arithmetic on a sequence form of "
                 f"{form.sizes[0]} + {form.sizes[1]} sequences")
    strategic = game if isinstance(game, NormalFormGame) else None
    return Result(game, "lcp", tuple(equilibria), complete=False, seconds=time.perf_counter() - start_time,
                  strategic=strategic, notes=tuple(notes), status=status)


# ---------------------------------------------------------------------------------------
# zero-sum trees: the sequence-form linear programme


def _leaf_constant_sum(game: ExtensiveGame) -> Fraction | float | None:
    """The constant ``u_1 + u_2`` over the leaves of a two-player tree, or ``None`` if it varies."""
    exact = game.leaf_payoffs(exact=True).sum(axis=1) if game.is_exact else None
    return common_total(exact, game.leaf_payoffs().sum(axis=1), float(np.abs(game.arrays.payoffs).max(initial=0.0)))


def _realization(form: SequenceForm, player: int, behavior: Sequence[Sequence[Any]]) -> list[Any]:
    """The realization plan of a behavior strategy (rows after the empty sequence's are the information sets)."""
    rows = form.rows[player]
    exact = all(isinstance(v, Fraction) for s in behavior for v in s)
    plan: list[Any] = [Fraction(0) if exact else 0.0] * form.sizes[player]
    plan[0] = Fraction(1) if exact else 1.0
    for r, probabilities in enumerate(behavior, start=1):
        weight = plan[int(rows.parent[r])]
        for a, probability in enumerate(probabilities):
            plan[int(rows.first[r]) + a] = weight * probability
    return plan


def _best_response_value(rows: ConstraintRows, totals: list[Any], sign: int) -> Any:
    """The best value over realization plans of ``totals . plan`` (``sign`` +1: maximise, -1: minimise).

    Rows last to first: each row's best sequence adds its total to the
    sequence leading to the row (perfect recall makes this the optimum).
    """
    totals = list(totals)
    root: Any = 0
    for r in reversed(range(len(rows))):
        start, size = int(rows.first[r]), int(rows.count[r])
        block = totals[start:start + size]
        best = max(block) if sign > 0 else min(block)
        if rows.parent[r] >= 0:
            totals[int(rows.parent[r])] += best
        else:
            root += best
    return root


def _guarantees(form: SequenceForm, x: Sequence[Any], y: Sequence[Any], exact: bool) -> tuple[Any, Any, Any]:
    """What ``x`` guarantees player 1, what ``y`` concedes at most, and ``x^T A y`` (exactly when asked)."""
    A = form.payoffs[0]
    n1, n2 = form.sizes
    if exact:
        data = form.exact_payoffs[0]  # type: ignore[index]
        against_x: list[Any] = [Fraction(0)] * n2
        against_y: list[Any] = [Fraction(0)] * n1
        for i in range(n1):
            for k in range(A.indptr[i], A.indptr[i + 1]):
                j = int(A.indices[k])
                if x[i]:
                    against_x[j] += x[i] * data[k]
                if y[j]:
                    against_y[i] += data[k] * y[j]
        payoff = sum((a * b for a, b in zip(against_y, x)), Fraction(0))
    else:
        against_x = list(A.T @ np.asarray(x, dtype=float))
        against_y = list(A @ np.asarray(y, dtype=float))
        payoff = float(np.dot(against_y, x))
    lower = _best_response_value(form.rows[1], against_x, -1)
    upper = _best_response_value(form.rows[0], against_y, +1)
    return lower, upper, payoff


def _rounded(behavior: Sequence[Sequence[Any]], tolerance: float) -> list[list[Fraction]]:
    found = []
    for probabilities in behavior:
        values = [max(rational(float(v), tolerance), Fraction(0)) for v in probabilities]
        total = sum(values)
        found.append([v / total for v in values] if total > 0 else [Fraction(1, len(values))] * len(values))
    return found


def _integer_payoffs(form: SequenceForm) -> sparse.csr_matrix | None:
    """Player 1's payoff matrix times the common denominator of its entries, in int64 (``None`` if too big)."""
    integers, _ = common_denominator(form.exact_payoffs[0])  # type: ignore[index]
    if integers and max(abs(v) for v in integers) >= 2**40:
        return None
    A = form.payoffs[0]
    return sparse.csr_matrix((np.array(integers, dtype=np.int64), A.indices.copy(), A.indptr.copy()), shape=A.shape)


def _own_and_other(form: SequenceForm, player: int) -> tuple[sparse.csr_matrix, np.ndarray, sparse.csr_matrix,
                                                                  np.ndarray]:
    """``(G, g, H, h)``: the player's own plan constraints ``G z = g`` and the opponent's ``H w = h``."""
    own, other = (form.E, form.F) if player == 0 else (form.F, form.E)
    g, h = (form.e, form.f) if player == 0 else (form.f, form.e)
    return own, g, other, h


def _maximin_lp(form: SequenceForm, player: int, options: dict[str, Any]) -> Any:
    """HiGHS's answer to the player's maximin LP over ``(z, q)``, payoffs scaled to at most 1.

    maximise ``h . q`` subject to ``H^T q - P^T z <= 0``, ``G z = g``,
    ``z >= 0``, ``q`` free, where ``P`` is the player's payoff matrix (``A``
    for player 1, ``-A^T`` for player 2).  The dual multipliers of the
    first constraints are the opponent's optimal plan.
    """
    top = float(np.abs(form.A.data).max(initial=0.0)) or 1.0
    payoff = form.A / top if player == 0 else -(form.A.T / top)  # HiGHS's tolerances are absolute
    G, g, H, h = _own_and_other(form, player)
    own, other = G.shape[1], H.shape[1]
    objective = np.concatenate([np.zeros(own), -h])
    upper = sparse.hstack([-payoff.T, H.T], format="csr")
    equal = sparse.hstack([G, sparse.csr_matrix((G.shape[0], H.shape[0]))], format="csr")
    bounds = [(0.0, None)] * own + [(None, None)] * H.shape[0]
    return linprog(objective, A_ub=upper, b_ub=np.zeros(other), A_eq=equal, b_eq=g, bounds=bounds,
                   method="highs", options=options)


def _exact_primal_plan(form: SequenceForm, player: int, plan: np.ndarray, slack: np.ndarray
                       ) -> list[Fraction] | None:
    """The exact plan at the vertex of the player's maximin LP that ``plan`` (float) approximates.

    At a vertex the active constraints determine the plan on its support
    ``S`` together with the free ``q``: ``G z = g`` and
    ``(H^T q - P^T z)_t = 0`` at every constraint ``t`` the float solution
    makes tight.  Degenerate vertices (the rule in the sequence form:
    information sets a plan never reaches) give more equations than
    unknowns; the consistent overdetermined system is then solved through
    its normal equations.  ``None`` when that fails.
    """
    A = _integer_payoffs(form)
    if A is None:
        return None
    payoff = A if player == 0 else -(A.T.tocsr())
    G, g, H, _ = _own_and_other(form, player)
    support = np.flatnonzero(plan > SUPPORT_TOLERANCE)
    tight = np.flatnonzero(slack <= SUPPORT_TOLERANCE)
    system = sparse.bmat([[G.astype(np.int64)[:, support], sparse.csr_matrix((G.shape[0], H.shape[0]), dtype=np.int64)],
                          [-(payoff[support][:, tight].T), H.astype(np.int64).T.tocsr()[tight]]], format="csc")
    solution = _solve_consistent(system.astype(np.int64), [int(v) for v in g] + [0] * len(tight))
    if solution is None:
        return None
    exact = [Fraction(0)] * len(plan)
    for s, value in zip(support, solution):
        exact[s] = value
    return exact if min(exact) >= 0 else None


def _exact_dual_plan(form: SequenceForm, plan: np.ndarray, reduced_cost: np.ndarray) -> list[Fraction] | None:
    """Player 2's exact plan from player 1's LP: ``F y = f`` and ``(E^T p - A y)_s = 0`` where the reduced cost is 0.

    Works when the LP solver's dual solution is a vertex of player 2's
    polytope (the system then has full column rank); ``None`` otherwise.
    """
    A = _integer_payoffs(form)
    if A is None:
        return None
    k1, k2 = len(form.rows[0]), len(form.rows[1])
    support = np.flatnonzero(plan > SUPPORT_TOLERANCE)
    tight = np.flatnonzero(np.abs(reduced_cost) <= SUPPORT_TOLERANCE)
    E, F = form.E.astype(np.int64), form.F.astype(np.int64)
    system = sparse.bmat([[E.T.tocsr()[tight], -A[tight][:, support]],
                          [sparse.csr_matrix((k2, k1), dtype=np.int64), F[:, support]]], format="csc")
    solution = _solve_consistent(system.astype(np.int64), [0] * len(tight) + [int(v) for v in form.f])
    if solution is None:
        return None
    exact = [Fraction(0)] * len(plan)
    for t, value in zip(support, solution[k1:]):
        exact[t] = value
    return exact if min(exact) >= 0 else None


def _solve_consistent(system: sparse.csc_matrix, rhs: list[int]) -> list[Fraction] | None:
    """The exact solution of a consistent integer system with full column rank (square or tall)."""
    rows, columns = system.shape
    if rows < columns:
        return None
    if rows == columns:
        solved = solve_integer_system(system, rhs, max_bits=EXACT_SOLVE_MAX_BITS)
    else:
        # a tall system through its normal equations, whose solution must then solve the system itself
        normal = (system.T @ system).tocsc()
        projected = [0] * columns
        coo = system.tocoo()
        for i, j, value in zip(coo.row.tolist(), coo.col.tolist(), coo.data.tolist()):
            projected[j] += value * rhs[i]
        solved = solve_integer_system(normal, projected, max_bits=EXACT_SOLVE_MAX_BITS)
        if solved is not None and not solves_exactly(system, solved[0], solved[1], rhs):
            solved = None
    if solved is None:
        return None
    numerators, denominator = solved
    return [Fraction(n, denominator) for n in numerators]


def solve_zero_sum_tree(game: ExtensiveGame, budget: Budget | None = None) -> Result:
    """The value and optimal behavior strategies of a two-player constant-sum tree, by the sequence-form LP.

    The linear programme of von Stengel [vS96]_ has one variable per
    sequence and one constraint per sequence and information set, so trees
    with tens of thousands of sequences solve in seconds (HiGHS on sparse
    matrices).  On exact games the answer is made exact: first by rounding
    the behavior strategies to nearby simple rationals, and when that fails
    (large denominators) by solving the active constraints at the LP's
    vertex in rational arithmetic (sparse LU, exact integer residuals and
    rational reconstruction).  Either way each player's guarantee is then
    computed by a best response in rational arithmetic, and the answer is
    reported exactly (regret 0) only when the two guarantees meet;
    otherwise the float answer is certified to within ``1e-8`` of the
    payoff scale and the notes say so.

    Parameters
    ----------
    game:
        A two-player :class:`ExtensiveGame` with perfect recall whose leaf
        payoffs sum to the same constant at every leaf.
    budget:
        Its time limit is passed to HiGHS; when spent, the result has no
        equilibrium and ``status="budget_exceeded"``.

    Returns
    -------
    Result
        One equilibrium (a pair of optimal strategies, as behavior
        strategies); the first note gives the value.  ``complete`` is
        ``False``: optimal strategies need not be unique (the value is).

    Examples
    --------
    >>> from gametheory_ukraine.games.generators import poker
    >>> result = solve_zero_sum_tree(poker())   # Kuhn poker
    >>> result.notes[0]
    'value of the game to player 1: -1/18 (to player 2: 1/18)'
    >>> equilibrium = result.equilibria[0]
    >>> equilibrium.is_exact, equilibrium.regret, len(equilibrium.exact_behavior[0])  # 6 information sets each
    (True, 0.0, 6)
    """
    start_time = time.perf_counter()
    method = "the zero-sum sequence-form LP (method 'lp' on trees)"
    if not isinstance(game, ExtensiveGame):
        raise SolverError(f"{method} solves extensive-form games, not {type(game).__name__}")
    _require_sequence_form_game(game, method)
    constant = _leaf_constant_sum(game)
    if constant is None:
        raise SolverError(f"{method} needs a constant-sum game (the players' payoffs summing to the same number "
                          f"at every leaf); for this game use lcp, enumpure or logit")
    form = sequence_form(game)
    n1, n2 = form.sizes
    k1, k2 = len(form.rows[0]), len(form.rows[1])
    options: dict[str, Any] = {"primal_feasibility_tolerance": 1e-10, "dual_feasibility_tolerance": 1e-10}
    remaining = budget.remaining_seconds() if budget is not None else None
    if remaining is not None:
        options["time_limit"] = remaining
    answer = _maximin_lp(form, 0, options)
    notes: list[str] = []
    if answer.status == 1:
        return Result(game, "lp", (), complete=False, seconds=time.perf_counter() - start_time,
                      notes=(f"HiGHS stopped: {answer.message.strip()}",), status=BUDGET_EXCEEDED)
    if answer.status != 0:
        raise SolverError(f"{method}: the LP solver failed ({answer.message.strip()})")
    x = np.clip(answer.x[:n1], 0.0, None)
    y = np.clip(-answer.ineqlin.marginals, 0.0, None)
    x[x < SUPPORT_TOLERANCE] = 0.0
    y[y < SUPPORT_TOLERANCE] = 0.0
    behavior = [behavior_from_realization(game, 0, list(x)), behavior_from_realization(game, 1, list(y))]
    equilibrium: Equilibrium | None = None

    def exact_record(plans: Sequence[list[Fraction]], candidate: Sequence[Any] | None = None) -> Equilibrium | None:
        """The exact equilibrium of two exact plans, if each guarantees what the other concedes."""
        lower, upper_value, payoff = _guarantees(form, plans[0], plans[1], exact=True)
        if lower != upper_value:
            return None
        if candidate is None:
            candidate = [behavior_from_realization(game, p, plans[p]) for p in range(2)]
        value = Fraction(payoff)
        payoffs = (value, Fraction(constant) - value)
        return Equilibrium(
            payoffs=np.array([float(v) for v in payoffs]), regret=0.0,
            behavior=tuple(tuple(np.array([float(v) for v in s]) for s in c) for c in candidate),
            exact_behavior=tuple(tuple(tuple(s) for s in c) for c in candidate), exact_payoffs=payoffs)

    if form.is_exact:
        # cheapest first: equilibria with small denominators are found by rounding
        for tolerance in (1e-9,):
            candidate = [_rounded(b, tolerance) for b in behavior]
            equilibrium = exact_record([_realization(form, p, candidate[p]) for p in range(2)], candidate)
            if equilibrium is not None:
                break
        if equilibrium is None:
            plan_x = _exact_primal_plan(form, 0, x, np.asarray(answer.ineqlin.residual))
            plan_y = _exact_dual_plan(form, y, np.asarray(answer.lower.marginals)[:n1])
            if plan_x is not None and plan_y is None:
                # the dual of a degenerate LP need not be a vertex: player 2's own LP gives one
                second = _maximin_lp(form, 1, options)
                if second.status == 0:
                    plan_y = _exact_primal_plan(form, 1, np.asarray(second.x[:n2]), np.asarray(second.ineqlin.residual))
            if plan_x is not None and plan_y is not None:
                equilibrium = exact_record([plan_x, plan_y])
                if equilibrium is not None:
                    notes.append("exact strategies from the LP's vertex, re-solved in rational arithmetic")
        if equilibrium is None:
            notes.append("the exact re-solve at the LP's vertex failed; the equilibrium is certified in floats")
    if equilibrium is None:
        plans = [_realization(form, p, behavior[p]) for p in range(2)]
        lower, upper_value, payoff = _guarantees(form, plans[0], plans[1], exact=False)
        scale = max(1.0, float(np.abs(game.arrays.payoffs).max(initial=0.0)))
        gap = max(float(upper_value) - float(lower), 0.0)
        if gap <= 1e-8 * scale:
            equilibrium = Equilibrium(payoffs=np.array([payoff, float(constant) - payoff]), regret=gap,
                                      behavior=tuple(tuple(np.asarray(s, dtype=float) for s in b) for b in behavior))
        else:
            notes.append(f"the LP's strategies failed their certificate (gap {gap:.3g} between the guarantees); "
                         "nothing reported")
    if equilibrium is not None:
        value_text = (fraction_text(equilibrium.exact_payoffs[0]) if equilibrium.exact_payoffs is not None
                      else f"{equilibrium.payoffs[0]:.12g}")
        other_text = (fraction_text(equilibrium.exact_payoffs[1]) if equilibrium.exact_payoffs is not None
                      else f"{equilibrium.payoffs[1]:.12g}")
        notes.insert(0, f"value of the game to player 1: {value_text} (to player 2: {other_text})")
    notes.append(f"sequence-form LP of {n1} + {n2} sequences and {k1} + {k2} constraint rows, solved by HiGHS; "
                 "one pair of optimal strategies (they need not be unique, the value is)")
    return Result(game, "lp", (equilibrium,) if equilibrium is not None else (), complete=False,
                  seconds=time.perf_counter() - start_time, notes=tuple(notes),
                  status=CONVERGED if equilibrium is not None else FAILED)

