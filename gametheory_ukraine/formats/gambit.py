"""Gambit's text formats for games: strategic ``.nfg`` and extensive ``.efg`` files.

The reader follows the grammar of Gambit's format documentation and of its
file reader (``src/games/file.cc``), as written down in the project's format
notes (``FORMATS.md``):

* Tokens are ``{``, ``}``, ``,``, quoted text, numbers and bare words,
  separated by ASCII whitespace; there are no comments.  Inside quoted text
  only ``\\"`` is an escape; any other backslash is kept as it is.
* Every number is **exact**: ``0.1`` is 1/10 and ``1.5e-3`` is 3/2000.  A
  leading ``+``, a ``+`` in the exponent, a zero denominator, NaN and the
  infinities are errors.
* ``.nfg`` files come in a *payoff* version (one payoff per player and cell)
  and an *outcome* version (a list of outcomes, then one outcome number per
  cell).  Cells are listed with player 1's strategy changing fastest.
* ``.efg`` files list the tree in preorder; information sets and outcomes are
  defined at their first use and may be referred to by number afterwards.

Labels are kept exactly as written.  The label rules that Gambit 16.5-16.7
added (printable ASCII only, no doubled or edge spaces, unique node labels,
unique information-set labels per player) are not errors here.  Every
malformed input raises :class:`~gametheory_ukraine.errors.GameFormatError`
carrying the file, the 1-based line and the column of the offending token.

The writers produce files that Gambit 16.7 reads and writes back without
changing a label.  Labels that break its label rules, or that it would
change, are written in a tidied form (non-ASCII folded to ASCII or ``?``,
spaces normalised, backslashes made ``/`` since Gambit's own writer doubles
them, repeated node and information-set labels blanked, other repeated labels
given the names ``L_1``, ``L_2``, ... that Gambit's reader would give them),
and the original labels are kept in a short block at the end of the
description::

    [gametheory_ukraine original labels 0123456789abcdef]
    node.12=1%20left
    action.5.1=call%20

Keys are 1-based positions (node in preorder; information set, outcome,
player, strategy in the game's order), values are percent-encoded.  The hex
number is a digest of the rest of the file: when the file has been changed
since it was written, the block no longer matches and is left in the
description untouched.  So our own write-then-read gives back a game equal to
the original, while Gambit sees the same game with tidied labels.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import warnings
from bisect import bisect_right
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, Callable, Iterable, Literal, NamedTuple, Sequence
from urllib.parse import quote, unquote

import numpy as np

from ..errors import GameFormatError
from ..games.extensive import CHANCE, ExtensiveGame, Infoset, Node, Outcome
from ..games.normal import NormalFormGame

__all__ = ["read_nfg", "read_efg", "read_gambit", "write_nfg", "write_efg"]

Game = NormalFormGame | ExtensiveGame

# ---------------------------------------------------------------------------------------
# lexical layer

_NEWLINE = re.compile(r"\r\n|\r|\n")
_WHITESPACE = re.compile(r"[ \t\n\x0b\x0c\r]*")
# A bare word runs to the next whitespace: braces and quotes do not end it.
_WORD = re.compile(r"[^ \t\n\x0b\x0c\r]+")
# `[0-9]`, not `\d`: Python's `\d` also matches non-ASCII digits.
_NUMBER = re.compile(r"[+-]?[0-9]*(?:/[0-9]*|\.[0-9]*(?:[eE][+-]?[0-9]*)?|[eE][+-]?[0-9]*)?")
# A number that starts with its decimal point takes no exponent (as in Gambit:
# `.5e3` is `.5` followed by the word `e3`).
_DOT_NUMBER = re.compile(r"\.[0-9]*")
_UNESCAPED_QUOTE = re.compile(r'(?<!\\)"')
_NUMBER_START = frozenset("0123456789+-.")
_MAX_EXPONENT = 100_000  # 10**exponent is computed exactly; keep it affordable


class _Token(NamedTuple):
    kind: str  # "{", "}", ",", "text", "number", "word", "eof"
    value: Any  # str for text and words, Fraction for numbers
    raw: str  # the spelling in the file
    offset: int


def _decode_text(raw: str) -> str:
    """The value of quoted text whose raw content (between the quotes) is ``raw``.

    Gambit keeps a backslash together with the character after it, except
    that ``\\"`` stands for a quote; a backslash that follows a backslash
    counts again, so ``a\\\\b`` reads as three backslashes.
    """
    if "\\" not in raw:
        return raw
    out: list[str] = []
    prev_backslash = False
    for ch in raw:
        if prev_backslash:
            out.append('"' if ch == '"' else "\\" + ch)
        elif ch != "\\":
            out.append(ch)
        prev_backslash = ch == "\\"
    return "".join(out)


def _digits(text: str) -> int:
    # int() refuses strings of more than ~4300 digits; Decimal has no such limit.
    return int(text) if len(text) < 4000 else int(Decimal(text))


def _number_value(raw: str) -> Fraction:
    """The exact value of a number token; ValueError says why it is not a number."""
    body = raw
    sign = 1
    if body[0] == "+":
        raise ValueError("a leading '+' is not allowed")
    if body[0] == "-":
        sign, body = -1, body[1:]
    if "/" in body:
        numerator, _, denominator = body.partition("/")
        if not numerator:
            raise ValueError("the numerator is missing")
        if not denominator:
            raise ValueError("the denominator is missing")
        d = _digits(denominator)
        if d == 0:
            raise ValueError("the denominator is zero")
        return sign * Fraction(_digits(numerator), d)
    mantissa, e, exponent_text = re.split(r"([eE])", body, maxsplit=1) if "e" in body.lower() else (body, "", "")
    whole, _, fraction = mantissa.partition(".")
    if not whole and not fraction:
        raise ValueError("it has no digits")
    exponent = 0
    if e:
        if exponent_text.startswith("+"):
            raise ValueError("the exponent's sign may only be '-'")
        digits = exponent_text.lstrip("-")
        if not digits:
            raise ValueError("the exponent has no digits")
        if len(digits) > 6 or int(digits) > _MAX_EXPONENT:
            raise ValueError(f"the exponent is out of range (at most {_MAX_EXPONENT} in size)")
        exponent = -int(digits) if exponent_text.startswith("-") else int(digits)
    exponent -= len(fraction)
    value = Fraction(_digits(whole + fraction or "0"))
    value = value * 10**exponent if exponent >= 0 else value / 10**-exponent
    return sign * value


class _Lexer:
    """Tokens of a Gambit file, read on demand, with their positions.

    Reading is lazy because Gambit stops reading an ``.efg`` file after the
    tree: anything after it must not be able to fail the file.
    """

    def __init__(self, text: str, filename: str) -> None:
        self.text = text
        self.filename = filename
        self._line_starts = [0] + [m.end() for m in _NEWLINE.finditer(text)]
        self._pos = 1 if text.startswith("\ufeff") else 0  # a byte-order mark is not a token
        self._peeked: _Token | None = None
        self.consumed: list[_Token] = []

    # -- positions ----------------------------------------------------------------------
    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset."""
        line = bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def error(self, message: str, offset: int) -> GameFormatError:
        line, column = self.position(offset)
        return GameFormatError(message, self.filename, line, column)

    # -- tokens -------------------------------------------------------------------------
    def peek(self) -> _Token:
        if self._peeked is None:
            self._peeked = self._scan()
        return self._peeked

    def next(self) -> _Token:
        token = self.peek()
        self._peeked = None
        self.consumed.append(token)
        return token

    def _scan(self) -> _Token:
        text = self.text
        pos = _WHITESPACE.match(text, self._pos).end()  # type: ignore[union-attr]
        if pos >= len(text):
            self._pos = pos
            return _Token("eof", None, "", pos)
        ch = text[pos]
        if ch in "{},":
            self._pos = pos + 1
            return _Token(ch, ch, ch, pos)
        if ch == '"':
            end = _UNESCAPED_QUOTE.search(text, pos + 1)
            if end is None:
                raise self.error("unterminated quoted text: no closing '\"' before the end of the file", pos)
            raw = text[pos + 1 : end.start()]
            self._pos = end.end()
            return _Token("text", _decode_text(raw), text[pos : end.end()], pos)
        if ch in _NUMBER_START:
            pattern = _DOT_NUMBER if ch == "." else _NUMBER
            raw = pattern.match(text, pos).group()  # type: ignore[union-attr]
            try:
                value = _number_value(raw)
            except ValueError as error:
                reason = str(error)
                word = _WORD.match(text, pos).group()  # type: ignore[union-attr]
                if word.lstrip("+-").lower() in ("nan", "inf", "infinity"):
                    raw, reason = word, "NaN and infinities are not numbers in a game file"
                raise self.error(f"{_short(raw)!r} is not a valid number: {reason}", pos) from None
            self._pos = pos + len(raw)
            return _Token("number", value, raw, pos)
        raw = _WORD.match(text, pos).group()  # type: ignore[union-attr]
        self._pos = pos + len(raw)
        return _Token("word", raw, raw, pos)


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _describe(token: _Token) -> str:
    if token.kind == "eof":
        return "the end of the file"
    if token.kind == "text":
        return f"quoted text {_short(token.raw)}"
    if token.kind == "number":
        return f"the number {_short(token.raw)}"
    if token.kind == "word":
        if token.raw.lstrip("+-").lower() in ("nan", "inf", "infinity"):
            return f"{token.raw!r} (NaN and infinities are not numbers in a game file)"
        return f"the word {_short(token.raw)!r}"
    if token.kind == ",":
        return "',' (commas are allowed only between the payoffs of an outcome)"
    return f"{token.kind!r}"


def _digest(tokens: Iterable[_Token]) -> str:
    """A short digest of a token sequence, insensitive to layout."""
    h = hashlib.sha256()
    for t in tokens:
        if t.kind == "eof":
            continue
        value = t.value if t.kind in ("text", "word") else t.raw
        h.update(f"{t.kind}\x00{value}\x01".encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:16]


# ---------------------------------------------------------------------------------------
# parser helpers shared by both formats


class _Parser:
    def __init__(self, text: str, filename: str) -> None:
        self.lex = _Lexer(text, filename)
        self.filename = filename
        self.description_index: int | None = None

    def error(self, message: str, token: _Token) -> GameFormatError:
        return self.lex.error(message, token.offset)

    def unexpected(self, expected: str, token: _Token) -> GameFormatError:
        return self.error(f"expected {expected}, found {_describe(token)}", token)

    def expect(self, kind: str, expected: str) -> _Token:
        token = self.lex.next()
        if token.kind != kind:
            raise self.unexpected(expected, token)
        return token

    def text(self, expected: str) -> _Token:
        return self.expect("text", expected)

    def number(self, expected: str) -> _Token:
        return self.expect("number", expected)

    def integer(self, expected: str, minimum: int, maximum: int | None = None) -> tuple[int, _Token]:
        token = self.lex.next()
        if token.kind != "number":
            raise self.unexpected(expected, token)
        value = token.value
        if value.denominator != 1 or value < minimum or (maximum is not None and value > maximum):
            allowed = f"an integer from {minimum} to {maximum}" if maximum is not None else f"an integer >= {minimum}"
            raise self.error(f"expected {expected}, {allowed}; found {token.raw}", token)
        return int(value), token

    def header(self, magic: str, version: str) -> tuple[str, list[str]]:
        """The common header: magic word, version, data type, title, player list."""
        token = self.lex.next()
        if token.kind != "word" or token.raw != magic:
            other = {"NFG": "EFG", "EFG": "NFG"}[magic]
            hint = f" (this looks like an .{other.lower()} file)" if token.raw == other else ""
            raise self.unexpected(f"{magic!r} at the start of the file{hint}", token)
        token = self.lex.next()
        if token.kind != "number" or token.raw != version:
            raise self.unexpected(f"the format version {version} after {magic!r}", token)
        token = self.lex.next()
        if token.kind != "word" or token.raw not in ("R", "D"):
            raise self.unexpected("the data type 'R' (or the legacy 'D')", token)
        title = self.text("the game's title in quotes").value
        self.expect("{", "'{' opening the list of player names")
        players: list[str] = []
        while True:
            token = self.lex.next()
            if token.kind == "}":
                return title, players
            if token.kind != "text":
                raise self.unexpected("a player name in quotes or '}'", token)
            players.append(token.value)

    def optional_description(self) -> str:
        if self.lex.peek().kind == "text":
            self.description_index = len(self.lex.consumed)
            return self.lex.next().value
        return ""

    def digest(self) -> str:
        """Digest of every token read except the description."""
        return _digest(t for i, t in enumerate(self.lex.consumed) if i != self.description_index)

    def outcome_payoffs(self, num_players: int, what: str) -> list[_Token]:
        """``{ NUMBER [,] ... }`` with exactly one payoff per player."""
        self.expect("{", f"'{{' opening the payoffs of {what}")
        payoffs: list[_Token] = []
        while True:
            token = self.lex.next()
            if token.kind == "}":
                if len(payoffs) != num_players:
                    raise self.error(
                        f"{what} has {len(payoffs)} payoff(s), expected {num_players} (one per player)", token
                    )
                return payoffs
            if token.kind != "number":
                expected = "a payoff number" if len(payoffs) < num_players else "'}' closing the payoffs"
                raise self.unexpected(f"{expected} of {what}", token)
            if len(payoffs) == num_players:
                raise self.error(
                    f"{what} has more than {num_players} payoffs, expected one per player; found {token.raw}", token
                )
            payoffs.append(token)
            if self.lex.peek().kind == ",":
                self.lex.next()


def _decode_bytes(data: bytes, filename: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start].decode("utf-8")
        line = before.count("\n") + 1
        column = len(before) - (before.rfind("\n") + 1) + 1
        raise GameFormatError(
            f"the file is not valid UTF-8 (byte 0x{data[exc.start]:02x}); save it as UTF-8", filename, line, column
        ) from None


def _as_text(text: str | bytes, filename: str) -> str:
    if isinstance(text, (bytes, bytearray, memoryview)):
        return _decode_bytes(bytes(text), filename)
    if not isinstance(text, str):
        raise GameFormatError(f"expected the file's text as str or bytes, not {type(text).__name__}", filename)
    return text


def _build(factory: Callable[[], Any], filename: str, position: tuple[int, int] | None = None) -> Any:
    """Call a game constructor; its complaints become positioned GameFormatErrors."""
    line, column = position if position is not None else (None, None)
    try:
        return factory()
    except GameFormatError as exc:
        raise exc.at(filename, line, column) from None
    except (ValueError, TypeError, IndexError, OverflowError, MemoryError, RecursionError) as exc:
        raise GameFormatError(f"cannot build the game: {exc}", filename, line, column) from None


# ---------------------------------------------------------------------------------------
# .nfg


def read_nfg(text: str | bytes, filename: str = "<string>", *, restore_labels: bool = True) -> NormalFormGame:
    """Read a strategic game from the text of a Gambit ``.nfg`` file.

    Parameters
    ----------
    text:
        The file's contents (``bytes`` are decoded as UTF-8).
    filename:
        Name used in error messages.
    restore_labels:
        Apply the block of original labels that :func:`write_nfg` leaves at
        the end of the description when it had to tidy labels (the default).

    Returns
    -------
    NormalFormGame
        With exact (Fraction) payoffs.  Strategies given only by their number
        are labelled ``"1"``, ``"2"``, ...; outcome labels are not kept.

    Raises
    ------
    GameFormatError
        With the file, line and column of the first token that is wrong.

    Examples
    --------
    >>> game = read_nfg('NFG 1 R "Matching pennies" { "Row" "Column" } { 2 2 }'
    ...                 ' 1 -1  -1 1  -1 1  1 -1')
    >>> game.players, game.shape
    (('Row', 'Column'), (2, 2))
    >>> game.exact[0, 1, 0]
    Fraction(-1, 1)
    """
    text = _as_text(text, filename)
    p = _Parser(text, filename)
    title, players = p.header("NFG", "1")
    if not players:
        raise p.error("a strategic game needs at least one player", p.lex.consumed[-1])
    n = len(players)
    counts, strategies = _nfg_strategies(p, n)
    description = p.optional_description()
    cells = 1
    for k in counts:
        cells *= k
    body = p.lex.peek()
    if body.kind == "{":
        rows = _nfg_outcome_body(p, n, cells)
    elif body.kind == "number":
        rows = _nfg_payoff_body(p, n, cells)
    else:
        p.lex.next()
        raise p.unexpected("the payoffs (numbers) or '{' opening the list of outcomes", body)
    token = p.lex.next()
    if token.kind != "eof":
        raise p.unexpected(f"the end of the file after the {cells} cells of the table", token)
    if strategies is None:
        strategies = [[str(j + 1) for j in range(k)] for k in counts]
    if restore_labels:
        labels = _Labels(title, description, players, {"strategy": strategies})
        if labels.restore(p.digest()):
            title, description = labels.title, labels.description
            players, strategies = labels.groups["player"][0], labels.groups["strategy"]

    def build() -> NormalFormGame:
        payoffs = np.empty((n,) + tuple(counts), dtype=object)
        for player in range(n):
            # Player 1's strategy changes fastest: Fortran order over the strategy axes.
            payoffs[player] = np.array([row[player] for row in rows], dtype=object).reshape(counts, order="F")
        return NormalFormGame(payoffs, players, strategies, title, description)

    return _build(build, filename)


def _nfg_strategies(p: _Parser, n: int) -> tuple[list[int], list[list[str]] | None]:
    p.expect("{", "'{' opening the strategies (counts or label lists)")
    first = p.lex.peek()
    counts: list[int] = []
    if first.kind == "number":
        for player in range(n):
            count, _ = p.integer(f"the number of strategies of player {player + 1}", 1)
            counts.append(count)
        p.expect("}", f"'}}' closing the strategy counts of the {n} players")
        return counts, None
    labels: list[list[str]] = []
    for player in range(n):
        p.expect("{", f"'{{' opening the strategy labels of player {player + 1} of {n}")
        own: list[str] = []
        while True:
            token = p.lex.next()
            if token.kind == "}":
                break
            if token.kind != "text":
                raise p.unexpected(f"a strategy label of player {player + 1} in quotes or '}}'", token)
            own.append(token.value)
        if not own:
            raise p.error(f"player {player + 1} has no strategies", token)
        labels.append(own)
        counts.append(len(own))
    p.expect("}", f"'}}' closing the strategy labels of the {n} players")
    return counts, labels


def _nfg_payoff_body(p: _Parser, n: int, cells: int) -> list[list[Fraction]]:
    rows = []
    for cell in range(cells):
        row = []
        for player in range(n):
            token = p.lex.next()
            if token.kind != "number":
                raise p.unexpected(f"payoff {cell * n + player + 1} of {cells * n} "
                                   f"(cell {cell + 1}, player {player + 1})", token)
            row.append(token.value)
        rows.append(row)
    return rows


def _nfg_outcome_body(p: _Parser, n: int, cells: int) -> list[list[Fraction]]:
    p.expect("{", "'{' opening the list of outcomes")
    outcomes: list[list[Fraction]] = []
    while True:
        token = p.lex.next()
        if token.kind == "}":
            break
        if token.kind != "{":
            raise p.unexpected("'{' opening an outcome or '}' closing the list of outcomes", token)
        what = f"outcome {len(outcomes) + 1}"
        label = p.lex.peek()
        if label.kind != "text":
            p.lex.next()
            raise p.unexpected(f"the label of {what} in quotes (it may be \"\")", label)
        p.lex.next()
        payoffs: list[Fraction] = []
        while True:
            token = p.lex.next()
            if token.kind == "}":
                if len(payoffs) != n:
                    raise p.error(f"{what} has {len(payoffs)} payoff(s), expected {n} (one per player)", token)
                break
            if token.kind != "number":
                expected = "a payoff number" if len(payoffs) < n else "'}' closing the payoffs"
                raise p.unexpected(f"{expected} of {what}", token)
            if len(payoffs) == n:
                raise p.error(f"{what} has more than {n} payoffs, expected one per player; found {token.raw}", token)
            payoffs.append(token.value)
            if p.lex.peek().kind == ",":
                p.lex.next()
        outcomes.append(payoffs)
    zero = [Fraction(0)] * n
    rows = []
    for cell in range(cells):
        index, _ = p.integer(f"the outcome number of cell {cell + 1} of {cells} (0 for no outcome)",
                             0, len(outcomes))
        rows.append(outcomes[index - 1] if index else zero)
    return rows


# ---------------------------------------------------------------------------------------
# .efg


@dataclass
class _SetDefinition:
    """What a file said when it first defined an information set or outcome."""

    index: int
    label: str
    items: list[str]  # action labels, or payoff spellings
    numbers: list[str] = field(default_factory=list)  # chance probability spellings
    line: int = 0


def read_efg(text: str | bytes, filename: str = "<string>", *, restore_labels: bool = True) -> ExtensiveGame:
    """Read an extensive game from the text of a Gambit ``.efg`` file.

    Parameters
    ----------
    text:
        The file's contents (``bytes`` are decoded as UTF-8).
    filename:
        Name used in error messages.
    restore_labels:
        Apply the block of original labels that :func:`write_efg` leaves at
        the end of the description when it had to tidy labels (the default).

    Returns
    -------
    ExtensiveGame
        With exact (Fraction) payoffs and probabilities.  Gambit ignores
        whatever follows the tree; so does this reader, with a warning.

    Raises
    ------
    GameFormatError
        With the file, line and column of the first token that is wrong.

    Examples
    --------
    >>> game = read_efg('''EFG 2 R "Entry" { "Entrant" "Incumbent" }
    ... p "" 1 1 "" { "In" "Out" } 0
    ... p "" 2 1 "" { "Fight" "Accommodate" } 0
    ... t "" 1 "" { -1, -1 }
    ... t "" 2 "" { 1, 1 }
    ... t "" 3 "" { 0, 2 }
    ... ''')
    >>> game.num_nodes, [list(row) for row in game.leaf_payoffs(exact=True)][1]
    (5, [Fraction(1, 1), Fraction(1, 1)])
    """
    text = _as_text(text, filename)
    p = _Parser(text, filename)
    title, players = p.header("EFG", "2")
    n = len(players)
    description = p.optional_description()

    node_labels: list[str] = []
    node_lines: list[int] = []
    children: list[list[int]] = []
    node_infoset: list[int | None] = []
    node_outcome: list[int | None] = []
    infosets: list[Infoset] = []
    infoset_defs: dict[tuple[int, int], _SetDefinition] = {}
    outcomes: list[Outcome] = []
    outcome_defs: dict[int, _SetDefinition] = {}
    pending: list[list[int]] = []  # [node, children still to read], innermost last

    def outcome_ref() -> int | None:
        number, token = p.integer("an outcome number (0 for none)", 0)
        if p.lex.peek().kind != "text":
            if number == 0:
                return None
            if number not in outcome_defs:
                raise p.error(f"outcome {number} is used before it is defined "
                              f"(its first use must give a label and payoffs)", token)
            return outcome_defs[number].index
        label = p.lex.next()
        if number == 0:
            raise p.error("outcome 0 means 'no outcome' and cannot have a label or payoffs", label)
        payoffs = p.outcome_payoffs(n, f"outcome {number}")
        known = outcome_defs.get(number)
        if known is not None:
            if label.value != known.label:
                raise p.error(f"outcome {number} was defined on line {known.line} with label "
                              f"{known.label!r}, here it is {label.value!r}", label)
            for token, spelling in zip(payoffs, known.items):
                if token.raw != spelling:
                    raise p.error(f"outcome {number} was defined on line {known.line} with payoff "
                                  f"{spelling}, here it is {token.raw} (spellings must match)", token)
            return known.index
        outcome = _build(lambda: Outcome(tuple(t.value for t in payoffs), label.value),
                         filename, p.lex.position(label.offset))
        outcome_defs[number] = _SetDefinition(len(outcomes), label.value, [t.raw for t in payoffs],
                                              line=p.lex.position(label.offset)[0])
        outcomes.append(outcome)
        return len(outcomes) - 1

    def infoset_ref(player: int, who: str) -> int:
        number, token = p.integer(f"the information set number of {who}", 0)
        key = (player, number)
        what = f"information set {number} of {who}"
        if p.lex.peek().kind != "text":
            if key not in infoset_defs:
                raise p.error(f"{what} is used before it is defined (its first use must give a label "
                              f"and the list of actions)", token)
            return infoset_defs[key].index
        label = p.lex.next()
        opening = p.expect("{", f"'{{' opening the actions of {what}")
        actions: list[_Token] = []
        probabilities: list[_Token] = []
        while True:
            action = p.lex.next()
            if action.kind == "}":
                break
            if action.kind != "text":
                raise p.unexpected(f"an action label in quotes or '}}' closing the actions of {what}", action)
            actions.append(action)
            if player == CHANCE:
                probability = p.number(f"the probability of chance action {action.value!r}")
                if probability.value < 0:
                    raise p.error(f"chance probability {probability.raw} is negative", probability)
                probabilities.append(probability)
        if not actions:
            raise p.error(f"{what} has no actions; it needs at least one", action)
        known = infoset_defs.get(key)
        if known is not None:
            _check_redefinition(p, what, known, label, actions, probabilities, action)
            return known.index
        if player == CHANCE:
            total = sum((t.value for t in probabilities), Fraction(0))
            if total != 1:
                raise p.error(f"the probabilities of {what} sum to {total}, not exactly 1 "
                              f"(write 1/3 rather than 0.3333)", opening)
        infoset = _build(
            lambda: Infoset(player, tuple(a.value for a in actions), label.value,
                            tuple(t.value for t in probabilities) if player == CHANCE else None),
            filename, p.lex.position(label.offset))
        infoset_defs[key] = _SetDefinition(len(infosets), label.value, [a.value for a in actions],
                                           [t.raw for t in probabilities], p.lex.position(label.offset)[0])
        infosets.append(infoset)
        return len(infosets) - 1

    while True:
        token = p.lex.next()
        if token.kind != "word" or token.raw not in ("c", "p", "t"):
            where = "the root node" if not node_labels else f"node {len(node_labels) + 1}"
            raise p.unexpected(f"{where}: 'c' (chance), 'p' (player) or 't' (terminal)", token)
        index = len(node_labels)
        if pending:
            parent = pending[-1]
            children[parent[0]].append(index)
            parent[1] -= 1
            if parent[1] == 0:
                pending.pop()
        label = p.text("the node's label in quotes (it may be \"\")").value
        infoset: int | None = None
        if token.raw == "p":
            player, _ = p.integer(f"a player number ({_range_text(n)})", 1, n) if n else _no_player(p)
            infoset = infoset_ref(player - 1, f"player {player}")
        elif token.raw == "c":
            infoset = infoset_ref(CHANCE, "chance")
        node_labels.append(label)
        node_lines.append(p.lex.position(token.offset)[0])
        children.append([])
        node_infoset.append(infoset)
        node_outcome.append(outcome_ref())
        if infoset is not None:
            pending.append([index, len(infosets[infoset].actions)])
        if not pending:
            break

    # Gambit stops reading after the tree; warn rather than fail, but do warn:
    # extra nodes usually mean a miscounted subtree.
    try:
        trailing = p.lex.peek()
        extra = trailing.kind != "eof"
        line, column = p.lex.position(trailing.offset)
    except GameFormatError as exc:
        extra, line, column = True, exc.line or 0, exc.column or 0
    if extra:
        warnings.warn(f"{filename}:{line}:{column}: text after the end of the game tree is ignored",
                      UserWarning, stacklevel=2)

    if restore_labels:
        labels = _Labels(title, description, players, {
            "node": [node_labels],
            "infoset": [[s.label for s in infosets]],
            "action": [list(s.actions) for s in infosets],
            "outcome": [[o.label for o in outcomes]],
        })
        if labels.restore(p.digest()):
            title, description = labels.title, labels.description
            players = labels.groups["player"][0]
            node_labels = labels.groups["node"][0]
            infosets = [
                Infoset(s.player, tuple(actions), label, s.probabilities)
                for s, label, actions in zip(infosets, labels.groups["infoset"][0], labels.groups["action"])
            ]
            outcomes = [Outcome(o.payoffs, label) for o, label in zip(outcomes, labels.groups["outcome"][0])]
    nodes = [
        Node(tuple(children[v]), node_infoset[v], node_outcome[v], node_labels[v]) for v in range(len(node_labels))
    ]
    return _build(lambda: ExtensiveGame(players, nodes, infosets, outcomes, title, description), filename)


def _range_text(n: int) -> str:
    return "1" if n == 1 else f"1 to {n}"


def _no_player(p: _Parser) -> tuple[int, _Token]:
    token = p.lex.next()
    raise p.error("a 'p' node needs a player, but the game has no players", token)


def _check_redefinition(
    p: _Parser, what: str, known: _SetDefinition, label: _Token,
    actions: list[_Token], probabilities: list[_Token], closing: _Token,
) -> None:
    """A repeated definition of an information set must repeat the first one exactly."""
    line = known.line
    if label.value != known.label:
        raise p.error(f"{what} was defined on line {line} with label {known.label!r}, "
                      f"here it is {label.value!r}", label)
    for i, action in enumerate(actions):
        if i >= len(known.items):
            raise p.error(f"{what} was defined on line {line} with {len(known.items)} actions, "
                          f"here it has {len(actions)}", action)
        if action.value != known.items[i]:
            raise p.error(f"{what} was defined on line {line} with action {i + 1} {known.items[i]!r}, "
                          f"here it is {action.value!r}", action)
    if len(actions) < len(known.items):
        raise p.error(f"{what} was defined on line {line} with {len(known.items)} actions, "
                      f"here it has {len(actions)}", closing)
    for i, probability in enumerate(probabilities):
        if probability.raw != known.numbers[i]:
            raise p.error(f"{what} was defined on line {line} with probability {known.numbers[i]} "
                          f"for action {i + 1}, here it is {probability.raw} (spellings must match)", probability)


def read_gambit(path: str | Path) -> Game:
    """Read a ``.nfg`` or ``.efg`` file, choosing the format by the file's suffix.

    >>> import tempfile, os
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = os.path.join(folder, "pd.nfg")
    ...     with open(path, "w") as f:
    ...         _ = f.write('NFG 1 R "PD" { "A" "B" } { 2 2 } 3 3 5 0 0 5 1 1')
    ...     read_gambit(path).shape
    (2, 2)
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".nfg", ".efg"):
        raise GameFormatError(f"cannot tell the format from the suffix {path.suffix!r}: expected .nfg or .efg",
                              str(path))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise GameFormatError(f"cannot read the file: {exc.strerror or exc}", str(path)) from None
    reader = read_nfg if suffix == ".nfg" else read_efg
    return reader(data, str(path))


# ---------------------------------------------------------------------------------------
# labels that Gambit 16.7 accepts, and the block of original labels


_BLOCK = re.compile(
    r"(?:\A|\n\n)\[gametheory_ukraine original labels ([0-9a-f]{16})\]"
    r"((?:\n[a-z]+(?:\.[0-9]+)*=[A-Za-z0-9%._~-]*)*)\Z"
)
_PRINTABLE_ASCII = re.compile(r"[\x20-\x7e]*")
_ASCII_TEXT = re.compile(r"[\x01-\x7f]*")


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '\\"') + '"'


def _quotable(text: str) -> bool:
    """Whether ``text`` survives a trip through Gambit: no backslash.

    ``_quoted(text)`` may read back as ``text`` here and in Gambit, but
    Gambit's writer escapes a backslash as two (C++ ``std::quoted``), which
    read back as three, so a label with one comes back changed from pygambit.
    """
    return "\\" not in text


def _label_ok(label: str) -> bool:
    """Gambit 16.7's rule for labels (plus surviving the trip through quotes)."""
    if not label:
        return True
    return (_PRINTABLE_ASCII.fullmatch(label) is not None and label[0] != " " and label[-1] != " "
            and "  " not in label and _quotable(label))


def _reads_as_another_position(label: str, position: int, count: int) -> bool:
    """Whether Gambit 16.7's .nfg reader may refuse the digit label ``k`` at ``position``.

    The reader builds the table with players and strategies labelled ``"1"``,
    ``"2"``, ... and then sets the file's labels one by one, refusing a label
    that another one still holds: ``"2" "x"`` fails, as ``"2"`` is the second
    strategy's label when the first is set.  Any digit label off its own place
    counts here (a safe superset of the failing cases; reduced strategies are
    named ``21``...)."""
    return label.isdigit() and 1 <= int(label) <= count and int(label) != position + 1


def _text_ok(text: str) -> bool:
    """Titles and descriptions: Gambit 16.7 reads any ASCII text."""
    return _ASCII_TEXT.fullmatch(text) is not None and _quotable(text)


def _ascii_fold(text: str, keep_whitespace: bool) -> str:
    out = []
    for ch in unicodedata.normalize("NFKD", text):
        if unicodedata.combining(ch):
            continue
        if ch == "\\":
            out.append("/")
        elif keep_whitespace and ch in "\t\n\r":
            out.append(ch)
        elif ch.isspace():
            out.append(" ")
        elif " " <= ch <= "~":
            out.append(ch)
        else:
            out.append("?")
    return "".join(out)


def _tidy_label(label: str) -> str:
    return re.sub(" +", " ", _ascii_fold(label, False)).strip()


def _tidy_text(text: str) -> str:
    return _ascii_fold(text, True)


class _Labels:
    """The labels of a game in groups, keyed as in the block of original labels.

    ``groups[kind]`` is a list of label lists; a key ``kind.i.j`` addresses
    ``groups[kind][i-1][j-1]`` and a key ``kind.j`` the single list
    ``groups[kind][0]``.
    """

    def __init__(self, title: str, description: str, players: Sequence[str],
                 groups: dict[str, list[list[str]]]) -> None:
        self.title = title
        self.description = description
        self.groups = {"player": [list(players)], **{k: [list(v) for v in lists] for k, lists in groups.items()}}

    def _key(self, kind: str, i: int, j: int) -> str:
        single = kind in ("player", "node", "infoset", "outcome")
        return f"{kind}.{j + 1}" if single else f"{kind}.{i + 1}.{j + 1}"

    def restore(self, digest: str) -> bool:
        """Apply a block of original labels at the end of the description if it matches."""
        match = _BLOCK.search(self.description)
        if match is None or match.group(1) != digest:
            return False
        changes: list[tuple[str, list[str] | None, int, str]] = []
        try:
            for line in match.group(2).split("\n")[1:]:
                key, _, value = line.partition("=")
                original = unquote(value, errors="strict")
                kind, *numbers = key.split(".")
                indices = [int(x) - 1 for x in numbers]
                if kind in ("title", "description") and not indices:
                    changes.append((kind, None, 0, original))
                    continue
                lists = self.groups[kind]
                single = kind in ("player", "node", "infoset", "outcome")
                if len(indices) != (1 if single else 2) or min(indices) < 0:
                    return False
                i, j = (0, indices[0]) if single else (indices[0], indices[1])
                lists[i][j]  # noqa: B018 - raises IndexError for a key outside the game
                changes.append((kind, lists[i], j, original))
        except (KeyError, ValueError, IndexError, UnicodeDecodeError):
            return False
        self.description = self.description[: match.start()]
        for kind, target, j, original in changes:
            if target is None:
                setattr(self, kind, original)
            else:
                target[j] = original
        return True


def _distinct(labels: Sequence[str]) -> list[str]:
    """``labels`` with every repeated non-empty label renamed as Gambit 16.7 renames it on reading.

    Gambit's reader (``NormalizeLabels`` in ``src/games/file.cc``) gives each
    occurrence of a label ``L`` that occurs more than once in its scope the
    name ``L_1``, ``L_2``, ... in order, skipping any name already in the
    scope; a label that occurs once is left alone.  (It names empty labels
    ``_1``, ``_2``, ... the same way; those are written empty, and the
    interop reads such placeholders back as empty.)  Writing the names Gambit
    would choose itself keeps what Gambit shows unchanged, while the written
    file no longer needs renaming, so the block of original labels still
    matches after a trip through Gambit.

    >>> _distinct(["x_2", "x", "x", "", "", "y"])
    ['x_2', 'x_1', 'x_3', '', '', 'y']
    """
    counts: dict[str, int] = {}
    for label in labels:
        counts[label] = counts.get(label, 0) + 1
    used = set(labels)
    visited: dict[str, int] = {}
    out = []
    for label in labels:
        if not label or counts[label] == 1:
            out.append(label)
            continue
        while True:
            visited[label] = visited.get(label, 0) + 1
            candidate = f"{label}_{visited[label]}"
            if candidate not in used:
                break
        used.add(candidate)
        out.append(candidate)
    return out


_RENAMED = frozenset(("player", "strategy", "action", "outcome"))
"""Groups whose repeated labels Gambit 16.7 renames on reading; each list of the group
is one scope (all players; each player's strategies; each information set's actions,
chance included; all outcomes).  Verified with pygambit 16.7: the same label in two
information sets, or for two players' strategies, is left alone."""


def _written_labels(labels: _Labels, unique: Sequence[tuple[str, Sequence[int]]],
                    numbered: Sequence[str] = ("strategy",)) -> tuple[_Labels, list[str]]:
    """Labels that Gambit 16.7 reads as they are written, and the block entries that restore the originals.

    ``unique`` names the groups whose non-empty labels must be distinct, with
    for each label a scope number (labels only clash within the same scope);
    Gambit refuses repeated labels there, so later repeats are blanked.
    Labels of the groups in ``_RENAMED`` are made distinct per list as Gambit
    would rename them (see :func:`_distinct`).  ``numbered`` names the groups
    whose digit labels Gambit's ``.nfg`` reader can take for another position.
    """
    written = _Labels(labels.title, labels.description, [], {})
    entries: list[str] = []
    unique_scopes = dict(unique)
    for kind, lists in labels.groups.items():
        out_lists = []
        scopes = unique_scopes.get(kind)
        used: set[tuple[int, str]] = set()
        if scopes is not None:
            # Labels that are already fine keep their first occurrence; tidied
            # ones may only take names nobody else holds.
            for label, scope in zip(lists[0], scopes):
                if label and _label_ok(label):
                    used.add((scope, label))
        kept: set[tuple[int, str]] = set()
        for i, own in enumerate(lists):
            out = []
            for j, label in enumerate(own):
                new = label
                if scopes is None:
                    if not _label_ok(label):
                        new = _tidy_label(label)
                else:
                    scope = scopes[j]
                    if label and _label_ok(label) and (scope, label) not in kept:
                        kept.add((scope, label))
                    elif label:
                        new = _tidy_label(label)
                        if not new or (scope, new) in used:
                            new = ""
                        else:
                            used.add((scope, new))
                            kept.add((scope, new))
                out.append(new)
            if kind in _RENAMED:
                out = _distinct(out)
            if kind in numbered and any(_reads_as_another_position(x, j, len(out)) for j, x in enumerate(out)):
                # "s2" may clash with a label already there: make them distinct again.
                out = _distinct([f"s{x}" if _reads_as_another_position(x, j, len(out)) else x
                                 for j, x in enumerate(out)])
            entries.extend(f"{labels._key(kind, i, j)}={quote(label, safe='')}"
                           for j, (label, new) in enumerate(zip(own, out)) if new != label)
            out_lists.append(out)
        written.groups[kind] = out_lists
    if not _text_ok(labels.title):
        written.title = _tidy_text(labels.title)
        entries.append(f"title={quote(labels.title, safe='')}")
    if not _text_ok(labels.description):
        written.description = _tidy_text(labels.description)
        entries.append(f"description={quote(labels.description, safe='')}")
    return written, entries


def _with_block(head: str, description: str, body: str, entries: list[str]) -> str:
    """Assemble a file; with entries, end the description with the block of original labels."""
    if entries:
        tokens: list[_Token] = []
        for part in (head, body):
            lex = _Lexer(part, "<written>")
            while lex.next().kind != "eof":
                pass
            tokens.extend(lex.consumed[:-1])
        block = f"[gametheory_ukraine original labels {_digest(tokens)}]" + "".join("\n" + e for e in entries)
        description = f"{description}\n\n{block}" if description else block
    return f"{head}{_quoted(description)}\n\n{body}"


# ---------------------------------------------------------------------------------------
# numbers on output


def _int_text(value: int) -> str:
    return str(value) if abs(value) < 10**3000 else format(Decimal(value), "f")


def _number_text(value: Any) -> str:
    """A spelling in Gambit's safe subset that reads back to the value.

    Fractions are exact; a float is written as its shortest decimal (``0.1``
    for 0.1), which reads back as a rational whose nearest float is the
    original float.
    """
    if isinstance(value, Fraction):
        if value.denominator == 1:
            return _int_text(value.numerator)
        return f"{_int_text(value.numerator)}/{_int_text(value.denominator)}"
    x = float(value)
    if not np.isfinite(x):
        raise GameFormatError(f"cannot write the non-finite number {x} to a Gambit file")
    if x == 0:
        return "0"  # also for -0.0: "-0" is fine for Gambit but pointless
    text = format(Decimal(repr(x)), "f")
    return text


def _probability_texts(values: Sequence[Any]) -> list[str]:
    """Chance probabilities whose written values sum to exactly 1."""
    if all(isinstance(v, Fraction) for v in values):
        return [_number_text(v) for v in values]
    texts = [_number_text(v) for v in values]
    exact = [_number_value(t) for t in texts]
    total = sum(exact, Fraction(0))
    if total != 1:
        # Floats that sum to 1 only up to rounding: the largest probability
        # takes the difference, the smallest relative change.
        k = max(range(len(exact)), key=lambda i: exact[i])
        texts[k] = _number_text(1 - (total - exact[k]))
    return texts


# ---------------------------------------------------------------------------------------
# writers


def write_nfg(game: NormalFormGame, version: Literal["payoff", "outcome"] = "payoff",
              *, preserve_labels: bool = True) -> str:
    """The text of a Gambit ``.nfg`` file for a strategic game.

    Parameters
    ----------
    game:
        The game.  Exact payoffs are written as integers or fractions, float
        payoffs as their shortest decimal spelling.
    version:
        ``"payoff"``: one payoff per player and cell.  ``"outcome"``: a list
        of the distinct payoff vectors, then one outcome number per cell (the
        form Gambit itself writes).
    preserve_labels:
        When a label breaks Gambit 16.7's label rules, it is written tidied;
        with this flag (the default) the original is kept in a block at the
        end of the description, which :func:`read_nfg` applies.

    Examples
    --------
    >>> game = NormalFormGame.from_arrays([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                   players=["Kyiv", "Moscow"], title="PD")
    >>> print(write_nfg(game))
    NFG 1 R "PD" { "Kyiv" "Moscow" }
    { { "1" "2" } { "1" "2" } }
    ""
    <BLANKLINE>
    3 3
    5 0
    0 5
    1 1
    <BLANKLINE>
    >>> read_nfg(write_nfg(game, "outcome")) == game
    True
    """
    if not isinstance(game, NormalFormGame):
        raise GameFormatError(f"write_nfg needs a NormalFormGame, not {type(game).__name__}")
    if version not in ("payoff", "outcome"):
        raise GameFormatError(f"unknown .nfg version {version!r}: expected 'payoff' or 'outcome'")
    labels = _Labels(game.title, game.description, game.players, {"strategy": [list(s) for s in game.strategies]})
    # Gambit 16.7's .nfg reader gives players and strategies the labels "1", "2", ...
    # before it sets the file's labels one by one: a digit label that names a later
    # position clashes, so players are "numbered" as well as strategies.
    written, entries = _written_labels(labels, (), numbered=("player", "strategy"))
    if not preserve_labels:
        entries = []
    players = " ".join(_quoted(x) for x in written.groups["player"][0])
    strategies = " ".join("{ " + " ".join(_quoted(s) for s in own) + " }" for own in written.groups["strategy"])
    head = f"NFG 1 R {_quoted(written.title)} {{ {players} }}\n{{ {strategies} }}\n"
    table = game.payoff_table(exact=True)
    n = game.num_players
    # Cells with player 1's strategy changing fastest: Fortran order.
    cells = [[_number_text(v) for v in table[p].ravel(order="F")] for p in range(n)]
    rows = list(zip(*cells))
    if version == "payoff":
        body = "".join(" ".join(row) + "\n" for row in rows)
    else:
        numbering: dict[tuple[str, ...], int] = {}
        for row in rows:
            numbering.setdefault(row, len(numbering) + 1)
        outcomes = "".join(f'{{ "" {", ".join(row)} }}\n' for row in numbering)
        body = f"{{\n{outcomes}}}\n" + " ".join(str(numbering[row]) for row in rows) + "\n"
    return _with_block(head, written.description, body, entries)


def write_efg(game: ExtensiveGame, *, preserve_labels: bool = True) -> str:
    """The text of a Gambit ``.efg`` file for an extensive game.

    Nodes are written one per line in preorder; information sets and
    outcomes are numbered in order of first appearance (per player for
    information sets) and their definitions are repeated in full at every
    node, as Gambit does.

    Parameters
    ----------
    game:
        The game.  Exact numbers are written as integers or fractions, floats
        as their shortest decimal spelling (chance probabilities adjusted, if
        needed, to sum to exactly 1).
    preserve_labels:
        When a label breaks Gambit 16.7's label rules (or a node label or an
        information-set label repeats), it is written tidied or blank; with
        this flag (the default) the original is kept in a block at the end of
        the description, which :func:`read_efg` applies.

    Examples
    --------
    >>> game = ExtensiveGame.from_tree(["Entrant", "Incumbent"], {
    ...     "player": "Entrant", "moves": {
    ...         "In": {"player": "Incumbent", "moves": {
    ...             "Fight": {"payoffs": [-1, -1]}, "Accommodate": {"payoffs": [1, 1]}}},
    ...         "Out": {"payoffs": [0, 2]}}})
    >>> print(write_efg(game))
    EFG 2 R "" { "Entrant" "Incumbent" }
    ""
    <BLANKLINE>
    p "" 1 1 "" { "In" "Out" } 0
    p "" 2 1 "" { "Fight" "Accommodate" } 0
    t "" 1 "" { -1, -1 }
    t "" 2 "" { 1, 1 }
    t "" 3 "" { 0, 2 }
    <BLANKLINE>
    >>> read_efg(write_efg(game)) == game
    True
    """
    if not isinstance(game, ExtensiveGame):
        raise GameFormatError(f"write_efg needs an ExtensiveGame, not {type(game).__name__}")
    labels = _Labels(game.title, game.description, game.players, {
        "node": [[node.label for node in game.nodes]],
        "infoset": [[s.label for s in game.infosets]],
        "action": [list(s.actions) for s in game.infosets],
        "outcome": [[o.label for o in game.outcomes]],
    })
    # Gambit 16.7: non-empty node labels are unique in the game, information-set
    # labels unique per player (chance counted as a player).
    written, entries = _written_labels(labels, (
        ("node", [0] * game.num_nodes),
        ("infoset", [s.player for s in game.infosets]),
    ))
    if not preserve_labels:
        entries = []
    node_labels = written.groups["node"][0]
    set_labels = written.groups["infoset"][0]
    action_labels = written.groups["action"]
    outcome_labels = written.groups["outcome"][0]

    numbers: list[int] = []
    per_player: dict[int, int] = {}
    for s in game.infosets:
        per_player[s.player] = per_player.get(s.player, 0) + 1
        numbers.append(per_player[s.player])
    outcome_texts = [
        f'{k + 1} {_quoted(outcome_labels[k])} {{ {", ".join(_number_text(v) for v in o.payoffs)} }}'
        for k, o in enumerate(game.outcomes)
    ]
    set_texts = []
    for i, s in enumerate(game.infosets):
        if s.player == CHANCE:
            probabilities = _probability_texts(s.probabilities or ())
            actions = " ".join(f"{_quoted(a)} {q}" for a, q in zip(action_labels[i], probabilities))
            set_texts.append(f"{numbers[i]} {_quoted(set_labels[i])} {{ {actions} }}")
        else:
            actions = " ".join(_quoted(a) for a in action_labels[i])
            set_texts.append(f"{s.player + 1} {numbers[i]} {_quoted(set_labels[i])} {{ {actions} }}")
    lines = []
    for v, node in enumerate(game.nodes):  # the game keeps its nodes in preorder
        outcome = "0" if node.outcome is None else outcome_texts[node.outcome]
        if node.infoset is None:
            kind = "t"
            middle = ""
        else:
            kind = "c" if game.infosets[node.infoset].player == CHANCE else "p"
            middle = set_texts[node.infoset] + " "
        lines.append(f"{kind} {_quoted(node_labels[v])} {middle}{outcome}\n")
    players = " ".join(_quoted(x) for x in written.groups["player"][0])
    head = f"EFG 2 R {_quoted(written.title)} {{ {players} }}\n"
    return _with_block(head, written.description, "".join(lines), entries)
