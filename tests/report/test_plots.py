"""Figures: the equilibria, QRE branches and regions they show, read back from the artists, and the files written."""

from __future__ import annotations

import argparse
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("matplotlib")

import matplotlib.image  # noqa: E402

import gametheory_ukraine as gt  # noqa: E402
from gametheory_ukraine.errors import GameError, SolverError  # noqa: E402
from gametheory_ukraine.report.plots import (  # noqa: E402
    add_plot_arguments, best_response_plot, figure_paths, qre_plot, region_plot, run_plot, save_figure,
)
from gametheory_ukraine.solvers.agent_logit import agent_logit_solve  # noqa: E402

PENNIES = gt.NormalFormGame.from_arrays([[1, -1], [-1, 1]], [[-1, 1], [1, -1]], players=["Row", "Column"],
                                        strategies=[["Heads", "Tails"], ["Heads", "Tails"]], title="Matching pennies")
BATTLE = gt.NormalFormGame.from_arrays([[2, 0], [0, 1]], [[1, 0], [0, 2]], players=["Wife", "Husband"],
                                       strategies=[["Opera", "Football"], ["Opera", "Football"]],
                                       title="Battle of the sexes")
ZERO_SUM = gt.NormalFormGame.from_arrays([[2, -1], [-1, 1]], [[-2, 1], [1, -1]], players=["Row", "Column"],
                                         strategies=[["Up", "Down"], ["Left", "Right"]])
"""Its only equilibrium is ((2/5, 3/5), (2/5, 3/5))."""
STENGEL = gt.NormalFormGame.from_arrays([[3, 3], [2, 5], [0, 6]], [[3, 2], [2, 6], [3, 1]], players=["I", "II"],
                                        strategies=[["T", "M", "B"], ["l", "r"]])
"""von Stengel's 3x2 game: equilibria ((1,0,0),(1,0)), ((4/5,1/5,0),(2/3,1/3)), ((0,1/3,2/3),(1/3,2/3))."""
AUTHORIZATION = "authorization-sequential"


def dots(axes) -> list[tuple[float, float]]:
    """The points of the scatter labelled as the equilibria, sorted."""
    (scatter,) = [c for c in axes.collections if c.get_label() == "Nash equilibria"]
    return sorted((float(x), float(y)) for x, y in scatter.get_offsets())


def line(axes, label: str):
    (found,) = [drawn for drawn in axes.lines if drawn.get_label() == label]
    return found


def points(drawn) -> np.ndarray:
    """A line's vertices as rows (x, y)."""
    return np.column_stack([drawn.get_xdata(), drawn.get_ydata()]).astype(float)


def assert_files(path: Path, svg_paths: int = 20) -> None:
    """The PNG is a real picture (several colours, some KB) and the SVG is XML with many paths."""
    png, svg = figure_paths(path)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert png.stat().st_size > 8_000
    pixels = matplotlib.image.imread(png)
    assert pixels.ndim == 3 and min(pixels.shape[:2]) > 150
    assert len(np.unique(pixels.reshape(-1, pixels.shape[2]), axis=0)) > 20  # not one colour
    root = ElementTree.parse(svg).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert len(root.findall(".//{http://www.w3.org/2000/svg}path")) > svg_paths


def approx_points(expected: list[tuple[float, float]]) -> list:
    return [pytest.approx(point, abs=1e-9) for point in sorted(expected)]


# ---------------------------------------------------------------------------------------
# best responses


def test_matching_pennies_crosses_once_at_one_half(tmp_path) -> None:
    figure = best_response_plot(PENNIES, tmp_path / "pennies.png")
    axes = figure.axes[0]
    assert dots(axes) == approx_points([(0.5, 0.5)])
    # Row wants to match: Heads (p = 1) when q > 1/2; Column wants to differ.
    row = line(axes, "Row's best response")
    assert points(row) == pytest.approx(np.array([(0, 0), (0, 0.5), (1, 0.5), (1, 1)]))
    column = line(axes, "Column's best response")
    assert points(column) == pytest.approx(np.array([(0, 1), (0.5, 1), (0.5, 0), (1, 0)]))
    assert axes.get_xlabel() == "p = P(Row plays Heads)"
    assert_files(tmp_path / "pennies.png")


def test_battle_of_the_sexes_has_three_dots(tmp_path) -> None:
    figure = best_response_plot(BATTLE, tmp_path / "battle")
    axes = figure.axes[0]
    assert dots(axes) == approx_points([(0, 0), (2 / 3, 1 / 3), (1, 1)])
    wife = line(axes, "Wife's best response")
    assert points(wife) == pytest.approx(np.array([(0, 0), (0, 1 / 3), (1, 1 / 3), (1, 1)]))
    assert sorted(text.get_text() for text in axes.texts) == ["(0, 0)", "(1, 1)", "(2/3, 1/3)"]
    assert_files(tmp_path / "battle")


def test_given_equilibria_are_the_dots() -> None:
    result = gt.solve(BATTLE, "enumpure")
    assert dots(best_response_plot(BATTLE, equilibria=result).axes[0]) == approx_points([(0, 0), (1, 1)])
    profiles = [([0.5, 0.5], [0.25, 0.75])]
    assert dots(best_response_plot(BATTLE, equilibria=profiles).axes[0]) == approx_points([(0.5, 0.25)])
    with pytest.raises(SolverError, match="shape"):
        best_response_plot(BATTLE, equilibria=[([1.0, 0.0, 0.0], [1.0, 0.0])])


def test_a_player_indifferent_everywhere_fills_the_square() -> None:
    game = gt.NormalFormGame.from_arrays([[1, 0], [0, 1]], [[0, 0], [0, 0]], players=["Row", "Column"])
    axes = best_response_plot(game).axes[0]
    assert [p.get_label() for p in axes.patches] == ["Column's best response: anything (indifferent)"]
    assert dots(axes)  # enummixed lists the extreme equilibria of the continuum


@pytest.mark.parametrize("transpose", [False, True])
def test_two_by_three_payoff_lines_and_simplex(tmp_path, transpose) -> None:
    game = STENGEL
    if transpose:  # the same game with the players' roles swapped: the picture is the same
        game = gt.NormalFormGame(np.transpose(STENGEL.payoffs[::-1], (0, 2, 1)), players=["II", "I"],
                                 strategies=[["l", "r"], ["T", "M", "B"]])
    figure = best_response_plot(game, tmp_path / "stengel.svg")
    lines_axes, simplex_axes = figure.axes[:2]
    assert lines_axes.get_xlabel() == "x = P(II plays l)"
    # I's payoff against x: T pays 3, M 5 - 3x, B 6 - 6x; the envelope bends at x = 1/3 and 2/3.
    envelope = line(lines_axes, "upper envelope: I's best response")
    assert points(envelope) == pytest.approx(np.array([(0, 6), (1 / 3, 4), (2 / 3, 3), (1, 3)]))
    assert line(lines_axes, "I plays M").get_ydata() == pytest.approx([5, 2])
    assert dots(lines_axes) == approx_points([(1 / 3, 4), (2 / 3, 3), (1, 3)])
    # I's mixes on the simplex: corners T (0, 0), M (1, 0), B (1/2, sqrt(3)/2).
    height = np.sqrt(3) / 2
    assert dots(simplex_axes) == approx_points([(0, 0), (0.2, 0), (1 / 3 + 1 / 3, 2 / 3 * height)])
    assert {p.get_label() for p in simplex_axes.patches} == {"II plays l", "II plays r"}
    assert_files(tmp_path / "stengel")


def test_other_sizes_are_refused_in_one_line() -> None:
    three = gt.NormalFormGame.from_arrays(np.eye(3), np.eye(3))
    with pytest.raises(SolverError, match="2x2, 2x3 and 3x2 games, not 3x3") as refused:
        best_response_plot(three)
    assert "\n" not in str(refused.value)
    with pytest.raises(SolverError, match="reduced_strategic_form"):
        best_response_plot(gt.load(AUTHORIZATION).game())  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------
# the QRE correspondence


def test_qre_branch_runs_from_uniform_to_the_mixed_equilibrium(tmp_path) -> None:
    figure = qre_plot(ZERO_SUM, tmp_path / "qre.png", lambdas=[1.0])
    row_axes, column_axes = figure.axes[:2]
    for axes, labels in ((row_axes, ("Row: Up", "Row: Down")), (column_axes, ("Column: Left", "Column: Right"))):
        for label, limit in zip(labels, (0.4, 0.6)):
            drawn = line(axes, label)
            x, y = drawn.get_xdata(), drawn.get_ydata()
            assert (x[0], y[0]) == (0.0, 0.5)  # lambda = 0: the uniform profile
            assert np.all((0 <= x) & (x < 1))
            assert x[-1] > 0.99 and y[-1] == pytest.approx(limit, abs=1e-4)  # traced far towards the limit
        limits = [c for c in axes.collections if c.get_offsets()[0][0] == 1.0]
        assert sorted(float(c.get_offsets()[0][1]) for c in limits) == pytest.approx([0.4, 0.6], abs=1e-6)
    # lambda = 1 is marked at 1 * M / (1 + M), M = 2, at the QRE found by qre_at
    profile = gt.qre_at(ZERO_SUM, 1.0)
    marks = [c for c in row_axes.collections if c.get_offsets()[0][0] == pytest.approx(2 / 3)]
    assert sorted(float(c.get_offsets()[0][1]) for c in marks) == pytest.approx(sorted(profile[0]))
    assert row_axes.get_xlim() == (0.0, 1.0)
    assert_files(tmp_path / "qre.png")


def test_qre_of_pennies_is_uniform_at_every_lambda() -> None:
    figure = qre_plot(PENNIES)
    for axes in figure.axes[:2]:
        for drawn in axes.lines:
            if drawn.get_label().startswith("_"):  # the limit's vertical line and the constant continuation
                continue
            assert set(drawn.get_ydata()) == {0.5}


def test_qre_of_a_tree_follows_the_agent_branch(tmp_path) -> None:
    game = gt.load("m5-qre").game()
    figure = qre_plot(game, tmp_path / "m5", lambdas=[0.1, 1.0])
    traced = agent_logit_solve(game)
    kremlin, west = figure.axes[:2]
    wait = line(kremlin, "Kremlin: Wait at the start")
    fight = line(west, "West: Fight after Escalate")
    assert wait.get_ydata()[0] == fight.get_ydata()[0] == 0.5
    assert wait.get_ydata()[-1] == pytest.approx(traced.limit.behavior[0][0][0], abs=1e-6)
    assert fight.get_ydata()[-1] == pytest.approx(traced.limit.behavior[1][0][1], abs=1e-6)
    assert_files(tmp_path / "m5")


def test_qre_refuses_other_objects() -> None:
    with pytest.raises(SolverError, match="NormalFormGame or an ExtensiveGame"):
        qre_plot(gt.load("m1-posture"))  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------
# region maps


def span(patch) -> tuple[float, float]:
    """The horizontal extent of an axvspan band (a Rectangle, or a Polygon before matplotlib 3.9)."""
    if hasattr(patch, "get_width"):
        return patch.get_x(), patch.get_x() + patch.get_width()
    xy = np.asarray(patch.get_xy())
    return float(xy[:, 0].min()), float(xy[:, 0].max())


def test_region_plot_of_a_one_parameter_sweep(tmp_path) -> None:
    found = gt.sweep(gt.load(AUTHORIZATION), grid={"rho": (0, 50, 51)})
    figure = region_plot(found, tmp_path / "rho.png")
    axes = figure.axes[0]
    assert [text.get_text() for text in figure.legends[0].get_texts()] == found.labels
    # two bands of cells centred on the grid points, meeting at the threshold rho = 26
    bands = sorted(span(p) for p in axes.patches)
    assert len(bands) == 2
    assert bands[0][0] == pytest.approx(-0.5) and bands[1][1] == pytest.approx(50.5)
    assert bands[0][1] == bands[1][0] and 25 < bands[0][1] < 27
    assert_files(tmp_path / "rho.png")
    # the sweep's own method draws the same map, and returns the PNG's name
    assert found.plot(str(tmp_path / "method.png")) == str(tmp_path / "method.png")
    assert_files(tmp_path / "method.png")


def test_region_plot_of_a_plane_and_of_samples(tmp_path) -> None:
    model = gt.load(AUTHORIZATION)
    plane = gt.sweep(model, grid={"h": (0, 50, 26), "rho": (0, 50, 11)})
    (image,) = region_plot(plane).axes[0].images
    assert image.get_array().shape == (11, 26)  # rows: rho, columns: h
    assert image.get_extent() == pytest.approx([-1, 51, -2.5, 52.5])
    cloud = gt.sweep(model, grid={"h": (0, 50, 5)}, samples=40)
    (scatter,) = region_plot(cloud, tmp_path / "cloud").axes[0].collections
    assert len(scatter.get_offsets()) == 200
    assert_files(tmp_path / "cloud")


def test_region_plot_of_sensitivity(tmp_path) -> None:
    found = gt.sensitivity(gt.load(AUTHORIZATION), "rho")
    figure = region_plot(found, tmp_path / "sensitivity.png")
    axes = figure.axes[0]
    assert [float(drawn.get_xdata()[0]) for drawn in axes.lines] == [26.0]
    assert len(figure.legends[0].get_texts()) == len(found.intervals) == 2
    assert sorted(span(p) for p in axes.patches) == [(0, 26), (26, 50)]
    assert_files(tmp_path / "sensitivity.png")
    # the method delegates, writing both files too
    assert found.plot(str(tmp_path / "method.png")) is not None
    assert_files(tmp_path / "method.png")


def test_region_plot_of_regions(tmp_path) -> None:
    plane = gt.regions(gt.load(AUTHORIZATION), "rho", "h", resolution=11)
    figure = plane.plot(str(tmp_path / "regions.png"))
    axes = figure.axes[0]
    assert [text.get_text() for text in axes.texts] == ["1", "2"]
    assert len(axes.images) == 1 and axes.collections  # the cells and the boundary rho + h = 27
    assert_files(tmp_path / "regions.png")


def test_region_plot_refuses_other_objects() -> None:
    with pytest.raises(SolverError, match="sensitivity, regions or sweep"):
        region_plot(PENNIES)


# ---------------------------------------------------------------------------------------
# files and the command line


def test_both_files_are_checked_before_writing(tmp_path) -> None:
    figure = best_response_plot(PENNIES)
    (tmp_path / "pennies.svg").write_text("keep me")
    with pytest.raises(GameError, match="exists; not overwritten"):
        save_figure(figure, tmp_path / "pennies.png")
    assert not (tmp_path / "pennies.png").exists()
    assert (tmp_path / "pennies.svg").read_text() == "keep me"
    png, svg = save_figure(figure, tmp_path / "pennies.pdf", force=True)
    assert (png.name, svg.name) == ("pennies.png", "pennies.svg")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pennies.png", "pennies.svg"]  # no pdf, no leftovers
    with pytest.raises(GameError, match="folder does not exist"):
        save_figure(figure, tmp_path / "missing" / "pennies")


def plot_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser()
    add_plot_arguments(parser)
    return parser


def test_plot_verb(tmp_path) -> None:
    parser = plot_parser()
    output = tmp_path / "posture.png"
    assert run_plot(parser.parse_args(["m1-posture", "--kind", "best-response", "--output", str(output)])) == 0
    assert_files(output)
    before = output.read_bytes()
    again = parser.parse_args(["m1-posture", "--kind", "best-response", "--set", "w_K=10", "--output", str(output)])
    with pytest.raises(GameError, match="use --force"):
        run_plot(again)
    assert output.read_bytes() == before
    again.force = True
    assert run_plot(again) == 0
    assert output.read_bytes() != before  # w_K = 10 moves the Kremlin's payoff lines
    assert run_plot(parser.parse_args(["m5-qre", "--kind", "qre", "--lambda", "0.5", "--output",
                                       str(tmp_path / "qre")])) == 0
    assert_files(tmp_path / "qre")


def test_plot_verb_draws_a_tree_through_its_reduced_strategic_form(tmp_path) -> None:
    from gametheory_ukraine.report.plots import _strategic_form

    tree = gt.load("m5-qre").game()
    table = _strategic_form(tree)
    assert table.strategies == (("Wait", "Escalate"), ("Yield", "Fight"))
    assert np.array_equal(table.payoffs, gt.reduced_strategic_form(tree).payoffs)
    output = tmp_path / "m5.png"
    assert run_plot(plot_parser().parse_args(["m5-qre", "--kind", "best-response", "--output", str(output)])) == 0
    assert_files(output)


def test_plot_verb_refusals(tmp_path) -> None:
    parser = plot_parser()
    output = str(tmp_path / "out")
    with pytest.raises(SolverError, match="not 2x5"):
        run_plot(parser.parse_args(["authorization-simultaneous", "--kind", "best-response", "--output", output]))
    with pytest.raises(GameError, match="--lambda applies to --kind qre"):
        run_plot(parser.parse_args(["m1-posture", "--kind", "best-response", "--lambda", "1", "--output", output]))
    with pytest.raises(GameError, match="--set expects NAME=VALUE"):
        run_plot(parser.parse_args(["m1-posture", "--kind", "qre", "--set", "w_K", "--output", output]))
    nfg = Path(__file__).parents[1] / "fixtures" / "gambit" / "selten_payoff.nfg"
    with pytest.raises(GameError, match="--set applies to models"):
        run_plot(parser.parse_args([str(nfg), "--kind", "qre", "--set", "a=1", "--output", output]))
    with pytest.raises(SystemExit):
        parser.parse_args(["m1-posture", "--kind", "tree", "--output", output])
    assert list(tmp_path.iterdir()) == []
