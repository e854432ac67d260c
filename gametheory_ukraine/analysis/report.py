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

import sympy

from ..games import ExtensiveGame
from ..games.numbers import fraction_text
from ..report.text import infoset_name, render_result
from ..solvers import solve
from ..solvers.result import Result
from ..symbolic.model import Model
from ..symbolic.sensitivity import sensitivity
from ..symbolic.sweep import sweep, wilson_interval
from .outcomes import OUTCOMES, move_probabilities, outcome_frequencies
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
    """The equilibria of a result in one line: each one's moves with positive probability."""
    if result is None:
        return "model not defined here"
    if not result.equilibria:
        return "no equilibrium"
    parts = []
    for equilibrium in result.equilibria:
        moves = move_probabilities(result.game, equilibrium)
        shown = [f"{who} {action}" if p == 1 else f"{who} {_number(p)} {action}"
                 for (who, action), p in moves.items() if who != "chance" and p > 0]
        parts.append(", ".join(dict.fromkeys(shown)))
    return " | ".join(parts)


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
    found = sensitivity(model, question.parameter, method=method, range=question.range)
    checks = []
    points = [found.range[0]] + [t.value for t in found.thresholds] + [found.range[1]]
    for i, threshold in enumerate(found.thresholds, 1):
        # just below and above: a thousandth of the range, never past the neighbouring thresholds
        step = min((found.range[1] - found.range[0]) / 1000, (points[i] - points[i - 1]) / 4,
                   (points[i + 1] - points[i]) / 4)
        below_at = Fraction(threshold.value - step).limit_denominator(10**9)
        above_at = Fraction(threshold.value + step).limit_denominator(10**9)
        below_result = _solve_or_none(model, question.parameter, below_at, method)
        above_result = _solve_or_none(model, question.parameter, above_at, method)
        below, above = equilibrium_summary(below_result), equilibrium_summary(above_result)
        changed = _choices(below_result) != _choices(above_result)
        if below == above and changed:
            # the play is the same on both sides: the change is off the path, so show it
            below, above = _off_path_change(below_result, above_result, below), _off_path_change(
                above_result, below_result, above)
        exact_value = None
        if threshold.exact is not None:
            at = sympy.nsimplify(threshold.exact.xreplace(model.substitution(model.calibration)))
            exact_value = str(at)
        checks.append(ThresholdCheck(question.parameter, question.question, threshold.value,
                                     None if threshold.exact is None else str(threshold.exact), exact_value,
                                     below, above, float(below_at), float(above_at), changed,
                                     "; ".join(found.notes) if not found.symbolic else ""))
    return checks, bool(found.thresholds)


def _choices(result: Result | None) -> frozenset[Any] | None:
    """Every equilibrium's full strategy profile (off the path too), rounded, as a comparable set."""
    if result is None:
        return None
    found = []
    for equilibrium in result.equilibria:
        parts = equilibrium.behavior if equilibrium.behavior is not None else (equilibrium.profile,)
        found.append(tuple(tuple(round(float(x), 9) for x in action) for player in parts for action in player))
    return frozenset(found)


def _off_path_change(result: Result | None, other: Result | None, summary: str) -> str:
    """``summary`` plus the choices of the first equilibrium that differ from ``other``'s first."""
    if result is None or other is None or not result.equilibria or not other.equilibria:
        return summary
    game = result.game
    mine, theirs = result.equilibria[0].behavior, other.equilibria[0].behavior
    if not isinstance(game, ExtensiveGame) or mine is None or theirs is None:
        return summary
    changes = []
    for player in range(game.num_players):
        for k, infoset in enumerate(game.player_infosets(player)):
            if any(abs(float(a) - float(b)) > 1e-9 for a, b in zip(mine[player][k], theirs[player][k])):
                actions = game.infosets[infoset].actions
                chosen = " + ".join(a if p > 1 - 1e-9 else f"{float(p):.3g} {a}"
                                    for a, p in zip(actions, mine[player][k]) if p > 1e-9)
                changes.append(f"{game.players[player]} {infoset_name(game, infoset)}: {chosen}")
    return summary + ("; off the path " + ", ".join(changes) if changes else "")


def _solve_or_none(model: Model, name: str, value: Fraction, method: str) -> Result | None:
    from ..errors import ModelError
    try:
        return solve(model.game(**{name: value}), method)
    except ModelError:
        return None


def _logit_details(model: Model, lambdas: Sequence[float]) -> list[str]:
    from ..solvers.agent_logit import agent_logit_solve

    game = model.game()
    path = agent_logit_solve(game, list(lambdas))
    lines = ["logit agent QRE (probabilities): lambda | Kremlin escalates | West fights | war (escalate and fight)"]
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


def _robustness(model: Model, samples: int, seed: int) -> tuple[dict[str, tuple[int, int]], str]:
    from ..errors import GameError

    sampled = None
    note = f"{samples} calibrations, every parameter uniform on its declared range (seed {seed})"
    if {"pi_T", "pi_C"} <= set(model.parameters):
        # independent uniform priors would leave the simplex; the priors stay at the calibration
        sampled = [p for p in model.parameters if not p.startswith("pi_")]
        note = f"{samples} calibrations, payoff parameters uniform on their ranges, priors at the calibration (seed {seed})"
    try:
        found = sweep(model, samples=samples, seed=seed, sample=sampled, progress=False)
    except GameError as error:
        return {}, f"no sweep: {error}"
    totals = outcome_frequencies(model.name, tuple(model.players), found.labels, found.counts)
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


def _summary_lines(report: ScenarioReport, markdown: bool) -> list[str]:
    """The report in a few lines: each model's equilibrium play, the readings, the verdict."""
    lines = ["## In brief" if markdown else "In brief", "" if markdown else "-" * 8]
    bullet = "- " if markdown else "  "
    for model in report.models:
        count = len(model.result.equilibria)
        plays = equilibrium_summary(model.result)
        cuts = ", ".join(f"{t.parameter} = {t.exact_value or format(t.value, '.4g')}" for t in model.thresholds)
        lines.append(f"{bullet}{model.study.model} ({model.study.method}, {count} equilibri{'um' if count == 1 else 'a'}): "
                     f"{plays}" + (f"; thresholds {cuts}" if cuts else ""))
    if report.readings:
        answers: dict[str, set[str]] = {}
        for row in report.readings:
            answers.setdefault(row.model, set()).add(row.kremlin)
        same = all(len(a) == 1 for a in answers.values())
        lines.append(f"{bullet}readings (leverage / trap / coordination): the Kremlin's answer "
                     + ("is the same under all three in every model that encodes them"
                        if same else "differs between readings in " + ", ".join(m for m, a in answers.items() if len(a) > 1)))
    if report.verdict is not None:
        v = report.verdict
        lines.append(f"{bullet}verdict (no nuclear use unless Moscow / St Petersburg are hit): "
                     f"{'holds' if v.holds else 'fails'} at the calibration (M2: D -> {v.after_deep}, X -> "
                     f"{v.after_capitals}); in {v.share:.1%} of {v.samples} random calibrations")
    return lines


def _verdict_dict(verdict: Verdict) -> dict[str, Any]:
    found = dict(verdict.__dict__)
    found["interval"] = list(verdict.interval)
    return found


def _model_lines(report: ModelReport, markdown: bool) -> list[str]:
    heading = report.model.title
    lines = [f"## {heading}" if markdown else heading,
             "" if markdown else "-" * min(80, len(heading)),
             f"Concept (MODELS.md): {report.study.concept}; method `{report.study.method}`." if markdown
             else f"concept: {report.study.concept} (method {report.study.method})"]
    body = render_result(report.result, parameters=False).splitlines()[1:]
    lines += (["", "```"] + body + ["```"]) if markdown else body
    if report.details:
        lines += ([""] + [f"    {d}" if d.startswith("  ") else f"- {d}" for d in report.details]) if markdown \
            else [f"  {d}" for d in report.details]
    if report.thresholds or report.questions_without_threshold:
        lines.append("" if markdown else "  thresholds of interest (exact; checked just below and above):")
        if markdown:
            lines += ["| parameter | threshold | at the calibration | just below | just above | verified |",
                      "|---|---|---|---|---|---|"]
        for t in report.thresholds:
            value = t.exact_value or f"{t.value:.6g}"
            if markdown:
                lines.append(f"| `{t.parameter}` | {'`' + t.exact + '`' if t.exact else 'numeric'} | {value} | "
                             f"{t.below} | {t.above} | {'yes' if t.verified else 'no'} |")
            else:
                lines.append(f"    {t.parameter} = {t.exact or 'numeric'} = {value}: {t.question}")
                lines.append(f"      below ({t.below_at:.6g}): {t.below}")
                lines.append(f"      above ({t.above_at:.6g}): {t.above}"
                             + ("" if t.verified else "   [NOT a change: check]"))
        for q in report.questions_without_threshold:
            text = f"{q.parameter}: no threshold in its range ({q.question}): the equilibrium does not change"
            lines.append(f"- {text}" if markdown else f"    {text}")
    if report.robustness:
        total = next(iter(report.robustness.values()))[1]
        lines.append("" if markdown else f"  robustness ({report.robustness_note}):")
        if markdown:
            lines += [f"Robustness: {report.robustness_note}.", "",
                      "| outcome | share of calibrations | 95% interval |", "|---|---|---|"]
        for outcome, (count, n) in report.robustness.items():
            low, high = wilson_interval(count, n)
            if markdown:
                lines.append(f"| {OUTCOMES[outcome]} | {count / n:.1%} | [{low:.1%}, {high:.1%}] |")
            else:
                lines.append(f"    {OUTCOMES[outcome]:<32} {count / total:7.1%}  [{low:.1%}, {high:.1%}]")
    elif report.robustness_note:
        lines.append(f"  robustness: {report.robustness_note}")
    return lines


def _comparison_lines(report: ScenarioReport, markdown: bool) -> list[str]:
    lines = ["## The three readings of the authorization" if markdown else "The three readings of the authorization",
             "" if markdown else "=" * 40]
    claims = {r.name: r.claim for r in READINGS}
    if markdown:
        lines += [f"- **{name}**: {claim}" for name, claim in claims.items()]
        lines += ["", "| reading | model | encoding | Kremlin's answer | nuclear use | Trump |", "|---|---|---|---|---|---|"]
        lines += [f"| {r.reading} | {r.model} | {r.encoding} | {r.kremlin} | {r.nuclear} | {r.trump} |"
                  for r in report.readings]
    else:
        lines += [f"  {name}: {claim}" for name, claim in claims.items()]
        lines.append(f"  {'reading':<13}{'model':<26}{'encoding':<36}{'Kremlin':<10}{'nuclear':<9}Trump")
        lines += [f"  {r.reading:<13}{r.model:<26}{r.encoding:<36}{r.kremlin:<10}{r.nuclear:<9}{r.trump}"
                  for r in report.readings]
    answers: dict[str, set[str]] = {}
    for row in report.readings:
        answers.setdefault(row.model, set()).add(row.kremlin)
    same = all(len(a) == 1 for a in answers.values())
    lines.append("")
    lines.append(("The Kremlin's answer is the same under all three readings in every model that encodes them: "
                  "the readings cannot be told apart by the Kremlin's equilibrium behaviour at the calibration.")
                 if same else "The readings lead to different Kremlin answers (see the table).")
    verdict = report.verdict
    if verdict is not None:
        lines += ["", "## The analysis's verdict" if markdown else "The analysis's verdict",
                  "" if markdown else "=" * 24,
                  "\"No nuclear use unless Moscow or St Petersburg suffer destructive attacks; pressure on Kyiv "
                  "while waiting for Trump\", tested on M2's full subgame-perfect profile:"]
        bullet = "- " if markdown else "  "
        lines.append(f"{bullet}after the authorised deep strikes (D) the Kremlin plays {verdict.after_deep}; after "
                     f"destructive strikes on Moscow / St Petersburg (X) it plays {verdict.after_capitals}: the verdict "
                     f"{'holds' if verdict.holds else 'fails'} at the calibration.")
        lines.append(f"{bullet}pressure on Kyiv while waiting for Trump (K or A, then a Trump deal) is "
                     f"{'the equilibrium path' if verdict.kyiv_and_wait else 'not the equilibrium path'}.")
        for name, ranges in verdict.ranges.items():
            spans = ", ".join(f"[{a:g}, {b:g}]" for a, b in ranges) or "nowhere"
            cuts = "; ".join(f"{name} = {expr} = {value:g}" for value, expr in verdict.thresholds[name]) or "no threshold"
            lines.append(f"{bullet}{name} (others at the calibration): no nuclear answer to D for {name} in {spans} ({cuts})")
        low, high = verdict.interval
        lines.append(f"{bullet}Monte Carlo ({verdict.samples} calibrations, all of M2's parameters uniform on their "
                     f"ranges): no nuclear answer to D in {verdict.share:.1%} [{low:.1%}, {high:.1%}]; a nuclear answer "
                     f"to X in {verdict.nuclear_after_capitals_share:.1%}.")
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
    return check_verdict(samples=task[1], seed=task[2], settings=task[3])


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
