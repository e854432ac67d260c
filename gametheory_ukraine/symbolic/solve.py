"""Symbolic solving of a :class:`~gametheory_ukraine.symbolic.model.Model`.

* Perfect-information trees: backward induction on the sympy payoffs gives the
  subgame-perfect equilibrium as a piecewise function of the parameters
  (:func:`symbolic_spe`); chance nodes contribute expectations.
* Strategic games: the condition under which each pure profile is a Nash
  equilibrium, and for two players the closed-form mixed equilibrium on each
  square support with its validity conditions (:func:`symbolic_nash`).

A condition is a tuple of sympy relationals ``expression >= 0`` (or ``> 0``),
read as a conjunction.  Pieces whose linear conditions cannot hold on an open
set of the declared parameter box are dropped (a linear programme decides).
"""

from __future__ import annotations

import functools
import itertools
import weakref
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import numpy as np
import sympy

from ..errors import ModelError
from .model import Model

__all__ = ["SPEPiece", "SymbolicEquilibrium", "symbolic_spe", "symbolic_nash", "holds", "condition_expressions",
           "simplify_condition", "BeliefThreshold", "belief_thresholds", "posterior_relations"]

Path = tuple[str, ...]
"""A node of the tree spec: the action labels from the root."""


@dataclass(frozen=True)
class SPEPiece:
    """One piece of the piecewise subgame-perfect equilibrium.

    Attributes
    ----------
    choices:
        The action taken at every decision node, keyed by the node's path
        (the action labels from the root).
    condition:
        Relationals ``expression >= 0`` that must all hold.
    payoffs:
        Expected payoff of each player, sympy expressions.
    outcomes:
        The probability of reaching each leaf (keyed by its path) when it is
        positive: 1 on the path of play, products of chance probabilities below
        chance nodes.
    """

    choices: dict[Path, str]
    condition: tuple[sympy.Rel, ...]
    payoffs: tuple[sympy.Expr, ...]
    outcomes: dict[Path, sympy.Expr] = field(default_factory=dict)

    def describe(self) -> str:
        moves = "; ".join(f"{'/'.join(path) or 'root'}: {action}" for path, action in self.choices.items())
        return f"{moves}  when  {' and '.join(map(str, self.condition)) or 'always'}"


@dataclass(frozen=True)
class SymbolicEquilibrium:
    """An equilibrium of a strategic game in closed form.

    Attributes
    ----------
    profile:
        Per player, the probability of each strategy (sympy expressions).
    condition:
        Relationals that must all hold for it to be an equilibrium.
    payoffs:
        Expected payoff per player.
    support:
        Per player, the indices of the strategies played with positive probability.
    """

    profile: tuple[tuple[sympy.Expr, ...], ...]
    condition: tuple[sympy.Rel, ...]
    payoffs: tuple[sympy.Expr, ...]
    support: tuple[tuple[int, ...], ...] = field(default=())

    @property
    def is_pure(self) -> bool:
        return all(len(s) == 1 for s in self.support)


_SYMBOLS: "weakref.WeakKeyDictionary[Model, list[sympy.Symbol]]" = weakref.WeakKeyDictionary()


def _symbols(model: Model) -> list[sympy.Symbol]:
    # asked thousands of times while pruning; building the Symbols each time dominated it
    if model not in _SYMBOLS:
        _SYMBOLS[model] = [p.symbol for p in model.parameters.values()]
    return _SYMBOLS[model]


Fixed = Mapping[str, Any] | None
"""Parameters pinned at given values while pruning (the others move in their ranges)."""

MAX_PIECES = 5000
"""Combinations of children's pieces one node may examine before symbolic solving gives up."""


def _box(model: Model, fixed: Fixed = None) -> list[tuple[float | None, float | None]]:
    fixed = fixed or {}
    return [(float(fixed[name]), float(fixed[name])) if name in fixed else
            (None if p.low is None else float(p.low), None if p.high is None else float(p.high))
            for name, p in model.parameters.items()]


def _feasible(model: Model, condition: Sequence[sympy.Rel], fixed: Fixed = None) -> bool:
    """Whether the linear part of ``condition`` holds on an open subset of the parameter box.

    Nonlinear constraints are ignored (kept as possibly feasible): the question
    is only used to prune pieces, never to claim one exists.
    """
    from scipy.optimize import linprog

    free = np.array([name not in (fixed or {}) for name in model.parameters])
    pinned = np.array([float((fixed or {}).get(name, 0)) for name in model.parameters])
    rows, bounds_b = [], []
    for relation in condition:
        row = _linear_row(model, relation)
        if row is None:
            continue
        coefficients, constant = row
        # the margin is measured along the free parameters only; a relation over
        # pinned ones alone is a plain (non-strict) test at their values
        norm = float(np.linalg.norm(np.asarray(coefficients)[free]))
        if norm == 0:
            if float(np.dot(coefficients, pinned)) + constant < -1e-12:
                return False
            continue
        # a.x + b >= t*|a|  <=>  -a.x + t*|a| <= b: maximise the margin t
        rows.append([-c for c in coefficients] + [norm])
        bounds_b.append(constant)
    if not rows:
        return True
    cost = [0.0] * len(model.parameters) + [-1.0]
    answer = linprog(cost, A_ub=rows, b_ub=bounds_b, bounds=_box(model, fixed) + [(None, 1.0)], method="highs")
    return bool(answer.status == 0 and -answer.fun > 1e-9)


def _linear_row(model: Model, relation: sympy.Rel) -> tuple[list[float], float] | None:
    """``(a, b)`` with the relation reading ``a.x + b >= 0``, or ``None`` when it is not linear."""
    return _linear_coefficients(tuple(_symbols(model)), sympy.expand(relation.lhs - relation.rhs))


@functools.lru_cache(maxsize=65536)
def _linear_coefficients(symbols: tuple[sympy.Symbol, ...], difference: sympy.Expr) -> tuple[list[float], float] | None:
    # Pruning asks the same few hundred relations thousands of times: reading the
    # terms of the expanded sum once (instead of building a Poly each time) and
    # caching the answer is what keeps symbolic backward induction interactive.
    position = {symbol: i for i, symbol in enumerate(symbols)}
    coefficients, constant = [0.0] * len(symbols), 0.0
    for term, coefficient in difference.as_coefficients_dict().items():
        if not coefficient.is_number:
            return None
        if term == 1:
            constant += float(coefficient)
        elif term in position:
            coefficients[position[term]] += float(coefficient)
        else:  # a product, a power or a function of parameters: not linear
            return None
    return coefficients, constant


def simplify_condition(model: Model, condition: Sequence[sympy.Rel], fixed: Fixed = None) -> tuple[sympy.Rel, ...]:
    """``condition`` without the linear relations implied by the others and the parameter box.

    A relation ``a.x + b >= 0`` is redundant when its minimum over the region
    the other relations and the box allow is not negative (a linear programme
    per relation; nonlinear relations are always kept).
    """
    from scipy.optimize import linprog

    kept = list(condition)
    for relation in list(kept):
        row = _linear_row(model, relation)
        if row is None:
            continue
        others = [r for r in kept if r is not relation]
        rows, bounds = [], []
        for other in others:
            other_row = _linear_row(model, other)
            if other_row is not None:
                rows.append([-c for c in other_row[0]])
                bounds.append(other_row[1])
        answer = linprog(row[0], A_ub=rows or None, b_ub=bounds or None, bounds=_box(model, fixed), method="highs")
        if answer.status == 0 and answer.fun + row[1] >= -1e-12:
            kept = others
    return tuple(kept)


def _normalise(condition: Sequence[sympy.Rel]) -> tuple[sympy.Rel, ...] | None:
    """Drop tautologies and duplicates; ``None`` when a relation is identically false."""
    kept: list[sympy.Rel] = []
    for relation in condition:
        if relation is sympy.true or relation == True:  # noqa: E712 - sympy booleans
            continue
        if relation is sympy.false or relation == False:  # noqa: E712
            return None
        if relation not in kept:
            kept.append(relation)
    return tuple(kept)


def _at_least(difference: sympy.Expr) -> sympy.Rel:
    return sympy.Ge(sympy.expand(difference), 0)


def symbolic_spe(model: Model, fixed: Fixed = None) -> list[SPEPiece]:
    """The subgame-perfect equilibria of a perfect-information tree model, piecewise.

    Parameters
    ----------
    model:
        An extensive-form :class:`Model` without shared information sets.
    fixed:
        Parameters held at these values while pruning: only pieces that hold
        somewhere with them pinned are kept (the pieces' formulas stay general).
        Pinning all but one or two parameters keeps large trees tractable.

    Returns
    -------
    list of SPEPiece
        One piece per combination of choices that is optimal on an open region
        of the parameter box.  Conditions are non-strict, so at a tie several
        pieces hold (as several SPE exist there).

    Examples
    --------
    >>> import gametheory_ukraine as gt
    >>> pieces = symbolic_spe(gt.load("authorization-sequential"))
    >>> calibrated = [p for p in pieces if holds(p.condition, gt.load("authorization-sequential").calibration)]
    >>> calibrated[0].choices[("Authorize",)], calibrated[0].payoffs
    ('Kyiv', (g - k_B, V - d - h + k))
    """
    if model.tree is None:
        raise ModelError(f"{model.name or model.title!r} is a strategic game; symbolic_spe needs a tree")
    infosets: dict[str, int] = {}

    def walk(spec: Mapping[str, Any], path: Path) -> list[SPEPiece]:
        if "payoffs" in spec and "moves" not in spec:
            return [SPEPiece({}, (), tuple(sympy.sympify(e) for e in spec["payoffs"]), {path: sympy.Integer(1)})]
        if "infoset" in spec and "chance" not in spec:
            infosets[spec["infoset"]] = infosets.get(spec["infoset"], 0) + 1
            if infosets[spec["infoset"]] > 1:
                raise ModelError(f"information set {spec['infoset']!r} has several nodes: symbolic backward "
                                 "induction needs perfect information")
        moves = list(spec["moves"])
        children = [walk(spec["moves"][a], path + (a,)) for a in moves]
        if int(np.prod([len(c) for c in children], dtype=float)) > MAX_PIECES:
            raise ModelError(f"symbolic backward induction at node {'/'.join(path) or 'root'} would combine more than "
                             f"{MAX_PIECES} pieces; pin more parameters (fixed=...)")
        found: list[SPEPiece] = []
        for combination in itertools.product(*children):
            base_condition = tuple(r for piece in combination for r in piece.condition)
            base_choices: dict[Path, str] = {}
            for piece in combination:
                base_choices.update(piece.choices)
            if "chance" in spec:
                probabilities = [sympy.sympify(spec["chance"][a]) for a in moves]
                payoffs = tuple(sympy.expand(sum(q * piece.payoffs[i] for q, piece in zip(probabilities, combination)))
                                for i in range(len(combination[0].payoffs)))
                reach: dict[Path, sympy.Expr] = {}
                for q, piece in zip(probabilities, combination):
                    for leaf, probability in piece.outcomes.items():
                        reach[leaf] = sympy.expand(q * probability)
                candidates = [(base_condition, base_choices, payoffs, reach)]
            else:
                mover = model.players.index(spec["player"]) if isinstance(spec["player"], str) else int(spec["player"])
                candidates = []
                for chosen, piece in zip(moves, combination):
                    optimality = [_at_least(piece.payoffs[mover] - other.payoffs[mover])
                                  for other in combination if other is not piece]
                    candidates.append((base_condition + tuple(optimality), {**base_choices, path: chosen},
                                       piece.payoffs, piece.outcomes))
            for condition, choices, payoffs, outcomes in candidates:
                cleaned = _normalise(condition)
                if cleaned is not None and _feasible(model, cleaned, fixed):
                    found.append(SPEPiece(choices, simplify_condition(model, cleaned, fixed), payoffs, outcomes))
        return found

    return walk(model.tree, ())


def symbolic_nash(model: Model, mixed: bool = True,
                  skipped: list[tuple[tuple[int, ...], tuple[int, ...]]] | None = None,
                  fixed: Fixed = None) -> list[SymbolicEquilibrium]:
    """Closed-form Nash equilibria of a strategic-form model with their conditions.

    Every pure profile comes with the inequalities under which no player gains
    by deviating (profiles whose conditions cannot hold are dropped); for two
    players, every square support of size two or more whose indifference
    equations have a unique solution gives a mixed equilibrium with the
    conditions ``probabilities > 0`` and ``no unused strategy pays more``.

    Parameters
    ----------
    model:
        A normal-form :class:`Model`.
    mixed:
        Also solve the supports of size two and more (two-player games only).
    skipped:
        When given, receives the supports whose indifference equations have
        no unique solution (a degenerate game: a continuum of equilibria
        there, which has no single closed form); the answer then is not
        every equilibrium.
    fixed:
        Parameters pinned while pruning pure profiles (as in :func:`symbolic_spe`).

    Examples
    --------
    Matching pennies with a stake ``a`` on (H, H): both players put
    ``2/(a + 3)`` on H.

    >>> from fractions import Fraction
    >>> import numpy as np, sympy
    >>> from gametheory_ukraine.symbolic import Model, Parameter
    >>> a = Parameter("a", Fraction(1), Fraction(0), Fraction(10))
    >>> A = sympy.Matrix([[a.symbol, -1], [-1, 1]]); payoffs = np.array([A.tolist(), (-A).tolist()], dtype=object)
    >>> pennies = Model("pennies", ["Row", "Column"], {"a": a}, strategies=[["H", "T"], ["H", "T"]], payoffs=payoffs)
    >>> [e.profile for e in symbolic_nash(pennies) if not e.is_pure]
    [((2/(a + 3), (a + 1)/(a + 3)), (2/(a + 3), (a + 1)/(a + 3)))]
    """
    if model.payoffs is None:
        raise ModelError(f"{model.name or model.title!r} is a tree; symbolic_nash needs a strategic game")
    table = np.vectorize(sympy.sympify, otypes=[object])(model.payoffs)
    players, shape = table.shape[0], table.shape[1:]
    found: list[SymbolicEquilibrium] = []
    for profile in itertools.product(*(range(s) for s in shape)):
        condition = []
        for i in range(players):
            for deviation in range(shape[i]):
                if deviation != profile[i]:
                    other = profile[:i] + (deviation,) + profile[i + 1:]
                    condition.append(_at_least(table[(i,) + profile] - table[(i,) + other]))
        cleaned = _normalise(condition)
        if cleaned is not None and _feasible(model, cleaned, fixed):
            strategies = tuple(tuple(sympy.Integer(int(k == profile[i])) for k in range(shape[i]))
                               for i in range(players))
            found.append(SymbolicEquilibrium(strategies, simplify_condition(model, cleaned, fixed),
                                             tuple(table[(i,) + profile] for i in range(players)),
                                             tuple((profile[i],) for i in range(players))))
    if mixed and players == 2:
        found.extend(_mixed_two_player(model, sympy.Matrix(table[0]), sympy.Matrix(table[1]), skipped))
    return found


def _mixed_two_player(model: Model, A: sympy.Matrix, B: sympy.Matrix,
                      skipped: list[tuple[tuple[int, ...], tuple[int, ...]]] | None) -> list[SymbolicEquilibrium]:
    rows, columns = A.shape
    found = []
    for size in range(2, min(rows, columns) + 1):
        for row_support in itertools.combinations(range(rows), size):
            for column_support in itertools.combinations(range(columns), size):
                y = _indifference(A, row_support, column_support)
                x = _indifference(B.T, column_support, row_support)
                if y is None or x is None:
                    if (y is None) != (x is None) or _solvable(A, B, row_support, column_support):
                        if skipped is not None:
                            skipped.append((row_support, column_support))
                    continue  # degenerate support: a continuum, not a closed form
                (y_weights, v1), (x_weights, v2) = y, x
                column_mix = [y_weights.get(j, sympy.Integer(0)) for j in range(columns)]
                row_mix = [x_weights.get(i, sympy.Integer(0)) for i in range(rows)]
                condition = [sympy.Gt(sympy.factor(p), 0) for p in list(x_weights.values()) + list(y_weights.values())]
                for i in set(range(rows)) - set(row_support):
                    condition.append(_at_least(sympy.factor(v1 - sum(A[i, j] * column_mix[j] for j in range(columns)))))
                for j in set(range(columns)) - set(column_support):
                    condition.append(_at_least(sympy.factor(v2 - sum(B[i, j] * row_mix[i] for i in range(rows)))))
                cleaned = _normalise(condition)
                if cleaned is None:
                    continue
                found.append(SymbolicEquilibrium((tuple(row_mix), tuple(column_mix)), cleaned,
                                                 (sympy.factor(v1), sympy.factor(v2)), (row_support, column_support)))
    return found


def _solvable(A: sympy.Matrix, B: sympy.Matrix, rows: Sequence[int], columns: Sequence[int]) -> bool:
    """Whether either side's indifference equations have solutions at all (then a continuum)."""
    for matrix, own, other in ((A, rows, columns), (B.T, columns, rows)):
        weights = sympy.symbols(f"q0:{len(other)}")
        value = sympy.Symbol("v")
        equations = [sum(matrix[i, j] * w for j, w in zip(other, weights)) - value for i in own]
        if sympy.solve(equations + [sum(weights) - 1], list(weights) + [value], dict=True):
            return True
    return False


def _indifference(A: sympy.Matrix, own: Sequence[int],
                  other: Sequence[int]) -> tuple[dict[int, sympy.Expr], sympy.Expr] | None:
    """The opponent's mix on ``other`` that makes the rows ``own`` of ``A`` equally good, and that payoff."""
    weights = sympy.symbols(f"q0:{len(other)}")
    value = sympy.Symbol("v")
    equations = [sum(A[i, j] * w for j, w in zip(other, weights)) - value for i in own]
    equations.append(sum(weights) - 1)
    solutions = sympy.solve(equations, list(weights) + [value], dict=True)
    if len(solutions) != 1 or len(solutions[0]) != len(weights) + 1:
        return None
    solution = solutions[0]
    return {j: sympy.factor(solution[w]) for j, w in zip(other, weights)}, sympy.factor(solution[value])


def holds(condition: Sequence[sympy.Rel], values: Mapping[str, Any], tolerance: float = 1e-12) -> bool:
    """Whether every relation of ``condition`` holds at the parameter ``values``.

    >>> c = sympy.Symbol("c", real=True)
    >>> holds((sympy.Ge(c - 2, 0),), {"c": 3}), holds((sympy.Ge(c - 2, 0),), {"c": 1})
    (True, False)
    """
    mapping = {sympy.Symbol(k, real=True): sympy.Rational(str(v)) if not isinstance(v, float) else v
               for k, v in values.items()}
    for relation in condition:
        difference = (relation.lhs - relation.rhs).xreplace(mapping)
        if difference.is_Rational:  # exact values: decide exactly (a tie holds for >=, not for >)
            if difference < 0 or (isinstance(relation, sympy.StrictGreaterThan) and difference == 0):
                return False
            continue
        number = complex(sympy.N(difference))
        if not np.isfinite(number.real) or abs(number.imag) > tolerance:
            return False
        if isinstance(relation, sympy.StrictGreaterThan) and not number.real > tolerance:
            return False
        if not number.real >= -tolerance:
            return False
    return True


def condition_expressions(condition: Sequence[sympy.Rel]) -> list[sympy.Expr]:
    """The expressions whose sign the relations of ``condition`` test."""
    return [sympy.expand(r.lhs - r.rhs) for r in condition]


@dataclass(frozen=True)
class BeliefThreshold:
    """The belief at which a player's best answer at an information set switches between two actions.

    Attributes
    ----------
    infoset:
        The information set's label.
    player:
        The player who moves there.
    nodes:
        The paths of its two nodes; ``belief`` is the probability of the first.
    actions:
        ``(above, below)``: ``above`` is the better answer when the belief exceeds the threshold.
    threshold:
        The belief (a sympy expression in the parameters) where the two are equally good.
    """

    infoset: str
    player: str
    nodes: tuple[Path, Path]
    actions: tuple[str, str]
    threshold: sympy.Expr

    def at(self, values: Mapping[str, Any]) -> float:
        """The threshold at parameter ``values`` (a calibration)."""
        mapping = {sympy.Symbol(k, real=True): sympy.Rational(str(v)) for k, v in values.items()}
        return float(sympy.N(self.threshold.xreplace(mapping)))


def belief_thresholds(model: Model) -> list[BeliefThreshold]:
    """Belief thresholds of the final information sets of a signaling-type tree.

    For every information set with two nodes whose actions all end the game,
    and every pair of its actions, the belief ``mu`` on the first node at
    which the two actions give the mover the same expected payoff
    (``mu u(x, a) + (1 - mu) u(y, a) = mu u(x, b) + (1 - mu) u(y, b)``).
    Pairs that never switch, or switch outside (0, 1) at every calibration
    of a constant expression, are left out.

    Examples
    --------
    The Kremlin, unsure whether the authorization is a trap (first node) or
    coordination, escalates only when its belief in coordination is high:

    >>> from gametheory_ukraine.formats.yaml_model import read_model
    >>> model = read_model('''
    ... title: trap or coordination
    ... players: [West, Kremlin]
    ... parameters: {p: {value: 1/2, range: [0, 1]}, w: {value: 3, range: [0, 10]}}
    ... tree:
    ...   chance: {trap: p, coordination: "1 - p"}
    ...   moves:
    ...     trap: {player: Kremlin, infoset: K, moves: {Escalate: {payoffs: [1, "-w"]}, Wait: {payoffs: [0, 0]}}}
    ...     coordination: {player: Kremlin, infoset: K, moves: {Escalate: {payoffs: [-1, 1]}, Wait: {payoffs: [0, 0]}}}
    ... ''')
    >>> [(t.actions, t.threshold) for t in belief_thresholds(model)]
    [(('Wait', 'Escalate'), 1/(w + 1))]
    """
    if model.tree is None:
        raise ModelError(f"{model.name or model.title!r} is a strategic game; belief thresholds need a tree")
    members: dict[str, list[tuple[Path, Mapping[str, Any]]]] = {}

    def walk(spec: Mapping[str, Any], path: Path) -> None:
        if "infoset" in spec and "chance" not in spec:
            members.setdefault(spec["infoset"], []).append((path, spec))
        for action, child in spec.get("moves", {}).items():
            walk(child, path + (action,))

    walk(model.tree, ())
    mu = sympy.Symbol("mu")
    found = []
    for label, nodes in members.items():
        if len(nodes) != 2 or not all(all("moves" not in c for c in spec["moves"].values()) for _, spec in nodes):
            continue
        (first_path, first), (second_path, second) = nodes
        mover = model.players.index(first["player"]) if isinstance(first["player"], str) else int(first["player"])
        actions = list(first["moves"])

        def expected(action: str) -> sympy.Expr:
            return (mu * sympy.sympify(first["moves"][action]["payoffs"][mover])
                    + (1 - mu) * sympy.sympify(second["moves"][action]["payoffs"][mover]))

        for a, b in itertools.combinations(actions, 2):
            difference = sympy.expand(expected(a) - expected(b))
            slope = difference.coeff(mu)
            if slope == 0:
                continue  # the same ranking at every belief
            threshold = sympy.factor(sympy.solve(difference, mu)[0])
            if threshold.is_number and not 0 < threshold < 1:
                continue
            # above the threshold the action whose payoff rises faster with mu is better
            above, below = (a, b) if slope.subs(model.substitution(model.calibration)) > 0 else (b, a)
            found.append(BeliefThreshold(label, model.players[mover], (first_path, second_path), (above, below),
                                         threshold))
    return found


MAX_POSTERIOR_NODES = 10
"""Information sets with more nodes than this give no posterior relations (2**n subsets)."""


def posterior_relations(model: Model) -> list[sympy.Rel]:
    """The indifference relations of the last movers of an imperfect-information tree, over the priors.

    In a pure-strategy play of a signalling-type tree, the nodes of a final
    information set that play reaches are some subset ``S`` of its nodes, each
    weighted by the chance probability of its path.  The mover's choice
    between actions ``a`` and ``b`` there flips exactly where
    ``sum over S of chance(v) * (u_v(a) - u_v(b))`` changes sign, so these
    relations, over every subset and action pair, hold every threshold in the
    priors and payoffs at which the pure equilibria of such games change.
    They are *candidates*: :func:`~gametheory_ukraine.symbolic.sensitivity.sensitivity`
    keeps only those where the numeric equilibrium set really changes.

    Examples
    --------
    The Kremlin, seeing strikes that both types send, hits back only when the
    prior on "coordination" is high: at the calibration the switch is at
    ``pi_T = 2/15``.

    >>> import gametheory_ukraine as gt
    >>> model = gt.load("m3-signalling-two-types")
    >>> others = model.substitution({k: v for k, v in model.calibration.items() if k != "pi_T"})
    >>> roots = {root for r in posterior_relations(model)
    ...          for root in sympy.solve(r.lhs.xreplace(others), model.parameters["pi_T"].symbol)}
    >>> sorted(roots)
    [0, 2/15, 1]
    """
    if model.tree is None:
        raise ModelError(f"{model.name or model.title!r} is a strategic game; posterior relations need a tree")
    members: dict[str, list[tuple[sympy.Expr, Mapping[str, Any]]]] = {}

    def walk(spec: Mapping[str, Any], weight: sympy.Expr) -> None:
        if "infoset" in spec and "chance" not in spec:
            members.setdefault(spec["infoset"], []).append((weight, spec))
        for action, child in spec.get("moves", {}).items():
            step = sympy.sympify(spec["chance"][action]) if "chance" in spec else sympy.Integer(1)
            walk(child, weight * step)

    walk(model.tree, sympy.Integer(1))
    relations: list[sympy.Rel] = []
    for nodes in members.values():
        if not 2 <= len(nodes) <= MAX_POSTERIOR_NODES:
            continue
        if not all(all("moves" not in child for child in spec["moves"].values()) for _, spec in nodes):
            continue  # only last movers: their payoffs are the leaves'
        first = nodes[0][1]
        mover = model.players.index(first["player"]) if isinstance(first["player"], str) else int(first["player"])
        actions = list(first["moves"])
        for a, b in itertools.combinations(actions, 2):
            gains = [weight * (sympy.sympify(spec["moves"][a]["payoffs"][mover])
                               - sympy.sympify(spec["moves"][b]["payoffs"][mover])) for weight, spec in nodes]
            for size in range(1, len(nodes) + 1):
                for subset in itertools.combinations(gains, size):
                    relation = _at_least(sum(subset))
                    if isinstance(relation, sympy.Rel):  # a constant sign is no threshold
                        relations.append(relation)
    return relations
