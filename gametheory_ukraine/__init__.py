"""gametheory_ukraine: games of the 2024-25 Biden-Trump-Kremlin transition, and the solvers for them.

>>> import gametheory_ukraine as gt
>>> game = gt.NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]])
>>> gt.solve(game, "enumpure").equilibria[0].exact_payoffs
(Fraction(1, 1), Fraction(1, 1))
"""

from .errors import GameError, GameFormatError, GameTooLargeError, ModelError, SolverError
from .formats.loading import bundled_models, load
from .games import ExtensiveGame, NormalFormGame
from .games.convert import reduced_strategic_form
from .solvers import METHODS, Equilibrium, Result, solve
from .solvers.dominance import iterated_dominance
from .solvers.logit import logit_solve, qre_at
from .solvers.mixed import enumerate_mixed, is_degenerate
from .solvers.zerosum import game_value
from .symbolic.sensitivity import comparative_statics, regions, sensitivity
from .symbolic.sweep import sweep
from .report.draw import draw_tree
from .report.plots import best_response_plot, qre_plot, region_plot
from .report.tables import latex_table, markdown_table
from .analysis.report import scenario_report

__version__ = "0.2.0"

__all__ = [
    "METHODS", "Equilibrium", "bundled_models", "load", "ExtensiveGame", "GameError", "GameFormatError",
    "GameTooLargeError",
    "ModelError", "NormalFormGame", "Result", "SolverError", "enumerate_mixed", "game_value",
    "is_degenerate", "iterated_dominance", "logit_solve", "qre_at", "reduced_strategic_form", "solve", "sweep",
    "sensitivity", "regions", "comparative_statics",
    "draw_tree", "latex_table", "markdown_table", "best_response_plot", "qre_plot", "region_plot", "scenario_report",
]
