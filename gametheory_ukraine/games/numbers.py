"""Exact and floating-point numbers as the games store them.

A payoff or a probability is *exact* when it is given as an ``int``, a
``Fraction``, a ``Decimal`` or a string spelling one of those (``"3/2"``,
``"0.25"``); exact values are kept as :class:`fractions.Fraction`.  A Python or
numpy ``float`` is inexact.  Games keep exact values beside their float arrays
so that solvers can certify equilibria in rational arithmetic.
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction
from numbers import Rational
from typing import Any

import numpy as np

from ..errors import GameFormatError

Number = Fraction | float


def to_number(value: Any, what: str = "value") -> Number:
    """Convert ``value`` to a Fraction when exact, a float otherwise.

    Raises :class:`GameFormatError` for NaN, infinities and non-numbers.

    >>> to_number("3/2"), to_number(2), to_number(0.5)
    (Fraction(3, 2), Fraction(2, 1), 0.5)
    """
    if isinstance(value, bool):
        raise GameFormatError(f"{what} must be a number, not a boolean")
    if isinstance(value, (Fraction, int, np.integer)):
        return Fraction(int(value)) if not isinstance(value, Fraction) else value
    if isinstance(value, Rational):
        return Fraction(int(value.numerator), int(value.denominator))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise GameFormatError(f"{what} is not finite: {value}")
        return Fraction(value)
    if isinstance(value, str):
        text = value.strip()
        try:
            result = Fraction(text)
        except (ValueError, ZeroDivisionError):
            raise GameFormatError(f"{what} is not a number: {value!r}") from None
        return result
    if isinstance(value, (float, np.floating)):
        if not math.isfinite(value):
            raise GameFormatError(f"{what} is not finite: {value}")
        return float(value)
    raise GameFormatError(f"{what} must be a number, not {type(value).__name__}")


def exact_array(values: Any, what: str = "payoff") -> tuple[np.ndarray, np.ndarray | None]:
    """Float array and, when every entry is exact, the object array of Fractions.

    Raises :class:`GameFormatError` if any entry is NaN, infinite or not a number.
    """
    array = values if isinstance(values, np.ndarray) else np.asarray(values, dtype=object)
    if array.dtype != object:
        floats = np.asarray(array, dtype=float)
        if not np.all(np.isfinite(floats)):
            raise GameFormatError(f"{what} array contains NaN or an infinity")
        if np.issubdtype(array.dtype, np.integer):
            return floats, _to_fractions(array.astype(object))
        return floats, None
    flat = [to_number(v, what) for v in array.ravel()]
    floats = np.array([float(v) for v in flat], dtype=float).reshape(array.shape)
    if all(isinstance(v, Fraction) for v in flat):
        exact = np.empty(len(flat), dtype=object)
        exact[:] = flat
        return floats, exact.reshape(array.shape)
    return floats, None


_to_fractions = np.frompyfunc(Fraction, 1, 1)


def fraction_text(value: Fraction) -> str:
    """``"p/q"`` or ``"p"``: the spelling used by the JSON contract and Gambit files."""
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


def readonly(array: np.ndarray) -> np.ndarray:
    """Mark an array read-only (games are immutable values) and return it."""
    array.flags.writeable = False
    return array
