"""The navigation PDF, read back with pypdf: the demo database's report has text on every page (no blank page),
nothing written into the running header's band, every table inside the page's margins, wide tables on landscape
pages; a long table repeats its header row on every page it runs onto; the column-width rules hold."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from pypdf import PdfReader
from pypdf.generic import ContentStream

from zhichan.navigation import report, report_pdf, tables
from zhichan.navigation.models import ThematicDatabase

MM = 72 / 25.4  # points per millimetre


def clean(text: str) -> str:
    return re.sub(r"\s+", "", text)


@dataclass
class Page:
    width: float
    height: float
    header: list[tuple[float, float, str]]  # (x, y, text) in points from the bottom left
    body: list[tuple[float, float, str]]
    footer: list[tuple[float, float, str]]

    def text(self) -> str:
        return clean("".join(t for _, _, t in self.body))


def read(source: object) -> list[Page]:
    """Every line of text with where it starts. The glyph codes are read through each font's ToUnicode map here
    (pypdf's own extraction misreads two-byte codes above 255 in these subset fonts)."""
    reader = PdfReader(source)
    pages = []
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        fonts = {name: _to_unicode(font.get_object()) for name, font in page["/Resources"].get("/Font", {}).items()}
        parts, font, x, y = [], {}, 0.0, 0.0
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"Tf":
                font = fonts[operands[0]]
            elif operator == b"Td":
                x, y = float(operands[0]), float(operands[1])
            elif operator in (b"Tj", b"TJ"):
                chunks = operands[0] if operator == b"TJ" else [operands[0]]
                raw = b"".join(bytes(c.original_bytes) for c in chunks if hasattr(c, "original_bytes"))
                text = "".join(font.get(raw[i:i + 2], "?") for i in range(0, len(raw), 2))
                if text.strip():
                    parts.append((x, y, text))
        top, bottom = height - (report_pdf.MARGIN - 2) * MM, (report_pdf.MARGIN - 2) * MM
        pages.append(Page(width, height, [p for p in parts if p[1] > top], [p for p in parts if bottom <= p[1] <= top],
                          [p for p in parts if p[1] < bottom]))
    return pages


def _to_unicode(font: object) -> dict[bytes, str]:
    cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    return {bytes.fromhex(code): bytes.fromhex(text).decode("utf-16-be")
            for code, text in re.findall(r"<([0-9A-Fa-f]{4})> <([0-9A-Fa-f]+)>", cmap.split("endcodespacerange")[1])}


@pytest.fixture
def demo_version(db):
    call_command("demo", "--size", "400", "--city", "徐州市")
    call_command("navigation", "demo")
    return ThematicDatabase.objects.get(name="徐州装备制造").versions.get()


def test_the_demo_report_has_no_blank_page_and_its_tables_fit(demo_version, tmp_path):
    path = report.write(demo_version, "pdf", path=tmp_path / "demo.pdf")
    pages = read(str(path))
    assert 5 <= len(pages) <= 40
    for number, page in enumerate(pages, start=1):
        assert len(page.text()) >= 10, f"page {number} is blank"
        for x, _y, text in page.body:  # every line starts inside the margins, none beyond the right one
            assert (report_pdf.MARGIN - 1) * MM <= x <= page.width - (report_pdf.MARGIN + 1) * MM, (number, text)
        if number > 1:  # the running header holds the title alone: nothing else is written over it
            assert clean("".join(t for *_, t in page.header)) == "徐州装备制造产业专利导航报告"
            assert clean("".join(t for *_, t in page.footer)) == f"—{number}—"
    whole = "".join(p.text() for p in pages)
    for title, *_ in report.SECTIONS:
        assert title in whole
    assert "目录" in pages[1].text() and "附：数据说明" in whole
    by_key: dict[str, list[tables.Table]] = {}
    for t in tables.tables(_result(demo_version)):
        by_key.setdefault(t.key, []).append(t)
    titles = [t.title for _, keys, *_ in report.SECTIONS for key in keys for t in by_key.get(key, [])]
    for n, title in enumerate(titles, start=1):  # every table, numbered in the order of the chapters
        assert clean(f"表 {n}  {title}") in whole, title
    landscape = [p for p in pages if p.width > p.height]
    assert landscape and all(p.text() for p in landscape)
    assert any("技术分支×主要申请人" in p.text() for p in landscape)  # ten long names: too wide for a portrait page


def _line(page: Page, y: float) -> str:
    return clean("".join(t for x, at, t in sorted(page.body) if abs(at - y) < 1))


def _result(version):
    from zhichan.navigation import results

    return results.compute(results.of_version(version))


def test_a_long_table_repeats_its_header_row_on_every_page(db):
    rows = [[f"CN2020{i:05d}", "一种用于矿山装备的液压支架智能控制系统及其控制方法" * 2, "徐州工程机械集团有限公司", i]
            for i in range(report_pdf.MOST_ROWS)]
    doc = report_pdf._Document("测试报告")
    doc.pdf.add_page()
    doc.pdf.add_page()  # the header is written from the second page on
    doc.table(1, tables.Table("key", "重点专利", ["申请号", "标题", "权利人", "数值"], rows))
    buffer = io.BytesIO()
    doc.pdf.output(buffer)
    pages = read(buffer)[1:]
    assert len(pages) >= 2
    for page in pages[1:]:  # a page the table runs onto starts with its header row
        top = max(y for _, y, _ in page.body)
        assert _line(page, top) == "申请号标题权利人数值"
    assert "申请号标题权利人数值" in pages[0].text()
    body = "".join(p.text() for p in pages)
    assert all(f"CN2020{i:05d}" in body for i in range(report_pdf.MOST_ROWS))  # every row, none cut


def test_column_widths_share_the_page():
    assert report_pdf.share([20, 30], [10, 10], 170) == pytest.approx([40.8, 61.2])  # widened to 60 %, not to the edge
    assert report_pdf.share([50, 60], [10, 10], 170) == pytest.approx([70, 84])  # or by 40 %
    widths = report_pdf.share([20, 300, 25], [15, 20, 18], 170)
    assert sum(widths) == pytest.approx(170) and widths[0] == pytest.approx(20) and widths[2] == pytest.approx(25)
    assert report_pdf.share([50] * 10, [20] * 10, 170) is None  # even the minimums do not fit
    portrait, landscape = 174, 261
    assert report_pdf.plan([20, 90, 60, 15], [10, 15, 15, 12], portrait, landscape).orientation == "P"
    titles = report_pdf.plan([32, 150, 50, 12], [10, 15, 15, 12], portrait, landscape)  # only the titles wrap
    assert titles.orientation == "P" and titles.groups[0][1][3] == pytest.approx(12)
    years = report_pdf.plan([15, 10] + [9.1] * 17, [10, 8] + [8] * 17, portrait, landscape)
    assert years.orientation == "L"  # in portrait the short columns would have to wrap
    wide = report_pdf.plan([25] + [12] * 18, [20] + [10] * 18, portrait, landscape)
    assert wide.orientation == "L" and len(wide.groups) == 1 and sum(wide.groups[0][1]) <= landscape + 1e-6
    split = report_pdf.plan([30] + [40] * 12, [30] + [30] * 12, portrait, landscape)
    assert split.orientation == "L" and len(split.groups) == 2
    assert all(g[0] == 0 for g, _ in split.groups)  # each group repeats the first column
    assert sorted({i for g, _ in split.groups for i in g}) == list(range(13))
    assert all(sum(w) <= landscape + 1e-6 for _, w in split.groups)


def test_a_table_too_wide_for_a_landscape_page_is_split_into_column_groups(db):
    names = "河北山西辽宁吉林江苏浙江安徽福建江西山东河南湖北湖南广东海南"
    provinces = [names[i:i + 2] + kind for kind in "省市" for i in range(0, len(names), 2)]  # 30 columns
    rows = [[f"分支{i}"] + [i * j for j in range(len(provinces))] for i in range(4)]
    doc = report_pdf._Document("测试报告")
    doc.pdf.add_page()
    doc.paragraph("前文。")
    doc.table(7, tables.Table("branch_regions", "技术分支×省份", ["技术分支", *provinces], rows))
    buffer = io.BytesIO()
    doc.pdf.output(buffer)
    pages = read(buffer)
    wide = [p for p in pages if p.width > p.height]
    assert len(wide) == 1 and "表7技术分支×省份（第1/2部分）" in wide[0].text()
    assert "表7技术分支×省份（续表，第2/2部分）" in wide[0].text()
    assert all(province in wide[0].text() for province in provinces)
    assert wide[0].text().count("分支3") == 2  # each group repeats the first column
