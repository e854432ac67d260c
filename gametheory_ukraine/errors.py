"""Error classes of the package: one class per kind of failure.

Every error that comes from user input carries, where one applies, the file
and the position (1-based line and column) of the problem, and renders as the
single line the command-line interface prints::

    FILE:LINE:COL: what is wrong
"""

from __future__ import annotations

__all__ = ["GameError", "GameFormatError", "ModelError", "SolverError", "GameTooLargeError"]


class GameError(ValueError):
    """Base class: something about a game, a file or a model is wrong.

    Parameters
    ----------
    message:
        What is wrong, in one line.
    file, line, column:
        Where, when known (1-based line and column).
    """

    def __init__(
        self,
        message: str,
        file: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        super().__init__(self.location_message())

    def location_message(self) -> str:
        """``FILE:LINE:COL: message`` with whatever part of the position is known."""
        parts = [str(p) for p in (self.file, self.line, self.column) if p is not None]
        return ":".join(parts + [" " + self.message]) if parts else self.message

    def at(self, file: str | None = None, line: int | None = None, column: int | None = None) -> "GameError":
        """A copy of this error with the missing parts of its position filled in."""
        return type(self)(
            self.message,
            self.file if self.file is not None else file,
            self.line if self.line is not None else line,
            self.column if self.column is not None else column,
        )


class GameFormatError(GameError):
    """A Gambit ``.nfg``/``.efg`` file, or a game built in code, is malformed."""


class ModelError(GameError):
    """A YAML model does not follow the model schema, or a parameter value is invalid."""


class SolverError(GameError):
    """A method cannot be applied to a game (wrong kind, too large, bad option)."""


class GameTooLargeError(SolverError):
    """The game is too large for the requested method."""
