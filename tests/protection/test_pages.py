"""The protection pages as their users meet them: the public form (anonymous, hostile input), the follow-up, the
office's list, case page (the reporter hidden from a handler not assigned), the decision DOCX and statistics."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhichan.protection import actions
from zhichan.protection.models import DisputeCase

from .conftest import adjudication

D = dt.date
pytestmark = pytest.mark.django_db
REPORT = {"kind": "report", "category": "counterfeit", "title": "超市销售假冒专利的电热水壶",
          "claims": "包装上标注的专利号 ZL2020XXXX 查无此专利。", "anonymous": "on", "contact_name": "王五",
          "contact": "13900000000"}


def test_the_public_pages_answer_a_visitor(client):
    assert client.get("/protection/").status_code == 200
    assert client.get("/protection/file/").status_code == 200
    assert client.get("/protection/follow/").status_code == 200
    assert client.get("/protection/office/").status_code == 302  # the office signs in first


def test_an_anonymous_report_is_filed_and_followed(client):
    response = client.post("/protection/file/", REPORT)
    assert response.status_code == 200
    case = DisputeCase.objects.get()
    assert case.anonymous and case.contact_name == "" and case.contact == "" and case.reporter is None
    code = response.context["code"]
    assert case.number in response.content.decode() and code in response.content.decode()
    found = client.post("/protection/follow/", {"number": case.number.lower(), "code": code})
    assert found.status_code == 200 and found.context["case"] == case
    assert client.post("/protection/follow/", {"number": case.number, "code": "x" + code}).status_code == 400


@pytest.mark.parametrize("change", [
    {"claims": "太短"},  # under 10 characters
    {"claims": "x" * 20001},  # over the limit
    {"title": ""},
    {"kind": "adjudication"},  # not anonymous, and it needs its parties
    {"kind": "adjudication", "anonymous": "", "requester": "徐州乙重工有限公司"},  # … both of them
    {"kind": "mediation", "anonymous": ""},  # not a public kind
    {"kind": "<b>report</b>"},
    {"category": ""},  # a report needs its category
    {"kind": "guidance", "country": "美国"},  # guidance cannot be anonymous
    {"kind": "guidance", "anonymous": "", "contact": ""},  # … and needs a contact and a country
    {"title": "t" * 201},
])
def test_hostile_input_is_refused_with_the_input_kept(client, change):
    posted = {**REPORT, **change}
    response = client.post("/protection/file/", posted)
    assert response.status_code == 400 and not DisputeCase.objects.exists()
    if posted["title"] and len(posted["title"]) <= 200:
        assert posted["title"] in response.content.decode()


def test_markup_is_stored_as_text_and_shown_escaped(client, people):
    client.post("/protection/file/", {**REPORT, "title": "<script>alert(1)</script>", "anonymous": ""})
    case = DisputeCase.objects.get()
    client.force_login(people["office"])
    page = client.get(f"/protection/office/{case.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_the_form_answers_429_past_the_hourly_limit(client, monkeypatch):
    monkeypatch.setenv("ZHICHAN_COMPLAINT_HOURLY_LIMIT", "1")
    assert client.post("/protection/file/", REPORT).status_code == 200
    assert client.post("/protection/file/", REPORT).status_code == 429
    assert DisputeCase.objects.count() == 1


def test_the_reporter_is_hidden_from_a_handler_not_assigned(client, people):
    client.force_login(people["enterprise"])
    client.post("/protection/file/", {**REPORT, "anonymous": "", "contact_name": "赵六举报人"})
    case = DisputeCase.objects.get()
    actions.do_assign(people["office"], case, "staff_a")
    client.post(f"/protection/office/{case.pk}/", {"op": "evidence", "evidence-file": SimpleUploadedFile(
        "照片.pdf", b"%PDF-1.4 photo", content_type="application/pdf")})
    for who, shown in (("a", True), ("b", False), ("office", False), ("enterprise", True)):
        client.force_login(people[who])
        page = client.get(f"/protection/office/{case.pk}/")
        text = page.content.decode()
        assert page.status_code == 200 and ("赵六举报人" in text) is shown and ("ent1" in text) is shown, who
    # nor do the steps, the evidence or the audit trail name the reporter
    from zhichan.core.models import AuditLog

    assert not case.steps.filter(actor=people["enterprise"]).exists()
    assert not case.evidence.filter(uploaded_by=people["enterprise"]).exists()
    assert not AuditLog.objects.filter(actor=people["enterprise"]).exists()
    client.force_login(people["public"])
    assert client.get(f"/protection/office/{case.pk}/").status_code == 403


def test_office_pages_are_for_handlers(client, people):
    for who, status in (("a", 200), ("office", 200), ("enterprise", 403), ("public", 403)):
        client.force_login(people[who])
        assert client.get("/protection/office/").status_code == status
        assert client.get("/protection/office/stats/").status_code == status


def test_the_office_registers_a_case_with_evidence(client, people, patent):
    client.force_login(people["a"])
    evidence = SimpleUploadedFile("公证书.pdf", b"%PDF-1.4 notarised", content_type="application/pdf")
    response = client.post("/protection/office/new/", {
        "kind": "adjudication", "title": "臂架专利侵权", "claims": "请求责令停止侵权", "requester": "徐州乙重工有限公司",
        "respondent": "徐州甲机械有限公司", "patents": "CN202310000001.X", "files": evidence})
    case = DisputeCase.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/protection/office/{case.pk}/"
    assert list(case.patents.all()) == [patent] and case.evidence.get().name == "公证书.pdf"
    refused = client.post("/protection/office/new/", {"kind": "adjudication", "title": "x", "claims": "y",
                                                      "requester": "甲", "respondent": "乙", "patents": "CN999"})
    assert refused.status_code == 400 and "CN999" in refused.content.decode()


def test_a_transition_through_the_page_and_a_refused_one(client, people, patent):
    case = adjudication(people, patent, today=D.today())
    client.force_login(people["a"])
    assert client.post(f"/protection/office/{case.pk}/", {"transition": "accept"}).status_code == 302
    case.refresh_from_db()
    assert case.state == "accepted" and case.handler == people["a"]
    # a panel of two is refused, the page says why and keeps the input
    client.force_login(people["office"])
    page = client.post(f"/protection/office/{case.pk}/", {"op": "panel", "panel-members": "staff_a\nstaff_b",
                                                           "panel-chief": "staff_a"})
    assert page.status_code == 400 and "staff_b" in page.content.decode() and case.panel.count() == 0


def test_the_decision_docx(client, people, patent):
    from docx import Document

    case = adjudication(people, patent)
    case = actions.do_transition(people["a"], case, "accept", today=D(2025, 9, 30))
    case = actions.do_transition(people["a"], case, "serve", {"served_on": "2025-10-09"}, today=D(2025, 10, 9))
    case = actions.do_transition(people["a"], case, "schedule", {"hearing_on": "2025-10-20", "place": "第一审理庭"},
                                 today=D(2025, 10, 9))
    case = actions.do_transition(people["a"], case, "hear", {"record": "到庭"}, today=D(2025, 10, 20))
    actions.do_set_panel(people["office"], case, [("staff_a", ""), ("staff_b", ""), ("staff_c", "")], "staff_a")
    actions.do_transition(people["a"], case, "decide", {"finding": "成立", "decision": "责令被请求人立即停止制造、销售"},
                          today=D(2025, 11, 3))
    client.force_login(people["b"])
    response = client.get(f"/protection/office/{case.pk}/decision.docx")
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    for expected in ("专利侵权纠纷行政处理决定书", "CJ2025000001", "徐州乙重工有限公司", "徐州甲机械有限公司",
                     "CN202310000001.X", "侵权行为成立", "责令被请求人立即停止制造、销售", "组长：staff_a", "2025年11月03日",
                     "第六十五条"):
        assert expected in text, expected
    client.force_login(people["enterprise"])
    assert client.get(f"/protection/office/{case.pk}/decision.docx").status_code == 403


def test_statistics_page_and_feed(client, people, patent):
    case = actions.do_transition(people["a"], adjudication(people, patent), "accept", today=D(2025, 9, 30))
    client.force_login(people["office"])
    page = client.get("/protection/office/stats/", {"start": "2025-09-01", "end": "2025-12-31"})
    assert page.context["total"].accepted == 1 and page.context["total"].rate == 0.0
    actions.do_transition(people["a"], case, "withdraw", {"reason": "和解"}, today=D(2025, 10, 13))
    page = client.get("/protection/office/stats/", {"start": "2025-09-01", "end": "2025-12-31"})
    assert page.context["total"].rate == 1.0 and "100%" in page.content.decode()
    assert client.get("/protection/office/stats/", {"start": "2025-12-01", "end": "2025-01-01"}).status_code == 400
    assert client.post("/protection/office/stats/feed/", {"region": "320300", "year": "2025"}).status_code == 302
    client.force_login(people["a"])
    assert client.post("/protection/office/stats/feed/", {"region": "320300", "year": "2025"}).status_code == 403


def test_a_signed_in_patentee_requests_adjudication_online(client, people):
    client.force_login(people["enterprise"])
    response = client.post("/protection/file/", {
        "kind": "adjudication", "title": "臂架专利侵权", "claims": "被请求人制造销售侵权起重机臂架，请求责令停止。",
        "requester": "徐州乙重工有限公司", "respondent": "徐州甲机械有限公司", "contact": "0516-12345678"})
    assert response.status_code == 200
    case = DisputeCase.objects.get()
    assert (case.kind, case.reporter, case.state) == ("adjudication", people["enterprise"], "submitted")
    assert sorted(case.parties.values_list("side", "name")) == [
        ("requester", "徐州乙重工有限公司"), ("respondent", "徐州甲机械有限公司")]
    assert client.get(f"/protection/office/{case.pk}/").status_code == 200  # the filer follows it signed in


def test_the_signed_in_filer_adds_evidence_and_nothing_else(client, people):
    import hashlib

    client.force_login(people["enterprise"])
    client.post("/protection/file/", {**REPORT, "anonymous": ""})
    case = DisputeCase.objects.get()
    assert 'id="evidence-form"' in client.get(f"/protection/office/{case.pk}/").content.decode()
    pdf = SimpleUploadedFile("照片.pdf", b"%PDF-1.4 photo", content_type="application/pdf")
    assert client.post(f"/protection/office/{case.pk}/", {"op": "evidence", "evidence-file": pdf}).status_code == 302
    assert case.evidence.get().sha256 == hashlib.sha256(b"%PDF-1.4 photo").hexdigest()
    fake = SimpleUploadedFile("病毒.pdf", b"MZ\x90\x00", content_type="application/pdf")
    refused = client.post(f"/protection/office/{case.pk}/", {"op": "evidence", "evidence-file": fake})
    assert refused.status_code == 400 and case.evidence.count() == 1
    assert client.post(f"/protection/office/{case.pk}/", {"op": "pause", "pause-reason": "x"}).status_code == 403
    assert client.post(f"/protection/office/{case.pk}/", {"transition": "accept"}).status_code == 400
    case.refresh_from_db()
    assert case.state == "submitted" and case.paused_on is None


def test_the_office_list_marks_and_filters_overdue_cases(client, people, patent):
    late = adjudication(people, patent, today=D(2025, 9, 26))  # acceptance was due 2025-10-10
    fresh = adjudication(people, patent, today=D.today())
    actions.do_pause(people["a"], adjudication(people, patent, today=D(2025, 9, 26)), "中止", today=D(2025, 10, 1))
    client.force_login(people["a"])
    page = client.get("/protection/office/")
    assert page.context["overdue_count"] == 1 and 'id="overdue-count"' in page.content.decode()
    assert [r["c"] for r in client.get("/protection/office/", {"open": "overdue"}).context["rows"]] == [late]
    assert fresh in [r["c"] for r in page.context["rows"]]
    assert client.get("/protection/office/", {"open": "overdue", "kind": "report"}).context["rows"] == []
