"""What every solver returns: a :class:`Result` holding :class:`Equilibrium` records.

An equilibrium is never reported without its *certificate*: ``regret`` is the
largest gain any player can get by a unilateral deviation (for behavior
profiles: by a deviation at any one information set), computed in float
arithmetic, and in rational arithmetic when the game is exact, where it is
exactly 0 for a true equilibrium.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import numpy as np

from ..games import ExtensiveGame, NormalFormGame
from ..games.numbers import fraction_text

Game = NormalFormGame | ExtensiveGame


@dataclass(frozen=True, eq=False)
class Equilibrium:
    """One equilibrium with its certificate.

    Attributes
    ----------
    profile:
        Mixed strategy per player over the strategies of the strategic game
        the method worked on (the game itself, or the reduced strategic form of
        a tree), or ``None`` for methods that work on the tree.
    behavior:
        Per player, per own information set (in the game's order), the
        probabilities of the actions; ``None`` for strategic-form answers.
    payoffs:
        Expected payoff per player.
    regret:
        The certificate: the largest gain from a unilateral deviation.
    exact_profile, exact_behavior, exact_payoffs:
        The same in rational arithmetic when the answer was certified exactly.
    """

    payoffs: np.ndarray
    regret: float
    profile: tuple[np.ndarray, ...] | None = None
    behavior: tuple[tuple[np.ndarray, ...], ...] | None = None
    exact_profile: tuple[tuple[Fraction, ...], ...] | None = None
    exact_behavior: tuple[tuple[tuple[Fraction, ...], ...], ...] | None = None
    exact_payoffs: tuple[Fraction, ...] | None = None

    @property
    def is_exact(self) -> bool:
        """Certified in rational arithmetic (the regret is then exactly 0)."""
        return self.exact_payoffs is not None

    @property
    def is_pure(self) -> bool:
        parts = self.profile if self.profile is not None else [
            a for player in self.behavior or () for a in player]
        return all(np.isclose(np.max(p), 1.0) for p in parts)

    def to_dict(self) -> dict[str, Any]:
        """The equilibrium as the JSON contract's record."""
        record: dict[str, Any] = {
            "profile": None if self.profile is None else [p.tolist() for p in self.profile],
            "exact": None if self.exact_profile is None else [
                [fraction_text(x) for x in p] for p in self.exact_profile],
            "behavior": None if self.behavior is None else [
                [a.tolist() for a in player] for player in self.behavior],
            "payoffs": [float(x) for x in self.payoffs],
            "regret": float(self.regret),
        }
        if self.exact_behavior is not None:
            record["exact_behavior"] = [[[fraction_text(x) for x in a] for a in player]
                                        for player in self.exact_behavior]
        if self.exact_payoffs is not None:
            record["exact_payoffs"] = [fraction_text(x) for x in self.exact_payoffs]
        return record


@dataclass(frozen=True, eq=False)
class Result:
    """The answer of one method on one game.

    Attributes
    ----------
    game:
        The game that was solved.
    method:
        The method's name in the method table.
    equilibria:
        The equilibria found, each certified.
    complete:
        Whether every equilibrium the method promises was sought (all pure
        equilibria for ``enumpure``, every pure subgame-perfect equilibrium for
        ``spe``); ``False`` when a limit cut the search short.
    seconds:
        Wall-clock time of the solve.
    strategic:
        The strategic game the profiles refer to (the game itself, or the
        reduced strategic form of a tree), when the method used one.
    notes:
        Anything the user should know about how the answer was found
        (including candidates dropped because they failed their certificate).
    options:
        The options the method ran with.
    status:
        ``"converged"``, or ``"budget_exceeded"`` / ``"failed"`` for methods
        with an iteration or time budget (the equilibria are then those found so far).
    details:
        Method-specific facts per equilibrium, merged into its JSON record
        (``pbe`` puts its belief sets and refinement verdicts here).
    """

    game: Game
    method: str
    equilibria: tuple[Equilibrium, ...]
    complete: bool
    seconds: float
    strategic: NormalFormGame | None = None
    notes: tuple[str, ...] = ()
    options: dict[str, Any] = field(default_factory=dict)
    status: str = "converged"
    details: tuple[dict[str, Any], ...] = ()

    def __len__(self) -> int:
        return len(self.equilibria)

    def __iter__(self):
        return iter(self.equilibria)

    def __getitem__(self, index: int) -> Equilibrium:
        return self.equilibria[index]

    def to_dict(self) -> dict[str, Any]:
        """The result as the JSON contract's document (``solve --format json``)."""
        game = self.game
        description: dict[str, Any] = {
            "title": game.title,
            "kind": game.kind,
            "players": list(game.players),
        }
        if self.strategic is not None:
            description["strategies"] = [list(s) for s in self.strategic.strategies]
        if game.parameters is not None:
            description["parameters"] = {k: float(v) for k, v in game.parameters.items()}
        records = [e.to_dict() for e in self.equilibria]
        for record, extra in zip(records, self.details):
            record.update(extra)
        if isinstance(game, ExtensiveGame):
            for record, equilibrium in zip(records, self.equilibria):
                if equilibrium.behavior is not None:
                    record.update(play_details(game, equilibrium))
        return {
            "game": description,
            "method": self.method,
            "complete": bool(self.complete),
            "equilibria": records,
            "seconds": float(self.seconds),
            "status": self.status,
            "notes": list(self.notes),
        }

    def to_json(self, indent: int | None = 2) -> str:
        """The JSON document of ``solve --format json`` as a string."""
        return json.dumps(self.to_dict(), indent=indent)

    # -- Jupyter display (gametheory_ukraine.report.tables; report sits above solvers) ----
    def _repr_html_(self) -> str:
        from ..report.tables import result_html

        return result_html(self)

    def _repr_latex_(self) -> str:
        from ..report.tables import result_latex

        return result_latex(self)

    def __repr__(self) -> str:
        title = f" on {self.game.title!r}" if self.game.title else ""
        state = "complete" if self.complete else "incomplete"
        return (f"<Result {self.method}{title}: {len(self.equilibria)} equilibria, {state}, "
                f"{self.seconds:.3g} s>")


def play_details(game: ExtensiveGame, equilibrium: Equilibrium) -> dict[str, Any]:
    """Beliefs at every information set and the probability of every play, for the JSON record.

    ``beliefs[player][k]`` is the distribution over the nodes of the player's
    ``k``-th information set (in preorder), ``null`` where the others' play
    never reaches it; ``outcomes`` lists every terminal node with its
    probability and payoffs.  Exact fractions ride beside the floats when the
    equilibrium is exact.
    """
    from .behavior import beliefs, reach_probabilities

    exact = equilibrium.exact_behavior is not None and game.is_exact
    behavior = equilibrium.exact_behavior if exact else equilibrium.behavior
    reach = reach_probabilities(game, behavior, exact)  # type: ignore[arg-type]
    found = beliefs(game, behavior, exact)  # type: ignore[arg-type]
    per_player = [[None if (at := found[s]) is None else [float(x) for x in at] for s in game.player_infosets(p)]
                  for p in range(game.num_players)]
    details: dict[str, Any] = {"beliefs": per_player, "outcomes": []}
    if exact:
        details["exact_beliefs"] = [[None if (at := found[s]) is None else [fraction_text(x) for x in at]
                                     for s in game.player_infosets(p)] for p in range(game.num_players)]
    payoffs = game.arrays.payoffs
    for v in game.arrays.leaves:
        outcome: dict[str, Any] = {"node": game.node_name(int(v)), "probability": float(reach[v]),
                                   "payoffs": [float(x) for x in payoffs[v]]}
        if exact:
            outcome["exact_probability"] = fraction_text(reach[v])
        details["outcomes"].append(outcome)
    return details


def one_hot(size: int, index: int) -> np.ndarray:
    vector = np.zeros(size)
    vector[index] = 1.0
    return vector


def exact_one_hot(size: int, index: int) -> tuple[Fraction, ...]:
    return tuple(Fraction(int(i == index)) for i in range(size))
