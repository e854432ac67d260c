"""Plain-text rendering of results: what ``solve`` prints by default."""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from ..games import CHANCE, ExtensiveGame, NormalFormGame
from ..games.convert import reduced_strategies
from ..games.numbers import fraction_text
from ..solvers.behavior import beliefs, reach_probabilities
from ..solvers.result import Equilibrium, Result


def number(value: Any, exact: Any = None) -> str:
    """A payoff or probability: the exact fraction when known, else a short float."""
    if exact is not None:
        return fraction_text(Fraction(exact))
    return f"{float(value):.6g}"


def infoset_name(game: ExtensiveGame, infoset: int) -> str:
    """How a reader recognises an information set: its label, else where it is."""
    label = game.infosets[infoset].label
    if label:
        return label
    members = game.members[infoset]
    where = [game.node_name(v) for v in members]
    if where == ["root"]:
        return "at the start"
    return "after " + " | ".join(where)


def render_mixed(labels: Sequence[str], probabilities: np.ndarray, exact: Sequence[Any] | None) -> str:
    support = [i for i, p in enumerate(probabilities) if p > 1e-12]
    if len(support) == 1:
        return labels[support[0]]
    return " + ".join(f"{number(probabilities[i], None if exact is None else exact[i])} {labels[i]}" for i in support)


def _strategy_labels(result: Result, player: int) -> list[str]:
    """Readable strategy names: the game's own, or decoded reduced strategies of a tree."""
    assert result.strategic is not None
    game = result.game
    if not isinstance(game, ExtensiveGame):
        return list(result.strategic.strategies[player])
    names = []
    for strategy in reduced_strategies(game, player):
        parts = [f"{game.infosets[s].actions[a]} {infoset_name(game, s)}"
                 for s, a in strategy.choices if a is not None]
        names.append("(" + "; ".join(parts) + ")" if parts else "(no move)")
    return names


def render_equilibrium(result: Result, index: int, equilibrium: Equilibrium) -> list[str]:
    game = result.game
    lines = []
    if equilibrium.profile is not None:
        parts = []
        for p, player in enumerate(game.players):
            exact = None if equilibrium.exact_profile is None else equilibrium.exact_profile[p]
            parts.append(f"{player}: {render_mixed(_strategy_labels(result, p), equilibrium.profile[p], exact)}")
        lines.append(f"  #{index}  " + "   ".join(parts))
    elif equilibrium.behavior is not None and isinstance(game, ExtensiveGame):
        reach = reach_probabilities(game, equilibrium.behavior)
        plays = [v for v in game.arrays.leaves if reach[v] > 1e-12]
        if len(plays) == 1:
            lines.append(f"  #{index}  path: {_describe_play(game, int(plays[0]))}")
        else:
            lines.append(f"  #{index}  plays:")
            lines += [f"        {number(reach[v])}  {_describe_play(game, int(v))}" for v in plays]
        lines.append("      choices (* = off the equilibrium path):")
        for p, player in enumerate(game.players):
            for k, s in enumerate(game.player_infosets(p)):
                exact = None if equilibrium.exact_behavior is None else equilibrium.exact_behavior[p][k]
                choice = render_mixed(game.infosets[s].actions, equilibrium.behavior[p][k], exact)
                on_path = any(reach[v] > 1e-12 for v in game.members[s])
                lines.append(f"      {'' if on_path else '*'}{player} {infoset_name(game, s)}: {choice}")
        lines += _belief_lines(game, equilibrium)
    exact_payoffs = equilibrium.exact_payoffs
    payoffs = ", ".join(
        f"{player} {number(equilibrium.payoffs[p], None if exact_payoffs is None else exact_payoffs[p])}"
        for p, player in enumerate(game.players))
    certificate = "0 (exact)" if equilibrium.is_exact and equilibrium.regret == 0 else f"{equilibrium.regret:.3g}"
    lines.append(f"      payoffs: {payoffs}    regret: {certificate}")
    return lines


def _belief_lines(game: ExtensiveGame, equilibrium: Equilibrium) -> list[str]:
    """Beliefs at the information sets with several nodes (Bayes' rule on the others' play)."""
    exact = equilibrium.exact_behavior is not None and game.is_exact
    found = beliefs(game, equilibrium.exact_behavior if exact else equilibrium.behavior, exact)  # type: ignore[arg-type]
    lines = []
    for s, members in enumerate(game.members):
        if len(members) < 2 or game.infosets[s].player == CHANCE:
            continue
        owner = game.players[game.infosets[s].player]
        at_set = found[s]
        if at_set is None:
            lines.append(f"      beliefs of {owner} {infoset_name(game, s)}: not pinned down (never reached)")
            continue
        parts = ", ".join(f"{game.node_name(v)} {number(b, b if exact else None)}" for v, b in zip(members, at_set))
        lines.append(f"      beliefs of {owner} {infoset_name(game, s)}: {parts}")
    return lines


def _describe_play(game: ExtensiveGame, leaf: int) -> str:
    steps = []
    for v, a in game.path(leaf):
        infoset = game.infosets[game.nodes[v].infoset]  # type: ignore[index]
        who = "chance" if infoset.player == CHANCE else game.players[infoset.player]
        steps.append(f"{who} {infoset.actions[a]}")
    return " -> ".join(steps) if steps else "(the root is terminal)"


def render_result(result: Result, parameters: bool = True) -> str:
    """A readable report of one result.

    >>> import gametheory_ukraine as gt
    >>> pd = gt.NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...     players=["Row", "Column"], strategies=[["C", "D"], ["C", "D"]], title="Prisoner's dilemma")
    >>> print(render_result(gt.solve(pd, "enumpure")).splitlines()[3])
      #1  Row: D   Column: D
    """
    game = result.game
    title = game.title or "(untitled game)"
    lines = [title]
    if isinstance(game, NormalFormGame):
        shape = ", ".join(f"{p} ({k} strategies)" for p, k in zip(game.players, game.shape))
        lines.append(f"  strategic form: {shape}")
    else:
        lines.append(f"  extensive form: players {', '.join(game.players)}; {game.num_nodes} nodes, "
                     f"{len(game.arrays.leaves)} plays"
                     + ("" if game.has_perfect_recall else "; imperfect recall"))
    if parameters and game.parameters:
        values = ", ".join(f"{k}={fraction_text(v) if isinstance(v, Fraction) else v}"
                           for k, v in game.parameters.items())
        lines.append(f"  parameters: {values}")
    count = len(result.equilibria)
    noun = "equilibrium" if count == 1 else "equilibria"
    status = "" if result.complete else " (not complete)"
    if result.status != "converged":
        status += f" [{result.status}]"
    lines.append(f"  method {result.method}: {count} {noun}{status} in {result.seconds * 1000:.3g} ms")
    for i, equilibrium in enumerate(result.equilibria, 1):
        lines += render_equilibrium(result, i, equilibrium)
    lines += [f"  note: {note}" for note in result.notes]
    return "\n".join(lines)
