"""``pbe``: pure perfect Bayesian equilibria of sender–receiver signalling games.

The games handled are the classic signalling games: chance draws the
sender's *type*; the sender, who knows her type (one information set per
type), sends a *message*; the receiver sees the message but not the type (one
information set per message, holding one node per type that can send it) and
chooses a *response*; the game ends.  Any number of types, messages and
responses is allowed, each message may have its own responses, a message may
end the game without a response, and nodes with a single action (and chance
moves that only average the payoffs at the end) may sit anywhere.

Every pure assessment is enumerated: a message per type, a response per
message.  On the equilibrium path the receiver's belief is fixed by Bayes'
rule; after a message that no type sends, any belief is allowed, and the
response must be optimal for *some* belief.  The beliefs that make a response
optimal form a polytope in the simplex over the types that can send the
message: the simplex cut by one linear inequality per alternative response.
It is reported exactly (its vertices and inequalities, in Fractions on exact
games; for two types the interval of the probability of the first type).

Each equilibrium is then tested by two refinements of Cho and Kreps (1987),
on its *outcome* (the messages sent and the payoffs they bring), as they
defined them:

* the **Intuitive Criterion**: at an unused message ``m``, drop the types
  ``J`` for which ``m`` is *equilibrium-dominated* (no response optimal for
  any belief gives them their equilibrium payoff); the outcome fails if some
  type would gain from ``m`` against *every* response optimal for a belief on
  the remaining types;
* **D1** (Cho–Kreps' strengthening of Banks–Sobel divinity): a type ``t`` is
  ruled out at ``m`` when some other type ``t'`` strictly gains from ``m``
  against every (mixed) best response against which ``t`` weakly gains; the
  outcome fails if no best response to a belief on the remaining types keeps
  every type at or below her equilibrium payoff.

Each verdict also says whether *this* profile's responses after unused
messages can be supported by beliefs that respect the criterion
(``beliefs_consistent``): an outcome can pass while one of the profiles that
produce it needs beliefs the criterion rules out.

All comparisons are exact on exact games; on float games they use a
tolerance relative to the payoff scale.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Iterator, Sequence

import numpy as np

from ..errors import GameTooLargeError, SolverError
from ..games import CHANCE, ExtensiveGame
from ..games.numbers import fraction_text
from .behavior import certify_behavior
from .budget import BUDGET_EXCEEDED, CONVERGED, Budget, BudgetExceeded
from .exact import affine_solution
from .registry import register
from .result import Equilibrium, Result

Number = Fraction | float
RELATIVE_TOLERANCE = 1e-9
MAX_VERTEX_SYSTEMS = 200_000
"""Largest number of linear systems one belief polytope may take (types and responses are few in practice)."""
CLASS_DESCRIPTION = ("pbe handles sender–receiver signalling games: chance over the sender's types, then the "
                     "sender's message (she knows her type), then the receiver's response (she sees the message, "
                     "not the type)")
ALTERNATIVES = "use spe, enumpure, enummixed on the strategic form, or logit"


# ---------------------------------------------------------------------------------------
# the recognised structure


@dataclass(frozen=True)
class SenderType:
    """One type of the sender.

    Attributes
    ----------
    label:
        The chance move(s) that draw it (or the sender's information set label).
    node:
        The sender's decision node for this type.
    infoset:
        Its information set (a singleton: the sender knows her type).
    prior:
        Its prior probability.
    messages:
        The labels of her actions there.
    """

    label: str
    node: int
    infoset: int
    prior: Number
    messages: tuple[str, ...]


@dataclass(frozen=True)
class MessageSet:
    """One information set of the receiver: what she sees after one message.

    Attributes
    ----------
    label:
        The message (the sender's action label leading here).
    infoset:
        The receiver's information set (index into ``game.infosets``).
    responses:
        The receiver's action labels there.
    senders:
        The types that can send this message (indices into the types).
    nodes:
        The node reached by each of them, aligned with ``senders``.
    """

    label: str
    infoset: int
    responses: tuple[str, ...]
    senders: tuple[int, ...]
    nodes: tuple[int, ...]


@dataclass(frozen=True, eq=False)
class SignalingStructure:
    """A tree read as a sender–receiver signalling game (see :func:`signaling_structure`).

    Attributes
    ----------
    game:
        The tree.
    sender, receiver:
        Player indices (``receiver`` is ``None`` when no message is answered).
    types:
        The sender's types, in the order chance draws them.
    message_sets:
        The receiver's information sets, in the game's order.
    destination:
        ``destination[t][a]``: the index into ``message_sets`` that type ``t``'s
        action ``a`` leads to, or ``None`` when that message ends the game.
    ending_payoffs:
        ``ending_payoffs[t][a]``: the (expected) payoff vector when type ``t``'s
        action ``a`` ends the game, else ``None``.
    response_payoffs:
        ``response_payoffs[i][t][r]``: the payoff vector after message set
        ``i``, sent by type ``t`` (a key of the dict), and response ``r``.
    exact:
        Whether the numbers are Fractions.
    tolerance:
        Zero on exact games; otherwise the slack of every comparison.
    """

    game: ExtensiveGame
    sender: int
    receiver: int | None
    types: tuple[SenderType, ...]
    message_sets: tuple[MessageSet, ...]
    destination: tuple[tuple[int | None, ...], ...]
    ending_payoffs: tuple[tuple[tuple[Number, ...] | None, ...], ...]
    response_payoffs: tuple[dict[int, tuple[tuple[Number, ...], ...]], ...]
    exact: bool
    tolerance: Number

    def sender_payoff(self, t: int, action: int, responses: Sequence[int]) -> Number:
        """Type ``t``'s payoff from ``action`` when the receiver answers message set ``i`` with ``responses[i]``."""
        i = self.destination[t][action]
        if i is None:
            return self.ending_payoffs[t][action][self.sender]  # type: ignore[index]
        return self.response_payoffs[i][t][responses[i]][self.sender]

    def receiver_payoff(self, i: int, t: int, r: int) -> Number:
        return self.response_payoffs[i][t][r][self.receiver]  # type: ignore[index]

    def sender_payoff_at(self, i: int, t: int, r: int) -> Number:
        return self.response_payoffs[i][t][r][self.sender]

    def belief_support(self, i: int) -> tuple[int, ...]:
        """The types a belief after message set ``i`` may weigh: those that can send it with positive prior."""
        senders = self.message_sets[i].senders
        positive = tuple(t for t in senders if self.types[t].prior > 0)
        # A message only zero-prior types can send: Bayes' rule never applies, any belief will do.
        return positive or senders


def signaling_structure(game: ExtensiveGame) -> SignalingStructure:
    """Read ``game`` as a sender–receiver signalling game, or say why it is not one.

    Raises
    ------
    SolverError
        When the tree is not of that shape; the message names the first
        node or information set that breaks it.

    Examples
    --------
    >>> import gametheory_ukraine as gt
    >>> game = gt.ExtensiveGame.from_tree(["S", "R"], {"chance": {"hi": "1/2", "lo": "1/2"}, "moves": {
    ...     "hi": {"player": "S", "moves": {"a": {"player": "R", "infoset": "after a", "moves": {
    ...         "x": {"payoffs": [1, 1]}, "y": {"payoffs": [0, 0]}}}, "b": {"payoffs": [0, 0]}}},
    ...     "lo": {"player": "S", "moves": {"a": {"player": "R", "infoset": "after a", "moves": {
    ...         "x": {"payoffs": [1, 0]}, "y": {"payoffs": [0, 1]}}}, "b": {"payoffs": [0, 0]}}}}})
    >>> structure = signaling_structure(game)
    >>> [t.label for t in structure.types], [m.label for m in structure.message_sets], structure.destination
    (['hi', 'lo'], ['a'], ((0, None), (0, None)))
    """
    return game.cached("signaling_structure", lambda: _recognise(game))


class _Reader:
    """Walks the tree once, checking the signalling shape as it goes."""

    def __init__(self, game: ExtensiveGame) -> None:
        self.game = game
        self.arrays = game.arrays
        self.exact = game.is_exact
        self.payoffs: np.ndarray = (self.arrays.exact_payoffs if self.exact  # type: ignore[assignment]
                                    else self.arrays.payoffs)
        self.one: Number = Fraction(1) if self.exact else 1.0

    def children(self, v: int) -> list[int]:
        start = int(self.arrays.child_start[v])
        return [int(c) for c in self.arrays.children[start:start + int(self.arrays.num_children[v])]]

    def skip_trivial(self, v: int) -> int:
        """The first node at or below ``v`` with no or several moves (single-move nodes decide nothing)."""
        while self.arrays.num_children[v] == 1:
            v = int(self.arrays.children[self.arrays.child_start[v]])
        return v

    def is_decision(self, v: int) -> bool:
        return self.arrays.num_children[v] > 1 and self.arrays.player[v] >= 0

    def chance_probabilities(self, v: int) -> list[Number]:
        probabilities = self.game.infosets[int(self.arrays.infoset[v])].probabilities or ()
        return list(probabilities) if self.exact else [float(p) for p in probabilities]

    def player_name(self, v: int) -> str:
        return self.game.players[int(self.arrays.player[v])]

    def where(self, v: int) -> str:
        return f"node {self.game.node_name(v)!r}"

    def ending_value(self, v: int, context: str) -> tuple[Number, ...]:
        """Expected payoff vector of a subtree in which nobody decides anything (only chance may move)."""
        v = self.skip_trivial(v)
        if self.arrays.num_children[v] == 0:
            return tuple(self.payoffs[v])
        if self.is_decision(v):
            raise SolverError(
                f"{CLASS_DESCRIPTION}; in this game {context} is followed by a decision of "
                f"{self.player_name(v)!r} at {self.where(v)}, so it has more than one round of "
                f"signalling; {ALTERNATIVES}")
        values = [self.ending_value(c, context) for c in self.children(v)]
        return tuple(sum((p * value[k] for p, value in zip(self.chance_probabilities(v), values)), 0 * self.one)
                     for k in range(self.game.num_players))

    def type_nodes(self) -> list[tuple[int, Number, tuple[str, ...]]]:
        """The sender's decision nodes below the opening chance moves, with their chance probability."""
        found: list[tuple[int, Number, tuple[str, ...]]] = []
        stack: list[tuple[int, Number, tuple[str, ...]]] = [(0, self.one, ())]
        while stack:
            v, probability, labels = stack.pop()
            v = self.skip_trivial(v)
            if self.arrays.num_children[v] == 0:
                raise SolverError(f"{CLASS_DESCRIPTION}; in this game a chance move ends the play at "
                                  f"{self.where(v)} before anyone decides; {ALTERNATIVES}")
            if self.arrays.player[v] == CHANCE:
                infoset = self.game.infosets[int(self.arrays.infoset[v])]
                moves = zip(self.children(v), self.chance_probabilities(v), infoset.actions)
                stack.extend((c, probability * p, labels + (a,)) for c, p, a in reversed(list(moves)))
                continue
            found.append((v, probability, labels))
        return found


def _recognise(game: ExtensiveGame) -> SignalingStructure:
    if not game.has_perfect_recall:
        # Single-action nodes can hide forgetting that the shape checks below would not notice.
        raise SolverError(f"{CLASS_DESCRIPTION}, with perfect recall; this game lacks it "
                          f"({game.recall_violations[0]}); {ALTERNATIVES}")
    reader = _Reader(game)
    arrays = game.arrays
    type_nodes = reader.type_nodes()
    movers = sorted({int(arrays.player[v]) for v, _, _ in type_nodes})
    if len(movers) > 1:
        names = ", ".join(repr(game.players[p]) for p in movers)
        raise SolverError(f"{CLASS_DESCRIPTION}; in this game the first decisions after chance belong to "
                          f"several players ({names}), not to one sender; {ALTERNATIVES}")
    sender = movers[0]
    types: list[SenderType] = []
    seen_labels: dict[str, int] = {}
    for k, (v, prior, chance_labels) in enumerate(type_nodes):
        s = int(arrays.infoset[v])
        infoset = game.infosets[s]
        if len(game.members[s]) > 1:
            raise SolverError(
                f"{CLASS_DESCRIPTION}; in this game the sender {game.players[sender]!r} does not know her type: "
                f"her information set {infoset.label or '#' + str(s + 1)!r} holds {len(game.members[s])} of the "
                f"nodes chance leads to; {ALTERNATIVES}")
        label = ",".join(chance_labels) or infoset.label or f"type {k + 1}"
        if label in seen_labels:
            label = f"{label} ({k + 1})"
        seen_labels[label] = k
        types.append(SenderType(label, v, s, prior, infoset.actions))

    # The sender's messages: each leads to a receiver's decision or ends the game.
    receiver_of: dict[int, tuple[int, int]] = {}  # receiver node -> (type, action)
    node_of: dict[tuple[int, int], int] = {}  # and back
    receivers: set[int] = set()
    ending: list[list[tuple[Number, ...] | None]] = []
    for t, sender_type in enumerate(types):
        row: list[tuple[Number, ...] | None] = []
        for a, child in enumerate(reader.children(sender_type.node)):
            w = reader.skip_trivial(child)
            if reader.is_decision(w):
                if int(arrays.player[w]) == sender:
                    raise SolverError(
                        f"{CLASS_DESCRIPTION}; in this game the sender moves again at {reader.where(w)} after "
                        f"type {sender_type.label!r} sends {sender_type.messages[a]!r}; {ALTERNATIVES}")
                receivers.add(int(arrays.player[w]))
                receiver_of[w] = (t, a)
                node_of[(t, a)] = w
                row.append(None)
            else:
                context = f"the message {sender_type.messages[a]!r} of type {sender_type.label!r}, through chance,"
                row.append(reader.ending_value(w, context))
        ending.append(row)
    if len(receivers) > 1:
        names = ", ".join(repr(game.players[p]) for p in sorted(receivers))
        raise SolverError(f"{CLASS_DESCRIPTION}; in this game the messages are answered by several players "
                          f"({names}); {ALTERNATIVES}")
    receiver = receivers.pop() if receivers else None

    # The receiver's information sets: one node per type that can send the message, nothing else.
    message_sets: list[MessageSet] = []
    set_index: dict[int, int] = {}
    response_payoffs: list[dict[int, tuple[tuple[Number, ...], ...]]] = []
    for s in sorted({int(arrays.infoset[w]) for w in receiver_of}):
        infoset = game.infosets[s]
        name = infoset.label or f"#{s + 1}"
        senders: list[int] = []
        nodes: list[int] = []
        labels: list[str] = []
        payoffs: dict[int, tuple[tuple[Number, ...], ...]] = {}
        for w in game.members[s]:
            if w not in receiver_of:
                raise SolverError(
                    f"{CLASS_DESCRIPTION}; in this game the receiver's information set {name!r} also holds "
                    f"{reader.where(w)}, which no message of the sender leads to directly; {ALTERNATIVES}")
            t, a = receiver_of[w]
            if t in senders:
                first = types[t].messages[receiver_of[nodes[senders.index(t)]][1]]
                raise SolverError(
                    f"{CLASS_DESCRIPTION}; in this game the messages {first!r} and {types[t].messages[a]!r} of "
                    f"type {types[t].label!r} lead to the same information set {name!r} of the receiver, who "
                    f"therefore does not see the message (a simultaneous move); {ALTERNATIVES}")
            senders.append(t)
            nodes.append(w)
            labels.append(types[t].messages[a])
            context = f"the receiver's response at {name!r}"
            payoffs[t] = tuple(reader.ending_value(c, context) for c in reader.children(w))
        label = labels[0] if len(set(labels)) == 1 else "/".join(dict.fromkeys(labels))
        set_index[s] = len(message_sets)
        message_sets.append(MessageSet(label, s, infoset.actions, tuple(senders), tuple(nodes)))
        response_payoffs.append(payoffs)

    # Every other information set of a player must decide nothing (a single action).
    covered = {t.infoset for t in types} | {m.infoset for m in message_sets}
    for s, infoset in enumerate(game.infosets):
        if infoset.player != CHANCE and len(infoset.actions) > 1 and s not in covered:
            raise SolverError(f"{CLASS_DESCRIPTION}; in this game {game.players[infoset.player]!r} also decides "
                              f"at information set {infoset.label or '#' + str(s + 1)!r}; {ALTERNATIVES}")

    destination = tuple(
        tuple(set_index[int(arrays.infoset[node_of[(t, a)]])] if (t, a) in node_of else None
              for a in range(len(types[t].messages)))
        for t in range(len(types)))
    scale = max(1.0, float(abs(arrays.payoffs).max(initial=0.0)))
    return SignalingStructure(
        game=game, sender=sender, receiver=receiver, types=tuple(types), message_sets=tuple(message_sets),
        destination=destination, ending_payoffs=tuple(tuple(row) for row in ending),
        response_payoffs=tuple(response_payoffs), exact=reader.exact,
        # An exact zero: a float 0.0 would turn exact comparisons such as `a >= b - tolerance` inexact.
        tolerance=Fraction(0) if reader.exact else RELATIVE_TOLERANCE * scale)


# ---------------------------------------------------------------------------------------
# polytopes in a simplex, exactly


def _solve_square(matrix: list[list[Number]], rhs: list[Number], exact: bool) -> list[Number] | None:
    """The solution of a square linear system, ``None`` when it is singular."""
    if exact:
        found = affine_solution(matrix, rhs)  # type: ignore[arg-type]  # exact: the entries are Fractions
        return None if found is None or found[1] else found[0]  # type: ignore[return-value]
    array = np.array(matrix, dtype=float)
    if not array.size or np.linalg.cond(array) > 1e12:
        return None
    return [float(v) for v in np.linalg.solve(array, np.array(rhs, dtype=float))]


def simplex_polytope_vertices(rows: Sequence[Sequence[Number]], size: int, exact: bool,
                              tolerance: Number = 0) -> list[tuple[Number, ...]]:
    """Vertices of ``{x in the probability simplex of dimension size : row . x >= 0 for every row}``.

    Every vertex makes ``size - 1`` of the constraints (the rows and the
    non-negativity of each coordinate) tight; each such choice is one square
    system with ``sum(x) = 1``.  The polytope is empty exactly when no vertex
    is found.  Exact on Fractions; on floats ``tolerance`` is the slack.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> simplex_polytope_vertices([[F(-1), F(1)]], 2, exact=True)   # x1 >= x0
    [(Fraction(1, 2), Fraction(1, 2)), (Fraction(0, 1), Fraction(1, 1))]
    """
    zero: Number = Fraction(0) if exact else 0.0
    one: Number = Fraction(1) if exact else 1.0
    constraints = [tuple(Fraction(x) if exact else float(x) for x in row) for row in rows]
    if size == 1:
        return [(one,)] if all(row[0] >= -tolerance for row in constraints) else []
    constraints += [tuple(one if j == i else zero for j in range(size)) for i in range(size)]
    if math.comb(len(constraints), size - 1) > MAX_VERTEX_SYSTEMS:
        raise GameTooLargeError(f"a belief polytope over {size} types with {len(rows)} constraints "
                                f"needs more than {MAX_VERTEX_SYSTEMS} linear systems")
    vertices: list[tuple[Number, ...]] = []
    for active in itertools.combinations(range(len(constraints)), size - 1):
        matrix = [list(constraints[i]) for i in active] + [[one] * size]
        point = _solve_square(matrix, [zero] * (size - 1) + [one], exact)
        if point is None:
            continue
        if not all(sum(c * x for c, x in zip(row, point)) >= -tolerance for row in constraints):
            continue
        if not exact:
            point = [max(0.0, float(x)) for x in point]
            total = sum(point)
            point = [x / total for x in point]
        candidate = tuple(point)
        if exact:
            if candidate not in vertices:
                vertices.append(candidate)
        elif not any(max(abs(float(a) - float(b)) for a, b in zip(candidate, v)) <= 1e-9 for v in vertices):
            vertices.append(candidate)
    return vertices


# ---------------------------------------------------------------------------------------
# the receiver's best responses


class _Responses:
    """Best-response regions of the receiver at one message set, over subsets of the types."""

    def __init__(self, structure: SignalingStructure, i: int) -> None:
        self.structure = structure
        self.i = i
        self.count = len(structure.message_sets[i].responses)
        self._regions: dict[tuple[int, tuple[int, ...]], list[tuple[Number, ...]]] = {}
        self._joint: dict[tuple[int, ...], list[tuple[int, ...]]] = {}

    def constraints(self, response: int, types: Sequence[int]) -> list[tuple[tuple[Number, ...], int]]:
        """Per alternative response, the coefficients ``u(response) - u(alternative)`` over ``types``."""
        u = self.structure.receiver_payoff
        return [(tuple(u(self.i, t, response) - u(self.i, t, other) for t in types), other)
                for other in range(self.count) if other != response]

    def region(self, response: int, types: tuple[int, ...]) -> list[tuple[Number, ...]]:
        """Vertices of the beliefs over ``types`` for which ``response`` is optimal (empty: never optimal)."""
        key = (response, types)
        if key not in self._regions:
            rows = [row for row, _ in self.constraints(response, types)]
            self._regions[key] = simplex_polytope_vertices(rows, len(types), self.structure.exact,
                                                           self.structure.tolerance)
        return self._regions[key]

    def optimal_somewhere(self, types: tuple[int, ...]) -> list[int]:
        """The pure responses optimal for some belief over ``types`` (Cho and Kreps' BR(T, m))."""
        return [r for r in range(self.count) if self.region(r, types)]

    def optimal_at(self, belief: dict[int, Number]) -> list[int]:
        """The pure responses optimal for a given belief."""
        u = self.structure.receiver_payoff
        values = [sum(p * u(self.i, t, r) for t, p in belief.items()) for r in range(self.count)]
        best = max(values)
        return [r for r, v in enumerate(values) if v >= best - self.structure.tolerance]

    def joint_optimal_sets(self, types: tuple[int, ...]) -> list[tuple[int, ...]]:
        """The maximal sets of responses that are all optimal for one common belief over ``types``.

        The mixed best responses to some belief (Cho and Kreps' MBR) are
        exactly the mixtures over one of these sets.
        """
        if types in self._joint:
            return self._joint[types]
        u = self.structure.receiver_payoff
        maximal: list[tuple[int, ...]] = []
        for size in range(self.count, 0, -1):
            for subset in itertools.combinations(range(self.count), size):
                if any(set(subset) <= set(m) for m in maximal):
                    continue
                first = subset[0]
                rows = [row for row, _ in self.constraints(first, types)]
                # ... and every other member of the subset is at least as good as the first: a tie.
                rows += [tuple(u(self.i, t, r) - u(self.i, t, first) for t in types) for r in subset[1:]]
                if simplex_polytope_vertices(rows, len(types), self.structure.exact, self.structure.tolerance):
                    maximal.append(subset)
        self._joint[types] = maximal
        return maximal

    def some_mixture(self, responses: tuple[int, ...], rows_per_response: Sequence[Sequence[Number]]) -> bool:
        """Whether some mixture ``alpha`` over ``responses`` has ``sum_r alpha_r row[r] >= 0`` for every row.

        ``rows_per_response[k][j]`` is row ``k``'s coefficient of ``responses[j]``.
        """
        return bool(simplex_polytope_vertices(rows_per_response, len(responses), self.structure.exact,
                                              self.structure.tolerance))


# ---------------------------------------------------------------------------------------
# what is reported


def _number_text(value: Number) -> str:
    return fraction_text(value) if isinstance(value, Fraction) else f"{float(value):.6g}"


def _number_json(value: Number) -> str | float:
    return fraction_text(value) if isinstance(value, Fraction) else float(value)


@dataclass(frozen=True)
class BeliefSet:
    """The receiver's beliefs after one message, and the response they support.

    Attributes
    ----------
    message:
        The message (the sender's action label).
    infoset:
        The receiver's information set (index into ``game.infosets``).
    types:
        The types the belief is over: those that can send the message with
        positive prior.
    response:
        The receiver's response in the equilibrium.
    on_path:
        Whether some type sends the message (the belief is then Bayes' rule's).
    vertices:
        The beliefs (probabilities over ``types``) at the corners of the
        supporting set; a single point on the path.
    inequalities:
        Off the path, the linear inequalities that define the set inside the
        simplex: ``(coefficients, alternative)`` meaning
        ``sum_t coefficients[t] * belief[t] >= 0``, the response being at
        least as good as ``alternative``.  Inequalities that hold on the whole
        simplex are left out.
    """

    message: str
    infoset: int
    types: tuple[str, ...]
    response: str
    on_path: bool
    vertices: tuple[tuple[Number, ...], ...]
    inequalities: tuple[tuple[tuple[Number, ...], str], ...] = ()

    @property
    def point(self) -> tuple[Number, ...] | None:
        """The belief on the path (``None`` off the path)."""
        return self.vertices[0] if self.on_path else None

    @property
    def interval(self) -> tuple[Number, Number] | None:
        """With two types: the lowest and highest probability of ``types[0]`` in the set."""
        if len(self.types) != 2 or not self.vertices:
            return None
        first = [v[0] for v in self.vertices]
        return min(first), max(first)

    def describe(self) -> str:
        """The set in words, e.g. ``P(Weak) in [1/2, 1]``."""
        if len(self.types) == 1:
            return f"P({self.types[0]}) = 1"
        if self.on_path:
            return ", ".join(f"P({t}) = {_number_text(p)}" for t, p in zip(self.types, self.vertices[0]))
        interval = self.interval
        if interval is not None:
            low, high = interval
            if low == high:
                return f"P({self.types[0]}) = {_number_text(low)}"
            return f"P({self.types[0]}) in [{_number_text(low)}, {_number_text(high)}]"
        if self.vertices and len(self.vertices) == 1:
            return "(" + ", ".join(f"P({t}) = {_number_text(p)}" for t, p in zip(self.types, self.vertices[0])) + ")"
        corners = "; ".join("(" + ", ".join(_number_text(p) for p in v) + ")" for v in self.vertices)
        conditions = " and ".join(self._inequality_text(row) for row, _ in self.inequalities)
        where = f"{conditions}: " if conditions else ""
        return f"{where}(P({'), P('.join(self.types)})) in the hull of {corners}"

    def _inequality_text(self, row: Sequence[Number]) -> str:
        terms = []
        for coefficient, label in zip(row, self.types):
            if coefficient == 0:
                continue
            size = abs(coefficient)
            sign = "-" if coefficient < 0 else "+"
            factor = "" if size == 1 else f"{_number_text(size)} "  # type: ignore[arg-type]
            terms.append(f"{sign} {factor}P({label})")
        text = " ".join(terms)
        return (text[2:] if text.startswith("+ ") else "-" + text[2:]) + " >= 0"

    def to_dict(self) -> dict[str, Any]:
        """JSON-able record; exact numbers as ``"p/q"`` strings."""
        record: dict[str, Any] = {
            "message": self.message, "types": list(self.types), "response": self.response,
            "on_path": self.on_path,
            "vertices": [[_number_json(p) for p in v] for v in self.vertices],
            "inequalities": [{"coefficients": [_number_json(c) for c in row], "against": other}
                             for row, other in self.inequalities],
            "description": self.describe(),
        }
        if self.on_path:
            record["belief"] = [_number_json(p) for p in self.vertices[0]]
        if self.interval is not None:
            record["interval"] = [_number_json(x) for x in self.interval]
        return record


@dataclass(frozen=True)
class RefinementVerdict:
    """The verdict of one refinement on one equilibrium.

    Attributes
    ----------
    criterion:
        ``"Intuitive Criterion"`` or ``"D1"``.
    passes:
        Whether the equilibrium's outcome survives (Cho and Kreps' definition).
    reason:
        Why, in one sentence per unused message that matters.
    deviations:
        ``(type, message)`` pairs that break the equilibrium: the type would
        send that unused message.
    excluded:
        Per unused message, the types the criterion rules out of the beliefs.
    beliefs_consistent:
        Whether this profile's own responses after unused messages are optimal
        for some beliefs that put no weight on the excluded types.
    """

    criterion: str
    passes: bool
    reason: str
    deviations: tuple[tuple[str, str], ...] = ()
    excluded: tuple[tuple[str, tuple[str, ...]], ...] = ()
    beliefs_consistent: bool = True

    def to_dict(self) -> dict[str, Any]:
        """JSON-able record."""
        return {"criterion": self.criterion, "passes": self.passes, "reason": self.reason,
                "deviations": [{"type": t, "message": m} for t, m in self.deviations],
                "excluded": {m: list(types) for m, types in self.excluded},
                "beliefs_consistent": self.beliefs_consistent}


@dataclass(frozen=True, eq=False)
class SignalingEquilibrium:
    """One pure perfect Bayesian equilibrium of a signalling game, with its beliefs and refinements.

    Attributes
    ----------
    kind:
        ``"pooling"`` (every type with positive prior sends the same message),
        ``"separating"`` (all send different messages) or ``"semi-separating"``
        (some pool, some do not; also called hybrid or partially pooling).
    messages:
        ``(type, message)`` per type.
    responses:
        ``(message, response)`` per receiver information set.
    beliefs:
        One :class:`BeliefSet` per receiver information set, in the game's order.
    type_payoffs:
        ``(type, payoff)``: each type's equilibrium payoff.
    equilibrium:
        The certified :class:`Equilibrium` record (behavior, payoffs, regret).
    intuitive_criterion, d1:
        The two refinements' verdicts.
    """

    kind: str
    messages: tuple[tuple[str, str], ...]
    responses: tuple[tuple[str, str], ...]
    beliefs: tuple[BeliefSet, ...]
    type_payoffs: tuple[tuple[str, Number], ...]
    equilibrium: Equilibrium
    intuitive_criterion: RefinementVerdict
    d1: RefinementVerdict

    def summary(self) -> str:
        """One readable line."""
        sent = ", ".join(f"{t}->{m}" for t, m in self.messages)
        answers = []
        for belief in self.beliefs:
            where = "" if belief.on_path else "off path, "
            answers.append(f"{belief.message}->{belief.response} ({where}{belief.describe()})")
        payoffs = ", ".join(f"{t} {_number_text(v)}" for t, v in self.type_payoffs)
        verdicts = []
        for verdict in (self.intuitive_criterion, self.d1):
            text = f"{verdict.criterion} {'passes' if verdict.passes else 'fails'}"
            if verdict.deviations:
                text += " (" + "; ".join(f"{t} would deviate to {m}" for t, m in verdict.deviations) + ")"
            verdicts.append(text)
        return f"{self.kind}: {sent}; {'; '.join(answers) or 'no responses'}; type payoffs {payoffs}; " + \
            "; ".join(verdicts)

    def to_dict(self) -> dict[str, Any]:
        """JSON-able record: kind, messages, responses, beliefs, payoffs and the two verdicts."""
        return {
            "kind": self.kind,
            "messages": {t: m for t, m in self.messages},
            "responses": [{"message": m, "response": r} for m, r in self.responses],
            "beliefs": [b.to_dict() for b in self.beliefs],
            "type_payoffs": {t: _number_json(v) for t, v in self.type_payoffs},
            "intuitive_criterion": self.intuitive_criterion.to_dict(),
            "d1": self.d1.to_dict(),
            "summary": self.summary(),
        }


# ---------------------------------------------------------------------------------------
# enumeration


def _pure_behavior(structure: SignalingStructure, messages: Sequence[int],
                   responses: Sequence[int]) -> list[list[list[Number]]]:
    """The profile as behavior: per player, per own information set, 0/1 per action."""
    game = structure.game
    one: Number = Fraction(1) if structure.exact else 1.0
    zero: Number = Fraction(0) if structure.exact else 0.0
    chosen: dict[int, int] = {t.infoset: a for t, a in zip(structure.types, messages)}
    chosen.update({m.infoset: r for m, r in zip(structure.message_sets, responses)})
    return [[[one if a == chosen.get(s, 0) else zero for a in range(len(game.infosets[s].actions))]
             for s in game.player_infosets(p)] for p in range(game.num_players)]


def _sender_strategies(structure: SignalingStructure) -> Iterator[tuple[int, ...]]:
    return itertools.product(*(range(len(t.messages)) for t in structure.types))


class _Enumeration:
    """Pure PBE of one signalling game."""

    def __init__(self, structure: SignalingStructure) -> None:
        self.structure = structure
        self.responses = [_Responses(structure, i) for i in range(len(structure.message_sets))]
        tolerance = structure.tolerance
        self.tolerance = tolerance
        # Off the path, a response is possible exactly when some belief over the support makes it optimal.
        self.off_path_options = [
            [r for r in range(self.responses[i].count) if self.responses[i].region(r, structure.belief_support(i))]
            for i in range(len(structure.message_sets))]

    def on_path_beliefs(self, messages: Sequence[int]) -> dict[int, dict[int, Number]]:
        """Bayes' rule at every message set some type with positive prior sends."""
        structure = self.structure
        weights: dict[int, dict[int, Number]] = {}
        for t, a in enumerate(messages):
            i = structure.destination[t][a]
            if i is not None and structure.types[t].prior > 0:
                weights.setdefault(i, {})[t] = structure.types[t].prior
        beliefs = {}
        for i, found in weights.items():
            total = sum(found.values())
            beliefs[i] = {t: found.get(t, 0 * total) / total for t in structure.belief_support(i)}
        return beliefs

    def sender_optimal(self, messages: Sequence[int], responses: Sequence[int]) -> bool:
        structure = self.structure
        for t, a in enumerate(messages):
            own = structure.sender_payoff(t, a, responses)
            for other in range(len(structure.types[t].messages)):
                if structure.sender_payoff(t, other, responses) > own + self.tolerance:
                    return False
        return True

    def run(self, budget: Budget | None
            ) -> Iterator[tuple[tuple[int, ...], tuple[int, ...], dict[int, dict[int, Number]]]]:
        structure = self.structure
        for messages in _sender_strategies(structure):
            if budget is not None:
                budget.tick()
            beliefs = self.on_path_beliefs(messages)
            options = [self.responses[i].optimal_at(beliefs[i]) if i in beliefs else self.off_path_options[i]
                       for i in range(len(structure.message_sets))]
            for responses in itertools.product(*options):
                if self.sender_optimal(messages, responses):
                    yield messages, responses, beliefs


def _kind(structure: SignalingStructure, messages: Sequence[int]) -> str:
    sent = set()
    for t, a in enumerate(messages):
        if structure.types[t].prior > 0:
            i = structure.destination[t][a]
            sent.add(("set", i) if i is not None else ("ends", structure.types[t].messages[a]))
    count = sum(1 for t in structure.types if t.prior > 0)
    if len(sent) == 1:
        return "pooling"
    return "separating" if len(sent) == count else "semi-separating"


def _belief_set(structure: SignalingStructure, responder: _Responses, response: int,
                beliefs: dict[int, Number] | None) -> BeliefSet:
    i = responder.i
    message_set = structure.message_sets[i]
    support = structure.belief_support(i)
    labels = tuple(structure.types[t].label for t in support)
    response_label = message_set.responses[response]
    if beliefs is not None:
        return BeliefSet(message_set.label, message_set.infoset, labels, response_label, True,
                         (tuple(beliefs[t] for t in support),))
    binding = tuple((row, message_set.responses[other]) for row, other in responder.constraints(response, support)
                    if any(c < -structure.tolerance for c in row))
    return BeliefSet(message_set.label, message_set.infoset, labels, response_label, False,
                     tuple(responder.region(response, support)), binding)


def _names(structure: SignalingStructure, types: Sequence[int]) -> str:
    return ", ".join(structure.types[t].label for t in types) or "none"


def _intuitive_criterion(structure: SignalingStructure, enumeration: _Enumeration, responses: Sequence[int],
                         payoff: dict[int, Number], off_path: list[int]) -> RefinementVerdict:
    tolerance = structure.tolerance
    reasons, deviations, excluded = [], [], []
    consistent = True
    for i in off_path:
        responder = enumeration.responses[i]
        label = structure.message_sets[i].label
        types = tuple(t for t in structure.message_sets[i].senders if structure.types[t].prior > 0)
        if not types:
            continue
        u = structure.sender_payoff_at
        possible = responder.optimal_somewhere(types)
        dominated = tuple(t for t in types if payoff[t] > max(u(i, t, r) for r in possible) + tolerance)
        excluded.append((label, tuple(structure.types[t].label for t in dominated)))
        remaining = tuple(t for t in types if t not in dominated)
        if not remaining:
            reasons.append(f"{label}: equilibrium-dominated for every type")
            continue
        credible = responder.optimal_somewhere(remaining)
        if responses[i] not in credible:
            consistent = False
        gainers = [t for t in remaining if all(u(i, t, r) > payoff[t] + tolerance for r in credible)]
        answers = "/".join(structure.message_sets[i].responses[r] for r in credible)
        dominated_text = f"equilibrium-dominated for {_names(structure, dominated)}; " if dominated else ""
        if gainers:
            deviations += [(structure.types[t].label, label) for t in gainers]
            reasons.append(
                f"{label}: {dominated_text}against every response optimal for beliefs on "
                f"{_names(structure, remaining)} ({answers}) "
                + ", ".join(f"{structure.types[t].label} gets more than its {_number_text(payoff[t])}"
                            for t in gainers) + f", so {_names(structure, gainers)} would send {label}")
        else:
            reasons.append(f"{label}: {dominated_text}beliefs on {_names(structure, remaining)} allow {answers}, "
                           "which leaves no type surely better off")
    passes = not deviations
    if not reasons:
        reasons = ["every message the receiver answers is sent, so there is nothing to test"]
    return RefinementVerdict("Intuitive Criterion", passes, "; ".join(reasons), tuple(deviations),
                             tuple(excluded), consistent)


def _d1(structure: SignalingStructure, enumeration: _Enumeration, responses: Sequence[int],
        payoff: dict[int, Number], off_path: list[int]) -> RefinementVerdict:
    reasons, deviations, excluded = [], [], []
    consistent = True
    for i in off_path:
        responder = enumeration.responses[i]
        label = structure.message_sets[i].label
        names = structure.message_sets[i].responses
        types = tuple(t for t in structure.message_sets[i].senders if structure.types[t].prior > 0)
        if not types:
            continue
        u = structure.sender_payoff_at
        mixed_sets = responder.joint_optimal_sets(types)

        def weakly_gains_while_other_does_not(t: int, other: int) -> bool:
            # Is there a mixed best response after which t does at least as well as in equilibrium
            # while `other` does no better?  If not, t is ruled out in favour of `other`.
            for subset in mixed_sets:
                rows = [[u(i, t, r) - payoff[t] for r in subset], [payoff[other] - u(i, other, r) for r in subset]]
                if responder.some_mixture(subset, rows):
                    return True
            return False

        def never_gains(t: int) -> bool:
            return not any(responder.some_mixture(subset, [[u(i, t, r) - payoff[t] for r in subset]])
                           for subset in mixed_sets)

        ruled_out: list[tuple[int, int]] = []
        for t in types:
            for other in types:
                if other != t and not weakly_gains_while_other_does_not(t, other):
                    ruled_out.append((t, other))
                    break
        dropped = tuple(t for t, _ in ruled_out)
        excluded.append((label, tuple(structure.types[t].label for t in dropped)))
        remaining = tuple(t for t in types if t not in dropped) or types
        if responses[i] not in responder.optimal_somewhere(remaining):
            consistent = False
        deterred = any(
            responder.some_mixture(subset, [[payoff[t] - u(i, t, r) for r in subset] for t in types])
            for subset in responder.joint_optimal_sets(remaining))
        because = "; ".join(
            f"{structure.types[t].label} never gets its equilibrium payoff from {label}" if never_gains(t)
            else f"whenever {structure.types[t].label} weakly gains from {label}, {structure.types[o].label} "
            "strictly gains" for t, o in ruled_out)
        if deterred:
            reasons.append(f"{label}: " + (f"{because}; " if because else "no type is ruled out; ")
                           + f"beliefs on {_names(structure, remaining)} still support a response that deters "
                           "every type")
            continue
        gainers = sorted({t for r in responder.optimal_somewhere(remaining) for t in types
                          if u(i, t, r) > payoff[t] + structure.tolerance})
        deviations += [(structure.types[t].label, label) for t in gainers]
        per_response = "; ".join(
            f"after {names[r]} " + ", ".join(f"{structure.types[t].label} gets "
                                             f"{_number_text(u(i, t, r))} > {_number_text(payoff[t])}"
                                             for t in types if u(i, t, r) > payoff[t] + structure.tolerance)
            for r in responder.optimal_somewhere(remaining))
        reasons.append(f"{label}: " + (f"{because}; " if because else "")
                       + f"every best response to beliefs on {_names(structure, remaining)} lets a type gain "
                       f"({per_response}), so {_names(structure, gainers)} would send {label}")
    if not reasons:
        reasons = ["every message the receiver answers is sent, so there is nothing to test"]
    return RefinementVerdict("D1", not deviations, "; ".join(reasons), tuple(deviations), tuple(excluded),
                             consistent)


def _analyse(structure: SignalingStructure, enumeration: _Enumeration, messages: tuple[int, ...],
             responses: tuple[int, ...], beliefs: dict[int, dict[int, Number]],
             equilibrium: Equilibrium) -> SignalingEquilibrium:
    payoff = {t: structure.sender_payoff(t, a, responses) for t, a in enumerate(messages)}
    off_path = [i for i in range(len(structure.message_sets)) if i not in beliefs]
    belief_sets = tuple(_belief_set(structure, enumeration.responses[i], responses[i], beliefs.get(i))
                        for i in range(len(structure.message_sets)))
    return SignalingEquilibrium(
        kind=_kind(structure, messages),
        messages=tuple((t.label, t.messages[a]) for t, a in zip(structure.types, messages)),
        responses=tuple((m.label, m.responses[r]) for m, r in zip(structure.message_sets, responses)),
        beliefs=belief_sets,
        type_payoffs=tuple((t.label, payoff[k]) for k, t in enumerate(structure.types)),
        equilibrium=equilibrium,
        intuitive_criterion=_intuitive_criterion(structure, enumeration, responses, payoff, off_path),
        d1=_d1(structure, enumeration, responses, payoff, off_path),
    )


def _solve(game: ExtensiveGame, budget: Budget | None) -> tuple[list[SignalingEquilibrium], list[str], str]:
    structure = signaling_structure(game)
    enumeration = _Enumeration(structure)
    found: list[SignalingEquilibrium] = []
    notes: list[str] = []
    status = CONVERGED
    try:
        for messages, responses, beliefs in enumeration.run(budget):
            behavior = _pure_behavior(structure, messages, responses)
            equilibrium = certify_behavior(game, behavior)
            if equilibrium is None:  # a PBE is a Nash equilibrium: this would be a bug, never printed as one
                notes.append(f"dropped a candidate that failed its Nash certificate: messages {messages}, "
                             f"responses {responses}")
                continue
            found.append(_analyse(structure, enumeration, messages, responses, beliefs, equilibrium))
    except BudgetExceeded as stop:
        status = BUDGET_EXCEEDED
        notes.append(f"stopped early ({stop}); the equilibria listed are those found so far")
    return found, notes, status


def perfect_bayesian_equilibria(game: ExtensiveGame, budget: Budget | None = None) -> list[SignalingEquilibrium]:
    """Every pure perfect Bayesian equilibrium of a signalling game, with beliefs and refinements.

    Parameters
    ----------
    game:
        A sender–receiver signalling game (see :func:`signaling_structure`).
    budget:
        Optional iteration/time budget (one tick per sender strategy); when
        it runs out the equilibria found so far are returned.

    Returns
    -------
    list of SignalingEquilibrium
        In the order of the sender's strategies (first type's message
        varying slowest), then the receiver's.

    Raises
    ------
    SolverError
        When the game is not a signalling game of that shape.

    Examples
    --------
    Beer–Quiche (Cho and Kreps 1987): a strong or weak sender picks breakfast;
    the receiver duels or not.

    >>> import gametheory_ukraine as gt
    >>> def sender(beer, quiche):   # (sender, receiver) payoffs after Duel / NoDuel
    ...     answer = lambda duel, peace: {"Duel": {"payoffs": duel}, "NoDuel": {"payoffs": peace}}
    ...     return {"moves": {
    ...         "Beer": {"player": "R", "infoset": "beer", "moves": answer(*beer)},
    ...         "Quiche": {"player": "R", "infoset": "quiche", "moves": answer(*quiche)}}}
    >>> tree = {"chance": {"Weak": "1/10", "Strong": "9/10"}, "moves": {
    ...     "Weak": {"player": "S", **sender(([0, 1], [2, 0]), ([1, 1], [3, 0]))},
    ...     "Strong": {"player": "S", **sender(([1, 0], [3, 1]), ([0, 0], [2, 1]))}}}
    >>> game = gt.ExtensiveGame.from_tree(["S", "R"], tree)
    >>> for e in perfect_bayesian_equilibria(game):
    ...     (off_path,) = [b for b in e.beliefs if not b.on_path]
    ...     print(e.kind, e.messages, f"{off_path.message}->{off_path.response} if {off_path.describe()}")
    ...     print("   ", e.intuitive_criterion.passes, e.d1.passes, e.d1.deviations)
    pooling (('Weak', 'Beer'), ('Strong', 'Beer')) Quiche->Duel if P(Weak) in [1/2, 1]
        True True ()
    pooling (('Weak', 'Quiche'), ('Strong', 'Quiche')) Beer->Duel if P(Weak) in [1/2, 1]
        False False (('Strong', 'Beer'),)
    """
    return _solve(game, budget)[0]


@register("pbe", {"extensive"}, "pure perfect Bayesian equilibria of signalling games, with beliefs, "
          "Intuitive Criterion and D1", players=None)
def pbe(game: ExtensiveGame, budget: Budget | None = None) -> Result:
    """Pure perfect Bayesian equilibria of a sender–receiver signalling game.

    The equilibria carry their (pure) behavior, payoffs and certificate; the
    notes give one line per equilibrium with its beliefs and the verdicts of
    the Intuitive Criterion and D1.  :func:`perfect_bayesian_equilibria`
    returns the same as structured records.

    Examples
    --------
    >>> import gametheory_ukraine as gt
    >>> game = gt.ExtensiveGame.from_tree(["S", "R"], {"chance": {"hi": "2/3", "lo": "1/3"}, "moves": {
    ...     "hi": {"player": "S", "moves": {"a": {"player": "R", "infoset": "after a", "moves": {
    ...         "x": {"payoffs": [1, 1]}, "y": {"payoffs": [0, 0]}}}, "b": {"payoffs": [-1, 0]}}},
    ...     "lo": {"player": "S", "moves": {"a": {"player": "R", "infoset": "after a", "moves": {
    ...         "x": {"payoffs": [1, 0]}, "y": {"payoffs": [0, 1]}}}, "b": {"payoffs": [-1, 0]}}}}})
    >>> result = pbe(game)
    >>> [e.exact_payoffs for e in result], result.notes[1]
    ([(Fraction(1, 1), Fraction(2, 3))], '1. pooling: hi->a, lo->a; a->x (P(hi) = 2/3, P(lo) = 1/3); type payoffs hi 1, lo 1; Intuitive Criterion passes; D1 passes')
    """  # noqa: E501  (a doctest's expected output)
    found, notes, status = _solve(game, budget)
    structure = signaling_structure(game)
    header = (f"{len(found)} pure perfect Bayesian equilibri{'um' if len(found) == 1 else 'a'}; types "
              f"{', '.join(f'{t.label} ({_number_text(t.prior)})' for t in structure.types)}")
    if not found and status == CONVERGED:
        header += "; mixed and hybrid-mixed equilibria are not enumerated (try enumpure/enummixed or logit)"
    lines = [header] + [f"{k}. {e.summary()}" for k, e in enumerate(found, 1)] + notes
    return Result(game, "pbe", tuple(e.equilibrium for e in found), complete=status == CONVERGED, seconds=0.0,
                  notes=tuple(lines), status=status, details=tuple({"pbe": e.to_dict()} for e in found))
