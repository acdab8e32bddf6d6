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

    uv run python benchmarks/bench_web.py [--users 20] [--seconds 30] [--workers 1] [--threads 32] [--rebuild]

``--import-during`` (issue 14: an import into one organisation must not stall another's users): two synthetic
trusts (London profile, seed 2024, WRES 2022-2026, 3,000 staff each), everything imported except organisation A's
2026 staff snapshot, which an administrator of A uploads, validates and imports **through the dashboard** while
the users (half in A, half in B) read pages; the pages are reported per organisation, and the target is organisation
B's dashboard and indicator p95 under 300 ms over the whole run (default 60 s, the import starting after 10 s), with
zero errors. The upload's and the import's own times are printed.
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
import threading
import time
import urllib.request
from pathlib import Path

BENCH = Path("wres-data/bench/web")
BENCH_TWO = Path("wres-data/bench/web-two")
TARGET_MS = 150.0
TARGET_DURING_IMPORT_MS = 300.0
PAGES = ("dashboard", "indicator")
HELD_YEAR = 2026


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


def prepare_two(rebuild: bool) -> tuple[Path, Path]:
    """Two trusts, everything imported but organisation A's last staff snapshot: ``(warehouse, held-back file)``."""
    from wres.ingest.importer import import_files
    from wres.store import Store
    from wres.synth import SynthConfig, generate, write_raw

    store, held = BENCH_TWO / "wres.duckdb", BENCH_TWO / "held" / f"esr_staff_{HELD_YEAR}-03-31.csv"
    if store.exists() and held.exists() and not rebuild:
        print(f"using cached warehouse {store}")
        return store, held
    shutil.rmtree(BENCH_TWO, ignore_errors=True)
    BENCH_TWO.mkdir(parents=True)
    start = time.perf_counter()
    config = SynthConfig(profile="london", n_orgs=2, size=3000, first_year=2022, last_year=HELD_YEAR, seed=2024)
    raw = write_raw(generate(config), BENCH_TWO / "raw")
    snapshot = raw / held.name
    lines = snapshot.read_text(encoding="utf-8").splitlines(keepends=True)
    first_org = sorted({line.split('","')[2] for line in lines[1:]})[0]
    mine = [line for line in lines[1:] if line.split('","')[2] == first_org]
    held.parent.mkdir()
    held.write_text(lines[0] + "".join(mine), encoding="utf-8")
    snapshot.write_text(lines[0] + "".join(line for line in lines[1:] if line not in set(mine)), encoding="utf-8")
    with Store(store) as st:
        import_files(sorted(raw.glob("*.csv")), st, key_path=BENCH_TWO / "pseudonym.key")
    print(f"prepared two trusts in {time.perf_counter() - start:.1f} s ({len(mine):,} rows of {first_org} held back)")
    return store, held


def add_users_two(store: Path, web_data: Path) -> tuple[list[str], list[str], str]:
    """Readers in both organisations (``user:password:org``) and an administrator of the first (``user:password``)."""
    from wres.web.serve import configure
    from wres.web.serve import prepare as prepare_web

    configure(store, web_data)
    codes = prepare_web()
    from wres.web.models import Organisation
    from wres.web.roles import Role
    from wres.web.seed import add_user

    orgs = list(Organisation.objects.filter(code__in=codes).order_by("code"))
    accounts = []
    for org in orgs:
        for i, role in enumerate([Role.BOARD_MEMBER, Role.NETWORK_MEMBER] * 2):
            username, password = f"bench-{org.code}-{role.value}-{i}", secrets.token_urlsafe(16)
            add_user(username, password, [org], role)
            accounts.append(f"{username}:{password}:{org.code}")
    admin, password = f"bench-{orgs[0].code}-admin", secrets.token_urlsafe(16)
    add_user(admin, password, [orgs[0]], Role.ADMIN)
    return [o.code for o in orgs], accounts, f"{admin}:{password}"


def import_through_the_dashboard(
    base: str, org: str, admin: str, path: Path, delay: float, out: dict[str, float]
) -> None:
    """After ``delay`` seconds, sign in as ``admin`` and upload, validate and import ``path`` into ``org``, as a
    person would; the seconds each step took go into ``out`` (``error`` holds a failure's text)."""
    import re

    import requests

    time.sleep(delay)
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    username, password = admin.split(":", 1)
    session = requests.Session()
    try:
        page = session.get(f"{base}/login/", timeout=60)
        found = token.search(page.text)
        assert found, "no CSRF token on the sign-in page"
        session.post(
            f"{base}/login/",
            data={"username": username, "password": password, "csrfmiddlewaretoken": found.group(1)},
            headers={"Referer": f"{base}/login/"},
            timeout=60,
        )
        data = session.get(f"{base}/org/{org}/data/", timeout=60)
        found = token.search(data.text)
        assert found, f"no upload form on the data page (HTTP {data.status_code})"
        started = time.perf_counter()
        with path.open("rb") as fh:
            validated = session.post(
                f"{base}/org/{org}/data/upload/",
                data={"csrfmiddlewaretoken": found.group(1)},
                files={"extract": (path.name, fh, "text/csv")},
                headers={"Referer": f"{base}/org/{org}/data/"},
                timeout=600,
            )
        out["upload and validate"] = time.perf_counter() - started
        found = token.search(validated.text)
        assert found, f"the file was not validated: {validated.url}"
        assert "/confirm/" in validated.text, f"the file was not validated: {validated.url}"
        confirm = validated.url.rstrip("/") + "/confirm/"
        started = time.perf_counter()
        done = session.post(
            confirm,
            data={"csrfmiddlewaretoken": found.group(1), "action": "import"},
            headers={"Referer": validated.url},
            timeout=600,
        )
        out["import"] = time.perf_counter() - started
        assert "Imported" in done.text, f"the import did not succeed (HTTP {done.status_code})"
    except Exception as exc:  # reported, never raised: the load run goes on
        out["error"] = float("nan")
        print(f"the import through the dashboard failed: {exc}")


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


def start_server(port: int, workers: int, threads: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """``wres serve``'s gunicorn on the loopback ``port`` with the project's gunicorn configuration, quiet."""
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "wres.web.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--config",
            "python:wres.web.gunicorn_conf",
            "--access-logfile",
            "/dev/null",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


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
    parser.add_argument("--threads", type=int, default=32, help="as wres serve --production (default 32)")
    parser.add_argument("--warm-seconds", type=float, default=10.0, help="wait for the workers' warm-up threads")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument(
        "--import-during",
        action="store_true",
        help="two organisations; import into the first through the dashboard while the users read pages",
    )
    parser.add_argument(
        "--import-after",
        type=float,
        default=10.0,
        help="seconds into the run the import starts (--import-after past --seconds: no import, the baseline)",
    )
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="wres-bench-web-"))
    web_data = tmp / "web"
    held: Path | None = None
    admin = ""
    if args.import_during:
        cached, held = prepare_two(args.rebuild)
        store = tmp / "wres.duckdb"  # a copy: the run's import changes it
        shutil.copy(cached, store)
        shutil.copy(cached.parent / "pseudonym.key", tmp / "pseudonym.key")
        orgs, accounts, admin = add_users_two(store, web_data)
        org = orgs[0]
    else:
        store = prepare(args.rebuild)
        org, accounts = add_users(store, web_data)
        orgs = [org]
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "WRES_STORE": str(store.resolve()),
        "WRES_WEB_DATA": str(web_data.resolve()),
        "WRES_ALLOWED_HOSTS": "127.0.0.1",
        "WRES_WEB_LOG_LEVEL": "ERROR",
        "DJANGO_SETTINGS_MODULE": "wres.web.settings",
        **({"WRES_KEY_FILE": str((tmp / "pseudonym.key").resolve())} if args.import_during else {}),
    }
    server = start_server(port, args.workers, args.threads, env)
    try:
        started = wait_warm(base, org, server)
        print(f"server up in {started:.1f} s; warming up for {args.warm_seconds:.0f} s, then measuring")
        time.sleep(args.warm_seconds)
        load_env = {**env, "WRES_BENCH_ORG": org, "WRES_BENCH_ACCOUNTS": ",".join(accounts)}
        if args.import_during:
            load_env["WRES_BENCH_NAME_BY_ORG"] = "1"
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
        run_locust(2 * len(orgs), 10, tmp / "warmup")
        timings: dict[str, float] = {}
        importer = None
        baseline = args.import_during and args.import_after >= args.seconds
        if args.import_during and held is not None and not baseline:
            importer = threading.Thread(
                target=import_through_the_dashboard,
                args=(base, org, admin, held, args.import_after, timings),
                daemon=True,
            )
            importer.start()
        run_locust(args.users, args.seconds, tmp / "locust")
        if importer is not None:
            importer.join(timeout=600)
        rows = list(csv.DictReader((tmp / "locust_stats.csv").open()))
    finally:
        server.terminate()
        server.wait(timeout=30)
    load = os.getloadavg()[0]
    print(
        f"\n{args.users} users, {args.seconds} s, gunicorn {args.workers} worker(s) x {args.threads} threads, "
        f"{os.cpu_count()} CPUs, load average {load:.1f}"
    )
    print(f"{'page':<18}{'requests':>10}{'failures':>10}{'median ms':>11}{'p95 ms':>9}{'p99 ms':>9}")
    ok = True
    for row in rows:
        name = row["Name"]
        p95 = float(row["95%"])
        print(
            f"{name:<18}{row['Request Count']:>10}{row['Failure Count']:>10}"
            f"{float(row['Median Response Time']):>11.0f}{float(row['95%']):>9.0f}{float(row['99%']):>9.0f}"
        )
        if not args.import_during and name in PAGES and p95 >= TARGET_MS:
            ok = False
        if args.import_during and name in {f"{p} {orgs[-1]}" for p in PAGES} and p95 >= TARGET_DURING_IMPORT_MS:
            ok = False
        if name == "Aggregated" and int(row["Failure Count"]) > 0:
            ok = False
    seen = {r["Name"] for r in rows}
    if args.import_during:
        for step, seconds in timings.items():
            print(f"import into {org} through the dashboard: {step} {seconds:.1f} s")
        ok = ok and all(f"{p} {o}" in seen for p in PAGES for o in orgs) and "error" not in timings
        if args.import_after >= args.seconds:
            print("baseline: no import during the run")
        else:
            ok = ok and "import" in timings
        print(
            f"target ({orgs[-1]}'s dashboard and indicator p95 < {TARGET_DURING_IMPORT_MS:.0f} ms while {org} "
            f"imports, zero errors): {'met' if ok else 'NOT met'}"
        )
    else:
        ok = ok and all(p in seen for p in PAGES)
        print(f"target (dashboard and indicator p95 < {TARGET_MS:.0f} ms, zero errors): {'met' if ok else 'NOT met'}")
    shutil.rmtree(tmp, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
