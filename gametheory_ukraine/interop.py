"""Conversion to and from the games of Nashpy and pygambit.

Nashpy
    ``nashpy.Game`` holds the two payoff matrices of a bimatrix game and
    nothing else: no labels, no title, and numpy arrays, so Fractions do not
    survive (its algorithms work in floats).  :func:`to_nashpy` hands over
    integer matrices when every payoff is an integer (nothing is lost) and
    float matrices otherwise; :func:`from_nashpy` reads integer matrices as an
    exact game and float matrices as a float game, and takes the labels as
    keywords.

pygambit
    Both directions go through Gambit's own file formats: :func:`to_pygambit`
    writes the game with :func:`~gametheory_ukraine.formats.gambit.write_efg`
    (or ``write_nfg``) and lets ``pygambit.read_efg`` build it;
    :func:`from_pygambit` reads ``game.to_efg()`` (or ``to_nfg()``) with the
    package's reader.  Why not build through pygambit's object API:

    * exactness is the same either way: every number is spelt exactly on both
      sides (``p/q`` and decimals), and each reader reads them as rationals
      (``gbt.Rational``/``Decimal`` there, :class:`~fractions.Fraction` here);
    * Gambit 16.7's API refuses labels that our games allow (non-ASCII text
      raises ``UnicodeEncodeError``, repeated node and information-set labels
      and empty outcome labels raise ``ValueError``).  The writer already
      tidies them into what Gambit accepts and records the originals in a
      block at the end of the description, which the reader applies, so the
      round trip ``from_pygambit(to_pygambit(game)) == game`` holds; a direct
      build would have to repeat all of that;
    * the text format is Gambit's stable interface, while the object API
      changes between releases (16.7 alone removed integer indexing of a
      node's children and made ``Node.infoset`` a lazy view).

    Two things pygambit does on the way in are undone on the way out:
    16.7 names every unlabelled player, strategy, action and outcome ``_1``,
    ``_2``, ... (such labels are read back as empty), and it writes the file
    in its own way, so the block of original labels is checked against our
    own writing of the game.  What is not undone: Gambit 16.7 also renames
    repeated player, strategy and outcome labels ``L`` to ``L_1``, ``L_2``, ...,
    which the writer does not yet tidy; such games come back with those names.

pygambit is not a dependency of the package (it is a test oracle): it is
imported inside the functions, and a missing install raises
:class:`~gametheory_ukraine.errors.GameError`.
"""

from __future__ import annotations

import io
import re
from typing import Any, Callable, Sequence

import numpy as np

from .errors import GameError
from .formats import gambit
from .games import ExtensiveGame, NormalFormGame
from .games.extensive import Infoset, Outcome

__all__ = ["to_nashpy", "from_nashpy", "to_pygambit", "from_pygambit"]

Game = NormalFormGame | ExtensiveGame

MISSING_PYGAMBIT = "pygambit is not installed: pip install pygambit"

_PLACEHOLDER = re.compile(r"_[0-9]+")
"""The label pygambit 16.7 gives a player, strategy, action or outcome that has none."""

_LABEL_BLOCK = "[gametheory_ukraine original labels "
"""How the writer's block of original labels starts (see formats/gambit.py)."""


# ---------------------------------------------------------------------------------------
# nashpy


def to_nashpy(game: NormalFormGame) -> Any:
    """The two-player strategic ``game`` as a ``nashpy.Game``.

    Parameters
    ----------
    game:
        A two-player :class:`NormalFormGame`.

    Returns
    -------
    nashpy.Game
        With integer matrices when every payoff is an integer, float
        matrices otherwise.  Labels and title are not carried (nashpy has none).

    Raises
    ------
    GameError
        For a tree or a game with other than two players.

    Examples
    --------
    >>> import gametheory_ukraine as gt
    >>> pd = gt.NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> nashpy_game = to_nashpy(pd)
    >>> [(row.tolist(), column.tolist()) for row, column in nashpy_game.support_enumeration()]
    [([0.0, 1.0], [0.0, 1.0])]
    """
    import nashpy

    if not isinstance(game, NormalFormGame):
        raise GameError(f"nashpy holds strategic games; convert the {type(game).__name__} first "
                        f"(gametheory_ukraine.reduced_strategic_form)")
    if game.num_players != 2:
        raise GameError(f"nashpy holds two-player games; this game has {game.num_players} players")
    return nashpy.Game(*_matrices(game))


def _matrices(game: NormalFormGame) -> list[np.ndarray]:
    if game.exact is not None and all(x.denominator == 1 for x in game.exact.ravel()):
        # Python ints keep payoffs too large for int64 exact (numpy makes an object array then).
        return [np.array([[int(x) for x in row] for row in game.exact[p]]) for p in range(2)]
    return [np.array(game.payoffs[p], dtype=float) for p in range(2)]


def from_nashpy(nashpy_game: Any, *, players: Sequence[str] | None = None,
                strategies: Sequence[Sequence[str]] | None = None, title: str = "",
                description: str = "") -> NormalFormGame:
    """A :class:`NormalFormGame` from a ``nashpy.Game``.

    Parameters
    ----------
    nashpy_game:
        The nashpy game (its ``payoff_matrices`` are read).
    players, strategies, title, description:
        Labels, which nashpy does not hold (defaults as for :class:`NormalFormGame`).

    Returns
    -------
    NormalFormGame
        Exact when the matrices hold integers, float otherwise.

    Raises
    ------
    GameError
        If ``nashpy_game`` has no pair of payoff matrices.

    Examples
    --------
    >>> import nashpy
    >>> game = from_nashpy(nashpy.Game([[1, -1], [-1, 1]]), players=["Even", "Odd"])
    >>> game.players, game.is_exact, game.exact[1, 0, 0]
    (('Even', 'Odd'), True, Fraction(-1, 1))
    """
    matrices = getattr(nashpy_game, "payoff_matrices", None)
    if matrices is None or len(matrices) != 2:
        raise GameError(f"not a two-player nashpy game: {type(nashpy_game).__name__} has no pair "
                        f"of payoff_matrices")
    arrays = [np.asarray(m) for m in matrices]
    if arrays[0].ndim != 2 or arrays[0].shape != arrays[1].shape:
        raise GameError(f"nashpy payoff matrices of shapes {arrays[0].shape} and {arrays[1].shape}: "
                        f"expected two matrices of one shape")
    return NormalFormGame.from_arrays(*arrays, players=players, strategies=strategies, title=title,
                                      description=description)


# ---------------------------------------------------------------------------------------
# pygambit


def _import_pygambit() -> Any:
    try:
        import pygambit
    except ImportError:
        raise GameError(MISSING_PYGAMBIT) from None
    return pygambit


def to_pygambit(game: Game) -> Any:
    """``game`` as a ``pygambit.Game``, exact numbers kept exact.

    Parameters
    ----------
    game:
        A :class:`NormalFormGame` (a pygambit table) or an
        :class:`ExtensiveGame` (a pygambit tree, chance and information sets included).

    Returns
    -------
    pygambit.Game
        Fractions become ``gbt.Rational`` payoffs and probabilities; float
        payoffs become the ``Decimal`` of their shortest spelling.  Labels that
        Gambit 16.7 refuses arrive tidied (the originals are kept in the
        description, for :func:`from_pygambit`).

    Raises
    ------
    GameError
        If pygambit is not installed, or refuses the game.

    Examples
    --------
    >>> import gametheory_ukraine as gt
    >>> pd = gt.NormalFormGame.from_arrays([[3, 0], [5, "1/2"]], [[3, 5], [0, 1]])
    >>> table = to_pygambit(pd)
    >>> table.to_arrays()[0].tolist()
    [[Rational(3, 1), Rational(0, 1)], [Rational(5, 1), Rational(1, 2)]]
    >>> from_pygambit(table) == pd
    True
    """
    pygambit = _import_pygambit()
    if isinstance(game, ExtensiveGame):
        text, read = gambit.write_efg(game), pygambit.read_efg
    elif isinstance(game, NormalFormGame):
        text, read = gambit.write_nfg(game), pygambit.read_nfg
    else:
        raise GameError(f"to_pygambit needs a NormalFormGame or an ExtensiveGame, not {type(game).__name__}")
    try:
        return read(io.StringIO(text))
    except (ValueError, RuntimeError) as error:
        raise GameError(f"pygambit refused the game: {error}") from None


def from_pygambit(pygambit_game: Any) -> Game:
    """A game of this package from a ``pygambit.Game``: a tree or a table, as it is there.

    Parameters
    ----------
    pygambit_game:
        A pygambit game.

    Returns
    -------
    ExtensiveGame or NormalFormGame
        With exact (Fraction) payoffs and chance probabilities: pygambit's
        numbers are rationals or decimals.  Labels ``_1``, ``_2``, ... (pygambit's
        names for unlabelled players, strategies, actions and outcomes) come
        back empty; labels that :func:`to_pygambit` had to tidy come back as they were.

    Raises
    ------
    GameError
        If pygambit is not installed, or ``pygambit_game`` is not a pygambit game.

    Examples
    --------
    >>> import pygambit
    >>> table = pygambit.Game.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]], title="PD")
    >>> game = from_pygambit(table)
    >>> game.title, game.shape, game.exact[0, 1, 0]
    ('PD', (2, 2), Fraction(5, 1))
    """
    pygambit = _import_pygambit()
    if not isinstance(pygambit_game, pygambit.Game):
        raise GameError(f"from_pygambit needs a pygambit.Game, not {type(pygambit_game).__name__}")
    if pygambit_game.is_tree:
        tree = gambit.read_efg(pygambit_game.to_efg(), "<pygambit>", restore_labels=False)
        infosets = [Infoset(s.player, tuple(_blank_if_placeholder(a) for a in s.actions), s.label, s.probabilities)
                    for s in tree.infosets]
        outcomes = [Outcome(o.payoffs, _blank_if_placeholder(o.label)) for o in tree.outcomes]
        written: Game = ExtensiveGame([_blank_if_placeholder(p) for p in tree.players], tree.nodes, infosets, outcomes,
                                      tree.title, tree.description)
        reader: Callable[..., Game] = gambit.read_efg
        writer: Callable[..., str] = gambit.write_efg
    else:
        table = gambit.read_nfg(pygambit_game.to_nfg(), "<pygambit>", restore_labels=False)
        written = NormalFormGame(table.payoff_table(exact=True), [_blank_if_placeholder(p) for p in table.players],
                                 [[_blank_if_placeholder(x) for x in own] for own in table.strategies],
                                 table.title, table.description)
        reader, writer = gambit.read_nfg, gambit.write_nfg
    if _LABEL_BLOCK not in written.description:
        return written
    # The block's digest is of the text our writer made, not of pygambit's text (its own
    # number spellings, the .nfg outcome version, generated labels): write the game again
    # as we wrote it, so that the reader can check the block and restore the labels.
    return reader(writer(written, preserve_labels=False), "<pygambit>")


def _blank_if_placeholder(label: str) -> str:
    return "" if _PLACEHOLDER.fullmatch(label) else label
