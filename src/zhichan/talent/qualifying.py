"""Structured qualifications of a person in the talent database (issue 17): which kinds the office records, and the
rules of one record. Pure Python (the models and actions use it; the import reads the same names).

Kinds, as offices list them for IP professionals:
- 专利代理师资格 — the 专利代理师资格证 after the national examination (专利代理条例 Art. 10, 专利代理师资格考试办法);
- 律师执业 — a lawyer's 律师执业证 (律师法 Art. 5–6);
- 知识产权师 初级 / 中级 / 高级 — the 知识产权 professional-title series (经济专业技术资格 知识产权 at the junior and
  intermediate levels, the senior title by review);
- 技术经纪人 — a technology broker's certificate after the 技术经纪人 training;
- 其他 — anything else, named in the record.

A record has a number (证书编号), the issuer (发证机关), and a validity from / to; an empty end is 长期有效. It is
*expired* when its end date is before the day of reading (the end day itself still counts)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


def _(text: str) -> str:
    """Marks a reason for the catalogue; pages translate it (this module stays pure)."""
    return text


PATENT_ATTORNEY, LAWYER = "patent_attorney", "lawyer"
IP_JUNIOR, IP_MIDDLE, IP_SENIOR = "ip_junior", "ip_middle", "ip_senior"
TECH_BROKER, OTHER = "tech_broker", "other"
KINDS = (PATENT_ATTORNEY, LAWYER, IP_JUNIOR, IP_MIDDLE, IP_SENIOR, TECH_BROKER, OTHER)
LABELS = {PATENT_ATTORNEY: _("专利代理师资格"), LAWYER: _("律师执业"), IP_JUNIOR: _("知识产权师（初级）"),
          IP_MIDDLE: _("知识产权师（中级）"), IP_SENIOR: _("知识产权师（高级）"), TECH_BROKER: _("技术经纪人"),
          OTHER: _("其他")}
# the words a spreadsheet may use for a kind (spaces and brackets ignored), besides the labels themselves
SPELLINGS = {PATENT_ATTORNEY: ["专利代理师", "专利代理人资格", "专利代理师资格证"], LAWYER: ["律师", "律师执业证"],
             IP_JUNIOR: ["初级知识产权师", "知识产权师初级"], IP_MIDDLE: ["中级知识产权师", "知识产权师中级"],
             IP_SENIOR: ["高级知识产权师", "知识产权师高级"], TECH_BROKER: ["技术经纪人证书"], OTHER: []}


@dataclass(frozen=True)
class Qualification:
    kind: str
    name: str = ""  # required for 其他: what the qualification is
    number: str = ""
    issuer: str = ""
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


def problems(q: Qualification) -> dict[str, str]:
    """Field → reason for each rule the record breaks (empty: a good record)."""
    out: dict[str, str] = {}
    if q.kind not in KINDS:
        out["kind"] = _("资格类别不在可选范围内")
    if q.kind == OTHER and not q.name.strip():
        out["name"] = _("类别为“其他”时请填写资格名称")
    if q.valid_from and q.valid_to and q.valid_to < q.valid_from:
        out["valid_to"] = _("有效期至早于有效期起")
    return out


def expired(valid_to: dt.date | None, today: dt.date) -> bool:
    """Past its end date (长期有效 never expires; the last day still counts)."""
    return valid_to is not None and valid_to < today


def _key(text: str) -> str:
    return "".join(ch for ch in text if ch not in " \t　()（）·-—_").lower()


def kind_of(text: str) -> str | None:
    """The kind a spreadsheet cell names (a code, a label or a known spelling), else None."""
    key = _key(text)
    if not key:
        return None
    for kind in KINDS:
        if key in {_key(kind), _key(LABELS[kind]), *(_key(s) for s in SPELLINGS[kind])}:
            return kind
    return None
