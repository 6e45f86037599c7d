"""快速维权 at the protection centre: its own kind and machine, filed on the public form or by the office, its fast
clock in working days (the settings ZHICHAN_FAST_ACCEPT_DAYS / ZHICHAN_FAST_CONCLUDE_DAYS, 2 and 10 by default),
counted by hand on the 2025 calendar: Sunday 09-28 and Saturday 10-11 were working days, 10-01 … 10-08 were not."""

from __future__ import annotations

import datetime as dt

import pytest

from zhichan.core.permissions import PermissionDenied
from zhichan.core.workflow import machine as wf
from zhichan.protection import actions, marks, stats
from zhichan.protection.models import DisputeCase

D = dt.date
pytestmark = pytest.mark.django_db
MARK = marks.Mark("23456789", "云图", 9, "徐州云图智能科技有限公司")
FAST = {"kind": "fast", "title": "展会上销售仿冒外观设计的台灯", "claims": "被请求人在展位销售的台灯与涉案外观设计专利相同。",
        "requester": "徐州乙重工有限公司", "respondent": "张三", "contact_name": "李四", "contact": "13900000000"}


FILED = D(2025, 9, 26)


def _fast(people, patent, today=FILED, **more):
    case, _code = actions.do_file_case(
        people["office"], "fast", title="仿冒外观设计台灯", fields={"claims": "与涉案外观设计专利相同"},
        parties=[("requester", "徐州乙重工有限公司"), ("respondent", "张三")], patents=[patent], today=today, **more)
    return case


def test_the_fast_clock_counts_working_days(people, patent):
    case = _fast(people, patent)  # Friday 09-26
    assert case.number == "KW2025000001" and case.state == "submitted"
    assert case.accept_due == D(2025, 9, 29)  # 09-28 (a worked Sunday), 09-29
    case = actions.do_transition(people["a"], case, "accept", today=D(2025, 9, 30))
    # 10 working days after 09-30: 10-09, 10-10, 10-11 (worked Saturday), 10-13 … 10-17, 10-20, 10-21
    assert case.state == "accepted" and case.due == D(2025, 10, 21)
    case = actions.do_transition(people["a"], case, "conclude", {"finding": "成立", "opinion": "责令撤展、停止销售"},
                                 today=D(2025, 10, 20))
    assert case.state == "concluded" and case.closed_on == D(2025, 10, 20) and case.stopped_on == D(2025, 10, 20)
    figures = stats.period(D(2025, 9, 1), D(2025, 10, 31), ["fast"])
    assert (figures.accepted, figures.closed, figures.rate) == (1, 1, 1.0)
    assert figures.average_days == 9  # 10-09 … 10-20: 9 working days


def test_the_limits_are_settings(people, patent, monkeypatch):
    monkeypatch.setenv("ZHICHAN_FAST_ACCEPT_DAYS", "1")
    monkeypatch.setenv("ZHICHAN_FAST_CONCLUDE_DAYS", "5")
    case = _fast(people, patent)
    assert case.accept_due == D(2025, 9, 28)  # the worked Sunday is the next working day
    case = actions.do_transition(people["a"], case, "accept", today=D(2025, 9, 30))
    assert case.due == D(2025, 10, 14)  # 10-09, 10-10, 10-11, 10-13, 10-14


def test_declined_and_withdrawn_fast_requests_are_not_closed_cases(people, patent):
    declined = actions.do_transition(people["a"], _fast(people, patent), "decline", {"reason": "已起诉至法院"},
                                     today=D(2025, 9, 29))
    assert declined.state == "declined" and declined.closed_on is None
    withdrawn = actions.do_transition(people["a"], _fast(people, patent), "accept", today=D(2025, 9, 29))
    withdrawn = actions.do_transition(people["a"], withdrawn, "withdraw", {"reason": "和解"}, today=D(2025, 9, 30))
    assert withdrawn.state == "withdrawn" and withdrawn.closed_on == D(2025, 9, 30)


def test_a_fast_request_names_a_patent_or_a_trademark(people):
    with pytest.raises(wf.TransitionError):
        actions.do_file_case(people["office"], "fast", title="x", fields={"claims": "仿冒"},
                             parties=[("requester", "甲"), ("respondent", "乙")])
    case, _code = actions.do_file_case(people["office"], "fast", title="仿冒商标", fields={"claims": "仿冒"},
                                       parties=[("requester", "甲"), ("respondent", "乙")], trademarks=[MARK])
    assert case.trademarks.get().number == "23456789"


def test_only_handlers_accept_a_fast_request(people, patent):
    case = _fast(people, patent)
    with pytest.raises(PermissionDenied):
        actions.do_transition(people["enterprise"], case, "accept")


def test_the_public_form_files_a_fast_request(client, people, patent):
    client.force_login(people["enterprise"])
    response = client.post("/protection/file/", {**FAST, "patents": patent.key,
                                                 "trademarks": "23456789|云图|第9类|徐州云图智能科技有限公司"})
    assert response.status_code == 200, response.content.decode()
    case = DisputeCase.objects.get()
    assert case.kind == "fast" and case.reporter == people["enterprise"] and list(case.patents.all()) == [patent]
    assert [(m.number, m.nice_class) for m in case.trademarks.all()] == [("23456789", 9)]
    assert sorted(case.parties.values_list("side", "name")) == [("requester", "徐州乙重工有限公司"), ("respondent", "张三")]
    page = client.get(f"/protection/office/{case.pk}/").content.decode()  # the filer follows it
    assert "快速维权" in page and "待受理" in page


@pytest.mark.parametrize("change", [
    {},  # neither a patent nor a trademark
    {"patents": "CN209999999999.9"},  # not held by the platform
    {"patents": "CN202310000001.X", "anonymous": "on"},  # never anonymous
    {"patents": "CN202310000001.X", "respondent": ""},  # names both parties
    {"patents": "CN202310000001.X", "contact": ""},  # and a contact
    {"trademarks": "2345678X|云图|9|徐州云图智能科技有限公司"},  # a bad trademark, nothing else
])
def test_the_public_form_refuses_an_incomplete_fast_request(client, patent, change):
    response = client.post("/protection/file/", {**FAST, **change})
    assert response.status_code == 400 and not DisputeCase.objects.exists()
    assert FAST["title"] in response.content.decode()  # the input is kept


def test_the_office_registers_a_fast_case(client, people, patent):
    client.force_login(people["a"])
    response = client.post("/protection/office/new/", {
        "kind": "fast", "title": "仿冒外观设计台灯", "claims": "与涉案外观设计专利相同", "requester": "徐州乙重工有限公司",
        "respondent": "张三", "patents": patent.key})
    case = DisputeCase.objects.get()
    assert response.status_code == 302 and case.kind == "fast" and case.number.startswith("KW")
    listing = client.get("/protection/office/?kind=fast").content.decode()
    assert case.number in listing
    assert "ZHICHAN_FAST_CONCLUDE_DAYS" in client.get("/protection/").content.decode()  # the limits are shown
