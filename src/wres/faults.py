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

``tests/ingest/test_import_crash.py`` kills an import at every stage and checks that the store is then exactly as
it was before the import or exactly as a completed import leaves it (ADR 9: one import, one transaction).
"""

from __future__ import annotations

import os
import signal

from wres.errors import WresError

__all__ = ["ENV", "STAGES", "checkpoint"]

ENV = "WRES_FAULT"

STAGES: dict[str, str] = {
    "hashed": "a file's SHA-256 computed (once per file)",
    "read": "a file read and its profile chosen (once per file)",
    "mapped": "a file mapped to canonical tables with pseudonyms (once per file)",
    "validated": "a file's canonical rows validated and its refusal threshold checked (once per file)",
    "checked": "every file's data-quality report computed; nothing written yet",
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


_TARGET = _parse(os.environ.get(ENV))
_reached: dict[str, int] = {}


def checkpoint(stage: str) -> None:
    """The import has reached ``stage`` (one of :data:`STAGES`): die here if ``WRES_FAULT`` says so."""
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
