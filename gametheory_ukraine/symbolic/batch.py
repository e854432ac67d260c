"""A Model's payoffs as numpy arrays over a leading batch axis.

A sweep solves the same game at many calibrations.  Substituting values into
sympy expressions one calibration at a time is slow, so every payoff (and
chance probability) expression is lambdified once to a numpy function of the
parameters and evaluated on whole arrays of parameter values:

* a normal-form model gives payoffs of shape ``(batch, n, s_1, ..., s_n)``;
* an extensive-form model gives the payoff of every play, shape
  ``(batch, leaves, players)`` with the leaves in the preorder of
  :attr:`TreeArrays.leaves`, and the probability of every edge, shape
  ``(batch, nodes)`` (1 on edges that are not chance moves).

Parameters not given keep their calibrated value.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import Any, Callable, Mapping

import numpy as np
import sympy

from ..errors import ModelError
from .model import Model

__all__ = ["batch_payoffs", "batch_edge_probabilities", "batch_size_of"]


@dataclass(frozen=True)
class _Compiled:
    """The lambdified expressions of a model, in array order."""

    names: tuple[str, ...]
    payoff_functions: tuple[Callable[..., Any], ...]  # flat, in the order of the output array
    payoff_shape: tuple[int, ...]  # (n, s...) or (leaves, players)
    chance_edges: tuple[int, ...]  # node index of each chance edge (extensive only)
    chance_functions: tuple[Callable[..., Any], ...]
    num_nodes: int


_CACHE: "weakref.WeakKeyDictionary[Model, _Compiled]" = weakref.WeakKeyDictionary()


def _lambdify(symbols: list[sympy.Symbol], expression: sympy.Expr) -> Callable[..., Any]:
    return sympy.lambdify(symbols, expression, modules="numpy")


def _walk(spec: Mapping[str, Any], players: int) -> tuple[list[list[sympy.Expr]], list[tuple[int, sympy.Expr]], int]:
    leaves: list[list[sympy.Expr]] = []
    chance: list[tuple[int, sympy.Expr]] = []
    count = 0

    def visit(node: Mapping[str, Any], above: list[sympy.Expr], probability: sympy.Expr | None) -> None:
        nonlocal count
        index = count
        count += 1
        if probability is not None:
            chance.append((index, probability))
        total = [a + sympy.sympify(p) for a, p in zip(above, node["payoffs"])] if "payoffs" in node else above
        moves = node.get("moves")
        if not moves:
            leaves.append(total)
            return
        probabilities = node.get("chance")
        for action, child in moves.items():
            visit(child, total, None if probabilities is None else sympy.sympify(probabilities[action]))

    visit(spec, [sympy.Integer(0)] * players, None)
    return leaves, chance, count


def _compile(model: Model) -> _Compiled:
    if model in _CACHE:
        return _CACHE[model]
    names = tuple(model.parameters)
    symbols = [model.parameters[name].symbol for name in names]
    if model.payoffs is not None:
        expressions = [sympy.sympify(e) for e in model.payoffs.ravel()]
        compiled = _Compiled(names, tuple(_lambdify(symbols, e) for e in expressions), tuple(model.payoffs.shape),
                             (), (), 0)
    else:
        leaves, chance, count = _walk(model.tree, len(model.players))  # type: ignore[arg-type]
        compiled = _Compiled(
            names,
            tuple(_lambdify(symbols, e) for row in leaves for e in row),
            (len(leaves), len(model.players)),
            tuple(i for i, _ in chance),
            tuple(_lambdify(symbols, e) for _, e in chance),
            count,
        )
    _CACHE[model] = compiled
    return compiled


def batch_size_of(model: Model, values: Mapping[str, Any]) -> int:
    """The common length of the value arrays, after checking their names.

    >>> import gametheory_ukraine as gt
    >>> batch_size_of(gt.load("authorization-sequential"), {"h": [0, 1, 2]})
    3
    """
    size = 1
    for name, array in values.items():
        if name not in model.parameters:
            raise ModelError(f"unknown parameter {name!r}; the parameters of {model.name or model.title!r} are "
                             f"{', '.join(model.parameters) or 'none'}")
        length = np.asarray(array).reshape(-1).shape[0] if np.ndim(array) else 1
        if length != 1 and size != 1 and length != size:
            raise ModelError(f"parameter arrays have different lengths ({size} and {length})")
        size = max(size, length) if length != 1 else size
    return size


def _arguments(model: Model, compiled: _Compiled, values: Mapping[str, Any]) -> tuple[list[Any], int]:
    size = batch_size_of(model, values)
    arguments: list[Any] = []
    for name in compiled.names:
        if name in values:
            arguments.append(np.asarray(values[name], dtype=float).reshape(-1))
        else:
            arguments.append(float(model.parameters[name].value))
    return arguments, size


def _evaluate(functions: tuple[Callable[..., Any], ...], arguments: list[Any], size: int) -> np.ndarray:
    out = np.empty((size, len(functions)))
    for column, function in enumerate(functions):
        out[:, column] = function(*arguments)  # a constant expression broadcasts
    return out


def batch_payoffs(model: Model, values: Mapping[str, Any]) -> np.ndarray:
    """Payoffs at many calibrations at once, with the batch on the first axis.

    Parameters
    ----------
    model:
        A normal- or extensive-form :class:`Model`.
    values:
        Parameter name to a 1-D array of values (or a scalar); all arrays have
        the same length, the batch size.  Parameters left out keep their
        calibrated value.  Ranges are not checked here (the sweep checks them).

    Returns
    -------
    numpy.ndarray
        ``(batch, n, s_1, ..., s_n)`` for a normal-form model; for a tree, the
        payoff of each play, ``(batch, leaves, players)``, leaves in preorder.

    Examples
    --------
    >>> import gametheory_ukraine as gt
    >>> model = gt.load("authorization-simultaneous")
    >>> batch_payoffs(model, {"g": [2, 3]}).shape
    (2, 2, 2, 5)
    >>> tree = gt.load("authorization-sequential")
    >>> batch_payoffs(tree, {"h": [1, 5]})[:, 4, 1]      # Authorize, Restraint: -d - h + V
    array([ 3., -1.])
    """
    compiled = _compile(model)
    arguments, size = _arguments(model, compiled, values)
    return _evaluate(compiled.payoff_functions, arguments, size).reshape((size,) + compiled.payoff_shape)


def batch_edge_probabilities(model: Model, values: Mapping[str, Any]) -> np.ndarray:
    """The probability of reaching each node from its parent, shape ``(batch, nodes)``.

    Chance edges get their probability expression's value; every other entry is 1.

    Examples
    --------
    >>> import gametheory_ukraine as gt
    >>> tree = gt.load("authorization-sequential")
    >>> batch_edge_probabilities(tree, {"h": [1, 2]}).shape
    (2, 13)
    """
    compiled = _compile(model)
    if model.tree is None:
        raise ModelError("edge probabilities belong to extensive-form models")
    arguments, size = _arguments(model, compiled, values)
    probabilities = np.ones((size, compiled.num_nodes))
    if compiled.chance_edges:
        probabilities[:, list(compiled.chance_edges)] = _evaluate(compiled.chance_functions, arguments, size)
    return probabilities
