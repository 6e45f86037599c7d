"""The other windows: filing deadline expiry, trusteeship watching a portfolio, FAQ, pledge and pre-exam
statistics."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.indicators.test_compute import number, patent
from tests.services.test_cases import pdf, people, registered  # noqa: F401  (fixture)
from zhichan.patents.ingest.loader import Loader
from zhichan.patents.models import ImportFile, ImportRun
from zhichan.services import actions, stats
from zhichan.services.models import Notification, Window

pytestmark = pytest.mark.django_db
D = dt.date


def test_filing_deadline_expires(people):  # noqa: F811
    u = people
    registered(u)
    case = actions.do_open_case(u["applicant"], "preexam")
    actions.do_transition(u["applicant"], case, "submit", {"entity": "徐州某某科技有限公司", "title": "x",
                                                           "patent_type": "发明", "ipc": "H01M"}, [pdf()], D(2026, 3, 2))
    actions.do_transition(u["examiner"], case, "claim", today=D(2026, 3, 2))
    case = actions.do_transition(u["examiner"], case, "approve", {"result": "合格"}, today=D(2026, 3, 3))
    assert actions.expire_filing_deadlines(D(2026, 3, 17)) == 0  # due 17 March
    assert actions.expire_filing_deadlines(D(2026, 3, 18)) == 1
    case.refresh_from_db()
    assert case.state == "expired" and case.events.last().role == "system"
    by_field = stats.preexam_by_field()
    assert by_field == [{"field": "H01M", "requests": 1, "passed": 1}]
    assert stats.preexam_by_entity()[0]["entity"] == "徐州某某科技有限公司"


def test_trusteeship_watches_the_portfolio(people):  # noqa: F811
    u = people
    records = [patent(1, "1", D(2015, 12, 5), D(2018, 6, 1), ["320311"]),  # fee due 5 Dec
               patent(2, "1", D(2016, 6, 1), D(2019, 6, 1), ["320311"]),
               patent(3, "2", D(2016, 12, 20), D(2017, 8, 1), ["320311"])]  # utility: term ends 20 Dec 2026
    records[1].legal_status = "lapsed"
    loader = Loader(ImportFile.objects.create(run=ImportRun.objects.create(), name="f", sha256="x", format="t"))
    loader.store(loader.group(records))
    Window.objects.get(kind="trusteeship").staff.add(u["examiner"])
    case = actions.do_open_case(u["applicant"], "trusteeship")
    portfolio = f"{number(1, '1', 2015)}，{number(2, '1', 2016)}；{number(3, '2', 2016)}"
    actions.do_transition(u["applicant"], case, "submit", {"enterprise": "x", "portfolio": portfolio}, [], D(2026, 11, 2))
    actions.do_transition(u["examiner"], case, "accept", {"custodian": "徐州市知识产权局"}, today=D(2026, 11, 3))
    sent = actions.trusteeship_alerts(D(2026, 11, 21))
    titles = set(Notification.objects.filter(user=u["applicant"], title__startswith="托管提醒").values_list("title", flat=True))
    assert any("年费即将到期（2026-12-05）" in t for t in titles)
    assert any(number(2, "1", 2016) in t and "已失效" in t for t in titles)
    assert any(number(3, "2", 2016) in t and "保护期即将届满" in t for t in titles)
    assert sent == 6  # three alerts, to the enterprise and to the window's staff
    assert actions.trusteeship_alerts(D(2026, 11, 21)) == 0  # not twice


def test_faq_and_pledge_statistics(people, client):  # noqa: F811
    u = people
    Window.objects.filter(kind__in=["consult", "pledge"]).update(supervisor=u["chief"])
    question = actions.do_open_case(u["applicant"], "consult")
    actions.do_transition(u["applicant"], question, "submit", {"question": "质押登记需要哪些材料？"}, today=D(2026, 3, 2))
    actions.do_transition(u["chief"], question, "answer_question", {"answer": "质押合同、权利证明、身份证明"},
                          today=D(2026, 3, 3))
    client.logout()
    assert "质押登记需要哪些材料" not in client.get("/services/catalogue/faq/").content.decode()
    actions.do_transition(u["chief"], question, "publish", today=D(2026, 3, 3))
    assert "质押合同、权利证明、身份证明" in client.get("/services/catalogue/faq/").content.decode()
    pledge = actions.do_open_case(u["applicant"], "pledge")
    fields = {"pledgor": "徐州某某科技有限公司", "pledgee": "徐州银行", "rights": "ZL202310000001.5",
              "amount_wan": "500", "start_date": "2026-03-01", "end_date": "2027-03-01"}
    actions.do_transition(u["applicant"], pledge, "submit", fields, [pdf("合同.pdf")], D(2026, 3, 2))
    actions.do_transition(u["chief"], pledge, "claim", today=D(2026, 3, 2))
    actions.do_transition(u["chief"], pledge, "approve", {"registration_number": "Y2026000001"}, today=D(2026, 3, 4))
    totals = stats.pledges(D(2026, 1, 1), D(2026, 12, 31))
    assert totals == {"count": 1, "amount_wan": 500.0, "by_pledgee": [("徐州银行", 500.0)], "unreadable": []}


def test_fields_page_and_feeding_the_indicators(people, client, django_user_model):  # noqa: F811
    from zhichan.indicators.models import ReportedValue
    from zhichan.services.models import TechnicalField

    u = people
    office = django_user_model.objects.create_user("office_admin", password="x", role="office")
    client.force_login(office)
    client.post("/services/fields/", {"fields": "H01M 新能源电池\nG06F10/00\nB60L"})
    assert set(TechnicalField.objects.values_list("ipc", flat=True)) == {"H01M", "G06F10/00", "B60L"}
    client.force_login(u["examiner"])
    assert client.post("/services/fields/", {"fields": "A01B"}).status_code == 403
    Window.objects.filter(kind="assistance").update(supervisor=u["chief"])
    help_case = actions.do_open_case(u["applicant"], "assistance")
    actions.do_transition(u["applicant"], help_case, "submit", {"subject": "某公司", "description": "仿冒"},
                          today=D(2026, 3, 2))
    actions.do_transition(u["chief"], help_case, "accept", today=D(2026, 3, 3))
    actions.do_transition(u["chief"], help_case, "assign", {"assignee": "other_staff"}, today=D(2026, 3, 3))
    actions.do_transition(u["chief"], help_case, "close", {"outcome": "调解成功"}, today=D(2026, 3, 20))
    client.force_login(office)
    client.post("/services/stats/feed/", {"region": "320300", "year": "2026"})
    values = dict(ReportedValue.objects.values_list("indicator_id", "value"))
    assert values["assistance_enterprises"] == 1 and values["trusteeship_enterprises"] == 0
    assert ReportedValue.objects.filter(status="draft").count() == 3
