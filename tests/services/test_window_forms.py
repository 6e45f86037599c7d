"""The forms of the service windows (issue 13, item 5): typed amounts and dates, dates in order, registered 备案
entities only, application numbers with their check character, the user's input kept and each error shown beside
its field, a draft (and its number) only when the user saves it, and 维权援助 with a multi-line description and
evidence uploaded at submission. Each defect of the issue is reproduced first, through the pages."""

from __future__ import annotations

import datetime as dt
import html
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.services.test_cases import PDF, pdf, people, registered  # noqa: F401  (fixture)
from zhichan.core.workflow import machine as wf
from zhichan.services import actions, fieldrules, stats, uploads
from zhichan.services.models import Attachment, Case, CaseEvent, Window

pytestmark = pytest.mark.django_db
D = dt.date
PLEDGE = {"pledgor": "徐州某某科技有限公司", "pledgee": "徐州银行", "rights": "ZL202110000001.6", "amount_wan": "500",
          "start_date": "2026-03-01", "end_date": "2027-03-01"}
PREEXAM = {"entity": "徐州某某科技有限公司", "title": "一种锂电池正极材料", "patent_type": "发明", "ipc": "H01M 4/131"}
WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE)


@pytest.fixture
def windows(people):  # noqa: F811
    for kind in ("pledge", "assistance"):
        window = Window.objects.get(kind=kind)
        window.staff.add(people["examiner"])
        window.supervisor = people["chief"]
        window.save()
    return people


def error_of(page: str, transition: str, field: str) -> str:
    """The error shown beside a field of a transition's form ('' when none)."""
    found = re.search(rf'id="id_{transition}_{field}_error"[^>]*>(.*?)</', page, re.S)
    return html.unescape(found.group(1)) if found else ""


def value_of(page: str, transition: str, field: str) -> str:
    """What a field of a transition's form shows: an input's value or a textarea's text."""
    found = re.search(rf'<input[^>]*name="{field}"[^>]*id="id_{transition}_{field}"[^>]*>', page) or \
        re.search(rf'<input[^>]*id="id_{transition}_{field}"[^>]*name="{field}"[^>]*>', page)
    if found:
        value = re.search(r'value="([^"]*)"', found.group(0))
        return html.unescape(value.group(1)) if value else ""
    found = re.search(rf'<textarea[^>]*id="id_{transition}_{field}"[^>]*>(.*?)</textarea>', page, re.S)
    return html.unescape(found.group(1)).strip() if found else ""


def submit_draft(client, case, data, files=None):
    return client.post(f"/services/cases/{case.pk}/", {"transition": "submit", **data,
                                                        "files": files if files is not None else [pdf("合同.pdf")]})


# 质押登记: the amount in figures (万元), dates as dates and in order ------------------------------------------


def test_an_amount_in_words_is_refused_beside_its_field_and_nothing_is_stored(windows, client):
    u = windows
    case = actions.do_open_case(u["applicant"], "pledge")
    client.force_login(u["applicant"])
    response = submit_draft(client, case, {**PLEDGE, "amount_wan": "五百万"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "阿拉伯数字" in error_of(page, "submit", "amount_wan")
    field = re.search(r'<input[^>]*name="amount_wan"[^>]*>', page).group(0)  # read out with its field
    assert 'aria-invalid="true"' in field and "id_submit_amount_wan_error" in field
    case.refresh_from_db()
    assert case.state == "draft" and case.fields == {} and not CaseEvent.objects.filter(case=case).exists()
    assert not Attachment.objects.filter(case=case).exists()


def test_after_an_error_every_typed_field_is_kept(windows, client):
    u = windows
    case = actions.do_open_case(u["applicant"], "pledge")
    client.force_login(u["applicant"])
    typed = {**PLEDGE, "amount_wan": "五百万", "start_date": "明年"}
    page = submit_draft(client, case, typed).content.decode()
    for field, value in typed.items():
        assert value_of(page, "submit", field) == value, field
    assert error_of(page, "submit", "start_date") and error_of(page, "submit", "amount_wan")
    assert not error_of(page, "submit", "pledgor")


@pytest.mark.parametrize("start, end, message", [
    ("明年", "2027-03-01", "日期"),
    ("2026-03-01", "后年", "日期"),
    ("2026-03-01", "2026-02-01", "晚于"),
    ("2026-03-01", "2026-03-01", "晚于"),
    ("2026-02-30", "2027-03-01", "日期"),
])
def test_dates_are_dates_and_the_end_comes_after_the_start(windows, client, start, end, message):
    u = windows
    case = actions.do_open_case(u["applicant"], "pledge")
    client.force_login(u["applicant"])
    response = submit_draft(client, case, {**PLEDGE, "start_date": start, "end_date": end})
    page = response.content.decode()
    assert response.status_code == 400
    shown = error_of(page, "submit", "start_date") + error_of(page, "submit", "end_date")
    assert message in shown, shown
    case.refresh_from_db()
    assert case.state == "draft"


@pytest.mark.parametrize("typed, stored", [("500", "500"), ("500.5", "500.5"), ("5,000", "5000"),
                                           ("５００", "500"), (" 1,234.50 ", "1234.5"), ("500万元", "500")])
def test_amounts_in_figures_are_stored_as_decimal_wan(windows, client, typed, stored):
    u = windows
    case = actions.do_open_case(u["applicant"], "pledge")
    client.force_login(u["applicant"])
    response = submit_draft(client, case, {**PLEDGE, "amount_wan": typed, "start_date": "2026/3/1",
                                           "end_date": "2027年3月1日"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == "submitted" and case.fields["amount_wan"] == stored
    assert (case.fields["start_date"], case.fields["end_date"]) == ("2026-03-01", "2027-03-01")


def test_the_actions_refuse_what_the_form_refuses(windows):
    u = windows
    case = actions.do_open_case(u["applicant"], "pledge")
    with pytest.raises(wf.FieldErrors) as refused:
        actions.do_transition(u["applicant"], case, "submit", {**PLEDGE, "amount_wan": "五百万", "end_date": "2026-01-01"},
                              [pdf("合同.pdf")], D(2026, 3, 2))
    assert set(refused.value.errors) == {"amount_wan", "end_date"}
    with pytest.raises(wf.FieldErrors, match="融资金额"):
        actions.do_open_case(u["applicant"], "pledge", {"amount_wan": "五百万"})
    case.refresh_from_db()
    assert case.state == "draft" and case.fields == {}


def test_the_financing_total_counts_amounts_with_thousands_separators(windows):
    u = windows
    for amount in ("5,000", "500.5"):
        case = actions.do_open_case(u["applicant"], "pledge")
        actions.do_transition(u["applicant"], case, "submit", {**PLEDGE, "amount_wan": amount}, [pdf("合同.pdf")],
                              D(2026, 3, 2))
        actions.do_transition(u["examiner"], case, "claim", today=D(2026, 3, 2))
        actions.do_transition(u["examiner"], case, "approve", {"registration_number": f"Y{amount}"}, today=D(2026, 3, 3))
    legacy = actions.do_open_case(u["applicant"], "pledge")  # stored before the forms checked amounts
    Case.objects.filter(pk=legacy.pk).update(state="registered", stopped_on=D(2026, 3, 3),
                                             fields={**PLEDGE, "amount_wan": "五百万"})
    totals = stats.pledges(D(2026, 1, 1), D(2026, 12, 31))
    assert totals["amount_wan"] == 5500.5 and totals["count"] == 3
    assert totals["unreadable"] == [legacy.number]  # named on the statistics page, not counted as 0 silently


# 专利预审: a registered (备案) entity, application numbers with their check character ----------------------------


def test_an_unregistered_entity_is_refused_beside_its_field(people, client):  # noqa: F811
    u = people
    registered(u)  # the firm's 备案 of 徐州某某科技有限公司 passed
    case = actions.do_open_case(u["applicant"], "preexam")
    client.force_login(u["applicant"])
    response = client.post(f"/services/cases/{case.pk}/", {"transition": "submit", **PREEXAM, "entity": "某空壳公司",
                                                            "files": [pdf()]})
    assert response.status_code == 400
    assert "备案" in error_of(response.content.decode(), "submit", "entity")
    case.refresh_from_db()
    assert case.state == "draft"
    response = client.post(f"/services/cases/{case.pk}/", {"transition": "submit", **PREEXAM, "files": [pdf()]})
    case.refresh_from_db()
    assert response.status_code == 302 and case.state == "submitted"


def test_an_entity_still_under_review_is_not_registered(people, client):  # noqa: F811
    u = people
    pending = actions.do_open_case(u["applicant"], "preexam_entity")
    actions.do_transition(u["applicant"], pending, "submit", {
        "entity_name": "徐州某某科技有限公司", "credit_code": "91320300MA0000000J", "address": "徐州市",
        "technical_fields": "新能源"}, [pdf("营业执照.pdf")], D(2026, 3, 2))
    case = actions.do_open_case(u["applicant"], "preexam")
    with pytest.raises(wf.FieldErrors) as refused:
        actions.do_transition(u["applicant"], case, "submit", PREEXAM, [pdf()], D(2026, 3, 2))
    assert "entity" in refused.value.errors
    client.force_login(u["applicant"])
    page = client.get("/services/apply/preexam/").content.decode()
    assert "请先办理专利预审主体备案" in page and "/services/apply/preexam_entity/" in page


def test_the_entity_is_chosen_from_the_registered_ones(people, client):  # noqa: F811
    u = people
    registered(u)
    client.force_login(u["applicant"])
    page = client.get("/services/apply/preexam/").content.decode()
    select = re.search(r'<select[^>]*name="entity".*?</select>', page, re.S)
    assert select and "徐州某某科技有限公司" in select.group(0)
    client.force_login(u["outsider"])  # another firm sees none of them
    page = client.get("/services/apply/preexam/").content.decode()
    assert "徐州某某科技有限公司" not in page


def test_a_credit_code_with_a_wrong_check_character_is_refused(people, client):  # noqa: F811
    u = people
    client.force_login(u["applicant"])
    response = client.post("/services/apply/preexam_entity/", {
        "transition": "submit", "intent": "submit", "entity_name": "徐州某某科技有限公司",
        "credit_code": "91320300MA00000001", "address": "徐州市", "technical_fields": "新能源",
        "files": [pdf("营业执照.pdf")]})
    assert response.status_code == 400
    assert "校验位" in error_of(response.content.decode(), "submit", "credit_code")
    assert not Case.objects.exists()


def passed(u):
    registered(u)
    case = actions.do_open_case(u["applicant"], "preexam")
    actions.do_transition(u["applicant"], case, "submit", PREEXAM, [pdf()], D(2026, 3, 2))
    actions.do_transition(u["examiner"], case, "claim", today=D(2026, 3, 2))
    return actions.do_transition(u["examiner"], case, "approve", {"result": "合格"}, today=D(2026, 3, 3))


@pytest.mark.parametrize("number, message", [
    ("CN202610000001.X", "校验位"),  # the check character of 202610000001 is 9
    ("CN202610000001", "校验位"),  # a formal filing's number is written with it
    ("CN202620000001.4", "发明"),  # a utility model's number for an invention request
    ("申请号待定", "申请号"),
])
def test_an_application_number_needs_its_right_check_character(people, client, number, message):  # noqa: F811
    u = people
    case = passed(u)
    client.force_login(u["applicant"])
    response = client.post(f"/services/cases/{case.pk}/", {"transition": "record_filing",
                                                            "application_number": number})
    page = response.content.decode()
    assert response.status_code == 400 and message in error_of(page, "record_filing", "application_number")
    assert value_of(page, "record_filing", "application_number") == number
    case.refresh_from_db()
    assert case.state == "passed"


def test_a_right_application_number_is_stored_in_its_canonical_form(people, client):  # noqa: F811
    u = people
    case = passed(u)
    client.force_login(u["applicant"])
    response = client.post(f"/services/cases/{case.pk}/", {"transition": "record_filing",
                                                            "application_number": "ZL 2026 1000 0001.9"})
    case.refresh_from_db()
    assert response.status_code == 302 and case.state == "filed"
    assert case.fields["application_number"] == "CN202610000001.9"


def test_a_trusteeship_portfolio_names_the_numbers_it_cannot_read(people, client):  # noqa: F811
    u = people
    client.force_login(u["applicant"])
    response = client.post("/services/apply/trusteeship/", {
        "transition": "submit", "intent": "submit", "enterprise": "徐州某某科技有限公司",
        "portfolio": "CN202110000001.6，CN202310000001.4\nCN000"})
    message = error_of(response.content.decode(), "submit", "portfolio")
    assert response.status_code == 400 and "CN202310000001.4" in message and "CN000" in message
    assert "CN202110000001.6" not in message
    response = client.post("/services/apply/trusteeship/", {
        "transition": "submit", "intent": "submit", "enterprise": "徐州某某科技有限公司",
        "portfolio": "CN202110000001.6，2023100000015"})
    case = Case.objects.get(kind="trusteeship")
    assert response.status_code == 302 and case.fields["portfolio"] == "CN202110000001.6\nCN202310000001.5"


# Drafts: a window button shows the empty form; a draft and its number exist only once saved -----------------


def test_a_window_button_shows_the_empty_form_and_writes_nothing(windows, client):
    u = windows
    client.force_login(u["applicant"])
    for url in ("/services/my/", "/services/catalogue/pledge/"):
        page = client.get(url).content.decode()
        assert re.search(r'<a[^>]*href="/services/apply/pledge/"', page), url
        assert 'action="/services/apply/pledge/"' not in page
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/services/apply/pledge/")
    page = response.content.decode()
    assert response.status_code == 200 and 'id="action-submit"' in page
    assert value_of(page, "submit", "pledgor") == "" and 'value="save"' in page
    assert not Case.objects.exists()
    assert not [q["sql"] for q in queries.captured_queries if WRITES.match(q["sql"])]


def test_a_draft_and_its_number_are_created_when_the_user_saves(windows, client):
    u = windows
    client.force_login(u["applicant"])
    response = client.post("/services/apply/pledge/", {"transition": "submit", "intent": "save",
                                                       "pledgor": "徐州某某科技有限公司", "amount_wan": "5,000"})
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/services/cases/{case.pk}/"
    assert case.state == "draft" and case.number.startswith("ZY")
    assert case.fields == {"pledgor": "徐州某某科技有限公司", "amount_wan": "5000"}
    page = client.get(f"/services/cases/{case.pk}/").content.decode()
    assert value_of(page, "submit", "amount_wan") == "5000" and 'value="save"' in page
    client.post(f"/services/cases/{case.pk}/", {"transition": "submit", "intent": "save", "pledgee": "徐州银行"})
    case.refresh_from_db()
    assert case.fields["pledgee"] == "徐州银行" and case.state == "draft" and Case.objects.count() == 1
    response = client.post("/services/apply/pledge/", {"transition": "submit", "intent": "save", "amount_wan": "五百万"})
    assert response.status_code == 400 and Case.objects.count() == 1  # a typed error is refused in a draft too


def test_submitting_from_the_empty_form_creates_the_case_only_when_it_is_valid(windows, client):
    u = windows
    client.force_login(u["applicant"])
    response = client.post("/services/apply/pledge/", {"transition": "submit", "intent": "submit",
                                                       **PLEDGE, "end_date": "2026-01-01", "files": [pdf("合同.pdf")]})
    assert response.status_code == 400 and not Case.objects.exists()
    assert value_of(response.content.decode(), "submit", "pledgee") == "徐州银行"
    response = client.post("/services/apply/pledge/", {"transition": "submit", "intent": "submit", **PLEDGE})
    assert response.status_code == 400 and not Case.objects.exists()  # the contract is required
    assert "附件" in error_of(response.content.decode(), "submit", "files")
    response = client.post("/services/apply/pledge/", {"transition": "submit", "intent": "submit", **PLEDGE,
                                                       "files": [pdf("合同.pdf")]})
    case = Case.objects.get()
    assert response.status_code == 302 and case.state == "submitted" and case.number.endswith("000001")
    assert case.attachments.count() == 1


# 维权援助: a multi-line description, evidence uploaded at submission --------------------------------------------


def test_assistance_takes_a_multi_line_description_and_evidence(windows, client):
    u = windows
    client.force_login(u["applicant"])
    page = client.get("/services/apply/assistance/").content.decode()
    assert re.search(r'<textarea[^>]*name="description"', page)
    assert re.search(r'<input[^>]*type="file"[^>]*name="files"[^>]*multiple', page) or \
        re.search(r'<input[^>]*name="files"[^>]*type="file"[^>]*multiple', page)
    description = "2026年2月发现对方网店销售仿冒产品。\n已公证购买，见附件。"
    response = client.post("/services/apply/assistance/", {
        "transition": "submit", "intent": "submit", "subject": "某网店", "description": description,
        "files": [pdf("公证书.pdf"), SimpleUploadedFile("照片.png", b"\x89PNG\r\n\x1a\n....")]})
    case = Case.objects.get(kind="assistance")
    assert response.status_code == 302 and case.state == "submitted" and case.fields["description"] == description
    event = case.events.get(transition="submit")
    assert sorted(a.name for a in event.attachments.all()) == ["公证书.pdf", "照片.png"]
    response = client.post("/services/apply/assistance/", {  # evidence may also come later
        "transition": "submit", "intent": "submit", "subject": "另一网店", "description": "销售仿冒产品"})
    assert response.status_code == 302 and Case.objects.filter(kind="assistance").count() == 2


def test_evidence_over_the_size_limit_is_refused_and_nothing_is_kept(windows, client, monkeypatch):
    u = windows
    monkeypatch.setenv("ZHICHAN_MAX_ATTACHMENT_MB", "1")
    client.force_login(u["applicant"])
    response = client.post("/services/apply/assistance/", {
        "transition": "submit", "intent": "submit", "subject": "某网店", "description": "第一行\n第二行",
        "files": [pdf("公证书.pdf"), pdf("录像.pdf", PDF + b"0" * (2 * 1024 * 1024))]})
    page = response.content.decode()
    assert response.status_code == 400 and "1 MB" in error_of(page, "submit", "files")
    assert value_of(page, "submit", "description") == "第一行\n第二行"
    assert not Case.objects.exists() and not Attachment.objects.exists()
    assert not any(uploads.folder().iterdir())


def test_staff_choose_the_assignee_from_the_window_staff(windows, client):
    u = windows
    case = actions.do_open_case(u["applicant"], "assistance")
    actions.do_transition(u["applicant"], case, "submit", {"subject": "某网店", "description": "仿冒"},
                          today=D(2026, 3, 2))
    actions.do_transition(u["examiner"], case, "accept", today=D(2026, 3, 3))
    client.force_login(u["examiner"])  # staff, not the supervisor: 分派 is theirs too
    page = client.get(f"/services/cases/{case.pk}/").content.decode()
    select = re.search(r'<select[^>]*name="assignee".*?</select>', page, re.S)
    assert select and 'value="examiner"' in select.group(0)
    response = client.post(f"/services/cases/{case.pk}/", {"transition": "assign", "assignee": "outsider"})
    assert response.status_code == 400 and error_of(response.content.decode(), "assign", "assignee")
    client.post(f"/services/cases/{case.pk}/", {"transition": "assign", "assignee": "examiner"})
    case.refresh_from_db()
    assert case.state == "in_progress" and case.assignee == u["examiner"]
    client.force_login(u["applicant"])  # the 承办人 is shown once, not again among the case's fields
    assert client.get(f"/services/cases/{case.pk}/").content.decode().count("<dt>承办人</dt>") == 1


# The rules themselves (pure) ---------------------------------------------------------------------------------


@pytest.mark.parametrize("typed, value", [("500", Decimal("500")), ("500.5", Decimal("500.5")),
                                          ("5,000", Decimal("5000")), ("1,234,567.8", Decimal("1234567.8")),
                                          ("５,０００", Decimal("5000")), ("500 万元", Decimal("500")),
                                          ("0.0001", Decimal("0.0001"))])
def test_amounts_read(typed, value):
    assert fieldrules.amount_wan(typed) == value


@pytest.mark.parametrize("typed, message", [("五百万", "阿拉伯数字"), ("5,00", "千位"), ("500元", "万元"),
                                            ("-5", "大于 0"), ("0", "大于 0"), ("1e3", "阿拉伯数字"),
                                            ("0.00001", "小数"), ("", "金额"), ("NaN", "阿拉伯数字")])
def test_amounts_refused(typed, message):
    with pytest.raises(fieldrules.FieldError, match=message):
        fieldrules.amount_wan(typed)


@pytest.mark.parametrize("typed", ["2026-03-01", "2026/3/1", "2026.3.1", "2026年3月1日", "２０２６－０３－０１"])
def test_dates_read(typed):
    assert fieldrules.date(typed) == D(2026, 3, 1)


@pytest.mark.parametrize("typed", ["明年", "2026-02-30", "03/01/2026", "20260301x", "1899-01-01", ""])
def test_dates_refused(typed):
    with pytest.raises(fieldrules.FieldError):
        fieldrules.date(typed)


def test_every_declared_field_has_a_known_kind():
    from zhichan.core.workflow.services import MACHINES

    for machine in MACHINES.values():
        for name in machine.fields:
            assert machine.kind_of(name) in fieldrules.KINDS, (machine.kind, name)
        for earlier, later in machine.ordered:
            assert machine.kind_of(earlier) == machine.kind_of(later) == wf.DATE


def test_the_refusals_are_translated(windows, client):
    u = windows
    case = actions.do_open_case(u["applicant"], "pledge")
    client.force_login(u["applicant"])
    client.cookies["django_language"] = "en"
    page = submit_draft(client, case, {**PLEDGE, "amount_wan": "五百万", "start_date": "明年"}).content.decode()
    assert error_of(page, "submit", "amount_wan").startswith("Enter the amount in figures")
    assert error_of(page, "submit", "start_date") == "Enter a date, e.g. 2026-03-01"
