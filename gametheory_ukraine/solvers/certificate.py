"""Certificates: how much a player gains by deviating from a profile.

The same code runs on float arrays and on object arrays of Fractions, so a
profile of an exact game is certified in rational arithmetic.
"""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING, Any, Sequence

import numpy as np

from ..games import NormalFormGame

if TYPE_CHECKING:
    from .result import Equilibrium


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
    >>> float(mixed_regret(pd, [[1, 0], [1, 0]])[0])
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


FLOAT_TOLERANCE = 1e-8


def certify(game: NormalFormGame, profile: Sequence[Any], tolerance: float = FLOAT_TOLERANCE) -> "Equilibrium | None":
    """The certified equilibrium record of a (float) mixed profile, or ``None`` if it fails.

    On an exact two-player game the profile is re-solved exactly on its
    support (see :mod:`.exact`), and accepted only if its exact regret is 0.
    On other exact games the profile's rational rounding is checked exactly
    and kept exact when it passes.  Otherwise the float regret must be below
    ``tolerance`` times the payoff scale.

    >>> import gametheory_ukraine as gt
    >>> pennies = gt.NormalFormGame.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> certify(pennies, [[0.5, 0.5], [0.5000000001, 0.4999999999]]).exact_profile
    ((Fraction(1, 2), Fraction(1, 2)), (Fraction(1, 2), Fraction(1, 2)))
    """
    from .exact import rational, resolve_on_support
    from .result import Equilibrium

    floats = [np.clip(np.asarray(p, dtype=float), 0.0, None) for p in profile]
    floats = [p / p.sum() for p in floats]
    if game.exact is not None:
        supports = [np.flatnonzero(p > 1e-9) for p in floats]
        if game.num_players == 2:
            row, column = supports
            x = resolve_on_support(game.exact[1].T, column, row, floats[0])
            y = resolve_on_support(game.exact[0], row, column, floats[1])
            candidate = None if x is None or y is None else [x[0], y[0]]
        else:
            candidate = [[rational(v) if i in set(s) else Fraction(0) for i, v in enumerate(p)]
                         for p, s in zip(floats, supports)]
            candidate = [[v / sum(p) for v in p] for p in candidate]
        if candidate is not None:
            certified = certify_exact(game, candidate)
            if certified is not None:
                return certified
    regret, payoffs = mixed_regret(game, floats)
    scale = max(1.0, float(np.abs(game.payoffs).max()))
    if regret > tolerance * scale:
        return None
    return Equilibrium(payoffs=np.array(payoffs, dtype=float), regret=float(max(regret, 0.0)), profile=tuple(floats))


def certify_pairs(game: NormalFormGame, rows: np.ndarray, columns: np.ndarray,
                  tolerance: float = FLOAT_TOLERANCE) -> "list[Equilibrium | None]":
    """:func:`certify` for many float profiles of a two-player game at once.

    ``rows[e]`` and ``columns[e]`` are the two mixed strategies of candidate
    ``e``; the regrets of all candidates are computed in one matrix product.

    >>> import gametheory_ukraine as gt
    >>> pennies = gt.NormalFormGame.from_arrays([[1.0, -1], [-1, 1]], [[-1.0, 1], [1, -1]])
    >>> [e is not None for e in certify_pairs(pennies, np.array([[.5, .5], [1, 0]]), np.array([[.5, .5], [1, 0]]))]
    [True, False]
    """
    from .result import Equilibrium

    A, B = game.payoffs
    row_values = columns @ A.T          # (e, m): each row strategy against the column mixture
    column_values = rows @ B            # (e, n)
    row_payoff = np.einsum("em,em->e", rows, row_values)
    column_payoff = np.einsum("en,en->e", columns, column_values)
    regret = np.maximum(row_values.max(axis=1) - row_payoff, column_values.max(axis=1) - column_payoff)
    scale = max(1.0, float(np.abs(game.payoffs).max()))
    return [Equilibrium(payoffs=np.array([row_payoff[e], column_payoff[e]]), regret=float(max(regret[e], 0.0)),
                        profile=(rows[e].copy(), columns[e].copy()))
            if regret[e] <= tolerance * scale else None
            for e in range(len(rows))]


def certify_exact(game: NormalFormGame, profile: Sequence[Sequence[Any] | np.ndarray]) -> "Equilibrium | None":
    """The exact equilibrium record of a Fraction profile, or ``None`` if its exact regret is not 0."""
    from .result import Equilibrium

    regret, payoffs = mixed_regret(game, profile, exact=True)
    if regret != 0:
        return None
    return Equilibrium(
        payoffs=np.array([float(v) for v in payoffs]), regret=0.0,
        profile=tuple(np.array([float(v) for v in p]) for p in profile),
        exact_profile=tuple(tuple(p) for p in profile), exact_payoffs=tuple(payoffs))
