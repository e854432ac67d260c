"""The default analysis: every bundled scenario model solved, its thresholds checked, the readings compared.

:func:`scenario_report` runs what ``python -m gametheory_ukraine solve``
prints with no arguments: per model of :data:`~.studies.STUDIES`, the
equilibria under the concept MODELS.md names (path and off-path choices,
payoffs, certificates), its thresholds of interest (exact expressions from
:func:`~gametheory_ukraine.symbolic.sensitivity.sensitivity`, each verified
by solving just below and just above), a Monte Carlo sweep over the declared
ranges counting the qualitative outcomes, and then the comparison of the
three readings of the authorization and the test of the analysis's verdict.
Nothing in it is typed in: every number comes from the solvers.

>>> report = scenario_report(models=["m2-ladder"], samples=500)
>>> report.models[0].thresholds[0].exact
'V + a + k + n + w_R'
>>> report.models[0].thresholds[0].verified
True
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import sympy

from ..games import ExtensiveGame
from ..games.numbers import fraction_text
from ..report.text import infoset_name, render_result
from ..solvers import solve
from ..solvers.result import Result
from ..symbolic.model import Model
from ..symbolic.sensitivity import equilibrium_structure, sensitivity, solve_or_none
from ..symbolic.sweep import sweep, wilson_interval
from .outcomes import OUTCOMES, describe_outcomes, move_probabilities, outcome_frequencies, outcome_probabilities
from .readings import READINGS, ReadingRow, Verdict, check_verdict, compare_readings
from .studies import STUDIES, Question, Study, scenario_model

__all__ = ["ThresholdCheck", "ModelReport", "ScenarioReport", "scenario_report", "equilibrium_summary"]

DEFAULT_SAMPLES = 4000
"""Monte Carlo calibrations per model in the robustness sweep of the default run."""


def _number(value: Any) -> str:
    if isinstance(value, Fraction):
        return fraction_text(value)
    if isinstance(value, sympy.Rational):
        return str(value)
    return format(float(value), ".6g")


def equilibrium_summary(result: Result | None) -> str:
    """The equilibria of a result in one line: each one's play (moves made with positive probability).

    A move made in only part of the plays shows that share (``B M on 2/3 of plays``),
    which is the probability of the move along the play, not a mixed strategy.
    """
    if result is None:
        return "model not defined here"
    if not result.equilibria:
        return "no equilibrium found"
    parts = []
    for index, equilibrium in enumerate(result.equilibria):
        signalling = result.details[index].get("pbe") if index < len(result.details) else None
        if signalling is not None:
            # a PBE reads best as the sender's message per type and the receiver's answer per message
            sent = ", ".join(f"{t}->{m}" for t, m in signalling["messages"].items())
            answered = ", ".join(f"{r['message']}->{r['response']}" for r in signalling["responses"])
            parts.append(f"{signalling['kind']} {sent}; {answered}")
            continue
        moves = move_probabilities(result.game, equilibrium)
        if isinstance(result.game, ExtensiveGame):
            shown = [f"{who} {action}" if p == 1 else f"{who} {action} on {_number(p)} of plays"
                     for (who, action), p in moves.items() if who != "chance" and p > 0]
        else:
            shown = [f"{who} {action}" if p == 1 else f"{who} {_number(p)} {action}"
                     for (who, action), p in moves.items() if p > 0]
        parts.append(", ".join(dict.fromkeys(shown)))
    return " | ".join(parts)


def _summary_with_mixed(model: Model, result: Result | None) -> str:
    """:func:`equilibrium_summary`, and where ``pbe`` finds no pure PBE, the mixed equilibria ``spe`` finds."""
    summary = equilibrium_summary(result)
    if result is not None and not result.equilibria and result.method == "pbe":
        mixed = solve(result.game, "spe")
        summary = f"no pure PBE; mixed equilibria (spe): {equilibrium_summary(mixed)}"
    return summary


@dataclass(frozen=True)
class ThresholdCheck:
    """A threshold of interest and the solves just below and above it."""

    parameter: str
    question: str
    value: float
    exact: str | None
    exact_value: str | None
    below: str
    above: str
    below_at: float
    above_at: float
    verified: bool
    flip: str = ""
    settings: str = ""
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class ModelReport:
    """One model of the default analysis."""

    study: Study
    model: Model
    result: Result
    thresholds: list[ThresholdCheck] = field(default_factory=list)
    questions_without_threshold: list[Question] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    robustness: dict[str, tuple[int, int]] = field(default_factory=dict)
    robustness_note: str = ""

    def to_dict(self) -> dict[str, Any]:
        document = self.result.to_dict()
        document["analysis"] = {
            "model": self.study.model,
            "concept": self.study.concept,
            "thresholds": [t.to_dict() for t in self.thresholds],
            "no_threshold_in_range": [q.parameter for q in self.questions_without_threshold],
            "details": self.details,
            "robustness": {
                "samples": next(iter(self.robustness.values()), (0, 0))[1],
                "note": self.robustness_note,
                "outcomes": {OUTCOMES[o]: {"count": c, "frequency": c / n if n else 0.0,
                                           "interval": list(wilson_interval(c, n)) if n else [0.0, 0.0]}
                             for o, (c, n) in self.robustness.items()}},
        }
        return document


def _check_threshold(model: Model, study: Study, question: Question) -> tuple[list[ThresholdCheck], bool]:
    method = question.method or study.method
    if question.settings:
        model = model.recalibrated(**question.settings)
    found = sensitivity(model, question.parameter, method=method, range=question.range)
    checks = []
    points = [found.range[0]] + [t.value for t in found.thresholds] + [found.range[1]]
    for i, threshold in enumerate(found.thresholds, 1):
        # just below and above: a thousandth of the range, never past the neighbouring thresholds
        step = min((found.range[1] - found.range[0]) / 1000, (points[i] - points[i - 1]) / 4,
                   (points[i + 1] - points[i]) / 4)
        below_at = Fraction(threshold.value - step).limit_denominator(10**9)
        above_at = Fraction(threshold.value + step).limit_denominator(10**9)
        below_result = solve_or_none(model, question.parameter, below_at, method)
        above_result = solve_or_none(model, question.parameter, above_at, method)
        exact_value = None
        if threshold.exact is not None:
            at = sympy.nsimplify(threshold.exact.xreplace(model.substitution(model.calibration)))
            exact_value = str(at)
        checks.append(ThresholdCheck(
            question.parameter, question.question, threshold.value,
            None if threshold.exact is None else str(threshold.exact), exact_value,
            _summary_with_mixed(model, below_result), _summary_with_mixed(model, above_result),
            float(below_at), float(above_at),
            # the criterion that defines a threshold: the equilibria's supports differ on the two sides
            equilibrium_structure(below_result) != equilibrium_structure(above_result),
            _flip(below_result, above_result),
            ", ".join(f"{k}={v}" for k, v in question.settings.items()),
            "; ".join(found.notes) if not found.symbolic else ""))
    return checks, bool(found.thresholds)


def _flip(below: Result | None, above: Result | None) -> str:
    """Whose choice changes at a threshold: ``"R after X: A -> N"``, read off the first equilibria.

    When the equilibrium sets differ in size, both sets are named instead.
    """
    if below is None or above is None:
        return "the model is defined on one side only"
    if len(below.equilibria) != 1 or len(above.equilibria) != 1:
        # the set changes: name the equilibria that end and those that begin
        before = [equilibrium_summary(_only(below, e)) for e in below.equilibria]
        after = [equilibrium_summary(_only(above, e)) for e in above.equilibria]
        ended = [text for text in before if text not in after]
        begun = [text for text in after if text not in before]
        parts = ([f"ends: {' | '.join(ended)}"] if ended else []) + ([f"begins: {' | '.join(begun)}"] if begun else [])
        return f"{len(before)} -> {len(after)} equilibria" + (f" ({'; '.join(parts)})" if parts else "")
    game = below.game
    first, second = below.equilibria[0], above.equilibria[0]
    changes = []
    if isinstance(game, ExtensiveGame) and first.behavior is not None and second.behavior is not None:
        for player in range(game.num_players):
            for k, infoset in enumerate(game.player_infosets(player)):
                old, new = first.behavior[player][k], second.behavior[player][k]
                if any(abs(float(a) - float(b)) > 1e-9 for a, b in zip(old, new)):
                    actions = game.infosets[infoset].actions
                    changes.append(f"{game.players[player]} {infoset_name(game, infoset)}: "
                                   f"{_choice(actions, old)} -> {_choice(actions, new)}")
    elif first.profile is not None and second.profile is not None:
        strategic = below.strategic or game
        for player, (old, new) in enumerate(zip(first.profile, second.profile)):
            if any(abs(float(a) - float(b)) > 1e-9 for a, b in zip(old, new)):
                labels = strategic.strategies[player]  # type: ignore[union-attr]
                changes.append(f"{strategic.players[player]}: {_choice(labels, old)} -> {_choice(labels, new)}")
    return "; ".join(changes) or "the equilibrium set changes"


def _only(result: Result, equilibrium: Any) -> Result:
    """``result`` narrowed to one of its equilibria (to summarise it alone)."""
    import dataclasses

    index = result.equilibria.index(equilibrium)
    details = result.details[index:index + 1] if index < len(result.details) else ()
    return dataclasses.replace(result, equilibria=(equilibrium,), details=details)


def _mixes_on_path(game: Any, equilibrium: Any) -> bool:
    """Whether some information set that play reaches is played with a nondegenerate mixture."""
    from ..solvers.behavior import reach_probabilities

    if not isinstance(game, ExtensiveGame) or equilibrium.behavior is None:
        return not equilibrium.is_pure
    reach = reach_probabilities(game, equilibrium.behavior)
    for player in range(game.num_players):
        for k, infoset in enumerate(game.player_infosets(player)):
            reached = any(reach[v] > 1e-12 for v in np.flatnonzero(game.arrays.infoset == infoset))
            if reached and float(np.max(equilibrium.behavior[player][k])) < 1 - 1e-9:
                return True
    return False


def _choice(labels: Sequence[str], probabilities: Any) -> str:
    return " + ".join(a if float(p) > 1 - 1e-9 else f"{float(p):.3g} {a}"
                      for a, p in zip(labels, probabilities) if float(p) > 1e-9)


def _logit_details(model: Model, lambdas: Sequence[float]) -> list[str]:
    from ..solvers.agent_logit import agent_logit_solve

    game = model.game()
    assert isinstance(game, ExtensiveGame)
    path = agent_logit_solve(game, list(lambdas))
    escalation = ", ".join(f"{float(point.behavior[0][0][1]):.3g}" for point in path.points)
    lines = [f"P(Kremlin escalates) at lambda {', '.join(f'{x:g}' for x in lambdas)}: {escalation}; "
             f"the limit is the SPE",
             "logit agent QRE (probabilities): lambda | Kremlin escalates | West fights | war (escalate and fight)"]
    for point in (*path.points, path.limit):
        escalate = float(point.behavior[0][0][1])
        fight = float(point.behavior[1][0][1])
        label = f"{point.lam:g}" if point is not path.limit else f"limit (traced to {point.lam:.3g})"
        lines.append(f"  {label} | {escalate:.4f} | {fight:.4f} | {escalate * fight:.4f}")
    spe = solve(game, "spe").equilibria[0]
    lines.append(f"  the limit is the subgame-perfect equilibrium: {equilibrium_summary(solve(game, 'spe'))} "
                 f"(regret of the traced limit {path.regret:.1e}; SPE regret {_number(spe.regret)})")
    return lines


def _brinkmanship_details(model: Model) -> list[str]:
    from .brinkmanship import optimal_risk, resolve_threshold

    found = optimal_risk(model)
    lines = [f"continuous risk level: q* = {found.exact_risk} = {fraction_text(found.risk)} "
             f"(the compliant West {found.follower.lower()}s there), Russia's payoff {fraction_text(found.value)}"]
    for low, high, choice, payoff in found.pieces:
        lines.append(f"  q in [{fraction_text(low)}, {fraction_text(high)}]: the compliant West plays {choice}, "
                     f"Russia gets {payoff}")
    threshold = resolve_threshold(model, "p")
    if threshold is not None:
        point, expression = threshold
        below = optimal_risk(model, {"p": point - Fraction(1, 1000)}).risk
        above = optimal_risk(model, {"p": point + Fraction(1, 1000)}).risk
        lines.append(f"brinkmanship stops above p = {expression} = {fraction_text(point)} "
                     f"(optimal q at p-1/1000: {fraction_text(below)}, at p+1/1000: {fraction_text(above)})")
    return lines


PERTURBATION = 2.5
"""The robustness sweep draws each parameter log-uniformly within this factor of its calibration."""


def _perturbation_prior(parameter: Any) -> Any:
    """Log-uniform on ``[value / f, value * f]`` (the sign kept), clipped to the declared range."""
    import math

    import numpy as np

    value = float(parameter.value)
    low = None if parameter.low is None else float(parameter.low)
    high = None if parameter.high is None else float(parameter.high)
    magnitude = abs(value)
    sign = 1.0 if value > 0 else -1.0

    def draw(rng: Any, size: int) -> Any:
        drawn = sign * np.exp(rng.uniform(math.log(magnitude / PERTURBATION), math.log(magnitude * PERTURBATION), size))
        return np.clip(drawn, -np.inf if low is None else low, np.inf if high is None else high)

    return draw


def _perturbation_priors(model: Model) -> dict[str, Any]:
    """The robustness design: every nonzero parameter but the signalling priors, perturbed (see :func:`_robustness`)."""
    return {name: _perturbation_prior(p) for name, p in model.parameters.items()
            if p.value != 0 and not name.startswith("pi_")}


def _robustness(model: Model, samples: int, seed: int) -> tuple[dict[str, tuple[int, int]], str]:
    """How often each qualitative outcome holds when the calibration is perturbed.

    Each nonzero parameter is drawn log-uniformly within a factor
    :data:`PERTURBATION` of its calibrated value (so no payoff changes sign:
    the declared ranges, 0 to five times the value, are for sensitivity, not
    priors); parameters calibrated at 0 (switched-off motives) and the
    priors of the signalling games stay at their calibration.
    """
    from ..errors import GameError

    priors = _perturbation_priors(model)
    note = (f"{samples} calibrations, each nonzero parameter log-uniform within a factor {PERTURBATION:g} of its "
            f"calibration (signs kept), zeros and priors fixed, seed {seed}")
    try:
        found = sweep(model, samples=samples, seed=seed, sample=list(priors), priors=priors, progress=False)
    except GameError as error:
        return {}, f"no sweep: {error}"
    totals = outcome_frequencies(model.name, found.moves, found.counts)
    if not totals.get("unsolved"):
        totals.pop("unsolved", None)
    return {o: (c, found.total) for o, c in totals.items()}, note + f"; method {found.method}, {found.seconds:.2f} s"


@dataclass
class ScenarioReport:
    """The default analysis: per-model reports, the readings compared, the verdict tested."""

    models: list[ModelReport]
    readings: list[ReadingRow]
    verdict: Verdict | None
    seconds: float

    # -- text --------------------------------------------------------------------------------
    def render(self) -> str:
        """The plain-text report."""
        lines = ["The 2024-25 transition games, solved at their calibrations (gametheory_ukraine)",
                 "=" * 80, ""]
        lines += _summary_lines(self, markdown=False) + [""]
        for report in self.models:
            lines += _model_lines(report, markdown=False) + [""]
        lines += _comparison_lines(self, markdown=False)
        lines += ["", f"(report computed in {self.seconds:.1f} s)"]
        return "\n".join(lines) + "\n"

    def to_markdown(self, figures: dict[str, str] | None = None) -> str:
        """The report as Markdown; ``figures`` maps a model name to a region plot beside the file."""
        lines = ["# The 2024-25 transition games, solved at their calibrations", "",
                 "Generated by `python -m gametheory_ukraine solve --format markdown`; every number below "
                 "comes from the package's solvers.", ""]
        lines += _summary_lines(self, markdown=True) + [""]
        for report in self.models:
            lines += _model_lines(report, markdown=True)
            if figures and report.study.model in figures:
                lines += ["", f"![regions of {report.study.model}]({figures[report.study.model]})"]
            lines.append("")
        lines += _comparison_lines(self, markdown=True)
        lines += ["", f"_Report computed in {self.seconds:.1f} s._"]
        return "\n".join(lines) + "\n"

    def to_json(self) -> str:
        """The contract's list of solve documents, each with an ``analysis`` key, and the comparison."""
        documents = [r.to_dict() for r in self.models]
        comparison = {"readings": [row.__dict__ for row in self.readings],
                      "verdict": None if self.verdict is None else _verdict_dict(self.verdict)}
        for document in documents:
            document["analysis"]["comparison"] = comparison
        return json.dumps(documents, indent=2) + "\n"


def _differing_models(report: ScenarioReport) -> list[str]:
    answers: dict[str, set[str]] = {}
    for row in report.readings:
        answers.setdefault(row.model, set()).add(row.kremlin)
    return [model for model, found in answers.items() if len(found) > 1]


def _summary_lines(report: ScenarioReport, markdown: bool) -> list[str]:
    """The report in a few lines: per model its question, the equilibrium play and whose choice flips where."""
    lines = ["## In brief" if markdown else "In brief", "" if markdown else "-" * 8]
    bullet = "- " if markdown else "  "
    for model in report.models:
        count = len(model.result.equilibria)
        head = f"**{model.study.model}**" if markdown else model.study.model
        lines.append(f"{bullet}{head}: {model.study.asks}")
        indent = "  " if markdown else "    "
        lines.append(f"{indent}{model.study.method}, {count} equilibri{'um' if count == 1 else 'a'}: "
                     f"{equilibrium_summary(model.result)}")
        for t in model.thresholds:
            where = f" (with {t.settings})" if t.settings else ""
            lines.append(f"{indent}{t.parameter} = {t.exact_value or format(t.value, '.4g')}{where}: "
                         f"{t.flip}")
        for detail in model.details[:1]:
            lines.append(f"{'  ' if markdown else '    '}{detail}")
    if report.readings:
        differing = _differing_models(report)
        lines.append(f"{bullet}readings (leverage / trap / coordination): the Kremlin's answer "
                     + ("is the same under all three in every model that encodes them" if not differing
                        else "changes with the reading in " + ", ".join(differing)))
    if report.verdict is not None:
        v = report.verdict
        share, (low, high) = next(iter(v.shares.values()))
        lines.append(f"{bullet}verdict (no nuclear use unless Moscow / St Petersburg are hit): "
                     f"{'holds' if v.holds else 'fails'} at the calibration (M2: D -> {v.after_deep}, X -> "
                     f"{v.after_capitals}); no nuclear answer to D in {share:.1%} of {v.samples} perturbed "
                     "calibrations")
    return lines


def _verdict_dict(verdict: Verdict) -> dict[str, Any]:
    found = dict(verdict.__dict__)
    found["shares"] = {k: {"share": v[0], "interval": list(v[1])} for k, v in verdict.shares.items()}
    return found


def _model_lines(report: ModelReport, markdown: bool) -> list[str]:
    heading = report.model.title
    lines = [f"## {heading}" if markdown else heading,
             "" if markdown else "-" * min(80, len(heading)),
             f"{report.study.asks} Concept (MODELS.md): {report.study.concept}; method `{report.study.method}`."
             if markdown else f"{report.study.asks}\nconcept: {report.study.concept} (method {report.study.method})"]
    body = render_result(report.result, parameters=False).splitlines()[1:]
    lines += (["", "```"] + body + ["```"]) if markdown else body
    outcomes = [describe_outcomes(outcome_probabilities(report.study.model, report.result.game, e))
                for e in report.result.equilibria]
    if any(o != "none" for o in outcomes):
        text = "qualitative outcomes on the path (probability): " + " | ".join(outcomes)
        lines += ["", text] if markdown else [f"  {text}"]
    if report.details:
        lines += ([""] + [f"    {d}" if d.startswith("  ") else f"- {d}" for d in report.details]) if markdown \
            else [f"  {d}" for d in report.details]
    if report.thresholds or report.questions_without_threshold:
        lines.append("" if markdown else "  thresholds of interest (exact; checked just below and above):")
        if markdown:
            lines += ["| parameter | threshold | value | what flips | just below | just above |",
                      "|---|---|---|---|---|---|"]
        for t in report.thresholds:
            value = t.exact_value or f"{t.value:.6g}"
            where = f" (with {t.settings})" if t.settings else ""
            if markdown:
                lines.append(f"| `{t.parameter}`{where} | {'`' + t.exact + '`' if t.exact else 'numeric'} | {value} | "
                             f"{t.flip} | {t.below} | {t.above} |")
            else:
                lines.append(f"    {t.parameter} = {t.exact or 'numeric'} = {value}{where}: {t.question}")
                lines.append(f"      flips: {t.flip}" + ("" if t.verified else "   [NOT a change: check]"))
                lines.append(f"      just below ({t.below_at:.6g}): {t.below}")
                lines.append(f"      just above ({t.above_at:.6g}): {t.above}")
        for q in report.questions_without_threshold:
            where = f" (with {', '.join(f'{k}={v}' for k, v in q.settings.items())})" if q.settings else ""
            text = f"{q.parameter}{where}: no threshold in its range ({q.question}): the equilibrium does not change"
            lines.append(f"- {text}" if markdown else f"    {text}")
    if report.robustness:
        lines.append("" if markdown else f"  robustness ({report.robustness_note}):")
        if markdown:
            lines += [f"Robustness: {report.robustness_note}.", "",
                      "| outcome | share of calibrations | 95% interval |", "|---|---|---|"]
        for outcome, (count, n) in report.robustness.items():
            low, high = wilson_interval(count, n)
            if markdown:
                lines.append(f"| {OUTCOMES[outcome]} | {count / n:.1%} | [{low:.1%}, {high:.1%}] |")
            else:
                lines.append(f"    {OUTCOMES[outcome]:<36} {count / n:7.1%}  [{low:.1%}, {high:.1%}]")
    elif report.robustness_note:
        lines.append(f"  robustness: {report.robustness_note}")
    return lines


def _comparison_lines(report: ScenarioReport, markdown: bool) -> list[str]:
    lines = ["## The three readings of the authorization" if markdown else "The three readings of the authorization",
             "" if markdown else "=" * 40]
    claims = {r.name: r.claim for r in READINGS}
    explain = ("Each row solves one model under one reading: a parameter setting, or the type / posture the "
               "reading names. \"Kremlin\" is its equilibrium answer given the reading (in M3 it sees only the "
               "message, not the type); \"if known\" is its best reply had it seen the type; M1's rows are "
               "best replies to a known posture.")
    if markdown:
        lines += [f"- **{name}**: {claim}" for name, claim in claims.items()]
        lines += ["", explain, "", "| reading | model | encoding | Kremlin | if known | nuclear use | Trump |",
                  "|---|---|---|---|---|---|---|"]
        lines += [f"| {r.reading} | {r.model} | {r.encoding} | {r.kremlin} | {r.informed} | {r.nuclear} | {r.trump} |"
                  for r in report.readings]
    else:
        lines += [f"  {name}: {claim}" for name, claim in claims.items()]
        lines += [f"  {explain}", ""]
        lines.append(f"  {'reading':<13}{'model':<25}{'encoding':<36}{'Kremlin':<9}{'if known':<10}"
                     f"{'nuclear':<10}Trump")
        lines += [f"  {r.reading:<13}{r.model:<25}{r.encoding:<36}{r.kremlin:<9}{r.informed:<10}"
                  f"{r.nuclear:<10}{r.trump}"
                  for r in report.readings]
    differing = _differing_models(report)
    lines.append("")
    if differing:
        lines.append("The Kremlin's answer changes with the reading in " + ", ".join(differing) + "; it is the same "
                     "in the other models, where the readings' parameters enter only the West's or Trump's payoffs "
                     "and change nobody's choice, or where the Kremlin cannot tell the types apart.")
    else:
        lines.append("The Kremlin's answer is the same under all three readings in every model that encodes them.")
    informed = [r for r in report.readings if r.informed not in ("-", r.kremlin)]
    for row in informed:
        lines.append(f"In {row.model}, type {row.encoding.split()[-1]} gets {row.kremlin} only because the Kremlin "
                     f"cannot identify it: knowing it, the Kremlin would answer {row.informed}.")
    verdict = report.verdict
    if verdict is not None:
        bullet = "- " if markdown else "  "
        lines += ["", "## The analysis's verdict" if markdown else "The analysis's verdict",
                  "" if markdown else "=" * 24,
                  "\"No nuclear use unless Moscow or St Petersburg suffer destructive attacks; pressure on Kyiv "
                  "while waiting for Trump\", tested on M2's full subgame-perfect profile (N is tactical nuclear use "
                  "or strikes on Western capitals):"]
        lines.append(f"{bullet}at the calibration the Kremlin answers the authorised deep strikes (D) with "
                     f"{verdict.after_deep} and destructive strikes on Moscow / St Petersburg (X) with "
                     f"{verdict.after_capitals}: the verdict {'holds' if verdict.holds else 'fails'}; pressure on Kyiv "
                     f"then a Trump deal is {'the' if verdict.kyiv_and_wait else 'not the'} answer to D.")
        for name, ranges in verdict.ranges.items():
            cuts = "; ".join(f"{name} = {expr} = {value:g}"
                             for value, expr in verdict.thresholds[name]) or "no threshold"
            spans = {strike: (f"for {name} in " + ", ".join(f"[{a:g}, {b:g}]" for a, b in found)) if found
                     else "nowhere in its range" for strike, found in ranges.items()}
            lines.append(f"{bullet}{name} (others at the calibration): N answers D {spans['D']}; "
                         f"N answers X {spans['X']} (thresholds: {cuts})")
        parts = "; ".join(f"{label}: {share:.1%} [{low:.1%}, {high:.1%}]"
                          for label, (share, (low, high)) in verdict.shares.items())
        lines.append(f"{bullet}Monte Carlo ({verdict.samples} calibrations of M2, each nonzero parameter within a "
                     f"factor {PERTURBATION:g} of its calibration): {parts}.")
    return lines


def scenario_report(models: Sequence[str] | None = None, samples: int = DEFAULT_SAMPLES, seed: int = 0,
                    settings: dict[str, Any] | None = None, comparison: bool = True,
                    workers: int | None = None) -> ScenarioReport:
    """Solve, explain and compare the bundled scenario models (the default run of ``solve``).

    Parameters
    ----------
    models:
        Names of the studies to run (default: all of :data:`~.studies.STUDIES`).
    samples:
        Monte Carlo calibrations per model for the robustness table (0 skips it).
    settings:
        Parameter overrides: each model that declares one is recalibrated (its
        equilibria, thresholds, sweeps, readings and the verdict all start there).
    comparison:
        Also compare the three readings and test the verdict.
    workers:
        Processes to spread the models over (default: one per core; 1 runs everything here).
    """
    started = time.perf_counter()
    chosen = [study for study in STUDIES if models is None or study.model in models]
    tasks: list[tuple[Any, ...]] = [("study", study, samples, seed, settings) for study in chosen]
    if comparison:
        tasks += [("readings", settings), ("verdict", max(samples, 1000) * 5, seed, settings)]
    answers = _run_all(tasks, workers)
    reports = [a for a in answers if isinstance(a, ModelReport)]
    readings = next((a for a in answers if isinstance(a, list)), [])
    verdict = next((a for a in answers if isinstance(a, Verdict)), None)
    return ScenarioReport(reports, readings, verdict, time.perf_counter() - started)


def _run_task(task: tuple[Any, ...]) -> Any:
    if task[0] == "study":
        return _study_report(*task[1:])
    if task[0] == "readings":
        return compare_readings(settings=task[1])
    priors = _perturbation_priors(scenario_model("m2-ladder", task[3]))
    return check_verdict(samples=task[1], seed=task[2], settings=task[3], priors=priors)


def _run_all(tasks: list[tuple[Any, ...]], workers: int | None) -> list[Any]:
    """Run the independent tasks of the report, on several cores where the machine has them.

    The studies share nothing, so they fan out over forked worker processes
    (the children inherit the imported package; the answers come back
    pickled).  Where fork is unavailable, or one core is all there is, they
    run in this process; the answers are the same either way.
    """
    import multiprocessing
    import os

    count = min(len(tasks), workers if workers is not None else (os.cpu_count() or 1))
    if count <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [_run_task(task) for task in tasks]
    from concurrent.futures import ProcessPoolExecutor

    # the slowest tasks first, so that the last one to start is a short one
    order = sorted(range(len(tasks)), key=lambda i: -_COST.get(_task_name(tasks[i]), 1.0))
    with ProcessPoolExecutor(max_workers=count, mp_context=multiprocessing.get_context("fork")) as pool:
        futures = {i: pool.submit(_run_task, tasks[i]) for i in order}
        return [futures[i].result() for i in range(len(tasks))]


def _task_name(task: tuple[Any, ...]) -> str:
    return task[1].model if task[0] == "study" else task[0]


_COST = {"m3-signalling": 6.0, "m4-transition": 4.0, "m3-signalling-two-types": 3.0, "verdict": 3.0,
         "m1-posture": 2.0, "m1-posture-redline": 2.0, "m2-ladder": 2.0}
"""Rough relative cost of each task (seconds on one core), to schedule the long ones first."""


def _study_report(study: Study, samples: int, seed: int, settings: dict[str, Any] | None) -> ModelReport:
    model = scenario_model(study.model, settings)
    result = solve(model.game(), study.method, **study.options)
    report = ModelReport(study, model, result)
    for question in study.questions:
        checks, any_found = _check_threshold(model, study, question)
        report.thresholds += checks
        if not any_found:
            report.questions_without_threshold.append(question)
    if study.method == "logit":
        report.details += _logit_details(model, study.options["lambdas"])
    if study.model == "m6-brinkmanship":
        report.details += _brinkmanship_details(model)
    if study.method == "pbe":
        # pbe lists pure PBE; the game's mixed equilibria come from the subgame decomposition (here the
        # whole game: its strategic form by enummixed), so the reader sees whether any is missing
        every = solve(model.game(), "spe")
        on_path = [equilibrium_summary(_only(every, e)) for e in every.equilibria if _mixes_on_path(every.game, e)]
        off_path = sum(1 for e in every.equilibria if not e.is_pure and not _mixes_on_path(every.game, e))
        report.details.append(
            f"all extreme Nash equilibria (spe): {len(every.equilibria)}; {off_path} mix only off the path; "
            + (f"{len(on_path)} mix on the path: " + " | ".join(on_path) if on_path else "none mixes on the path"))
    if samples:
        report.robustness, report.robustness_note = _robustness(model, samples, seed)
    return report


REGION_PLANES = {"m1-posture": ("theta", "rho"), "m2-ladder": ("h_D", "h_X"), "m4-transition": ("eta", "rho")}
"""The parameter planes the Markdown report draws (the thresholds of interest, two at a time)."""


def region_figures(directory: Path, stem: str, force: bool = False,
                   settings: dict[str, Any] | None = None) -> dict[str, str]:
    """Region plots (PNG) for the Markdown report, written beside it; model name to file name.

    Refuses (before drawing anything) to replace an existing file unless ``force``.
    """
    from ..errors import GameError
    from ..symbolic.sensitivity import regions

    paths = {name: directory / f"{stem}-{name}-regions.png" for name in REGION_PLANES}
    existing = [str(p) for p in paths.values() if p.exists()]
    if existing and not force:
        raise GameError(f"{existing[0]}: exists; not overwritten (use --force to replace it)")
    for name, (first, second) in REGION_PLANES.items():
        regions(scenario_model(name, settings), first, second).plot(str(paths[name]))
    return {name: path.name for name, path in paths.items()}
