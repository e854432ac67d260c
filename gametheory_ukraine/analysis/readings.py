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

from ..games import ExtensiveGame, NormalFormGame
from ..games.numbers import fraction_text
from ..solvers import solve
from ..solvers.result import Equilibrium
from ..symbolic.sensitivity import Sensitivity, sensitivity
from .outcomes import move_probabilities, outcome_probabilities
from .studies import STUDIES, scenario_model, study

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


TRAP_LOCK_IN = {"theta": 1, "Lambda": 12}
"""The trap motive at full weight with a lock-in value of 12: theta * Lambda above M2's 21/2, where
the West would rather provoke all-out war than settle ("intensify and even spread the war to NATO")."""
HARD_TO_DETER = {"p": "9/10"}
"""M6: "the trap and coordination readings both make the West harder to deter" (MODELS.md)."""

READINGS: tuple[Reading, ...] = (
    Reading("leverage", "[A2] the aim is to strengthen Ukraine's hand (Kursk) before any talks",
            # the calibrations of MODELS.md have no trap motive (theta = 0): they are the leverage reading
            settings={"m2-ladder": {}, "m4-transition": {}, "m6-brinkmanship": {}},
            given={"m3-signalling": ("chance", "L")}),
    Reading("trap", "[A3] maximise West-Russia tension so that Trump cannot make a quick peace",
            settings={"m2-ladder": TRAP_LOCK_IN, "m4-transition": TRAP_LOCK_IN, "m6-brinkmanship": HARD_TO_DETER},
            given={"m1-posture": ("B", "T"), "m1-posture-redline": ("B", "T"),
                   "m3-signalling": ("chance", "T"), "m3-signalling-two-types": ("chance", "T")}),
    Reading("coordination", "[A4] coordinated with Trump's team to keep maximum pressure before talks",
            # a deal from the upper hand is good for the West (D_W > 0); Trump weighs Kyiv's terms as Biden
            # does (omega = beta = 1) and the leverage Russia loses doubles (lambda = 2/5): "Moscow would be
            # encouraged to come to the negotiating table, albeit with a weaker position"
            settings={"m2-ladder": {"D_W": 2}, "m4-transition": {"omega": 1, "lambda": "2/5"},
                      "m6-brinkmanship": HARD_TO_DETER},
            given={"m1-posture": ("B", "C"), "m1-posture-redline": ("B", "C"),
                   "m3-signalling": ("chance", "C"), "m3-signalling-two-types": ("chance", "C")}),
)
"""The three readings; parameters not named stay at the calibration."""


@dataclass(frozen=True)
class ReadingRow:
    """What one model says under one reading (per equilibrium, joined with "or").

    ``kremlin`` is the Kremlin's equilibrium answer given the reading (in M3
    it does not observe the type: its answer to the message the type sends);
    ``informed`` is its best reply if it knew the type (M3 only).
    """

    reading: str
    model: str
    encoding: str
    kremlin: str
    nuclear: str
    trump: str
    informed: str = "-"


def _moves_text(moves: Mapping[tuple[str, str], Any], player: str) -> str:
    shown = [(action, p) for (who, action), p in moves.items() if who == player and p > 0]
    if not shown:
        return "-"
    return " + ".join(action if p == 1 else f"{_probability(p)} {action}"
                      for action, p in shown)


def _probability(p: Any) -> str:
    return fraction_text(p) if isinstance(p, Fraction) else format(p, ".3g")


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


def compare_readings(readings: tuple[Reading, ...] = READINGS,
                     settings: Mapping[str, Any] | None = None) -> list[ReadingRow]:
    """Each reading in each model that encodes it: the Kremlin's answer, nuclear use, Trump's choice.

    ``settings`` recalibrate the models that declare them before the readings apply.
    """
    rows = []
    for reading in readings:
        order = [s.model for s in STUDIES]
        for name in sorted(set(reading.settings) | set(reading.given), key=order.index):
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
            answers: list[str] = []
            nuclear: list[str] = []
            trump: list[str] = []
            for equilibrium in result.equilibria:
                moves = (move_probabilities(game, equilibrium, given) if given is not None
                         else move_probabilities(game, equilibrium))
                answers.append(_moves_text(moves, KREMLIN[name]))
                trump.append(_moves_text(moves, TRUMP[name]) if name in TRUMP else "-")
                classes = outcome_probabilities(name, game, equilibrium)
                nuclear_probability = classes.get("nuclear", classes.get("exchange"))
                nuclear.append("-" if nuclear_probability is None else
                               "no" if nuclear_probability == 0 else "yes" if nuclear_probability == 1 else
                               f"p = {_probability(nuclear_probability)}")
            informed = _informed_reply(game, result, given, KREMLIN[name]) if given and given[0] == "chance" else "-"
            rows.append(ReadingRow(reading.name, name, encoding, " or ".join(dict.fromkeys(answers)),
                                   " or ".join(dict.fromkeys(nuclear)), " or ".join(dict.fromkeys(trump)), informed))
    return rows


def _informed_reply(game: ExtensiveGame, result: Any, given: tuple[str, str], replier: str) -> str:
    """The replier's best answer after the type ``given`` and the message it sends, as if it saw the type."""
    arrays = game.arrays
    mover = game.players.index(replier)
    answers = []
    for equilibrium in result.equilibria:
        moves = move_probabilities(game, equilibrium, given)
        for node in range(len(arrays.parent)):
            parent = int(arrays.parent[node])
            if parent < 0 or int(arrays.player[node]) != mover:
                continue
            # the replier's node below the type: its path holds the type's move and a message sent with p > 0
            path = [(game.infosets[int(arrays.infoset[v])], a) for v, a in game.path(node)]
            labels = [infoset.actions[a] for infoset, a in path]
            if given[1] not in labels or not any(moves.get((game.players[i.player], i.actions[a]), 0) > 0
                                                 for i, a in path if i.player >= 0):
                continue
            children = arrays.children[arrays.child_start[node]:arrays.child_start[node] + arrays.num_children[node]]
            values = [arrays.payoffs[c][mover] for c in children]
            actions = game.infosets[int(arrays.infoset[node])].actions
            answers.append(" or ".join(a for a, v in zip(actions, values) if v == max(values)))
    return " or ".join(dict.fromkeys(answers)) or "-"


def action_at(game: ExtensiveGame, equilibrium: Equilibrium, path: tuple[str, ...]) -> dict[str, Any]:
    """The mover's action probabilities at the node reached by the action labels ``path`` (on or off play)."""
    infoset_index = int(game.arrays.infoset[game.node_at(path)])
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
        Per parameter (others at the calibration): the intervals where the
        Kremlin answers D with nuclear use, and those where it answers X so.
    thresholds:
        Per parameter, the thresholds with their exact expressions.
    shares:
        Monte Carlo over the perturbed calibration: the share (and 95%
        Wilson interval) where no nuclear answer to D; where, besides, the
        answer to D is Kyiv pressure followed by a Trump deal (the verdict in
        full); and where no nuclear answer to D but a nuclear answer to X
        (the conditional in both directions).
    samples:
        Calibrations drawn.
    """

    after_deep: str
    after_capitals: str
    holds: bool
    kyiv_and_wait: bool
    ranges: dict[str, dict[str, list[tuple[float, float]]]]
    thresholds: dict[str, list[tuple[float, str]]]
    shares: dict[str, tuple[float, tuple[float, float]]]
    samples: int


def _pure(choice: Mapping[str, Any]) -> str:
    return " + ".join(a if p == 1 else f"{p} {a}" for a, p in choice.items() if p > 0)


VERDICT_PARAMETERS = ("h_D", "h_X", "n", "V", "y_N", "c_N", "q_N", "delta")
"""The parameters along which the verdict is traced (MODELS.md's M2 thresholds and the Trump window)."""


def _merge(ranges: list[tuple[float, float]], low: float, high: float) -> None:
    if ranges and ranges[-1][1] == low:
        ranges[-1] = (ranges[-1][0], high)
    else:
        ranges.append((low, high))


def check_verdict(samples: int = 20000, seed: int = 0, parameters: tuple[str, ...] = VERDICT_PARAMETERS,
                  settings: Mapping[str, Any] | None = None, priors: Mapping[str, Any] | None = None) -> Verdict:
    """Test the verdict on M2: at the calibration (recalibrated by ``settings``), along each named
    parameter, and by Monte Carlo: ``priors`` maps parameters to samplers ``(rng, size) -> values``, the
    others staying at the calibration; without ``priors`` every parameter is uniform on its declared range."""
    from ..symbolic.sweep import solve_batch, tree_structure, wilson_interval

    model = scenario_model("m2-ladder", dict(settings or {}))
    game = model.game()
    assert isinstance(game, ExtensiveGame)
    equilibrium = solve(game, "spe").equilibria[0]
    after_deep, after_capitals = action_at(game, equilibrium, ("D",)), action_at(game, equilibrium, ("X",))
    holds = after_deep.get("N", 0) == 0
    kyiv_and_wait = any(after_deep.get(a, 0) == 1 and action_at(game, equilibrium, ("D", a)).get("Deal", 0) == 1
                        for a in ("K", "A"))

    ranges: dict[str, dict[str, list[tuple[float, float]]]] = {}
    thresholds: dict[str, list[tuple[float, str]]] = {}
    for name in parameters:
        found: Sensitivity = sensitivity(model, name)
        thresholds[name] = [(t.value, str(t.exact)) for t in found.thresholds]
        ranges[name] = {"D": [], "X": []}
        for interval in found.intervals:
            middle = Fraction((interval.low + interval.high) / 2).limit_denominator(10**6)
            at = model.game(**{name: middle})
            assert isinstance(at, ExtensiveGame)
            solved = solve(at, "spe").equilibria[0]
            for strike in ("D", "X"):
                if action_at(at, solved, (strike,)).get("N", 0) == 1:
                    _merge(ranges[name][strike], interval.low, interval.high)

    rng = np.random.default_rng(seed)
    draws = {}
    for name, p in model.parameters.items():
        if priors is None:
            draws[name] = rng.uniform(float(p.low or 0), float(p.high or 0), samples)
        elif name in priors:
            draws[name] = priors[name](rng, samples)
        else:  # with priors given, a parameter without one stays at its calibration
            draws[name] = np.full(samples, float(p.value))
    solution = solve_batch(model, draws)
    structure = tree_structure(model)
    decision = [int(v) for v in np.flatnonzero(structure.arrays.player >= 0)]

    def column(path: tuple[str, ...]) -> tuple[int, tuple[str, ...]]:
        node = structure.node_at(path)
        return decision.index(node), structure.infosets[int(structure.arrays.infoset[node])].actions

    assert solution.choice is not None
    (deep, kremlin_actions), (capitals, _) = column(("D",)), column(("X",))
    nuclear = kremlin_actions.index("N")
    deep_ok = solution.choice[:, deep] != nuclear
    capitals_nuclear = solution.choice[:, capitals] == nuclear
    waits = np.zeros(samples, dtype=bool)
    for pressure in ("K", "A"):
        trump, trump_actions = column(("D", pressure))
        waits |= (solution.choice[:, deep] == kremlin_actions.index(pressure)) & (
            solution.choice[:, trump] == trump_actions.index("Deal"))
    shares = {}
    for label, mask in (("no nuclear answer to D", deep_ok), ("and Kyiv pressure then a Trump deal", deep_ok & waits),
                        ("no nuclear answer to D, a nuclear answer to X", deep_ok & capitals_nuclear)):
        count = int(mask.sum())
        shares[label] = (count / samples, wilson_interval(count, samples))
    return Verdict(_pure(after_deep), _pure(after_capitals), holds, kyiv_and_wait, ranges, thresholds, shares, samples)
