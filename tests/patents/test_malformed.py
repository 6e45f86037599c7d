"""Bad files and rows get a precise error; the good rows are kept."""

from __future__ import annotations

import zipfile

import pytest
import xlsxwriter

from tests.conftest import THUNDERSOFT, raw_data
from zhichan.patents.actions import do_import_patents
from zhichan.patents.models import Application, RejectedRow

pytestmark = pytest.mark.django_db

HEADER = ["申请号", "标题", "申请日", "申请人", "国际分类"]
GOOD = [["CN202210836006.7", "一种主题推荐方法", "2022/07/15", "西安中科创达软件有限公司", "G06F 16/583"],
        ["CN202210344028.1", "一种急救系统", "2022/03/31", "西安中科创达软件有限公司", "H04W 4/90"]]


def _xlsx(path, rows):
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("Sheet1")
    for i, row in enumerate(rows):
        sheet.write_row(i, 0, row)
    workbook.close()
    return path


def test_invalid_number_and_date_rows_are_rejected_precisely_rest_kept(tmp_path):
    rows = [["检索式: TI=测试"], HEADER, GOOD[0],
            ["CN202210836006.8", "校验位错", "2022/07/15", "甲", ""],
            ["CN202110000001.6", "日期错", "2022/13/45", "乙", ""], GOOD[1]]
    run = do_import_patents(None, [_xlsx(tmp_path / "bad.xlsx", rows)])
    f = run.files.get()
    assert f.counts["created"] == 2 and f.counts["rejected"] == 2
    rejected = {r.row: r for r in RejectedRow.objects.all()}
    assert rejected[4].column == "申请号" and "校验位" in rejected[4].reason and rejected[4].value == "CN202210836006.8"
    assert rejected[5].column == "申请日" and rejected[5].value == "2022/13/45"
    assert set(Application.objects.values_list("key", flat=True)) == {"CN202210836006.7", "CN202210344028.1"}


def test_gb18030_csv_is_detected(tmp_path):
    path = tmp_path / "gbk.csv"
    text = "\n".join(",".join(r) for r in [HEADER, *GOOD])
    path.write_bytes(text.encode("gb18030"))
    run = do_import_patents(None, [path])
    assert run.counts["created"] == 2
    assert Application.objects.get(key="CN202210836006.7").title == "一种主题推荐方法"


def test_wrong_encoding_gives_a_file_error(tmp_path):
    path = tmp_path / "utf16.csv"
    path.write_bytes("申请号,标题\nCN202210836006.7,x\n".encode("utf-16-le"))  # UTF-16 without a BOM
    f = do_import_patents(None, [path]).files.get()
    assert f.status == "failed" and "不是文本文件" in f.error
    latin = tmp_path / "latin.csv"
    latin.write_bytes("Nummer;Titel\nÄÖÜ;ß\n".encode("latin-1"))
    f = do_import_patents(None, [latin]).files.get()
    assert f.status == "failed" and "找不到表头" in f.error
    assert Application.objects.count() == 0


def test_truncated_xlsx(tmp_path):
    data = raw_data(THUNDERSOFT).read_bytes()
    path = tmp_path / "truncated.xlsx"
    path.write_bytes(data[: len(data) // 2])
    run = do_import_patents(None, [path])
    f = run.files.get()
    assert f.status == "failed" and "损坏或不完整" in f.error
    assert Application.objects.count() == 0


def test_zip_bomb_xlsx_refused_before_parsing(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as handle:
            block = b"\0" * (1 << 24)
            for _ in range(128):  # 2 GiB decompressed, a couple of MB on disk
                handle.write(block)
    run = do_import_patents(None, [path])
    f = run.files.get()
    assert f.status == "failed" and "解压后大小" in f.error


def test_entity_bomb_xml_refused(tmp_path):
    path = tmp_path / "bomb.xml"
    path.write_text('<?xml version="1.0"?>\n<!DOCTYPE us-patent-grant [<!ENTITY a "aaaaaaaaaa">'
                    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
                    "<us-patent-grant><us-bibliographic-data-grant>&c;</us-bibliographic-data-grant></us-patent-grant>")
    run = do_import_patents(None, [path])
    f = run.files.get()
    assert f.counts["rejected"] == 1
    assert "实体" in RejectedRow.objects.get().reason


def test_extra_cells_beyond_header_rejected(tmp_path):
    path = tmp_path / "extra.csv"
    path.write_text("\n".join([",".join(HEADER), ",".join(GOOD[0]) + ",", ",".join(GOOD[1]) + ",多余"]),
                    encoding="utf-8")
    run = do_import_patents(None, [path])
    assert run.counts["created"] == 1 and run.counts["rejected"] == 1  # a trailing empty cell is fine


def test_mapping_file_for_a_new_layout(tmp_path):
    rows = [["No.", "Appl", "Name", "Filed", "Owner"], ["1", "CN202210836006.7", "主题推荐", "20220715", "某公司"]]
    mapping = tmp_path / "vendor.yaml"
    mapping.write_text("columns:\n  Appl: app_number\n  Name: title\n  Filed: filing_date\n  Owner: applicants\n",
                       encoding="utf-8")
    run = do_import_patents(None, [_xlsx(tmp_path / "vendor.xlsx", rows)], fmt=f"mapping:{mapping}")
    assert run.counts["created"] == 1
    app = Application.objects.get()
    assert (app.title, str(app.filing_date), app.first_applicant) == ("主题推荐", "2022-07-15", "某公司")


def test_synonyms_make_english_headers_work_without_mapping(tmp_path):
    rows = [["Application Number", "Title", "Filing Date", "Applicant"], ["CN202210836006.7", "X", "2022-07-15", "Y"]]
    run = do_import_patents(None, [_xlsx(tmp_path / "en.xlsx", rows)])
    assert run.counts["created"] == 1


def test_unknown_file_type(tmp_path):
    path = tmp_path / "x.pdf"
    path.write_bytes(b"%PDF-1.4")
    f = do_import_patents(None, [path]).files.get()
    assert f.status == "failed" and "不支持" in f.error
