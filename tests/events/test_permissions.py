"""Who may do what with events, role by role, through the actions and the pages (the hand-written table of
core/permissions.py has the events.manage row in tests/core/test_permissions.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from zhichan.core.permissions import PermissionDenied
from zhichan.events import actions
from zhichan.events.models import Event

from .conftest import person

pytestmark = pytest.mark.django_db

ROLES = ["admin", "office", "staff", "department", "enterprise", "agency", "expert", "public"]
# role: (manages events, registers, presents its own demand)
TABLE = {
    "admin": (True, True, True),
    "office": (True, True, True),  # the office presents any demand (it adds to the agenda directly)
    "staff": (False, True, False),
    "department": (False, True, False),
    "enterprise": (False, True, True),
    "agency": (False, True, False),
    "expert": (False, True, False),
    "public": (False, True, False),
}


def allowed(call) -> bool:
    try:
        call()
    except PermissionDenied:
        return False
    except actions.Refused:
        return True  # past the permission check
    return True


@pytest.mark.parametrize("role", ROLES)
def test_matrix(role, make_event, make_user, demand, firm):
    user = make_user(role, organization=firm)
    event = make_event()
    start = event.starts_at + dt.timedelta(days=1)
    manages, registers, presents = TABLE[role]
    got = (
        allowed(lambda: actions.do_save_event(user, None, {"kind": "roadshow", "title": "路演", "starts_at": start,
                                                           "ends_at": start + dt.timedelta(hours=1)})),
        allowed(lambda: actions.do_register(user, event, person())),
        allowed(lambda: actions.do_add_item(user, event, demand=demand)),
    )
    assert got == (manages, registers, presents)
    for call in (lambda: actions.do_publish_event(user, event), lambda: actions.do_cancel_event(user, event, "x"),
                 lambda: actions.do_record_follow_up(user, event, {"party_a": firm, "party_b": firm,
                                                                   "outcome": "none"})):
        assert allowed(call) == manages


def test_anonymous_may_do_nothing(make_event, demand):
    event = make_event()
    nobody = AnonymousUser()
    for call in (lambda: actions.do_register(nobody, event, person()),
                 lambda: actions.do_add_item(nobody, event, demand=demand),
                 lambda: actions.do_publish_event(nobody, event),
                 lambda: actions.do_check_in(nobody, event, "t")):
        assert not allowed(call)


@pytest.mark.parametrize("role", ROLES)
def test_office_pages_answer_each_role(role, make_event, make_user, client):
    event = make_event()
    client.force_login(make_user(role))
    manages = TABLE[role][0]
    for url in ("/events/office/", "/events/office/new/", f"/events/office/{event.pk}/",
                f"/events/office/{event.pk}/edit/", f"/events/office/{event.pk}/registrations.xlsx"):
        assert client.get(url).status_code == (200 if manages else 403), url
    assert client.post(f"/events/office/{event.pk}/cancel/", {"reason": "x"}).status_code == (302 if manages else 403)
    assert Event.objects.get(pk=event.pk).status == ("cancelled" if manages else "published")
    assert client.get("/events/").status_code == 200 and client.get(f"/events/{event.pk}/").status_code == 200
    assert client.get("/events/mine/").status_code == 200
