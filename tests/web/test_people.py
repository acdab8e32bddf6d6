"""The people pages (adding a person, changing a role, removing someone, the last administrator) and the audit log
(newest first, filter, pagination, CSV that a spreadsheet will not run as formulas, the download audited)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from typing import Any

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from tests.web.conftest import PASSWORD, People

from wres.spreadsheet import spreadsheet_safe
from wres.web.models import AuditEvent, Invitation, Membership
from wres.web.roles import Role
from wres.web.views.people import AUDIT_PAGE_SIZE

ClientAs = Callable[[Role | None], Client]
NEW_PASSWORD = "violet tractor umbrella 77"


def _url(name: str, people: People, **kwargs: Any) -> str:
    return reverse(name, kwargs={"org": people.org_a.code, **kwargs})


def _membership(user: object, people: People) -> Membership:
    return Membership.objects.get(user=user, organisation=people.org_a)


def _sign_in(username: str, password: str) -> Client:
    c = Client()
    response = c.post(reverse("login"), {"username": username, "password": password})
    assert response.status_code == 302, response.content.decode()[:2000]
    return c


def _text(html: bytes) -> str:
    """The page's text with tags removed and white space collapsed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html.decode()))


# --- the list of people -----------------------------------------------------------------------------------------


def test_people_lists_the_organisations_members_only(people: People, client_as: ClientAs) -> None:
    analyst = people.user(Role.ANALYST)
    analyst.first_name, analyst.last_name, analyst.email = "Asha", "Analyst", "asha@example.nhs.uk"  # type: ignore[attr-defined]
    analyst.save()  # type: ignore[attr-defined]
    response = client_as(Role.ADMIN).get(_url("people", people))
    assert response.status_code == 200
    text = _text(response.content)
    for role in Role:
        assert f"{role.value}-user" in text
    assert "other-admin" not in text  # an administrator of organisation B only
    assert "Asha Analyst" in text
    assert "asha@example.nhs.uk" in text
    assert "Workforce analyst" in text
    assert "6 people in" in text
    assert _url("person_add", people) in response.content.decode()
    change = _url("person", people, membership=_membership(analyst, people).id)
    assert f'href="{change}"' in response.content.decode()
    assert '<th scope="col"' in response.content.decode()


def test_last_sign_in_is_shown(people: People, client_as: ClientAs) -> None:
    _sign_in("analyst-user", PASSWORD)
    text = _text(client_as(Role.ADMIN).get(_url("people", people)).content)
    row = re.search(r"analyst-user .*?(Never|\d{1,2} \w+ \d{4}, \d\d:\d\d)", text)
    assert row is not None
    assert row.group(1) != "Never"


# --- adding a person --------------------------------------------------------------------------------------------


def test_add_form_renders_every_field(people: People, client_as: ClientAs) -> None:
    response = client_as(Role.ADMIN).get(_url("person_add", people))
    assert response.status_code == 200
    html = response.content.decode()
    for name in ("username", "full_name", "email", "role", "password"):
        assert f'name="{name}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    for role in Role:
        assert f'value="{role.value}"' in html
    assert '<label class="nhsuk-label" for="id_username"' in html


def test_a_person_added_appears_and_can_sign_in(people: People, client_as: ClientAs) -> None:
    admin = client_as(Role.ADMIN)
    response = admin.post(
        _url("person_add", people),
        {
            "username": "new.person",
            "full_name": "Nadia New",
            "email": "nadia@example.nhs.uk",
            "role": Role.EDI_LEAD.value,
            "password": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == _url("people", people)
    user = get_user_model().objects.get(username="new.person")
    assert (user.first_name, user.last_name, user.email) == ("Nadia", "New", "nadia@example.nhs.uk")
    assert user.password.startswith("argon2")
    assert _membership(user, people).role == Role.EDI_LEAD.value
    listing = _text(admin.get(_url("people", people)).content)
    assert "Nadia New" in listing
    assert "new.person" in listing
    assert "has been added as EDI lead" in listing
    event = AuditEvent.objects.get(action="user_added")
    assert event.organisation == people.org_a.code
    assert event.detail == {"user": "new.person", "role": "edi_lead", "new_account": True}
    assert event.username == "admin-user"
    # The new person signs in with the password; their one organisation is their start page, as an EDI lead.
    c = _sign_in("new.person", NEW_PASSWORD)
    assert c.get(reverse("home"))["Location"] == _url("dashboard", people)
    assert c.get(_url("people", people)).status_code == 403


def test_a_generated_password_is_shown_once_and_works(people: People, client_as: ClientAs) -> None:
    response = client_as(Role.ADMIN).post(
        _url("person_add", people),
        {"username": "gen", "full_name": "Gita Generated", "email": "", "role": Role.BOARD_MEMBER.value},
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    found = re.search(r'<code class="wres-secret" id="new-password">([^<]+)</code>', html)
    assert found is not None
    password = found.group(1)
    assert len(password) >= 16
    assert "shown only once" in html
    c = _sign_in("gen", password)
    assert c.get(reverse("home"))["Location"] == _url("dashboard", people)
    # Not kept anywhere the administrator could see it again.
    assert password not in client_as(Role.ADMIN).get(_url("people", people)).content.decode()
    assert password not in str(list(AuditEvent.objects.values_list("detail", flat=True)))


def test_a_weak_password_is_refused_with_an_error_message(people: People, client_as: ClientAs) -> None:
    response = client_as(Role.ADMIN).post(
        _url("person_add", people),
        {"username": "weak", "full_name": "Wes Weak", "role": Role.ANALYST.value, "password": "password"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'href="#id_password"' in html
    assert "too short" in html
    assert "too common" in html
    assert 'name="password" type="password"' in html
    assert 'value="password"' not in html
    assert not get_user_model().objects.filter(username="weak").exists()
    assert not AuditEvent.objects.filter(action="user_added").exists()


def test_a_password_like_the_user_name_is_refused(people: People, client_as: ClientAs) -> None:
    response = client_as(Role.ADMIN).post(
        _url("person_add", people),
        {"username": "margaretthatcher", "full_name": "M T", "role": "analyst", "password": "margaretthatcher1"},
    )
    assert response.status_code == 200
    assert "too similar" in response.content.decode()
    assert not get_user_model().objects.filter(username="margaretthatcher").exists()


def test_add_form_errors(people: People, client_as: ClientAs) -> None:
    admin = client_as(Role.ADMIN)
    response = admin.post(_url("person_add", people), {"username": "", "role": "superuser"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Enter a user name" in html
    assert "Select a role from the list" in html
    response = admin.post(_url("person_add", people), {"username": "has space", "full_name": "X Y", "role": "admin"})
    assert "only letters, digits" in response.content.decode()
    response = admin.post(_url("person_add", people), {"username": "nobody", "role": "admin"})
    assert "Enter their full name" in response.content.decode()
    response = admin.post(
        _url("person_add", people), {"username": "e", "full_name": "E", "email": "not-an-email", "role": "admin"}
    )
    assert "Enter an email address in the correct format" in response.content.decode()
    assert get_user_model().objects.filter(username__in=["", "has space", "nobody", "e"]).count() == 0


def test_a_site_administrator_gives_an_existing_account_a_role_and_keeps_it(
    people: People, client_as: ClientAs
) -> None:
    other = people.other_admin
    other.first_name = "Olu"  # type: ignore[attr-defined]
    other.save()  # type: ignore[attr-defined]
    site_admin = people.user(Role.ADMIN)
    site_admin.is_superuser = True  # type: ignore[attr-defined]
    site_admin.save()  # type: ignore[attr-defined]
    admin = client_as(Role.ADMIN)
    response = admin.post(
        _url("person_add", people),
        {
            "username": "other-admin",
            "full_name": "Someone Else",
            "email": "changed@example.com",
            "role": Role.NETWORK_MEMBER.value,
            "password": NEW_PASSWORD,
        },
    )
    assert response.status_code == 302
    other.refresh_from_db()  # type: ignore[attr-defined]
    assert other.check_password(PASSWORD)  # type: ignore[attr-defined]
    assert other.first_name == "Olu"
    assert other.email == ""
    assert _membership(other, people).role == Role.NETWORK_MEMBER.value
    assert Membership.objects.get(user=other, organisation=people.org_b).role == Role.ADMIN.value
    assert AuditEvent.objects.get(action="user_added").detail["new_account"] is False
    follow = _text(admin.get(_url("people", people)).content)
    assert "already had an account and is now Staff network member" in follow
    assert "7 people in" in follow


def test_an_existing_member_cannot_be_added_twice(people: People, client_as: ClientAs) -> None:
    site_admin = people.user(Role.ADMIN)
    site_admin.is_superuser = True  # type: ignore[attr-defined]
    site_admin.save()  # type: ignore[attr-defined]
    response = client_as(Role.ADMIN).post(
        _url("person_add", people), {"username": "analyst-user", "role": Role.ADMIN.value}
    )
    assert response.status_code == 200
    assert "is already a member" in response.content.decode()
    assert _membership(people.user(Role.ANALYST), people).role == Role.ANALYST.value


def test_a_user_name_differing_only_in_case_is_refused(people: People, client_as: ClientAs) -> None:
    response = client_as(Role.ADMIN).post(
        _url("person_add", people),
        {"username": "Other-Admin", "full_name": "O A", "role": "analyst", "password": NEW_PASSWORD},
    )
    text = response.content.decode()
    assert "This user name cannot be used for a new account" in text
    assert "other-admin" not in text  # the existing account's exact spelling is never revealed
    assert not get_user_model().objects.filter(username="Other-Admin").exists()


def test_only_administrators_may_add(people: People, client_as: ClientAs) -> None:
    response = client_as(Role.ANALYST).post(
        _url("person_add", people),
        {"username": "sneaky", "full_name": "S S", "role": "admin", "password": NEW_PASSWORD},
    )
    assert response.status_code == 403
    assert not get_user_model().objects.filter(username="sneaky").exists()


# --- changing a role, removing ---------------------------------------------------------------------------------


def test_a_role_change_takes_effect_on_the_permission(people: People, client_as: ClientAs) -> None:
    analyst = people.user(Role.ANALYST)
    as_analyst = client_as(Role.ANALYST)
    assert as_analyst.get(_url("people", people)).status_code == 403
    m = _membership(analyst, people)
    page = client_as(Role.ADMIN).get(_url("person", people, membership=m.id))
    assert page.status_code == 200
    assert "analyst-user" in page.content.decode()
    assert "Save role" in page.content.decode()
    response = client_as(Role.ADMIN).post(
        _url("person", people, membership=m.id), {"action": "role", "role": Role.ADMIN.value}
    )
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.role == Role.ADMIN.value
    # The same signed-in session: the next page follows the new role.
    assert as_analyst.get(_url("people", people)).status_code == 200
    assert as_analyst.get(_url("audit", people)).status_code == 200
    event = AuditEvent.objects.get(action="user_changed")
    assert event.detail == {"user": "analyst-user", "role_from": "analyst", "role_to": "admin"}
    # And back down to a role without the capability.
    client_as(Role.ADMIN).post(_url("person", people, membership=m.id), {"role": Role.NETWORK_MEMBER.value})
    assert as_analyst.get(_url("people", people)).status_code == 403
    assert as_analyst.get(_url("audit", people)).status_code == 403


def test_saving_the_same_role_changes_nothing(people: People, client_as: ClientAs) -> None:
    m = _membership(people.user(Role.ANALYST), people)
    response = client_as(Role.ADMIN).post(_url("person", people, membership=m.id), {"role": Role.ANALYST.value})
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action="user_changed").exists()


def test_an_invalid_role_is_an_error_message(people: People, client_as: ClientAs) -> None:
    m = _membership(people.user(Role.ANALYST), people)
    response = client_as(Role.ADMIN).post(_url("person", people, membership=m.id), {"role": "root"})
    assert response.status_code == 200
    assert "Select a role from the list" in response.content.decode()
    m.refresh_from_db()
    assert m.role == Role.ANALYST.value


def test_a_membership_of_another_organisation_is_not_found(people: People, client_as: ClientAs) -> None:
    theirs = Membership.objects.get(user=people.other_admin, organisation=people.org_b)
    admin = client_as(Role.ADMIN)
    assert admin.get(_url("person", people, membership=theirs.id)).status_code == 404
    assert admin.post(_url("person", people, membership=theirs.id), {"action": "remove"}).status_code == 404
    assert admin.post(_url("person", people, membership=theirs.id), {"role": "analyst"}).status_code == 404
    assert Membership.objects.filter(pk=theirs.id, role=Role.ADMIN.value).exists()
    assert admin.get(_url("person", people, membership=999_999)).status_code == 404


def test_removing_asks_to_confirm_then_removes(people: People, client_as: ClientAs) -> None:
    board = people.user(Role.BOARD_MEMBER)
    m = _membership(board, people)
    url = _url("person", people, membership=m.id)
    admin = client_as(Role.ADMIN)
    confirm = admin.get(url + "?confirm=remove")
    assert confirm.status_code == 200
    assert "Are you sure you want to remove" in confirm.content.decode()
    assert Membership.objects.filter(pk=m.id).exists()  # a GET never removes
    response = admin.post(url, {"action": "remove"})
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=m.id).exists()
    # Their account stays, with no organisation: they sign in and see none.
    c = _sign_in("board_member-user", PASSWORD)
    home = c.get(reverse("home"))
    assert home.status_code == 200
    assert "You do not have a role in any organisation" in home.content.decode()
    assert c.get(_url("dashboard", people)).status_code == 404
    assert AuditEvent.objects.get(action="user_removed").detail == {"user": "board_member-user", "role": "board_member"}
    listing = _text(admin.get(_url("people", people)).content)
    assert "board_member-user has been removed" in listing
    assert "5 people in" in listing
    assert _url("person", people, membership=m.id) not in admin.get(_url("people", people)).content.decode()
    # Invited again (an existing account), they accept and see the organisation again.
    admin.post(_url("person_invite", people), {"username": "board_member-user", "role": "board_member"})
    invitation = Invitation.objects.get(username="board_member-user", status="pending")
    assert (
        c.post(reverse("invitation_answer", kwargs={"invitation": invitation.pk}), {"action": "accept"}).status_code
        == 302
    )
    assert c.get(reverse("home"))["Location"] == _url("dashboard", people)


def test_removing_from_one_organisation_keeps_the_other(people: People, client_as: ClientAs) -> None:
    regional = people.user(Role.REGIONAL_VIEWER)
    m = _membership(regional, people)
    assert client_as(Role.ADMIN).post(_url("person", people, membership=m.id), {"action": "remove"}).status_code == 302
    assert Membership.objects.filter(user=regional, organisation=people.org_b).exists()
    c = client_as(Role.REGIONAL_VIEWER)
    assert c.get(_url("dashboard", people)).status_code == 404


def test_the_last_administrator_cannot_be_demoted_or_removed(people: People, client_as: ClientAs) -> None:
    admin_user = people.user(Role.ADMIN)
    m = _membership(admin_user, people)
    url = _url("person", people, membership=m.id)
    admin = client_as(Role.ADMIN)
    demote = admin.post(url, {"action": "role", "role": Role.ANALYST.value})
    assert demote.status_code == 200
    assert "You are the only administrator" in demote.content.decode()
    assert "There is a problem" in demote.content.decode()
    remove = admin.post(url, {"action": "remove"})
    assert remove.status_code == 200
    assert "You are the only administrator" in remove.content.decode()
    m.refresh_from_db()
    assert m.role == Role.ADMIN.value
    assert not AuditEvent.objects.filter(action__in=["user_changed", "user_removed"]).exists()
    assert admin.get(_url("people", people)).status_code == 200


def test_an_administrator_may_step_down_when_another_remains(people: People, client_as: ClientAs) -> None:
    edi = _membership(people.user(Role.EDI_LEAD), people)
    admin = client_as(Role.ADMIN)
    assert admin.post(_url("person", people, membership=edi.id), {"role": Role.ADMIN.value}).status_code == 302
    mine = _membership(people.user(Role.ADMIN), people)
    response = admin.post(_url("person", people, membership=mine.id), {"role": Role.ANALYST.value})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")  # no longer allowed on the people page
    assert admin.get(_url("people", people)).status_code == 403
    # Now the EDI lead is the last administrator: they cannot remove themselves.
    new_admin = client_as(Role.EDI_LEAD)
    edi.refresh_from_db()
    assert (
        "You are the only administrator"
        in new_admin.post(_url("person", people, membership=edi.id), {"action": "remove"}).content.decode()
    )


# --- audit log --------------------------------------------------------------------------------------------------


def _events(people: People, n: int, action: str = "export", org: str | None = None) -> None:
    AuditEvent.objects.bulk_create(
        AuditEvent(
            username=f"user{i:03d}",
            organisation=people.org_a.code if org is None else org,
            action=action,
            path=f"/p/{i}",
            address="10.0.0.1",
            detail={"n": i},
        )
        for i in range(n)
    )


def test_audit_newest_first_with_its_columns(people: People, client_as: ClientAs) -> None:
    _events(people, 3)
    response = client_as(Role.ADMIN).get(_url("audit", people))
    assert response.status_code == 200
    html = response.content.decode()
    for header in ("Time", "Who", "Action", "Page and details", "Address"):
        assert f'<th scope="col" class="nhsuk-table__header">{header}</th>' in html
    assert html.index("user002") < html.index("user001") < html.index("user000")
    assert "Downloaded a file" in html
    assert "/p/2" in html
    assert "n: 2" in html
    assert "10.0.0.1" in html
    assert "<caption" in html


def test_audit_shows_only_this_organisations_events(people: People, client_as: ClientAs) -> None:
    _events(people, 1, org=people.org_b.code)
    _sign_in("analyst-user", PASSWORD)  # a member's sign-in (recorded outside any organisation)
    _sign_in("other-admin", PASSWORD)  # organisation B's administrator
    html = client_as(Role.ADMIN).get(_url("audit", people)).content.decode()
    assert "user000" not in html
    assert "analyst-user" in html
    assert "Signed in" in html
    assert "other-admin" not in html


def test_audit_filter_by_action(people: People, client_as: ClientAs) -> None:
    _events(people, 2, action="import")
    _events(people, 1, action="upload")
    admin = client_as(Role.ADMIN)
    html = admin.get(_url("audit", people), {"action": "upload"}).content.decode()
    assert "Uploaded a file for validation" in html
    assert "Imported data" not in _text(html.encode()).split("events")[-1]
    assert html.count('<tr class="nhsuk-table__row">') == 2  # header and one event
    assert '<option value="upload" selected>' in html
    empty = admin.get(_url("audit", people), {"action": "user_removed"})
    assert "Nothing has been recorded for" in empty.content.decode()
    bad = admin.get(_url("audit", people), {"action": "nonsense"})
    assert bad.status_code == 200
    assert "Select an action from the list" in bad.content.decode()


def test_audit_pagination(people: People, client_as: ClientAs) -> None:
    _events(people, AUDIT_PAGE_SIZE * 2 + 5)
    admin = client_as(Role.ADMIN)
    first = admin.get(_url("audit", people)).content.decode()
    assert "nhsuk-pagination" in first
    assert 'aria-current="page"' in first
    assert f"user{AUDIT_PAGE_SIZE * 2 + 4:03d}" in first
    assert "user000" not in first
    assert 'href="?page=2"' in first
    assert 'rel="next"' in first
    assert 'rel="prev"' not in first
    last = admin.get(_url("audit", people), {"page": 3}).content.decode()
    assert "user000" in last
    assert "(page 3 of 3)" in last
    assert 'rel="prev"' in last
    assert 'rel="next"' not in last
    # A page number out of range or not a number shows a page, never an error.
    assert "(page 3 of 3)" in admin.get(_url("audit", people), {"page": 99}).content.decode()
    assert "(page 1 of 3)" in admin.get(_url("audit", people), {"page": "x"}).content.decode()
    filtered = admin.get(_url("audit", people), {"action": "export"}).content.decode()
    assert 'href="?action=export&amp;page=2"' in filtered


def test_audit_csv_is_formula_safe_and_its_download_is_audited(people: People, client_as: ClientAs) -> None:
    AuditEvent.objects.create(
        username='=HYPERLINK("http://x")',
        organisation=people.org_a.code,
        action="import",
        path="+1",
        detail={"file": "@SUM(A1)"},
        address="10.0.0.2",
    )
    AuditEvent.objects.create(username="-2+3", organisation=people.org_a.code, action="upload", path="/ok")
    response = client_as(Role.ADMIN).get(_url("audit", people), {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert people.org_a.code in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    by_action = {r["action"]: r for r in rows}
    assert by_action["import"]["user"] == '\'=HYPERLINK("http://x")'
    assert by_action["import"]["path"] == "'+1"
    assert by_action["import"]["details"] == "file: @SUM(A1)"  # a cell starting with a letter is safe as it is
    assert by_action["import"]["address"] == "10.0.0.2"
    assert by_action["upload"]["user"] == "'-2+3"
    assert by_action["import"]["action_label"] == "Imported data"
    for row in rows:
        for value in row.values():
            assert value[:1] not in ("=", "+", "-", "@"), row
    export = AuditEvent.objects.get(action="export")
    assert export.username == "admin-user"
    assert export.organisation == people.org_a.code
    assert export.detail["file"].endswith(".csv")
    filtered = client_as(Role.ADMIN).get(_url("audit", people), {"format": "csv", "action": "upload"})
    actions = {r["action"] for r in csv.DictReader(io.StringIO(filtered.content.decode("utf-8-sig")))}
    assert actions == {"upload"}


def test_spreadsheet_safe() -> None:
    assert spreadsheet_safe("=1+1") == "'=1+1"
    assert spreadsheet_safe("@x") == "'@x"
    assert spreadsheet_safe("\tx") == "'\tx"
    assert spreadsheet_safe("plain") == "plain"
    assert spreadsheet_safe("") == ""


def test_only_roles_with_the_audit_capability_see_it(people: People, client_as: ClientAs) -> None:
    assert client_as(Role.ANALYST).get(_url("audit", people)).status_code == 403
    assert client_as(Role.ANALYST).get(_url("audit", people), {"format": "csv"}).status_code == 403
    assert not AuditEvent.objects.filter(action="export").exists()
