from fractions import Fraction
from textwrap import dedent

import pytest

import gametheory_ukraine as gt
from gametheory_ukraine.errors import ModelError
from gametheory_ukraine.formats.loading import bundled_models
from gametheory_ukraine.formats.yaml_model import read_model, write_yaml

ENTRY = dedent("""\
    title: Entry deterrence
    players: [Entrant, Incumbent]
    parameters:
      c: {value: 3, range: [0, 10], meaning: cost of a price war, source: "a sentence"}
    strategies: {Entrant: [In, Out], Incumbent: [Fight, Accommodate]}
    payoffs:
      Entrant:   [[-1, 1], [0, 0]]
      Incumbent: [["2 - c", 1], [2, 2]]
    """)

SEQUENTIAL = dedent("""\
    title: Entry deterrence, sequential
    players: [Entrant, Incumbent]
    parameters: {c: {value: 3, range: [0, 10]}, p: {value: "1/2", range: [0, 1]}}
    tree:
      chance: {strong: p, weak: "1 - p"}
      moves:
        strong:
          player: Entrant
          moves:
            Out: {payoffs: [0, 2]}
            In:
              player: Incumbent
              infoset: I1
              moves:
                Fight: {payoffs: [-1, "2 - c"]}
                Accommodate: {payoffs: [1, 1]}
        weak:
          player: Entrant
          moves:
            Out: {payoffs: [0, 2]}
            In:
              player: Incumbent
              infoset: I1
              moves:
                Fight: {payoffs: [-1, "0.5 - c"]}
                Accommodate: {payoffs: [1, 1]}
    """)


def test_normal_form_model_substitutes_exactly():
    model = read_model(ENTRY, "entry.yaml")
    assert model.kind == "normal" and model.parameters["c"].meaning == "cost of a price war"
    game = model.game()
    assert game.exact[1, 0, 0] == -1 and game.parameters == {"c": 3}
    assert model.game(c="5/2").exact[1, 0, 0] == Fraction(-1, 2)


def test_extensive_model_with_chance_and_shared_information_set():
    model = read_model(SEQUENTIAL, "seq.yaml")
    game = model.game(p="1/4")
    assert game.infosets[0].probabilities == (Fraction(1, 4), Fraction(3, 4))
    assert not game.is_perfect_information and game.has_perfect_recall
    assert game.leaf_payoffs(exact=True)[4].tolist() == [-1, Fraction(-5, 2)]  # decimals are exact


def test_unknown_and_out_of_range_parameters_are_errors():
    model = read_model(ENTRY, "entry.yaml")
    with pytest.raises(ModelError, match="unknown parameter 'd'"):
        model.game(d=1)
    with pytest.raises(ModelError, match=r"c=11 is outside its range \[0, 10\]"):
        model.game(c=11)
    with pytest.raises(ModelError, match="not a number"):
        model.game(c="three")


def test_formulas_are_not_python():
    model_text = ENTRY.replace('"2 - c"', '"__import__(\'os\').getcwd()"')
    with pytest.raises(ModelError, match="cannot read the formula|unknown parameter"):
        read_model(model_text, "evil.yaml")


def error_of(text):
    with pytest.raises(ModelError) as caught:
        read_model(text, "bad.yaml")
    return caught.value


@pytest.mark.parametrize("old, new, line, column, message", [
    ("players: [Entrant, Incumbent]", "players: [Entrant, Incumbent", 3, 11, "not valid YAML"),
    ("title: Entry deterrence", "titel: Entry deterrence", 1, 1, "unknown key 'titel'"),
    ("Incumbent: [[\"2 - c\", 1], [2, 2]]", "Incumbent: [[\"2 - c\", 1], [2]]", 8, 29, "expected a list of 2 entries"),
    ("\"2 - c\"", "\"2 - k\"", 8, 16, "unknown parameter 'k'"),
    ("\"2 - c\"", ".nan", 8, 16, "not a finite number"),
    ("\"2 - c\"", ".inf", 8, 16, "not a finite number"),
    ("value: 3,", "value: 30,", 4, 14, "outside its range"),
    ("strategies: {Entrant", "strategies: {Entrnt", 5, 13, "strategies must list each player"),
    ("value: 3,", "value: three,", 4, 14, "is not a number"),
    ("Entrant:   [[-1, 1], [0, 0]]", "Entrant:   [[-1, 1], [0, 0]]\n  Entrant: [[0, 0], [0, 0]]", 8, 3,
     "duplicate key"),
    ("\"2 - c\"", "\"1/(c - 3)\"", 1, 1, "not a finite real number"),
])
def test_bad_normal_form_models_name_the_line(old, new, line, column, message):
    assert old in ENTRY
    error = error_of(ENTRY.replace(old, new, 1))
    assert message in error.message
    assert error.file == "bad.yaml" and error.line == line
    if column is not None:
        assert error.column == column
    assert str(error).startswith(f"bad.yaml:{line}:")


@pytest.mark.parametrize("old, new, line, message", [
    ("player: Incumbent\n          infoset: I1\n          moves:\n            Fight: {payoffs: [-1, \"0.5",
     "player: Entrant\n          infoset: I1\n          moves:\n            Fight: {payoffs: [-1, \"0.5", 22,
     "mixes players"),
    ("Fight: {payoffs: [-1, \"0.5 - c\"]}", "Battle: {payoffs: [-1, \"0.5 - c\"]}", 22, "has actions"),
    ("weak: \"1 - p\"", "weak: \"1/3\"", 5, "sum to"),
    ("player: Entrant\n      moves:\n        Out: {payoffs: [0, 2]}\n        In:\n          player: Incumbent\n"
     "          infoset: I1\n          moves:\n            Fight: {payoffs: [-1, \"0.5",
     "player: Putin\n      moves:\n        Out: {payoffs: [0, 2]}\n        In:\n          player: Incumbent\n"
     "          infoset: I1\n          moves:\n            Fight: {payoffs: [-1, \"0.5", 18, "unknown player"),
    ("Out: {payoffs: [0, 2]}\n        In:\n          player: Incumbent\n          infoset: I1\n          moves:\n"
     "            Fight: {payoffs: [-1, \"0.5",
     "Out: {payoffs: [0]}\n        In:\n          player: Incumbent\n          infoset: I1\n          moves:\n"
     "            Fight: {payoffs: [-1, \"0.5", 20, "payoffs must be a list of 2"),
    ("Accommodate: {payoffs: [1, 1]}\n", "Accommodate: {pay: [1, 1]}\n", 16, "unknown key 'pay'"),
])
def test_bad_trees_name_the_line(old, new, line, message):
    assert old in SEQUENTIAL, old
    error = error_of(SEQUENTIAL.replace(old, new, 1))
    assert message in error.message
    assert error.line == line, str(error)


@pytest.mark.parametrize("text, message", [
    ("", "empty"),
    ("- just\n- a list\n", "must be a mapping"),
    ("title: t\nplayers: [A]\n", "missing the game"),
    ("title: t\nplayers: []\nstrategies: {}\npayoffs: {}\n", "non-empty list"),
])
def test_yaml_that_is_not_the_model_schema(text, message):
    assert message in error_of(text).message


def test_bundled_models_load_and_validate():
    names = bundled_models()
    assert {"authorization-simultaneous", "authorization-sequential"} <= set(names)
    for name in names:
        model = gt.load(name)
        assert all(p.source and p.meaning for p in model.parameters.values()), name
        assert all(p.low is not None and p.low <= p.value <= p.high for p in model.parameters.values())


def test_write_yaml_round_trips_games():
    for game in (read_model(ENTRY).game(), read_model(SEQUENTIAL).game(), gt.load("authorization-sequential").game()):
        again = read_model(write_yaml(game)).game()
        assert again == game


PRIORS = dedent("""\
    title: Entry deterrence with priors
    players: [Entrant, Incumbent]
    parameters:
      c: {value: 3, range: [0, 10], prior: {beta: [2, 5]}}
      d: {value: 1, range: [-2, 2], prior: {normal: ["1/2", 1]}}
      e: {value: 0, range: [0, 4], prior: {triangular: [0, 1, 4]}}
      f: {value: 0, range: [0, 4], prior: {uniform: [1, 2]}}
      g: {value: 0, range: [0, 4], prior: uniform}
      h: {value: 0, range: [0, 4]}
    strategies: {Entrant: [In, Out], Incumbent: [Fight, Accommodate]}
    payoffs:
      Entrant:   [[-1, 1], [0, 0]]
      Incumbent: [["2 - c + d + e + f + g + h", 1], [2, 2]]
    """)


def test_priors_are_read_exactly_and_checked():
    parameters = read_model(PRIORS).parameters
    assert parameters["c"].prior.family == "beta" and parameters["c"].prior.arguments == (2, 5)
    assert parameters["d"].prior.arguments == (Fraction(1, 2), 1)
    assert parameters["e"].prior.arguments == (0, 1, 4)
    assert parameters["g"].prior.arguments == (0, 4)  # `uniform` alone: the whole range
    assert parameters["h"].prior is None and parameters["h"].sampler().family == "uniform"
    assert parameters["c"].prior.to_data() == {"beta": [2, 5]}


@pytest.mark.parametrize("old, new, line, column, message", [
    ("{beta: [2, 5]}", "{cauchy: [0, 1]}", 4, 41, "unknown prior 'cauchy'"),
    ("{beta: [2, 5]}", "{beta: [2]}", 4, 47, "takes 2 arguments [a, b], found 1"),
    ("{beta: [2, 5]}", "{beta: [2, -5]}", 4, 51, "must be positive"),
    ("{beta: [2, 5]}", "{beta: [2, nan]}", 4, 51, "must be a finite number"),
    ("{beta: [2, 5]}", "{beta: [2, .nan]}", 4, 51, "not a finite number"),
    ("{beta: [2, 5]}", "{beta: [2, 5], normal: [1, 1]}", 4, 40, "one family"),
    ("{beta: [2, 5]}", "gamma", 4, 40, "unknown prior 'gamma'"),
    ("{normal: [\"1/2\", 1]}", "{normal: [3, 1]}", 5, 50, "mean 3 of the normal prior is outside the range [-2, 2]"),
    ("{normal: [\"1/2\", 1]}", "{normal: [0, 0]}", 5, 53, "sd must be positive"),
    ("{triangular: [0, 1, 4]}", "{triangular: [0, 1, 5]}", 6, 59, "high 5 is outside the range [0, 4]"),
    ("{triangular: [0, 1, 4]}", "{triangular: [0, 3, 2]}", 6, 56, "mode 3 is outside [0, 2]"),
    ("{uniform: [1, 2]}", "{uniform: [2, 1]}", 7, 49, "needs low < high"),
    ("{uniform: [1, 2]}", "{uniform: [1, 2, 3]}", 7, 49, "takes 2 arguments"),
    ("h: {value: 0, range: [0, 4]}", "h: {value: 0, prior: uniform}", 9, 24, "needs the parameter's range"),
])
def test_bad_priors_name_the_line_and_column(old, new, line, column, message):
    assert old in PRIORS, old
    error = error_of(PRIORS.replace(old, new, 1))
    assert message in error.message, error.message
    assert (error.file, error.line, error.column) == ("bad.yaml", line, column), str(error)
