"""Record what ``benchmarks/report.py`` needs beside pytest-benchmark's own machine info.

pytest-benchmark stores the CPU, the Python version and the date in the JSON
of a run, but not the versions of the numerical libraries the timings depend
on, the command that produced them, nor how busy the machine was; this hook
adds them under ``machine_info`` so that the rendered report can state them.
"""

from __future__ import annotations

import os
import shlex
from importlib import metadata

LIBRARIES = ("numpy", "scipy", "numba", "nashpy", "pygambit", "quantecon", "gametheory_ukraine")


def _version(distribution: str) -> str | None:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def pytest_benchmark_update_machine_info(config, machine_info):
    machine_info["libraries"] = {name: _version(name) for name in LIBRARIES}
    machine_info["command"] = shlex.join(["python", "-m", "pytest", *config.invocation_params.args])
    # The timings are only comparable within one run; the load says how busy the machine was.
    machine_info["load_average"] = list(os.getloadavg())
