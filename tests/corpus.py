"""The Gambit corpus, read in place from ../shared/corpus (tests skip when it is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CORPUS = (REPO / ".." / "shared" / "corpus" / "gambit").resolve()
SCHEMA = (REPO / ".." / "shared" / "contract" / "solve.schema.json").resolve()
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def corpus_files(suffix: str) -> list[Path]:
    """The corpus files with ``suffix`` ("nfg" or "efg"), empty when the corpus is absent."""
    folder = CORPUS / suffix
    return sorted(folder.glob(f"*.{suffix}")) if folder.is_dir() else []


def corpus_params(suffix: str, slow: tuple[str, ...] = ()) -> list:
    """Parametrisation over the corpus files, or one skipped case saying why.

    Files named in ``slow`` are marked ``slow`` (run with ``-m slow``), so that
    the quick suite stays within its time budget.
    """
    files = corpus_files(suffix)
    if not files:
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"Gambit corpus not found at {CORPUS}"))]
    return [pytest.param(f, id=f.name, marks=[pytest.mark.slow] if f.name in slow else []) for f in files]


def pygambit_game(game):
    """``game`` as a pygambit game, through our own writer.

    Writing first (rather than letting pygambit read the corpus file) tidies
    the legacy labels Gambit 16.7 rejects, and keeps node and information-set
    order equal on both sides.  Skips the test when pygambit is absent.
    """
    import io

    pygambit = pytest.importorskip("pygambit")
    from gametheory_ukraine.formats.gambit import write_efg, write_nfg

    if game.kind == "extensive":
        return pygambit.read_efg(io.StringIO(write_efg(game)))
    return pygambit.read_nfg(io.StringIO(write_nfg(game)))
