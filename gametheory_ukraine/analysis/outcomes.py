"""Qualitative outcomes of the scenario: which moves count as nuclear use, strikes on the West, ...

The source analysis asks qualitative questions (does the Kremlin go nuclear?
strike Europe? press Kyiv and wait? does Trump make a deal?).  Each bundled
model names those moves differently; :data:`OUTCOME_MOVES` maps every
qualitative outcome to the moves ``(player, action)`` of each model that
realise it, so that an equilibrium (or a sweep's outcome) can be read as the
probability of each outcome.

>>> import gametheory_ukraine as gt
>>> game = gt.load("m2-ladder").game()
>>> result = gt.solve(game, "spe")
>>> outcome_probabilities("m2-ladder", game, result.equilibria[0])["deal"]
Fraction(1, 1)
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Mapping, Sequence

import numpy as np

from ..games import CHANCE, ExtensiveGame, NormalFormGame
from ..solvers.behavior import reach_probabilities
from ..solvers.result import Equilibrium

__all__ = ["OUTCOMES", "OUTCOME_MOVES", "outcome_probabilities", "move_probabilities", "outcome_of_moves",
           "outcome_frequencies", "describe_outcomes"]

OUTCOMES: dict[str, str] = {
    "nuclear": "nuclear use or strikes on capitals",
    "west": "strikes on Europe / the West",
    "kyiv": "pressure on Kyiv while waiting",
    "asymmetric": "asymmetric retaliation",
    "deal": "Trump deal",
    "brink": "nuclear risk raised",
    "exchange": "nuclear exchange (chance)",
    "unsolved": "no pure equilibrium (mixed only)",
}
"""The qualitative outcomes and how the report names them.

The models do not all separate nuclear use from strikes on Western capitals
(M2's N is "tactical nuclear use or strikes on Western capitals"), so one
class holds both; the classes overlap (M2's A is Kyiv pressure *and*
asymmetric retaliation)."""

Move = tuple[str, str]

OUTCOME_MOVES: dict[str, dict[str, tuple[Move, ...]]] = {
    # Kremlin answers of the first model: N = nuclear, Capitals = strikes on Western capitals [A5]
    "authorization-sequential": {
        "nuclear": (("Kremlin", "Nuclear"), ("Kremlin", "Capitals")), "west": (("Kremlin", "Capitals"),),
        "kyiv": (("Kremlin", "Kyiv"),), "asymmetric": (("Kremlin", "Asymmetric"),)},
    "authorization-simultaneous": {
        "nuclear": (("Kremlin", "Nuclear"), ("Kremlin", "Capitals")), "west": (("Kremlin", "Capitals"),),
        "kyiv": (("Kremlin", "Kyiv"),), "asymmetric": (("Kremlin", "Asymmetric"),)},
    # M1: E lumps strikes on Europe with tactical nuclear use (MODELS.md), so it counts as "west";
    # A is W (waiting, Kyiv pressure) plus asymmetric retaliation, so it counts as both
    "m1-posture": {"west": (("K", "E"),), "kyiv": (("K", "W"), ("K", "A")), "asymmetric": (("K", "A"),)},
    "m1-posture-redline": {"west": (("K", "E"),), "kyiv": (("K", "W"), ("K", "A")), "asymmetric": (("K", "A"),)},
    # M2 separates nuclear use (N) from conventional strikes on European NATO territory (E)
    "m2-ladder": {"nuclear": (("R", "N"),), "west": (("R", "E"),), "kyiv": (("R", "K"), ("R", "A")),
                  "asymmetric": (("R", "A"),), "deal": (("P", "Deal"),)},
    # M3: H is "limited strikes on European logistics hubs or nuclear signalling"; W waits
    "m3-signalling": {"west": (("K", "H"),), "kyiv": (("K", "W"),)},
    "m3-signalling-two-types": {"west": (("K", "H"),), "kyiv": (("K", "W"),)},
    # M4: X is escalation against the West (all-out war); Kp is the Kyiv offensive
    "m4-transition": {"west": (("K", "X"),), "kyiv": (("K", "Kp"),), "deal": (("P", "Deal"),)},
    "m5-qre": {"west": (("Kremlin", "Escalate"),), "kyiv": (("Kremlin", "Wait"),)},
    # M6: any positive risk level is brinkmanship; the nuclear exchange itself is chance's "disaster"
    "m6-brinkmanship": {"brink": (("R", "q=1/50"), ("R", "q=1/25"), ("R", "q=3/50")),
                        "exchange": (("chance", "disaster"),)},
}
"""Per bundled model, per qualitative outcome, the moves that realise it."""


def move_probabilities(game: ExtensiveGame | NormalFormGame, equilibrium: Equilibrium,
                       given: Move | None = None) -> dict[Move, Any]:
    """The probability that each move ``(player, action)`` is made in the equilibrium's play.

    Trees: the probability that play passes through the move (exact when the
    equilibrium is); chance moves are listed under the player ``"chance"``.
    With ``given``, only the moves below that move, conditional on it (the
    play of one type drawn by chance, say); empty when it is never made.
    Tables: the probability of each strategy.
    """
    if isinstance(game, NormalFormGame):
        profile = equilibrium.exact_profile if equilibrium.exact_profile is not None else equilibrium.profile
        assert profile is not None
        return {(game.players[p], label): profile[p][i]
                for p in range(game.num_players) for i, label in enumerate(game.strategies[p])}
    exact = equilibrium.exact_behavior is not None and game.is_exact
    behavior = equilibrium.exact_behavior if exact else equilibrium.behavior
    reach = reach_probabilities(game, behavior, exact)  # type: ignore[arg-type]
    arrays = game.arrays
    zero: Any = Fraction(0) if exact else 0.0
    found: dict[Move, Any] = {}
    below = np.full(len(arrays.parent), given is None)
    weight = zero
    # by depth, so that the moves read in the order they are made (and a parent comes before its children)
    for node in np.argsort(arrays.depth, kind="stable")[1:]:
        infoset = game.infosets[int(arrays.infoset[arrays.parent[node]])]
        player = "chance" if infoset.player == CHANCE else game.players[infoset.player]
        move = (player, infoset.actions[int(arrays.action[node])])
        if below[arrays.parent[node]]:
            below[node] = True
            found[move] = found.get(move, zero) + reach[node]
        elif move == given:
            below[node] = True
            weight += reach[node]
    if given is None:
        return found
    return {m: p / weight for m, p in found.items()} if weight else {}


def outcome_probabilities(model_name: str, game: ExtensiveGame | NormalFormGame,
                          equilibrium: Equilibrium) -> dict[str, Any]:
    """Per qualitative outcome the model knows, the probability that the equilibrium's play realises it."""
    moves = move_probabilities(game, equilibrium)
    exact = all(isinstance(v, Fraction) for v in moves.values())
    found = {}
    for outcome, realising in OUTCOME_MOVES.get(model_name, {}).items():
        total = sum((moves.get(m, 0) for m in realising), Fraction(0) if exact else 0.0)
        # moves of one outcome are alternatives at one node or at nodes of different plays, so
        # their probabilities add; the cap only guards against float round-off
        found[outcome] = min(total, Fraction(1) if exact else 1.0)
    return found


def outcome_of_moves(model_name: str, moves: frozenset[Move] | set[Move]) -> dict[str, bool]:
    """Per qualitative outcome, whether one of its moves is among ``moves`` (a sweep outcome's moves)."""
    return {outcome: any(m in moves for m in realising)
            for outcome, realising in OUTCOME_MOVES.get(model_name, {}).items()}


def outcome_frequencies(model_name: str, moves: Sequence[frozenset[Move]], counts: np.ndarray) -> dict[str, int]:
    """How many calibrations of a sweep show each qualitative outcome (``moves`` and ``counts`` per sweep outcome).

    An outcome counts when some pure equilibrium of the calibration makes one
    of its moves.  Outcomes that only chance realises (M6's nuclear exchange)
    are left out: a sweep's outcome records the players' moves, not
    chance's.  Calibrations with no pure equilibrium (mixed ones only) are
    counted apart, as ``unsolved``.
    """
    # in the table's order (a set would reorder the report from run to run)
    decided = [o for o, realising in OUTCOME_MOVES.get(model_name, {}).items()
               if any(player != "chance" for player, _ in realising)]
    totals = {outcome: 0 for outcome in decided}
    totals["unsolved"] = 0
    for made, count in zip(moves, counts):
        if not made:
            totals["unsolved"] += int(count)
            continue
        for outcome, shown in outcome_of_moves(model_name, made).items():
            if outcome in decided and shown:
                totals[outcome] += int(count)
    return totals


def describe_outcomes(found: Mapping[str, Any]) -> str:
    """``"Trump deal 1, pressure on Kyiv while waiting 1"``: the outcomes with positive probability."""
    from ..games.numbers import fraction_text

    parts = [f"{OUTCOMES[o]} {fraction_text(p) if isinstance(p, Fraction) else format(p, '.3g')}"
             for o, p in found.items() if p > 0]
    return ", ".join(parts) or "none"
