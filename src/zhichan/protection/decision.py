"""The decision of an adjudication case (专利侵权纠纷行政处理决定书) as DOCX, from a template: the headings and
paragraphs below with ${placeholders} filled from the case, in the government-document style of core/docstyle.py
(like the navigation and indicator reports). The document is Chinese whatever the reader's language: it is an
official text, not a page."""

from __future__ import annotations

import io
from string import Template

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from zhichan.core.docstyle import heading, para
from zhichan.protection.models import DisputeCase, Party

TITLE = "专利侵权纠纷行政处理决定书"
OPTIONAL = {"涉案商标": "trademarks"}  # sections left out when the case has nothing for them
# (heading or "", paragraph template) in order; an empty heading continues the previous section.
TEMPLATE: tuple[tuple[str, str], ...] = (
    ("", "${number}"),
    ("当事人", "请求人：${requesters}"),
    ("", "被请求人：${respondents}"),
    ("涉案专利", "${patents}"),
    ("涉案商标", "${trademarks}"),
    ("案件经过", "请求人于 ${filed_on} 提出处理请求，本部门于 ${accepted_on} 立案，依法组成合议组（组长：${chief}；"
                 "成员：${members}），于 ${hearing_on} 在${place}进行了口头审理。"),
    ("请求事项和理由", "${claims}"),
    ("口头审理情况", "${record}"),
    ("处理决定", "经审理，本部门认定侵权行为${finding}。${decision}"),
    ("救济途径", "当事人不服本决定的，可以自收到本决定书之日起十五日内依照《中华人民共和国行政诉讼法》向人民法院起诉"
                 "（《中华人民共和国专利法》第六十五条）。"),
    ("", "${office}\n${decided_on}"),
)


def values(case: DisputeCase, office: str) -> dict[str, str]:
    f = case.fields
    parties = list(case.parties.all())
    panel = list(case.panel.select_related("user"))
    decided = case.steps.filter(transition="decide").values_list("on", flat=True).first()
    return {
        "number": case.number,
        "requesters": "、".join(p.name for p in parties if p.side == Party.Side.REQUESTER) or "—",
        "respondents": "、".join(p.name for p in parties if p.side == Party.Side.RESPONDENT) or "—",
        "patents": "；".join(f"{a.key}（{a.title}）" for a in case.patents.all()) or "—",
        "trademarks": "；".join(f"第 {m.number} 号“{m.name}”商标（第 {m.nice_class} 类，权利人：{m.holder}）"
                              for m in case.trademarks.all()),
        "filed_on": f"{case.filed_on:%Y年%m月%d日}",
        "accepted_on": f"{case.accepted_on:%Y年%m月%d日}" if case.accepted_on else "—",
        "chief": next((m.user.get_full_name() or m.user.username for m in panel if m.chief), "—"),
        "members": "、".join(m.user.get_full_name() or m.user.username for m in panel if not m.chief) or "—",
        "hearing_on": f.get("hearing_on", "—"), "place": f.get("place", "—"), "claims": f.get("claims", ""),
        "record": f.get("record", ""), "finding": f.get("finding", ""), "decision": f.get("decision", ""),
        "office": office, "decided_on": f"{decided:%Y年%m月%d日}" if decided else "",
    }


def docx(case: DisputeCase, office: str = "管理专利工作的部门") -> bytes:
    filled = values(case, office)
    doc = Document()
    for section in doc.sections:
        section.left_margin = section.right_margin = Cm(2.6)
    para(doc, TITLE, "方正小标宋简体", 22, align=WD_ALIGN_PARAGRAPH.CENTER, indent=False)
    for title, text in TEMPLATE:
        if title in OPTIONAL and not filled[OPTIONAL[title]]:
            continue
        if title:
            heading(doc, title, 1)
        for line in Template(text).safe_substitute(filled).split("\n"):
            para(doc, line)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
