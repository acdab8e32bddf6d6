"""A hang guard for tests whose failure mode is to wait for ever: SIGALRM turns "never finishes" into an error.

Not a timing assertion (tests/test_timing.py): the bound is generous and only a wait that never ends reaches it.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class HungError(Exception):
    """Raised by :func:`hang_guard` (not an OSError, as TimeoutError is, so that no ``except OSError`` swallows it)."""


@contextmanager
def hang_guard(seconds: int, what: str) -> Iterator[None]:
    """Raise :class:`HungError` ("still running after ``seconds`` s: ``what``") if the block runs that long."""

    def hung(signum: int, frame: FrameType | None) -> None:
        raise HungError(f"still running after {seconds} s: {what}")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
