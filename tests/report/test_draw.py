"""Drawings of trees: TikZ (istgame), SVG and DOT, with the equilibrium profile; the ``draw`` verb."""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

import gametheory_ukraine as gt
from gametheory_ukraine.errors import GameError, SolverError
from gametheory_ukraine.games import CHANCE
from gametheory_ukraine.games.numbers import fraction_text
from gametheory_ukraine.report.draw import add_draw_arguments, draw_tree, layout_tree, run_draw

SVG = "{http://www.w3.org/2000/svg}"
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def sequential():
    game = gt.load("authorization-sequential").game()
    return game, gt.solve(game, "spe")[0]


@pytest.fixture(scope="module")
def signalling():
    game = gt.load("m3-signalling").game()
    return game, gt.solve(game, "spe")[0]


def equilibrium_branches(game, equilibrium):
    """(parent, action) of the path and of the prescribed off-path choices, walked independently of draw."""
    behavior = equilibrium.exact_behavior
    path, off_path = set(), set()

    def walk(node, reached):
        spec = game.nodes[node]
        if spec.infoset is None:
            return
        infoset = game.infosets[spec.infoset]
        if infoset.player == CHANCE:
            probabilities = infoset.probabilities
        else:
            own = game.player_infosets(infoset.player).index(spec.infoset)
            probabilities = behavior[infoset.player][own]
        for action, child, probability in zip(infoset.actions, spec.children, probabilities):
            if probability > 0:
                (path if reached else off_path).add((node, action))
            walk(child, reached and probability > 0)

    walk(0, True)
    return path, off_path


def tikz_branches(tikz):
    """(parent node, action, style) of every \\istb line, read back from the istgame source."""
    branches, parent = [], None
    for line in tikz.splitlines():
        root = re.match(r"\\istroot\(n(\d+)\)", line)
        if root:
            parent = int(root.group(1))
        branch = re.match(r"\s*\\istb(?:<[^>]*>)?(\[equilibrium (?:path|choice)\])?\{([^}]*)\}", line)
        if branch:
            style = (branch.group(1) or "").strip("[]").replace("equilibrium ", "") or "plain"
            action = branch.group(2).split(" ($")[0]  # without a shown probability
            branches.append((parent, action, style))
    return branches


# ---------------------------------------------------------------------------------------
# TikZ


def test_tikz_has_every_action_every_payoff_and_exactly_the_spe_path(sequential):
    game, equilibrium = sequential
    tikz = draw_tree(game, equilibrium)
    assert tikz.count(r"\begin{istgame}") == 1 and tikz.rstrip().endswith(r"\end{istgame}")
    decision_nodes = [v for v, node in enumerate(game.nodes) if node.infoset is not None]
    assert tikz.count(r"\istroot(") == tikz.count(r"\endist") == len(decision_nodes)
    branches = tikz_branches(tikz)
    assert len(branches) == game.num_nodes - 1
    for v in decision_nodes:
        actions = game.infosets[game.nodes[v].infoset].actions
        assert [a for parent, a, _ in branches if parent == v] == list(actions)
    for leaf in game.arrays.leaves:
        vector = ", ".join(fraction_text(x) for x in game.arrays.exact_payoffs[leaf])
        assert f"{{$({vector})$}}" in tikz
    path, off_path = equilibrium_branches(game, equilibrium)
    assert path == {(0, "Authorize"), (1, "Kyiv")}  # the SPE: authorize, the Kremlin presses Kyiv
    assert {(p, a) for p, a, style in branches if style == "path"} == path
    assert {(p, a) for p, a, style in branches if style == "choice"} == off_path == {(7, "Kyiv")}


def test_tikz_without_equilibrium_highlights_nothing_and_standalone_compiles_structure(sequential):
    game, _ = sequential
    tikz = draw_tree(game)
    assert "equilibrium" not in tikz
    document = draw_tree(game, fmt="tikz", standalone=True)
    assert document.startswith(r"\documentclass[border=10pt]{standalone}")
    assert r"\usepackage{istgame}" in document and document.rstrip().endswith(r"\end{document}")
    assert tikz in document


def test_tikz_escapes_latex_and_shifts_uneven_children():
    game = gt.ExtensiveGame.from_tree(["R&D_1", "B"], {"player": "R&D_1", "moves": {
        "50%": {"payoffs": [1, 0]},
        "go {now}": {"player": "B", "moves": {"a": {"payoffs": [0, 0]}, "b": {"payoffs": [2, 1]},
                                               "c": {"player": "R&D_1", "moves": {
                                                   "u": {"payoffs": [3, 3]}, "d": {"payoffs": [0, "1/2"]}}}}},
        "$x^2~": {"payoffs": [-1, 2]}}})
    tikz = draw_tree(game)
    assert r"{R\&D\_1}" in tikz and r"{50\%}" in tikz and r"{go \{now\}}" in tikz
    assert r"{\$x\textasciicircum{}2\textasciitilde{}}" in tikz
    # The layout: leaves in slots 0..5, parents centred over their first and last children.
    layout = layout_tree(game)
    x = {n.index: n.x for n in layout.nodes}
    assert [x[v] for v in game.arrays.leaves] == [0, 1, 2, 3, 4, 5]
    assert x[5] == 3.5 and x[2] == 2.25 and x[0] == 2.5
    # istgame spaces siblings evenly: the unevenly placed children are shifted into their slots.
    assert tikz.count("<xshift=") == 2


def test_chance_probabilities_are_exact_fractions_or_floats():
    tree = {"chance": {"h": "1/3", "t": "2/3"}, "moves": {
        "h": {"player": "A", "moves": {"x": {"payoffs": [1]}, "y": {"payoffs": [0]}}},
        "t": {"payoffs": [2]}}}
    exact = gt.ExtensiveGame.from_tree(["A"], tree)
    assert r"{h ($1/3$)}" in draw_tree(exact) and r"{t ($2/3$)}" in draw_tree(exact)
    inexact = gt.ExtensiveGame.from_tree(["A"], {**tree, "chance": {"h": 0.25, "t": 0.75}})
    assert "h (0.25)" in draw_tree(inexact, fmt="svg") and "t (0.75)" in draw_tree(inexact, fmt="dot")


# ---------------------------------------------------------------------------------------
# information sets, chance and mixed choices in every format


def test_information_sets_chance_and_mixed_choices_in_all_formats(signalling):
    game, equilibrium = signalling
    links = sum(len(members) - 1 for s, members in zip(game.infosets, game.members)
                if s.player != CHANCE and len(members) > 1)
    assert links == 4
    _, off_path = equilibrium_branches(game, equilibrium)
    mixed = equilibrium.exact_behavior[1][1]  # the Kremlin after M, off the path: 2/3 W, 1/3 H
    assert mixed == (Fraction(2, 3), Fraction(1, 3))

    tikz = draw_tree(game, equilibrium)
    assert len(re.findall(r"\\xtInfoset\[dashed[^]]*\]\(n\d+\)\(n\d+\)", tikz)) == links
    for action in "TCL":
        assert f"{{{action} ($1/3$)}}" in tikz
    assert tikz.count(r"{W ($2/3$)}") == 3 and tikz.count(r"{H ($1/3$)}") == 3
    assert {(p, a) for p, a, style in tikz_branches(tikz) if style == "choice"} == off_path

    svg = ET.fromstring(draw_tree(game, equilibrium, "svg"))
    infosets = [e for e in svg.iter() if e.get("class") == "infoset"]
    assert len(infosets) == links and all(e.get("stroke-dasharray") for e in infosets)
    texts = [e.text for e in svg.iter(f"{SVG}text")]
    assert {"T (1/3)", "C (1/3)", "L (1/3)"} <= set(texts)
    assert texts.count("W (2/3)") == 3 and texts.count("H (1/3)") == 3

    dot = draw_tree(game, equilibrium, "dot")
    infoset_edges = [line for line in dot.splitlines() if "style=dashed" in line]
    assert len(infoset_edges) == links and all("constraint=false" in line and "dir=none" in line
                                                for line in infoset_edges)
    assert 'label="T (1/3)"' in dot and dot.count('label="W (2/3)"') == 3


# ---------------------------------------------------------------------------------------
# SVG and DOT


def test_svg_parses_and_highlights_exactly_the_path(sequential):
    game, equilibrium = sequential
    text = draw_tree(game, equilibrium, "svg")
    svg = ET.fromstring(text)
    assert svg.tag == f"{SVG}svg" and float(svg.get("width")) > 0 and float(svg.get("height")) > 0
    lines = [e for e in svg.iter(f"{SVG}line") if "branch" in (e.get("class") or "")]
    assert len(lines) == game.num_nodes - 1
    actions = {int(e.get("data-child")): game.infosets[game.nodes[int(e.get("data-parent"))].infoset]
               .actions[game.arrays.action[int(e.get("data-child"))]] for e in lines}
    path, off_path = equilibrium_branches(game, equilibrium)
    found = {(int(e.get("data-parent")), actions[int(e.get("data-child"))]) for e in lines
             if e.get("class") == "branch path"}
    assert found == path
    assert {(int(e.get("data-parent")), actions[int(e.get("data-child"))]) for e in lines
            if e.get("class") == "branch choice"} == off_path
    payoffs = [e.text for e in svg.iter(f"{SVG}text") if e.get("class") == "payoff"]
    assert payoffs[:3] == ["(-15, -24)", "(-15, -19)", "(1, 4)"] and len(payoffs) == 10


def test_svg_and_dot_escape_labels():
    game = gt.ExtensiveGame.from_tree(['A "quoted" <b>', "B"], {"player": 'A "quoted" <b>', "moves": {
        "x & y": {"payoffs": [1, 0]}, "back\\slash": {"payoffs": [0, 1]}}})
    svg = ET.fromstring(draw_tree(game, fmt="svg"))
    texts = {e.text for e in svg.iter(f"{SVG}text")}
    assert {'A "quoted" <b>', "x & y", "back\\slash"} <= texts
    dot = draw_tree(game, fmt="dot")
    assert r'label="A \"quoted\" <b>"' in dot and r'label="back\\slash"' in dot


def test_dot_is_well_formed(signalling):
    game, equilibrium = signalling
    dot = draw_tree(game, equilibrium, "dot")
    assert dot.startswith("digraph ") and dot.rstrip().endswith("}")
    assert dot.count("{") == dot.count("}")
    declared = set(re.findall(r"^\s+(n\d+) \[", dot, re.M))
    assert len(declared) == game.num_nodes
    for source, target in re.findall(r"(n\d+) -> (n\d+)", dot):
        assert source in declared and target in declared
    if shutil.which("dot") is None:
        return  # the structural checks above stand in for Graphviz
    rendered = subprocess.run(["dot", "-Tsvg"], input=dot, capture_output=True, text=True, timeout=60)
    assert rendered.returncode == 0, rendered.stderr
    assert rendered.stderr.strip() == ""
    ET.fromstring(rendered.stdout[rendered.stdout.index("<svg"):])


# ---------------------------------------------------------------------------------------
# errors


def test_errors_are_one_line_package_errors(sequential):
    game, _ = sequential
    table = gt.load("authorization-simultaneous").game()
    with pytest.raises(GameError, match="normal-form game"):
        draw_tree(table)
    with pytest.raises(GameError, match="unknown drawing format"):
        draw_tree(game, fmt="png")
    with pytest.raises(GameError, match="standalone"):
        draw_tree(game, fmt="svg", standalone=True)
    strategic = gt.solve(game, "enumpure")[0]
    with pytest.raises(SolverError, match="no behavior profile") as caught:
        draw_tree(game, strategic)
    assert "\n" not in str(caught.value)


# ---------------------------------------------------------------------------------------
# the draw verb


def draw(*argv):
    parser = argparse.ArgumentParser()
    add_draw_arguments(parser)
    return run_draw(parser.parse_args(list(argv)))


def test_draw_verb_writes_each_format_and_never_overwrites(tmp_path, capsys):
    target = tmp_path / "tree.tex"
    assert draw("authorization-sequential", "--output", str(target)) == 0
    tikz = target.read_text()
    assert tikz.startswith("%") and "[equilibrium path]{Authorize}" in tikz  # spe by default
    with pytest.raises(GameError, match="exists"):
        draw("authorization-sequential", "--output", str(target))
    assert draw("authorization-sequential", "--method", "none", "--standalone", "--output", str(target),
                "--force") == 0
    document = target.read_text()
    assert document.startswith(r"\documentclass") and "[equilibrium path]{" not in document
    svg_file = tmp_path / "tree.svg"
    assert draw("m3-signalling", "--output", str(svg_file)) == 0  # the format from the suffix
    ET.fromstring(svg_file.read_text())
    assert draw("authorization-sequential", "--set", "h=30", "--format", "dot") == 0
    out = capsys.readouterr().out
    assert out.startswith("digraph") and out.count("penwidth=3.5") == 2  # h=30: Withhold, then Kyiv


def test_draw_verb_rejects_tree_formats_for_tables_and_bad_settings(tmp_path):
    with pytest.raises(GameError, match="normal-form game: draw it with --format latex or markdown, not tikz"):
        draw("authorization-simultaneous", "--format", "tikz", "--output", str(tmp_path / "t.tex"))
    with pytest.raises(GameError, match="markdown"):
        draw("authorization-sequential", "--format", "markdown")
    with pytest.raises(GameError):
        draw("authorization-sequential", "--set", "h")
    assert not list(tmp_path.iterdir())


def test_draw_verb_writes_tables_of_normal_form_games(tmp_path):
    tables = pytest.importorskip("gametheory_ukraine.report.tables")
    game = gt.load("authorization-simultaneous").game()
    for fmt, make in (("latex", tables.latex_table), ("markdown", tables.markdown_table)):
        target = tmp_path / f"table.{fmt}"
        assert draw("authorization-simultaneous", "--format", fmt, "--output", str(target)) == 0
        expected = make(game, gt.solve(game, "auto").equilibria)
        assert target.read_text().rstrip("\n") == expected.rstrip("\n")
    target = tmp_path / "table.md"
    assert draw("authorization-simultaneous", "--method", "none", "--output", str(target)) == 0
    assert target.read_text().rstrip("\n") == tables.markdown_table(game, None).rstrip("\n")


# ---------------------------------------------------------------------------------------
# what a reader sees


@pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is absent (Debian package 'chromium')")
def test_svg_renders_in_headless_chromium(signalling, tmp_path):
    image = pytest.importorskip("matplotlib.image")
    game, equilibrium = signalling
    page = tmp_path / "tree.html"
    page.write_text("<!DOCTYPE html><html><body style='margin:0;background:white'>"
                    + draw_tree(game, equilibrium, "svg") + "</body></html>", encoding="utf-8")
    shot = tmp_path / "tree.png"
    command = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={tmp_path / 'profile'}", f"--screenshot={shot}", "--window-size=800,600",
               page.as_uri()]
    subprocess.run(command, capture_output=True, timeout=120)
    assert shot.is_file(), "chromium wrote no screenshot"
    pixels = image.imread(str(shot))[..., :3]
    if pixels.dtype != np.float32 and pixels.max() > 1:
        pixels = pixels / 255.0
    ink = (pixels < 0.9).any(axis=2)
    assert ink.mean() > 0.01, "the screenshot is (nearly) blank"
    colours = {tuple(c) for c in np.round(pixels[ink] * 8).astype(int)}
    assert len(colours) >= 5
    red = (pixels[..., 0] > 0.6) & (pixels[..., 1] < 0.35) & (pixels[..., 2] < 0.35)
    blue = (pixels[..., 2] > 0.6) & (pixels[..., 0] < 0.35)
    assert red.sum() > 200, "no equilibrium path in the picture"
    assert blue.sum() > 50, "no off-path choices in the picture"


@pytest.mark.skipif(shutil.which("pdflatex") is None or shutil.which("kpsewhich") is None,
                    reason="pdflatex is absent")
def test_standalone_tikz_compiles(signalling, sequential, tmp_path):
    found = subprocess.run(["kpsewhich", "istgame.sty"], capture_output=True, text=True)
    if not found.stdout.strip():
        pytest.skip("istgame.sty is not installed (Debian package texlive-pictures)")
    for name, (game, equilibrium) in {"m3": signalling, "sequential": sequential}.items():
        (tmp_path / f"{name}.tex").write_text(draw_tree(game, equilibrium, standalone=True))
        compiled = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", f"{name}.tex"],
                                  cwd=tmp_path, capture_output=True, text=True, timeout=300)
        assert compiled.returncode == 0, compiled.stdout[-2000:]
        assert (tmp_path / f"{name}.pdf").stat().st_size > 1000
