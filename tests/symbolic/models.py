"""Small YAML models shared by the symbolic tests."""

ENTRY = """
title: Entry deterrence, sequential
players: [Entrant, Incumbent]
parameters:
  c: {value: 3, range: [0, 10]}
tree:
  player: Entrant
  moves:
    Out: {payoffs: [0, 2]}
    In:
      player: Incumbent
      moves:
        Fight: {payoffs: [-1, "2 - c"]}
        Accommodate: {payoffs: [1, 1]}
"""
"""Entry deterrence: the incumbent fights iff 2 - c > 1, so entry is deterred exactly for c < 1."""
