"""What the default analysis asks of each bundled model: its solution concept and its thresholds of interest.

Each :class:`Study` follows ``MODELS.md``: the concept the specification
names for the game (and the package method that computes it), and the
parameters whose thresholds it lists as "of interest", each with the question
it answers.  The report (:mod:`.report`) solves, explains and checks them.

>>> [s.model for s in STUDIES][:3]
['authorization-sequential', 'authorization-simultaneous', 'm1-posture']
>>> study("m2-ladder").method
'spe'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import ModelError
from ..formats.loading import load
from ..symbolic.model import Model

__all__ = ["Question", "Study", "STUDIES", "study", "scenario_model"]


@dataclass(frozen=True)
class Question:
    """A threshold of interest: the parameter to move and what its threshold answers.

    ``range`` narrows the declared range where the model needs it (priors
    that must leave room for the others); ``method`` overrides the study's.
    """

    parameter: str
    question: str
    range: tuple[Any, Any] | None = None
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
    questions:
        The thresholds of interest.
    options:
        Options of the method (``lambdas`` for the logit QRE).
    """

    model: str
    concept: str
    method: str
    questions: tuple[Question, ...] = ()
    options: dict[str, Any] = field(default_factory=dict)


M5_PRECISIONS = (0.1, 0.2, 0.5, 1.0)
"""MODELS.md's precisions for the logit agent QRE of M5."""

STUDIES: tuple[Study, ...] = (
    Study("authorization-sequential", "subgame-perfect equilibrium", "spe", (
        Question("rho", "the credibility the Kremlin restores by striking Western capitals, above which it does so"),
        Question("n", "the cost of nuclear use, below which the Kremlin goes nuclear"),
    )),
    Study("authorization-simultaneous", "all Nash equilibria (pure and mixed)", "enummixed", (
        Question("rho", "the credibility restored by striking Western capitals at which the Kremlin does so"),
    )),
    Study("m1-posture", "all Nash equilibria (pure and mixed)", "enummixed", (
        Question("theta", "the weight on the partisan 'embroil Trump' goal at which the trap posture pays"),
        Question("rho", "the credibility restored by hitting the West at which the Kremlin escalates"),
    )),
    Study("m1-posture-redline", "all Nash equilibria (pure and mixed)", "enummixed", (
        Question("rho_T", "the credibility restored by hitting back after strikes on Moscow or St Petersburg"),
        Question("theta", "the weight on the partisan goal when the trap includes strikes on the capitals"),
    )),
    Study("m2-ladder", "subgame-perfect equilibrium", "spe", (
        Question("h_X", "the credibility loss after strikes on Moscow / St Petersburg at which the Kremlin goes nuclear"),
        Question("h_D", "the credibility loss after the authorised deep strikes at which the Kremlin hits the West"),
        Question("y_N", "NATO disunity: the West's cost of not answering nuclear use, below which it yields"),
        Question("iota", "Trump's irritation at asymmetric retaliation, above which the Kremlin drops it"),
        Question("theta", "the West's trap motive (weight on the lock-in value Lambda)"),
    )),
    Study("m3-signalling", "perfect Bayesian equilibria with the Intuitive Criterion and D1", "pbe", (
        Question("pi_T", "the prior on 'trap' at which the set of equilibria changes (pi_C at 1/3)", range=(0, "2/3")),
        Question("pi_C", "the prior on 'coordination' at which the set of equilibria changes (pi_T at 1/3)",
                 range=(0, "2/3")),
    )),
    Study("m3-signalling-two-types", "perfect Bayesian equilibria with the Intuitive Criterion and D1", "pbe", (
        Question("pi_T", "the prior on 'trap' (two types, pi_L = 0) at which the set of equilibria changes"),
    )),
    Study("m4-transition", "subgame-perfect equilibrium", "spe", (
        Question("eta", "Trump's cost of dealing right after a Kyiv offensive"),
        Question("rho", "the Kremlin's credibility gain from hitting the West"),
        Question("e_Esc", "Biden's escalation risk cost"),
        Question("lambda", "Trump's gain from Biden's escalation (the share Russia loses to Western leverage)"),
    )),
    Study("m5-qre", "logit agent quantal response equilibrium and its limit", "logit", (),
          {"lambdas": list(M5_PRECISIONS)}),
    Study("m6-brinkmanship", "subgame-perfect / perfect Bayesian equilibrium (discrete risk levels)", "spe", (
        Question("p", "the share of resolute types above which brinkmanship stops"),
    )),
)
"""The studies of the default run, in the order of the report."""


def study(name: str) -> Study:
    """The study of a bundled model."""
    for found in STUDIES:
        if found.model == name:
            return found
    raise ModelError(f"no study of model {name!r}: the default analysis covers {', '.join(s.model for s in STUDIES)}")


def scenario_model(name: str, settings: dict[str, Any] | None = None) -> Model:
    """A bundled model, recalibrated with the ``settings`` it declares (the others are ignored).

    >>> scenario_model("m2-ladder", {"h_X": 20, "not_declared": 1}).calibration["h_X"]
    Fraction(20, 1)
    """
    model = load(name)
    if not isinstance(model, Model):
        raise ModelError(f"{name!r} is not a parametrised model")
    declared = {k: v for k, v in (settings or {}).items() if k in model.parameters}
    return model.recalibrated(**declared) if declared else model
