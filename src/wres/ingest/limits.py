"""What the readers accept: regular files only (issue 13).

* **Regular files only.** :func:`check_regular_file` refuses a FIFO, a device, a socket or a folder (a symbolic
  link is followed) from its ``stat`` alone, before the file is opened: opening a FIFO waits for a writer for
  ever, and ``/dev/zero`` never ends. :func:`open_regular` opens a checked file without blocking and checks the
  opened file again, so a file swapped for a FIFO in between is refused too.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Final

from wres.errors import WresError

__all__ = ["check_regular_file", "open_regular"]


# ---------------------------------------------------------------------------------------------- regular files

_KINDS: Final = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "not an ordinary file")


def _refusal(path: Path, mode: int) -> WresError:
    return WresError(f"{path}: {_kind(mode)}, not a regular file: wres reads only regular files")


def check_regular_file(path: Path) -> None:
    """Refuse ``path`` unless it is a regular file (after following symbolic links), without opening it.

    Raises:
        WresError: naming the path and what it is (a named pipe, a character device, a folder, ...), or that it
            does not exist.
    """
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise WresError(f"{path}: file not found") from None
    except OSError as exc:
        raise WresError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    if not stat.S_ISREG(mode):
        raise _refusal(Path(path), mode)


@contextlib.contextmanager
def open_regular(path: Path) -> Iterator[IO[bytes]]:
    """Open a regular file for reading in binary; anything else is refused as :func:`check_regular_file` does.

    The file is checked before it is opened, opened without blocking (``O_NONBLOCK``: a FIFO swapped in after
    the check does not wait for a writer) and checked again on the open descriptor.
    """
    check_regular_file(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        if exc.errno == errno.ENOENT:
            raise WresError(f"{path}: file not found") from None
        raise WresError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise _refusal(Path(path), mode)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        handle = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    with handle:
        yield handle
