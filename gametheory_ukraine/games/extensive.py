"""Extensive-form games: trees with chance, information sets and outcomes.

A game is described by three lists and compiled once into flat numpy arrays
(:class:`TreeArrays`) that the solvers work on:

* ``nodes``: :class:`Node` records; a node with an information set is a
  decision node (or a chance node when its information set belongs to
  :data:`CHANCE`), a node without one is terminal;
* ``infosets``: :class:`Infoset` records (player, action labels, and for chance
  the action probabilities);
* ``outcomes``: :class:`Outcome` records (a payoff vector).  Outcomes may sit
  on any node, as in Gambit: a play's payoff is the sum of the outcomes along
  its path.

On construction the game is put in canonical order (nodes in preorder,
information sets and outcomes in order of first appearance), so two games
that describe the same tree are equal whatever order they were built in.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from typing import Any, Mapping, Sequence

import numpy as np

from ..errors import GameError, GameFormatError
from .numbers import Number, readonly, to_number

CHANCE = -1
"""Player index of the chance player."""
TERMINAL = -2
"""Player index recorded in :attr:`TreeArrays.player` for terminal nodes."""


@dataclass(frozen=True)
class Infoset:
    """An information set: whose move it is and what the actions are.

    ``player`` is a 0-based player index or :data:`CHANCE`; a chance set has
    one probability per action.
    """

    player: int
    actions: tuple[str, ...]
    label: str = ""
    probabilities: tuple[Number, ...] | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "actions", tuple(str(a) for a in self.actions))
        if not self.actions:
            raise GameFormatError(f"information set {self.label!r} has no actions")
        if self.player == CHANCE:
            if self.probabilities is None or len(self.probabilities) != len(self.actions):
                raise GameFormatError(
                    f"chance set {self.label!r} needs one probability per action ({len(self.actions)})"
                )
            probs = tuple(to_number(p, "chance probability") for p in self.probabilities)
            if any(p < 0 for p in probs):
                raise GameFormatError(f"chance set {self.label!r} has a negative probability")
            total = sum(probs)
            exact = all(isinstance(p, Fraction) for p in probs)
            if (exact and total != 1) or (not exact and abs(float(total) - 1) > 1e-9):
                raise GameFormatError(
                    f"chance probabilities of {self.label or 'a chance node'!r} sum to {total}, not 1"
                )
            object.__setattr__(self, "probabilities", probs)
        elif self.probabilities is not None:
            raise GameFormatError(f"information set {self.label!r} of a player has probabilities")
        elif self.player < 0:
            raise GameFormatError(f"invalid player index {self.player}")


@dataclass(frozen=True)
class Outcome:
    """A payoff vector (one entry per player) with an optional label."""

    payoffs: tuple[Number, ...]
    label: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "payoffs", tuple(to_number(v, "payoff") for v in self.payoffs))


@dataclass(frozen=True)
class Node:
    """A node: its children (indices into the game's node list), its information
    set (index, ``None`` for a terminal node), its outcome (index or ``None``)."""

    children: tuple[int, ...] = ()
    infoset: int | None = None
    outcome: int | None = None
    label: str = ""


@dataclass(frozen=True, eq=False)
class TreeArrays:
    """The tree as flat arrays, the solvers' view of an :class:`ExtensiveGame`.

    Node arrays have one entry per node, in preorder (node 0 is the root).
    Children of node ``v`` are ``children[child_start[v]:child_start[v] + num_children[v]]``,
    in action order.  ``payoffs`` are the cumulative payoffs from the root to each
    node (for a leaf: the payoff of the play).  Information-set arrays have one
    entry per information set, chance sets included; ``action_offset`` gives
    each set's first index in a flat vector of all actions.
    """

    parent: np.ndarray
    depth: np.ndarray
    player: np.ndarray
    infoset: np.ndarray
    action: np.ndarray
    child_start: np.ndarray
    num_children: np.ndarray
    children: np.ndarray
    edge_probability: np.ndarray
    chance_reach: np.ndarray
    payoffs: np.ndarray
    exact_payoffs: np.ndarray | None
    exact_edge_probability: np.ndarray | None
    leaves: np.ndarray
    levels: tuple[np.ndarray, ...]
    infoset_player: np.ndarray
    infoset_num_actions: np.ndarray
    action_offset: np.ndarray


class ExtensiveGame:
    """An immutable extensive-form game.

    Parameters
    ----------
    players:
        Player labels.
    nodes, infosets, outcomes:
        See the module docstring.  ``nodes[root]`` is the root.
    title, description:
        Free text.
    parameters:
        Model parameter values this game was built from, if any.

    Examples
    --------
    >>> import gametheory_ukraine as gt
    >>> game = gt.ExtensiveGame.from_tree(
    ...     ["Entrant", "Incumbent"],
    ...     {"player": "Entrant", "moves": {
    ...         "Out": {"payoffs": [0, 2]},
    ...         "In": {"player": "Incumbent", "moves": {
    ...             "Fight": {"payoffs": [-1, -1]}, "Accommodate": {"payoffs": [1, 1]}}}}})
    >>> game.num_nodes, game.is_perfect_information
    (5, True)
    """

    kind = "extensive"

    def __init__(
        self,
        players: Sequence[str],
        nodes: Sequence[Node],
        infosets: Sequence[Infoset],
        outcomes: Sequence[Outcome] = (),
        title: str = "",
        description: str = "",
        parameters: Mapping[str, Any] | None = None,
        root: int = 0,
    ) -> None:
        players = tuple(str(p) for p in players)
        nodes, infosets, outcomes = _canonical(len(players), list(nodes), list(infosets), list(outcomes), root)
        set_ = object.__setattr__
        set_(self, "players", players)
        set_(self, "nodes", tuple(nodes))
        set_(self, "infosets", tuple(infosets))
        set_(self, "outcomes", tuple(outcomes))
        set_(self, "title", str(title))
        set_(self, "description", str(description))
        set_(self, "parameters", dict(parameters) if parameters is not None else None)
        set_(self, "arrays", _compile(self))

    players: tuple[str, ...]
    nodes: tuple[Node, ...]
    infosets: tuple[Infoset, ...]
    outcomes: tuple[Outcome, ...]
    title: str
    description: str
    parameters: Mapping[str, Fraction] | None
    arrays: TreeArrays

    # -- construction from a nested description -------------------------------------------
    @classmethod
    def from_tree(
        cls,
        players: Sequence[str],
        tree: Mapping[str, Any],
        title: str = "",
        description: str = "",
    ) -> "ExtensiveGame":
        """Build a game from nested dictionaries, in the shape of the YAML model format.

        A node is ``{"payoffs": [...]}`` (a leaf), ``{"player": NAME, "moves":
        {ACTION: node, ...}}`` (optionally with ``"infoset": LABEL`` shared by
        the nodes of one information set) or ``{"chance": {ACTION: probability,
        ...}, "moves": {ACTION: node, ...}}``.
        """
        builder = TreeBuilder(players)
        builder.add(tree)
        return builder.build(title=title, description=description)

    # -- other libraries (gametheory_ukraine.interop; imported when called, since games sit below it)
    @classmethod
    def from_pygambit(cls, pygambit_game: Any) -> "ExtensiveGame":
        """A tree from a pygambit tree: chance, information sets, outcomes, exact numbers.

        See :func:`~gametheory_ukraine.interop.from_pygambit`; a pygambit table has no tree and is refused.

        >>> import pygambit
        >>> tree = pygambit.Game.new_tree(players=["A", "B"], title="Tiny")
        >>> tree.append_move(tree.root, "A", ["x", "y"])
        >>> ExtensiveGame.from_pygambit(tree).num_nodes
        3
        """
        from ..errors import GameError
        from ..interop import from_pygambit

        if not getattr(pygambit_game, "is_tree", True):
            raise GameError("this pygambit game is a table, not a tree: use NormalFormGame.from_pygambit")
        return from_pygambit(pygambit_game)  # type: ignore[return-value]

    def to_pygambit(self) -> Any:
        """This tree as a pygambit tree, exact numbers exact (:func:`~gametheory_ukraine.interop.to_pygambit`).

        >>> import gametheory_ukraine as gt
        >>> tree = gt.load("m3-signalling").game().to_pygambit()
        >>> [str(action.prob) for action in tree.root.infoset.actions]
        ['1/3', '1/3', '1/3']
        """
        from ..interop import to_pygambit

        return to_pygambit(self)

    # -- Jupyter display (gametheory_ukraine.report.tables): a summary, no drawing ---------
    def _repr_html_(self) -> str:
        from ..report.tables import extensive_html

        return extensive_html(self)

    def _repr_latex_(self) -> str:
        from ..report.tables import extensive_latex

        return extensive_latex(self)

    # -- properties -----------------------------------------------------------------------
    @property
    def num_players(self) -> int:
        return len(self.players)

    @property
    def num_nodes(self) -> int:
        return len(self.nodes)

    @property
    def is_exact(self) -> bool:
        return self.arrays.exact_payoffs is not None

    def player_infosets(self, player: int) -> list[int]:
        """Indices of ``player``'s information sets, in canonical order."""
        return [i for i, s in enumerate(self.infosets) if s.player == player]

    @cached_property
    def members(self) -> tuple[tuple[int, ...], ...]:
        """The nodes of each information set, in preorder."""
        found: list[list[int]] = [[] for _ in self.infosets]
        for v, node in enumerate(self.nodes):
            if node.infoset is not None:
                found[node.infoset].append(v)
        return tuple(tuple(m) for m in found)

    @property
    def is_perfect_information(self) -> bool:
        """Every information set of a player holds exactly one node."""
        return all(len(m) == 1 for s, m in zip(self.infosets, self.members) if s.player != CHANCE)

    @cached_property
    def recall_violations(self) -> tuple[str, ...]:
        """Why the game lacks perfect recall: one message per offending information set.

        A player has perfect recall when every node of each of her information
        sets is reached through the same sequence of her own information sets
        and actions (which also rules out absent-mindedness).
        """
        own_history = self._own_histories()
        problems = []
        for index, (infoset, members) in enumerate(zip(self.infosets, self.members)):
            if infoset.player == CHANCE:
                continue
            histories = {own_history[v][infoset.player] for v in members}
            if len(histories) > 1:
                label = infoset.label or f"#{index}"
                problems.append(
                    f"player {self.players[infoset.player]!r} forgets at information set {label!r}: "
                    f"its {len(members)} nodes follow {len(histories)} different own histories"
                )
        return tuple(problems)

    @property
    def has_perfect_recall(self) -> bool:
        return not self.recall_violations

    def _own_histories(self) -> list[tuple[tuple[tuple[int, int], ...], ...]]:
        """For each node, per player, the sequence of (infoset, action) she chose on the path."""
        n = self.num_players
        histories: list[Any] = [None] * self.num_nodes
        histories[0] = ((),) * n
        for v, node in enumerate(self.nodes):
            if node.infoset is None:
                continue
            mover = self.infosets[node.infoset].player
            for a, child in enumerate(node.children):
                if mover == CHANCE:
                    histories[child] = histories[v]
                else:
                    h = list(histories[v])
                    h[mover] = h[mover] + ((node.infoset, a),)
                    histories[child] = tuple(h)
        return histories

    def leaf_payoffs(self, exact: bool = False) -> np.ndarray:
        """Payoffs of every play, shape ``(leaves, players)`` in preorder of the leaves."""
        table = self.arrays.exact_payoffs if exact and self.is_exact else self.arrays.payoffs
        assert table is not None  # an exact game has exact payoffs
        return table[self.arrays.leaves]

    def path(self, node: int) -> list[tuple[int, int]]:
        """The (node, action) pairs from the root down to ``node``."""
        steps = []
        parent, action = self.arrays.parent, self.arrays.action
        while parent[node] >= 0:
            steps.append((int(parent[node]), int(action[node])))
            node = int(parent[node])
        return steps[::-1]

    def node_at(self, labels: Sequence[str]) -> int:
        """The node reached from the root by the action labels ``labels`` (the inverse of :meth:`path`).

        >>> game = ExtensiveGame.from_tree(["A", "B"], {"player": "A", "moves": {
        ...     "x": {"player": "B", "moves": {"l": {"payoffs": [1, 0]}, "r": {"payoffs": [0, 1]}}},
        ...     "y": {"payoffs": [0, 0]}}})
        >>> game.node_name(game.node_at(["x", "r"]))
        'x,r'
        """
        arrays, node = self.arrays, 0
        for label in labels:
            if arrays.num_children[node] == 0:
                raise GameError(f"{self.node_name(node)} is terminal: no action {label!r} after it")
            actions = self.infosets[int(arrays.infoset[node])].actions
            if label not in actions:
                raise GameError(f"no action {label!r} at {self.node_name(node)} (actions: {', '.join(actions)})")
            node = int(arrays.children[arrays.child_start[node] + actions.index(label)])
        return node

    def node_name(self, node: int) -> str:
        """A readable name: the node's label, else the actions leading to it."""
        if self.nodes[node].label:
            return self.nodes[node].label
        steps = self.path(node)
        if not steps:
            return "root"
        return ",".join(self.infosets[self.nodes[v].infoset].actions[a] for v, a in steps)  # type: ignore[index]

    # -- values ---------------------------------------------------------------------------
    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def _key(self) -> tuple:
        return (self.players, self.title, self.nodes, self.infosets, self.outcomes)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ExtensiveGame):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return self.cached("hash", lambda: hash(self._key()))

    def cached(self, key: Any, compute: Any) -> Any:
        """A value derived from this (immutable) game, computed once and kept with it."""
        store = self.__dict__.setdefault("_derived", {})
        if key not in store:
            store[key] = compute()
        return store[key]

    def __repr__(self) -> str:
        title = f" {self.title!r}" if self.title else ""
        decisions = sum(1 for s in self.infosets if s.player != CHANCE)
        leaves = len(self.arrays.leaves)
        recall = "perfect information" if self.is_perfect_information else (
            "perfect recall" if self.has_perfect_recall else "imperfect recall")
        return (f"<ExtensiveGame{title} players {list(self.players)}, {self.num_nodes} nodes, "
                f"{leaves} leaves, {decisions} information sets, {recall}>")


# ---------------------------------------------------------------------------------------
# canonical order and checks


def _canonical(
    num_players: int, nodes: list[Node], infosets: list[Infoset], outcomes: list[Outcome], root: int
) -> tuple[list[Node], list[Infoset], list[Outcome]]:
    if not nodes:
        raise GameFormatError("a game tree needs at least one node")
    if not 0 <= root < len(nodes):
        raise GameFormatError(f"root {root} is not a node")
    for o in outcomes:
        if len(o.payoffs) != num_players:
            raise GameFormatError(
                f"outcome {o.label!r} has {len(o.payoffs)} payoffs for {num_players} players"
            )
    for s in infosets:
        if s.player != CHANCE and s.player >= num_players:
            raise GameFormatError(f"information set {s.label!r} belongs to player {s.player + 1}, "
                                  f"but the game has {num_players} players")
    order: list[int] = []
    seen = [False] * len(nodes)
    stack = [root]
    while stack:
        v = stack.pop()
        if not 0 <= v < len(nodes):
            raise GameFormatError(f"child index {v} is not a node")
        if seen[v]:
            raise GameFormatError(f"node {v} has two parents or lies on a cycle")
        seen[v] = True
        order.append(v)
        node = nodes[v]
        if node.infoset is None:
            if node.children:
                raise GameFormatError(f"node {v} has children but no information set")
        else:
            if not 0 <= node.infoset < len(infosets):
                raise GameFormatError(f"node {v} refers to information set {node.infoset}, which does not exist")
            k = len(infosets[node.infoset].actions)
            if len(node.children) != k:
                raise GameFormatError(
                    f"node {v} has {len(node.children)} children but its information set "
                    f"{infosets[node.infoset].label!r} has {k} actions"
                )
        if node.outcome is not None and not 0 <= node.outcome < len(outcomes):
            raise GameFormatError(f"node {v} refers to outcome {node.outcome}, which does not exist")
        stack.extend(reversed(node.children))
    new_index = {old: new for new, old in enumerate(order)}
    infoset_index: dict[int, int] = {}
    outcome_index: dict[int, int] = {}
    for v in order:
        set_of, outcome_of = nodes[v].infoset, nodes[v].outcome
        if set_of is not None and set_of not in infoset_index:
            infoset_index[set_of] = len(infoset_index)
        if outcome_of is not None and outcome_of not in outcome_index:
            outcome_index[outcome_of] = len(outcome_index)
    new_nodes = [
        Node(
            children=tuple(new_index[c] for c in nodes[v].children),
            infoset=None if nodes[v].infoset is None else infoset_index[nodes[v].infoset],  # type: ignore[index]
            outcome=None if nodes[v].outcome is None else outcome_index[nodes[v].outcome],  # type: ignore[index]
            label=nodes[v].label,
        )
        for v in order
    ]
    new_infosets = [infosets[s] for s in sorted(infoset_index, key=infoset_index.__getitem__)]
    new_outcomes = [outcomes[o] for o in sorted(outcome_index, key=outcome_index.__getitem__)]
    return new_nodes, new_infosets, new_outcomes


def _compile(game: ExtensiveGame) -> TreeArrays:
    nodes, infosets, outcomes = game.nodes, game.infosets, game.outcomes
    count, n = len(nodes), len(game.players)
    parent = np.full(count, -1, dtype=np.int64)
    depth = np.zeros(count, dtype=np.int64)
    player = np.full(count, TERMINAL, dtype=np.int64)
    infoset = np.full(count, -1, dtype=np.int64)
    action = np.full(count, -1, dtype=np.int64)
    num_children = np.array([len(node.children) for node in nodes], dtype=np.int64)
    child_start = np.zeros(count, dtype=np.int64)
    child_start[1:] = np.cumsum(num_children)[:-1]
    children = np.array([c for node in nodes for c in node.children], dtype=np.int64)

    exact = all(isinstance(v, Fraction) for o in outcomes for v in o.payoffs) and all(
        isinstance(p, Fraction) for s in infosets if s.player == CHANCE for p in s.probabilities or ()
    )
    zero: Number = Fraction(0) if exact else 0.0
    cumulative: list[tuple[Number, ...]] = [()] * count
    edge_exact: list[Number] = [Fraction(1) if exact else 1.0] * count
    for v, node in enumerate(nodes):
        base = (zero,) * n if v == 0 else cumulative[int(parent[v])]
        if node.outcome is not None:
            base = tuple(b + p for b, p in zip(base, outcomes[node.outcome].payoffs))
        cumulative[v] = base
        if node.infoset is not None:
            s = infosets[node.infoset]
            player[v] = s.player
            infoset[v] = node.infoset
            for a, c in enumerate(node.children):
                parent[c] = v
                depth[c] = depth[v] + 1
                action[c] = a
                if s.player == CHANCE:
                    edge_exact[c] = s.probabilities[a]  # type: ignore[index]

    payoffs = np.array([[float(x) for x in row] for row in cumulative], dtype=float).reshape(count, n)
    edge = np.array([float(p) for p in edge_exact], dtype=float)
    chance_reach = np.ones(count)
    for v in range(1, count):  # preorder: parents come first
        chance_reach[v] = chance_reach[parent[v]] * edge[v]
    exact_payoffs: np.ndarray | None = None
    exact_edge: np.ndarray | None = None
    if exact:
        exact_payoffs = np.empty((count, n), dtype=object)
        for v, row in enumerate(cumulative):
            exact_payoffs[v, :] = row
        exact_edge = np.empty(count, dtype=object)
        exact_edge[:] = edge_exact
    leaves = np.flatnonzero(num_children == 0)
    levels = tuple(np.flatnonzero(depth == d) for d in range(int(depth.max()) + 1))
    infoset_player = np.array([s.player for s in infosets], dtype=np.int64)
    infoset_num_actions = np.array([len(s.actions) for s in infosets], dtype=np.int64)
    action_offset = np.zeros(len(infosets), dtype=np.int64)
    if len(infosets):
        action_offset[1:] = np.cumsum(infoset_num_actions)[:-1]
    arrays = [parent, depth, player, infoset, action, child_start, num_children, children, edge,
              chance_reach, payoffs, leaves, infoset_player, infoset_num_actions, action_offset]
    for array in arrays + [x for x in (exact_payoffs, exact_edge) if x is not None] + list(levels):
        readonly(array)
    return TreeArrays(
        parent=parent, depth=depth, player=player, infoset=infoset, action=action,
        child_start=child_start, num_children=num_children, children=children,
        edge_probability=edge, chance_reach=chance_reach, payoffs=payoffs,
        exact_payoffs=exact_payoffs, exact_edge_probability=exact_edge, leaves=leaves, levels=levels,
        infoset_player=infoset_player, infoset_num_actions=infoset_num_actions, action_offset=action_offset,
    )


# ---------------------------------------------------------------------------------------
# building a tree from nested dictionaries


@dataclass
class TreeBuilder:
    """Collects nodes, information sets and outcomes from nested dictionaries.

    Information sets named by ``infoset`` labels are shared; the builder checks
    that every node of a labelled set has the same player and action labels.
    Used by :meth:`ExtensiveGame.from_tree` and by the YAML model format.
    """

    players: Sequence[str]
    nodes: list[Node] = field(default_factory=list)
    infosets: list[Infoset] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    _named: dict[str, int] = field(default_factory=dict)

    def player_index(self, name: Any) -> int:
        players = [str(p) for p in self.players]
        if str(name) not in players:
            raise GameFormatError(f"unknown player {name!r}; the players are {players}")
        return players.index(str(name))

    def infoset(self, player: int, actions: Sequence[str], label: str | None,
                probabilities: Sequence[Any] | None = None) -> int:
        """Index of the information set, created on first use of its label."""
        if label is not None and str(label) in self._named:
            index = self._named[str(label)]
            existing = self.infosets[index]
            if existing.player != player:
                raise GameFormatError(
                    f"information set {label!r} mixes players "
                    f"{self._player_name(existing.player)!r} and {self._player_name(player)!r}"
                )
            if existing.actions != tuple(str(a) for a in actions):
                raise GameFormatError(
                    f"information set {label!r} has actions {list(existing.actions)} at one node "
                    f"and {[str(a) for a in actions]} at another"
                )
            return index
        self.infosets.append(Infoset(player, tuple(actions), "" if label is None else str(label),
                                     None if probabilities is None else tuple(probabilities)))
        if label is not None:
            self._named[str(label)] = len(self.infosets) - 1
        return len(self.infosets) - 1

    def _player_name(self, player: int) -> str:
        return "chance" if player == CHANCE else str(self.players[player])

    def add(self, spec: Mapping[str, Any], path: tuple[Any, ...] = ()) -> int:
        """Add the subtree ``spec``; return its root's node index.

        An error raised for a node carries ``error.path``, the keys leading
        from the root spec to that node, so a file reader can point at it.
        """
        try:
            return self._add(spec, path)
        except GameFormatError as error:
            if not hasattr(error, "path"):
                error.path = path  # type: ignore[attr-defined]
            raise

    def _add(self, spec: Mapping[str, Any], path: tuple[Any, ...]) -> int:
        if not isinstance(spec, Mapping):
            raise GameFormatError(f"a node must be a mapping, not {type(spec).__name__}")
        index = len(self.nodes)
        self.nodes.append(Node())
        outcome = None
        if "payoffs" in spec:
            payoffs = spec["payoffs"]
            if not isinstance(payoffs, (list, tuple)):
                raise GameFormatError("payoffs must be a list with one entry per player")
            if len(payoffs) != len(self.players):
                raise GameFormatError(f"{len(payoffs)} payoffs for {len(self.players)} players")
            self.outcomes.append(Outcome(tuple(payoffs), str(spec.get("outcome", ""))))
            outcome = len(self.outcomes) - 1
        moves = spec.get("moves")
        if moves is None:
            if "player" in spec or "chance" in spec:
                raise GameFormatError("a decision or chance node needs 'moves'")
            if outcome is None:
                raise GameFormatError("a leaf needs 'payoffs'")
            self.nodes[index] = Node(outcome=outcome, label=str(spec.get("label", "")))
            return index
        if not isinstance(moves, Mapping) or not moves:
            raise GameFormatError("'moves' must be a non-empty mapping from action to node")
        actions = [str(a) for a in moves]
        if "chance" in spec:
            if "player" in spec:
                raise GameFormatError("a node cannot have both 'player' and 'chance'")
            probabilities = spec["chance"]
            if not isinstance(probabilities, Mapping) or [str(a) for a in probabilities] != actions:
                raise GameFormatError(
                    f"the chance probabilities must name the moves {actions} in the same order"
                )
            infoset = self.infoset(CHANCE, actions, spec.get("infoset"), list(probabilities.values()))
        elif "player" in spec:
            infoset = self.infoset(self.player_index(spec["player"]), actions, spec.get("infoset"))
        else:
            raise GameFormatError("a node with moves needs 'player' or 'chance'")
        children = tuple(self.add(child, path + ("moves", action)) for action, child in moves.items())
        self.nodes[index] = Node(children, infoset, outcome, str(spec.get("label", "")))
        return index

    def build(self, **kwargs: Any) -> ExtensiveGame:
        return ExtensiveGame(self.players, self.nodes, self.infosets, self.outcomes, **kwargs)
