"""No test asserts on wall-clock or CPU time (issue 12): speed is measured by the scripts in ``benchmarks/``, which
print figures; a test checks behaviour. A clock may be read only to bound a wait for something that would otherwise
never end (a hang guard, listed below with its reason)."""

from __future__ import annotations

import ast
from pathlib import Path

from hypothesis import settings

TESTS = Path(__file__).resolve().parent
CLOCKS = frozenset(
    {"time", "time_ns", "perf_counter", "perf_counter_ns", "process_time", "process_time_ns", "thread_time"}
    | {"thread_time_ns", "monotonic", "monotonic_ns", "clock_gettime", "getrusage", "times"}
)
HANG_GUARDS = {
    "web/test_serve.py": "waits up to 300 s for a started server to answer; fails only if it never does",
    "store/test_store_lock.py": "waits up to 600 s for a paused import to reach its stage; fails only if it never does",
    "web/test_store_lock.py": "waits up to 300 s for a helper process to take the lock; fails only if it never does",
    "indicators/spark_cluster.py": "waits for the Spark master and worker to report they are up; fails only if they "
    "never do",
}


def clock_reads(source: str) -> list[str]:
    """``name (line n)`` for every call of a clock function: ``time.perf_counter()``, ``resource.getrusage()``,
    or one imported by name (``perf_counter()``; a bare ``time()`` is too common a name to tell)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
            name = func.attr if func.value.id in {"time", "resource", "os"} else ""
        else:
            name = func.id if isinstance(func, ast.Name) and func.id != "time" else ""
        if name in CLOCKS:
            found.append(f"{name} (line {node.lineno})")
    return found


def test_no_test_reads_a_clock() -> None:
    offenders = {}
    for path in sorted(TESTS.rglob("*.py")):
        name = path.relative_to(TESTS).as_posix()
        if name in HANG_GUARDS or name == "test_timing.py":
            continue
        if reads := clock_reads(path.read_text(encoding="utf-8")):
            offenders[name] = reads
    assert not offenders, f"tests that read a clock (move speed checks to benchmarks/): {offenders}"


def test_the_check_finds_a_clock() -> None:
    planted = "import time\nfrom time import perf_counter\nstart = time.monotonic()\nx = perf_counter() - start\n"
    assert clock_reads(planted) == ["monotonic (line 3)", "perf_counter (line 4)"]
    assert clock_reads("import datetime as dt\nt = dt.time(8, 15)\n") == []


def test_hang_guards_still_exist() -> None:
    for name in HANG_GUARDS:
        assert clock_reads((TESTS / name).read_text(encoding="utf-8")), f"{name} no longer needs its exemption"


def test_hypothesis_has_no_deadline() -> None:
    assert settings.default.deadline is None
