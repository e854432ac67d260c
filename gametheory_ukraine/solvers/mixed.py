"""Mixed equilibria of two-player games: ``enummixed`` (vertex enumeration) and ``support``.

Notation (von Stengel, "Computing equilibria for two-person games", 2002).
Shift the payoff matrices ``A`` (row player) and ``B`` (column player) to be
positive; the best-response polytopes are

    P = {x in R^m : x >= 0, B^T x <= 1},      Q = {y in R^n : y >= 0, A y <= 1}.

A point of ``P`` has label ``i`` when ``x_i = 0`` and label ``m + j`` when
``(B^T x)_j = 1`` (column ``j`` is a best response); a point of ``Q`` has label
``m + j`` when ``y_j = 0`` and label ``i`` when ``(A y)_i = 1``.  The extreme
Nash equilibria are exactly the pairs of vertices ``(x, y) != (0, 0)`` whose
labels together cover all ``m + n`` labels, normalised to probabilities.
This holds for degenerate games too (where a vertex can carry more than
``m`` labels and equilibria come in continua), which is why ``enummixed``
enumerates vertices rather than supports.

Vertices are found by qhull (through scipy's halfspace intersection); qhull
lists a degenerate vertex (more labels than its dimension) once per facet
through it, and the copies are merged by label set.  qhull cannot be
interrupted, so its size is judged before it starts (McMullen's bound on the
vertices, times the dimension squared: :func:`qhull_work`): too large, or
when qhull fails, every candidate vertex is solved in batches instead (a
vertex with support ``S`` has ``|S|`` tight best-response constraints ``T``
with ``B[S, T]`` nonsingular, so stacking all square systems
``B[S, T]^T x_S = 1`` finds every vertex), and when that is too large as well
the game is refused with :class:`GameTooLargeError` before any work.
Completely labelled pairs are matched on bit masks of their labels: simple
vertices by looking up the complementary mask, only degenerate ones by
comparison.  Exact games are scaled to integer payoffs first, and every
equilibrium is re-solved and certified in integer arithmetic over common
denominators.  With a time budget, qhull is not started when its estimated
time exceeds what is left, and every later loop ticks the budget; running
out during the exact re-solves returns the equilibria certified so far.

The equilibrium set is a finite union of convex polytopes; its maximal convex
pieces are products of *maximal bicliques* (sets of ``x`` vertices and ``y``
vertices that pair up completely) of the bipartite graph of extreme
equilibria (Avis, Rosenberg, Savani, von Stengel 2010).  ``enummixed``
reports them as :attr:`MixedSolution.components`.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from math import comb, lcm
from typing import Any, Iterator, Sequence

import numpy as np
from scipy.linalg import qr
from scipy.spatial import ConvexHull
from scipy.spatial import QhullError

from ..errors import GameTooLargeError, SolverError
from ..games import NormalFormGame
from .budget import BUDGET_EXCEEDED, CONVERGED, Budget, BudgetExceeded
from .certificate import certify, certify_pairs
from .exact import common_denominator, solve_integer_system, solve_linear
from .registry import register
from .result import Equilibrium, Result

TOLERANCE = 1e-9
MAX_CANDIDATE_SYSTEMS = 20_000_000
"""Largest number of square systems the exhaustive vertex search will solve."""
CHUNK = 200_000
"""Systems solved per numpy batch: bounds memory at about CHUNK * k * k floats."""


@dataclass(frozen=True)
class Degeneracy:
    """Why a two-player game is degenerate: a mixed strategy with more pure best responses than its support size.

    Attributes
    ----------
    player:
        The player (0 or 1) whose mixed strategy it is.
    support:
        Indices of her strategies used with positive probability.
    best_responses:
        The opponent's pure best responses to it (more than ``len(support)``).
    strategy:
        The mixed strategy itself (exact when the game is).
    """

    player: int
    support: tuple[int, ...]
    best_responses: tuple[int, ...]
    strategy: tuple[Any, ...]


@dataclass(frozen=True)
class Component:
    """A maximal convex set of equilibria: every mixture of these row-player
    strategies with every mixture of these column-player strategies is an
    equilibrium.  Indices refer to :attr:`MixedSolution.row_vertices` and
    :attr:`MixedSolution.column_vertices`."""

    rows: tuple[int, ...]
    columns: tuple[int, ...]


@dataclass(frozen=True)
class MixedSolution:
    """Everything ``enummixed`` finds: extreme equilibria, their vertices and the convex components."""

    equilibria: tuple[Equilibrium, ...]
    row_vertices: tuple[tuple[Any, ...], ...]
    column_vertices: tuple[tuple[Any, ...], ...]
    pairs: tuple[tuple[int, int], ...]
    components: tuple[Component, ...]
    degenerate: bool
    dropped: int
    status: str = CONVERGED
    """``"budget_exceeded"`` when the budget ran out during the exact re-solves: then only the
    equilibria certified so far are listed (and the components are those among them)."""
    stopped: str | None = None
    """Why the enumeration stopped early (``None`` when it finished)."""


def _check_two_player(game: NormalFormGame, method: str) -> None:
    if not isinstance(game, NormalFormGame) or game.num_players != 2:
        raise SolverError(f"{method} solves two-player strategic games; for n players use enumpoly, logit or enumpure")


MAX_VERTEX_BOUND = 2_500_000
"""Largest vertex count (McMullen's upper bound) of a polytope handed to qhull, which cannot be interrupted
(square games up to 17x17); larger polytopes go to the budgeted exhaustive search, which refuses what it
cannot finish.  qhull's memory grows with the number of facets it creates, up to this bound."""
MAX_QHULL_WORK = 1_000_000_000
"""Largest estimated qhull work, McMullen's bound times the dimension squared (see :func:`qhull_work`),
of a polytope handed to qhull: about 20 s on the development machine.  A random 17x17 game is 6.2e8,
18x18 is 2.0e9 (a minute); an 8x40 game's 40-dimensional polytope is 8.5e9 (qhull ran for 220 s)."""
QHULL_SECONDS_PER_WORK = 2e-8
"""Estimated seconds per unit of :func:`qhull_work` (measured on random games on the development machine:
3e-9 to 3e-8 per unit, the most on integer games and in high dimensions).  qhull cannot be
interrupted, so a run whose estimate exceeds what is left of the time budget is not started."""
MAX_PAIR_CHECKS = 2_000_000_000
"""Largest number of (degenerate vertex, vertex) label comparisons when matching completely labelled pairs."""
PAIR_BLOCK = 1 << 22
"""Label comparisons per numpy batch (bounds the memory of the matching at a few tens of megabytes)."""


def vertex_bound(dimension: int, facets: int) -> int:
    """McMullen's upper bound on the vertices of a ``dimension``-polytope with ``facets`` facets.

    >>> vertex_bound(8, 16), vertex_bound(10, 20)
    (660, 4004)
    """
    if facets <= dimension:
        return 1
    return (comb(facets - (dimension + 1) // 2, facets - dimension)
            + comb(facets - (dimension + 2) // 2, facets - dimension))


def _integer_payoffs(game: NormalFormGame) -> tuple[np.ndarray, np.ndarray, int, tuple[int, int]]:
    """An exact game's ``A`` and ``B`` as Python-integer object arrays of entries at least 1.

    Returned with the common ``denominator`` and each player's ``shift``:
    ``payoffs[p] == (matrix_p + shift_p) / denominator``.
    """
    assert game.exact is not None
    denominator = lcm(*(int(v.denominator) for v in game.exact.ravel()))
    matrices, shifts = [], []
    for p in (0, 1):
        scaled = np.array([[int(v * denominator) for v in row] for row in game.exact[p]], dtype=object)
        low = min(scaled.ravel())
        matrices.append(scaled - low + 1)
        shifts.append(low - 1)
    return matrices[0], matrices[1], denominator, (shifts[0], shifts[1])


def qhull_work(dimension: int, facets: int) -> int:
    """Estimated cost of qhull on a ``dimension``-polytope with ``facets`` facets: McMullen's bound times dimension².

    qhull's time per facet it creates grows about with the square of the
    dimension (random games, dimensions 14 to 40), and it may create up to
    McMullen's bound of them.

    >>> qhull_work(14, 28), qhull_work(18, 36)
    (30387840, 2024708400)
    """
    return vertex_bound(dimension, facets) * dimension ** 2


def _positive_matrices(game: NormalFormGame) -> tuple[np.ndarray, np.ndarray]:
    """``A`` and ``B`` shifted to be at least 1 (and scaled to integers when exact).

    Shifting a player's payoffs by a constant, or scaling them by a positive
    factor, does not change the equilibria.  On exact games the matrices are
    integer object arrays (Python integers), so float solves of small
    systems are exact in practice and vertices can be recomputed exactly.
    """
    if game.exact is not None:
        return _integer_payoffs(game)[:2]
    shifted = [np.array(game.payoffs[p], dtype=float) for p in (0, 1)]
    return shifted[0] - shifted[0].min() + 1.0, shifted[1] - shifted[1].min() + 1.0


def _square_rows(system: np.ndarray) -> list[int]:
    """Rows of a tall system with (numerically) independent rows first: QR with column pivoting of its transpose."""
    return list(qr(system.astype(float).T, mode="r", pivoting=True)[1][:system.shape[1]])


def _exact_vertex(constraints: np.ndarray, labels: np.ndarray) -> tuple[list[int], int] | None:
    """The vertex of {z >= 0 : C z <= 1} with these labels, as integer ``(numerators, denominator)``.

    A vertex is the unique solution of its tight constraints, so the exact
    point follows from the labels alone, whatever the float error was.
    ``constraints`` holds Python integers.  A square subsystem of the tight
    constraints (all of them at a simple vertex; independent ones, chosen by
    a pivoted QR, at a degenerate vertex) is solved over a common
    denominator by :func:`.exact.solve_integer_system`, and everything else
    is checked in integers: no Fractions unless the integer solver declines
    (then exact elimination).  ``None`` when the labels give no vertex.
    """
    rows, dim = constraints.shape
    free = [i for i in range(dim) if not labels[i]]
    tight = [j for j in range(rows) if labels[dim + j]]
    if not free or len(tight) < len(free):
        return None  # the origin (no strategy), or not a vertex
    system = constraints[np.ix_(tight, free)]
    chosen = tight if len(tight) == len(free) else [tight[r] for r in _square_rows(system)]
    found = solve_integer_system(constraints[np.ix_(chosen, free)], [1] * len(free))
    if found is None:
        solution = solve_linear([[Fraction(int(v)) for v in row] for row in system], [Fraction(1)] * len(tight))
        if solution is None:
            return None
        found = common_denominator(solution)
    numerators, denominator = found
    if any(v < 0 for v in numerators) or not any(numerators):
        return None
    vector = np.empty(len(free), dtype=object)
    vector[:] = numerators
    products = constraints[:, free].dot(vector)
    if any(products[j] > denominator for j in range(rows)) or any(products[j] != denominator for j in tight):
        return None
    point = [0] * dim
    for i, value in zip(free, numerators):
        point[i] = value
    return point, denominator


# ---------------------------------------------------------------------------------------
# vertices of {z >= 0 : C z <= 1}


def _vertices_qhull(constraints: np.ndarray) -> np.ndarray:
    """Vertices by polarity: the facets of the hull of the polar points are the vertices.

    With the interior point ``z0`` moved to the origin, each constraint
    ``a z <= b`` (``b > 0``) becomes the polar point ``a / b``; a facet
    ``w p + c = 0`` of their convex hull is the vertex ``-w / c``.
    """
    rows, dim = constraints.shape
    if dim == 1:  # qhull needs two dimensions; the segment [0, 1/max C] is easy
        return np.array([[0.0], [1.0 / constraints.max()]])
    interior = np.full(dim, 0.5 / constraints.sum(axis=1).max())
    normals = np.vstack([-np.eye(dim), constraints])
    offsets = np.concatenate([interior, 1.0 - constraints @ interior])
    hull = ConvexHull(normals / offsets[:, None])
    return -hull.equations[:, :-1] / hull.equations[:, -1:] + interior


def _subset_batches(first: int, second: int, budget: Budget | None
                    ) -> Iterator[tuple[int, np.ndarray, np.ndarray]]:
    """For each size ``k``: chunks of the ``k``-subsets of ``range(first)``, each with all
    ``k``-subsets of ``range(second)``; a chunk pairs up about :data:`CHUNK` systems."""
    for k in range(1, min(first, second) + 1):
        own = np.array(list(itertools.combinations(range(first), k)))
        other = np.array(list(itertools.combinations(range(second), k)))
        per_chunk = max(1, CHUNK // len(other))
        for start in range(0, len(own), per_chunk):
            if budget is not None:
                budget.tick()
            yield k, own[start:start + per_chunk], other


def _vertices_exhaustive(constraints: np.ndarray, budget: Budget | None = None) -> np.ndarray:
    """Every vertex, degenerate ones included, by solving all square tight systems in batches."""
    rows, dim = constraints.shape
    total = _exhaustive_systems(rows, dim)
    if total > MAX_CANDIDATE_SYSTEMS:
        raise GameTooLargeError(
            f"enummixed: a best-response polytope of this game ({dim} strategies against {rows}) needs "
            f"about {total:.3g} linear solves for exhaustive vertex enumeration (limit "
            f"{MAX_CANDIDATE_SYSTEMS:.3g}); use lemke-howson or lcp for some equilibria, or dominance "
            "first to shrink the game"
        )
    scale = np.abs(constraints).max()
    found = [np.zeros((1, dim))]
    for k, chunk, tight in _subset_batches(dim, rows, budget):
        systems = constraints[tight[None, :, :, None], chunk[:, None, None, :]].reshape(-1, k, k)
        nonsingular = np.abs(np.linalg.det(systems)) > 1e-9 * scale ** k
        if not nonsingular.any():
            continue
        solutions = np.linalg.solve(systems[nonsingular], np.ones((int(nonsingular.sum()), k, 1)))[..., 0]
        feasible = (solutions >= -TOLERANCE).all(axis=1)
        which = np.flatnonzero(nonsingular)[feasible] // len(tight)
        points = np.zeros((int(feasible.sum()), dim))
        np.put_along_axis(points, chunk[which], solutions[feasible], axis=1)
        inside = (points @ constraints.T <= 1 + TOLERANCE).all(axis=1)
        found.append(points[inside])
    return np.vstack(found)


def _labelled(points: np.ndarray, constraints: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Distinct vertices and their labels: first ``z_i = 0`` (one per coordinate), then ``(C z)_j = 1``.

    A vertex is the only point of the polytope with its set of tight
    constraints, so the label set identifies it: the copies qhull reports for
    degenerate vertices are dropped by label set, without comparing floats.
    """
    scale = max(float(np.abs(points).max(initial=0.0)), 1e-300)
    zero = np.abs(points) <= TOLERANCE * scale
    tight = np.abs(points @ constraints.T - 1.0) <= 1e-8
    labels = np.hstack([zero, tight])
    if (labels.sum(axis=1) == points.shape[1]).all():  # simple vertices: qhull lists each once
        return np.where(zero, 0.0, points), labels
    keep = np.sort(np.unique(np.packbits(labels, axis=1), axis=0, return_index=True)[1])  # first of each label set
    return np.where(zero, 0.0, points)[keep], labels[keep]


def _exhaustive_systems(rows: int, dim: int) -> int:
    """How many square tight systems the exhaustive vertex search solves."""
    return sum(comb(dim, k) * comb(rows, k) for k in range(1, min(rows, dim) + 1))


def _use_qhull(rows: int, dim: int, whose: str) -> bool:
    """Whether qhull may enumerate the vertices of {z >= 0 : C z <= 1} with ``C`` of shape ``(rows, dim)``.

    qhull cannot be interrupted, so the decision is made before calling it,
    from McMullen's bound on the number of vertices and the dimension (see
    :func:`qhull_work`).  Beyond :data:`MAX_VERTEX_BOUND` or
    :data:`MAX_QHULL_WORK` the budgeted exhaustive search is used, and when
    that is too large as well the game is refused here, before any work.
    """
    bound = vertex_bound(dim, rows + dim)
    work = qhull_work(dim, rows + dim)
    if bound <= MAX_VERTEX_BOUND and work <= MAX_QHULL_WORK:
        return True
    systems = _exhaustive_systems(rows, dim)
    if systems > MAX_CANDIDATE_SYSTEMS:
        raise GameTooLargeError(
            f"enummixed: the best-response polytope of {whose} ({dim} strategies, {rows} opponent "
            f"strategies) may have up to {bound:.3g} vertices in {dim} dimensions (McMullen's bound; qhull, "
            f"which cannot be interrupted, is used up to {MAX_VERTEX_BOUND:.3g} vertices and "
            f"{MAX_QHULL_WORK:.3g} for bound x dimension^2, here {work:.3g}), and exhaustive enumeration would "
            f"solve {systems:.3g} linear systems (limit {MAX_CANDIDATE_SYSTEMS:.3g}); use lemke-howson or lcp "
            "for some equilibria, or dominance first to shrink the game")
    return False


def _check_qhull_time(shapes: Sequence[tuple[int, int]], budget: Budget | None) -> None:
    """Stop before qhull when its estimated time for these polytopes exceeds what is left of the budget."""
    if budget is None or budget.seconds is None:
        return
    remaining = budget.remaining_seconds() or 0.0
    estimate = QHULL_SECONDS_PER_WORK * sum(qhull_work(dim, rows + dim) for rows, dim in shapes)
    if estimate > remaining:
        raise BudgetExceeded(
            f"time budget of {budget.seconds:g} s too short: vertex enumeration by qhull (which cannot be "
            f"interrupted) is estimated at {estimate:.2g} s and {remaining:.2g} s are left")


def _polytope(constraints: np.ndarray, budget: Budget | None, qhull: bool = True
              ) -> tuple[np.ndarray, np.ndarray, bool]:
    """Vertices and labels of {z >= 0 : C z <= 1}; the flag says whether it is degenerate.

    ``C`` is scaled to a largest entry of 1 first (the vertices scale by the
    same factor; their labels do not change), so tolerances are relative.
    ``qhull=False`` (see :func:`_use_qhull`) goes straight to the exhaustive search.
    """
    constraints = constraints / constraints.max()
    rows, dim = constraints.shape
    try:
        if not qhull:
            raise ValueError("too many possible vertices for qhull")
        points, labels = _labelled(_vertices_qhull(constraints), constraints)
    except (QhullError, ValueError):
        points, labels = _labelled(_vertices_exhaustive(constraints, budget), constraints)
    if budget is not None:
        budget.tick()
    return points, labels, bool((labels.sum(axis=1) > dim).any())


# ---------------------------------------------------------------------------------------
# enummixed


def _strategy_parts(equilibrium: Equilibrium) -> tuple[tuple[Any, ...], ...]:
    """Each player's strategy as a hashable tuple: exact when certified, else rounded floats."""
    if equilibrium.exact_profile is not None:
        return equilibrium.exact_profile
    return tuple(tuple(np.round(p, 9)) for p in equilibrium.profile)  # type: ignore[union-attr]


def _maximal_bicliques(pairs: set[tuple[int, int]], budget: Budget | None = None) -> list[Component]:
    """Maximal complete bipartite subgraphs, by closing vertex sets under common neighbours."""
    if len({r for r, _ in pairs}) == len(pairs) == len({c for _, c in pairs}):
        # no vertex is shared by two equilibria (always so in nondegenerate games): isolated points
        return [Component((r,), (c,)) for r, c in sorted(pairs)]
    rows_of: dict[int, set[int]] = {}
    columns_of: dict[int, set[int]] = {}
    for r, c in pairs:
        columns_of.setdefault(r, set()).add(c)
        rows_of.setdefault(c, set()).add(r)

    def close(rows: frozenset[int]) -> tuple[frozenset[int], frozenset[int]]:
        columns = frozenset.intersection(*(frozenset(columns_of[r]) for r in rows))
        return frozenset.intersection(*(frozenset(rows_of[c]) for c in columns)), columns

    found: set[tuple[frozenset[int], frozenset[int]]] = set()
    frontier = [close(frozenset([r])) for r in columns_of]
    while frontier:
        clique = frontier.pop()
        if budget is not None:
            budget.tick()
        if clique in found:
            continue
        found.add(clique)
        rows, columns = clique
        for r in columns_of:
            if r not in rows and columns & columns_of[r]:
                frontier.append(close(rows | {r}))
    cliques = [c for c in found if not any(c != d and c[0] <= d[0] and c[1] <= d[1] for d in found)]
    return sorted((Component(tuple(sorted(r)), tuple(sorted(c))) for r, c in cliques),
                  key=lambda c: (c.rows, c.columns))


def _float_vertices(constraints: np.ndarray, labels: np.ndarray, fallback: np.ndarray) -> np.ndarray:
    """The normalised vertices with these label rows, re-solved from their tight constraints.

    The hull's coordinates carry about 1e-11 of error; solving the tight
    systems again gives full precision.  Rows are grouped by the shape of
    their system and each group is solved in one batch (least squares, so a
    degenerate vertex with more tight constraints than unknowns is handled
    too).  A row whose system has no usable solution keeps its ``fallback``.
    """
    rows, dim = constraints.shape
    free = ~labels[:, :dim]
    tight = labels[:, dim:]
    result = fallback.copy()
    shapes = free.sum(axis=1) * (rows + 1) + tight.sum(axis=1)
    for shape in np.unique(shapes):
        k, t = divmod(int(shape), rows + 1)
        if k == 0 or t < k:
            continue
        members = np.flatnonzero(shapes == shape)
        free_index = np.nonzero(free[members])[1].reshape(-1, k)
        tight_index = np.nonzero(tight[members])[1].reshape(-1, t)
        systems = constraints[tight_index[:, :, None], free_index[:, None, :]]
        if t == k:
            try:
                values = np.linalg.solve(systems, np.ones((len(members), k, 1)))[..., 0]
            except np.linalg.LinAlgError:
                values = (np.linalg.pinv(systems) @ np.ones((len(members), t, 1)))[..., 0]
        else:
            values = (np.linalg.pinv(systems) @ np.ones((len(members), t, 1)))[..., 0]
        points = np.zeros((len(members), dim))
        np.put_along_axis(points, free_index, values, axis=1)
        totals = points.sum(axis=1)
        usable = (totals > 0) & (points >= 0).all(axis=1) & np.isfinite(points).all(axis=1)
        result[members[usable]] = points[usable] / totals[usable, None]
    return result


def _label_keys(labels: np.ndarray) -> np.ndarray:
    """Each label row packed into 64-bit words, shape ``(rows, words)``: label sets as bit masks."""
    packed = np.packbits(labels, axis=1)
    words = -(-packed.shape[1] // 8)
    padded = np.zeros((len(labels), 8 * words), dtype=np.uint8)
    padded[:, :packed.shape[1]] = packed
    return padded.view(np.uint64)


def _equal_rows(keys: np.ndarray, table: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs ``(i, j)`` with ``keys[i] == table[j]``; the rows of ``table`` are distinct."""
    if keys.shape[1] == 1:
        order = np.argsort(table[:, 0], kind="stable")
        ordered = table[order, 0]
        position = np.minimum(np.searchsorted(ordered, keys[:, 0]), max(len(ordered) - 1, 0))
        hit = np.flatnonzero(ordered[position] == keys[:, 0]) if len(ordered) else np.zeros(0, dtype=np.intp)
        return hit, order[position[hit]]
    where = {row.tobytes(): j for j, row in enumerate(table)}
    found = [(i, where[row.tobytes()]) for i, row in enumerate(keys) if row.tobytes() in where]
    pairs = np.array(found, dtype=np.intp).reshape(-1, 2)
    return pairs[:, 0], pairs[:, 1]


def _covering_rows(masks: np.ndarray, others: np.ndarray, full: np.ndarray, budget: Budget | None
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Index pairs ``(a, b)`` with ``masks[a] | others[b] == full``, in blocks of :data:`PAIR_BLOCK` comparisons."""
    found_a, found_b = [np.zeros(0, dtype=np.intp)], [np.zeros(0, dtype=np.intp)]
    block = max(1, PAIR_BLOCK // max(1, len(others) * masks.shape[1]))
    for start in range(0, len(masks), block):
        if budget is not None:
            budget.tick()
        chunk = masks[start:start + block]
        covered = ((chunk[:, None, :] | others[None, :, :]) == full).all(axis=2)
        a, b = np.nonzero(covered)
        found_a.append(a + start)
        found_b.append(b)
    return np.concatenate(found_a), np.concatenate(found_b)


def _complementary_pairs(x_labels: np.ndarray, y_labels: np.ndarray, m: int,
                         budget: Budget | None = None) -> np.ndarray:
    """Index pairs ``(i, j)`` whose labels together cover every label, in lexicographic order.

    A vertex of P carries at least ``m`` labels and one of Q at least ``n``;
    two *simple* vertices (exactly ``m`` and ``n``) form a completely labelled
    pair only when their label sets are complementary, so those pairs are
    found by looking up the complement's bit mask (a sort and a binary
    search).  Only the few degenerate vertices (more labels than their
    dimension) are compared with every vertex of the other polytope, in
    blocks of bit masks that tick the budget: never the full
    ``len(x) * len(y)`` table, which for an 18x18 game would take terabytes.
    """
    labels_count = x_labels.shape[1]
    x_keys, y_keys = _label_keys(x_labels), _label_keys(y_labels)
    full = _label_keys(np.ones((1, labels_count), dtype=bool))[0]
    x_simple = x_labels.sum(axis=1) == m
    y_simple = y_labels.sum(axis=1) == labels_count - m
    x_degenerate, y_degenerate = np.flatnonzero(~x_simple), np.flatnonzero(~y_simple)
    checks = len(x_degenerate) * len(y_keys) + len(y_degenerate) * int(x_simple.sum())
    if checks > MAX_PAIR_CHECKS:
        raise GameTooLargeError(
            f"enummixed: matching the {len(x_degenerate)} and {len(y_degenerate)} degenerate vertices against "
            f"{len(y_keys)} and {len(x_keys)} vertices takes {checks:.3g} label comparisons (limit "
            f"{MAX_PAIR_CHECKS:.3g}); use lemke-howson or lcp for some equilibria, or perturb the payoffs")
    x_simple_index, y_simple_index = np.flatnonzero(x_simple), np.flatnonzero(y_simple)
    i, j = _equal_rows(full ^ x_keys[x_simple_index], y_keys[y_simple_index])
    rows, columns = [x_simple_index[i]], [y_simple_index[j]]
    if len(x_degenerate):  # degenerate x against every y
        a, b = _covering_rows(x_keys[x_degenerate], y_keys, full, budget)
        rows.append(x_degenerate[a])
        columns.append(b)
    if len(y_degenerate):  # degenerate y against the simple x (degenerate x are done)
        a, b = _covering_rows(y_keys[y_degenerate], x_keys[x_simple_index], full, budget)
        rows.append(x_simple_index[b])
        columns.append(y_degenerate[a])
    pairs = np.column_stack([np.concatenate(rows), np.concatenate(columns)]).astype(np.int64)
    return pairs[np.lexsort((pairs[:, 1], pairs[:, 0]))]


def _exact_equilibrium(A_exact: np.ndarray, B_exact: np.ndarray, denominator: int, shifts: tuple[int, int],
                       x_labels: np.ndarray, y_labels: np.ndarray) -> Equilibrium | None:
    """The equilibrium of a completely labelled pair, solved and certified in exact arithmetic.

    The certificate is checked in integers, on the common denominators of
    the two strategies: every strategy a player uses earns the most against
    the other's, i.e. the regret is exactly 0 (``A_exact`` and ``B_exact``
    are positive affine images of the payoffs, which keep best responses).
    Fractions are formed only for the record.
    """
    x_found = _exact_vertex(B_exact.T, x_labels)
    y_found = _exact_vertex(A_exact, y_labels)
    if x_found is None or y_found is None:
        return None
    x, y = x_found[0], y_found[0]
    x_total, y_total = sum(x), sum(y)
    x_vector, y_vector = np.empty(len(x), dtype=object), np.empty(len(y), dtype=object)
    x_vector[:], y_vector[:] = x, y
    row_values = A_exact.dot(y_vector)       # times y_total: each row against y
    column_values = x_vector.dot(B_exact)    # times x_total: each column against x
    row_best, column_best = max(row_values), max(column_values)
    if any(v and row_values[i] != row_best for i, v in enumerate(x)) or \
            any(v and column_values[j] != column_best for j, v in enumerate(y)):
        return None
    payoffs = ((Fraction(row_best, y_total) + shifts[0]) / denominator,
               (Fraction(column_best, x_total) + shifts[1]) / denominator)
    profile = (tuple(Fraction(v, x_total) for v in x), tuple(Fraction(v, y_total) for v in y))
    return Equilibrium(payoffs=np.array([float(v) for v in payoffs]), regret=0.0,
                       profile=(np.array(x, dtype=float) / x_total, np.array(y, dtype=float) / y_total),
                       exact_profile=profile, exact_payoffs=payoffs)


def enumerate_mixed(game: NormalFormGame, budget: Budget | None = None) -> MixedSolution:
    """All extreme equilibria of a two-player game, with vertices and convex components.

    When ``budget`` runs out before the vertex enumeration is done,
    :class:`BudgetExceeded` is raised; when it runs out during the exact
    re-solves of an exact game, the equilibria certified so far are returned
    with ``status="budget_exceeded"``.

    >>> import gametheory_ukraine as gt
    >>> battle = gt.NormalFormGame.from_arrays([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> solution = enumerate_mixed(battle)
    >>> mixed_one = ((Fraction(2, 3), Fraction(1, 3)), (Fraction(1, 3), Fraction(2, 3)))
    >>> mixed_one in [e.exact_profile for e in solution.equilibria]
    True
    >>> len(solution.equilibria), len(solution.components)
    (3, 3)
    """
    _check_two_player(game, "enummixed")
    m, n = game.payoffs[0].shape
    # refuse, or stop for want of time, before any work: qhull cannot be interrupted
    use_qhull = (_use_qhull(n, m, f"player {game.players[0]}"), _use_qhull(m, n, f"player {game.players[1]}"))
    _check_qhull_time([shape for shape, q in zip(((n, m), (m, n)), use_qhull) if q], budget)
    exact = game.exact is not None
    if exact:
        A_exact, B_exact, denominator, shifts = _integer_payoffs(game)
    else:
        A_exact, B_exact = _positive_matrices(game)
    A, B = A_exact.astype(float), B_exact.astype(float)
    x_points, x_labels, x_degenerate = _polytope(B.T, budget, use_qhull[0])
    y_points, y_labels_own, y_degenerate = _polytope(A, budget, use_qhull[1])
    # x labels: [x_i = 0 -> i] then [tight column j -> m + j]; y labels: [y_j = 0 -> m + j] then [tight row i -> i]
    y_labels = np.hstack([y_labels_own[:, n:], y_labels_own[:, :n]])
    x_nonzero = x_points.sum(axis=1) > TOLERANCE
    y_nonzero = y_points.sum(axis=1) > TOLERANCE
    complete_pairs = _complementary_pairs(x_labels, y_labels, m, budget)
    complete_pairs = complete_pairs[x_nonzero[complete_pairs[:, 0]] & y_nonzero[complete_pairs[:, 1]]]

    equilibria: list[Equilibrium] = []
    seen: set[tuple] = set()
    row_ids: dict[tuple, int] = {}
    column_ids: dict[tuple, int] = {}
    pairs: set[tuple[int, int]] = set()
    dropped = 0
    status, stopped = CONVERGED, None
    if exact:
        def resolve(i: int, j: int) -> Equilibrium | None:
            if budget is not None:
                budget.tick()  # before each exact re-solve: thousands of candidates take seconds
            return _exact_equilibrium(A_exact, B_exact, denominator, shifts, x_labels[i], y_labels_own[j])
        candidates: Iterator[Equilibrium | None] = (resolve(i, j) for i, j in complete_pairs)
    else:
        x_rows, y_rows = complete_pairs[:, 0], complete_pairs[:, 1]
        x_hull = x_points[x_rows] / x_points[x_rows].sum(axis=1, keepdims=True)
        y_hull = y_points[y_rows] / y_points[y_rows].sum(axis=1, keepdims=True)
        candidates = iter(certify_pairs(game, _float_vertices(B.T, x_labels[x_rows], x_hull),
                                        _float_vertices(A, y_labels_own[y_rows], y_hull)))
    try:
        for equilibrium in candidates:
            if equilibrium is None:
                dropped += 1
                continue
            parts = _strategy_parts(equilibrium)
            if parts in seen:
                continue
            seen.add(parts)
            equilibria.append(equilibrium)
            r = row_ids.setdefault(parts[0], len(row_ids))
            c = column_ids.setdefault(parts[1], len(column_ids))
            pairs.add((r, c))
    except BudgetExceeded as stop:
        status, stopped = BUDGET_EXCEEDED, (
            f"{stop}: {len(equilibria)} of {len(complete_pairs)} candidate equilibria were re-solved and "
            "certified before it ran out; the list is incomplete")
    try:
        components = tuple(_maximal_bicliques(pairs, budget))
    except BudgetExceeded as stop:  # the equilibria are all there; only their grouping is missing
        components = ()
        if stopped is None:
            status, stopped = BUDGET_EXCEEDED, f"{stop} while grouping the equilibria into convex components"
    # a stable order, whatever order qhull listed the vertices in
    equilibria.sort(key=lambda e: tuple(-v for p in e.profile or () for v in p))
    return MixedSolution(
        equilibria=tuple(equilibria),
        row_vertices=tuple(row_ids),
        column_vertices=tuple(column_ids),
        pairs=tuple(sorted(pairs)),
        components=components,
        degenerate=x_degenerate or y_degenerate,
        dropped=dropped,
        status=status,
        stopped=stopped,
    )


def _component_note(solution: MixedSolution, game: NormalFormGame) -> list[str]:
    notes = []
    for k, component in enumerate(solution.components, 1):
        if len(component.rows) == 1 and len(component.columns) == 1:
            continue
        notes.append(f"component {k}: every mixture of {len(component.rows)} {game.players[0]} and "
                     f"{len(component.columns)} {game.players[1]} extreme strategies is an equilibrium (a continuum)")
    return notes


@register("enummixed", {"normal"}, "all extreme equilibria, degenerate games included", players=2)
def enummixed(game: NormalFormGame, budget: Budget | None = None) -> Result:
    """Every extreme Nash equilibrium of a two-player game, exact on rational games.

    The convex components (continua) are described in the notes; the full
    structure is :func:`enumerate_mixed`.

    >>> import gametheory_ukraine as gt
    >>> pennies = gt.NormalFormGame.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> [e.exact_profile for e in enummixed(pennies).equilibria]
    [((Fraction(1, 2), Fraction(1, 2)), (Fraction(1, 2), Fraction(1, 2)))]
    """
    try:
        solution = enumerate_mixed(game, budget)
    except BudgetExceeded as stop:
        return Result(game, "enummixed", (), complete=False, seconds=0.0, strategic=game,
                      notes=(str(stop),), status=BUDGET_EXCEEDED)
    notes = _component_note(solution, game)
    if solution.stopped is not None:
        notes.insert(0, solution.stopped)
    if solution.degenerate:
        notes.insert(0, "the game is degenerate: vertices were enumerated exhaustively")
    if solution.dropped:
        notes.append(f"{solution.dropped} candidate(s) failed their certificate and were dropped")
    return Result(game, "enummixed", solution.equilibria,
                  complete=solution.dropped == 0 and solution.status == CONVERGED, seconds=0.0,
                  strategic=game, notes=tuple(notes), status=solution.status)


def is_degenerate(game: NormalFormGame) -> Degeneracy | None:
    """The certificate of degeneracy of a two-player game, or ``None`` if it is nondegenerate.

    A game is degenerate when some mixed strategy has more pure best
    responses than the size of its support.

    >>> import gametheory_ukraine as gt
    >>> tie = gt.NormalFormGame.from_arrays([[1, 1], [0, 0]], [[1, 1], [0, 1]])
    >>> is_degenerate(tie)
    Degeneracy(player=0, support=(0,), best_responses=(0, 1), strategy=(Fraction(1, 1), Fraction(0, 1)))
    """
    _check_two_player(game, "is_degenerate")
    A, B = (m.astype(float) for m in _positive_matrices(game))
    for player, constraints in ((0, B.T), (1, A)):
        rows, dim = constraints.shape
        qhull = constraints.size > 144 and _use_qhull(rows, dim, f"player {game.players[player]}")
        points, labels = _labelled(_vertices_qhull(constraints) if qhull else _vertices_exhaustive(constraints),
                                   constraints)
        dim = constraints.shape[1]
        for point, label in zip(points, labels):
            support = np.flatnonzero(~label[:dim])
            responses = np.flatnonzero(label[dim:])
            if len(support) and len(responses) > len(support):
                strategy = point / point.sum()
                exact = tuple(Fraction(v).limit_denominator(10**9) for v in strategy) if game.exact is not None \
                    else tuple(float(v) for v in strategy)
                return Degeneracy(player, tuple(int(i) for i in support), tuple(int(j) for j in responses), exact)
    return None


# ---------------------------------------------------------------------------------------
# support enumeration


def _indifferent_mixtures(table: np.ndarray, own: np.ndarray, other: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each support pair, the opponent mixture on ``other`` that makes ``own`` indifferent.

    ``table[i, j]``: payoff to the player choosing ``i``.  Solves the stacked
    systems ``[table[own, other], -1; 1, 0] [y; v] = [0; 1]``; returns the
    solutions (NaN where singular) as ``(pairs, k)`` and the values.
    """
    k = own.shape[1]
    pairs = own.shape[0]
    systems = np.zeros((pairs, k + 1, k + 1))
    systems[:, :k, :k] = table[own[:, :, None], other[:, None, :]]
    systems[:, :k, k] = -1.0
    systems[:, k, :k] = 1.0
    rhs = np.zeros((pairs, k + 1, 1))
    rhs[:, k] = 1.0
    nonsingular = np.abs(np.linalg.det(systems)) > 1e-12 * max(1.0, np.abs(table).max()) ** k
    solutions = np.full((pairs, k + 1), np.nan)
    if nonsingular.any():
        solutions[nonsingular] = np.linalg.solve(systems[nonsingular], rhs[nonsingular])[..., 0]
    return solutions[:, :k], solutions[:, k]


@register("support", {"normal"}, "support enumeration (all equilibria of nondegenerate games)", players=2)
def support(game: NormalFormGame, budget: Budget | None = None) -> Result:
    """Equilibria on equal-size supports, all support pairs of a size solved as one batch.

    Finds every equilibrium of a nondegenerate game; on degenerate games it
    may miss some (use ``enummixed``), and says so.

    >>> import gametheory_ukraine as gt
    >>> rps = gt.NormalFormGame.from_arrays([[0, -1, 1], [1, 0, -1], [-1, 1, 0]],
    ...                                     [[0, 1, -1], [-1, 0, 1], [1, -1, 0]])
    >>> support(rps).equilibria[0].exact_profile[0]
    (Fraction(1, 3), Fraction(1, 3), Fraction(1, 3))
    """
    _check_two_player(game, "support")
    A, B = (np.asarray(game.payoffs[p], dtype=float) for p in (0, 1))
    m, n = A.shape
    total = sum(comb(m, k) * comb(n, k) for k in range(1, min(m, n) + 1))
    if total > MAX_CANDIDATE_SYSTEMS:
        raise GameTooLargeError(f"support enumeration would solve {total:.3g} support pairs "
                                f"(limit {MAX_CANDIDATE_SYSTEMS:.3g}); use lemke-howson")
    scale = max(1.0, float(np.abs(game.payoffs).max()))
    candidates: list[tuple[np.ndarray, np.ndarray]] = []
    status = "converged"
    try:
        for _, rows, columns in _subset_batches(m, n, budget):
            row_supports = np.repeat(rows, len(columns), axis=0)
            column_supports = np.tile(columns, (len(rows), 1))
            y, v = _indifferent_mixtures(A, row_supports, column_supports)
            x, u = _indifferent_mixtures(B.T, column_supports, row_supports)
            ok = (y >= -TOLERANCE).all(1) & (x >= -TOLERANCE).all(1) & np.isfinite(v) & np.isfinite(u)
            if not ok.any():
                continue
            X = np.zeros((int(ok.sum()), m))
            Y = np.zeros((int(ok.sum()), n))
            np.put_along_axis(X, row_supports[ok], x[ok], axis=1)
            np.put_along_axis(Y, column_supports[ok], y[ok], axis=1)
            best_rows = (Y @ A.T <= v[ok, None] + TOLERANCE * scale).all(1)
            best_columns = (X @ B <= u[ok, None] + TOLERANCE * scale).all(1)
            keep = best_rows & best_columns
            candidates += list(zip(X[keep], Y[keep]))
    except BudgetExceeded:
        status = BUDGET_EXCEEDED
    equilibria: dict[tuple, Equilibrium] = {}
    dropped = 0
    for x, y in candidates:
        equilibrium = certify(game, [x, y])
        if equilibrium is None:
            dropped += 1
            continue
        equilibria.setdefault(_strategy_parts(equilibrium), equilibrium)
    notes = ["equal-size supports only: complete on nondegenerate games; use enummixed on degenerate ones"]
    if dropped:
        notes.append(f"{dropped} candidate(s) failed their certificate and were dropped")
    return Result(game, "support", tuple(equilibria.values()), complete=False, seconds=0.0,
                  strategic=game, notes=tuple(notes), status=status)
