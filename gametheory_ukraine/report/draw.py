"""Drawings of extensive-form games: TikZ (``istgame``), SVG and Graphviz DOT.

A drawing shows who moves at each decision node, the action labels on the
branches, the chance probabilities (exact fractions when the game is exact),
the information sets (dashed lines between their nodes, bent upwards where
other nodes stand between them) and the payoff vector at every leaf.  Given a
tree equilibrium, it also shows the full strategy profile: the branches played
with positive probability (the equilibrium path) are thick and red, the
choices the profile prescribes at nodes it never reaches are blue arrows, and
every mixed choice carries its probability.

The tree is laid out once by :func:`layout_tree` (leaves evenly spaced in
preorder, each parent centred over its first and last child, one row per
depth); the three back ends only print that layout in their own syntax.
:func:`add_draw_arguments` and :func:`run_draw` give the command-line verb
``draw``, which also writes the tables of normal-form games through
:mod:`gametheory_ukraine.report.tables`.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

import numpy as np

from ..errors import GameError, SolverError
from ..games import CHANCE, ExtensiveGame, NormalFormGame
from ..games.numbers import fraction_text
from ..solvers.result import Equilibrium
from .text import number

__all__ = ["FORMATS", "TreeLayout", "PlacedNode", "Branch", "InfosetLink", "layout_tree", "draw_tree",
           "add_draw_arguments", "run_draw"]

FORMATS = ("tikz", "svg", "dot")
"""The formats :func:`draw_tree` writes."""

CHANCE_LABEL = "Chance"
PATH, CHOICE, PLAIN = "path", "choice", "plain"
"""Branch states: on the equilibrium path; prescribed at an unreached node; neither."""

PATH_COLOUR = "#c62828"
CHOICE_COLOUR = "#1f5fbf"
INFOSET_COLOUR = "#555555"
REACH_TOLERANCE = 1e-12
CROWDED_LABEL_AT = 0.6
"""Where the sloped action labels of a node with three or more branches stand: past the
middle, where the branches are far enough apart for the labels not to touch."""
CROWDED_VERTICAL_LABEL_AT = 0.8


# ---------------------------------------------------------------------------------------
# the layout shared by every back end


@dataclass(frozen=True)
class PlacedNode:
    """A node of the drawing.

    Attributes
    ----------
    index:
        The node's index in the game (preorder).
    x:
        Horizontal position in leaf slots: the leaves stand at 0, 1, 2, ...
    depth:
        The row, 0 at the root.
    kind:
        ``"decision"``, ``"chance"`` or ``"leaf"``.
    owner:
        The mover's name (``"Chance"`` for chance nodes), empty for leaves.
    payoffs:
        The payoff of every player at a leaf, as text; empty elsewhere.
    side:
        Where the node stands relative to its parent: ``"left"``, ``"right"``,
        ``"centre"`` (straight below) or ``"root"``.
    """

    index: int
    x: float
    depth: int
    kind: str
    owner: str
    payoffs: tuple[str, ...]
    side: str


@dataclass(frozen=True)
class Branch:
    """A branch from ``parent`` to ``child``.

    ``probability`` is the text of the move's probability where the drawing
    shows one (chance moves, mixed equilibrium choices), else ``None``;
    ``state`` is :data:`PATH`, :data:`CHOICE` or :data:`PLAIN`; ``label_at`` is
    where the action label stands, as a fraction of the way from parent to child,
    and ``sloped`` whether it runs along the branch (where three or more
    branches fan out, level labels beside them would run into each other).
    """

    parent: int
    child: int
    action: str
    probability: str | None
    state: str
    label_at: float = 0.5
    sloped: bool = False


@dataclass(frozen=True)
class InfosetLink:
    """A dashed line joining two nodes of one information set (consecutive in the drawing).

    ``curved`` when other nodes stand between them on the same row, so that the
    line bends around them instead of seeming to join them too.
    """

    first: int
    second: int
    curved: bool
    label: str


@dataclass(frozen=True)
class TreeLayout:
    """Everything a back end prints: placed nodes (in preorder), branches and information-set links."""

    title: str
    players: tuple[str, ...]
    nodes: tuple[PlacedNode, ...]
    branches: tuple[Branch, ...]
    links: tuple[InfosetLink, ...]
    leaves: int
    depth: int
    has_equilibrium: bool

    @property
    def slot_characters(self) -> int:
        """How many characters wide a leaf slot must be: the longest payoff vector ``(a, b)``."""
        return max((len(payoff_vector(n.payoffs)) for n in self.nodes if n.kind == "leaf"), default=1)


def payoff_vector(payoffs: Sequence[str]) -> str:
    """``(a, b, ...)``: how every back end writes a leaf's payoffs."""
    return "(" + ", ".join(payoffs) + ")"


def branch_label(branch: Branch, escape: Any = str, math: Any = str) -> str:
    """``action`` or ``action (p)``: how every back end labels a branch, in its own escaping."""
    if branch.probability is None:
        return escape(branch.action)
    return f"{escape(branch.action)} ({math(branch.probability)})"


def _probability_text(value: Any) -> str:
    if isinstance(value, Fraction):
        return fraction_text(value)
    return f"{float(value):.4g}"


def _equilibrium_marks(game: ExtensiveGame, equilibrium: Equilibrium) -> tuple[np.ndarray, np.ndarray, bool]:
    """Per node, the probability of the move into it and of reaching it; and whether they are exact."""
    from ..solvers.behavior import check_behavior, edge_probabilities, reach_probabilities

    if equilibrium.behavior is None:
        raise SolverError("the equilibrium has no behavior profile to draw on the tree (it is a strategic-form "
                          "answer): draw an equilibrium of spe, pbe, lcp, lp or logit")
    exact = equilibrium.exact_behavior is not None and game.is_exact
    behavior = equilibrium.exact_behavior if exact else equilibrium.behavior
    check_behavior(game, behavior)  # type: ignore[arg-type]
    return (edge_probabilities(game, behavior, exact),  # type: ignore[arg-type]
            reach_probabilities(game, behavior, exact), exact)  # type: ignore[arg-type]


def layout_tree(game: ExtensiveGame, equilibrium: Equilibrium | None = None) -> TreeLayout:
    """Lay out ``game`` once for every back end.

    Leaves are evenly spaced in preorder; each parent stands centred between
    its first and last child; each depth is one row.  With ``equilibrium``,
    every branch gets its state (on the path, prescribed off the path, or
    neither) and mixed choices get their probability.

    Examples
    --------
    >>> import gametheory_ukraine as gt
    >>> game = gt.load("authorization-sequential").game()
    >>> layout = layout_tree(game, gt.solve(game, "spe")[0])
    >>> [(b.action, b.state) for b in layout.branches if b.state != "plain"][:3]
    [('Authorize', 'path'), ('Kyiv', 'path'), ('Kyiv', 'choice')]
    >>> layout.nodes[0].x, layout.leaves
    (4.5, 10)
    """
    if not isinstance(game, ExtensiveGame):
        raise GameError(f"only extensive-form games are drawn as trees, not a {type(game).__name__}")
    arrays = game.arrays
    count = game.num_nodes
    x = np.zeros(count)
    leaf_slot = {int(v): slot for slot, v in enumerate(arrays.leaves)}
    for v in range(count - 1, -1, -1):  # reversed preorder: children before parents
        kids = game.nodes[v].children
        x[v] = leaf_slot[v] if not kids else (x[kids[0]] + x[kids[-1]]) / 2

    edge = reach = None
    exact_marks = False
    if equilibrium is not None:
        edge, reach, exact_marks = _equilibrium_marks(game, equilibrium)

    payoff_table: np.ndarray = arrays.exact_payoffs if game.is_exact else arrays.payoffs  # type: ignore[assignment]
    nodes = []
    for v, node in enumerate(game.nodes):
        parent = int(arrays.parent[v])
        side = ("root" if parent < 0 else "left" if x[v] < x[parent]
                else "right" if x[v] > x[parent] else "centre")
        if node.infoset is None:
            payoffs = tuple(number(payoff_table[v, p], payoff_table[v, p] if game.is_exact else None)
                            for p in range(game.num_players))
            nodes.append(PlacedNode(v, float(x[v]), int(arrays.depth[v]), "leaf", "", payoffs, side))
        else:
            mover = game.infosets[node.infoset].player
            kind, owner = ("chance", CHANCE_LABEL) if mover == CHANCE else ("decision", game.players[mover])
            nodes.append(PlacedNode(v, float(x[v]), int(arrays.depth[v]), kind, owner, (), side))

    branches = []
    for v, node in enumerate(game.nodes):
        if node.infoset is None:
            continue
        infoset = game.infosets[node.infoset]
        crowded = len(node.children) > 2
        for a, child in enumerate(node.children):
            sloped = crowded and x[child] != x[v]
            # A vertical branch in a fan keeps a level label beside it, low, clear of the sloped ones.
            label_at = CROWDED_LABEL_AT if sloped else CROWDED_VERTICAL_LABEL_AT if crowded else 0.5
            probability = None
            state = PLAIN
            if infoset.player == CHANCE:
                exact_chance = game.arrays.exact_edge_probability
                probability = _probability_text(exact_chance[child] if exact_chance is not None
                                                else arrays.edge_probability[child])
            if edge is not None and reach is not None:
                move = edge[child]
                if reach[child] > REACH_TOLERANCE:
                    state = PATH
                elif reach[v] <= REACH_TOLERANCE and move > REACH_TOLERANCE:
                    state = CHOICE  # what the profile would do here, though play never comes
                if infoset.player != CHANCE and REACH_TOLERANCE < move < 1 - REACH_TOLERANCE:
                    probability = _probability_text(move if exact_marks else float(move))
            branches.append(Branch(v, child, infoset.actions[a], probability, state, label_at, sloped))

    links = []
    for s, (infoset, members) in enumerate(zip(game.infosets, game.members)):
        if infoset.player == CHANCE or len(members) < 2:
            continue
        ordered = sorted(members, key=lambda v: (arrays.depth[v], x[v]))
        for first, second in zip(ordered, ordered[1:]):
            row = x[arrays.levels[arrays.depth[first]]]
            low, high = sorted((x[first], x[second]))
            crossed = arrays.depth[first] == arrays.depth[second] and bool(((row > low) & (row < high)).any())
            links.append(InfosetLink(int(first), int(second), crossed, infoset.label or f"#{s}"))

    return TreeLayout(game.title, game.players, tuple(nodes), tuple(branches), tuple(links),
                      len(arrays.leaves), int(arrays.depth.max()), equilibrium is not None)


# ---------------------------------------------------------------------------------------
# TikZ in the style of the istgame package

_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#", "%": r"\%",
    "_": r"\_", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}", "<": r"\textless{}",
    ">": r"\textgreater{}", "|": r"\textbar{}",
}


def latex_escape(text: str) -> str:
    r"""``text`` safe in LaTeX text mode.

    >>> latex_escape("50% & more_{x}")
    '50\\% \\& more\\_\\{x\\}'
    """
    return "".join(_LATEX_SPECIAL.get(c, c) for c in " ".join(str(text).split()))


TIKZ_LEVEL_CM = 1.8
TIKZ_CM_PER_CHARACTER = 0.125  # footnotesize digits are 0.14 cm wide, most letters and punctuation less
TIKZ_OWNER_SIDE = {"left": "left", "right": "right", "centre": "right", "root": "above"}
TIKZ_BRANCH_STYLE = {PATH: "[equilibrium path]", CHOICE: "[equilibrium choice]", PLAIN: ""}


def _to_tikz(layout: TreeLayout, standalone: bool) -> str:
    slot_cm = max(1.0, TIKZ_CM_PER_CHARACTER * layout.slot_characters + 0.3)
    title = " ".join(layout.title.split()) or "game tree"
    lines = [f"% {title}: drawn by gametheory_ukraine; needs \\usepackage{{istgame}}",
             r"\begin{istgame}[font=\footnotesize]",
             r"\setistmathTF000"]  # owners, actions and payoffs as text: the payoffs bring their own $...$
    if layout.has_equilibrium:
        lines += ["% thick red: the equilibrium path; blue arrows: the profile's choices off the path",
                  r"\tikzset{equilibrium path/.style={very thick, draw=red!80!black},",
                  r"  equilibrium choice/.style={thick, ->, draw=blue!75!black}}"]
    by_index = {n.index: n for n in layout.nodes}
    children: dict[int, list[Branch]] = {}
    for branch in layout.branches:
        children.setdefault(branch.parent, []).append(branch)
    # TikZ names the k-th child of node P "P-k"; a decision child's own \istroot stands there.
    tikz_anchor = {b.child: f"{_tikz_name(b.parent)}-{k}" for kids in children.values()
                   for k, b in enumerate(kids, 1)}
    for node in layout.nodes:
        if node.kind == "leaf":
            continue
        kids = children[node.index]
        xs = [by_index[b.child].x for b in kids]
        # istgame spaces a node's children evenly around it; shift any child whose slot differs.
        # (Distances are braced: istgame's +LEVEL..SIBLING+ is delimited by dots.)
        step = (xs[-1] - xs[0]) / (len(xs) - 1) if len(xs) > 1 else 0.0
        where = "(0,0)" if node.side == "root" else f"({tikz_anchor[node.index]})"
        style = "[chance node]" if node.kind == "chance" else ""
        distances = f"+{{{TIKZ_LEVEL_CM:g}cm}}..{{{max(step, 0.01) * slot_cm:.3f}cm}}+"
        lines.append(f"\\istroot({_tikz_name(node.index)}){where}{style}<{TIKZ_OWNER_SIDE[node.side]}>"
                     f"{{{latex_escape(node.owner)}}}{distances}")
        for k, branch in enumerate(kids):
            child = by_index[branch.child]
            even = xs[0] + k * step
            shift = f"<xshift={(child.x - even) * slot_cm:.3f}cm>" if abs(child.x - even) > 1e-9 else ""
            label = branch_label(branch, latex_escape, _tikz_math)
            payoff = f"{{${payoff_vector(child.payoffs)}$}}" if child.kind == "leaf" else ""
            lines.append(f"  \\istb{shift}{TIKZ_BRANCH_STYLE[branch.state]}{{{label}}}"
                         f"[{_tikz_label_place(branch, child.side)}]{payoff}")
        lines.append(r"\endist")
    for link in layout.links:
        bend = ", bend left=25" if link.curved else ""
        lines.append(f"\\xtInfoset[dashed{bend}]({_tikz_name(link.first)})({_tikz_name(link.second)})"
                     f"  % information set {' '.join(link.label.split())}")
    if len(layout.nodes) == 1:  # a game without moves: just its payoff
        lines.append(f"\\node at (0,0) {{${payoff_vector(layout.nodes[0].payoffs)}$}};")
    lines.append(r"\end{istgame}")
    body = "\n".join(lines) + "\n"
    if standalone:
        return ("\\documentclass[border=10pt]{standalone}\n\\usepackage{istgame}\n\\begin{document}\n"
                + body + "\\end{document}\n")
    return body


def _tikz_name(node: int) -> str:
    return f"n{node}"


def _tikz_label_place(branch: Branch, side: str) -> str:
    """istgame's short positions (al, ar, r) put labels midway beside the branch."""
    if branch.sloped:
        return f"above, sloped, pos={branch.label_at:g}"
    if branch.label_at != 0.5:
        return f"right, pos={branch.label_at:g}"
    return {"left": "al", "right": "ar", "centre": "r"}[side]


def _tikz_math(text: str) -> str:
    return f"${text}$"


# ---------------------------------------------------------------------------------------
# SVG

SVG_FONT_PX = 13
SVG_CHARACTER_PX = 7.4  # average advance of a 13 px sans-serif character
SVG_LEVEL_PX = 100
SVG_MARGIN_PX = 40
SVG_NODE_RADIUS = 4.5


def _xml(text: str) -> str:
    from xml.sax.saxutils import escape

    return escape(" ".join(str(text).split()), {'"': "&quot;"})


def _to_svg(layout: TreeLayout) -> str:
    slot = max(70.0, SVG_CHARACTER_PX * layout.slot_characters + 20)
    label_room = max((len(n.owner) for n in layout.nodes), default=0) * SVG_CHARACTER_PX
    left = SVG_MARGIN_PX + max(slot / 2, label_room)
    top = SVG_MARGIN_PX + 10
    legend = 2 if layout.has_equilibrium else 0
    width = left * 2 + slot * (layout.leaves - 1)
    height = top + SVG_LEVEL_PX * layout.depth + 40 + 20 * legend + SVG_MARGIN_PX / 2
    position: dict[int, tuple[float, float]] = {n.index: (left + n.x * slot, top + n.depth * SVG_LEVEL_PX)
                                                for n in layout.nodes}

    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
           f'viewBox="0 0 {width:.0f} {height:.0f}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" '
           f'font-size="{SVG_FONT_PX}">',
           f"<title>{_xml(layout.title or 'game tree')}</title>",
           '<defs><marker id="choice-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="4" '
           f'markerHeight="4" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{CHOICE_COLOUR}"/>'
           "</marker></defs>",
           '<rect width="100%" height="100%" fill="white"/>']
    for link in layout.links:  # behind everything else
        (x1, y1), (x2, y2) = position[link.first], position[link.second]
        common = f'class="infoset" fill="none" stroke="{INFOSET_COLOUR}" stroke-width="1.5" stroke-dasharray="6 4"'
        if link.curved:
            lift = min(SVG_LEVEL_PX * 0.6, 0.25 * abs(x2 - x1))
            out.append(f'<path {common} d="M{x1:.1f},{y1:.1f} Q{(x1 + x2) / 2:.1f},{min(y1, y2) - 2 * lift:.1f} '
                       f'{x2:.1f},{y2:.1f}"><title>information set {_xml(link.label)}</title></path>')
        else:
            out.append(f'<line {common} x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}">'
                       f"<title>information set {_xml(link.label)}</title></line>")
    by_index = {n.index: n for n in layout.nodes}
    for branch in layout.branches:
        (x1, y1), (x2, y2) = position[branch.parent], position[branch.child]
        if branch.state == CHOICE:  # stop short of the node so the arrowhead shows
            cut = (SVG_NODE_RADIUS + 2) / max(1.0, math.hypot(x2 - x1, y2 - y1))
            x2, y2 = x2 - (x2 - x1) * cut, y2 - (y2 - y1) * cut
        stroke = {PATH: f'stroke="{PATH_COLOUR}" stroke-width="4.5"',
                  CHOICE: f'stroke="{CHOICE_COLOUR}" stroke-width="2.5" marker-end="url(#choice-arrow)"',
                  PLAIN: 'stroke="#222222" stroke-width="1.5"'}[branch.state]
        out.append(f'<line class="branch {branch.state}" data-parent="{branch.parent}" data-child="{branch.child}" '
                   f'x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" {stroke} stroke-linecap="round"/>')
        (px, py), (cx, cy) = position[branch.parent], position[branch.child]
        mx, my = px + branch.label_at * (cx - px), py + branch.label_at * (cy - py)
        colour = {PATH: PATH_COLOUR, CHOICE: CHOICE_COLOUR, PLAIN: "#222222"}[branch.state]
        if branch.sloped:
            angle = math.degrees(math.atan2(cy - py, cx - px))
            angle = angle - 180 if angle > 90 else angle + 180 if angle < -90 else angle  # keep text upright
            place = (f'x="{mx:.1f}" y="{my - 5:.1f}" text-anchor="middle" '
                     f'transform="rotate({angle:.1f} {mx:.1f} {my:.1f})"')
        else:
            side = by_index[branch.child].side
            anchor, dx = {"left": ("end", -7), "right": ("start", 7), "centre": ("start", 6)}[side]
            place = f'x="{mx + dx:.1f}" y="{my:.1f}" text-anchor="{anchor}"'
        out.append(f'<text class="action" {place} fill="{colour}">{branch_label(branch, _xml)}</text>')
    for node in layout.nodes:
        x, y = position[node.index]
        if node.kind == "leaf":
            out.append(f'<text class="payoff" x="{x:.1f}" y="{y + 20:.1f}" text-anchor="middle">'
                       f"{_xml(payoff_vector(node.payoffs))}</text>")
            continue
        fill = "white" if node.kind == "chance" else "black"
        out.append(f'<circle class="{node.kind}" cx="{x:.1f}" cy="{y:.1f}" r="{SVG_NODE_RADIUS}" fill="{fill}" '
                   f'stroke="black" stroke-width="1.5"/>')
        anchor, dx, dy = {"root": ("middle", 0, -10), "left": ("end", -9, 4), "right": ("start", 9, 4),
                          "centre": ("start", 9, 4)}[node.side]
        out.append(f'<text class="owner" x="{x + dx:.1f}" y="{y + dy:.1f}" text-anchor="{anchor}" '
                   f'font-weight="bold">{_xml(node.owner)}</text>')
    if layout.has_equilibrium:
        y = top + SVG_LEVEL_PX * layout.depth + 50
        out.append(f'<line x1="{SVG_MARGIN_PX}" y1="{y - 4}" x2="{SVG_MARGIN_PX + 30}" y2="{y - 4}" '
                   f'stroke="{PATH_COLOUR}" stroke-width="4.5"/>')
        out.append(f'<text class="legend" x="{SVG_MARGIN_PX + 38}" y="{y}">equilibrium path</text>')
        out.append(f'<line x1="{SVG_MARGIN_PX}" y1="{y + 16}" x2="{SVG_MARGIN_PX + 28}" y2="{y + 16}" '
                   f'stroke="{CHOICE_COLOUR}" stroke-width="2.5" marker-end="url(#choice-arrow)"/>')
        out.append(f'<text class="legend" x="{SVG_MARGIN_PX + 38}" y="{y + 20}">'
                   f"choice the equilibrium prescribes off the path</text>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------
# Graphviz DOT

DOT_POINTS_PER_SLOT = 90
DOT_POINTS_PER_LEVEL = 90


def _dot_string(text: str) -> str:
    return '"' + " ".join(str(text).split()).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _to_dot(layout: TreeLayout) -> str:
    # pos= carries the shared layout (used by `neato -n2`); `dot` lays the tree out alike by itself.
    out = [f"digraph {_dot_string(layout.title or 'game tree')} {{",
           f"  graph [ordering=out, label={_dot_string(layout.title)}, labelloc=t, fontname=Helvetica];",
           "  node [fontname=Helvetica, fontsize=11];",
           "  edge [fontname=Helvetica, fontsize=10, arrowhead=none];"]
    for node in layout.nodes:
        pos = f'pos="{node.x * DOT_POINTS_PER_SLOT:.0f},{(layout.depth - node.depth) * DOT_POINTS_PER_LEVEL:.0f}!"'
        if node.kind == "leaf":
            shape, label = "shape=box, style=rounded", payoff_vector(node.payoffs)
        elif node.kind == "chance":
            shape, label = "shape=circle", node.owner
        else:
            shape, label = "shape=ellipse, style=filled, fillcolor=gray92", node.owner
        out.append(f"  n{node.index} [label={_dot_string(label)}, {shape}, {pos}];")
    for branch in layout.branches:
        style = {PATH: f', color="{PATH_COLOUR}", fontcolor="{PATH_COLOUR}", penwidth=3.5',
                 CHOICE: f', color="{CHOICE_COLOUR}", fontcolor="{CHOICE_COLOUR}", penwidth=2, arrowhead=normal',
                 PLAIN: ""}[branch.state]
        out.append(f"  n{branch.parent} -> n{branch.child} [label={_dot_string(branch_label(branch))}{style}];")
    for link in layout.links:
        out.append(f'  n{link.first} -> n{link.second} [dir=none, style=dashed, color="{INFOSET_COLOUR}", '
                   f"constraint=false, tooltip={_dot_string('information set ' + link.label)}];")
    rows: dict[int, list[int]] = {}
    for link in layout.links:
        for member in (link.first, link.second):
            depth = layout.nodes[member].depth
            if member not in rows.setdefault(depth, []):
                rows[depth].append(member)
    for members in rows.values():
        out.append("  { rank=same; " + " ".join(f"n{v};" for v in members) + " }")
    out.append("}")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------
# the public function


def draw_tree(game: ExtensiveGame, equilibrium: Equilibrium | None = None, fmt: str = "tikz",
              standalone: bool = False) -> str:
    r"""Draw an extensive-form game, optionally with an equilibrium's strategy profile.

    Parameters
    ----------
    game:
        The tree to draw.
    equilibrium:
        A tree equilibrium (with a ``behavior`` profile, as ``spe``, ``pbe``,
        ``lcp`` return): its path is drawn thick and red, the choices it
        prescribes at unreached nodes as blue arrows, and mixed choices carry
        their probabilities.
    fmt:
        ``"tikz"`` (an ``istgame`` environment for ``\usepackage{istgame}``),
        ``"svg"`` (a self-contained SVG image) or ``"dot"`` (a Graphviz digraph).
    standalone:
        TikZ only: wrap the environment in a compilable ``standalone`` document.

    Returns
    -------
    str
        The drawing's source text.

    Raises
    ------
    GameError
        For a normal-form game or an unknown format; :class:`SolverError` for
        an equilibrium without a behavior profile.

    Examples
    --------
    >>> import gametheory_ukraine as gt
    >>> game = gt.ExtensiveGame.from_tree(["Entrant", "Incumbent"], {"player": "Entrant", "moves": {
    ...     "Out": {"payoffs": [0, 2]},
    ...     "In": {"player": "Incumbent", "moves": {"Fight": {"payoffs": [-1, -1]},
    ...                                             "Accommodate": {"payoffs": [1, 1]}}}}})
    >>> tikz = draw_tree(game, gt.solve(game, "spe")[0])
    >>> print("\n".join(line for line in tikz.splitlines() if "istb" in line))
      \istb{Out}[al]{$(0, 2)$}
      \istb[equilibrium path]{In}[ar]
      \istb{Fight}[al]{$(-1, -1)$}
      \istb[equilibrium path]{Accommodate}[ar]{$(1, 1)$}
    >>> draw_tree(game, fmt="svg").startswith("<svg")
    True
    """
    if isinstance(game, NormalFormGame):
        raise GameError(f"{fmt} draws extensive-form games; this is a normal-form game (write it as a table "
                        "with --format latex or markdown)")
    if fmt not in FORMATS:
        raise GameError(f"unknown drawing format {fmt!r}: use {', '.join(FORMATS)}")
    if standalone and fmt != "tikz":
        raise GameError("standalone applies to the tikz format only")
    layout = layout_tree(game, equilibrium)
    if fmt == "tikz":
        return _to_tikz(layout, standalone)
    if fmt == "svg":
        return _to_svg(layout)
    return _to_dot(layout)


# ---------------------------------------------------------------------------------------
# command line

FORMAT_BY_SUFFIX = {".tex": "tikz", ".svg": "svg", ".dot": "dot", ".gv": "dot", ".md": "markdown"}
TABLE_FORMATS = ("latex", "markdown")


def add_draw_arguments(parser: Any) -> None:
    """Add the options of the ``draw`` verb to an argparse parser.

    >>> import argparse
    >>> parser = argparse.ArgumentParser()
    >>> add_draw_arguments(parser)
    >>> args = parser.parse_args(["m", "--set", "h=30", "--format", "svg", "--output", "m.svg"])
    >>> args.settings, args.format, args.method
    (['h=30'], 'svg', None)
    """
    parser.add_argument("game", metavar="GAME", help="a bundled model's name, a YAML model, a .nfg or .efg file")
    parser.add_argument("--set", action="append", default=[], metavar="P=V", dest="settings",
                        help="set a model parameter (repeatable), e.g. --set h=30 or --set a=1/2")
    parser.add_argument("--method", default=None, metavar="M",
                        help="the method whose first equilibrium is shown; 'none' for the bare game "
                             "(default: spe for trees with perfect recall, auto for tables)")
    parser.add_argument("--format", default=None, choices=list(FORMATS) + list(TABLE_FORMATS),
                        help="tikz, svg or dot for trees; latex or markdown tables for normal-form games "
                             "(default: from the suffix of --output, else tikz for trees and markdown for tables)")
    parser.add_argument("--standalone", action="store_true",
                        help="tikz: a complete standalone LaTeX document instead of an istgame environment")
    parser.add_argument("--output", metavar="FILE", default=None, help="write to FILE instead of standard output")
    parser.add_argument("--force", action="store_true", help="replace FILE if it exists")


def _equilibria(game: ExtensiveGame | NormalFormGame, method: str | None) -> tuple[Equilibrium, ...] | None:
    """The equilibria to show: ``None`` when the user asked for none (or a tree lacks perfect recall)."""
    from ..solvers import choose_method, solve

    if method == "none":
        return None
    if method is None:
        if isinstance(game, ExtensiveGame):
            if not game.has_perfect_recall:
                return None
            method = "spe"
        else:
            method = choose_method(game)
    result = solve(game, method)
    if not result.equilibria:
        sys.stderr.write(f"note: {method} found no equilibrium; drawn without one\n")
    return result.equilibria


def run_draw(args: Any) -> int:
    """Run the ``draw`` verb from parsed arguments; write the drawing; return the exit status.

    >>> import argparse
    >>> parser = argparse.ArgumentParser()
    >>> add_draw_arguments(parser)
    >>> run_draw(parser.parse_args(["authorization-sequential", "--format", "dot"]))  # doctest: +ELLIPSIS
    digraph "Deep-strike authorization and the Kremlin's answer (sequential)" {
    ...
    0
    """
    from pathlib import Path

    from ..formats.loading import instantiate, load, parse_settings, write_new_file

    game = instantiate(load(args.game), args.game, parse_settings(args.settings))
    fmt = args.format
    if fmt is None and args.output:
        fmt = FORMAT_BY_SUFFIX.get(Path(args.output).suffix.lower())
        if fmt == "tikz" and isinstance(game, NormalFormGame):
            fmt = "latex"
    if fmt is None:
        fmt = "tikz" if isinstance(game, ExtensiveGame) else "markdown"
    if isinstance(game, NormalFormGame):
        if fmt not in TABLE_FORMATS:
            raise GameError(f"{args.game} is a normal-form game: draw it with --format latex or markdown, "
                            f"not {fmt}")
        from . import tables

        equilibria = _equilibria(game, args.method)
        text = (tables.latex_table if fmt == "latex" else tables.markdown_table)(game, equilibria)
    else:
        if fmt == "markdown":
            raise GameError(f"{args.game} is a tree: draw it with --format tikz, svg or dot, not markdown")
        equilibria = _equilibria(game, args.method)
        text = draw_tree(game, equilibria[0] if equilibria else None, "tikz" if fmt == "latex" else fmt,
                         standalone=args.standalone)
    if args.standalone and fmt not in ("tikz", "latex"):
        raise GameError(f"--standalone applies to tikz drawings, not {fmt}")
    if not text.endswith("\n"):
        text += "\n"
    if args.output:
        write_new_file(args.output, text, force=args.force)
    else:
        sys.stdout.write(text)
    return 0
