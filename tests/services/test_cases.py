"""The pre-examination window end to end through the actions, who may see and do what, uploads, reminders."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhichan.core.models import Organization
from zhichan.core.permissions import PermissionDenied
from zhichan.core.workflow.machine import TransitionError
from zhichan.services import actions
from zhichan.services.access import visible_cases
from zhichan.services.models import Attachment, Case, CaseEvent, Notification, TechnicalField, Window
from zhichan.services.uploads import UploadRefused

pytestmark = pytest.mark.django_db
D = dt.date
PDF = b"%PDF-1.4\n% test\n"


def pdf(name="申请文件.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def people(django_user_model):
    firm = Organization.objects.create(name="徐州某某科技有限公司", kind="enterprise")
    other = Organization.objects.create(name="另一家公司", kind="enterprise")
    make = django_user_model.objects.create_user
    users = {
        "applicant": make("applicant", email="a@example.cn", password="x", role="enterprise", organization=firm),
        "colleague": make("colleague", password="x", role="enterprise", organization=firm),
        "outsider": make("outsider", password="x", role="enterprise", organization=other),
        "examiner": make("examiner", email="e@example.cn", password="x", role="staff"),
        "other_staff": make("other_staff", password="x", role="staff"),
        "chief": make("chief", email="c@example.cn", password="x", role="staff"),
    }
    for kind in ("preexam_entity", "preexam"):
        window = Window.objects.get(kind=kind)
        window.staff.add(users["examiner"])
        window.supervisor = users["chief"]
        window.save()
    Window.objects.get(kind="assistance").staff.add(users["other_staff"])
    TechnicalField.objects.create(ipc="H01M", name="新能源")
    return users


MONDAY = D(2026, 3, 2)


def registered(users, today=MONDAY):
    entity = actions.do_open_case(users["applicant"], "preexam_entity")
    fields = {"entity_name": "徐州某某科技有限公司", "credit_code": "91320300MA0000000J", "address": "徐州市泉山区",
              "technical_fields": "新能源"}
    actions.do_transition(users["applicant"], entity, "submit", fields, [pdf("营业执照.pdf")], today)
    actions.do_transition(users["examiner"], entity, "claim", today=today)
    return actions.do_transition(users["examiner"], entity, "approve", {"result": "备案通过"}, today=today)


def test_pre_examination_story(people):
    u = people
    request = actions.do_open_case(u["applicant"], "preexam")
    fields = {"entity": "徐州某某科技有限公司", "title": "一种锂电池正极材料", "patent_type": "发明", "ipc": "H01M 4/131"}
    with pytest.raises(TransitionError, match="备案"):
        actions.do_transition(u["applicant"], request, "submit", fields, [pdf()], D(2026, 3, 2))
    registered(u)
    with pytest.raises(TransitionError, match="技术领域"):
        actions.do_transition(u["applicant"], request, "submit", {**fields, "ipc": "A01B1/00"}, [pdf()], D(2026, 3, 2))
    with pytest.raises(TransitionError, match="附件"):
        actions.do_transition(u["applicant"], request, "submit", fields, [], D(2026, 3, 2))
    case = actions.do_transition(u["applicant"], request, "submit", fields, [pdf()], D(2026, 3, 2))
    assert case.state == "submitted" and case.due == D(2026, 3, 11) and case.number.startswith("YS2026")
    with pytest.raises(TransitionError):  # an applicant cannot claim
        actions.do_transition(u["applicant"], case, "claim", today=D(2026, 3, 3))
    case = actions.do_transition(u["examiner"], case, "claim", today=D(2026, 3, 3))
    assert case.assignee == u["examiner"]
    case = actions.do_transition(u["examiner"], case, "request_material", {"comment": "请补充实施例"}, today=D(2026, 3, 4))
    case = actions.do_transition(u["colleague"], case, "answer", {"comment": "已补充"}, [pdf("补正.pdf")], D(2026, 3, 6))
    assert case.due == D(2026, 3, 13) and case.waited == 2  # 5 and 6 March spent waiting
    case = actions.do_transition(u["examiner"], case, "approve", {"result": "预审合格"}, today=D(2026, 3, 9))
    assert case.state == "passed" and case.due == D(2026, 3, 23)  # formal filing within 10 working days
    with pytest.raises(TransitionError, match="办结后"):
        actions.do_rate(u["applicant"], actions.do_open_case(u["applicant"], "consult"), 5)
    case = actions.do_transition(u["applicant"], case, "record_filing", {"application_number": "CN202610000001.9"},
                                 today=D(2026, 3, 12))
    actions.do_rate(u["applicant"], case, 5, "快")
    case.refresh_from_db()
    assert case.state == "filed" and case.rating == 5
    history = list(CaseEvent.objects.filter(case=case).values_list("transition", "actor__username", "role"))
    assert history == [("submit", "applicant", "applicant"), ("claim", "examiner", "staff"),
                       ("request_material", "examiner", "staff"), ("answer", "colleague", "applicant"),
                       ("approve", "examiner", "staff"), ("record_filing", "applicant", "applicant")]
    assert Attachment.objects.filter(case=case).count() == 2
    assert Notification.objects.filter(user=u["applicant"], title__contains="要求补正").exists()


def test_who_sees_and_does_what(people):
    u = people
    Window.objects.filter(kind="consult").update(supervisor=u["chief"])  # the consult window: its head only
    case = actions.do_open_case(u["applicant"], "consult", {"question": "如何办理专利权质押？"})
    for name in ("applicant", "colleague", "chief"):
        assert case in visible_cases(u[name])
    for name in ("outsider", "examiner", "other_staff"):  # other firms, other windows' staff
        assert case not in visible_cases(u[name])
    with pytest.raises(PermissionDenied):
        actions.do_transition(u["outsider"], case, "submit", {"question": "x"})
    actions.do_transition(u["applicant"], case, "submit", today=D(2026, 3, 2))
    with pytest.raises(PermissionDenied):
        actions.do_transition(u["other_staff"], case, "answer_question", {"answer": "x"})
    case = actions.do_transition(u["chief"], case, "answer_question", {"answer": "见办事指南"}, today=D(2026, 3, 3))
    assert case.state == "answered"


def test_uploads_are_checked_by_content(people):
    u = people
    registered(u)
    case = actions.do_open_case(u["applicant"], "preexam")
    fields = {"entity": "徐州某某科技有限公司", "title": "x", "patent_type": "发明", "ipc": "H01M10/052"}
    for upload, reason in [(pdf("a.exe", b"MZ..."), "不支持"), (pdf("fake.pdf", b"<html>"), "不符"),
                           (pdf("big.pdf", PDF + b"0" * (21 * 1024 * 1024)), "超过")]:
        with pytest.raises(UploadRefused, match=reason):
            actions.do_transition(u["applicant"], case, "submit", fields, [upload], D(2026, 3, 2))
    case.refresh_from_db()
    assert case.state == "draft" and not Attachment.objects.filter(case=case).exists()


def test_reminders_and_escalation_once(people):
    u = people
    case = registered(u)  # stopped: not reminded
    request = actions.do_open_case(u["applicant"], "preexam")
    actions.do_transition(u["applicant"], request, "submit",
                          {"entity": "徐州某某科技有限公司", "title": "x", "patent_type": "发明", "ipc": "H01M"}, [pdf()],
                          D(2026, 3, 2))
    assert actions.remind_and_escalate(D(2026, 3, 9)) == {"reminded": 1, "escalated": 0}  # due 11 March
    assert actions.remind_and_escalate(D(2026, 3, 10)) == {"reminded": 0, "escalated": 0}
    assert actions.remind_and_escalate(D(2026, 3, 12)) == {"reminded": 0, "escalated": 1}
    assert actions.remind_and_escalate(D(2026, 3, 13)) == {"reminded": 0, "escalated": 0}
    assert Notification.objects.filter(user=u["chief"], title__startswith="已超期").count() == 1
    assert case.state == "registered"
    assert Case.objects.count() == 2


def test_the_handler_a_case_is_assigned_to_is_told(people):
    u = people
    Window.objects.filter(kind="assistance").update(supervisor=u["chief"])
    case = actions.do_open_case(u["applicant"], "assistance")
    actions.do_transition(u["applicant"], case, "submit", {"subject": "某网店", "description": "仿冒"}, today=MONDAY)
    actions.do_transition(u["other_staff"], case, "accept", today=MONDAY)
    actions.do_transition(u["chief"], case, "assign", {"assignee": "other_staff"}, today=MONDAY)
    told = Notification.objects.filter(user=u["other_staff"], title__contains="分派给您")
    assert told.count() == 1 and told.get().url == f"/services/cases/{case.pk}/"
    assert not Notification.objects.filter(user=u["chief"]).exists()
    actions.do_transition(u["other_staff"], case, "assign", {"assignee": "other_staff"}, today=MONDAY)
    assert told.count() == 1  # who assigns a case to themselves needs no message
