"""Parametrised games (sympy payoffs) and, later, symbolic solving."""

from .model import Model, Parameter

__all__ = ["Model", "Parameter"]
