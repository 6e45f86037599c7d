"""A risk report as DOCX, in the government-document style of core/docstyle.py (like the navigation report): title,
table of contents, the chapters with their tables (and the legal-status chart when a CJK font is installed), the
recommendations as the office edited them, and the data notes. Written from the figures stored on the report, so
the issued document says what the office read when it issued it."""

from __future__ import annotations

import io
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from zhichan.core.docstyle import cell, heading, para, table_of_contents
from zhichan.protection import detect
from zhichan.protection.models import RiskReport
from zhichan.protection.riskfigures import EXPIRY_MONTHS, LONG_KEPT, RISK_LABELS

ROWS_MOST = 50


class _Numbers:
    def __init__(self) -> None:
        self.table = self.figure = 0


def _grid(doc: Any, numbers: _Numbers, caption: str, headers: list[str], rows: list[list[Any]]) -> None:
    numbers.table += 1
    para(doc, f"表 {numbers.table}  {caption}", "黑体", 10.5, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    grid = doc.add_table(rows=1, cols=len(headers))
    grid.style = "Table Grid"
    for target, text in zip(grid.rows[0].cells, headers, strict=True):
        cell(target, text, bold=True)
    for row in rows[:ROWS_MOST]:
        for target, value in zip(grid.add_row().cells, row, strict=False):
            cell(target, "" if value is None else str(value))
    if len(rows) > ROWS_MOST:
        para(doc, f"（共 {len(rows)} 行，此处列出前 {ROWS_MOST} 行。）", size=10.5, indent=False)


def _chart(doc: Any, numbers: _Numbers, caption: str, items: list[tuple[str, int]]) -> None:
    """A bar chart by the navigation report's drawing (navigation/charts.py); left out without a CJK font."""
    from zhichan.navigation import charts

    if not any(n for _label, n in items):
        return
    try:
        png = charts.bars(items)
    except charts.FontMissing:
        return
    numbers.figure += 1
    doc.add_picture(io.BytesIO(png), width=Cm(14))
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    para(doc, f"图 {numbers.figure}  {caption}", "黑体", 10.5, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)


def _summary(f: dict) -> str:
    h, counts = f["health"], f["risk_counts"]
    inv = h["inventions"]
    return (f"截至 {f['as_of']}，{f['subject']}共有专利及申请 {h['records']} 件，其中有效专利 {h['valid']} 件；"
            f"发明专利有效 {inv['valid']} 件、失效 {inv['lapsed']} 件、审中 {inv['pending']} 件。"
            f"本季度发现风险专利 {f['at_risk_total']} 件（{EXPIRY_MONTHS}个月内届满 {counts['expiring']} 件，"
            f"年费未缴或权利终止 {counts['terminated']} 件，无效宣告 {counts['invalidation']} 件，质押中 "
            f"{counts['pledged']} 件），竞争对手新增专利 {sum(c['count'] for c in f['competitors'])} 件，"
            f"高度相似的新公开专利 {len(f['similar'])} 件。")


def _health(doc: Any, n: _Numbers, f: dict) -> None:
    h = f["health"]
    inv = h["inventions"]
    heading(doc, "二、专利组合健康状况", 1)
    _grid(doc, n, "发明专利状况", ["有效", "失效", "审中", "发明专利合计"],
          [[inv["valid"], inv["lapsed"], inv["pending"], inv["total"]]])
    _grid(doc, n, "全部专利及申请的法律状态", ["法律状态", "件数"], [list(r) for r in h["by_status"]])
    _chart(doc, n, "法律状态分布", [(label, count) for label, count in h["by_status"]])
    _grid(doc, n, "有效专利的专利年龄（自申请日起）", ["年龄", "件数"], [list(r) for r in h["age"]])
    _grid(doc, n, "有效专利的剩余保护期", ["剩余保护期", "件数"], [list(r) for r in h["remaining"]])
    m = h["maintenance"]
    para(doc, f"维持年限（自授权日起已维持的整年数）：统计有效专利 {m['counted']} 件，平均 "
              f"{m['mean'] if m['mean'] is not None else '—'} 年，已维持 {LONG_KEPT} 年及以上 {m['long_kept']} 件；"
              f"另有 {m['without_grant_date']} 件有效专利数据中没有授权日，未计入。")


def _risks(doc: Any, n: _Numbers, f: dict) -> None:
    heading(doc, "三、到期及风险专利", 1)
    para(doc, f"风险专利 {f['at_risk_total']} 件：" + "；".join(
        f"{label} {f['risk_counts'][code]} 件" for code, label in RISK_LABELS.items()) + "。")
    rows = [[r["key"], r["title"], r["status"], "、".join(RISK_LABELS[x] for x in r["risks"]),
             "；".join(r["evidence"])] for r in f["at_risk"]]
    if rows:
        _grid(doc, n, "到期及风险专利清单", ["申请号", "名称", "法律状态", "风险", "依据"], rows)


def _competitors(doc: Any, n: _Numbers, f: dict) -> None:
    heading(doc, "四、竞争对手动态", 1)
    areas = "、".join(f["areas"]) if f["areas"] else "（未限定领域）"
    para(doc, f"监测领域：{areas}。本季度监测名单发出竞争对手新申请预警 {f['competitor_events']} 条。")
    if not f["competitors"]:
        para(doc, "本季度未发现竞争对手在监测领域的新申请或新公开专利。")
        return
    _grid(doc, n, "竞争对手本季度新申请或新公开专利", ["竞争对手", "件数", "申请号", "名称", "日期", "IPC"],
          [[c["name"], c["count"], r["key"], r["title"], r["date"], " ".join(r["ipc"])]
           for c in f["competitors"] for r in c["records"]])


def _similar(doc: Any, n: _Numbers, f: dict) -> None:
    heading(doc, "五、相似专利风险", 1)
    if not f["similar"]:
        para(doc, "本季度未发现与本方有效专利高度相似的新公开专利。")
        return
    para(doc, "下列他人新公开的专利与本方有效专利的标题、摘要和权利要求高度相似（字符三元组 Jaccard 相似度），"
              "可能存在侵权或自由实施风险，按相似度排序：")
    _grid(doc, n, "相似专利风险清单", ["序号", "相似度", "新公开专利", "申请人", "本方专利"],
          [[i, f"{p['similarity']:.0%}", f"{p['new']['key']} {p['new']['title']}", p["new"].get("applicant", ""),
            f"{p['watched']['key']} {p['watched']['title']}"] for i, p in enumerate(f["similar"], start=1)])


def docx(report: RiskReport) -> bytes:
    f = report.figures
    doc = Document()
    for section in doc.sections:
        section.left_margin = section.right_margin = Cm(2.6)
    para(doc, f"{report.subject}知识产权风险报告", "方正小标宋简体", 22, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    state = "" if report.state == RiskReport.State.ISSUED else "（草稿）"
    para(doc, f"报告期：{f['period_label']}（{f['start']} 至 {f['as_of']}）{state}", "楷体_GB2312", 12,
         align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    table_of_contents(doc)
    n = _Numbers()
    heading(doc, "一、概况", 1)
    para(doc, _summary(f))
    if f["events"]:
        _grid(doc, n, "本季度监测预警事件", ["类别", "条数"], [list(r) for r in f["events"]])
    _health(doc, n, f)
    _risks(doc, n, f)
    _competitors(doc, n, f)
    _similar(doc, n, f)
    heading(doc, "六、对策建议", 1)
    for line in report.recommendations.split("\n"):
        if line.strip():
            para(doc, line.strip())
    heading(doc, "附：数据说明", 1)
    for note in NOTES:
        para(doc, note, size=12)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


NOTES = (
    "专利及申请：企业为其作为申请人或专利权人（名称归一后）的全部记录；产业为 IPC 分类号落入该领域或属于该战略性新兴产业分类的全部记录。"
    "法律状态为生成草稿时平台数据中的状态。",
    f"{EXPIRY_MONTHS}个月内届满：有效专利的保护期（发明20年，实用新型10年，外观设计10年或自2021年6月1日起申请的15年，均自申请日起）"
    "在报告期末之后12个月内届满。年费未缴或权利终止、无效宣告：报告期内的法律事件。质押中：最近一次质押登记在报告期末尚未注销。",
    "竞争对手动态：监测名单中竞争对手作为申请人或专利权人、申请日或公开日在报告期内、IPC 落入监测领域（名单未设领域时不限）的记录；"
    "产业报告列出该领域本季度新申请或新公开最多的申请人。",
    f"相似专利风险：每次数据导入后监测名单发现的高度相似新公开专利（相似度不低于{detect.SIMILAR_MIN:.0%}），"
    "报告期内发现的按相似度排序。",
)
