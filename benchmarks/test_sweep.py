"""A million calibrations of a generated 50-node perfect-information model, batched vs looped.

Run: python -m pytest benchmarks/test_sweep.py --benchmark-enable

- ``test_sweep_million``: :func:`gametheory_ukraine.symbolic.sweep.sweep` with one million
  Monte Carlo draws of the nine parameters (lambdified payoffs, batched backward induction,
  outcome counting), on one core;
- ``test_loop_single_game_solver``: the baseline, ``gt.solve(model.game(**values), "spe")``
  in a Python loop over a few hundred of the same calibrations; its time per calibration
  times one million is the extrapolated loop time.  ``test_loop_solver_only`` loops the
  solver alone on games built beforehand (the baseline without the sympy substitution).

Both record ``seconds_per_million`` in ``extra_info``; the batched test also records the
ratio to the loop measured in the same run (the loops run first, by file order).
"""

from __future__ import annotations

import time

import pytest

import gametheory_ukraine as gt
from gametheory_ukraine.symbolic.sweep import sweep

try:
    from tests.symbolic.test_sweep import generated_model
except ImportError:  # pragma: no cover - run from the repository root: python -m pytest benchmarks/...
    pytest.skip("run from the repository root (python -m pytest) so that tests/ is importable",
                allow_module_level=True)

CALIBRATIONS = 1_000_000
LOOPED = 300
LOOP_SECONDS_PER_MILLION: dict[str, float] = {}


@pytest.fixture(scope="module")
def model():
    return generated_model(50)


def _draws(model, count):
    result = sweep(model, samples=count, seed=1)
    values = result.design.values(0, count)
    return [{name: float(array[i]) for name, array in values.items()} for i in range(count)]


def test_loop_single_game_solver(benchmark, model):
    calibrations = _draws(model, LOOPED)
    benchmark.group = "sweep: one million calibrations of a 50-node tree"

    def loop():
        for values in calibrations:
            gt.solve(model.game(**values), method="spe")

    benchmark.pedantic(loop, rounds=1, iterations=1)
    per_million = benchmark.stats.stats.mean / LOOPED * CALIBRATIONS
    LOOP_SECONDS_PER_MILLION["model.game + solve"] = per_million
    benchmark.extra_info["calibrations_looped"] = LOOPED
    benchmark.extra_info["seconds_per_million"] = per_million


def test_loop_solver_only(benchmark, model):
    games = [model.game(**values) for values in _draws(model, LOOPED)]
    benchmark.group = "sweep: one million calibrations of a 50-node tree"

    def loop():
        for game in games:
            gt.solve(game, method="spe")

    benchmark.pedantic(loop, rounds=1, iterations=1)
    per_million = benchmark.stats.stats.mean / LOOPED * CALIBRATIONS
    LOOP_SECONDS_PER_MILLION["solve only"] = per_million
    benchmark.extra_info["calibrations_looped"] = LOOPED
    benchmark.extra_info["seconds_per_million"] = per_million


def test_sweep_million(benchmark, model):
    benchmark.group = "sweep: one million calibrations of a 50-node tree"
    sweep(model, samples=1000)  # lambdify once, outside the timing (a sweep compiles once anyway)
    started = time.perf_counter()
    result = benchmark.pedantic(sweep, args=(model,), kwargs={"samples": CALIBRATIONS, "seed": 2},
                                rounds=3, iterations=1)
    assert result.total == CALIBRATIONS and abs(result.frequencies.sum() - 1) < 1e-12
    seconds = benchmark.stats.stats.mean if benchmark.stats else (time.perf_counter() - started)
    benchmark.extra_info["seconds_per_million"] = seconds
    for name, loop in LOOP_SECONDS_PER_MILLION.items():
        benchmark.extra_info[f"speedup_vs_loop ({name})"] = loop / seconds
    if "solve only" in LOOP_SECONDS_PER_MILLION:
        assert LOOP_SECONDS_PER_MILLION["solve only"] / seconds >= 100
