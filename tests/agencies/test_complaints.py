"""投诉举报 through their workflow: filing (anonymous or signed in, rate-limited per address), acceptance within the
acceptance limit, the conclusion limit restarting on acceptance and pausing while the complainant is asked for
material, a substantiated report feeding the agency's credit file, and who may take each step."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from zhichan.agencies import complaint_actions as ca
from zhichan.agencies.complaint_flow import complaint_machine
from zhichan.agencies.models import Agency, CreditEvent
from zhichan.core.models import AuditLog, User
from zhichan.core.permissions import PermissionDenied
from zhichan.core.workflow import calendar
from zhichan.core.workflow import machine as wf

pytestmark = pytest.mark.django_db
D = dt.date
MONDAY = D(2026, 3, 2)


@pytest.fixture
def office():
    return User.objects.create_user("office1", password="x", role="office")


@pytest.fixture
def agency():
    return Agency.objects.create(name="徐州某某专利代理事务所", normalized_name="徐州某某专利代理事务所")


def file(actor=None, agency=None, address="203.0.113.5", today=MONDAY, **kw):
    values = {"kind": "report", "subject_name": "某代理所", "description": "代理大量明显拼凑的申请", **kw}
    return ca.do_file_complaint(actor or AnonymousUser(), agency=agency, address=address, today=today, **values)


def test_the_machine_reaches_every_state():
    m = complaint_machine(7, 15)
    reached, frontier = {m.initial}, [m.initial]
    while frontier:
        state = frontier.pop()
        for t in m.transitions:
            if state in t.sources and t.target not in reached:
                reached.add(t.target)
                frontier.append(t.target)
    assert reached == set(m.states)
    assert m.final_states == {"substantiated", "unsubstantiated", "declined", "withdrawn"}


@pytest.mark.parametrize("role", wf.ROLES)
def test_every_transition_from_every_state_for_every_role(role):
    m = complaint_machine(7, 15)
    for state in m.states:
        for t in m.transitions:
            fields = {f: "x" for f in t.fields}
            legal = state in t.sources and role in t.roles
            try:
                after = wf.apply(m, wf.CaseState(state), t.name, role, fields, today=MONDAY)
            except wf.TransitionError:
                assert not legal, (state, t.name, role)
                continue
            assert legal and after.state == t.target, (state, t.name, role)
            if t.fields:
                with pytest.raises(wf.TransitionError):  # every declared field is required
                    wf.apply(m, wf.CaseState(state), t.name, role, {}, today=MONDAY)


def test_an_anonymous_report_through_to_a_credit_event(office, agency):
    complaint, code = file(agency=agency)
    assert complaint.number == "JB2026000001" and complaint.state == "submitted"
    assert complaint.complainant is None and complaint.subject_name == agency.name
    assert complaint.due == calendar.add_workdays(MONDAY, 7) == D(2026, 3, 11)  # 受理 within 7 working days
    assert ca.find("jb2026000001", code) == complaint and ca.find(complaint.number, "wrong") is None
    ca.do_transition(office, complaint, "accept", today=D(2026, 3, 4))
    complaint.refresh_from_db()
    assert complaint.state == "accepted" and complaint.handler == office
    assert complaint.due == calendar.add_workdays(D(2026, 3, 4), 15) == D(2026, 3, 25)  # 核查 within 15
    handler = User.objects.create_user("office2", password="x", role="office")
    ca.do_transition(office, complaint, "assign", {"assignee": "office2"}, today=D(2026, 3, 5))
    complaint.refresh_from_db()
    assert complaint.handler == handler and complaint.state == "investigating"
    with pytest.raises(wf.FieldErrors):
        ca.do_transition(office, complaint, "substantiate", {"finding": "查实", "credit_code": "no_such_rule"})
    ca.do_transition(handler, complaint, "substantiate",
                     {"finding": "经核查，该所代理了 37 件拼凑申请", "credit_code": "abnormal_filing"},
                     today=D(2026, 3, 20))
    complaint.refresh_from_db()
    assert complaint.state == "substantiated" and complaint.stopped_on == D(2026, 3, 20)
    assert wf.on_time(wf.Clock.of(complaint)) is True
    event = CreditEvent.objects.get(agency=agency)
    assert (event.code, event.source, event.source_ref) == ("abnormal_filing", "complaint", complaint.number)
    assert complaint.credit_event_ref == str(event.pk)
    assert [s.transition for s in complaint.steps.all()] == ["submit", "accept", "assign", "substantiate"]
    assert AuditLog.objects.filter(action__startswith="complaints.").count() == 4


def test_the_clock_pauses_while_the_complainant_is_asked_for_material(office, agency):
    person = User.objects.create_user("citizen", password="x", role="public")
    complaint, _ = file(person, agency, kind="complaint")
    assert complaint.number.startswith("TS2026") and complaint.complainant == person
    ca.do_transition(office, complaint, "accept", today=D(2026, 3, 4))
    ca.do_transition(office, complaint, "investigate", today=D(2026, 3, 4))
    ca.do_transition(office, complaint, "request_material", {"comment": "请提供委托合同"}, today=D(2026, 3, 10))
    with pytest.raises(wf.TransitionError):  # the office cannot answer for the complainant
        ca.do_transition(office, complaint, "answer", {"comment": "x"}, today=D(2026, 3, 13))
    ca.do_transition(person, complaint, "answer", {"comment": "已上传合同"}, today=D(2026, 3, 13))
    complaint.refresh_from_db()
    assert complaint.waited == 3 and complaint.due == calendar.add_workdays(D(2026, 3, 25), 3) == D(2026, 3, 30)
    ca.do_transition(office, complaint, "dismiss", {"finding": "查无实据"}, today=D(2026, 3, 31))
    complaint.refresh_from_db()
    assert complaint.state == "unsubstantiated" and wf.on_time(wf.Clock.of(complaint)) is False
    assert not CreditEvent.objects.exists()


def test_overdue_complaints_and_limits_from_the_settings(office, agency, monkeypatch):
    complaint, _ = file(agency=agency)
    assert list(ca.overdue(D(2026, 3, 12))) == [complaint] and not ca.overdue(D(2026, 3, 11)).exists()
    ca.do_transition(office, complaint, "decline", {"reason": "不属于本部门管辖"}, today=D(2026, 3, 12))
    assert not ca.overdue(D(2026, 4, 1)).exists()
    monkeypatch.setenv("ZHICHAN_COMPLAINT_ACCEPT_DAYS", "3")
    later, _ = file(agency=agency, address="198.51.100.7")
    assert later.due == D(2026, 3, 5)


def test_who_may_take_each_step(office, agency):
    person = User.objects.create_user("citizen", password="x", role="public")
    stranger = User.objects.create_user("other", password="x", role="enterprise")
    complaint, _ = file(person, agency)
    with pytest.raises(PermissionDenied):
        ca.do_transition(stranger, complaint, "accept")
    with pytest.raises(wf.TransitionError):  # the complainant may not accept their own complaint
        ca.do_transition(person, complaint, "accept")
    with pytest.raises(wf.UndeclaredFields):
        ca.do_transition(office, complaint, "accept", {"finding": "x"})
    with pytest.raises(wf.FieldErrors):
        ca.do_transition(office, complaint, "assign", {"assignee": "citizen"})
    ca.do_transition(person, complaint, "withdraw")
    complaint.refresh_from_db()
    assert complaint.state == "withdrawn"


def test_the_public_form_is_rate_limited_per_address(monkeypatch):
    monkeypatch.setenv("ZHICHAN_COMPLAINT_HOURLY_LIMIT", "2")
    file(address="192.0.2.1")
    file(address="192.0.2.1")
    with pytest.raises(ca.TooManyComplaints):
        file(address="192.0.2.1")
    file(address="192.0.2.2")
    monkeypatch.setenv("ZHICHAN_COMPLAINT_HOURLY_LIMIT", "0")
    file(address="192.0.2.1")
    assert ca.submitter_key("192.0.2.1") not in ("", "192.0.2.1")


# ---- the pages ------------------------------------------------------------------------------------------------------

FORM = {"kind": "report", "subject": "徐州某某专利代理事务所", "description": "该所以拼凑方式代理了大量专利申请，请核查。"}


def test_a_visitor_files_and_follows_a_complaint(client, agency):
    form = client.get("/public/complaints/")
    assert form.status_code == 200 and f'<option value="{agency.name}">' in form.content.decode()  # suggested
    page = client.post("/public/complaints/", FORM)
    text = page.content.decode()
    complaint = ca.Complaint.objects.get()
    assert page.status_code == 200 and complaint.number in text and complaint.agency == agency
    code = text.split('id="complaint-code">')[1].split("<")[0]
    assert ca.find(complaint.number, code) == complaint
    follow = client.post("/public/complaints/follow/", {"number": complaint.number, "code": code})
    assert follow.status_code == 200 and "待受理" in follow.content.decode()
    assert client.post("/public/complaints/follow/", {"number": complaint.number, "code": "x"}).status_code == 400
    assert client.post("/public/complaints/", {**FORM, "description": "太短"}).status_code == 400
    assert client.get(f"/complaints/{complaint.pk}/").status_code == 302  # the office page: sign in first


def test_the_form_answers_429_past_the_hourly_limit(client, monkeypatch):
    monkeypatch.setenv("ZHICHAN_COMPLAINT_HOURLY_LIMIT", "1")
    assert client.post("/public/complaints/", FORM).status_code == 200
    refused = client.post("/public/complaints/", FORM)
    assert refused.status_code == 429 and "频繁" in refused.content.decode()


def test_the_office_handles_a_complaint_on_its_page(client, office, agency):
    complaint, _ = file(agency=agency)
    client.force_login(office)
    listing = client.get("/complaints/")
    assert listing.status_code == 200 and complaint.number in listing.content.decode()
    page = client.get(f"/complaints/{complaint.pk}/").content.decode()
    assert 'id="action-accept"' in page and 'id="action-withdraw"' not in page
    assert client.post(f"/complaints/{complaint.pk}/", {"accept-transition": "accept"}).status_code == 302
    assert client.post(f"/complaints/{complaint.pk}/", {"investigate-transition": "investigate"}).status_code == 302
    page = client.get(f"/complaints/{complaint.pk}/").content.decode()
    assert "abnormal_filing" in page  # the credit rules a substantiation may record
    assert client.post(f"/complaints/{complaint.pk}/", {
        "substantiate-transition": "substantiate", "substantiate-finding": "查实"}).status_code == 400
    answer = client.post(f"/complaints/{complaint.pk}/", {
        "substantiate-transition": "substantiate", "substantiate-finding": "查实，拼凑申请 37 件",
        "substantiate-credit_code": "abnormal_filing"})
    assert answer.status_code == 302
    complaint.refresh_from_db()
    assert complaint.state == "substantiated" and CreditEvent.objects.filter(agency=agency).count() == 1
    assert "已计入信用档案" in client.get(f"/complaints/{complaint.pk}/").content.decode()


def test_who_may_open_the_complaint_pages(client, agency):
    person = User.objects.create_user("citizen", password="x", role="public")
    complaint, _ = file(person, agency)
    client.force_login(User.objects.create_user("firm", password="x", role="enterprise"))
    assert client.get("/complaints/").status_code == 403
    assert client.get(f"/complaints/{complaint.pk}/").status_code == 403
    assert client.post(f"/complaints/{complaint.pk}/", {"accept-transition": "accept"}).status_code == 403
    client.force_login(person)  # the complainant: their own page, their own steps
    assert client.get("/complaints/").status_code == 403
    page = client.get(f"/complaints/{complaint.pk}/").content.decode()
    assert 'id="action-withdraw"' in page and 'id="action-accept"' not in page
    assert client.post(f"/complaints/{complaint.pk}/", {"accept-transition": "accept"}).status_code == 400
    assert client.post(f"/complaints/{complaint.pk}/", {"withdraw-transition": "withdraw"}).status_code == 302
    complaint.refresh_from_db()
    assert complaint.state == "withdrawn"


def test_an_anonymous_complaint_goes_on_without_an_answer_and_is_linked_to_the_agency(client, office, agency):
    complaint, _ = file(subject_name="某某代理所（徐州）")  # a variant of the registered name
    assert complaint.agency is None
    ca.do_transition(office, complaint, "accept", today=D(2026, 3, 4))
    ca.do_transition(office, complaint, "investigate", today=D(2026, 3, 4))
    ca.do_transition(office, complaint, "request_material", {"comment": "请提供联系方式"}, today=D(2026, 3, 5))
    ca.do_transition(office, complaint, "resume", {"comment": "匿名，无法联系，按现有材料核查"}, today=D(2026, 3, 9))
    complaint.refresh_from_db()
    assert complaint.state == "investigating" and complaint.waited == 2
    client.force_login(office)
    assert client.post(f"/complaints/{complaint.pk}/", {"link": "没有这家"}).status_code == 400
    assert client.post(f"/complaints/{complaint.pk}/", {"link": agency.name}).status_code == 302
    complaint.refresh_from_db()
    assert complaint.agency == agency and AuditLog.objects.filter(action="complaints.link").exists()
    ca.do_transition(office, complaint, "substantiate", {"finding": "查实", "credit_code": "abnormal_filing"})
    assert CreditEvent.objects.filter(agency=agency, source="complaint").count() == 1
    with pytest.raises(wf.TransitionError):
        ca.do_link_subject(office, complaint, None)
