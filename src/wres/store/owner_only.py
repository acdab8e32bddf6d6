"""Owner-only files and folders: what wres writes about people is readable by its owner alone (issue 13).

The store, the pseudonymisation key and the import reports hold pseudonymous personal data or the means to link
it, so every file wres creates for them is mode 0600 and every folder it creates 0700, **whatever the umask**:
modes are set explicitly (``chmod`` after ``mkdir``, files made with mode 0600 from the start), not left to the
umask. Existing folders are never changed: a store put in a folder of the user's (``--store ./x.duckdb``) does not
make that folder private. Files created by libraries whose modes wres does not choose (DuckDB's write-ahead log
and spill files) are covered by :func:`owner_only_umask` around the commands that write them.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Final

__all__ = ["FILE_MODE", "FOLDER_MODE", "make_private_folder", "owner_only_umask", "restrict"]

FILE_MODE: Final = 0o600
"""Mode of every file wres creates: read and write for the owner only."""
FOLDER_MODE: Final = 0o700
"""Mode of every folder wres creates: the owner only."""
_UMASK: Final = 0o077


def make_private_folder(folder: Path) -> list[Path]:
    """Create ``folder`` and any missing parents, each with mode 0700; return the folders created, outermost
    first (empty when ``folder`` already existed). Existing folders keep their modes."""
    missing: list[Path] = []
    current = Path(folder)
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    created: list[Path] = []
    for path in reversed(missing):
        try:
            path.mkdir(mode=FOLDER_MODE)
        except FileExistsError:  # made by someone else meanwhile
            continue
        os.chmod(path, FOLDER_MODE)  # mkdir's mode is masked by the umask
        created.append(path)
    return created


def restrict(path: Path) -> None:
    """Make an existing file owner-only (best effort: a file that is not ours, or gone, is left alone)."""
    with contextlib.suppress(OSError):
        os.chmod(path, FILE_MODE)


@contextlib.contextmanager
def owner_only_umask() -> Iterator[None]:
    """Run a block with umask 077 (or stricter), so that files other libraries create in it (DuckDB's write-ahead
    log) are owner-only; the umask is restored afterwards. The umask is per process: use it around a command, not in
    a server's request threads."""
    old = os.umask(_UMASK)
    os.umask(old | _UMASK)  # a stricter umask stays as strict
    try:
        yield
    finally:
        os.umask(old)
