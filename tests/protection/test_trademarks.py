"""Trademarks as the object of a case: the form of a line (注册号 digits, 尼斯分类 1–45), the case page, the decision
DOCX and the statistics by object (专利 / 商标), counted by hand."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from zhichan.protection import actions, marks, stats
from zhichan.protection.models import CaseTrademark, DisputeCase

from .conftest import adjudication

D = dt.date
LINE = "23456789|云图|9|徐州云图智能科技有限公司"


def test_a_well_formed_line_is_a_mark():
    found, errors = marks.parse(f"{LINE}\n 345 6789 ｜ 雲圖 ｜ 第35类 ｜ 张三 \n\n")
    assert errors == []
    assert found == [marks.Mark("23456789", "云图", 9, "徐州云图智能科技有限公司"), marks.Mark("3456789", "雲圖", 35, "张三")]


@pytest.mark.parametrize("line, why", [
    ("2345678X|云图|9|徐州云图", "注册号只能是数字"),
    ("12345678901|云图|9|徐州云图", "注册号只能是数字"),  # 11 digits
    ("|云图|9|徐州云图", "注册号只能是数字"),
    ("23456789|云图|0|徐州云图", "第 1 至 45 类"),
    ("23456789|云图|46|徐州云图", "第 1 至 45 类"),
    ("23456789|云图|九|徐州云图", "第 1 至 45 类"),
    ("23456789||9|徐州云图", "商标名称"),
    ("23456789|云图|9|", "权利人"),
    ("23456789|云图|9", "请按"),
])
def test_a_malformed_line_is_refused_saying_why(line, why):
    found, errors = marks.parse(line)
    assert found == [] and len(errors) == 1 and why in errors[0]


def test_a_mark_twice_in_a_class_is_refused_and_in_another_class_kept():
    found, errors = marks.parse(f"{LINE}\n{LINE}\n23456789|云图|35|徐州云图智能科技有限公司")
    assert [m.nice_class for m in found] == [9, 35] and len(errors) == 1 and "重复" in errors[0]


def test_the_database_refuses_a_class_outside_the_nice_range(db, people):
    from django.db import IntegrityError

    case, _code = actions.do_file_case(people["office"], "mediation", title="商标许可纠纷", fields={"claims": "许可费"},
                                       parties=[("requester", "甲公司"), ("respondent", "乙公司")])
    with pytest.raises(IntegrityError):
        CaseTrademark.objects.create(case=case, number="1", name="x", nice_class=46, holder="y")


@pytest.mark.django_db
def test_the_office_names_trademarks_and_the_case_page_shows_them(client, people):
    client.force_login(people["a"])
    posted = {"kind": "mediation", "title": "商标许可费纠纷", "claims": "许可费未付", "requester": "徐州云图智能科技有限公司",
              "respondent": "徐州甲机械有限公司", "trademarks": LINE}
    bad = client.post("/protection/office/new/", {**posted, "trademarks": "23456789|云图|46|徐州云图智能科技有限公司"})
    assert bad.status_code == 400 and not DisputeCase.objects.exists()
    assert "第 1 至 45 类" in bad.content.decode() and "商标许可费纠纷" in bad.content.decode()
    assert client.post("/protection/office/new/", posted).status_code == 302
    case = DisputeCase.objects.get()
    page = client.get(f"/protection/office/{case.pk}/").content.decode()
    for expected in ("涉案商标", "23456789", "云图", "第 9 类", "徐州云图智能科技有限公司"):
        assert expected in page, expected


@pytest.mark.django_db
def test_the_decision_docx_names_the_trademarks(client, people, patent):
    from docx import Document

    case = adjudication(people, patent)
    CaseTrademark.objects.create(case=case, number="23456789", name="云图", nice_class=9, holder="徐州乙重工有限公司")
    case = actions.do_transition(people["a"], case, "accept", today=D(2025, 9, 30))
    case = actions.do_transition(people["a"], case, "serve", {"served_on": "2025-10-09"}, today=D(2025, 10, 9))
    case = actions.do_transition(people["a"], case, "schedule", {"hearing_on": "2025-10-20", "place": "第一审理庭"},
                                 today=D(2025, 10, 9))
    case = actions.do_transition(people["a"], case, "hear", {"record": "到庭"}, today=D(2025, 10, 20))
    actions.do_set_panel(people["office"], case, [("staff_a", ""), ("staff_b", ""), ("staff_c", "")], "staff_a")
    actions.do_transition(people["a"], case, "decide", {"finding": "成立", "decision": "停止侵权"}, today=D(2025, 11, 3))
    client.force_login(people["b"])
    text = "\n".join(p.text for p in Document(io.BytesIO(
        client.get(f"/protection/office/{case.pk}/decision.docx").content)).paragraphs)
    assert "涉案商标" in text and "第 23456789 号“云图”商标（第 9 类，权利人：徐州乙重工有限公司）" in text
    assert "CN202310000001.X" in text


@pytest.mark.django_db
def test_statistics_by_object(client, people, patent):
    """Three cases: a patent's (accepted 09-30, closed 10-13), a trademark's (accepted 10-09, closed 10-20), one
    naming both (accepted 10-14, open), and one naming neither (accepted and closed: counted under no object)."""
    mark = marks.Mark("23456789", "云图", 9, "徐州云图智能科技有限公司")

    def fast(today, **objects):
        case, _code = actions.do_file_case(people["office"], "fast", title="仿冒", fields={"claims": "仿冒"},
                                           parties=[("requester", "甲公司"), ("respondent", "乙公司")], today=today,
                                           **objects)
        return case

    a = actions.do_transition(people["a"], fast(D(2025, 9, 29), patents=[patent]), "accept", today=D(2025, 9, 30))
    actions.do_transition(people["a"], a, "conclude", {"finding": "成立", "opinion": "停止销售"}, today=D(2025, 10, 13))
    b = actions.do_transition(people["a"], fast(D(2025, 9, 30), trademarks=[mark]), "accept", today=D(2025, 10, 9))
    actions.do_transition(people["a"], b, "conclude", {"finding": "不成立", "opinion": "不构成侵权"}, today=D(2025, 10, 20))
    actions.do_transition(people["a"], fast(D(2025, 10, 13), patents=[patent], trademarks=[mark]), "accept",
                          today=D(2025, 10, 14))
    d = actions.do_file_case(people["office"], "mediation", title="许可", fields={"claims": "许可费"},
                             parties=[("requester", "甲公司"), ("respondent", "乙公司")], today=D(2025, 10, 9))[0]
    d = actions.do_transition(people["a"], d, "accept", today=D(2025, 10, 9))
    actions.do_transition(people["a"], d, "settle", {"agreement": "付清"}, today=D(2025, 10, 10))

    october = (D(2025, 10, 1), D(2025, 10, 31))
    by_patent = stats.by_object(*october, stats.PATENT)
    by_mark = stats.by_object(*october, stats.TRADEMARK)
    # patents: accepted in October only the third (a's was 09-30); closed a (10-09 … 10-13: 4 working days after
    # 09-30: 10-09, 10-10, 10-11, 10-13)
    assert (by_patent.accepted, by_patent.closed, by_patent.average_days) == (1, 1, 4)
    # trademarks: accepted b and the third; closed b (10-10, 10-11, 10-13 … 10-17, 10-20: 8 working days)
    assert (by_mark.accepted, by_mark.closed, by_mark.rate, by_mark.average_days) == (2, 1, 0.5, 8)
    assert stats.period(*october).accepted == 3  # b, the third and d: the object counts leave d out
    client.force_login(people["a"])
    page = client.get("/protection/office/stats/?start=2025-10-01&end=2025-10-31").content.decode()
    assert 'id="object-stats"' in page and "<td>商标</td><td>2</td><td>1</td><td>50%</td><td>8.0</td>" in page
