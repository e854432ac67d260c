"""The YAML model format (see DESIGN.md): reading models, writing games as YAML.

Reading keeps the position of every value, so that each schema error names
the file, line and column of the offending entry.  Mapping keys are taken as
written (``No:`` is the string ``"No"``, not a boolean), and decimals are
exact (``0.1`` is 1/10).

A parameter may declare the prior a sweep's ``--samples`` draws it from, in
its own units and within its range (:class:`~gametheory_ukraine.symbolic.model.Prior`)::

    parameters:
      h: {value: 10, range: [0, 50], prior: {normal: [10, 5]}}   # truncated to [0, 50]
      p: {value: 1/2, range: [0, 1], prior: {beta: [2, 5]}}      # scaled to the range
      c: {value: 3, range: [0, 10], prior: {triangular: [0, 3, 10]}}
      d: {value: 1, range: [0, 10], prior: {uniform: [0, 5]}}     # the default: the whole range
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from ..errors import GameFormatError, ModelError
from ..games import CHANCE, ExtensiveGame, NormalFormGame
from ..games.numbers import fraction_text
from ..symbolic.model import Model, Parameter, Prior, parse_expression

TOP_KEYS = {"title", "description", "players", "parameters", "strategies", "payoffs", "tree", "notes"}
PARAMETER_KEYS = {"value", "range", "meaning", "source", "prior", "symbol"}
NODE_KEYS = {"player", "chance", "moves", "infoset", "payoffs", "label", "outcome"}

Path_ = tuple[Any, ...]


class _Document:
    """A YAML document as plain Python values, with the position of each value by path."""

    def __init__(self, text: str, filename: str) -> None:
        self.filename = filename
        self.marks: dict[Path_, Any] = {}
        self.key_marks: dict[Path_, Any] = {}
        try:
            root = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
            problem = getattr(error, "problem", None) or str(error).splitlines()[0]
            raise ModelError(f"not valid YAML: {problem}", filename,
                             None if mark is None else mark.line + 1,
                             None if mark is None else mark.column + 1) from None
        if root is None:
            raise ModelError("the file is empty; a model needs title, players and a game", filename, 1, 1)
        self.value = self._convert(root, ())

    def _convert(self, node: yaml.Node, path: Path_) -> Any:
        self.marks[path] = node.start_mark
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise self.error("a mapping key must be a plain name", key_node.start_mark)
                key = key_node.value
                if key in result:
                    raise self.error(f"duplicate key {key!r}", key_node.start_mark)
                self.key_marks[path + (key,)] = key_node.start_mark
                result[key] = self._convert(value_node, path + (key,))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self._convert(item, path + (i,)) for i, item in enumerate(node.value)]
        tag = node.tag
        text = node.value
        if tag == "tag:yaml.org,2002:int":
            digits = text.replace("_", "")
            try:
                return int(digits, 10)
            except ValueError:
                return int(digits, 0)  # YAML 1.1 hexadecimal and octal spellings
        if tag == "tag:yaml.org,2002:float":
            try:
                return Fraction(text.replace("_", ""))
            except (ValueError, ZeroDivisionError):
                raise self.error(f"{text!r} is not a finite number", node.start_mark) from None
        if tag == "tag:yaml.org,2002:null":
            return None
        if tag == "tag:yaml.org,2002:bool":
            return text.lower() in ("true", "yes", "on", "y")
        return text

    def error(self, message: str, mark: Any) -> ModelError:
        return ModelError(message, self.filename, mark.line + 1, mark.column + 1)

    def at_key(self, path: Path_, message: str) -> ModelError:
        """An error positioned at the mapping key that ends ``path``."""
        if path in self.key_marks:
            return self.error(message, self.key_marks[path])
        return self.at(path, message)

    def at(self, path: Path_, message: str) -> ModelError:
        """An error positioned at the value found at ``path`` (or its nearest ancestor)."""
        while path not in self.marks and path:
            path = path[:-1]
        mark = self.marks.get(path)
        if mark is None:
            return ModelError(message, self.filename)
        return self.error(message, mark)


def read_model(text: str, filename: str = "<string>", name: str = "") -> Model:
    """A :class:`Model` from the text of a YAML model file.

    >>> model = read_model('''
    ... title: Entry deterrence
    ... players: [Entrant, Incumbent]
    ... parameters: {c: {value: 3, range: [0, 10]}}
    ... strategies: {Entrant: [In, Out], Incumbent: [Fight, Accommodate]}
    ... payoffs:
    ...   Entrant: [[-1, 1], [0, 0]]
    ...   Incumbent: [["2 - c", 1], [2, 2]]
    ... ''')
    >>> model.game(c=4).exact[1, 0, 0]
    Fraction(-2, 1)
    """
    document = _Document(text, filename)
    data = document.value
    if not isinstance(data, dict):
        raise document.at((), "a model must be a mapping with title, players and a game")
    for key in data:
        if key not in TOP_KEYS:
            raise document.at_key((key,), f"unknown key {key!r}; a model has {', '.join(sorted(TOP_KEYS))}")
    for key in ("title", "players"):
        if key not in data:
            raise document.at((), f"missing {key!r}")
    if not isinstance(data["title"], str):
        raise document.at(("title",), "title must be text")
    players = data["players"]
    if not isinstance(players, list) or not players or not all(isinstance(p, (str, int)) for p in players):
        raise document.at(("players",), "players must be a non-empty list of names")
    players = [str(p) for p in players]
    if len(set(players)) != len(players):
        raise document.at(("players",), "player names must be distinct")
    parameters = _parameters(document, data.get("parameters") or {})

    def expression(value: Any, path: Path_) -> Any:
        try:
            return parse_expression(value, parameters)
        except ModelError as error:
            raise document.at(path, error.message) from None

    common: dict[str, Any] = dict(description=str(data.get("description") or ""), name=name, source_file=filename)
    if "tree" in data:
        if "strategies" in data or "payoffs" in data:
            raise document.at(("tree",), "a model has either a tree or strategies and payoffs, not both")
        tree = _tree(document, data["tree"], ("tree",), players, expression)
        model = Model(data["title"], players, parameters, tree=tree, **common)
    elif "strategies" in data and "payoffs" in data:
        strategies, table = _normal_form(document, data, players, expression)
        model = Model(data["title"], players, parameters, strategies=strategies, payoffs=table, **common)
    else:
        raise document.at((), "missing the game: give 'tree' (extensive form) or 'strategies' and 'payoffs'")
    try:
        model.game()
    except (ModelError, GameFormatError) as error:
        location = getattr(error, "path", None)
        if location is not None:
            raise document.at(("tree",) + tuple(location), error.message) from None
        raise document.at((), f"at the calibration: {error.message}") from None
    return model


def _parameters(document: _Document, data: Any) -> dict[str, Parameter]:
    if not isinstance(data, dict):
        raise document.at(("parameters",), "parameters must be a mapping from name to {value, range, ...}")
    parameters = {}
    for name, spec in data.items():
        path = ("parameters", name)
        if not name.isidentifier():
            raise document.at(path, f"parameter name {name!r} is not an ASCII identifier")
        if not isinstance(spec, dict):
            spec = {"value": spec}
        for key in spec:
            if key not in PARAMETER_KEYS:
                raise document.at_key(path + (key,), f"unknown key {key!r} for parameter {name}; "
                                  f"allowed: {', '.join(sorted(PARAMETER_KEYS))}")
        if "value" not in spec:
            raise document.at(path, f"parameter {name} has no value")
        value = _exact(document, spec["value"], path + ("value",))
        low = high = None
        if "range" in spec:
            bounds = spec["range"]
            if not isinstance(bounds, list) or len(bounds) != 2:
                raise document.at(path + ("range",), "range must be [low, high]")
            low = _exact(document, bounds[0], path + ("range", 0))
            high = _exact(document, bounds[1], path + ("range", 1))
            if low > high:
                raise document.at(path + ("range",), f"range of {name} is empty: low > high")
        prior = None
        if spec.get("prior") is not None:
            try:
                prior = Prior.parse(spec["prior"], low, high)
            except ModelError as error:
                where = path + ("prior",) + tuple(getattr(error, "path", ()))
                if getattr(error, "at_key", False):
                    raise document.at_key(where, f"parameter {name}: {error.message}") from None
                raise document.at(where, f"parameter {name}: {error.message}") from None
        parameter = Parameter(name, value, low, high, str(spec.get("meaning") or ""), str(spec.get("source") or ""),
                              prior)
        try:
            parameter.check(value)
        except ModelError as error:
            raise document.at(path + ("value",), error.message) from None
        parameters[name] = parameter
    return parameters


def _exact(document: _Document, value: Any, path: Path_) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, (int, Fraction, str)):
        raise document.at(path, f"expected a number, got {value!r}")
    try:
        return Fraction(value) if not isinstance(value, str) else Fraction(value.strip())
    except (ValueError, ZeroDivisionError):
        raise document.at(path, f"{value!r} is not a number (write 3, 0.25 or 3/2)") from None


def _normal_form(document: _Document, data: dict, players: list[str],
                 expression: Any) -> tuple[list[list[str]], np.ndarray]:
    strategies_spec, payoffs_spec = data["strategies"], data["payoffs"]
    if not isinstance(strategies_spec, dict) or list(strategies_spec) != players:
        raise document.at(("strategies",), f"strategies must list each player in order: {players}")
    strategies = []
    for p in players:
        labels = strategies_spec[p]
        if not isinstance(labels, list) or not labels:
            raise document.at(("strategies", p), f"strategies of {p} must be a non-empty list")
        strategies.append([str(s) for s in labels])
    shape = tuple(len(s) for s in strategies)
    if not isinstance(payoffs_spec, dict) or list(payoffs_spec) != players:
        raise document.at(("payoffs",), f"payoffs must give a table for each player in order: {players}")
    table = np.empty((len(players),) + shape, dtype=object)
    for i, p in enumerate(players):
        _fill(document, payoffs_spec[p], ("payoffs", p), shape, table[i], (), expression)
    return strategies, table


def _fill(document: _Document, value: Any, path: Path_, shape: tuple[int, ...], out: np.ndarray,
          index: tuple[int, ...], expression: Any) -> None:
    depth = len(index)
    if depth == len(shape):
        if isinstance(value, list):
            raise document.at(path, f"expected one payoff here, found a list (the table has {len(shape)} dimensions)")
        out[index] = expression(value, path)
        return
    if not isinstance(value, list) or len(value) != shape[depth]:
        found = f"{len(value)} entries" if isinstance(value, list) else repr(value)
        raise document.at(path, f"expected a list of {shape[depth]} entries (one per strategy), found {found}")
    for k, item in enumerate(value):
        _fill(document, item, path + (k,), shape, out, index + (k,), expression)


def _tree(document: _Document, node: Any, path: Path_, players: list[str], expression: Any) -> dict[str, Any]:
    if not isinstance(node, dict):
        raise document.at(path, "a node must be a mapping: a leaf {payoffs: [...]}, a decision "
                          "{player, moves} or a chance node {chance, moves}")
    for key in node:
        if key not in NODE_KEYS:
            raise document.at_key(path + (key,),
                                  f"unknown key {key!r} in a node; allowed: {', '.join(sorted(NODE_KEYS))}")
    result: dict[str, Any] = {}
    if "player" in node:
        if str(node["player"]) not in players:
            raise document.at(path + ("player",), f"unknown player {node['player']!r}; the players are {players}")
        result["player"] = str(node["player"])
    for key in ("infoset", "label", "outcome"):
        if key in node and node[key] is not None:
            result[key] = str(node[key])
    if "payoffs" in node:
        payoffs = node["payoffs"]
        if not isinstance(payoffs, list) or len(payoffs) != len(players):
            raise document.at(path + ("payoffs",), f"payoffs must be a list of {len(players)} entries, one per player")
        result["payoffs"] = [expression(v, path + ("payoffs", i)) for i, v in enumerate(payoffs)]
    if "chance" in node:
        chance = node["chance"]
        if not isinstance(chance, dict) or not chance:
            raise document.at(path + ("chance",), "chance must map each move to its probability")
        result["chance"] = {a: expression(p, path + ("chance", a)) for a, p in chance.items()}
    if "moves" in node:
        moves = node["moves"]
        if not isinstance(moves, dict) or not moves:
            raise document.at(path + ("moves",), "moves must be a non-empty mapping from action to node")
        if "player" not in node and "chance" not in node:
            raise document.at(path, "a node with moves needs 'player' or 'chance'")
        result["moves"] = {a: _tree(document, child, path + ("moves", a), players, expression)
                           for a, child in moves.items()}
    elif "player" in node or "chance" in node:
        raise document.at(path, "a decision or chance node needs 'moves'")
    elif "payoffs" not in node:
        raise document.at(path, "a leaf needs 'payoffs'")
    return result


def load_model(path: str | Path, name: str = "") -> Model:
    """Read a YAML model file."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise ModelError(f"not UTF-8 text ({error.reason})", str(path)) from None
    return read_model(text, str(path), name or path.stem)


# ---------------------------------------------------------------------------------------
# writing


def _number(value: Any) -> Any:
    if isinstance(value, Fraction):
        return value.numerator if value.denominator == 1 else fraction_text(value)
    return float(value)


def write_yaml(game: NormalFormGame | ExtensiveGame) -> str:
    """A numeric game as a YAML model (no parameters), readable by :func:`read_model`."""
    document: dict[str, Any] = {"title": game.title or "untitled"}
    if game.description:
        document["description"] = game.description
    document["players"] = list(game.players)
    if isinstance(game, NormalFormGame):
        table = game.exact if game.exact is not None else game.payoffs
        document["strategies"] = {p: list(s) for p, s in zip(game.players, game.strategies)}
        document["payoffs"] = {p: np.vectorize(_number, otypes=[object])(table[i]).tolist()
                               for i, p in enumerate(game.players)}
    else:
        document["tree"] = _tree_document(game, 0, _shared_infosets(game))
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)


def _shared_infosets(game: ExtensiveGame) -> dict[int, str]:
    """Labels for information sets with several nodes (the YAML format shares sets by label)."""
    labels = {}
    used: set[str] = set()
    for s, members in enumerate(game.members):
        if len(members) > 1 or game.infosets[s].label:
            label = game.infosets[s].label or f"I{s + 1}"
            while label in used:
                label += "'"
            used.add(label)
            labels[s] = label
    return labels


def _tree_document(game: ExtensiveGame, v: int, labels: dict[int, str]) -> dict[str, Any]:
    node = game.nodes[v]
    result: dict[str, Any] = {}
    if node.label:
        result["label"] = node.label
    if node.outcome is not None:
        outcome = game.outcomes[node.outcome]
        if outcome.label:
            result["outcome"] = outcome.label
        result["payoffs"] = [_number(x) for x in outcome.payoffs]
    elif not node.children:
        result["payoffs"] = [0] * game.num_players
    if node.infoset is None:
        return result
    infoset = game.infosets[node.infoset]
    if infoset.player == CHANCE:
        result["chance"] = {a: _number(p) for a, p in zip(infoset.actions, infoset.probabilities or ())}
    else:
        result["player"] = game.players[infoset.player]
    if node.infoset in labels:
        result["infoset"] = labels[node.infoset]
    result["moves"] = {a: _tree_document(game, c, labels) for a, c in zip(infoset.actions, node.children)}
    return result
