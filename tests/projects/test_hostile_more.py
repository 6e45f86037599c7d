"""Hostile users after the review: a form sent twice (double click, reload after a slow answer) is one objection,
one tranche, one progress report."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from zhichan.projects import funding_actions as funding
from zhichan.projects import outcome_actions as oa
from zhichan.projects.models import Objection, ProgressReport, Tranche

from .conftest import TODAY
from .test_outcome import approved, funded  # noqa: F401  (the fixtures)
from .test_scores import passed, seated  # noqa: F401

pytestmark = pytest.mark.django_db


def test_an_objection_sent_twice_is_one_objection(approved, office, rival):  # noqa: F811
    decision, mine, _theirs = approved
    oa.do_start_publicity(office, decision, today=TODAY)
    first = oa.do_object(rival, mine.award, "申报材料中的专利已失效", today=TODAY)
    again = oa.do_object(rival, mine.award, " 申报材料中的专利已失效 ", today=TODAY)
    assert again.pk == first.pk
    assert Objection.objects.filter(award=mine.award).count() == 1
    other = oa.do_object(rival, mine.award, "另一理由：销售收入数据不实", today=TODAY)  # a new reason is a new one
    assert other.pk != first.pk and Objection.objects.filter(award=mine.award).count() == 2


def test_a_tranche_sent_twice_is_one_tranche(funded, office):  # noqa: F811
    first = funding.do_add_tranche(office, funded, dt.date(2027, 1, 10), "20", "首期")
    again = funding.do_add_tranche(office, funded, dt.date(2027, 1, 10), "20.00", "首期")
    assert again.pk == first.pk
    assert list(Tranche.objects.filter(award=funded).values_list("amount", flat=True)) == [D("20.00")]


def test_a_progress_report_sent_twice_is_one_report(funded, applicant):  # noqa: F811
    first = funding.do_report_progress(applicant, funded, "2027年上半年", "完成样机", "20")
    again = funding.do_report_progress(applicant, funded, "2027年上半年", "完成样机", "20.00")
    assert again.pk == first.pk
    assert ProgressReport.objects.filter(award=funded).count() == 1


def test_a_call_whose_deadline_has_passed_is_not_published(office, client):
    from django.utils import timezone

    from zhichan.projects import actions
    from zhichan.projects.models import Call

    today = timezone.localdate()
    late = actions.do_save_call(office, None, {"title": "过期项目", "guide": "x", "opens_on": today - dt.timedelta(days=30),
                                               "closes_on": today - dt.timedelta(days=1), "panel_size": 3})
    client.force_login(office)
    response = client.post(f"/projects/{late.pk}/publish/")
    assert response.status_code == 400 and "申报截止日期已过" in response.content.decode()
    assert Call.objects.get(pk=late.pk).status == Call.Status.DRAFT
    last_day = actions.do_save_call(office, None, {"title": "今日截止", "guide": "x", "opens_on": today,
                                                   "closes_on": today, "panel_size": 3})
    assert actions.do_publish_call(office, last_day).status == Call.Status.PUBLISHED  # the last day still counts
