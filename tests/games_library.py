"""Small named games with known answers, shared by the tests."""

CENTIPEDE = {"player": "A", "moves": {
    "stop": {"payoffs": [1, 0]},
    "go": {"player": "B", "moves": {
        "stop": {"payoffs": [0, 2]},
        "go": {"player": "A", "moves": {"stop": {"payoffs": [3, 1]}, "go": {"payoffs": [2, 4]}}}}}}}
"""A three-move centipede: backward induction stops at once (payoffs 1, 0)."""
