"""人才清单 from and to Excel (issue 17): an import keeps the good rows and reports each bad one with the file, row,
column and reason; importing the same file again adds nothing; the export holds every person and qualification
with the expired flag, and a name that looks like a formula stays text."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile

from zhichan.talent import actions, qualification_actions, sheet, transfer
from zhichan.talent.models import ListEntry, Person, Qualification

pytestmark = pytest.mark.django_db

HEADER = ["姓名", "人才类别", "工作单位", "职称或职务", "专业领域", "资格类别", "证书编号", "发证机关", "有效期起", "有效期至", "备注"]
ROWS = [
    ["张三", "企业知识产权管理人员", "徐州云图智能科技有限公司", "知识产权经理", "H01M", "专利代理师资格", "1232100012345678",
     "国家知识产权局", "2018-01-01", "", "重点培养"],                                                      # 2 kept
    ["李四", "专家", "中国矿业大学", "教授", "", "知识产权师（高级）", "ZG-1", "江苏省人社厅", "2019/1/1", "2018/12/31", ""],  # 3
    ["", "专家", "中国矿业大学", "", "", "", "", "", "", "", "没有姓名"],                                  # 4
    ["王五", "飞行员", "", "", "", "", "", "", "", "", ""],                                            # 5
    ['=HYPERLINK("http://example.com","点我")', "专家", "", "", "", "", "", "", "", "", ""],           # 6
    ["赵六", "", "徐州矿机装备有限公司", "", "", "", "", "", "", "", "已在人才库"],                        # 7 kept (matched)
    ["钱七", "", "某单位", "", "", "", "", "", "", "", ""],                                            # 8
    ["孙八", "专利代理师", "", "", "", "专利代理师资格", "P-HELD", "", "", "", ""],                         # 9
    ["张三", "企业知识产权管理人员", "徐州云图智能科技有限公司", "", "", "专利代理师资格", "1232100012345678", "", "", "",
     ""],                                                                                        # 10
    ["吴十", "专利代理师", "某所", "", "", "律师执业", "", "", "2020-02-30", "", ""],                      # 11
]


@pytest.fixture
def office(django_user_model):
    return django_user_model.objects.create_user("office1", password="x", role="office")


@pytest.fixture
def chosen(office):
    return actions.do_save_list(office, {"name": "领军人才培引清单", "year": 2026})


@pytest.fixture
def workbook_file(tmp_path) -> Path:
    """The rows above as an xlsx; the formula-like name is stored as text, as a user's typing would be."""
    path = tmp_path / "人才清单.xlsx"
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False})
    sheet_ = book.add_worksheet()
    for n, values in enumerate([HEADER, *ROWS]):
        sheet_.write_row(n, 0, values)
    book.close()
    return path


@pytest.fixture
def existing(office):
    zhao = actions.do_save_person(office, None, {"kind": "manager", "name": "赵六",
                                                 "organization_name": "徐州矿机装备有限公司"})
    zhou = actions.do_save_person(office, None, {"kind": "practitioner", "name": "周九"})
    qualification_actions.do_add_qualification(office, zhou, {"kind": "patent_attorney", "number": "P-HELD"})
    return zhao


def test_the_reader_names_the_row_and_the_column_of_each_problem():
    read = sheet.read([["姓名", "有效期至"], ["张三", "2026年1月31日"], ["李四", "明年"]])
    assert [r.name for r in read.rows] == []  # 有效期至 without 资格类别 refuses the row …
    assert {(p.row, p.column) for p in read.problems} == {(2, "资格类别"), (3, "资格类别"), (3, "有效期至")}
    assert sheet.date_of("2026年1月31日") == dt.date(2026, 1, 31) == sheet.date_of("2026/1/31")
    with pytest.raises(sheet.SheetError):
        sheet.read([["名字", "单位"], ["张三", "某单位"]])


def test_an_import_keeps_the_good_rows_reports_the_bad_and_adds_nothing_the_second_time(office, chosen, existing,
                                                                                         workbook_file):
    first = transfer.do_import_list(office, chosen, workbook_file, "人才清单.xlsx")
    assert (first["people_created"], first["qualifications_added"], first["entries_added"]) == (1, 1, 2)
    problems = {(p["row"], p["column"]): p["reason"] for p in first["problems"]}
    assert all(p["file"] == "人才清单.xlsx" for p in first["problems"])
    assert problems[(3, "有效期至")] == "有效期至早于有效期起"
    assert problems[(4, "姓名")] == "姓名不能为空"
    assert "人才类别" in problems[(5, "人才类别")]
    assert "公式" in problems[(6, "姓名")]
    assert "人才类别" in problems[(8, "姓名")]
    assert "周九" in problems[(9, "姓名")]
    assert problems[(10, "姓名")] == "与第 2 行重复"
    assert (11, "有效期起") in problems
    assert first["rejected"] == 8
    zhang = Person.objects.get(name="张三")
    assert (zhang.kind, zhang.workplace, zhang.title) == ("manager", "徐州云图智能科技有限公司", "知识产权经理")
    assert [(q.kind, q.number, q.valid_from) for q in zhang.qualification_list.all()] == [
        ("patent_attorney", "1232100012345678", dt.date(2018, 1, 1))]
    assert dict(ListEntry.objects.filter(talent_list=chosen).values_list("person__name", "note")) == {
        "张三": "重点培养", "赵六": "已在人才库"}
    counts = (Person.objects.count(), Qualification.objects.count(), ListEntry.objects.count())
    again = transfer.do_import_list(office, chosen, workbook_file, "人才清单.xlsx")
    assert (again["people_created"], again["qualifications_added"], again["entries_added"], again["unchanged"]) == (
        0, 0, 0, 2)
    assert (Person.objects.count(), Qualification.objects.count(), ListEntry.objects.count()) == counts


def test_a_namesake_at_another_workplace_is_another_person(office, chosen, tmp_path):
    actions.do_save_person(office, None, {"kind": "expert", "name": "张伟", "organization_name": "中国矿业大学"})
    path = tmp_path / "同名.csv"
    path.write_text("姓名,人才类别,工作单位\n张伟,企业知识产权管理人员,\n张伟,专家,江苏师范大学\n张伟,,中国矿业大学\n",
                    encoding="utf-8")
    result = transfer.do_import_list(office, chosen, path)
    assert (result["people_created"], result["entries_added"], result["rejected"]) == (2, 3, 0)
    assert sorted(p.workplace for p in Person.objects.filter(name="张伟")) == ["", "中国矿业大学", "江苏师范大学"]
    assert transfer.do_import_list(office, chosen, path)["unchanged"] == 3


def test_the_export_holds_each_qualification_with_its_state_and_formulas_stay_text(office, chosen):
    odd = actions.do_save_person(office, None, {"kind": "manager", "name": "=cmd|' /C calc'!A0",
                                                "organization_name": "@SUM(1+1)"})
    lee = actions.do_save_person(office, None, {"kind": "practitioner", "name": "李四"})
    qualification_actions.do_add_qualification(office, lee, {"kind": "patent_attorney", "number": "P-1"})
    qualification_actions.do_add_qualification(office, lee, {"kind": "ip_junior", "number": "ZJ-1",
                                                             "valid_to": dt.date(2020, 6, 30)})
    actions.do_add_entry(office, chosen, odd, "-2+3")
    actions.do_add_entry(office, chosen, lee)
    book = openpyxl.load_workbook(io.BytesIO(transfer.export_list(chosen)))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("姓名", "人才类别", "工作单位")
    assert rows[1][0] == "'=cmd|' /C calc'!A0" and rows[1][2] == "'@SUM(1+1)" and rows[1][-1] == "'-2+3"
    assert all(cell.data_type != "f" for row in book.active.iter_rows() for cell in row)
    lee_rows = {r[5]: r for r in rows if r[0] == "李四"}
    assert lee_rows["专利代理师资格"][9:11] == ("长期", "有效")
    assert lee_rows["知识产权师（初级）"][9:11] == ("2020-06-30", "已过期")


def test_the_pages_import_and_export_for_the_office_only(client, office, chosen, django_user_model, workbook_file):
    member = django_user_model.objects.create_user("ent1", password="x", role="enterprise")
    upload = SimpleUploadedFile("人才清单.xlsx", workbook_file.read_bytes())
    client.force_login(member)
    assert client.post(f"/talent/lists/{chosen.pk}/import/", {"file": upload}).status_code == 403
    assert client.get(f"/talent/lists/{chosen.pk}/export.xlsx").status_code == 403
    assert client.get("/talent/export.xlsx").status_code == 403
    client.force_login(office)
    wrong = client.post(f"/talent/lists/{chosen.pk}/import/", {"file": SimpleUploadedFile("a.txt", b"x")})
    assert wrong.status_code == 400
    upload.seek(0)
    page = client.post(f"/talent/lists/{chosen.pk}/import/", {"file": upload}).content.decode()
    problems = page.split('id="import-problems"', 1)[1].split("</table>", 1)[0]
    assert '<td class="row">3</td>' in problems and "有效期至早于有效期起" in problems
    assert "张三" in page.split('id="list-entries"', 1)[1].split("</table>", 1)[0]
    for url in (f"/talent/lists/{chosen.pk}/export.xlsx", "/talent/export.xlsx?kind=manager"):
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"].startswith(
            "application/vnd.openxmlformats-officedocument.spreadsheetml")
    names = [r[0] for r in openpyxl.load_workbook(io.BytesIO(client.get("/talent/export.xlsx?kind=manager").content)
                                                  ).active.iter_rows(min_row=2, values_only=True)]
    assert names == ["张三"]
