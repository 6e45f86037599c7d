"""Uploads: population and reported values from spreadsheets; bad rows named, good rows kept, no duplicates."""

from __future__ import annotations

import openpyxl
import pytest

from zhichan.indicators import catalogue
from zhichan.indicators.models import Population, ReportedValue

pytestmark = pytest.mark.django_db


def xlsx(path, rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def test_population_upload_keeps_good_rows_and_names_bad_ones(client, django_user_model, tmp_path):
    client.force_login(django_user_model.objects.create_user("office", password="x", role="office"))
    path = xlsx(tmp_path / "人口.xlsx", [["地区代码", "年份", "常住人口", "来源"],
                                       ["320311", 2024, 612000, "2024 年统计年鉴"],
                                       ["鼓楼区", 2024, 530000, ""],  # ambiguous name: several 鼓楼区
                                       ["320303", "二〇二四", 400000, ""],
                                       ["320303", 2024, -5, ""]])
    with path.open("rb") as handle:
        page = client.post("/indicators/population/?city=320300", {"action": "upload", "file": handle}).content.decode()
    assert Population.objects.get(region_id="320311", year=2024).persons == 612000
    assert Population.objects.count() == 1
    for row, reason in [("3", "找不到唯一的地区"), ("4", "不是年份"), ("5", "不是正整数")]:
        assert f"<td>{row}</td>" in page and reason in page


def test_reported_values_entered_uploaded_and_approved(client, django_user_model, tmp_path):
    catalogue.sync()
    department = django_user_model.objects.create_user("copyright", password="x", role="department")
    office = django_user_model.objects.create_user("office", password="x", role="office")
    client.force_login(department)
    client.post("/indicators/reported/?city=320300", {"indicator": "copyright_registrations", "region": "320311",
                                                      "period": "2025", "value": "812", "source_note": "区版权局"})
    row = ReportedValue.objects.get()
    assert row.status == ReportedValue.DRAFT and row.entered_by == department
    path = xlsx(tmp_path / "填报.xlsx", [["指标名称", "地区代码", "期间", "数值", "来源说明"],
                                       ["地理标志数量", "320311", "2025", 3, "区市场监管局"],
                                       ["有效发明专利拥有量", "320311", "2025", 10, "x"],  # computed: refused
                                       ["版权登记总量", "320311", "2025Q5", 10, "x"]])
    for _ in range(2):  # the same file twice: no duplicates
        with path.open("rb") as handle:
            client.post("/indicators/reported/?city=320300", {"action": "upload", "file": handle})
    assert ReportedValue.objects.filter(indicator_id="geographical_indications").count() == 1
    assert ReportedValue.objects.count() == 2
    assert client.post("/indicators/reported/", {"action": "approve", "id": row.pk}).status_code == 403
    client.force_login(office)
    client.post("/indicators/reported/?city=320300", {"action": "approve", "id": row.pk})
    row.refresh_from_db()
    assert row.status == ReportedValue.APPROVED and row.approved_by == office
