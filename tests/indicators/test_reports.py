"""Periodic reports: the DOCX and XLSX hold the same figures as the dashboard, in the expected sections."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest
from docx import Document

from tests.indicators.test_compute import CITY, QUANSHAN, fixture_data  # noqa: F401  (fixture)
from zhichan import conf
from zhichan.core.models import Region
from zhichan.indicators import periods
from zhichan.indicators.actions import do_generate_report, do_set_population
from zhichan.indicators.models import ComputedFigure
from zhichan.indicators.tasks import scheduled_periods

pytestmark = pytest.mark.django_db


def test_periods():
    assert periods.parse("2025Q4") == (periods.QUARTERLY, dt.date(2025, 12, 31), "2025年第四季度")
    assert periods.parse("2024q1")[1] == dt.date(2024, 3, 31)
    assert periods.parse("2025H1") == (periods.HALF_YEAR, dt.date(2025, 6, 30), "2025年上半年")
    assert periods.parse("2025") == (periods.YEARLY, dt.date(2025, 12, 31), "2025年")
    with pytest.raises(ValueError):
        periods.parse("2025Q5")
    assert scheduled_periods(dt.date(2026, 1, 1)) == ["2025Q4", "2025H2", "2025"]
    assert scheduled_periods(dt.date(2026, 4, 1)) == ["2026Q1"]
    assert scheduled_periods(dt.date(2026, 7, 1)) == ["2026Q2", "2026H1"]
    assert scheduled_periods(dt.date(2026, 5, 1)) == []


def test_quarterly_docx_matches_the_dashboard(fixture_data, django_user_model):  # noqa: F811
    office = django_user_model.objects.create_user("office", password="x", role="office")
    do_set_population(office, Region.objects.get(code=QUANSHAN), 2024, 600_000, "统计年鉴")
    report = do_generate_report(office, fixture_data, "2024Q4")
    assert report.title == "徐州市知识产权发展指标2024年第四季度季度报告"
    doc = Document(str(conf.home() / "reports" / report.docx_name))
    text = "\n".join(p.text for p in doc.paragraphs)
    for heading in ("一、总体情况", "二、分区情况", "三、规划目标完成情况", "四、说明"):
        assert heading in text
    assert "全市有效发明专利拥有量5件" in text and "高价值发明专利拥有量4件" in text
    assert "2024年常住人口数据未录入，暂无法计算" in text
    table = doc.tables[0]
    header = [c.text for c in table.rows[0].cells]
    figures = {(f.region.name, f.indicator.name_zh): f.value
               for f in ComputedFigure.objects.filter(as_of=dt.date(2024, 12, 31)).select_related("region", "indicator")}
    checked = 0
    for row in table.rows[1:]:
        cells = [c.text for c in row.cells]
        for name, cell in zip(header[1:], cells[1:], strict=True):
            expected = figures[(cells[0], name.split("（")[0])]
            assert cell == ("人口未录入" if expected is None else f"{expected:g}"), (cells[0], name)
            checked += 1
    assert checked >= 4 * 9
    quanshan = next(r for r in table.rows if r.cells[0].text == "泉山区")
    assert quanshan.cells[2].text == "0.05"  # 3 valid inventions per 60 × 10,000 people
    sheet = openpyxl.load_workbook(conf.home() / "reports" / report.xlsx_name)["分区指标"]
    rows = {r[0]: r for r in sheet.iter_rows(values_only=True)}
    assert rows["徐州市"][1] == 5 and rows["泉山区"][2] == pytest.approx(0.05)
