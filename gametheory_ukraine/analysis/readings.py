"""The three readings of the authorization, and the analysis's own verdict, as equilibrium properties.

The source analysis reads Biden's authorization three ways: leverage for
Ukraine before talks [A2], a trap for Trump [A3], or coordination with
Trump's team [A4].  :data:`READINGS` encodes each reading in every model where
MODELS.md gives it a handle (a type of M3's sender, a posture of M1, a
parameter of M2 and M4); :func:`compare_readings` solves each model under
each reading and reads off the Kremlin's answer, nuclear use and Trump's
choice.  :func:`check_verdict` tests the analysis's verdict, "no nuclear use
unless Moscow or St Petersburg suffer destructive attacks", on M2's full
subgame-perfect profile, at the calibration and over parameter ranges.

>>> rows = compare_readings()
>>> sorted({row.reading for row in rows})
['coordination', 'leverage', 'trap']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Mapping

import numpy as np

from ..games import CHANCE, ExtensiveGame, NormalFormGame
from ..games.numbers import fraction_text
from ..solvers import solve
from ..solvers.result import Equilibrium
from ..symbolic.sensitivity import Sensitivity, sensitivity
from .outcomes import move_probabilities, outcome_probabilities
from .studies import scenario_model, study

__all__ = ["Reading", "READINGS", "ReadingRow", "compare_readings", "Verdict", "check_verdict", "KREMLIN", "TRUMP",
           "action_at"]

KREMLIN = {"authorization-sequential": "Kremlin", "authorization-simultaneous": "Kremlin", "m1-posture": "K",
           "m1-posture-redline": "K", "m2-ladder": "R", "m3-signalling": "K", "m3-signalling-two-types": "K",
           "m4-transition": "K", "m5-qre": "Kremlin", "m6-brinkmanship": "R"}
"""The Kremlin's label in each bundled model."""
TRUMP = {"m2-ladder": "P", "m4-transition": "P"}
"""Trump's label in the models where he moves."""


@dataclass(frozen=True)
class Reading:
    """One reading of the authorization and how each model encodes it.

    ``settings`` are parameter values per model; ``given`` a move that fixes
    the reading inside a model (M3's type drawn by chance, M1's posture).
    """

    name: str
    claim: str
    settings: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    given: Mapping[str, tuple[str, str]] = field(default_factory=dict)


READINGS: tuple[Reading, ...] = (
    Reading("leverage", "[A2] the aim is to strengthen Ukraine's hand (Kursk) before any talks",
            settings={"m2-ladder": {}, "m4-transition": {}},
            given={"m3-signalling": ("chance", "L")}),
    Reading("trap", "[A3] maximise West-Russia tension so that Trump cannot make a quick peace",
            # the lock-in motive at full weight: war or continued policy is worth theta*Lambda to the West/Biden
            settings={"m2-ladder": {"theta": 1}, "m4-transition": {"theta": 1}},
            given={"m3-signalling": ("chance", "T"), "m3-signalling-two-types": ("chance", "T"),
                   "m1-posture": ("B", "T")}),
    Reading("coordination", "[A4] coordinated with Trump's team to keep maximum pressure before talks",
            # a deal reached from the upper hand is good for the West (D_W > 0), and Trump weighs the
            # West's terms fully (omega = 1): the pressure and the deal are one plan
            settings={"m2-ladder": {"D_W": 2}, "m4-transition": {"omega": 1}},
            given={"m3-signalling": ("chance", "C"), "m3-signalling-two-types": ("chance", "C"),
                   "m1-posture": ("B", "C")}),
)
"""The three readings; parameters not named stay at the calibration."""


@dataclass(frozen=True)
class ReadingRow:
    """What one model says under one reading (per equilibrium, joined with "or")."""

    reading: str
    model: str
    encoding: str
    kremlin: str
    nuclear: str
    trump: str


def _moves_text(moves: Mapping[tuple[str, str], Any], player: str) -> str:
    shown = [(action, p) for (who, action), p in moves.items() if who == player and p > 0]
    if not shown:
        return "-"
    return " + ".join(action if p == 1 else f"{fraction_text(p) if isinstance(p, Fraction) else format(p, '.3g')} {action}"
                      for action, p in shown)


def _conditional_moves(game: ExtensiveGame, equilibrium: Equilibrium, given: tuple[str, str]) -> dict[tuple[str, str], Any]:
    """Move probabilities in the part of the tree below the move ``given``, conditional on it."""
    from ..solvers.behavior import reach_probabilities

    exact = equilibrium.exact_behavior is not None and game.is_exact
    reach = reach_probabilities(game, equilibrium.exact_behavior if exact else equilibrium.behavior, exact)  # type: ignore[arg-type]
    arrays = game.arrays
    below = np.zeros(len(arrays.parent), dtype=bool)
    found: dict[tuple[str, str], Any] = {}
    weight = 0
    for node in range(1, len(arrays.parent)):  # preorder: a parent comes before its children
        infoset = game.infosets[int(arrays.infoset[arrays.parent[node]])]
        move = ("chance" if infoset.player == CHANCE else game.players[infoset.player],
                infoset.actions[int(arrays.action[node])])
        if below[arrays.parent[node]]:
            below[node] = True
            found[move] = found.get(move, 0) + reach[node]
        elif move == given:
            below[node] = True
            weight += reach[node]
    return {m: p / weight for m, p in found.items()} if weight else {}


def _best_replies(game: NormalFormGame, given: tuple[str, str], replier: str) -> str:
    row_player = game.players.index(given[0])
    column_player = game.players.index(replier)
    if {row_player, column_player} != {0, 1} or game.num_players != 2:
        return "-"
    table = game.payoff_table(exact=game.is_exact)[column_player]
    row = game.strategies[row_player].index(given[1])
    values = table[row, :] if row_player == 0 else table[:, row]
    best = max(values)
    return " or ".join(s for s, v in zip(game.strategies[column_player], values) if v == best)


def compare_readings(readings: tuple[Reading, ...] = READINGS, settings: Mapping[str, Any] | None = None) -> list[ReadingRow]:
    """Each reading in each model that encodes it: the Kremlin's answer, nuclear use, Trump's choice.

    ``settings`` recalibrate the models that declare them before the readings apply.
    """
    rows = []
    for reading in readings:
        for name in sorted(set(reading.settings) | set(reading.given), key=lambda n: [s.model for s in _ordered()].index(n)):
            model = scenario_model(name, dict(settings or {}))
            overrides = dict(reading.settings.get(name, {}))
            game = model.game(**overrides)
            encoding = ", ".join(f"{k}={v}" for k, v in overrides.items()) or "calibration"
            given = reading.given.get(name)
            if given is not None:
                encoding = f"{given[0]} plays {given[1]}" if given[0] != "chance" else f"type {given[1]}"
            if isinstance(game, NormalFormGame):
                kremlin = _best_replies(game, given, KREMLIN[name]) if given else "-"
                rows.append(ReadingRow(reading.name, name, encoding + " (Kremlin's best reply)", kremlin, "-", "-"))
                continue
            result = solve(game, study(name).method)
            kremlin, nuclear, trump = [], [], []
            for equilibrium in result.equilibria:
                moves = (_conditional_moves(game, equilibrium, given) if given is not None
                         else move_probabilities(game, equilibrium))
                kremlin.append(_moves_text(moves, KREMLIN[name]))
                trump.append(_moves_text(moves, TRUMP[name]) if name in TRUMP else "-")
                nuclear_probability = outcome_probabilities(name, game, equilibrium).get("nuclear")
                nuclear.append("-" if nuclear_probability is None else ("yes" if nuclear_probability > 0 else "no"))
            rows.append(ReadingRow(reading.name, name, encoding, " or ".join(dict.fromkeys(kremlin)),
                                   " or ".join(dict.fromkeys(nuclear)), " or ".join(dict.fromkeys(trump))))
    return rows


def _ordered() -> tuple[Any, ...]:
    from .studies import STUDIES
    return STUDIES


def action_at(game: ExtensiveGame, equilibrium: Equilibrium, path: tuple[str, ...]) -> dict[str, Any]:
    """The mover's action probabilities at the node reached by the action labels ``path`` (on or off play)."""
    arrays, node = game.arrays, 0
    for label in path:
        infoset = game.infosets[int(arrays.infoset[node])]
        node = int(arrays.children[arrays.child_start[node] + infoset.actions.index(label)])
    infoset_index = int(arrays.infoset[node])
    infoset = game.infosets[infoset_index]
    own = game.player_infosets(infoset.player).index(infoset_index)
    behavior = equilibrium.exact_behavior if equilibrium.exact_behavior is not None else equilibrium.behavior
    assert behavior is not None
    return dict(zip(infoset.actions, behavior[infoset.player][own]))


@dataclass(frozen=True)
class Verdict:
    """The verdict "no nuclear use unless Moscow or St Petersburg suffer destructive attacks" in M2.

    Attributes
    ----------
    after_deep, after_capitals:
        The Kremlin's SPE answer to the authorised deep strikes (D) and to
        destructive strikes on Moscow / St Petersburg (X), at the calibration.
    holds:
        No nuclear answer to D at the calibration.
    kyiv_and_wait:
        The Kremlin answers D with Kyiv pressure (K or A) and Trump then deals.
    ranges:
        Per parameter, the intervals of its range on which the verdict holds (others at the calibration).
    share, interval, samples:
        Monte Carlo over every declared range: the share of calibrations where
        it holds, its 95% Wilson interval, and the sample size.
    nuclear_after_capitals_share:
        The share where the Kremlin answers X with nuclear use.
    """

    after_deep: str
    after_capitals: str
    holds: bool
    kyiv_and_wait: bool
    ranges: dict[str, list[tuple[float, float]]]
    thresholds: dict[str, list[tuple[float, str]]]
    share: float
    interval: tuple[float, float]
    samples: int
    nuclear_after_capitals_share: float


def _pure(choice: Mapping[str, Any]) -> str:
    return " + ".join(a if p == 1 else f"{p} {a}" for a, p in choice.items() if p > 0)


def check_verdict(samples: int = 20000, seed: int = 0,
                  parameters: tuple[str, ...] = ("h_D", "h_X", "n", "V"),
                  settings: Mapping[str, Any] | None = None) -> Verdict:
    """Test the verdict on M2: at the calibration (recalibrated by ``settings``), along each named parameter,
    and by Monte Carlo over every declared range."""
    from ..symbolic.sweep import _tree_structure, solve_batch, wilson_interval

    model = scenario_model("m2-ladder", dict(settings or {}))
    game = model.game()
    equilibrium = solve(game, "spe").equilibria[0]
    after_deep, after_capitals = action_at(game, equilibrium, ("D",)), action_at(game, equilibrium, ("X",))
    holds = after_deep.get("N", 0) == 0
    moves = move_probabilities(game, equilibrium)
    kyiv_and_wait = (moves.get(("R", "K"), 0) + moves.get(("R", "A"), 0) == 1) and moves.get(("P", "Deal"), 0) == 1

    ranges: dict[str, list[tuple[float, float]]] = {}
    thresholds: dict[str, list[tuple[float, str]]] = {}
    for name in parameters:
        found: Sensitivity = sensitivity(model, name)
        thresholds[name] = [(t.value, str(t.exact)) for t in found.thresholds]
        ranges[name] = []
        for interval in found.intervals:
            middle = Fraction((interval.low + interval.high) / 2).limit_denominator(10**6)
            at = model.game(**{name: middle})
            answer = solve(at, "spe").equilibria[0]
            if action_at(at, answer, ("D",)).get("N", 0) == 0:
                if ranges[name] and ranges[name][-1][1] == interval.low:
                    ranges[name][-1] = (ranges[name][-1][0], interval.high)
                else:
                    ranges[name].append((interval.low, interval.high))

    # Monte Carlo: every parameter uniform on its declared range, solved in one batch
    rng = np.random.default_rng(seed)
    values = {name: rng.uniform(float(p.low), float(p.high), samples) for name, p in model.parameters.items()}
    solution = solve_batch(model, values)
    structure = _tree_structure(model)
    decision = list(np.flatnonzero(structure.arrays.player >= 0))
    arrays = structure.arrays
    root_set = structure.infosets[int(arrays.infoset[0])]

    def kremlin_column(label: str) -> int:
        node = int(arrays.children[arrays.child_start[0] + root_set.actions.index(label)])
        return decision.index(node)

    nuclear = structure.infosets[int(arrays.infoset[int(arrays.children[arrays.child_start[0]])])].actions.index("N")
    assert solution.choice is not None
    deep_ok = solution.choice[:, kremlin_column("D")] != nuclear
    capitals_nuclear = solution.choice[:, kremlin_column("X")] == nuclear
    successes = int(deep_ok.sum())
    return Verdict(_pure(after_deep), _pure(after_capitals), holds, kyiv_and_wait, ranges, thresholds,
                   successes / samples, wilson_interval(successes, samples), samples,
                   float(capitals_nuclear.mean()))
