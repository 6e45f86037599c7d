"""Publication: e-commerce notices, counter-notices and results (电子商务法 Art. 44) on /protection/ecommerce/ once
the office marks them published, natural persons masked; typical cases (典型案例) of closed cases with the parties
anonymised, edited and published by the office, never public while unpublished or open."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhichan.core.models import AuditLog
from zhichan.core.permissions import PermissionDenied
from zhichan.core.workflow import machine as wf
from zhichan.protection import actions as case_actions
from zhichan.protection import anonymise, marks, publish_actions
from zhichan.protection.models import TypicalCase

from .conftest import adjudication

D = dt.date
pytestmark = pytest.mark.django_db


# ---- anonymising ---------------------------------------------------------------------------------------------------

def test_placeholders_for_persons_and_organisations():
    mapping = anonymise.placeholders(["徐州乙重工有限公司", "张三", "张四", "欧阳明", "李明", "徐州甲机械厂", "张三"])
    assert mapping == {"张三": "张某甲", "张四": "张某乙", "欧阳明": "欧阳某", "李明": "李某",
                       "徐州乙重工有限公司": "甲公司", "徐州甲机械厂": "乙厂"}
    assert anonymise.placeholders(["徐州乙重工有限公司", "王五"]) == {"王五": "王某", "徐州乙重工有限公司": "某公司"}


def test_anonymise_replaces_every_name_and_the_short_form_longest_first():
    mapping = anonymise.placeholders(["徐州乙重工有限公司", "徐州乙重工有限公司销售部", "王五"])
    text = "徐州乙重工有限公司销售部经理王五称，徐州乙重工有限公司（下称徐州乙重工）不知情。"
    assert anonymise.anonymise(text, mapping) == "乙公司经理王某称，甲公司（下称甲公司）不知情。"


def test_mask_person_keeps_organisations():
    assert [anonymise.mask_person(n) for n in ("张三", "司马光明", "徐州甲机械有限公司", "阿依古丽·买买提")] == \
        ["张某", "司马某", "徐州甲机械有限公司", "阿某"]


# ---- the e-commerce publication ------------------------------------------------------------------------------------

def _notice(people):
    evidence = SimpleUploadedFile("证据.pdf", b"%PDF-1.4 prima facie", content_type="application/pdf")
    case, _code = case_actions.do_file_case(
        people["office"], "ecommerce", title="网店销售仿冒云图商标的耳机",
        fields={"listing": "https://shop.example/item/42 （店主张三）", "claims": "销售仿冒商品"},
        parties=[("requester", "徐州云图智能科技有限公司"), ("respondent", "张三")],
        trademarks=[marks.Mark("23456789", "云图", 9, "徐州云图智能科技有限公司")], files=[evidence],
        today=D(2025, 9, 10))
    return case


def test_a_notice_is_public_once_the_office_publishes_it(client, people):
    case = _notice(people)
    with pytest.raises(wf.TransitionError):  # not acted on yet
        publish_actions.do_publish_notice(people["office"], case)
    case = case_actions.do_transition(people["a"], case, "take_measures", {"measures": "删除张三的商品链接并转送通知"},
                                      today=D(2025, 9, 11))
    assert case.number not in client.get("/protection/ecommerce/").content.decode()
    with pytest.raises(PermissionDenied):  # a handler, not the office
        publish_actions.do_publish_notice(people["a"], case)
    publish_actions.do_publish_notice(people["office"], case, today=D(2025, 9, 12))
    assert AuditLog.objects.filter(action="protection.publish_notice", target_id=str(case.pk)).exists()
    page = client.get("/protection/ecommerce/").content.decode()
    for expected in (case.number, "2025-09-10", "23456789 云图（第 9 类）", "https://shop.example/item/42", "已采取必要措施",
                     "删除张某的商品链接", "张某", "徐州云图智能科技有限公司", "未收到", "2025-09-12"):
        assert expected in page, expected
    assert "张三" not in page

    case = case_actions.do_transition(people["a"], case, "counter", {"reached_on": "2025-09-16"}, today=D(2025, 9, 17))
    case = case_actions.do_transition(people["a"], case, "end_measures", today=D(2025, 10, 10))
    page = client.get("/protection/ecommerce/").content.decode()
    assert "2025-09-16" in page and "措施已终止" in page and "张三" not in page

    publish_actions.do_publish_notice(people["office"], case, publish=False)
    assert case.number not in client.get("/protection/ecommerce/").content.decode()
    assert AuditLog.objects.filter(action="protection.unpublish_notice", target_id=str(case.pk)).exists()


def test_the_office_publishes_from_the_case_page(client, people):
    case = case_actions.do_transition(people["a"], _notice(people), "take_measures", {"measures": "删除链接"},
                                      today=D(2025, 9, 11))
    client.force_login(people["a"])
    assert 'id="publish-form"' not in client.get(f"/protection/office/{case.pk}/").content.decode()
    assert client.post(f"/protection/office/{case.pk}/", {"op": "publish", "publish-publish": "1"}).status_code == 403
    client.force_login(people["office"])
    assert 'id="publish-form"' in client.get(f"/protection/office/{case.pk}/").content.decode()
    assert client.post(f"/protection/office/{case.pk}/", {"op": "publish", "publish-publish": "1"}).status_code == 302
    case.refresh_from_db()
    assert case.published_on is not None and case.number in client.get("/protection/ecommerce/").content.decode()


def test_only_e_commerce_cases_are_published_there(people, patent):
    with pytest.raises(wf.TransitionError):
        publish_actions.do_publish_notice(people["office"], adjudication(people, patent))


# ---- typical cases -------------------------------------------------------------------------------------------------

def _closed_fast(people, patent):
    case, _code = case_actions.do_file_case(
        people["office"], "fast", title="徐州乙重工有限公司诉张三仿冒外观设计",
        fields={"claims": "张三在展会销售的台灯与徐州乙重工有限公司的外观设计专利相同。"},
        parties=[("requester", "徐州乙重工有限公司"), ("respondent", "张三")], patents=[patent],
        contact_name="李四", today=D(2025, 9, 26))
    case = case_actions.do_transition(people["a"], case, "accept", today=D(2025, 9, 30))
    return case


def test_an_open_case_is_never_a_typical_case(client, people, patent):
    case = _closed_fast(people, patent)  # accepted, not yet concluded
    with pytest.raises(wf.TransitionError):
        publish_actions.do_draft_typical(people["office"], case)
    client.force_login(people["office"])
    assert client.get(f"/protection/office/{case.pk}/typical/").status_code == 404


def test_a_closed_case_is_drafted_anonymised_edited_and_published(client, people, patent):
    case = case_actions.do_transition(people["a"], _closed_fast(people, patent), "conclude",
                                      {"finding": "成立", "opinion": "张三停止销售，撤下展品"}, today=D(2025, 10, 13))
    with pytest.raises(PermissionDenied):
        publish_actions.do_draft_typical(people["a"], case)
    typical = publish_actions.do_draft_typical(people["office"], case)
    every = typical.title + typical.facts + typical.outcome
    for name in ("张三", "徐州乙重工", "李四"):
        assert name not in every, name
    assert typical.title == "某公司诉张某仿冒外观设计" and "张某在展会销售的台灯与某公司的外观设计专利相同" in typical.facts
    assert "快速处理完毕" in typical.outcome and "张某停止销售" in typical.outcome
    assert typical.published_on is None

    assert client.get("/protection/cases/").status_code == 200
    assert typical.title not in client.get("/protection/cases/").content.decode()
    assert client.get(f"/protection/cases/{typical.pk}/").status_code == 404
    with pytest.raises(wf.TransitionError):  # 典型意义 not written yet
        publish_actions.do_publish_typical(people["office"], typical)

    client.force_login(people["office"])
    page = client.get(f"/protection/office/{case.pk}/typical/").content.decode()
    assert "某公司诉张某仿冒外观设计" in page and "张三 → 张某" in page
    edited = client.post(f"/protection/office/{case.pk}/typical/", {
        "op": "save", "title": "展会外观设计快速维权案", "facts": "张三在展会上销售仿冒台灯。",
        "outcome": typical.outcome, "significance": "展会快速维权，十个工作日内办结。"})
    assert edited.status_code == 302
    typical.refresh_from_db()
    assert typical.facts == "张某在展会上销售仿冒台灯。"  # a name typed back is replaced again
    assert client.post(f"/protection/office/{case.pk}/typical/",
                       {"op": "publish", "publish-publish": "1"}).status_code == 302
    assert AuditLog.objects.filter(action="protection.typical_publish").count() == 1

    client.logout()
    listed = client.get("/protection/cases/").content.decode()
    assert "展会外观设计快速维权案" in listed
    detail = client.get(f"/protection/cases/{typical.pk}/").content.decode()
    assert "展会快速维权" in detail and "张某在展会上" in detail and "张三" not in detail and "徐州乙重工" not in detail

    client.force_login(people["office"])
    client.post(f"/protection/office/{case.pk}/typical/", {"op": "publish", "publish-publish": "0"})
    client.logout()
    assert client.get(f"/protection/cases/{typical.pk}/").status_code == 404
    assert TypicalCase.objects.get().published_on is None


def test_the_typical_case_page_is_for_the_office(client, people, patent):
    case = case_actions.do_transition(people["a"], _closed_fast(people, patent), "conclude",
                                      {"finding": "不成立", "opinion": "不构成侵权"}, today=D(2025, 10, 13))
    client.force_login(people["a"])
    assert client.get(f"/protection/office/{case.pk}/typical/").status_code == 403
    assert client.post(f"/protection/office/{case.pk}/typical/", {
        "op": "save", "title": "t", "facts": "f", "outcome": "o", "significance": "s"}).status_code == 403
    assert not TypicalCase.objects.exists()
