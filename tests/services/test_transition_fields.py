"""A transition takes only the fields it declares (issue 12, defect 3): an applicant cannot set the window's result,
custodian or registration number, and staff cannot rewrite what the applicant filed. Anything else in the POST is
refused by name and nothing of it is stored."""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest

from tests.services.test_cases import pdf, people  # noqa: F401  (fixture)
from zhichan.core.workflow import machine as wf
from zhichan.core.workflow.services import MACHINES
from zhichan.services import actions
from zhichan.services.models import Case, CaseEvent, Window

pytestmark = pytest.mark.django_db
D = dt.date
PLEDGE = {"pledgor": "徐州某某科技有限公司", "pledgee": "某银行", "rights": "ZL202110000001.6", "amount_wan": "500",
          "start_date": "2026-03-01", "end_date": "2027-03-01"}


@pytest.fixture
def staffed(people):  # noqa: F811
    for kind in ("pledge", "trusteeship"):
        window = Window.objects.get(kind=kind)
        window.staff.add(people["examiner"])
        window.supervisor = people["chief"]
        window.save()
    return people


@contextlib.contextmanager
def refused_fields(*names: str):
    """The transition is refused for exactly these undeclared field codes (the message names them by label)."""
    with pytest.raises(wf.UndeclaredFields) as refused:
        yield
    assert refused.value.names == list(names)


def test_every_transition_declares_what_it_accepts():
    for machine in MACHINES.values():
        for t in machine.transitions:
            assert set(t.accepts) <= set(machine.fields), (machine.kind, t.name)
    pledge = MACHINES["pledge"]
    with pytest.raises(wf.UndeclaredFields) as refused:
        wf.accepted(pledge, pledge.transition("submit"), {**PLEDGE, "registration_number": "Y1"})
    assert refused.value.names == ["registration_number"] and "登记号" in str(refused.value)  # named by its label
    assert wf.accepted(pledge, pledge.transition("approve"), {"registration_number": " Y1 "}) == \
        {"registration_number": "Y1"}


def test_applicant_cannot_set_the_official_fields(staffed):
    u = staffed
    case = actions.do_open_case(u["applicant"], "pledge")
    with refused_fields("registration_number"):
        actions.do_transition(u["applicant"], case, "submit", {**PLEDGE, "registration_number": "Y2026FAKE"},
                              [pdf("合同.pdf")], D(2026, 3, 2))
    case.refresh_from_db()
    assert case.state == "draft" and "registration_number" not in case.fields and not case.events.exists()
    case = actions.do_transition(u["applicant"], case, "submit", PLEDGE, [pdf("合同.pdf")], D(2026, 3, 2))
    actions.do_transition(u["examiner"], case, "claim", today=D(2026, 3, 2))
    actions.do_transition(u["examiner"], case, "request_material", {"comment": "请补充合同"}, today=D(2026, 3, 3))
    with refused_fields("result"):  # answering is no way to write the result either
        actions.do_transition(u["applicant"], case, "answer", {"comment": "已补充", "result": "已登记"},
                              [pdf("补正.pdf")], D(2026, 3, 4))
    with refused_fields("amount_wan"):  # nor to change what was filed after the fact
        actions.do_transition(u["applicant"], case, "answer", {"comment": "已补充", "amount_wan": "50000"},
                              [pdf("补正.pdf")], D(2026, 3, 4))
    case.refresh_from_db()
    assert case.state == "needs_material" and case.fields["amount_wan"] == "500" and "result" not in case.fields


def test_staff_take_only_their_transitions_fields(staffed):
    u = staffed
    case = actions.do_open_case(u["applicant"], "trusteeship")
    actions.do_transition(u["applicant"], case, "submit", {"enterprise": "徐州某某科技有限公司",
                                                           "portfolio": "CN202110000001.6"}, today=D(2026, 3, 2))
    with refused_fields("portfolio"):
        actions.do_transition(u["examiner"], case, "accept", {"custodian": "徐州市知识产权局", "portfolio": ""},
                              today=D(2026, 3, 3))
    with refused_fields("custodian"):  # claim-free window: decline takes a reason only
        actions.do_transition(u["examiner"], case, "decline", {"reason": "材料不全", "custodian": "某机构"},
                              today=D(2026, 3, 3))
    case.refresh_from_db()
    assert case.state == "submitted" and case.fields["portfolio"] == "CN202110000001.6"
    assert "custodian" not in case.fields and case.events.count() == 1
    case = actions.do_transition(u["examiner"], case, "accept", {"custodian": "徐州市知识产权局"}, today=D(2026, 3, 3))
    assert case.state == "active" and case.fields["custodian"] == "徐州市知识产权局"


def test_opening_a_case_takes_only_the_submission_fields(staffed):
    with refused_fields("answer"):
        actions.do_open_case(staffed["applicant"], "consult", {"question": "如何质押？", "answer": "自答"})
    assert not Case.objects.filter(kind="consult").exists()


def test_a_post_with_undeclared_fields_is_a_400_naming_them(staffed, client):
    u = staffed
    case = actions.do_open_case(u["applicant"], "pledge")
    client.force_login(u["applicant"])
    response = client.post(f"/services/cases/{case.pk}/", {"transition": "submit", **PLEDGE,
                                                            "registration_number": "Y2026FAKE",
                                                            "files": [pdf("合同.pdf")]})
    page = response.content.decode()
    assert response.status_code == 400 and "registration_number" in page and "登记号" in page
    case.refresh_from_db()
    assert case.state == "draft" and case.fields == {} and not CaseEvent.objects.filter(case=case).exists()
    response = client.post(f"/services/cases/{case.pk}/", {"transition": "submit", **PLEDGE,
                                                            "files": [pdf("合同.pdf")]})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == "submitted"

    client.force_login(u["examiner"])
    client.post(f"/services/cases/{case.pk}/", {"transition": "claim"})
    response = client.post(f"/services/cases/{case.pk}/", {"transition": "approve", "registration_number": "Y1",
                                                            "amount_wan": "1"})
    assert response.status_code == 400 and "amount_wan" in response.content.decode()
    case.refresh_from_db()
    assert case.state == "in_review" and case.fields["amount_wan"] == "500"
    response = client.post(f"/services/cases/{case.pk}/", {"transition": "approve", "registration_number": "Y1"})
    case.refresh_from_db()
    assert response.status_code == 302 and case.state == "registered" and case.fields["registration_number"] == "Y1"


def test_an_unknown_transition_is_a_400(staffed, client):
    case = actions.do_open_case(staffed["applicant"], "consult")
    client.force_login(staffed["applicant"])
    response = client.post(f"/services/cases/{case.pk}/", {"transition": "approve_everything"})
    assert response.status_code == 400 and "approve_everything" in response.content.decode()
