"""Benchmark: the dashboard under 20 concurrent users (issue 6: dashboard and indicator pages p95 under 150 ms,
zero errors).

1. prepare (once, cached under ``wres-data/bench/web``): the demo's synthetic trust (``wres demo``'s settings:
   London profile, seed 2024, WRES 2022–2026, about 6,500 staff), imported from raw extracts through the real
   import path;
2. start gunicorn as ``wres serve --production`` does (same WSGI application, worker and thread layout, and
   warm-up hook) on a free loopback port, with users for the board-member and staff-network roles. The security
   settings are the development ones: the load generator speaks plain HTTP on loopback, and production's cookies
   are Secure (HTTPS only), so it could not sign in;
3. run Locust headless (``benchmarks/locustfile_web.py``): ``--users`` users signing in through the real form,
   then reading the dashboard and indicator pages, for ``--seconds``; loopback only, bounded in time;
4. print requests, failures, median, p95 and p99 per page, and whether the target holds (exit status 1 if not).

    uv run python benchmarks/bench_web.py [--users 20] [--seconds 30] [--workers 1] [--threads 8] [--rebuild]
"""

from __future__ import annotations

import argparse
import csv
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

BENCH = Path("wres-data/bench/web")
TARGET_MS = 150.0
PAGES = ("dashboard", "indicator")


def prepare(rebuild: bool) -> Path:
    from wres.ingest.importer import import_files
    from wres.store import Store
    from wres.synth import SynthConfig, generate, write_raw

    store = BENCH / "wres.duckdb"
    if store.exists() and not rebuild:
        print(f"using cached warehouse {store}")
        return store
    shutil.rmtree(BENCH, ignore_errors=True)
    BENCH.mkdir(parents=True)
    start = time.perf_counter()
    data = generate(SynthConfig(profile="london", n_orgs=1, first_year=2022, last_year=2026, seed=2024))
    raw = write_raw(data, BENCH / "raw")
    with Store(store) as st:
        import_files(sorted(raw.glob("*.csv")), st, key_path=BENCH / "pseudonym.key")
    print(f"prepared the demo trust in {time.perf_counter() - start:.1f} s")
    return store


def add_users(store: Path, web_data: Path) -> tuple[str, list[str]]:
    """Users for the load (board members: internal tier; network members: public tier); ``(org, accounts)``."""
    from wres.web.serve import configure
    from wres.web.serve import prepare as prepare_web

    configure(store, web_data)
    orgs = prepare_web()
    from wres.web.models import Organisation
    from wres.web.roles import Role
    from wres.web.seed import add_user

    org = Organisation.objects.get(code=orgs[0])
    accounts = []
    for i, role in enumerate([Role.BOARD_MEMBER, Role.NETWORK_MEMBER] * 2):
        username, password = f"bench-{role.value}-{i}", secrets.token_urlsafe(16)
        add_user(username, password, [org], role)
        accounts.append(f"{username}:{password}")
    return org.code, accounts


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_warm(base: str, org: str, proc: subprocess.Popen[bytes], seconds: float = 180) -> float:
    """Seconds until the server answers the sign-in page (the workers warm their caches as they start)."""
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        if proc.poll() is not None:
            raise SystemExit(f"the server exited with {proc.returncode}")
        try:
            req = urllib.request.Request(f"{base}/login/", headers={"X-Forwarded-Proto": "https"})
            with urllib.request.urlopen(req, timeout=5) as r:
                if r.status == 200:
                    return time.perf_counter() - start
        except OSError:
            time.sleep(0.5)
    raise SystemExit("the server did not start")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--warm-seconds", type=float, default=10.0, help="wait for the workers' warm-up threads")
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()

    store = prepare(args.rebuild)
    tmp = Path(tempfile.mkdtemp(prefix="wres-bench-web-"))
    web_data = tmp / "web"
    org, accounts = add_users(store, web_data)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "WRES_STORE": str(store.resolve()),
        "WRES_WEB_DATA": str(web_data.resolve()),
        "WRES_ALLOWED_HOSTS": "127.0.0.1",
        "WRES_WEB_LOG_LEVEL": "ERROR",
        "DJANGO_SETTINGS_MODULE": "wres.web.settings",
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "wres.web.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--config",
            "python:wres.web.gunicorn_conf",
            "--access-logfile",
            "/dev/null",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        started = wait_warm(base, org, server)
        print(f"server up in {started:.1f} s; warming up for {args.warm_seconds:.0f} s, then measuring")
        time.sleep(args.warm_seconds)
        load_env = {**env, "WRES_BENCH_ORG": org, "WRES_BENCH_ACCOUNTS": ",".join(accounts)}
        locustfile = str(Path(__file__).with_name("locustfile_web.py"))

        def run_locust(users: int, seconds: int, prefix: Path) -> None:
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "locust",
                    "-f",
                    locustfile,
                    "--headless",
                    "--users",
                    str(users),
                    "--spawn-rate",
                    str(users),
                    "--run-time",
                    f"{seconds}s",
                    "--host",
                    base,
                    "--csv",
                    str(prefix),
                    "--only-summary",
                    "--loglevel",
                    "WARNING",
                ],
                env=load_env,
                check=False,
                timeout=seconds + 120,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )

        # A short warm-up (not measured): every page and tier is computed once, as after any import.
        run_locust(2, 10, tmp / "warmup")
        run_locust(args.users, args.seconds, tmp / "locust")
        rows = list(csv.DictReader((tmp / "locust_stats.csv").open()))
    finally:
        server.terminate()
        server.wait(timeout=30)
    load = os.getloadavg()[0]
    print(
        f"\n{args.users} users, {args.seconds} s, gunicorn {args.workers} worker(s) x {args.threads} threads, "
        f"{os.cpu_count()} CPUs, load average {load:.1f}"
    )
    print(f"{'page':<16}{'requests':>10}{'failures':>10}{'median ms':>11}{'p95 ms':>9}{'p99 ms':>9}")
    ok = True
    for row in rows:
        name = row["Name"]
        p95 = float(row["95%"])
        print(
            f"{name:<16}{row['Request Count']:>10}{row['Failure Count']:>10}"
            f"{float(row['Median Response Time']):>11.0f}{float(row['95%']):>9.0f}{float(row['99%']):>9.0f}"
        )
        if name in PAGES and p95 >= TARGET_MS:
            ok = False
        if name == "Aggregated" and int(row["Failure Count"]) > 0:
            ok = False
    seen = {r["Name"] for r in rows}
    ok = ok and all(p in seen for p in PAGES)
    print(f"target (dashboard and indicator p95 < {TARGET_MS:.0f} ms, zero errors): {'met' if ok else 'NOT met'}")
    shutil.rmtree(tmp, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
