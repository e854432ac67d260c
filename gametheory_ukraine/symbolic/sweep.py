"""Sweeps: a model solved at a grid and/or Monte Carlo sample of calibrations, in batches.

The payoffs of a whole batch of calibrations are lambdified to numpy
(:mod:`.batch`) and solved by batched solvers that carry the batch on the
first axis, never by a Python loop over calibrations:

* perfect-information trees (chance allowed): batched backward induction,
  one level of the tree at a time, reusing the level plan of
  :mod:`gametheory_ukraine.solvers.backward_induction`;
* strategic games: batched pure equilibria (the best-response masks of
  :func:`gametheory_ukraine.solvers.pure.best_response_mask` with the batch
  as a trailing axis), and for 2x2 games the closed-form fully mixed
  equilibrium;
* sender–receiver signalling games (imperfect information): batched pure
  perfect Bayesian equilibria, as ``pbe``: every pure assessment checked on
  the whole batch by vectorised comparisons (messages with at most two
  responses).

Other imperfect-information trees have no batched solver: they are solved
one calibration at a time by ``gametheory_ukraine.solve(game, 'spe')``
(subgame decomposition), or ``'pbe'``, with the same outcome bookkeeping;
the result's notes say so, since that is far slower.

The calibrations are the product of the ``grid`` points and ``samples``
Monte Carlo draws of the other parameters (from the prior each parameter
declares in the model, uniform on its range by default; ``priors=`` overrides).  The same draws are used at
every grid point (common random numbers), and they depend only on the seed,
never on the batch size, so results are reproducible whatever the memory.
Batches run locally (no dependency) or on a Dask cluster (:mod:`.distributed`)
with identical results.
"""

from __future__ import annotations

import itertools
import math
import sys
import time
import weakref
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from ..errors import GameError, ModelError
from ..games import CHANCE, ExtensiveGame
from ..solvers.backward_induction import RELATIVE_TOLERANCE, level_plan, reduce_levels
from ..solvers.pure import best_response_mask
from .batch import batch_edge_probabilities, batch_payoffs
from .model import Model, Parameter, Prior

__all__ = ["sweep", "SweepResult", "solve_batch", "tree_structure", "BatchSolution", "wilson_interval",
           "add_sweep_arguments", "run_sweep", "parse_grid"]

SAMPLE_BLOCK = 1 << 14
"""Samples are drawn in blocks of this size, block ``b`` from the seed ``(seed, b)``,
so any calibration's sample is the same whatever the batch size."""
DEFAULT_MEMORY = 32 * 2 ** 20
"""Bytes of working arrays one batch may use: batches this small stay near the CPU caches
and run faster than one big batch (and a sweep of any size never runs out of memory)."""
MAX_KEPT_OUTCOMES = 1 << 28
"""Beyond this many calibrations (1 GiB of int32) a sweep keeps the counts, not every calibration's outcome."""
PER_CALIBRATION_BATCH = 256
"""Calibrations per batch when they are solved one at a time (the progress bar moves, the memory is nil)."""

Sampler = Callable[[np.random.Generator, int], np.ndarray]
"""``sampler(rng, size)`` draws ``size`` values of one parameter, in its units."""


def _sampler(spec: Any, parameter: Parameter) -> Sampler:
    """What draws ``parameter``: ``spec`` if given, else the model's declared prior, else uniform on the range.

    ``spec`` is a :class:`~gametheory_ukraine.symbolic.model.Prior`, its YAML
    form (``"uniform"``, ``{"beta": [2, 5]}``), a tuple ``("beta", 2, 5)`` (the
    same vocabulary, checked the same way), or a callable ``(rng, size) ->
    array`` in the parameter's units.
    """
    if callable(spec) and not isinstance(spec, Prior):
        return spec
    prior = parameter.sampler() if spec is None else Prior.parse(spec, parameter.low, parameter.high)
    return prior.draw


def wilson_interval(successes: int, trials: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion (95% by default).

    >>> low, high = wilson_interval(50, 100)
    >>> round(low, 4), round(high, 4)
    (0.4038, 0.5962)
    """
    if trials == 0:
        return 0.0, 1.0
    share = successes / trials
    denominator = 1 + z * z / trials
    centre = (share + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(share * (1 - share) / trials + z * z / (4 * trials * trials)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


# ---------------------------------------------------------------------------------------
# batched solvers


@dataclass
class BatchSolution:
    """Solutions of one batch of calibrations.

    Attributes
    ----------
    keys:
        ``(batch, width)`` small integers identifying the equilibrium outcome of
        each calibration: for a tree, the action chosen at each decision node
        on the equilibrium paths (``-1`` off them); for a table, 1 where the
        cell is a pure equilibrium.
    choice:
        Trees: the action at every decision node, ``(batch, decision nodes)``
        (the full subgame-perfect profile); tables: ``None``.
    values:
        Trees: the equilibrium payoffs at the root, ``(batch, players)``;
        tables: ``None``.
    tied:
        Whether some mover on an equilibrium path was indifferent (within
        the solvers' tolerance): ties go to the first action, as in ``spe``.
    mixed:
        2x2 tables: the fully mixed equilibrium ``(p, q)`` (each player's
        probability of her first strategy), NaN where there is none.
    """

    keys: np.ndarray
    choice: np.ndarray | None
    values: np.ndarray | None
    tied: np.ndarray
    mixed: np.ndarray | None = None


def tree_structure(model: Model) -> ExtensiveGame:
    """The numeric game at the calibration: the tree's shape, shared by every calibration.

    Built once per model and process (batched solvers only read its arrays).
    """
    if model not in _STRUCTURE:
        game = model.game()
        if not isinstance(game, ExtensiveGame):
            raise ModelError("expected an extensive-form model")
        _STRUCTURE[model] = game
    return _STRUCTURE[model]


_STRUCTURE: "weakref.WeakKeyDictionary[Model, ExtensiveGame]" = weakref.WeakKeyDictionary()


def _solve_tree(game: ExtensiveGame, leaf_payoffs: np.ndarray, edge: np.ndarray) -> BatchSolution:
    """Batched backward induction: ``spe``'s own level loop (:func:`reduce_levels`) over the batch.

    Inside, arrays are node-major with the batch last, ``(nodes, players, batch)``,
    so that gathering a level's children copies contiguous rows.
    """
    arrays = game.arrays
    size = leaf_payoffs.shape[0]
    values = np.empty((game.num_nodes, game.num_players, size))
    values[arrays.leaves] = leaf_payoffs.transpose(1, 2, 0)
    # Ties go to the first action, as in the exact single-game solver; the tolerance keeps
    # float rounding from turning an exact tie into a strict preference.
    tolerance = RELATIVE_TOLERANCE * max(1.0, float(np.abs(leaf_payoffs).max(initial=0.0)))
    choice, tied = reduce_levels(game, values, tolerance, edge.T)
    plan = level_plan(game)
    # The equilibrium paths: every branch of a chance node, the chosen branch of a decision node.
    reached = np.zeros((game.num_nodes, size), dtype=bool)
    reached[0] = True
    for level in plan:
        for nodes, children, is_decision in ((level.decision, level.decision_children, True),
                                             (level.chance, level.chance_children, False)):
            counts = arrays.num_children[nodes]
            for j in range(children.shape[1] if nodes.size else 0):
                real = j < counts
                on_path = reached[nodes[real]]
                if is_decision:
                    on_path = on_path & (choice[nodes[real]] == j)
                reached[children[real, j]] = on_path
    decision = np.flatnonzero(arrays.player >= 0)
    keys = np.where(reached[decision], choice[decision], -1).astype(np.int8).T
    return BatchSolution(np.ascontiguousarray(keys), choice[decision].T, values[0].T,
                         (tied[decision] & reached[decision]).any(axis=0))  # type: ignore[arg-type]


def _fully_mixed_2x2(payoffs: np.ndarray, tolerance: float) -> np.ndarray:
    """The closed-form fully mixed equilibrium of 2x2 games, ``(batch, 2)``, NaN where there is none.

    Column ``0`` is the row player's probability of her first strategy, which
    makes the column player indifferent: ``p = (B11 - B10) / (B00 - B10 - B01 + B11)``;
    column ``1`` is the column player's, symmetrically.  It is an equilibrium
    when both lie strictly inside (0, 1).
    """
    A, B = payoffs[:, 0], payoffs[:, 1]
    row_denominator = B[:, 0, 0] - B[:, 1, 0] - B[:, 0, 1] + B[:, 1, 1]
    column_denominator = A[:, 0, 0] - A[:, 0, 1] - A[:, 1, 0] + A[:, 1, 1]
    with np.errstate(divide="ignore", invalid="ignore"):
        p = (B[:, 1, 1] - B[:, 1, 0]) / row_denominator
        q = (A[:, 1, 1] - A[:, 0, 1]) / column_denominator
    mixed = np.stack([p, q], axis=1)
    inside = ((np.abs(row_denominator) > tolerance) & (np.abs(column_denominator) > tolerance)
              & (p > 0) & (p < 1) & (q > 0) & (q < 1))
    mixed[~inside] = np.nan
    return mixed


def _solve_table(payoffs: np.ndarray) -> BatchSolution:
    """Batched pure equilibria: best-response masks with the batch as the last axis.

    For 2x2 games the key gets one more column: 1 when a fully mixed
    equilibrium exists (closed form, :func:`_fully_mixed_2x2`).
    """
    tolerance = RELATIVE_TOLERANCE * max(1.0, float(np.abs(payoffs).max(initial=0.0)))
    by_cell = np.moveaxis(payoffs, 0, -1)  # (n, s_1, ..., s_n, b): best_response_mask's layout, batch last
    mask = best_response_mask(by_cell, tolerance)
    keys = np.moveaxis(mask, -1, 0).reshape(payoffs.shape[0], -1).astype(np.int8)
    # A near-tie: some cell is an equilibrium under the tolerance but not without it.
    strict = best_response_mask(by_cell, 0.0)
    tied = (np.moveaxis(strict, -1, 0).reshape(payoffs.shape[0], -1) != keys.astype(bool)).any(axis=1)
    mixed = None
    if payoffs.shape[1:] == (2, 2, 2):
        mixed = _fully_mixed_2x2(payoffs, tolerance)
        keys = np.concatenate([keys, (~np.isnan(mixed[:, :1])).astype(np.int8)], axis=1)
    return BatchSolution(keys, None, None, tied, mixed)


def solve_batch(model: Model, values: Mapping[str, Any]) -> BatchSolution:
    """Solve ``model`` at a batch of calibrations at once.

    Parameters
    ----------
    model:
        A perfect-information tree model (chance allowed; solved by batched
        backward induction, as ``spe``) or a normal-form model (all pure
        equilibria, as ``enumpure``, and for 2x2 games the fully mixed one).
    values:
        Parameter name to a 1-D array of values; others stay calibrated.

    Examples
    --------
    >>> import gametheory_ukraine as gt
    >>> model = gt.load("authorization-sequential")
    >>> solution = solve_batch(model, {"h": [1, 30]})
    >>> solution.values[:, 1]            # the Kremlin's equilibrium payoff
    array([4., 7.])
    """
    if model.kind == "extensive":
        game = tree_structure(model)
        if not game.is_perfect_information:
            raise ModelError(f"{model.name or model.title!r} has imperfect information: solve_batch runs backward "
                             "induction; sweep() solves imperfect-information trees (pbe or spe)")
        return _solve_tree(game, batch_payoffs(model, values), batch_edge_probabilities(model, values))
    return _solve_table(batch_payoffs(model, values))


# ---------------------------------------------------------------------------------------
# imperfect information: batched pure PBE of signalling games, or one game at a time
#
# The outcome of a calibration is the set of its equilibria's on-path plays.  A play is a
# row of codes, one per information set where a player has a choice (chance and one-action
# sets excluded): the action taken there, -1 where the play never reaches the set, -2 where
# it is randomised.  A key is the distinct rows, sorted, concatenated: the batched solver
# and the one-game path build the same bytes for the same equilibria.

UNREACHED, RANDOMISED = -1, -2


def _choice_sets(game: ExtensiveGame) -> list[int]:
    """The information sets that enter a play's codes: a player's, with two or more actions, player by player."""
    return sorted((s for s, infoset in enumerate(game.infosets)
                   if infoset.player != CHANCE and len(infoset.actions) > 1),
                  key=lambda s: (game.infosets[s].player, s))


def _play_codes(game: ExtensiveGame, behavior: Sequence[Sequence[Sequence[Any]]]) -> tuple[int, ...]:
    """The on-path play of one equilibrium (behavior per player per own information set) as codes."""
    arrays = game.arrays
    position = {s: (p, k) for p in range(game.num_players) for k, s in enumerate(game.player_infosets(p))}
    probabilities = (arrays.exact_edge_probability if arrays.exact_edge_probability is not None
                     else arrays.edge_probability)
    reach: list[Any] = [1] * game.num_nodes
    for v in range(1, game.num_nodes):  # preorder: a parent before its children
        parent = int(arrays.parent[v])
        if arrays.player[parent] == CHANCE:
            step = probabilities[v]
        else:
            player, k = position[int(arrays.infoset[parent])]
            step = behavior[player][k][int(arrays.action[v])]
        reach[v] = reach[parent] * step
    codes = []
    for s in _choice_sets(game):
        if not any(reach[v] > 0 for v in game.members[s]):
            codes.append(UNREACHED)
            continue
        player, k = position[s]
        mix = [float(x) for x in behavior[player][k]]
        best = int(np.argmax(mix))
        codes.append(best if mix[best] > 1 - 1e-9 else RANDOMISED)
    return tuple(codes)


def _plays_key(plays: Any) -> bytes:
    """The key of a calibration from its equilibria's plays: distinct rows, sorted, concatenated."""
    return np.array(sorted(set(map(tuple, plays))), dtype=np.int8).tobytes()


def _play_moves(game: ExtensiveGame, key: np.ndarray) -> list[list[tuple[str, str, str]]]:
    """Each equilibrium's moves ``(player, action, information-set label)`` at the sets its play reaches.

    A randomised choice reads as the action ``"mixed"``.
    """
    sets = _choice_sets(game)
    plays = key.reshape(-1, len(sets)) if key.size else key.reshape(0, len(sets))
    found = []
    for play in plays:
        moves = []
        for s, code in zip(sets, play):
            if code == UNREACHED:
                continue
            infoset = game.infosets[s]
            moves.append((game.players[infoset.player], "mixed" if code == RANDOMISED else infoset.actions[code],
                          infoset.label or ""))
        found.append(moves)
    return found


@dataclass(frozen=True)
class _SignallingPlan:
    """A signalling game's shape, read once, as index arrays for the batched pure-PBE check."""

    types: tuple[int, ...]  # the sender's node per type
    type_paths: tuple[np.ndarray, ...]  # the nodes from the root to each type's node (its prior's edges)
    destination: tuple[tuple[int | None, ...], ...]  # message set of (type, message), None: the game ends
    ending: tuple[tuple[int, ...], ...]  # node after (type, message), whose value is the ending payoff
    response_nodes: tuple[dict[int, tuple[int, ...]], ...]  # per message set, per sender: node after each response
    responses: tuple[int, ...]  # count per message set
    sender: int
    receiver: int
    code_sets: tuple[int, ...]  # per type then per message set: the column of its code in a play
    width: int  # columns of a play


def _signalling_plan(game: ExtensiveGame) -> _SignallingPlan | None:
    """The batched plan of a sender–receiver game, ``None`` when only the one-game ``pbe`` fits.

    The batched check needs each message set to have at most two responses:
    then an off-path response is optimal for some belief exactly when it is
    weakly better for one type in the belief's support (a vertex of the
    simplex); with more responses that is a linear program per calibration.
    """
    from ..solvers.pbe import signaling_structure

    try:
        structure = signaling_structure(game)
    except GameError:
        return None
    if structure.receiver is None or any(len(m.responses) > 2 for m in structure.message_sets):
        return None
    arrays = game.arrays

    def children(v: int) -> list[int]:
        start = int(arrays.child_start[v])
        return [int(c) for c in arrays.children[start:start + int(arrays.num_children[v])]]

    def below(v: int) -> int:  # single-action nodes decide nothing
        while arrays.num_children[v] == 1:
            v = int(arrays.children[arrays.child_start[v]])
        return v

    paths = []
    for t in structure.types:
        path, v = [], t.node
        while v > 0:
            path.append(v)
            v = int(arrays.parent[v])
        paths.append(np.array(path, dtype=np.int64))
    response_nodes = tuple({t: tuple(children(w)) for t, w in zip(m.senders, m.nodes)} for m in structure.message_sets)
    sets = _choice_sets(game)
    column = {s: j for j, s in enumerate(sets)}
    owned = [t.infoset for t in structure.types] + [m.infoset for m in structure.message_sets]
    if sorted(owned) != sorted(sets):  # another choice would need its own codes: leave it to the one-game path
        return None
    return _SignallingPlan(
        types=tuple(t.node for t in structure.types), type_paths=tuple(paths), destination=structure.destination,
        ending=tuple(tuple(below(c) for c in children(t.node)) for t in structure.types),
        response_nodes=response_nodes, responses=tuple(len(m.responses) for m in structure.message_sets),
        sender=structure.sender, receiver=structure.receiver, code_sets=tuple(column[s] for s in owned),
        width=len(sets))


def _solve_signalling(game: ExtensiveGame, plan: _SignallingPlan, leaf_payoffs: np.ndarray,
                      edge: np.ndarray) -> tuple[list[bytes], np.ndarray, int]:
    """Batched pure PBE, as ``pbe`` finds them, over a batch of calibrations of a signalling game.

    Every pure assessment (a message per type, a response per message set)
    is checked on the whole batch at once: the receiver's response is optimal
    for the Bayes belief at a message some type with positive prior sends,
    and for some belief over the possible senders at any other message; no
    type gains by sending another message.  Comparisons have the tolerance
    of ``spe``'s batched solver; a calibration where the tolerance changes
    the answer counts as a tie.

    Returns the distinct keys, each calibration's key index and the ties.
    """
    size = leaf_payoffs.shape[0]
    values = np.empty((game.num_nodes, game.num_players, size))
    values[game.arrays.leaves] = leaf_payoffs.transpose(1, 2, 0)
    reduce_levels(game, values, 0.0, edge.T)  # below the responses only chance moves: expected payoffs
    tolerance = RELATIVE_TOLERANCE * max(1.0, float(np.abs(leaf_payoffs).max(initial=0.0)))
    prior = np.stack([edge[:, path].prod(axis=1) for path in plan.type_paths])  # (types, batch)
    possible = prior > 0
    sender, receiver = plan.sender, plan.receiver
    num_types, num_sets = len(plan.types), len(plan.responses)

    def sender_payoff(t: int, a: int, responses: Sequence[int]) -> np.ndarray:
        i = plan.destination[t][a]
        node = plan.ending[t][a] if i is None else plan.response_nodes[i][t][responses[i]]
        return values[node, sender]

    # Off the path, by message set and response: optimal for some belief over the possible senders
    # (those with positive prior, or all of them when none has): weakly best for one of them.
    off_path: list[list[tuple[np.ndarray, np.ndarray]]] = []
    for i, nodes in enumerate(plan.response_nodes):
        senders = list(nodes)
        support = possible[senders]
        support = support | ~support.any(axis=0)
        options = []
        for r in range(plan.responses[i]):
            gain = np.stack([values[nodes[t][r], receiver] - values[nodes[t][1 - r], receiver]
                             if plan.responses[i] == 2 else np.zeros(size) for t in senders])
            options.append(((support & (gain >= -tolerance)).any(axis=0), (support & (gain >= 0)).any(axis=0)))
        off_path.append(options)  # type: ignore[arg-type]

    strategies = list(itertools.product(*(range(len(d)) for d in plan.destination)))
    profiles = list(itertools.product(*(range(k) for k in plan.responses)))
    digits = max(max((len(d) for d in plan.destination), default=1), max(plan.responses, default=1)) + 2
    if digits ** plan.width >= 2 ** 62:
        raise GameError("too many information sets to encode a play in 64 bits")
    sentinel = np.int64(digits ** plan.width)
    place = digits ** np.arange(plan.width - 1, -1, -1, dtype=np.int64)
    encoded = np.full((size, len(strategies) * len(profiles)), sentinel, dtype=np.int64)
    strict_encoded = encoded.copy()
    candidate = 0
    for messages in strategies:
        # Bayes' rule at each message set: the prior weight of each type that sends it.
        weight = [{t: prior[t] for t in range(num_types) if plan.destination[t][messages[t]] == i}
                  for i in range(num_sets)]
        used = [np.any([possible[t] for t in w], axis=0) if w else np.zeros(size, dtype=bool) for w in weight]
        sender_codes = sum((np.where(possible[t], messages[t], UNREACHED) + 2) * place[plan.code_sets[t]]
                           for t in range(num_types))
        receiver_ok: list[list[tuple[np.ndarray, np.ndarray]]] = []
        for i in range(num_sets):
            total = sum(weight[i].values()) if weight[i] else np.ones(size)
            with np.errstate(invalid="ignore", divide="ignore"):
                expected = [sum(w * values[plan.response_nodes[i][t][r], receiver] for t, w in weight[i].items())
                            / total if weight[i] else np.zeros(size) for r in range(plan.responses[i])]
            best = np.max(expected, axis=0)
            receiver_ok.append([(np.where(used[i], expected[r] >= best - tolerance, off_path[i][r][0]),
                                 np.where(used[i], expected[r] >= best, off_path[i][r][1]))
                                for r in range(plan.responses[i])])
        for responses in profiles:
            loose = np.ones(size, dtype=bool)
            strict = np.ones(size, dtype=bool)
            for i, r in enumerate(responses):
                loose &= receiver_ok[i][r][0]
                strict &= receiver_ok[i][r][1]
            for t in range(num_types):
                own = sender_payoff(t, messages[t], responses)
                for a in range(len(plan.destination[t])):
                    if a != messages[t]:
                        other = sender_payoff(t, a, responses)
                        loose &= other <= own + tolerance
                        strict &= other <= own
            codes = sender_codes + sum((np.where(used[i], r, UNREACHED) + 2) * place[plan.code_sets[num_types + i]]
                                       for i, r in enumerate(responses))
            encoded[:, candidate] = np.where(loose, codes, sentinel)
            strict_encoded[:, candidate] = np.where(strict, codes, sentinel)
            candidate += 1
    plays = _distinct_sorted(encoded, sentinel)
    ties = int((plays != _distinct_sorted(strict_encoded, sentinel)).any(axis=1).sum())
    # Few equilibria per calibration: keep the columns some row uses, then one np.unique over
    # the rows viewed as byte strings (much faster than a lexicographic sort of int rows).
    plays = np.ascontiguousarray(plays[:, :max(1, int((plays < sentinel).sum(axis=1).max(initial=0)))])
    unique, inverse = np.unique(plays.view(np.dtype((np.void, plays.shape[1] * 8)))[:, 0], return_inverse=True)
    keys = []
    for raw in unique:
        row = np.frombuffer(raw.tobytes(), dtype=np.int64)
        found = row[row < sentinel]
        codes = (found[:, None] // place[None, :]) % digits - 2  # back to one code per set
        keys.append(_plays_key(codes))
    return keys, inverse.reshape(-1).astype(np.int32), ties


def _distinct_sorted(encoded: np.ndarray, sentinel: np.int64) -> np.ndarray:
    """Each row's distinct values in increasing order, padded with the sentinel."""
    ordered = np.sort(encoded, axis=1)
    ordered[:, 1:][ordered[:, 1:] == ordered[:, :-1]] = sentinel
    return np.sort(ordered, axis=1)


def _solve_each(model: Model, game: ExtensiveGame, values: Mapping[str, np.ndarray], method: str,
                rows: np.ndarray) -> tuple[list[bytes], np.ndarray, int]:
    """One calibration at a time: ``gametheory_ukraine.solve(model.game(...), method)``, exact.

    The fallback for imperfect-information trees without a batched solver;
    only the rows marked in ``rows`` are solved (the others get index -1).
    """
    from ..solvers.registry import solve

    keys: dict[bytes, int] = {}
    inverse = np.full(rows.size, -1, dtype=np.int32)
    ties = 0
    for k in np.flatnonzero(rows):
        calibration = model.game(**{name: float(array[k]) for name, array in values.items()})
        result = solve(calibration, method)
        ties += not result.complete
        plays = [_play_codes(calibration,  # type: ignore[arg-type]  # a tree, with behavior profiles
                             e.exact_behavior if e.exact_behavior is not None else e.behavior)  # type: ignore[arg-type]
                 for e in result.equilibria]
        inverse[k] = keys.setdefault(_plays_key(plays), len(keys))
    return list(keys), inverse, ties


# ---------------------------------------------------------------------------------------
# the calibrations


def parse_grid(text: str) -> tuple[str, tuple[float, float, int]]:
    """``NAME=LO:HI:N`` as ``(name, (low, high, points))``.

    >>> parse_grid("h=0:50:11")
    ('h', (0.0, 50.0, 11))
    """
    name, _, spec = text.partition("=")
    parts = spec.split(":")
    if not name.strip() or len(parts) != 3:
        raise GameError(f"--grid expects NAME=LO:HI:N, got {text!r}")
    try:
        low, high = (float(Fraction(p.strip())) for p in parts[:2])
        points = int(parts[2])
    except (ValueError, ZeroDivisionError):
        raise GameError(f"--grid expects NAME=LO:HI:N with numbers, got {text!r}") from None
    return name.strip(), (low, high, points)


def _check_range(model: Model, name: str, low: float, high: float) -> None:
    if name not in model.parameters:
        raise ModelError(f"unknown parameter {name!r}; the parameters of {model.name or model.title!r} are "
                         f"{', '.join(model.parameters) or 'none'}")
    parameter = model.parameters[name]
    if (parameter.low is not None and low < parameter.low) or (parameter.high is not None and high > parameter.high):
        raise ModelError(f"{name} from {low:g} to {high:g} leaves its declared range "
                         f"[{parameter.low}, {parameter.high}]")


@dataclass
class _Design:
    """Which calibration each index stands for: grid point ``i // samples``, draw ``i % samples``."""

    model: Model
    grid: dict[str, np.ndarray]
    sampled: tuple[str, ...]
    samples: int
    seed: int
    priors: dict[str, Sampler]
    fixed: dict[str, float]
    solver: str = ""
    """How batches are solved (:data:`SOLVERS`); empty: the batched solver of the model's kind."""
    _block_cache: dict[int, np.ndarray] = field(default_factory=dict)

    @property
    def grid_shape(self) -> tuple[int, ...]:
        return tuple(len(v) for v in self.grid.values())

    @property
    def size(self) -> int:
        return int(np.prod(self.grid_shape, dtype=np.int64)) * self.samples

    def _block(self, block: int) -> np.ndarray:
        if block not in self._block_cache:
            self._block_cache.clear()  # blocks are visited in order: keep one
            rng = np.random.default_rng(np.random.SeedSequence([self.seed, block]))
            columns = []
            for name in self.sampled:
                columns.append(np.asarray(self.priors[name](rng, SAMPLE_BLOCK), dtype=float).reshape(SAMPLE_BLOCK))
            self._block_cache[block] = np.stack(columns, axis=1) if columns else np.empty((SAMPLE_BLOCK, 0))
        return self._block_cache[block]

    def values(self, start: int, stop: int, step: int = 1) -> dict[str, np.ndarray]:
        """Parameter arrays of calibrations ``start:stop:step`` (gridded, sampled and fixed ones)."""
        index = np.arange(start, stop, step, dtype=np.int64)
        out: dict[str, np.ndarray] = {name: np.full(index.size, value) for name, value in self.fixed.items()}
        if self.grid:
            coordinates = np.unravel_index(index // self.samples, self.grid_shape)
            for (name, points), coordinate in zip(self.grid.items(), coordinates):
                out[name] = points[coordinate]
        if self.sampled:
            draw = index % self.samples
            table = np.empty((index.size, len(self.sampled)))
            for block in np.unique(draw // SAMPLE_BLOCK):
                rows = draw // SAMPLE_BLOCK == block
                table[rows] = self._block(int(block))[draw[rows] % SAMPLE_BLOCK]
            for column, name in enumerate(self.sampled):
                out[name] = table[:, column]
        return out


# ---------------------------------------------------------------------------------------
# results


@dataclass
class SweepResult:
    """What a sweep found: the frequency of each equilibrium outcome, with Wilson intervals.

    Attributes
    ----------
    model:
        The swept model.
    labels:
        A readable label per outcome, most frequent first.
    moves:
        Per outcome, the moves ``(player, action)`` its pure equilibria make
        (empty when it has none): the outcome as data rather than text.
    counts:
        How many calibrations gave each outcome.
    outcome:
        The outcome index (into ``labels``) of every calibration, in design
        order; -1 for a rejected draw; ``None`` beyond :data:`MAX_KEPT_OUTCOMES`
        calibrations.
    grid:
        The grid points per gridded parameter; ``samples`` draws per grid point.
    ties:
        Calibrations where a mover on the equilibrium path was (nearly) indifferent
        (solved per calibration: whose solver's answer was incomplete).
    rejected:
        Sampled calibrations left out because their chance probabilities are
        not a distribution (the draws are conditioned on valid ones).
    notes:
        How the batches were solved (per calibration: slower) and what was left out.
    """

    model: Model
    labels: list[str]
    moves: list[frozenset[tuple[str, str]]]
    counts: np.ndarray
    outcome: np.ndarray | None
    grid: dict[str, np.ndarray]
    sampled: tuple[str, ...]
    samples: int
    seed: int
    method: str
    ties: int
    seconds: float
    design: _Design = field(repr=False)
    rejected: int = 0
    notes: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return int(self.counts.sum())

    @property
    def frequencies(self) -> np.ndarray:
        return self.counts / max(1, self.total)

    def to_dict(self) -> dict[str, Any]:
        """The JSON document of ``sweep --format json``."""
        return {
            "game": {"title": self.model.title, "kind": self.model.kind, "players": list(self.model.players),
                     "parameters": {k: float(v) for k, v in self.model.calibration.items()}},
            "method": self.method,
            "grid": {name: {"low": float(p[0]), "high": float(p[-1]), "points": int(len(p))}
                     for name, p in self.grid.items()},
            "samples": self.samples, "sampled": list(self.sampled), "seed": self.seed,
            "calibrations": self.total,
            "outcomes": [{"outcome": label, "moves": sorted(map(list, moves)), "count": int(count),
                          "frequency": float(count / self.total),
                          "interval": list(wilson_interval(int(count), self.total))}
                         for label, moves, count in zip(self.labels, self.moves, self.counts)],
            "ties": self.ties,
            "rejected": self.rejected,
            "notes": list(self.notes),
            "seconds": self.seconds,
        }

    def render(self) -> str:
        """A plain-text table of the outcome frequencies."""
        lines = [f"{self.model.title}: {self.total} calibrations ({self.method}, {self.seconds:.2f} s)"]
        if self.grid:
            lines.append("grid: " + ", ".join(f"{n} {p[0]:g}..{p[-1]:g} ({len(p)} points)"
                                              for n, p in self.grid.items()))
        if self.sampled:
            lines.append(f"samples: {self.samples} per grid point of {', '.join(self.sampled)} (seed {self.seed})")
        for label, count in zip(self.labels, self.counts):
            low, high = wilson_interval(int(count), self.total)
            lines.append(f"  {count / self.total:8.2%}  [{low:7.2%}, {high:7.2%}]  {label}")
        if self.ties:
            lines.append(f"  {self.ties} calibrations have a tie on the equilibrium path "
                         "(broken towards the first action)")
        lines.extend(f"note: {note}" for note in self.notes)
        return "\n".join(lines)

    def plot(self, path: str) -> str:
        """A region map: the outcome over the varied parameters, written as ``<stem>.png`` and ``<stem>.svg``.

        Needs matplotlib.  A grid of one parameter without samples is drawn
        as bands, of two as an image of cells; otherwise a scatter of the
        calibrations (at most about 20000, evenly spaced) over the first two
        varied parameters (:func:`gametheory_ukraine.report.plots.region_plot`
        draws it).  Existing files are replaced.  Returns the PNG's path.
        """
        from ..report.plots import figure_paths, region_plot

        region_plot(self, path, force=True)
        return str(figure_paths(path)[0])


def _invalid_chance(game: ExtensiveGame, edge: np.ndarray) -> np.ndarray:
    """Per calibration, whether some chance node's probabilities are not a distribution (``model.game`` refuses)."""
    arrays = game.arrays
    chance = np.flatnonzero(arrays.player == CHANCE)
    if not chance.size:
        return np.zeros(edge.shape[0], dtype=bool)
    children = np.concatenate([arrays.children[arrays.child_start[v]:arrays.child_start[v] + arrays.num_children[v]]
                               for v in chance])
    probabilities = edge[:, children]  # only chance edges: the others are 1 by construction
    sums = np.add.reduceat(probabilities, np.r_[0, np.cumsum(arrays.num_children[chance])[:-1]], axis=1)
    return (probabilities.min(axis=1) < -1e-12) | (np.abs(sums - 1) > 1e-9).any(axis=1)


SOLVERS = {
    "spe": "batched backward induction",
    "enumpure": "batched pure equilibria",
    "pbe": "batched pure perfect Bayesian equilibria",
    "pbe per calibration": "gametheory_ukraine.solve(game, 'pbe'), one calibration at a time",
    "spe per calibration": "gametheory_ukraine.solve(game, 'spe') (subgame decomposition), one calibration at a time",
}
"""The ways a sweep solves its batches, by the name its design records."""


def _solve_range(model: Model, design: "_Design", start: int, stop: int) -> tuple[list[bytes], np.ndarray, int]:
    """Solve calibrations ``start:stop``: their distinct outcome keys, each one's key index, the ties.

    A sampled calibration whose chance probabilities are not a distribution
    is rejected (index -1): the draws are conditioned on valid probabilities.
    Without sampling such a calibration is an error, as in ``model.game``.
    """
    values = design.values(start, stop)
    if model.kind == "normal":
        return _unique_keys(_solve_table(batch_payoffs(model, values)))
    game = tree_structure(model)
    edge = batch_edge_probabilities(model, values)
    invalid = _invalid_chance(game, edge)
    if invalid.any() and not design.sampled:
        row = int(np.argmax(invalid))
        where = ", ".join(f"{name}={float(array[row]):g}" for name, array in values.items())
        raise ModelError(f"the chance probabilities are not a distribution at {where}")
    solver = design.solver or "spe"
    if solver.endswith("per calibration"):
        return _solve_each(model, game, values, solver.split()[0], ~invalid)
    payoffs = batch_payoffs(model, values)
    if solver == "pbe":
        plan = _signalling_plan(game)
        assert plan is not None, "sweep() picks the batched pbe only for games it fits"
        keys, inverse, ties = _solve_signalling(game, plan, payoffs, edge)
    else:
        keys, inverse, ties = _unique_keys(_solve_tree(game, payoffs, edge))
    if invalid.any():
        inverse[invalid] = -1
    return keys, inverse, ties


def _unique_keys(solution: BatchSolution) -> tuple[list[bytes], np.ndarray, int]:
    # Distinct outcomes: one np.unique over the rows viewed as byte strings.
    rows = np.ascontiguousarray(solution.keys).view(np.dtype((np.void, solution.keys.shape[1])))[:, 0]
    unique, inverse = np.unique(rows, return_inverse=True)
    return [row.tobytes() for row in unique], inverse.reshape(-1).astype(np.int32), int(solution.tied.sum())


def _outcome(model: Model, game: ExtensiveGame | None, key: np.ndarray) -> tuple[str, frozenset[tuple[str, str]]]:
    """An outcome key decoded: its readable label, and the moves ``(player, action)`` its pure equilibria make.

    Labels: tables list their pure equilibria ``(T, A); (C, W)`` (and ``fully
    mixed`` for a 2x2 game's mixed one); perfect-information trees their
    path ``W:D -> R:A -> P:Deal`` (``|`` between moves when chance moves too);
    other trees each equilibrium's moves ``B:E (B_T), K:W (K_after_E); ...``.
    The moves are what :mod:`gametheory_ukraine.analysis.outcomes` classifies:
    empty when there is no pure equilibrium.
    """
    if game is None:
        shape = model.payoffs.shape[1:]  # type: ignore[union-attr]
        cells = [[(model.players[p], model.strategies[p][i], "")  # type: ignore[index]
                  for p, i in enumerate(np.unravel_index(c, shape))] for c in np.flatnonzero(key[:int(np.prod(shape))])]
        parts = ["(" + ", ".join(action for _, action, _ in cell) + ")" for cell in cells]
        if key.size > np.prod(shape) and key[-1]:
            parts.append("fully mixed")
        label = "; ".join(parts) or "no pure equilibrium"
    elif not game.is_perfect_information:
        cells = _play_moves(game, key)
        label = "; ".join(", ".join(f"{p}:{a} ({s})" if s else f"{p}:{a}" for p, a, s in play)
                          for play in cells) or "no pure equilibrium"
    else:
        decision = np.flatnonzero(game.arrays.player >= 0)
        path = []
        for node, action in zip(decision, key):
            if action >= 0:
                infoset = game.infosets[game.nodes[node].infoset]  # type: ignore[index]
                path.append((game.players[infoset.player], infoset.actions[action], ""))
        cells = [path]
        chance = any(s.player == CHANCE for s in game.infosets)
        label = (" | " if chance else " -> ").join(f"{p}:{a}" for p, a, _ in path)
    return label, frozenset((p, a) for cell in cells for p, a, _ in cell if a != "mixed")


def _progress(done: int, total: int, started: float) -> None:
    width = 30
    filled = int(width * done / total) if total else width
    elapsed = time.perf_counter() - started
    sys.stderr.write(f"\rsweep [{'#' * filled}{'.' * (width - filled)}] {done}/{total} {elapsed:.1f}s")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def sweep(
    model: Model,
    grid: Mapping[str, tuple[float, float, int] | Sequence[float]] | None = None,
    samples: int | None = None,
    *,
    sample: Sequence[str] | None = None,
    fixed: Mapping[str, Any] | None = None,
    priors: Mapping[str, Any] | None = None,
    seed: int = 0,
    method: str | None = None,
    batch_size: int | None = None,
    progress: bool | None = None,
    backend: str = "local",
    scheduler: str | None = None,
) -> SweepResult:
    """Solve ``model`` on a grid and/or Monte Carlo sample of calibrations, in batches.

    Parameters
    ----------
    model:
        A perfect-information tree model (method ``spe``), a normal-form
        model (method ``enumpure``) or an imperfect-information tree (method
        ``pbe`` for a signalling game, batched; otherwise ``spe`` by subgame
        decomposition, one calibration at a time).  An outcome is what the
        equilibria do on their paths (for a table: its pure equilibria).
    grid:
        Parameter name to a tuple ``(low, high, points)`` (inclusive, evenly
        spaced) or to a list or array of values.  Must lie in the declared range.
    samples:
        Monte Carlo draws per grid point of the parameters in ``sample``
        (by default every declared parameter with a range that is neither
        gridded nor fixed).
    fixed:
        Values held fixed (instead of the calibration) for parameters that are
        neither gridded nor sampled.
    priors:
        Per sampled parameter, overriding the prior the model declares (by
        default uniform on the range): ``{"normal": [mean, sd]}`` or
        ``("normal", mean, sd)``, in the vocabulary of the model files'
        ``prior:`` key (:class:`~gametheory_ukraine.symbolic.model.Prior`),
        or a callable ``(rng, size) -> array`` in the parameter's units.
    seed:
        The draws depend on the seed only (not on ``batch_size``).  Draws
        whose chance probabilities are not a distribution (say two sampled
        priors summing to more than 1) are rejected and counted in
        ``rejected``: the frequencies are conditional on valid draws.
    method:
        ``spe``, ``enumpure`` or ``pbe`` as above (``None``: the default).
    batch_size:
        Calibrations per batch; by default as many as fit in about 32 MB.
    progress:
        Show a progress bar on stderr; by default when stderr is a terminal
        and the sweep has more than one batch.
    backend, scheduler:
        ``"local"`` (default, no dependency) or ``"dask"``: the batches run
        on a Dask cluster at ``scheduler`` (an address), or on a
        ``LocalCluster`` started for the sweep.  The result is the same.

    Examples
    --------
    >>> import gametheory_ukraine as gt
    >>> model = gt.load("authorization-sequential")
    >>> result = sweep(model, grid={"V": (0, 30, 31)})
    >>> result.labels[0], int(result.counts.sum())
    ('Biden:Authorize -> Kremlin:Kyiv', 31)
    >>> signalling = sweep(gt.load("m3-signalling-two-types"), grid={"pi_T": (0, 1, 11)})
    >>> signalling.method, signalling.labels[0]
    ('pbe', 'B:E (B_T), B:E (B_C), K:W (K_after_E)')
    """
    started = time.perf_counter()
    grid = dict(grid or {})
    fixed = dict(fixed or {})
    game = tree_structure(model) if model.kind == "extensive" else None
    method, solver, notes = _choose_solver(model, game, method)
    points: dict[str, np.ndarray] = {}
    for name, spec in grid.items():
        if isinstance(spec, tuple) and len(spec) == 3 and isinstance(spec[2], (int, np.integer)):
            low, high, count = float(spec[0]), float(spec[1]), int(spec[2])
            if count < 1:
                raise GameError(f"the grid of {name} has no points")
            if low > high:
                raise GameError(f"the grid of {name} runs from {low:g} down to {high:g}")
            values = np.linspace(low, high, count)
        else:
            values = np.asarray(spec, dtype=float).reshape(-1)
            if not values.size:
                raise GameError(f"the grid of {name} has no points")
        _check_range(model, name, float(values.min()), float(values.max()))
        points[name] = values
    held: dict[str, float] = {}
    for name, raw in fixed.items():
        try:
            held[name] = float(Fraction(str(raw).strip()))
        except (ValueError, ZeroDivisionError):
            raise GameError(f"parameter {name}: {raw!r} is not a number") from None
        _check_range(model, name, held[name], held[name])
    if samples is not None and samples < 1:
        raise GameError("--samples must be at least 1")
    if samples is None:
        sampled: tuple[str, ...] = ()
    elif sample is not None:
        sampled = tuple(sample)
    else:
        sampled = tuple(n for n, p in model.parameters.items()
                        if n not in points and n not in fixed and p.low is not None and p.high is not None)
    for name in sampled:
        if name in points or name in fixed:
            raise GameError(f"{name} is both sampled and {'gridded' if name in points else 'fixed'}")
        if name not in model.parameters:
            raise ModelError(f"unknown parameter {name!r}")
        if model.parameters[name].low is None or model.parameters[name].high is None:
            raise ModelError(f"{name} has no declared range to sample from")
    prior_specs = dict(priors or {})
    for name in prior_specs:
        if name not in sampled:
            raise GameError(f"a prior is given for {name}, which is not sampled")
    samplers = {}
    for name in sampled:
        try:
            samplers[name] = _sampler(prior_specs.get(name), model.parameters[name])
        except ModelError as error:
            raise ModelError(f"the prior of {name}: {error.message}") from None
    design = _Design(model, points, sampled, samples or 1, seed, samplers, held, solver)
    total = design.size

    batch = batch_size or _default_batch_size(model, game, solver)
    show = progress if progress is not None else (sys.stderr.isatty() and total > batch)

    # One small integer per calibration, unless even that would not fit: then counts only.
    outcome = np.empty(total, dtype=np.int32) if total <= MAX_KEPT_OUTCOMES else None
    if outcome is None:
        notes.append(f"{total} calibrations: only the counts are kept, not each calibration's outcome "
                     f"(more than {MAX_KEPT_OUTCOMES})")
    counts_by_key: list[int] = []
    key_index: dict[bytes, int] = {}
    keys: list[np.ndarray] = []
    ties = rejected = 0
    ranges = [(start, min(total, start + batch)) for start in range(0, total, batch)]
    if backend == "local":
        pieces: Any = (_solve_range(model, design, start, stop) for start, stop in ranges)
    elif backend == "dask":
        from .distributed import solve_ranges_on_dask

        pieces = solve_ranges_on_dask(model, design, ranges, scheduler)
    else:
        raise GameError(f"unknown backend {backend!r}: use local or dask")
    # Outcomes are numbered in order of first appearance, batch by batch, so every backend
    # that returns the batches in order numbers them alike.
    for (start, stop), (rows, inverse, batch_ties) in zip(ranges, pieces):
        ties += batch_ties
        valid = inverse >= 0
        rejected += int((~valid).sum())
        local = np.full(len(rows), -1, dtype=np.int32)
        found = np.bincount(inverse[valid], minlength=len(rows))
        for j in np.flatnonzero(found):  # keys only rejected calibrations had are not outcomes
            raw = rows[j]
            if raw not in key_index:
                key_index[raw] = len(keys)
                keys.append(np.frombuffer(raw, dtype=np.int8).copy())
                counts_by_key.append(0)
            local[j] = key_index[raw]
            counts_by_key[local[j]] += int(found[j])
        if outcome is not None:
            outcome[start:stop] = np.where(valid, local[inverse], -1)
        if show:
            _progress(stop, total, started)
    if rejected:
        notes.append(f"{rejected} of {total} draws rejected: their chance probabilities are not a distribution "
                     "(the frequencies are conditional on valid probabilities)")
    if not keys:
        raise ModelError("no calibration of the sweep has chance probabilities that form a distribution")
    counts = np.array(counts_by_key, dtype=np.int64)
    order = np.argsort(-counts, kind="stable")  # most frequent first
    labels, moves = zip(*(_outcome(model, game, key) for key in keys)) if keys else ((), ())
    rank = np.empty(order.size + 1, dtype=np.int32)
    rank[order] = np.arange(order.size)
    rank[-1] = -1  # a rejected calibration (index -1) stays -1
    return SweepResult(
        model=model, labels=[labels[i] for i in order], moves=[moves[i] for i in order], counts=counts[order],
        outcome=None if outcome is None else rank[outcome], grid=points, sampled=sampled, samples=samples or 1,
        seed=seed, method=method, ties=ties, seconds=time.perf_counter() - started, design=design,
        rejected=rejected, notes=tuple(notes),
    )


def _choose_solver(model: Model, game: ExtensiveGame | None, method: str | None) -> tuple[str, str, list[str]]:
    """The method a sweep reports, the solver of its batches (:data:`SOLVERS`) and notes about it.

    Perfect-information trees: batched ``spe``; tables: batched ``enumpure``.
    Imperfect-information trees: ``pbe`` when the tree is a signalling game
    (batched when each message has at most two responses), else ``spe`` by
    subgame decomposition; both without a batched solver go one calibration
    at a time, which the notes say.
    """
    if game is None or game.is_perfect_information:
        default = "spe" if game is not None else "enumpure"
        if method not in (None, "auto", default):
            raise GameError(f"sweep solves {'perfect-information trees' if game is not None else 'normal-form models'}"
                            f" with {default}, not {method}")
        return default, default, []
    from ..solvers.pbe import signaling_structure

    try:
        signaling_structure(game)
        signalling_error = ""
    except GameError as error:
        signalling_error = error.message
    if method in (None, "auto"):
        method = "spe" if signalling_error else "pbe"
    if method not in ("pbe", "spe"):
        raise GameError(f"sweep solves imperfect-information trees with pbe (signalling games) or spe, not {method}")
    if method == "pbe" and signalling_error:
        raise GameError(f"sweep --method pbe: {signalling_error}")
    if method == "pbe" and _signalling_plan(game) is not None:
        return "pbe", "pbe", ["batched pure perfect Bayesian equilibria: an outcome is the set of on-path plays "
                              "of the pure PBE (mixed and hybrid equilibria are not enumerated, as in pbe)"]
    solver = f"{method} per calibration"
    why = ("the batched pbe takes messages with at most two responses" if method == "pbe"
           else "spe has no batched solver for imperfect information")
    return method, solver, [f"solved per calibration with {SOLVERS[solver]} ({why}): slower than a batched sweep; "
                            "an outcome is the set of the equilibria's on-path plays, 'mixed' where one randomises"]


def _default_batch_size(model: Model, game: ExtensiveGame | None, solver: str) -> int:
    """Calibrations per batch so that one batch's working arrays stay within :data:`DEFAULT_MEMORY`.

    Never less than one calibration, so a sweep of any size over any model
    runs in bounded memory (a huge tree gets small batches, not a crash).

    >>> import gametheory_ukraine as gt
    >>> model = gt.load("m2-ladder")
    >>> _default_batch_size(model, model.game(), "spe")      # 35 nodes, 3 players: 5 kB per calibration
    6657
    """
    if solver.endswith("per calibration"):
        return PER_CALIBRATION_BATCH
    if game is None:
        per_point = 8 * 6 * model.payoffs.size  # type: ignore[union-attr]
    else:
        per_point = 8 * 6 * game.num_nodes * game.num_players
        if solver == "pbe":  # the candidate assessments' codes, twice, sorted twice
            plan = _signalling_plan(game)
            candidates = (int(np.prod([len(d) for d in plan.destination]) * np.prod(plan.responses))
                          if plan is not None else 1)
            per_point += 8 * 6 * candidates
    return max(1, min(1 << 17, DEFAULT_MEMORY // per_point))


# ---------------------------------------------------------------------------------------
# command line


def add_sweep_arguments(parser: Any) -> None:
    """Add the options of the ``sweep`` verb to an argparse parser.

    >>> import argparse
    >>> parser = argparse.ArgumentParser()
    >>> add_sweep_arguments(parser)
    >>> parser.parse_args(["m", "--grid", "h=0:50:11"]).grid
    ['h=0:50:11']
    """
    parser.add_argument("game", metavar="GAME", help="a bundled model's name or a YAML model file")
    parser.add_argument("--grid", action="append", default=[], metavar="NAME=LO:HI:N",
                        help="an evenly spaced grid of N points (repeatable)")
    parser.add_argument("--samples", type=int, default=None, metavar="N",
                        help="Monte Carlo draws per grid point of the other parameters, from their priors "
                             "(uniform on the range unless the model declares a prior)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the Monte Carlo draws (default 0)")
    parser.add_argument("--set", action="append", default=[], metavar="P=V", help="hold a parameter fixed")
    parser.add_argument("--method", default=None,
                        help="spe (trees), enumpure (tables) or pbe (signalling games); by default spe for "
                             "perfect-information trees, pbe for signalling games, spe per calibration for other "
                             "imperfect-information trees, enumpure for tables")
    parser.add_argument("--format", choices=["text", "json"], default="text")
    parser.add_argument("--plot", metavar="FILE.png", default=None,
                        help="write a region map as FILE.png and FILE.svg (needs matplotlib)")
    parser.add_argument("--force", action="store_true", help="replace the --plot files if they exist")
    parser.add_argument("--progress", action="store_true", default=None, help="show a progress bar on stderr")
    parser.add_argument("--batch-size", type=int, default=None, help="calibrations per batch")
    parser.add_argument("--backend", choices=["local", "dask"], default="local",
                        help="where the batches run (dask needs dask.distributed)")
    parser.add_argument("--scheduler", metavar="ADDRESS", default=None,
                        help="a Dask scheduler's address; without it --backend dask starts a LocalCluster")


def run_sweep(args: Any) -> str:
    """Run the ``sweep`` verb from parsed arguments; return what to print.

    >>> import argparse
    >>> parser = argparse.ArgumentParser()
    >>> add_sweep_arguments(parser)
    >>> print(run_sweep(parser.parse_args(["authorization-simultaneous", "--grid", "h=0:50:3"])).splitlines()[-1])
        33.33%  [  6.15%,  79.23%]  (Authorize, Kyiv)
    """
    import json

    from ..formats.loading import load, parse_settings

    model = load(args.game)
    if not isinstance(model, Model):
        raise GameError(f"sweep needs a model with parameters; {args.game} is a game without parameters")
    grid = dict(parse_grid(g) for g in args.grid)
    fixed = parse_settings(args.set)
    if not grid and args.samples is None:
        raise GameError("sweep needs --grid NAME=LO:HI:N or --samples N")
    if args.plot:  # refuse before the work, never after it
        from ..report.plots import check_new_figure, figure_paths

        check_new_figure(figure_paths(args.plot), getattr(args, "force", False))
    result = sweep(model, grid, args.samples, fixed=fixed, seed=args.seed, method=args.method,
                   batch_size=args.batch_size, progress=args.progress,
                   backend=getattr(args, "backend", "local"), scheduler=getattr(args, "scheduler", None))
    if args.plot:
        from ..report.plots import region_plot

        region_plot(result, args.plot, force=getattr(args, "force", False))
    return json.dumps(result.to_dict(), indent=2) if args.format == "json" else result.render()
