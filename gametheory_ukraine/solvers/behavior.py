"""Behavior strategies on a tree: reach probabilities, beliefs, values, sequences, certificates.

A *behavior profile* gives, per player, per information set of hers (in the
order of :meth:`ExtensiveGame.player_infosets`), a probability for each
action.  Everything here works on the tree's flat arrays one depth level at
a time, and the same code runs on float arrays and on object arrays of
Fractions, so the profiles of exact games are checked in rational arithmetic.

Sequences (Koller, Megiddo and von Stengel 1996): a player's *sequence* is
the list of her own (information set, action) choices on the path to a node;
under perfect recall it is determined by its last choice, so sequences are
numbered ``0`` (the empty sequence) and then one per (information set,
action) pair.  The best response of a player to the others' behavior is a
maximisation over her sequences, which makes the Nash certificate of a
behavior profile linear in the size of the tree.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Sequence

import numpy as np

from ..errors import SolverError
from ..games import CHANCE, ExtensiveGame
from .exact import rational

if TYPE_CHECKING:
    from .result import Equilibrium

Behavior = Sequence[Sequence[Sequence[Any] | np.ndarray]]
"""Per player, per own information set, the action probabilities."""

FLOAT_TOLERANCE = 1e-8


def _as_array(values: Sequence[Any] | np.ndarray, exact: bool) -> np.ndarray:
    if exact:
        array = np.empty(len(values), dtype=object)
        array[:] = [Fraction(v) for v in values]
        return array
    return np.asarray(values, dtype=float)


def check_behavior(game: ExtensiveGame, behavior: Behavior) -> None:
    """Raise :class:`SolverError` unless ``behavior`` has the game's shape and every set sums to 1.

    >>> import gametheory_ukraine as gt
    >>> game = gt.ExtensiveGame.from_tree(["A"], {"player": "A", "moves": {"x": {"payoffs": [1]},
    ...                                                                    "y": {"payoffs": [0]}}})
    >>> check_behavior(game, [[[0.5, 0.4]]])
    Traceback (most recent call last):
    ...
    gametheory_ukraine.errors.SolverError: behavior of player 'A' at information set 1: probabilities sum to 0.9, not 1
    """
    if len(behavior) != game.num_players:
        raise SolverError(f"a behavior profile needs one entry per player ({game.num_players}), got {len(behavior)}")
    for p, player_behavior in enumerate(behavior):
        sets = game.player_infosets(p)
        if len(player_behavior) != len(sets):
            raise SolverError(f"player {game.players[p]!r} has {len(sets)} information sets, "
                              f"the behavior gives {len(player_behavior)}")
        for k, (s, probabilities) in enumerate(zip(sets, player_behavior), 1):
            where = f"behavior of player {game.players[p]!r} at information set {k}"
            if len(probabilities) != len(game.infosets[s].actions):
                raise SolverError(f"{where}: {len(game.infosets[s].actions)} actions, "
                                  f"{len(probabilities)} probabilities")
            values = [float(v) for v in probabilities]
            if not all(np.isfinite(values)) or min(values) < -1e-12:
                raise SolverError(f"{where}: probabilities must be finite and non-negative, got {values}")
            if abs(sum(values) - 1.0) > 1e-9:
                raise SolverError(f"{where}: probabilities sum to {sum(values):.6g}, not 1")


def action_probabilities(game: ExtensiveGame, behavior: Behavior, exact: bool = False) -> np.ndarray:
    """All action probabilities in one flat vector, indexed by ``arrays.action_offset[s] + a``.

    Chance sets take their own probabilities.
    """
    arrays = game.arrays
    total = int(arrays.infoset_num_actions.sum())
    flat = np.empty(total, dtype=object) if exact else np.zeros(total)
    for p, player_behavior in enumerate(behavior):
        for s, probabilities in zip(game.player_infosets(p), player_behavior):
            start = arrays.action_offset[s]
            flat[start:start + len(probabilities)] = _as_array(probabilities, exact)
    for s, infoset in enumerate(game.infosets):
        if infoset.player == CHANCE:
            start = arrays.action_offset[s]
            chance = infoset.probabilities or ()
            flat[start:start + len(chance)] = _as_array(chance, exact) if exact else [float(x) for x in chance]
    return flat


def edge_probabilities(game: ExtensiveGame, behavior: Behavior, exact: bool = False,
                       exclude: int | None = None) -> np.ndarray:
    """Per node, the probability of the move leading to it (1 at the root).

    With ``exclude=p`` the moves of player ``p`` count as 1: the result then
    holds the probabilities of chance and of the other players only.
    """
    arrays = game.arrays
    flat = action_probabilities(game, behavior, exact)
    edges = np.empty(game.num_nodes, dtype=object) if exact else np.ones(game.num_nodes)
    if exact:
        edges[:] = Fraction(1)
    below = np.flatnonzero(arrays.parent >= 0)
    parents = arrays.parent[below]
    edges[below] = flat[arrays.action_offset[arrays.infoset[parents]] + arrays.action[below]]
    if exclude is not None:
        edges[below[arrays.player[parents] == exclude]] = Fraction(1) if exact else 1.0
    return edges


def _reach_from_edges(game: ExtensiveGame, edges: np.ndarray) -> np.ndarray:
    reach = edges.copy()
    parent = game.arrays.parent
    for level in game.arrays.levels[1:]:
        reach[level] = reach[parent[level]] * edges[level]
    return reach


def reach_probabilities(game: ExtensiveGame, behavior: Behavior, exact: bool = False,
                        exclude: int | None = None) -> np.ndarray:
    """Probability that play reaches each node (chance included).

    With ``exclude=p`` player ``p``'s own moves are left out: the chance of
    reaching the node when ``p`` plays towards it.

    >>> import gametheory_ukraine as gt
    >>> game = gt.ExtensiveGame.from_tree(["A", "B"], {"player": "A", "moves": {
    ...     "x": {"player": "B", "moves": {"l": {"payoffs": [1, 0]}, "r": {"payoffs": [0, 1]}}},
    ...     "y": {"payoffs": [0, 0]}}})
    >>> reach_probabilities(game, [[[0.25, 0.75]], [[0.5, 0.5]]]).tolist()
    [1.0, 0.25, 0.125, 0.125, 0.75]
    """
    return _reach_from_edges(game, edge_probabilities(game, behavior, exact, exclude))


def beliefs(game: ExtensiveGame, behavior: Behavior, exact: bool = False) -> list[np.ndarray | None]:
    """Per information set (index into ``game.infosets``), the distribution over its nodes.

    Bayes' rule on the probabilities of chance and of the *other* players:
    under perfect recall the owner's own moves weigh every node of her set
    alike, so this is the usual belief wherever the set is reached, and it
    stays defined where only the owner's own choices avoid the set.  ``None``
    where the others' play gives the set probability 0 (a belief there is
    not pinned down by Bayes' rule).  Chance sets get ``None``.

    >>> import gametheory_ukraine as gt
    >>> game = gt.ExtensiveGame.from_tree(["A", "B"], {"chance": {"h": "1/3", "t": "2/3"}, "moves": {
    ...     "h": {"player": "B", "infoset": "I", "moves": {"l": {"payoffs": [0, 1]}, "r": {"payoffs": [0, 0]}}},
    ...     "t": {"player": "B", "infoset": "I", "moves": {"l": {"payoffs": [0, 0]}, "r": {"payoffs": [0, 1]}}}}})
    >>> [None if b is None else [str(x) for x in b] for b in beliefs(game, [[], [["1/2", "1/2"]]], exact=True)]
    [None, ['1/3', '2/3']]
    """
    found: list[np.ndarray | None] = []
    reach_without: dict[int, np.ndarray] = {}
    for infoset, members in zip(game.infosets, game.members):
        if infoset.player == CHANCE:
            found.append(None)
            continue
        if infoset.player not in reach_without:
            reach_without[infoset.player] = reach_probabilities(game, behavior, exact, exclude=infoset.player)
        weights = reach_without[infoset.player][list(members)]
        total = weights.sum()
        found.append(weights / total if total > 0 else None)
    return found


def node_values(game: ExtensiveGame, behavior: Behavior, exact: bool = False) -> np.ndarray:
    """Expected payoff vector at every node when play follows ``behavior``, shape ``(nodes, players)``.

    A node's value includes the outcomes on the path from the root to it
    (they are common to every continuation).
    """
    arrays = game.arrays
    use_exact = exact and game.is_exact
    edges = edge_probabilities(game, behavior, use_exact)
    source = arrays.exact_payoffs if use_exact else arrays.payoffs
    values = np.array(source, dtype=object if use_exact else float)
    interior = arrays.num_children > 0
    values[interior] = Fraction(0) if use_exact else 0.0
    for level in reversed(arrays.levels[1:]):
        np.add.at(values, arrays.parent[level], edges[level][:, None] * values[level])
    return values


def one_shot_regret(game: ExtensiveGame, behavior: Behavior, exact: bool = False) -> Any:
    """Largest gain from changing the action at one decision node, play elsewhere fixed.

    For perfect-information games this is zero exactly when ``behavior`` is
    subgame perfect (the one-shot deviation principle).
    """
    arrays = game.arrays
    values = node_values(game, behavior, exact)
    worst: Any = 0
    decision = np.flatnonzero(arrays.player >= 0)
    for v in decision:
        mover = arrays.player[v]
        start = arrays.child_start[v]
        kids = arrays.children[start:start + arrays.num_children[v]]
        worst = max(worst, max(values[kids, mover]) - values[v, mover])
    return worst


# ---------------------------------------------------------------------------------------
# sequences


@dataclass(frozen=True)
class SequenceIndex:
    """A player's sequences under perfect recall.

    Attributes
    ----------
    player:
        The player.
    infoset_action:
        Per sequence, its last (information set, action); ``None`` for the
        empty sequence, which is number 0.  The sequences ending at one
        information set are consecutive, in action order.
    node_sequence:
        Per node, the player's sequence on the path to it.
    parent_sequence:
        Per information set of the player, the sequence that leads to it.
    first_sequence:
        Per information set of the player, the number of its first sequence.
    """

    player: int
    infoset_action: tuple[tuple[int, int] | None, ...]
    node_sequence: np.ndarray
    parent_sequence: dict[int, int]
    first_sequence: dict[int, int]

    def __len__(self) -> int:
        return len(self.infoset_action)


def sequences(game: ExtensiveGame, player: int) -> SequenceIndex:
    """The sequences of ``player`` (who must have perfect recall in ``game``).

    >>> import gametheory_ukraine as gt
    >>> game = gt.ExtensiveGame.from_tree(["A", "B"], {"player": "A", "moves": {
    ...     "x": {"player": "B", "moves": {"l": {"payoffs": [1, 0]}, "r": {"player": "A", "moves": {
    ...         "u": {"payoffs": [0, 1]}, "d": {"payoffs": [2, 2]}}}}},
    ...     "y": {"payoffs": [0, 0]}}})
    >>> index = sequences(game, 0)
    >>> index.infoset_action, index.parent_sequence
    ((None, (0, 0), (0, 1), (2, 0), (2, 1)), {0: 0, 2: 1})
    """
    return game.cached(("sequences", player), lambda: _sequences(game, player))


def _sequences(game: ExtensiveGame, player: int) -> SequenceIndex:
    arrays = game.arrays
    own = game.player_infosets(player)
    labels: list[tuple[int, int] | None] = [None]
    first: dict[int, int] = {}
    for s in own:
        first[s] = len(labels)
        labels.extend((s, a) for a in range(len(game.infosets[s].actions)))
    first_of_set = np.zeros(len(game.infosets), dtype=np.int64)
    for s, k in first.items():
        first_of_set[s] = k
    node_sequence = np.zeros(game.num_nodes, dtype=np.int64)
    for level in arrays.levels[1:]:
        parents = arrays.parent[level]
        node_sequence[level] = node_sequence[parents]
        mine = arrays.player[parents] == player
        node_sequence[level[mine]] = first_of_set[arrays.infoset[parents[mine]]] + arrays.action[level[mine]]
    parent_sequence: dict[int, int] = {}
    for s in own:
        leading = {int(node_sequence[v]) for v in game.members[s]}
        if len(leading) > 1:
            raise SolverError(f"player {game.players[player]!r} lacks perfect recall; sequences (and the "
                              f"methods built on them) need it: {'; '.join(game.recall_violations)}")
        parent_sequence[s] = leading.pop()
    readonly_sequence = node_sequence
    readonly_sequence.flags.writeable = False
    return SequenceIndex(player, tuple(labels), readonly_sequence, parent_sequence, first)


def behavior_from_realization(game: ExtensiveGame, player: int, realization: Sequence[Any]) -> list[list[Any]]:
    """The behavior strategy of a realization plan over ``player``'s sequences.

    At an information set whose leading sequence has weight 0 the plan says
    nothing; the behavior there is uniform.  Works on Fractions as on floats.

    >>> import gametheory_ukraine as gt
    >>> game = gt.ExtensiveGame.from_tree(["A"], {"player": "A", "moves": {
    ...     "x": {"player": "A", "moves": {"u": {"payoffs": [1]}, "d": {"payoffs": [2]}}}, "y": {"payoffs": [0]}}})
    >>> behavior_from_realization(game, 0, [1.0, 0.0, 1.0, 0.0, 0.0])
    [[0.0, 1.0], [0.5, 0.5]]
    """
    index = sequences(game, player)
    exact = all(isinstance(r, (int, Fraction)) for r in realization)
    found = []
    for s in game.player_infosets(player):
        actions = len(game.infosets[s].actions)
        weight = realization[index.parent_sequence[s]]
        start = index.first_sequence[s]
        if weight > 0:
            found.append([Fraction(realization[start + a]) / Fraction(weight) if exact
                          else float(realization[start + a]) / float(weight) for a in range(actions)])
        else:
            found.append([Fraction(1, actions) if exact else 1.0 / actions] * actions)
    return found


def best_response(game: ExtensiveGame, behavior: Behavior, player: int,
                  exact: bool = False) -> tuple[Any, list[list[Any]]]:
    """``player``'s best-response value against the others' behavior, and a pure best response.

    One pass over her sequences: each leaf adds its payoff, weighted by the
    probability that chance and the others lead to it, to the player's
    sequence there; then her information sets, deepest first, each add their
    best action's total to the sequence leading to them.  Needs perfect recall.
    """
    arrays = game.arrays
    use_exact = exact and game.is_exact
    index = sequences(game, player)
    others = reach_probabilities(game, behavior, use_exact, exclude=player)
    leaves = arrays.leaves
    payoff = (arrays.exact_payoffs if use_exact else arrays.payoffs)[leaves, player]  # type: ignore[index]
    totals = np.empty(len(index), dtype=object) if use_exact else np.zeros(len(index))
    if use_exact:
        totals[:] = Fraction(0)
    np.add.at(totals, index.node_sequence[leaves], others[leaves] * payoff)
    own = game.player_infosets(player)
    shallowest = {s: min(arrays.depth[v] for v in game.members[s]) for s in own}
    choice: dict[int, int] = {}
    for s in sorted(own, key=lambda s: -shallowest[s]):
        start = index.first_sequence[s]
        options = totals[start:start + len(game.infosets[s].actions)]
        best = int(np.argmax([float(v) for v in options])) if not use_exact else max(
            range(len(options)), key=lambda a: options[a])
        choice[s] = best
        totals[index.parent_sequence[s]] += options[best]
    pure = [[(Fraction(int(a == choice[s])) if use_exact else float(a == choice[s]))
             for a in range(len(game.infosets[s].actions))] for s in own]
    return totals[0], pure


def behavior_regret(game: ExtensiveGame, behavior: Behavior, exact: bool = False) -> tuple[Any, list[Any]]:
    """The largest gain any player gets by a unilateral deviation (to any strategy), and the payoffs.

    Zero exactly at a Nash equilibrium.  Needs perfect recall.

    >>> import gametheory_ukraine as gt
    >>> game = gt.ExtensiveGame.from_tree(["A", "B"], {"player": "A", "moves": {
    ...     "x": {"player": "B", "moves": {"l": {"payoffs": [1, 0]}, "r": {"payoffs": [0, 1]}}},
    ...     "y": {"payoffs": [0, 0]}}})
    >>> regret, payoffs = behavior_regret(game, [[[1, 0]], [[0, 1]]], exact=True)
    >>> regret, payoffs
    (Fraction(0, 1), [Fraction(0, 1), Fraction(1, 1)])
    """
    use_exact = exact and game.is_exact
    arrays = game.arrays
    reach = reach_probabilities(game, behavior, use_exact)
    leaves = arrays.leaves
    table = (arrays.exact_payoffs if use_exact else arrays.payoffs)[leaves]  # type: ignore[index]
    payoffs = [(reach[leaves] * table[:, p]).sum() for p in range(game.num_players)]
    regret: Any = Fraction(0) if use_exact else 0.0
    for p in range(game.num_players):
        value, _ = best_response(game, behavior, p, use_exact)
        regret = max(regret, value - payoffs[p])
    return regret, payoffs


def _exact_behavior(behavior: Behavior) -> list[list[list[Fraction]]]:
    """Rational behavior near ``behavior``, each set's probabilities summing exactly to 1."""
    result = []
    for player_behavior in behavior:
        sets = []
        for probabilities in player_behavior:
            values = [v if isinstance(v, Fraction) else rational(float(v)) for v in probabilities]
            values = [max(v, Fraction(0)) for v in values]
            total = sum(values)
            sets.append([v / total for v in values] if total > 0 else [Fraction(1, len(values))] * len(values))
        result.append(sets)
    return result


def certify_behavior(game: ExtensiveGame, behavior: Behavior,
                     tolerance: float = FLOAT_TOLERANCE) -> "Equilibrium | None":
    """The certified equilibrium record of a behavior profile, or ``None`` if it is not a Nash equilibrium.

    On an exact game the profile (Fractions, or floats rounded to the nearest
    simple rationals) is checked in rational arithmetic first and reported
    exactly when its regret is exactly 0; otherwise the float regret must be
    below ``tolerance`` times the payoff scale.

    >>> import gametheory_ukraine as gt
    >>> game = gt.ExtensiveGame.from_tree(["A", "B"], {"player": "A", "moves": {
    ...     "x": {"player": "B", "moves": {"l": {"payoffs": [1, 0]}, "r": {"payoffs": [0, 1]}}},
    ...     "y": {"payoffs": [0, 0]}}})
    >>> certify_behavior(game, [[[0.0, 1.0]], [[0.0, 1.0]]]).exact_payoffs
    (Fraction(0, 1), Fraction(0, 1))
    >>> certify_behavior(game, [[[1.0, 0.0]], [[1.0, 0.0]]]) is None
    True
    """
    from .result import Equilibrium

    check_behavior(game, behavior)
    if game.is_exact:
        candidate = _exact_behavior(behavior)
        regret, payoffs = behavior_regret(game, candidate, exact=True)
        if regret == 0:
            return Equilibrium(
                payoffs=np.array([float(v) for v in payoffs]), regret=0.0,
                behavior=tuple(tuple(np.array([float(v) for v in s]) for s in player) for player in candidate),
                exact_behavior=tuple(tuple(tuple(s) for s in player) for player in candidate),
                exact_payoffs=tuple(payoffs))
    floats = [[np.asarray([float(v) for v in s]) for s in player] for player in behavior]
    regret, payoffs = behavior_regret(game, floats)
    scale = max(1.0, float(np.abs(game.arrays.payoffs).max(initial=0.0)))
    if regret > tolerance * scale:
        return None
    return Equilibrium(payoffs=np.array(payoffs, dtype=float), regret=float(max(regret, 0.0)),
                       behavior=tuple(tuple(s for s in player) for player in floats))


def behavior_from_mixed(game: ExtensiveGame, player: int, strategies: Sequence[Any],
                        probabilities: Sequence[Any]) -> list[list[Any]]:
    """The behavior strategy equivalent to a mixture of reduced strategies (Kuhn's theorem).

    ``strategies`` are :class:`~gametheory_ukraine.games.convert.ReducedStrategy`
    records of ``player`` and ``probabilities`` their weights.
    """
    index = sequences(game, player)
    exact = all(isinstance(p, (int, Fraction)) for p in probabilities)
    realization: list[Any] = [Fraction(0) if exact else 0.0] * len(index)
    realization[0] = sum(probabilities, Fraction(0) if exact else 0.0)
    for strategy, weight in zip(strategies, probabilities):
        for s, a in strategy.choices:
            if a is not None:
                realization[index.first_sequence[s] + a] += weight
    return behavior_from_realization(game, player, realization)
