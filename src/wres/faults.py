"""Fault injection for crash tests: kill the process at a named stage of an import.

The import calls :func:`checkpoint` at each stage in :data:`STAGES` (:mod:`wres.ingest.importer`,
:mod:`wres.store.imports`). A checkpoint does nothing unless the environment variable ``WRES_FAULT`` names its
stage: ``WRES_FAULT=stage`` kills the process with SIGKILL the first time the stage is reached,
``WRES_FAULT=stage:n`` the n-th time (stages reached once per file or once per table count each time: ``read:2``
is just after the second file has been read). SIGKILL is what a power cut, the out-of-memory killer or ``kill -9``
does to a process: no ``finally`` block, exit handler or buffered write runs.

The variable is read once, when this module is first imported; with it unset, :func:`checkpoint` returns at once.
A value naming no stage, or with a count that is not a positive whole number, is an error at the first checkpoint
(:class:`~wres.errors.WresError`, one line from the CLI), never silently ignored.

For tests of what other processes may do while an import is at a stage, ``WRES_PAUSE=stage:folder`` pauses the
import instead, the first time it reaches the stage: it creates ``folder/stage.reached`` and waits until
``folder/stage.go`` exists (a test waits for the one, runs a reader, then creates the other; no timing involved).

``tests/ingest/test_import_crash.py`` kills an import at every stage and checks that the store is then exactly as
it was before the import or exactly as a completed import leaves it (ADR 9: one import, one transaction).
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from wres.errors import WresError

__all__ = ["ENV", "PAUSE_ENV", "STAGES", "checkpoint"]

ENV = "WRES_FAULT"
PAUSE_ENV = "WRES_PAUSE"

STAGES: dict[str, str] = {
    "hashed": "a file's SHA-256 computed (once per file)",
    "read": "a file read and its profile chosen (once per file)",
    "mapped": "a file mapped to canonical tables with pseudonyms (once per file)",
    "validated": "a file's canonical rows validated and its refusal threshold checked (once per file)",
    "checked": "every file's data-quality report computed; nothing written yet",
    "view-closed": "an existing store's read-only view closed; its write lock not yet taken (nothing written)",
    "before-transaction": "the files ready to commit; the transaction not begun",
    "transaction-begun": "the transaction begun; nothing changed in it yet",
    "superseded": "earlier slices marked superseded",
    "replaced": "one table's slices replaced (once per table)",
    "slices-recorded": "the new slices recorded in import_slices",
    "ledger-written": "a file's ledger entry and rejects written (once per file)",
    "before-commit": "the load ledger written: the last statement before COMMIT",
    "committed": "COMMIT returned: the import is durable (in the write-ahead log)",
    "imported": "import_files about to return its report (the store not yet closed)",
}
"""Every stage a checkpoint is called at, in the order an import reaches them, with what is done by then."""


def _parse(value: str | None) -> tuple[str, int] | str | None:
    """``(stage, n)`` for a valid value, an error message for a malformed one, ``None`` when unset or empty."""
    if not value:
        return None
    stage, _, count = value.partition(":")
    if stage not in STAGES:
        return f"{ENV}={value}: no stage {stage!r}; the stages are {', '.join(STAGES)}"
    if not count:
        return stage, 1
    if not count.isdigit() or int(count) < 1:
        return f"{ENV}={value}: {count!r} is not a positive whole number (stage:n kills at the n-th time)"
    return stage, int(count)


def _parse_pause(value: str | None) -> tuple[str, Path] | str | None:
    """``(stage, folder)`` for a valid ``WRES_PAUSE``, an error message for a malformed one, ``None`` when unset."""
    if not value:
        return None
    stage, _, folder = value.partition(":")
    if stage not in STAGES or not folder:
        return f"{PAUSE_ENV}={value}: expected stage:folder with a stage of {', '.join(STAGES)}"
    return stage, Path(folder)


_TARGET = _parse(os.environ.get(ENV))
_PAUSE = _parse_pause(os.environ.get(PAUSE_ENV))
_reached: dict[str, int] = {}
_paused: set[str] = set()


def _pause(stage: str) -> None:
    """``WRES_PAUSE``: at its stage (the first time), say so and wait for the go-ahead."""
    if _PAUSE is None:
        return
    if isinstance(_PAUSE, str):
        raise WresError(_PAUSE)
    name, folder = _PAUSE
    if stage != name or stage in _paused:
        return
    _paused.add(stage)
    (folder / f"{stage}.reached").touch()
    while not (folder / f"{stage}.go").exists():
        time.sleep(0.02)


def checkpoint(stage: str) -> None:
    """The import has reached ``stage`` (one of :data:`STAGES`): pause here if ``WRES_PAUSE`` says so, die here if
    ``WRES_FAULT`` says so."""
    _pause(stage)
    if _TARGET is None:
        return
    if isinstance(_TARGET, str):
        raise WresError(_TARGET)
    name, n = _TARGET
    if stage != name:
        return
    _reached[stage] = _reached.get(stage, 0) + 1
    if _reached[stage] == n:
        os.kill(os.getpid(), signal.SIGKILL)
