"""The 绩效评价 report of a funded project as DOCX, in the government-document style of core/docstyle.py (like the
navigation report and the protection decision). Chinese whatever the reader's language: it is an official text."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from zhichan.core.docstyle import heading, para
from zhichan.projects import performance
from zhichan.projects.models import Award

TITLE = "项目支出绩效评价报告"


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
        ("绩效评价指标及得分", [f"{performance.LABELS[k]}（权重 {ev.weights[k]} 分）：{ev.scores[k]} 分。"
                          for k in performance.INDICATORS]),
        ("评价结论", [f"综合得分 {ev.total} 分，评价等级为“{ev.grade}”（90 分及以上为优，80 至 89 分为良，"
                  "60 至 79 分为中，60 分以下为差）。", ev.comment or ""]),
    ]


def docx(award: Award) -> bytes:
    doc = Document()
    for section in doc.sections:
        section.left_margin = section.right_margin = Cm(2.6)
    para(doc, TITLE, "方正小标宋简体", 22, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    for title, texts in lines(award):
        heading(doc, title, 1)
        for text in texts:
            if text:
                para(doc, text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
