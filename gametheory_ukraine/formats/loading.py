"""One entry point for every input: Gambit files, YAML models, bundled models by name."""

from __future__ import annotations

import os
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any, Sequence

from ..errors import GameError, GameFormatError
from ..games import ExtensiveGame, NormalFormGame
from ..games.convert import reduced_strategic_form
from ..symbolic.model import Model
from . import gambit
from .yaml_model import load_model, write_yaml

GAME_SUFFIXES = (".nfg", ".efg")
MODEL_SUFFIXES = (".yaml", ".yml")


def bundled_models() -> dict[str, Path]:
    """The scenario models shipped with the package, by name.

    >>> "authorization-sequential" in bundled_models()
    True
    """
    folder = resources.files("gametheory_ukraine") / "models"
    return {Path(str(entry)).stem: Path(str(entry)) for entry in sorted(folder.iterdir(), key=str)
            if str(entry).endswith(MODEL_SUFFIXES)}


def load(source: str | os.PathLike[str]) -> NormalFormGame | ExtensiveGame | Model:
    """A game or a model from a file path or a bundled model's name.

    ``.nfg``/``.efg`` files give games, ``.yaml`` files and bundled names give
    :class:`Model` objects (``model.game()`` is the game at its calibration).

    >>> import gametheory_ukraine as gt
    >>> gt.load("authorization-simultaneous").game().players
    ('Biden', 'Kremlin')
    """
    text = os.fspath(source)
    path = Path(text)
    if path.suffix.lower() in GAME_SUFFIXES + MODEL_SUFFIXES:
        if not path.is_file():
            raise GameError("no such file", text)
        if path.suffix.lower() in MODEL_SUFFIXES:
            return load_model(path)
        return gambit.read_gambit(path)
    models = bundled_models()
    if text in models:
        return load_model(models[text], name=text)
    raise GameError(f"not a game file (.nfg, .efg, .yaml) nor a bundled model; the bundled models are "
                    f"{', '.join(models)}", text)


def parse_settings(pairs: Sequence[str]) -> dict[str, str]:
    """The command line's ``--set NAME=VALUE`` pairs as a mapping (values are parsed by the model).

    >>> parse_settings(["h=30", " a = 1/2 "])
    {'h': '30', 'a': '1/2'}
    """
    settings = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip() or not value.strip():
            raise GameError(f"--set expects NAME=VALUE, got {pair!r}")
        settings[name.strip()] = value.strip()
    return settings


def instantiate(source: Any, name: str, settings: dict[str, Any],
                strict: bool = True) -> NormalFormGame | ExtensiveGame:
    """The game ``source`` gives: a model at its calibration changed by ``settings``, or a game file as read.

    With ``strict=False`` settings the model does not declare are ignored
    (the default run applies one ``--set`` to every bundled model that has
    the parameter); errors name ``name``, the file or model they come from.

    >>> instantiate(load("authorization-sequential"), "authorization-sequential", {"rho": "40"}).parameters["rho"]
    Fraction(40, 1)
    """
    if isinstance(source, Model):
        chosen = settings if strict else {k: v for k, v in settings.items() if k in source.parameters}
        try:
            return source.game(**chosen)
        except GameError as error:
            raise error.at(name) from None
    if settings:
        raise GameError(f"--set applies to models; {name} is a game file without parameters")
    return source


def dumps(game: NormalFormGame | ExtensiveGame, suffix: str) -> str:
    """The text of ``game`` in the format named by a file suffix."""
    suffix = suffix.lower()
    if suffix == ".nfg":
        if isinstance(game, ExtensiveGame):
            game = reduced_strategic_form(game)  # as Gambit does: the reduced strategic form
        return gambit.write_nfg(game)
    if suffix == ".efg":
        if not isinstance(game, ExtensiveGame):
            raise GameFormatError("a strategic game goes to .nfg (or .yaml), not .efg")
        return gambit.write_efg(game)
    if suffix in MODEL_SUFFIXES:
        return write_yaml(game)
    raise GameFormatError(f"unknown output format {suffix!r}; use .nfg, .efg or .yaml")


def write_new_file(path: str | os.PathLike[str], text: str, force: bool = False) -> None:
    """Write ``text`` to ``path`` atomically; refuse to replace a file unless ``force``.

    The text goes to a temporary file beside the target first, so a failure
    never leaves a half-written output or destroys the old one.
    """
    target = Path(path)
    if target.exists() and not force:
        raise GameError("exists; not overwritten (use --force to replace it)", str(target))
    directory = target.parent if str(target.parent) else Path(".")
    if not directory.is_dir():
        raise GameError("the output folder does not exist", str(target))
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, target)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise
