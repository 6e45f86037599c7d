"""Dispute cases through their actions: clocks on the 2025 calendar (国庆 10-01 … 10-08; Sunday 09-28 and Saturday
10-11 worked), suspension, extension, the panel and its recusal check, the e-commerce 15 days, evidence hashes,
anonymity, permissions."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhichan.core.permissions import PermissionDenied
from zhichan.core.workflow import machine as wf
from zhichan.protection import actions
from zhichan.protection.models import DisputeCase

from .conftest import adjudication

D = dt.date
pytestmark = pytest.mark.django_db


def _panel(people, case, members=("staff_a", "staff_b", "staff_c"), relations=None):
    relations = relations or {}
    return actions.do_set_panel(people["office"], case, [(m, relations.get(m, "")) for m in members], members[0],
                                today=D(2025, 10, 10))


def test_adjudication_from_filing_to_decision(people, patent):
    case = adjudication(people, patent)
    assert case.number == "CJ2025000001" and case.state == "submitted"
    assert case.accept_due == D(2025, 10, 10) and case.due == D(2025, 10, 10)
    assert list(case.patents.all()) == [patent]
    case = actions.do_transition(people["a"], case, "accept", today=D(2025, 10, 9))
    # the decision's 3 months run from the filing (09-26), not from the acceptance
    assert (case.accepted_on, case.clock_started, case.due, case.handler) == (
        D(2025, 10, 9), D(2025, 9, 26), D(2025, 12, 26), people["a"])
    for wrong in ("2025-10-08", "2025-10-11", "10/10/2025"):  # before the acceptance, in the future, not a date
        with pytest.raises(wf.FieldErrors):
            actions.do_transition(people["a"], case, "serve", {"served_on": wrong}, today=D(2025, 10, 10))
    case = actions.do_transition(people["a"], case, "serve", {"served_on": "2025-10-10"}, today=D(2025, 10, 10))
    # notice on Friday 10-10: Saturday 10-11 (worked), 10-13, 10-14, 10-15, 10-16: the earliest hearing is 10-16
    with pytest.raises(wf.FieldErrors) as refused:
        actions.do_transition(people["a"], case, "schedule", {"hearing_on": "2025-10-15", "place": "第一审理庭"},
                              today=D(2025, 10, 10))
    assert "2025-10-16" in refused.value.errors["hearing_on"]
    case = actions.do_transition(people["a"], case, "schedule", {"hearing_on": "2025-10-16", "place": "第一审理庭"},
                                 today=D(2025, 10, 10))
    case = actions.do_transition(people["a"], case, "hear", {"record": "双方到庭，陈述意见。"}, today=D(2025, 10, 17))
    with pytest.raises(wf.TransitionError):  # no panel yet
        actions.do_transition(people["a"], case, "decide", {"finding": "成立", "decision": "责令停止侵权"},
                              today=D(2025, 11, 3))
    _panel(people, case)
    case = actions.do_transition(people["a"], case, "decide", {"finding": "成立", "decision": "责令停止侵权"},
                                 today=D(2025, 11, 3))
    assert (case.state, case.closed_on, case.stopped_on) == ("decided", D(2025, 11, 3), D(2025, 11, 3))
    assert list(case.steps.values_list("transition", flat=True)) == [
        "submit", "accept", "serve", "schedule", "hear", "panel", "decide"]


def test_suspension_moves_the_due_date_and_blocks_steps(people, patent):
    case = actions.do_transition(people["a"], adjudication(people, patent), "accept", today=D(2025, 9, 30))
    case = actions.do_pause(people["a"], case, "被请求人提出无效宣告请求", today=D(2025, 10, 1))
    with pytest.raises(wf.TransitionError):
        actions.do_transition(people["a"], case, "serve", {"served_on": "2025-10-09"}, today=D(2025, 10, 9))
    case = actions.do_resume(people["a"], case, "无效宣告审查决定维持专利权有效", today=D(2025, 10, 21))
    assert (case.waited, case.due, case.paused_on) == (20, D(2026, 1, 15), None)


def test_extension_once_by_the_supervisor(people, patent):
    case = actions.do_transition(people["a"], adjudication(people, patent), "accept", today=D(2025, 9, 30))
    with pytest.raises(PermissionDenied):
        actions.do_extend(people["a"], case, "案情复杂")
    case = actions.do_extend(people["office"], case, "案情复杂", today=D(2025, 12, 1))
    assert case.due == D(2026, 1, 26) and case.extended
    with pytest.raises(wf.TransitionError):
        actions.do_extend(people["office"], case, "再延长")


def test_panel_must_be_odd_and_at_least_three(people, patent):
    case = adjudication(people, patent)
    with pytest.raises(wf.TransitionError):
        _panel(people, case, ("staff_a",))
    with pytest.raises(wf.TransitionError):
        _panel(people, case, ("staff_a", "staff_b"))
    assert len(_panel(people, case)) == 3


def test_recusal_by_organisation_and_by_declared_relation(people, patent):
    case = adjudication(people, patent)
    with pytest.raises(actions.RecusalError) as refused:  # staff_d works for the respondent
        _panel(people, case, ("staff_a", "staff_b", "staff_d"))
    assert "staff_d" in str(refused.value) and "徐州甲机械有限公司" in str(refused.value)
    with pytest.raises(actions.RecusalError) as refused:  # staff_b declared a relation to the requester
        _panel(people, case, relations={"staff_b": "配偶任职于徐州乙重工有限公司，徐州乙重工有限公司"})
    assert "徐州乙重工有限公司" in str(refused.value)
    assert case.panel.count() == 0  # refused whole
    assert len(_panel(people, case, relations={"staff_b": "某大学"})) == 3


def test_mediation_two_months_three_when_complex(people):
    case, _ = actions.do_file_case(people["office"], "mediation", title="专利许可费纠纷",
                                   fields={"claims": "许可费支付争议"}, today=D(2025, 7, 28))
    case = actions.do_transition(people["a"], case, "accept", today=D(2025, 8, 1))
    assert case.due == D(2025, 10, 9)
    assert actions.do_extend(people["office"], case, "案情复杂").due == D(2025, 11, 3)


NOTICE = D(2025, 9, 10)


def _ecommerce(people, today=NOTICE):
    evidence = SimpleUploadedFile("证据.pdf", b"%PDF-1.4 prima facie", content_type="application/pdf")
    case, _ = actions.do_file_case(people["office"], "ecommerce", title="网店销售侵权起重机配件",
                                   fields={"listing": "https://shop.example/item/1", "claims": "销售侵权产品"},
                                   files=[evidence], today=today)
    return case


def test_ecommerce_notice_needs_prima_facie_evidence(people):
    with pytest.raises(wf.TransitionError):
        actions.do_file_case(people["office"], "ecommerce", title="无证据", fields={"listing": "x", "claims": "y"},
                             today=D(2025, 9, 10))
    case = _ecommerce(people)
    item = case.evidence.get()
    assert item.sha256 == hashlib.sha256(b"%PDF-1.4 prima facie").hexdigest() and item.size == 20


def test_ecommerce_measures_end_after_fifteen_days(people):
    case = actions.do_transition(people["a"], _ecommerce(people), "take_measures",
                                 {"measures": "删除链接并转送通知"}, today=D(2025, 9, 11))
    case = actions.do_transition(people["a"], case, "counter", {"reached_on": "2025-09-16"}, today=D(2025, 9, 17))
    assert case.due == D(2025, 10, 9)  # 15 days end on 10-01, a holiday: the next working day
    with pytest.raises(wf.TransitionError):
        actions.do_transition(people["a"], case, "end_measures", today=D(2025, 10, 9))
    assert actions.do_transition(people["a"], case, "end_measures", today=D(2025, 10, 10)).state == "ended"


def test_ecommerce_measures_stay_when_the_holder_acts_in_time(people):
    case = actions.do_transition(people["a"], _ecommerce(people), "take_measures",
                                 {"measures": "删除链接并转送通知"}, today=D(2025, 9, 11))
    case = actions.do_transition(people["a"], case, "counter", {"reached_on": "2025-09-16"}, today=D(2025, 9, 17))
    with pytest.raises(wf.FieldErrors):
        actions.do_transition(people["a"], case, "holder_acted", {"acted_on": "2025-10-10", "comment": "起诉"},
                              today=D(2025, 10, 11))
    case = actions.do_transition(people["a"], case, "holder_acted", {"acted_on": "2025-10-09", "comment": "已起诉"},
                                 today=D(2025, 10, 11))
    assert case.state == "maintained"


def test_anonymous_report_hides_the_reporter_from_all_but_the_handler(people):
    from django.contrib.auth.models import AnonymousUser

    case, code = actions.do_file_case(AnonymousUser(), "report", title="销售假冒专利产品",
                                      fields={"category": "counterfeit", "claims": "包装标注不存在的专利号"},
                                      anonymous=True, contact_name="张三", address="203.0.113.9", today=D(2025, 9, 26))
    assert case.contact_name == "" and case.reporter is None and case.due == D(2025, 10, 13)  # 7 working days
    assert actions.find(case.number, code) == case and actions.find(case.number, "wrong") is None
    signed, _ = actions.do_file_case(people["enterprise"], "report", title="假冒专利", contact_name="李四",
                                     fields={"category": "counterfeit", "claims": "假冒专利标识"}, today=D(2025, 9, 26))
    actions.do_assign(people["office"], signed, "staff_a")
    signed.refresh_from_db()
    assert actions.reporter_visible(people["a"], signed)
    assert not actions.reporter_visible(people["b"], signed) and not actions.reporter_visible(people["office"], signed)


def test_who_may_file_what(people):
    with pytest.raises(PermissionDenied):  # the public cannot open a mediation or an e-commerce case
        actions.do_file_case(people["public"], "mediation", title="x", fields={"claims": "y"})
    with pytest.raises(PermissionDenied):
        actions.do_file_case(people["public"], "ecommerce", title="x", fields={"listing": "y", "claims": "z"})
    with pytest.raises(wf.TransitionError):  # only a report may be anonymous
        actions.do_file_case(people["public"], "guidance", title="x", fields={"country": "美国", "claims": "y"},
                             anonymous=True)
    case, _ = actions.do_file_case(people["public"], "guidance", title="美国337调查应对",
                                   fields={"country": "美国", "claims": "收到337调查通知"}, contact="13800000000")
    with pytest.raises(PermissionDenied):
        actions.do_transition(people["enterprise"], case, "accept")
    with pytest.raises(wf.TransitionError):  # the filer may withdraw, not accept
        actions.do_transition(people["public"], case, "accept")
    assert actions.do_transition(people["public"], case, "withdraw").state == "withdrawn"
    assert DisputeCase.objects.get(pk=case.pk).closed_on is None  # never accepted: not 结案


def test_the_public_form_is_rate_limited(people, monkeypatch):
    from django.contrib.auth.models import AnonymousUser

    monkeypatch.setenv("ZHICHAN_COMPLAINT_HOURLY_LIMIT", "2")
    for _ in range(2):
        actions.do_file_case(AnonymousUser(), "report", title="t", fields={"category": "other", "claims": "c" * 10},
                             anonymous=True, address="198.51.100.1")
    with pytest.raises(actions.TooManyComplaints):
        actions.do_file_case(AnonymousUser(), "report", title="t", fields={"category": "other", "claims": "c" * 10},
                             anonymous=True, address="198.51.100.1")


def test_the_handler_and_the_signed_in_filer_are_notified(people):
    from zhichan.services.models import Notification

    case, _ = actions.do_file_case(people["enterprise"], "report", title="假冒专利",
                                   fields={"category": "counterfeit", "claims": "假冒专利标识"}, today=D(2025, 9, 26))
    actions.do_assign(people["office"], case, "staff_b")
    actions.do_transition(people["b"], case, "accept", today=D(2025, 9, 29))
    assert list(Notification.objects.filter(user=people["b"]).values_list("url", flat=True)) == [
        f"/protection/office/{case.pk}/"]
    mine = Notification.objects.get(user=people["enterprise"])
    assert case.number in mine.title and mine.url == f"/protection/office/{case.pk}/"
