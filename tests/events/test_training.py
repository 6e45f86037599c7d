"""Training: 学时 credited at check-in (to the user and, by name and 资格证号, to the practitioner record), the
certificate (PDF) and its public verification, 我的学时, the office's overview (shortfalls, Excel), the indicator
feed, and the office's late credit of hours set after check-in."""

from __future__ import annotations

import datetime as dt
import html
import io
from decimal import Decimal as D

import pytest
from django.utils import timezone

from tests.pdftext import pdf_text
from zhichan.core.models import AuditLog
from zhichan.core.permissions import PermissionDenied
from zhichan.events import actions, training
from zhichan.events.models import Credit, Event

from .conftest import person

pytestmark = pytest.mark.django_db

SOON = dt.timedelta(minutes=30)


@pytest.fixture
def lecture(office):
    """A published lecture starting in half an hour (check-in open), carrying `hours` of `category`."""

    def make(hours: str = "3", category: str = "professional"):
        start = timezone.now() + SOON
        event = actions.do_save_event(office, None, {
            "kind": "lecture", "title": "专利检索实务讲座", "starts_at": start, "ends_at": start + dt.timedelta(hours=3),
            "hours": D(hours), "hours_category": category})
        return actions.do_publish_event(office, event)
    return make


def attend(event, user, office, **who):
    registration = actions.do_register(user, event, person(**who))
    return actions.do_check_in(office, event, registration.token)


def test_check_in_credits_the_events_hours(lecture, enterprise, office):
    event = lecture("3.5")
    registration = attend(event, enterprise, office)
    credit = Credit.objects.get(registration=registration)
    year = timezone.localtime(event.starts_at).year
    assert (credit.user, credit.hours, credit.category, credit.year) == (enterprise, D("3.5"), "professional", year)
    assert credit.number == f"{year}-000001" and len(credit.code) == 12
    assert credit.organization == enterprise.organization and credit.practitioner is None
    assert AuditLog.objects.filter(action="events.credit", target_id=str(credit.pk)).exists()


def test_no_credit_without_hours(make_event, make_user, office):
    event = make_event(starts=SOON)  # a matchmaking event: no 学时
    attend(event, make_user(), office)
    assert not Credit.objects.exists()


def test_practitioner_matched_by_name_and_certificate_number(lecture, make_user, office):
    from zhichan.agencies.models import Practitioner

    lee = Practitioner.objects.create(name="李四", certificate_number="1234567890")
    Practitioner.objects.create(name="王五", certificate_number="5555555555")
    event = lecture()
    attend(event, make_user(), office, name="李四").credit  # noqa: B018
    matched = Credit.objects.get()
    assert matched.practitioner is None  # no number given
    other = attend(event, make_user(), office, name="李四")
    assert other.credit.practitioner is None
    Credit.objects.all().delete()
    u = make_user()
    registration = actions.do_register(u, event, {**person(name="李四"), "practice_no": "1234567890"})
    actions.do_check_in(office, event, registration.token)
    assert Credit.objects.get(user=u).practitioner == lee
    v = make_user()
    registration = actions.do_register(v, event, {**person(name="张三"), "practice_no": "5555555555"})
    actions.do_check_in(office, event, registration.token)
    assert Credit.objects.get(user=v).practitioner is None  # the number is 王五's, not 张三's


def test_hours_need_a_category_and_a_sane_value(office):
    start = timezone.now() + dt.timedelta(days=3)
    base = {"kind": "course", "title": "专利代理实务培训", "starts_at": start, "ends_at": start + dt.timedelta(hours=6)}
    with pytest.raises(actions.Refused, match="科目类别"):
        actions.do_save_event(office, None, {**base, "hours": D("6"), "hours_category": ""})
    with pytest.raises(actions.Refused, match="学时须大于 0"):
        actions.do_save_event(office, None, {**base, "hours": D("0"), "hours_category": "general"})
    assert not Event.objects.exists()


def test_late_credit_for_hours_set_after_check_in(make_event, make_user, office, enterprise):
    event = make_event(kind="course", starts=SOON)
    attend(event, make_user(), office)
    attend(event, enterprise, office)
    assert not Credit.objects.exists()
    actions.do_save_event(office, event, {"hours": D("6"), "hours_category": "general"})
    with pytest.raises(PermissionDenied):
        training.do_credit_hours(enterprise, event)
    assert training.do_credit_hours(office, event) == 2
    assert training.do_credit_hours(office, event) == 0  # once
    assert sorted(Credit.objects.values_list("hours", flat=True)) == [D(6), D(6)]


def test_my_hours_page_sums_the_year_and_flags_the_shortfall(lecture, enterprise, office, client):
    attend(lecture("60"), enterprise, office)
    attend(lecture("20", "general"), enterprise, office)
    client.force_login(enterprise)
    page = html.unescape(client.get("/training/hours/").content.decode())
    assert '<td class="professional">60</td>' in page and '<td class="general">20</td>' in page
    assert '<td class="total">80</td>' in page
    assert "总学时不足 90" in page and "专业科目不足 60" not in page
    attend(lecture("10", "general"), enterprise, office)
    page = html.unescape(client.get("/training/hours/").content.decode())
    assert '<td class="total">90</td>' in page and "已达到年度要求" in page
    last_year = html.unescape(client.get(f"/training/hours/?year={timezone.localdate().year - 1}").content.decode())
    assert '<td class="total">0</td>' in last_year


def test_certificate_is_the_owners_and_its_code_verifies_publicly(lecture, enterprise, stranger, office, client):
    credit = attend(lecture("3"), enterprise, office).credit
    client.force_login(stranger)
    assert client.get(f"/training/hours/{credit.pk}/certificate.pdf").status_code == 403
    client.force_login(enterprise)
    response = client.get(f"/training/hours/{credit.pk}/certificate.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert credit.code in text and credit.number in text and "张三" in text
    client.logout()
    page = html.unescape(client.get(f"/events/verify/?code={credit.code.lower()}").content.decode())
    assert "证书有效" in page and '<td class="hours">3</td>' in page and "专利检索实务讲座" in page
    assert client.get("/events/verify/?code=AAAAAAAAAAAA").status_code == 404
    assert client.get("/events/verify/?code=x").status_code == 400


def test_office_overview_groups_by_organisation_with_flags_and_export(lecture, enterprise, stranger, make_user,
                                                                      office, client):
    from openpyxl import load_workbook

    big = lecture("90")
    attend(big, enterprise, office)
    attend(lecture("30", "general"), stranger, office, name="王五")
    client.force_login(enterprise)
    assert client.get("/events/office/hours/").status_code == 403
    client.force_login(office)
    page = html.unescape(client.get("/events/office/hours/").content.decode())
    assert "徐州云图智能科技有限公司" in page and "南京别家科技有限公司" in page
    assert '<td class="persons">2</td>' in page and '<td class="lectures">2</td>' in page
    assert '<td class="short">1</td>' in page and "专业科目不足 60" in page
    response = client.get("/events/office/hours.xlsx")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][:7] == ("南京别家科技有限公司", "王五", None, 0, 30, 30, "未达标") or \
        rows[1][:7] == ("南京别家科技有限公司", "王五", "", 0, 30, 30, "未达标")
    assert rows[2][1] == "张三" and rows[2][5] == 90 and rows[2][6] == "达标"


def test_feed_writes_a_draft_of_training_persons(lecture, enterprise, stranger, office, client):
    from zhichan.indicators.models import ReportedValue

    event = lecture()
    attend(event, enterprise, office)
    attend(event, stranger, office)
    year = timezone.localtime(event.starts_at).year
    client.force_login(office)
    assert client.post("/events/office/hours/feed/", {"region": "", "year": year}).status_code == 400
    response = client.post("/events/office/hours/feed/", {"region": "320300", "year": year})
    assert response.status_code == 302
    client.post("/events/office/hours/feed/", {"region": "320300", "year": year})  # a rerun replaces its draft
    row = ReportedValue.objects.get(indicator_id="training_persons", region_id="320300", period=str(year))
    assert row.value == 2 and row.status == ReportedValue.DRAFT
