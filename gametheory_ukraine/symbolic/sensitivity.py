"""Sensitivity of a model's equilibria to one parameter: exact thresholds and intervals.

:func:`sensitivity` moves one parameter through its declared range, the others
held at the calibration.  The thresholds where the equilibrium set changes
come from the symbolic solution (:mod:`.solve`): each is a sympy expression in
the other parameters together with its value at the calibration.  Every
interval between two thresholds is solved numerically at its midpoint by the
package's solvers, and the symbolic answer must agree there — a disagreement
raises :class:`SymbolicMismatchError`.

When the model has no symbolic solution here (a tree with imperfect
information, a symbolic system sympy cannot settle) the thresholds are found
numerically instead (a grid scan refined by bisection) and the result says so.

Also here: :func:`regions` (two parameters at once: the regions of their
plane and the boundary curves between them), :func:`comparative_statics`
(derivatives and elasticities at the calibration, closed form and finite
differences side by side), and the command-line hook
(:func:`add_sensitivity_arguments`, :func:`run_sensitivity`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Sequence

import numpy as np
import sympy

from ..errors import ModelError, SolverError
from ..games import ExtensiveGame
from ..solvers import solve
from ..solvers.result import Result
from .model import Model, fraction_of
from .solve import SPEPiece, SymbolicEquilibrium, holds, posterior_relations, symbolic_nash, symbolic_spe

__all__ = ["Threshold", "Interval", "Sensitivity", "SymbolicMismatchError", "sensitivity",
           "Derivative", "ComparativeStatics", "comparative_statics", "Region", "Regions", "regions",
           "add_sensitivity_arguments", "run_sensitivity"]

_DIGITS = 9
"""Equilibrium probabilities are compared after rounding to this many decimals."""

_SCAN_POINTS = 201
"""Grid size of the numeric fallback scan."""
_COARSE_SCAN_POINTS = 41
"""Grid size of the scan that only guards exact candidates (imperfect-information trees)."""

_CLOSE = 1e-6
"""Numeric thresholds closer than this (relative to the range) to each other or to an end are merged."""


class SymbolicMismatchError(SolverError):
    """The symbolic and the numeric solution disagree at an interval's midpoint."""


@dataclass(frozen=True)
class Threshold:
    """A value of the parameter where the equilibrium set changes.

    Attributes
    ----------
    value:
        The threshold at the calibration of the other parameters.
    exact:
        The threshold as a sympy expression in the other parameters (a number
        when no other parameter enters), or ``None`` when found numerically.
    """

    value: float
    exact: sympy.Expr | None

    def to_dict(self) -> dict[str, Any]:
        return {"value": float(self.value), "exact": str(self.exact) if self.exact is not None else repr(self.value)}


@dataclass(frozen=True)
class Interval:
    """A stretch of the parameter's range with one equilibrium set.

    Attributes
    ----------
    low, high:
        The ends of the interval.
    result:
        The numeric solve at the midpoint (``None`` where the model is not
        defined, for example a chance probability outside [0, 1]).
    symbolic:
        The symbolic pieces (or closed-form equilibria) valid at the midpoint.
    """

    low: float
    high: float
    result: Result | None
    symbolic: tuple[Any, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"low": float(self.low), "high": float(self.high),
                "equilibria": [] if self.result is None else self.result.to_dict()["equilibria"]}


@dataclass(frozen=True)
class Sensitivity:
    """The answer of :func:`sensitivity`.

    Attributes
    ----------
    model:
        The model studied.
    parameter:
        The parameter moved.
    range:
        ``(low, high)``, the stretch of values studied.
    thresholds:
        Where the equilibrium set changes, in increasing order.
    intervals:
        The stretches between thresholds (one more than the thresholds).
    method:
        The numeric method used at the midpoints.
    symbolic:
        Whether the thresholds come from the symbolic solution.
    notes:
        Anything the reader should know (fallbacks, skipped checks).
    """

    model: Model
    parameter: str
    range: tuple[float, float]
    thresholds: tuple[Threshold, ...]
    intervals: tuple[Interval, ...]
    method: str
    symbolic: bool
    notes: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        """The JSON document of ``sensitivity --format json`` (DESIGN.md)."""
        return {"parameter": self.parameter, "range": [float(x) for x in self.range],
                "thresholds": [t.to_dict() for t in self.thresholds],
                "intervals": [i.to_dict() for i in self.intervals]}

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent)

    def render(self) -> str:
        """A plain-text report: the thresholds, then each interval with its equilibria."""
        title = self.model.title or self.model.name
        lines = [f"Sensitivity of {title} to {self.parameter} on [{_show(self.range[0])}, {_show(self.range[1])}]"
                 f" (other parameters at their calibration; method {self.method})"]
        if not self.thresholds:
            lines.append("No threshold: the equilibrium set is the same over the whole range.")
        for threshold in self.thresholds:
            exact = "" if threshold.exact is None or threshold.exact.is_Number else f"  = {threshold.exact}"
            lines.append(f"threshold {self.parameter} = {_show(threshold.value)}{exact}")
        for interval in self.intervals:
            lines.append(f"{self.parameter} in [{_show(interval.low)}, {_show(interval.high)}]:")
            if interval.result is None:
                lines.append("  the model is not defined here")
                continue
            for equilibrium in interval.result.equilibria:
                payoffs = ", ".join(_show(x) for x in equilibrium.payoffs)
                lines.append(f"  {_summary(interval.result, equilibrium)}  payoffs ({payoffs})")
        lines.extend(f"note: {note}" for note in self.notes)
        return "\n".join(lines)

    def plot(self, path: str | None = None) -> Any:
        """The intervals as coloured bands along the parameter axis, thresholds marked.

        Returns the matplotlib figure; with ``path`` also writes it as
        ``<stem>.png`` and ``<stem>.svg``, replacing existing files
        (:func:`gametheory_ukraine.report.plots.region_plot` draws it).
        """
        from ..report.plots import region_plot

        return region_plot(self, path, force=True)


def _show(value: Any) -> str:
    number = float(value)
    return str(int(number)) if number == int(number) and abs(number) < 1e15 else f"{number:.6g}"


def _summary(result: Result, equilibrium: Any) -> str:
    """The equilibrium in words: each player's (mixed) choice."""
    game = result.game
    if equilibrium.behavior is not None and isinstance(game, ExtensiveGame):
        parts = []
        for player, per_infoset in enumerate(equilibrium.behavior):
            for infoset, probabilities in zip(game.player_infosets(player), per_infoset):
                where = game.node_name(game.members[infoset][0])
                parts.append(f"{game.players[player]}@{where}: {_mix(game.infosets[infoset].actions, probabilities)}")
        return ", ".join(parts)
    strategies = result.strategic.strategies if result.strategic is not None else game.strategies  # type: ignore[union-attr]
    return ", ".join(f"{name}: {_mix(labels, p)}"
                     for name, labels, p in zip(game.players, strategies, equilibrium.profile or ()))


def _mix(labels: Sequence[str], probabilities: Sequence[float]) -> str:
    used = [(label, float(p)) for label, p in zip(labels, probabilities) if float(p) > 1e-12]
    if len(used) == 1:
        return used[0][0]
    return " + ".join(f"{p:.4g} {label}" for label, p in used)


def _parameter_range(model: Model, name: str, requested: tuple[Any, Any] | None) -> tuple[Fraction, Fraction]:
    if not isinstance(model, Model):
        raise ModelError(f"sensitivity needs a parametrised model (a YAML model), not a {type(model).__name__}")
    if name not in model.parameters:
        raise ModelError(f"unknown parameter {name!r}; the parameters of {model.name or model.title!r} are "
                         f"{', '.join(model.parameters) or 'none'}")
    parameter = model.parameters[name]
    if requested is None:
        if parameter.low is None or parameter.high is None:
            raise ModelError(f"parameter {name!r} has no declared range; give one (range=(low, high))")
        return parameter.low, parameter.high
    low, high = (Fraction(str(x)) for x in requested)
    if not low < high:
        raise ModelError(f"empty range [{low}, {high}] for parameter {name!r}")
    parameter.check(low)
    parameter.check(high)
    return low, high


def _signature(result: Result | None) -> frozenset[tuple[float, ...]] | None:
    """The equilibrium set as comparable data: every profile's probabilities, rounded."""
    if result is None:
        return None
    found = set()
    for equilibrium in result.equilibria:
        parts = equilibrium.profile if equilibrium.profile is not None else [
            a for player in equilibrium.behavior or () for a in player]
        found.add(tuple(round(float(x), _DIGITS) + 0.0 for part in parts for x in part))
    return frozenset(found)


def equilibrium_structure(result: Result | None) -> frozenset[tuple[bool, ...]] | None:
    """The equilibrium set up to continuous change: which strategies or actions each equilibrium uses.

    A mixed equilibrium whose probabilities move with the parameter keeps its
    structure; a threshold is where the structure changes.
    """
    if result is None:
        return None
    return frozenset(tuple(x > 10.0 ** -_DIGITS for x in profile) for profile in _signature(result) or ())


def _choices_of(game: ExtensiveGame, equilibrium: Any) -> frozenset[tuple[tuple[str, ...], str]]:
    """A pure behavior profile as ``{node path: action}``, the form of :class:`SPEPiece.choices`."""
    choices = set()
    for v, node in enumerate(game.nodes):
        if node.infoset is None or game.infosets[node.infoset].player < 0:
            continue
        infoset = game.infosets[node.infoset]
        path = tuple(game.infosets[game.nodes[u].infoset].actions[a] for u, a in game.path(v))  # type: ignore[index]
        k = game.player_infosets(infoset.player).index(node.infoset)
        probabilities = equilibrium.behavior[infoset.player][k]
        choices.add((path, infoset.actions[int(np.argmax(probabilities))]))
    return frozenset(choices)


def _reach(game: ExtensiveGame, equilibrium: Any, leaf: tuple[str, ...]) -> float | None:
    """The probability that play under a behavior profile ends at the leaf with path ``leaf``."""
    for v in game.arrays.leaves:
        steps = game.path(int(v))
        if tuple(game.infosets[game.nodes[u].infoset].actions[a] for u, a in steps) != leaf:  # type: ignore[index]
            continue
        probability = 1.0
        for u, a in steps:
            infoset = game.infosets[game.nodes[u].infoset]  # type: ignore[index]
            if infoset.player < 0:
                probability *= float(infoset.probabilities[a])  # type: ignore[index]
            else:
                k = game.player_infosets(infoset.player).index(game.nodes[u].infoset)  # type: ignore[arg-type]
                probability *= float(equilibrium.behavior[infoset.player][k][a])
        return probability
    return None


def _candidates(model: Model, name: str, relations: Sequence[sympy.Rel], low: Fraction,
                high: Fraction) -> dict[sympy.Expr, sympy.Expr]:
    """Points of ``(low, high)`` where some relation changes sign, with their expressions in the other parameters."""
    symbol = model.parameters[name].symbol
    others = {k: v for k, v in model.calibration.items() if k != name}
    mapping = model.substitution(others)
    inside = (sympy.Rational(low.numerator, low.denominator), sympy.Rational(high.numerator, high.denominator))
    found: dict[sympy.Expr, sympy.Expr] = {}
    for expression in {sympy.expand(r.lhs - r.rhs) for r in relations}:
        if symbol not in expression.free_symbols:
            continue
        numerator, denominator = sympy.fraction(sympy.together(expression))
        for polynomial in (numerator, denominator):
            if symbol not in polynomial.free_symbols:
                continue
            for general, root in _roots(polynomial, symbol, mapping):
                if root.is_real and inside[0] < root < inside[1] and root not in found:
                    found[root] = sympy.simplify(general)
    return found


def _roots(polynomial: sympy.Expr, symbol: sympy.Symbol,
           mapping: dict[sympy.Symbol, sympy.Rational]) -> list[tuple[sympy.Expr, sympy.Expr]]:
    """``(formula, value at the calibration)`` for each root of ``polynomial`` in ``symbol``.

    Linear relations (nearly all of them: payoffs are affine in most
    parameters) are solved by reading two coefficients, which is what keeps
    the default report fast; others go to ``sympy.solve``, with each general
    root matched to its calibrated value.
    """
    try:
        poly = sympy.Poly(polynomial, symbol)
    except sympy.PolynomialError:
        poly = None
    if poly is not None and poly.degree() == 1:
        slope, intercept = poly.all_coeffs()
        general = -intercept / slope
        value = general.xreplace(mapping)
        return [(general, value)] if value.is_number and slope.xreplace(mapping) != 0 else []
    pairs = []
    general_roots = sympy.solve(polynomial, symbol)
    for root in sympy.solve(polynomial.xreplace(mapping), symbol):
        exact = next((g for g in general_roots if sympy.simplify(g.xreplace(mapping) - root) == 0), root)
        pairs.append((exact, root))
    return pairs


def _symbolic_at(pieces: Sequence[SPEPiece | SymbolicEquilibrium], values: dict[str, Fraction]) -> list[Any]:
    return [p for p in pieces if holds(p.condition, values)]


def _check(model: Model, result: Result, valid: list[Any], method: str, at: dict[str, Fraction],
           partial: bool = False) -> None:
    """Raise when the symbolic and numeric equilibrium sets differ at ``at``."""
    where = ", ".join(f"{k}={_show(v)}" for k, v in at.items())
    numeric: set[Any]
    symbolic: set[Any]
    if model.tree is not None:
        numeric = {_choices_of(result.game, e) for e in result.equilibria}  # type: ignore[arg-type]
        symbolic = {frozenset(p.choices.items()) for p in valid}
    else:
        numeric = set(_signature(result))  # type: ignore[arg-type]  # None only for a None result
        mapping = model.substitution(model.values(**at))
        symbolic = {tuple(round(float(sympy.N(x.xreplace(mapping))), _DIGITS) + 0.0
                        for part in e.profile for x in part) for e in valid}
        if method == "enumpure":
            symbolic = {s for s in symbolic if all(x in (0.0, 1.0) for x in s)}
    if numeric != symbolic and not (partial and symbolic <= numeric):
        raise SymbolicMismatchError(f"at {where} the symbolic solution finds {len(symbolic)} equilibria and "
                                    f"{method} finds {len(numeric)}, and they differ")


def solve_or_none(model: Model, name: str, value: Fraction, method: str) -> Result | None:
    """The numeric solve, or ``None`` where the model is not defined (a chance probability out of [0, 1])."""
    try:
        return _solve_at(model, name, value, method)
    except ModelError:
        return None


def _solve_at(model: Model, name: str, value: Fraction, method: str) -> Result:
    options = {"all": True} if method == "spe" else {}
    return solve(model.game(**{name: value}), method, **options)


def sensitivity(model: Model, parameter: str, method: str | None = None,
                range: tuple[Any, Any] | None = None) -> Sensitivity:  # noqa: A002 - the contract's word
    """Thresholds and intervals of one parameter where the equilibrium set changes.

    Parameters
    ----------
    model:
        A parametrised :class:`Model` (for example ``gt.load("authorization-sequential")``).
    parameter:
        The name of the parameter to move; the others stay at the calibration.
    method:
        The numeric method for the midpoints; by default ``spe`` for trees
        (every pure SPE), ``enummixed`` for two-player and ``enumpure`` for
        larger strategic games.
    range:
        ``(low, high)`` inside the declared range; the declared range by default.

    Returns
    -------
    Sensitivity

    Raises
    ------
    ModelError
        An unknown parameter, or a range outside the declared one.
    SymbolicMismatchError
        The symbolic and numeric solutions disagree at a midpoint.

    Examples
    --------
    The Kremlin answers the authorization by striking Western capitals once
    the credibility it restores, ``rho``, beats ``V - h + k + w_K`` (26 at the
    calibration):

    >>> import gametheory_ukraine as gt
    >>> found = sensitivity(gt.load("authorization-sequential"), "rho")
    >>> [(t.value, str(t.exact)) for t in found.thresholds]
    [(26.0, 'V - h + k + w_K')]
    """
    low, high = _parameter_range(model, parameter, range)
    if method is None or method == "auto":
        if model.tree is not None:
            method = "spe"
        else:
            method = "enummixed" if len(model.players) == 2 else "enumpure"
    notes: list[str] = []
    pieces: list[Any] | None
    skipped: list[Any] = []
    try:
        # the other parameters stay at the calibration: prune with them pinned
        pinned = {k: v for k, v in model.calibration.items() if k != parameter}
        pieces = (symbolic_spe(model, fixed=pinned) if model.tree is not None
                  else symbolic_nash(model, skipped=skipped, fixed=pinned))
    except (ModelError, NotImplementedError, sympy.PolynomialError) as error:
        pieces = None
        notes.append(f"no symbolic solution ({error.args[0] if error.args else error}); "
                     "thresholds found numerically by bisection")
    check = pieces is not None and method in ("spe", "enummixed", "enumpure")
    if skipped and method == "enummixed":
        notes.append(f"{len(skipped)} supports are degenerate (a continuum of equilibria without one closed form): "
                     "the symbolic equilibria are checked to be among the numeric ones, not the converse")
    if pieces is not None and not check:
        notes.append(f"the symbolic solution is not compared with method {method!r}, "
                     "which need not find every equilibrium")

    if pieces is not None:
        relations = [r for p in pieces for r in p.condition]
        candidates = _candidates(model, parameter, relations, low, high)
        points = sorted(candidates, key=float)
        edges = [sympy.Rational(low.numerator, low.denominator), *points,
                 sympy.Rational(high.numerator, high.denominator)]
        exact_of = candidates
    else:
        edges, exact_of = _exact_edges(model, parameter, low, high, method, notes)

    stretches: list[tuple[sympy.Expr, sympy.Expr, Result | None, list[Any]]] = []
    for left, right in zip(edges, edges[1:]):
        middle = fraction_of((left + right) / 2)
        try:
            result: Result | None = _solve_at(model, parameter, middle, method)
        except ModelError as error:  # e.g. chance probabilities outside [0, 1] there
            result = None
            notes.append(f"the model is not defined at {parameter}={_show(middle)}: {error.message}")
        valid: list[Any] = []
        if pieces is not None and result is not None:
            values = model.values(**{parameter: middle})
            valid = _symbolic_at(pieces, values)
            if check:
                _check(model, result, valid, method, {parameter: middle}, partial=bool(skipped))
        if stretches and equilibrium_structure(stretches[-1][2]) == equilibrium_structure(result):
            # the candidate point was not a change of the equilibrium set: merge
            stretches[-1] = (stretches[-1][0], right, stretches[-1][2], stretches[-1][3])
        else:
            stretches.append((left, right, result, valid))
    thresholds = tuple(Threshold(float(s[0]), exact_of.get(s[0])) for s in stretches[1:])
    intervals = tuple(Interval(float(a), float(b), r, tuple(v)) for a, b, r, v in stretches)
    return Sensitivity(model, parameter, (float(low), float(high)), thresholds, intervals, method,
                       pieces is not None, tuple(notes))


def _scan(model: Model, name: str, low: Fraction, high: Fraction, method: str,
          points: int = _SCAN_POINTS) -> list[sympy.Expr]:
    """Interval edges found numerically: a grid scan, each change refined by bisection."""
    grid = [low + (high - low) * Fraction(i, points - 1) for i in range(points)]
    signatures = [equilibrium_structure(solve_or_none(model, name, x, method)) for x in grid]
    edges = [sympy.Rational(low.numerator, low.denominator)]
    for (a, sa), (b, sb) in zip(zip(grid, signatures), zip(grid[1:], signatures[1:])):
        if sa == sb:
            continue
        for _ in range(40):  # (high - low) / 200 / 2**40: far below any reported precision
            middle = (a + b) / 2
            if equilibrium_structure(solve_or_none(model, name, middle, method)) == sa:
                a = middle
            else:
                b = middle
        point = sympy.Rational((a + b).numerator, 2 * (a + b).denominator)
        # a grid point exactly on a threshold (a tie) gives two changes at one place: keep one;
        # and a change within _CLOSE of the range's end is the solver's tolerance at a
        # degenerate end point (a prior of exactly 1), not an interval
        if float(point - edges[-1]) > _CLOSE * float(high - low):
            edges.append(point)
    if (len(edges) > 1
            and float(sympy.Rational(high.numerator, high.denominator) - edges[-1]) <= _CLOSE * float(high - low)):
        edges.pop()
    edges.append(sympy.Rational(high.numerator, high.denominator))
    return edges


def _exact_edges(model: Model, name: str, low: Fraction, high: Fraction, method: str,
                 notes: list[str]) -> tuple[list[sympy.Expr], dict[sympy.Expr, sympy.Expr]]:
    """Interval edges of a model without a symbolic solution: exact candidates and a numeric scan.

    On imperfect-information trees the equilibrium set can only change where
    some last mover's choice flips, at a root of a
    :func:`~gametheory_ukraine.symbolic.solve.posterior_relations` relation:
    those roots are the exact candidates, and the midpoints between them
    decide which are real changes.  A scan (coarse when there are candidates,
    as a safety net) brackets every change it sees by bisection; a change no
    candidate explains stays as a numeric edge, and a note says so.
    """
    candidates: dict[sympy.Expr, sympy.Expr] = {}
    if model.tree is not None:
        try:
            candidates = _candidates(model, name, posterior_relations(model), low, high)
        except (ModelError, NotImplementedError, sympy.PolynomialError):
            candidates = {}
    scanned = _scan(model, name, low, high, method, _COARSE_SCAN_POINTS if candidates else _SCAN_POINTS)
    width = float(high - low)
    edges: set[sympy.Expr] = set(candidates)
    unexplained = 0
    for edge in scanned[1:-1]:
        if not any(abs(float(c) - float(edge)) <= _CLOSE * width for c in candidates):
            edges.add(edge)
            unexplained += 1
    if candidates:
        notes.append(f"exact candidates: the roots of the last movers' posterior indifference relations "
                     f"({len(candidates)} in the range), each kept only where the equilibrium set changes")
    if unexplained:
        notes.append(f"{unexplained} threshold(s) found only numerically (scan and bisection)")
    return [scanned[0], *sorted(edges, key=float), scanned[-1]], candidates


def add_sensitivity_arguments(parser: Any) -> None:
    """The ``sensitivity`` verb's arguments, for the command line's subparser.

    >>> import argparse
    >>> parser = argparse.ArgumentParser(); add_sensitivity_arguments(parser)
    >>> parser.parse_args(["authorization-sequential", "--param", "rho"]).param
    ['rho']
    """
    parser.add_argument("game", help="a bundled model's name or a YAML model file")
    parser.add_argument("--param", required=True, action="append",
                        help="the parameter to move; give it twice for the regions of a plane")
    parser.add_argument("--method", default=None, help="numeric method at the midpoints (default: auto)")
    parser.add_argument("--range", default=None, metavar="LO:HI", help="a stretch of the declared range")
    parser.add_argument("--format", default="text", choices=["text", "json"])
    parser.add_argument("--plot", default=None, metavar="FILE.png",
                        help="also draw the intervals as FILE.png and FILE.svg (matplotlib)")
    parser.add_argument("--force", action="store_true", help="replace the --plot files if they exist")


def _plot(found: Any, args: Any) -> None:
    from ..report.plots import region_plot

    region_plot(found, args.plot, force=getattr(args, "force", False))


def run_sensitivity(args: Any) -> str:
    """Run the ``sensitivity`` verb on parsed arguments and return its output.

    One ``--param`` gives thresholds and intervals (:func:`sensitivity`), two
    give the regions of their plane (:func:`regions`).

    >>> import argparse
    >>> parser = argparse.ArgumentParser(); add_sensitivity_arguments(parser)
    >>> print(run_sensitivity(parser.parse_args(["authorization-sequential", "--param", "rho"])).splitlines()[1])
    threshold rho = 26  = V - h + k + w_K
    """
    from ..formats.loading import load

    model = load(args.game)
    if not isinstance(model, Model):
        raise ModelError(f"{args.game}: sensitivity needs a parametrised model (a YAML model), not a fixed game")
    requested = None
    if args.range is not None:
        pieces = args.range.split(":")
        if len(pieces) != 2:
            raise ModelError(f"--range {args.range!r}: expected LO:HI")
        try:
            requested = (Fraction(pieces[0]), Fraction(pieces[1]))
        except ValueError:
            raise ModelError(f"--range {args.range!r}: expected two numbers LO:HI") from None
    names = [args.param] if isinstance(args.param, str) else list(args.param)
    if args.plot:  # refuse before the work, never after it
        from ..report.plots import check_new_figure, figure_paths

        check_new_figure(figure_paths(args.plot), getattr(args, "force", False))
    if len(names) == 2:
        if requested is not None:
            raise ModelError("--range applies to one parameter; the regions use the declared ranges")
        plane = regions(model, names[0], names[1], method=args.method)
        if args.plot:
            _plot(plane, args)
        return json.dumps(plane.to_dict(), indent=2) if args.format == "json" else plane.render()
    if len(names) != 1:
        raise ModelError(f"give one or two parameters, not {len(names)}")
    found = sensitivity(model, names[0], args.method, requested)
    if args.plot:
        _plot(found, args)
    return found.to_json() if args.format == "json" else found.render()


@dataclass(frozen=True)
class Derivative:
    """The response of one equilibrium quantity to one parameter at the calibration.

    Attributes
    ----------
    equilibrium:
        Index of the equilibrium (in the order of :attr:`ComparativeStatics.equilibria`).
    quantity:
        What responds (``"payoff Biden"``, ``"P(Row plays T)"``).
    parameter:
        The parameter moved.
    value:
        The quantity at the calibration.
    symbolic:
        The derivative from the closed form (``None`` when there is none).
    numeric:
        The central (one-sided at a range end) finite difference of the numeric solver's answers.
    elasticity:
        ``derivative * parameter / value`` (``None`` when the value or the parameter is 0).
    """

    equilibrium: int
    quantity: str
    parameter: str
    value: float
    symbolic: float | None
    numeric: float | None
    elasticity: float | None

    @property
    def agree(self) -> bool | None:
        """Whether the symbolic and numeric derivatives agree (``None`` when one is missing)."""
        if self.symbolic is None or self.numeric is None:
            return None
        return abs(self.symbolic - self.numeric) <= 1e-5 * max(1.0, abs(self.symbolic))


@dataclass(frozen=True)
class ComparativeStatics:
    """Derivatives and elasticities of the equilibria at the calibration (:func:`comparative_statics`)."""

    model: Model
    equilibria: tuple[str, ...]
    derivatives: tuple[Derivative, ...]
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"equilibria": list(self.equilibria),
                "derivatives": [{"equilibrium": d.equilibrium, "quantity": d.quantity, "parameter": d.parameter,
                                 "value": d.value, "symbolic": d.symbolic, "numeric": d.numeric,
                                 "elasticity": d.elasticity, "agree": d.agree} for d in self.derivatives],
                "notes": list(self.notes)}

    def render(self) -> str:
        lines = [f"Comparative statics of {self.model.title or self.model.name} at the calibration"]
        for index, description in enumerate(self.equilibria):
            lines.append(f"equilibrium {index + 1}: {description}")
            for d in self.derivatives:
                if d.equilibrium == index and (d.symbolic or d.numeric):
                    slope = d.symbolic if d.symbolic is not None else d.numeric
                    elasticity = "" if d.elasticity is None else f", elasticity {d.elasticity:.4g}"
                    lines.append(f"  d {d.quantity} / d {d.parameter} = {slope:.6g}{elasticity}")
        lines.extend(f"note: {note}" for note in self.notes)
        return "\n".join(lines)


def comparative_statics(model: Model, parameters: Sequence[str] | None = None, step: float = 1e-6,
                        method: str | None = None) -> ComparativeStatics:
    """Derivatives and elasticities of equilibrium payoffs, strategies and outcome probabilities at the calibration.

    The equilibria are those of the symbolic solution valid at the calibration
    (every pure SPE piece of a tree; every pure or closed-form mixed Nash
    equilibrium of a strategic game); each derivative is taken from the
    closed form and again by finite differences of the numeric solver, which
    must agree (see :attr:`Derivative.agree`).  A derivative at a threshold is
    one-sided and the two need not agree there.  A model without a symbolic
    solution (a tree with imperfect information) gets the finite differences
    of its numeric equilibria' payoffs only, with a note.

    Parameters
    ----------
    model:
        A parametrised model.
    parameters:
        The parameters to differentiate by; all by default.
    step:
        The finite-difference step.
    method:
        The numeric method (as in :func:`sensitivity`).

    Examples
    --------
    >>> import gametheory_ukraine as gt
    >>> found = comparative_statics(gt.load("authorization-sequential"), ["g"])
    >>> [(d.quantity, d.symbolic, d.elasticity, d.agree) for d in found.derivatives]
    [('P(outcome Authorize/Kyiv)', 0.0, 0.0, True), ('payoff Biden', 1.0, 2.0, True), ('payoff Kremlin', 0.0, 0.0, True)]
    """  # noqa: E501  (a doctest's expected output)
    if not isinstance(model, Model):
        raise ModelError(f"comparative statics need a parametrised model (a YAML model), not a {type(model).__name__}")
    names = list(model.parameters) if parameters is None else list(parameters)
    for name in names:
        if name not in model.parameters:
            _parameter_range(model, name, None)  # raises the unknown-parameter error
    if method is None or method == "auto":
        method = "spe" if model.tree is not None else ("enummixed" if len(model.players) == 2 else "enumpure")
    calibration = model.calibration
    mapping = model.substitution(calibration)
    try:
        pieces = (symbolic_spe(model, fixed=calibration) if model.tree is not None
                  else symbolic_nash(model, fixed=calibration))
    except ModelError as error:  # no closed form here: finite differences alone
        return _numeric_statics(model, names, step, method, str(getattr(error, "message", error)))
    valid = _symbolic_at(pieces, calibration)
    notes: list[str] = []
    quantities: list[tuple[int, str, sympy.Expr]] = []
    descriptions = []
    for index, piece in enumerate(valid):
        if isinstance(piece, SPEPiece):
            descriptions.append("; ".join(f"{'/'.join(p) or 'root'}: {a}" for p, a in piece.choices.items()))
            quantities += [(index, f"P(outcome {'/'.join(leaf)})", probability)
                           for leaf, probability in piece.outcomes.items()]
        else:
            descriptions.append(", ".join(
                f"{player}: {_mix(labels, [float(sympy.N(x.xreplace(mapping))) for x in probabilities])}"
                for player, labels, probabilities in zip(model.players, model.strategies or (), piece.profile)))
            for player, labels, probabilities in zip(model.players, model.strategies or (), piece.profile):
                quantities += [(index, f"P({player} plays {label})", x) for label, x in zip(labels, probabilities)]
        quantities += [(index, f"payoff {player}", x) for player, x in zip(model.players, piece.payoffs)]
    derivatives = []
    for name in names:
        symbol = model.parameters[name].symbol
        shifted = {}
        for sign in (1, -1):
            point = Fraction(calibration[name]) + sign * Fraction(step).limit_denominator(10**12)
            try:
                shifted[sign] = (point, _solve_at(model, name, point, method))
            except ModelError:  # beyond the declared range: one-sided difference
                at_calibration = Fraction(calibration[name])
                shifted[sign] = (at_calibration, _solve_at(model, name, at_calibration, method))
        for index, quantity, expression in quantities:
            value = float(sympy.N(expression.xreplace(mapping)))
            exact = float(sympy.N(sympy.diff(expression, symbol).xreplace(mapping)))
            ends = [_numeric_quantity(model, valid[index], quantity, result, name, point)
                    for point, result in shifted.values()]
            (up, _), (down, _) = shifted[1], shifted[-1]
            numeric = (None if None in ends or up == down
                       else (ends[0] - ends[1]) / float(up - down))  # type: ignore[operator]  # no None here
            parameter_value = float(calibration[name])
            elasticity = (exact * parameter_value / value) if value != 0 and parameter_value != 0 else None
            derivatives.append(Derivative(index, quantity, name, value, exact, numeric, elasticity))
    disagreements = [d for d in derivatives if d.agree is False]
    if disagreements:
        notes.append(f"{len(disagreements)} finite differences differ from the closed form "
                     "(a threshold at the calibration makes the derivative one-sided)")
    return ComparativeStatics(model, tuple(descriptions), tuple(derivatives), tuple(notes))


def _numeric_statics(model: Model, names: Sequence[str], step: float, method: str, why: str) -> ComparativeStatics:
    """Finite differences of the payoffs of each numeric equilibrium at the calibration."""
    calibration = model.calibration
    base = _solve_at(model, names[0], Fraction(calibration[names[0]]), method) if names else solve(model.game(), method)
    descriptions = tuple(_summary(base, e) for e in base.equilibria)
    derivatives = []
    for name in names:
        ends = []
        for sign in (1, -1):
            point = Fraction(calibration[name]) + sign * Fraction(step).limit_denominator(10**12)
            try:
                ends.append((point, _solve_at(model, name, point, method)))
            except ModelError:  # beyond the declared range: one-sided difference
                ends.append((Fraction(calibration[name]), base))
        (up, up_result), (down, down_result) = ends
        for index, equilibrium in enumerate(base.equilibria):
            here = np.concatenate([np.ravel(x) for x in _parts(equilibrium)])
            for i, player in enumerate(model.players):
                moved = []
                for result in (up_result, down_result):
                    distances = [np.max(np.abs(np.concatenate([np.ravel(x) for x in _parts(e)]) - here))
                                 for e in result.equilibria]
                    moved.append(float(result.equilibria[int(np.argmin(distances))].payoffs[i])
                                 if distances and min(distances) < 1e-3 else None)
                value = float(equilibrium.payoffs[i])
                slope = None if None in moved or up == down else (moved[0] - moved[1]) / float(up - down)  # type: ignore[operator]
                parameter_value = float(calibration[name])
                elasticity = ((slope * parameter_value / value) if slope is not None and value and parameter_value
                              else None)
                derivatives.append(Derivative(index, f"payoff {player}", name, value, None, slope, elasticity))
    return ComparativeStatics(model, descriptions, tuple(derivatives),
                              (f"no closed form ({why}): finite differences of the numeric equilibria only",))


def _parts(equilibrium: Any) -> list[np.ndarray]:
    if equilibrium.profile is not None:
        return list(equilibrium.profile)
    return [a for player in equilibrium.behavior or () for a in player]


def _numeric_quantity(model: Model, piece: Any, quantity: str, result: Result, name: str,
                      point: Fraction) -> float | None:
    """``quantity`` in the numeric equilibrium of ``result`` that continues ``piece``."""
    at = model.values(**{name: point})
    mapping = model.substitution(at)
    if isinstance(piece, SPEPiece):
        wanted = frozenset(piece.choices.items())
        matches = [e for e in result.equilibria if _choices_of(result.game, e) == wanted]  # type: ignore[arg-type]
    else:
        target = np.array([float(sympy.N(x.xreplace(mapping))) for part in piece.profile for x in part])
        distance = [np.max(np.abs(np.concatenate(e.profile) - target))  # type: ignore[arg-type]
                    for e in result.equilibria]
        matches = [result.equilibria[int(np.argmin(distance))]] if distance and min(distance) < 1e-3 else []
    if not matches:
        return None
    equilibrium = matches[0]
    if quantity.startswith("P(outcome "):
        return _reach(result.game, equilibrium, tuple(quantity[len("P(outcome "):-1].split("/")))  # type: ignore[arg-type]
    if quantity.startswith("payoff "):
        return float(equilibrium.payoffs[model.players.index(quantity[len("payoff "):])])
    player, label = quantity[2:-1].split(" plays ")
    i = model.players.index(player)
    return float(equilibrium.profile[i][model.strategies[i].index(label)])  # type: ignore[index]


@dataclass(frozen=True)
class Region:
    """A part of the plane of two parameters with one set of symbolic equilibria.

    Attributes
    ----------
    pieces:
        The symbolic equilibria (SPE pieces or closed-form Nash equilibria) valid there.
    conditions:
        Per piece, its conditions restricted to the two parameters (others at the calibration).
    share:
        The fraction of the grid's cells in the region.
    point:
        An interior grid point, where the numeric solver was checked against the pieces.
    result:
        The numeric solve at ``point``.
    """

    pieces: tuple[Any, ...]
    conditions: tuple[tuple[sympy.Rel, ...], ...]
    share: float
    point: tuple[float, float]
    result: Result


@dataclass(frozen=True)
class Regions:
    """The answer of :func:`regions`: the plane of two parameters cut by boundary curves."""

    model: Model
    parameters: tuple[str, str]
    ranges: tuple[tuple[float, float], tuple[float, float]]
    boundaries: tuple[sympy.Expr, ...]
    regions: tuple[Region, ...]
    labels: np.ndarray
    """Region index of every grid cell (rows: second parameter, columns: first)."""

    def to_dict(self) -> dict[str, Any]:
        return {"parameters": list(self.parameters), "ranges": [list(r) for r in self.ranges],
                "boundaries": [f"{b} = 0" for b in self.boundaries],
                "regions": [{"conditions": [[str(c) for c in piece] for piece in r.conditions],
                             "share": r.share, "point": list(r.point),
                             "equilibria": r.result.to_dict()["equilibria"]} for r in self.regions]}

    def render(self) -> str:
        first, second = self.parameters
        lines = [f"Regions of {self.model.title or self.model.name} in ({first}, {second}), "
                 "other parameters at their calibration"]
        lines += [f"boundary: {b} = 0" for b in self.boundaries]
        for index, region in enumerate(self.regions):
            lines.append(f"region {index + 1} ({region.share:.1%} of the plane), "
                         f"e.g. at {first}={_show(region.point[0])}, {second}={_show(region.point[1])}:")
            for condition, equilibrium in zip(region.conditions, region.result.equilibria):
                lines.append(f"  {_summary(region.result, equilibrium)}  when  "
                             f"{' and '.join(map(str, condition)) or 'always'}")
        return "\n".join(lines)

    def plot(self, path: str | None = None) -> Any:
        """The region map with its boundary curves.

        Returns the matplotlib figure; with ``path`` also writes it as
        ``<stem>.png`` and ``<stem>.svg``, replacing existing files
        (:func:`gametheory_ukraine.report.plots.region_plot` draws it).
        """
        from ..report.plots import region_plot

        return region_plot(self, path, force=True)


def regions(model: Model, first: str, second: str, resolution: int = 41, method: str | None = None) -> Regions:
    """The regions of the plane of two parameters with one equilibrium set each, and their boundaries.

    The symbolic solution is evaluated on a ``resolution`` x ``resolution``
    grid of cell centres (lambdified conditions); each region found is solved
    numerically at one of its cells and checked against the symbolic pieces.

    Examples
    --------
    >>> import gametheory_ukraine as gt
    >>> found = regions(gt.load("authorization-sequential"), "rho", "w_K", resolution=11)
    >>> [f"{b} = 0" for b in found.boundaries], len(found.regions)
    (['rho - w_K - 6 = 0'], 2)
    """
    ranges = [_parameter_range(model, name, None) for name in (first, second)]
    if first == second:
        raise ModelError(f"regions need two different parameters, not {first!r} twice")
    if method is None or method == "auto":
        method = "spe" if model.tree is not None else ("enummixed" if len(model.players) == 2 else "enumpure")
    pinned = {k: v for k, v in model.calibration.items() if k not in (first, second)}
    pieces = symbolic_spe(model, fixed=pinned) if model.tree is not None else symbolic_nash(model, fixed=pinned)
    others = model.substitution({k: v for k, v in model.calibration.items() if k not in (first, second)})
    x, y = model.parameters[first].symbol, model.parameters[second].symbol
    restricted = [tuple(r.xreplace(others) for r in p.condition) for p in pieces]
    restricted = [tuple(r for r in condition if r is not sympy.true) for condition in restricted]
    # cells a little off-centre, differently on each axis, so that no grid point sits on a
    # simple tie line such as first == second (a region that is only a line has no area)
    offsets = (Fraction(5137, 10000), Fraction(4907, 10000))
    centres = [np.array([float(lo + (hi - lo) * (i + offset) / resolution) for i in range(resolution)])
               for (lo, hi), offset in zip(ranges, offsets)]
    grid_x, grid_y = np.meshgrid(*centres)
    valid = np.ones((len(pieces),) + grid_x.shape, dtype=bool)
    for k, condition in enumerate(restricted):
        for relation in condition:
            if not isinstance(relation, sympy.Rel):  # sympy.false: impossible off the plane's parameters
                valid[k] = False
                continue
            difference = sympy.lambdify((x, y), relation.lhs - relation.rhs, "numpy")
            values = np.broadcast_to(np.asarray(difference(grid_x, grid_y), dtype=float), grid_x.shape)
            valid[k] &= values > 0 if isinstance(relation, sympy.StrictGreaterThan) else values >= -1e-12
    keys = [tuple(np.flatnonzero(valid[:, i, j])) for i in range(resolution) for j in range(resolution)]
    order: dict[tuple[Any, ...], int] = {}
    labels = np.array([order.setdefault(key, len(order)) for key in keys]).reshape(grid_x.shape)
    boundaries: list[sympy.Expr] = []
    for k, condition in enumerate(restricted):
        if not valid[k].any() or not all(isinstance(r, sympy.Rel) for r in condition):
            continue
        for relation in condition:
            expression = sympy.expand(relation.lhs - relation.rhs)
            if not expression.free_symbols & {x, y} or expression in boundaries or -expression in boundaries:
                continue
            sign = np.sign(np.broadcast_to(np.asarray(sympy.lambdify((x, y), expression, "numpy")(grid_x, grid_y),
                                                      dtype=float), grid_x.shape))
            # a boundary curve is where a piece stops holding between two neighbouring cells
            if any(np.any((np.diff(labels, axis=axis) != 0) & (np.diff(valid[k].astype(int), axis=axis) != 0)
                          & (np.diff(sign, axis=axis) != 0)) for axis in (0, 1)):
                boundaries.append(expression)
    found = []
    for key, index in order.items():
        cells = np.argwhere(labels == index)
        i, j = cells[len(cells) // 2]
        point = (Fraction(float(grid_x[i, j])).limit_denominator(10**9),
                 Fraction(float(grid_y[i, j])).limit_denominator(10**9))
        result = solve(model.game(**{first: point[0], second: point[1]}), method,
                       **({"all": True} if method == "spe" else {}))
        chosen = [pieces[k] for k in key]
        if method in ("spe", "enummixed", "enumpure"):
            _check(model, result, chosen, method, {first: point[0], second: point[1]})
        found.append(Region(tuple(chosen), tuple(restricted[k] for k in key), len(cells) / labels.size,
                            (float(point[0]), float(point[1])), result))
    return Regions(model, (first, second), tuple((float(lo), float(hi)) for lo, hi in ranges),  # type: ignore[arg-type]
                   tuple(sorted(boundaries, key=str)), tuple(found), labels)
