"""Perfect Bayesian equilibria of signalling games, checked against known answers and independently.

* Beer–Quiche (Cho and Kreps 1987): two pooling PBE; the quiche one fails the
  Intuitive Criterion and D1, the beer one passes both.
* The M3 signalling game of MODELS.md, whose answers are worked out by hand below.
* Every corpus game of the signalling shape: each reported PBE is a Nash
  equilibrium by pygambit's exact regret, and the set of pure PBE equals a
  brute-force search written here from the definition (sequential rationality
  at every information set; Bayes' rule where the others' play reaches it;
  some belief, found by a linear program, where it does not).
"""

import itertools
import json
from fractions import Fraction as F

import numpy as np
import pytest
from scipy.optimize import linprog

import gametheory_ukraine as gt
from gametheory_ukraine.errors import SolverError
from gametheory_ukraine.games import CHANCE
from gametheory_ukraine.solvers.budget import Budget
from gametheory_ukraine.solvers.pbe import (
    CLASS_DESCRIPTION, perfect_bayesian_equilibria, pbe, signaling_structure, simplex_polytope_vertices)

from ..corpus import FIXTURES, corpus_params

BEER_QUICHE = FIXTURES / "signaling" / "beer_quiche.efg"


# ---------------------------------------------------------------------------------------
# an independent brute force


def _chance_probability(game, node, action):
    probability = game.infosets[game.nodes[node].infoset].probabilities[action]
    return probability if game.is_exact else float(probability)


def _values(game, chosen):
    """Payoff vector at every node under the pure profile ``chosen`` (infoset -> action)."""
    table = game.arrays.exact_payoffs if game.is_exact else game.arrays.payoffs
    values = [None] * game.num_nodes
    for v in reversed(range(game.num_nodes)):  # preorder reversed: children first
        node = game.nodes[v]
        if not node.children:
            values[v] = list(table[v])
        elif game.infosets[node.infoset].player == CHANCE:
            values[v] = [sum(_chance_probability(game, v, a) * values[c][i] for a, c in enumerate(node.children))
                         for i in range(game.num_players)]
        else:
            values[v] = values[node.children[chosen[node.infoset]]]
    return values


def _reach(game, chosen, without):
    """Probability of reaching each node from chance and the players other than ``without``."""
    reach = [None] * game.num_nodes
    reach[0] = F(1) if game.is_exact else 1.0
    for v, node in enumerate(game.nodes):
        for a, c in enumerate(node.children):
            mover = game.infosets[node.infoset].player
            if mover == CHANCE:
                step = _chance_probability(game, v, a)
            elif mover == without:
                step = 1
            else:
                step = int(chosen[node.infoset] == a)
            reach[c] = reach[v] * step
    return reach


def _some_belief_supports(gains):
    """Is there a belief (a row of weights summing to 1) under which every column of ``gains`` is <= 0?"""
    gains = np.asarray(gains, dtype=float)  # (nodes, alternatives)
    count = gains.shape[0]
    if gains.shape[1] == 0:
        return True
    # Scaling a column by a positive number keeps its sign: do so, for games with payoffs like 1e19.
    gains = gains / np.maximum(np.abs(gains).max(axis=0), 1e-300)
    found = linprog(np.zeros(count), A_ub=gains.T, b_ub=np.full(gains.shape[1], 1e-9),
                    A_eq=np.ones((1, count)), b_eq=[1.0], bounds=[(0, None)] * count, method="highs")
    return found.status == 0


def brute_force_pbe(game):
    """Every pure profile (one action per information set) that is a perfect Bayesian equilibrium."""
    decision_sets = [s for s, infoset in enumerate(game.infosets) if infoset.player != CHANCE]
    found = set()
    for actions in itertools.product(*(range(len(game.infosets[s].actions)) for s in decision_sets)):
        chosen = dict(zip(decision_sets, actions))
        values = _values(game, chosen)
        if all(_rational_at(game, s, chosen, values) for s in decision_sets):
            found.add(tuple(actions))
    return found


def _rational_at(game, s, chosen, values):
    player = game.infosets[s].player
    members = game.members[s]
    weights = [_reach(game, chosen, player)[v] for v in members]
    # the value to `player` of each action at each node of the set
    payoff = [[values[game.nodes[v].children[a]][player] for a in range(len(game.infosets[s].actions))]
              for v in members]
    own = chosen[s]
    if sum(weights) > 0:  # Bayes' rule
        expected = [sum(w * row[a] for w, row in zip(weights, payoff)) for a in range(len(payoff[0]))]
        return expected[own] >= max(expected) - (0 if game.is_exact else 1e-9 * max(1.0, abs(max(expected))))
    # Beliefs may weigh only nodes chance can reach (all of them if it reaches none).
    support = [k for k, v in enumerate(members) if _chance_only(game, v) > 0] or list(range(len(members)))
    gains = [[float(payoff[k][a] - payoff[k][own]) for a in range(len(payoff[k])) if a != own] for k in support]
    return _some_belief_supports(gains)


def _chance_only(game, v):
    probability = 1
    for parent, action in game.path(v):
        if game.infosets[game.nodes[parent].infoset].player == CHANCE:
            probability *= _chance_probability(game, parent, action)
    return probability


def as_actions(game, equilibrium):
    """The pure profile of an equilibrium as one action per (non-chance) information set."""
    actions = {}
    for p in range(game.num_players):
        for k, s in enumerate(game.player_infosets(p)):
            actions[s] = int(np.argmax(equilibrium.behavior[p][k]))
    return tuple(actions[s] for s, infoset in enumerate(game.infosets) if infoset.player != CHANCE)


def assert_matches_brute_force(game):
    found = perfect_bayesian_equilibria(game)
    reported = [as_actions(game, e.equilibrium) for e in found]
    assert len(set(reported)) == len(reported), "an equilibrium is reported twice"
    assert set(reported) == brute_force_pbe(game)
    return found


# ---------------------------------------------------------------------------------------
# Beer–Quiche


def test_beer_quiche_has_the_two_pooling_equilibria_and_only_beer_is_intuitive():
    game = gt.load(BEER_QUICHE)
    beer, quiche = assert_matches_brute_force(game)
    assert beer.kind == quiche.kind == "pooling"
    assert beer.messages == (("Weak", "Beer"), ("Strong", "Beer"))
    assert quiche.messages == (("Weak", "Quiche"), ("Strong", "Quiche"))
    # On the path the receiver believes the prior; off the path she duels when P(Weak) >= 1/2.
    on_beer, off_quiche = beer.beliefs
    assert on_beer.on_path and on_beer.point == (F(1, 10), F(9, 10)) and on_beer.response == "NoDuel"
    assert not off_quiche.on_path and off_quiche.response == "Duel"
    assert off_quiche.interval == (F(1, 2), F(1)) and off_quiche.describe() == "P(Weak) in [1/2, 1]"
    off_beer, on_quiche = quiche.beliefs
    assert off_beer.interval == (F(1, 2), F(1)) and on_quiche.point == (F(1, 10), F(9, 10))
    assert dict(beer.type_payoffs) == {"Weak": 2, "Strong": 3}
    assert dict(quiche.type_payoffs) == {"Weak": 3, "Strong": 2}
    # The refinements: Strong would break the quiche equilibrium by drinking beer.
    for verdict in (beer.intuitive_criterion, beer.d1):
        assert verdict.passes and verdict.beliefs_consistent and not verdict.deviations
    for verdict in (quiche.intuitive_criterion, quiche.d1):
        assert not verdict.passes and verdict.deviations == (("Strong", "Beer"),)
        assert dict(verdict.excluded) == {"Beer": ("Weak",)}
    assert dict(beer.intuitive_criterion.excluded) == {"Quiche": ("Strong",)}
    assert "equilibrium-dominated for Weak" in quiche.intuitive_criterion.reason
    assert "Weak never gets its equilibrium payoff from Beer" in quiche.d1.reason
    # Certified exactly.
    assert beer.equilibrium.regret == 0 and beer.equilibrium.exact_payoffs == (F(29, 10), F(9, 10))


def test_beer_quiche_through_the_method_table():
    game = gt.load(BEER_QUICHE)
    result = gt.solve(game, "pbe")
    assert result.complete and result.status == "converged" and len(result) == 2
    assert result.notes[0].startswith("2 pure perfect Bayesian equilibria; types Weak (1/10), Strong (9/10)")
    assert "Intuitive Criterion fails (Strong would deviate to Beer)" in result.notes[2]
    assert "Intuitive Criterion passes; D1 passes" in result.notes[1]
    for equilibrium in result:
        assert equilibrium.is_exact and equilibrium.is_pure and equilibrium.regret == 0
    json.dumps(result.to_dict())


def test_records_are_json_with_exact_numbers_as_text():
    (beer, quiche) = perfect_bayesian_equilibria(gt.load(BEER_QUICHE))
    record = json.loads(json.dumps(quiche.to_dict()))
    assert record["kind"] == "pooling" and record["messages"] == {"Weak": "Quiche", "Strong": "Quiche"}
    off_path = record["beliefs"][0]
    assert off_path["on_path"] is False and off_path["interval"] == ["1/2", "1"]
    assert off_path["vertices"] == [["1/2", "1/2"], ["1", "0"]]
    assert off_path["inequalities"] == [{"coefficients": ["1", "-1"], "against": "NoDuel"}]
    assert record["beliefs"][1]["belief"] == ["1/10", "9/10"]
    assert record["intuitive_criterion"]["passes"] is False
    assert record["d1"]["deviations"] == [{"type": "Strong", "message": "Beer"}]
    assert record["type_payoffs"] == {"Weak": "3", "Strong": "2"}


def _beer_quiche_tree(weak_prior="1/10", number=str, quiche_extra=None):
    """Beer–Quiche as a nested tree; ``quiche_extra`` adds responses after quiche: {name: (weak, strong)}."""
    def side(beer, quiche, extra):
        def answers(duel, peace):
            return {"Duel": {"payoffs": [number(x) for x in duel]}, "NoDuel": {"payoffs": [number(x) for x in peace]}}
        after_quiche = answers(*quiche)
        after_quiche.update({name: {"payoffs": [number(x) for x in pay]} for name, pay in (extra or {}).items()})
        return {"moves": {"Beer": {"player": "R", "infoset": "beer", "moves": answers(*beer)},
                          "Quiche": {"player": "R", "infoset": "quiche", "moves": after_quiche}}}
    extra = quiche_extra or {}
    strong_prior = str(1 - F(weak_prior)) if number is str else 1 - float(F(weak_prior))
    return {"chance": {"Weak": weak_prior if number is str else float(F(weak_prior)), "Strong": strong_prior},
            "moves": {
                "Weak": {"player": "S", **side(([0, 1], [2, 0]), ([1, 1], [3, 0]),
                                               {k: v[0] for k, v in extra.items()})},
                "Strong": {"player": "S", **side(([1, 0], [3, 1]), ([0, 0], [2, 1]),
                                                 {k: v[1] for k, v in extra.items()})}}}


def test_float_games_give_the_same_equilibria_with_float_beliefs():
    game = gt.ExtensiveGame.from_tree(["S", "R"], _beer_quiche_tree(number=float))
    assert not game.is_exact
    beer, quiche = assert_matches_brute_force(game)
    low, high = beer.beliefs[1].interval
    assert isinstance(low, float) and low == pytest.approx(0.5) and high == pytest.approx(1.0)
    assert beer.d1.passes and not quiche.d1.passes and not quiche.intuitive_criterion.passes
    assert beer.equilibrium.exact_payoffs is None and beer.equilibrium.regret < 1e-12


def test_a_profile_can_need_beliefs_that_the_criterion_rules_out():
    """Beer pooling stays intuitive, but the profile answering quiche with 'Ignore' needs P(Strong) >= 5/6."""
    # Ignore: the receiver's best answer to a surely strong quiche eater, bad for both types of sender.
    tree = _beer_quiche_tree(quiche_extra={"Ignore": ([1, -5], [0, 2])})
    game = gt.ExtensiveGame.from_tree(["S", "R"], tree)
    found = assert_matches_brute_force(game)
    beer_pooling = [e for e in found if e.messages == (("Weak", "Beer"), ("Strong", "Beer"))]
    by_response = {e.responses[1][1]: e for e in beer_pooling}
    assert set(by_response) == {"Duel", "Ignore"}
    ignore = by_response["Ignore"]
    assert ignore.beliefs[1].interval == (F(0), F(1, 6))  # P(Weak) <= 1/6
    for verdict in (ignore.intuitive_criterion, ignore.d1):
        assert verdict.passes and not verdict.beliefs_consistent
    assert by_response["Duel"].intuitive_criterion.beliefs_consistent


# ---------------------------------------------------------------------------------------
# M3: trap, coordination or leverage


M3_SENDER = {"T": {"EW": 3, "EH": 5, "MW": 1, "MH": 2},
             "C": {"EW": 3, "EH": -3, "MW": 4, "MH": -2},
             "L": {"EW": 2, "EH": -4, "MW": 4, "MH": -2}}
M3_KREMLIN = {"T": {"W": 5, "H": -8}, "C": {"W": 2, "H": 4}, "L": {"W": 4, "H": -2}}
M3_DAMAGE = {"E": 2, "M": 1}


def m3_game(priors):
    moves = {t: {"player": "B", "moves": {
        m: {"player": "K", "infoset": f"after {m}", "moves": {
            r: {"payoffs": [M3_SENDER[t][m + r], M3_KREMLIN[t][r] - M3_DAMAGE[m]]} for r in "WH"}}
        for m in "EM"}} for t in priors}
    return gt.ExtensiveGame.from_tree(["B", "K"], {"chance": priors, "moves": moves}, title="M3")


def test_m3_three_types():
    pooling, hybrid = assert_matches_brute_force(m3_game({"T": "1/3", "C": "1/3", "L": "1/3"}))
    # Pooling on energy strikes, the Kremlin waits, and would hit back after military strikes ...
    assert pooling.kind == "pooling" and pooling.responses == (("E", "W"), ("M", "H"))
    off_path = pooling.beliefs[1]
    assert off_path.types == ("T", "C", "L") and not off_path.on_path
    # ... if it believed -13 P(T) + 2 P(C) - 6 P(L) >= 0: the triangle worked out by hand.
    assert set(off_path.vertices) == {(0, F(3, 4), F(1, 4)), (F(2, 15), F(13, 15), 0), (0, 1, 0)}
    assert off_path.inequalities == (((-13, 2, -6), "W"),)
    assert off_path.describe().startswith("-13 P(T) + 2 P(C) - 6 P(L) >= 0: ")
    # Trap types never gain from M (at most 2 < 3), so the Intuitive Criterion keeps beliefs on C and L, where
    # either answer is possible; D1 also drops C (L gains whenever C would), and against L the Kremlin waits,
    # which C and L both prefer to pooling.
    assert pooling.intuitive_criterion.passes
    assert dict(pooling.intuitive_criterion.excluded) == {"M": ("T",)}
    assert not pooling.d1.passes and dict(pooling.d1.excluded) == {"M": ("T", "C")}
    assert set(pooling.d1.deviations) == {("C", "M"), ("L", "M")}
    # The trap type alone strikes energy targets; the others pool on military targets; the Kremlin waits.
    assert hybrid.kind == "semi-separating"
    assert hybrid.messages == (("T", "E"), ("C", "M"), ("L", "M"))
    assert [b.point for b in hybrid.beliefs] == [(1, 0, 0), (0, F(1, 2), F(1, 2))]
    assert hybrid.intuitive_criterion.passes and hybrid.d1.passes
    assert dict(hybrid.type_payoffs) == {"T": 3, "C": 4, "L": 4}


def test_m3_two_types_with_a_zero_prior_type():
    """pi_L = 0: the leverage type stays in the tree but no belief weighs it."""
    (pooling,) = assert_matches_brute_force(m3_game({"T": "1/2", "C": "1/2", "L": "0"}))
    assert pooling.messages == (("T", "E"), ("C", "E"), ("L", "E"))
    assert pooling.beliefs[0].point == (F(1, 2), F(1, 2)) and pooling.beliefs[0].types == ("T", "C")
    assert pooling.beliefs[1].interval == (0, F(2, 15))
    assert pooling.intuitive_criterion.passes and pooling.d1.passes
    (without_leverage,) = perfect_bayesian_equilibria(m3_game({"T": "1/2", "C": "1/2"}))
    assert without_leverage.beliefs[1].vertices == pooling.beliefs[1].vertices


# ---------------------------------------------------------------------------------------
# shapes: ties, messages without answers, per-message responses, trivial structure


def test_receiver_ties_give_every_pure_response():
    flat = {"x": {"payoffs": [1, 0]}, "y": {"payoffs": [0, 0]}}
    game = gt.ExtensiveGame.from_tree(["S", "R"], {"chance": {"a": "1/2", "b": "1/2"}, "moves": {
        t: {"player": "S", "moves": {"m": {"player": "R", "infoset": "m", "moves": flat},
                                     "n": {"player": "R", "infoset": "n", "moves": flat}}} for t in "ab"}})
    found = assert_matches_brute_force(game)
    # Whatever the receiver does she gets 0, so any response is optimal for any belief.  When she answers
    # both messages alike every sender strategy is optimal (4 each); otherwise both types send the message
    # answered with x (1 each).
    assert len(found) == 4 + 4 + 1 + 1
    assert sorted(e.kind for e in found).count("separating") == 4
    assert all(set(b.vertices) == {(1, 0), (0, 1)} for e in found for b in e.beliefs if not b.on_path)


def test_three_types_endings_different_responses_and_trivial_nodes():
    """Three types; 'quit' ends the game; the two messages have different responses; unary
    nodes and a final chance move (an average) must not disturb the reading."""
    def answer(a, b):
        return {"chance": {"h": "1/2", "t": "1/2"}, "moves": {
            "h": {"payoffs": a}, "t": {"player": "R", "infoset": "unary", "moves": {"ok": {"payoffs": b}}}}}
    def sender(t, gain):
        return {"player": "S", "infoset": f"type {t}", "moves": {
            "quit": {"payoffs": [0, 1]},
            "small": {"player": "R", "infoset": "small", "moves": {
                "accept": {"payoffs": [gain, 2 - gain]}, "reject": {"payoffs": [-1, 1]}}},
            "big": {"player": "S", "infoset": f"confirm {t}", "moves": {"go": {
                "player": "R", "infoset": "big", "moves": {
                    "accept": answer([2 * gain, 3 - gain], [2 * gain, 1 - gain]),
                    "haggle": {"payoffs": [gain, 1]},
                    "reject": {"payoffs": [-2, gain]}}}}}}}
    tree = {"player": "R", "infoset": "opening", "moves": {"start": {
        "chance": {"lo": "1/2", "mid": "1/3", "hi": "1/6"},
        "moves": {"lo": sender("lo", 0), "mid": sender("mid", 1), "hi": sender("hi", 2)}}}}
    game = gt.ExtensiveGame.from_tree(["S", "R"], tree)
    structure = signaling_structure(game)
    assert [t.label for t in structure.types] == ["lo", "mid", "hi"]
    assert [m.label for m in structure.message_sets] == ["small", "big"]
    assert [m.responses for m in structure.message_sets] == [("accept", "reject"), ("accept", "haggle", "reject")]
    assert structure.destination[0] == (None, 0, 1)
    found = assert_matches_brute_force(game)
    assert found, "this game has pure PBE"
    for e in found:
        for belief in e.beliefs:
            if not belief.on_path:  # every corner of an off-path belief set supports the response
                _check_polytope(structure, belief)


def _check_polytope(structure, belief):
    i = [m.infoset for m in structure.message_sets].index(belief.infoset)
    support = structure.belief_support(i)
    responses = structure.message_sets[i].responses
    chosen = responses.index(belief.response)
    for vertex in belief.vertices:
        assert sum(vertex) == 1 and min(vertex) >= 0
        values = [sum(p * structure.receiver_payoff(i, t, r) for p, t in zip(vertex, support))
                  for r in range(len(responses))]
        assert values[chosen] == max(values)


def test_polytope_vertices():
    # x0 >= 2 x1 in the simplex of two: x0 in [2/3, 1]
    assert simplex_polytope_vertices([[F(1), F(-2)]], 2, exact=True) == [(F(2, 3), F(1, 3)), (F(1), F(0))]
    assert simplex_polytope_vertices([[F(-1), F(-1)]], 2, exact=True) == []
    assert simplex_polytope_vertices([[F(-1)]], 1, exact=True) == []
    assert set(simplex_polytope_vertices([], 3, exact=True)) == {(1, 0, 0), (0, 1, 0), (0, 0, 1)}
    floats = simplex_polytope_vertices([[1.0, -2.0]], 2, exact=False, tolerance=1e-12)
    assert np.allclose(floats, [(2 / 3, 1 / 3), (1.0, 0.0)])


def test_budget_stops_early_and_says_so():
    game = gt.load(BEER_QUICHE)
    result = pbe(game, budget=Budget(iterations=1))
    assert result.status == "budget_exceeded" and not result.complete
    assert any("stopped early" in note for note in result.notes)


# ---------------------------------------------------------------------------------------
# games outside the class


@pytest.mark.parametrize("tree, why", [
    ({"chance": {"a": "1/2", "b": "1/2"}, "moves": {
        t: {"player": "S", "infoset": "blind", "moves": {"m": {"player": "R", "moves": {
            "x": {"payoffs": [1, 1]}, "y": {"payoffs": [0, 0]}}}, "n": {"payoffs": [0, 0]}}} for t in "ab"}},
     "does not know her type"),
    ({"player": "S", "moves": {"m": {"player": "R", "moves": {
        "x": {"player": "S", "moves": {"u": {"payoffs": [1, 1]}, "d": {"payoffs": [0, 0]}}},
        "y": {"payoffs": [0, 0]}}}, "n": {"payoffs": [0, 0]}}},
     "more than one round of signalling"),
    ({"player": "S", "moves": {"m": {"player": "R", "infoset": "I", "moves": {
        "x": {"payoffs": [1, 1]}, "y": {"payoffs": [0, 0]}}}, "n": {"player": "R", "infoset": "I", "moves": {
            "x": {"payoffs": [0, 0]}, "y": {"payoffs": [1, 1]}}}}},
     "does not see the message"),
])
def test_games_outside_the_class_are_refused_with_the_reason(tree, why):
    game = gt.ExtensiveGame.from_tree(["S", "R"], tree)
    with pytest.raises(SolverError, match=why) as error:
        gt.solve(game, "pbe")
    assert str(error.value).startswith(CLASS_DESCRIPTION) and "use spe" in str(error.value)


# ---------------------------------------------------------------------------------------
# the Gambit corpus


def _pygambit_regret(path, game, equilibrium):
    pygambit = pytest.importorskip("pygambit")
    theirs = pygambit.read_efg(str(path))
    profile = theirs.mixed_behavior_profile(rational=True)
    arrays = game.arrays
    for player in theirs.players:
        for infoset in player.infosets:
            node = 0  # follow the first member's path of action numbers in our tree
            steps = []
            member = list(infoset.members)[0]
            while member.parent is not None:
                steps.append(member.prior_action.number)
                member = member.parent
            for a in reversed(steps):
                node = int(arrays.children[arrays.child_start[node] + a])
            s = int(arrays.infoset[node])
            owner = game.infosets[s].player
            probabilities = equilibrium.exact_behavior[owner][game.player_infosets(owner).index(s)]
            for a, action in enumerate(infoset.actions):
                profile[action] = probabilities[a]
    return F(str(profile.max_regret()))


MAX_BRUTE_FORCE_PROFILES = 5000
SIGNALING_IN_CORPUS = {
    "bcp2.efg", "bcp3.efg", "bcp4.efg", "bhg1.efg", "bhg2.efg", "bhg3.efg", "bhg4.efg", "bhg5.efg", "e17.efg",
    "e18.efg", "my_2-1.efg", "my_2-4.efg", "pvw.efg", "pvw2.efg", "poker.efg", "stripped_down_poker.efg",
    "watson2013__fig29_1.efg", "watson2013__exercise29_6.efg", "vonstengel2022__fig10.12.efg"}
"""Corpus games of the sender–receiver shape (among others that are too)."""
NOT_SIGNALING_IN_CORPUS = {
    "bayes1a.efg": "does not know her type",  # a Bayesian game: player 2 moves without seeing player 1
    "work1.efg": "does not know her type",  # the uninformed player moves first (screening)
    "hs1.efg": "does not see the message",  # simultaneous moves
    "km3.efg": "moves again",
    "selten1975__fig1.efg": "answered by several players",
    "e05.efg": "several players",
    "myerson.efg": "perfect recall"}


@pytest.mark.parametrize("path", corpus_params("efg"))
def test_corpus_games(path):
    """Signalling games: certified PBE, equal to the brute force; the others: refused with the reason."""
    game = gt.load(path)
    try:
        signaling_structure(game)
    except SolverError as error:
        assert path.name not in SIGNALING_IN_CORPUS
        assert str(error).startswith(CLASS_DESCRIPTION) and "use spe" in str(error)
        assert NOT_SIGNALING_IN_CORPUS.get(path.name, "") in str(error)
        return
    assert path.name not in NOT_SIGNALING_IN_CORPUS
    profiles = np.prod([len(s.actions) for s in game.infosets if s.player != CHANCE], dtype=float)
    if profiles <= MAX_BRUTE_FORCE_PROFILES:
        found = assert_matches_brute_force(game)
    else:
        found = perfect_bayesian_equilibria(game)
    for e in found:
        assert e.equilibrium.regret == 0
        if game.is_exact:
            assert _pygambit_regret(path, game, e.equilibrium) == 0


@pytest.mark.parametrize("path", [p for p in corpus_params("efg") if p.values[0] is None
                                  or p.values[0].name in SIGNALING_IN_CORPUS])
def test_corpus_signaling_games_are_recognised(path):
    signaling_structure(gt.load(path))


@pytest.mark.parametrize("path", [p for p in corpus_params("efg") if p.values[0] is None
                                  or p.values[0].name == "e17.efg"])
def test_corpus_beer_quiche_agrees_with_the_fixture(path):
    """e17.efg is Cho and Kreps' Beer–Quiche with the types called wimp and surly."""
    beer, quiche = perfect_bayesian_equilibria(gt.load(path))
    assert beer.messages == (("wimp", "beer"), ("surly", "beer"))
    assert beer.intuitive_criterion.passes and beer.d1.passes
    assert quiche.intuitive_criterion.deviations == quiche.d1.deviations == (("surly", "beer"),)
