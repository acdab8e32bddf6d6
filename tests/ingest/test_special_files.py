"""Files that are not regular files (issue 13): a FIFO, a character device, a symbolic link to either, given to
``wres import`` or ``wres validate``, is refused with one line naming it before it is opened, read or hashed.

Before the fix a FIFO blocked the import for ever (opening a FIFO for reading waits for a writer) and
``/dev/zero`` was hashed for ever, so every CLI run here is in a fresh interpreter with a generous timeout: a hang
guard, so that a regression fails instead of hanging the suite (each run takes about two seconds).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from wres.errors import WresError
from wres.ingest.importer import file_sha256
from wres.ingest.limits import check_regular_file
from wres.ingest.readers import read_raw

ENTRY = "from wres.cli.main import entry; entry()"
HANG_SECONDS = 300  # a hang guard: a refused file takes about 2 s; one still running after 300 s has hung


def cli(tmp_path: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    """``wres <argv> --store ... --key-file ...`` in a fresh interpreter; fails (does not hang) if it never ends."""
    env = {
        **os.environ,
        "WRES_PROFILE_DIR": str(tmp_path / "no-profiles"),
        "HOME": str(tmp_path / "home"),
    }
    env.pop("WRES_DEBUG", None)
    args = [*argv, "--store", str(tmp_path / "store.duckdb"), "--key-file", str(tmp_path / "key" / "pseudonym.key")]
    try:
        return subprocess.run(
            [sys.executable, "-B", "-c", ENTRY, *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=HANG_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"wres {' '.join(argv)} still running after {HANG_SECONDS} s: it hangs on a non-regular file")


def assert_refused(proc: subprocess.CompletedProcess[str], path: Path, kind: str) -> None:
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert proc.returncode in (1, 2), proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr
    assert len(lines) == 1, proc.stderr
    assert lines[0] == f"error: {path}: {kind}, not a regular file: wres reads only regular files", lines[0]


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "esr_staff_2025-03-31.csv"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("command", ["import", "validate"])
def test_a_fifo_is_refused_not_waited_on(tmp_path: Path, fifo: Path, command: str) -> None:
    assert_refused(cli(tmp_path, command, str(fifo)), fifo, "a named pipe (FIFO)")


@pytest.mark.parametrize("command", ["import", "validate"])
def test_dev_zero_is_refused_not_hashed_for_ever(tmp_path: Path, command: str) -> None:
    zero = Path("/dev/zero")
    assert_refused(cli(tmp_path, command, str(zero)), zero, "a character device")


def test_a_link_to_a_device_named_like_an_extract_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "learning_records.csv"
    link.symlink_to("/dev/zero")
    assert_refused(cli(tmp_path, "import", str(link)), link, "a character device")


def test_a_fifo_among_good_files_is_refused_before_any_is_read(tmp_path: Path, fifo: Path) -> None:
    good = tmp_path / "organisations.csv"
    good.write_text("Org Code,Org Name\nSY001,Test Trust\n", encoding="utf-8")
    assert_refused(cli(tmp_path, "import", str(good), str(fifo)), fifo, "a named pipe (FIFO)")


def test_the_library_refuses_without_opening(fifo: Path) -> None:
    """``check_regular_file``, ``file_sha256`` and ``read_raw`` refuse the FIFO (none blocks: nothing writes to it)."""
    for call in (check_regular_file, file_sha256, read_raw):
        with pytest.raises(WresError, match=r"a named pipe \(FIFO\), not a regular file"):
            call(fifo)


def test_a_regular_file_and_a_link_to_one_pass(tmp_path: Path) -> None:
    target = tmp_path / "real.csv"
    target.write_text("a,b\n1,2\n", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    for path in (target, link):
        check_regular_file(path)
        assert file_sha256(path) == file_sha256(target)
    with pytest.raises(WresError, match="file not found"):
        check_regular_file(tmp_path / "missing.csv")
    with pytest.raises(WresError, match="a folder, not a regular file"):
        check_regular_file(tmp_path)
