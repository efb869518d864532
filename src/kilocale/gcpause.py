"""Commands run with Python's cyclic garbage collector paused: :func:`without_cycle_collector`."""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

R = TypeVar("R")
P = ParamSpec("P")


def without_cycle_collector(func: Callable[P, R]) -> Callable[P, R]:
    """``func`` run with Python's cyclic garbage collector paused (and restored after).

    Reference counting still frees every object; only the search for unreachable cycles
    is left out, and a command makes none worth it: its bookkeeping (the cache's records,
    a thousand documents' inputs and links) is tens of thousands of small containers,
    which the collector walked again and again for nothing, a seventh of a build that
    finds one document changed.  A full serial extract or build peaks at the same
    memory without it, and is faster too.  Worker processes forked meanwhile inherit the
    pause.
    """

    @functools.wraps(func)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        if not gc.isenabled():  # already paused by a caller
            return func(*args, **kwargs)
        gc.disable()
        try:
            return func(*args, **kwargs)
        finally:
            gc.enable()

    return paused
