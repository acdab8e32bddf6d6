"""Benchmark: the race equality plan's pages under 20 concurrent users (issue 15: the plan page and an objective
page with 20 objectives, 200 actions, 50 reviews and 100 engagement records; p95 under 150 ms, zero errors).

1. the demo trust's warehouse of ``benchmarks/bench_web.py`` (prepared once, cached under ``wres-data/bench/web``);
2. a plan of that size saved through :func:`wres.web.plan.records_io.save_plan` (objectives on indicators 1, 2, 5
   and 6, some by band, their baselines read from the warehouse), users for the board-member (internal tier) and
   staff-network (public tier) roles;
3. gunicorn as ``wres serve --production`` runs it, Locust headless (``benchmarks/locustfile_plan_web.py``) for
   ``--seconds`` after a short unmeasured warm-up (every objective's figures computed once, as after an import);
4. requests, failures, median, p95 and p99 per page, and whether the target holds (exit status 1 if not).

    uv run python benchmarks/bench_plan_web.py [--users 20] [--seconds 30] [--workers 1] [--threads 32]
"""

from __future__ import annotations

import argparse
import csv
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench_web import free_port, prepare, start_server, wait_warm

TARGET_MS = 150.0
PAGES = ("plan", "objective")


def big_plan(org: str, store: Path) -> object:
    """20 objectives, 200 actions, 50 reviews, 100 engagement records, baselines from the warehouse."""
    from wres.config import load_config
    from wres.plan import records as r
    from wres.plan.series import series_for
    from wres.store import Store

    measures = [
        r.Measure("2"),
        r.Measure("6"),
        r.Measure("5"),
        r.Measure("1", breakdown="band", stratum="8a"),
        r.Measure("2", breakdown="band", stratum="8a"),
    ]
    with Store(store, read_only=True) as st:
        series = series_for(st, org, measures, None, load_config())
    objectives = []
    for i in range(20):
        m = measures[i % len(measures)]
        base = next((p for p in series[m] if p.estimate is not None), None)
        assert base is not None, f"no data for {m}"
        assert base.estimate is not None
        value = base.estimate
        if m.indicator in ("2", "3", "4"):
            target = 1.0
        elif m.indicator == "1":
            target = value + 0.05
        else:
            target = value - 5.0
        objectives.append(
            r.Objective(
                ref=f"O{i + 1}",
                title=f"Objective {i + 1}",
                measures=(m,),
                baseline_year=base.year,
                baseline_value=value,
                target_value=target,
                target_year=2028,
                owner=r.Person("", "Head of EDI"),
                sponsor=r.Person("", "Chief People Officer"),
                high_impact_actions=(1 + i % 6,),
            )
        )
    statuses = list(r.ActionStatus)
    actions = []
    for i in range(200):
        start = date(2024, 4, 1) + timedelta(days=7 * i)
        status = statuses[i % 4]
        actions.append(
            r.Action(
                ref=f"A{i + 1}",
                description=f"Action {i + 1}: a step towards objective {i % 20 + 1}",
                objectives=(f"O{i % 20 + 1}",),
                owner=r.Person("", "Service lead"),
                start=start,
                due=start + timedelta(days=120),
                status=status,
                completed=start + timedelta(days=90) if status is r.ActionStatus.DONE else None,
            )
        )
    reviews = [
        r.Review(
            objective=f"O{i % 20 + 1}",
            held=date(2024, 6, 1) + timedelta(days=20 * i),
            planned="What we planned and predicted.",
            happened="What happened.",
            decision=list(r.Decision)[i % 3],
            next_steps="Next steps.",
        )
        for i in range(50)
    ]
    engagements = [
        r.Engagement(
            held=date(2024, 5, 1) + timedelta(days=9 * i),
            kind=r.EngagementKind.SESSION if i % 5 else r.EngagementKind.LEADERSHIP,
            format="listening event" if i % 5 else "reverse mentoring",
            groups=("REACH network",),
            participants=10 + i % 30,
            leaders=0 if i % 5 else 4,
            themes="Promotion panels",
        )
        for i in range(100)
    ]
    return r.Plan(
        org_code=org,
        title="Race equality plan 2024 to 2028",
        start_year=2024,
        end_year=2028,
        vision="A workforce that reflects the community it serves.",
        status=r.PlanStatus.PUBLISHED,
        approved=date(2024, 3, 28),
        minute_ref="BM/24/012",
        objectives=tuple(objectives),
        actions=tuple(actions),
        reviews=tuple(reviews),
        engagements=tuple(engagements),
    )


def setup(store: Path, web_data: Path) -> tuple[str, list[str], list[int]]:
    from wres.web.serve import configure
    from wres.web.serve import prepare as prepare_web

    configure(store, web_data)
    orgs = prepare_web()
    from wres.web.models import Organisation
    from wres.web.plan.models import Objective
    from wres.web.plan.records_io import save_plan
    from wres.web.roles import Role
    from wres.web.seed import add_user

    org = Organisation.objects.get(code=orgs[0])
    started = time.perf_counter()
    plan = save_plan(org, big_plan(org.code, store), None)  # type: ignore[arg-type]
    print(f"saved the plan in {time.perf_counter() - started:.1f} s")
    accounts = []
    for i, role in enumerate([Role.BOARD_MEMBER, Role.NETWORK_MEMBER] * 2):
        username, password = f"bench-{role.value}-{i}", secrets.token_urlsafe(16)
        add_user(username, password, [org], role)
        accounts.append(f"{username}:{password}")
    ids = list(Objective.objects.filter(plan=plan).values_list("pk", flat=True))
    return org.code, accounts, ids


def prewarm(base: str, org: str, accounts: list[str], objectives: list[int]) -> None:
    """Every objective page once in each tier (a board member: internal; a network member: public), as the first
    readers after an import or a plan edit would: the figures computed and the impact charts rendered."""
    import re

    import requests

    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    for account in accounts[:2]:
        username, password = account.split(":")
        session = requests.Session()
        page = session.get(f"{base}/login/", timeout=60)
        found = token.search(page.text)
        assert found, "no CSRF token on the sign-in page"
        session.post(
            f"{base}/login/",
            data={"username": username, "password": password, "csrfmiddlewaretoken": found.group(1)},
            headers={"Referer": f"{base}/login/"},
            timeout=60,
        )
        assert session.get(f"{base}/org/{org}/plan/", timeout=120).status_code == 200
        for pk in objectives:
            assert session.get(f"{base}/org/{org}/plan/objectives/{pk}/", timeout=120).status_code == 200


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--threads", type=int, default=32)
    parser.add_argument("--warm-seconds", type=float, default=10.0)
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="wres-bench-plan-"))
    web_data = tmp / "web"
    store = prepare(args.rebuild)
    org, accounts, objectives = setup(store, web_data)
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
    server = start_server(port, args.workers, args.threads, env)
    try:
        started = wait_warm(base, org, server)
        print(f"server up in {started:.1f} s; warming up for {args.warm_seconds:.0f} s, then measuring")
        time.sleep(args.warm_seconds)
        load_env = {
            **env,
            "WRES_BENCH_ORG": org,
            "WRES_BENCH_ACCOUNTS": ",".join(accounts),
            "WRES_BENCH_OBJECTIVES": ",".join(map(str, objectives)),
        }
        locustfile = str(Path(__file__).with_name("locustfile_plan_web.py"))

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

        started = time.perf_counter()
        prewarm(base, org, accounts, objectives)
        print(f"every page read once in each tier in {time.perf_counter() - started:.1f} s (not measured)")
        run_locust(4, 10, tmp / "warmup")  # not measured
        run_locust(args.users, args.seconds, tmp / "locust")
        rows = list(csv.DictReader((tmp / "locust_stats.csv").open()))
    finally:
        server.terminate()
        server.wait(timeout=30)
    load = os.getloadavg()[0]
    print(
        f"\n{args.users} users, {args.seconds} s, gunicorn {args.workers} worker(s) x {args.threads} threads, "
        f"{os.cpu_count()} CPUs, load average {load:.1f}; plan: 20 objectives, 200 actions, 50 reviews, "
        "100 engagement records"
    )
    print(f"{'page':<18}{'requests':>10}{'failures':>10}{'median ms':>11}{'p95 ms':>9}{'p99 ms':>9}")
    ok = True
    for row in rows:
        name = row["Name"]
        p95 = float(row["95%"])
        print(
            f"{name:<18}{row['Request Count']:>10}{row['Failure Count']:>10}"
            f"{float(row['Median Response Time']):>11.0f}{p95:>9.0f}{float(row['99%']):>9.0f}"
        )
        if name in PAGES and p95 >= TARGET_MS:
            ok = False
        if name == "Aggregated" and int(row["Failure Count"]) > 0:
            ok = False
    ok = ok and all(p in {r["Name"] for r in rows} for p in PAGES)
    print(f"target (plan and objective pages p95 < {TARGET_MS:.0f} ms, zero errors): {'met' if ok else 'NOT met'}")
    shutil.rmtree(tmp, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
