"""Strategic-form tables in LaTeX, Markdown and HTML, and the rich display of games and results.

One function, :func:`strategic_table`, builds the *cell model* of a strategic
game: the row player's strategies down, the column player's across, one panel
per combination of strategies of players 3..n, each cell holding the payoff
vector (exact fractions when the game is exact) and the numbers of the pure
equilibria played there; mixed equilibria ride beside the panels as their
players' probabilities.  The three renderers, :func:`latex_table`,
:func:`markdown_table` and :func:`html_table`, only print that model, so the
three formats always show the same content.

Equilibria are numbered as the caller listed them, from 1, as the text report
numbers them.  In every format a pure equilibrium's cell is marked
(LaTeX: boxed; Markdown and HTML: bold with a star); each mixed equilibrium
gets an extra column (the row player's probabilities) and an extra row (the
column player's), and a note that gives the whole profile and the payoffs.

The same module renders the Jupyter display of extensive games (a summary
table, cheap on any size of tree) and of :class:`Result` objects (a table of
the equilibria with payoffs and certificates).  In a notebook the HTML is
what is shown; the LaTeX is what ``nbconvert`` puts in a LaTeX/PDF document
(the tables need ``\\usepackage{booktabs}``, which nbconvert's template loads).
"""

from __future__ import annotations

import html
import itertools
import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Callable, Iterable, Sequence

import numpy as np

from ..errors import GameError
from ..games import CHANCE, ExtensiveGame, NormalFormGame
from ..games.numbers import fraction_text
from ..solvers.result import Equilibrium, Result
from .text import _strategy_labels, infoset_name

__all__ = [
    "Value", "Cell", "Panel", "MixedEquilibrium", "StrategicTable", "strategic_table",
    "latex_table", "markdown_table", "html_table",
    "result_html", "result_latex", "extensive_html", "extensive_latex",
    "escape_latex", "escape_markdown", "escape_html",
]

STAR = "\u2605"
"""The marker of a pure-equilibrium cell in Markdown and HTML."""

DISPLAY_CELLS = 2500
"""Largest table the Jupyter display draws; larger games show a one-line summary."""


# ---------------------------------------------------------------------------------------
# the cell model


@dataclass(frozen=True)
class Value:
    """A payoff or probability: the float, and the exact fraction when there is one."""

    approx: float
    exact: Fraction | None = None

    def plain(self) -> str:
        """``"3/2"`` for exact values, a short float (``"0.333333"``) otherwise."""
        if self.exact is not None:
            return fraction_text(self.exact)
        return f"{self.approx:.6g}"

    def latex(self) -> str:
        """The value as LaTeX math: ``-\\frac{3}{2}``, ``4``, ``0.25``."""
        if self.exact is not None and self.exact.denominator != 1:
            sign = "-" if self.exact < 0 else ""
            return f"{sign}\\frac{{{abs(self.exact.numerator)}}}{{{self.exact.denominator}}}"
        text = self.plain()
        if "e" in text:  # 1e-07 -> 1\cdot 10^{-7}
            mantissa, exponent = text.split("e")
            return f"{mantissa}\\cdot 10^{{{int(exponent)}}}"
        return text


@dataclass(frozen=True)
class Cell:
    """One cell of a panel: the payoff vector and the pure equilibria played there (1-based)."""

    payoffs: tuple[Value, ...]
    equilibria: tuple[int, ...] = ()

    @property
    def marked(self) -> bool:
        return bool(self.equilibria)


@dataclass(frozen=True)
class Panel:
    """The table of rows x columns for one choice of strategies of players 3..n.

    ``fixed`` holds those choices as ``(player, strategy)`` pairs; it is empty
    for games with one or two players.
    """

    fixed: tuple[tuple[str, str], ...]
    cells: tuple[tuple[Cell, ...], ...]

    @property
    def label(self) -> str:
        return ", ".join(f"{player} plays {strategy}" for player, strategy in self.fixed)


@dataclass(frozen=True)
class MixedEquilibrium:
    """A mixed equilibrium: its number, every player's probabilities, the payoffs."""

    number: int
    probabilities: tuple[tuple[Value, ...], ...]
    payoffs: tuple[Value, ...]


@dataclass(frozen=True)
class StrategicTable:
    """What a strategic-form table shows, whatever the format.

    ``column_player`` is ``None`` for a one-player game (the table then has a
    single column of payoffs).
    """

    title: str
    players: tuple[str, ...]
    strategies: tuple[tuple[str, ...], ...]
    panels: tuple[Panel, ...]
    mixed: tuple[MixedEquilibrium, ...]
    pure: tuple[int, ...]

    @property
    def row_player(self) -> str:
        return self.players[0]

    @property
    def column_player(self) -> str | None:
        return self.players[1] if len(self.players) > 1 else None

    @property
    def row_strategies(self) -> tuple[str, ...]:
        return self.strategies[0]

    @property
    def column_strategies(self) -> tuple[str, ...]:
        return self.strategies[1] if len(self.players) > 1 else ("",)


def _equilibrium_list(equilibria: Result | Iterable[Equilibrium] | None) -> list[Equilibrium]:
    if equilibria is None:
        return []
    if isinstance(equilibria, Result):
        return list(equilibria.equilibria)
    return list(equilibria)


def _profile_values(game: NormalFormGame, number: int, equilibrium: Equilibrium) -> list[list[Value]]:
    """Each player's probabilities, exact where the equilibrium was certified exactly."""
    if equilibrium.profile is None:
        raise GameError(f"equilibrium {number} is a behavior profile; a strategic table needs "
                        f"mixed strategies over the game's strategies")
    if tuple(len(p) for p in equilibrium.profile) != game.shape:
        raise GameError(f"equilibrium {number} has strategies {[len(p) for p in equilibrium.profile]} "
                        f"but the game has {list(game.shape)}: it belongs to another game")
    exact = equilibrium.exact_profile
    return [[Value(float(x), None if exact is None else Fraction(exact[p][i])) for i, x in enumerate(player)]
            for p, player in enumerate(equilibrium.profile)]


def _pure_choice(values: list[list[Value]]) -> tuple[int, ...] | None:
    """The strategy each player plays for sure, or ``None`` if anyone mixes."""
    choice = []
    for player in values:
        if all(v.exact is not None for v in player):
            sure = [i for i, v in enumerate(player) if v.exact == 1]
        else:
            sure = [i for i, v in enumerate(player) if np.isclose(v.approx, 1.0)]
        if len(sure) != 1:
            return None
        choice.append(sure[0])
    return tuple(choice)


def _payoff_values(equilibrium: Equilibrium) -> tuple[Value, ...]:
    exact = equilibrium.exact_payoffs
    return tuple(Value(float(x), None if exact is None else Fraction(exact[p]))
                 for p, x in enumerate(equilibrium.payoffs))


def strategic_table(game: NormalFormGame, equilibria: Result | Iterable[Equilibrium] | None = None,
                    ) -> StrategicTable:
    """The cell model of a strategic game, with its equilibria placed.

    Parameters
    ----------
    game:
        A strategic game with any number of players.
    equilibria:
        Equilibria of ``game`` (a :class:`Result` or a list of
        :class:`Equilibrium`); they are numbered from 1 in this order.

    Returns
    -------
    StrategicTable
        One panel per combination of strategies of players 3..n (a single
        panel for two players), the numbers of the pure equilibria in their
        cells, and the mixed equilibria.

    Raises
    ------
    GameError
        If an equilibrium is a behavior profile or belongs to a game of another shape.

    Examples
    --------
    >>> import gametheory_ukraine as gt
    >>> pd = gt.NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> table = strategic_table(pd, gt.solve(pd, "enumpure"))
    >>> [[cell.equilibria for cell in row] for row in table.panels[0].cells]
    [[(), ()], [(), (1,)]]
    >>> table.panels[0].cells[1][0].payoffs[0].plain()
    '5'
    """
    listed = _equilibrium_list(equilibria)
    pure_at: dict[tuple[int, ...], list[int]] = {}
    mixed = []
    for number, equilibrium in enumerate(listed, 1):
        values = _profile_values(game, number, equilibrium)
        choice = _pure_choice(values)
        if choice is None:
            mixed.append(MixedEquilibrium(number, tuple(tuple(v) for v in values), _payoff_values(equilibrium)))
        else:
            pure_at.setdefault(choice, []).append(number)

    table = game.payoff_table(exact=True)
    exact = game.is_exact
    n = game.num_players
    rows = game.shape[0]
    columns = game.shape[1] if n > 1 else 1

    def cell(profile: tuple[int, ...]) -> Cell:
        payoffs = tuple(Value(float(game.payoffs[(p,) + profile]), table[(p,) + profile] if exact else None)
                        for p in range(n))
        return Cell(payoffs, tuple(pure_at.get(profile, ())))

    panels = []
    for rest in itertools.product(*(range(k) for k in game.shape[2:])):
        fixed = tuple((game.players[2 + i], game.strategies[2 + i][s]) for i, s in enumerate(rest))
        cells = tuple(tuple(cell((r,) + ((c,) if n > 1 else ()) + rest) for c in range(columns))
                      for r in range(rows))
        panels.append(Panel(fixed, cells))
    pure = tuple(sorted(number for numbers in pure_at.values() for number in numbers))
    return StrategicTable(game.title, game.players, game.strategies, tuple(panels), tuple(mixed), pure)


def _too_large(game: NormalFormGame, max_cells: int | None) -> bool:
    return max_cells is not None and math.prod(game.shape) > max_cells


def _size_summary(game: NormalFormGame) -> str:
    shape = " x ".join(str(k) for k in game.shape)
    return f"{game.title or 'Strategic game'}: {shape} strategies ({', '.join(game.players)}), too large to draw"


def _mixture_parts(labels: Sequence[str], probabilities: Sequence[Value]) -> list[tuple[Value, str]]:
    """The support of a mixed strategy as (probability, strategy) pairs."""
    return [(p, label) for label, p in zip(labels, probabilities)
            if (p.exact is not None and p.exact != 0) or (p.exact is None and p.approx > 1e-12)]


# ---------------------------------------------------------------------------------------
# escaping

_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
    "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
}


def escape_latex(text: str) -> str:
    r"""``text`` with LaTeX's special characters escaped, for text mode.

    >>> print(escape_latex("50% of R&D_1 {costs} $x"))
    50\% of R\&D\_1 \{costs\} \$x
    """
    return "".join(_LATEX_SPECIAL.get(ch, ch) for ch in " ".join(str(text).split()))


_MARKDOWN_SPECIAL = set("\\`*_{}[]<>()#+!|~$")


def escape_markdown(text: str) -> str:
    r"""``text`` with the characters that Markdown (and a table's ``|``) would interpret escaped.

    >>> print(escape_markdown("a|b *c*"))
    a\|b \*c\*
    """
    return "".join("\\" + ch if ch in _MARKDOWN_SPECIAL else ch for ch in " ".join(str(text).split()))


def escape_html(text: str) -> str:
    """``text`` with ``<``, ``>``, ``&`` and quotes escaped.

    >>> escape_html('<b> & "x"')
    '&lt;b&gt; &amp; &quot;x&quot;'
    """
    return html.escape(str(text), quote=True)


# ---------------------------------------------------------------------------------------
# LaTeX


def _latex_payoffs(cell: Cell) -> str:
    body = "$" + ", ".join(v.latex() for v in cell.payoffs) + "$"
    return rf"\fbox{{{body}}}" if cell.marked else body


def _latex_mixture(labels: Sequence[str], values: Sequence[Value]) -> str:
    parts = _mixture_parts(labels, values)
    if len(parts) == 1:
        return escape_latex(parts[0][1])
    return " + ".join(f"${p.latex()}$ {escape_latex(label)}" for p, label in parts)


def _latex_notes(table: StrategicTable) -> list[str]:
    return _notes(table, "Boxed:", lambda labels, values: _latex_mixture(labels, values), escape_latex,
                  lambda v: v.latex(), "eq.~{}", "${}$")


def _latex_panel(table: StrategicTable, panel: Panel) -> list[str]:
    columns = len(table.column_strategies)
    extra = len(table.mixed)
    spec = "l" + "c" * columns + ("c" * extra)
    lines = [rf"\begin{{tabular}}{{{spec}}}", r"\toprule"]
    if table.column_player is not None:
        top = rf" & \multicolumn{{{columns}}}{{c}}{{{escape_latex(table.column_player)}}}"
        rules = rf"\cmidrule(lr){{2-{columns + 1}}}"
        if extra:
            top += rf" & \multicolumn{{{extra}}}{{c}}{{mixed eq.}}"
            rules += rf" \cmidrule(l){{{columns + 2}-{columns + extra + 1}}}"
        lines += [top + r" \\", rules]
    header = [escape_latex(table.row_player)] + [escape_latex(s) for s in table.column_strategies]
    header += [str(eq.number) for eq in table.mixed]
    lines += [" & ".join(header) + r" \\", r"\midrule"]
    for r, row in enumerate(panel.cells):
        entries = [escape_latex(table.row_strategies[r])] + [_latex_payoffs(cell) for cell in row]
        entries += [f"${eq.probabilities[0][r].latex()}$" for eq in table.mixed]
        lines.append(" & ".join(entries) + r" \\")
    if table.mixed and table.column_player is not None:
        lines.append(r"\midrule")
        for eq in table.mixed:
            entries = [f"eq.~{eq.number}"] + [f"${v.latex()}$" for v in eq.probabilities[1]] + [""] * extra
            lines.append(" & ".join(entries) + r" \\")
    lines += [r"\bottomrule", r"\end{tabular}"]
    return lines


def latex_table(game: NormalFormGame, equilibria: Result | Iterable[Equilibrium] | None = None,
                *, max_cells: int | None = None) -> str:
    r"""The strategic form as a booktabs LaTeX table, equilibria marked.

    Cells read ``a, b`` (exact fractions when the game is exact); pure
    equilibrium cells are boxed (``\fbox``); each mixed equilibrium adds a
    column of the row player's probabilities and a row of the column
    player's, and a note under the table gives its whole profile.  Games with
    more than two players give one labelled panel per combination of
    strategies of players 3..n.  Needs ``\usepackage{booktabs}``.

    Parameters
    ----------
    game:
        The strategic game.
    equilibria:
        Its equilibria to mark (a :class:`Result` or a list of :class:`Equilibrium`).
    max_cells:
        When the game has more cells, a one-line summary replaces the table.

    Returns
    -------
    str
        A ``table`` float holding the ``tabular`` panels.

    Examples
    --------
    >>> import gametheory_ukraine as gt
    >>> pd = gt.NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...     players=["Row", "Column"], strategies=[["C", "D"], ["C", "D"]])
    >>> text = latex_table(pd, gt.solve(pd, "enumpure"))
    >>> [line for line in text.splitlines() if "fbox" in line]
    ['D & $5, 0$ & \\fbox{$1, 1$} \\\\']
    """
    if _too_large(game, max_cells):
        return escape_latex(_size_summary(game))
    table = strategic_table(game, equilibria)
    lines = [r"\begin{table}[ht]", r"\centering"]
    if table.title:
        lines.append(rf"\caption{{{escape_latex(table.title)}}}")
    for k, panel in enumerate(table.panels):
        if k:
            lines.append(r"\par\medskip")
        if panel.fixed:
            lines.append(rf"\textit{{{escape_latex(panel.label)}}}\par\smallskip")
        lines += _latex_panel(table, panel)
    notes = _latex_notes(table)
    if notes:
        lines += [r"\par\smallskip", r"{\footnotesize " + " ".join(notes) + "}"]
    lines.append(r"\end{table}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------
# Markdown


def _plain_payoffs(cell: Cell) -> str:
    return ", ".join(v.plain() for v in cell.payoffs)


def _plain_mixture(labels: Sequence[str], values: Sequence[Value], escape: Callable[[str], str]) -> str:
    parts = _mixture_parts(labels, values)
    if len(parts) == 1:
        return escape(parts[0][1])
    return " + ".join(f"{p.plain()} {escape(label)}" for p, label in parts)


def _plain_notes(table: StrategicTable, escape: Callable[[str], str]) -> list[str]:
    return _notes(table, STAR, lambda labels, values: _plain_mixture(labels, values, escape), escape,
                  lambda v: v.plain(), "eq. {}", "{}")


def _notes(table: StrategicTable, mark: str, mixture: Callable[[Any, Any], str], escape: Callable[[str], str],
           value: Callable[[Any], str], reference: str, payoff_format: str) -> list[str]:
    """The notes under a table (which cells are pure equilibria, each mixed one in full), in one markup."""
    notes = []
    if table.pure:
        noun = "equilibrium" if len(table.pure) == 1 else "equilibria"
        notes.append(f"{mark} pure Nash {noun} ({', '.join(str(k) for k in table.pure)}).")
    for eq in table.mixed:
        profile = "; ".join(f"{escape(player)} {mixture(strategies, values)}"
                            for player, strategies, values in zip(table.players, table.strategies, eq.probabilities))
        payoffs = payoff_format.format(", ".join(value(v) for v in eq.payoffs))
        notes.append(f"Equilibrium {eq.number} is mixed (column and row {reference.format(eq.number)}): {profile}; "
                     f"payoffs {payoffs}.")
    return notes


def _markdown_panel(table: StrategicTable, panel: Panel) -> list[str]:
    corner = escape_markdown(table.row_player)
    if table.column_player is not None:
        corner += " \\ " + escape_markdown(table.column_player)
    header = [corner] + [escape_markdown(s) for s in table.column_strategies]
    header += [f"eq. {eq.number}" for eq in table.mixed]
    lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
    for r, row in enumerate(panel.cells):
        entries = [escape_markdown(table.row_strategies[r])]
        entries += [f"**{_plain_payoffs(cell)}** {STAR}" if cell.marked else _plain_payoffs(cell) for cell in row]
        entries += [eq.probabilities[0][r].plain() for eq in table.mixed]
        lines.append("| " + " | ".join(entries) + " |")
    if table.column_player is not None:
        for eq in table.mixed:
            entries = [f"eq. {eq.number}"] + [v.plain() for v in eq.probabilities[1]] + [""] * len(table.mixed)
            lines.append("| " + " | ".join(entries) + " |")
    return lines


def markdown_table(game: NormalFormGame, equilibria: Result | Iterable[Equilibrium] | None = None) -> str:
    """The strategic form as a GitHub Markdown table, equilibrium cells in bold with a star.

    The content is that of :func:`latex_table`: mixed equilibria add an
    ``eq. k`` column and row of probabilities and a note; games with more
    than two players give one table per combination of strategies of players 3..n.

    Parameters
    ----------
    game:
        The strategic game.
    equilibria:
        Its equilibria to mark (a :class:`Result` or a list of :class:`Equilibrium`).

    Returns
    -------
    str
        Markdown text: an optional bold title, the tables, the notes.

    Examples
    --------
    >>> import gametheory_ukraine as gt
    >>> pd = gt.NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...     players=["Row", "Column"], strategies=[["C", "D"], ["C", "D"]])
    >>> print(markdown_table(pd, gt.solve(pd, "enumpure")))
    | Row \\ Column | C | D |
    | --- | --- | --- |
    | C | 3, 3 | 0, 5 |
    | D | 5, 0 | **1, 1** ★ |
    <BLANKLINE>
    ★ pure Nash equilibrium (1).
    """
    table = strategic_table(game, equilibria)
    blocks = []
    if table.title:
        blocks.append(f"**{escape_markdown(table.title)}**")
    for panel in table.panels:
        lines = _markdown_panel(table, panel)
        if panel.fixed:
            lines.insert(0, f"*{escape_markdown(panel.label)}*\n")
        blocks.append("\n".join(lines))
    notes = _plain_notes(table, escape_markdown)
    if notes:
        blocks.append("\n".join(notes))
    return "\n\n".join(blocks)


# ---------------------------------------------------------------------------------------
# HTML


def _html_panel(table: StrategicTable, panel: Panel) -> list[str]:
    e = escape_html
    columns = len(table.column_strategies)
    caption = " \u2014 ".join(part for part in (table.title, panel.label) if part)
    lines = ['<table class="gametheory-ukraine strategic">']
    if caption:
        lines.append(f"<caption>{e(caption)}</caption>")
    lines.append("<thead>")
    if table.column_player is not None:
        top = f'<tr><th></th><th colspan="{columns}" style="text-align:center">{e(table.column_player)}</th>'
        if table.mixed:
            top += f'<th colspan="{len(table.mixed)}" style="text-align:center">mixed eq.</th>'
        lines.append(top + "</tr>")
    header = [e(table.row_player)] + [e(s) for s in table.column_strategies] + [str(q.number) for q in table.mixed]
    lines += ["<tr>" + "".join(f"<th>{h}</th>" for h in header) + "</tr>", "</thead>", "<tbody>"]
    for r, row in enumerate(panel.cells):
        entries = [f"<th>{e(table.row_strategies[r])}</th>"]
        for cell in row:
            if cell.marked:
                numbers = ", ".join(str(k) for k in cell.equilibria)
                entries.append(f'<td class="equilibrium" title="pure Nash equilibrium {numbers}">'
                               f"<strong>{e(_plain_payoffs(cell))}</strong> {STAR}</td>")
            else:
                entries.append(f"<td>{e(_plain_payoffs(cell))}</td>")
        entries += [f"<td>{q.probabilities[0][r].plain()}</td>" for q in table.mixed]
        lines.append("<tr>" + "".join(entries) + "</tr>")
    if table.column_player is not None:
        for q in table.mixed:
            entries = [f"<th>eq. {q.number}</th>"] + [f"<td>{v.plain()}</td>" for v in q.probabilities[1]]
            entries += ["<td></td>"] * len(table.mixed)
            lines.append("<tr>" + "".join(entries) + "</tr>")
    lines += ["</tbody>", "</table>"]
    return lines


def html_table(game: NormalFormGame, equilibria: Result | Iterable[Equilibrium] | None = None,
               *, max_cells: int | None = None) -> str:
    """The strategic form as an HTML table (Jupyter's display), equilibrium cells bold with a star.

    The content is that of :func:`latex_table`; the whole is one ``<div>``.

    Parameters
    ----------
    game:
        The strategic game.
    equilibria:
        Its equilibria to mark (a :class:`Result` or a list of :class:`Equilibrium`).
    max_cells:
        When the game has more cells, a one-line summary replaces the table.

    Returns
    -------
    str
        HTML text.

    Examples
    --------
    >>> import gametheory_ukraine as gt
    >>> pd = gt.NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...     players=["Row", "Column"], strategies=[["C", "D"], ["C", "D"]])
    >>> html = html_table(pd, gt.solve(pd, "enumpure"))
    >>> html.count('class="equilibrium"'), "<strong>1, 1</strong>" in html
    (1, True)
    """
    if _too_large(game, max_cells):
        return f"<p>{escape_html(_size_summary(game))}</p>"
    table = strategic_table(game, equilibria)
    lines = ['<div class="gametheory-ukraine">']
    for panel in table.panels:
        lines += _html_panel(table, panel)
    notes = _plain_notes(table, escape_html)
    if notes:
        lines.append("<p><small>" + "<br>".join(notes) + "</small></p>")
    lines.append("</div>")
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------
# extensive games: a summary, cheap on any size of tree


@dataclass(frozen=True)
class _MoverSummary:
    name: str
    infosets: int
    nodes: int
    actions: int


def _movers(game: ExtensiveGame) -> list[_MoverSummary]:
    """Per player (then chance, if it moves): information sets, decision nodes, actions."""
    owners = [p for p in range(game.num_players)]
    if any(s.player == CHANCE for s in game.infosets):
        owners.append(CHANCE)
    summary = []
    for owner in owners:
        sets = [k for k, s in enumerate(game.infosets) if s.player == owner]
        summary.append(_MoverSummary(
            "chance" if owner == CHANCE else game.players[owner], len(sets),
            sum(len(game.members[k]) for k in sets), sum(len(game.infosets[k].actions) for k in sets)))
    return summary


def _structure(game: ExtensiveGame) -> str:
    if game.is_perfect_information:
        return "perfect information"
    return "perfect recall" if game.has_perfect_recall else "imperfect recall"


def _extensive_facts(game: ExtensiveGame) -> str:
    decisions = sum(1 for s in game.infosets if s.player != CHANCE)
    arithmetic = "exact payoffs" if game.is_exact else "float payoffs"
    sets = "information set" if decisions == 1 else "information sets"
    return (f"{game.num_nodes} nodes, {len(game.arrays.leaves)} leaves, {decisions} {sets}; "
            f"{_structure(game)}; {arithmetic}")


def extensive_html(game: ExtensiveGame) -> str:
    """A summary of a tree for Jupyter: who moves where, and the tree's size and structure.

    Linear in the size of the tree: no drawing.

    Examples
    --------
    >>> import gametheory_ukraine as gt
    >>> game = gt.ExtensiveGame.from_tree(["Entrant", "Incumbent"], {
    ...     "player": "Entrant", "moves": {"Out": {"payoffs": [0, 2]},
    ...         "In": {"player": "Incumbent", "moves": {
    ...             "Fight": {"payoffs": [-1, -1]}, "Accommodate": {"payoffs": [1, 1]}}}}})
    >>> print(extensive_html(game).splitlines()[-2])
    <p>5 nodes, 3 leaves, 2 information sets; perfect information; exact payoffs</p>
    """
    e = escape_html
    lines = ['<div class="gametheory-ukraine">', '<table class="gametheory-ukraine extensive">',
             f"<caption>{e(game.title or 'Extensive game')}</caption>",
             "<thead><tr><th>player</th><th>information sets</th><th>decision nodes</th><th>actions</th></tr></thead>",
             "<tbody>"]
    for mover in _movers(game):
        lines.append(f"<tr><th>{e(mover.name)}</th><td>{mover.infosets}</td><td>{mover.nodes}</td>"
                     f"<td>{mover.actions}</td></tr>")
    lines += ["</tbody>", "</table>", f"<p>{e(_extensive_facts(game))}</p>", "</div>"]
    return "\n".join(lines)


def extensive_latex(game: ExtensiveGame) -> str:
    r"""A one-paragraph LaTeX description of a tree (for nbconvert's LaTeX output).

    Examples
    --------
    >>> import gametheory_ukraine as gt
    >>> game = gt.ExtensiveGame.from_tree(["A", "B_2"], {"player": "A", "moves": {
    ...     "x": {"payoffs": [1, 0]}, "y": {"payoffs": [0, 1]}}}, title="Tiny")
    >>> print(extensive_latex(game))
    \textbf{Tiny}: extensive-form game of A, B\_2; 3 nodes, 2 leaves, 1 information set; perfect information; exact payoffs.
    """  # noqa: E501  (a doctest's expected output)
    title = escape_latex(game.title or "Extensive game")
    players = ", ".join(escape_latex(p) for p in game.players)
    return rf"\textbf{{{title}}}: extensive-form game of {players}; {escape_latex(_extensive_facts(game))}."


# ---------------------------------------------------------------------------------------
# results: a table of the equilibria


@dataclass(frozen=True)
class _Row:
    """One equilibrium in a result table: per player a list of (where, probabilities) parts."""

    number: int
    choices: tuple[tuple[tuple[str, tuple[str, ...], tuple[Value, ...]], ...], ...]
    payoffs: tuple[Value, ...]
    regret: str


def _result_rows(result: Result) -> list[_Row]:
    game = result.game
    rows = []
    for number, eq in enumerate(result.equilibria, 1):
        per_player: list[tuple[tuple[str, tuple[str, ...], tuple[Value, ...]], ...]] = []
        for p in range(game.num_players):
            if eq.profile is not None and result.strategic is not None:
                exact = None if eq.exact_profile is None else eq.exact_profile[p]
                values = tuple(Value(float(x), None if exact is None else Fraction(exact[i]))
                               for i, x in enumerate(eq.profile[p]))
                # Trees: the reduced strategies decoded into actions, as the text report names them.
                per_player.append((("", tuple(_strategy_labels(result, p)), values),))
            elif eq.behavior is not None and isinstance(game, ExtensiveGame):
                parts = []
                for k, s in enumerate(game.player_infosets(p)):
                    exact = None if eq.exact_behavior is None else eq.exact_behavior[p][k]
                    values = tuple(Value(float(x), None if exact is None else Fraction(exact[i]))
                                   for i, x in enumerate(eq.behavior[p][k]))
                    parts.append((infoset_name(game, s), game.infosets[s].actions, values))
                per_player.append(tuple(parts))
            else:
                per_player.append(())
        regret = "0 (exact)" if eq.is_exact and eq.regret == 0 else f"{eq.regret:.3g}"
        rows.append(_Row(number, tuple(per_player), _payoff_values(eq), regret))
    return rows


def _result_heading(result: Result) -> str:
    count = len(result.equilibria)
    noun = "equilibrium" if count == 1 else "equilibria"
    state = "complete" if result.complete else "not complete"
    status = "" if result.status == "converged" else f", {result.status}"
    title = result.game.title or "(untitled game)"
    return f"{title}: method {result.method}, {count} {noun}, {state}{status}, {result.seconds * 1000:.3g} ms"


def result_html(result: Result, *, max_cells: int | None = DISPLAY_CELLS) -> str:
    """A result for Jupyter: a table of the equilibria (strategies or behavior, payoffs, regret).

    For a strategic game the game's table with the equilibria marked follows,
    unless it has more than ``max_cells`` cells.

    Examples
    --------
    >>> import gametheory_ukraine as gt
    >>> bos = gt.NormalFormGame.from_arrays([[2, 0], [0, 1]], [[1, 0], [0, 2]],
    ...     players=["Ann", "Bob"], strategies=[["Opera", "Ball"], ["Opera", "Ball"]])
    >>> html = result_html(gt.solve(bos, "enummixed"))
    >>> html.count("<tr><td>"), "<td>2/3 Opera + 1/3 Ball</td>" in html
    (3, True)
    """
    e = escape_html
    game = result.game
    lines = ['<div class="gametheory-ukraine">', f"<p><strong>{e(_result_heading(result))}</strong></p>",
             '<table class="gametheory-ukraine result">', "<thead><tr><th>#</th>"
             + "".join(f"<th>{e(p)}</th>" for p in game.players) + "<th>payoffs</th><th>regret</th></tr></thead>",
             "<tbody>"]
    for row in _result_rows(result):
        cells = [f"<td>{row.number}</td>"]
        for parts in row.choices:
            texts = [(f"{e(where)}: " if where else "") + _plain_mixture(labels, values, e)
                     for where, labels, values in parts]
            cells.append(f"<td>{'<br>'.join(texts)}</td>")
        cells += [f"<td>{', '.join(v.plain() for v in row.payoffs)}</td>", f"<td>{row.regret}</td>"]
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines += ["</tbody>", "</table>"]
    lines += [f"<p><small>note: {e(note)}</small></p>" for note in result.notes]
    if isinstance(game, NormalFormGame) and result.strategic is game:
        lines.append(html_table(game, result, max_cells=max_cells))
    lines.append("</div>")
    return "\n".join(lines)


def result_latex(result: Result) -> str:
    r"""A result as a booktabs ``tabular`` of its equilibria (strategies or behavior, payoffs, regret).

    Examples
    --------
    >>> import gametheory_ukraine as gt
    >>> pd = gt.NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...     players=["Row", "Column"], strategies=[["C", "D"], ["C", "D"]])
    >>> print(result_latex(gt.solve(pd, "enumpure")).splitlines()[4])
    1 & D & D & $1, 1$ & 0 (exact) \\
    """
    game = result.game
    lines = [r"\begin{tabular}{r" + "l" * game.num_players + "ll}", r"\toprule",
             " & ".join([r"\#"] + [escape_latex(p) for p in game.players] + ["payoffs", "regret"]) + r" \\",
             r"\midrule"]
    for row in _result_rows(result):
        cells = [str(row.number)]
        for parts in row.choices:
            cells.append("; ".join((f"{escape_latex(where)}: " if where else "") + _latex_mixture(labels, values)
                                   for where, labels, values in parts))
        cells += ["$" + ", ".join(v.latex() for v in row.payoffs) + "$", row.regret]
        lines.append(" & ".join(cells) + r" \\")
    lines += [r"\bottomrule", r"\end{tabular}"]
    return "\n".join(lines)
