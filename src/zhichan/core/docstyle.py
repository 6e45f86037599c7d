"""Paragraphs and table cells in the style of Chinese government documents (python-docx): an East Asian font on
every run (仿宋_GB2312 body, 黑体 headings), first-line indent of two characters, fixed 28 pt line spacing. Shared
by every report the platform writes.

Headings are Word's own heading styles (Heading 1, Heading 2), restyled in the document's fonts, so that Word's
navigation pane shows the outline and the table of contents field at the start of a report can list them."""

from __future__ import annotations

from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

BODY = "仿宋_GB2312"
# level → (font, size in pt, bold): 一级标题黑体三号, 二级标题楷体三号, 三级标题仿宋三号加粗
HEADINGS = {1: ("黑体", 16, False), 2: ("楷体_GB2312", 16, False), 3: (BODY, 16, True)}
TOC_HINT = "（目录：在 Word 中打开时更新；如未显示，请右键单击此处并选择“更新域”。）"


def font(run: Any, east_asia: str, size: float, bold: bool = False) -> None:
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.name = east_asia
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asia)


def para(doc: Any, text: str, font_name: str = BODY, size: float = 16, bold: bool = False,
         align: int | None = None, indent: bool = True) -> Any:
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Pt(size * 2)
    p.paragraph_format.line_spacing = Pt(28)
    font(p.add_run(text), font_name, size, bold)
    return p


def _restyle_heading(doc: Any, level: int, font_name: str, size: float, bold: bool) -> Any:
    """The built-in heading style in the document's fonts: black, no theme font, no extra space."""
    style = doc.styles[f"Heading {level}"]
    style.font.name, style.font.size, style.font.bold = font_name, Pt(size), bold
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    fonts.set(qn("w:eastAsia"), font_name)
    style.paragraph_format.space_before = style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.line_spacing = Pt(28)
    style.paragraph_format.keep_with_next = True
    return style


def heading(doc: Any, text: str, level: int = 1, font_name: str | None = None, size: float | None = None,
            align: int | None = None) -> Any:
    """A heading in Word's heading style of that level (an outline level of its own), in the official fonts."""
    default_font, default_size, bold = HEADINGS.get(level, HEADINGS[3])
    font_name, size = font_name or default_font, size or default_size
    _restyle_heading(doc, level, font_name, size, bold)
    p = doc.add_paragraph(style=f"Heading {level}")
    if align is not None:
        p.alignment = align
    run = p.add_run(text)
    font(run, font_name, size, bold)
    run.font.color.rgb = RGBColor(0, 0, 0)
    return p


def _field_char(kind: str) -> Any:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    return element


def table_of_contents(doc: Any, title: str = "目录", levels: str = "1-2") -> Any:
    """A table of contents field (TOC \\o) listing the headings, after a centred title. Word fills it in when the
    document is opened (the document asks it to update its fields); until then it shows a hint."""
    para(doc, title, HEADINGS[1][0], 16, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    p = doc.add_paragraph()
    p.paragraph_format.line_spacing = Pt(28)
    begin = p.add_run()
    begin._element.append(_field_char("begin"))
    instruction = p.add_run()
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f'TOC \\o "{levels}" \\h \\z \\u'
    instruction._element.append(code)
    p.add_run()._element.append(_field_char("separate"))
    font(p.add_run(TOC_HINT), BODY, 12)
    p.add_run()._element.append(_field_char("end"))
    settings = doc.settings.element
    if settings.find(qn("w:updateFields")) is None:
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        settings.append(update)
    return p


def cell(target: Any, text: str, bold: bool = False) -> None:
    target.text = ""
    font(target.paragraphs[0].add_run(text), BODY, 10.5, bold)
