"""Sensitivity: exact thresholds, intervals checked against the numeric solvers."""

from __future__ import annotations

import argparse
import json

import numpy as np
import pytest
import sympy

import gametheory_ukraine as gt
from gametheory_ukraine.errors import GameError
from gametheory_ukraine.errors import ModelError
from gametheory_ukraine.formats.yaml_model import read_model
from gametheory_ukraine.symbolic import sensitivity as sensitivity_module
from gametheory_ukraine.symbolic.sensitivity import (SymbolicMismatchError, add_sensitivity_arguments,
                                                      run_sensitivity, sensitivity)
from tests.symbolic.models import ENTRY


COORDINATION = """
title: Coordination with a stake a on (T, L)
players: [Row, Column]
parameters:
  a: {value: 2, range: [-5, 5]}
strategies: {Row: [T, B], Column: [L, R]}
payoffs:
  Row: [[a, 0], [0, 1]]
  Column: [[1, 0], [0, 1]]
"""


def kremlin_after_authorization(result: gt.Result) -> str:
    game = result.game
    infoset = game.player_infosets(1)[0]
    assert game.node_name(game.members[infoset][0]) == "Authorize"
    return game.infosets[infoset].actions[int(np.argmax(result.equilibria[0].behavior[1][0]))]


def test_rho_threshold_where_the_kremlin_switches() -> None:
    model = gt.load("authorization-sequential")
    found = sensitivity(model, "rho")
    assert [t.value for t in found.thresholds] == [26.0]
    symbols = {name: sympy.Symbol(name, real=True) for name in ("V", "h", "k", "w_K")}
    expected = symbols["V"] - symbols["h"] + symbols["k"] + symbols["w_K"]
    assert sympy.simplify(found.thresholds[0].exact - expected) == 0
    # the numeric solver agrees on both sides of the threshold
    assert kremlin_after_authorization(gt.solve(model.game(rho="25.99"))) == "Kyiv"
    assert kremlin_after_authorization(gt.solve(model.game(rho="26.01"))) == "Capitals"
    assert [(i.low, i.high) for i in found.intervals] == [(0.0, 26.0), (26.0, 50.0)]
    assert kremlin_after_authorization(found.intervals[1].result) == "Capitals"


def test_entry_deterrence_threshold_and_json_contract() -> None:
    found = sensitivity(read_model(ENTRY), "c")
    document = json.loads(found.to_json())
    assert document["parameter"] == "c" and document["range"] == [0.0, 10.0]
    assert document["thresholds"] == [{"value": 1.0, "exact": "1"}]
    low, high = document["intervals"]
    assert (low["low"], low["high"], high["low"], high["high"]) == (0.0, 1.0, 1.0, 10.0)
    # deterred (Out) while fighting beats accommodating, entry afterwards
    assert low["equilibria"][0]["payoffs"] == [0.0, 2.0]
    assert high["equilibria"][0]["payoffs"] == [1.0, 1.0]
    assert "threshold c = 1" in found.render()


def test_parametrised_mixed_equilibrium_and_threshold_at_zero() -> None:
    model = read_model(COORDINATION)
    found = sensitivity(model, "a")
    assert [(t.value, str(t.exact)) for t in found.thresholds] == [(0.0, "0")]
    below, above = found.intervals
    assert len(below.result.equilibria) == 1 and len(above.result.equilibria) == 3
    mixed = [e for e in above.symbolic if not e.is_pure]
    a = sympy.Symbol("a", real=True)
    assert sympy.simplify(mixed[0].profile[1][0] - 1 / (a + 1)) == 0
    assert mixed[0].profile[0][0] == sympy.Rational(1, 2)
    midpoint = 2.5
    numeric = [e for e in above.result.equilibria if not e.is_pure][0]
    assert numeric.profile[1][0] == pytest.approx(1 / (midpoint + 1))


def test_threshold_of_the_simultaneous_model_matches_the_sequential_one() -> None:
    found = sensitivity(gt.load("authorization-simultaneous"), "h")
    assert [t.value for t in found.thresholds] == [24.0]


def test_bad_parameter_and_range() -> None:
    model = gt.load("authorization-sequential")
    with pytest.raises(ModelError, match="unknown parameter 'nope'"):
        sensitivity(model, "nope")
    with pytest.raises(ModelError, match="outside its range"):
        sensitivity(model, "rho", range=(0, 99))
    with pytest.raises(ModelError, match="parametrised model"):
        sensitivity(model.game(), "rho")
    with pytest.raises(ModelError, match="empty range"):
        sensitivity(model, "rho", range=(30, 20))
    found = sensitivity(model, "rho", range=(20, 30))
    assert found.range == (20.0, 30.0) and [t.value for t in found.thresholds] == [26.0]


def test_a_wrong_symbolic_answer_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    real = sensitivity_module.symbolic_spe

    def swapped(model, **options):  # every piece claims the opposite answer at the incumbent's node
        pieces = real(model, **options)
        flip = {"Fight": "Accommodate", "Accommodate": "Fight"}
        return [type(p)({**p.choices, ("In",): flip[p.choices[("In",)]]}, p.condition, p.payoffs) for p in pieces]

    monkeypatch.setattr(sensitivity_module, "symbolic_spe", swapped)
    with pytest.raises(SymbolicMismatchError):
        sensitivity(read_model(ENTRY), "c")


def test_numeric_fallback_for_imperfect_information() -> None:
    model = read_model("""
title: Entry with an uninformed incumbent
players: [Entrant, Incumbent]
parameters:
  c: {value: 3, range: [0, 4]}
tree:
  player: Incumbent
  moves:
    Fight:
      player: Entrant
      infoset: E
      moves:
        In: {payoffs: [-1, "2 - c"]}
        Out: {payoffs: [0, 2]}
    Accommodate:
      player: Entrant
      infoset: E
      moves:
        In: {payoffs: [1, 1]}
        Out: {payoffs: [0, 2]}
""")
    found = sensitivity(model, "c", method="enumpure")
    assert not found.symbolic and any("numerically" in note for note in found.notes)
    # the incumbent accommodates entry exactly when 1 >= 2 - c
    assert [t.value for t in found.thresholds] == [pytest.approx(1.0, abs=1e-9)]
    assert [len(i.result.equilibria) for i in found.intervals] == [1, 2]
    with_spe = sensitivity(model, "c")
    assert [t.value for t in with_spe.thresholds] == [pytest.approx(1.0, abs=1e-9)]


def test_cli_hook_json() -> None:
    parser = argparse.ArgumentParser()
    add_sensitivity_arguments(parser)
    output = run_sensitivity(parser.parse_args(["authorization-sequential", "--param", "rho", "--format", "json"]))
    document = json.loads(output)
    assert document["thresholds"] == [{"value": 26.0, "exact": "V - h + k + w_K"}]
    with pytest.raises(ModelError):
        run_sensitivity(parser.parse_args(["authorization-sequential", "--param", "rho", "--range", "1"]))


def test_plot_writes_a_png(tmp_path) -> None:
    pytest.importorskip("matplotlib")
    target = tmp_path / "rho.png"
    sensitivity(gt.load("authorization-sequential"), "rho").plot(str(target))
    assert target.read_bytes()[:4] == b"\x89PNG"
    parser = argparse.ArgumentParser()
    add_sensitivity_arguments(parser)
    plane = tmp_path / "plane.png"
    output = run_sensitivity(parser.parse_args(["authorization-sequential", "--param", "rho", "--param", "h",
                                                "--plot", str(plane), "--format", "json"]))
    assert json.loads(output)["boundaries"] == ["h + rho - 27 = 0"]
    assert plane.read_bytes()[:4] == b"\x89PNG"
    before = plane.read_bytes()
    with pytest.raises(GameError, match="not overwritten"):  # refused before any work
        run_sensitivity(parser.parse_args(["authorization-sequential", "--param", "rho", "--plot", str(plane)]))
    assert plane.read_bytes() == before


def test_comparative_statics_of_the_mixed_equilibrium() -> None:
    from gametheory_ukraine.symbolic.sensitivity import comparative_statics

    found = comparative_statics(read_model(COORDINATION))
    assert len(found.equilibria) == 3
    rows = {(d.equilibrium, d.quantity): d for d in found.derivatives}
    mixed = rows[(2, "P(Column plays L)")]
    # y = 1/(a + 1): dy/da = -1/9 at a = 2, elasticity -a/(a + 1) = -2/3
    assert mixed.symbolic == pytest.approx(-1 / 9) and mixed.numeric == pytest.approx(-1 / 9, rel=1e-6)
    assert mixed.elasticity == pytest.approx(-2 / 3)
    assert all(d.agree for d in found.derivatives)


def test_comparative_statics_of_the_tree_and_at_a_range_end() -> None:
    from gametheory_ukraine.symbolic.sensitivity import comparative_statics

    model = gt.load("authorization-sequential")
    found = comparative_statics(model, ["V", "g"])
    slopes = {(d.quantity, d.parameter): d for d in found.derivatives}
    assert slopes[("payoff Kremlin", "V")].symbolic == 1.0 and slopes[("payoff Kremlin", "V")].agree
    assert slopes[("payoff Biden", "g")].elasticity == pytest.approx(2.0)
    entry = comparative_statics(read_model(ENTRY.replace("value: 3", "value: 10")), ["c"])
    assert all(d.agree for d in entry.derivatives)  # one-sided at the top of the range
    with pytest.raises(ModelError, match="unknown parameter"):
        comparative_statics(model, ["zzz"])


def test_regions_of_two_parameters() -> None:
    from gametheory_ukraine.symbolic.sensitivity import regions

    model = read_model(ENTRY.replace('c: {value: 3, range: [0, 10]}',
                                     'c: {value: 3, range: [0, 4]}\n  f: {value: 2, range: [0, 4]}')
                       .replace('"2 - c"', '"f - c"'))
    found = regions(model, "c", "f", resolution=40)
    c, f = sympy.Symbol("c", real=True), sympy.Symbol("f", real=True)
    assert len(found.boundaries) == 1
    assert sympy.expand(found.boundaries[0] * sympy.sign(found.boundaries[0].coeff(f)) - (f - c - 1)) == 0
    deterred = [r for r in found.regions if r.pieces[0].choices[()] == "Out"]
    assert len(deterred) == 1
    # entry is deterred where f - c >= 1: a triangle of area 9/2 in the 4 x 4 square
    assert deterred[0].share == pytest.approx(9 / 32, abs=0.03)
    document = found.to_dict()
    assert document["parameters"] == ["c", "f"] and len(document["regions"]) == 2
    with pytest.raises(ModelError):
        regions(model, "c", "c")


def test_degenerate_game_is_checked_one_way_and_says_so() -> None:
    # the column player is indifferent between L and R whatever the row player does
    model = read_model("""
title: An indifferent column player
players: [Row, Column]
parameters:
  a: {value: 1, range: [-2, 2]}
strategies: {Row: [T, B], Column: [L, R]}
payoffs:
  Row: [[a, 0], [0, 1]]
  Column: [[0, 0], [0, 0]]
""")
    found = sensitivity(model, "a")
    assert any("degenerate" in note for note in found.notes)
    assert [t.value for t in found.thresholds] == [0.0]


def test_comparative_statics_of_outcome_probabilities_below_a_chance_node() -> None:
    from gametheory_ukraine.symbolic.sensitivity import comparative_statics
    from tests.symbolic.test_solve import LOTTERY

    found = comparative_statics(read_model(LOTTERY), ["p"])
    rows = {d.quantity: d for d in found.derivatives}
    # the weak incumbent (2 - c = -1 < 1) accommodates, the strong one fights
    assert rows["P(outcome weak/Accommodate)"].symbolic == 1.0
    assert rows["P(outcome strong/Fight)"].numeric == pytest.approx(-1.0)
    assert rows["payoff Incumbent"].symbolic == -1.0 and rows["payoff Entrant"].elasticity is None
    assert all(d.agree for d in found.derivatives)
    assert "d payoff Entrant / d p = 2" in found.render()


def test_comparative_statics_falls_back_to_finite_differences() -> None:
    from gametheory_ukraine.symbolic.sensitivity import comparative_statics
    from tests.symbolic.test_solve import TRAP

    found = comparative_statics(read_model(TRAP.replace("value: 1/2", "value: 1/10")), ["p"])
    assert any("finite differences" in note for note in found.notes)
    rows = {d.quantity: d for d in found.derivatives if d.equilibrium == 0}
    # at p = 1/10 < 1/(w + 1) the Kremlin escalates: its payoff -w p + (1 - p) falls at rate w + 1 = 4
    assert rows["payoff Kremlin"].numeric == pytest.approx(-4.0, rel=1e-6) and rows["payoff Kremlin"].symbolic is None
    assert rows["payoff West"].numeric == pytest.approx(2.0, rel=1e-6)


@pytest.mark.parametrize("name", ["m1-posture", "m2-ladder"])
def test_bundled_models_thresholds_change_the_numeric_answer(name: str) -> None:
    from fractions import Fraction

    from gametheory_ukraine.symbolic.sensitivity import _signature

    model = gt.load(name)
    checked = 0
    for parameter in model.parameters:
        found = sensitivity(model, parameter)  # every midpoint is checked against the numeric solver
        for threshold in found.thresholds:
            near = Fraction(threshold.value).limit_denominator(10**6)
            width = Fraction(1, 1000)
            below = gt.solve(model.game(**{parameter: near - width}), found.method, **(
                {"all": True} if found.method == "spe" else {}))
            above = gt.solve(model.game(**{parameter: near + width}), found.method, **(
                {"all": True} if found.method == "spe" else {}))
            assert _signature(below) != _signature(above), (parameter, threshold)
            checked += 1
        if checked >= 3:
            break
    assert checked >= 1


def test_numeric_prior_threshold_equals_the_symbolic_belief_threshold() -> None:
    from gametheory_ukraine.symbolic.solve import belief_thresholds
    from tests.symbolic.test_solve import TRAP

    model = read_model(TRAP)
    found = sensitivity(model, "p")  # imperfect information: numeric scan and bisection
    (belief,) = belief_thresholds(model)
    assert [t.value for t in found.thresholds] == [pytest.approx(belief.at(model.calibration), abs=1e-9)]


def test_intervals_where_the_model_is_not_defined() -> None:
    model = read_model("""
title: three readings
players: [West, Kremlin]
parameters: {p: {value: 1/4, range: [0, 1]}, q: {value: 1/2, range: [0, 1]}}
tree:
  chance: {trap: p, coordination: q, leverage: "1 - p - q"}
  moves:
    trap: {player: Kremlin, infoset: K, moves: {Escalate: {payoffs: [1, -3]}, Wait: {payoffs: [0, 0]}}}
    coordination: {player: Kremlin, infoset: K, moves: {Escalate: {payoffs: [-1, 1]}, Wait: {payoffs: [0, 0]}}}
    leverage: {player: Kremlin, infoset: K, moves: {Escalate: {payoffs: [-1, 1]}, Wait: {payoffs: [0, 0]}}}
""")
    found = sensitivity(model, "p")
    assert found.intervals[-1].result is None and found.intervals[-1].to_dict()["equilibria"] == []
    assert found.thresholds[-1].value == pytest.approx(0.5, abs=1e-9)
    assert any("not defined" in note for note in found.notes)
    assert "the model is not defined here" in found.render()


def test_prior_thresholds_of_signalling_games_are_exact() -> None:
    """Roots of the receiver's posterior indifference relations give the PBE thresholds exactly.

    Two types: the Kremlin waits after the pooling message while
    pi_T (b_T_H - b_T_W) + (1 - pi_T)(b_C_H - b_C_W) <= 0, that is
    -13 pi_T + 2 (1 - pi_T) <= 0: pi_T >= 2/15.
    """
    import gametheory_ukraine as gt

    model = gt.load("m3-signalling-two-types")
    found = sensitivity(model, "pi_T", method="pbe")
    (threshold,) = found.thresholds
    assert threshold.exact is not None
    assert threshold.exact.xreplace(model.substitution(model.calibration)) == sympy.Rational(2, 15)
    assert found.intervals[0].result is not None and not found.intervals[0].result.equilibria
    assert found.intervals[1].result is not None and len(found.intervals[1].result.equilibria) == 1
    # three types, pi_T = 1/3: the semi-separating PBE (C and L send M, the Kremlin waits) needs
    # pi_C (b_C_H - b_C_W) + pi_L (b_L_H - b_L_W) <= 0, 2 pi_C - 6 (2/3 - pi_C) <= 0: pi_C <= 1/2
    three = gt.load("m3-signalling")
    (threshold,) = sensitivity(three, "pi_C", method="pbe", range=(0, "2/3")).thresholds
    assert threshold.exact.xreplace(three.substitution(three.calibration)) == sympy.Rational(1, 2)
