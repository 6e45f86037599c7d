"""Periodic indicator reports as DOCX in the formal style of government documents (标题小标宋二号，正文仿宋三号，
一级标题黑体，二级标题楷体), plus XLSX with every table."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from zhichan.core import spreadsheet
from zhichan.core.docstyle import cell as _cell
from zhichan.core.docstyle import para as _para
from zhichan.core.models import Region
from zhichan.indicators import periods, plans, progress
from zhichan.indicators.figures import latest_computation
from zhichan.indicators.models import ComputedFigure, IndicatorDefinition, Plan

REPORTED = ["valid_invention", "valid_invention_per_10k", "high_value_invention", "high_value_per_10k",
            "grants_invention", "applications_invention", "applications_utility", "applications_design",
            "pct_applications"]


@dataclass
class ReportData:
    city: Region
    period: str
    kind: str
    label: str
    as_of: dt.date
    columns: list[IndicatorDefinition]
    rows: list[tuple[Region, list[ComputedFigure | None]]]
    plan_items: list[plans.ItemStatus]
    settings: dict


def gather(city: Region, period: str) -> ReportData:
    kind, as_of, label = periods.parse(period)
    regions = [city, *city.children.order_by("code")]
    chosen = latest_computation(ComputedFigure.objects.filter(region__in=regions, as_of=as_of,
                                                              indicator_id__in=REPORTED))
    settings = chosen[0].settings if chosen else {}
    table = {(f.region_id, f.indicator_id): f for f in chosen}
    defs = IndicatorDefinition.objects.in_bulk(REPORTED)
    rows = [(r, [table.get((r.code, code)) for code in REPORTED]) for r in regions]
    plan = Plan.objects.filter(region__in=regions).order_by("-is_template", "-end_year").first()
    items = [plans.status(i) for i in plan.items.select_related("indicator")] if plan else []
    return ReportData(city, period, kind, label, as_of, [defs[c] for c in REPORTED if c in defs], rows, items,
                      settings)


def value_text(f: ComputedFigure | None) -> str:
    if f is None:
        return "—"
    if f.value is None:
        return "缺少人口"
    return f"{f.value:,.2f}".rstrip("0").rstrip(".")


def docx(data: ReportData, path: Path) -> Path:
    doc = Document()
    section = doc.sections[0]
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    title = f"{data.city.name}知识产权发展指标{data.label}{periods.KIND_LABELS[data.kind]}"
    _para(doc, title, "方正小标宋简体", 22, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _para(doc, f"（统计截至{data.as_of.year}年{data.as_of.month}月{data.as_of.day}日）", "楷体_GB2312", 16,
          align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    city_values = dict(zip([c.code for c in data.columns], data.rows[0][1], strict=True)) if data.rows else {}
    _para(doc, "一、总体情况", "黑体", 16, indent=False)
    _para(doc, overview(data, city_values))
    _para(doc, "二、分区情况", "黑体", 16, indent=False)
    _para(doc, "各县（市、区）主要指标如下表。", indent=True)
    table = doc.add_table(rows=1 + len(data.rows), cols=1 + len(data.columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    headers = ["地区", *[f"{c.name_zh}（{c.unit}）" for c in data.columns]]
    for i, text in enumerate(headers):
        _cell(table.cell(0, i), text, bold=True)
    for r, (region, cells) in enumerate(data.rows, start=1):
        _cell(table.cell(r, 0), region.name)
        for c, f in enumerate(cells, start=1):
            _cell(table.cell(r, c), value_text(f))
    _para(doc, "三、规划目标完成情况", "黑体", 16, indent=False)
    if data.plan_items:
        for s in data.plan_items:
            latest = f"{s.latest.value:g}" if s.latest else "暂无数据"
            target = f"{s.target_value:g}" if s.target_value is not None else "（需基期值）"
            _para(doc, f"{s.item.indicator.name_zh}：目标{target}{s.item.indicator.unit}，最新值{latest}，"
                       f"{progress.LABELS[s.assessed.status]}。")
    else:
        _para(doc, "本地区尚未设定规划目标。")
    _para(doc, "四、说明", "黑体", 16, indent=False)
    for note in notes(data):
        _para(doc, note)
    _para(doc, f"{data.city.name}知识产权局", align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    _para(doc, f"{dt.date.today().year}年{dt.date.today().month}月{dt.date.today().day}日",
          align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    doc.save(str(path))
    return path


def overview(data: ReportData, values: dict) -> str:
    def v(code: str) -> str:
        return value_text(values.get(code))

    return (f"截至{data.as_of.year}年{data.as_of.month}月{data.as_of.day}日，全市有效发明专利拥有量{v('valid_invention')}件，"
            f"每万人口有效发明专利拥有量{v('valid_invention_per_10k')}件；高价值发明专利拥有量{v('high_value_invention')}件，"
            f"每万人口高价值发明专利拥有量{v('high_value_per_10k')}件。{data.as_of.year}年以来，发明专利授权{v('grants_invention')}件，"
            f"发明专利申请{v('applications_invention')}件，PCT国际专利申请{v('pct_applications')}件。")


def notes(data: ReportData) -> list[str]:
    s = data.settings
    out = [f"1. 数据来源：知产平台导入的专利数据，按法律事件计算统计日的有效状态。地区归属：{ATTRIBUTION_LABELS.get(s.get('attribution', ''), '')}。",
           f"2. 高价值发明专利按国家知识产权局五项条件之一计入（每件只计一次）；较高质押融资金额取"
           f"{s.get('high_value_pledge_threshold_wan', '')}万元，维持年限自{'申请日' if s.get('high_value_ten_years_from') == 'filing' else '授权日'}起算，"
           f"战略性新兴产业按{'主分类号' if s.get('high_value_sei_match') == 'main' else '任一分类号'}对照。"]
    missing = [region.name for region, cells in data.rows if any(f is not None and f.value is None for f in cells)]
    if missing:
        out.append(f"3. {'、'.join(missing)}缺少{data.as_of.year}年常住人口数据，每万人口指标未计算。")
    return out


ATTRIBUTION_LABELS = {"first_holder": "第一权利人所在地", "all_holders": "全部权利人所在地（各计一件）",
                      "fractional": "全部权利人所在地（按份额）"}


def xlsx(data: ReportData, path: Path) -> Path:
    book = spreadsheet.workbook(str(path))  # plan wording is typed or imported text
    bold = book.add_format({"bold": True})
    sheet = book.add_worksheet("分区指标")
    spreadsheet.write_row(sheet, 0, 0, ["地区", *[f"{c.name_zh}（{c.unit}）" for c in data.columns]], bold)
    for r, (region, cells) in enumerate(data.rows, start=1):
        spreadsheet.write(sheet, r, 0, region.name)
        for c, f in enumerate(cells, start=1):
            if f is not None and f.value is not None:
                sheet.write_number(r, c, f.value)
            else:
                spreadsheet.write(sheet, r, c, value_text(f))
    targets = book.add_worksheet("规划目标")
    targets.write_row(0, 0, ["指标", "目标（原文）", "目标值", "最新值", "状态"], bold)
    for r, s in enumerate(data.plan_items, start=1):
        spreadsheet.write_row(targets, r, 0, [s.item.indicator.name_zh, s.item.wording,
                                 s.target_value if s.target_value is not None else "",
                                 s.latest.value if s.latest else "", progress.LABELS[s.assessed.status]])
    book.close()
    return path
