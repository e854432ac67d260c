"""Subgame-perfect equilibria of games with imperfect information, by subgame decomposition.

A node roots a *proper subgame* when every information set with a node below
it lies entirely below it.  Subgames are solved from the bottom up: each one,
with the subgames below it replaced by the payoffs of one of their
equilibria, is a small game whose reduced strategic form is solved by the
strongest complete strategic method for its size (``enummixed`` for two
players, ``enumpoly`` for a few more, ``enumpure`` beyond); its mixed
equilibria become behavior strategies (Kuhn's theorem, so subgames need
perfect recall).  Every combination of the equilibria of the subgames below
is composed, up to a limit, so a subgame with several equilibria gives as
many subgame-perfect equilibria.  Decision nodes of perfect information are
subgames of their own and reduce to a choice among their children's values.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Any

import numpy as np

from ..errors import GameTooLargeError, SolverError
from ..games import CHANCE, ExtensiveGame
from ..games.convert import count_reduced_strategies, reduced_strategic_form, reduced_strategies
from ..games.extensive import Infoset, Node, Outcome
from .behavior import behavior_from_mixed, certify_behavior, node_values
from .budget import BUDGET_EXCEEDED, Budget, BudgetExceeded
from .registry import solve

ENUMPOLY_MAX_PROFILES = 64
"""Largest strategic form (in pure profiles) of an n-player subgame solved by ``enumpoly``."""


def subtree_ends(game: ExtensiveGame) -> np.ndarray:
    """For each node ``v``, one past the last node of its subtree (nodes are in preorder)."""
    ends = np.arange(1, game.num_nodes + 1)
    parent = game.arrays.parent
    for v in range(game.num_nodes - 1, 0, -1):
        ends[parent[v]] = max(ends[parent[v]], ends[v])
    return ends


def subgame_roots(game: ExtensiveGame) -> np.ndarray:
    """Per node, whether it is the root of a subgame (the root of the game always is; leaves are not).

    A node fails when it lies strictly below the deepest common ancestor of
    some information set's nodes and above (or at) one of them: its subtree
    then cuts that information set.

    >>> import gametheory_ukraine as gt
    >>> game = gt.ExtensiveGame.from_tree(["A", "B"], {"player": "A", "moves": {
    ...     "out": {"payoffs": [1, 1]},
    ...     "in": {"player": "A", "moves": {
    ...         "x": {"player": "B", "infoset": "I", "moves": {"l": {"payoffs": [2, 0]}, "r": {"payoffs": [0, 2]}}},
    ...         "y": {"player": "B", "infoset": "I", "moves": {"l": {"payoffs": [0, 2]}, "r": {"payoffs": [2, 0]}}}}}}})
    >>> np.flatnonzero(subgame_roots(game)).tolist()
    [0, 2]
    """
    arrays = game.arrays
    roots = arrays.num_children > 0
    parent = arrays.parent
    for members in game.members:
        if len(members) < 2:
            continue
        paths = [_ancestors(parent, v) for v in members]  # each from the node up to the root
        common = set(paths[0]).intersection(*paths[1:])
        for path in paths:
            for v in path:
                if v in common:
                    break
                roots[v] = False
    return roots


def _ancestors(parent: np.ndarray, node: int) -> list[int]:
    path = [node]
    while parent[path[-1]] >= 0:
        path.append(int(parent[path[-1]]))
    return path


@dataclass(frozen=True)
class _Piece:
    """One equilibrium of a subgame: its value at the subgame's root, and the behavior inside."""

    value: tuple[Any, ...]
    behavior: dict[int, tuple[Any, ...]]  # information set -> action probabilities


def _reduced_game(game: ExtensiveGame, root: int, end: int, replaced: dict[int, tuple[Any, ...]],
                  exact: bool) -> tuple[ExtensiveGame, dict[int, int]]:
    """The subgame at ``root`` with the subgames in ``replaced`` cut to leaves of the given value.

    Leaves carry the payoffs of whole plays (outcomes on the path above
    ``root`` included): a constant per player that changes no choice.
    Returns the game and the map from its information sets to the original ones.
    """
    arrays = game.arrays
    payoffs: np.ndarray = arrays.exact_payoffs if exact else arrays.payoffs  # type: ignore[assignment]
    kept: list[int] = []
    stack = [root]
    while stack:
        v = stack.pop()
        kept.append(v)
        if v in replaced or arrays.num_children[v] == 0:
            continue
        start = arrays.child_start[v]
        stack.extend(reversed(arrays.children[start:start + arrays.num_children[v]].tolist()))
    position = {v: i for i, v in enumerate(kept)}
    infoset_map: dict[int, int] = {}
    infosets: list[Infoset] = []
    outcomes: list[Outcome] = []
    nodes: list[Node] = []
    for v in kept:
        label = game.nodes[v].label
        if v in replaced or arrays.num_children[v] == 0:
            value = replaced[v] if v in replaced else tuple(payoffs[v])
            outcomes.append(Outcome(tuple(value)))
            nodes.append(Node(outcome=len(outcomes) - 1, label=label))
            continue
        original = int(arrays.infoset[v])
        local = next((k for k, s in infoset_map.items() if s == original), None)
        if local is None:
            local = len(infosets)
            infoset_map[local] = original
            infosets.append(game.infosets[original])
        start = arrays.child_start[v]
        kids = arrays.children[start:start + arrays.num_children[v]]
        nodes.append(Node(children=tuple(position[int(c)] for c in kids), infoset=local, label=label))
    reduced = ExtensiveGame(game.players, nodes, infosets, outcomes, title=f"subgame at {game.node_name(root)}")
    # canonical order keeps preorder and first appearance, so the local numbering survives
    return reduced, infoset_map


def _solve_reduced(reduced: ExtensiveGame, exact: bool, budget: Budget | None, all_ties: bool,
                   limit: int) -> tuple[list[list[list[Any]]], list[str], bool]:
    """Equilibrium behavior profiles of a reduced subgame, notes, and whether the list is complete."""
    if not any(s.player != CHANCE for s in reduced.infosets):
        return [[[] for _ in range(reduced.num_players)]], [], True
    if not reduced.has_perfect_recall:
        raise SolverError(f"spe: {reduced.title} lacks perfect recall ({'; '.join(reduced.recall_violations)}); "
                          "subgame decomposition needs it; try enumpure or logit on the whole game")
    if reduced.is_perfect_information:
        # a decision (or chance) node whose children are all solved: pick the mover's best children
        from .backward_induction import spe

        result = spe(reduced, all=all_ties)
        profiles = [[[list(a) for a in player] for player in (e.exact_behavior or e.behavior)]
                    for e in result.equilibria]
        return profiles, list(result.notes), result.complete
    counts = [count_reduced_strategies(reduced, p) for p in range(reduced.num_players)]
    movers = [p for p in range(reduced.num_players) if counts[p] > 1]
    if not movers:
        one = Fraction(1) if exact else 1.0
        return [[[[one] * len(reduced.infosets[s].actions) for s in reduced.player_infosets(p)]
                 for p in range(reduced.num_players)]], [], True
    strategic = reduced_strategic_form(reduced, exact=exact)
    if len(movers) <= 2:
        # the players without a choice would only add axes of length one
        method = "enummixed" if len(movers) == 2 else "enumpure"
        solved = _restricted_to(strategic, movers)
    else:
        method = "enumpoly" if int(np.prod(counts)) <= ENUMPOLY_MAX_PROFILES else "enumpure"
        solved = strategic
    if budget is not None:
        budget.tick()
    timeout = None if budget is None else budget.remaining_seconds()
    shape = "x".join(str(len(s)) for s in solved.strategies)
    notes = []
    try:
        options = {"max_equilibria": limit} if method == "enumpure" else {}
        result = solve(solved, method, timeout=timeout, **options)
    except GameTooLargeError as refusal:
        if method != "enummixed":
            raise
        method = "lemke-howson"
        notes.append(f"{reduced.title}: {refusal}; lemke-howson from every starting label instead")
        result = replace(solve(solved, method, timeout=timeout), complete=False)
    if result.status == BUDGET_EXCEEDED:
        raise BudgetExceeded(f"{reduced.title}: {'; '.join(result.notes)}")
    notes.insert(0, f"{reduced.title}: strategic form {shape} solved by {method}")
    complete = result.complete
    equilibria = list(result.equilibria)
    if len(movers) == 1 and len(equilibria) > 1 and not all_ties:
        notes.append(f"{reduced.title}: player {reduced.players[movers[0]]!r} is indifferent between "
                     f"{len(equilibria)} strategies; the first is kept (all=True lists every one)")
        equilibria, complete = equilibria[:1], False
    elif len(movers) > 2 and method == "enumpure":
        notes.append(f"{reduced.title}: only its pure equilibria were sought (too large for enumpoly)")
        complete = False
    profiles = []
    for equilibrium in equilibria:
        mixed = equilibrium.exact_profile if equilibrium.exact_profile is not None else equilibrium.profile
        full = (_full_mixture(mixed, movers, reduced.num_players, exact) if solved is not strategic
                else list(mixed))  # type: ignore[arg-type]  # not None: profile is set on every equilibrium
        profiles.append([behavior_from_mixed(reduced, p, reduced_strategies(reduced, p), list(full[p]))
                         for p in range(reduced.num_players)])
    return profiles, notes, complete


def _restricted_to(strategic: Any, movers: list[int]) -> Any:
    """The strategic form of the players with a choice (the others have a single strategy)."""
    from ..games import NormalFormGame

    tables = strategic.exact if strategic.exact is not None else strategic.payoffs
    index = tuple(slice(None) if p in movers else 0 for p in range(strategic.num_players))
    return NormalFormGame(np.stack([tables[p][index] for p in movers]),
                          players=[strategic.players[p] for p in movers],
                          strategies=[strategic.strategies[p] for p in movers])


def _full_mixture(mixed: Any, movers: list[int], players: int, exact: bool) -> list[list[Any]]:
    """Mixtures for every player, the single strategy of those without a choice included."""
    one = Fraction(1) if exact else 1.0
    parts = iter(mixed)
    return [list(next(parts)) if p in movers else [one] for p in range(players)]


def decompose(game: ExtensiveGame, *, all_ties: bool = False, max_equilibria: int = 1000,
              budget: Budget | None = None) -> tuple[list[dict[int, tuple[Any, ...]]], list[str], bool]:
    """Every composition of subgame equilibria, as behavior per information set; notes; completeness."""
    exact = game.is_exact
    roots = np.flatnonzero(subgame_roots(game))
    ends = subtree_ends(game)
    root_set = set(int(r) for r in roots)
    parent = game.arrays.parent
    below: dict[int, list[int]] = {int(r): [] for r in roots}
    for r in roots[1:]:
        up = int(parent[r])
        while up not in root_set:
            up = int(parent[up])
        below[up].append(int(r))
    pieces: dict[int, list[_Piece]] = {}
    notes: list[str] = []
    complete = True
    for root in sorted(root_set, key=lambda r: -int(game.arrays.depth[r])):
        found: list[_Piece] = []
        for combination in itertools.product(*(pieces[c] for c in below[root])):
            if budget is not None:
                budget.tick()
            if len(found) > max_equilibria:
                break
            replaced = {c: piece.value for c, piece in zip(below[root], combination)}
            inherited: dict[int, tuple[Any, ...]] = {}
            for piece in combination:
                inherited.update(piece.behavior)
            reduced, infoset_map = _reduced_game(game, root, int(ends[root]), replaced, exact)
            profiles, local_notes, local_complete = _solve_reduced(reduced, exact, budget, all_ties,
                                                                   max_equilibria)
            complete &= local_complete
            notes.extend(n for n in local_notes if n not in notes)
            for profile in profiles:
                behavior = dict(inherited)
                for p in range(reduced.num_players):
                    for s, probabilities in zip(reduced.player_infosets(p), profile[p]):
                        behavior[infoset_map[s]] = tuple(probabilities)
                value = node_values(reduced, profile, exact)[0]
                found.append(_Piece(tuple(value), behavior))
        if len(found) > max_equilibria:
            complete = False
            limit_note = f"stopped after {max_equilibria} equilibria (max_equilibria)"
            if limit_note not in notes:
                notes.append(limit_note)
        pieces[root] = found[:max_equilibria]
    return [piece.behavior for piece in pieces[0]], notes, complete


def subgame_perfect_equilibria(game: ExtensiveGame, *, all_ties: bool = False, max_equilibria: int = 1000,
                               budget: Budget | None = None) -> tuple[list[Any], list[str], bool]:
    """Certified subgame-perfect equilibria (as :class:`Equilibrium` records), notes, completeness."""
    compositions, notes, complete = decompose(game, all_ties=all_ties, max_equilibria=max_equilibria,
                                              budget=budget)
    equilibria = []
    dropped = 0
    for behavior in compositions:
        profile = [[list(behavior[s]) for s in game.player_infosets(p)] for p in range(game.num_players)]
        record = certify_behavior(game, profile)
        if record is None:
            dropped += 1
            continue
        equilibria.append(record)
    if dropped:
        notes.append(f"{dropped} composed profile(s) failed their certificate and were dropped")
        complete = False
    return equilibria, notes, complete
