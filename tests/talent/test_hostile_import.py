"""Hostile 人才清单 files (issue 17): formula cells, a title row above the header, files that are not what their
name says, a zip bomb, too many rows, wrong cell types, repeated rows and files, markup in names; and an export
whose list name or cells would break or run in a spreadsheet."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile

from zhichan import conf
from zhichan.talent import actions, sheet
from zhichan.talent.models import ListEntry, Person

pytestmark = pytest.mark.django_db

HEADER = ["姓名", "人才类别", "工作单位", "备注"]


@pytest.fixture
def office(django_user_model, client):
    user = django_user_model.objects.create_user("office1", password="x", role="office")
    client.force_login(user)
    return user


@pytest.fixture
def chosen(office):
    return actions.do_save_list(office, {"name": "领军人才培引清单", "year": 2026})


def _xlsx(rows: list[list[object]], formula: tuple[int, int, str, str] | None = None) -> bytes:
    """The rows as typed text; `formula` (row, column, formula, the value Excel last showed) a real formula cell."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"strings_to_formulas": False, "strings_to_numbers": False})
    page = book.add_worksheet()
    for n, values in enumerate(rows):
        page.write_row(n, 0, values)
    if formula:
        row, column, text, shown = formula
        page.write_formula(row, column, text, None, shown)
    book.close()
    return out.getvalue()


def _import(client, chosen, name: str, data: bytes):
    return client.post(f"/talent/lists/{chosen.pk}/import/", {"file": SimpleUploadedFile(name, data)})


def _problems(response) -> list[tuple[int, str, str]]:
    return [(p["row"], p["column"], p["value"]) for p in response.context["result"]["problems"]]


def test_formula_cells_are_refused_and_plain_numbers_kept(client, chosen):
    rows = [HEADER,
            ["+cmd|' /C calc'!A0", "专家", "", ""],
            ["@SUM(A1:A9)", "专家", "", ""],
            ["-2+3+cmd|' /C calc'!A0", "专家", "", ""],   # starts with a digit after the sign: still a formula
            ["张三", "专家", "徐州某公司", "=HYPERLINK(\"http://example.com\",\"点我\")"],
            ["李四", "专家", "徐州某公司", "+86 516 8388 1234"],  # a phone number is not a formula
            ["王五", "专家", "徐州某公司", "-1"]]
    response = _import(client, chosen, "公式.xlsx", _xlsx(rows))
    assert response.status_code == 200
    assert [(r, c) for r, c, _v in _problems(response)] == [(2, "姓名"), (3, "姓名"), (4, "姓名"), (5, "备注")]
    assert sorted(Person.objects.values_list("name", flat=True)) == ["李四", "王五"]
    assert sorted(ListEntry.objects.values_list("note", flat=True)) == ["+86 516 8388 1234", "-1"]


def test_a_real_formula_cell_gives_its_shown_value_never_the_formula(client, chosen):
    data = _xlsx([HEADER, [None, "专家"]], formula=(1, 0, '=HYPERLINK("http://example.com","赵六")', "赵六"))
    assert _import(client, chosen, "链接.xlsx", data).status_code == 200
    assert list(Person.objects.values_list("name", flat=True)) == ["赵六"]


def test_a_title_row_above_the_header_is_passed_over(client, chosen):
    path_rows = [["2026年领军人才培引清单（第一批）", "", "", ""], ["", "", "", ""], HEADER,
                 ["张三", "专家", "中国矿业大学", ""], ["", "飞行员", "", ""]]
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out)
    page = book.add_worksheet()
    page.merge_range(0, 0, 0, 3, path_rows[0][0])  # the title merged across the columns, as offices write it
    for n, values in enumerate(path_rows[2:], start=2):
        page.write_row(n, 0, values)
    book.close()
    response = _import(client, chosen, "带标题.xlsx", out.getvalue())
    assert response.status_code == 200
    assert list(Person.objects.values_list("name", flat=True)) == ["张三"]
    assert [row for row, _c, _v in _problems(response)] == [5, 5]  # the row number as the spreadsheet shows it


@pytest.mark.parametrize(("name", "data"), [
    ("无表头.xlsx", _xlsx([["", "", ""], ["张三", "专家", ""]])),
    ("空.xlsx", _xlsx([])),
    ("文本.xlsx", "姓名,人才类别\n张三,专家\n".encode()),
    ("报告.xlsx", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"),
    ("表格.xls", _xlsx([HEADER, ["张三", "专家", "", ""]])),  # an xlsx renamed .xls
    ("图片.csv", bytes(range(256)) * 20),
    ("程序.exe", b"MZ\x90\x00"),
])
def test_a_file_that_is_not_a_list_is_refused_with_a_reason(client, chosen, name, data):
    response = _import(client, chosen, name, data)
    assert response.status_code == 400
    assert response.context["import_form"].errors["file"]
    assert not Person.objects.exists() and not ListEntry.objects.exists()
    assert not list((conf.home() / "uploads" / "talent").glob("*"))  # nothing of the file kept


def test_a_zip_bomb_named_xlsx_is_refused_before_it_is_unpacked(client, chosen, monkeypatch):
    monkeypatch.setenv("ZHICHAN_MAX_XLSX_UNCOMPRESSED_MB", "5")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_xlsx([HEADER, ["张三", "专家", "", ""]]))) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in source.infolist():
            bomb.writestr(info.filename, source.read(info.filename))
        bomb.writestr("xl/padding.xml", b" " * (20 * 1024 * 1024))  # 20 MB of blanks, a few KB packed
    assert len(out.getvalue()) < 100_000
    response = _import(client, chosen, "清单.xlsx", out.getvalue())
    assert response.status_code == 400 and "MB" in str(response.context["import_form"].errors["file"])
    assert not Person.objects.exists()


def test_too_many_rows_are_refused_whole(client, chosen):
    lines = ["姓名,人才类别"] + [f"人员{n},专家" for n in range(sheet.MAX_ROWS + 1)]
    response = _import(client, chosen, "太多.csv", "\n".join(lines).encode())
    assert response.status_code == 400 and str(sheet.MAX_ROWS) in str(response.context["import_form"].errors["file"])
    assert not Person.objects.exists()


def test_wrong_cell_types(client, chosen):
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out)
    page = book.add_worksheet()
    page.write_row(0, 0, ["姓名", "人才类别", "有效期起", "资格类别", "证书编号"])
    page.write_row(1, 0, ["张三", True, "", "", ""])                  # a boolean as the kind
    page.write_row(2, 0, ["李四", "专家", 3.5, "律师执业", ""])          # a number as a date
    page.write_row(3, 0, ["王五", "专家", "2026-02-30", "律师执业", ""])  # no such day
    page.write_row(4, 0, ["赵六", "专家", "", "律师执业", 12345678])     # a number as the certificate number
    book.close()
    response = _import(client, chosen, "类型.xlsx", out.getvalue())
    assert [(r, c) for r, c, _v in _problems(response)] == [(2, "人才类别"), (3, "有效期起"), (4, "有效期起")]
    person = Person.objects.get()
    assert person.name == "赵六" and person.qualification_list.get().number == "12345678"


def test_repeated_rows_and_the_same_file_twice_add_nothing(client, chosen):
    data = _xlsx([HEADER, ["张三", "专家", "中国矿业大学", "首次"], ["张三", "专家", "中国矿业大学", "重复"],
                  ["李四", "专家", "", ""]])
    first = _import(client, chosen, "清单.xlsx", data)
    assert _problems(first) == [(3, "姓名", "张三")]
    again = _import(client, chosen, "清单.xlsx", data)
    result = again.context["result"]
    assert (result["people_created"], result["entries_added"], result["unchanged"]) == (0, 0, 2)
    assert Person.objects.count() == 2 and ListEntry.objects.count() == 2
    assert ListEntry.objects.get(person__name="张三").note == "首次"


def test_markup_in_a_file_is_shown_as_text(client, chosen):
    data = _xlsx([HEADER, ["<script>alert(1)</script>", "专家", "<img src=x onerror=alert(2)>", "<b>注</b>"],
                  ["钱七", "<i>坏</i>", "", ""]])  # the bad kind shown in the problems
    response = _import(client, chosen, "标记.xlsx", data)
    for page in (response.content.decode(), client.get(f"/talent/lists/{chosen.pk}/").content.decode(),
                 client.get("/talent/").content.decode()):
        assert "<script>alert(1)</script>" not in page and "<img src=x" not in page and "<b>注</b>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<i>坏</i>" not in response.content.decode() and "&lt;i&gt;坏&lt;/i&gt;" in response.content.decode()


def test_the_export_neutralises_formulas_and_takes_any_list_name(office, client):
    chosen = actions.do_save_list(office, {"name": "'2026/第一批:[重点]*?'", "year": 2026})
    for n, name in enumerate(["=1+1", "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "张三"]):
        person = actions.do_save_person(office, None, {"kind": "expert", "name": name, "organization_name": f"单位{n}",
                                                 "title": "=HYPERLINK(\"http://example.com\")"})
        actions.do_add_entry(office, chosen, person, "@note" if n == 0 else "")
    for address in (f"/talent/lists/{chosen.pk}/export.xlsx", "/talent/export.xlsx"):
        response = client.get(address)
        assert response.status_code == 200
        with zipfile.ZipFile(io.BytesIO(response.content)) as book:
            assert not any(b"<f>" in book.read(n) for n in book.namelist() if n.startswith("xl/worksheets/"))
        cells = [c for row in openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(
            min_row=2, values_only=True) for c in row if isinstance(c, str)]
        assert "'=1+1" in cells and "'+cmd|' /C calc'!A0" in cells and "'-2+3" in cells and "'@SUM(A1)" in cells
        assert "'=HYPERLINK(\"http://example.com\")" in cells
        assert not [c for c in cells if c[:1] in "=+-@"]
    assert openpyxl.load_workbook(io.BytesIO(client.get(f"/talent/lists/{chosen.pk}/export.xlsx").content)
                                  ).active.title == "2026／第一批：（重点）＊？"
