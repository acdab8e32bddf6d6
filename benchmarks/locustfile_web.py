"""Locust users for benchmarks/bench_web.py: each signs in through the real form, then reads the dashboard and
indicator pages as a board member would (internal tier) or as a staff-network member (public tier)."""

from __future__ import annotations

import os
import random
import re

from locust import HttpUser, between, task

ORG = os.environ["WRES_BENCH_ORG"]
ACCOUNTS = [a.split(":", 1) for a in os.environ["WRES_BENCH_ACCOUNTS"].split(",")]
HEADERS: dict[str, str] = {}
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Reader(HttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        username, password = random.choice(ACCOUNTS)
        page = self.client.get("/login/", headers=HEADERS, name="sign-in page")
        token = CSRF.search(page.text)
        assert token, "no CSRF token on the sign-in page"
        with self.client.post(
            "/login/",
            data={"username": username, "password": password, "csrfmiddlewaretoken": token.group(1)},
            headers={**HEADERS, "Referer": f"{self.host}/login/"},
            name="sign in",
            catch_response=True,
        ) as response:
            if response.url is None or "/login/" in response.url:
                response.failure(f"sign-in failed for {username}")

    def _page(self, path: str, name: str, expect: str) -> None:
        """GET ``path``; a redirect (to sign-in) or a page without ``expect`` counts as a failure."""
        with self.client.get(path, headers=HEADERS, name=name, allow_redirects=False, catch_response=True) as r:
            if r.status_code != 200 or expect not in r.text:
                r.failure(f"{path}: HTTP {r.status_code}")

    @task(3)
    def dashboard(self) -> None:
        self._page(f"/org/{ORG}/", "dashboard", "Indicator 9")

    @task(3)
    def indicator(self) -> None:
        n = random.randint(1, 9)
        self._page(f"/org/{ORG}/indicators/{n}/", "indicator", f"Indicator {n}")
