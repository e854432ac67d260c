"""The default analysis: each model under its concept, the thresholds of interest, the readings, the verdict.

Expected values are worked out by hand from MODELS.md's payoff tables (the
comments show the arithmetic), never copied from the package's output.
"""

import json
import math
from fractions import Fraction
from pathlib import Path

import pytest

import gametheory_ukraine as gt
from gametheory_ukraine.analysis.brinkmanship import optimal_risk, resolve_threshold
from gametheory_ukraine.analysis.outcomes import outcome_of_moves, outcome_probabilities
from gametheory_ukraine.analysis.readings import action_at, check_verdict, compare_readings
from gametheory_ukraine.analysis.report import scenario_report
from gametheory_ukraine.analysis.studies import STUDIES
from gametheory_ukraine.cli import main
from gametheory_ukraine.symbolic.sweep import sweep

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture(scope="module")
def report():
    return scenario_report(samples=300, seed=1)


def _thresholds(report, model):
    return {(t.parameter, t.exact_value) for m in report.models if m.study.model == model for t in m.thresholds}


def test_every_bundled_model_is_studied_with_its_concept(report):
    assert {s.model for s in STUDIES} == set(gt.bundled_models())
    methods = {m.study.model: m.result.method for m in report.models}
    assert methods["m1-posture"] == "enummixed" and methods["m2-ladder"] == "spe"
    assert methods["m3-signalling"] == "pbe" and methods["m4-transition"] == "spe" and methods["m5-qre"] == "logit"
    for model in report.models:
        assert model.result.equilibria, model.study.model
        assert all(e.regret <= 1e-9 for e in model.result.equilibria)


def test_every_threshold_changes_the_equilibria_just_below_and_above(report):
    for model in report.models:
        for threshold in model.thresholds:
            assert threshold.verified, (model.study.model, threshold)
            assert threshold.below_at < threshold.value < threshold.above_at


def test_thresholds_of_interest_equal_the_hand_computed_values(report):
    # M2 after X: N gives R -d_X - n - w_R = -33 (the West fights: y_N = 18 > w_W = 15); A gives
    # -d_X - h_X + k + a + V (Trump deals, iota < delta): equal when h_X = V + a + k + n + w_R = 65/2
    assert ("h_X", "65/2") in _thresholds(report, "m2-ladder")
    # M2: Trump deals after A while delta - iota >= 0: iota = delta = 4
    assert ("iota", "4") in _thresholds(report, "m2-ladder")
    # M1: B prefers T to C against A when L_T + theta P_t - alpha > G - alpha: theta = (G - L_T)/P_t = 2/3
    assert ("theta", "2/3") in _thresholds(report, "m1-posture")
    # M3 two types: pooling on E needs the Kremlin to wait: pi_T(-13) + (1 - pi_T)(2) <= 0, pi_T >= 2/15
    assert ("pi_T", "2/15") in _thresholds(report, "m3-signalling-two-types")
    # M4: Trump deals after (Esc, Kp) while delta + omega V (1 - x) - eta >= 0, x = 3/5 - 1/5 + 1/10: eta = 3
    assert ("eta", "3") in _thresholds(report, "m4-transition")
    # M4: Biden escalates while beta V lambda > e_Esc (leverage worth 2): e_Esc = 2
    assert ("e_Esc", "2") in _thresholds(report, "m4-transition")


def test_m1_red_line_has_the_three_equilibria_of_the_table(report):
    # u_K(T, .) = (3, 7/2, 8) with rho_T = 30, u_K(C, .) = (3, 7/2, -18): (T, E) and (C, A) are pure
    # equilibria; the mixed one makes B indifferent between T and C over {A, E}:
    # 3q - 17(1-q) = 7/2 q - 20(1-q)  =>  q = 6/7 on A
    redline = next(m for m in report.models if m.study.model == "m1-posture-redline")
    profiles = {tuple(tuple(p) for p in e.exact_profile) for e in redline.result.equilibria}
    assert ((Fraction(1), Fraction(0)), (Fraction(0), Fraction(0), Fraction(1))) in profiles
    assert ((Fraction(0), Fraction(1)), (Fraction(0), Fraction(1), Fraction(0))) in profiles
    assert any(p[1] == (Fraction(0), Fraction(6, 7), Fraction(1, 7)) for p in profiles)


def test_m5_quantal_responses_equal_the_closed_form():
    from gametheory_ukraine.analysis.report import _logit_details

    lines = _logit_details(gt.load("m5-qre"), [0.1, 0.2, 0.5, 1.0])
    for lam, line in zip([0.1, 0.2, 0.5, 1.0], lines[2:6]):
        # West: Fight (3) against Yield (0); Kremlin: Wait (4) against Escalate (6 or -20)
        fight = 1 / (1 + math.exp(-3 * lam))
        escalate_value = (1 - fight) * 6 + fight * -20
        escalate = 1 / (1 + math.exp(lam * (4 - escalate_value)))
        shown = [float(x) for x in line.split("|")[1:]]
        assert shown == pytest.approx([escalate, fight, escalate * fight], abs=6e-5)
    assert "Kremlin Wait" in lines[-1]


def test_m6_continuous_risk_level_and_where_brinkmanship_stops():
    model = gt.load("m6-brinkmanship")
    found = optimal_risk(model)
    # the compliant West continues while (1 - q) G_C - q N_W >= 0: q* = G_C / (G_C + N_W) = 1/51
    assert found.risk == Fraction(1, 51) and found.follower == "Stop"
    # Russia at q*: p((1 - q*)(-D_R) - q* N_R) + (1 - p) S_R = (-200/51)/2 + 2 = 2/51
    assert found.value == Fraction(2, 51)
    point, expression = resolve_threshold(model, "p")
    # ... equals -D_R (everyone continues at q = 0) when p = (S_R + D_R) / (S_R + 200/51) = 153/202
    assert point == Fraction(153, 202)
    assert optimal_risk(model, {"p": point - Fraction(1, 10**6)}).risk == Fraction(1, 51)
    assert optimal_risk(model, {"p": point + Fraction(1, 10**6)}).risk == 0
    assert "G_C" in str(expression) and "N_W" in str(expression)


def test_m6_discrete_threshold_matches_its_risk_grid(report):
    # with q_1 = 1/50 (the compliant West stops there) the same indifference gives
    # p = (S_R + D_R) / (S_R + (1 - q_1) D_R + q_1 N_R) = 6 / (4 + 49/25 + 2) = 150/199
    assert ("p", "150/199") in _thresholds(report, "m6-brinkmanship")


def test_verdict_on_the_escalation_ladder():
    verdict = check_verdict(samples=2000, parameters=("h_D", "h_X", "V"))
    # after D: N -27 (the West fights), E -47/2, K 4, A 9/2 => A; after X: N -33, E -49, K -41, A -81/2 => N
    assert (verdict.after_deep, verdict.after_capitals) == ("A", "N")
    assert verdict.holds and verdict.kyiv_and_wait
    # after D the Kremlin prefers N (-d_D - n - w_R = -27) to A (-d_D - h_D + k + a + V) once h_D > 65/2
    assert verdict.thresholds["h_D"] == [(32.5, "V + a + k + n + w_R")]
    assert verdict.ranges["h_D"]["D"] == [(32.5, 50.0)]
    # h_X moves only the answer to X; V (the Trump window) above h_X - a - k - n - w_R = 27/2 stops it
    assert verdict.ranges["h_X"] == {"D": [], "X": [(32.5, 200.0)]}
    assert verdict.ranges["V"] == {"D": [], "X": [(0.0, 13.5)]}
    # with priors given, a parameter without one stays at its calibration: none moved, every draw is the calibration
    fixed = check_verdict(samples=50, parameters=(), priors={})
    assert [share for share, _ in fixed.shares.values()] == [1.0, 1.0, 1.0]
    shares = list(verdict.shares.values())
    assert 1 >= shares[0][0] >= shares[1][0] >= 0 and shares[0][0] >= shares[2][0]  # nested events
    for share, (low, high) in shares:
        assert low <= share <= high


def test_nato_disunity_lowers_the_nuclear_threshold(report):
    # y_N = 14 < w_W: the West yields to nuclear use and Trump then continues (q_N > delta), so after X
    # N gives R -d_X - n + c_N = -9 against A's -d_X - h_X + k + a + V: N once h_X > n - c_N + k + a + V = 17/2
    m2 = next(m for m in report.models if m.study.model == "m2-ladder")
    disunity = [t for t in m2.thresholds if t.settings.startswith("y_N")]
    assert [(t.parameter, t.exact_value) for t in disunity] == [("h_X", "17/2")]
    assert "R after X: A -> N" in disunity[0].flip


def test_trap_motive_threshold_in_the_ladder(report):
    # theta = 1: after D the West gets g_D + k_W + a_W + D_W = -3/2 (Kremlin A, Trump deals), after X with
    # Lambda large g_X - w_W + Lambda (Kremlin N, West fights): X once Lambda > w_W - g_X - 3/2 = 21/2
    m2 = next(m for m in report.models if m.study.model == "m2-ladder")
    (trap,) = [t for t in m2.thresholds if t.parameter == "Lambda"]
    assert trap.exact_value == "21/2" and trap.flip == "W at the start: D -> X"


def test_readings_name_the_kremlins_best_reply_per_posture():
    rows = {(r.reading, r.model): r for r in compare_readings()}
    # M1: u_K(T, .) = (3, 7/2, -19) and u_K(C, .) = (3, 7/2, -18): A against both postures;
    # M1-RL: u_K(T, .) = (3, 7/2, 8): E against the trap posture
    assert rows[("trap", "m1-posture")].kremlin == "A" and rows[("coordination", "m1-posture")].kremlin == "A"
    assert rows[("trap", "m1-posture-redline")].kremlin == "E"
    # M3: the Kremlin waits after every message in both PBE, but would hit back on knowing C (b_C: 4 > 2)
    assert rows[("coordination", "m3-signalling")].kremlin == "W"
    assert rows[("coordination", "m3-signalling")].informed == "H"
    assert rows[("trap", "m3-signalling")].informed == "W"
    # M2 trap: theta Lambda = 12 > 21/2, so the West strikes the capitals and the Kremlin goes nuclear
    assert rows[("trap", "m2-ladder")].kremlin == "N" and rows[("trap", "m2-ladder")].nuclear == "yes"
    assert rows[("leverage", "m2-ladder")].nuclear == "no" and rows[("leverage", "m2-ladder")].trump == "Deal"
    # M6: p = 9/10 above 150/199: no brinkmanship
    assert rows[("trap", "m6-brinkmanship")].kremlin == "q=0"


def test_outcome_classification_of_equilibria_and_sweep_labels():
    game = gt.load("m2-ladder").game(h_D=40)
    equilibrium = gt.solve(game, "spe").equilibria[0]
    assert action_at(game, equilibrium, ("D",))["N"] == 1
    # both strike classes now meet nuclear use and the West fights: g_X - w_W = -12 beats g_D - w_W = -13
    assert action_at(game, equilibrium, ())["X"] == 1
    assert outcome_probabilities("m2-ladder", game, equilibrium)["nuclear"] == 1
    # a sweep's outcome carries its pure equilibria's moves: M1-RL has (T, E) and (C, A) at the calibration
    (moves,) = sweep(gt.load("m1-posture-redline"), grid={"rho_T": [30]}).moves
    assert moves == {("B", "C"), ("K", "A"), ("B", "T"), ("K", "E")}
    (moves,) = sweep(gt.load("m2-ladder"), grid={"h_D": [40]}).moves
    assert outcome_of_moves("m2-ladder", moves)["nuclear"] and ("W", "X") in moves


def test_report_json_follows_the_contract(report):
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(json.loads((FIXTURES / "solve.schema.json").read_text()))
    documents = json.loads(report.to_json())
    assert len(documents) == len(STUDIES)
    for document in documents:
        validator.validate(document)
        assert document["analysis"]["concept"]
        assert document["analysis"]["comparison"]["verdict"]["holds"] is True


def test_markdown_report_writes_region_plots_beside_it(tmp_path):
    target = tmp_path / "report.md"
    assert main(["solve", "--format", "markdown", "--samples", "0", "--output", str(target)]) == 0
    text = target.read_text()
    assert text.startswith("# The 2024-25 transition games")
    pngs = sorted(tmp_path.glob("report-*-regions.png"))
    assert len(pngs) == 3 and all(p.stat().st_size > 10_000 for p in pngs)
    for png in pngs:
        assert f"]({png.name})" in text
    before = target.read_text()
    assert main(["solve", "--format", "markdown", "--samples", "0", "--output", str(target)]) == 2
    assert target.read_text() == before
