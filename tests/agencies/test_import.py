"""Importing the registry: per-row rejections (row, column, reason), the rest imported, re-import idempotent."""

from __future__ import annotations

import csv

import openpyxl
import pytest
from django.core.management import call_command

from tests.agencies.conftest import code
from zhichan.agencies.importer import import_file
from zhichan.agencies.models import Agency, AgencyAlias, Employment, Practitioner, ServiceFigures
from zhichan.core.models import AuditLog

A1, A2 = code("91320300MA1W8K2L5"), code("91320100MA1X0000A")


def write_csv(path, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


AGENCY_ROWS = [
    ["机构名称", "统一社会信用代码", "执业许可证号", "组织形式", "合伙人", "地址", "总机构", "许可日期", "曾用名"],
    ["徐州市淮海专利代理事务所（普通合伙）", A1, "32231", "普通合伙", "张三、李四", "江苏省徐州市泉山区解放南路1号", "",
     "2015-06-01", "徐州淮海专利事务所"],
    ["南京经纬专利商标代理有限公司", A2, "32200", "有限责任公司", "王五", "南京市玄武区中山路2号", "", "2010/3/5", ""],
    ["南京经纬专利商标代理有限公司徐州分公司", "", "32200-1", "有限责任公司", "", "徐州市鼓楼区", "南京经纬专利商标代理有限公司",
     "", ""],
    ["坏代码事务所", "91320300MA1W8K2L5X", "", "合伙", "", "", "", "", ""],
    ["无名总机构分所", "", "", "合伙", "", "", "不存在的总机构", "", ""],
    ["形式不明事务所", "", "", "股份合作", "", "", "", "", ""],
    ["徐州市淮海专利代理事务所(普通合伙)", "", "", "合伙", "", "", "", "", ""],
    ["日期错事务所", "", "", "合伙", "", "", "", "2023-02-30", ""],
]


@pytest.mark.django_db
def test_agencies_import_with_rejections_and_idempotence(tmp_path):
    path = write_csv(tmp_path / "agencies.csv", AGENCY_ROWS)
    first = import_file(None, path)
    assert (first["read"], first["created"], first["rejected"]) == (8, 3, 5)
    reasons = {(r["row"], r["column"]) for r in first["rejected_rows"]}
    assert reasons == {(5, "统一社会信用代码"), (6, "总机构"), (7, "组织形式"), (8, "机构名称"), (9, "许可日期")}
    assert any("与第 2 行重复" in r["reason"] for r in first["rejected_rows"])
    branch = Agency.objects.get(licence_number="32200-1")
    assert branch.head.name == "南京经纬专利商标代理有限公司"
    huaihai = Agency.objects.get(credit_code=A1)
    assert huaihai.form == "partnership" and huaihai.partners == ["张三", "李四"]
    assert huaihai.region_id == "320311"  # 泉山区, from the address
    assert set(huaihai.aliases.values_list("name", flat=True)) == {huaihai.name, "徐州淮海专利事务所"}
    audits = AuditLog.objects.count()
    again = import_file(None, path)
    assert (again["created"], again["updated"], again["unchanged"], again["rejected"]) == (0, 0, 3, 5)
    assert AuditLog.objects.count() == audits
    assert Agency.objects.count() == 3


@pytest.mark.django_db
def test_practitioners_one_firm_at_a_time(tmp_path):
    import_file(None, write_csv(tmp_path / "a.csv", AGENCY_ROWS[:3]))
    rows = [["姓名", "资格证号", "执业备案号", "执业机构", "执业起始日期"],
            ["赵六", "ZL-001", "B001", "徐州淮海专利事务所", "2020-01-01"],
            ["钱七", "ZL-002", "B002", "不存在的所", "2020-01-01"],
            ["孙八", "", "B003", "南京经纬专利商标代理有限公司", ""]]
    report = import_file(None, write_csv(tmp_path / "p.csv", rows))
    assert (report["created"], report["rejected"]) == (1, 2)
    assert {r["column"] for r in report["rejected_rows"]} == {"执业机构", "资格证号"}
    zhao = Practitioner.objects.get(certificate_number="ZL-001")
    assert zhao.agency.credit_code == A1  # found through the former name (alias)
    moved = [rows[0], ["赵六", "ZL-001", "B001", "南京经纬专利商标代理有限公司", "2023-07-01"]]
    assert import_file(None, write_csv(tmp_path / "p2.csv", moved))["updated"] == 1
    history = list(Employment.objects.filter(practitioner=zhao).values_list("agency__licence_number", "ended_on"))
    assert [h[0] for h in history] == ["32231", "32200"]
    assert history[0][1] is not None and history[1][1] is None
    assert import_file(None, write_csv(tmp_path / "p2.csv", moved))["unchanged"] == 1
    back = [rows[0], ["赵六", "ZL-001", "B001", "徐州淮海专利事务所", "2022-01-01"]]
    refused = import_file(None, write_csv(tmp_path / "p3.csv", back))
    assert refused["rejected_rows"][0]["column"] == "执业起始日期"


@pytest.mark.django_db
def test_service_organisations_xlsx_and_cli(tmp_path, capsys):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "服务机构"
    for row in [["机构名称", "类别", "年度", "机构数", "从业人员", "营业收入（万元）"],
                ["徐州知识产权运营中心", "运营", 2024, 1, 12, "350.5"],
                ["徐州知识产权运营中心", "运营", 2025, 2, 15, "420"],
                ["某评估公司", "评估", 2025, 1, "十二", "80"],
                ["某律所", "娱乐", 2025, 1, 3, "10"]]:
        sheet.append(row)
    path = tmp_path / "service.xlsx"
    book.save(path)
    call_command("agencies", "import", str(path), "--json")
    out = capsys.readouterr().out
    assert '"rejected": 2' in out and '"从业人员"' in out and '"类别"' in out
    assert ServiceFigures.objects.filter(organization__name="徐州知识产权运营中心").count() == 2
    call_command("agencies", "import", str(path), "--json")
    assert '"created": 0' in capsys.readouterr().out


@pytest.mark.django_db
def test_an_alias_naming_another_agency_is_not_moved(tmp_path):
    import_file(None, write_csv(tmp_path / "a.csv", AGENCY_ROWS[:3]))
    rows = [AGENCY_ROWS[0], ["南京经纬专利商标代理有限公司", A2, "32200", "有限责任公司", "", "", "", "",
                             "徐州淮海专利事务所"]]
    import_file(None, write_csv(tmp_path / "b.csv", rows))
    assert AgencyAlias.objects.get(name="徐州淮海专利事务所").agency.credit_code == A1
