"""What every page shares: the tier banner and its links, and the server's warm-up."""

from __future__ import annotations

import html
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from tests.web.conftest import People
from tests.web.webstore import YEAR

from wres.web import figures
from wres.web.roles import Role
from wres.web.serve import warm


def test_tier_links_keep_the_year(people: People, client_as: Callable[[Role | None], Client]) -> None:
    url = reverse("dashboard", kwargs={"org": people.org_a.code})
    page = html.unescape(client_as(Role.ANALYST).get(url, {"year": YEAR - 1}).content.decode())
    assert "INTERNAL" in page
    assert f'href="{url}?year={YEAR - 1}&tier=public"' in page
    preview = html.unescape(client_as(Role.ANALYST).get(url, {"year": YEAR - 1, "tier": "public"}).content.decode())
    assert f'href="{url}?year={YEAR - 1}"' in preview, "back to the internal figures of the same year"
    assert "Showing the <strong>public</strong> figures" in preview


def test_public_roles_get_no_tier_links(people: People, client_as: Callable[[Role | None], Client]) -> None:
    url = reverse("dashboard", kwargs={"org": people.org_a.code})
    page = client_as(Role.NETWORK_MEMBER).get(url, {"tier": "internal"}).content.decode()
    assert "INTERNAL" not in page
    assert "tier=public" not in page
    assert "Show the internal figures" not in page


@pytest.mark.slow
def test_warm_builds_the_cards_before_anyone_asks(orgs: list[object], store_path: object) -> None:
    figures.clear()
    code = orgs[0].code  # type: ignore[attr-defined]
    warm([code]).join(timeout=300)

    def not_built() -> object:
        raise AssertionError("the warm-up did not build this")

    for tier in ("internal", "public"):
        assert figures.memo("dashboard-cards", code, YEAR, tier, make=not_built) is not None
