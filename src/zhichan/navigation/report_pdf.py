"""The navigation report as PDF (fpdf2): the DOCX's chapters, charts and tables on A4, with the CJK font embedded.

Layout rules: a table is as wide as the page at most; its columns get the room their text needs, long cells wrap
(Chinese has no spaces: lines break between characters) and numbers never do; the header row repeats at the top of
every page a table runs onto. A table too wide for a portrait page goes on a landscape one, and one too wide even
for that is split into column groups that each repeat the first column (续表). Headings and captions travel with
what follows them, so no page ends on a heading and none is left empty."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from zhichan.navigation import charts, tables

MARGIN = 18.0  # mm
BODY_SIZE = 10.5
TABLE_SIZE = 8.0
PADDING = 1.2  # mm each side of a cell's text
MOST_ROWS = 30  # as in the DOCX; the XLSX has every row
WIDE_RATIO = 1.5  # a table whose text needs this many portrait widths or more goes landscape
SHORT = 25.0  # mm: a column needing less than this on one line is not wrapped on a portrait page


@dataclass
class Plan:
    """How one table is laid out: page orientation and, per column group, the columns and their widths (mm)."""

    orientation: str
    groups: list[tuple[list[int], list[float]]]


def share(natural: list[float], minimum: list[float], available: float) -> list[float] | None:
    """Column widths summing to `available` at most: every column gets its natural width when all fit; otherwise
    narrow columns keep theirs and the wide ones share what is left in proportion to their need (never below their
    minimum). None when even the minimums do not fit. Pure."""
    if sum(minimum) > available + 1e-6:
        return None
    if sum(natural) <= available:  # a narrow table is widened a little for air, never beyond the page
        target = min(available, max(sum(natural) * 1.4, available * 0.6))
        return [n * target / sum(natural) for n in natural] if sum(natural) else natural
    widths = [0.0] * len(natural)
    open_columns = set(range(len(natural)))
    room = available
    while open_columns:  # water filling: fix the columns that need less than an equal share, then share again
        fair = room / len(open_columns)
        small = {i for i in open_columns if max(natural[i], minimum[i]) <= fair}
        if not small:
            need = sum(natural[i] for i in open_columns)
            for i in open_columns:
                widths[i] = max(minimum[i], room * natural[i] / need)
            excess = sum(widths) - available
            if excess > 1e-6:  # minimums pushed the total over: take it from the columns above their minimum
                flexible = [i for i in open_columns if widths[i] > minimum[i]]
                slack = sum(widths[i] - minimum[i] for i in flexible)
                for i in flexible:
                    widths[i] -= excess * (widths[i] - minimum[i]) / slack
            return widths
        for i in small:
            widths[i] = max(natural[i], minimum[i])
            room -= widths[i]
        open_columns -= small
    return widths


def plan(natural: list[float], minimum: list[float], portrait: float, landscape: float) -> Plan:
    """Portrait when the table fits a portrait page with only its long texts wrapped (a short column, a name or a
    number, keeps its line); landscape otherwise; column groups (each with the first column) when even a landscape
    page cannot hold every column at its minimum. Pure."""
    if sum(natural) <= portrait * WIDE_RATIO:
        widths = share(natural, minimum, portrait)
        if widths is not None and all(w >= n - 0.01 for w, n in zip(widths, natural, strict=True) if n <= SHORT):
            return Plan("P", [(list(range(len(natural))), widths)])
    widths = share(natural, minimum, landscape)
    if widths is not None:
        return Plan("L", [(list(range(len(natural))), widths)])
    groups, current = [], [0]
    for i in range(1, len(natural)):
        if sum(minimum[j] for j in [*current, i]) > landscape and len(current) > 1:
            groups.append(current)
            current = [0]
        current.append(i)
    groups.append(current)
    return Plan("L", [(g, share([natural[i] for i in g], [minimum[i] for i in g], landscape)
                       or [landscape / len(g)] * len(g)) for g in groups])


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _numeric(text: str) -> bool:
    return bool(text) and text.replace(".", "", 1).replace("%", "").replace("-", "", 1).replace(",", "").isdigit()


def _number_column(rows: list[list[str]], i: int) -> bool:
    cells = [r[i] for r in rows if i < len(r) and r[i]]
    return bool(cells) and all(_numeric(c) for c in cells)


class _Document:
    """An fpdf2 document with the report's fonts, running header and page numbers, and the flow rules above."""

    def __init__(self, title: str) -> None:
        from fpdf import FPDF

        owner = self

        class Pages(FPDF):
            def header(self) -> None:
                owner._header()

            def footer(self) -> None:
                owner._footer()

        self.pdf = Pages(orientation="P", unit="mm", format="A4")
        self.title = title
        regular, regular_face = charts.cjk_face()
        bold, bold_face = charts.cjk_face(bold=True)
        self.pdf.add_font("cjk", "", regular, collection_font_number=regular_face)
        self.pdf.add_font("cjk", "B", bold, collection_font_number=bold_face)
        self.pdf.set_margins(MARGIN, MARGIN + 4, MARGIN)
        self.pdf.set_auto_page_break(True, margin=MARGIN)
        self.pdf.set_title(title)
        self.pdf.set_creator("知产 Zhichan")
        self.pending: list[tuple[str, int]] = []  # headings written with the next item, never alone at a page end

    def _header(self) -> None:
        pdf = self.pdf
        if pdf.page_no() == 1:
            return
        y = pdf.y
        pdf.set_font("cjk", "", 8)
        pdf.set_text_color(110)
        pdf.set_xy(pdf.l_margin, MARGIN - 8)
        pdf.cell(pdf.epw, 4, self.title, align="R")
        pdf.set_draw_color(170)
        pdf.line(pdf.l_margin, MARGIN - 3, pdf.w - pdf.r_margin, MARGIN - 3)
        pdf.set_text_color(0)
        pdf.set_draw_color(0)
        pdf.set_y(y)

    def _footer(self) -> None:
        pdf = self.pdf
        if pdf.page_no() == 1:
            return
        pdf.set_y(-MARGIN + 6)
        pdf.set_font("cjk", "", 8)
        pdf.cell(pdf.epw, 4, f"— {pdf.page_no()} —", align="C")

    def width(self, orientation: str) -> float:
        return (297.0 if orientation == "L" else 210.0) - 2 * MARGIN

    def empty_page(self) -> bool:
        return abs(self.pdf.y - self.pdf.t_margin) < 0.5

    def place(self, height: float, orientation: str = "P") -> None:
        """Make room for an item `height` mm tall (and the headings waiting for it) on a page of `orientation`."""
        pdf = self.pdf
        headings = sum(12.0 if level == 0 else 9.0 for _, level in self.pending)
        need = min(height + headings, pdf.eph)
        turn = str(pdf.cur_orientation.value) != orientation
        if turn or (pdf.will_page_break(need) and not self.empty_page()):
            pdf.add_page(orientation=orientation)
        for text, level in self.pending:
            pdf.start_section(text, level=level)
            pdf.set_font("cjk", "B", 15 if level == 0 else 12)
            pdf.multi_cell(0, 8 if level == 0 else 6, text, new_x="LMARGIN", new_y="NEXT")
            pdf.ln(2 if level == 0 else 1)
        self.pending = []

    def heading(self, text: str, level: int = 0) -> None:
        self.pending.append((text, level))

    def paragraph(self, text: str, size: float = BODY_SIZE, indent: bool = True, align: str = "L") -> None:
        from fpdf.enums import WrapMode

        # ragged right, as Chinese lines fill evenly anyway: a justified line is written as a spaced TJ array, which
        # some text extractors read back wrongly
        pdf = self.pdf
        pdf.set_font("cjk", "", size)
        line = size * 0.6
        lines = len(pdf.multi_cell(0, line, ("　　" if indent else "") + text, dry_run=True, output="LINES",
                                   wrapmode=WrapMode.CHAR))
        self.place(min(lines, 3) * line)
        pdf.set_font("cjk", "", size)
        pdf.multi_cell(0, line, ("　　" if indent else "") + text, align=align, wrapmode=WrapMode.CHAR,
                       new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.5)

    def caption(self, text: str) -> None:
        pdf = self.pdf
        pdf.set_font("cjk", "B", 9.5)
        pdf.cell(0, 6, text, align="C", new_x="LMARGIN", new_y="NEXT")

    def figure(self, caption: str, png: bytes) -> None:
        from PIL import Image

        pdf = self.pdf
        with Image.open(io.BytesIO(png)) as image:
            ratio = image.height / image.width
        width = min(self.width("P"), 160.0)
        height = width * ratio
        if height > pdf.eph - 20:  # a tall chart is shrunk to fit one page with its caption
            height = pdf.eph - 20
            width = height / ratio
        self.place(height + 8)
        pdf.image(io.BytesIO(png), x=(pdf.w - width) / 2, w=width, h=height)
        self.caption(caption)
        pdf.ln(3)

    def table(self, number: int, t: tables.Table) -> None:
        from fpdf.enums import TableCellFillMode, WrapMode
        from fpdf.fonts import FontFace

        pdf = self.pdf
        rows = [[_text(v) for v in row] for row in t.rows[:MOST_ROWS]]
        headers = [_text(h) for h in t.headers]
        if not rows:
            self.place(14)
            self.caption(f"表 {number}  {t.title}")
            self.paragraph("（本表无数据。）", size=9, indent=False, align="C")
            return
        natural, minimum = self._measure(headers, rows)
        layout = plan(natural, minimum, self.width("P"), self.width("L"))
        line = TABLE_SIZE * 0.5
        for part, (columns, widths) in enumerate(layout.groups):
            title = f"表 {number}  {t.title}"
            if len(layout.groups) > 1:
                title += f"（{'续表，' if part else ''}第 {part + 1}/{len(layout.groups)} 部分）"
            self.place(6 + 4 * (line + 2 * PADDING), layout.orientation)
            self.caption(title)
            pdf.set_font("cjk", "", TABLE_SIZE)
            align = tuple("R" if _number_column(rows, i) else "L" for i in columns)
            with pdf.table(col_widths=widths, width=sum(widths), align="C", line_height=line,
                           padding=(PADDING * 0.6, PADDING), wrapmode=WrapMode.CHAR, repeat_headings=1,
                           text_align=align, v_align="M",
                           headings_style=FontFace(emphasis="BOLD", fill_color=(226, 233, 243)),
                           cell_fill_color=(247, 249, 252), cell_fill_mode=TableCellFillMode.EVEN_ROWS) as grid:
                heading = grid.row()
                for i in columns:
                    heading.cell(headers[i], align="C")
                for row in rows:
                    grid.row([row[i] if i < len(row) else "" for i in columns])
            pdf.ln(2)
        if len(t.rows) > MOST_ROWS:
            self.paragraph(f"（共 {len(t.rows)} 行，此处列出前 {MOST_ROWS} 行，完整数据见 XLSX。）", size=8.5,
                           indent=False)
        pdf.ln(2)

    def _measure(self, headers: list[str], rows: list[list[str]]) -> tuple[list[float], list[float]]:
        """Per column: the width its longest text needs on one line (capped), and the least it may have: a number
        whole, otherwise three characters of text."""
        pdf = self.pdf
        natural, minimum = [], []
        pad = 2 * PADDING + 0.5
        for i, header in enumerate(headers):
            cells = [r[i] if i < len(r) else "" for r in rows]
            pdf.set_font("cjk", "B", TABLE_SIZE)
            head = pdf.get_string_width(header)
            pdf.set_font("cjk", "", TABLE_SIZE)
            body = max((pdf.get_string_width(c) for c in cells), default=0.0)
            numbers = max((pdf.get_string_width(c) for c in cells if _numeric(c)), default=0.0)
            three = pdf.get_string_width("国国国")
            natural.append(min(max(head, body), 90.0) + pad)
            minimum.append(max(numbers, min(three, max(head, body))) + pad)
        return natural, minimum

    def contents(self, pdf: Any, outline: list[Any]) -> None:
        """The table of contents (drawn by fpdf2 once every page number is known)."""
        pdf.set_x(pdf.l_margin)
        pdf.set_font("cjk", "B", 15)
        pdf.cell(0, 10, "目  录", align="C", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
        for section in outline:
            if section.level > 0:
                continue
            pdf.set_font("cjk", "", 11)
            name, number = section.name, str(section.page_number)
            dots = pdf.epw - pdf.get_string_width(name) - pdf.get_string_width(number) - 4
            pdf.cell(pdf.get_string_width(name) + 2, 8, name, link=pdf.add_link(page=section.page_number))
            pdf.cell(max(dots, 0), 8, "·" * max(0, int(dots / pdf.get_string_width("·"))), align="C")
            pdf.cell(0, 8, number, align="R", new_x="LMARGIN", new_y="NEXT")


def write(about: Any, r: dict[str, Any], path: Path, images: dict[str, tuple[str, bytes]],
          sections: list[tuple[str, list[str], list[str], str]], summary: str, findings: list[str],
          notes: list[str]) -> Path:
    """The report: a cover, the contents, the chapters (text, charts, tables), the data notes."""
    doc = _Document(f"{about.name}产业专利导航报告")
    pdf = doc.pdf
    pdf.add_page()
    pdf.set_y(80)
    pdf.set_font("cjk", "B", 22)
    pdf.multi_cell(0, 12, doc.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    pdf.set_font("cjk", "", 11)
    pdf.multi_cell(0, 7, f"{about.edition} · 共 {r['total']} 件\n生成日期：{dt.date.today():%Y年%m月%d日}",
                   align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    pdf.insert_toc_placeholder(doc.contents, pages=1, reset_page_indices=False)
    by_key: dict[str, list[tables.Table]] = {}
    for t in tables.tables(r):
        by_key.setdefault(t.key, []).append(t)
    figure = table_no = 0
    for title, keys, chart_keys, editable in sections:
        doc.heading(title)
        if title.startswith("一"):
            doc.paragraph(summary)
        if title.startswith("六"):
            doc.paragraph("主要发现（系统根据数据草拟，请核实、修改）：", indent=False)
            for n, finding in enumerate(findings, start=1):
                doc.paragraph(f"{n}. {finding}")
        for line in editable.split("\n") if editable else []:
            doc.paragraph(line)
        for key in chart_keys:
            if key in images:
                figure += 1
                caption, png = images[key]
                doc.figure(f"图 {figure}  {caption}", png)
        for key in keys:
            for t in by_key.get(key, []):
                table_no += 1
                doc.table(table_no, t)
    doc.heading("附：数据说明")
    for note in notes:
        doc.paragraph(note, size=9.5)
    pdf.output(str(path))
    return path
