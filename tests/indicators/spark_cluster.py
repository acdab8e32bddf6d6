"""A real Spark standalone cluster on loopback for tests: one master and one worker (1 core, small memory), started
from PySpark's own ``bin/spark-class`` as subprocesses bound to 127.0.0.1 on free ports, and always stopped.

The JVMs are started in process groups of their own, so stopping a group also ends the executors the worker
launched for an application.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

LOOPBACK = "127.0.0.1"
WAIT_SECONDS = 120.0


@dataclass(frozen=True)
class Cluster:
    """A running standalone cluster: its master URL and the worker's folder for applications."""

    master: str
    work_dir: Path
    logs: Path

    def applications(self) -> list[str]:
        """The applications the worker ran executors for (``app-...`` folders in its work folder)."""
        return sorted(p.name for p in self.work_dir.glob("app-*"))


def spark_home() -> Path:
    import pyspark

    return Path(pyspark.__file__).parent


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((LOOPBACK, 0))
        return int(s.getsockname()[1])


def cluster_env() -> dict[str, str]:
    """The environment of the master, the worker and a driver run against them: everything on loopback."""
    return {
        **os.environ,
        "SPARK_HOME": str(spark_home()),
        "SPARK_LOCAL_IP": LOOPBACK,
        "SPARK_LOCAL_HOSTNAME": "localhost",
        "SPARK_DAEMON_MEMORY": "256m",
    }


def _start(cls: str, args: list[str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen(
            [str(spark_home() / "bin" / "spark-class"), cls, *args],
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=cluster_env(),
            start_new_session=True,  # its own process group: stopped with the executors it starts
        )


def _wait_for(proc: subprocess.Popen[bytes], log: Path, text: str) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        if text in log.read_text(errors="replace"):
            return
        if proc.poll() is not None:
            break
        time.sleep(0.25)
    tail = "\n".join(log.read_text(errors="replace").splitlines()[-20:])
    raise RuntimeError(f"Spark {log.stem} did not report {text!r}:\n{tail}")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=20)
        except ProcessLookupError:
            return
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=20)
    # an executor the worker launched may outlive it for a moment; it is in the worker's group
    with suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)


@contextmanager
def standalone_cluster(base: Path, cores: int = 1, memory: str = "1g") -> Iterator[Cluster]:
    """A master and a worker with ``cores`` cores and ``memory`` for executors; stopped however the block ends."""
    base.mkdir(parents=True, exist_ok=True)
    work_dir = base / "work"
    port = free_port()
    master_url = f"spark://{LOOPBACK}:{port}"
    started: list[subprocess.Popen[bytes]] = []
    try:
        master_log = base / "master.log"
        master = _start(
            "org.apache.spark.deploy.master.Master",
            ["--host", LOOPBACK, "--port", str(port), "--webui-port", "0"],
            master_log,
        )
        started.append(master)
        _wait_for(master, master_log, "I have been elected leader")
        worker_log = base / "worker.log"
        args = [master_url, "--host", LOOPBACK, "--cores", str(cores), "--memory", memory, "--webui-port", "0"]
        worker = _start("org.apache.spark.deploy.worker.Worker", [*args, "--work-dir", str(work_dir)], worker_log)
        started.append(worker)
        _wait_for(worker, worker_log, "Successfully registered with master")
        yield Cluster(master_url, work_dir, base)
    finally:
        for proc in reversed(started):
            _stop(proc)
