"""``dominance``: iterated elimination of strictly dominated strategies.

Mathematics.  A strategy ``a`` of player ``p`` is *strictly dominated* by a
mixed strategy ``s`` of the same player (over her other remaining
strategies) when ``s`` earns strictly more than ``a`` against every
remaining profile of the opponents:

    sum_b s_b u_p(b, t) > u_p(a, t)   for every opponent profile t.

A strictly dominated strategy is never a best response, so it is played in
no Nash equilibrium (pure or mixed), and removing it does not change the set
of equilibria.  Repeating until nothing is dominated gives a reduced game
with the same equilibria; the result of *strict* elimination does not depend
on the order (unlike weak dominance).  When a single profile survives, the
game is *dominance solvable* and that profile is its unique equilibrium.

Algorithm.  Each round first compares pure strategies pairwise with array
comparisons (exactly, in fractions, on exact games, after a float
pre-filter), removing every dominated strategy at once; a strategy is
reported as dominated by one that is itself undominated, so every report
names a strategy that is still there.  When no pure strategy dominates, one
linear programme per candidate looks for a mixture of the player's other
strategies maximising the smallest margin ``epsilon`` over the opponent
profiles; ``epsilon`` above the tolerance marks a candidate, which on an
exact game is confirmed only after the mixture is rounded to simple
fractions and the strict inequalities are checked exactly.  A mixture that
fails the exact check eliminates nothing (and a note says so).
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
from scipy.optimize import linprog

from ..games import ExtensiveGame, NormalFormGame
from ..games.convert import reduced_strategic_form
from ..games.numbers import fraction_text
from .budget import BUDGET_EXCEEDED, CONVERGED, Budget, BudgetExceeded
from .pure import pure_equilibrium
from .registry import register
from .result import Game, Result

RELATIVE_TOLERANCE = 1e-9
"""Float margins at most this times the largest payoff count as ties."""

_DENOMINATOR_LIMITS = (1, 2, 3, 4, 6, 8, 10, 12, 16, 20, 24, 30, 50, 100, 1000, 10**4, 10**6, 10**9)


@dataclass(frozen=True)
class Step:
    """One elimination: ``player``'s strategy ``strategy`` (an index into the original game's
    strategies) is strictly dominated by the mixture ``by`` of her remaining strategies.

    Attributes
    ----------
    player:
        Index of the player.
    strategy:
        Index of the eliminated strategy in the original game.
    by:
        ``(strategy index, weight)`` pairs of the dominating mixture; a pure
        dominator has a single pair of weight 1.  Weights are Fractions on
        exact games.
    player_label, label, by_labels:
        The player's label, the eliminated strategy's label, and the
        dominators' labels (in the order of ``by``).
    margin:
        The smallest payoff advantage of the dominator over the eliminated
        strategy, across the remaining opponent profiles.
    """

    player: int
    strategy: int
    by: tuple[tuple[int, Fraction | float], ...]
    player_label: str
    label: str
    by_labels: tuple[str, ...]
    margin: Fraction | float

    @property
    def is_pure(self) -> bool:
        """Dominated by a pure strategy."""
        return len(self.by) == 1

    def __str__(self) -> str:
        if self.is_pure:
            dominator = repr(self.by_labels[0])
        else:
            dominator = " + ".join(f"{_weight_text(w)} {label!r}" for (_, w), label in zip(self.by, self.by_labels))
        return f"player {self.player_label}: {self.label!r} is strictly dominated by {dominator}"


@dataclass(frozen=True)
class Elimination:
    """The outcome of iterated strict dominance.

    Attributes
    ----------
    steps:
        The eliminations, in order.
    reduced:
        The game restricted to the surviving strategies (labels, players and
        exactness kept).
    surviving:
        Per player, the indices (into the original game's strategies) of the
        surviving strategies.
    notes:
        Candidates that an LP found but the exact check rejected, and budget stops.
    finished:
        ``False`` when a time or iteration budget stopped the search early
        (the steps are valid, but more strategies may be dominated).
    """

    steps: tuple[Step, ...]
    reduced: NormalFormGame
    surviving: tuple[tuple[int, ...], ...]
    notes: tuple[str, ...] = ()
    finished: bool = True

    @property
    def solved(self) -> bool:
        """Exactly one profile survives: the game is dominance solvable."""
        return all(len(s) == 1 for s in self.surviving)

    def __str__(self) -> str:
        return "\n".join(str(step) for step in self.steps)


def iterated_dominance(game: NormalFormGame, mixed: bool = True, tolerance: float = RELATIVE_TOLERANCE,
                       budget: Budget | None = None) -> Elimination:
    """Iteratively eliminate strictly dominated strategies of an n-player strategic game.

    Parameters
    ----------
    game:
        The strategic game.
    mixed:
        Also eliminate strategies dominated only by mixtures (one LP per
        candidate); ``False`` compares pure strategies only.
    tolerance:
        On float games, advantages up to ``tolerance`` times the largest
        absolute payoff count as ties.  Exact games are decided exactly.
    budget:
        Optional :class:`.budget.Budget`, ticked once per pairwise comparison
        round and once per LP; when it is spent the eliminations so far are
        returned with ``finished=False``.

    Returns
    -------
    Elimination
        The steps, the reduced game and the surviving strategy indices.

    Examples
    --------
    >>> import gametheory_ukraine as gt
    >>> game = gt.NormalFormGame.from_arrays([[3, 0], [0, 3], [1, 1]], [[0, 1], [1, 0], [0, 0]],
    ...                                      strategies=[["T", "M", "B"], ["L", "R"]])
    >>> elimination = iterated_dominance(game)
    >>> print(elimination)
    player 1: 'B' is strictly dominated by 1/2 'T' + 1/2 'M'
    >>> elimination.surviving
    ((0, 1), (0, 1))
    """
    alive = [list(range(k)) for k in game.shape]
    scale = max(1.0, float(np.abs(game.payoffs).max()))
    threshold = tolerance * scale
    steps: list[Step] = []
    notes: list[str] = []
    rejected: set[tuple[int, int]] = set()

    def eliminate(step: Step) -> None:
        steps.append(step)
        alive[step.player].remove(step.strategy)

    finished = True
    try:
        while True:
            # all pure dominations first (cheap, and the simplest reports), then one mixed one at a time
            pure = [s for p in range(game.num_players) for s in _pure_steps(game, alive, p, threshold, budget)]
            for pure_step in pure:
                eliminate(pure_step)
            if pure:
                continue
            step: Step | None = None
            if mixed:
                step = next((s for p in range(game.num_players)
                             if (s := _mixed_step(game, alive, p, threshold, rejected, notes, budget)) is not None),
                            None)
            if step is None:
                break
            eliminate(step)
    except BudgetExceeded as stop:
        finished = False
        notes.append(f"stopped early ({stop}): more strategies may be dominated")
    surviving = tuple(tuple(a) for a in alive)
    return Elimination(tuple(steps), _restrict(game, surviving), surviving, tuple(notes), finished)


def _tables(game: NormalFormGame, alive: list[list[int]], p: int) -> tuple[np.ndarray, np.ndarray | None]:
    """Player ``p``'s payoffs on the remaining strategies, one row per own strategy (float, exact)."""
    index = np.ix_(*alive)
    rows = len(alive[p])
    floats = np.moveaxis(game.payoffs[p][index], p, 0).reshape(rows, -1)
    exact = None
    if game.exact is not None:
        exact = np.moveaxis(game.exact[p][index], p, 0).reshape(rows, -1)
    return floats, exact


def _pure_steps(game: NormalFormGame, alive: list[list[int]], p: int, threshold: float,
                budget: Budget | None = None) -> list[Step]:
    """Every remaining strategy of ``p`` that another remaining pure strategy strictly dominates."""
    k = len(alive[p])
    if k < 2:
        return []
    if budget is not None:
        budget.tick()
    floats, exact = _tables(game, alive, p)
    dominates = np.zeros((k, k), dtype=bool)  # dominates[b, a]: b strictly dominates a
    for b in range(k):
        if exact is None:
            dominates[b] = np.all(floats[b] > floats + threshold, axis=1)
        else:
            # float pre-filter (a superset of exact strict dominance), then the exact comparison
            for a in np.flatnonzero(np.all(floats[b] >= floats - threshold, axis=1)):
                dominates[b, a] = a != b and bool(np.all(exact[b] > exact[a]))
    dominates[np.arange(k), np.arange(k)] = False
    undominated = ~dominates.any(axis=0)
    steps = []
    for a in np.flatnonzero(~undominated):
        # strict dominance is transitive, so an undominated dominator exists
        choices = np.flatnonzero(dominates[:, a] & undominated)
        b = int(choices[0]) if choices.size else int(np.flatnonzero(dominates[:, a])[0])
        table = exact if exact is not None else floats
        margin = min(table[b] - table[a])
        steps.append(_step(game, alive, p, int(a), [(b, Fraction(1) if exact is not None else 1.0)], margin))
    return steps


def _mixed_step(game: NormalFormGame, alive: list[list[int]], p: int, threshold: float,
                rejected: set[tuple[int, int]], notes: list[str], budget: Budget | None = None) -> Step | None:
    """The first remaining strategy of ``p`` strictly dominated by a mixture of her others, if any."""
    k = len(alive[p])
    if k < 3:  # a mixture of one other strategy is pure: already checked
        return None
    floats, exact = _tables(game, alive, p)
    scale = max(1.0, float(np.abs(floats).max()))
    for a in range(k):
        if (p, alive[p][a]) in rejected:
            continue
        if budget is not None:
            budget.tick()
        others = [b for b in range(k) if b != a]
        mixture, epsilon = _best_mixture(floats[others] / scale, floats[a] / scale)
        if epsilon * scale <= threshold:
            continue
        if exact is None:
            cleaned = np.where(mixture > 1e-9, mixture, 0.0)  # no dust weights in the report
            cleaned /= cleaned.sum()
            margin: Any = float(np.min(cleaned @ floats[others] - floats[a]))
            if margin <= threshold:
                continue
            weights: list[Any] = [float(w) for w in cleaned]
        else:
            confirmed = _confirm_exactly(exact[others], exact[a], mixture)
            if confirmed is None:
                rejected.add((p, alive[p][a]))
                notes.append(f"player {game.players[p]}: an LP found a mixture dominating "
                             f"{game.strategies[p][alive[p][a]]!r} by {epsilon * scale:.3g}, "
                             f"but no rounding of it dominates exactly; kept")
                continue
            weights, margin = confirmed
        by = [(others[i], w) for i, w in enumerate(weights) if w > 0]
        return _step(game, alive, p, a, by, margin)
    return None


def _best_mixture(others: np.ndarray, target: np.ndarray) -> tuple[np.ndarray, float]:
    """The mixture of the rows ``others`` maximising the smallest margin over ``target``, and that margin.

    LP: maximise e subject to ``others^T s - e >= target``, ``sum(s) = 1``, ``s >= 0``.
    """
    rows, columns = others.shape
    objective = np.zeros(rows + 1)
    objective[-1] = -1.0
    inequalities = np.hstack([-others.T, np.ones((columns, 1))])
    equality = np.ones((1, rows + 1))
    equality[0, -1] = 0.0
    bounds = [(0.0, None)] * rows + [(None, None)]
    answer = linprog(objective, A_ub=inequalities, b_ub=-target, A_eq=equality, b_eq=[1.0], bounds=bounds,
                     method="highs")
    if answer.status != 0:
        return np.zeros(rows), -np.inf
    mixture = np.clip(answer.x[:rows], 0.0, None)
    return mixture / mixture.sum(), float(answer.x[-1])


def _confirm_exactly(others: np.ndarray, target: np.ndarray, mixture: np.ndarray
                     ) -> tuple[list[Fraction], Fraction] | None:
    """Round ``mixture`` to fractions, simplest first, until one dominates ``target`` strictly and exactly."""
    kept = np.where(mixture > 1e-9, mixture, 0.0)
    for limit in _DENOMINATOR_LIMITS:
        weights = [Fraction(float(w)).limit_denominator(limit) for w in kept]
        total = sum(weights)
        if total == 0:
            continue
        weights = [w / total for w in weights]
        values = np.asarray(weights, dtype=object) @ others
        margins = values - target
        margin = min(margins)
        if margin > 0:
            return weights, margin
    return None


def _step(game: NormalFormGame, alive: list[list[int]], p: int, a: int,
          by: list[tuple[int, Any]], margin: Any) -> Step:
    original = [(alive[p][b], w) for b, w in by]
    labels = game.strategies[p]
    return Step(player=p, strategy=alive[p][a], by=tuple(original), player_label=game.players[p],
                label=labels[alive[p][a]], by_labels=tuple(labels[i] for i, _ in original), margin=margin)


def _restrict(game: NormalFormGame, surviving: tuple[tuple[int, ...], ...]) -> NormalFormGame:
    """The game on the surviving strategies, keeping labels, parameters and exactness."""
    index = (slice(None),) + np.ix_(*surviving)
    table = game.exact[index] if game.exact is not None else np.array(game.payoffs[index], dtype=float)
    return NormalFormGame(table, players=game.players,
                          strategies=[[game.strategies[p][i] for i in s] for p, s in enumerate(surviving)],
                          title=game.title, description=game.description, parameters=game.parameters)


def _weight_text(weight: Fraction | float) -> str:
    return fraction_text(weight) if isinstance(weight, Fraction) else f"{weight:.6g}"


@register("dominance", {"normal", "extensive"}, "iterated elimination of strictly dominated strategies")
def dominance(game: Game, mixed: bool = True, budget: Budget | None = None) -> Result:
    """Iterated elimination of strictly dominated strategies (of the reduced strategic form for a tree).

    The method finds equilibria only when the game is dominance solvable: a
    single surviving profile is then the unique equilibrium, certified and
    reported with ``complete=True``.  Otherwise no equilibrium is reported
    (``complete=False``) and the reduced game is for another method; use
    :func:`iterated_dominance` to get it.  Either way ``Result.notes`` lists
    the eliminations, one line per step, then the survivors.

    >>> import gametheory_ukraine as gt
    >>> pd = gt.NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                    strategies=[["C", "D"], ["C", "D"]])
    >>> result = gt.solve(pd, "dominance")
    >>> for line in result.notes:
    ...     print(line)
    player 1: 'C' is strictly dominated by 'D'
    player 2: 'C' is strictly dominated by 'D'
    surviving: player 1: D; player 2: D
    dominance solvable: the surviving profile is the unique equilibrium
    >>> result.equilibria[0].exact_payoffs
    (Fraction(1, 1), Fraction(1, 1))
    """
    strategic = reduced_strategic_form(game) if isinstance(game, ExtensiveGame) else game
    elimination = iterated_dominance(strategic, mixed=mixed, budget=budget)
    notes = [str(step) for step in elimination.steps] + list(elimination.notes)
    notes.append("surviving: " + "; ".join(
        f"player {strategic.players[p]}: {', '.join(strategic.strategies[p][i] for i in s)}"
        for p, s in enumerate(elimination.surviving)))
    equilibria: tuple = ()
    if elimination.solved and elimination.finished:
        cell = tuple(s[0] for s in elimination.surviving)
        # the pure record's regret is computed exactly on exact games
        equilibrium = pure_equilibrium(strategic, cell)
        scale = max(1.0, float(np.abs(strategic.payoffs).max()))
        if equilibrium.regret <= (0 if strategic.is_exact else RELATIVE_TOLERANCE * scale):
            equilibria = (equilibrium,)
            notes.append("dominance solvable: the surviving profile is the unique equilibrium")
        else:  # cannot happen for strict dominance; kept as a guard so nothing uncertified is printed
            notes.append("the surviving profile failed its certificate; nothing reported")
    elif elimination.finished:
        notes.append("not dominance solvable: solve the reduced game with another method for its equilibria")
    return Result(game, "dominance", equilibria, complete=bool(equilibria), seconds=0.0, strategic=strategic,
                  notes=tuple(notes), status=CONVERGED if elimination.finished else BUDGET_EXCEEDED)
