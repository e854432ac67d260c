"""Iteration and time budgets for pivoting and path-following methods.

A method that might run long takes a :class:`Budget`, calls
:meth:`Budget.tick` in its loop, and on :class:`BudgetExceeded` returns what
it has with ``status="budget_exceeded"`` instead of hanging.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

CONVERGED = "converged"
BUDGET_EXCEEDED = "budget_exceeded"
FAILED = "failed"


class BudgetExceeded(Exception):
    """Raised by :meth:`Budget.tick` when the iteration or time budget is spent."""


@dataclass
class Budget:
    """At most ``iterations`` ticks and ``seconds`` of wall-clock time (``None``: unlimited).

    >>> budget = Budget(iterations=2)
    >>> budget.tick(); budget.tick()
    >>> budget.tick()
    Traceback (most recent call last):
    ...
    gametheory_ukraine.solvers.budget.BudgetExceeded: iteration budget of 2 spent
    """

    iterations: int | None = None
    seconds: float | None = None
    used: int = 0
    started: float = field(default_factory=time.perf_counter)

    def tick(self, steps: int = 1) -> None:
        self.used += steps
        if self.iterations is not None and self.used > self.iterations:
            raise BudgetExceeded(f"iteration budget of {self.iterations} spent")
        if self.seconds is not None and time.perf_counter() - self.started > self.seconds:
            raise BudgetExceeded(f"time budget of {self.seconds:g} s spent")

    def remaining_seconds(self) -> float | None:
        """Seconds left of the time budget (``None`` when there is no time limit)."""
        if self.seconds is None:
            return None
        return max(0.0, self.seconds - (time.perf_counter() - self.started))
