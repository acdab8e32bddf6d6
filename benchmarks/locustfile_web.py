"""Locust users for benchmarks/bench_web.py: each signs in through the real form, then reads the dashboard and
indicator pages as a board member would (internal tier) or as a staff-network member (public tier).

``WRES_BENCH_ACCOUNTS`` is a comma-separated list of ``user:password`` or ``user:password:org`` (the user's
organisation; default ``WRES_BENCH_ORG``). With ``WRES_BENCH_NAME_BY_ORG=1`` each page is reported per organisation
(``dashboard SY002``), for the two-organisation import run (``bench_web.py --import-during``)."""

from __future__ import annotations

import itertools
import os
import random
import re

from locust import HttpUser, between, task

ORG = os.environ["WRES_BENCH_ORG"]
ACCOUNTS = [[*a.split(":"), ORG][:3] for a in os.environ["WRES_BENCH_ACCOUNTS"].split(",")]
NAME_BY_ORG = os.environ.get("WRES_BENCH_NAME_BY_ORG") == "1"
_turn = itertools.count()
"""Users take the accounts in turn, so the organisations get equal shares of the users."""
HEADERS: dict[str, str] = {}
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Reader(HttpUser):
    wait_time = between(0.5, 1.5)

    org = ORG

    def on_start(self) -> None:
        username, password, self.org = ACCOUNTS[next(_turn) % len(ACCOUNTS)]
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
        self._page(f"/org/{self.org}/", self._name("dashboard"), "Indicator 9")

    @task(3)
    def indicator(self) -> None:
        n = random.randint(1, 9)
        self._page(f"/org/{self.org}/indicators/{n}/", self._name("indicator"), f"Indicator {n}")

    def _name(self, page: str) -> str:
        return f"{page} {self.org}" if NAME_BY_ORG else page
