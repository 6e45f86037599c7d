"""Registration through the actions: seats, the waiting list promoted in order, the deadline, cancellation of the
event with notices, and the day-before reminder."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from zhichan.core.models import AuditLog
from zhichan.core.permissions import PermissionDenied
from zhichan.events import actions
from zhichan.events.models import Event, Registration
from zhichan.services.models import Notification

from .conftest import at, person

pytestmark = pytest.mark.django_db


def titles(user) -> list[str]:
    return list(Notification.objects.filter(user=user).order_by("pk").values_list("title", flat=True))


def test_seats_then_the_waiting_list_then_promotion_in_order(make_event, make_user):
    event = make_event(capacity=2)
    a, b, c, d = (make_user() for _ in range(4))
    ra, rb, rc, rd = (actions.do_register(u, event, person(n)) for u, n in zip((a, b, c, d), "甲乙丙丁", strict=True))
    assert [r.status for r in (ra, rb, rc, rd)] == ["registered", "registered", "waitlisted", "waitlisted"]
    assert titles(a) == ["报名成功：新能源汽车产业链供需对接会"]
    assert titles(c)[0].startswith("已进入候补")

    actions.do_cancel_registration(b, rb)  # a seat frees: the first who waited (丙) takes it, not 丁
    statuses = dict(Registration.objects.values_list("name", "status"))
    assert statuses == {"甲": "registered", "乙": "cancelled", "丙": "registered", "丁": "waitlisted"}
    assert titles(c)[-1] == "候补转正：您已获得“新能源汽车产业链供需对接会”的参会名额"
    assert len(titles(d)) == 1  # 丁 still waits, told nothing new
    assert AuditLog.objects.filter(action="events.promote").count() == 1


def test_cancelling_a_waiting_place_promotes_nobody(make_event, make_user):
    event = make_event(capacity=1)
    a, b, c = (make_user() for _ in range(3))
    actions.do_register(a, event, person("甲"))
    rb = actions.do_register(b, event, person("乙"))
    actions.do_register(c, event, person("丙"))
    actions.do_cancel_registration(b, rb)
    assert dict(Registration.objects.values_list("name", "status")) == {
        "甲": "registered", "乙": "cancelled", "丙": "waitlisted"}


def test_a_larger_capacity_promotes_the_waiting(make_event, make_user, office):
    event = make_event(capacity=1)
    users = [make_user() for _ in range(3)]
    for n, user in enumerate(users):
        actions.do_register(user, event, person(f"人{n}"))
    actions.do_save_event(office, event, {"capacity": 2})
    assert list(Registration.objects.order_by("pk").values_list("status", flat=True)) == [
        "registered", "registered", "waitlisted"]


def test_one_registration_per_user_and_a_new_place_after_cancelling(make_event, make_user):
    event = make_event(capacity=1)
    a, b = make_user(), make_user()
    ra = actions.do_register(a, event, person("甲"))
    with pytest.raises(actions.Refused, match="已报名"):
        actions.do_register(a, event, person("甲"))
    old_token = ra.token
    actions.do_register(b, event, person("乙"))  # waits
    actions.do_cancel_registration(a, ra)  # 乙 promoted
    again = actions.do_register(a, event, person("甲"))
    assert again.pk == ra.pk and again.status == "waitlisted"  # the end of the queue, not the old seat
    assert again.token != old_token  # the old QR code checks nobody in
    assert Registration.objects.count() == 2


def test_registration_closes_at_the_deadline(make_event, make_user):
    event = make_event(deadline=at(hours=-1))
    with pytest.raises(actions.Refused, match="报名已截止"):
        actions.do_register(make_user(), event, person())
    assert event.status == Event.Status.CLOSED  # published after its deadline: 报名截止 at once


def test_registration_closes_when_the_event_starts(make_event, make_user):
    event = make_event(starts=dt.timedelta(minutes=-5))
    with pytest.raises(actions.Refused, match="活动已开始"):
        actions.do_register(make_user(), event, person())


def test_a_draft_takes_no_registration_and_a_deadline_after_the_start_is_refused(make_event, make_user, office):
    draft = make_event(publish=False)
    with pytest.raises(actions.Refused, match="尚未发布"):
        actions.do_register(make_user(), draft, person())
    with pytest.raises(actions.Refused) as info:
        actions.do_save_event(office, draft, {"registration_deadline": draft.starts_at + dt.timedelta(hours=1)})
    assert "registration_deadline" in info.value.errors


def test_a_later_deadline_reopens_registration(make_event, make_user, office):
    event = make_event(deadline=at(hours=-1))
    assert event.status == Event.Status.CLOSED
    event = actions.do_save_event(office, event, {"registration_deadline": at(days=1)})
    assert event.status == Event.Status.PUBLISHED
    assert actions.do_register(make_user(), event, person()).status == "registered"


def test_registering_needs_a_signed_in_user(make_event):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        actions.do_register(AnonymousUser(), make_event(), person())


def test_nobody_cancels_someone_elses_registration(make_event, make_user):
    event = make_event()
    mine = actions.do_register(make_user(), event, person())
    with pytest.raises(PermissionDenied):
        actions.do_cancel_registration(make_user(), mine)
    assert Registration.objects.get().status == "registered"


def test_no_cancellation_after_the_start(make_event, make_user):
    event = make_event()
    user = make_user()
    registration = actions.do_register(user, event, person())
    Event.objects.filter(pk=event.pk).update(starts_at=at(minutes=-1))
    with pytest.raises(actions.Refused, match="活动已开始"):
        actions.do_cancel_registration(user, registration)


def test_a_cancelled_event_notifies_everyone_registered_or_waiting(make_event, make_user, office):
    event = make_event(capacity=1)
    seated, waiting, gone = make_user(), make_user(), make_user()
    actions.do_register(seated, event, person("甲"))
    actions.do_register(waiting, event, person("乙"))
    actions.do_cancel_registration(gone, actions.do_register(gone, event, person("丙")))
    with pytest.raises(actions.Refused):
        actions.do_cancel_event(office, event, "  ")  # a reason is required
    actions.do_cancel_event(office, event, "场地检修")
    notice = "活动取消：新能源汽车产业链供需对接会（场地检修）"
    assert titles(seated)[-1] == notice and titles(waiting)[-1] == notice
    assert notice not in titles(gone)
    with pytest.raises(actions.Refused, match="活动已取消"):
        actions.do_register(make_user(), event, person())


def test_the_day_before_everyone_seated_is_reminded_once(make_event, make_user):
    today = timezone.localdate()
    start = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=1), dt.time(9, 30)))
    event = make_event(capacity=2, starts=start - timezone.now())
    later = make_event(capacity=5, starts=dt.timedelta(days=5), title="另一场路演")
    users = [make_user() for _ in range(3)]
    for user in users:
        actions.do_register(user, event, person())
    actions.do_register(users[0], later, person())
    assert actions.remind_tomorrow(today) == 2  # the two seated, not the one waiting nor the later event
    assert titles(users[1])[-1] == "活动提醒：“新能源汽车产业链供需对接会”将于明天 09:30 开始"
    assert not any(t.startswith("活动提醒") for t in titles(users[2]))
    assert actions.remind_tomorrow(today) == 0  # a rerun sends nothing


def test_statuses_step_with_the_clock(make_event):
    closing = make_event(deadline=at(days=1))
    Event.objects.filter(pk=closing.pk).update(registration_deadline=at(minutes=-1))
    over = make_event()
    Event.objects.filter(pk=over.pk).update(starts_at=at(hours=-5), ends_at=at(hours=-2))
    assert actions.step_statuses() == 2
    assert dict(Event.objects.values_list("pk", "status")) == {closing.pk: "closed", over.pk: "ended"}
    assert actions.step_statuses() == 0


def test_the_command_sends_the_reminders(make_event, make_user):
    import io

    from django.core.management import call_command

    today = timezone.localdate()
    start = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=1), dt.time(14, 0)))
    event = make_event(starts=start - timezone.now())
    actions.do_register(make_user(), event, person())
    out = io.StringIO()
    call_command("events", "remind", "--date", today.isoformat(), "--json", stdout=out)
    assert out.getvalue().strip() == '{"reminded": 1}'
    out = io.StringIO()
    call_command("events", "remind", "--date", (today - dt.timedelta(days=1)).isoformat(), stdout=out)
    assert out.getvalue().strip() == "reminded=0"  # yesterday's "tomorrow" is today: no event
