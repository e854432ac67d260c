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
    SAMPLE_BLOCK, _Design, _sampler, add_sweep_arguments, run_sweep, solve_batch, sweep, wilson_interval,
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
    sampled = tuple(n for n, p in model.parameters.items() if p.high is not None)
    design = _Design(model, {}, sampled, count, seed, {n: _sampler(None, model.parameters[n]) for n in sampled}, {})
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
    # The mapping form of a model file's `prior:` key, in the parameter's units.
    draws = _sampler({"triangular": [0, 10, 10]}, model.parameters["w"])(np.random.default_rng(0), 20000)
    assert draws.mean() == pytest.approx(20 / 3, abs=0.1)
    with pytest.raises(ModelError, match="the prior of p: unknown prior 'cauchy'"):
        sweep(model, samples=10, sample=["p"], priors={"p": ("cauchy", 1)})
    with pytest.raises(GameError, match="not sampled"):
        sweep(model, samples=10, sample=["p"], priors={"w": ("beta", 1, 1)})


DECLARED_PRIORS = """
title: Trap or coordination, with declared priors
players: [Biden, Kremlin]
parameters:
  p: {value: "1/2", range: [0, 1], prior: {beta: [2, 6]}}
  w: {value: 5, range: [0, 20], prior: {normal: [4, 5]}}
  v: {value: 3, range: [0, 10], prior: {triangular: [1, 2, 8]}}
  l: {value: 2, range: [0, 10]}
""" + TRAP[TRAP.index("tree:"):]


def test_a_declared_prior_is_what_samples_draw_from():
    from scipy import stats

    model = read_model(DECLARED_PRIORS)
    draws = 100_000
    result = sweep(model, samples=draws, seed=2)
    values = result.design.values(0, draws)
    truncated = (0 - 4) / 5, (20 - 4) / 5
    references = {
        "p": stats.beta(2, 6),
        "w": stats.truncnorm(*truncated, loc=4, scale=5),
        "v": stats.triang((2 - 1) / (8 - 1), loc=1, scale=7),
        "l": stats.uniform(0, 10),  # no prior declared: uniform on the range
    }
    for name, reference in references.items():
        drawn = values[name]
        assert model.parameters[name].sampler().mean == pytest.approx(reference.mean(), rel=1e-12)
        # Five standard errors: a false alarm about once in 3.5 million runs per check (the seed is fixed).
        assert abs(drawn.mean() - reference.mean()) < 5 * reference.std() / np.sqrt(draws), name
        for share in (0.1, 0.25, 0.5, 0.75, 0.9):
            below = np.mean(drawn <= reference.ppf(share))
            assert abs(below - share) < 5 * np.sqrt(share * (1 - share) / draws), (name, share)
        lower, upper = reference.support()
        assert drawn.min() >= max(lower, float(model.parameters[name].low))
        assert drawn.max() <= min(upper, float(model.parameters[name].high))
    # An explicit prior overrides the declared one.
    flat = sweep(model, samples=draws, seed=2, priors={"p": "uniform"}).design.values(0, draws)["p"]
    assert abs(flat.mean() - 0.5) < 5 * np.sqrt(1 / 12 / draws)


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
    assert [o["moves"] for o in document["outcomes"]] == [[["Entrant", "In"], ["Incumbent", "Accommodate"]],
                                                         [["Entrant", "Out"]]]
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


# ---------------------------------------------------------------------------------------
# imperfect information

from collections import Counter  # noqa: E402

from gametheory_ukraine.symbolic import sweep as sweep_module  # noqa: E402
from gametheory_ukraine.symbolic.sweep import UNREACHED  # noqa: E402

SIGNALLING = [n for n in BUNDLED if gt.load(n).kind == "extensive" and not gt.load(n).game().is_perfect_information]


def _valid_calibrations(model, count, seed):
    """Random calibrations whose priors form a distribution (pi_C scaled into what pi_T leaves)."""
    values = _calibrations(model, count, seed)
    if "pi_C" in values:
        values["pi_C"] = (1 - values["pi_T"]) * values["pi_C"]
    return values


def _plays(game, result):
    """Each equilibrium's on-path play as a set of 'set:action' (written apart from the sweep's code)."""
    plays = set()
    for equilibrium in result.equilibria:
        chosen = {}

        def visit(v, probability):
            node = game.nodes[v]
            if not node.children or probability == 0:
                return
            infoset = game.infosets[node.infoset]
            if infoset.player < 0:
                for child, p in zip(node.children, infoset.probabilities):
                    visit(child, probability * p)
                return
            mix = equilibrium.behavior[infoset.player][game.player_infosets(infoset.player).index(node.infoset)]
            if len(infoset.actions) > 1:
                action = infoset.actions[int(np.argmax(mix))] if mix.max() > 1 - 1e-9 else "mixed"
                chosen[infoset.label] = f"{game.players[infoset.player]}:{action} ({infoset.label})"
            for child, p in zip(node.children, equilibrium.exact_behavior[infoset.player][
                    game.player_infosets(infoset.player).index(node.infoset)]):
                visit(child, probability * p)

        visit(0, 1)
        plays.add(frozenset(chosen.values()))
    return plays


def _parse(label):
    if label == "no pure equilibrium":
        return set()
    return {frozenset(play.split(", ")) for play in label.split("; ")}


@pytest.mark.parametrize("name", SIGNALLING)
def test_batched_pbe_equals_pbe_calibration_by_calibration(name):
    model = gt.load(name)
    values = _valid_calibrations(model, CHECKED_CALIBRATIONS, seed=8)
    game = sweep_module.tree_structure(model)
    plan = sweep_module._signalling_plan(game)
    assert plan is not None
    keys, inverse, ties = sweep_module._solve_signalling(game, plan, batch_payoffs(model, values),
                                                         batch_edge_probabilities(model, values))
    assert ties == 0
    outcomes = set()
    for i in range(CHECKED_CALIBRATIONS):
        single = model.game(**{n: float(a[i]) for n, a in values.items()})
        label, _ = sweep_module._outcome(model, game, np.frombuffer(keys[inverse[i]], dtype=np.int8))
        assert _parse(label) == _plays(single, gt.solve(single, "pbe")), i
        outcomes.add(label)
    assert len(outcomes) > 3  # the check covers several kinds of outcome, not one


def test_signalling_labels_name_the_moves_as_tree_labels_do():
    result = sweep(gt.load("m3-signalling-two-types"), grid={"pi_T": (0, 1, 11)})
    assert result.labels[0] == "B:E (B_T), B:E (B_C), K:W (K_after_E)"  # pooling on E, the Kremlin waits
    label, moves = sweep_module._outcome(result.model, result.model.game(), np.frombuffer(
        sweep_module._plays_key([(0, 0, 0, UNREACHED)]), dtype=np.int8))
    assert result.labels[0] == label and result.moves[0] == moves == {("B", "E"), ("K", "W")}


def test_per_calibration_sweep_equals_solving_the_calibrations_one_by_one():
    model = gt.load("m3-signalling-two-types")
    result = sweep(model, samples=40, seed=5, method="spe")
    assert result.method == "spe" and any("solved per calibration" in note for note in result.notes)
    values = result.design.values(0, result.total)
    one_by_one = Counter()
    for i in range(result.total):
        single = model.game(**{n: float(a[i]) for n, a in values.items()})
        plays = _plays(single, gt.solve(single, "spe"))
        assert _parse(result.labels[result.outcome[i]]) == plays, i
        one_by_one[frozenset(plays)] += 1
    assert sorted(one_by_one.values(), reverse=True) == result.counts.tolist()
    assert any("mixed" in label for label in result.labels)  # spe's mixed equilibria are reported as such


def test_pbe_per_calibration_fallback_equals_the_batched_pbe(monkeypatch):
    model = gt.load("m3-signalling")
    batched = sweep(model, samples=200, seed=6)
    assert batched.method == "pbe" and "batched" in batched.notes[0]
    monkeypatch.setattr(sweep_module, "_signalling_plan", lambda game: None)  # as for a game it does not fit
    one_by_one = sweep(model, samples=200, seed=6)
    assert "per calibration" in one_by_one.notes[0]
    assert dict(zip(one_by_one.labels, one_by_one.counts)) == dict(zip(batched.labels, batched.counts))
    assert np.array_equal(one_by_one.outcome >= 0, batched.outcome >= 0)


def test_draws_with_invalid_chance_probabilities_are_rejected():
    model = gt.load("m3-signalling")
    draws = 4000
    result = sweep(model, samples=draws, seed=7)
    values = result.design.values(0, draws)
    invalid = values["pi_T"] + values["pi_C"] > 1
    assert np.array_equal(result.outcome < 0, invalid)
    assert result.rejected == invalid.sum() and result.total == draws - invalid.sum()
    assert abs(result.rejected / draws - 0.5) < 5 * np.sqrt(0.25 / draws)  # pi_T + pi_C > 1 half the time
    assert "rejected" in result.render() and result.to_dict()["rejected"] == result.rejected
    with pytest.raises(ModelError, match="not a distribution at pi_C=0.5, pi_T=1"):  # gridded, not drawn: an error
        sweep(model, grid={"pi_T": (0, 1, 3)}, fixed={"pi_C": "1/2"})


@pytest.mark.parametrize("name", BUNDLED)
def test_every_bundled_model_sweeps(name):
    result = sweep(gt.load(name), samples=300, seed=1)
    assert result.total + result.rejected == 300 and result.total > 0 and result.labels


def test_imperfect_information_methods():
    model = gt.load("m3-signalling")
    with pytest.raises(GameError, match="pbe .* or spe, not enumpure"):
        sweep(model, samples=10, method="enumpure")
    with pytest.raises(GameError, match="with spe, not pbe"):
        sweep(gt.load("m2-ladder"), samples=10, method="pbe")
    with pytest.raises(ModelError, match="sweep\\(\\) solves imperfect-information trees"):
        solve_batch(model, {"pi_T": [0.2]})


def test_cli_sweeps_a_signalling_game():
    parser = argparse.ArgumentParser()
    add_sweep_arguments(parser)
    document = json.loads(run_sweep(parser.parse_args(["m3-signalling", "--samples", "500", "--format", "json"])))
    assert document["method"] == "pbe" and document["rejected"] > 0
    assert document["calibrations"] + document["rejected"] == 500 and document["notes"]


# ---------------------------------------------------------------------------------------
# memory


def test_batches_fit_the_memory_budget_however_large_the_tree(monkeypatch):
    model = generated_model(50)
    game = model.game()
    per_calibration = 8 * 6 * game.num_nodes * game.num_players
    monkeypatch.setattr(sweep_module, "DEFAULT_MEMORY", 10 * per_calibration)
    assert sweep_module._default_batch_size(model, game, "spe") == 10
    monkeypatch.setattr(sweep_module, "DEFAULT_MEMORY", 1)  # a tree larger than the budget: one at a time
    assert sweep_module._default_batch_size(model, game, "spe") == 1
    monkeypatch.setattr(sweep_module, "DEFAULT_MEMORY", 100 * per_calibration)
    small = sweep(model, samples=3000, seed=2, progress=True)
    monkeypatch.undo()
    assert np.array_equal(small.outcome, sweep(model, samples=3000, seed=2).outcome)


def test_a_sweep_too_large_to_keep_every_outcome_keeps_the_counts(monkeypatch):
    model = generated_model(30)
    kept = sweep(model, samples=5000, seed=3, batch_size=1000)
    monkeypatch.setattr(sweep_module, "MAX_KEPT_OUTCOMES", 4999)
    counted = sweep(model, samples=5000, seed=3, batch_size=1000)
    assert counted.outcome is None and any("only the counts" in note for note in counted.notes)
    assert counted.labels == kept.labels and np.array_equal(counted.counts, kept.counts)


def test_plot_files_are_never_replaced_without_force(tmp_path):
    parser = argparse.ArgumentParser()
    add_sweep_arguments(parser)
    target = tmp_path / "map.png"
    arguments = ["authorization-sequential", "--grid", "rho=0:50:11", "--plot", str(target)]
    run_sweep(parser.parse_args(arguments))
    before = target.read_bytes()
    with pytest.raises(GameError, match="not overwritten"):
        run_sweep(parser.parse_args(arguments))
    assert target.read_bytes() == before
    run_sweep(parser.parse_args(arguments + ["--force"]))
    assert (tmp_path / "map.svg").exists()
