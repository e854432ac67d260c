"""Tests of the Gambit .nfg/.efg reader and writer (gametheory_ukraine.formats.gambit).

* every corpus file loads, and write-then-read gives an equal game;
* pygambit 16.7 reads every file we write with the same payoffs, and agrees
  with our reader on the original corpus files it can read;
* known answers on small hand-written inputs;
* each class of bad input raises GameFormatError at the offending token;
* mutated files give a game or a GameFormatError, never anything else.
"""

from __future__ import annotations

import io
import re
import warnings
from fractions import Fraction
from functools import lru_cache
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from gametheory_ukraine.errors import GameFormatError
from gametheory_ukraine.formats.gambit import read_efg, read_gambit, read_nfg, write_efg, write_nfg
from gametheory_ukraine.games.extensive import CHANCE, ExtensiveGame
from gametheory_ukraine.games.normal import NormalFormGame

from ..corpus import FIXTURES, corpus_files, corpus_params

GAMBIT_FIXTURES = FIXTURES / "gambit"
READERS = {".nfg": read_nfg, ".efg": read_efg}


def read_quietly(path: Path):
    """Read a file; the warning about text after an .efg tree is not the point here."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return read_gambit(path)


def read_text_quietly(reader, text):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        return reader(text)


# ---------------------------------------------------------------------------------------
# what pygambit and our games say, in one comparable form


def as_fraction(x) -> Fraction:
    """pygambit's Rational/Decimal (or our Fraction/int) as a Fraction."""
    return Fraction(str(x))


def our_table(game: NormalFormGame) -> dict[tuple[int, ...], tuple[Fraction, ...]]:
    table = game.payoff_table(exact=True)
    return {
        cell: tuple(as_fraction(table[(p,) + cell]) for p in range(game.num_players))
        for cell in np.ndindex(*game.shape)
    }


def gambit_table(g) -> dict[tuple[int, ...], tuple[Fraction, ...]]:
    """Every cell of a pygambit table game; a null outcome pays 0 to everyone."""
    players = list(g.players)
    shape = tuple(len(p.strategies) for p in players)
    table = {}
    for cell in np.ndindex(*shape):
        outcome = g[cell]
        table[cell] = tuple(Fraction(0) if outcome is None else as_fraction(outcome[p]) for p in players)
    return table


def our_tree(game: ExtensiveGame) -> dict:
    """Plays (cumulative payoffs of the leaves in preorder), chance probabilities at the
    chance nodes in preorder, information sets per player, and the node structure."""
    plays = [tuple(as_fraction(x) for x in row) for row in game.leaf_payoffs(exact=True)]
    chance, shape = [], []
    for node in game.nodes:
        if node.infoset is None:
            shape.append(("t", 0, None))
            continue
        infoset = game.infosets[node.infoset]
        shape.append(("c" if infoset.player == CHANCE else infoset.player, len(node.children), node.infoset))
        if infoset.player == CHANCE:
            chance.append(tuple(as_fraction(q) for q in infoset.probabilities))
    counts = [len(game.player_infosets(p)) for p in range(game.num_players)] + [len(game.player_infosets(CHANCE))]
    return {"plays": plays, "chance": chance, "infosets": counts, "nodes": shape}


def gambit_tree(g) -> dict:
    """The same summary of a pygambit tree, by walking ``node.children`` in preorder."""
    players = list(g.players)
    plays, chance, shape = [], [], []
    numbering: dict[tuple, int] = {}  # information sets numbered by first appearance in preorder
    stack = [(g.root, (Fraction(0),) * len(players))]
    while stack:
        node, reached = stack.pop()
        outcome = node.outcome
        if outcome:  # a NodeOutcome that is falsy (and == None) when there is no outcome
            reached = tuple(x + as_fraction(outcome[p]) for x, p in zip(reached, players))
        children = list(node.children)
        if not children:
            plays.append(reached)
            shape.append(("t", 0, None))
            continue
        infoset = node.infoset
        player = infoset.player
        key = ("c" if player.is_chance else player.number, infoset.number)
        number = numbering.setdefault(key, len(numbering))
        shape.append(("c" if player.is_chance else player.number, len(children), number))
        if player.is_chance:
            chance.append(tuple(as_fraction(a.prob) for a in infoset.actions))
        stack.extend((child, reached) for child in reversed(children))
    counts = [len(p.infosets) for p in players] + [len(g.players.chance.infosets)]
    return {"plays": plays, "chance": chance, "infosets": counts, "nodes": shape}


def gambit_read(suffix: str, text: str):
    gbt = pytest.importorskip("pygambit")
    reader = gbt.read_nfg if suffix == ".nfg" else gbt.read_efg
    return reader(io.StringIO(text))


# ---------------------------------------------------------------------------------------
# 1. every corpus file loads


@pytest.mark.parametrize("path", corpus_params("nfg"))
def test_corpus_nfg_loads(path):
    game = read_gambit(path)
    assert isinstance(game, NormalFormGame) and game.is_exact
    assert game.num_players >= 1 and len(game.players) == game.num_players
    assert game.payoffs.shape == (game.num_players,) + game.shape
    assert [len(s) for s in game.strategies] == list(game.shape)


@pytest.mark.parametrize("path", corpus_params("efg"))
def test_corpus_efg_loads(path):
    game = read_quietly(path)
    assert isinstance(game, ExtensiveGame) and game.is_exact
    assert game.num_nodes >= 1
    assert game.leaf_payoffs(exact=True).shape[1] == game.num_players
    for infoset in game.infosets:
        if infoset.player == CHANCE:
            assert sum(infoset.probabilities) == 1


# ---------------------------------------------------------------------------------------
# 2. write-then-read gives an equal game


@pytest.mark.parametrize("version", ["payoff", "outcome"])
@pytest.mark.parametrize("path", corpus_params("nfg"))
def test_corpus_nfg_round_trip(path, version):
    game = read_gambit(path)
    again = read_nfg(write_nfg(game, version), "written.nfg")
    assert again == game
    assert again.description == game.description
    assert our_table(again) == our_table(game)


@pytest.mark.parametrize("path", corpus_params("efg"))
def test_corpus_efg_round_trip(path):
    game = read_quietly(path)
    text = write_efg(game)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # what we write has nothing after the tree
        again = read_efg(text, "written.efg")
    assert again == game
    assert again.description == game.description
    assert our_tree(again) == our_tree(game)
    assert write_efg(again) == text  # writing is deterministic and stable


# ---------------------------------------------------------------------------------------
# 3. pygambit agrees


@pytest.mark.parametrize("version", ["payoff", "outcome"])
@pytest.mark.parametrize("path", corpus_params("nfg"))
def test_pygambit_reads_our_nfg(path, version):
    game = read_gambit(path)
    g = gambit_read(".nfg", write_nfg(game, version))
    assert len(g.players) == game.num_players
    assert gambit_table(g) == our_table(game)


@pytest.mark.parametrize("path", corpus_params("efg"))
def test_pygambit_reads_our_efg(path):
    game = read_quietly(path)
    g = gambit_read(".efg", write_efg(game))
    assert len(g.players) == game.num_players
    assert gambit_tree(g) == our_tree(game)


def _gambit_original(path: Path):
    gbt = pytest.importorskip("pygambit")
    reader = gbt.read_nfg if path.suffix == ".nfg" else gbt.read_efg
    try:
        return reader(str(path))
    except ValueError as exc:  # Gambit 16.7's label rules reject a few legacy files
        assert "label" in str(exc).lower(), exc
        pytest.skip(f"pygambit 16.7 rejects the original file: {exc}")


@pytest.mark.parametrize("path", corpus_params("nfg"))
def test_our_reader_agrees_with_pygambit_nfg(path):
    g = _gambit_original(path)
    assert gambit_table(g) == our_table(read_gambit(path))


@pytest.mark.parametrize("path", corpus_params("efg"))
def test_our_reader_agrees_with_pygambit_efg(path):
    g = _gambit_original(path)
    assert gambit_tree(g) == our_tree(read_quietly(path))


def test_pygambit_reads_tidied_labels_and_we_restore_the_originals():
    game = read_gambit(GAMBIT_FIXTURES / "labels.efg")
    with pytest.raises(ValueError, match="label"):
        gambit_read(".efg", (GAMBIT_FIXTURES / "labels.efg").read_text(encoding="utf-8"))
    text = write_efg(game)
    g = gambit_read(".efg", text)
    assert [p.label for p in g.players] == ["????", "Player two"]
    assert gambit_tree(g) == our_tree(game)
    again = read_efg(text)
    assert again == game
    assert again.players == ("Київ", "Player  two")
    assert again.infosets[0].actions == ("call ", "fold")
    assert [node.label for node in again.nodes][:2] == ["same", "same"]
    assert again.description == ""
    # Without the block (or with a block that no longer matches), the tidied labels stay.
    assert read_efg(write_efg(game, preserve_labels=False)).players == ("????", "Player two")
    edited = read_efg(text.replace("{ 7, 8 }", "{ 7, 9 }"))
    assert edited.players == ("????", "Player two")
    assert edited.description.startswith("[gametheory_ukraine original labels ")


# ---------------------------------------------------------------------------------------
# 3b. labels Gambit 16.7 renames on reading: repeated labels in a scope (all players;
#     each player's strategies; each information set's actions, chance included; all
#     outcomes) become L_1, L_2, ...; the writer writes those names and the block
#     restores the originals, so nothing is renamed on the way through pygambit.

PLACEHOLDER = re.compile(r"_[0-9]+")


def label_lists(game) -> dict[str, list]:
    """Every label of a game, by kind, in the game's order."""
    if isinstance(game, NormalFormGame):
        return {"players": list(game.players), "strategies": [list(s) for s in game.strategies]}
    return {
        "players": list(game.players),
        "actions": [list(s.actions) for s in game.infosets],
        "outcomes": [o.label for o in game.outcomes],
        "infosets": [s.label for s in game.infosets],
        "nodes": [node.label for node in game.nodes],
    }


def flat(labels: dict[str, list]) -> list[tuple[str, str]]:
    out = []
    for kind, values in labels.items():
        for value in values:
            out.extend((kind, x) for x in (value if isinstance(value, list) else [value]))
    return out


def gambit_renamed(written, held) -> list[tuple[str, str, str]]:
    """Labels pygambit holds that differ from what we wrote (an empty label may become _n)."""
    pairs = zip(flat(label_lists(written)), flat(label_lists(held)))
    return [(kind, ours, theirs) for (kind, ours), (_, theirs) in pairs
            if ours != theirs and not (ours == "" and PLACEHOLDER.fullmatch(theirs))]


def through_pygambit(suffix: str, text: str):
    """Our text read by pygambit, and pygambit's own writing of it read back by our reader
    (labels as pygambit holds them: no block applied)."""
    g = gambit_read(suffix, text)
    if suffix == ".nfg":
        return g, read_nfg(g.to_nfg(), "<pygambit>", restore_labels=False)
    return g, read_text_quietly(lambda t: read_efg(t, "<pygambit>", restore_labels=False), g.to_efg())


@pytest.mark.parametrize("path", corpus_params("nfg") + corpus_params("efg"))
def test_corpus_labels_survive_a_trip_through_pygambit(path):
    """write -> pygambit read -> pygambit write (to_efg/to_nfg) -> our read: the original labels."""
    from gametheory_ukraine.interop import from_pygambit

    game = read_quietly(path)
    writer, reader = (write_nfg, read_nfg) if path.suffix == ".nfg" else (write_efg, read_efg)
    text = writer(game)
    assert read_text_quietly(reader, text) == game  # our own trip
    written = read_text_quietly(lambda t: reader(t, restore_labels=False), text)
    g, held = through_pygambit(path.suffix, text)
    assert gambit_renamed(written, held) == []  # pygambit renamed nothing we wrote
    back = from_pygambit(g)
    assert back == game
    assert label_lists(back) == label_lists(game)
    assert back.description == game.description
    if path.suffix == ".nfg":  # the outcome version is not renamed either
        text = write_nfg(game, "outcome")
        assert gambit_renamed(read_nfg(text, restore_labels=False), through_pygambit(".nfg", text)[1]) == []


REPEATED_EFG = """EFG 2 R "repeats" { "A" "A" "B" }
"labels Gambit would rename"
c "" 1 "" { "1/2" 1/2 "1/2" 1/2 } 0
p "" 1 1 "" { "x" "x" "x_1" "" } 0
t "" 1 "o" { 1, 0, 0 }
t "" 2 "o" { 2, 0, 0 }
t "" 3 "o_1" { 3, 0, 0 }
t "" 4 "" { 4, 0, 0 }
p "" 2 1 "" { "x" "y" } 0
t "" 5 "o" { 5, 0, 0 }
p "" 3 1 "" { "x" "x" } 0
t "" 6 "" { 6, 0, 0 }
t "" 7 "" { 7, 0, 0 }
"""


def test_repeated_labels_are_written_as_gambit_names_them_and_restored():
    game = read_efg(REPEATED_EFG)
    text = write_efg(game)
    assert '{ "A_1" "A_2" "B" }' in text
    assert '{ "1/2_1" 1/2 "1/2_2" 1/2 }' in text
    assert '{ "x_2" "x_3" "x_1" "" }' in text  # skipping x_1, which is taken
    assert '{ "x" "y" }' in text  # the same labels in another information set are left alone
    assert '{ "x_1" "x_2" }' in text  # ... and each information set is its own scope
    assert [line.split(" { ")[0].split(" ", 2)[2] for line in text.splitlines() if line.startswith("t ")] == [
        '1 "o_2"', '2 "o_3"', '3 "o_1"', '4 ""', '5 "o_4"', '6 ""', '7 ""']  # outcomes: one scope
    again = read_efg(text)
    assert again == game and again.description == game.description == "labels Gambit would rename"
    assert label_lists(again) == label_lists(game)
    assert read_efg(write_efg(game, preserve_labels=False)).players == ("A_1", "A_2", "B")
    # pygambit shows the names it gives the original file, and renames nothing we wrote
    g, held = through_pygambit(".efg", text)
    assert gambit_renamed(read_efg(text, restore_labels=False), held) == []
    original = gambit_read(".efg", REPEATED_EFG)
    assert [p.label for p in g.players] == [p.label for p in original.players] == ["A_1", "A_2", "B"]
    assert [o.label for o in g.outcomes] == [o.label for o in original.outcomes]
    assert ([[a.label for a in s.actions] for p in [*g.players, g.players.chance] for s in p.infosets]
            == [[a.label for a in s.actions] for p in [*original.players, original.players.chance]
                for s in p.infosets])
    from gametheory_ukraine.interop import from_pygambit, to_pygambit

    back = from_pygambit(to_pygambit(game))
    assert back == game and label_lists(back) == label_lists(game) and back.description == game.description


@pytest.mark.parametrize("actions", [
    ["x", "x"], ["x_2", "x", "x", "x"], ["x", "x", "x_1"], ["x_1", "x", "x_1", "x"],
    ["x", "", "x", ""], ["a", "b"], ["a", "A"], ["x_1_1", "x_1", "x_1", "x"],
])
def test_repeated_actions_get_the_names_gambit_gives_them(actions):
    """What pygambit makes of the raw labels equals what we write, and it renames nothing more."""
    body = "".join('t "" 0\n' for _ in actions)
    raw = f'EFG 2 R "" {{ "P" }}\n""\np "" 1 1 "" {{ {" ".join(chr(34) + a + chr(34) for a in actions)} }} 0\n{body}'
    game = read_efg(raw)
    text = write_efg(game)
    gambit_names = [a.label for a in gambit_read(".efg", raw).root.infoset.actions]
    ours = [a.label for a in gambit_read(".efg", text).root.infoset.actions]
    assert ours == gambit_names
    assert read_efg(text) == game
    assert (text == write_efg(game, preserve_labels=False)) == (len(set(actions) - {""}) == len(
        [a for a in actions if a]))  # a file needs a block only when labels repeat


def test_repeated_strategy_and_player_labels_of_a_table():
    raw = ('NFG 1 R "" { "P" "P" } { { "a" "a" } { "b" "a_1" "b" } }\n""\n'
           '1 1 0 0 0 0 1 1 2 4 3 5\n')
    game = read_nfg(raw)
    text = write_nfg(game)
    assert '{ "P_1" "P_2" }' in text and '{ { "a_1" "a_2" } { "b_1" "a_1" "b_2" } }' in text
    assert read_nfg(text) == game and read_nfg(write_nfg(game, "outcome")) == game
    g, held = through_pygambit(".nfg", text)
    assert gambit_renamed(read_nfg(text, restore_labels=False), held) == []
    original = gambit_read(".nfg", raw)  # Gambit gives the raw file's labels the same names
    assert [p.label for p in g.players] == [p.label for p in original.players]
    assert ([[s.label for s in p.strategies] for p in g.players]
            == [[s.label for s in p.strategies] for p in original.players])
    from gametheory_ukraine.interop import from_pygambit, to_pygambit

    assert from_pygambit(to_pygambit(game)) == game


def test_digit_labels_that_collide_after_tidying_are_made_distinct():
    """Gambit 16.7's .nfg reader labels players and strategies "1", "2", ... before setting the
    file's labels, so "2" in first place clashes; "s2" then clashes with an "s2" already there."""
    raw = 'NFG 1 R "" { "2" "x" } { { "2" "s2" } { "1" "2" } }\n""\n1 1 0 0 0 0 1 1\n'
    with pytest.raises(ValueError, match="unique"):
        gambit_read(".nfg", raw)
    with pytest.raises(ValueError, match="Player label must be unique"):
        gambit_read(".nfg", raw.replace('{ "2" "s2" }', '{ "a" "b" }'))
    game = read_nfg(raw)
    text = write_nfg(game)
    assert '{ "s2" "x" }' in text and '{ { "s2_1" "s2_2" } { "1" "2" } }' in text
    g = gambit_read(".nfg", text)
    assert [p.label for p in g.players] == ["s2", "x"]
    assert [[s.label for s in p.strategies] for p in g.players] == [["s2_1", "s2_2"], ["1", "2"]]
    assert read_nfg(text) == game
    from gametheory_ukraine.interop import from_pygambit

    assert from_pygambit(g) == game


def test_backslashes_are_tidied_since_gambit_writes_them_doubled():
    game = read_efg('EFG 2 R "a\\b" { "P\\Q" }\n"\\neg x"\np "" 1 1 "" { "x\\y" "z" } 0\nt "" 0\nt "" 0\n')
    assert (game.title, game.players, game.description) == ("a\\b", ("P\\Q",), "\\neg x")
    text = write_efg(game)
    assert text.startswith('EFG 2 R "a/b" { "P/Q" }') and '{ "x/y" "z" }' in text
    again = read_efg(text)
    assert again == game and again.description == game.description
    g = gambit_read(".efg", text)
    assert "\\" not in g.to_efg()
    from gametheory_ukraine.interop import from_pygambit

    back = from_pygambit(g)
    assert back == game and back.title == "a\\b" and back.description == "\\neg x"


def test_labels_that_tidy_to_the_same_text_are_made_distinct():
    game = read_efg('EFG 2 R "" { "Київ" "Ніна" }\n""\n'
                    'p "" 1 1 "" { "é" "e" "e " } 0\nt "" 1 "ü" { 1, 2 }\nt "" 2 "u" { 3, 4 }\n'
                    't "" 3 "u" { 5, 6 }\n')
    text = write_efg(game)
    assert '{ "????_1" "????_2" }' in text and '{ "e_1" "e_2" "e_3" }' in text
    g = gambit_read(".efg", text)
    assert [o.label for o in g.outcomes] == ["u_1", "u_2", "u_3"]
    assert read_efg(text) == game
    from gametheory_ukraine.interop import from_pygambit

    assert from_pygambit(g) == game


# ---------------------------------------------------------------------------------------
# 4. known answers on small inputs

NFG_HEADER = 'NFG 1 R "t" { "A" "B" } { 2 2 }\n'
EFG_HEADER = 'EFG 2 R "t" { "A" "B" }\n""\n'


def test_nfg_cells_run_with_player_one_fastest():
    game = read_gambit(GAMBIT_FIXTURES / "selten_payoff.nfg")
    assert game.shape == (3, 2)
    # cells (1,1) (2,1) (3,1) (1,2) (2,2) (3,2) pay (1,1) (0,2) (0,2) (1,1) (0,3) (2,0)
    assert game.exact[:, 1, 0].tolist() == [0, 2]  # the 2nd cell: P1's 2nd strategy, P2's 1st
    assert game.exact[:, 0, 1].tolist() == [1, 1]  # the 4th cell: P1's 1st strategy, P2's 2nd
    assert game.exact[0].tolist() == [[1, 1], [0, 0], [0, 2]]
    assert game.exact[1].tolist() == [[1, 1], [2, 3], [2, 0]]
    assert game.strategies == (("1", "2", "3"), ("1", "2"))

    # three players, cell k pays (k, 10k, 100k)
    text = 'NFG 1 R "" { "1" "2" "3" } { 2 2 2 }\n' + "\n".join(f"{k} {10 * k} {100 * k}" for k in range(1, 9))
    game = read_nfg(text)
    for i, j, m in np.ndindex(2, 2, 2):
        k = 1 + i + 2 * j + 4 * m
        assert game.exact[:, i, j, m].tolist() == [k, 10 * k, 100 * k]
    assert write_nfg(game).splitlines()[-8:] == [f"{k} {10 * k} {100 * k}" for k in range(1, 9)]
    outcome_version = write_nfg(game, "outcome")
    assert outcome_version.splitlines()[-1] == "1 2 3 4 5 6 7 8"
    assert '{ "" 3, 30, 300 }' in outcome_version


def test_nfg_outcome_version_with_null_outcome_and_unused_outcome():
    game = read_gambit(GAMBIT_FIXTURES / "selten_outcome.nfg")
    assert game.players == ("Row", "Column")
    assert game.strategies == (("top", "middle", "bottom"), ("left", "right"))
    # 1 2 2 0 3 4: (top,right) has the null outcome 0
    assert game.exact[:, 0, 1].tolist() == [0, 0]
    assert game.exact[0].tolist() == [[1, 0], [0, 0], [0, 2]]
    assert game.exact[1].tolist() == [[1, 0], [2, 3], [2, 0]]
    assert game.description == "A description\nover two lines"
    # The payoff version of the same game is the same game.
    payoff_text = 'NFG 1 R "Three by two, outcome version" { "Row" "Column" }\n' \
        '{ { "top" "middle" "bottom" } { "left" "right" } }\n1 1 0 2 0 2 0 0 0 3 2 0'
    assert read_nfg(payoff_text) == game
    # pygambit: the null cell has no outcome at all
    g = gambit_read(".nfg", (GAMBIT_FIXTURES / "selten_outcome.nfg").read_text())
    assert g[(0, 1)] is None
    assert gambit_table(g) == our_table(game)


def test_numbers_are_exact():
    spellings = ["0.1", "1.5e-3", ".25", "10.", "1e3", "2E-2", "-1/3", "-0.5", "007", "-0", "3/6", "1.25E-1"]
    values = [Fraction(1, 10), Fraction(3, 2000), Fraction(1, 4), Fraction(10), Fraction(1000), Fraction(1, 50),
              Fraction(-1, 3), Fraction(-1, 2), Fraction(7), Fraction(0), Fraction(1, 2), Fraction(1, 8)]
    text = f'NFG 1 R "" {{ "P" }} {{ {len(spellings)} }}\n' + " ".join(spellings)
    game = read_nfg(text)
    assert game.exact[0].tolist() == values
    assert all(type(v) is Fraction for v in game.exact[0])
    # the same numbers as chance probabilities and efg payoffs
    efg = ('EFG 2 R "" { "P" }\nc "" 1 "" { "a" 0.1 "b" 0.9 "c" 0 } 0\n'
           't "" 1 "" { 1.5e-3 }\nt "" 2 "" { .25 }\nt "" 3 "" { -1/3 }\n')
    tree = read_efg(efg)
    assert tree.infosets[0].probabilities == (Fraction(1, 10), Fraction(9, 10), Fraction(0))
    assert tree.leaf_payoffs(exact=True)[:, 0].tolist() == [Fraction(3, 2000), Fraction(1, 4), Fraction(-1, 3)]
    # written exactly, read back exactly
    assert read_efg(write_efg(tree)) == tree
    assert "1/10" in write_efg(tree)


def test_escaped_quotes_and_backslashes_in_labels():
    text = ('NFG 1 R "say \\"hi\\"" { "A \\"x\\"" "B\\n" }\n'
            '{ { "\\"q\\"" "r" } { "s" } }\n1 2 3 4\n')
    game = read_nfg(text)
    assert game.title == 'say "hi"'
    assert game.players == ('A "x"', "B\\n")  # only \" is an escape; \n stays two characters
    assert game.strategies == (('"q"', "r"), ("s",))
    written = write_nfg(game)
    assert written.startswith('NFG 1 R "say \\"hi\\"" { "A \\"x\\""')
    assert read_nfg(written) == game
    g = gambit_read(".nfg", written)
    assert g.title == 'say "hi"'
    assert [p.label for p in g.players][0] == 'A "x"'


def test_multi_line_title_and_description():
    text = ('EFG 2 R "two\nlines" { "P" }\r\n"first line\n\n  third line, indented\r\nfourth"\n'
            't "" 1 "" { 5 }\n')
    game = read_efg(text)
    assert game.title == "two\nlines"
    assert game.description == "first line\n\n  third line, indented\r\nfourth"
    again = read_efg(write_efg(game))
    assert again == game and again.description == game.description


def test_outcomes_on_inner_nodes_add_up_and_sets_and_outcomes_are_reused():
    game = read_gambit(GAMBIT_FIXTURES / "types.efg")
    f = Fraction
    # outcome 9 (-1/2, 0) sits on both "I sees In" nodes and adds to every play below them
    assert game.leaf_payoffs(exact=True).tolist() == [
        [f(-3, 2), -1], [2, 1], [0, 4],  # strong: In-Fight, In-Accommodate, Out
        [f(-7, 2), 1], [2, 1], [0, 4],  # weak: the same
    ]
    assert game.num_nodes == 11
    # player 2's set 1 is used twice (the second time by number only)
    sets = {s.label: m for s, m in zip(game.infosets, game.members)}
    assert len(sets["I sees In"]) == 2 and len(sets["E strong"]) == len(sets["E weak"]) == 1
    assert game.infosets[0].probabilities == (f(1, 3), f(2, 3))
    # five distinct outcomes (9, 1, 2, 3, 4); 2 and 3 were reused by number
    assert len(game.outcomes) == 5
    labels = [None if n.outcome is None else game.outcomes[n.outcome].label for n in game.nodes]
    assert labels == [None, None, "entry cost", "SF", "SA", "out", None, "entry cost", "WF", "SA", "out"]
    assert game.nodes[0].label == "root"
    # repeating a definition exactly is also fine
    text = (GAMBIT_FIXTURES / "types.efg").read_text().replace(
        'p "" 2 1 9\n', 'p "" 2 1 "I sees In" { "Fight" "Accommodate" } 9 "entry cost" { -1/2, 0 }\n')
    assert read_efg(text) == game
    g = gambit_read(".efg", (GAMBIT_FIXTURES / "types.efg").read_text())
    assert gambit_tree(g) == our_tree(game)


def test_tokens_need_no_spaces_around_braces_and_commas():
    glued = 'NFG 1 D "t"{"A" "B"}{{"x" "y"}{"z"}}""{{"o"1,2}{"p"3,4,}}1 2'
    game = read_nfg(glued)
    assert game.players == ("A", "B") and game.strategies == (("x", "y"), ("z",))
    assert game.exact[:, :, 0].tolist() == [[1, 3], [2, 4]]
    # either form of the strategy list goes with either body
    counts_with_outcomes = read_nfg('NFG 1 R "t" { "A" "B" } { 2 1 } { { "" 1 2 } { "" 3 4 } } 1 2')
    assert counts_with_outcomes.strategies == (("1", "2"), ("1",))
    assert our_table(counts_with_outcomes) == our_table(game)
    assert read_nfg('NFG 1 R "t" { "A" "B" } { { "x" "y" } { "z" } } 1 2 3 4') == game
    tree = read_efg('EFG 2 R "t" { "A" }""p "" 1 1 ""{"a"}0 t "" 1 ""{7,}')
    assert tree.leaf_payoffs(exact=True).tolist() == [[7]]


def test_text_after_an_efg_tree_is_ignored_with_a_warning():
    with pytest.warns(UserWarning, match=r"x\.efg:4:1: text after the end of the game tree"):
        game = read_efg(EFG_HEADER + 't "" 1 "" { 1 2 }\nt "" 0\n', "x.efg")
    assert game.num_nodes == 1


def test_read_gambit_chooses_by_suffix(tmp_path):
    game = read_gambit(GAMBIT_FIXTURES / "selten_payoff.nfg")
    (tmp_path / "g.NFG").write_text(write_nfg(game))
    assert read_gambit(tmp_path / "g.NFG") == game
    (tmp_path / "g.txt").write_text(write_nfg(game))
    with pytest.raises(GameFormatError, match="suffix"):
        read_gambit(tmp_path / "g.txt")
    with pytest.raises(GameFormatError, match="cannot read"):
        read_gambit(tmp_path / "missing.efg")
    # an .efg named .nfg is read as .nfg, and says so
    (tmp_path / "tree.nfg").write_text((GAMBIT_FIXTURES / "types.efg").read_text())
    with pytest.raises(GameFormatError, match="looks like an .efg file") as info:
        read_gambit(tmp_path / "tree.nfg")
    assert (info.value.file, info.value.line, info.value.column) == (str(tmp_path / "tree.nfg"), 1, 1)


# ---------------------------------------------------------------------------------------
# 5. bad input: GameFormatError at the offending token

N, E = read_nfg, read_efg
BAD = [
    # truncated file
    ("truncated payoffs", N, NFG_HEADER + "1 1 2 2\n3 3 4", 3, 6, "payoff 8 of 8"),
    ("truncated tree", E, EFG_HEADER + 'p "" 1 1 "" { "a" "b" } 0\nt "" 0\n', 5, 1, "node 3"),
    ("truncated outcome", E, EFG_HEADER + 't "" 1 "" { 1,', 3, 15, "payoff number"),
    ("unterminated quote", N, 'NFG 1 R "t" { "A" "B } { 2 2 }\n1 1 2 2 3 3 4 4', 1, 19, "unterminated"),
    # unbalanced braces
    ("missing close brace", N, 'NFG 1 R "t" { "A" "B"\n{ 2 2 }\n1 1 2 2 3 3 4 4', 2, 1, "player name"),
    ("extra close brace", N, NFG_HEADER + "}\n1 1 2 2 3 3 4 4", 2, 1, "payoffs"),
    ("outcome not closed", E, EFG_HEADER + 'p "" 1 1 "" { "a" } 0\nt "" 1 "" { 1 2\n', 5, 1, "'}' closing"),
    ("action list not closed", E, EFG_HEADER + 'p "" 1 1 "" { "a" 0\nt "" 0\n', 3, 19, "action label"),
    # wrong payoff count
    ("nfg too few payoffs", N, NFG_HEADER + "1 1\n2 2\n3 3\n4\n", 6, 1, "payoff 8 of 8"),
    ("nfg too many payoffs", N, NFG_HEADER + "1 1\n2 2\n3 3\n4 4 5\n", 5, 5, "end of the file"),
    ("nfg outcome too few", N, NFG_HEADER + '{ { "a" 1 } }\n1 1 1 1', 2, 11, "1 payoff(s), expected 2"),
    ("nfg outcome too many", N, NFG_HEADER + '{ { "a" 1, 2, 3 } }\n1 1 1 1', 2, 15, "more than 2 payoffs"),
    ("efg outcome too many", E, EFG_HEADER + 't "" 1 "" { 1 2 3 }', 3, 17, "more than 2 payoffs"),
    ("nfg cell outcome out of range", N, NFG_HEADER + '{ { "a" 1 2 } }\n1 0 2 1', 3, 5, "from 0 to 1"),
    # unknown player
    ("player out of range", E, EFG_HEADER + 'p "" 3 1 "" { "a" } 0\nt "" 0', 3, 6, "player number (1 to 2)"),
    ("player zero", E, EFG_HEADER + 'p "" 0 1 "" { "a" } 0\nt "" 0', 3, 6, "player number"),
    # chance probabilities
    ("probabilities sum below 1", E,
     EFG_HEADER + 'c "" 1 "" { "a" 0.3333 "b" 0.3333 "c" 0.3333 } 0\nt "" 0\nt "" 0\nt "" 0', 3, 11, "not exactly 1"),
    ("probabilities sum above 1", E, EFG_HEADER + 'c "" 1 ""\n  { "a" 1/2 "b" 2/3 } 0\nt "" 0\nt "" 0', 4, 3, "7/6"),
    ("negative probability", E, EFG_HEADER + 'c "" 1 "" { "a" -1/2 "b" 3/2 } 0\nt "" 0\nt "" 0', 3, 17, "negative"),
    # NaN and infinities
    ("nan payoff", N, NFG_HEADER + "1 1 2 nan 3 3 4 4", 2, 7, "NaN and infinities"),
    ("inf payoff", E, EFG_HEADER + 't "" 1 "" { 1, inf }', 3, 16, "NaN and infinities"),
    ("-inf probability", E, EFG_HEADER + 'c "" 1 "" { "a" -inf } 0\nt "" 0', 3, 17, "NaN and infinities"),
    ("Infinity payoff", N, NFG_HEADER + "1 1 2 2 3 3 4 +Infinity", 2, 15, "NaN and infinities"),
    # information set reused with other actions
    ("set reused with other labels", E, EFG_HEADER + 'p "" 1 1 "" { "a" "b" } 0\n'
     'p "" 2 1 "" { "x" "y" } 0\nt "" 0\nt "" 0\np "" 2 1 "" { "x" "z" } 0\nt "" 0\nt "" 0',
     7, 19, "action 2 'y', here it is 'z'"),
    ("set reused with fewer actions", E, EFG_HEADER + 'p "" 1 1 "" { "a" "b" } 0\n'
     'p "" 2 1 "" { "x" "y" } 0\nt "" 0\nt "" 0\np "" 2 1 "" { "x" } 0\nt "" 0',
     7, 19, "2 actions, here it has 1"),
    ("chance set reused with other spelling", E, EFG_HEADER + 'c "" 1 "" { "a" 1/2 "b" 1/2 } 0\n'
     'c "" 1 "" { "a" 1/2 "b" 0.5 } 0\nt "" 0\nt "" 0\nt "" 0', 4, 25, "spellings must match"),
    # outcome used before it is defined
    ("outcome before definition", E, EFG_HEADER + 'p "" 1 1 "" { "a" "b" } 0\nt "" 1 "" { 1 2 }\nt "" 2\n',
     5, 6, "outcome 2 is used before it is defined"),
    ("outcome redefined differently", E, EFG_HEADER + 'p "" 1 1 "" { "a" "b" } 0\nt "" 1 "" { 1 2 }\n'
     't "" 1 "" { 1 2.0 }\n', 5, 15, "spellings must match"),
    ("outcome zero with payoffs", E, EFG_HEADER + 't "" 0 "" { 1 2 }', 3, 8, "outcome 0"),
    # header and version
    ("nfg version 1.0", N, 'NFG 1.0 R "t" { "A" "B" } { 2 2 }\n1 1 2 2 3 3 4 4', 1, 5, "version 1"),
    ("efg version 1", E, 'EFG 1 R "t" { "A" }\nt "" 0', 1, 5, "version 2"),
    ("efg read as nfg", N, EFG_HEADER + 't "" 0', 1, 1, "looks like an .efg file"),
    ("comment line", E, '# a game\nEFG 2 R "t" { "A" }\nt "" 0', 1, 1, "'EFG'"),
    ("data type", N, 'NFG 1 Q "t" { "A" "B" } { 2 2 }\n1 1 2 2 3 3 4 4', 1, 7, "data type"),
    ("glued data type", N, 'NFG 1 R"t" { "A" "B" } { 2 2 }\n1 1 2 2 3 3 4 4', 1, 7, "data type"),
    ("strategy count zero", N, 'NFG 1 R "t" { "A" "B" } { 2 0 }\n', 1, 29, "an integer >= 1"),
    # trailing tokens in .nfg
    ("nfg trailing word", N, NFG_HEADER + "1 1 2 2 3 3 4 4\nend\n", 3, 1, "the word 'end'"),
    ("nfg trailing cell index", N, NFG_HEADER + '{ { "a" 1 2 } }\n1 1 1 1 1', 3, 9, "end of the file"),
    # commas
    ("comma in payoff version", N, NFG_HEADER + "1, 1 2 2 3 3 4 4", 2, 2, "commas are allowed only"),
    ("comma between players", N, 'NFG 1 R "t" { "A", "B" } { 2 2 }\n1 1 2 2 3 3 4 4', 1, 18, "commas"),
    ("comma in chance list", E, EFG_HEADER + 'c "" 1 "" { "a" 1/2, "b" 1/2 } 0\nt "" 0\nt "" 0', 3, 20, "commas"),
    ("comma before payoffs", E, EFG_HEADER + 't "" 1 "" { , 1 2 }', 3, 13, "commas"),
    # numbers that are not numbers
    ("zero denominator", N, NFG_HEADER + "1 1 2 2\n3 1/0 4 4", 3, 3, "denominator is zero"),
    ("leading plus", E, EFG_HEADER + 't "" 1 "" { +1 2 }', 3, 13, "leading '+'"),
    ("plus in exponent", N, NFG_HEADER + "1 1 2 2 3 3 4 1e+3", 2, 15, "exponent's sign"),
    ("bare minus", N, NFG_HEADER + "1 1 2 - 3 3 4 4", 2, 7, "no digits"),
    ("dot with exponent", N, NFG_HEADER + "1 1 2 2 3 3 4 .5e3", 2, 17, "the word 'e3'"),
    ("fraction of decimals", N, NFG_HEADER + "1 1 2 2 3 3 4 1.5/2", 2, 18, "the word '/2'"),
    # empty input
    ("empty file", N, "", 1, 1, "end of the file"),
    ("blank efg", E, "  \n\n   ", 3, 4, "end of the file"),
    # positions with CR LF line ends count lines once
    ("crlf", N, NFG_HEADER.replace("\n", "\r\n") + "1 1 2 2\r\n3 3 4 x\r\n", 3, 7, "payoff 8 of 8"),
]


@pytest.mark.parametrize(("reader", "text", "line", "column", "fragment"),
                         [pytest.param(*case[1:], id=case[0]) for case in BAD])
def test_bad_input_is_reported_at_the_offending_token(reader, text, line, column, fragment):
    name = "bad.nfg" if reader is read_nfg else "bad.efg"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(GameFormatError) as info:
            reader(text, name)
    error = info.value
    assert (error.file, error.line, error.column) == (name, line, column), error.message
    assert fragment in error.message
    assert str(error).startswith(f"{name}:{line}:{column}: ")


def test_bytes_that_are_not_utf8(tmp_path):
    good = NFG_HEADER + '"caf\u00e9"\n1 1 2 2 3 3 4 4'
    assert read_nfg(good.encode("utf-8")).description == "caf\u00e9"
    data = good.encode("latin-1")  # é as the single byte 0xe9
    with pytest.raises(GameFormatError, match="not valid UTF-8 \\(byte 0xe9\\)") as info:
        read_nfg(data, "latin.nfg")
    assert (info.value.file, info.value.line, info.value.column) == ("latin.nfg", 2, 5)
    # the column counts characters, not bytes, of what came before
    data = 'EFG 2 R "Київ" { "A" }\n"\u00e9\xff"\nt "" 0'.encode("utf-8").replace(b"\xc3\xbf", b"\xff")
    path = tmp_path / "bad.efg"
    path.write_bytes(data)
    with pytest.raises(GameFormatError) as info:
        read_gambit(path)
    assert (info.value.file, info.value.line, info.value.column) == (str(path), 2, 3)
    # a byte-order mark is not a token
    assert read_nfg(b"\xef\xbb\xbf" + good.encode("utf-8")).description == "caf\u00e9"


def test_wrong_argument_types():
    with pytest.raises(GameFormatError, match="str or bytes"):
        read_nfg(42)  # type: ignore[arg-type]
    with pytest.raises(GameFormatError, match="NormalFormGame"):
        write_nfg(read_gambit(GAMBIT_FIXTURES / "types.efg"))  # type: ignore[arg-type]
    with pytest.raises(GameFormatError, match="version"):
        write_nfg(read_gambit(GAMBIT_FIXTURES / "selten_payoff.nfg"), "table")  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------
# 6. mutated files: a game or a GameFormatError, nothing else

SEEDS = sorted(GAMBIT_FIXTURES.glob("*.?fg")) + corpus_files("nfg") + corpus_files("efg")
REPLACEMENTS = list(b'{}",0123456789abc./-+ \n')


@lru_cache(maxsize=None)
def seed_bytes(path: Path) -> bytes:
    return path.read_bytes()


@st.composite
def mutated_files(draw):
    path = draw(st.sampled_from(SEEDS))
    data = bytearray(seed_bytes(path))
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["delete", "duplicate", "replace", "truncate"]))
        size = len(data)
        start = draw(st.integers(0, size))
        end = draw(st.integers(start, min(size, start + 40)))
        if kind == "delete":
            del data[start:end]
        elif kind == "duplicate":
            data[end:end] = data[start:end]
        elif kind == "truncate":
            del data[start:]
        elif size:
            byte = draw(st.one_of(st.sampled_from(REPLACEMENTS), st.integers(0, 255)))
            data[min(start, size - 1)] = byte
    return path, bytes(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated_files(), st.booleans())
def test_mutated_files_give_a_game_or_a_positioned_error(case, as_text):
    path, data = case
    reader = READERS[path.suffix]
    if as_text:
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError:
            pass
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            game = reader(data, "mutant")
    except GameFormatError as error:
        event("GameFormatError")
        text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
        assert error.file == "mutant"
        assert error.line is not None and error.column is not None, error
        assert 1 <= error.line <= text.count("\n") + text.count("\r") + 1
        assert error.column >= 1
        return
    event("game")
    assert isinstance(game, NormalFormGame if path.suffix == ".nfg" else ExtensiveGame)
    # whatever was read can be written and read back
    if isinstance(game, NormalFormGame):
        assert read_nfg(write_nfg(game, "outcome")) == game
    else:
        assert read_text_quietly(read_efg, write_efg(game)) == game


def test_numeric_strategy_labels_survive_pygambit_and_our_round_trip():
    """Gambit 16.7 reads a numeric label k <= count as the k-th strategy: "2" "1" is refused."""
    game = NormalFormGame.from_arrays([[1, 0], [0, 1]], [[1, 0], [0, 1]], strategies=[["2", "1"], ["1", "2"]])
    text = write_nfg(game)
    assert '"s2" "s1"' in text
    assert read_nfg(text) == game
    pygambit = pytest.importorskip("pygambit")
    assert [s.label for s in list(pygambit.read_nfg(io.StringIO(text)).players)[0].strategies] == ["s2", "s1"]
