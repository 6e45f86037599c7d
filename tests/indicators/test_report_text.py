"""Report text made of complete sentences whatever is missing (no "缺少人口件", no "目标（需基期值）件", no "最新值暂无
数据，暂无数据"); plan sections name their plan and region; DOCX headings in Word's heading styles with a table of
contents field at the start (the indicator report and the navigation report share core/docstyle)."""

from __future__ import annotations

import datetime as dt

import pytest
from docx import Document
from docx.oxml.ns import qn

from tests.indicators.test_compute import CITY, QUANSHAN, fixture_data  # noqa: F401  (fixture)
from zhichan import conf
from zhichan.core import docstyle
from zhichan.core.models import Region
from zhichan.indicators import report_text as rt
from zhichan.indicators.actions import do_generate_report, do_set_population

D = dt.date(2024, 12, 31)
BROKEN = ("缺少人口件", "（需基期值）", "暂无数据，暂无数据", "None", "nan", "件件", "目标件")


def test_overview_sentences_handle_missing_population_and_figures():
    stocks = [rt.Figure("有效发明专利拥有量", "件", 5), rt.Figure("高价值发明专利拥有量", "件", 4)]
    per_capita = [rt.Figure("每万人口有效发明专利拥有量", "件/万人", None),
                  rt.Figure("每万人口高价值发明专利拥有量", "件/万人", None)]
    flows = [rt.Figure("发明专利授权量", "件", 0), rt.Figure("PCT专利申请量", "件", None, computed=False)]
    text = rt.overview("全市", D, stocks, per_capita, flows)
    assert text == ("截至2024年12月31日，全市有效发明专利拥有量5件，高价值发明专利拥有量4件。"
                    "每万人口有效发明专利拥有量和每万人口高价值发明专利拥有量：2024年常住人口数据未录入，暂无法计算。"
                    "2024年以来，发明专利授权0件。PCT专利申请尚未计算。")
    assert "人口数据未录入，暂无法计算" in text
    with_people = rt.overview("全市", D, stocks, [rt.Figure("每万人口有效发明专利拥有量", "件/万人", 0.0512)], [])
    assert "每万人口有效发明专利拥有量0.05件/万人。" in with_people
    nothing = [rt.Figure("有效发明专利拥有量", "件", None, computed=False)]
    assert rt.overview("泉山区", D, nothing, [], []) == "截至2024年12月31日，泉山区尚无指标计算结果。"


@pytest.mark.parametrize(("row", "sentence"), [
    (rt.PlanRow("有效发明专利拥有量", "件", "absolute", "2026", 6000, 6000, "", D, 3, "behind", True),
     "有效发明专利拥有量：2026年目标为6,000件；截至2024年12月31日为3件，进度滞后。"),
    (rt.PlanRow("每万人口有效发明专利拥有量", "件/万人", "absolute", "2026", 46, 46, "", D, 36, "on_track", True),
     "每万人口有效发明专利拥有量：2026年目标为46件/万人；截至2024年12月31日为36件/万人，按当前进度可如期完成。"),
    (rt.PlanRow("发明专利申请量", "件", "growth", "2026", 30, None, "", D, 12, "no_data", False),
     "发明专利申请量：2026年目标为较基期增长30%，基期值未录入，暂无法换算为目标值；截至2024年12月31日为12件，暂无法评估进度。"),
    (rt.PlanRow("发明专利申请量", "件", "growth", "2026", 30, 130, "", D, 120, "at_risk", True),
     "发明专利申请量：2026年目标为较基期增长30%，即130件；截至2024年12月31日为120件，按当前进度存在完不成的风险。"),
    (rt.PlanRow("平均结案时间", "天", "reduction", "2026", 10, 45, "", D, 40, "achieved", True),
     "平均结案时间：2026年目标为较基期下降10%，即45天；截至2024年12月31日为40天，已完成目标。"),
    (rt.PlanRow("知识产权服务机构数量", "家", "absolute", "2026", 150, 150, "", None, None, "no_data", False),
     "知识产权服务机构数量：2026年目标为150家；尚无统计数据，暂无法评估进度。"),
    (rt.PlanRow("有效发明专利拥有量", "件", "absolute", "2026", 6000, 6000, "", D, 3, "no_data", False),
     "有效发明专利拥有量：2026年目标为6,000件；截至2024年12月31日为3件，基期值未录入，暂无法评估进度。"),
    (rt.PlanRow("知识产权公共服务平台", "", "absolute", "2020", None, None, "有效运行", None, None, "no_data"),
     "知识产权公共服务平台：2020年目标为“有效运行”；尚无统计数据。"),
    (rt.PlanRow("知识产权宣传", "", "absolute", "", None, None, "", None, None, "no_data"),
     "知识产权宣传：未设定量化目标；尚无统计数据。"),
])
def test_plan_row_sentences(row, sentence):
    assert rt.plan_row(row) == sentence
    assert not any(word in sentence for word in BROKEN)


def test_plan_heading_names_plan_and_region():
    assert rt.plan_heading(2, "泉山区", "徐州市泉山区建设国家知识产权服务业高质量集聚发展试验区实施方案", 2024, 2026) == \
        "（二）泉山区：《徐州市泉山区建设国家知识产权服务业高质量集聚发展试验区实施方案》（2024—2026年）"
    assert [rt.ordinal(n) for n in (1, 10, 11, 20, 23)] == ["一", "十", "十一", "二十", "二十三"]


def _outline(doc) -> list[tuple[str, str]]:
    return [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]


def _has_toc(doc) -> bool:
    codes = [t.text for t in doc.element.body.iter(qn("w:instrText"))]
    update = doc.settings.element.find(qn("w:updateFields"))
    return any(c.strip().startswith("TOC ") for c in codes) and update is not None


@pytest.mark.django_db
def test_quarterly_report_sentences_headings_and_contents(fixture_data, django_user_model):  # noqa: F811
    from zhichan.indicators import plans

    plans.load_templates()
    office = django_user_model.objects.create_user("office", password="x", role="office")
    do_set_population(office, Region.objects.get(code=QUANSHAN), 2024, 600_000, "统计年鉴")
    report = do_generate_report(office, fixture_data, "2024Q4")
    doc = Document(str(conf.home() / "reports" / report.docx_name))
    text = "\n".join(p.text for p in doc.paragraphs)
    for word in BROKEN:
        assert word not in text, word
    assert "每万人口有效发明专利拥有量和每万人口高价值发明专利拥有量：2024年常住人口数据未录入，暂无法计算。" in text
    outline = _outline(doc)
    assert [t for s, t in outline if s == "Heading 1"] == ["一、总体情况", "二、分区情况", "三、规划目标完成情况",
                                                          "四、说明"]
    assert ("Heading 2", "（一）泉山区：《徐州市泉山区建设国家知识产权服务业高质量集聚发展试验区实施方案》（2024—2026年）") in outline
    assert "有效发明专利拥有量：2026年目标为6,000件；截至2024年12月31日为3件" in text
    assert "统计口径：第一专利权人归属；较高质押金额 1000 万元；维持 10 年自申请日起；战略性新兴产业按任一分类号。" in text
    assert _has_toc(doc)
    toc_at = next(i for i, p in enumerate(doc.paragraphs) if docstyle.TOC_HINT in p.text)
    assert toc_at < next(i for i, p in enumerate(doc.paragraphs) if p.style.name == "Heading 1")
    heading = doc.styles["Heading 1"]
    assert heading.font.color.rgb == (0, 0, 0) and heading.element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"


@pytest.mark.django_db
def test_a_report_without_plans_or_figures_says_so(tmp_path):
    from zhichan.indicators import reports

    data = reports.gather(Region.objects.get(code="320600"), "2031Q1")  # nothing computed, no plan covers 2031
    assert reports.overview(data) == "截至2031年3月31日，全市尚无指标计算结果。"
    assert reports.notes(data)[0].startswith("1. 本期尚无指标计算结果")
    text = "\n".join(p.text for p in Document(str(reports.docx(data, tmp_path / "empty.docx"))).paragraphs)
    assert "南通市及所辖地区尚未设定覆盖2031年的规划目标。" in text


def test_docstyle_heading_and_contents_in_a_new_document():
    doc = Document()
    docstyle.table_of_contents(doc)
    docstyle.heading(doc, "一、总体情况", 1)
    docstyle.heading(doc, "（一）分项", 2)
    assert _outline(doc) == [("Heading 1", "一、总体情况"), ("Heading 2", "（一）分项")]
    assert _has_toc(doc)
    assert doc.styles["Heading 2"].element.rPr.rFonts.get(qn("w:eastAsia")) == "楷体_GB2312"


@pytest.mark.django_db
def test_the_report_form_refuses_a_bad_period(client, django_user_model):
    from zhichan.indicators.models import Report

    client.force_login(django_user_model.objects.create_user("office", password="x", role="office"))
    page = client.post("/indicators/reports/?city=320300", {"period": "2025Q5"}, follow=True).content.decode()
    assert "期间格式应为 2025、2025H1 或 2025Q3" in page and not Report.objects.exists()
    for url in ("/indicators/?city=100000", "/indicators/?city=320000", "/indicators/?city=320311",
                "/indicators/?city=999999&as_of=2024-13-01"):
        assert client.get(url).status_code == 200, url
    assert "没有这个地区" in client.get("/indicators/?city=999999").content.decode()
