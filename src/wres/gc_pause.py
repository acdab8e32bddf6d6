"""Pause Python's cyclic garbage collector around work that makes a great many short-lived objects.

The collector runs whenever enough new container objects have been allocated, and each run walks the whole young
heap. Work that allocates millions of objects none of which form cycles (rows read from a CSV, a PDF's layout
boxes) pays for many such runs and gains nothing from them; reference counting still frees everything as usual.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["paused_gc"]


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector (if it is on) for the duration of the block."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
