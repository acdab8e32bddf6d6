"""What the readers accept: regular files only, and limits on size, shape and compression (issue 13).

One set of limits, :class:`wres.config.ReaderLimits` (``[reader]`` in wres.toml; :func:`configured_limits`),
used by every path that reads a raw extract: ``wres import`` and ``wres validate``
(:func:`wres.ingest.importer.import_files`) and the dashboard's uploads (:mod:`wres.web.uploads`, which
validates and imports through the same function and reads the same way). A file over a limit is refused with
one line naming the file and the limit; nothing is imported.

* **Regular files only.** :func:`check_regular_file` refuses a FIFO, a device, a socket or a folder (a symbolic
  link is followed) from its ``stat`` alone, before the file is opened: opening a FIFO waits for a writer for
  ever, and ``/dev/zero`` never ends. :func:`open_regular` opens a checked file without blocking and checks the
  opened file again, so a file swapped for a FIFO in between is refused too.
* **XLSX** (a zip of XML parts): :func:`check_xlsx_archive` reads the zip's central directory only, before any
  part is decompressed or parsed, and refuses a workbook whose parts would decompress to more than
  ``max_xlsx_bytes`` in all, or a part that decompresses to more than ``max_xlsx_ratio`` times its compressed size
  (a "zip bomb"; real worksheets compress about 5-15 to 1). The sizes in the directory are what the archive
  claims, and the claim is binding: :mod:`zipfile` never yields more of a part than its declared size (a part
  that holds more fails its CRC check), so a forged small size cannot hide a flood. While the sheet is read, a
  row wider than ``max_columns``, a sheet longer than ``max_rows`` and a cell longer than ``max_cell_chars`` are
  refused as they are met.
* **CSV**: a value longer than ``max_cell_chars``, a row of more than ``max_columns`` cells (a header that wide
  too) and more than ``max_rows`` records are refused while reading.
* **The table** (CSV and XLSX): only the columns a profile reads are built (an XLSX row's missing trailing cells
  only for those columns; a CSV row with fewer or more cells than its header is a reject, never padded or cut:
  :mod:`wres.ingest.readers`), and a table of more than ``max_table_cells`` cells (rows times columns read) is
  refused before it is built. That bounds memory: a 4 MB file of one-cell rows under a 200-column header was
  padded to 140 million cells (2.9 GB) before.

The defaults (:data:`DEFAULT_LIMITS`) are generous for real extracts: the largest NHS trust's ESR extract is
about 30,000 assignment rows and a few hundred columns at most; the benchmark extract is 1,000,000 rows of which
a profile reads about 20 columns (20 million cells; the limit is 100 million, about 800 MB of references); a
workbook's sheet XML takes about 1 KB a row, so 512 MB is about 500,000 rows, which openpyxl parses in about
three minutes (about 3 MB of XML a second). A 200 MB upload (the dashboard's limit) of real worksheets would
decompress to about 2 GB: extracts that large belong in CSV. ``[reader]`` in wres.toml sets any of them, e.g.::

    [reader]
    max_xlsx_bytes = 1073741824   # 1 GB
    max_rows = 10000000

and a caller may pass its own to :func:`wres.ingest.importer.import_files` and
:func:`wres.ingest.readers.read_raw` (``limits=``).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Final

from wres.config import ReaderLimits, load_config
from wres.errors import WresError

__all__ = [
    "DEFAULT_LIMITS",
    "MB",
    "LimitError",
    "ReaderLimits",
    "cell_too_long",
    "check_regular_file",
    "check_table_size",
    "check_xlsx_archive",
    "configured_limits",
    "open_regular",
    "too_many_rows",
    "too_wide",
]

MB: Final = 1024 * 1024


DEFAULT_LIMITS: Final = ReaderLimits()
"""The default limits (``[reader]`` of wres.toml changes them: :func:`configured_limits`)."""


def configured_limits() -> ReaderLimits:
    """The limits in force: ``[reader]`` of the configuration (``$WRES_CONFIG`` or ``./wres.toml``), else the
    defaults. ``wres import``, ``wres validate`` and the dashboard's uploads all read with these."""
    return load_config().reader


class LimitError(WresError):
    """A file over one of the reader limits: nothing of it is imported."""


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


# ------------------------------------------------------------------------------------------------------ XLSX


def _size(n: float) -> str:
    return f"{n / MB:,.1f} MB" if n >= MB else f"{int(n):,} bytes"


def check_xlsx_archive(path: Path, limits: ReaderLimits = DEFAULT_LIMITS, *, source: IO[bytes] | None = None) -> None:
    """Refuse an XLSX workbook whose parts would decompress to too much, from the zip's directory alone.

    Nothing is decompressed: only the central directory (names and declared sizes) is read, from ``source`` (the
    file already open, which is left open) or else from ``path``. A file that is not a zip archive is left to the
    Excel reader, which says so.

    Raises:
        LimitError: the parts would decompress to more than ``limits.max_xlsx_bytes`` in all, or one part to
            more than ``limits.max_xlsx_ratio`` times its compressed size.
    """
    try:
        with zipfile.ZipFile(source if source is not None else path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return  # not a zip (or a damaged one): openpyxl's error says so
    total = 0
    for member in members:
        total += member.file_size
        if member.file_size > MB and member.file_size > limits.max_xlsx_ratio * max(1, member.compress_size):
            ratio = member.file_size / max(1, member.compress_size)
            raise LimitError(
                f"{path}: refused: part {member.filename!r} of the workbook would decompress from "
                f"{_size(member.compress_size)} to {_size(member.file_size)} ({ratio:,.0f} to 1, more than the "
                f"{limits.max_xlsx_ratio:,.0f} to 1 allowed; real worksheets compress about 10 to 1): it looks like "
                "a zip bomb, not an export. Nothing was imported"
            )
    if total > limits.max_xlsx_bytes:
        raise LimitError(
            f"{path}: refused: the workbook would decompress to {_size(total)}, more than the "
            f"{_size(limits.max_xlsx_bytes)} allowed; save the sheet as CSV (which has no such limit) and import "
            "that. Nothing was imported"
        )


# ------------------------------------------------------------------------------------------- refusals while reading


def _where(path: Path, row: int | None) -> str:
    return f"{path}, row {row}" if row is not None else str(path)


def too_many_rows(path: Path, limits: ReaderLimits, sheet: str | None = None) -> LimitError:
    """A file (or worksheet) with more than ``limits.max_rows`` rows."""
    what = f"sheet {sheet!r}" if sheet is not None else "the file"
    return LimitError(
        f"{path}: refused: {what} has more than {limits.max_rows:,} rows (the limit); nothing was imported"
    )


def too_wide(path: Path, row: int, cells: int, limits: ReaderLimits, *, excel: bool = False) -> LimitError:
    """A row of more than ``limits.max_columns`` cells (``row`` is its 1-based line or row number)."""
    hint = " (delete the empty columns beyond the data)" if excel else ""
    return LimitError(
        f"{_where(path, row)}: refused: the row has {cells:,} cells, more than the {limits.max_columns:,} "
        f"allowed{hint}; nothing was imported"
    )


def cell_too_long(path: Path, row: int, chars: int, limits: ReaderLimits) -> LimitError:
    """A cell longer than ``limits.max_cell_chars`` characters."""
    return LimitError(
        f"{_where(path, row)}: refused: a value of {chars:,} characters, more than the {limits.max_cell_chars:,} "
        "allowed; nothing was imported"
    )


def check_table_size(path: Path, rows: int, columns: int, limits: ReaderLimits) -> None:
    """Refuse a table of ``rows`` times ``columns`` cells over ``limits.max_table_cells``, before it is built."""
    cells = rows * columns
    if cells > limits.max_table_cells:
        raise LimitError(
            f"{path}: refused: the table would hold {cells:,} cells ({rows:,} rows of {columns:,} columns read), "
            f"more than the {limits.max_table_cells:,} allowed; nothing was imported"
        )
