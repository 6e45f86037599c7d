"""Hostile readers and filers of protection's public pages (issue 16): a party's name must not reach the public
e-commerce notices or typical cases (text, page title, attributes), unpublished or open cases answer 404 whatever id
is guessed, and the public 快速维权 form refuses bad parties and trademarks (full-width digits read as digits)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhichan.protection import actions as case_actions
from zhichan.protection import anonymise, publish_actions
from zhichan.protection.models import DisputeCase, TypicalCase

D = dt.date
pytestmark = pytest.mark.django_db
HOLDER = "徐州云图智能科技有限公司"


def _published_notice(people, seller: str) -> DisputeCase:
    evidence = SimpleUploadedFile("证据.pdf", b"%PDF-1.4 prima facie", content_type="application/pdf")
    case, _code = case_actions.do_file_case(
        people["office"], "ecommerce", title=f"网店销售仿冒商品（{seller}）",
        fields={"listing": f"https://shop.example/item/42 店主{seller}", "claims": "销售仿冒商品"},
        parties=[("requester", HOLDER), ("respondent", seller)], files=[evidence], today=D(2025, 9, 10))
    case = case_actions.do_transition(people["a"], case, "take_measures", {"measures": f"删除{seller}的商品链接"},
                                      today=D(2025, 9, 11))
    return publish_actions.do_publish_notice(people["office"], case, today=D(2025, 9, 12))


@pytest.mark.parametrize(("seller", "shown"), [
    ("李行", "李某"),            # a given name that is also an organisation word (行, 店, 部 …)
    ("王小店", "王某"),
    ("张 三", "张某"),           # a space typed inside the name
    ("阿卜杜热合曼", "阿某"),     # a name longer than four characters, without the middle dot
    ("John Smith", "J某"),
])
def test_an_e_commerce_notice_masks_every_natural_person(client, people, seller, shown):
    case = _published_notice(people, seller)
    page = client.get("/protection/ecommerce/").content.decode()
    assert case.number in page and HOLDER in page
    assert seller not in page and f"删除{shown}的商品链接" in page and f"店主{shown}" in page


def test_an_e_commerce_notice_keeps_organisations(client, people):
    for seller in ("徐州市云龙区某某电子商行", "Shenzhen Example Technology Co., Ltd.", "永辉超市"):
        _published_notice(people, seller)
    page = client.get("/protection/ecommerce/").content.decode()
    assert "徐州市云龙区某某电子商行" in page and "Shenzhen Example Technology Co., Ltd." in page and "永辉超市" in page
    assert [anonymise.mask_person(n) for n in ("欧阳小行", "Apple Inc.", "司马光明")] == ["欧阳某", "Apple Inc.", "司马某"]


def _typical(people, patent, respondent: str = "张三", close: bool = True) -> TypicalCase:
    case, _code = case_actions.do_file_case(
        people["office"], "fast", title=f"徐州乙重工有限公司诉{respondent}仿冒外观设计",
        fields={"claims": f"{respondent}在展会销售的台灯与徐州乙重工有限公司的外观设计专利相同。"},
        parties=[("requester", "徐州乙重工有限公司"), ("respondent", respondent)], patents=[patent],
        contact_name="李四", today=D(2025, 9, 26))
    case = case_actions.do_transition(people["a"], case, "accept", today=D(2025, 9, 30))
    case = case_actions.do_transition(people["a"], case, "conclude",
                                      {"finding": "成立", "opinion": f"{respondent}停止销售"}, today=D(2025, 10, 13))
    typical = publish_actions.do_draft_typical(people["office"], case)
    return publish_actions.do_save_typical(
        people["office"], typical, title=f"{respondent}仿冒外观设计案（联系人李四）", facts=typical.facts,
        outcome=typical.outcome, significance="徐州乙重工有限公司的外观设计得到快速保护。")


def test_a_typical_case_hides_the_parties_in_every_part_of_the_page(client, people, patent):
    typical = publish_actions.do_publish_typical(people["office"], _typical(people, patent))
    for address in ("/protection/cases/", f"/protection/cases/{typical.pk}/"):
        page = client.get(address).content.decode()
        for name in ("张三", "徐州乙重工", "李四"):
            assert name not in page, (address, name)
    detail = client.get(f"/protection/cases/{typical.pk}/").content.decode()
    title = re.search(r"<title>(.*?)</title>", detail, re.S).group(1)
    assert "张某仿冒外观设计案" in title and "联系人李某" in title


def test_unpublished_and_open_cases_answer_404_to_any_guess(client, people, patent):
    draft = _typical(people, patent)
    published = publish_actions.do_publish_typical(people["office"], _typical(people, patent, "王五"))
    open_case, _code = case_actions.do_file_case(
        people["office"], "fast", title="仍在办理", fields={"claims": "仍在办理的案件"},
        parties=[("requester", "甲公司"), ("respondent", "赵六")], patents=[patent], today=D(2025, 9, 26))
    TypicalCase.objects.create(case=open_case, title="赵六未结案", facts="f", outcome="o", significance="s",
                               published_on=D(2025, 10, 1))  # written past the action: still not public
    highest = TypicalCase.objects.order_by("-pk").first().pk
    answers = {pk: client.get(f"/protection/cases/{pk}/").status_code for pk in range(0, highest + 3)}
    assert [pk for pk, status in answers.items() if status == 200] == [published.pk]
    assert answers[draft.pk] == 404
    listed = client.get("/protection/cases/").content.decode()
    assert "王某" in listed and "赵六" not in listed and draft.title not in listed
    for case in DisputeCase.objects.all():  # the office's case pages are not public either
        assert client.get(f"/protection/office/{case.pk}/").status_code in (302, 403)
        assert client.get(f"/protection/office/{case.pk}/decision.docx").status_code in (302, 403)


FAST = {"kind": "fast", "title": "展会上销售仿冒外观设计的台灯", "claims": "被请求人在展位销售的台灯与涉案外观设计专利相同。",
        "requester": "徐州乙重工有限公司", "respondent": "张三", "contact_name": "李四", "contact": "13900000000",
        "trademarks": "23456789|云图|9|徐州云图智能科技有限公司"}


@pytest.mark.parametrize(("change", "field"), [
    ({"requester": ""}, "requester"),
    ({"respondent": "   "}, "respondent"),
    ({"anonymous": "on"}, "anonymous"),
    ({"contact": ""}, "contact"),
    ({"trademarks": "", "patents": ""}, "patents"),
    ({"trademarks": "23456789|云图|0|徐州云图"}, "trademarks"),
    ({"trademarks": "23456789|云图|46|徐州云图"}, "trademarks"),
    ({"trademarks": "23456789|云图|-1|徐州云图"}, "trademarks"),
    ({"trademarks": "23456789|云图|九|徐州云图"}, "trademarks"),
    ({"trademarks": "2345678A|云图|9|徐州云图"}, "trademarks"),
    ({"trademarks": "23456789|云图|9|"}, "trademarks"),
    ({"trademarks": "1|云图|9|徐州云图\n" * 51}, "trademarks"),
    ({"claims": "仿" * 20001}, "claims"),
    ({"title": "标" * 201}, "title"),
    ({"kind": "ecommerce"}, "kind"),  # e-commerce notices are entered by the office, not on this form
])
def test_the_public_fast_form_refuses_bad_requests(client, change, field):
    response = client.post("/protection/file/", {**FAST, **change})
    assert response.status_code == 400 and field in response.context["form"].errors
    assert not DisputeCase.objects.exists()


def test_full_width_digits_are_read_as_digits(client):
    response = client.post("/protection/file/", {**FAST, "trademarks": "２３４５６７８９|云图|第１２类|徐州云图智能科技有限公司"})
    assert response.status_code == 200
    mark = DisputeCase.objects.get().trademarks.get()
    assert (mark.number, mark.nice_class) == ("23456789", 12)


def test_markup_filed_on_the_public_form_is_text_on_the_office_page(client, people):
    response = client.post("/protection/file/", {
        **FAST, "title": "<script>alert(1)</script>", "respondent": "<img src=x onerror=alert(2)>",
        "trademarks": "23456789|<b>云图</b>|9|<i>徐州云图</i>"})
    assert response.status_code == 200
    client.force_login(people["office"])
    page = client.get(f"/protection/office/{DisputeCase.objects.get().pk}/").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page
    assert "<img src=x" not in page and "<b>云图</b>" not in page and "<i>徐州云图</i>" not in page
