r"""The agent logit quantal response equilibrium of extensive games, traced towards its limit.

Mathematics
-----------
An *agent quantal response equilibrium* (McKelvey and Palfrey 1998) treats
every information set as an agent of its player that makes a logit choice
given the play of everyone else.  At precision :math:`\lambda \ge 0`, a
behavior profile :math:`\sigma` is an agent logit QRE when at every
information set :math:`I` of player :math:`i`::

    sigma(a) = exp(lambda * v(a)) / sum_b exp(lambda * v(b))          (a at I)

where ``v(a)`` is player ``i``'s expected payoff from taking ``a`` at ``I``
and following ``sigma`` afterwards, *conditional on reaching* ``I``: the
nodes ``h`` of ``I`` are weighted by the beliefs ``mu(h) = rho(h) / rho(I)``,
``rho`` being the probability that play reaches a node (chance and every
player's moves included)::

    v(a) = sum_{h in I} mu(h) * V_i(h.a)

with ``V_i(h.a)`` the expected payoff to ``i`` from the node that ``a``
leads to.  At ``lambda > 0`` every action has positive probability, so every
information set that chance can reach is reached and the beliefs follow
Bayes' rule.  This is the system Gambit's ``logit_solve`` traces on trees.
As ``lambda`` grows the principal branch (the one through the uniform
profile at ``lambda = 0``) converges, for generic games, to a sequential
equilibrium: the logit choice makes every agent's regret at most
``(k - 1) / (e * lambda)`` for ``k`` actions, at every information set, on
the path of play or off it.

Homotopy
--------
The branch is traced by :func:`~.logit.follow_path` in log-probability
coordinates ``x_a = log sigma(a)`` (Turocy 2005), with one equation per
action, information set by information set, the first action as reference::

    sum_a exp(x_a) - 1                              = 0
    x_a - x_0 - lambda * (v(a) - v(0))              = 0     (a = 1, ..., k - 1)

Everything is computed on the tree's flat arrays:

* reach probabilities in log form, ``log rho = log rho_chance + P x`` with
  ``P`` the sparse (node x action) path-incidence matrix, so that reaches of
  order ``exp(-lambda)`` far out on the branch neither underflow nor turn
  beliefs into ``0 / 0``;
* conditional node values ``V`` by one backward pass per depth level (a
  gather and an ``add.reduceat`` over the children lists);
* beliefs by a grouped log-sum-exp over the members of every set.

The Jacobian is analytic.  ``v(a) = N_a / rho(I)`` with
``N_a = sum_h rho(h) V(h.a)``, both polynomials in the action probabilities,
and ``d/dx_b`` of a product of probabilities is the product times the number
of times ``b`` occurs in it.  So every occurrence of an action ``b`` on a
path through ``I`` contributes exactly one term, which gives two kinds of
(ancestor ``n``, descendant ``m``) pairs of decision nodes:

1. ``m`` in ``I``, ``b`` the action at ``n`` towards ``m`` (``b`` changes the
   beliefs at ``I``): ``dv(a)/dx_b += mu(m) * (V_i(m.a) - v(a))``;
2. ``n`` in ``I`` with action ``a`` towards ``m``, ``b`` any action at ``m``
   (``b`` changes what ``a`` leads to):
   ``dv(a)/dx_b += rho(m.b) / (sigma(a) rho(I)) * V_i(m.b)``, whose factor
   is evaluated as one ``exp`` of a difference of logs and never exceeds 1.

The pairs are listed once per game; each Jacobian is then a few gathers and
one ``bincount``.  The formula holds for any tree, absent-mindedness
included (every occurrence of ``b`` on a path lies either above ``h`` or
below ``h.a``).  Payoffs are divided by their largest magnitude before
tracing (the traced parameter is ``lambda`` times that magnitude), so that
the step-size control sees the same path whatever the payoffs' units: a game
with payoffs of order ``1e19`` is traced in the same steps as its copy with
payoffs of order 1.

Information sets that chance cannot reach (all members behind
zero-probability chance moves) have no Bayesian beliefs at any ``lambda``;
there the beliefs are Bayes' rule conditional on the impossible chance moves
(those counted as certain, every other move weighing as usual).  Such sets
do not affect anyone's payoff.

The tracing stops when every agent's conditional regret (best action value
minus the value of the set's mixed action, with the QRE beliefs) is at most
``tolerance * max(1, max |payoff|)``: the limit is then a candidate for a
sequential equilibrium, not only for a Nash equilibrium.  Towards a mixed
equilibrium the branch converges only like ``1 / lambda``, so the last two
points are also extrapolated to ``lambda = infinity``
(:attr:`AgentQuantalResponsePath.extrapolated`).  :func:`agent_logit`
certifies the limit as a Nash equilibrium with
:func:`~.behavior.certify_behavior` (exactly on exact games, where the
extrapolated profile's rational rounding usually is the equilibrium).

Gambit (``pygambit.nash.logit_solve`` on a tree) solves the same equations:
on its corpus the two tracers agree to 1e-9 or better wherever both are on
the branch (to 3e-5 on absent-minded drivers, where Gambit's corrector is
loose); see ``tests/solvers/test_agent_logit.py`` for where they part
(bifurcations, and limits Gambit stops short of).

References
----------
McKelvey, R. D. and Palfrey, T. R. (1998). Quantal response equilibria for
extensive form games. *Experimental Economics* 1, 9-41.

Turocy, T. L. (2005). A dynamic homotopy interpretation of the logistic
quantal response equilibrium correspondence. *Games and Economic Behavior*
51, 243-263.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Sequence

import numpy as np
import scipy.sparse

from ..errors import SolverError
from ..games import CHANCE, ExtensiveGame
from .behavior import certify_behavior
from .budget import CONVERGED, FAILED, Budget
from .logit import DEFAULT_TOLERANCE, PathSettings, checked_lambdas, follow_path, path_notes
from .result import Result

__all__ = [
    "AgentLogitSystem", "BehaviorQREPoint", "AgentQuantalResponsePath",
    "agent_logit_solve", "agent_qre_at", "agent_logit_response", "agent_logit",
]

BehaviorProfile = tuple[tuple[np.ndarray, ...], ...]
"""Per player, per own information set (in the game's order), the action probabilities."""


# ---------------------------------------------------------------------------------------
# the agent logit equations


class AgentLogitSystem:
    """The agent logit homotopy of an extensive game in log-probability coordinates.

    ``y`` stacks ``x = log sigma`` for every action of every player's
    information set (player by player, each player's sets in the order of
    :meth:`~gametheory_ukraine.games.ExtensiveGame.player_infosets`, actions
    in order), then ``lambda``.  Implements :class:`~.logit.Homotopy`.

    Parameters
    ----------
    game:
        Any :class:`~gametheory_ukraine.games.ExtensiveGame` (perfect recall
        is not needed to trace the correspondence).
    unit:
        Payoffs are measured in this unit, so the last coordinate of a point
        is ``lambda * unit``: with ``unit = max |payoff|`` the homotopy is
        traced on the same scale whatever the scale of the payoffs.

    Examples
    --------
    Matching pennies as a tree: the second mover does not see the first move.

    >>> import gametheory_ukraine as gt
    >>> game = gt.ExtensiveGame.from_tree(["A", "B"], {"player": "A", "moves": {
    ...     "h": {"player": "B", "infoset": "b", "moves": {"h": {"payoffs": [1, -1]}, "t": {"payoffs": [-1, 1]}}},
    ...     "t": {"player": "B", "infoset": "b", "moves": {"h": {"payoffs": [-1, 1]}, "t": {"payoffs": [1, -1]}}}}})
    >>> system = AgentLogitSystem(game)
    >>> y = system.start()
    >>> system.behavior(y), float(abs(system.residual(y)).max())
    (((array([0.5, 0.5]),), (array([0.5, 0.5]),)), 0.0)
    >>> system.jacobian(y).shape
    (4, 5)
    """

    def __init__(self, game: ExtensiveGame, unit: float = 1.0) -> None:
        if not (math.isfinite(unit) and unit > 0):
            raise SolverError(f"AgentLogitSystem(): unit must be positive and finite, got {unit}")
        self.game = game
        self.unit = float(unit)
        arrays = game.arrays
        count = game.num_nodes
        self.players = game.num_players
        # Player information sets in player-major order; "local" set numbers index this list.
        self.sets = np.array([s for p in range(self.players) for s in game.player_infosets(p)], dtype=np.int64)
        self.sets_per_player = [len(game.player_infosets(p)) for p in range(self.players)]
        widths = arrays.infoset_num_actions[self.sets] if self.sets.size else np.zeros(0, dtype=np.int64)
        self.widths = widths
        self.first = np.concatenate([[0], np.cumsum(widths)[:-1]]).astype(np.int64) if widths.size else widths
        self.size = int(widths.sum())
        self.action_set = np.repeat(np.arange(self.sets.size), widths)
        self.set_player = arrays.infoset_player[self.sets]
        local = np.full(len(game.infosets), -1, dtype=np.int64)
        local[self.sets] = np.arange(self.sets.size)
        node_set = np.where(arrays.player >= 0, local[np.maximum(arrays.infoset, 0)], -1)

        # -- edges: the action (or chance move) leading to every node --------------------
        parent = arrays.parent
        below = np.flatnonzero(parent >= 0)
        by_player = below[arrays.player[parent[below]] >= 0]
        by_chance = below[arrays.player[parent[below]] == CHANCE]
        edge_action = np.full(count, -1, dtype=np.int64)
        edge_action[by_player] = self.first[node_set[parent[by_player]]] + arrays.action[by_player]
        self.edge_action = edge_action
        with np.errstate(divide="ignore"):
            chance_log = np.zeros(count)
            chance_log[by_chance] = np.log(arrays.edge_probability[by_chance])
        self.chance_probability = np.where(edge_action >= 0, 0.0, arrays.edge_probability)
        self._player_edges = by_player

        # -- ancestor pairs: (ancestor, descendant, the ancestor's child on the path) --------
        ancestors, descendants, path_children = _ancestor_pairs(parent)
        # Path incidence P[v, j]: how often action j occurs on the path to v (log reach = P x).
        on_player_edge = edge_action[path_children] >= 0
        self._incidence = scipy.sparse.csr_matrix(
            (np.ones(int(on_player_edge.sum())),
             (descendants[on_player_edge], edge_action[path_children[on_player_edge]])),
            shape=(count, self.size))
        chance_reach_log = np.zeros(count)
        on_chance_edge = ~on_player_edge
        np.add.at(chance_reach_log, descendants[on_chance_edge], chance_log[path_children[on_chance_edge]])
        self.chance_reach_log = chance_reach_log
        # The same with the zero-probability chance moves counted as certain: the weights of
        # nodes in sets that chance never reaches, conditional on its impossible moves.
        conditional_log = np.zeros(count)
        possible = np.where(np.isfinite(chance_log), chance_log, 0.0)
        np.add.at(conditional_log, descendants[on_chance_edge], possible[path_children[on_chance_edge]])

        # -- members of the sets, grouped set by set (for grouped log-sum-exp) --------------
        member_lists = [game.members[s] for s in self.sets]
        self.member_node = np.array([v for m in member_lists for v in m], dtype=np.int64)
        self.member_set = np.repeat(np.arange(self.sets.size), [len(m) for m in member_lists]).astype(np.int64)
        self.member_start = np.concatenate([[0], np.cumsum([len(m) for m in member_lists])[:-1]]).astype(np.int64) \
            if member_lists else np.zeros(0, dtype=np.int64)
        member_chance = chance_reach_log[self.member_node]
        unreachable = np.full(self.sets.size, False)
        if self.member_node.size:
            unreachable = np.maximum.reduceat(member_chance, self.member_start) == -np.inf
        self.unreachable_sets = unreachable
        self.member_chance = np.where(unreachable[self.member_set], conditional_log[self.member_node], member_chance)
        member_of_node = np.full(count, -1, dtype=np.int64)
        member_of_node[self.member_node] = np.arange(self.member_node.size)

        # -- (member, action) pairs: v(a) = sum_h mu(h) V_i(h.a) ---------------------------
        member_width = arrays.num_children[self.member_node]
        self.pair_member = np.repeat(np.arange(self.member_node.size), member_width)
        offsets = _ranges(member_width)
        self.pair_child = arrays.children[arrays.child_start[self.member_node][self.pair_member] + offsets]
        self.pair_action = self.first[self.member_set[self.pair_member]] + offsets
        self.pair_player = self.set_player[self.member_set[self.pair_member]]
        pair_start = np.concatenate([[0], np.cumsum(member_width)[:-1]]).astype(np.int64) \
            if member_width.size else np.zeros(0, dtype=np.int64)

        # -- Jacobian terms over (player ancestor n, player descendant m) pairs ---------------
        decision = (arrays.player[ancestors] >= 0) & (arrays.player[descendants] >= 0)
        n_node, m_node, path_child = ancestors[decision], descendants[decision], path_children[decision]
        m_member = member_of_node[m_node]
        m_width = arrays.num_children[m_node]
        # Term 1: b (at n, towards m) moves the beliefs at m's set; one entry per action of m.
        repeat = np.repeat(np.arange(m_node.size), m_width)
        self.t1_pair = pair_start[m_member[repeat]] + _ranges(m_width)
        self.t1_column = edge_action[path_child[repeat]]
        # Term 2: an action b at m changes what n's action a (towards m) leads to.
        c = _ranges(m_width)
        self.t2_row = edge_action[path_child[repeat]]
        self.t2_column = self.first[node_set[m_node[repeat]]] + c
        self.t2_child = arrays.children[arrays.child_start[m_node[repeat]] + c]
        n_set = node_set[n_node[repeat]]
        self.t2_set = n_set
        self.t2_player = self.set_player[n_set]
        self.t2_chance = np.where(unreachable[n_set], conditional_log[self.t2_child], chance_reach_log[self.t2_child])

        # -- backward pass plan: per level, the interior nodes and their children ----------
        self._levels: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        for level in reversed(arrays.levels):
            interior = level[arrays.num_children[level] > 0]
            if interior.size == 0:
                continue
            k = arrays.num_children[interior]
            kids = arrays.children[np.repeat(arrays.child_start[interior], k) + _ranges(k)]
            starts = np.concatenate([[0], np.cumsum(k)[:-1]]).astype(np.int64)
            self._levels.append((interior, kids, starts))
        self._leaf_values = np.zeros((count, self.players))
        self._leaf_values[arrays.leaves] = arrays.payoffs[arrays.leaves] / self.unit

        # The constant part of the Jacobian: x_a - x_0 in every logit row.
        template = np.zeros((self.size, self.size + 1))
        logit_rows = np.flatnonzero(np.arange(self.size) != self.first[self.action_set]) if self.size else \
            np.zeros(0, dtype=np.int64)
        template[logit_rows, logit_rows] = 1.0
        template[logit_rows, self.first[self.action_set[logit_rows]]] = -1.0
        self._template = template
        self._logit_rows = logit_rows
        self._cache_key: np.ndarray | None = None
        self._cache: dict[str, np.ndarray] = {}

    # -- the profile --------------------------------------------------------------------------
    def start(self) -> np.ndarray:
        """The uniform profile at ``lambda = 0``."""
        return np.append(-np.log(self.widths[self.action_set].astype(float)), 0.0)

    def probabilities(self, point: np.ndarray) -> np.ndarray:
        """All action probabilities in one flat vector, each set normalised against round-off."""
        x = point[:self.size]
        if not self.size:
            return np.zeros(0)
        top = np.maximum.reduceat(x, self.first)
        weights = np.exp(x - top[self.action_set])
        return weights / np.add.reduceat(weights, self.first)[self.action_set]

    def behavior(self, point: np.ndarray) -> BehaviorProfile:
        """The behavior profile at ``point``: per player, per own information set, the probabilities."""
        return self.unflatten(self.probabilities(point))

    def unflatten(self, flat: np.ndarray) -> BehaviorProfile:
        """Split a flat vector over the actions into per player, per own set arrays."""
        parts = np.split(flat, self.first[1:]) if self.size else []
        profile, k = [], 0
        for count in self.sets_per_player:
            profile.append(tuple(np.array(part) for part in parts[k:k + count]))
            k += count
        return tuple(profile)

    def beliefs(self, point: np.ndarray) -> tuple[tuple[np.ndarray, ...], ...]:
        """Per player, per own information set, the belief over its nodes (``game.members`` order)."""
        mu = self._evaluate(point)["mu"]
        parts = np.split(mu, self.member_start[1:]) if mu.size else []
        found, k = [], 0
        for count in self.sets_per_player:
            found.append(tuple(np.array(part) for part in parts[k:k + count]))
            k += count
        return tuple(found)

    # -- values -------------------------------------------------------------------------------
    def _evaluate(self, point: np.ndarray) -> dict[str, np.ndarray]:
        """Reach, node values, beliefs and action values at ``point`` (cached for the last point)."""
        if self._cache_key is not None and np.array_equal(point, self._cache_key):
            return self._cache
        x = point[:self.size]
        player_reach_log = self._incidence @ x
        # Node values conditional on reaching the node: one backward pass, level by level.
        edge = self.chance_probability.copy()
        edge[self._player_edges] = np.exp(x[self.edge_action[self._player_edges]])
        values = self._leaf_values.copy()
        for interior, kids, starts in self._levels:
            values[interior] = np.add.reduceat(edge[kids, None] * values[kids], starts, axis=0)
        # Beliefs: mu(h) = rho(h) / rho(I) as a grouped log-sum-exp.
        weight_log = player_reach_log[self.member_node] + self.member_chance
        if weight_log.size:
            top = np.maximum.reduceat(weight_log, self.member_start)
            weights = np.exp(weight_log - top[self.member_set])
            totals = np.add.reduceat(weights, self.member_start)
            mu = weights / totals[self.member_set]
            set_log = top + np.log(totals)
        else:
            mu = set_log = np.zeros(0)
        action_values = np.bincount(
            self.pair_action, mu[self.pair_member] * values[self.pair_child, self.pair_player], minlength=self.size)
        self._cache_key = point.copy()
        self._cache = {"x": x, "reach": player_reach_log, "values": values, "mu": mu,
                       "set_log": set_log, "v": action_values}
        return self._cache

    def action_values(self, point: np.ndarray) -> np.ndarray:
        """Each action's conditional expected payoff to its owner (flat over the actions)."""
        return self._evaluate(point)["v"] * self.unit

    def residual(self, point: np.ndarray) -> np.ndarray:
        """``H(x, lambda)``: per set, the sum-to-one row (at its first action) then the logit rows."""
        lam = point[-1]
        state = self._evaluate(point)
        x, v = state["x"], state["v"]
        reference = self.first[self.action_set]
        out = x - x[reference] - lam * (v - v[reference])
        if self.size:
            out[self.first] = np.add.reduceat(np.exp(x), self.first) - 1.0
        return out

    def jacobian(self, point: np.ndarray) -> np.ndarray:
        """``dH/d(x, lambda)``, shape ``(m, m + 1)``, from the two kinds of ancestor pairs."""
        lam = point[-1]
        state = self._evaluate(point)
        x, values, mu, v = state["x"], state["values"], state["mu"], state["v"]
        size = self.size
        # dv(a)/dx_b, term 1: b moves the beliefs at a's set.
        q = self.t1_pair
        term1 = mu[self.pair_member[q]] * (values[self.pair_child[q], self.pair_player[q]] - v[self.pair_action[q]])
        # Term 2: b, below a, changes the value a leads to; rho(m.b) / (sigma(a) rho(I)) <= 1.
        factor = np.exp(state["reach"][self.t2_child] + self.t2_chance - x[self.t2_row] - state["set_log"][self.t2_set])
        term2 = factor * values[self.t2_child, self.t2_player]
        index = np.concatenate([self.pair_action[q] * size + self.t1_column, self.t2_row * size + self.t2_column])
        gradient = np.bincount(index, np.concatenate([term1, term2]), minlength=size * size).reshape(size, size)
        jac = self._template.copy()
        rows = self._logit_rows
        reference = self.first[self.action_set[rows]]
        jac[rows, :size] -= lam * (gradient[rows] - gradient[reference])
        jac[rows, size] = -(v[rows] - v[reference])
        jac[self.first[self.action_set], np.arange(size)] = np.exp(x)
        return jac

    def regret(self, point: np.ndarray) -> float:
        """The largest conditional agent regret: best action value minus the set's value, over all sets."""
        if not self.size:
            return 0.0
        v = self.action_values(point)  # in payoff units
        sigma = self.probabilities(point)
        best = np.maximum.reduceat(v, self.first)
        mixed = np.add.reduceat(sigma * v, self.first)
        return float(max((best - mixed).max(), 0.0))


def _ranges(counts: np.ndarray) -> np.ndarray:
    """``concatenate([arange(k) for k in counts])`` without a Python loop."""
    counts = np.asarray(counts, dtype=np.int64)
    total = int(counts.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.repeat(np.cumsum(counts) - counts, counts)
    return np.arange(total, dtype=np.int64) - starts


def _ancestor_pairs(parent: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every (ancestor, descendant, ancestor's child on the path) triple, one depth step at a time."""
    nodes = np.arange(parent.size, dtype=np.int64)
    child = nodes.copy()
    ancestor = parent.copy()
    found_a, found_d, found_c = [], [], []
    while True:
        alive = ancestor >= 0
        if not alive.any():
            break
        nodes, child, ancestor = nodes[alive], child[alive], ancestor[alive]
        found_a.append(ancestor)
        found_d.append(nodes)
        found_c.append(child)
        child, ancestor = ancestor, parent[ancestor]
    if not found_a:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty
    return np.concatenate(found_a), np.concatenate(found_d), np.concatenate(found_c)


# ---------------------------------------------------------------------------------------
# the public API


@dataclass(frozen=True, eq=False)
class BehaviorQREPoint:
    """An agent logit QRE: the precision ``lam``, the behavior profile and the beliefs.

    ``behavior[i][k]`` holds the action probabilities at player ``i``'s
    ``k``-th information set; ``beliefs[i][k]`` the probabilities of that
    set's nodes (in the order of ``game.members``).
    """

    lam: float
    behavior: BehaviorProfile
    beliefs: tuple[tuple[np.ndarray, ...], ...] = ()

    def __repr__(self) -> str:
        return f"BehaviorQREPoint(lam={self.lam:.6g}, behavior={_behavior_text(self.behavior)})"


@dataclass(frozen=True, eq=False)
class AgentQuantalResponsePath:
    """The principal branch of the agent logit correspondence, as :func:`agent_logit_solve` traced it.

    Attributes
    ----------
    points:
        The QRE at the requested ``lambdas``, in the order requested.
    limit:
        The last point traced: with ``to_limit=True`` and
        ``status="converged"``, a profile in which every agent's conditional
        regret is within tolerance (the approximation of the branch's limit,
        a sequential-equilibrium candidate).
    regret:
        The largest conditional agent regret at :attr:`limit`.
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
        point; the tracer keeps to the branch it is on, so the limit is then
        one of several the correspondence leads to.
    extrapolated:
        The last two points traced, extrapolated to ``lambda = infinity``
        on the assumption that the branch approaches its limit like
        ``1 / lambda`` (as it does towards a mixed equilibrium): accurate to
        ``O(1 / lambda**2)`` there, where :attr:`limit` is only ``O(1 / lambda)``
        away; ``None`` when fewer than two points were traced.
    """

    points: tuple[BehaviorQREPoint, ...]
    limit: BehaviorQREPoint
    regret: float
    status: str
    steps: int
    branch: tuple[BehaviorQREPoint, ...] = ()
    message: str = ""
    bifurcations: tuple[float, ...] = ()
    extrapolated: BehaviorProfile | None = None


def agent_logit_solve(
    game: ExtensiveGame,
    lambdas: float | Sequence[float] | None = None,
    *,
    tolerance: float = DEFAULT_TOLERANCE,
    max_lambda: float = 1e12,
    to_limit: bool = True,
    first_step: float = 0.03,
    max_accel: float = 1.5,
    keep_branch: bool = False,
    budget: Budget | None = None,
) -> AgentQuantalResponsePath:
    """Trace the principal branch of the agent logit QRE correspondence of a tree from ``lambda = 0``.

    Parameters
    ----------
    game:
        An extensive game, any number of players, with or without chance.
    lambdas:
        Precisions at which to report the QRE (:attr:`AgentQuantalResponsePath.points`).
    tolerance:
        With ``to_limit``, tracing stops once every agent's conditional
        regret is at most ``tolerance * max(1, max |payoff|)``.
    max_lambda:
        Tracing gives up (``status="failed"``) beyond this precision.
    to_limit:
        Trace on towards the limit after the last requested ``lambda``;
        with ``False`` the tracing ends at the last requested ``lambda``.
    first_step, max_accel:
        The first arclength step and the largest factor by which a step may grow.
    keep_branch:
        Record every point traced in :attr:`AgentQuantalResponsePath.branch`.
    budget:
        An iteration or time :class:`~.budget.Budget` (one tick per step);
        when spent, ``status="budget_exceeded"`` with what was traced so far.

    Returns
    -------
    AgentQuantalResponsePath

    Raises
    ------
    SolverError
        If the game is not an extensive game or a ``lambda`` is negative or not finite.

    Examples
    --------
    Entry deterrence: the incumbent fights (-1) or accommodates (1) after entry.
    The incumbent's logit choice does not depend on the entrant's, so at
    ``lambda = 1`` she accommodates with probability ``1 / (1 + e**-2)``;
    the limit is the subgame-perfect equilibrium (In, Accommodate).

    >>> import gametheory_ukraine as gt
    >>> game = gt.ExtensiveGame.from_tree(["Entrant", "Incumbent"], {"player": "Entrant", "moves": {
    ...     "Out": {"payoffs": [0, 2]},
    ...     "In": {"player": "Incumbent", "moves": {
    ...         "Fight": {"payoffs": [-1, -1]}, "Accommodate": {"payoffs": [1, 1]}}}}})
    >>> path = agent_logit_solve(game, lambdas=[1.0])
    >>> path.points[0]
    BehaviorQREPoint(lam=1, behavior=[[[0.31830026, 0.68169974]], [[0.11920292, 0.88079708]]])
    >>> path.status, [[np.round(p, 6) for p in player] for player in path.limit.behavior]
    ('converged', [[array([0., 1.])], [array([0., 1.])]])
    """
    if not isinstance(game, ExtensiveGame):
        raise SolverError(f"agent_logit_solve(): needs an ExtensiveGame, not a {type(game).__name__} "
                          f"(use logit_solve for a strategic game)")
    requested = checked_lambdas(lambdas, tolerance, "agent_logit_solve")
    # Trace in payoffs divided by their largest magnitude (the point's last coordinate is then
    # lambda * unit): the same arclength steps suit payoffs of order 1 and of order 1e19.
    top = float(np.abs(game.arrays.payoffs[game.arrays.leaves]).max(initial=0.0))
    unit = top if top > 0 else 1.0
    system = AgentLogitSystem(game, unit)

    def point(lam: float, y: np.ndarray) -> BehaviorQREPoint:
        return BehaviorQREPoint(lam, system.behavior(y), system.beliefs(y))

    if system.size == 0:
        # Nobody moves: the only profile is empty and the same at every lambda.
        start = system.start()
        return AgentQuantalResponsePath(tuple(point(v, start) for v in requested), point(0.0, start), 0.0,
                                        CONVERGED, 0, (point(0.0, start),) if keep_branch else (),
                                        "no player has a move")
    threshold = tolerance * max(1.0, top)
    # The stopping rule sees every accepted point once the targets are met: it keeps the
    # last two for the extrapolation to lambda = infinity.
    recent: list[np.ndarray] = []

    def stop(y: np.ndarray) -> bool:
        recent[:] = recent[-1:] + [y.copy()]
        return system.regret(y) <= threshold

    settings = PathSettings(first_step=first_step, max_accel=max_accel)
    scaled = {v * unit: v for v in requested}
    trace = follow_path(system, system.start(), targets=list(scaled), stop=stop if to_limit else None,
                        max_parameter=max_lambda * unit, settings=settings, budget=budget, keep_branch=keep_branch)
    at = {scaled[target]: point(scaled[target], y) for target, y in trace.at_targets}
    message = _unscaled_message(trace.message, unit)
    extrapolated = None
    if len(recent) == 2 and 0 < recent[0][-1] < recent[1][-1]:
        # sigma(lam) = sigma* + c / lam + O(1 / lam**2): eliminate c between the last two points.
        (before, lam_before), (last, lam_last) = [(system.probabilities(y), y[-1]) for y in recent]
        estimate = np.clip((lam_last * last - lam_before * before) / (lam_last - lam_before), 0.0, None)
        extrapolated = system.unflatten(estimate / np.add.reduceat(estimate, system.first)[system.action_set])
    return AgentQuantalResponsePath(
        points=tuple(at[v] for v in requested if v in at),
        limit=point(float(trace.end[-1]) / unit, trace.end),
        regret=system.regret(trace.end),
        status=trace.status,
        steps=trace.steps,
        branch=tuple(point(float(y[-1]) / unit, y) for y in trace.branch),
        message=message,
        bifurcations=tuple(v / unit for v in trace.bifurcations),
        extrapolated=extrapolated,
    )


def agent_qre_at(game: ExtensiveGame, lam: float, *, budget: Budget | None = None,
                 **options: Any) -> BehaviorProfile:
    """The agent logit QRE at precision ``lam`` on the principal branch (traced from ``lambda = 0``).

    ``options`` are those of :func:`agent_logit_solve`.

    Raises
    ------
    SolverError
        If the tracing fails or its budget is spent before ``lam``.

    Examples
    --------
    A one-player decision: the logit choice between payoffs 0 and 1 at ``lambda = 2``.

    >>> import gametheory_ukraine as gt
    >>> game = gt.ExtensiveGame.from_tree(["A"], {"player": "A", "moves": {
    ...     "x": {"payoffs": [0]}, "y": {"payoffs": [1]}}})
    >>> agent_qre_at(game, 2.0)
    ((array([0.11920292, 0.88079708]),),)
    """
    path = agent_logit_solve(game, [lam], to_limit=False, budget=budget, **options)
    if not path.points:
        raise SolverError(f"agent_qre_at(): the principal branch was not traced to lambda={lam:g} "
                          f"({path.status}: {path.message})")
    return path.points[0].behavior


def agent_logit_response(game: ExtensiveGame, behavior: Sequence[Sequence[Sequence[float]]],
                         lam: float) -> BehaviorProfile:
    """Every agent's logit response to ``behavior`` (with the beliefs it induces); an agent QRE is its fixed point.

    ``behavior`` must give every action positive probability (so that
    every set chance reaches is reached and its beliefs are Bayesian).

    Examples
    --------
    >>> import gametheory_ukraine as gt
    >>> game = gt.ExtensiveGame.from_tree(["A", "B"], {"player": "A", "moves": {
    ...     "x": {"payoffs": [0, 0]},
    ...     "y": {"player": "B", "moves": {"l": {"payoffs": [2, 1]}, "r": {"payoffs": [-2, 0]}}}}})
    >>> [np.round(p[0], 6) for p in agent_logit_response(game, [[[0.5, 0.5]], [[0.5, 0.5]]], 1.0)]
    [array([0.5, 0.5]), array([0.731059, 0.268941])]
    """
    system = AgentLogitSystem(game)
    flat = np.concatenate([np.asarray(p, dtype=float) for player in behavior for p in player] or [np.zeros(0)])
    if flat.size != system.size:
        raise SolverError(f"agent_logit_response(): the behavior has {flat.size} probabilities, "
                          f"the game has {system.size} actions")
    if not np.all(flat > 0):
        raise SolverError("agent_logit_response(): every action needs a positive probability "
                          "(the beliefs at a set that play avoids are not defined)")
    v = system.action_values(np.append(np.log(flat), lam))
    if not system.size:
        return system.unflatten(flat)
    z = lam * (v - np.maximum.reduceat(v, system.first)[system.action_set])
    weights = np.exp(z)
    return system.unflatten(weights / np.add.reduceat(weights, system.first)[system.action_set])


def _unscaled_message(message: str, unit: float) -> str:
    """:func:`~.logit.follow_path`'s message with the traced ``lambda * unit`` values put back in ``lambda``."""
    if unit == 1.0:
        return message

    def number(match: re.Match) -> str:
        return f"{float(match.group(0)) / unit:.6g}"

    def numbers(match: re.Match) -> str:
        return re.sub(r"[-+0-9.e]+", number, match.group(0))

    return re.sub(r"(?<=lambda=)[-+0-9.e]+|(?<=lambda passed )[-+0-9.e]+|(?<=targets )\[[^\]]*\]", numbers, message)


def _behavior_text(behavior: BehaviorProfile) -> str:
    return "[" + ", ".join(
        "[" + ", ".join("[" + ", ".join(f"{v:.8g}" for v in p) + "]" for p in player) + "]"
        for player in behavior) + "]"


def agent_logit(
    game: ExtensiveGame,
    lambdas: float | Sequence[float] | None = None,
    budget: Budget | None = None,
    **options: Any,
) -> Result:
    """One equilibrium of a tree: the limit of the principal branch of the agent logit QRE correspondence.

    The limit is certified as a Nash equilibrium of the tree by
    :func:`~.behavior.certify_behavior` (exactly, on exact games); games
    without perfect recall get no certificate and so no equilibrium (the
    notes still give the limit).  The QRE at the requested ``lambdas`` are
    listed in the result's ``notes``; use :func:`agent_logit_solve` for them
    as data.  ``options`` are those of :func:`agent_logit_solve`.

    Examples
    --------
    >>> import gametheory_ukraine as gt
    >>> game = gt.ExtensiveGame.from_tree(["Entrant", "Incumbent"], {"player": "Entrant", "moves": {
    ...     "Out": {"payoffs": [0, 2]},
    ...     "In": {"player": "Incumbent", "moves": {
    ...         "Fight": {"payoffs": [-1, -1]}, "Accommodate": {"payoffs": [1, 1]}}}}})
    >>> result = agent_logit(game, lambdas=[1.0])
    >>> result.status, result.equilibria[0].exact_behavior
    ('converged', (((Fraction(0, 1), Fraction(1, 1)),), ((Fraction(0, 1), Fraction(1, 1)),)))
    >>> result.notes[-1]
    'QRE at lambda=1: [[[0.31830026, 0.68169974]], [[0.11920292, 0.88079708]]]'
    """
    options.pop("to_limit", None)
    path = agent_logit_solve(game, lambdas, budget=budget, **options)
    status = path.status
    notes = path_notes(path, "principal agent QRE branch", "largest agent regret",
                       lambda point: _behavior_text(point.behavior))
    equilibria: tuple = ()
    if not game.has_perfect_recall:
        notes.append(f"the game lacks perfect recall, so the limit {_behavior_text(path.limit.behavior)} "
                     f"cannot be certified as a Nash equilibrium; no equilibrium reported")
    else:
        # The extrapolated profile is the better guess of a mixed limit: on exact games its
        # rational rounding is the equilibrium; otherwise fall back on the last point traced.
        equilibrium = None
        for candidate in (path.extrapolated, path.limit.behavior):
            if candidate is None:
                continue
            found = certify_behavior(game, [list(player) for player in candidate])
            if found is not None and (equilibrium is None or found.is_exact):
                equilibrium = found
            if equilibrium is not None and equilibrium.is_exact:
                break
        if equilibrium is not None:
            equilibria = (equilibrium,)
        elif status == CONVERGED:
            status = FAILED
            notes.append("the limit profile failed its certificate; no equilibrium reported")
    return Result(game, "logit", equilibria, complete=False, seconds=0.0, strategic=None,
                  notes=tuple(notes), status=status)
