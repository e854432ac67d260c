"""The documentation is executed: every example in ``docs/`` is a test.

* ``test_page_examples``: each Markdown page's doctest examples (``>>>``
  lines and the output printed under them) run with :mod:`doctest`, one test
  per page, in a fresh namespace, from a temporary working folder (which also
  receives ``tempfile.mkdtemp()`` folders), with
  ``ELLIPSIS`` and ``NORMALIZE_WHITESPACE``.  A page that needs an optional
  package says so with ``<!-- requires: MODULE -->`` and is skipped without it.
* ``test_console_sessions``: each fenced ``console`` block's commands
  (``$ python -m gametheory_ukraine ...``) run in order, per page, in a
  temporary folder, through the command line's ``main`` (stdout and stderr
  together); the text under a command is its expected output (``...``
  matches anything).  ``test_entry_point`` runs the tutorial's first command
  as a real subprocess too.
* ``test_yaml_models_load``: every complete model shown in a ``yaml`` block
  of a page loads.
* ``test_reference_is_current``: ``docs/reference.md`` equals a fresh
  ``python tools/make_reference.py``.
* ``test_every_method_is_documented``: each method of ``METHODS`` appears in
  the decision table and in a theory note.
* ``test_links``: every relative link in the docs points to a file that
  exists, and the index links every page.

The generated pages (``reference.md``, ``benchmarks.md``, ``models.md``) are
not run as doctests: the reference's examples are the modules' docstrings,
which ``--doctest-modules`` already runs.
"""

from __future__ import annotations

import contextlib
import doctest
import importlib.util
import io
import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
GENERATED = {"reference.md", "benchmarks.md", "models.md"}
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
PROGRAM = ["python", "-m", "gametheory_ukraine"]

_REQUIRES = re.compile(r"<!--\s*requires:\s*([\w.]+)\s*-->")
_CONSOLE = re.compile(r"^```console[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
_YAML = re.compile(r"^```yaml[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
_LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def _pages() -> list[Path]:
    return sorted(p for p in DOCS.rglob("*.md") if p.relative_to(DOCS).as_posix() not in GENERATED)


def _id(page: Path) -> str:
    return page.relative_to(DOCS).as_posix()


def _skip_without_requirements(text: str) -> None:
    for module in _REQUIRES.findall(text):
        pytest.importorskip(module)


def console_commands(text: str) -> list[tuple[str, str]]:
    """``(command, expected output)`` of every ``$ `` line of the page's console blocks, in order."""
    commands: list[tuple[str, str]] = []
    for block in _CONSOLE.findall(text):
        command: str | None = None
        output: list[str] = []
        for line in block.splitlines():
            if line.startswith("$ "):
                if command is not None:
                    commands.append((command, "\n".join(output)))
                command, output = line[2:].strip(), []
            elif command is not None:
                output.append(line)
        if command is not None:
            commands.append((command, "\n".join(output)))
    return commands


def run_command(command: str) -> str:
    """Run ``python -m gametheory_ukraine ...`` in this process; its stdout and stderr together."""
    from gametheory_ukraine.cli import main

    argv = shlex.split(command)
    assert argv[:3] == PROGRAM, f"docs show only `python -m gametheory_ukraine ...` commands, not {command!r}"
    stream = io.StringIO()
    with contextlib.redirect_stdout(stream), contextlib.redirect_stderr(stream):
        main(argv[3:])
    return stream.getvalue()


def _matches(expected: str, got: str) -> bool:
    return doctest.OutputChecker().check_output(expected.strip() + "\n", got.strip() + "\n", FLAGS)


PAGES = _pages()
CONSOLE_PAGES = [p for p in PAGES if console_commands(p.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("page", PAGES, ids=_id)
def test_page_examples(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = page.read_text(encoding="utf-8")
    test = doctest.DocTestParser().get_doctest(text, {"__name__": "__docs__"}, _id(page), str(page), 0)
    if page.parent != DOCS or page.name == "tutorial.md":  # tutorial, how-to and theory pages teach by example
        assert test.examples, f"{_id(page)} has no example"
    if not test.examples:
        return
    _skip_without_requirements(text)
    monkeypatch.chdir(tmp_path)  # anything an example writes by a relative path lands here,
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # and tempfile.mkdtemp() folders too
    report: list[str] = []
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    try:
        runner.run(test, out=report.append)
    finally:
        test.globs.clear()
    assert runner.failures == 0, "".join(report)


@pytest.mark.parametrize("page", CONSOLE_PAGES, ids=_id)
def test_console_sessions(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = page.read_text(encoding="utf-8")
    _skip_without_requirements(text)
    monkeypatch.chdir(tmp_path)  # commands that write files write them here
    for command, expected in console_commands(text):
        got = run_command(command)
        assert _matches(expected, got), f"{_id(page)}: $ {command}\n--- shown:\n{expected}\n--- printed:\n{got}"


@pytest.mark.parametrize("page", [p for p in PAGES if _YAML.search(p.read_text(encoding="utf-8"))], ids=_id)
def test_yaml_models_load(page: Path) -> None:
    """Every complete model shown in a ``yaml`` block reads without error."""
    from gametheory_ukraine.formats.yaml_model import read_model

    blocks = [b for b in _YAML.findall(page.read_text(encoding="utf-8"))
              if re.search(r"^title:", b, re.MULTILINE) and re.search(r"^players:", b, re.MULTILINE)]
    for block in blocks:
        model = read_model(block, f"{_id(page)} yaml block")
        model.game()


def test_entry_point(tmp_path: Path) -> None:
    """The tutorial's first command through the real ``python -m`` entry point."""
    command, expected = console_commands((DOCS / "tutorial.md").read_text(encoding="utf-8"))[0]
    environment = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])))
    done = subprocess.run([sys.executable, *shlex.split(command)[1:]], cwd=tmp_path, env=environment,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert _matches(expected, done.stdout), f"$ {command}\n--- shown:\n{expected}\n--- printed:\n{done.stdout}"


def test_reference_is_current() -> None:
    spec = importlib.util.spec_from_file_location("make_reference", ROOT / "tools" / "make_reference.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    committed = (DOCS / "reference.md").read_text(encoding="utf-8")
    assert committed == module.generate(), "docs/reference.md is stale: run python tools/make_reference.py"


def test_every_method_is_documented() -> None:
    """Each method of the table has a row in the decision table and a theory note."""
    from gametheory_ukraine import METHODS

    table = (DOCS / "howto" / "choose-solver.md").read_text(encoding="utf-8")
    theory = "".join(p.read_text(encoding="utf-8") for p in sorted((DOCS / "theory").glob("*.md")))
    for name in METHODS:
        assert f"`{name}`" in table, f"method {name} is missing from docs/howto/choose-solver.md"
        assert f"`{name}`" in theory, f"method {name} has no theory note in docs/theory/"


def test_links() -> None:
    every = sorted(DOCS.rglob("*.md"))
    for page in every:
        for target in _LINK.findall(page.read_text(encoding="utf-8")):
            if "://" in target or target.startswith("mailto:"):
                continue
            resolved = (page.parent / target).resolve()
            if resolved.parent == DOCS.resolve() and resolved.name in GENERATED - {"reference.md"}:
                continue  # written by other scripts (benchmarks/report.py, the models page); may not exist yet
            assert resolved.exists(), f"{_id(page)} links to missing {target}"
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    linked = {(DOCS / t).resolve() for t in _LINK.findall(index)}
    missing = [_id(p) for p in every if p.name != "index.md" and p.resolve() not in linked]
    assert not missing, f"docs/index.md does not link {missing}"


def test_models_page_is_current() -> None:
    """docs/models.md is the package's own output: regenerating it gives the committed page."""
    spec = importlib.util.spec_from_file_location("make_models_doc", ROOT / "tools" / "make_models_doc.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    committed = (DOCS / "models.md").read_text(encoding="utf-8")
    assert committed == module.generate(), "docs/models.md is stale: run python tools/make_models_doc.py"
