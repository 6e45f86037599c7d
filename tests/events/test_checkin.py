"""Check-in by the QR code's token: only on the day (the event's window), only with the registration's own token, only
a seated person, once; the staff's page shows who it is and writes nothing until they confirm."""

from __future__ import annotations

import datetime as dt

import pytest

from zhichan.core.models import AuditLog
from zhichan.core.permissions import PermissionDenied
from zhichan.events import actions
from zhichan.events.models import Event, Registration

from .conftest import past, person

pytestmark = pytest.mark.django_db

SOON = dt.timedelta(minutes=30)  # inside the default window (two hours before the start)


def test_checked_in_on_the_day_with_the_right_token(make_event, make_user, office):
    event = make_event(starts=SOON)
    registration = actions.do_register(make_user(), event, person())
    done = actions.do_check_in(office, event, registration.token)
    assert done.checked_in_at is not None and done.checked_in_by == office
    assert AuditLog.objects.filter(action="events.check_in", target_id=str(registration.pk)).exists()
    with pytest.raises(actions.Refused, match="已经签到"):
        actions.do_check_in(office, event, registration.token)
    with pytest.raises(actions.Refused, match="不能取消报名"):  # the attendance stands
        actions.do_cancel_registration(registration.user, registration)


def test_not_before_the_window_opens(make_event, make_user, office):
    event = make_event(starts=dt.timedelta(days=1))  # tomorrow: the QR code is shown, check-in is not open
    registration = actions.do_register(make_user(), event, person())
    with pytest.raises(actions.Refused, match="签到尚未开始"):
        actions.do_check_in(office, event, registration.token)
    assert Registration.objects.get().checked_in_at is None


def test_a_wider_window_set_on_the_event(make_event, make_user, office):
    event = make_event(starts=dt.timedelta(hours=5), checkin_before_minutes=360)
    registration = actions.do_register(make_user(), event, person())
    assert actions.do_check_in(office, event, registration.token).checked_in_at is not None


def test_not_after_the_window_closes(make_event, make_user, office):
    event = make_event(starts=SOON, hours=2)
    registration = actions.do_register(make_user(), event, person())
    past(event, hours=4)  # ended an hour and a half ago; the window closed 30 minutes ago
    with pytest.raises(actions.Refused, match="签到已结束"):
        actions.do_check_in(office, event, registration.token)


def test_a_wrong_token_or_anothers_events_token_checks_nobody_in(make_event, make_user, office):
    event, other = make_event(starts=SOON), make_event(starts=SOON, title="另一场")
    mine = actions.do_register(make_user(), event, person())
    elsewhere = actions.do_register(make_user(), other, person())
    for token in ("", "x" * 32, mine.token[:-1], elsewhere.token):
        with pytest.raises(actions.Refused, match="签到码无效"):
            actions.do_check_in(office, event, token)
    assert not Registration.objects.exclude(checked_in_at=None).exists()


def test_the_waiting_list_and_the_cancelled_do_not_check_in(make_event, make_user, office):
    event = make_event(starts=SOON, capacity=1)
    seated = actions.do_register(make_user(), event, person())
    waiting = actions.do_register(make_user(), event, person())
    with pytest.raises(actions.Refused, match="没有正式名额"):
        actions.do_check_in(office, event, waiting.token)
    user = seated.user
    actions.do_cancel_registration(user, seated)  # the waiting one is promoted and may now check in
    with pytest.raises(actions.Refused):
        actions.do_check_in(office, event, seated.token)
    assert actions.do_check_in(office, event, waiting.token).checked_in_at is not None


def test_nobody_checks_in_at_a_cancelled_event(make_event, make_user, office):
    event = make_event(starts=SOON)
    registration = actions.do_register(make_user(), event, person())
    actions.do_cancel_event(office, event, "暴雨")
    with pytest.raises(actions.Refused, match="活动已取消"):
        actions.do_check_in(office, event, registration.token)


@pytest.mark.parametrize("role", ["public", "enterprise", "agency", "expert", "department", "staff"])
def test_only_the_office_checks_people_in(make_event, make_user, role):
    event = make_event(starts=SOON)
    registration = actions.do_register(make_user(), event, person())
    with pytest.raises(PermissionDenied):
        actions.do_check_in(make_user(role), event, registration.token)


def test_the_staff_page_shows_the_person_and_writes_only_on_confirmation(make_event, make_user, office, client,
                                                                         firm):
    event = make_event(starts=SOON)
    registration = actions.do_register(make_user(organization=firm), event, person("王五", role="采购经理"))
    url = f"/events/{event.pk}/checkin/{registration.token}/"
    client.force_login(office)
    shown = client.get(url)
    body = shown.content.decode()
    assert shown.status_code == 200 and "王五" in body and "采购经理" in body and firm.name in body
    assert Registration.objects.get().checked_in_at is None  # a GET writes nothing (a link preview checks nobody in)
    response = client.post(url, {"token": registration.token})
    assert response.status_code == 302
    assert Registration.objects.get().checked_in_at is not None
    again = client.post(url, {"token": registration.token})
    assert again.status_code == 400 and "已经签到" in again.content.decode()


def test_the_staff_page_with_a_wrong_token(make_event, office, client):
    event = make_event(starts=SOON)
    client.force_login(office)
    response = client.get(f"/events/{event.pk}/checkin/not-a-token/")
    assert response.status_code == 404 and "签到码无效" in response.content.decode()
    assert client.post(f"/events/{event.pk}/checkin/not-a-token/", {"token": "not-a-token"}).status_code == 400


def test_a_draft_event_takes_no_check_in(make_event, make_user, office):
    event = make_event(starts=SOON)
    registration = actions.do_register(make_user(), event, person())
    Event.objects.filter(pk=event.pk).update(status="draft")
    with pytest.raises(actions.Refused, match="尚未发布"):
        actions.do_check_in(office, event, registration.token)
