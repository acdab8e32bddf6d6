"""Locust users for benchmarks/bench_plan_web.py: each signs in through the real form, then reads the race equality
plan page and objective pages, as a board member (internal tier) or a staff-network member (public tier).

``WRES_BENCH_ACCOUNTS``: comma-separated ``user:password``; ``WRES_BENCH_ORG``: the organisation;
``WRES_BENCH_OBJECTIVES``: comma-separated objective ids of the plan."""

from __future__ import annotations

import itertools
import os
import random
import re

from locust import HttpUser, between, task

ORG = os.environ["WRES_BENCH_ORG"]
ACCOUNTS = [a.split(":") for a in os.environ["WRES_BENCH_ACCOUNTS"].split(",")]
OBJECTIVES = [int(x) for x in os.environ["WRES_BENCH_OBJECTIVES"].split(",")]
_turn = itertools.count()
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class PlanReader(HttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        username, password = ACCOUNTS[next(_turn) % len(ACCOUNTS)]
        page = self.client.get("/login/", name="sign-in page")
        token = CSRF.search(page.text)
        assert token, "no CSRF token on the sign-in page"
        with self.client.post(
            "/login/",
            data={"username": username, "password": password, "csrfmiddlewaretoken": token.group(1)},
            headers={"Referer": f"{self.host}/login/"},
            name="sign in",
            catch_response=True,
        ) as response:
            if response.url is None or "/login/" in response.url:
                response.failure(f"sign-in failed for {username}")

    def _page(self, path: str, name: str, expect: str) -> None:
        with self.client.get(path, name=name, allow_redirects=False, catch_response=True) as r:
            if r.status_code != 200 or expect not in r.text:
                r.failure(f"{path}: HTTP {r.status_code}")

    @task(1)
    def plan(self) -> None:
        self._page(f"/org/{ORG}/plan/", "plan", "Objectives")

    @task(2)
    def objective(self) -> None:
        pk = random.choice(OBJECTIVES)
        self._page(f"/org/{ORG}/plan/objectives/{pk}/", "objective", "Impact")
