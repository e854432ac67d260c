"""Solution methods: pure functions from a game to a :class:`Result`.

Importing this package registers every method in :data:`METHODS`.
"""

from . import (  # noqa: F401  (registration)
    backward_induction, dominance, enumpoly, lemke_howson, logit, mixed, pbe, pure, sequence_form, zerosum,
)
from .registry import METHODS, Method, choose_method, solve
from .result import Equilibrium, Result

__all__ = ["METHODS", "Equilibrium", "Method", "Result", "choose_method", "solve"]
