"""Numeric game representations: strategic form, extensive form, conversions."""

from .extensive import CHANCE, ExtensiveGame, Infoset, Node, Outcome, TreeArrays, TreeBuilder
from .normal import NormalFormGame

__all__ = ["CHANCE", "ExtensiveGame", "Infoset", "Node", "NormalFormGame", "Outcome", "TreeArrays", "TreeBuilder"]
