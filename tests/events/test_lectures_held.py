"""讲座期数 (plan 000: 举办知识产权公益讲座10期): the office's feed writes `lectures_held` beside `training_persons`
— lectures of the year, not cancelled, with at least one check-in."""

from __future__ import annotations

import pytest
from django.utils import timezone

from zhichan.events import actions
from zhichan.indicators import catalogue

from .test_training import SOON, attend, lecture  # noqa: F401  (lecture: the fixture)

pytestmark = pytest.mark.django_db


def test_catalogue_declares_lectures_held():
    catalogue.sync()
    from zhichan.indicators.models import IndicatorDefinition

    row = IndicatorDefinition.objects.get(code="lectures_held")
    assert (row.name_zh, row.unit, row.kind, row.seeds) == ("知识产权讲座期数", "期", "reported", ["000"])


def test_feed_counts_lectures_held_with_a_check_in(lecture, enterprise, stranger, make_event, office,  # noqa: F811
                                                   client):
    from zhichan.indicators.models import ReportedValue

    two_attended = lecture()
    attend(two_attended, enterprise, office)
    attend(two_attended, stranger, office)
    one_attended = lecture()
    attend(one_attended, enterprise, office)
    lecture()  # nobody checked in: not held
    cancelled = lecture()
    actions.do_cancel_event(office, cancelled, "讲师临时有事")
    course = make_event(kind="course", starts=SOON, hours=2)
    attend(course, stranger, office)  # a course, not a lecture
    year = timezone.localtime(two_attended.starts_at).year
    client.force_login(office)
    assert client.post("/events/office/hours/feed/", {"region": "320300", "year": year}).status_code == 302
    client.post("/events/office/hours/feed/", {"region": "320300", "year": year})  # a rerun replaces its drafts
    held = ReportedValue.objects.get(indicator_id="lectures_held", region_id="320300", period=str(year))
    persons = ReportedValue.objects.get(indicator_id="training_persons", region_id="320300", period=str(year))
    assert (held.value, held.status) == (2, ReportedValue.DRAFT)
    assert persons.value == 4  # 2 + 1 lecture check-ins, 1 course check-in
