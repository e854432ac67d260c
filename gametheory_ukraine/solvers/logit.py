r"""``logit``: the logit quantal response equilibrium correspondence, traced towards Nash.

Mathematics
-----------
A *logit quantal response equilibrium* (McKelvey and Palfrey 1995) at
precision :math:`\lambda \ge 0` is a mixed profile :math:`p` in which every
player chooses each strategy with probability proportional to the exponential
of :math:`\lambda` times its expected payoff against the others::

    p_ij = exp(lambda * u_ij(p_-i)) / sum_k exp(lambda * u_ik(p_-i))

Payoffs are used as they are (no rescaling), so ``lambda`` means what it means
in Gambit.  At ``lambda = 0`` the only QRE is the uniform profile; for a
generic game the QRE set is a one-dimensional manifold, and its *principal
branch* - the component through the uniform profile - runs to
``lambda = infinity`` where it converges to a Nash equilibrium (the logit
solution of the game).

Following Turocy (2005), the branch is traced in log-probability coordinates
``x_ij = log p_ij``.  For each player ``i`` with reference strategy 0 the
homotopy ``H(x, lambda) = 0`` is::

    sum_j exp(x_ij) - 1                                = 0
    x_ij - x_i0 - lambda * (u_ij(p) - u_i0(p))         = 0     (j = 1, ..., k_i - 1)

``sum_i k_i`` equations in ``sum_i k_i + 1`` unknowns.  In these coordinates
the equations are linear in ``x`` apart from the payoffs, strategies that
vanish in the limit go to ``-infinity`` linearly in ``lambda`` instead of
crowding against 0, and the Jacobian stays well scaled all the way out.

Path following
--------------
:func:`follow_path` is a generic predictor-corrector continuation method
(Allgower and Georg, *Introduction to Numerical Continuation Methods*,
ch. 2 and 6) for any ``H(y) = 0`` with ``y = (x, lambda)`` and Jacobian of
shape ``(m, m + 1)``; it knows nothing about games.  Each step

1. factors ``J^T = QR``: the last column of ``Q`` spans the Jacobian's null
   space and is the tangent, oriented to keep the direction of travel;
2. predicts ``y + h t`` along the tangent (Euler predictor);
3. corrects with chord-Newton steps ``-J^+ H`` (the Moore-Penrose inverse
   from the same factorisation, i.e. steps orthogonal to the tangent, which
   pass turning points in ``lambda``);
4. adapts the arclength ``h`` to how the corrector behaved: a large first
   correction, a poor contraction rate or a large turn of the tangent rejects
   the step and halves ``h``; otherwise ``h`` grows (by at most ``max_accel``)
   or shrinks in proportion to how far those three measures are from their
   nominal values.

Corrections are measured relative to each coordinate's size where it exceeds
1, and accepted at the round-off floor ``eps * cond(J)``: far out on the
branch ``lambda`` and the log-probabilities of vanishing strategies grow
without bound and ``lambda * payoff`` carries round-off that no absolute test
could get under.  The default growth factor is 1.5 (Gambit's is 1.1): on the
Gambit corpus and on random games it gives the same branches and limits in
about a third of the steps, the step-size control rejecting the steps that
would be too long.

The path is oriented by the sign of ``det [J; t]``, which is constant along
a regular path; where it flips the path has crossed a bifurcation point (the
branches of non-generic games, typically symmetric ones, split there).  The
tracer keeps to the branch it is on, locates the point on the chord, and
reports it (:attr:`QuantalResponsePath.bifurcations`), since the limit is
then one of several the correspondence leads to: Gambit, for one, may turn
onto another branch or stall there.

The strategic-form equations live in :class:`StrategicLogitSystem`; an agent
(behaviour) QRE of an extensive game only needs another system object with
``residual(y)`` and ``jacobian(y)`` (:class:`Homotopy`) and its starting
point, and reuses :func:`follow_path` unchanged.

Returning the QRE points
------------------------
A :class:`~.result.Result` is about equilibria, and the QRE at finite
``lambda`` are not equilibria, so they are not forced into it as fake
:class:`~.result.Equilibrium` records nor into a subclass of it.  Instead:

- :func:`logit_solve` is the API for the correspondence: it returns a frozen
  :class:`QuantalResponsePath` holding the QRE at the requested ``lambdas``
  (:class:`QREPoint`, in the order requested), the last point traced (the
  approximation of the limit), its regret, the status and, on request, every
  point of the branch;
- the registered method ``logit`` (through :func:`~.registry.solve`) returns a
  plain :class:`~.result.Result` whose one equilibrium is the limit, certified
  by :func:`~.certificate.certify` (exact for rational two-player games), and
  whose ``notes`` list the QRE at the requested ``lambdas`` for a human
  reader.

:func:`qre_at` is the shortcut for one ``lambda``.  Where the branch bends
back and crosses a ``lambda`` more than once, the point reported is its first
crossing (the one reached from ``lambda = 0``).

References
----------
McKelvey, R. D. and Palfrey, T. R. (1995). Quantal response equilibria for
normal form games. *Games and Economic Behavior* 10, 6-38.

Turocy, T. L. (2005). A dynamic homotopy interpretation of the logistic
quantal response equilibrium correspondence. *Games and Economic Behavior*
51, 243-263.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable, Protocol, Sequence

import numpy as np

from ..errors import SolverError
from ..games import ExtensiveGame, NormalFormGame
from .budget import BUDGET_EXCEEDED, CONVERGED, FAILED, Budget, BudgetExceeded
from .certificate import FLOAT_TOLERANCE, certify
from .registry import register
from .result import Equilibrium, Result

__all__ = [
    "Homotopy", "PathSettings", "PathTrace", "follow_path",
    "StrategicLogitSystem", "QREPoint", "QuantalResponsePath",
    "logit_response", "logit_solve", "qre_at", "logit",
]

# ---------------------------------------------------------------------------------------
# generic predictor-corrector path following


class Homotopy(Protocol):
    """What :func:`follow_path` needs: ``H(y)`` and its Jacobian, ``y = (x, lambda)``."""

    def residual(self, point: np.ndarray) -> np.ndarray:
        """``H(y)``, shape ``(m,)``."""

    def jacobian(self, point: np.ndarray) -> np.ndarray:
        """``dH/dy``, shape ``(m, m + 1)``; the last column is ``dH/dlambda``."""


@dataclass(frozen=True)
class PathSettings:
    """Step-size control of :func:`follow_path`.

    Attributes
    ----------
    first_step:
        Arclength of the first step.
    max_accel:
        Largest factor by which one step may be longer than the previous one.
    min_step:
        The path is abandoned (``status="failed"``) when a step shorter than
        this is rejected.
    max_distance, max_contraction, max_angle:
        A step is rejected when the corrector's first correction is longer
        than ``max_distance``, its chord iterations contract by a factor
        worse than ``max_contraction``, or the tangent turns by more than
        ``max_angle`` radians.
    nominal_distance, nominal_contraction, nominal_angle:
        The values of those three measures the step size aims at: the next
        step is scaled by the worst of ``sqrt(nominal_distance / distance)``,
        ``sqrt(nominal_contraction / contraction)`` and
        ``nominal_angle / angle``, clipped to ``[1/2, max_accel]``.
    corrector_tolerance:
        The corrector has converged when a correction is shorter than this.
    max_corrector_iterations:
        Chord-Newton iterations per step before the step is rejected.
    max_steps:
        Accepted plus rejected steps before the path is abandoned.
    """

    first_step: float = 0.03
    max_accel: float = 1.1
    min_step: float = 1e-12
    max_distance: float = 0.4
    max_contraction: float = 0.6
    max_angle: float = math.pi / 6
    nominal_distance: float = 0.1
    nominal_contraction: float = 0.25
    nominal_angle: float = 0.1
    corrector_tolerance: float = 1e-10
    max_corrector_iterations: int = 12
    max_steps: int = 200_000

    def __post_init__(self) -> None:
        if not self.first_step > 0:
            raise SolverError(f"follow_path(): first_step must be positive, got {self.first_step}")
        if not self.max_accel >= 1:
            raise SolverError(f"follow_path(): max_accel must be at least 1, got {self.max_accel}")


@dataclass(frozen=True, eq=False)
class PathTrace:
    """What :func:`follow_path` found.

    Attributes
    ----------
    end:
        The last accepted point ``y = (x, lambda)``.
    at_targets:
        ``(target, y)`` for every target value of ``lambda`` the path crossed,
        in increasing order of target (first crossing only).
    branch:
        Every accepted point from the start, when asked for; else empty.
    status:
        ``"converged"`` (the stopping rule held and every target was met),
        ``"budget_exceeded"`` or ``"failed"``.
    steps:
        Accepted steps.
    message:
        Why the path ended, in a few words.
    bifurcations:
        Values of ``lambda`` near which the path crossed a bifurcation point
        (the orientation determinant ``det [J; t]`` changed sign between two
        accepted points).  The tracer continues along the branch it is on;
        other branches leave from there.
    """

    end: np.ndarray
    at_targets: tuple[tuple[float, np.ndarray], ...]
    branch: tuple[np.ndarray, ...]
    status: str
    steps: int
    message: str
    bifurcations: tuple[float, ...] = ()


def follow_path(
    system: Homotopy,
    start: np.ndarray,
    *,
    targets: Sequence[float] = (),
    stop: Callable[[np.ndarray], bool] | None = None,
    max_parameter: float = math.inf,
    settings: PathSettings = PathSettings(),
    budget: Budget | None = None,
    keep_branch: bool = False,
) -> PathTrace:
    """Trace the solution curve of ``H(y) = 0`` from ``start`` in the direction of increasing ``lambda``.

    Parameters
    ----------
    system:
        The homotopy (:class:`Homotopy`); ``y[-1]`` is the parameter ``lambda``.
    start:
        A point with ``H(start) = 0`` where the Jacobian has full rank.
    targets:
        Values of ``lambda`` at which to compute the path's point accurately
        (the first time the path reaches each).
    stop:
        Called on every accepted point; the path ends once it returns true
        and every target has been met.  Without it the path ends at the last
        target, or at ``max_parameter``.
    max_parameter:
        The path ends (``status="failed"`` unless the stopping rule held and
        no target is left) once ``lambda`` exceeds this.
    settings:
        Step-size control (:class:`PathSettings`).
    budget:
        Ticked once per predictor-corrector step.
    keep_branch:
        Keep every accepted point in :attr:`PathTrace.branch`.

    Returns
    -------
    PathTrace

    Examples
    --------
    The unit circle ``x**2 + lambda**2 = 1`` from ``(-1, 0)``: ``lambda``
    rises to 1, turns, and is back at ``0.5`` with ``x = +sqrt(3)/2``.

    >>> import numpy as np
    >>> class Circle:
    ...     def residual(self, y): return np.array([y[0] ** 2 + y[1] ** 2 - 1])
    ...     def jacobian(self, y): return np.array([[2 * y[0], 2 * y[1]]])
    >>> trace = follow_path(Circle(), np.array([-1.0, 0.0]), targets=[0.5],
    ...                     stop=lambda y: y[0] > 0.8)
    >>> trace.status, np.round(trace.at_targets[0][1], 6)
    ('converged', array([-0.866025,  0.5     ]))
    """
    pending = sorted({float(t) for t in targets})
    found: list[tuple[float, np.ndarray]] = []
    y = np.asarray(start, dtype=float).copy()
    m = y.size - 1
    branch: list[np.ndarray] = [y.copy()] if keep_branch else []
    bifurcations: list[float] = []
    steps = 0

    def done(point: np.ndarray) -> bool:
        if pending:
            return False
        return bool(stop(point)) if stop is not None else bool(targets)

    def trace(status: str, message: str) -> PathTrace:
        return PathTrace(y, tuple(found), tuple(branch), status, steps, message, tuple(bifurcations))

    while pending and pending[0] <= y[-1]:
        found.append((pending.pop(0), y.copy()))
    if done(y):
        return trace(CONVERGED, "the stopping rule holds at the start")

    jacobian = system.jacobian(y)
    q, _ = np.linalg.qr(jacobian.T, mode="complete")
    tangent = q[:, -1]
    if tangent[-1] < 0:
        tangent = -tangent
    orientation = _orientation(jacobian, tangent)
    h = settings.first_step
    attempts = 0
    while True:
        attempts += 1
        if attempts > settings.max_steps:
            return trace(FAILED, f"no end after {settings.max_steps} predictor-corrector steps")
        if budget is not None:
            try:
                budget.tick()
            except BudgetExceeded as exc:
                return trace(BUDGET_EXCEEDED, str(exc))
        predicted = y + h * tangent
        jacobian = system.jacobian(predicted)
        q, r = np.linalg.qr(jacobian.T, mode="complete")
        new_tangent = q[:, -1]
        if new_tangent @ tangent < 0:
            new_tangent = -new_tangent
        angle = math.acos(min(1.0, abs(float(new_tangent @ tangent))))
        accepted, distance, contraction, point = _correct(system, predicted, q[:, :m], r[:m, :m], settings)
        if not accepted or angle > settings.max_angle:
            h /= 2
            if h < settings.min_step:
                return trace(FAILED, f"step size fell below {settings.min_step:g} at lambda={y[-1]:.6g} "
                                     f"(a bifurcation or a singular Jacobian)")
            continue
        previous, y, tangent = y, point, new_tangent
        steps += 1
        sign = _orientation(jacobian, tangent)
        if sign * orientation < 0:
            bifurcations.append(_locate_bifurcation(system, previous, y, orientation))
        if sign != 0:
            orientation = sign
        if keep_branch:
            branch.append(y.copy())
        while pending and pending[0] <= y[-1]:
            target = pending.pop(0)
            pinned = _at_parameter(system, previous, y, target, settings)
            if pinned is None:
                return trace(FAILED, f"the point at lambda={target:g} did not converge")
            found.append((target, pinned))
        if done(y):
            return trace(CONVERGED, f"stopping rule met at lambda={y[-1]:.6g}")
        if y[-1] > max_parameter:
            what = f"targets {pending} not reached" if pending else "the stopping rule does not hold"
            return trace(FAILED, f"lambda passed {max_parameter:g} and {what}")
        # Scale the step by how far the corrector's behaviour is from the nominal one.
        deceleration = max(
            math.sqrt(distance / settings.nominal_distance),
            math.sqrt(contraction / settings.nominal_contraction),
            angle / settings.nominal_angle,
        )
        h /= min(2.0, max(deceleration, 1.0 / settings.max_accel))


MAX_NOISE_FLOOR = 1e-6
EPSILON = float(np.finfo(float).eps)


def _orientation(jacobian: np.ndarray, tangent: np.ndarray) -> float:
    """Sign of ``det [J; t]``: constant along a regular path, it flips at a simple bifurcation point."""
    return float(np.linalg.slogdet(np.vstack([jacobian, tangent]))[0])


def _locate_bifurcation(system: Homotopy, before: np.ndarray, after: np.ndarray, orientation: float) -> float:
    """``lambda`` where ``det [J; t]`` changes sign on the chord between two accepted points.

    Bisection on the chord itself rather than on points projected onto the
    path: near a bifurcation point a projection may land on the other
    branch.  The chord is within the corrector's tolerance of the path, so
    the estimate is as good as the step is short.
    """
    direction = after - before
    low, high = 0.0, 1.0
    for _ in range(40):
        middle = (low + high) / 2
        point = before + middle * direction
        jacobian = system.jacobian(point)
        q, _ = np.linalg.qr(jacobian.T, mode="complete")
        tangent = q[:, -1] if q[:, -1] @ direction >= 0 else -q[:, -1]
        if _orientation(jacobian, tangent) * orientation > 0:
            low = middle
        else:
            high = middle
    return float(before[-1] + (low + high) / 2 * direction[-1])


def _correct(system: Homotopy, point: np.ndarray, q1: np.ndarray, r1: np.ndarray,
             settings: PathSettings) -> tuple[bool, float, float, np.ndarray]:
    """Chord-Newton corrector ``y <- y - J^+ H(y)`` with ``J^+ = Q1 R1^{-T}`` frozen at the predicted point.

    Corrections are measured relative to the size of each coordinate (where
    it exceeds 1): far out on a branch ``lambda`` and the log-probabilities
    of vanishing strategies grow without bound, and the round-off of
    ``lambda * payoff`` in the residual makes an absolute test unreachable
    there, while the coordinates of order 1 keep an absolute test.

    Returns (converged, first correction length, worst contraction rate, point).
    """
    weights = 1.0 / np.maximum(1.0, np.abs(point))
    # Below the round-off floor of the chord step (machine epsilon times the
    # condition of J, estimated from R's diagonal) corrections are noise and
    # stop contracting: accept there, the caller checks what matters (regret).
    diagonal = np.abs(np.diag(r1))
    condition = diagonal.max() / diagonal.min() if diagonal.min() > 0 else math.inf
    tolerance = min(max(settings.corrector_tolerance, 10 * EPSILON * condition), MAX_NOISE_FLOOR)
    distance = contraction = 0.0
    previous = 0.0
    if not math.isfinite(condition):
        return False, distance, contraction, point
    # J^+ once per step (R1 is small): each chord iteration is then one product.
    pseudo_inverse = np.linalg.solve(r1, q1.T).T
    for iteration in range(settings.max_corrector_iterations):
        residual = system.residual(point)
        if not np.all(np.isfinite(residual)):
            return False, distance, contraction, point
        correction = -pseudo_inverse @ residual
        size = float(np.linalg.norm(correction * weights))
        if not math.isfinite(size):
            return False, distance, contraction, point
        if iteration == 0:
            distance = size
            if size > settings.max_distance:
                return False, distance, contraction, point
        elif size > tolerance:
            contraction = max(contraction, size / previous if previous > 0 else math.inf)
            if contraction > settings.max_contraction:
                return False, distance, contraction, point
        point = point + correction
        if size <= tolerance:
            return True, distance, contraction, point
        previous = size
    return False, distance, contraction, point


def _at_parameter(system: Homotopy, before: np.ndarray, after: np.ndarray, target: float,
                  settings: PathSettings) -> np.ndarray | None:
    """The point of the path at ``lambda = target`` between two accepted points, or ``None``.

    Newton on the square system ``H(x, target) = 0`` from the chord's
    interpolation; where that fails (near a turning point the square
    Jacobian is singular) the bracket is halved at its midpoint projected
    onto the path, and Newton retried from the new, shorter chord.
    """
    low, high = before, after
    for _ in range(60):
        span = high[-1] - low[-1]
        weight = (target - low[-1]) / span if span != 0 else 1.0
        guess = low + weight * (high - low)
        x = _pinned_newton(system, guess[:-1], target, settings)
        if x is not None:
            return np.append(x, target)
        middle = _project(system, (low + high) / 2, settings)
        if middle is None:
            return None
        if middle[-1] < target:
            low = middle
        else:
            high = middle
    return None


def _converged(size: float, previous: float, settings: PathSettings) -> bool:
    """A Newton correction is small enough, or has stalled at the round-off floor."""
    return size <= settings.corrector_tolerance or (size <= MAX_NOISE_FLOOR and size >= previous / 2)


def _pinned_newton(system: Homotopy, x: np.ndarray, target: float,
                   settings: PathSettings) -> np.ndarray | None:
    """Newton's method on ``H(x, target) = 0`` with ``lambda`` held fixed."""
    previous = math.inf
    for _ in range(2 * settings.max_corrector_iterations):
        y = np.append(x, target)
        try:
            step = np.linalg.solve(system.jacobian(y)[:, :-1], -system.residual(y))
        except np.linalg.LinAlgError:
            return None
        size = float(np.linalg.norm(step / np.maximum(1.0, np.abs(x))))
        if not math.isfinite(size) or size > settings.max_distance:
            return None
        x = x + step
        if _converged(size, previous, settings):
            return x
        previous = size
    return None


def _project(system: Homotopy, point: np.ndarray, settings: PathSettings) -> np.ndarray | None:
    """The point of the path nearest ``point`` (Newton with the Moore-Penrose inverse)."""
    previous = math.inf
    for _ in range(2 * settings.max_corrector_iterations):
        q, r = np.linalg.qr(system.jacobian(point).T, mode="complete")
        m = r.shape[1]
        try:
            correction = -q[:, :m] @ np.linalg.solve(r[:m, :m].T, system.residual(point))
        except np.linalg.LinAlgError:
            return None
        size = float(np.linalg.norm(correction / np.maximum(1.0, np.abs(point))))
        if not math.isfinite(size):
            return None
        point = point + correction
        if _converged(size, previous, settings):
            return point
        previous = size
    return None


# ---------------------------------------------------------------------------------------
# the strategic-form logit equations


class StrategicLogitSystem:
    """The logit homotopy of a strategic game in log-probability coordinates.

    ``y`` stacks ``x_i = log p_i`` for every player ``i`` (player by
    player, strategies in order), then ``lambda``.

    Parameters
    ----------
    game:
        Any :class:`~gametheory_ukraine.games.NormalFormGame`.

    Examples
    --------
    >>> import gametheory_ukraine as gt
    >>> pennies = gt.NormalFormGame.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> system = StrategicLogitSystem(pennies)
    >>> y = system.start()
    >>> np.exp(y[:-1]), float(abs(system.residual(y)).max())
    (array([0.5, 0.5, 0.5, 0.5]), 0.0)
    >>> system.jacobian(y).shape
    (4, 5)
    """

    def __init__(self, game: NormalFormGame) -> None:
        self.payoffs = np.asarray(game.payoffs, dtype=float)
        self.shape = tuple(game.shape)
        self.players = len(self.shape)
        self.offsets = np.concatenate([[0], np.cumsum(self.shape)]).astype(int)
        self.size = int(self.offsets[-1])
        # Each player's table with her own axis (and for pairs, the other's axis) first and the
        # rest flattened in player order, so that a payoff against the others' mixtures is one
        # matrix-vector product with the outer product of those mixtures.
        self._own_layout = [np.moveaxis(self.payoffs[i], i, 0).reshape(k, -1) for i, k in enumerate(self.shape)]
        self._pair_layout = {
            (i, k): np.moveaxis(self.payoffs[i], (i, k), (0, 1)).reshape(self.shape[i] * self.shape[k], -1)
            for i in range(self.players) for k in range(self.players) if i != k
        } if self.players > 2 else {}
        # The part of the Jacobian that does not depend on the point: x_ij - x_i0 in every logit row.
        self._template = np.zeros((self.size, self.size + 1))
        for i, k in enumerate(self.shape):
            o = self.offsets[i]
            self._template[o + 1:o + k, o + 1:o + k] = np.eye(k - 1)
            self._template[o + 1:o + k, o] = -1.0

    def start(self) -> np.ndarray:
        """The uniform profile at ``lambda = 0``."""
        return np.concatenate([np.full(k, -math.log(k)) for k in self.shape] + [np.zeros(1)])

    def split(self, point: np.ndarray) -> list[np.ndarray]:
        """The log-probability vector of each player."""
        return [point[self.offsets[i]:self.offsets[i + 1]] for i in range(self.players)]

    def profile(self, point: np.ndarray) -> tuple[np.ndarray, ...]:
        """The mixed profile at ``point`` (normalised against round-off)."""
        result = []
        for x in self.split(point):
            p = np.exp(x - x.max())
            result.append(p / p.sum())
        return tuple(result)

    def _pair_tables(self, profile: Sequence[np.ndarray]) -> dict[tuple[int, int], np.ndarray]:
        """``M[i, k][a, b]``: player ``i``'s payoff when ``i`` plays ``a`` and ``k`` plays ``b``, others mixing."""
        if self.players == 2:
            return {(0, 1): self.payoffs[0], (1, 0): self.payoffs[1].T}
        tables = {}
        for (i, k), table in self._pair_layout.items():
            others = [profile[j] for j in range(self.players) if j not in (i, k)]
            tables[i, k] = (table @ _outer(others)).reshape(self.shape[i], self.shape[k])
        return tables

    def _values(self, profile: Sequence[np.ndarray],
                tables: dict[tuple[int, int], np.ndarray] | None = None) -> list[np.ndarray]:
        """Every player's payoff from each of her strategies against the others' mixtures."""
        n = self.players
        if tables:
            return [tables[i, (i + 1) % n] @ profile[(i + 1) % n] for i in range(n)]
        if n == 2:
            return [self.payoffs[0] @ profile[1], profile[0] @ self.payoffs[1]]
        return [table @ _outer([profile[j] for j in range(n) if j != i])
                for i, table in enumerate(self._own_layout)]

    def residual(self, point: np.ndarray) -> np.ndarray:
        """``H(x, lambda)``: the sum-to-one row, then the logit rows, player by player."""
        lam = point[-1]
        logs = self.split(point)
        profile = [np.exp(x) for x in logs]
        values = self._values(profile)
        out = np.empty(self.size)
        for i, (x, p, u) in enumerate(zip(logs, profile, values)):
            o = self.offsets[i]
            out[o] = p.sum() - 1.0
            out[o + 1:self.offsets[i + 1]] = x[1:] - x[0] - lam * (u[1:] - u[0])
        return out

    def jacobian(self, point: np.ndarray) -> np.ndarray:
        """``dH/d(x, lambda)``, shape ``(m, m + 1)``; ``dp/dx = p`` turns payoff derivatives into log coordinates."""
        lam = point[-1]
        profile = [np.exp(x) for x in self.split(point)]
        tables = self._pair_tables(profile) if self.players > 1 else {}
        values = self._values(profile, tables)
        jac = self._template.copy()
        for i in range(self.players):
            o, end = self.offsets[i], self.offsets[i + 1]
            jac[o, o:end] = profile[i]
            jac[o + 1:end, -1] = -(values[i][1:] - values[i][0])
            for k in range(self.players):
                if k != i:
                    table = tables[i, k]
                    jac[o + 1:end, self.offsets[k]:self.offsets[k + 1]] = \
                        -lam * (table[1:] - table[0]) * profile[k]
        return jac

    def regret(self, point: np.ndarray) -> float:
        """The largest gain from a unilateral deviation at the point's profile."""
        profile = self.profile(point)
        worst = 0.0
        for p, u in zip(profile, self._values(profile)):
            worst = max(worst, float(u.max() - u @ p))
        return worst


# ---------------------------------------------------------------------------------------
# the public API


@dataclass(frozen=True, eq=False)
class QREPoint:
    """A logit QRE: the precision ``lam`` and the mixed profile, one array per player."""

    lam: float
    profile: tuple[np.ndarray, ...]

    def __repr__(self) -> str:
        return f"QREPoint(lam={self.lam:.6g}, profile={_profile_text(self.profile)})"


@dataclass(frozen=True, eq=False)
class QuantalResponsePath:
    """The principal branch of the logit correspondence, as :func:`logit_solve` traced it.

    Attributes
    ----------
    points:
        The QRE at the requested ``lambdas``, in the order requested.
    limit:
        The last point traced: with ``to_limit=True`` and
        ``status="converged"``, a profile whose regret is within tolerance of
        a Nash equilibrium (the limit of the branch); ``None`` if nothing was traced.
    regret:
        The regret of :attr:`limit`'s profile.
    status:
        ``"converged"``, ``"budget_exceeded"`` or ``"failed"``.
    steps:
        Accepted predictor-corrector steps.
    branch:
        Every point traced, when asked for with ``keep_branch=True``.
    message:
        Why the tracing ended.
    bifurcations:
        Values of ``lambda`` near which the branch crossed a bifurcation
        point.  Non-generic games (typically those with symmetries) have
        them; the tracer keeps to the branch it is on, so the limit is then
        one of several the correspondence leads to (Gambit may turn onto
        another).
    """

    points: tuple[QREPoint, ...]
    limit: QREPoint | None
    regret: float
    status: str
    steps: int
    branch: tuple[QREPoint, ...] = ()
    message: str = ""
    bifurcations: tuple[float, ...] = ()


DEFAULT_TOLERANCE = FLOAT_TOLERANCE / 10


def logit_solve(
    game: NormalFormGame,
    lambdas: float | Sequence[float] | None = None,
    *,
    tolerance: float = DEFAULT_TOLERANCE,
    max_lambda: float = 1e12,
    to_limit: bool = True,
    first_step: float = 0.03,
    max_accel: float = 1.5,
    keep_branch: bool = False,
    budget: Budget | None = None,
) -> QuantalResponsePath:
    """Trace the principal branch of the logit QRE correspondence from ``lambda = 0``.

    Parameters
    ----------
    game:
        A strategic game, any number of players.
    lambdas:
        Precisions at which to report the QRE (:attr:`QuantalResponsePath.points`).
    tolerance:
        With ``to_limit``, tracing stops once the profile's regret is at most
        ``tolerance * max(1, max |payoff|)`` (the scale :func:`~.certificate.certify` uses).
    max_lambda:
        Tracing gives up (``status="failed"``) beyond this precision.
    to_limit:
        Trace on towards the Nash limit after the last requested ``lambda``;
        with ``False`` the tracing ends at the last requested ``lambda``.
    first_step, max_accel:
        The first arclength step, and the largest factor by which a step may
        grow (Gambit's defaults).
    keep_branch:
        Record every point traced in :attr:`QuantalResponsePath.branch`.
    budget:
        An iteration or time :class:`~.budget.Budget` (one tick per step);
        when spent, ``status="budget_exceeded"`` with what was traced so far.

    Returns
    -------
    QuantalResponsePath

    Raises
    ------
    SolverError
        If the game is not a strategic game or a ``lambda`` is negative or not finite.

    Examples
    --------
    A zero-sum game whose only equilibrium is ``((2/5, 3/5), (2/5, 3/5))``:

    >>> import gametheory_ukraine as gt
    >>> game = gt.NormalFormGame.from_arrays([[2, -1], [-1, 1]], [[-2, 1], [1, -1]])
    >>> path = logit_solve(game, lambdas=[1.0])
    >>> path.status, [np.round(p, 6) for p in path.limit.profile]
    ('converged', [array([0.4, 0.6]), array([0.4, 0.6])])
    >>> path.points[0]
    QREPoint(lam=1, profile=[[0.48867431, 0.51132569], [0.39093789, 0.60906211]])
    """
    if not isinstance(game, NormalFormGame):
        raise SolverError(f"logit_solve(): needs a NormalFormGame, not a {type(game).__name__} "
                          f"(use reduced_strategic_form for a tree)")
    requested = checked_lambdas(lambdas, tolerance, "logit_solve")
    system = StrategicLogitSystem(game)
    scale = max(1.0, float(np.abs(system.payoffs).max()))
    threshold = tolerance * scale
    stop = _limit_reached(game, system, threshold, scale) if to_limit else None
    settings = PathSettings(first_step=first_step, max_accel=max_accel)
    trace = follow_path(system, system.start(), targets=requested, stop=stop, max_parameter=max_lambda,
                        settings=settings, budget=budget, keep_branch=keep_branch)
    at = {target: QREPoint(target, system.profile(y)) for target, y in trace.at_targets}
    points = tuple(at[v] for v in requested if v in at)
    limit = QREPoint(float(trace.end[-1]), system.profile(trace.end))
    branch = tuple(QREPoint(float(y[-1]), system.profile(y)) for y in trace.branch)
    return QuantalResponsePath(points, limit, system.regret(trace.end), trace.status, trace.steps,
                               branch, trace.message, trace.bifurcations)


POLISH_AFTER = 300
"""Steps after which a trace that has not met the regret rule tries exact re-solves (ordinary
games end in under 200 steps, so their limits are the plain rule's)."""
POLISH_REGRET = 1e-4
"""Relative regret below which the trace tries an exact re-solve on the current support."""
POLISH_EVERY = 10
"""Steps between two such attempts (each is a small rational solve)."""


def _limit_reached(game: NormalFormGame, system: StrategicLogitSystem, threshold: float,
                   scale: float) -> Callable[[np.ndarray], bool]:
    """The tracing's stopping rule: regret below ``threshold``, or, on an exact game, a certified
    exact equilibrium on the support the path has settled on.

    Towards a limit with ties (degenerate games, continua of equilibria) the
    regret only falls like ``1/lambda`` and the steps shrink with it, so the
    plain rule can take hundreds of thousands of steps; the support of the
    limit is visible long before, so after :data:`POLISH_AFTER` steps an
    exact re-solve on it may end the trace with an exact equilibrium.
    """
    calls = 0

    def stop(point: np.ndarray) -> bool:
        nonlocal calls
        regret = system.regret(point)
        if regret <= threshold:
            return True
        if game.exact is None or regret > POLISH_REGRET * scale:
            return False
        calls += 1
        if calls < POLISH_AFTER or calls % POLISH_EVERY:
            return False
        certified = certify(game, system.profile(point))
        return certified is not None and certified.is_exact

    return stop


def qre_at(game: NormalFormGame, lam: float, *, budget: Budget | None = None,
           **options: Any) -> tuple[np.ndarray, ...]:
    """The logit QRE at precision ``lam`` on the principal branch (traced from ``lambda = 0``).

    ``options`` are those of :func:`logit_solve`.

    Raises
    ------
    SolverError
        If the tracing fails or its budget is spent before ``lam``.

    Examples
    --------
    >>> import gametheory_ukraine as gt
    >>> pennies = gt.NormalFormGame.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> qre_at(pennies, 3.0)
    (array([0.5, 0.5]), array([0.5, 0.5]))
    """
    path = logit_solve(game, [lam], to_limit=False, budget=budget, **options)
    if not path.points:
        raise SolverError(f"qre_at(): the principal branch was not traced to lambda={lam:g} "
                          f"({path.status}: {path.message})")
    return path.points[0].profile


def logit_response(game: NormalFormGame, profile: Sequence[Any], lam: float) -> tuple[np.ndarray, ...]:
    """Every player's logit response ``exp(lam * u_i) / sum`` to ``profile``; a QRE is its fixed point.

    Examples
    --------
    >>> import gametheory_ukraine as gt
    >>> game = gt.NormalFormGame.from_arrays([[1, 0], [0, 0]], [[0, 0], [0, 0]])
    >>> np.round(logit_response(game, [[0.5, 0.5], [1.0, 0.0]], 1.0)[0], 6)
    array([0.731059, 0.268941])
    """
    profile = [np.asarray(p, dtype=float) for p in profile]
    system = StrategicLogitSystem(game)
    result = []
    for u in system._values(profile):
        z = lam * (u - u.max())
        e = np.exp(z)
        result.append(e / e.sum())
    return tuple(result)


def checked_lambdas(lambdas: float | Sequence[float] | None, tolerance: float, caller: str) -> list[float]:
    """The requested precisions as a list, refusing negative or infinite ones and a non-positive tolerance."""
    requested = ([] if lambdas is None else [float(lambdas)] if np.isscalar(lambdas)  # type: ignore[arg-type]
                 else [float(v) for v in lambdas])  # type: ignore[union-attr]  # isscalar() does not narrow
    bad = [v for v in requested if not (math.isfinite(v) and v >= 0)]
    if bad:
        raise SolverError(f"{caller}(): lambdas must be finite and non-negative, got {bad}")
    if not (tolerance > 0):
        raise SolverError(f"{caller}(): tolerance must be positive, got {tolerance}")
    return requested


def path_notes(path: Any, branch: str, regret: str, text: Callable[[Any], str]) -> list[str]:
    """The notes of a traced QRE path: how far it went, its status, its bifurcations, the requested points."""
    notes = [f"{branch} traced to lambda={path.limit.lam:.6g} in {path.steps} steps; "
             f"{regret} there {path.regret:.3g}"] if path.limit is not None else []
    if path.status != CONVERGED:
        notes.append(f"{path.status}: {path.message}")
    if path.bifurcations:
        notes.append("the branch crosses bifurcation points near lambda="
                     + ", ".join(f"{v:.6g}" for v in path.bifurcations)
                     + "; it was followed straight through, other branches lead to other limits")
    notes += [f"QRE at lambda={point.lam:g}: {text(point)}" for point in path.points]
    return notes


def _outer(vectors: Sequence[np.ndarray]) -> np.ndarray:
    """The flattened outer product of ``vectors`` (``[1.0]`` for none), first vector slowest."""
    result = np.ones(1)
    for vector in vectors:
        result = np.multiply.outer(result, vector).ravel()
    return result


def _profile_text(profile: Sequence[np.ndarray]) -> str:
    return "[" + ", ".join("[" + ", ".join(f"{v:.8g}" for v in p) + "]" for p in profile) + "]"


@register("logit", {"normal", "extensive"},
          "the limit of the principal logit QRE branch (one equilibrium; agent QRE on trees)")
def logit(
    game: NormalFormGame | ExtensiveGame,
    lambdas: float | Sequence[float] | None = None,
    budget: Budget | None = None,
    **options: Any,
) -> Result:
    """One Nash equilibrium: the limit of the principal branch of the logit QRE correspondence.

    The QRE at the requested ``lambdas`` are listed in the result's
    ``notes``; use :func:`logit_solve` for them as data.  ``options`` are
    those of :func:`logit_solve`.  On a tree this is the agent QRE
    (:func:`~gametheory_ukraine.solvers.agent_logit.agent_logit`).

    Examples
    --------
    >>> import gametheory_ukraine as gt
    >>> game = gt.NormalFormGame.from_arrays([[2, -1], [-1, 1]], [[-2, 1], [1, -1]])
    >>> result = gt.solve(game, "logit", lambdas=[0.5])
    >>> result.status, result.equilibria[0].exact_profile
    ('converged', ((Fraction(2, 5), Fraction(3, 5)), (Fraction(2, 5), Fraction(3, 5))))
    >>> result.notes[-1]
    'QRE at lambda=0.5: [[0.51708197, 0.48291803], [0.42734179, 0.57265821]]'
    """
    if isinstance(game, ExtensiveGame):
        from .agent_logit import agent_logit

        return agent_logit(game, lambdas, budget=budget, **options)
    options.pop("to_limit", None)
    path = logit_solve(game, lambdas, budget=budget, **options)
    equilibria: tuple[Equilibrium, ...] = ()
    status = path.status
    notes = path_notes(path, "principal branch", "regret", lambda point: _profile_text(point.profile))
    if path.limit is not None:
        equilibrium = certify(game, path.limit.profile)
        if equilibrium is not None:
            equilibria = (equilibrium,)
        elif status == CONVERGED:
            status = FAILED
            notes.append("the limit profile failed its certificate; no equilibrium reported")
    return Result(game, "logit", equilibria, complete=False, seconds=0.0, strategic=game,
                  notes=tuple(notes), status=status)
