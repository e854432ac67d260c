"""Families of games built by rule, for tests and benchmarks that need games of any size.

:func:`poker` deals a poker-like family of two-player zero-sum games with
perfect recall, from Kuhn's three-card poker up to games with tens of
thousands of sequences, all exact (rational chance probabilities, integer
payoffs), so that sequence-form solvers can be checked and timed on one
family at growing sizes.

The rules, with the defaults giving Kuhn poker (H. W. Kuhn, "A simplified
two-person poker", Contributions to the Theory of Games I, 1950):

* the deck has ``ranks`` ranks in ``suits`` suits; each player puts an
  ``ante`` into the pot and is dealt one private card;
* there are ``rounds`` betting rounds; before each round after the first a
  public card is turned up;
* in each round player 1 acts first.  Without a bet to answer a player may
  ``check`` or ``bet``; facing a bet, ``fold``, ``call`` or ``raise``.
  A bet or a raise adds ``bet`` chips to what the opponent has put in the
  round; at most ``raises`` bets and raises are made per round.  Two checks
  or a call end the round, a fold ends the game;
* at the showdown a player whose private card pairs a public card beats one
  whose card does not; otherwise the higher rank wins, equal ranks split the
  pot.  The winner gains what the loser put in.

Cards are dealt by rank (a chance move per card, each rank with probability
proportional to its remaining count), so suits only change the
probabilities, not the size of the tree.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from ..errors import GameFormatError
from .extensive import CHANCE, ExtensiveGame, Infoset, Node, Outcome


@dataclass
class _PokerBuilder:
    """Collects the nodes, information sets and outcomes of one poker game in preorder."""

    ranks: int
    suits: int
    rounds: int
    raises: int
    ante: int
    bet: int

    def __post_init__(self) -> None:
        self.nodes: list[Node] = []
        self.infosets: list[Infoset] = []
        self.outcomes: list[Outcome] = []
        self.named: dict[str, int] = {}

    def infoset(self, label: str, player: int, actions: tuple[str, ...],
                probabilities: tuple[Fraction, ...] | None = None) -> int:
        """The information set called ``label``, created on first use (chance sets are never shared)."""
        if player != CHANCE and label in self.named:
            return self.named[label]
        self.infosets.append(Infoset(player, actions, label, probabilities))
        index = len(self.infosets) - 1
        if player != CHANCE:
            self.named[label] = index
        return index

    def leaf(self, payoff_to_first: int) -> int:
        self.outcomes.append(Outcome((Fraction(payoff_to_first), Fraction(-payoff_to_first))))
        self.nodes.append(Node(outcome=len(self.outcomes) - 1))
        return len(self.nodes) - 1

    def deal(self, remaining: list[int], label: str, then) -> int:
        """A chance node turning up one card by rank; ``then(rank, remaining)`` builds each branch."""
        total = sum(remaining)
        ranks = [r for r in range(self.ranks) if remaining[r] > 0]
        probabilities = tuple(Fraction(remaining[r], total) for r in ranks)
        here = len(self.nodes)
        self.nodes.append(Node())  # placeholder until the children exist
        infoset = self.infoset(label, CHANCE, tuple(str(r + 1) for r in ranks), probabilities)
        children = []
        for r in ranks:
            left = list(remaining)
            left[r] -= 1
            children.append(then(r, left))
        self.nodes[here] = Node(tuple(children), infoset)
        return here

    def showdown(self, private: tuple[int, int], public: tuple[int, ...], put_in: tuple[int, int]) -> int:
        strength = [(sum(card == p for card in public), p) for p in private]
        if strength[0] == strength[1]:
            return self.leaf(0)
        return self.leaf(put_in[1] if strength[0] > strength[1] else -put_in[0])

    def betting(self, private: tuple[int, int], public: tuple[int, ...], remaining: list[int],
                put_in: tuple[int, int], history: str, mover: int, facing_bet: bool, bets: int,
                checked: bool) -> int:
        """The subtree of a betting round from the state given (``history`` is everything said so far)."""
        actions: list[str]
        if facing_bet:
            actions = ["fold", "call"] + (["raise"] if bets < self.raises else [])
        else:
            actions = ["check"] + (["bet"] if bets < self.raises else [])
        public_text = "".join(str(c + 1) for c in public)
        label = f"{'12'[mover]}:{private[mover] + 1}|{public_text}|{history}"
        here = len(self.nodes)
        self.nodes.append(Node())
        infoset = self.infoset(label, mover, tuple(actions))
        other = 1 - mover
        children = []
        for action in actions:
            said = history + action[0]
            if action == "fold":
                children.append(self.leaf(put_in[1] if mover == 1 else -put_in[0]))
            elif action == "check":
                if checked:  # the second check ends the round
                    children.append(self.next_round(private, public, remaining, put_in, said))
                else:
                    children.append(self.betting(private, public, remaining, put_in, said, other,
                                                 False, bets, True))
            elif action == "call":
                level = max(put_in)
                children.append(self.next_round(private, public, remaining, (level, level), said))
            else:  # bet or raise: match the opponent, then add one bet
                amount = max(put_in) + self.bet
                raised = (amount, put_in[1]) if mover == 0 else (put_in[0], amount)
                children.append(self.betting(private, public, remaining, raised, said, other,
                                             True, bets + 1, False))
        self.nodes[here] = Node(tuple(children), infoset)
        return here

    def next_round(self, private: tuple[int, int], public: tuple[int, ...], remaining: list[int],
                   put_in: tuple[int, int], history: str) -> int:
        if len(public) + 1 >= self.rounds:
            return self.showdown(private, public, put_in)

        def turn(card: int, left: list[int]) -> int:
            return self.betting(private, public + (card,), left, put_in, history + "/", 0, False, 0, False)

        return self.deal(remaining, f"public {len(public) + 1}", turn)

    def build(self) -> int:
        def first_card(card: int, left: list[int]) -> int:
            def second_card(other: int, rest: list[int]) -> int:
                return self.betting((card, other), (), rest, (self.ante, self.ante), "", 0, False, 0, False)

            return self.deal(left, "deal 2", second_card)

        return self.deal([self.suits] * self.ranks, "deal 1", first_card)


def poker(ranks: int = 3, rounds: int = 1, raises: int = 1, suits: int = 1, ante: int = 1,
          bet: int = 1) -> ExtensiveGame:
    """A poker-like two-player zero-sum game with perfect recall (see the module docstring for the rules).

    The defaults give Kuhn poker, whose value to player 1 is -1/18.  The
    number of sequences grows with every parameter: ``ranks=13, rounds=2,
    raises=2`` has 5,552 sequences per player, ``suits=4, raises=3`` about 12,000.

    Parameters
    ----------
    ranks:
        Card ranks in the deck (at least 2).
    rounds:
        Betting rounds; a public card is turned up before each round after the first.
    raises:
        Most bets and raises per round (1: a bet can only be called or folded to).
    suits:
        Cards of each rank.  The deck must hold enough cards for the deal:
        ``ranks * suits >= rounds + 1``.
    ante, bet:
        Chips each player puts in before the deal, and the size of a bet or raise.

    Returns
    -------
    ExtensiveGame
        Exact (rational chance probabilities, integer payoffs), with players
        ``"1"`` and ``"2"``; information sets are labelled
        ``player:card|public cards|history`` (``c`` check, ``b`` bet, ``f``
        fold, ``r`` raise, ``/`` a new round).

    Examples
    --------
    >>> game = poker()  # Kuhn poker
    >>> game.has_perfect_recall, len(game.player_infosets(0)), len(game.arrays.leaves)
    (True, 6, 30)
    >>> game.infosets[game.player_infosets(0)[1]].label
    '1:1||cb'
    >>> leduc_like = poker(ranks=3, suits=2, rounds=2, raises=2)
    >>> len(leduc_like.player_infosets(0)), len(leduc_like.player_infosets(1))
    (144, 144)
    """
    for name, value, least in (("ranks", ranks, 2), ("rounds", rounds, 1), ("raises", raises, 1),
                               ("suits", suits, 1), ("ante", ante, 0), ("bet", bet, 1)):
        if not isinstance(value, int) or isinstance(value, bool) or value < least:
            raise GameFormatError(f"poker: {name} must be an integer of at least {least}, not {value!r}")
    if ranks * suits < rounds + 1:
        raise GameFormatError(f"poker: a deck of {ranks * suits} cards cannot deal two private cards "
                              f"and {rounds - 1} public ones")
    builder = _PokerBuilder(ranks, suits, rounds, raises, ante, bet)
    root = builder.build()
    title = (f"poker: {ranks} ranks x {suits} suits, {rounds} round{'s' * (rounds > 1)}, "
             f"{raises} bet{'s' * (raises > 1)} per round")
    return ExtensiveGame(["1", "2"], builder.nodes, builder.infosets, builder.outcomes, title=title, root=root)
