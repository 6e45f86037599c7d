"""Paragraphs and table cells in the style of Chinese government documents (python-docx): an East Asian font on
every run (仿宋_GB2312 body, 黑体 headings), first-line indent of two characters, fixed 28 pt line spacing. Shared
by every report the platform writes."""

from __future__ import annotations

from typing import Any

from docx.oxml.ns import qn
from docx.shared import Pt

BODY = "仿宋_GB2312"


def font(run: Any, east_asia: str, size: float, bold: bool = False) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = east_asia
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asia)


def para(doc: Any, text: str, font_name: str = BODY, size: float = 16, bold: bool = False,
         align: int | None = None, indent: bool = True) -> None:
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    p.paragraph_format.line_spacing = Pt(28)
    font(p.add_run(text), font_name, size, bold)


def cell(target: Any, text: str, bold: bool = False) -> None:
    target.text = ""
    font(target.paragraphs[0].add_run(text), BODY, 10.5, bold)
