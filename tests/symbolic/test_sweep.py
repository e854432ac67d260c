"""Batched payoffs and sweeps, checked against the single-game solvers calibration by calibration."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np
import pytest
import yaml

import gametheory_ukraine as gt
from gametheory_ukraine.errors import GameError, ModelError
from gametheory_ukraine.formats.yaml_model import read_model
from gametheory_ukraine.symbolic.batch import batch_edge_probabilities, batch_payoffs
from gametheory_ukraine.symbolic.sweep import (
    SAMPLE_BLOCK, _Design, _prior, add_sweep_arguments, run_sweep, solve_batch, sweep, wilson_interval,
)
from tests.symbolic.models import ENTRY

CHECKED_CALIBRATIONS = 50


# Chance picks the administration's motive; the Kremlin observes it (perfect information).
# Payoffs also sit on an inner node, so leaf payoffs are sums along the path.
TRAP = """
title: Trap or coordination, observed
players: [Biden, Kremlin]
parameters:
  p: {value: "1/2", range: [0, 1]}
  w: {value: 5, range: [0, 20]}
  v: {value: 3, range: [0, 10]}
  l: {value: 2, range: [0, 10]}
tree:
  chance: {trap: p, coordination: "1 - p"}
  moves:
    trap:
      player: Biden
      moves:
        Authorize:
          payoffs: [1, -1]
          player: Kremlin
          moves:
            Escalate: {payoffs: ["l - w", "-w"]}
            Wait: {payoffs: [0, "v - 2"]}
        Withhold: {payoffs: [0, v]}
    coordination:
      player: Biden
      moves:
        Authorize:
          player: Kremlin
          moves:
            Escalate: {payoffs: ["-w", "1 - w"]}
            Wait: {payoffs: [2, "v - 1"]}
        Withhold: {payoffs: [0, v]}
"""


def generated_model(nodes: int = 50, parameters: int = 8, seed: int = 7) -> gt.symbolic.Model:
    """A random perfect-information tree with chance, about ``nodes`` nodes, linear payoffs."""
    rng = np.random.default_rng(seed)
    names = [f"x{i}" for i in range(parameters)]

    def payoff() -> str:
        i, j = rng.choice(parameters, 2, replace=False)
        return f"{rng.integers(-5, 6)} + {rng.integers(1, 4)}*{names[i]} - {rng.integers(1, 4)}*{names[j]}"

    root: dict = {"payoffs": [payoff(), payoff()]}
    leaves, count = [root], 1
    while count + 2 <= nodes:
        node = leaves.pop(int(rng.integers(len(leaves))))
        width = int(rng.integers(2, 4)) if count + 3 <= nodes else 2
        node.pop("payoffs")
        children = {f"a{count + k}": {"payoffs": [payoff(), payoff()]} for k in range(width)}
        if rng.random() < 0.25:
            moves = list(children)
            shares = ["q", "1 - q"] if width == 2 else ["q/2", "q/2", "1 - q"]
            node["chance"] = dict(zip(moves, shares))
        else:
            node["player"] = ["A", "B"][int(rng.integers(2))]
        node["moves"] = children
        leaves.extend(children.values())
        count += width
    document = {"title": f"generated tree ({count} nodes)", "players": ["A", "B"],
                "parameters": {**{n: {"value": 5, "range": [0, 10]} for n in names},
                               "q": {"value": "1/2", "range": [0, 1]}},
                "tree": root}
    return read_model(yaml.safe_dump(document, sort_keys=False))


def _calibrations(model, count=CHECKED_CALIBRATIONS, seed=11):
    design = _Design(model, {}, tuple(n for n, p in model.parameters.items() if p.high is not None), count, seed,
                     {n: _prior(None) for n in model.parameters}, {})
    return design.values(0, count)


def _single_choices(game, result):
    """The action at every decision node (preorder) of the single-game SPE."""
    equilibrium = result.equilibria[0]
    choice = {}
    for player in range(game.num_players):
        for position, infoset in enumerate(game.player_infosets(player)):
            choice[game.members[infoset][0]] = int(np.argmax(equilibrium.behavior[player][position]))
    return [choice[v] for v in sorted(choice)], equilibrium.payoffs


def _check_tree_against_spe(model):
    values = _calibrations(model)
    solution = solve_batch(model, values)
    for i in range(CHECKED_CALIBRATIONS):
        game = model.game(**{name: float(array[i]) for name, array in values.items()})
        choices, payoffs = _single_choices(game, gt.solve(game, method="spe"))
        assert solution.choice[i].tolist() == choices, i
        np.testing.assert_allclose(solution.values[i], payoffs, rtol=1e-9, atol=1e-9)


BUNDLED = sorted(p.stem for p in (Path(gt.__file__).parent / "models").glob("*.yaml"))
BUNDLED_TREES = [n for n in BUNDLED if gt.load(n).kind == "extensive" and gt.load(n).game().is_perfect_information]
BUNDLED_TABLES = [n for n in BUNDLED if gt.load(n).kind == "normal"]


@pytest.mark.parametrize("source", BUNDLED_TREES + ["trap", "generated"])
def test_batched_backward_induction_equals_spe(source):
    model = {"trap": lambda: read_model(TRAP), "generated": generated_model}.get(source, lambda: gt.load(source))()
    _check_tree_against_spe(model)


@pytest.mark.parametrize("source", BUNDLED_TABLES)
def test_batched_pure_equilibria_equal_enumpure(source):
    model = gt.load(source)
    values = _calibrations(model)
    solution = solve_batch(model, values)
    shape = model.payoffs.shape[1:]
    for i in range(CHECKED_CALIBRATIONS):
        game = model.game(**{name: float(array[i]) for name, array in values.items()})
        cells = {int(np.ravel_multi_index(tuple(int(np.argmax(s)) for s in e.profile), shape))
                 for e in gt.solve(game, method="enumpure").equilibria}
        assert set(np.flatnonzero(solution.keys[i]).tolist()) == cells, i


def test_batch_payoffs_match_the_numeric_game():
    model = read_model(TRAP)
    game = model.game(p="0.3", w=7, v=1, l=4)
    leaves = batch_payoffs(model, {"p": [0.3], "w": [7], "v": [1], "l": [4]})[0]
    np.testing.assert_allclose(leaves, game.leaf_payoffs())
    edges = batch_edge_probabilities(model, {"p": [0.3, 0.3]})
    np.testing.assert_allclose(edges[1], game.arrays.edge_probability)


def test_entry_deterred_exactly_when_fighting_beats_accommodating():
    # The incumbent fights iff 2 - c >= 1 (ties to the first action, Fight): entry deterred iff c <= 1.
    result = sweep(read_model(ENTRY), grid={"c": (0, 10, 101)})
    frequencies = dict(zip(result.labels, result.counts))
    assert frequencies == {"Entrant:Out": 11, "Entrant:In -> Incumbent:Accommodate": 90}
    assert result.ties == 0  # the incumbent's tie at c = 1 is off the equilibrium path
    deterred = result.labels.index("Entrant:Out")
    assert np.array_equal(np.flatnonzero(result.outcome == deterred), np.arange(11))


def test_frequencies_sum_to_one_and_intervals_cover_them():
    result = sweep(read_model(TRAP), grid={"p": (0, 1, 5)}, samples=2000, seed=3)
    document = result.to_dict()
    assert document["calibrations"] == 10000
    assert sum(o["frequency"] for o in document["outcomes"]) == pytest.approx(1.0)
    assert all(o["interval"][0] <= o["frequency"] <= o["interval"][1] for o in document["outcomes"])
    json.dumps(document)
    assert "trap" not in result.sampled and "p" not in result.sampled


def test_same_seed_same_samples_whatever_the_batch_size():
    model = generated_model(30)
    first = sweep(model, samples=3 * SAMPLE_BLOCK // 2, seed=5, batch_size=1000)
    second = sweep(model, samples=3 * SAMPLE_BLOCK // 2, seed=5, batch_size=7777)
    other = sweep(model, samples=3 * SAMPLE_BLOCK // 2, seed=6)
    assert first.labels == second.labels and np.array_equal(first.outcome, second.outcome)
    assert not np.array_equal(first.design.values(0, 100)["x0"], other.design.values(0, 100)["x0"])
    drawn = first.design.values(0, first.total)["x0"]
    assert drawn.min() >= 0 and drawn.max() <= 10 and abs(drawn.mean() - 5) < 0.1


def test_priors_shape_the_draws():
    model = read_model(TRAP)
    result = sweep(model, samples=20000, sample=["p"], priors={"p": ("beta", 8, 2)}, seed=1)
    assert result.design.values(0, 20000)["p"].mean() == pytest.approx(0.8, abs=0.01)
    # The mapping form a model file's `prior:` key will use.
    draws = _prior({"triangular": 1.0})(np.random.default_rng(0), 20000)
    assert draws.mean() == pytest.approx(2 / 3, abs=0.01)
    with pytest.raises(ModelError, match="unknown prior"):
        _prior(("cauchy", 1))


def test_wilson_interval():
    assert wilson_interval(0, 10)[0] == 0.0
    low, high = wilson_interval(10, 10)
    assert high == pytest.approx(1.0) and low == pytest.approx(0.7225, abs=1e-4)


@pytest.mark.parametrize("arguments, message", [
    (dict(grid={"zeta": (0, 1, 3)}), "unknown parameter 'zeta'"),
    (dict(grid={"c": (-1, 1, 3)}), "leaves its declared range"),
    (dict(grid={"c": (0, 1, 0)}), "has no points"),
    (dict(samples=0), "at least 1"),
    (dict(fixed={"c": "eleven"}), "not a number"),
    (dict(fixed={"c": "21/2"}), "leaves its declared range"),
    (dict(grid={"c": (0, 1, 3)}, method="enummixed"), "not enummixed"),
])
def test_bad_input(arguments, message):
    with pytest.raises(GameError, match=message):
        sweep(read_model(ENTRY), **arguments)


def test_cli_hook(tmp_path):
    parser = argparse.ArgumentParser()
    add_sweep_arguments(parser)
    path = tmp_path / "entry.yaml"
    path.write_text(ENTRY)
    document = json.loads(run_sweep(parser.parse_args([str(path), "--grid", "c=0:10:101", "--format", "json"])))
    assert [o["count"] for o in document["outcomes"]] == [90, 11]
    text = run_sweep(parser.parse_args(["authorization-sequential", "--samples", "1000", "--set", "V=0",
                                        "--set", "a=1/2"]))
    assert "1000 calibrations" in text and "V," not in text  # V held fixed, not sampled
    values = [0.0, 0.5, 2.0]
    assert sweep(read_model(ENTRY), grid={"c": values}).grid["c"].tolist() == values
    with pytest.raises(ModelError):
        run_sweep(parser.parse_args([str(path), "--grid", "c=0:11:3"]))


GAME_2X2 = """
title: Inspection, parametrised
players: [Row, Column]
parameters:
  a: {value: 1, range: [-2, 2]}
  b: {value: 1, range: [-2, 2]}
strategies: {Row: [Up, Down], Column: [Left, Right]}
payoffs:
  Row: [[a, -1], [-1, 1]]
  Column: [[-1, b], [1, -1]]
"""


def test_fully_mixed_2x2_equals_enummixed():
    model = read_model(GAME_2X2)
    values = _calibrations(model, seed=4)
    solution = solve_batch(model, values)
    assert np.isnan(solution.mixed[:, 0]).any() and not np.isnan(solution.mixed[:, 0]).all()
    for i in range(CHECKED_CALIBRATIONS):
        game = model.game(**{name: float(array[i]) for name, array in values.items()})
        interior = [e for e in gt.solve(game, method="enummixed").equilibria
                    if all(np.all(p > 1e-12) for p in e.profile)]
        if np.isnan(solution.mixed[i, 0]):
            assert not interior, i
        else:
            assert len(interior) == 1, i
            np.testing.assert_allclose(solution.mixed[i], [interior[0].profile[0][0], interior[0].profile[1][0]])
    labels = sweep(model, samples=2000).labels
    assert "fully mixed" in labels


def _dask_matches_local(**dask_options):
    model = generated_model(30)
    local = sweep(model, grid={"q": (0, 1, 3)}, samples=5000, seed=9, batch_size=1000)
    remote = sweep(model, grid={"q": (0, 1, 3)}, samples=5000, seed=9, batch_size=1000, backend="dask",
                   **dask_options)
    assert remote.labels == local.labels and remote.ties == local.ties
    assert np.array_equal(remote.outcome, local.outcome) and np.array_equal(remote.counts, local.counts)


def test_dask_backend_on_a_local_cluster_equals_local():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=":0") as cluster:
        _dask_matches_local(scheduler=cluster.scheduler_address)


@pytest.mark.slow
def test_dask_backend_starts_its_own_cluster():
    pytest.importorskip("distributed")
    _dask_matches_local()


def test_unknown_backend():
    with pytest.raises(GameError, match="unknown backend"):
        sweep(read_model(ENTRY), grid={"c": (0, 1, 3)}, backend="spark")


def test_region_maps(tmp_path):
    pytest.importorskip("matplotlib")
    model = gt.load("authorization-sequential")
    plane = sweep(model, grid={"h": (0, 50, 26), "rho": (0, 50, 26)})
    assert len(plane.labels) > 1  # the map has regions
    cloud = sweep(model, grid={"h": (0, 50, 5)}, samples=500)
    for result, name in ((plane, "plane.png"), (cloud, "cloud.png")):
        path = result.plot(str(tmp_path / name))
        assert open(path, "rb").read(8) == b"\x89PNG\r\n\x1a\n"


def test_progress_bar_on_request(capsys):
    sweep(read_model(ENTRY), grid={"c": (0, 10, 5000)}, batch_size=1000, progress=True)
    assert capsys.readouterr().err.count("sweep [") == 5
    sweep(read_model(ENTRY), grid={"c": (0, 10, 5000)}, batch_size=1000)
    assert capsys.readouterr().err == ""  # not a terminal, not asked


def test_a_parameter_cannot_be_both_gridded_and_sampled():
    with pytest.raises(GameError, match="both sampled and gridded"):
        sweep(read_model(ENTRY), grid={"c": (0, 1, 3)}, samples=10, sample=["c"])


def test_batch_payoffs_with_functions_and_calibrated_parameters():
    model = read_model("""
title: functions
players: [A, B]
parameters: {c: {value: 3, range: [0, 10]}, d: {value: 1, range: [0, 10]}}
strategies: {A: [x, y], B: [u, v]}
payoffs:
  A: [["Min(c, d)", "Max(c, 2)"], ["Abs(c - 5)", 1]]
  B: [["sqrt(c)", "exp(-c)"], [0, "Min(c, d, 4)"]]
""")
    batched = batch_payoffs(model, {"c": [0, 4, 9]})
    for row, c in enumerate([0, 4, 9]):
        np.testing.assert_allclose(batched[row], model.game(c=c).payoffs, rtol=1e-12)


def test_chance_probabilities_outside_zero_one_are_an_error():
    model = read_model(TRAP.replace("p: {value: \"1/2\", range: [0, 1]}", "p: {value: \"1/2\", range: [0, 2]}"))
    assert sweep(model, grid={"p": (0, 1, 3)}).total == 3
    with pytest.raises(ModelError, match="not a distribution at .*p=1.5"):
        sweep(model, grid={"p": (0, 2, 5)})
