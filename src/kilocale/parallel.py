"""Per-document work on every core, with the results of a serial run.

:func:`map_documents` is ``[func(item) for item in items]``, spread over a pool of worker
processes: the results come back in the order of ``items``, and the first item (in that
order) whose call raises raises the same exception in the caller, so a located
:class:`~kilocale.errors.KilocaleError` reaches the CLI exactly as in a serial run (the
message, the path, the line, exit 2) and the caller, which writes only after all work is
done, writes nothing.  Callers pass a top-level function (picklable) and compute and
write in the main process; a worker never writes a project file.

Small inputs and ``jobs == 1`` run in this process: starting workers costs more than a
handful of documents take.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    import multiprocessing.context

T = TypeVar("T")
R = TypeVar("R")

# Below this many items a pool does not pay for itself (a worker starts in ~10 ms, one
# document takes ~5-20 ms to merge, render or check).
MIN_PARALLEL_ITEMS = 8


def default_jobs() -> int:
    """The number of cores this process may run on (``-j`` default)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # not on Linux
        return max(1, os.cpu_count() or 1)


def _context() -> multiprocessing.context.BaseContext:
    import multiprocessing

    # fork where there is one: the workers inherit the modules already imported (the
    # merge, the formats), where spawn would import them again in every worker.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def in_process(count: int, jobs: int | None = None, min_items: int | None = None) -> bool:
    """Whether :func:`map_documents` of ``count`` items runs them in this process (one job,
    or too few items for a pool); then each call may start a pool of its own."""
    jobs = default_jobs() if jobs is None else jobs
    return jobs <= 1 or count < max(2, MIN_PARALLEL_ITEMS if min_items is None else min_items)


def map_documents(func: Callable[[T], R], items: Iterable[T], jobs: int | None = None,
                  min_items: int | None = None) -> list[R]:
    """``[func(item) for item in items]`` on up to ``jobs`` processes, in order.

    Args:
        func: a module-level function (it is pickled to the workers), pure apart from
            reading files.
        items: picklable arguments, one per call.
        jobs: worker processes; ``None`` is :func:`default_jobs`, ``1`` runs serially.
        min_items: fewer items than this run serially too (default
            :data:`MIN_PARALLEL_ITEMS`).

    Returns:
        The results in the order of ``items``.

    Raises:
        Whatever the first failing call (in item order) raised.
    """
    return list(iter_documents(func, items, jobs, min_items))


def iter_documents(func: Callable[[T], R], items: Iterable[T], jobs: int | None = None,
                   min_items: int | None = None) -> Iterator[R]:
    """:func:`map_documents` as an iterator: each result as soon as it and those before it
    are done, so the caller can use the first ones while workers compute the rest."""
    work = list(items)
    jobs = default_jobs() if jobs is None else jobs
    if in_process(len(work), jobs, min_items):
        yield from (func(item) for item in work)
        return
    # Imported here: concurrent.futures.process and multiprocessing cost a command that
    # runs serially (the shipped project's check) a noticeable share of its start-up.
    from concurrent.futures import ProcessPoolExecutor

    workers = min(jobs, len(work))
    # A few chunks per worker: large enough to amortise pickling, small enough to balance.
    chunksize = max(1, len(work) // (workers * 4))
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=_context())
    try:
        yield from pool.map(func, work, chunksize=chunksize)
    finally:  # on an error, do not wait for the documents after the failing one
        pool.shutdown(wait=True, cancel_futures=True)
