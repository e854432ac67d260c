"""The command line: ``python -m gametheory_ukraine <verb>``.

Verbs: ``solve`` (the main job; with no game it solves every bundled model
and prints the scenario report), ``convert``, ``models``, ``sweep``,
``sensitivity``, ``draw`` and ``plot``.  Errors in the input are one line on stderr,
``error: FILE:LINE:COL: what is wrong``, with exit status 2; a traceback only
under ``--debug``.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, Sequence

from .analysis.report import DEFAULT_SAMPLES, region_figures, scenario_report
from .errors import GameError
from .report.draw import add_draw_arguments, run_draw
from .report.plots import add_plot_arguments, run_plot
from .formats.loading import bundled_models, dumps, instantiate, load, parse_settings, write_new_file
from .symbolic.sensitivity import add_sensitivity_arguments, run_sensitivity
from .symbolic.sweep import add_sweep_arguments, run_sweep
from .report.text import render_result
from .solvers import METHODS, Result, choose_method, solve
from .symbolic.model import Model

EXIT_INPUT_ERROR = 2
EXIT_INTERNAL_ERROR = 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m gametheory_ukraine",
        description="Solve the games of the 2024-25 Biden-Trump-Kremlin transition, or any Gambit game.",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    verbs = parser.add_subparsers(dest="verb", required=True)

    methods = ", ".join(f"{m.name} ({m.finds})" for m in METHODS.values())
    solve_parser = verbs.add_parser("solve", help="solve games or models", description=(
        "Solve each GAME (a bundled model's name, a YAML model, a .nfg or .efg file); "
        f"with no GAME, every bundled model at its calibration. Methods: {methods}; auto."))
    solve_parser.add_argument("games", nargs="*", metavar="GAME")
    solve_parser.add_argument("--method", default="auto", choices=sorted(METHODS) + ["auto"])
    solve_parser.add_argument("--set", action="append", default=[], metavar="P=V", dest="settings",
                              help="set a model parameter (repeatable), e.g. --set h=30 or --set a=1/2")
    solve_parser.add_argument("--all", action="store_true",
                              help="spe: list every pure subgame-perfect equilibrium under ties")
    solve_parser.add_argument("--max-equilibria", type=int, metavar="N", dest="max_equilibria",
                              help="spe, enumpure: stop listing after N equilibria (the result is then incomplete)")
    solve_parser.add_argument("--timeout", type=float, metavar="SECONDS",
                              help="stop budgeted methods cleanly after SECONDS (status budget_exceeded)")
    solve_parser.add_argument("--lambda", type=float, action="append", dest="lambdas", metavar="LAMBDA",
                              help="logit: also report the QRE at this precision (repeatable)")
    solve_parser.add_argument("--format", default="text", choices=["text", "json", "markdown"],
                              help="markdown with --output also writes region plots (PNG) beside FILE")
    solve_parser.add_argument("--output", metavar="FILE", help="write the report to FILE instead of standard output")
    solve_parser.add_argument("--force", action="store_true", help="replace FILE if it exists")
    solve_parser.add_argument("--samples", type=int, default=None, metavar="N",
                              help="the default report: Monte Carlo calibrations per model for the robustness "
                                   f"table (default {DEFAULT_SAMPLES}; 0 skips it)")
    solve_parser.add_argument("--seed", type=int, default=0, help="the default report: seed of the Monte Carlo draws")

    convert_parser = verbs.add_parser("convert", help="convert between .nfg, .efg and .yaml", description=(
        "Write IN (a game file, a YAML model or a bundled model's name, models at their calibration "
        "unless --set) to OUT, in the format of OUT's suffix (.nfg, .efg, .yaml). A tree written to "
        ".nfg becomes its reduced strategic form."))
    convert_parser.add_argument("input", metavar="IN")
    convert_parser.add_argument("output", metavar="OUT")
    convert_parser.add_argument("--set", action="append", default=[], metavar="P=V", dest="settings")
    convert_parser.add_argument("--force", action="store_true", help="replace OUT if it exists")

    sweep_parser = verbs.add_parser("sweep", help="solve a model over grids or samples of its parameters", description=(
        "Solve GAME (a bundled model or a YAML model) at every point of the grids and/or at random "
        "calibrations drawn from the declared parameter ranges, in batches; report how often each "
        "equilibrium outcome occurs."))
    add_sweep_arguments(sweep_parser)

    sensitivity_parser = verbs.add_parser(
        "sensitivity", help="exact thresholds of a parameter where the equilibria change", description=(
            "The thresholds in a parameter's declared range where the equilibrium set of GAME (a bundled "
            "model or a YAML model) changes, as sympy expressions in the other parameters and as numbers, "
            "with the equilibria on each interval, checked by the numeric solvers at its midpoint. "
            "Two --param give the regions of the plane."))
    add_sensitivity_arguments(sensitivity_parser)

    draw_parser = verbs.add_parser("draw", help="draw a tree (TikZ/istgame, SVG, DOT) or tabulate a normal-form game",
                                   description=(
        "Draw GAME (a bundled model, a YAML model, a .nfg or .efg file; models at their calibration "
        "unless --set): a tree as an istgame TikZ picture, SVG or Graphviz DOT with the first "
        "equilibrium of --method highlighted (default spe), or a normal-form game as a LaTeX or "
        "Markdown table with its equilibria marked."))
    add_draw_arguments(draw_parser)

    plot_parser = verbs.add_parser("plot", help="draw best responses or the logit QRE correspondence", description=(
        "Draw GAME (a bundled model, a YAML model, a .nfg or .efg file; models at their calibration unless --set): "
        "--kind best-response for the best-response correspondences of a 2x2 or 2x3 game (a tree's reduced "
        "strategic form), --kind qre for the logit QRE correspondence against lambda. Writes FILE as .png and "
        ".svg (any suffix of FILE is replaced); existing files are replaced only with --force."))
    add_plot_arguments(plot_parser)

    verbs.add_parser("models", help="list the bundled models")
    return parser


def _is_default_report(args: argparse.Namespace) -> bool:
    """No game and no method-specific option: the scenario report of the bundled models."""
    return (not args.games and args.method == "auto" and not args.all and args.max_equilibria is None
            and not args.lambdas and args.timeout is None)


def _report_command(args: argparse.Namespace, settings: dict[str, str]) -> int:
    from pathlib import Path

    if args.samples is not None and args.samples < 0:
        raise GameError("--samples must be at least 0")
    if args.output and not args.force and Path(args.output).exists():
        raise GameError(f"{args.output}: exists; not overwritten (use --force to replace it)")
    report = scenario_report(samples=DEFAULT_SAMPLES if args.samples is None else args.samples, seed=args.seed,
                             settings=settings or None)
    if args.format == "json":
        text = report.to_json()
    elif args.format == "markdown":
        figures = None
        if args.output:
            target = Path(args.output)
            figures = region_figures(target.parent, target.stem, force=args.force, settings=settings or None)
        text = report.to_markdown(figures)
    else:
        text = report.render()
    if args.output:
        write_new_file(args.output, text, force=args.force)
    else:
        sys.stdout.write(text)
    return 0


def _solve_command(args: argparse.Namespace) -> int:
    settings = parse_settings(args.settings)
    sources = {name: load(name) for name in (args.games or bundled_models())}
    if not args.games and settings:
        declared = {p for source in sources.values() for p in source.parameters}  # type: ignore[union-attr]
        unknown = sorted(set(settings) - declared)
        if unknown:
            raise GameError(f"unknown parameter {unknown[0]!r}: no bundled model declares it")
    if _is_default_report(args):
        return _report_command(args, settings)
    results: list[Result] = []
    for name, source in sources.items():
        game = instantiate(source, name, settings, strict=bool(args.games))
        method = choose_method(game) if args.method == "auto" else args.method
        options: dict[str, Any] = {"all": True} if args.all and method == "spe" else {}
        if args.lambdas:
            if method != "logit":
                raise GameError(f"--lambda applies to --method logit, not {method}")
            options["lambdas"] = args.lambdas
        if args.max_equilibria is not None:
            if method not in ("spe", "enumpure"):
                raise GameError(f"--max-equilibria applies to --method spe or enumpure, not {method}")
            if args.max_equilibria < 1:
                raise GameError("--max-equilibria must be at least 1")
            options["max_equilibria"] = args.max_equilibria
        results.append(solve(game, args.method, timeout=args.timeout, **options))
    if args.format == "json":
        documents = [r.to_dict() for r in results]
        text = json.dumps(documents[0] if len(documents) == 1 and args.games and len(args.games) == 1 else documents,
                          indent=2) + "\n"
    elif args.format == "markdown":
        text = "\n".join(f"## {r.game.title or 'game'}\n\n```\n{render_result(r)}\n```\n" for r in results)
    else:
        text = "\n\n".join(render_result(r) for r in results) + "\n"
    if args.output:
        write_new_file(args.output, text, force=args.force)
    else:
        sys.stdout.write(text)
    return 0


def _convert_command(args: argparse.Namespace) -> int:
    from pathlib import Path

    game = instantiate(load(args.input), args.input, parse_settings(args.settings))
    text = dumps(game, Path(args.output).suffix)
    write_new_file(args.output, text, force=args.force)
    return 0


def _models_command(_: argparse.Namespace) -> int:
    for name, path in bundled_models().items():
        model = load(path)
        assert isinstance(model, Model)
        sys.stdout.write(f"{name:28s} {model.kind:9s} {', '.join(model.players):24s} {model.title}\n")
    return 0


def _sweep_command(args: argparse.Namespace) -> int:
    sys.stdout.write(run_sweep(args) + "\n")
    return 0


def _sensitivity_command(args: argparse.Namespace) -> int:
    sys.stdout.write(run_sensitivity(args) + "\n")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    commands = {"solve": _solve_command, "convert": _convert_command, "models": _models_command,
                "sweep": _sweep_command, "sensitivity": _sensitivity_command, "draw": run_draw, "plot": run_plot}
    try:
        return commands[args.verb](args)
    except GameError as error:
        if args.debug:
            raise
        sys.stderr.write(f"error: {error.location_message()}\n")
        return EXIT_INPUT_ERROR
    except OSError as error:
        if args.debug:
            raise
        where = f"{error.filename}: " if error.filename else ""
        sys.stderr.write(f"error: {where}{error.strerror or error}\n")
        return EXIT_INPUT_ERROR
    except KeyboardInterrupt:
        sys.stderr.write("error: interrupted\n")
        return 130
    except Exception as error:  # noqa: BLE001 - the last line of defence: one line, no traceback
        if args.debug:
            raise
        sys.stderr.write(f"error: internal error: {type(error).__name__}: {error} (rerun with --debug)\n")
        return EXIT_INTERNAL_ERROR
