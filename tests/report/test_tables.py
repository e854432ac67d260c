"""Strategic-form tables (LaTeX, Markdown, HTML) and the Jupyter display of games and results."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import numpy as np
import pytest

import gametheory_ukraine as gt
from gametheory_ukraine.errors import GameError
from gametheory_ukraine.report.tables import (
    STAR, extensive_html, extensive_latex, html_table, latex_table, markdown_table, result_html, result_latex,
    strategic_table,
)

VOID = {"br", "hr", "img", "input", "meta", "link", "col", "wbr"}


class Tree(HTMLParser):
    """Checks that tags nest and close, and collects every cell with its attributes and text."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.cells: list[dict] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        self.open.append(tag)
        if tag in ("td", "th"):
            self.cells.append({"tag": tag, **dict(attrs), "text": ""})

    def handle_endtag(self, tag):
        if not self.open or self.open[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.open[-1:] or 'nothing'}")
        else:
            self.open.pop()

    def handle_data(self, data):
        if "td" in self.open or "th" in self.open:
            self.cells[-1]["text"] += data


def parse_html(text: str) -> Tree:
    tree = Tree()
    tree.feed(text)
    tree.close()
    assert not tree.errors and not tree.open, (tree.errors, tree.open)
    return tree


def prisoners_dilemma() -> gt.NormalFormGame:
    return gt.NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]], players=["Row", "Column"],
                                         strategies=[["Cooperate", "Defect"], ["Cooperate", "Defect"]],
                                         title="Prisoner's dilemma")


def battle_of_the_sexes() -> gt.NormalFormGame:
    return gt.NormalFormGame.from_arrays([[2, 0], [0, 1]], [[1, 0], [0, 2]], players=["Ann", "Bob"],
                                         strategies=[["Opera", "Ball"], ["Opera", "Ball"]], title="BoS")


def latex_rows(text: str) -> list[list[str]]:
    """The body rows of every tabular (between \\midrule and \\bottomrule), split into cells."""
    rows = []
    for block in re.findall(r"\\midrule\n(.*?)\\bottomrule", text, re.S):
        rows += [line.removesuffix(r" \\").split(" & ") for line in block.splitlines() if line.endswith(r"\\")]
    return rows


# ---------------------------------------------------------------------------------------
# the prisoners' dilemma in the three formats


def test_latex_prisoners_dilemma_marks_exactly_the_defect_defect_cell():
    pd = prisoners_dilemma()
    text = latex_table(pd, gt.solve(pd, "enummixed"))
    for rule in (r"\toprule", r"\midrule", r"\bottomrule", r"\begin{tabular}{lcc}", r"\caption{Prisoner's dilemma}"):
        assert rule in text
    assert r"\multicolumn{2}{c}{Column}" in text and "Row & Cooperate & Defect" in text
    assert text.count(r"\fbox") == 1
    rows = latex_rows(text)
    assert rows == [["Cooperate", "$3, 3$", "$0, 5$"], ["Defect", "$5, 0$", r"\fbox{$1, 1$}"]]
    assert "Boxed: pure Nash equilibrium (1)." in text


def test_markdown_prisoners_dilemma():
    pd = prisoners_dilemma()
    text = markdown_table(pd, gt.solve(pd, "enumpure"))
    lines = text.splitlines()
    assert lines[0] == "**Prisoner's dilemma**"
    assert "| Row \\ Column | Cooperate | Defect |" in lines
    assert "| Defect | 5, 0 | **1, 1** ★ |" in lines and text.count(STAR) == 2  # the cell and the note
    assert "| Cooperate | 3, 3 | 0, 5 |" in lines


def test_html_prisoners_dilemma_parses_and_marks_one_cell():
    pd = prisoners_dilemma()
    tree = parse_html(html_table(pd, gt.solve(pd, "enumpure")))
    marked = [c for c in tree.cells if c.get("class") == "equilibrium"]
    assert len(marked) == 1 and marked[0]["text"] == f"1, 1 {STAR}"
    texts = [c["text"] for c in tree.cells]
    assert texts[:6] == ["", "Column", "Row", "Cooperate", "Defect", "Cooperate"]
    assert texts.index(marked[0]["text"]) == texts.index("Defect", 5) + 2  # the Defect row, Defect column


def test_without_equilibria_no_cell_is_marked():
    pd = prisoners_dilemma()
    assert r"\fbox" not in latex_table(pd) and STAR not in markdown_table(pd) and STAR not in html_table(pd)


# ---------------------------------------------------------------------------------------
# exact numbers and mixed equilibria


def test_exact_fractions_in_cells():
    game = gt.NormalFormGame.from_arrays([[1, "-3/2"]], [["2/3", 0]], players=["A", "B"])
    assert r"$-\frac{3}{2}, 0$" in latex_table(game)
    assert "| 1 | 1, 2/3 | -3/2, 0 |" in markdown_table(game)
    floats = gt.NormalFormGame.from_arrays(np.array([[1 / 3]]), np.array([[0.25]]))
    assert "0.333333, 0.25" in markdown_table(floats)


def test_mixed_equilibrium_probabilities_in_an_extra_row_and_column():
    bos = battle_of_the_sexes()
    result = gt.solve(bos, "enummixed")
    assert len(result) == 3 and sum(not e.is_pure for e in result) == 1
    text = latex_table(bos, result)
    assert text.count(r"\fbox") == 2
    assert r"\multicolumn{1}{c}{mixed eq.}" in text and "Ann & Opera & Ball & 2" in text
    rows = latex_rows(text)
    assert rows[0] == ["Opera", r"\fbox{$2, 1$}", "$0, 0$", r"$\frac{2}{3}$"]
    assert rows[1] == ["Ball", "$0, 0$", r"\fbox{$1, 2$}", r"$\frac{1}{3}$"]
    assert rows[2] == ["eq.~2", r"$\frac{1}{3}$", r"$\frac{2}{3}$", ""]
    assert r"Ann $\frac{2}{3}$ Opera + $\frac{1}{3}$ Ball" in text

    lines = markdown_table(bos, result).splitlines()
    assert "| Ann \\ Bob | Opera | Ball | eq. 2 |" in lines
    assert "| eq. 2 | 1/3 | 2/3 |  |" in lines
    assert any(line.startswith("Equilibrium 2 is mixed") and "payoffs 2/3, 2/3." in line for line in lines)

    cells = parse_html(html_table(bos, result)).cells
    assert [c["text"] for c in cells if c.get("class") == "equilibrium"] == [f"2, 1 {STAR}", f"1, 2 {STAR}"]
    assert [c["text"] for c in cells][-4:] == ["eq. 2", "1/3", "2/3", ""]


def test_float_equilibria_of_an_inexact_game():
    game = gt.NormalFormGame.from_arrays(np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([[0.0, 1.0], [1.0, 0.0]]))
    result = gt.solve(game, "enummixed")
    assert "| eq. 1 | 0.5 | 0.5 |  |" in markdown_table(game, result).splitlines()


def test_the_three_formats_mark_the_same_cells_of_the_posture_game():
    game = gt.load("m1-posture").game()
    result = gt.solve(game, "enummixed")
    pure = sum(e.is_pure for e in result)
    model = strategic_table(game, result)
    assert sum(cell.marked for panel in model.panels for row in panel.cells for cell in row) == pure
    assert latex_table(game, result).count(r"\fbox") == pure
    assert markdown_table(game, result).count(f"** {STAR}") == pure
    assert html_table(game, result).count('class="equilibrium"') == pure


# ---------------------------------------------------------------------------------------
# more than two players


def test_three_players_one_labelled_panel_per_strategy_of_the_third():
    # a common-interest game: 2 each at (a1, b1, c1), 1 each at (a2, b2, c2), 0 elsewhere
    common = np.array([[[[2, 0], [0, 0]], [[0, 0], [0, 1]]]] * 3)
    game = gt.NormalFormGame(common, players=["A", "B", "C"],
                             strategies=[["a1", "a2"], ["b1", "b2"], ["c1", "c2"]], title="Three")
    result = gt.solve(game, "enumpure")
    where = {tuple(int(np.argmax(p)) for p in e.profile) for e in result}
    assert where == {(0, 0, 0), (1, 1, 1)}
    model = strategic_table(game, result)
    assert [panel.label for panel in model.panels] == ["C plays c1", "C plays c2"]
    assert model.panels[0].cells[0][0].equilibria and model.panels[1].cells[1][1].equilibria
    assert not model.panels[1].cells[0][0].marked

    text = latex_table(game, result)
    assert text.count(r"\begin{tabular}") == 2 and text.count(r"\fbox") == 2
    assert r"\textit{C plays c1}" in text and r"\textit{C plays c2}" in text
    assert latex_rows(text)[0][1] == r"\fbox{$2, 2, 2$}" and latex_rows(text)[3][2] == r"\fbox{$1, 1, 1$}"
    markdown = markdown_table(game, result)
    assert "*C plays c1*" in markdown and "*C plays c2*" in markdown and markdown.count("| --- | --- | --- |") == 2
    captions = re.findall(r"<caption>(.*?)</caption>", html_table(game, result))
    assert captions == ["Three \u2014 C plays c1", "Three \u2014 C plays c2"]


# ---------------------------------------------------------------------------------------
# escaping


def test_special_characters_in_labels_are_escaped():
    game = gt.NormalFormGame.from_arrays([[1, 0]], [[0, 1]], players=["R&D_1", "<b>|*x*"],
                                         strategies=[["50%"], ["$#{x}", "a~b^c\\d"]], title="T&C")
    latex = latex_table(game)
    assert r"R\&D\_1" in latex and r"50\%" in latex and r"\$\#\{x\}" in latex
    assert r"a\textasciitilde{}b\textasciicircum{}c\textbackslash{}d" in latex and r"\caption{T\&C}" in latex
    markdown = markdown_table(game)
    assert r"\<b\>\|\*x\*" in markdown and r"\$\#\{x\}" in markdown
    html = html_table(game)
    tree = parse_html(html)
    assert "<b>" not in html and "&lt;b&gt;|*x*" in html
    assert any(c["text"] == "<b>|*x*" for c in tree.cells)


# ---------------------------------------------------------------------------------------
# wrong equilibria


def test_equilibria_of_another_game_or_behavior_profiles_are_refused():
    pd = prisoners_dilemma()
    other = gt.solve(gt.load("m1-posture").game(), "enumpure")
    with pytest.raises(GameError, match="belongs to another game"):
        latex_table(pd, other)
    behavior = gt.solve(gt.load("m3-signalling").game(), "spe")
    with pytest.raises(GameError, match="is a behavior profile"):
        markdown_table(pd, behavior)


# ---------------------------------------------------------------------------------------
# Jupyter display


def test_normal_form_display_is_the_tables():
    pd = prisoners_dilemma()
    assert pd._repr_html_() == html_table(pd) and pd._repr_latex_() == latex_table(pd)
    big = gt.NormalFormGame(np.zeros((2, 60, 60), dtype=int), title="Big")
    assert big._repr_html_() == "<p>Big: 60 x 60 strategies (1, 2), too large to draw</p>"
    assert r"\toprule" not in big._repr_latex_()


def test_extensive_display_summarises_players_chance_and_information_sets():
    game = gt.load("m3-signalling").game()
    html = game._repr_html_()
    assert html == extensive_html(game)
    cells = [c["text"] for c in parse_html(html).cells]
    assert cells[:4] == ["player", "information sets", "decision nodes", "actions"]
    assert cells[4:] == ["B", "3", "3", "6", "K", "2", "6", "4", "chance", "1", "1", "3"]
    assert "22 nodes, 12 leaves, 5 information sets; perfect recall; exact payoffs" in html
    latex = game._repr_latex_()
    assert latex == extensive_latex(game) and latex.startswith(r"\textbf{M3: signalling game")
    assert "perfect information" in extensive_html(gt.load("m2-ladder").game())


def test_result_display_of_a_strategic_game():
    bos = battle_of_the_sexes()
    result = gt.solve(bos, "enummixed")
    html = result._repr_html_()
    assert html == result_html(result)
    cells = [c["text"] for c in parse_html(html).cells]
    assert cells[:5] == ["#", "Ann", "Bob", "payoffs", "regret"]
    assert cells[5:15] == ["1", "Opera", "Opera", "2, 1", "0 (exact)",
                           "2", "2/3 Opera + 1/3 Ball", "1/3 Opera + 2/3 Ball", "2/3, 2/3", "0 (exact)"]
    assert html.count('class="equilibrium"') == 2  # the game's table follows, equilibria marked
    latex = result._repr_latex_()
    assert latex == result_latex(result) and r"\toprule" in latex
    assert latex_rows(latex)[1] == ["2", r"$\frac{2}{3}$ Opera + $\frac{1}{3}$ Ball",
                                    r"$\frac{1}{3}$ Opera + $\frac{2}{3}$ Ball", r"$\frac{2}{3}, \frac{2}{3}$",
                                    "0 (exact)"]


def test_result_display_of_a_tree_shows_behavior_and_decoded_strategies():
    game = gt.load("m3-signalling").game()
    spe = gt.solve(game, "pbe")
    cells = [c["text"] for c in parse_html(spe._repr_html_()).cells]
    assert cells[5:10] == ["1", "B_T: EB_C: EB_L: E", "K_after_E: WK_after_M: H", "8/3, 5/3", "0 (exact)"]
    assert "<td>B_T: E<br>B_C: E<br>B_L: E</td>" in spe._repr_html_()
    rows = latex_rows(gt.solve(game, "spe")._repr_latex_())
    assert rows[0][1] == r"B\_T: E; B\_C: E; B\_L: E"
    assert rows[0][2] == r"K\_after\_E: W; K\_after\_M: $\frac{2}{3}$ W + $\frac{1}{3}$ H"
    pure = gt.solve(game, "enumpure")._repr_html_()
    assert "<td>(E B_T; E B_C; E B_L)</td>" in pure  # reduced strategies named by their actions
    assert "note: searched pure strategies only" in pure
