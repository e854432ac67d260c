"""From an extensive game to its reduced strategic form.

A *pure strategy* of player ``i`` picks an action at each of her information
sets.  Two strategies that differ only at information sets which the
strategy's own earlier choices make unreachable lead to the same play against
every opponent profile; the *reduced* strategic form keeps one of them, and
leaves those sets unspecified.  This is Gambit's strategic form of a tree: a
reduced strategy is labelled with one character per information set of the
player (the 1-based action index, or ``*`` where the set is unreachable), and
strategies are listed in the order of a depth-first walk of the tree that
branches at the player's first unassigned information set.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from math import gcd
from typing import Any, Sequence

import numpy as np

from ..errors import GameTooLargeError
from .extensive import ExtensiveGame
from .normal import NormalFormGame

MAX_PROFILES = 1_000_000
"""Largest number of strategy profiles :func:`reduced_strategic_form` will tabulate."""
MAX_CELLS = 50_000_000
"""Largest (profiles x plays) product it will tabulate: the memory of the contraction."""


@dataclass(frozen=True)
class ReducedStrategy:
    """One reduced pure strategy: the action (index) chosen at each of the
    player's information sets, ``None`` where the strategy makes the set unreachable."""

    player: int
    choices: tuple[tuple[int, int | None], ...]  # (infoset index, action index or None)

    @property
    def label(self) -> str:
        if not self.choices:
            return "*"  # a player without moves has one empty strategy; Gambit labels it so
        return "".join("*" if a is None else str(a + 1) for _, a in self.choices)

    def action_at(self, infoset: int) -> int | None:
        return dict(self.choices)[infoset]


def reduced_strategies(game: ExtensiveGame, player: int) -> list[ReducedStrategy]:
    """All reduced pure strategies of ``player``, in Gambit's order.

    >>> import gametheory_ukraine as gt
    >>> game = gt.ExtensiveGame.from_tree(["A", "B"], {"player": "A", "moves": {
    ...     "stop": {"payoffs": [1, 0]},
    ...     "go": {"player": "B", "moves": {"stop": {"payoffs": [0, 2]},
    ...         "go": {"player": "A", "moves": {"l": {"payoffs": [3, 1]}, "r": {"payoffs": [2, 4]}}}}}}})
    >>> [s.label for s in reduced_strategies(game, 0)]
    ['1*', '21', '22']
    """
    return list(_reduced_strategies(game, player))


def _reduced_strategies(game: ExtensiveGame, player: int) -> tuple[ReducedStrategy, ...]:
    return game.cached(("reduced_strategies", player), lambda: _enumerate_reduced(game, player))


def _enumerate_reduced(game: ExtensiveGame, player: int) -> tuple[ReducedStrategy, ...]:
    nodes, infosets = game.nodes, game.infosets
    own = game.player_infosets(player)

    def first_open(assignment: dict[int, int]) -> int | None:
        """The first node of ``player`` at an unassigned set, in the walk pruned by ``assignment``."""
        stack = [0]
        while stack:
            v = stack.pop()
            s = nodes[v].infoset
            if s is None:
                continue
            if infosets[s].player == player:
                if s not in assignment:
                    return s
                stack.append(nodes[v].children[assignment[s]])
            else:
                stack.extend(reversed(nodes[v].children))
        return None

    found: list[ReducedStrategy] = []

    def extend(assignment: dict[int, int]) -> None:
        s = first_open(assignment)
        if s is None:
            found.append(ReducedStrategy(player, tuple((i, assignment.get(i)) for i in own)))
            return
        for a in range(len(infosets[s].actions)):
            assignment[s] = a
            extend(assignment)
            del assignment[s]

    extend({})
    return tuple(found)


def count_reduced_strategies(game: ExtensiveGame, player: int) -> int:
    """How many reduced strategies ``player`` has, without listing them.

    With perfect recall the count factorises over the player's information
    sets: the choices below different actions of a set add up, the sets that
    follow one action combine freely and multiply.  Without perfect recall
    the strategies are listed and counted.

    >>> import gametheory_ukraine as gt
    >>> game = gt.ExtensiveGame.from_tree(["A", "B"], {"player": "A", "moves": {
    ...     "stop": {"payoffs": [1, 0]},
    ...     "go": {"player": "B", "moves": {"stop": {"payoffs": [0, 2]},
    ...         "go": {"player": "A", "moves": {"l": {"payoffs": [3, 1]}, "r": {"payoffs": [2, 4]}}}}}}})
    >>> count_reduced_strategies(game, 0)
    3
    """
    if not game.has_perfect_recall:
        return len(reduced_strategies(game, player))
    # With perfect recall every information set of the player follows one own
    # sequence (infoset, action): the sets form a forest, and the count factorises.
    history = game._own_histories()
    below: dict[Any, list[int]] = {}
    for s in game.player_infosets(player):
        own = history[game.members[s][0]][player]
        below.setdefault(own[-1] if own else None, []).append(s)

    def count(infoset: int) -> int:
        total = 0
        for a in range(len(game.infosets[infoset].actions)):
            product = 1
            for child in below.get((infoset, a), []):
                product *= count(child)
            total += product
        return total

    result = 1
    for root in below.get(None, []):
        result *= count(root)
    return result


def _consistency(game: ExtensiveGame, player: int, strategies: Sequence[ReducedStrategy]) -> np.ndarray:
    """``M[s, l]``: whether strategy ``s`` takes every own action on the path to leaf ``l``."""
    own = game.player_infosets(player)
    column = {s: k for k, s in enumerate(own)}
    chosen = np.array([[-1 if a is None else a for _, a in strategy.choices] for strategy in strategies],
                      dtype=np.int64).reshape(len(strategies), len(own))
    leaves = game.arrays.leaves
    matrix = np.ones((len(strategies), len(leaves)), dtype=bool)
    for j, leaf in enumerate(leaves):
        moves = [(column[game.nodes[v].infoset], a) for v, a in game.path(int(leaf))  # type: ignore[index]
                 if game.nodes[v].infoset in column]
        if moves:
            sets, actions = zip(*moves)
            matrix[:, j] = np.all(chosen[:, list(sets)] == np.array(actions), axis=1)
    return matrix


def reduced_strategic_form(game: ExtensiveGame, exact: bool | None = None) -> NormalFormGame:
    """The reduced strategic form of ``game`` as a :class:`NormalFormGame`.

    Expected payoffs over chance are exact when the tree is exact.  Strategy
    labels follow Gambit (see the module docstring).

    >>> import gametheory_ukraine as gt
    >>> tree = gt.ExtensiveGame.from_tree(["A", "B"], {"player": "A", "moves": {
    ...     "L": {"payoffs": [1, 1]}, "R": {"player": "B", "moves": {
    ...         "l": {"payoffs": [0, 0]}, "r": {"payoffs": [2, 3]}}}}})
    >>> reduced_strategic_form(tree).shape
    (2, 2)
    """
    exact = game.is_exact if exact is None else exact and game.is_exact
    return game.cached(("reduced_strategic_form", exact), lambda: _tabulate(game, exact))


def _tabulate(game: ExtensiveGame, exact: bool) -> NormalFormGame:
    n = game.num_players
    profiles = int(np.prod([count_reduced_strategies(game, p) for p in range(n)], dtype=object))
    if profiles > MAX_PROFILES or profiles * len(game.arrays.leaves) > MAX_CELLS:
        raise GameTooLargeError(
            f"the reduced strategic form has {profiles} strategy profiles over "
            f"{len(game.arrays.leaves)} plays (limits {MAX_PROFILES} profiles, {MAX_CELLS} "
            f"profile-play pairs); use a method that works on the tree"
        )
    strategies = [reduced_strategies(game, p) for p in range(n)]
    leaves = game.arrays.leaves
    matrices = [_consistency(game, p, strategies[p]) for p in range(n)]
    if exact:
        payoffs = _exact_table(game, matrices)
    else:
        weighted = (game.arrays.payoffs[leaves] * game.arrays.chance_reach[leaves][:, None]).T
        payoffs = _contract(weighted, [m.astype(float) for m in matrices])
    return NormalFormGame(
        payoffs,
        players=game.players,
        strategies=[[s.label for s in strategies[p]] for p in range(n)],
        title=game.title,
        description=game.description,
        parameters=game.parameters,
    )


def _contract(weighted: np.ndarray, matrices: Sequence[np.ndarray]) -> np.ndarray:
    """``T[p, s_1..s_n] = sum_l weighted[p, l] * prod_i M_i[s_i, l]`` in one einsum."""
    letters = "abcdefghijkmnopqrstuvwxyz"  # 'l' indexes the plays
    if len(matrices) > len(letters):
        raise GameTooLargeError(f"{len(matrices)} players are more than the tabulation supports")
    operands = ",".join(f"{letters[i]}l" for i in range(len(matrices)))
    spec = f"Pl,{operands}->P{letters[:len(matrices)]}"
    return np.einsum(spec, weighted, *matrices, optimize=True)


def _exact_table(game: ExtensiveGame, matrices: Sequence[np.ndarray]) -> np.ndarray:
    """The exact table: integer numerators over one common denominator, then Fractions.

    Every play's weighted payoff is ``N / D`` with one ``D`` for the game, so
    the contraction runs on int64 when the numerators are small enough to
    make overflow impossible, and on Python integers otherwise.
    """
    leaves = game.arrays.leaves
    weighted = [[_exact_reach(game, int(v)) * x for x in row]
                for v, row in zip(leaves, game.leaf_payoffs(exact=True))]
    denominator = 1
    for row in weighted:
        for x in row:
            denominator = denominator * x.denominator // gcd(denominator, x.denominator)
    numerators = [[int(x * denominator) for x in row] for row in weighted]
    bound = max((abs(x) for row in numerators for x in row), default=0) * max(1, len(leaves))
    dtype: Any = np.int64 if bound < 2**62 else object
    table = _contract(np.array(numerators, dtype=dtype).T.reshape(game.num_players, len(leaves)),
                      [m.astype(dtype) for m in matrices])
    to_fraction = np.frompyfunc(lambda x: Fraction(int(x), denominator), 1, 1)
    return to_fraction(table.astype(object))


def _exact_reach(game: ExtensiveGame, node: int):  # noqa: ANN202 - a Fraction
    """Product of the exact chance probabilities on the path to ``node``."""
    reach = game.arrays.exact_edge_probability
    total = reach[node]  # type: ignore[index]
    parent = game.arrays.parent
    while parent[node] >= 0:
        node = int(parent[node])
        total = total * reach[node]  # type: ignore[index]
    return total
