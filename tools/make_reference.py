"""Write docs/reference.md from the docstrings of the public API.

The reference lists every name of ``gametheory_ukraine.__all__`` with its
signature and docstring, and the method table ``gametheory_ukraine.METHODS``.
It is generated, never edited by hand; ``tests/test_docs.py`` checks that the
committed page equals a fresh generation, so the reference cannot drift from
the code.

Usage::

    python tools/make_reference.py            # rewrite docs/reference.md
    python tools/make_reference.py --check    # exit 1 when docs/reference.md is stale
    python tools/make_reference.py --stdout   # print instead of writing

The output depends only on the package's source: names are sorted, memory
addresses in default values are dropped, and nothing about the machine, the
time or the environment is written.
"""

from __future__ import annotations

import argparse
import inspect
import re
import sys
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "docs" / "reference.md"

SECTIONS = ("Parameters", "Attributes", "Returns", "Raises", "Yields", "Examples", "Notes", "References",
            "See Also", "Warns", "Other Parameters")
TERM_SECTIONS = {"Parameters", "Attributes", "Returns", "Raises", "Yields", "Other Parameters", "Warns"}

_ROLE = re.compile(r":(?:[a-z]+:)?[a-z]+:`~?\.*([^`<]+?)(?:\s*<[^>]*>)?`")
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


class _Annotation(str):
    """A string annotation that prints without quotes in a signature."""

    def __new__(cls, text: str) -> "_Annotation":
        if len(text) > 1 and text[0] == text[-1] and text[0] in "'\"":
            text = text[1:-1]  # an annotation quoted inside a postponed annotation
        return super().__new__(cls, text)

    def __repr__(self) -> str:
        return str(self)


def _inline(text: str) -> str:
    """RST inline markup as Markdown: roles and double backquotes become code spans."""
    text = _ROLE.sub(lambda m: f"`{m.group(1).strip()}`", text)
    return text.replace("``", "`")


def signature(obj: Callable[..., Any]) -> str:
    """The signature of ``obj`` as source text (string annotations unquoted, no memory addresses)."""
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):
        return "(...)"
    parameters = [p.replace(annotation=_Annotation(p.annotation)) if isinstance(p.annotation, str) else p
                  for p in sig.parameters.values()]
    returns = sig.return_annotation
    if isinstance(returns, str):
        returns = _Annotation(returns)
    text = str(sig.replace(parameters=parameters, return_annotation=returns))
    return _ADDRESS.sub("", text)


def docstring_markdown(doc: str | None) -> str:
    """A numpy-style docstring as Markdown.

    Section headers become bold lines, the entries of Parameters-like sections
    bullets, doctest examples and ``::`` literal blocks fenced code.
    """
    if not doc:
        return "*(no docstring)*"
    lines = inspect.cleandoc(doc).splitlines()
    out: list[str] = []
    section = ""
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        following = lines[i + 1].strip() if i + 1 < len(lines) else ""
        if stripped in SECTIONS and following and set(following) == {"-"}:
            section = stripped
            out += ["", f"**{stripped}**", ""]
            i += 2
            continue
        if stripped.startswith(">>>"):
            block = []
            while i < len(lines) and lines[i].strip():
                block.append(lines[i])
                i += 1
            indent = min(len(b) - len(b.lstrip()) for b in block)
            out += ["```pycon", *[b[indent:] for b in block], "```"]
            continue
        if stripped.endswith("::") and not stripped.startswith(".."):
            head = stripped[:-2].rstrip()
            if head:
                out.append(_inline(line.rstrip()[:-1]))  # "text::" reads "text:"
            i += 1
            while i < len(lines) and not lines[i].strip():
                i += 1
            block = []
            while i < len(lines) and (not lines[i].strip() or lines[i].startswith((" ", "\t"))):
                block.append(lines[i])
                i += 1
            while block and not block[-1].strip():
                block.pop()
            if block:
                indent = min(len(b) - len(b.lstrip()) for b in block if b.strip())
                out += ["", "```text", *[b[indent:] for b in block], "```", ""]
            continue
        if stripped.startswith(".. ["):  # an RST citation: ".. [KEY] text"
            label, _, rest = stripped[3:].partition("]")
            entry = [rest.strip()]
            i += 1
            while i < len(lines) and lines[i].startswith(" ") and lines[i].strip():
                entry.append(lines[i].strip())
                i += 1
            out.append(f"- [{label[1:] if label.startswith('[') else label}] {_inline(' '.join(entry))}")
            continue
        if section in TERM_SECTIONS and stripped and not line.startswith((" ", "\t")):
            term = stripped.rstrip(":")
            description = []
            i += 1
            while i < len(lines) and (lines[i].startswith((" ", "\t")) or not lines[i].strip()):
                if not lines[i].strip() and (i + 1 >= len(lines) or not lines[i + 1].startswith((" ", "\t"))):
                    break
                description.append(lines[i].strip())
                i += 1
            text = " ".join(d for d in description if d)
            out.append(f"- `{term}`" + (f": {_inline(text)}" if text else ""))
            continue
        out.append(_inline(line.rstrip()))
        i += 1
    text = "\n".join(out)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def _kind(obj: Any) -> str:
    if inspect.isclass(obj) and issubclass(obj, BaseException):
        return "exception"
    if inspect.isclass(obj):
        return "class"
    if callable(obj):
        return "function"
    return "data"


def _members(cls: type) -> list[tuple[str, Any]]:
    """Public methods and properties defined by ``cls`` itself (or its package bases), sorted."""
    found: dict[str, Any] = {}
    for klass in reversed(cls.__mro__):
        if not klass.__module__.startswith("gametheory_ukraine"):
            continue
        for name, value in vars(klass).items():
            if name.startswith("_"):
                continue
            if isinstance(value, (property, staticmethod, classmethod)) or inspect.isfunction(value):
                found[name] = value
    return sorted(found.items())


def _member_entry(owner: str, name: str, value: Any) -> list[str]:
    if isinstance(value, property):
        lines = [f"#### `{owner}.{name}` (property)", ""]
        doc = inspect.getdoc(value)
    else:
        function = value.__func__ if isinstance(value, (staticmethod, classmethod)) else value
        prefix = ("classmethod " if isinstance(value, classmethod)
                  else "staticmethod " if isinstance(value, staticmethod) else "")
        sig = signature(function)
        if isinstance(value, classmethod) or not isinstance(value, staticmethod):
            sig = re.sub(r"^\((?:self|cls)(?:, )?", "(", sig)
        lines = [f"#### `{owner}.{name}`", "", "```python", f"{prefix}{owner}.{name}{sig}", "```", ""]
        doc = inspect.getdoc(function)
    return lines + [docstring_markdown(doc) if doc else "*(no docstring)*", ""]


def methods_table(package: Any) -> list[str]:
    """The method table as Markdown, read from ``package.METHODS``."""
    lines = ["| method | games | players | finds | options | function |", "|---|---|---|---|---|---|"]
    for name in sorted(package.METHODS):
        method = package.METHODS[name]
        options = []
        for parameter in list(inspect.signature(method.function).parameters.values())[1:]:
            if parameter.name == "budget" or parameter.kind in (parameter.VAR_POSITIONAL,):
                continue
            if parameter.kind == parameter.VAR_KEYWORD:
                options.append(f"`**{parameter.name}`")
            elif parameter.default is inspect.Parameter.empty:
                options.append(f"`{parameter.name}`")
            else:
                options.append(f"`{parameter.name}={_ADDRESS.sub('', repr(parameter.default))}`")
        function = f"`{method.function.__module__}.{method.function.__qualname__}`"
        players = "any" if method.players is None else str(method.players)
        kinds = ", ".join(sorted(method.kinds))
        finds = method.finds.replace("|", "\\|")
        lines.append(f"| `{name}` | {kinds} | {players} | {finds} | {', '.join(options) or '-'} | {function} |")
    lines.append("| `auto` | any | any | " + _inline(inspect.getdoc(package.solvers.choose_method).splitlines()[0])
                 .replace("|", "\\|") + " | - | `gametheory_ukraine.solvers.registry.choose_method` |")
    return lines


def generate() -> str:
    """The text of docs/reference.md for the package as currently imported."""
    import gametheory_ukraine as package

    names = sorted(package.__all__, key=lambda n: (n.lower(), n))
    groups: dict[str, list[str]] = {"function": [], "class": [], "exception": [], "data": []}
    for name in names:
        groups[_kind(getattr(package, name))].append(name)
    titles = {"function": "Functions", "class": "Classes", "exception": "Exceptions", "data": "Data"}

    out = [
        "# API reference",
        "",
        "<!-- Generated by tools/make_reference.py from the docstrings; do not edit by hand. -->",
        "",
        "Generated from the docstrings of `gametheory_ukraine.__all__` by `python tools/make_reference.py`;",
        "`tests/test_docs.py` fails when this page differs from a fresh generation. The examples shown",
        "here run as doctests of the modules (`--doctest-modules`).",
        "",
        "Contents: [the method table](#the-method-table)",
    ]
    for kind, members in groups.items():
        if members:
            out.append(f"- {titles[kind]}: " + ", ".join(f"[`{n}`](#{n.lower()})" for n in members))
    out += ["", "## The method table", "",
            "`gametheory_ukraine.METHODS` maps each name accepted by `solve(game, method=...)` and by",
            "`--method` to its solver; `auto` is `choose_method`. Options are keyword arguments of `solve`.",
            "", *methods_table(package), ""]
    for kind, members in groups.items():
        if not members:
            continue
        out += [f"## {titles[kind]}", ""]
        for name in members:
            obj = getattr(package, name)
            out += [f"### {name}", ""]
            if kind == "data":
                out += [f"`{type(obj).__name__}` with {len(obj)} entries: "
                        "see [the method table](#the-method-table).", ""]
                continue
            module = getattr(obj, "__module__", "gametheory_ukraine")
            where = f"`{module}.{obj.__qualname__}`"
            if kind in ("class", "exception"):
                bases = ", ".join(b.__name__ for b in obj.__bases__ if b is not object)
                out += ["```python", f"class {name}{signature(obj)}" if kind == "class" else f"class {name}({bases})",
                        "```", "",
                        f"Defined in {where}." + (f" Bases: {bases}." if bases and kind == "class" else ""), ""]
            else:
                out += ["```python", f"{name}{signature(obj)}", "```", "", f"Defined in {where}.", ""]
            out += [docstring_markdown(inspect.getdoc(obj)), ""]
            if kind == "class":
                for member, value in _members(obj):
                    out += _member_entry(name, member, value)
    return "\n".join(out).rstrip() + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when docs/reference.md is not current")
    parser.add_argument("--stdout", action="store_true", help="print the reference instead of writing it")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    text = generate()
    if args.stdout:
        sys.stdout.write(text)
        return 0
    if args.check:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            sys.stderr.write(f"{TARGET.relative_to(ROOT)} is stale: run python tools/make_reference.py\n")
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    sys.stdout.write(f"wrote {TARGET.relative_to(ROOT)}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
