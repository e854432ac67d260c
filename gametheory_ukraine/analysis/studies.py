"""What the default analysis asks of each bundled model: its solution concept and its thresholds of interest.

Each :class:`Study` follows ``MODELS.md``: the concept the specification
names for the game (and the package method that computes it), and the
parameters whose thresholds it lists as "of interest", each with the question
it answers.  The report (:mod:`.report`) solves, explains and checks them.

>>> [s.model for s in STUDIES][:3]
['m1-posture', 'm1-posture-redline', 'm2-ladder']
>>> study("m2-ladder").method
'spe'
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any

from ..errors import ModelError
from ..formats.loading import load
from ..symbolic.model import Model

__all__ = ["Question", "Study", "STUDIES", "study", "scenario_model"]


@dataclass(frozen=True)
class Question:
    """A threshold of interest: the parameter to move and what it measures.

    ``range`` narrows the declared range where the model needs it (priors
    that must leave room for the others); ``settings`` move other parameters
    first (NATO disunity: ``y_N`` below ``w_W``); ``method`` overrides the study's.
    """

    parameter: str
    question: str
    range: tuple[Any, Any] | None = None
    settings: dict[str, Any] = field(default_factory=dict)
    method: str | None = None


@dataclass(frozen=True)
class Study:
    """One model of the default analysis.

    Attributes
    ----------
    model:
        The bundled model's name.
    concept:
        The solution concept, in the words of MODELS.md.
    method:
        The package's method for it.
    asks:
        The model's question, as MODELS.md puts it.
    questions:
        The thresholds of interest.
    options:
        Options of the method (``lambdas`` for the logit QRE).
    """

    model: str
    concept: str
    method: str
    asks: str = ""
    questions: tuple[Question, ...] = ()
    options: dict[str, Any] = field(default_factory=dict)


M5_PRECISIONS = (0.1, 0.2, 0.5, 1.0)
"""MODELS.md's precisions for the logit agent QRE of M5."""

DISUNITY = {"y_N": 14, "y_E": 14}
"""NATO disunity (MODELS.md, M2): not answering nuclear use or strikes on Europe costs the West less than war."""

STUDIES: tuple[Study, ...] = (
    Study("m1-posture", "all Nash equilibria (pure and mixed)", "enummixed",
          "Is the trap posture ever chosen, and does the Kremlin ever take the bait?", (
              Question("theta", "the weight on the partisan 'embroil Trump' goal"),
              Question("rho", "the credibility the Kremlin restores by hitting the West"),
          )),
    Study("m1-posture-redline", "all Nash equilibria (pure and mixed)", "enummixed",
          "The same, when the trap includes destructive strikes on Moscow or St Petersburg", (
              Question("rho_T", "the credibility restored by hitting back after strikes on the capitals"),
              Question("theta", "the weight on the partisan goal"),
          )),
    Study("m2-ladder", "subgame-perfect equilibrium", "spe",
          "After the strikes, what does the Kremlin do, and when does it go nuclear?", (
              Question("h_X", "the credibility loss if the Kremlin does not hit back after strikes on the capitals"),
              Question("h_X", "the same under NATO disunity (y_N = y_E = 14, below w_W = 15)", settings=DISUNITY),
              Question("h_D", "the credibility loss if it does not hit back after the authorised deep strikes"),
              Question("y_N", "the West's cost of not answering nuclear use (NATO cohesion)"),
              Question("iota", "Trump's irritation at asymmetric retaliation"),
              Question("Lambda", "the West's lock-in value of a war, with the trap motive at full weight (theta = 1)",
                       settings={"theta": 1}),
          )),
    Study("m3-signalling", "perfect Bayesian equilibria with the Intuitive Criterion and D1", "pbe",
          "Can the target set of the strikes reveal the motive? Does any motive type induce the Kremlin to hit back?", (
              Question("pi_T", "the prior on 'trap' (pi_C at 1/3)", range=(0, "2/3")),
              Question("pi_C", "the prior on 'coordination' (pi_T at 1/3)", range=(0, "2/3")),
          )),
    Study("m3-signalling-two-types", "perfect Bayesian equilibria with the Intuitive Criterion and D1", "pbe",
          "The same with two types (pi_L = 0)", (
              Question("pi_T", "the prior on 'trap'"),
          )),
    Study("m4-transition", "subgame-perfect equilibrium", "spe",
          "Does Biden's escalation help Trump, and how does Trump's expected reaction discipline the Kremlin?", (
              Question("eta", "Trump's cost of dealing right after a Kyiv offensive"),
              Question("rho", "the Kremlin's credibility gain from hitting the West"),
              Question("e_Esc", "Biden's escalation risk cost"),
              Question("omega", "Trump's weight on Western terms (his gain from Biden's escalation is omega V lambda)"),
              Question("lambda", "the share Russia loses to the leverage of Biden's escalation"),
          )),
    Study("m5-qre", "logit agent quantal response equilibrium and its limit", "logit",
          "How likely is a Kremlin escalation against the West if decisions are noisy?", (),
          {"lambdas": list(M5_PRECISIONS)}),
    Study("m6-brinkmanship", "subgame-perfect / perfect Bayesian equilibrium (discrete risk levels)", "spe",
          "When is a deliberately raised, but small, risk of nuclear escalation a rational Russian response?", (
              Question("p", "the share of resolute types"),
          )),
    # the package's first two models (not in MODELS.md), kept as an appendix
    Study("authorization-sequential", "subgame-perfect equilibrium", "spe",
          "The Kremlin's answer to the authorization (first model, not in MODELS.md)", (
              Question("rho", "the credibility the Kremlin restores by striking Western capitals"),
              Question("n", "the cost of nuclear use (nuclear use pays n less than striking capitals)"),
          )),
    Study("authorization-simultaneous", "all Nash equilibria (pure and mixed)", "enummixed",
          "The same, simultaneous (first model, not in MODELS.md)", (
              Question("rho", "the credibility restored by striking Western capitals"),
          )),
)
"""The studies of the default run, in the order of the report."""


def study(name: str) -> Study:
    """The study of a bundled model."""
    for found in STUDIES:
        if found.model == name:
            return found
    raise ModelError(f"no study of model {name!r}: the default analysis covers {', '.join(s.model for s in STUDIES)}")


@functools.lru_cache(maxsize=None)
def _bundled(name: str) -> Model:
    # the readings and the verdict solve the same models many times: parse each YAML file once
    # (a Model is never changed after loading; recalibrated() makes a new one)
    model = load(name)
    if not isinstance(model, Model):
        raise ModelError(f"{name!r} is not a parametrised model")
    return model


def scenario_model(name: str, settings: dict[str, Any] | None = None) -> Model:
    """A bundled model, recalibrated with the ``settings`` it declares (the others are ignored).

    >>> scenario_model("m2-ladder", {"h_X": 20, "not_declared": 1}).calibration["h_X"]
    Fraction(20, 1)
    """
    model = _bundled(name)
    declared = {k: v for k, v in (settings or {}).items() if k in model.parameters}
    return model.recalibrated(**declared) if declared else model
