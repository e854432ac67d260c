"""Strategic-form (normal-form) games with any number of players.

Convention, used everywhere in the package: ``payoffs[p, s_1, ..., s_n]`` is
player ``p``'s payoff when player ``i`` plays strategy ``s_i``.  The float
array is the hot path of the solvers; when the input is exact (integers,
fractions, decimals), the same payoffs are kept as an object array of
:class:`fractions.Fraction` in :attr:`NormalFormGame.exact` for certification.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any, Mapping, Sequence

import numpy as np

from ..errors import GameFormatError
from .numbers import exact_array, readonly


class NormalFormGame:
    """An immutable n-player strategic game.

    Parameters
    ----------
    payoffs:
        Array-like of shape ``(n, s_1, ..., s_n)``.  Integers, fractions,
        decimals or strings such as ``"3/2"`` keep the game exact; floats make
        it inexact.
    players:
        Player labels (default ``"1"``, ``"2"``, ...).
    strategies:
        Strategy labels per player (default ``"1"``, ``"2"``, ...).
    title, description:
        Free text.
    parameters:
        The model parameter values this game was built from, if any.

    Examples
    --------
    >>> import gametheory_ukraine as gt
    >>> game = gt.NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> game.shape
    (2, 2)
    >>> game.exact[0, 1, 0]
    Fraction(5, 1)
    """

    __slots__ = ("payoffs", "exact", "players", "strategies", "title", "description", "parameters", "_hash")

    payoffs: np.ndarray
    exact: np.ndarray | None
    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    title: str
    description: str
    parameters: Mapping[str, Fraction] | None
    _hash: int | None

    def __init__(
        self,
        payoffs: Any,
        players: Sequence[str] | None = None,
        strategies: Sequence[Sequence[str]] | None = None,
        title: str = "",
        description: str = "",
        parameters: Mapping[str, Any] | None = None,
    ) -> None:
        floats, exact = exact_array(payoffs, "payoff")
        if floats.ndim < 2 or floats.shape[0] != floats.ndim - 1:
            raise GameFormatError(
                f"payoff array of shape {floats.shape} is not (players, s1, ..., sn): "
                f"its first axis must equal the number of strategy axes"
            )
        n = floats.shape[0]
        if any(k == 0 for k in floats.shape[1:]):
            raise GameFormatError("every player needs at least one strategy")
        players = tuple(str(p) for p in players) if players is not None else tuple(str(i + 1) for i in range(n))
        if len(players) != n:
            raise GameFormatError(f"{len(players)} player labels for a {n}-player payoff array")
        if strategies is None:
            strategies = [[str(j + 1) for j in range(k)] for k in floats.shape[1:]]
        strategies = tuple(tuple(str(s) for s in labels) for labels in strategies)
        if tuple(len(s) for s in strategies) != floats.shape[1:]:
            raise GameFormatError(
                f"strategy labels {[len(s) for s in strategies]} do not match the payoff array's shape "
                f"{floats.shape[1:]}"
            )
        set_ = object.__setattr__
        set_(self, "payoffs", readonly(floats))
        set_(self, "exact", readonly(exact) if exact is not None else None)
        set_(self, "players", players)
        set_(self, "strategies", strategies)
        set_(self, "title", str(title))
        set_(self, "description", str(description))
        set_(self, "parameters", dict(parameters) if parameters is not None else None)
        set_(self, "_hash", None)

    # -- construction -------------------------------------------------------------------
    @classmethod
    def from_arrays(cls, *arrays: Any, **labels: Any) -> "NormalFormGame":
        """A game from one payoff array per player, each of shape ``(s_1, ..., s_n)``.

        >>> NormalFormGame.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]).shape
        (2, 2)
        """
        if not arrays:
            raise GameFormatError("from_arrays needs one payoff array per player")
        objects = [np.asarray(a, dtype=object) for a in arrays]
        shapes = {a.shape for a in objects}
        if len(shapes) != 1:
            raise GameFormatError(f"payoff arrays have different shapes: {sorted(shapes)}")
        stacked = np.empty((len(objects),) + objects[0].shape, dtype=object)
        for p, a in enumerate(objects):
            stacked[p] = a
        if all(isinstance(a, np.ndarray) and a.dtype.kind == "f" for a in arrays):
            stacked = stacked.astype(float)
        return cls(stacked, **labels)

    # -- other libraries (gametheory_ukraine.interop; imported when called, since games sit below it)
    @classmethod
    def from_nashpy(cls, nashpy_game: Any, **labels: Any) -> "NormalFormGame":
        """A game from a ``nashpy.Game``; labels as keywords (see :func:`~gametheory_ukraine.interop.from_nashpy`).

        >>> import nashpy
        >>> NormalFormGame.from_nashpy(nashpy.Game([[1, -1], [-1, 1]]), title="Pennies").title
        'Pennies'
        """
        from ..interop import from_nashpy

        return from_nashpy(nashpy_game, **labels)

    def to_nashpy(self) -> Any:
        """This two-player game as a ``nashpy.Game`` (see :func:`~gametheory_ukraine.interop.to_nashpy`).

        >>> NormalFormGame.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]).to_nashpy().zero_sum
        True
        """
        from ..interop import to_nashpy

        return to_nashpy(self)

    @classmethod
    def from_pygambit(cls, pygambit_game: Any) -> "NormalFormGame":
        """A strategic game from a ``pygambit.Game``; a tree gives its reduced strategic form.

        >>> import pygambit
        >>> NormalFormGame.from_pygambit(pygambit.Game.from_arrays([[1, 0]], [[0, 1]])).shape
        (1, 2)
        """
        from ..interop import from_pygambit
        from .convert import reduced_strategic_form

        game = from_pygambit(pygambit_game)
        return game if isinstance(game, NormalFormGame) else reduced_strategic_form(game)

    def to_pygambit(self) -> Any:
        """This game as a pygambit table, exact payoffs exact (:func:`~gametheory_ukraine.interop.to_pygambit`).

        >>> NormalFormGame.from_arrays([[1, "1/2"]], [[0, 1]]).to_pygambit().to_arrays()[0].tolist()
        [[Rational(1, 1), Rational(1, 2)]]
        """
        from ..interop import to_pygambit

        return to_pygambit(self)

    # -- Jupyter display (gametheory_ukraine.report.tables) ------------------------------
    def _repr_html_(self) -> str:
        from ..report.tables import DISPLAY_CELLS, html_table

        return html_table(self, max_cells=DISPLAY_CELLS)

    def _repr_latex_(self) -> str:
        from ..report.tables import DISPLAY_CELLS, latex_table

        return latex_table(self, max_cells=DISPLAY_CELLS)

    # -- properties ---------------------------------------------------------------------
    kind = "normal"

    @property
    def num_players(self) -> int:
        return self.payoffs.shape[0]

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of strategies per player."""
        return tuple(self.payoffs.shape[1:])

    @property
    def is_exact(self) -> bool:
        return self.exact is not None

    def payoff_table(self, exact: bool = False) -> np.ndarray:
        """The exact (Fraction) table when asked and available, else the float table."""
        return self.exact if exact and self.exact is not None else self.payoffs

    # -- values ---------------------------------------------------------------------------
    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable")

    def __reduce__(self) -> tuple[Any, ...]:
        # rebuilt through the constructor (attribute assignment is refused), so a game
        # pickles to another process, as the parallel report sends its results back
        table = self.exact if self.exact is not None else self.payoffs
        return (type(self), (table, self.players, self.strategies, self.title, self.description, self.parameters))

    def _key(self) -> tuple:
        table = self.exact if self.exact is not None else self.payoffs
        return (self.players, self.strategies, self.title, self.payoffs.shape, tuple(table.ravel().tolist()))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, NormalFormGame):
            return NotImplemented
        if (self.exact is None) != (other.exact is None):
            return (
                self.players == other.players
                and self.strategies == other.strategies
                and self.title == other.title
                and self.payoffs.shape == other.payoffs.shape
                and bool(np.array_equal(self.payoffs, other.payoffs))
            )
        return self._key() == other._key()

    def __hash__(self) -> int:
        value = self._hash
        if value is None:
            value = hash(self._key())
            object.__setattr__(self, "_hash", value)
        return value

    def __repr__(self) -> str:
        shape = "x".join(str(k) for k in self.shape)
        title = f" {self.title!r}" if self.title else ""
        exact = "exact" if self.is_exact else "float"
        return f"<NormalFormGame{title} {shape}, players {list(self.players)}, {exact} payoffs>"
