"""``spe``: subgame-perfect equilibria of perfect-information trees by backward induction.

The tree's flat arrays are reduced one depth level at a time, deepest first:
at every decision node of the level the mover picks the child with the
highest value for her (one ``argmax`` over a padded ``(nodes, actions)``
array), and every chance node takes the probability-weighted mean of its
children (one weighted sum).  The loop (:func:`reduce_levels`) carries a
batch axis: ``spe`` runs it on a batch of one game, on floats or, for exact
games, on arrays of Fractions (so the answer is certified exactly), and a
sweep runs it on thousands of calibrations of a model at once.  Ties go to
the first action within the tolerance of the best (zero on Fractions), so a
float game whose exact tie was rounded apart breaks it as the exact game does.

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
WIDE_BATCH = 64
"""From this batch size on, :func:`reduce_levels` selects the chosen children action by action."""


@dataclass(frozen=True)
class _Level:
    """The nodes of one depth level, padded for vectorised reduction."""

    decision: np.ndarray  # node indices
    decision_children: np.ndarray  # (m, k_max); padding repeats the first child
    decision_valid: np.ndarray  # (m, k_max) bool: real children
    decision_rows: np.ndarray  # (m, 1): arange(m), to index one child per row
    mover: np.ndarray  # (m,)
    chance: np.ndarray
    chance_children: np.ndarray
    chance_valid: np.ndarray
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
                exact = np.where(c_valid, arrays.exact_edge_probability[c_children],  # type: ignore[call-overload]
                                 Fraction(0)).astype(object)
            plan.append(_Level(decision, d_children, d_valid, np.arange(decision.size)[:, None],
                               arrays.player[decision], chance,
                               c_children, c_valid, probabilities, exact))
        return tuple(plan)

    return game.cached("backward_induction_plan", build)


def reduce_levels(game: ExtensiveGame, values: np.ndarray, tolerance: Any = 0,
                  edge_probabilities: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Backward induction on a batch of payoff assignments of one tree, in place.

    This is the one level loop behind both ``spe`` (a batch of one game, on
    floats or on Fractions) and the batched solver of sweeps (many
    calibrations of a model).  Levels are reduced deepest first; at each
    level every decision node takes the value of the first action whose
    payoff to the mover is within ``tolerance`` of her best (so that float
    rounding of an exact tie still breaks towards the first action, as on
    Fractions), and every chance node the probability-weighted sum of its
    children.

    Parameters
    ----------
    game:
        The tree; its shape only is read (``level_plan``).  Each mover
        maximises her own value node by node, which is backward induction on
        a perfect-information tree; on other trees only the values below the
        last real decisions mean anything (their expected payoffs).
    values:
        ``(nodes, players, batch)``, leaf payoffs filled in (float, or object
        arrays of Fractions); the inner nodes are overwritten with their values.
    tolerance:
        Absolute tolerance of the comparisons (``0`` on exact games).
    edge_probabilities:
        ``(nodes, batch)``: the probability of each edge per batch member; by
        default the tree's own chance probabilities (exact when ``values`` has
        dtype object).

    Returns
    -------
    (choice, tied)
        ``(nodes, batch)``: the chosen action at each decision node (``-1``
        elsewhere) and whether the mover had two or more actions within the
        tolerance of her best there.

    Examples
    --------
    >>> import gametheory_ukraine as gt
    >>> game = gt.ExtensiveGame.from_tree(["A", "B"], {"player": "A", "moves": {
    ...     "Out": {"payoffs": [0, 2]}, "In": {"player": "B", "moves": {
    ...         "Fight": {"payoffs": [-1, -1]}, "Share": {"payoffs": [1, 1]}}}}})
    >>> values = np.zeros((game.num_nodes, 2, 2))
    >>> values[game.arrays.leaves] = [[[0, 0], [2, 2]], [[-1, -1], [-1, 3]], [[1, 1], [1, 1]]]  # (player, batch)
    >>> choice, tied = reduce_levels(game, values)
    >>> choice[0].tolist(), values[0, 0].tolist()      # the second batch member makes B fight
    ([1, 0], [1.0, 0.0])
    """
    batch = values.shape[2]
    plan = level_plan(game)
    choice = np.full((game.num_nodes, batch), -1, dtype=np.int8 if game.arrays.num_children.max() < 128 else np.int64)
    tied = np.zeros((game.num_nodes, batch), dtype=bool)
    # A narrow batch (one game in ``spe``) gathers the chosen children in one indexing; a wide
    # one selects them action by action, which copies contiguous rows and runs faster there.
    gather = batch < WIDE_BATCH
    if gather:
        players = np.arange(values.shape[1])[None, :, None]
        members = np.arange(batch)[None, None, :]
    for level in reversed(plan):
        if level.decision.size:
            children, valid = level.decision_children, level.decision_valid  # (m, k)
            own = values[children, level.mover[:, None]]  # (m, k, b): each mover's own payoff
            # Padding repeats a real child: it cannot change the best, only the count of ties.
            near_top = (own >= own.max(axis=1, keepdims=True) - tolerance) & valid[:, :, None]
            best = np.argmax(near_top, axis=1).astype(choice.dtype)  # (m, b): first action near the best
            if gather:
                chosen = children[level.decision_rows, best]  # (m, b) node indices
                values[level.decision] = values[chosen[:, None, :], players, members]
            else:
                selected = values[children[:, 0]]
                for j in range(1, children.shape[1]):  # at most a few actions: a select per action
                    selected = np.where((best == j)[:, None, :], values[children[:, j]], selected)
                values[level.decision] = selected
            choice[level.decision] = best
            tied[level.decision] = near_top.sum(axis=1) > 1
        if level.chance.size:
            children = level.chance_children
            if edge_probabilities is None:  # one set of probabilities for the whole batch
                exact = values.dtype == object and level.chance_exact is not None
                weights = (level.chance_exact if exact else level.chance_probabilities)[:, :, None, None]  # type: ignore[index]
                values[level.chance] = (weights * values[children]).sum(axis=1)
            else:  # per batch member: accumulate child by child, padding weighing nothing
                total = edge_probabilities[children[:, 0]][:, None, :] * values[children[:, 0]]
                for j in range(1, children.shape[1]):
                    weights = edge_probabilities[children[:, j]] * level.chance_valid[:, j, None]
                    total += weights[:, None, :] * values[children[:, j]]
                values[level.chance] = total
    return choice, tied


def backward_induction(game: ExtensiveGame, exact: bool | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Values, choices and tie flags of the backward-induction solution.

    Returns ``(values, choice, tied)``: the payoff vector at every node, the
    chosen action index at every decision node (``-1`` elsewhere), and whether
    the mover was indifferent between two or more best actions there.  Ties
    are broken towards the first action.  The game is a batch of one for
    :func:`reduce_levels`.

    >>> import gametheory_ukraine as gt
    >>> values, choice, tied = backward_induction(gt.load("authorization-sequential").game())
    >>> values[0].tolist(), int(choice[0])
    ([Fraction(1, 1), Fraction(4, 1)], 0)
    """
    exact = game.is_exact if exact is None else exact and game.is_exact
    arrays = game.arrays
    values = np.array(arrays.exact_payoffs if exact else arrays.payoffs, dtype=object if exact else float)[:, :, None]
    tolerance = 0 if exact else RELATIVE_TOLERANCE * max(1.0, float(np.abs(arrays.payoffs).max(initial=0.0)))
    choice, tied = reduce_levels(game, values, tolerance)
    return values[:, :, 0], choice[:, 0].astype(np.int64), tied[:, 0]


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
    payoffs: np.ndarray = arrays.exact_payoffs if exact else arrays.payoffs  # type: ignore[assignment]
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
        found: list[Any] = []
        for combination in itertools.product(*(options[c] for c in kids)):
            if len(found) >= limit:
                complete = False
                break
            moves = tuple(m for _, ms in combination for m in ms)
            if mover == CHANCE:
                probabilities = (game.infosets[arrays.infoset[v]].probabilities if exact
                                 else arrays.edge_probability[kids])
                value = tuple(sum(p * val[i] for p, (val, _) in zip(probabilities, combination))
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
            found, subgame_notes, complete = subgame_perfect_equilibria(
                game, all_ties=all, max_equilibria=max_equilibria, budget=budget)
        except BudgetExceeded as stop:
            return Result(game, "spe", (), complete=False, seconds=0.0, notes=(str(stop),), status=BUDGET_EXCEEDED)
        return Result(game, "spe", tuple(found), complete=complete, seconds=0.0, notes=tuple(subgame_notes))
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
