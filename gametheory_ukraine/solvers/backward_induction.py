"""``spe``: subgame-perfect equilibria of perfect-information trees by backward induction.

The tree's flat arrays are reduced one depth level at a time, deepest first:
at every decision node of the level the mover picks the child with the
highest value for her (one ``argmax`` over a padded ``(nodes, actions)``
array), and every chance node takes the probability-weighted mean of its
children (one weighted sum).  The same code runs on float arrays and, for
exact games, on arrays of Fractions, so the answer is certified exactly.

With ties a player may pick any maximising action, and each pick can change
what players higher up the tree prefer; ``all=True`` lists every pure
subgame-perfect equilibrium (up to ``max_equilibria``) by carrying, for every
node, the set of (value, continuation) pairs its subtree admits.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np

from ..errors import SolverError
from ..games import CHANCE, ExtensiveGame
from .behavior import node_values, one_shot_regret
from .budget import BUDGET_EXCEEDED, Budget, BudgetExceeded
from .registry import register
from .result import Equilibrium, Result

RELATIVE_TOLERANCE = 1e-9
DEFAULT_MAX_EQUILIBRIA = 1000


@dataclass(frozen=True)
class _Level:
    """The nodes of one depth level, padded for vectorised reduction."""

    decision: np.ndarray  # node indices
    decision_children: np.ndarray  # (m, k_max); padding repeats the first child
    decision_valid: np.ndarray  # (m, k_max) bool: real children
    mover: np.ndarray  # (m,)
    chance: np.ndarray
    chance_children: np.ndarray
    chance_probabilities: np.ndarray  # (c, k_max) float; 0 on padding
    chance_exact: np.ndarray | None  # same as Fractions


def _padded(game: ExtensiveGame, nodes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    arrays = game.arrays
    counts = arrays.num_children[nodes]
    width = int(counts.max()) if nodes.size else 0
    offsets = np.minimum(np.arange(width)[None, :], counts[:, None] - 1)
    valid = np.arange(width)[None, :] < counts[:, None]
    children = arrays.children[arrays.child_start[nodes][:, None] + np.where(valid, offsets, 0)]
    return children, valid


def level_plan(game: ExtensiveGame) -> tuple[_Level, ...]:
    """The tree's decision and chance nodes per depth level, padded for vectorised reduction (cached)."""

    def build() -> tuple[_Level, ...]:
        arrays = game.arrays
        plan = []
        for level in arrays.levels:
            inner = level[arrays.num_children[level] > 0]
            movers = arrays.player[inner]
            decision, chance = inner[movers >= 0], inner[movers == CHANCE]
            d_children, d_valid = _padded(game, decision)
            c_children, c_valid = _padded(game, chance)
            probabilities = np.where(c_valid, arrays.edge_probability[c_children], 0.0)
            exact = None
            if arrays.exact_edge_probability is not None:
                exact = np.where(c_valid, arrays.exact_edge_probability[c_children], Fraction(0)).astype(object)
            plan.append(_Level(decision, d_children, d_valid, arrays.player[decision], chance,
                               c_children, probabilities, exact))
        return tuple(plan)

    return game.cached("backward_induction_plan", build)


def backward_induction(game: ExtensiveGame, exact: bool | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Values, choices and tie flags of the backward-induction solution.

    Returns ``(values, choice, tied)``: the payoff vector at every node, the
    chosen action index at every decision node (``-1`` elsewhere), and whether
    the mover was indifferent between two or more best actions there.  Ties
    are broken towards the first action.
    """
    exact = game.is_exact if exact is None else exact and game.is_exact
    arrays = game.arrays
    values = np.array(arrays.exact_payoffs if exact else arrays.payoffs, dtype=object if exact else float)
    choice = np.full(game.num_nodes, -1, dtype=np.int64)
    tied = np.zeros(game.num_nodes, dtype=bool)
    tolerance = 0 if exact else RELATIVE_TOLERANCE * max(1.0, float(np.abs(arrays.payoffs).max(initial=0.0)))
    for level in reversed(level_plan(game)):
        if level.decision.size:
            children = values[level.decision_children]  # (m, k, n)
            own = np.take_along_axis(children, level.mover[:, None, None], axis=2)[..., 0]  # (m, k)
            best = np.argmax(own, axis=1)
            rows = np.arange(level.decision.size)
            top = own[rows, best]
            values[level.decision] = children[rows, best]
            choice[level.decision] = best
            ties = (np.asarray(own >= (top[:, None] - tolerance), dtype=bool) & level.decision_valid).sum(axis=1)
            tied[level.decision] = ties > 1
        if level.chance.size:
            weights = level.chance_exact if exact else level.chance_probabilities
            values[level.chance] = (weights[..., None] * values[level.chance_children]).sum(axis=1)
    return values, choice, tied


def _behavior_from_choices(game: ExtensiveGame, choice: np.ndarray) -> tuple[tuple[tuple[Fraction, ...], ...], ...]:
    """Pure behavior (as exact 0/1 vectors) per player per information set."""
    members = game.members
    profile = []
    for p in range(game.num_players):
        player_sets = []
        for s in game.player_infosets(p):
            node = members[s][0]
            k = len(game.infosets[s].actions)
            player_sets.append(tuple(Fraction(int(a == choice[node])) for a in range(k)))
        profile.append(tuple(player_sets))
    return tuple(profile)


def _equilibrium(game: ExtensiveGame, choice: np.ndarray, exact: bool) -> Equilibrium:
    pure = _behavior_from_choices(game, choice)
    behavior = tuple(tuple(np.array([float(x) for x in a]) for a in player) for player in pure)
    values = node_values(game, pure if exact else behavior, exact)
    root = values[0]
    regret = one_shot_regret(game, pure if exact else behavior, exact)
    return Equilibrium(
        payoffs=np.array([float(x) for x in root]),
        regret=float(regret),
        behavior=behavior,
        exact_behavior=pure if exact else None,
        exact_payoffs=tuple(Fraction(x) for x in root) if exact else None,
    )


def _all_choices(game: ExtensiveGame, exact: bool, limit: int) -> tuple[list[np.ndarray], bool]:
    """Every pure SPE as a choice array, and whether the list is complete."""
    arrays = game.arrays
    payoffs = arrays.exact_payoffs if exact else arrays.payoffs
    tolerance = 0 if exact else RELATIVE_TOLERANCE * max(1.0, float(np.abs(arrays.payoffs).max(initial=0.0)))
    # options[v]: list of (value vector, ((node, action), ...)) for the subtree at v
    options: list[Any] = [None] * game.num_nodes
    complete = True
    for v in reversed(range(game.num_nodes)):  # preorder reversed: children before parents
        k = arrays.num_children[v]
        if k == 0:
            options[v] = [(tuple(payoffs[v]), ())]
            continue
        kids = arrays.children[arrays.child_start[v]:arrays.child_start[v] + k]
        mover = arrays.player[v]
        found = []
        for combination in itertools.product(*(options[c] for c in kids)):
            if len(found) >= limit:
                complete = False
                break
            moves = tuple(m for _, ms in combination for m in ms)
            if mover == CHANCE:
                probabilities = (game.infosets[arrays.infoset[v]].probabilities if exact
                                 else arrays.edge_probability[kids])
                value = tuple(sum(p * val[i] for p, (val, _) in zip(probabilities, combination))  # type: ignore[arg-type]
                              for i in range(game.num_players))
                found.append((value, moves))
                continue
            top = max(val[mover] for val, _ in combination)
            for a, (val, _) in enumerate(combination):
                if val[mover] >= top - tolerance:
                    found.append((val, moves + ((v, a),)))
        options[v] = found
    choices = []
    for _, moves in options[0][:limit]:
        choice = np.full(game.num_nodes, -1, dtype=np.int64)
        for node, action in moves:
            choice[node] = action
        choices.append(choice)
    return choices, complete and len(options[0]) <= limit


@register("spe", {"extensive"}, "subgame-perfect equilibria (backward induction, subgame decomposition)")
def spe(game: ExtensiveGame, all: bool = False, max_equilibria: int = DEFAULT_MAX_EQUILIBRIA,  # noqa: A002
        budget: Budget | None = None) -> Result:
    """Subgame-perfect equilibria: backward induction, or subgame decomposition under imperfect information.

    Parameters
    ----------
    game:
        Any tree (chance nodes allowed).  Perfect-information trees are
        solved by vectorised backward induction; others by solving their
        proper subgames bottom-up (:mod:`.subgames`), composing every
        combination of the subgames' equilibria.
    all:
        List every pure choice when some player is indifferent at a node;
        by default ties go to the first action.
    max_equilibria:
        Stop after this many equilibria (the result is then incomplete).
    budget:
        Time budget (``--timeout``) for the decomposition.

    Examples
    --------
    >>> import gametheory_ukraine as gt
    >>> entry = gt.ExtensiveGame.from_tree(["Entrant", "Incumbent"], {"player": "Entrant", "moves": {
    ...     "Out": {"payoffs": [0, 2]}, "In": {"player": "Incumbent", "moves": {
    ...         "Fight": {"payoffs": [-1, -1]}, "Accommodate": {"payoffs": [1, 1]}}}}})
    >>> [e.exact_payoffs for e in spe(entry).equilibria]
    [(Fraction(1, 1), Fraction(1, 1))]
    """
    if max_equilibria < 1:
        raise SolverError("max_equilibria must be at least 1")
    if not game.is_perfect_information:
        from .subgames import subgame_perfect_equilibria

        try:
            found, notes, complete = subgame_perfect_equilibria(
                game, all_ties=all, max_equilibria=max_equilibria, budget=budget)
        except BudgetExceeded as stop:
            return Result(game, "spe", (), complete=False, seconds=0.0, notes=(str(stop),), status=BUDGET_EXCEEDED)
        return Result(game, "spe", tuple(found), complete=complete, seconds=0.0, notes=tuple(notes))
    exact = game.is_exact
    _, choice, tied = backward_induction(game, exact)
    notes: list[str] = []
    if not tied.any():
        choices, complete = [choice], True
    elif all:
        choices, complete = _all_choices(game, exact, max_equilibria)
        if not complete:
            notes.append(f"stopped after {max_equilibria} equilibria (max_equilibria)")
    else:
        choices, complete = [choice], False
        notes.append(f"{int(tied.sum())} decision nodes have ties, broken towards the first action; "
                     "use all=True (--all) for every pure subgame-perfect equilibrium")
    equilibria = tuple(_equilibrium(game, c, exact) for c in choices)
    return Result(game, "spe", equilibria, complete=complete, seconds=0.0, notes=tuple(notes))
