"""Sweeps: a model solved at a grid and/or Monte Carlo sample of calibrations, in batches.

The payoffs of a whole batch of calibrations are lambdified to numpy
(:mod:`.batch`) and solved by batched solvers that carry the batch on the
first axis, never by a Python loop over calibrations:

* perfect-information trees (chance allowed): batched backward induction,
  one level of the tree at a time, reusing the level plan of
  :mod:`gametheory_ukraine.solvers.backward_induction`;
* strategic games: batched pure equilibria (the best-response masks of
  :func:`gametheory_ukraine.solvers.pure.best_response_mask` with the batch
  as a trailing axis), and for 2x2 games the closed-form fully mixed
  equilibrium.

The calibrations are the product of the ``grid`` points and ``samples``
Monte Carlo draws of the other parameters (uniform on each declared range by
default; a per-parameter prior may be given).  The same draws are used at
every grid point (common random numbers), and they depend only on the seed,
never on the batch size, so results are reproducible whatever the memory.
Batches run locally (no dependency) or on a Dask cluster (:mod:`.distributed`)
with identical results.
"""

from __future__ import annotations

import math
import sys
import time
import weakref
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from ..errors import GameError, ModelError
from ..games import CHANCE, ExtensiveGame
from ..solvers.backward_induction import RELATIVE_TOLERANCE, level_plan
from ..solvers.pure import best_response_mask
from .batch import batch_edge_probabilities, batch_payoffs
from .model import Model

__all__ = ["sweep", "SweepResult", "solve_batch", "BatchSolution", "wilson_interval",
           "add_sweep_arguments", "run_sweep", "parse_grid"]

SAMPLE_BLOCK = 1 << 14
"""Samples are drawn in blocks of this size, block ``b`` from the seed ``(seed, b)``,
so any calibration's sample is the same whatever the batch size."""
DEFAULT_MEMORY = 32 * 2 ** 20
"""Bytes of working arrays one batch may use: batches this small stay near the CPU caches
and run faster than one big batch (and a sweep of any size never runs out of memory)."""

Prior = Callable[[np.random.Generator, int], np.ndarray]
"""A prior on [0, 1]: ``prior(rng, size)`` draws ``size`` values, mapped affinely onto the range."""


def _prior(spec: Any) -> Prior:
    """A sampler on [0, 1] from a prior specification.

    ``None`` or ``"uniform"``: uniform; ``("beta", a, b)``; ``("triangular", mode)`` with
    the mode as a fraction of the range; or a callable ``(rng, size) -> array in [0, 1]``.
    """
    if spec is None or spec == "uniform":
        return lambda rng, size: rng.random(size)
    if callable(spec):
        return spec
    if isinstance(spec, Mapping):  # the YAML form {beta: [a, b]} of a later model-file extension
        ((kind, arguments),) = spec.items()
        spec = (kind, *np.atleast_1d(arguments))
    kind, *arguments = spec
    if kind == "beta":
        a, b = (float(x) for x in arguments)
        return lambda rng, size: rng.beta(a, b, size)
    if kind == "triangular":
        mode = float(arguments[0])
        return lambda rng, size: rng.triangular(0.0, mode, 1.0, size)
    raise ModelError(f"unknown prior {spec!r}: use uniform, (beta, a, b), (triangular, mode) or a callable")


def wilson_interval(successes: int, trials: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion (95% by default).

    >>> low, high = wilson_interval(50, 100)
    >>> round(low, 4), round(high, 4)
    (0.4038, 0.5962)
    """
    if trials == 0:
        return 0.0, 1.0
    share = successes / trials
    denominator = 1 + z * z / trials
    centre = (share + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(share * (1 - share) / trials + z * z / (4 * trials * trials)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


# ---------------------------------------------------------------------------------------
# batched solvers


@dataclass
class BatchSolution:
    """Solutions of one batch of calibrations.

    Attributes
    ----------
    keys:
        ``(batch, width)`` small integers identifying the equilibrium outcome of
        each calibration: for a tree, the action chosen at each decision node
        on the equilibrium paths (``-1`` off them); for a table, 1 where the
        cell is a pure equilibrium.
    choice:
        Trees: the action at every decision node, ``(batch, decision nodes)``
        (the full subgame-perfect profile); tables: ``None``.
    values:
        Trees: the equilibrium payoffs at the root, ``(batch, players)``;
        tables: ``None``.
    tied:
        Whether some mover on an equilibrium path was indifferent (within
        the solvers' tolerance): ties go to the first action, as in ``spe``.
    mixed:
        2x2 tables: the fully mixed equilibrium ``(p, q)`` (each player's
        probability of her first strategy), NaN where there is none.
    """

    keys: np.ndarray
    choice: np.ndarray | None
    values: np.ndarray | None
    tied: np.ndarray
    mixed: np.ndarray | None = None


def _tree_structure(model: Model) -> ExtensiveGame:
    game = model.game()
    if not isinstance(game, ExtensiveGame):
        raise ModelError("expected an extensive-form model")
    if not game.is_perfect_information:
        raise ModelError(f"{model.name or model.title!r} has imperfect information: batched backward induction "
                         "needs a perfect-information tree")
    return game


def _solve_tree(game: ExtensiveGame, leaf_payoffs: np.ndarray, edge: np.ndarray) -> BatchSolution:
    """Batched backward induction: the same level-by-level reduction as ``spe``.

    Inside, arrays are node-major with the batch last, ``(nodes, players, batch)``,
    so that gathering a level's children copies contiguous rows.
    """
    arrays = game.arrays
    size = leaf_payoffs.shape[0]
    values = np.empty((game.num_nodes, game.num_players, size))
    values[arrays.leaves] = leaf_payoffs.transpose(1, 2, 0)
    edge = edge.T
    choice = np.full((game.num_nodes, size), -1, dtype=np.int8)
    tied = np.zeros((game.num_nodes, size), dtype=bool)
    # Ties go to the first action, as in the exact single-game solver; the tolerance keeps
    # float rounding from turning an exact tie into a strict preference.
    tolerance = RELATIVE_TOLERANCE * max(1.0, float(np.abs(leaf_payoffs).max(initial=0.0)))
    plan = level_plan(game)
    for level in reversed(plan):
        if level.decision.size:
            children, valid = level.decision_children, level.decision_valid  # (m, k)
            own = values[children, level.mover[:, None]]  # (m, k, b): each mover's own payoff
            own[~valid] = -np.inf  # padding repeats a real child; keep it out of the count of ties
            near_top = own >= own.max(axis=1, keepdims=True) - tolerance
            best = np.argmax(near_top, axis=1).astype(np.int8)  # first action within tolerance of the best
            chosen = values[children[:, 0]]
            for j in range(1, children.shape[1]):  # at most a few actions: a select per action
                chosen = np.where((best == j)[:, None, :], values[children[:, j]], chosen)
            values[level.decision] = chosen
            choice[level.decision] = best
            tied[level.decision] = near_top.sum(axis=1) > 1
        if level.chance.size:
            counts = arrays.num_children[level.chance]
            total = np.zeros((level.chance.size, game.num_players, size))
            for j in range(level.chance_children.shape[1]):
                real = j < counts  # padding weighs nothing
                kids = level.chance_children[real, j]
                total[real] += edge[kids][:, None, :] * values[kids]
            values[level.chance] = total
    # The equilibrium paths: every branch of a chance node, the chosen branch of a decision node.
    reached = np.zeros((game.num_nodes, size), dtype=bool)
    reached[0] = True
    for level in plan:
        for nodes, children, is_decision in ((level.decision, level.decision_children, True),
                                             (level.chance, level.chance_children, False)):
            counts = arrays.num_children[nodes]
            for j in range(children.shape[1] if nodes.size else 0):
                real = j < counts
                on_path = reached[nodes[real]]
                if is_decision:
                    on_path = on_path & (choice[nodes[real]] == j)
                reached[children[real, j]] = on_path
    decision = np.flatnonzero(arrays.player >= 0)
    keys = np.where(reached[decision], choice[decision], -1).astype(np.int8).T
    return BatchSolution(np.ascontiguousarray(keys), choice[decision].T, values[0].T,
                         (tied[decision] & reached[decision]).any(axis=0))


def _fully_mixed_2x2(payoffs: np.ndarray, tolerance: float) -> np.ndarray:
    """The closed-form fully mixed equilibrium of 2x2 games, ``(batch, 2)``, NaN where there is none.

    Column ``0`` is the row player's probability of her first strategy, which
    makes the column player indifferent: ``p = (B11 - B10) / (B00 - B10 - B01 + B11)``;
    column ``1`` is the column player's, symmetrically.  It is an equilibrium
    when both lie strictly inside (0, 1).
    """
    A, B = payoffs[:, 0], payoffs[:, 1]
    row_denominator = B[:, 0, 0] - B[:, 1, 0] - B[:, 0, 1] + B[:, 1, 1]
    column_denominator = A[:, 0, 0] - A[:, 0, 1] - A[:, 1, 0] + A[:, 1, 1]
    with np.errstate(divide="ignore", invalid="ignore"):
        p = (B[:, 1, 1] - B[:, 1, 0]) / row_denominator
        q = (A[:, 1, 1] - A[:, 0, 1]) / column_denominator
    mixed = np.stack([p, q], axis=1)
    inside = ((np.abs(row_denominator) > tolerance) & (np.abs(column_denominator) > tolerance)
              & (p > 0) & (p < 1) & (q > 0) & (q < 1))
    mixed[~inside] = np.nan
    return mixed


def _solve_table(payoffs: np.ndarray) -> BatchSolution:
    """Batched pure equilibria: best-response masks with the batch as the last axis.

    For 2x2 games the key gets one more column: 1 when a fully mixed
    equilibrium exists (closed form, :func:`_fully_mixed_2x2`).
    """
    tolerance = RELATIVE_TOLERANCE * max(1.0, float(np.abs(payoffs).max(initial=0.0)))
    by_cell = np.moveaxis(payoffs, 0, -1)  # (n, s_1, ..., s_n, b): best_response_mask's layout, batch last
    mask = best_response_mask(by_cell, tolerance)
    keys = np.moveaxis(mask, -1, 0).reshape(payoffs.shape[0], -1).astype(np.int8)
    # A near-tie: some cell is an equilibrium under the tolerance but not without it.
    strict = best_response_mask(by_cell, 0.0)
    tied = (np.moveaxis(strict, -1, 0).reshape(payoffs.shape[0], -1) != keys.astype(bool)).any(axis=1)
    mixed = None
    if payoffs.shape[1:] == (2, 2, 2):
        mixed = _fully_mixed_2x2(payoffs, tolerance)
        keys = np.concatenate([keys, (~np.isnan(mixed[:, :1])).astype(np.int8)], axis=1)
    return BatchSolution(keys, None, None, tied, mixed)


def solve_batch(model: Model, values: Mapping[str, Any]) -> BatchSolution:
    """Solve ``model`` at a batch of calibrations at once.

    Parameters
    ----------
    model:
        A perfect-information tree model (chance allowed; solved by batched
        backward induction, as ``spe``) or a normal-form model (all pure
        equilibria, as ``enumpure``, and for 2x2 games the fully mixed one).
    values:
        Parameter name to a 1-D array of values; others stay calibrated.

    Examples
    --------
    >>> import gametheory_ukraine as gt
    >>> model = gt.load("authorization-sequential")
    >>> solution = solve_batch(model, {"h": [1, 30]})
    >>> solution.values[:, 1]            # the Kremlin's equilibrium payoff
    array([4., 7.])
    """
    if model.kind == "extensive":
        game = _tree_structure(model)
        return _solve_tree(game, batch_payoffs(model, values), batch_edge_probabilities(model, values))
    return _solve_table(batch_payoffs(model, values))


# ---------------------------------------------------------------------------------------
# the calibrations


def parse_grid(text: str) -> tuple[str, tuple[float, float, int]]:
    """``NAME=LO:HI:N`` as ``(name, (low, high, points))``.

    >>> parse_grid("h=0:50:11")
    ('h', (0.0, 50.0, 11))
    """
    name, _, spec = text.partition("=")
    parts = spec.split(":")
    if not name.strip() or len(parts) != 3:
        raise GameError(f"--grid expects NAME=LO:HI:N, got {text!r}")
    try:
        low, high = (float(Fraction(p.strip())) for p in parts[:2])
        points = int(parts[2])
    except (ValueError, ZeroDivisionError):
        raise GameError(f"--grid expects NAME=LO:HI:N with numbers, got {text!r}") from None
    return name.strip(), (low, high, points)


def _check_range(model: Model, name: str, low: float, high: float) -> None:
    if name not in model.parameters:
        raise ModelError(f"unknown parameter {name!r}; the parameters of {model.name or model.title!r} are "
                         f"{', '.join(model.parameters) or 'none'}")
    parameter = model.parameters[name]
    if (parameter.low is not None and low < parameter.low) or (parameter.high is not None and high > parameter.high):
        raise ModelError(f"{name} from {low:g} to {high:g} leaves its declared range "
                         f"[{parameter.low}, {parameter.high}]")


@dataclass
class _Design:
    """Which calibration each index stands for: grid point ``i // samples``, draw ``i % samples``."""

    model: Model
    grid: dict[str, np.ndarray]
    sampled: tuple[str, ...]
    samples: int
    seed: int
    priors: dict[str, Prior]
    fixed: dict[str, float]
    _block_cache: dict[int, np.ndarray] = field(default_factory=dict)

    @property
    def grid_shape(self) -> tuple[int, ...]:
        return tuple(len(v) for v in self.grid.values())

    @property
    def size(self) -> int:
        return int(np.prod(self.grid_shape, dtype=np.int64)) * self.samples

    def _block(self, block: int) -> np.ndarray:
        if block not in self._block_cache:
            self._block_cache.clear()  # blocks are visited in order: keep one
            rng = np.random.default_rng(np.random.SeedSequence([self.seed, block]))
            columns = []
            for name in self.sampled:
                parameter = self.model.parameters[name]
                low, high = float(parameter.low), float(parameter.high)  # type: ignore[arg-type]
                columns.append(low + (high - low) * self.priors[name](rng, SAMPLE_BLOCK))
            self._block_cache[block] = np.stack(columns, axis=1) if columns else np.empty((SAMPLE_BLOCK, 0))
        return self._block_cache[block]

    def values(self, start: int, stop: int, step: int = 1) -> dict[str, np.ndarray]:
        """Parameter arrays of calibrations ``start:stop:step`` (gridded, sampled and fixed ones)."""
        index = np.arange(start, stop, step, dtype=np.int64)
        out: dict[str, np.ndarray] = {name: np.full(index.size, value) for name, value in self.fixed.items()}
        if self.grid:
            coordinates = np.unravel_index(index // self.samples, self.grid_shape)
            for (name, points), coordinate in zip(self.grid.items(), coordinates):
                out[name] = points[coordinate]
        if self.sampled:
            draw = index % self.samples
            table = np.empty((index.size, len(self.sampled)))
            for block in np.unique(draw // SAMPLE_BLOCK):
                rows = draw // SAMPLE_BLOCK == block
                table[rows] = self._block(int(block))[draw[rows] % SAMPLE_BLOCK]
            for column, name in enumerate(self.sampled):
                out[name] = table[:, column]
        return out


# ---------------------------------------------------------------------------------------
# results


@dataclass
class SweepResult:
    """What a sweep found: the frequency of each equilibrium outcome, with Wilson intervals.

    Attributes
    ----------
    model:
        The swept model.
    labels:
        A readable label per outcome, most frequent first.
    counts:
        How many calibrations gave each outcome.
    outcome:
        The outcome index (into ``labels``) of every calibration, in design order.
    grid:
        The grid points per gridded parameter; ``samples`` draws per grid point.
    ties:
        Calibrations where a mover on the equilibrium path was (nearly) indifferent.
    """

    model: Model
    labels: list[str]
    counts: np.ndarray
    outcome: np.ndarray
    grid: dict[str, np.ndarray]
    sampled: tuple[str, ...]
    samples: int
    seed: int
    method: str
    ties: int
    seconds: float
    design: _Design = field(repr=False)

    @property
    def total(self) -> int:
        return int(self.counts.sum())

    @property
    def frequencies(self) -> np.ndarray:
        return self.counts / max(1, self.total)

    def to_dict(self) -> dict[str, Any]:
        """The JSON document of ``sweep --format json``."""
        return {
            "game": {"title": self.model.title, "kind": self.model.kind, "players": list(self.model.players),
                     "parameters": {k: float(v) for k, v in self.model.calibration.items()}},
            "method": self.method,
            "grid": {name: {"low": float(p[0]), "high": float(p[-1]), "points": int(len(p))}
                     for name, p in self.grid.items()},
            "samples": self.samples, "sampled": list(self.sampled), "seed": self.seed,
            "calibrations": self.total,
            "outcomes": [{"outcome": label, "count": int(count), "frequency": float(count / self.total),
                          "interval": list(wilson_interval(int(count), self.total))}
                         for label, count in zip(self.labels, self.counts)],
            "ties": self.ties,
            "seconds": self.seconds,
        }

    def render(self) -> str:
        """A plain-text table of the outcome frequencies."""
        lines = [f"{self.model.title}: {self.total} calibrations ({self.method}, {self.seconds:.2f} s)"]
        if self.grid:
            lines.append("grid: " + ", ".join(f"{n} {p[0]:g}..{p[-1]:g} ({len(p)} points)" for n, p in self.grid.items()))
        if self.sampled:
            lines.append(f"samples: {self.samples} per grid point of {', '.join(self.sampled)} (seed {self.seed})")
        for label, count in zip(self.labels, self.counts):
            low, high = wilson_interval(int(count), self.total)
            lines.append(f"  {count / self.total:8.2%}  [{low:7.2%}, {high:7.2%}]  {label}")
        if self.ties:
            lines.append(f"  {self.ties} calibrations have a tie on the equilibrium path (broken towards the first action)")
        return "\n".join(lines)

    def plot(self, path: str) -> str:
        """A region map as PNG: the outcome over the first two varied parameters.

        Needs matplotlib.  On a grid of one or two parameters without samples
        the map is the grid itself; otherwise a scatter of the calibrations
        (at most 20000, evenly spaced).
        """
        try:
            import matplotlib
            matplotlib.use("Agg")
            import matplotlib.pyplot as plt
        except ImportError:
            raise GameError("--plot needs matplotlib (pip install matplotlib)") from None
        axes_names = list(self.grid) + [n for n in self.sampled if n not in self.grid]
        figure, axes = plt.subplots(figsize=(7, 5))
        colours = plt.get_cmap("tab10" if len(self.labels) <= 10 else "tab20")
        if self.samples == 1 and len(self.grid) == 2:
            (x_name, xs), (y_name, ys) = self.grid.items()
            image = self.outcome.reshape(len(xs), len(ys)).T
            # Each cell centred on its grid point.
            half_x = (xs[-1] - xs[0]) / max(1, len(xs) - 1) / 2 or 0.5
            half_y = (ys[-1] - ys[0]) / max(1, len(ys) - 1) / 2 or 0.5
            extent = (xs[0] - half_x, xs[-1] + half_x, ys[0] - half_y, ys[-1] + half_y)
            axes.imshow(image, origin="lower", aspect="auto", extent=extent,
                        cmap=colours, vmin=-0.5, vmax=colours.N - 0.5, interpolation="nearest")
            axes.set_xlabel(x_name)
            axes.set_ylabel(y_name)
        else:
            step = max(1, self.total // 20000)
            values = self.design.values(0, self.total, step)
            x = values[axes_names[0]]
            y = values[axes_names[1]] if len(axes_names) > 1 else np.zeros_like(x)
            axes.scatter(x, y, c=self.outcome[::step], cmap=colours, vmin=-0.5, vmax=colours.N - 0.5, s=4)
            axes.set_xlabel(axes_names[0])
            if len(axes_names) > 1:
                axes.set_ylabel(axes_names[1])
        handles = [plt.Line2D([], [], marker="s", linestyle="", color=colours(i), label=label)
                   for i, label in enumerate(self.labels[:colours.N])]
        axes.legend(handles=handles, fontsize="small", loc="best")
        axes.set_title(self.model.title, fontsize="small")
        figure.tight_layout()
        figure.savefig(path, dpi=120)
        plt.close(figure)
        return path


_STRUCTURE: "weakref.WeakKeyDictionary[Model, ExtensiveGame]" = weakref.WeakKeyDictionary()


def _check_probabilities(game: ExtensiveGame, edge: np.ndarray, values: Mapping[str, np.ndarray]) -> None:
    """Chance probabilities must be a distribution at every calibration, as ``model.game`` demands."""
    arrays = game.arrays
    chance = np.flatnonzero(arrays.player == CHANCE)
    if not chance.size:
        return
    children = np.concatenate([arrays.children[arrays.child_start[v]:arrays.child_start[v] + arrays.num_children[v]]
                               for v in chance])
    probabilities = edge[:, children]  # only chance edges: the others are 1 by construction
    sums = np.add.reduceat(probabilities, np.r_[0, np.cumsum(arrays.num_children[chance])[:-1]], axis=1)
    bad = (probabilities.min(axis=1) < -1e-12) | (np.abs(sums - 1) > 1e-9).any(axis=1)
    if bad.any():
        row = int(np.argmax(bad))
        where = ", ".join(f"{name}={float(np.asarray(array).reshape(-1)[row if np.size(array) > 1 else 0]):g}"
                          for name, array in values.items())
        raise ModelError(f"the chance probabilities are not a distribution at {where}")


def _solve_range(model: Model, design: "_Design", start: int, stop: int) -> tuple[list[bytes], np.ndarray, int]:
    """Solve calibrations ``start:stop``: their distinct outcome keys, each one's key index, the ties."""
    if model.kind == "extensive":
        if model not in _STRUCTURE:  # one numeric game per model and process, for the tree's shape
            _STRUCTURE[model] = _tree_structure(model)
        values = design.values(start, stop)
        edge = batch_edge_probabilities(model, values)
        _check_probabilities(_STRUCTURE[model], edge, values)
        solution = _solve_tree(_STRUCTURE[model], batch_payoffs(model, values), edge)
    else:
        solution = _solve_table(batch_payoffs(model, design.values(start, stop)))
    # Distinct outcomes: one np.unique over the rows viewed as byte strings.
    rows = np.ascontiguousarray(solution.keys).view(np.dtype((np.void, solution.keys.shape[1])))[:, 0]
    unique, inverse = np.unique(rows, return_inverse=True)
    return [row.tobytes() for row in unique], inverse.reshape(-1).astype(np.int32), int(solution.tied.sum())


def _label(model: Model, game: ExtensiveGame | None, key: np.ndarray) -> str:
    if game is None:
        shape = model.payoffs.shape[1:]  # type: ignore[union-attr]
        cells = np.flatnonzero(key[:int(np.prod(shape))])
        parts = ["(" + ", ".join(model.strategies[p][i]  # type: ignore[index]
                                 for p, i in enumerate(np.unravel_index(c, shape))) + ")" for c in cells]
        if key.size > np.prod(shape) and key[-1]:
            parts.append("fully mixed")
        return "; ".join(parts) or "no pure equilibrium"
    decision = np.flatnonzero(game.arrays.player >= 0)
    parts = []
    for node, action in zip(decision, key):
        if action < 0:
            continue
        infoset = game.infosets[game.nodes[node].infoset]  # type: ignore[index]
        parts.append(f"{game.players[infoset.player]}:{infoset.actions[action]}")
    chance = any(s.player == CHANCE for s in game.infosets)
    return (" | " if chance else " -> ").join(parts)


def _progress(done: int, total: int, started: float) -> None:
    width = 30
    filled = int(width * done / total) if total else width
    elapsed = time.perf_counter() - started
    sys.stderr.write(f"\rsweep [{'#' * filled}{'.' * (width - filled)}] {done}/{total} {elapsed:.1f}s")
    if done >= total:
        sys.stderr.write("\n")
    sys.stderr.flush()


def sweep(
    model: Model,
    grid: Mapping[str, tuple[float, float, int] | Sequence[float]] | None = None,
    samples: int | None = None,
    *,
    sample: Sequence[str] | None = None,
    fixed: Mapping[str, Any] | None = None,
    priors: Mapping[str, Any] | None = None,
    seed: int = 0,
    method: str | None = None,
    batch_size: int | None = None,
    progress: bool | None = None,
    backend: str = "local",
    scheduler: str | None = None,
) -> SweepResult:
    """Solve ``model`` on a grid and/or Monte Carlo sample of calibrations, in batches.

    Parameters
    ----------
    model:
        A perfect-information tree model (method ``spe``) or a normal-form
        model (method ``enumpure``).
    grid:
        Parameter name to a tuple ``(low, high, points)`` (inclusive, evenly
        spaced) or to a list or array of values.  Must lie in the declared range.
    samples:
        Monte Carlo draws per grid point of the parameters in ``sample``
        (by default every declared parameter with a range that is neither
        gridded nor fixed).
    fixed:
        Values held fixed (instead of the calibration) for parameters that are
        neither gridded nor sampled.
    priors:
        Per sampled parameter: ``"uniform"`` (default), ``("beta", a, b)``,
        ``("triangular", mode)`` on the range scaled to [0, 1], or a callable.
    seed:
        The draws depend on the seed only (not on ``batch_size``).
    batch_size:
        Calibrations per batch; by default as many as fit in about 32 MB.
    progress:
        Show a progress bar on stderr; by default when stderr is a terminal
        and the sweep has more than one batch.
    backend, scheduler:
        ``"local"`` (default, no dependency) or ``"dask"``: the batches run
        on a Dask cluster at ``scheduler`` (an address), or on a
        ``LocalCluster`` started for the sweep.  The result is the same.

    Examples
    --------
    >>> import gametheory_ukraine as gt
    >>> model = gt.load("authorization-sequential")
    >>> result = sweep(model, grid={"V": (0, 30, 31)})
    >>> result.labels[0], int(result.counts.sum())
    ('Biden:Authorize -> Kremlin:Kyiv', 31)
    """
    started = time.perf_counter()
    grid = dict(grid or {})
    fixed = dict(fixed or {})
    if method not in (None, "auto", "spe" if model.kind == "extensive" else "enumpure"):
        raise GameError(f"sweep solves {model.kind}-form models with "
                        f"{'spe' if model.kind == 'extensive' else 'enumpure'}, not {method}")
    method = "spe" if model.kind == "extensive" else "enumpure"
    points: dict[str, np.ndarray] = {}
    for name, spec in grid.items():
        if isinstance(spec, tuple) and len(spec) == 3 and isinstance(spec[2], (int, np.integer)):
            low, high, count = float(spec[0]), float(spec[1]), int(spec[2])
            if count < 1:
                raise GameError(f"the grid of {name} has no points")
            if low > high:
                raise GameError(f"the grid of {name} runs from {low:g} down to {high:g}")
            values = np.linspace(low, high, count)
        else:
            values = np.asarray(spec, dtype=float).reshape(-1)
            if not values.size:
                raise GameError(f"the grid of {name} has no points")
        _check_range(model, name, float(values.min()), float(values.max()))
        points[name] = values
    held: dict[str, float] = {}
    for name, raw in fixed.items():
        try:
            held[name] = float(Fraction(str(raw).strip()))
        except (ValueError, ZeroDivisionError):
            raise GameError(f"parameter {name}: {raw!r} is not a number") from None
        _check_range(model, name, held[name], held[name])
    if samples is not None and samples < 1:
        raise GameError("--samples must be at least 1")
    if samples is None:
        sampled: tuple[str, ...] = ()
    elif sample is not None:
        sampled = tuple(sample)
    else:
        sampled = tuple(n for n, p in model.parameters.items()
                        if n not in points and n not in fixed and p.low is not None and p.high is not None)
    for name in sampled:
        if name in points or name in fixed:
            raise GameError(f"{name} is both sampled and {'gridded' if name in points else 'fixed'}")
        if name not in model.parameters:
            raise ModelError(f"unknown parameter {name!r}")
        if model.parameters[name].low is None or model.parameters[name].high is None:
            raise ModelError(f"{name} has no declared range to sample from")
    prior_specs = dict(priors or {})
    samplers = {name: _prior(prior_specs.get(name, getattr(model.parameters[name], "prior", None)))
                for name in sampled}
    design = _Design(model, points, sampled, samples or 1, seed, samplers, held)
    total = design.size

    game = _tree_structure(model) if model.kind == "extensive" else None
    per_point = 8 * 6 * (game.num_nodes * game.num_players if game is not None else model.payoffs.size)  # type: ignore[union-attr]
    batch = batch_size or max(1024, min(1 << 17, DEFAULT_MEMORY // per_point))
    show = progress if progress is not None else (sys.stderr.isatty() and total > batch)

    outcome = np.empty(total, dtype=np.int32)
    key_index: dict[bytes, int] = {}
    keys: list[np.ndarray] = []
    ties = 0
    ranges = [(start, min(total, start + batch)) for start in range(0, total, batch)]
    if backend == "local":
        pieces: Any = (_solve_range(model, design, start, stop) for start, stop in ranges)
    elif backend == "dask":
        from .distributed import solve_ranges_on_dask

        pieces = solve_ranges_on_dask(model, design, ranges, scheduler)
    else:
        raise GameError(f"unknown backend {backend!r}: use local or dask")
    # Outcomes are numbered in order of first appearance, batch by batch, so every backend
    # that returns the batches in order numbers them alike.
    for (start, stop), (rows, inverse, batch_ties) in zip(ranges, pieces):
        ties += batch_ties
        local = np.empty(len(rows), dtype=np.int32)
        for j, raw in enumerate(rows):
            if raw not in key_index:
                key_index[raw] = len(keys)
                keys.append(np.frombuffer(raw, dtype=np.int8).copy())
            local[j] = key_index[raw]
        outcome[start:stop] = local[inverse]
        if show:
            _progress(stop, total, started)
    counts = np.bincount(outcome, minlength=len(keys))
    order = np.argsort(-counts, kind="stable")  # most frequent first
    rank = np.empty_like(order)
    rank[order] = np.arange(order.size)
    return SweepResult(
        model=model, labels=[_label(model, game, keys[i]) for i in order], counts=counts[order],
        outcome=rank[outcome].astype(np.int32), grid=points, sampled=sampled, samples=samples or 1, seed=seed,
        method=method, ties=ties, seconds=time.perf_counter() - started, design=design,
    )


# ---------------------------------------------------------------------------------------
# command line


def add_sweep_arguments(parser: Any) -> None:
    """Add the options of the ``sweep`` verb to an argparse parser.

    >>> import argparse
    >>> parser = argparse.ArgumentParser()
    >>> add_sweep_arguments(parser)
    >>> parser.parse_args(["m", "--grid", "h=0:50:11"]).grid
    ['h=0:50:11']
    """
    parser.add_argument("game", metavar="GAME", help="a bundled model's name or a YAML model file")
    parser.add_argument("--grid", action="append", default=[], metavar="NAME=LO:HI:N",
                        help="an evenly spaced grid of N points (repeatable)")
    parser.add_argument("--samples", type=int, default=None, metavar="N",
                        help="Monte Carlo draws per grid point of the other parameters, uniform on their ranges")
    parser.add_argument("--seed", type=int, default=0, help="seed of the Monte Carlo draws (default 0)")
    parser.add_argument("--set", action="append", default=[], metavar="P=V", help="hold a parameter fixed")
    parser.add_argument("--method", default=None, help="spe (trees) or enumpure (tables); the default")
    parser.add_argument("--format", choices=["text", "json"], default="text")
    parser.add_argument("--plot", metavar="FILE.png", default=None, help="write a region map (needs matplotlib)")
    parser.add_argument("--progress", action="store_true", default=None, help="show a progress bar on stderr")
    parser.add_argument("--batch-size", type=int, default=None, help="calibrations per batch")
    parser.add_argument("--backend", choices=["local", "dask"], default="local",
                        help="where the batches run (dask needs dask.distributed)")
    parser.add_argument("--scheduler", metavar="ADDRESS", default=None,
                        help="a Dask scheduler's address; without it --backend dask starts a LocalCluster")


def run_sweep(args: Any) -> str:
    """Run the ``sweep`` verb from parsed arguments; return what to print.

    >>> import argparse
    >>> parser = argparse.ArgumentParser()
    >>> add_sweep_arguments(parser)
    >>> print(run_sweep(parser.parse_args(["authorization-simultaneous", "--grid", "h=0:50:3"])).splitlines()[-1])
        33.33%  [  6.15%,  79.23%]  (Authorize, Kyiv)
    """
    import json

    from .. import load

    model = load(args.game)
    if not isinstance(model, Model):
        raise GameError(f"sweep needs a model with parameters; {args.game} is a game without parameters")
    grid = dict(parse_grid(g) for g in args.grid)
    fixed = {}
    for pair in args.set:
        name, sep, value = pair.partition("=")
        if not sep:
            raise GameError(f"--set expects NAME=VALUE, got {pair!r}")
        fixed[name.strip()] = value.strip()
    if not grid and args.samples is None:
        raise GameError("sweep needs --grid NAME=LO:HI:N or --samples N")
    result = sweep(model, grid, args.samples, fixed=fixed, seed=args.seed, method=args.method,
                   batch_size=args.batch_size, progress=args.progress,
                   backend=getattr(args, "backend", "local"), scheduler=getattr(args, "scheduler", None))
    if args.plot:
        result.plot(args.plot)
    return json.dumps(result.to_dict(), indent=2) if args.format == "json" else result.render()
