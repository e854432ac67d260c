"""Render a pytest-benchmark JSON file as the Markdown benchmark report (``docs/benchmarks.md``).

Usage::

    python -m pytest benchmarks --benchmark-enable --benchmark-json=RESULTS.json
    python benchmarks/report.py RESULTS.json [--output docs/benchmarks.md]

The report has a table of the speed targets of the normal-form solver issue
with pass or fail, then, per benchmark group (one game size), a table of every
implementation's min and median time and its ratios to this package's time in
the same group, then the machine and the command of the run.

Every ratio and verdict is given twice, by the min and by the median time of
the rounds: on a quiet machine they agree; on a shared one the min is the
better estimate of what the code costs (interference only ever adds time)
and the median of what a user waiting on a busy machine sees.

Naming convention (how a benchmark becomes a row)
-------------------------------------------------
The *group* of a row is the benchmark's ``group`` (each suite sets
``benchmark.group`` to one name per size, e.g. ``"all equilibria 8x8"``,
``"lemke-howson 100x100"``).  The *implementation* is read from the test
function's name (the ``name`` field without its ``[parameters]``), split into
words at the underscores after ``test_``:

- if a word is a known peer (:data:`PEERS`: ``nashpy``, ``pygambit``,
  ``quantecon``), the row is that peer's, labelled by the peer and the
  remaining words: ``test_pygambit_enummixed_float`` -> ``pygambit enummixed
  float``, ``test_logit_pygambit`` -> ``pygambit logit``;
- otherwise the row is this package's, labelled ``ours`` followed by the
  remaining words other than ``ours`` in parentheses: ``test_ours`` ->
  ``ours``, ``test_ours_path_only`` -> ``ours (path only)``,
  ``test_enummixed`` -> ``ours (enummixed)``.

Ratios in a group are taken against one *reference* row of ours: the one
labelled plain ``ours`` if there is one, else ``ours (float)`` (peers run in
floats), else the first of ours in the file.  A group without a row of ours
gets no ratios.  The targets (:data:`TARGETS`) name a group and a peer (and
words its label must contain) and compare it with that reference.

The script needs only the standard library, so it runs where the optional
peers (or even numpy) are not installed.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

PEERS = ("nashpy", "pygambit", "quantecon")
"""Peer libraries, recognised as words of a benchmark's test function name."""

OURS = "ours"

DEFAULT_COMMAND = "python -m pytest benchmarks --benchmark-enable --benchmark-json=RESULTS.json"
"""Shown when the JSON does not record its command (``benchmarks/conftest.py`` records it)."""

STATISTICS = ("min", "median")

FAMILY_TITLES = {
    "all equilibria": "All equilibria: `enummixed`",
    "lemke-howson": "One equilibrium: `lemke-howson` from label 0",
    "zerosum": "Zero-sum games: `lp`",
    "logit": "Logit QRE traced to its Nash limit: `logit`",
}
"""Section titles for the group families; other families are titled by their name."""

_SIZE = re.compile(r"\s*\b\d+(?:x\d+)+(?:-[\w-]+)?\b")


@dataclass(frozen=True)
class Row:
    """One benchmark of a run: who was timed, in which group, and how long it took (seconds)."""

    group: str
    owner: str          # "ours" or a peer from PEERS
    label: str          # "ours (path only)", "nashpy support enumeration", ...
    test: str           # the test function's name
    minimum: float
    median: float
    rounds: int
    extra_info: dict

    def time(self, statistic: str) -> float:
        return self.minimum if statistic == "min" else self.median


@dataclass(frozen=True)
class Target:
    """A speed target: ours against one peer row of one group.

    The peer row is the first of ``group`` owned by ``peer`` whose label has
    all of ``words`` (``("enummixed", "float")`` tells pygambit's float run
    from its rational one); ours is the group's reference row.
    ``kind="faster"``: the peer takes at least ``factor`` times our time;
    ``kind="within"``: we take at most ``factor`` times the peer's time.
    """

    text: str
    group: str
    peer: str
    words: tuple[str, ...]
    kind: str
    factor: float


TARGETS = (
    Target("`enummixed` at least 100x faster than nashpy's support enumeration at 8x8",
           "all equilibria 8x8", "nashpy", ("support",), "faster", 100.0),
    Target("`enummixed` at least as fast as pygambit's float `enummixed` at 8x8",
           "all equilibria 8x8", "pygambit", ("enummixed", "float"), "faster", 1.0),
    Target("`enummixed` at least as fast as pygambit's float `enummixed` at 10x10",
           "all equilibria 10x10", "pygambit", ("enummixed", "float"), "faster", 1.0),
    Target("`enummixed` within 2x of QuantEcon's vertex enumeration at 8x8",
           "all equilibria 8x8", "quantecon", ("vertex",), "within", 2.0),
    Target("`enummixed` within 2x of QuantEcon's vertex enumeration at 10x10",
           "all equilibria 10x10", "quantecon", ("vertex",), "within", 2.0),
    Target("`lemke-howson` at least 10x faster than nashpy's at 100x100",
           "lemke-howson 100x100", "nashpy", (), "faster", 10.0),
    Target("`lemke-howson` within 5x of QuantEcon's at 100x100",
           "lemke-howson 100x100", "quantecon", (), "within", 5.0),
)
"""The targets of the normal-form solver issue (item 12), as ratios within one run."""


# -- reading the JSON ----------------------------------------------------------------------

def implementation(test_name: str) -> tuple[str, str]:
    """``(owner, label)`` of a benchmark from its test function's name (see the module docstring).

    >>> implementation("test_pygambit_enummixed_float[8]")
    ('pygambit', 'pygambit enummixed float')
    >>> implementation("test_ours_path_only[100x100]")
    ('ours', 'ours (path only)')
    >>> implementation("test_logit_ours")
    ('ours', 'ours (logit)')
    """
    function = test_name.split("[", 1)[0].split("::")[-1]
    words = [w for w in function.removeprefix("test_").split("_") if w]
    peer = next((w for w in words if w in PEERS), None)
    if peer is not None:
        rest = [w for w in words if w != peer]
        return peer, " ".join([peer, *rest])
    rest = [w for w in words if w != OURS]
    return OURS, OURS + (f" ({' '.join(rest)})" if rest else "")


def rows_of(document: dict) -> list[Row]:
    """The rows of a pytest-benchmark JSON document, in the order of the file."""
    rows = []
    for bench in document.get("benchmarks", []):
        name = bench.get("name") or bench.get("fullname", "")
        owner, label = implementation(name)
        module = bench.get("fullname", "").split("::", 1)[0]
        group = bench.get("group") or f"ungrouped ({module or name})"
        stats = bench["stats"]
        rows.append(Row(group, owner, label, name.split("[", 1)[0], float(stats["min"]),
                        float(stats["median"]), int(stats.get("rounds", 1)), dict(bench.get("extra_info") or {})))
    return rows


def reference(rows: Sequence[Row]) -> Row | None:
    """The row of ours that a group's ratios are taken against (see the module docstring)."""
    ours = [r for r in rows if r.owner == OURS]
    for preferred in (OURS, f"{OURS} (float)"):
        for row in ours:
            if row.label == preferred:
                return row
    return ours[0] if ours else None


def ratio_text(time: float, reference_time: float) -> str:
    """How a time compares with the reference time, in words.

    >>> ratio_text(2.0, 1.0), ratio_text(1.0, 1.8), ratio_text(1646.2, 1.0)
    ('2.0x slower', '1.8x faster', '1,646x slower')
    """
    if reference_time <= 0 or time <= 0:
        return "n/a"
    ratio = time / reference_time
    if ratio >= 1:
        return f"{_factor(ratio)} slower"
    return f"{_factor(1 / ratio)} faster"


def _factor(ratio: float) -> str:
    return f"{ratio:,.0f}x" if ratio >= 100 else f"{ratio:.1f}x"


def duration(seconds: float) -> str:
    """A duration with a unit that keeps 3 significant digits.

    >>> duration(0.00152), duration(12.3), duration(4.2e-6)
    ('1.52 ms', '12.3 s', '4.20 us')
    """
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("us", 1e-6)):  # noqa: B007  (`unit` is read after the loop)
        if seconds >= scale:
            break
    else:
        unit, scale = "ns", 1e-9
    value = seconds / scale
    return f"{value:.3g} {unit}" if value >= 100 else f"{value:#.3g} {unit}"


# -- grouping ------------------------------------------------------------------------------

def family(group: str) -> str:
    """The group's name without its size: ``"all equilibria 8x8"`` -> ``"all equilibria"``."""
    return _SIZE.sub("", group).strip() or group


def _natural_key(text: str) -> list[Any]:
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def grouped(rows: Iterable[Row]) -> dict[str, dict[str, list[Row]]]:
    """Rows by family (in order of first appearance), then by group (by size), file order within."""
    families: dict[str, dict[str, list[Row]]] = {}
    for row in rows:
        families.setdefault(family(row.group), {}).setdefault(row.group, []).append(row)
    return {name: dict(sorted(groups.items(), key=lambda item: _natural_key(item[0])))
            for name, groups in families.items()}


# -- targets -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Verdict:
    """A target evaluated on one run: the two rows compared and whether it holds."""

    target: Target
    ours: Row | None
    peer: Row | None
    passed: bool | None     # None: not measured in this run


def evaluate(target: Target, rows: Sequence[Row], statistic: str = "min") -> Verdict:
    """Whether ``target`` holds in this run (``passed`` is ``None`` when it was not measured)."""
    group = [r for r in rows if r.group == target.group]
    ours = reference(group)
    peer = next((r for r in group if r.owner == target.peer
                 and all(w in r.label.split() for w in target.words)), None)
    if ours is None or peer is None:
        return Verdict(target, ours, peer, None)
    ours_time, peer_time = ours.time(statistic), peer.time(statistic)
    if target.kind == "faster":
        passed = peer_time >= target.factor * ours_time
    elif target.kind == "within":
        passed = ours_time <= target.factor * peer_time
    else:
        raise ValueError(f"unknown target kind {target.kind!r}")
    return Verdict(target, ours, peer, passed)


# -- rendering -----------------------------------------------------------------------------

def _extra(row: Row) -> str:
    return ", ".join(f"{k}={v}" for k, v in sorted(row.extra_info.items()))


def group_table(rows: Sequence[Row]) -> list[str]:
    """The Markdown table of one group: min, median, rounds and the ratios to the reference."""
    base = reference(rows)
    lines = ["| implementation | min | median | rounds | vs ours, by min | vs ours, by median | notes |",
             "|---|---:|---:|---:|---|---|---|"]
    for row in rows:
        if base is None:
            versus = ["no reference"] * len(STATISTICS)
        elif row is base:
            versus = ["reference"] * len(STATISTICS)
        else:
            versus = [ratio_text(row.time(s), base.time(s)) for s in STATISTICS]
        label = f"**{row.label}**" if row is base else row.label
        lines.append(f"| {label} | {duration(row.minimum)} | {duration(row.median)} | {row.rounds} "
                     f"| {' | '.join(versus)} | {_extra(row)} |")
    return lines


def _verdict_word(passed: bool | None) -> str:
    return "not measured" if passed is None else ("pass" if passed else "**FAIL**")


def _times(row: Row | None) -> str:
    return "-" if row is None else f"{duration(row.minimum)}, {duration(row.median)}"


def targets_table(rows: Sequence[Row], targets: Sequence[Target] = TARGETS) -> list[str]:
    """The targets with the times compared and the verdict by min and by median."""
    lines = ["| target | ours: min, median | peer: min, median | by min | by median |",
             "|---|---|---|---|---|"]
    for target in targets:
        verdicts = [evaluate(target, rows, s) for s in STATISTICS]
        first = verdicts[0]
        if first.passed is None:
            missing = "ours" if first.ours is None else target.peer
            cells = [f"not measured ({missing} missing from this run)"] * len(STATISTICS)
        else:
            cells = [f"{ratio_text(v.ours.time(s), v.peer.time(s))}: {_verdict_word(v.passed)}"
                     for v, s in zip(verdicts, STATISTICS)]
        peer = "-" if first.peer is None else f"{first.peer.label} {_times(first.peer)}"
        lines.append(f"| {target.text} | {_times(first.ours)} | {peer} | {' | '.join(cells)} |")
    return lines


def targets_summary(rows: Sequence[Row], targets: Sequence[Target] = TARGETS) -> str:
    """One sentence: how many targets pass by each statistic."""
    counts = []
    for statistic in STATISTICS:
        passed = [evaluate(t, rows, statistic).passed for t in targets]
        counts.append(f"{passed.count(True)} of {len(targets)} pass by the {statistic}")
    unmeasured = [evaluate(t, rows).passed for t in targets].count(None)
    text = "; ".join(counts)
    return text + (f" ({unmeasured} not measured in this run)." if unmeasured else ".")


def machine_lines(document: dict) -> list[str]:
    """The run's date, machine, library versions and commit, as Markdown list items."""
    info = document.get("machine_info") or {}
    cpu = info.get("cpu") or {}
    libraries = info.get("libraries") or {}
    commit = document.get("commit_info") or {}
    processor = cpu.get("brand_raw") or info.get("processor") or "not recorded"
    system = " ".join(str(info[k]) for k in ("system", "release") if info.get(k))
    python = " ".join(str(info[k]) for k in ("python_implementation", "python_version") if info.get(k))
    lines = [
        f"- date: {document.get('datetime', 'not recorded')}",
        f"- CPU: {processor}, {cpu.get('count', 'unknown number of')} logical CPUs"
        + (f" ({system})" if system else ""),
        f"- Python: {python or 'not recorded'}",
    ]
    if libraries:
        versions = ", ".join(f"{name} {version or 'not installed'}" for name, version in libraries.items())
        lines.append(f"- libraries: {versions}")
    else:
        lines.append("- libraries: not recorded (`benchmarks/conftest.py` records them)")
    if info.get("load_average"):
        load = ", ".join(f"{v:.2f}" for v in info["load_average"])
        lines.append(f"- load average when the run started (1, 5, 15 min): {load}")
    if commit.get("id"):
        lines.append(f"- commit: {commit['id'][:12]}{' with uncommitted changes' if commit.get('dirty') else ''}")
    lines.append(f"- pytest-benchmark {document.get('version', 'version not recorded')}")
    return lines


def render(document: dict, source: str | None = None) -> str:
    """The whole Markdown report of a pytest-benchmark JSON document.

    ``source`` is the JSON's path as the command to regenerate the page should show it.
    """
    rows = rows_of(document)
    command = (document.get("machine_info") or {}).get("command") or DEFAULT_COMMAND
    regenerate = f"python benchmarks/report.py {source or 'RESULTS.json'} --output docs/benchmarks.md"
    out = [
        "# Benchmarks",
        "",
        "Generated by `benchmarks/report.py` from one pytest-benchmark run; do not edit by hand.",
        "Every implementation of a group solves the same seeded random game in the same run, so",
        "the ratios compare like with like. Ratios are against this package's reference row of the",
        "group (in bold), by the min and by the median time of the rounds: the min is the better",
        "estimate of the cost of the code on a shared machine (other work only ever adds time),",
        "the median what a user of a busy machine waits.",
        "",
        "## Targets",
        "",
        targets_summary(rows),
        "",
        *targets_table(rows),
        "",
    ]
    for name, groups in grouped(rows).items():
        out += [f"## {FAMILY_TITLES.get(name, name)}", ""]
        for group, members in groups.items():
            out += [f"### {group}", "", *group_table(members), ""]
    out += ["## Machine and command", "", *machine_lines(document), "",
            "The run:", "", "```", command, "```", "", "This page:", "", "```", regenerate, "```", ""]
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Render pytest-benchmark JSON as docs/benchmarks.md.")
    parser.add_argument("results", type=Path, help="the JSON written by --benchmark-json")
    parser.add_argument("--output", type=Path, help="write the Markdown here (default: standard output)")
    arguments = parser.parse_args(argv)
    try:
        document = json.loads(arguments.results.read_text())
    except (OSError, json.JSONDecodeError) as error:
        print(f"error: {arguments.results}: {error}", file=sys.stderr)
        return 2
    text = render(document, source=str(arguments.results))
    if arguments.output is None:
        sys.stdout.write(text)
    else:
        arguments.output.parent.mkdir(parents=True, exist_ok=True)
        arguments.output.write_text(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
