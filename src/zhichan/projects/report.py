"""The 绩效评价 report of a funded project as DOCX, in the government-document style of core/docstyle.py (like the
navigation report and the protection decision). Chinese whatever the reader's language: it is an official text. A
navigation project's report is the 专利导航工程实施评价 with its own indicators; both state the call's weights."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from zhichan.core.docstyle import heading, para
from zhichan.projects import outcome_navigation, performance
from zhichan.projects.models import Award

TITLE = "项目支出绩效评价报告"
NAVIGATION_TITLE = "专利导航项目实施评价报告"


def report_title(award: Award) -> str:
    return NAVIGATION_TITLE if award.evaluation.system == performance.NAVIGATION else TITLE


def indicator_lines(award: Award) -> list[str]:
    """The weights the call set (as recorded when graded), then each indicator's weight and score."""
    ev = award.evaluation
    names = performance.labels(ev.system)
    codes = performance.indicators(ev.system)
    system = "专利导航工程实施评价" if ev.system == performance.NAVIGATION else "绩效评价"
    defaults = performance.stored(performance.default_weights(ev.system))
    note = "（平台默认权重）" if all(str(ev.weights.get(k)) == defaults[k] for k in codes) else "（本项目申报指南设定）"
    weights = "、".join(f"{names[k]} {ev.weights[k]} 分" for k in codes)
    return [f"{system}指标权重{note}：{weights}，合计 100 分。",
            *(f"{names[k]}（权重 {ev.weights[k]} 分）：{ev.scores[k]} 分。" for k in codes),
            outcome_navigation.sentence(ev.evidence or {})]


def lines(award: Award) -> list[tuple[str, list[str]]]:
    """(heading, paragraphs) in order."""
    app, call = award.application, award.decision.call
    tranches = list(award.tranches.all())
    acc = getattr(award, "acceptance", None)
    ev = award.evaluation
    return [
        ("项目基本情况", [f"项目：{call.title}；申报编号：{app.number}；承担单位：{app.organization.name}。",
                    f"资助金额 {award.amount} 万元，已安排拨付 {len(tranches)} 期，合计 "
                    f"{sum(t.amount for t in tranches)} 万元。"]),
        ("验收情况", [f"{r['label']}：申报 {r['declared'] or '—'}，完成 {r['achieved'] or '—'}，"
                  f"{'达到' if r['met'] else '未达到'}。" for r in (acc.rows if acc else [])]
         + [f"验收结论：{'通过' if acc and acc.passed else '未通过'}。{acc.comment if acc else ''}"]),
        (("专利导航工程实施评价" if ev.system == performance.NAVIGATION else "绩效评价") + "指标及得分",
         indicator_lines(award)),
        ("评价结论", [f"综合得分 {ev.total} 分，评价等级为“{ev.grade}”（90 分及以上为优，80 至 89 分为良，"
                  "60 至 79 分为中，60 分以下为差）。", ev.comment or ""]),
    ]


def docx(award: Award) -> bytes:
    doc = Document()
    for section in doc.sections:
        section.left_margin = section.right_margin = Cm(2.6)
    para(doc, report_title(award), "方正小标宋简体", 22, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    for title, texts in lines(award):
        heading(doc, title, 1)
        for text in texts:
            if text:
                para(doc, text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
