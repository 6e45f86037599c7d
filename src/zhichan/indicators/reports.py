"""Periodic indicator reports as DOCX in the formal style of government documents (标题小标宋二号，正文仿宋三号，
一级标题黑体，二级标题楷体; headings in Word's heading styles, a table of contents at the start), plus XLSX with every
table. The text is made of complete sentences (report_text) whatever is missing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import translation
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from zhichan.core import spreadsheet
from zhichan.core.docstyle import cell as _cell
from zhichan.core.docstyle import heading as _heading
from zhichan.core.docstyle import para as _para
from zhichan.core.docstyle import table_of_contents
from zhichan.core.models import Region
from zhichan.indicators import periods, plans, progress, report_text, wording
from zhichan.indicators.figures import latest_computation, with_settings
from zhichan.indicators.models import ComputedFigure, IndicatorDefinition, Plan, Publication

REPORTED = ["valid_invention", "valid_invention_per_10k", "high_value_invention", "high_value_per_10k",
            "grants_invention", "applications_invention", "applications_utility", "applications_design",
            "pct_applications"]
STOCKS, PER_CAPITA = ["valid_invention", "high_value_invention"], ["valid_invention_per_10k", "high_value_per_10k"]
FLOWS = ["grants_invention", "applications_invention", "applications_utility", "applications_design",
         "pct_applications"]


@dataclass
class PlanSection:
    plan: Plan
    items: list[plans.ItemStatus] = field(default_factory=list)


@dataclass
class ReportData:
    city: Region
    period: str
    kind: str
    label: str
    as_of: dt.date
    columns: list[IndicatorDefinition]
    rows: list[tuple[Region, list[ComputedFigure | None]]]
    plans: list[PlanSection]
    settings: dict


def gather(city: Region, period: str) -> ReportData:
    kind, as_of, label = periods.parse(period)
    regions = [city, *city.children.order_by("code")]
    figures = ComputedFigure.objects.filter(region__in=regions, as_of=as_of, indicator_id__in=REPORTED)
    published = Publication.objects.filter(region=city, as_of=as_of).first()
    # the settings the office published for that date, if it did (a what-if run is not the official figure)
    chosen = with_settings(figures, published.settings) if published else []
    chosen = chosen or latest_computation(figures)
    settings = chosen[0].settings if chosen else {}
    table = {(f.region_id, f.indicator_id): f for f in chosen}
    defs = IndicatorDefinition.objects.in_bulk(REPORTED)
    rows = [(r, [table.get((r.code, code)) for code in REPORTED]) for r in regions]
    order = {r.code: i for i, r in enumerate(regions)}
    covering = sorted(Plan.objects.filter(region__in=regions, start_year__lte=as_of.year, end_year__gte=as_of.year)
                      .select_related("region"), key=lambda p: (order[p.region_id], p.is_template, p.name))
    sections = [PlanSection(p, [plans.status(i, as_of) for i in p.items.select_related("indicator", "plan")])
                for p in covering]
    return ReportData(city, period, kind, label, as_of, [defs[c] for c in REPORTED if c in defs], rows, sections,
                      settings)


def value_text(f: ComputedFigure | None) -> str:
    """A table cell: the value, 人口未录入 for a per-capita figure without population, — when not computed."""
    if f is None:
        return "—"
    if f.value is None:
        return "人口未录入"
    return report_text.number(f.value)


def scope_word(region: Region) -> str:
    return "全市" if region.level == Region.Level.CITY else region.name


def overview(data: ReportData) -> str:
    values = dict(zip([c.code for c in data.columns], data.rows[0][1], strict=True)) if data.rows else {}
    defs = {c.code: c for c in data.columns}

    def figures(codes: list[str]) -> list[report_text.Figure]:
        return [report_text.Figure(defs[c].name_zh, defs[c].unit, values[c].value if values.get(c) else None,
                                   values.get(c) is not None) for c in codes if c in defs]

    return report_text.overview(scope_word(data.city), data.as_of, figures(STOCKS), figures(PER_CAPITA),
                                figures(FLOWS))


def plan_row(s: plans.ItemStatus) -> report_text.PlanRow:
    return report_text.PlanRow(
        s.item.indicator.name_zh, s.item.indicator.unit, s.item.target_kind,
        s.target.period if s.target else "", s.target.value if s.target else None, s.target_value, s.milestone,
        s.latest.day if s.latest else None, s.latest.value if s.latest else None, s.assessed.status,
        s.item.baseline_year is not None and s.item.baseline_value is not None)


def notes(data: ReportData) -> list[str]:
    if not data.settings:
        return ["1. 本期尚无指标计算结果；请在“指标监测”页按统计口径计算后重新生成报告。"]
    with translation.override("zh-hans"):
        settings = wording.settings_text(data.settings)
    out = ["1. 数据来源：知产平台导入的专利数据，按法律事件计算统计日的有效状态。",
           f"2. 统计口径：{settings}。高价值发明专利按国家知识产权局五项条件之一计入，每件只计一次。"]
    missing = [region.name for region, cells in data.rows if any(f is not None and f.value is None for f in cells)]
    if missing:
        out.append(f"3. {report_text.missing_population(missing, data.as_of.year)}")
    return out


def docx(data: ReportData, path: Path) -> Path:
    doc = Document()
    section = doc.sections[0]
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    title = f"{data.city.name}知识产权发展指标{data.label}{periods.KIND_LABELS[data.kind]}"
    _para(doc, title, "方正小标宋简体", 22, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    _para(doc, f"（统计截至{report_text.day(data.as_of)}）", "楷体_GB2312", 16,
          align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    table_of_contents(doc)
    _heading(doc, "一、总体情况", 1)
    _para(doc, overview(data))
    _heading(doc, "二、分区情况", 1)
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
    _heading(doc, "三、规划目标完成情况", 1)
    if not data.plans:
        _para(doc, report_text.no_plans(data.city.name, data.as_of.year))
    for number, plan_section in enumerate(data.plans, start=1):
        plan = plan_section.plan
        _heading(doc, report_text.plan_heading(number, plan.region.name, plan.name, plan.start_year, plan.end_year), 2)
        if not plan_section.items:
            _para(doc, "该规划未列出指标。")
        for s in plan_section.items:
            _para(doc, report_text.plan_row(plan_row(s)))
    _heading(doc, "四、说明", 1)
    for note in notes(data):
        _para(doc, note)
    _para(doc, f"{data.city.name}知识产权局", align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    _para(doc, report_text.day(dt.date.today()), align=WD_ALIGN_PARAGRAPH.RIGHT, indent=False)
    doc.save(str(path))
    return path


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
    targets.write_row(0, 0, ["规划", "地区", "指标", "目标（原文）", "目标值", "最新值", "状态", "说明"], bold)
    r = 0
    for plan_section in data.plans:
        for s in plan_section.items:
            r += 1
            spreadsheet.write_row(targets, r, 0, [
                plan_section.plan.name, plan_section.plan.region.name, s.item.indicator.name_zh, s.item.wording,
                s.target_value if s.target_value is not None else "", s.latest.value if s.latest else "",
                progress.LABELS[s.assessed.status], report_text.plan_row(plan_row(s))])
    book.close()
    return path

