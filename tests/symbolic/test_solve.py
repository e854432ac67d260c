"""Symbolic solving: piecewise SPE of trees, pure and mixed Nash conditions of strategic games."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy

import gametheory_ukraine as gt
from gametheory_ukraine.errors import ModelError
from gametheory_ukraine.formats.yaml_model import read_model
from gametheory_ukraine.symbolic.solve import holds, symbolic_nash, symbolic_spe
from tests.symbolic.models import ENTRY


PENNIES = """
title: Matching pennies with a stake
players: [Row, Column]
parameters:
  a: {value: 1, range: [0, 10]}
strategies: {Row: [H, T], Column: [H, T]}
payoffs:
  Row: [[a, -1], [-1, 1]]
  Column: [["-a", 1], [1, -1]]
"""

LOTTERY = """
title: A chance move before the incumbent
players: [Entrant, Incumbent]
parameters:
  p: {value: 1/2, range: [0, 1]}
  c: {value: 3, range: [0, 10]}
tree:
  chance: {weak: p, strong: "1 - p"}
  moves:
    weak:
      player: Incumbent
      moves:
        Fight: {payoffs: [-1, "2 - c"]}
        Accommodate: {payoffs: [1, 1]}
    strong:
      player: Incumbent
      moves:
        Fight: {payoffs: [-1, 2]}
        Accommodate: {payoffs: [1, 1]}
"""


def test_entry_deterrence_pieces_and_threshold() -> None:
    model = read_model(ENTRY)
    pieces = symbolic_spe(model)
    by_answer = {p.choices[("In",)]: p for p in pieces}
    assert set(by_answer) == {"Fight", "Accommodate"}
    c = sympy.Symbol("c", real=True)
    # the incumbent fights exactly when 2 - c >= 1, i.e. c <= 1; the entrant then stays out
    assert by_answer["Fight"].condition == (sympy.Ge(1 - c, 0),)
    assert by_answer["Fight"].choices[()] == "Out"
    assert by_answer["Accommodate"].choices[()] == "In"
    assert holds(by_answer["Fight"].condition, {"c": Fraction(1, 2)})
    assert not holds(by_answer["Fight"].condition, {"c": 2})


def test_chance_node_gives_expected_payoffs() -> None:
    model = read_model(LOTTERY)
    pieces = symbolic_spe(model)
    p, c = sympy.Symbol("p", real=True), sympy.Symbol("c", real=True)
    fight_when_weak = [x for x in pieces if x.choices[("weak",)] == "Fight"]
    assert len(fight_when_weak) == 1
    piece = fight_when_weak[0]
    assert piece.choices[("strong",)] == "Fight"
    assert sympy.simplify(piece.payoffs[1] - (p * (2 - c) + 2 * (1 - p))) == 0


def test_authorization_pieces_agree_with_numeric_spe() -> None:
    model = gt.load("authorization-sequential")
    pieces = symbolic_spe(model)
    for rho in (10, 30):
        valid = [p for p in pieces if holds(p.condition, model.values(rho=rho))]
        assert len(valid) == 1
        numeric = gt.solve(model.game(rho=rho), "spe").equilibria[0]
        values = model.substitution(model.values(rho=rho))
        assert [float(x.xreplace(values)) for x in valid[0].payoffs] == pytest.approx(list(numeric.payoffs))


def test_pure_nash_conditions_on_a_prisoners_dilemma_with_a_reward() -> None:
    model = read_model("""
title: Dilemma with a reward r for cooperation
players: [A, B]
parameters:
  r: {value: 1, range: [0, 10]}
strategies: {A: [C, D], B: [C, D]}
payoffs:
  A: [["3 + r", 0], [5, 1]]
  B: [["3 + r", 5], [0, 1]]
""")
    r = sympy.Symbol("r", real=True)
    pure = {tuple(int(e.support[i][0]) for i in range(2)): e for e in symbolic_nash(model, mixed=False)}
    assert set(pure) == {(0, 0), (1, 1)}
    assert pure[(0, 0)].condition == (sympy.Ge(r - 2, 0),)
    assert pure[(1, 1)].condition == ()


def test_pennies_mixed_closed_form() -> None:
    model = read_model(PENNIES)
    a = sympy.Symbol("a", real=True)
    mixed = [e for e in symbolic_nash(model) if not e.is_pure]
    assert len(mixed) == 1
    row, column = mixed[0].profile
    assert sympy.simplify(row[0] - 2 / (a + 3)) == 0
    assert sympy.simplify(column[0] - 2 / (a + 3)) == 0
    assert sympy.simplify(mixed[0].payoffs[0] - (a - 1) / (a + 3)) == 0
    assert not [e for e in symbolic_nash(model) if e.is_pure]
    numeric = gt.solve(model.game(a=4), "enummixed").equilibria[0]
    assert numeric.profile[0][0] == pytest.approx(2 / 7)


def test_wrong_kind_of_model() -> None:
    with pytest.raises(ModelError):
        symbolic_spe(read_model(PENNIES))
    with pytest.raises(ModelError):
        symbolic_nash(read_model(ENTRY))


TRAP = """
title: trap or coordination
players: [West, Kremlin]
parameters: {p: {value: 1/2, range: [0, 1]}, w: {value: 3, range: [0, 10]}}
tree:
  chance: {trap: p, coordination: "1 - p"}
  moves:
    trap: {player: Kremlin, infoset: K, moves: {Escalate: {payoffs: [1, "-w"]}, Wait: {payoffs: [0, 0]}}}
    coordination: {player: Kremlin, infoset: K, moves: {Escalate: {payoffs: [-1, 1]}, Wait: {payoffs: [0, 0]}}}
"""


def test_belief_threshold_on_the_prior_of_a_trap() -> None:
    from gametheory_ukraine.symbolic.solve import belief_thresholds

    model = read_model(TRAP)
    (found,) = belief_thresholds(model)
    w = sympy.Symbol("w", real=True)
    assert found.actions == ("Wait", "Escalate") and sympy.simplify(found.threshold - 1 / (w + 1)) == 0
    assert found.at(model.calibration) == pytest.approx(0.25)
    # the numeric solver agrees: the belief is the prior, Escalate below 1/4 and Wait above
    for prior, answer in (("0.24", "Escalate"), ("0.26", "Wait")):
        result = gt.solve(model.game(p=prior))
        game = result.game
        infoset = game.player_infosets(1)[0]
        best = int(max(range(2), key=lambda i: result.equilibria[0].behavior[1][0][i]))
        chosen = game.infosets[infoset].actions[best]
        assert chosen == answer
