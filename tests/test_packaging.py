"""The package as shipped: one version, the wheel's contents, and a non-editable install that finds its models."""

import os
import shutil
import site
import subprocess
import sys
import tomllib
import venv
import zipfile
from pathlib import Path

import pytest

import gametheory_ukraine as gt

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PACKAGE = ROOT / "gametheory_ukraine"


def test_one_version_read_from_the_package():
    project = PYPROJECT["project"]
    assert "version" not in project and "version" in project["dynamic"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "gametheory_ukraine.__version__"}
    assert gt.__version__.count(".") == 2 and all(part.isdigit() for part in gt.__version__.split("."))


def test_changelog_records_the_version():
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert f"## [{gt.__version__}] - " in changelog


def test_package_data_ships_models_and_py_typed():
    setuptools = PYPROJECT["tool"]["setuptools"]
    assert setuptools["packages"]["find"]["include"] == ["gametheory_ukraine*"]
    data = setuptools["package-data"]["gametheory_ukraine"]
    assert "models/*.yaml" in data and "py.typed" in data
    assert (PACKAGE / "py.typed").is_file()
    shipped = {p.stem for p in (PACKAGE / "models").glob("*.yaml")}
    assert shipped == set(gt.bundled_models())
    assert "authorization-sequential" in shipped


def test_nothing_but_the_package_is_importable_from_the_wheel():
    # setuptools' find would pick up any top-level folder with an __init__.py that the include matched;
    # tests/ and benchmarks/ are packages and must not match it.
    include = PYPROJECT["tool"]["setuptools"]["packages"]["find"]["include"]
    for name in ("tests", "benchmarks", "tools", "docs"):
        assert not any(Path(name).match(pattern) for pattern in include)


def test_lint_extra_is_pinned():
    lint = PYPROJECT["project"]["optional-dependencies"]["lint"]
    names = {requirement.split("==")[0].lower() for requirement in lint}
    assert {"ruff", "mypy"} <= names
    assert all("==" in requirement for requirement in lint)


def _wheel(tmp_path: Path) -> Path:
    """Build the wheel from a copy of the work tree: a build in place would leave build/ behind, and
    would ship whatever an earlier build had left in build/lib."""
    pytest.importorskip("build")
    source = tmp_path / "source"
    shutil.copytree(ROOT, source, symlinks=True, ignore=shutil.ignore_patterns(
        ".git", ".ci", "build", "dist", "*.egg-info", "__pycache__", ".*_cache", ".hypothesis", ".benchmarks",
        ".venv"))
    out = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(source)],
                   check=True, capture_output=True, text=True, timeout=600)
    (wheel,) = out.glob("gametheory_ukraine-*.whl")
    return wheel


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    return _wheel(tmp_path_factory.mktemp("wheel"))


@pytest.mark.slow
def test_wheel_holds_the_package_and_nothing_else(wheel):
    assert wheel.name == f"gametheory_ukraine-{gt.__version__}-py3-none-any.whl"
    names = zipfile.ZipFile(wheel).namelist()
    top = {name.split("/")[0] for name in names}
    assert top == {"gametheory_ukraine", f"gametheory_ukraine-{gt.__version__}.dist-info"}
    assert "gametheory_ukraine/py.typed" in names
    models = {name for name in names if name.startswith("gametheory_ukraine/models/")}
    assert models == {f"gametheory_ukraine/models/{p.name}" for p in (PACKAGE / "models").glob("*.yaml")}
    source = {p.relative_to(ROOT).as_posix() for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts}
    assert source <= set(names)
    for name in names:
        assert not name.endswith((".pyc", ".efg", ".nfg", ".json")), name
        assert "tests/" not in name and "benchmarks/" not in name and "corpus" not in name, name


@pytest.mark.slow
def test_installed_wheel_solves_the_bundled_models_from_elsewhere(wheel, tmp_path):
    # A fresh environment with the wheel installed into it, not the source tree.  Its dependencies are
    # borrowed from this environment's site-packages, appended after its own (no network needed); a .pth
    # line only extends sys.path, so this environment's own .pth files (an editable install) do not run.
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    own = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                         check=True, capture_output=True, text=True).stdout.strip()
    Path(own, "borrowed_dependencies.pth").write_text("\n".join(site.getsitepackages()) + "\n")
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
                    "--force-reinstall", str(wheel)], check=True, capture_output=True, text=True, timeout=300)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    # Nothing of the source tree on the path: the environment's PYTHONPATH could point there.
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}

    def run(*args: str) -> str:
        done = subprocess.run([str(python), *args], cwd=elsewhere, env=environment,
                              check=True, capture_output=True, text=True, timeout=300)
        return done.stdout

    where = run("-c", "import gametheory_ukraine as gt; print(gt.__file__); print(gt.__version__)").split()
    assert Path(where[0]).is_relative_to(env_dir) and where[1] == gt.__version__
    listing = run("-m", "gametheory_ukraine", "models")
    for name in gt.bundled_models():
        assert name in listing
    solved = run("-m", "gametheory_ukraine", "solve", "authorization-sequential")
    assert gt.load("authorization-sequential").title in solved
    assert "path: Biden Authorize -> Kremlin Kyiv" in solved and "regret: 0 (exact)" in solved
    entry_point = subprocess.run([str(env_dir / "bin" / "gametheory-ukraine"), "models"], cwd=elsewhere,
                                 env=environment, check=True, capture_output=True, text=True, timeout=300)
    assert "authorization-sequential" in entry_point.stdout
