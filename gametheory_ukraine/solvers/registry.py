"""The one method table: every solver is registered here once.

The command line's ``--method`` and the API's :func:`solve` both read
:data:`METHODS`; nothing else lists the methods.
"""

from __future__ import annotations

import functools
import inspect
import time
from dataclasses import dataclass, replace
from typing import Any, Callable

from ..errors import SolverError
from ..games import ExtensiveGame, NormalFormGame
from .budget import Budget
from .result import Game, Result


@dataclass(frozen=True)
class Method:
    """A registered solution method.

    Attributes
    ----------
    name:
        The name users type (``--method NAME``).
    function:
        ``function(game, **options) -> Result``.
    kinds:
        Game kinds it accepts: ``"normal"``, ``"extensive"``.
    finds:
        What it finds, in a few words (shown by ``--help`` and the docs).
    players:
        The number of players it handles, ``None`` for any.
    """

    name: str
    function: Callable[..., Result]
    kinds: frozenset[str]
    finds: str
    players: int | None = None

    @property
    def takes_budget(self) -> bool:
        """Whether the function accepts a :class:`Budget` (read once: ``inspect`` is slow)."""
        return _takes_budget(self.function)

    def accepts(self, game: Game) -> str | None:
        """``None`` when the method applies to ``game``, else the reason it does not."""
        if game.kind not in self.kinds:
            kinds = " and ".join(sorted(self.kinds))
            return f"method {self.name!r} solves {kinds}-form games, not {game.kind}-form games"
        if self.players is not None and game.num_players != self.players:
            return f"method {self.name!r} needs {self.players}-player games, this one has {game.num_players}"
        return None


@functools.lru_cache(maxsize=None)
def _takes_budget(function: Callable[..., Result]) -> bool:
    return "budget" in inspect.signature(function).parameters


METHODS: dict[str, Method] = {}


def register(name: str, kinds: set[str], finds: str, players: int | None = None) -> Callable:
    """Decorator adding a solver function to :data:`METHODS`."""

    def add(function: Callable[..., Result]) -> Callable[..., Result]:
        if name in METHODS:
            raise RuntimeError(f"method {name!r} registered twice")
        METHODS[name] = Method(name, function, frozenset(kinds), finds, players)
        return function

    return add


def choose_method(game: Game) -> str:
    """The strongest complete method available for ``game`` (what ``auto`` runs)."""
    if isinstance(game, ExtensiveGame) and (game.is_perfect_information or game.has_perfect_recall):
        return "spe"  # backward induction, or subgame decomposition with the strongest table method per subgame
    if isinstance(game, NormalFormGame) and game.num_players == 2 and "enummixed" in METHODS:
        return "enummixed"
    return "enumpure"


def solve(game: Game, method: str = "auto", timeout: float | None = None, **options: Any) -> Result:
    """Solve ``game`` with a method of the table.

    Parameters
    ----------
    game:
        A :class:`NormalFormGame` or :class:`ExtensiveGame`.
    method:
        A name from :data:`METHODS`, or ``"auto"``.
    timeout:
        Seconds after which a method stops cleanly and reports
        ``status="budget_exceeded"`` with what it found so far.
    **options:
        Passed to the method (for example ``all=True`` for ``spe``).

    Examples
    --------
    >>> import gametheory_ukraine as gt
    >>> pd = gt.NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> [e.exact_profile for e in gt.solve(pd, "enumpure")]
    [((Fraction(0, 1), Fraction(1, 1)), (Fraction(0, 1), Fraction(1, 1)))]
    """
    if not isinstance(game, (NormalFormGame, ExtensiveGame)):
        raise SolverError(f"cannot solve a {type(game).__name__}; load or build a game first")
    name = choose_method(game) if method == "auto" else method
    if name not in METHODS:
        raise SolverError(f"unknown method {method!r}; the methods are {', '.join(sorted(METHODS))}, auto")
    entry = METHODS[name]
    reason = entry.accepts(game)
    if reason is not None:
        applicable = [m.name for m in METHODS.values() if m.accepts(game) is None]
        raise SolverError(f"{reason}; methods that apply: {', '.join(applicable)}")
    if entry.takes_budget:
        options.setdefault("budget", Budget(seconds=timeout))
    start = time.perf_counter()
    result = entry.function(game, **options)
    options.pop("budget", None)
    notes = result.notes
    if method == "auto":
        notes = (f"auto chose {name}: {entry.finds}",) + notes
    return replace(result, seconds=time.perf_counter() - start, options=dict(options), notes=notes)
