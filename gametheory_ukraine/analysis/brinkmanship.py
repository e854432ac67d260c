"""The continuous form of M6: Russia picks the risk level q anywhere in [0, 1].

The discrete model (``m6-brinkmanship``) gives Russia four risk levels; the
continuous form replaces that first move by a choice of the risk parameter
itself.  Below the first move the game is a tree whose chance probabilities
are formulas in ``q``: symbolic backward induction (:func:`symbolic_spe`)
solves it as pieces, each with an interval of ``q`` and Russia's payoff as a
formula in ``q``.  Russia's optimum is the best end point of a piece (payoffs
are linear in ``q`` on each piece); at a boundary where the West is
indifferent the West's choice favouring Russia is taken, as a subgame-perfect
equilibrium with a continuous choice requires (otherwise Russia's supremum is
not attained and no equilibrium exists).

>>> import gametheory_ukraine as gt
>>> found = optimal_risk(gt.load("m6-brinkmanship"))
>>> found.risk, found.exact_risk, found.value
(Fraction(1, 51), G_C/(G_C + N_W), Fraction(2, 51))
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Mapping

import sympy

from ..errors import ModelError
from ..symbolic.model import Model, fraction_of
from ..symbolic.solve import SPEPiece, symbolic_spe

__all__ = ["RiskChoice", "optimal_risk", "resolve_threshold"]


@dataclass(frozen=True)
class RiskChoice:
    """Russia's optimal continuous risk level.

    Attributes
    ----------
    risk:
        The optimal q at the given calibration (exact).
    exact_risk:
        The same as a formula in the parameters (the boundary of the piece it lies on),
        or the range's end point.
    value:
        Russia's expected payoff there.
    follower:
        The West's (compliant type's) choice at the optimum.
    pieces:
        ``(low, high, follower's choice, Russia's payoff formula in q)`` per piece at the calibration.
    payoff, payoff_at_zero:
        Russia's payoff as a formula in all parameters on the optimum's piece
        and on the piece at the bottom of the range.
    """

    risk: Fraction
    exact_risk: sympy.Expr
    value: Fraction
    follower: str
    pieces: tuple[tuple[Fraction, Fraction, str, sympy.Expr], ...]
    payoff: sympy.Expr = sympy.Integer(0)
    payoff_at_zero: sympy.Expr = sympy.Integer(0)


def _follower_choice(piece: SPEPiece) -> str:
    return ", ".join(f"{action}" for path, action in piece.choices.items())


def optimal_risk(model: Model, values: Mapping[str, Any] | None = None, *, branch: str = "q=1/50",
                 risk: str = "q_1", chooser: str = "R") -> RiskChoice:
    """Russia's optimal risk level when it may choose any ``q`` in the parameter's range.

    Parameters
    ----------
    model:
        The discrete brinkmanship model; the subtree after ``branch`` (whose
        chance probabilities use the parameter ``risk``) is the game after a
        continuous choice.
    values:
        Overrides of the calibration.
    """
    if model.tree is None or branch not in model.tree.get("moves", {}):
        raise ModelError(f"{model.name!r} has no first move {branch!r} to make continuous")
    if risk not in model.parameters:
        raise ModelError(f"{model.name!r} declares no risk parameter {risk!r}")
    calibration = model.values(**dict(values or {}))
    sub = Model(model.title + " (after a continuous risk choice)", model.players, model.parameters,
                tree=model.tree["moves"][branch], name=model.name)
    pinned = {k: v for k, v in calibration.items() if k != risk}
    pieces = symbolic_spe(sub, fixed=pinned)
    symbol = model.parameters[risk].symbol
    mover = model.players.index(chooser)
    low, high = model.parameters[risk].low or Fraction(0), model.parameters[risk].high or Fraction(1)
    mapping = model.substitution(pinned)
    described, best, bottom = [], None, None
    for piece in pieces:
        start, stop, boundary = low, high, {}
        for relation in piece.condition:
            expression = sympy.expand((relation.lhs - relation.rhs).xreplace(mapping))
            slope = expression.coeff(symbol)
            if slope == 0:
                continue
            root = fraction_of(sympy.solve(expression, symbol)[0])
            general = sympy.solve(sympy.expand(relation.lhs - relation.rhs), symbol)[0]
            if slope > 0:  # holds for q >= root
                if root > start:
                    start, boundary["start"] = root, general
            elif root < stop:
                stop, boundary["stop"] = root, general
        if start > stop:
            continue
        payoff = sympy.expand(piece.payoffs[mover].xreplace(mapping))
        described.append((start, stop, _follower_choice(piece), payoff))
        if start == low:
            bottom = piece.payoffs[mover]
        for point, which in ((start, "start"), (stop, "stop")):
            value = fraction_of(payoff.xreplace({symbol: sympy.Rational(point.numerator, point.denominator)}))
            if best is None or value > best[1] or (value == best[1] and point < best[0]):
                exact = boundary.get(which, sympy.Rational(point.numerator, point.denominator))
                best = (point, value, _follower_choice(piece), exact, piece.payoffs[mover])
    if best is None:
        raise ModelError(f"no piece of {model.name!r} holds anywhere in the range of {risk}")
    return RiskChoice(best[0], sympy.simplify(best[3]), best[1], best[2],
                      tuple(sorted(described, key=lambda d: (d[0], d[1]))), best[4],
                      bottom if bottom is not None else best[4])


def resolve_threshold(model: Model, parameter: str, values: Mapping[str, Any] | None = None,
                      **options: Any) -> tuple[Fraction, sympy.Expr] | None:
    """Where ``parameter`` makes brinkmanship stop (the optimal risk drop to 0): the point and its formula.

    Russia's payoff at the interior optimum and at ``q = 0`` are formulas in
    the parameters; the threshold is the root, inside the parameter's range,
    of their difference (``None`` when there is none or the optimum is 0).

    >>> import gametheory_ukraine as gt
    >>> resolve_threshold(gt.load("m6-brinkmanship"), "p")[0]
    Fraction(153, 202)
    """
    found = optimal_risk(model, values, **options)
    if found.risk == 0:
        return None
    calibration = model.values(**dict(values or {}))
    q = model.parameters[options.get("risk", "q_1")].symbol
    x = model.parameters[parameter].symbol
    gain = sympy.expand(found.payoff.xreplace({q: found.exact_risk}) - found.payoff_at_zero.xreplace({q: 0}))
    mapping = model.substitution({k: v for k, v in calibration.items() if k != parameter})
    bounds = model.parameters[parameter]
    for general in sympy.solve(gain, x):
        root = sympy.nsimplify(general.xreplace(mapping))
        if root.is_real and (bounds.low is None or root >= bounds.low) and (bounds.high is None or root <= bounds.high):
            return fraction_of(root), sympy.factor(general)
    return None
