"""The fault-injection hook (:mod:`wres.faults`): what ``WRES_FAULT`` means, and that a checkpoint does nothing
unless it names the stage. The kills themselves are exercised by ``tests/ingest/test_import_crash.py``."""

from __future__ import annotations

from pathlib import Path

import pytest

from wres import faults
from wres.cli.main import run
from wres.errors import WresError


@pytest.mark.parametrize(
    ("value", "parsed"),
    [
        (None, None),
        ("", None),
        ("hashed", ("hashed", 1)),
        ("replaced:3", ("replaced", 3)),
        ("before-commit:1", ("before-commit", 1)),
    ],
)
def test_valid_values(value: str | None, parsed: tuple[str, int] | None) -> None:
    assert faults._parse(value) == parsed


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("nowhere", "no stage 'nowhere'"),
        ("Hashed", "no stage 'Hashed'"),
        ("replaced:0", "'0' is not a positive whole number"),
        ("replaced:-1", "'-1' is not a positive whole number"),
        ("replaced:x", "'x' is not a positive whole number"),
        ("replaced:", None),  # an empty count is the first time
    ],
)
def test_malformed_values_are_errors(value: str, problem: str | None) -> None:
    parsed = faults._parse(value)
    if problem is None:
        assert parsed == ("replaced", 1)
    else:
        assert isinstance(parsed, str)
        assert parsed.startswith(f"WRES_FAULT={value}: {problem}")


def test_a_checkpoint_kills_only_at_the_named_stage_and_time(monkeypatch: pytest.MonkeyPatch) -> None:
    kills: list[tuple[int, int]] = []
    monkeypatch.setattr(faults.os, "kill", lambda pid, sig: kills.append((pid, sig)))
    monkeypatch.setattr(faults, "_reached", {})
    monkeypatch.setattr(faults, "_TARGET", ("replaced", 3))
    for stage in ("hashed", "replaced", "read", "replaced"):
        faults.checkpoint(stage)
    assert kills == []
    faults.checkpoint("replaced")
    assert kills == [(faults.os.getpid(), faults.signal.SIGKILL)]
    faults.checkpoint("replaced")
    assert len(kills) == 1, "only the third time"


def test_unset_does_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(faults.os, "kill", lambda pid, sig: pytest.fail("killed"))
    monkeypatch.setattr(faults, "_reached", {})
    monkeypatch.setattr(faults, "_TARGET", None)
    for stage in faults.STAGES:
        faults.checkpoint(stage)
    assert faults._reached == {}


def test_a_malformed_value_stops_the_import_with_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(faults, "_TARGET", faults._parse("nowhere"))
    with pytest.raises(WresError, match="no stage 'nowhere'"):
        faults.checkpoint("hashed")
    extract = tmp_path / "esr.csv"
    extract.write_text("a,b\n1,2\n", encoding="utf-8")
    code = run(["import", str(extract), "--store", str(tmp_path / "s.duckdb"), "--key-file", str(tmp_path / "k")])
    err = " ".join(capsys.readouterr().err.split())
    assert code != 0
    assert "WRES_FAULT=nowhere: no stage 'nowhere'; the stages are hashed, read," in err
    assert "Traceback" not in err
