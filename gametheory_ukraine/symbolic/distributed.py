"""The Dask backend of :func:`gametheory_ukraine.symbolic.sweep.sweep`.

``sweep(model, ..., backend="dask", scheduler=ADDRESS)`` sends the model and
the sweep's design to the workers once, and runs groups of batches there with
the same code as the local backend.  A calibration's draws depend only on the
seed and its index, so the cluster computes exactly what one machine would;
the results come back in batch order and are numbered as locally.  With no
address a :class:`distributed.LocalCluster` is started for the sweep and
closed after it.  Needs ``pip install dask distributed``; nothing else in the
package imports this module.
"""

from __future__ import annotations

from contextlib import ExitStack
from typing import Any, Iterator, Sequence

import numpy as np

from ..errors import GameError

__all__ = ["solve_ranges_on_dask"]

BATCHES_PER_TASK = 16
"""Batches one task solves: enough work per task to amortise the scheduler's overhead."""


def _solve_group(model: Any, design: Any,
                 ranges: Sequence[tuple[int, int]]) -> list[tuple[list[bytes], np.ndarray, int]]:
    from .sweep import _solve_range

    return [_solve_range(model, design, start, stop) for start, stop in ranges]


def solve_ranges_on_dask(
    model: Any, design: Any, ranges: Sequence[tuple[int, int]], scheduler: str | None = None,
) -> Iterator[tuple[list[bytes], np.ndarray, int]]:
    """Solve the batches ``ranges`` on a Dask cluster; yield their results in order.

    Parameters
    ----------
    model, design:
        The sweep's model and design (sent to the workers once).
    ranges:
        ``(start, stop)`` of each batch, as the local backend cuts them.
    scheduler:
        A scheduler address (``tcp://host:8786``); ``None`` starts a
        ``LocalCluster`` (processes, one thread each) for the duration.

    Examples
    --------
    >>> import gametheory_ukraine as gt
    >>> from gametheory_ukraine.symbolic.sweep import sweep
    >>> model = gt.load("authorization-sequential")
    >>> local = sweep(model, samples=2000, seed=1)
    >>> on_dask = sweep(model, samples=2000, seed=1, backend="dask")  # doctest: +SKIP
    >>> on_dask.labels == local.labels                                 # doctest: +SKIP
    True
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise GameError("--backend dask needs dask.distributed (pip install dask distributed)") from None
    groups = [list(ranges[i:i + BATCHES_PER_TASK]) for i in range(0, len(ranges), BATCHES_PER_TASK)]
    with ExitStack() as stack:
        if scheduler is None:
            cluster = stack.enter_context(LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                                       dashboard_address=":0"))
            client = stack.enter_context(Client(cluster))
        else:
            client = stack.enter_context(Client(scheduler))
        model_future, design_future = client.scatter([model, design], broadcast=True)
        futures = [client.submit(_solve_group, model_future, design_future, group, pure=False) for group in groups]
        for future in futures:  # in order: the numbering of outcomes follows the batches
            yield from future.result()
            future.release()
