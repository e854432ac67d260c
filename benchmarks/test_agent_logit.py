"""Tracing the agent logit QRE of a tree to its limit: ours against pygambit 16.7.

Run: python -m pytest benchmarks/test_agent_logit.py --benchmark-enable
Groups are per game, so pytest-benchmark's table shows the ratios directly.

Four trees of Gambit's corpus (read in place from ../shared/corpus) whose principal
branch has no bifurcation and whose limit pygambit reaches: a centipede (cent3), Monty
Hall (montyhal), a holdout game (holdout7) and a poker variant (palf2).  Before timing,
the two limits are checked to agree within 1e-4.  pygambit needs 0.2 to 2 s per game,
so it runs three rounds.
"""

from pathlib import Path

import numpy as np
import pytest

from gametheory_ukraine.solvers.agent_logit import agent_logit_solve

CORPUS = (Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "gambit").resolve()

GAMES = ["cent3.efg", "montyhal.efg", "holdout7.efg", "palf2.efg"]


def _games(name):
    from gametheory_ukraine.formats.gambit import read_gambit
    path = CORPUS / "efg" / name
    if not path.exists():
        pytest.skip(f"Gambit corpus not found at {CORPUS}")
    return path, read_gambit(path)


def ours(game):
    return agent_logit_solve(game).limit.behavior


def theirs(pygambit, game):
    return pygambit.nash.logit_solve(game).equilibria[0]


def their_behavior(game, theirs_game, profile):
    """pygambit's profile in our order of information sets (matched by their first node)."""
    arrays = game.arrays
    found = []
    for p, player in enumerate(theirs_game.players):
        by_node = {}
        for infoset in player.infosets:
            node, steps = next(iter(infoset.members)), []
            while node.parent is not None:
                steps.append(list(node.parent.infoset.actions).index(node.prior_action))
                node = node.parent
            v = 0
            for a in reversed(steps):
                v = int(arrays.children[arrays.child_start[v] + a])
            by_node[v] = infoset
        found.append([np.array([float(profile[a]) for a in by_node[game.members[s][0]].actions])
                      for s in game.player_infosets(p)])
    return found


@pytest.mark.parametrize("name", GAMES)
def test_agent_logit_ours(benchmark, name):
    path, game = _games(name)
    benchmark.group = f"agent logit {name}"
    limit = benchmark(ours, game)
    pygambit = pytest.importorskip("pygambit")
    theirs_game = pygambit.read_efg(str(path))
    expected = their_behavior(game, theirs_game, theirs(pygambit, theirs_game))
    assert max(float(np.abs(a - b).max()) for pa, pb in zip(limit, expected) for a, b in zip(pa, pb)) < 1e-4


@pytest.mark.parametrize("name", GAMES)
def test_agent_logit_pygambit(benchmark, name):
    pygambit = pytest.importorskip("pygambit")
    path, _ = _games(name)
    theirs_game = pygambit.read_efg(str(path))
    benchmark.group = f"agent logit {name}"
    benchmark.pedantic(theirs, args=(pygambit, theirs_game), rounds=3, iterations=1)
