"""/training/ (issue 17): the public list of upcoming training — lectures and courses, and other events only when
they credit 学时 — with hours, seats left and a registration link while registration is open; 我的学时 at
/training/hours/, the old /events/hours/ addresses answering 301 (the year kept)."""

from __future__ import annotations

import datetime as dt
import html

import pytest

from zhichan.events import actions
from zhichan.events.models import Credit, Event

pytestmark = pytest.mark.django_db


def with_hours(event: Event, hours: int, category: str) -> Event:
    Event.objects.filter(pk=event.pk).update(hours=hours, hours_category=category)  # (the event form's fields)
    event.refresh_from_db()
    return event


def rows_of(page: str) -> str:
    return html.unescape(page.split('id="training-events"', 1)[1].split("</table>", 1)[0])


def test_a_visitor_sees_upcoming_training_with_hours_seats_and_registration(client, make_event, make_user):
    lecture = with_hours(make_event(kind="lecture", title="专利审查指南修改要点讲座", capacity=2), 3, "professional")
    make_event(kind="course", title="企业知识产权管理规范培训班")
    make_event(kind="matchmaking", title="新能源汽车产业链供需对接会")  # no hours: not training
    with_hours(make_event(kind="campaign", title="4·26 知识产权宣传周活动"), 1, "general")  # with hours: training
    make_event(kind="lecture", title="尚未发布的讲座", publish=False)
    past = make_event(kind="lecture", title="已经结束的讲座")
    Event.objects.filter(pk=past.pk).update(starts_at=past.starts_at - dt.timedelta(days=10),
                                            ends_at=past.ends_at - dt.timedelta(days=10))
    actions.do_register(make_user(), lecture, {"name": "张三", "phone": "13800000000"})
    response = client.get("/training/")
    assert response.status_code == 200
    rows = rows_of(response.content.decode())
    for shown in ("专利审查指南修改要点讲座", "企业知识产权管理规范培训班", "4·26 知识产权宣传周活动"):
        assert shown in rows
    for hidden in ("新能源汽车产业链供需对接会", "尚未发布的讲座", "已经结束的讲座"):
        assert hidden not in rows
    row = rows.split(f'id="training-{lecture.pk}"', 1)[1].split("</tr>", 1)[0]
    assert "3 · 专业科目" in row and '<td class="left">1</td>' in row  # 2 seats, 1 taken
    assert f'href="/events/{lecture.pk}/#register-form"' in row


def test_a_cancelled_event_is_not_listed_and_a_closed_one_says_why(client, office, make_event):
    cancelled = make_event(kind="course", title="已取消的培训")
    actions.do_cancel_event(office, cancelled, "场地调整")
    late = make_event(kind="lecture", title="截止报名的讲座")
    Event.objects.filter(pk=late.pk).update(registration_deadline=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1))
    rows = rows_of(client.get("/training/").content.decode())
    assert "已取消的培训" not in rows
    row = rows.split(f'id="training-{late.pk}"', 1)[1].split("</tr>", 1)[0]
    assert "报名已截止" in row and "register-link" not in row


def test_my_hours_moved_to_training_and_the_old_addresses_answer_301(client, enterprise, office, make_event):
    client.force_login(enterprise)
    assert client.get("/training/hours/").status_code == 200
    old = client.get("/events/hours/?year=2025")
    assert old.status_code == 301 and old["Location"] == "/training/hours/?year=2025"
    event = with_hours(make_event(kind="lecture", starts=dt.timedelta(minutes=30)), 2, "general")
    registration = actions.do_register(enterprise, event, {"name": "张三", "phone": "13800000000"})
    actions.do_check_in(office, event, registration.token)
    credit = Credit.objects.get(registration=registration)
    moved = client.get(f"/events/hours/{credit.pk}/certificate.pdf")
    assert moved.status_code == 301 and moved["Location"] == f"/training/hours/{credit.pk}/certificate.pdf"
    page = client.get("/training/hours/").content.decode()
    assert f"/training/hours/{credit.pk}/certificate.pdf" in page
    client.logout()
    assert client.get("/training/hours/")["Location"].startswith("/login/")
