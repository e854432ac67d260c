"""The scenario models of MODELS.md (issue 6, item 1): they load, validate, convert,
and their payoffs at the default calibration are MODELS.md's numeric tables.

The reference tables below are typed from ``../shared/MODELS.md`` exactly as it
prints them; they are not computed from the models' formulas.  Equilibria are
not asserted here.
"""

import io
from fractions import Fraction as F
from pathlib import Path

import pytest

import gametheory_ukraine as gt
from gametheory_ukraine.cli import main
from gametheory_ukraine.formats.loading import bundled_models, dumps
from gametheory_ukraine.games import CHANCE

SCENARIO_MODELS = ["m1-posture", "m1-posture-redline", "m2-ladder", "m3-signalling",
                   "m3-signalling-two-types", "m4-transition", "m5-qre", "m6-brinkmanship"]
NORMAL = {"m1-posture", "m1-posture-redline"}
ANALYSIS = Path(__file__).resolve().parents[2] / "shared" / "source" / "analysis.txt"

# --- MODELS.md's numeric tables --------------------------------------------------------

# M1 default table (u_B, u_K); rows T, C; columns W, A, E.
M1 = {("T", "W"): (F(7, 2), 3), ("T", "A"): (3, F(7, 2)), ("T", "E"): (-17, -19),
      ("C", "W"): (4, 3), ("C", "A"): (F(7, 2), F(7, 2)), ("C", "E"): (-20, -18)}
# M1-RL: rho_T = 30 gives u_K(T, E) = 8, all else at default.
M1_RL = {**M1, ("T", "E"): (-17, 8)}

# M2 numeric leaves at default (W, R, P).
M2 = {
    "D,N,Fight": (-13, -27, -10), "X,N,Fight": (-12, -33, -10),
    "D,N,Yield,Deal": (-18, 3, -4), "X,N,Yield,Deal": (-17, -3, -4),
    "D,N,Yield,Cont": (-16, -3, 0), "X,N,Yield,Cont": (-15, -9, 0),
    "D,E,Fight": (-13, F(-47, 2), -10), "X,E,Fight": (-12, -49, -10),
    "D,E,Yield,Deal": (-16, F(11, 2), -2), "X,E,Yield,Deal": (-15, -20, -2),
    "D,E,Yield,Cont": (-14, F(-1, 2), 0), "X,E,Yield,Cont": (-13, -26, 0),
    "D,K,Deal": (-1, 4, 4), "X,K,Deal": (0, -41, 4),
    "D,K,Cont": (1, -2, 0), "X,K,Cont": (2, -47, 0),
    "D,A,Deal": (F(-3, 2), F(9, 2), 3), "X,A,Deal": (F(-1, 2), F(-81, 2), 3),
    "D,A,Cont": (F(1, 2), F(-3, 2), 0), "X,A,Cont": (F(3, 2), F(-93, 2), 0),
}

# M3: the sender's payoff u_tau(m, r), the Kremlin's b(tau, r) and d_m.
M3_SENDER = {"T": {"EW": 3, "EH": 5, "MW": 1, "MH": 2},
             "C": {"EW": 3, "EH": -3, "MW": 4, "MH": -2},
             "L": {"EW": 2, "EH": -4, "MW": 4, "MH": -2}}
M3_B = {"T": {"W": 5, "H": -8}, "C": {"W": 2, "H": 4}, "L": {"W": 4, "H": -2}}
M3_DELTA = {"T": -13, "C": 2, "L": -6}  # the printed column b(H) - b(W)
M3_D = {"E": 2, "M": 1}


def m3_leaves(types):
    return {f"{t},{m},{r}": (M3_SENDER[t][m + r], M3_B[t][r] - M3_D[m])
            for t in types for m in "EM" for r in "WH"}


# M4 leaves (B, K, P).
M4 = {
    "Esc,Rs,Deal": (F(11, 2), 2, F(16, 5)), "Esc,Rs,Cont": (F(-1, 2), -5, 0),
    "Esc,Kp,Deal": (F(9, 2), F(5, 2), 2), "Esc,Kp,Cont": (F(-1, 2), F(-11, 2), 0),
    "Esc,X": (F(-41, 2), -19, -10),
    "Hold,Rs,Deal": (4, 6, F(14, 5)), "Hold,Rs,Cont": (0, -3, 0),
    "Hold,Kp,Deal": (3, F(13, 2), F(8, 5)), "Hold,Kp,Cont": (0, F(-7, 2), 0),
    "Hold,X": (-20, -17, -10),
}

# M5: fixedUtils = c(4, 6, -20, 3) = (u11, u13, u14, u24); the West's 0s are egame12's normalisation.
M5 = {"Wait": (4, 0), "Escalate,Yield": (6, 0), "Escalate,Fight": (-20, 3)}

# M6 (R, W): Stop (S_R, 0); Continue without disaster (-D_R, G_C); disaster (-N_R, -N_W);
# S_R = 4, D_R = 2, N_R = N_W = 100, G_C = 2, p = 1/2, q in {0, 1/50, 1/25, 3/50}.
M6_STOP, M6_SAFE, M6_DISASTER = (4, 0), (-2, 2), (-100, -100)
M6_P = F(1, 2)
M6_Q = {"q=0": F(0), "q=1/50": F(1, 50), "q=1/25": F(1, 25), "q=3/50": F(3, 50)}


def m6_leaves():
    leaves = {}
    for level, q in M6_Q.items():
        for branch in (f"{level},Resolute", f"{level},Compliant,Continue"):
            if q == 0:
                leaves[branch] = M6_SAFE
            else:
                leaves[f"{branch},disaster"] = M6_DISASTER
                leaves[f"{branch},safe"] = M6_SAFE
        leaves[f"{level},Compliant,Stop"] = M6_STOP
    return leaves


EXTENSIVE = {
    "m2-ladder": M2,
    "m3-signalling": m3_leaves("TCL"),
    "m3-signalling-two-types": m3_leaves("TC"),
    "m4-transition": M4,
    "m5-qre": M5,
    "m6-brinkmanship": m6_leaves(),
}


def leaves_by_path(game):
    payoffs = game.leaf_payoffs(exact=True)
    return {game.node_name(int(v)): tuple(payoffs[i].tolist()) for i, v in enumerate(game.arrays.leaves)}


# --- tests ----------------------------------------------------------------------------


def test_models_are_bundled_and_listed(capsys):
    assert set(SCENARIO_MODELS) <= set(bundled_models())
    assert main(["models"]) == 0
    listed = {line.split()[0] for line in capsys.readouterr().out.splitlines() if line.strip()}
    assert set(SCENARIO_MODELS) <= listed


@pytest.mark.parametrize("name", SCENARIO_MODELS)
def test_model_loads_and_documents_every_parameter(name):
    model = gt.load(name)
    assert model.kind == ("normal" if name in NORMAL else "extensive")
    tag = {"m1-posture-redline": "M1-RL", "m3-signalling-two-types": "M3"}.get(name, name[:2].upper())
    assert model.title.startswith(tag) and "MODELS.md game" in model.description
    analysis = ANALYSIS.read_text(encoding="utf-8") if ANALYSIS.is_file() else None
    for p in model.parameters.values():
        assert p.name.isascii() and p.meaning and p.source, p.name
        assert p.low is not None and p.high is not None and p.low <= p.value <= p.high, p.name
        # MODELS.md section 0: from the natural bound to at least five times the default, or [0, 1]
        if p.value > 0:
            assert p.high >= 5 * p.value or (p.low, p.high) == (0, 1), p.name
        elif p.value < 0:
            assert p.low <= 5 * p.value, p.name
        if analysis is not None:
            assert p.source in analysis, f"{name}: the source of {p.name} is not a sentence of the analysis"
    # payoffs are formulas over the parameters, not precomputed numbers
    expressions = (list(model.payoffs.flat) if model.kind == "normal"
                   else [e for leaf in _tree_leaves(model.tree) for e in leaf])
    used = set().union(*(e.free_symbols for e in expressions))
    assert len(used) >= 4


def _tree_leaves(node):
    if "payoffs" in node:
        yield node["payoffs"]
    for child in node.get("moves", {}).values():
        yield from _tree_leaves(child)


def test_parameter_names_follow_models_md():
    expected = {
        "m1-posture": {"s", "t", "g", "d_T", "d_C", "kappa", "r", "w_K", "rho", "G", "L_T", "P_t",
                       "theta", "alpha", "w_B", "Lambda"},
        "m2-ladder": {"g_D", "g_X", "d_D", "d_X", "h_D", "h_X", "n", "e", "w_W", "w_R", "w_P", "y_N",
                      "y_E", "c_N", "c_E", "k", "k_W", "a", "a_W", "V", "D_W", "delta", "q_N", "q_E",
                      "iota", "theta", "Lambda"},
        "m4-transition": {"V", "x_0", "lambda", "gamma", "d_Esc", "c_Kp", "L_C", "w_K", "rho", "delta",
                          "omega", "eta", "w_P", "beta", "e_Esc", "theta", "Lambda", "w_B"},
        "m5-qre": {"u11", "u13", "u14", "u24"},
    }
    for name, names in expected.items():
        assert set(gt.load(name).parameters) == names, name
    assert set(gt.load("m1-posture-redline").parameters) == expected["m1-posture"] | {"rho_T"}
    assert {"pi_T", "pi_C", "d_E", "d_M"} <= set(gt.load("m3-signalling").parameters)
    assert {"S_R", "D_R", "N_R", "N_W", "G_C", "p"} <= set(gt.load("m6-brinkmanship").parameters)


@pytest.mark.parametrize("name, table", [("m1-posture", M1), ("m1-posture-redline", M1_RL)])
def test_m1_payoffs_match_models_md(name, table):
    game = gt.load(name).game()
    assert game.players == ("B", "K") and game.strategies == (("T", "C"), ("W", "A", "E"))
    for (row, column), expected in table.items():
        i, j = "TC".index(row), "WAE".index(column)
        assert (game.exact[0, i, j], game.exact[1, i, j]) == expected, (row, column)


def test_m1_redline_changes_only_the_trap_escalation_cell():
    base, redline = gt.load("m1-posture").game(), gt.load("m1-posture-redline").game()
    differs = base.exact != redline.exact
    assert differs.sum() == 1 and differs[1, 0, 2]
    assert gt.load("m1-posture-redline").game(rho_T=3).exact.tolist() == base.exact.tolist()


@pytest.mark.parametrize("name", sorted(EXTENSIVE))
def test_extensive_leaf_payoffs_match_models_md(name):
    game = gt.load(name).game()
    assert leaves_by_path(game) == EXTENSIVE[name]


def test_m3_kremlin_payoffs_follow_the_printed_delta_column():
    for t, delta in M3_DELTA.items():
        assert M3_B[t]["H"] - M3_B[t]["W"] == delta


@pytest.mark.parametrize("name, types, priors", [
    ("m3-signalling", "TCL", (F(1, 3), F(1, 3), F(1, 3))),
    ("m3-signalling-two-types", "TC", (F(1, 2), F(1, 2))),
])
def test_m3_priors_and_information_sets(name, types, priors):
    game = gt.load(name).game()
    root = game.infosets[game.nodes[0].infoset]
    assert root.player == CHANCE and root.actions == tuple(types) and root.probabilities == priors
    kremlin = [s for s in game.infosets if s.player == game.players.index("K")]
    assert len(kremlin) == 2 and [len(game.members[game.infosets.index(s)]) for s in kremlin] == [len(types)] * 2
    assert not game.is_perfect_information and game.has_perfect_recall


def test_m3_priors_are_parameters():
    game = gt.load("m3-signalling").game(pi_T="1/2", pi_C="1/4")
    assert game.infosets[game.nodes[0].infoset].probabilities == (F(1, 2), F(1, 4), F(1, 4))


def test_m6_chance_probabilities():
    game = gt.load("m6-brinkmanship").game()
    chance = [s.probabilities for s in game.infosets if s.player == CHANCE]
    assert chance.count((M6_P, 1 - M6_P)) == 4
    for q in (F(1, 50), F(1, 25), F(3, 50)):
        assert chance.count((q, 1 - q)) == 2  # after Resolute and after Compliant's Continue


@pytest.mark.parametrize("name", ["m2-ladder", "m4-transition"])
def test_perfect_information_models(name):
    assert gt.load(name).game().is_perfect_information


@pytest.mark.parametrize("name", SCENARIO_MODELS)
def test_written_gambit_files_are_read_by_pygambit(name):
    pygambit = pytest.importorskip("pygambit")
    game = gt.load(name).game()
    if name in NORMAL:
        read = pygambit.read_nfg(io.StringIO(dumps(game, ".nfg")))
        players = list(read.players)
        assert [len(p.strategies) for p in players] == [2, 3]
        for i in range(2):
            for j in range(3):
                assert [F(str(read[i, j][p])) for p in players] == [game.exact[0, i, j], game.exact[1, i, j]]
        return
    read = pygambit.read_efg(io.StringIO(dumps(game, ".efg")))
    assert [p.label for p in read.players] == list(game.players)
    terminal = sorted(tuple(F(str(n.outcome[p])) if n.outcome is not None else F(0) for p in read.players)
                      for n in _efg_terminals(read.root))
    assert terminal == sorted(tuple(F(x) for x in row) for row in game.leaf_payoffs(exact=True).tolist())


def _efg_terminals(node):
    if not node.children:
        yield node
    for child in node.children:
        yield from _efg_terminals(child)


@pytest.mark.parametrize("name", [n for n in SCENARIO_MODELS if n not in NORMAL])
def test_reduced_strategic_form_is_read_by_pygambit(name):
    pygambit = pytest.importorskip("pygambit")
    text = dumps(gt.load(name).game(), ".nfg")
    # m2-ladder's reduced strategies are named "11".."44" among 16: the writer renames labels
    # that pygambit 16.7 would read as another strategy's position (and keeps the originals)
    read = pygambit.read_nfg(io.StringIO(text))
    assert len(read.players) == len(gt.load(name).players)
