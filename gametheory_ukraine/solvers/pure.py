"""``enumpure``: every pure-strategy Nash equilibrium of an n-player strategic game.

A profile is an equilibrium when every player's strategy is a best response
to the others'.  For player ``p`` the best-response mask is
``payoffs[p] >= payoffs[p].max(axis=p)`` (broadcast along her own axis); the
equilibria are the cells where all ``n`` masks hold.  That is ``n`` array
reductions, with no Python loop over profiles.  Floats are compared with a
tolerance scaled to the payoffs, and on exact games every candidate is then
re-checked in rational arithmetic, so the answer is exact.

On an extensive game the method works on the reduced strategic form.
"""

from __future__ import annotations

from fractions import Fraction
from math import lcm

import numpy as np

from ..games import ExtensiveGame, NormalFormGame
from ..games.convert import reduced_strategic_form
from .budget import BUDGET_EXCEEDED, Budget, BudgetExceeded
from .registry import register
from .result import Equilibrium, Game, Result, exact_one_hot, one_hot

RELATIVE_TOLERANCE = 1e-9


def best_response_mask(payoffs: np.ndarray, tolerance: float = 0.0) -> np.ndarray:
    """Cells where every player's strategy is a best response (within ``tolerance``).

    ``payoffs`` has shape ``(n, s_1, ..., s_n)``; works on float and on
    Fraction (object) arrays.
    """
    mask = np.ones(payoffs.shape[1:], dtype=bool)
    for p in range(payoffs.shape[0]):
        best = payoffs[p].max(axis=p, keepdims=True)
        mask &= np.asarray(payoffs[p] >= best - tolerance, dtype=bool)
    return mask


def pure_equilibria(game: NormalFormGame, budget: Budget | None = None) -> list[tuple[int, ...]]:
    """The pure equilibria of ``game`` as strategy-index tuples, in cell order.

    >>> import gametheory_ukraine as gt
    >>> coordination = gt.NormalFormGame.from_arrays([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> pure_equilibria(coordination)
    [(0, 0), (1, 1)]
    """
    if game.exact is not None:
        integers = integer_payoffs(game.exact)
        if integers is not None:  # exact and vectorised: no candidate needs a second look
            return [tuple(int(i) for i in c) for c in np.argwhere(best_response_mask(integers))]
    scale = max(1.0, float(np.abs(game.payoffs).max()))
    mask = best_response_mask(game.payoffs, RELATIVE_TOLERANCE * scale)
    candidates = [tuple(int(i) for i in c) for c in np.argwhere(mask)]
    if game.exact is None:
        return candidates
    stable = []
    for k, cell in enumerate(candidates):
        if budget is not None and k % 1000 == 0:
            budget.tick()
        if _exactly_stable(game.exact, cell):
            stable.append(cell)
    return stable


def integer_payoffs(exact: np.ndarray) -> np.ndarray | None:
    """Each player's exact payoffs times a common denominator, as int64; ``None`` if they do not fit.

    Scaling one player's payoffs by a positive constant changes none of her
    comparisons, so best responses computed on these integers are exact.
    """
    tables = []
    for table in exact:
        flat = table.ravel()
        denominator = lcm(*(int(v.denominator) for v in flat))
        numerators = [int(v.numerator) * (denominator // int(v.denominator)) for v in flat]
        if max(map(abs, numerators), default=0) >= 2 ** 62:
            return None
        tables.append(np.array(numerators, dtype=np.int64).reshape(table.shape))
    return np.stack(tables)


def _exactly_stable(exact: np.ndarray, cell: tuple[int, ...]) -> bool:
    for p in range(exact.shape[0]):
        line = list(cell)
        line[p] = slice(None)  # type: ignore[call-overload]
        if max(exact[p][tuple(line)]) != exact[p][cell]:
            return False
    return True


def pure_equilibrium(game: NormalFormGame, cell: tuple[int, ...]) -> Equilibrium:
    """The certified :class:`Equilibrium` record of a pure profile."""
    shape = game.shape
    regret = 0.0
    for p in range(game.num_players):
        line = list(cell)
        line[p] = slice(None)  # type: ignore[call-overload]
        table = game.exact if game.exact is not None else game.payoffs
        regret = max(regret, float(max(table[p][tuple(line)]) - table[p][cell]))
    exact = game.exact is not None
    return Equilibrium(
        payoffs=np.array([game.payoffs[(p,) + cell] for p in range(game.num_players)]),
        regret=regret,
        profile=tuple(one_hot(k, i) for k, i in zip(shape, cell)),
        exact_profile=tuple(exact_one_hot(k, i) for k, i in zip(shape, cell)) if exact else None,
        exact_payoffs=tuple(Fraction(game.exact[(p,) + cell]) for p in range(game.num_players)) if exact else None,  # type: ignore[index]
    )


@register("enumpure", {"normal", "extensive"}, "all pure-strategy equilibria")
def enumpure(game: Game, budget: Budget | None = None, max_equilibria: int | None = None) -> Result:
    """All pure-strategy Nash equilibria (of the reduced strategic form for a tree).

    ``max_equilibria`` caps the list (the result is then incomplete): games
    with many equivalent strategies can have millions of pure equilibria.

    >>> import gametheory_ukraine as gt
    >>> matching = gt.NormalFormGame.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> len(enumpure(matching).equilibria)
    0
    """
    strategic = reduced_strategic_form(game) if isinstance(game, ExtensiveGame) else game
    try:
        cells = pure_equilibria(strategic, budget)
    except BudgetExceeded as stop:
        return Result(game, "enumpure", (), complete=False, seconds=0.0, strategic=strategic,
                      notes=(str(stop),), status=BUDGET_EXCEEDED)
    notes = ["searched pure strategies only: mixed equilibria may exist"]
    if max_equilibria is not None and len(cells) > max_equilibria:
        notes.append(f"{len(cells)} pure equilibria; the first {max_equilibria} are listed (max_equilibria)")
        cells = cells[:max_equilibria]
    equilibria = tuple(pure_equilibrium(strategic, c) for c in cells)
    return Result(game, "enumpure", equilibria, complete=False, seconds=0.0, strategic=strategic, notes=tuple(notes))
