"""The command line: exit codes, one-line errors, the JSON contract, no overwriting."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from gametheory_ukraine import bundled_models
from gametheory_ukraine.cli import main

from .corpus import SCHEMA

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def run(*args, check=True):
    """Run the real command in a subprocess (covers ``__main__``)."""
    completed = subprocess.run([sys.executable, "-m", "gametheory_ukraine", *args],
                               capture_output=True, text=True, timeout=120)
    if check:
        assert completed.returncode == 0, completed.stderr
    return completed


@pytest.fixture(scope="module")
def validator():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((FIXTURES / "solve.schema.json").read_text())
    return jsonschema.Draft202012Validator(schema)


def test_vendored_schema_equals_the_shared_contract():
    if not SCHEMA.is_file():
        pytest.skip(f"shared contract not found at {SCHEMA}")
    assert json.loads(SCHEMA.read_text()) == json.loads((FIXTURES / "solve.schema.json").read_text())


def test_default_solve_prints_every_bundled_model():
    out = run("solve").stdout
    assert "Deep-strike authorization and the Kremlin's answer (sequential)" in out
    assert "path: Biden Authorize -> Kremlin Kyiv" in out
    assert "regret: 0 (exact)" in out


def test_json_of_one_model_follows_the_contract(validator, capsys):
    assert main(["solve", "authorization-simultaneous", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    validator.validate(document)
    assert document["game"]["kind"] == "normal"
    assert document["game"]["strategies"][1] == ["Nuclear", "Capitals", "Kyiv", "Asymmetric", "Restraint"]
    assert document["game"]["parameters"]["a"] == 0.5
    (equilibrium,) = document["equilibria"]
    assert equilibrium["exact"] == [["1", "0"], ["0", "0", "1", "0", "0"]]
    assert equilibrium["payoffs"] == [1.0, 4.0] and equilibrium["regret"] == 0.0


def test_set_changes_the_answer(capsys):
    # If hitting the West restored enough credibility (destructive attacks on Moscow), the
    # Kremlin would strike Western capitals, and the administration would rather withhold.
    assert main(["solve", "authorization-sequential", "--set", "rho=40", "--format", "json"]) == 0
    (equilibrium,) = json.loads(capsys.readouterr().out)["equilibria"]
    assert equilibrium["behavior"][0] == [[0.0, 1.0]]
    assert equilibrium["behavior"][1][0] == [0.0, 1.0, 0.0, 0.0, 0.0]


def test_enumpure_on_the_tree_also_finds_non_credible_threats(capsys):
    assert main(["solve", "authorization-sequential", "--method", "enumpure", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert len(document["equilibria"]) > 1
    assert len(document["game"]["strategies"][1]) == 25


def test_output_file(tmp_path, capsys):
    target = tmp_path / "report.json"
    assert main(["solve", "authorization-sequential", "--format", "json", "--output", str(target)]) == 0
    assert json.loads(target.read_text())["method"] == "spe"
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("args, message", [
    (["solve", "no-such-model"], "not a game file"),
    (["solve", "missing.efg"], "missing.efg: no such file"),
    (["solve", "authorization-sequential", "--set", "zeta=1"], "unknown parameter 'zeta'"),
    (["solve", "authorization-sequential", "--set", "h=1000"], "outside its range"),
    (["solve", "authorization-sequential", "--set", "h"], "--set expects NAME=VALUE"),
    (["solve", "authorization-simultaneous", "--method", "spe"], "solves extensive-form games"),
])
def test_bad_requests_are_one_line_errors(args, message, capsys):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err and err.count("\n") == 1


def test_bad_model_file_is_reported_with_its_position_and_no_traceback(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: t\nplayers: [A, B]\nstrategies: {A: [x], B: [y]}\npayoffs: {A: [[1]], B: [[nan]]}\n")
    completed = run("solve", str(bad), check=False)
    assert completed.returncode == 2
    assert completed.stderr.startswith(f"error: {bad}:4:")
    assert "Traceback" not in completed.stderr
    debug = run("--debug", "solve", str(bad), check=False)
    assert "Traceback" in debug.stderr


def test_convert_writes_and_never_overwrites(tmp_path):
    target = tmp_path / "model.efg"
    run("convert", "authorization-sequential", str(target))
    text = target.read_text()
    assert text.startswith("EFG 2 R")
    target.write_text("precious")
    completed = run("convert", "authorization-sequential", str(target), check=False)
    assert completed.returncode == 2 and "use --force" in completed.stderr
    assert target.read_text() == "precious"
    run("convert", "authorization-sequential", str(target), "--force")
    assert target.read_text() == text


def test_convert_model_to_nfg_and_back_solves_the_same(tmp_path, capsys):
    nfg = tmp_path / "m.nfg"
    assert main(["convert", "authorization-simultaneous", str(nfg)]) == 0
    assert main(["solve", str(nfg), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["equilibria"][0]["exact"] == [["1", "0"], ["0", "0", "1", "0", "0"]]


def test_convert_refuses_bad_input_without_writing(tmp_path):
    bad = tmp_path / "bad.efg"
    bad.write_text('EFG 2 R "t" { "A" }\np "" 1 1 "I" { "a" "b" } 0\nt "" 1 "o" { 1 }\n')
    target = tmp_path / "out.nfg"
    completed = run("convert", str(bad), str(target), check=False)
    assert completed.returncode == 2 and completed.stderr.startswith(f"error: {bad}:")
    assert not target.exists()


def test_models_lists_the_bundled_models():
    out = run("models").stdout
    assert "authorization-sequential" in out and "extensive" in out


def test_auto_solves_two_player_tables_completely_and_timeout_is_accepted(capsys, validator):
    assert main(["solve", "authorization-simultaneous", "--format", "json", "--timeout", "30"]) == 0
    document = json.loads(capsys.readouterr().out)
    validator.validate(document)
    assert document["method"] == "enummixed" and document["complete"] is True
    assert document["status"] == "converged"


def test_auto_says_what_it_chose_and_lambda_reaches_logit(capsys):
    assert main(["solve", "authorization-sequential", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["notes"][0].startswith("auto chose spe")
    assert main(["solve", "authorization-simultaneous", "--method", "logit", "--lambda", "0.5",
                 "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert any("lambda=0.5" in note for note in document["notes"])
    (equilibrium,) = document["equilibria"]
    assert equilibrium["profile"][1][2] == pytest.approx(1.0, abs=1e-6)  # the limit: Kyiv pressure
    assert main(["solve", "authorization-simultaneous", "--lambda", "1"]) == 2


def test_default_json_is_a_list_of_contract_documents_and_set_applies_where_declared(validator, capsys):
    assert main(["solve", "--set", "rho=40", "--format", "json", "--samples", "0"]) == 0
    documents = json.loads(capsys.readouterr().out)
    assert isinstance(documents, list) and len(documents) == len(bundled_models())
    for document in documents:
        validator.validate(document)
    declaring = [d for d in documents if "rho" in d["game"]["parameters"]]
    assert declaring and all(d["game"]["parameters"]["rho"] == 40.0 for d in declaring)
    assert main(["solve", "--set", "zz=1"]) == 2
    assert "no bundled model declares it" in capsys.readouterr().err


def test_tree_equilibria_carry_beliefs_and_outcomes(validator, capsys):
    """Beer-Quiche's pooling-on-beer PBE: Bayes' rule after beer, no belief pinned down after quiche."""
    assert main(["solve", str(FIXTURES / "signaling" / "beer_quiche.efg"), "--method", "pbe", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    validator.validate(document)
    beer = document["equilibria"][0]
    assert beer["exact_beliefs"][1] == [["1/10", "9/10"], None]
    reached = {o["node"]: o["exact_probability"] for o in beer["outcomes"] if o["probability"] > 0}
    assert reached == {"Weak,Beer,NoDuel": "1/10", "Strong,Beer,NoDuel": "9/10"}
    assert len(beer["outcomes"]) == 8
    assert beer["pbe"]["kind"] == "pooling" and beer["pbe"]["intuitive_criterion"]["passes"] is True
    quiche = document["equilibria"][1]["pbe"]
    assert quiche["intuitive_criterion"]["passes"] is False and quiche["d1"]["passes"] is False


def test_max_equilibria_caps_the_composition_of_subgame_equilibria(capsys):
    assert main(["solve", str(FIXTURES / "signaling" / "beer_quiche.efg"), "--method", "spe",
                 "--max-equilibria", "1", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert len(document["equilibria"]) == 1 and document["complete"] is False
    assert main(["solve", "authorization-simultaneous", "--method", "lp", "--max-equilibria", "2"]) == 2
    assert "--max-equilibria applies to" in capsys.readouterr().err


def test_sweep_verb_reports_frequencies_and_refuses_unknown_parameters(capsys):
    assert main(["sweep", "authorization-sequential", "--grid", "rho=0:50:11", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    counts = [outcome["count"] for outcome in document["outcomes"]]
    assert sum(counts) == 11
    assert main(["sweep", "authorization-sequential", "--grid", "nope=0:1:3"]) == 2
    assert "unknown parameter 'nope'" in capsys.readouterr().err


def test_sensitivity_verb_gives_the_threshold_in_rho(capsys):
    """The Kremlin's answer to an authorization switches from Kyiv to capitals at rho = V - h + k + w_K = 26."""
    assert main(["sensitivity", "authorization-sequential", "--param", "rho", "--format", "json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert [t["value"] for t in document["thresholds"]] == [26.0]
    assert len(document["intervals"]) == 2
    assert main(["sensitivity", "authorization-sequential", "--param", "nope"]) == 2
    assert "nope" in capsys.readouterr().err
