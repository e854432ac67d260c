"""Parametrised games: payoffs and chance probabilities as sympy expressions.

A :class:`Model` is what a YAML model file describes: players, named
:class:`Parameter` objects (each with its calibrated value, range, meaning and
the sentence of the source analysis it encodes), and a game whose payoffs
(and chance probabilities) are sympy expressions over the parameters.
``model.game(**values)`` substitutes values and returns a numeric, exact game.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Mapping, Sequence

import numpy as np
import sympy

from ..errors import GameFormatError, ModelError
from ..games import ExtensiveGame, NormalFormGame, TreeBuilder

FUNCTIONS = {
    "Min": sympy.Min, "Max": sympy.Max, "Abs": sympy.Abs, "sqrt": sympy.sqrt,
    "exp": sympy.exp, "log": sympy.log, "Rational": sympy.Rational,
}
"""Functions an expression may call."""

_TOKEN = re.compile(r"\s*(?:(?P<number>\d+(?:\.\d*)?(?:[eE]-?\d+)?|\.\d+)"
                    r"|(?P<name>[A-Za-z_][A-Za-z_0-9]*)|(?P<op>\*\*|[-+*/^(),]))")


PRIOR_FAMILIES: dict[str, tuple[str, ...]] = {
    "uniform": ("low", "high"),
    "normal": ("mean", "sd"),
    "beta": ("a", "b"),
    "triangular": ("low", "mode", "high"),
}
"""The prior families and the names of their arguments, in the order they are written."""


@dataclass(frozen=True)
class Prior:
    """The distribution a sweep draws a parameter from (``--samples``), within its range.

    Written in a model file as ``prior: {family: [arguments]}``, in the
    parameter's own units:

    * ``{uniform: [low, high]}``: uniform on a sub-range (``prior: uniform``
      alone is the whole range, the default);
    * ``{normal: [mean, sd]}``: normal, truncated to the range (the mean inside it);
    * ``{beta: [a, b]}``: beta with shapes ``a, b > 0``, scaled from [0, 1] to the range;
    * ``{triangular: [low, mode, high]}``: triangular on a sub-range.

    Attributes
    ----------
    family:
        One of :data:`PRIOR_FAMILIES`.
    arguments:
        Its arguments, exact.
    low, high:
        The parameter's range, which the draws never leave.

    Examples
    --------
    >>> prior = Prior.parse({"beta": [2, 2]}, Fraction(0), Fraction(10))
    >>> prior.family, prior.arguments, prior.mean
    ('beta', (Fraction(2, 1), Fraction(2, 1)), 5.0)
    >>> draws = prior.draw(np.random.default_rng(0), 1000)
    >>> bool(draws.min() >= 0 and draws.max() <= 10)
    True
    >>> Prior.parse({"normal": [12, 1]}, Fraction(0), Fraction(10))
    Traceback (most recent call last):
    ...
    gametheory_ukraine.errors.ModelError: the mean 12 of the normal prior is outside the range [0, 10]
    """

    family: str
    arguments: tuple[Fraction, ...]
    low: Fraction
    high: Fraction

    @classmethod
    def parse(cls, spec: Any, low: Fraction | None, high: Fraction | None) -> "Prior":
        """A prior from ``"uniform"``, ``{family: [arguments]}`` or ``(family, *arguments)``, checked.

        A :class:`ModelError` carries ``error.path``: where in ``spec`` the
        problem lies (``()`` for the whole, ``(family,)`` for the argument
        list, ``(family, i)`` for one argument), for the loader to position it.
        """
        if low is None or high is None:
            raise _prior_error("a prior needs the parameter's range: declare range: [low, high]", ())
        if isinstance(spec, Prior):
            return cls.parse((spec.family, *spec.arguments), low, high)
        if isinstance(spec, str):
            family, arguments = spec, [low, high] if spec == "uniform" else None
            path: tuple[str, ...] = ()
        elif isinstance(spec, Mapping):
            if len(spec) != 1:
                raise _prior_error("a prior is one family with its arguments, such as {beta: [2, 5]}", ())
            ((family, arguments),) = spec.items()
            path = (family,)
            if not isinstance(arguments, (list, tuple)):
                arguments = [arguments]
        elif isinstance(spec, (list, tuple)) and spec and isinstance(spec[0], str):
            family, arguments, path = spec[0], list(spec[1:]), ()
        else:
            raise _prior_error(f"cannot read the prior {spec!r}: write {{family: [arguments]}}, such as "
                               "{beta: [2, 5]}", ())
        if family not in PRIOR_FAMILIES:
            raise _prior_error(f"unknown prior {family!r}: the families are " + ", ".join(
                f"{name} [{', '.join(names)}]" for name, names in PRIOR_FAMILIES.items()), path, key=bool(path))
        names = PRIOR_FAMILIES[family]
        if arguments is None or len(arguments) != len(names):
            found = "none" if arguments is None else len(arguments)
            raise _prior_error(f"the {family} prior takes {len(names)} arguments [{', '.join(names)}], "
                               f"found {found}", path)
        values = tuple(_prior_number(a, f"argument {n} of the {family} prior", path + (i,))
                       for i, (n, a) in enumerate(zip(names, arguments)))
        prior = cls(family, values, Fraction(low), Fraction(high))
        prior.check(path)
        return prior

    def check(self, path: tuple[Any, ...] = ()) -> None:
        """Raise a :class:`ModelError` (with ``error.path``) if the arguments do not fit the family and range."""
        family, arguments, low, high = self.family, self.arguments, self.low, self.high
        where = f"[{_show(low)}, {_show(high)}]"
        if family in ("uniform", "triangular"):
            first, last = arguments[0], arguments[-1]
            for i, value in enumerate(arguments):
                if not low <= value <= high:
                    raise _prior_error(f"the {family} prior's {PRIOR_FAMILIES[family][i]} {_show(value)} is "
                                       f"outside the range {where}", path + (i,))
            if not first < last:
                raise _prior_error(f"the {family} prior needs low < high, found {_show(first)} and {_show(last)}",
                                   path)
            if family == "triangular" and not first <= arguments[1] <= last:
                raise _prior_error(f"the triangular prior's mode {_show(arguments[1])} is outside "
                                   f"[{_show(first)}, {_show(last)}]", path + (1,))
        elif family == "normal":
            mean, sd = arguments
            if not low <= mean <= high:
                raise _prior_error(f"the mean {_show(mean)} of the normal prior is outside the range {where}",
                                   path + (0,))
            if sd <= 0:
                raise _prior_error(f"the normal prior's sd must be positive, found {_show(sd)}", path + (1,))
        elif family == "beta":
            for i, value in enumerate(arguments):
                if value <= 0:
                    raise _prior_error(f"the beta prior's {PRIOR_FAMILIES[family][i]} must be positive, "
                                       f"found {_show(value)}", path + (i,))
        if family != "uniform" and not low < high:
            raise _prior_error(f"a {family} prior needs a range with low < high, not {where}", path)

    @property
    def mean(self) -> float:
        """The mean of the draws."""
        low, high = float(self.low), float(self.high)
        a, b, *rest = (float(x) for x in self.arguments)
        if self.family == "uniform":
            return (a + b) / 2
        if self.family == "beta":
            return low + (high - low) * a / (a + b)
        if self.family == "triangular":
            return (a + b + rest[0]) / 3
        from scipy.stats import truncnorm

        return float(truncnorm.mean((low - a) / b, (high - a) / b, loc=a, scale=b))

    def draw(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """``size`` draws, in the parameter's units."""
        low, high = float(self.low), float(self.high)
        a, b, *rest = (float(x) for x in self.arguments)
        if self.family == "uniform":
            return a + (b - a) * rng.random(size)
        if self.family == "beta":
            return low + (high - low) * rng.beta(a, b, size)
        if self.family == "triangular":
            return rng.triangular(a, b, rest[0], size)
        from scipy.stats import truncnorm  # inverse CDF: exact truncation, even far in a tail

        draws = truncnorm.ppf(rng.random(size), (low - a) / b, (high - a) / b, loc=a, scale=b)
        return np.clip(draws, low, high)  # the ppf may round a hair outside

    def to_data(self) -> dict[str, list[Any]]:
        """The YAML form, ``{family: [arguments]}`` (integers or fraction strings)."""
        return {self.family: [int(x) if x.denominator == 1 else _show(x) for x in self.arguments]}


def _prior_error(message: str, path: tuple[Any, ...], key: bool = False) -> ModelError:
    error = ModelError(message)
    error.path = path  # type: ignore[attr-defined]
    error.at_key = key  # type: ignore[attr-defined]
    return error


def _prior_number(value: Any, what: str, path: tuple[Any, ...]) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, (int, float, Fraction, str, np.number)):
        raise _prior_error(f"{what} must be a number, found {value!r}", path)
    try:
        number = Fraction(value.strip()) if isinstance(value, str) else Fraction(value)  # type: ignore[arg-type]
    except (ValueError, ZeroDivisionError, OverflowError):
        raise _prior_error(f"{what} must be a finite number, found {value!r}", path) from None
    return number


@dataclass(frozen=True)
class Parameter:
    """A named model parameter.

    Attributes
    ----------
    name:
        ASCII name used in expressions and on the command line (``h_X``, ``theta``).
    value:
        The default calibration (exact).
    low, high:
        The range; values outside it are rejected.
    meaning:
        What the parameter measures.
    source:
        The sentence of the source analysis it encodes.
    prior:
        The distribution a sweep's ``--samples`` draws it from; ``None``:
        uniform on the range.  Checked against the range.
    """

    name: str
    value: Fraction
    low: Fraction | None = None
    high: Fraction | None = None
    meaning: str = ""
    source: str = ""
    prior: Prior | None = None

    def __post_init__(self) -> None:
        if self.prior is not None:
            if self.low is None or self.high is None:
                raise ModelError(f"parameter {self.name} has a prior but no range")
            if (self.prior.low, self.prior.high) != (self.low, self.high):
                raise ModelError(f"the prior of {self.name} was checked against [{_show(self.prior.low)}, "
                                 f"{_show(self.prior.high)}], not its range [{_show(self.low)}, {_show(self.high)}]")

    @property
    def symbol(self) -> sympy.Symbol:
        return sympy.Symbol(self.name, real=True)

    def sampler(self) -> Prior:
        """The prior draws come from: the declared one, or uniform on the range.

        >>> Parameter("c", Fraction(3), Fraction(0), Fraction(10)).sampler().arguments
        (Fraction(0, 1), Fraction(10, 1))
        """
        return self.prior if self.prior is not None else Prior.parse("uniform", self.low, self.high)

    def check(self, value: Fraction) -> None:
        if (self.low is not None and value < self.low) or (self.high is not None and value > self.high):
            raise ModelError(
                f"parameter {self.name}={_show(value)} is outside its range "
                f"[{_show(self.low)}, {_show(self.high)}]"
            )


def _show(value: Fraction | None) -> str:
    if value is None:
        return "unbounded"
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def parse_expression(text: Any, parameters: Mapping[str, Parameter]) -> sympy.Expr:
    """A sympy expression from a number or a formula over the parameters.

    Only numbers, declared parameter names, the operators ``+ - * / ** ^``,
    parentheses and the functions of :data:`FUNCTIONS` are accepted; decimals
    are exact (``0.1`` is 1/10).  Nothing is evaluated as Python code.

    >>> p = {"c": Parameter("c", Fraction(3))}
    >>> parse_expression("2 - c/2", p)
    2 - c/2
    """
    if isinstance(text, bool):
        raise ModelError(f"expected a number or a formula, not {text!r}")
    if isinstance(text, (int, Fraction)):
        return sympy.Rational(text)
    if isinstance(text, float):
        raise ModelError(f"inexact number {text!r}: write it as a decimal string or a fraction")
    if not isinstance(text, str):
        raise ModelError(f"expected a number or a formula, not {type(text).__name__}")
    pieces: list[str] = []
    names: dict[str, Any] = {}
    position = 0
    source = text.strip()
    while position < len(source):
        match = _TOKEN.match(source, position)
        if match is None or match.end() == position:
            raise ModelError(f"cannot read the formula {text!r} at {source[position:]!r}")
        position = match.end()
        if match.group("number"):
            number = match.group("number")
            pieces.append(f"Rational('{number}')" if "." in number or "e" in number.lower() else number)
        elif match.group("name"):
            name = match.group("name")
            if name in parameters:
                alias = f"_p{len(names)}"
                names[alias] = parameters[name].symbol
                pieces.append(alias)
            elif name in FUNCTIONS:
                pieces.append(name)
            else:
                raise ModelError(f"unknown parameter {name!r} in {text!r}; the parameters are "
                                 f"{', '.join(parameters) or 'none'}")
        else:
            pieces.append("**" if match.group("op") == "^" else match.group("op"))
    if not pieces:
        raise ModelError("empty formula")
    try:
        expression = sympy.sympify(" ".join(pieces), locals={**FUNCTIONS, **names}, rational=True)
    except (sympy.SympifyError, SyntaxError, TypeError, ValueError) as error:
        raise ModelError(f"cannot read the formula {text!r}: {error}") from None
    if not isinstance(expression, sympy.Expr):
        raise ModelError(f"the formula {text!r} is not an arithmetic expression")
    return expression


def number_of(expression: sympy.Expr, what: str) -> Fraction | float:
    """The value of a parameter-free expression: a Fraction when rational."""
    if expression.is_Rational:
        return Fraction(int(expression.p), int(expression.q))
    value = complex(expression.evalf())
    if value.imag != 0 or not np.isfinite(value.real):
        raise ModelError(f"{what} evaluates to {expression}, which is not a finite real number")
    return value.real


def fraction_of(expression: Any) -> Fraction:
    """A parameter-free expression as an exact point: itself when rational, else its value to 12 digits.

    >>> fraction_of(sympy.Rational(2, 51)), fraction_of(sympy.sqrt(2))
    (Fraction(2, 51), Fraction(898735282112, 635501812473))
    """
    expression = sympy.sympify(expression)
    if expression.is_Rational:
        return Fraction(int(expression.p), int(expression.q))
    return Fraction(float(expression)).limit_denominator(10**12)


class Model:
    """A game whose payoffs are formulas over named parameters.

    Build one with :func:`gametheory_ukraine.load` from a YAML file or a
    bundled model's name.

    Parameters
    ----------
    title, description:
        Free text.
    players:
        Player labels.
    parameters:
        The :class:`Parameter` objects, by name.
    strategies, payoffs:
        For a normal-form model: labels per player, and the payoff expressions
        as an object array of shape ``(players, s_1, ..., s_n)``.
    tree:
        For an extensive-form model: the nested node specification of
        :meth:`ExtensiveGame.from_tree` with sympy expressions as payoffs and
        chance probabilities.
    name, source_file:
        Where the model came from.
    """

    def __init__(
        self,
        title: str,
        players: Sequence[str],
        parameters: Mapping[str, Parameter],
        *,
        description: str = "",
        strategies: Sequence[Sequence[str]] | None = None,
        payoffs: np.ndarray | None = None,
        tree: Mapping[str, Any] | None = None,
        name: str = "",
        source_file: str | None = None,
    ) -> None:
        if (tree is None) == (payoffs is None):
            raise ModelError("a model has either strategies and payoffs (normal form) or a tree (extensive form)")
        self.title = title
        self.description = description
        self.players = tuple(players)
        self.parameters = dict(parameters)
        self.strategies = None if strategies is None else tuple(tuple(s) for s in strategies)
        self.payoffs = payoffs
        self.tree = tree
        self.name = name
        self.source_file = source_file

    @property
    def kind(self) -> str:
        return "extensive" if self.tree is not None else "normal"

    @property
    def calibration(self) -> dict[str, Fraction]:
        """The default parameter values."""
        return {name: p.value for name, p in self.parameters.items()}

    def values(self, **overrides: Any) -> dict[str, Fraction]:
        """The calibration with ``overrides`` applied, checked against names and ranges.

        >>> import gametheory_ukraine as gt
        >>> model = gt.load("authorization-sequential")
        >>> model.values(w_K=30)["w_K"]
        Fraction(30, 1)
        """
        values = self.calibration
        for name, raw in overrides.items():
            if name not in self.parameters:
                raise ModelError(f"unknown parameter {name!r}; the parameters of {self.name or self.title!r} are "
                                 f"{', '.join(self.parameters) or 'none'}")
            try:
                value = raw if isinstance(raw, Fraction) else Fraction(str(raw).strip())
            except (ValueError, ZeroDivisionError):
                raise ModelError(f"parameter {name}: {raw!r} is not a number") from None
            self.parameters[name].check(value)
            values[name] = value
        return values

    def substitution(self, values: Mapping[str, Fraction]) -> dict[sympy.Symbol, sympy.Rational]:
        return {self.parameters[k].symbol: sympy.Rational(v.numerator, v.denominator) for k, v in values.items()}

    def batch(self, values: Mapping[str, Any]) -> np.ndarray:
        """Payoffs at many calibrations at once, over a leading batch axis.

        ``values`` maps parameter names to equal-length arrays (the others keep
        their calibrated values).  Tables give ``(batch, players, s1, ..., sn)``,
        trees ``(batch, leaves, players)``; see
        :func:`~gametheory_ukraine.symbolic.batch.batch_payoffs`.
        """
        from .batch import batch_payoffs

        return batch_payoffs(self, values)

    def recalibrated(self, **overrides: Any) -> "Model":
        """The same model with ``overrides`` as its calibration (checked like :meth:`game`'s).

        >>> import gametheory_ukraine as gt
        >>> gt.load("m2-ladder").recalibrated(h_X=20).calibration["h_X"]
        Fraction(20, 1)
        """
        import dataclasses

        values = self.values(**overrides)
        parameters = {name: dataclasses.replace(p, value=values[name]) for name, p in self.parameters.items()}
        return Model(self.title, self.players, parameters, description=self.description, strategies=self.strategies,
                     payoffs=self.payoffs, tree=self.tree, name=self.name, source_file=self.source_file)

    def game(self, **overrides: Any) -> NormalFormGame | ExtensiveGame:
        """The numeric game at the calibration, with ``overrides`` applied.

        >>> import gametheory_ukraine as gt
        >>> gt.load("authorization-simultaneous").game().shape
        (2, 5)
        """
        values = self.values(**overrides)
        mapping = self.substitution(values)

        def evaluate(expression: sympy.Expr, what: str) -> Fraction | float:
            return number_of(expression.xreplace(mapping), what)

        if self.payoffs is not None:
            table = np.empty(self.payoffs.shape, dtype=object)
            for index, expression in np.ndenumerate(self.payoffs):
                table[index] = evaluate(expression, "a payoff")
            return NormalFormGame(table, self.players, self.strategies, self.title, self.description, values)
        builder = TreeBuilder(self.players)
        try:
            builder.add(_evaluate_tree(self.tree, evaluate, ()))  # type: ignore[arg-type]
        except (GameFormatError, ModelError) as error:
            wrapped = ModelError(error.message, self.source_file)
            wrapped.path = getattr(error, "path", None)  # type: ignore[attr-defined]
            raise wrapped from None
        return builder.build(title=self.title, description=self.description, parameters=values)

    def __repr__(self) -> str:
        return (f"<Model {self.name or self.title!r}: {self.kind} form, players {list(self.players)}, "
                f"parameters {list(self.parameters)}>")


def _evaluate_tree(spec: Mapping[str, Any], evaluate: Any, path: tuple[Any, ...]) -> dict[str, Any]:
    """The tree specification with every expression replaced by its value.

    An error carries ``error.path`` (the keys from the root) like the tree builder's.
    """
    node: dict[str, Any] = {k: v for k, v in spec.items() if k not in ("payoffs", "chance", "moves")}
    try:
        if "payoffs" in spec:
            node["payoffs"] = [evaluate(e, "a payoff") for e in spec["payoffs"]]
        if "chance" in spec:
            node["chance"] = {a: evaluate(e, f"the probability of chance move {a!r}")
                              for a, e in spec["chance"].items()}
    except ModelError as error:
        error.path = path  # type: ignore[attr-defined]
        raise
    if "moves" in spec:
        node["moves"] = {a: _evaluate_tree(child, evaluate, path + ("moves", a)) for a, child in spec["moves"].items()}
    return node
