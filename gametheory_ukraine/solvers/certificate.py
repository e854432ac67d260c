"""Certificates: how much a player gains by deviating from a profile.

The same code runs on float arrays and on object arrays of Fractions, so a
profile of an exact game is certified in rational arithmetic.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from ..games import CHANCE, ExtensiveGame, NormalFormGame


def strategy_values(table: np.ndarray, profile: Sequence[Any], player: int) -> np.ndarray:
    """Player ``player``'s payoff from each of her pure strategies against the others' mixtures.

    ``table`` is ``payoffs[player]`` of shape ``(s_1, ..., s_n)``.
    """
    values = table
    # Contract the opponents' axes from the last one down so axis numbers stay valid.
    for other in reversed(range(len(profile))):
        if other != player:
            values = np.tensordot(values, np.asarray(profile[other], dtype=values.dtype), axes=([other], [0]))
    return values


def mixed_regret(game: NormalFormGame, profile: Sequence[Any], exact: bool = False) -> tuple[Any, list[Any]]:
    """The largest gain from a unilateral deviation, and the profile's payoffs.

    With ``exact=True`` (on an exact game, with a Fraction profile) the
    computation is done in rational arithmetic.

    >>> import gametheory_ukraine as gt
    >>> pd = gt.NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> mixed_regret(pd, [[1, 0], [1, 0]])[0]
    2.0
    """
    tables = game.exact if exact and game.exact is not None else game.payoffs
    if not (exact and game.exact is not None):
        profile = [np.asarray(p, dtype=float) for p in profile]
    else:
        profile = [np.asarray(list(p), dtype=object) for p in profile]
    regret: Any = None
    payoffs = []
    for p in range(game.num_players):
        values = strategy_values(tables[p], profile, p)
        value = values.dot(profile[p])
        payoffs.append(value)
        gain = max(values) - value
        regret = gain if regret is None else max(regret, gain)
    return regret, payoffs


def behavior_node_values(game: ExtensiveGame, behavior: Sequence[Sequence[Any]], exact: bool = False) -> np.ndarray:
    """Expected payoff vector at every node when play follows ``behavior``.

    ``behavior[player][k]`` holds the action probabilities at the player's
    ``k``-th information set.  The value of a node includes the outcomes on
    the path from the root to it (those are common to every continuation).
    """
    arrays = game.arrays
    use_exact = exact and game.is_exact
    values = np.array(arrays.exact_payoffs if use_exact else arrays.payoffs, dtype=object if use_exact else float)
    local = _local_probabilities(game, behavior, use_exact)
    for level in reversed(arrays.levels):
        for v in level:
            k = arrays.num_children[v]
            if k == 0:
                continue
            start = arrays.child_start[v]
            kids = arrays.children[start:start + k]
            probs = local[arrays.infoset[v]]
            values[v] = sum(probs[a] * values[c] for a, c in enumerate(kids))
    return values


def _local_probabilities(game: ExtensiveGame, behavior: Sequence[Sequence[Any]], exact: bool) -> list[Any]:
    """Action probabilities per information set, chance sets included."""
    per_player = [list(game.player_infosets(p)) for p in range(game.num_players)]
    local: list[Any] = [None] * len(game.infosets)
    for p, sets in enumerate(per_player):
        for k, s in enumerate(sets):
            local[s] = list(behavior[p][k])
    for s, infoset in enumerate(game.infosets):
        if infoset.player == CHANCE:
            local[s] = list(infoset.probabilities) if exact else [float(x) for x in infoset.probabilities]  # type: ignore[union-attr]
    return local


def one_shot_regret(game: ExtensiveGame, behavior: Sequence[Sequence[Any]], exact: bool = False) -> Any:
    """Largest gain from changing the action at one decision node, play elsewhere fixed.

    For perfect-information games this is zero exactly when ``behavior`` is
    subgame perfect (the one-shot deviation principle).
    """
    arrays = game.arrays
    values = behavior_node_values(game, behavior, exact)
    worst: Any = 0
    for v in range(game.num_nodes):
        mover = arrays.player[v]
        if mover < 0:
            continue
        start = arrays.child_start[v]
        kids = arrays.children[start:start + arrays.num_children[v]]
        best = max(values[c][mover] for c in kids)
        worst = max(worst, best - values[v][mover])
    return worst
