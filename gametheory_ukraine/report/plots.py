r"""Figures: best-response diagrams, the logit QRE correspondence and region maps.

Every plotting function draws a fresh matplotlib :class:`~matplotlib.figure.Figure`
on the Agg canvas (no screen, and no pyplot state: nothing stays open, nothing
switches the backend of an interactive session) and returns it.  Given
``path``, it also writes the figure twice through :func:`save_figure`:

* ``<stem>.png``, a raster image at 120 dpi, and
* ``<stem>.svg``, the same figure as vector graphics,

where ``<stem>`` is ``path`` without its suffix, whatever the suffix is:
``map.png``, ``map.svg``, ``map.pdf`` and ``map`` all give ``map.png`` and
``map.svg`` (:func:`figure_paths`).  Existing files are not replaced unless
``force=True`` (the command line's ``--force``), the policy of
:func:`~gametheory_ukraine.formats.loading.write_new_file`; both names are
checked before either file is written, and each is written to a temporary
file beside it first, so a refusal or a failure leaves the old files alone.

The figures
-----------
:func:`best_response_plot`
    2x2 games: the unit square of ``(p, q)``, ``p`` the row player's
    probability of her first strategy and ``q`` the column player's, with
    both best-response correspondences; they cross at the Nash equilibria
    (the dots).  2x3 and 3x2 games: with ``x`` the probability that the
    player with two strategies plays her first, (a) the other player's
    expected payoff from each of her three strategies against ``x``, whose
    upper envelope is her best response (the bands along the bottom say
    which strategy is best where), and (b) the simplex of her mixed
    strategies cut into the regions where each of the two-strategy player's
    strategies is the best response, divided by the indifference line.  The
    equilibria are dots in both panels.
:func:`qre_plot`
    The principal branch of the logit QRE correspondence (agent QRE on
    trees) as traced by :func:`~gametheory_ukraine.solvers.logit.logit_solve`:
    each strategy's (or action's) probability against ``lambda``, one panel
    per player, from the uniform profile at ``lambda = 0`` to the Nash limit
    at the right edge.  The axis is ``lambda M / (1 + lambda M)`` with ``M``
    the largest payoff magnitude, so the whole half-line fits and the axis
    means the same whatever the payoffs' units; ticks are labelled in
    ``lambda``.
:func:`region_plot`
    Where each equilibrium outcome holds in the space of a model's
    parameters: the intervals of :func:`~gametheory_ukraine.sensitivity` as
    bands with their thresholds, the regions of
    :func:`~gametheory_ukraine.regions` with their exact boundary curves, and
    the outcomes of :func:`~gametheory_ukraine.sweep` (a grid as bands or an
    image, samples as a scatter).  The ``plot`` methods of those results
    draw through it.

:func:`add_plot_arguments` and :func:`run_plot` are the command line's
``plot`` verb.
"""

from __future__ import annotations

import os
import tempfile
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any, Sequence

import numpy as np

from ..errors import GameError, SolverError
from ..games import ExtensiveGame, NormalFormGame

if TYPE_CHECKING:  # matplotlib is imported only when a figure is drawn
    from matplotlib.axes import Axes
    from matplotlib.colors import ListedColormap
    from matplotlib.figure import Figure

__all__ = ["FIGURE_SUFFIXES", "figure_paths", "save_figure", "best_response_plot", "qre_plot", "region_plot",
           "add_plot_arguments", "run_plot"]

FIGURE_SUFFIXES = (".png", ".svg")
"""Every figure is written in these two formats, in this order."""

DPI = 120
"""Resolution of the PNG files."""

_LEGEND_ENTRIES = 12
"""Region maps list at most this many outcomes in their legend (the most frequent first)."""

_ROW_COLOUR, _COLUMN_COLOUR = "tab:blue", "tab:red"


# ---------------------------------------------------------------------------------------
# figures and files


def _new_figure(width: float, height: float, **options: Any) -> "Figure":
    """An empty figure on the Agg canvas; matplotlib is imported here, on first use."""
    try:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError as error:  # matplotlib is a dependency, but a broken install should say so plainly
        raise SolverError("plotting needs matplotlib: pip install matplotlib") from error
    figure = Figure(figsize=(width, height), **options)
    FigureCanvasAgg(figure)  # attaches itself to the figure: rendering never needs a screen
    return figure


def figure_paths(path: str | os.PathLike[str]) -> tuple[Path, Path]:
    """The two files a figure is written to: ``path`` with the suffixes ``.png`` and ``.svg``.

    Whatever suffix ``path`` has is replaced; without one, both are added.

    Examples
    --------
    >>> [str(p) for p in figure_paths("out/map.png")]
    ['out/map.png', 'out/map.svg']
    >>> [p.name for p in figure_paths("regions")]
    ['regions.png', 'regions.svg']
    """
    target = Path(path)
    if not target.name or target.name in (".", ".."):
        raise GameError("a figure needs a file name, not a folder", str(path))
    return target.with_suffix(FIGURE_SUFFIXES[0]), target.with_suffix(FIGURE_SUFFIXES[1])


def check_new_figure(targets: Sequence[Path], force: bool) -> None:
    """Refuse before anything is written: an existing output without ``force``, or a missing folder."""
    for target in targets:
        if target.exists() and not force:
            raise GameError("exists; not overwritten (use --force to replace it)", str(target))
        if not target.parent.is_dir():
            raise GameError("the output folder does not exist", str(target))


def save_figure(figure: "Figure", path: str | os.PathLike[str], *, force: bool = False) -> tuple[Path, Path]:
    """Write ``figure`` as ``<stem>.png`` and ``<stem>.svg`` (see :func:`figure_paths`).

    Parameters
    ----------
    figure:
        A matplotlib figure.
    path:
        The output's name; its suffix, if any, is replaced by ``.png`` and ``.svg``.
    force:
        Replace existing files.  Without it an existing PNG or SVG is an
        error, raised before either file is written.

    Returns
    -------
    tuple of Path
        The PNG's and the SVG's paths.

    Raises
    ------
    GameError
        If one of the files exists and ``force`` is false, or the folder does not exist.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> figure = best_response_plot(NormalFormGame.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]]))
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     written = save_figure(figure, pathlib.Path(folder) / "pennies.pdf")
    ...     [(p.name, p.stat().st_size > 10_000) for p in written]
    [('pennies.png', True), ('pennies.svg', True)]
    """
    targets = figure_paths(path)
    check_new_figure(targets, force)
    # Render both into temporary files beside the targets, then move them in: a failure while
    # rendering leaves neither a half-written file nor one format without the other.
    temporaries = []
    try:
        for target in targets:
            handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
            temporaries.append(temporary)
            with os.fdopen(handle, "wb") as stream:
                # no date in the SVG, so that the same figure gives the same file
                figure.savefig(stream, format=target.suffix[1:], dpi=DPI, bbox_inches="tight",
                               metadata={"Date": None} if target.suffix == ".svg" else None)
        # mkstemp makes private files; give the figures the permissions a plain open() would
        mode = 0o666 & ~_umask()
        for temporary, target in zip(temporaries, targets):
            os.chmod(temporary, mode)
            os.replace(temporary, target)
    finally:
        for temporary in temporaries:
            if os.path.exists(temporary):
                os.unlink(temporary)
    return targets


def _umask() -> int:
    """The process's file-creation mask (reading it means setting it, so it is set straight back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _finish(figure: "Figure", path: str | os.PathLike[str] | None, force: bool) -> "Figure":
    if path is not None:
        save_figure(figure, path, force=force)
    return figure


def _number(value: float) -> str:
    """A probability or payoff for a label: a small fraction when it is one, else 3 significant digits."""
    close = Fraction(float(value)).limit_denominator(100)
    if abs(float(close) - float(value)) < 1e-9:
        return str(close.numerator) if close.denominator == 1 else f"{close.numerator}/{close.denominator}"
    return f"{float(value):.3g}"


# ---------------------------------------------------------------------------------------
# best responses


def _equilibrium_profiles(game: NormalFormGame, equilibria: Any) -> list[tuple[np.ndarray, ...]]:
    """The mixed profiles to mark: ``solve(game, "enummixed")`` unless given."""
    if equilibria is None:
        from ..solvers import solve

        equilibria = solve(game, "enummixed")
    items = equilibria.equilibria if hasattr(equilibria, "equilibria") else equilibria
    profiles = []
    for item in items:
        profile = item.profile if hasattr(item, "profile") else item
        if profile is None:
            raise SolverError("best_response_plot(): an equilibrium without a mixed profile (a behavior profile "
                              "of a tree); give the equilibria of the strategic game")
        arrays = tuple(np.asarray(p, dtype=float).reshape(-1) for p in profile)
        if tuple(a.size for a in arrays) != game.shape:
            raise SolverError(f"best_response_plot(): an equilibrium of shape {[a.size for a in arrays]} "
                              f"for a {'x'.join(map(str, game.shape))} game")
        profiles.append(arrays)
    return profiles


def _tables(game: NormalFormGame) -> tuple[np.ndarray, np.ndarray]:
    """Both players' payoff tables, exact (fractions) when the game is, so ties are decided exactly."""
    table = game.payoff_table(exact=True)
    return table[0], table[1]


def _best_response_path(constant: Any, slope: Any, tolerance: float) -> list[tuple[float, float]] | None:
    """A player's best response as a polyline ``(t, s)``, ``None`` when she is indifferent everywhere.

    ``constant + slope * t`` is her payoff advantage of her first strategy over
    her second when the opponent plays his first strategy with probability
    ``t``; ``s`` is her best probability of her first strategy: 1 where the
    advantage is positive, 0 where it is negative, all of [0, 1] where it is zero.
    """
    if abs(constant) <= tolerance and abs(slope) <= tolerance:
        return None

    def best(advantage: Any) -> float:
        return 1.0 if advantage > 0 else 0.0

    crossing = None if abs(slope) <= tolerance else -constant / slope
    if crossing is None or not 0 <= crossing <= 1:
        level = best(constant + slope * Fraction(1, 2) if crossing is None else constant)
        return [(0.0, level), (1.0, level)]
    after = best(slope)  # beyond the crossing the advantage has the slope's sign
    before = 1.0 - after  # a crossing at t = 0 still draws the whole segment there
    t = float(crossing)
    return [(0.0, before), (t, before), (t, after), (1.0, after)]


def _draw_2x2(figure: "Figure", game: NormalFormGame, profiles: list[tuple[np.ndarray, ...]]) -> None:
    A, B = _tables(game)
    tolerance = 0.0 if game.is_exact else 1e-12 * max(1.0, float(np.abs(game.payoffs).max()))
    row, column = game.players
    (r0, _), (c0, _) = game.strategies
    axes = figure.add_subplot()
    # Row's advantage of her first strategy against q; column's against p.
    row_path = _best_response_path(A[0, 1] - A[1, 1], (A[0, 0] - A[1, 0]) - (A[0, 1] - A[1, 1]), tolerance)
    column_path = _best_response_path(B[1, 0] - B[1, 1], (B[0, 0] - B[0, 1]) - (B[1, 0] - B[1, 1]), tolerance)
    for player, found, colour, style, width, to_xy in (
            (row, row_path, _ROW_COLOUR, "-", 3.0, lambda t, s: (s, t)),
            (column, column_path, _COLUMN_COLOUR, "--", 2.0, lambda t, s: (t, s))):
        label = f"{player}'s best response"
        if found is None:
            axes.fill([0, 1, 1, 0], [0, 0, 1, 1], facecolor="none", edgecolor=colour, hatch="//",
                      label=f"{label}: anything (indifferent)")
            continue
        x, y = zip(*(to_xy(t, s) for t, s in found))
        axes.plot(x, y, linestyle=style, color=colour, linewidth=width, label=label, solid_capstyle="butt")
    if profiles:
        p = [float(profile[0][0]) for profile in profiles]
        q = [float(profile[1][0]) for profile in profiles]
        axes.scatter(p, q, s=70, color="black", zorder=5, label="Nash equilibria")
        for px, qy in zip(p, q):
            axes.annotate(f"({_number(px)}, {_number(qy)})", (px, qy), textcoords="offset points",
                          xytext=(6 if px < 0.8 else -6, 6 if qy < 0.8 else -12), ha="left" if px < 0.8 else "right",
                          fontsize=8)
    axes.set_xlim(-0.04, 1.04)
    axes.set_ylim(-0.04, 1.04)
    axes.set_aspect("equal")
    axes.set_xlabel(f"p = P({row} plays {r0})")
    axes.set_ylabel(f"q = P({column} plays {c0})")
    axes.set_title(game.title or "Best-response correspondences", fontsize=9)
    axes.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=8, frameon=False)


def _simplex_xy(mix: Sequence[float] | np.ndarray) -> tuple[float, float]:
    """Barycentric coordinates on the triangle with vertices (0, 0), (1, 0), (1/2, sqrt(3)/2)."""
    return float(mix[1] + mix[2] / 2), float(mix[2] * np.sqrt(3) / 2)


def _clip_triangle(advantage: np.ndarray, sign: float) -> list[tuple[float, float]]:
    """The part of the triangle where ``sign * advantage . mix >= 0``, as a polygon.

    One pass of Sutherland-Hodgman clipping: the advantage is linear in the mix,
    so along an edge it changes sign at most once.
    """
    vertices = np.eye(3)
    values = sign * advantage
    polygon = []
    for k in range(3):
        here, there = vertices[k], vertices[(k + 1) % 3]
        a, b = values[k], values[(k + 1) % 3]
        if a >= 0:
            polygon.append(_simplex_xy(here))
        if (a > 0 > b) or (a < 0 < b):
            polygon.append(_simplex_xy(here + (there - here) * a / (a - b)))
    return polygon


def _draw_2x3(figure: "Figure", game: NormalFormGame, profiles: list[tuple[np.ndarray, ...]]) -> None:
    A, B = (np.asarray(table, dtype=float) for table in _tables(game))
    two = 0 if game.shape[0] == 2 else 1  # the player with two strategies gives the horizontal axis
    three = 1 - two
    mover_payoffs, other_payoffs = (A, B) if two == 0 else (B.T, A.T)  # indexed [two's strategy, three's strategy]
    mover, other = game.players[two], game.players[three]
    (m0, m1), labels = game.strategies[two], game.strategies[three]
    colours = ["tab:green", "tab:purple", "tab:orange"]
    lines_axes, simplex_axes = figure.subplots(1, 2, gridspec_kw={"width_ratios": [1.25, 1]})

    # (a) The other player's payoff from each strategy against x; the upper envelope is her best response.
    payoff_lines = [(other_payoffs[1, j], other_payoffs[0, j] - other_payoffs[1, j]) for j in range(3)]
    breaks = {0.0, 1.0}
    for i in range(3):
        for j in range(i + 1, 3):
            (a, b), (c, d) = payoff_lines[i], payoff_lines[j]
            if abs(b - d) > 1e-12 and 0 < (c - a) / (b - d) < 1:
                breaks.add(float((c - a) / (b - d)))
    xs = sorted(breaks)
    best = [int(np.argmax([a + b * (left + right) / 2 for a, b in payoff_lines])) for left, right in zip(xs, xs[1:])]
    # The envelope bends only where the best strategy changes (two lines may cross below it).
    corners = [0.0] + [x for x, before, after in zip(xs[1:], best, best[1:]) if before != after] + [1.0]
    strategies = [best[0]] + [after for before, after in zip(best, best[1:]) if before != after]
    lines_axes.plot(corners, [max(a + b * x for a, b in payoff_lines) for x in corners], color="black", linewidth=6,
                    alpha=0.18, solid_capstyle="butt", label=f"upper envelope: {other}'s best response")
    for j, (a, b) in enumerate(payoff_lines):
        lines_axes.plot([0, 1], [a, a + b], color=colours[j], linewidth=1.6, label=f"{other} plays {labels[j]}")
    for left, right, strategy in zip(corners, corners[1:], strategies):  # which strategy is best where
        lines_axes.axvspan(left, right, ymin=0, ymax=0.035, color=colours[strategy], alpha=0.8, linewidth=0)
    if profiles:
        x = [float(profile[two][0]) for profile in profiles]
        y = [float(profile[two] @ other_payoffs @ profile[three]) for profile in profiles]
        lines_axes.scatter(x, y, s=60, color="black", zorder=5, clip_on=False, label="Nash equilibria")
        for position in x:
            lines_axes.axvline(position, color="black", linestyle=":", linewidth=0.8)
    lines_axes.set_xlim(0, 1)
    lines_axes.set_xlabel(f"x = P({mover} plays {m0})")
    lines_axes.set_ylabel(f"{other}'s expected payoff")
    lines_axes.set_title(f"(a) {other}'s best response to {mover}'s mix", fontsize=9)
    lines_axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), fontsize=7, frameon=False)

    # (b) The simplex of the other player's mixes, split by the mover's best response.
    advantage = mover_payoffs[0] - mover_payoffs[1]  # the mover's gain from her first strategy, per pure strategy
    tolerance = 1e-12 * max(1.0, float(np.abs(mover_payoffs).max()))
    triangle = [_simplex_xy(v) for v in np.eye(3)]
    if np.abs(advantage).max() <= tolerance:
        simplex_axes.fill(*zip(*triangle), color="lightgrey", label=f"{mover} indifferent everywhere")
    else:
        for sign, name, colour in ((1.0, m0, _ROW_COLOUR), (-1.0, m1, _COLUMN_COLOUR)):
            polygon = _clip_triangle(advantage, sign)
            if len(polygon) >= 3:
                simplex_axes.fill(*zip(*polygon), color=colour, alpha=0.25, linewidth=0,
                                  label=f"{mover} plays {name}")
        # The indifference line: where the advantage, linear in the mix, is zero on the triangle's boundary.
        zero = np.abs(advantage) <= tolerance
        ends = [triangle[k] for k in range(3) if zero[k]]
        for k in range(3):
            a, b = advantage[k], advantage[(k + 1) % 3]
            if not zero[k] and not zero[(k + 1) % 3] and a * b < 0:
                ends.append(_simplex_xy(np.eye(3)[k] + (np.eye(3)[(k + 1) % 3] - np.eye(3)[k]) * a / (a - b)))
        if len(ends) >= 2:
            simplex_axes.plot(*zip(*ends[:2]), color="black", linewidth=1.2, label=f"{mover} indifferent")
    simplex_axes.plot(*zip(*(triangle + triangle[:1])), color="black", linewidth=0.8)
    for corner, label, offset in zip(triangle, labels, ((-0.04, -0.06), (0.04, -0.06), (0.0, 0.04))):
        simplex_axes.annotate(f"{label}", corner, xytext=(corner[0] + offset[0], corner[1] + offset[1]),
                              ha="center", fontsize=9, color="black")
    if profiles:
        points = [_simplex_xy(profile[three]) for profile in profiles]
        simplex_axes.scatter(*zip(*points), s=60, color="black", zorder=5, label="Nash equilibria")
    simplex_axes.set_xlim(-0.12, 1.12)
    simplex_axes.set_ylim(-0.12, 1.0)
    simplex_axes.set_aspect("equal")
    simplex_axes.set_axis_off()
    simplex_axes.set_title(f"(b) {mover}'s best response to {other}'s mix", fontsize=9)
    simplex_axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.02), fontsize=7, frameon=False)
    if game.title:
        figure.suptitle(game.title, fontsize=9)


def best_response_plot(game: NormalFormGame, path: str | os.PathLike[str] | None = None, equilibria: Any = None,
                       *, force: bool = False) -> "Figure":
    """The best-response correspondences of a 2x2 game, or of a 2x3 (3x2) game, with its equilibria.

    See the module's docstring for what each figure shows.

    Parameters
    ----------
    game:
        A two-player strategic game of shape 2x2, 2x3 or 3x2 (a tree: use
        :func:`~gametheory_ukraine.reduced_strategic_form` first).
    path:
        Also write the figure to ``<stem>.png`` and ``<stem>.svg``.
    equilibria:
        The equilibria to mark: a :class:`~gametheory_ukraine.Result`, or a
        list of :class:`~gametheory_ukraine.Equilibrium` objects or of mixed
        profiles (one probability vector per player).  By default those of
        ``solve(game, "enummixed")``.
    force:
        Replace existing files.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    SolverError
        If the game is of another shape.

    Examples
    --------
    Battle of the sexes: the correspondences cross three times.

    >>> import gametheory_ukraine as gt
    >>> game = gt.NormalFormGame.from_arrays([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    >>> figure = best_response_plot(game)
    >>> figure.axes[0].collections[0].get_offsets().tolist()
    [[1.0, 1.0], [0.6666666666666666, 0.3333333333333333], [0.0, 0.0]]
    """
    if not isinstance(game, NormalFormGame):
        raise SolverError(f"best_response_plot(): needs a NormalFormGame, not a {type(game).__name__} "
                          f"(use reduced_strategic_form for a tree)")
    shape = game.shape
    if shape != (2, 2) and sorted(shape) != [2, 3]:
        raise SolverError(f"best_response_plot(): draws two-player 2x2, 2x3 and 3x2 games, not "
                          f"{'x'.join(map(str, shape))}")
    profiles = _equilibrium_profiles(game, equilibria)
    if shape == (2, 2):
        figure = _new_figure(6.8, 4.6)
        _draw_2x2(figure, game, profiles)
    else:
        figure = _new_figure(10.5, 5.2)
        _draw_2x3(figure, game, profiles)
    return _finish(figure, path, force)


# ---------------------------------------------------------------------------------------
# the logit QRE correspondence


def _compact(lam: Any, scale: float) -> np.ndarray:
    """``lambda`` on the plotted axis: ``lambda M / (1 + lambda M)``, 0 at 0 and 1 at infinity."""
    scaled = np.asarray(lam, dtype=float) * scale
    return scaled / (1.0 + scaled)


def qre_plot(game: NormalFormGame | ExtensiveGame, path: str | os.PathLike[str] | None = None,
             lambdas: Sequence[float] | None = None, *, force: bool = False) -> "Figure":
    """The logit QRE correspondence against ``lambda``: every strategy's probability along the principal branch.

    The branch is traced by :func:`~gametheory_ukraine.logit_solve` (agent QRE
    by :func:`~gametheory_ukraine.solvers.agent_logit.agent_logit_solve` on a
    tree) from the uniform profile at ``lambda = 0`` to its limit.  One
    panel per player, one line per strategy (per information set and action
    on a tree), labelled ``"<player>: <strategy>"``.  The horizontal axis is
    ``lambda M / (1 + lambda M)``, ``M`` the largest payoff magnitude, so
    ``lambda = infinity`` is the right edge: the limit is marked there (the
    diamonds and the vertical line), reached from the last traced point by a
    dotted line.  Bifurcation points the tracer crossed are dotted verticals.

    Parameters
    ----------
    game:
        A strategic game or a tree.
    path:
        Also write the figure to ``<stem>.png`` and ``<stem>.svg``.
    lambdas:
        Precisions at which to mark the QRE with dots.
    force:
        Replace existing files.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    The zero-sum game whose only equilibrium is ``((2/5, 3/5), (2/5, 3/5))``:

    >>> import gametheory_ukraine as gt
    >>> game = gt.NormalFormGame.from_arrays([[2, -1], [-1, 1]], [[-2, 1], [1, -1]], players=["Row", "Column"])
    >>> figure = qre_plot(game, lambdas=[1.0])
    >>> line = next(l for l in figure.axes[0].lines if l.get_label() == "Row: 1")
    >>> float(line.get_xdata()[0]), float(line.get_ydata()[0]), round(float(line.get_ydata()[-1]), 6)
    (0.0, 0.5, 0.4)
    """
    if isinstance(game, NormalFormGame):
        from ..solvers.logit import logit_solve

        traced: Any = logit_solve(game, lambdas, keep_branch=True)
        magnitude = float(np.abs(game.payoffs).max(initial=0.0))

        def rows(profile: Sequence[np.ndarray]) -> list[list[tuple[str, float]]]:
            return [[(f"{player}: {label}", p) for label, p in zip(labels, probabilities)]
                    for player, labels, probabilities in zip(game.players, game.strategies, profile)]

        def of(point: Any) -> Any:
            return point.profile
        concept = "Nash limit"
    elif isinstance(game, ExtensiveGame):
        from ..solvers.agent_logit import agent_logit_solve
        from .text import infoset_name

        traced = agent_logit_solve(game, lambdas, keep_branch=True)
        magnitude = float(np.abs(game.arrays.payoffs[game.arrays.leaves]).max(initial=0.0))

        def rows(behavior: Sequence[Sequence[np.ndarray]]) -> list[list[tuple[str, float]]]:  # type: ignore[misc]
            return [[(f"{player}: {game.infosets[s].actions[a]} {infoset_name(game, s)}", p[a])
                     for s, p in zip(game.player_infosets(i), per_set) for a in range(len(p))]
                    for i, (player, per_set) in enumerate(zip(game.players, behavior))]

        def of(point: Any) -> Any:
            return point.behavior
        concept = "limit (agent QRE)"
    else:
        raise SolverError(f"qre_plot(): needs a NormalFormGame or an ExtensiveGame, not a {type(game).__name__}")
    scale = magnitude if magnitude > 0 else 1.0  # M: lambda * M is the precision in units of the largest payoff
    branch = list(traced.branch) or [traced.limit]
    x = _compact([point.lam for point in branch], scale)
    series = [rows(of(point)) for point in branch]  # [point][player][line] -> (label, probability)
    converged = traced.status == "converged"
    limit = rows(of(traced.limit))
    limit_x = 1.0 if converged else float(_compact(traced.limit.lam, scale))
    constant = converged and len(branch) == 1
    players = len(series[0])
    figure = _new_figure(8.0, 0.8 + 2.5 * players)
    panels = figure.subplots(players, 1, sharex=True, squeeze=False)[:, 0]
    palette = _palette(max((len(lines) for lines in series[0]), default=1))
    for i, axes in enumerate(panels):
        for k, (label, _) in enumerate(series[0][i]):
            colour = palette(k)
            y = [float(point[i][k][1]) for point in series]
            axes.plot(x, y, color=colour, linewidth=1.8, label=label)
            end = float(limit[i][k][1])
            # Dotted: the branch beyond the last traced point.  A trace that ends where it starts
            # (the uniform profile is already an equilibrium, so a QRE at every lambda) is the solid line.
            axes.plot([x[-1], limit_x], [y[-1], end], color=colour, linestyle="-" if constant else ":",
                      linewidth=1.8 if constant else 1.2)
            axes.scatter([limit_x], [end], marker="D", s=36, color=colour, zorder=5, clip_on=False)
            if traced.points:
                axes.scatter(_compact([p.lam for p in traced.points], scale),
                             [float(rows(of(p))[i][k][1]) for p in traced.points],
                             s=22, color=colour, edgecolor="black", linewidth=0.6, zorder=6)
        axes.axvline(limit_x, color="black", linewidth=0.8)
        for value in traced.bifurcations:
            axes.axvline(float(_compact(value, scale)), color="grey", linestyle=":", linewidth=1.0)
        axes.set_ylim(-0.03, 1.03)
        axes.set_ylabel(f"{game.players[i]}\nprobability")
        axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=7, frameon=False)
    top = panels[0]
    top.annotate(concept if converged else f"last traced point ({traced.status})", (limit_x, 1.03),
                 xycoords=("data", "axes fraction"), ha="right", va="bottom", fontsize=8)
    if traced.bifurcations:
        top.annotate("bifurcation", (float(_compact(traced.bifurcations[0], scale)), 1.03),
                     xycoords=("data", "axes fraction"), ha="center", va="bottom", fontsize=7, color="grey")
    steps = np.array([0.0, 0.25, 1.0, 3.0, 10.0])  # lambda * M at the ticks
    bottom = panels[-1]
    bottom.set_xlim(0, 1.0)
    bottom.set_xticks(list(_compact(steps / scale, scale)) + [1.0],
                      [f"{v:.3g}" for v in steps / scale] + ["∞"])
    bottom.set_xlabel(f"λ  (axis λM/(1+λM), M = {scale:g}, the largest |payoff|)")
    figure.suptitle(f"{game.title or 'Logit QRE'}: the principal branch of the logit QRE correspondence", fontsize=9)
    figure.tight_layout()
    return _finish(figure, path, force)


# ---------------------------------------------------------------------------------------
# region maps


def _palette(count: int) -> "ListedColormap":
    """``count`` distinct colours (tab10, or tab20 repeated for more than ten)."""
    import matplotlib
    from matplotlib.colors import ListedColormap

    base = matplotlib.colormaps["tab10" if count <= 10 else "tab20"]
    return ListedColormap([base(k % base.N) for k in range(max(1, count))])


def _cell_map(axes: "Axes", cells: np.ndarray, extent: tuple[float, float, float, float],
              palette: "ListedColormap") -> None:
    """A 2-D array of outcome indices (rows: the vertical axis) as coloured cells."""
    axes.imshow(cells, origin="lower", extent=extent, aspect="auto", cmap=palette, vmin=-0.5,
                vmax=palette.N - 0.5, alpha=0.65, interpolation="nearest")


def _bands(axes: "Axes", edges: Sequence[float] | np.ndarray, indices: Sequence[int] | np.ndarray,
           palette: "ListedColormap") -> None:
    """Outcome indices of consecutive intervals of one axis as coloured bands (equal neighbours merged)."""
    start = 0
    for k in range(1, len(indices) + 1):
        if k == len(indices) or indices[k] != indices[start]:
            axes.axvspan(edges[start], edges[k], color=palette(indices[start]), alpha=0.65, linewidth=0)
            start = k


def _legend(figure: "Figure", texts: Sequence[str], palette: "ListedColormap", below: bool) -> None:
    """One square per outcome, the first :data:`_LEGEND_ENTRIES` of them (the rest counted).

    A figure legend, below or right of everything: outcome labels are long, and inside
    the axes or under ``tight_layout`` they would cover the map or squeeze it.
    """
    from matplotlib.patches import Patch

    handles = [Patch(facecolor=palette(k), alpha=0.65, label=text[:90])
               for k, text in enumerate(texts[:_LEGEND_ENTRIES])]
    if len(texts) > _LEGEND_ENTRIES:
        handles.append(Patch(facecolor="none", edgecolor="none",
                             label=f"... and {len(texts) - _LEGEND_ENTRIES} rarer outcomes"))
    if below:
        figure.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), fontsize=7, frameon=False)
    else:
        figure.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 0.95), fontsize=7, frameon=False)


def _equilibria_text(result: Any) -> str:
    """A solve's equilibria in words, as the sensitivity report writes them."""
    from ..symbolic.sensitivity import _summary  # the report's wording, so legend and text agree

    if result is None:
        return "model not defined"
    return "; ".join(_summary(result, e) for e in result.equilibria) or "no equilibrium"


def _title(model: Any) -> str:
    return model.title or model.name


def _sensitivity_map(figure: "Figure", found: Any) -> None:
    axes = figure.add_subplot()
    texts: dict[str, int] = {}
    indices = [texts.setdefault(_equilibria_text(interval.result), len(texts)) for interval in found.intervals]
    palette = _palette(len(texts))
    edges = [found.intervals[0].low] + [interval.high for interval in found.intervals]
    _bands(axes, edges, indices, palette)
    for threshold in found.thresholds:
        axes.axvline(threshold.value, color="black", linestyle="--")
        axes.annotate(_number(threshold.value), (threshold.value, 0.9), xycoords=("data", "axes fraction"),
                      ha="left", fontsize=8)
    axes.set_xlim(*found.range)
    axes.set_yticks([])
    axes.set_xlabel(found.parameter)
    axes.set_title(f"{_title(found.model)}: equilibria as {found.parameter} varies", fontsize=9)
    _legend(figure, list(texts), palette, below=True)


def _plane_map(figure: "Figure", plane: Any) -> None:
    import sympy

    axes = figure.add_subplot()
    (x0, x1), (y0, y1) = plane.ranges
    palette = _palette(len(plane.regions))
    _cell_map(axes, plane.labels, (x0, x1, y0, y1), palette)
    for index, region in enumerate(plane.regions):
        axes.annotate(str(index + 1), region.point, ha="center", va="center", fontsize=9)
    fine_x, fine_y = np.meshgrid(np.linspace(x0, x1, 400), np.linspace(y0, y1, 400))
    first, second = (plane.model.parameters[name].symbol for name in plane.parameters)
    for boundary in plane.boundaries:  # the exact curves, drawn over the grid's staircase
        values = np.broadcast_to(np.asarray(sympy.lambdify((first, second), boundary, "numpy")(fine_x, fine_y),
                                            dtype=float), fine_x.shape)
        axes.contour(fine_x, fine_y, values, levels=[0.0], colors="black", linewidths=1)
    axes.set_xlabel(plane.parameters[0])
    axes.set_ylabel(plane.parameters[1])
    axes.set_title(_title(plane.model), fontsize=9)
    _legend(figure, [f"{k + 1}: {_equilibria_text(region.result)}" for k, region in enumerate(plane.regions)],
            palette, below=False)


def _sweep_map(figure: "Figure", result: Any) -> None:
    axes = figure.add_subplot()
    palette = _palette(len(result.labels))
    names = list(result.grid) + [n for n in result.sampled if n not in result.grid]

    def cell_edges(points: np.ndarray) -> np.ndarray:
        """Cells centred on the grid points: edges halfway between neighbours."""
        if points.size == 1:
            return np.array([points[0] - 0.5, points[0] + 0.5])
        middles = (points[1:] + points[:-1]) / 2
        return np.concatenate([[2 * points[0] - middles[0]], middles, [2 * points[-1] - middles[-1]]])

    if result.samples == 1 and len(result.grid) == 1:
        ((name, points),) = result.grid.items()
        edges = cell_edges(points)
        _bands(axes, edges, result.outcome, palette)
        axes.set_xlim(edges[0], edges[-1])
        axes.set_yticks([])
        axes.set_xlabel(name)
        below = True
    elif result.samples == 1 and len(result.grid) == 2:
        (x_name, xs), (y_name, ys) = result.grid.items()
        x_edges, y_edges = cell_edges(xs), cell_edges(ys)
        # design order runs over the first parameter slowest: rows of the reshape are x, the image wants y
        _cell_map(axes, result.outcome.reshape(len(xs), len(ys)).T,
                  (x_edges[0], x_edges[-1], y_edges[0], y_edges[-1]), palette)
        axes.set_xlabel(x_name)
        axes.set_ylabel(y_name)
        below = False
    else:
        if result.outcome is None:
            raise SolverError("this sweep kept only its counts (too many calibrations to keep each outcome): "
                              "no map to draw; sweep fewer calibrations")
        size = result.outcome.size  # every calibration drawn, rejected ones included
        step = max(1, size // 20000)  # at most about 20000 dots: the map, not every calibration
        values = result.design.values(0, size, step)
        kept = result.outcome[::step] >= 0  # rejected draws (priors off the simplex) are not outcomes
        x = values[names[0]][kept]
        y = values[names[1]][kept] if len(names) > 1 else np.zeros_like(x)
        axes.scatter(x, y, c=result.outcome[::step][kept], cmap=palette, vmin=-0.5, vmax=palette.N - 0.5, s=4)
        axes.set_xlabel(names[0])
        if len(names) > 1:
            axes.set_ylabel(names[1])
        else:
            axes.set_yticks([])
        below = False
    axes.set_title(f"{_title(result.model)}: {result.total} calibrations", fontsize=9)
    _legend(figure, list(result.labels), palette, below=below)


def region_plot(source: Any, path: str | os.PathLike[str] | None = None, *, force: bool = False) -> "Figure":
    """Where each equilibrium outcome holds: the region map of a sensitivity, regions or sweep result.

    Parameters
    ----------
    source:
        What to draw:

        * a :class:`~gametheory_ukraine.symbolic.sensitivity.Sensitivity`
          (from :func:`~gametheory_ukraine.sensitivity`): its intervals as
          coloured bands along the parameter, thresholds dashed;
        * a :class:`~gametheory_ukraine.symbolic.sensitivity.Regions`
          (from :func:`~gametheory_ukraine.regions`): the grid's cells
          coloured by region, numbered, with the exact boundary curves;
        * a :class:`~gametheory_ukraine.symbolic.sweep.SweepResult` (from
          :func:`~gametheory_ukraine.sweep`): a grid of one parameter as
          bands, of two as an image of cells centred on the grid points;
          samples (or more parameters) as a scatter over the first two
          varied parameters.

        Each outcome has one colour, named in the legend.
    path:
        Also write the figure to ``<stem>.png`` and ``<stem>.svg``.
    force:
        Replace existing files.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import gametheory_ukraine as gt
    >>> found = gt.sweep(gt.load("authorization-sequential"), grid={"rho": (0, 50, 51)})
    >>> figure = region_plot(found)
    >>> [text.get_text() for text in figure.legends[0].get_texts()] == found.labels
    True
    """
    from ..symbolic.sensitivity import Regions, Sensitivity
    from ..symbolic.sweep import SweepResult

    if isinstance(source, Sensitivity):
        figure = _new_figure(8.0, 2.6)
        _sensitivity_map(figure, source)
    elif isinstance(source, Regions):
        figure = _new_figure(6.5, 5.0)
        _plane_map(figure, source)
    elif isinstance(source, SweepResult):
        one_dimensional = source.samples == 1 and len(source.grid) == 1
        figure = _new_figure(8.0, 2.6) if one_dimensional else _new_figure(7.0, 5.0)
        _sweep_map(figure, source)
    else:
        raise SolverError(f"region_plot(): draws the result of sensitivity, regions or sweep, "
                          f"not a {type(source).__name__}")
    figure.tight_layout()
    return _finish(figure, path, force)


# ---------------------------------------------------------------------------------------
# command line


PLOT_KINDS = ("best-response", "qre")


def add_plot_arguments(parser: Any) -> None:
    """Add the options of the ``plot`` verb to an argparse parser.

    Examples
    --------
    >>> import argparse
    >>> parser = argparse.ArgumentParser()
    >>> add_plot_arguments(parser)
    >>> arguments = parser.parse_args(["m1-posture", "--kind", "qre", "--output", "posture.png"])
    >>> arguments.kind, arguments.output, arguments.settings, arguments.force
    ('qre', 'posture.png', [], False)
    """
    parser.add_argument("game", metavar="GAME", help="a bundled model's name, a YAML model, a .nfg or .efg file")
    parser.add_argument("--kind", required=True, choices=PLOT_KINDS,
                        help="best-response: the correspondences of a 2x2 or 2x3 game (a tree's reduced "
                             "strategic form); qre: the logit QRE correspondence against lambda")
    parser.add_argument("--set", action="append", default=[], metavar="P=V", dest="settings",
                        help="set a model parameter (repeatable), e.g. --set h=30 or --set a=1/2")
    parser.add_argument("--lambda", type=float, action="append", dest="lambdas", metavar="LAMBDA",
                        help="qre: mark the QRE at this precision (repeatable)")
    parser.add_argument("--output", required=True, metavar="FILE",
                        help="writes FILE's name with .png and with .svg (any suffix of FILE is replaced)")
    parser.add_argument("--force", action="store_true", help="replace the files if they exist")


def _strategic_form(tree: ExtensiveGame) -> NormalFormGame:
    """The reduced strategic form, its strategies named by their actions (``Escalate/Fight``), not numbered."""
    from ..games.convert import reduced_strategic_form, reduced_strategies

    table = reduced_strategic_form(tree)
    names = [["/".join("*" if a is None else tree.infosets[s].actions[a] for s, a in strategy.choices) or "*"
              for strategy in reduced_strategies(tree, player)] for player in range(tree.num_players)]
    return NormalFormGame(table.exact if table.exact is not None else table.payoffs, players=tree.players,
                          strategies=names, title=tree.title)


def run_plot(args: Any) -> int:
    """Run the ``plot`` verb from parsed arguments: draw, write ``<stem>.png`` and ``<stem>.svg``; return 0.

    Existing files are refused before anything is computed, unless ``--force``.

    Examples
    --------
    >>> import argparse, pathlib, tempfile
    >>> parser = argparse.ArgumentParser()
    >>> add_plot_arguments(parser)
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     output = str(pathlib.Path(folder) / "posture")
    ...     status = run_plot(parser.parse_args(["m1-posture", "--kind", "best-response", "--output", output]))
    ...     status, sorted(p.name for p in pathlib.Path(folder).iterdir())
    (0, ['posture.png', 'posture.svg'])
    """
    check_new_figure(figure_paths(args.output), args.force)
    from ..formats.loading import instantiate, load, parse_settings

    game = instantiate(load(args.game), args.game, parse_settings(args.settings))
    if args.kind == "best-response":
        if args.lambdas:
            raise GameError("--lambda applies to --kind qre")
        if isinstance(game, ExtensiveGame):
            game = _strategic_form(game)
        figure = best_response_plot(game)
    elif args.kind == "qre":
        figure = qre_plot(game, lambdas=args.lambdas)
    else:
        raise GameError(f"unknown plot kind {args.kind!r}: use {' or '.join(PLOT_KINDS)}")
    save_figure(figure, args.output, force=args.force)
    return 0
