"""The candidate an abnormal-application scan reports: which signal found it, the records side by side and the
evidence. Pure. Designed to be stored later by the office's review workflow (flag → notice → statement →
conclusion): `key` is stable across scans, `as_dict()` is JSON.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any

NEAR_DUPLICATE = "near_duplicate"
IDENTICAL_CLAIMS = "identical_claims"
REFILING = "refiling"
BURST = "burst"
BEYOND_SIZE = "beyond_size"
SHARED_CONTACT = "shared_contact"

# The type of 规范申请专利行为的规定 (CNIPA Order No. 77, 2023) Art. 3 a signal points to, item number → words.
ORDER_77_TYPES = {
    NEAR_DUPLICATE: ("3(1)", "同时或者先后提交发明创造内容明显相同、或者实质上由不同发明创造特征或要素简单组合变化而形成的多件专利申请"),
    IDENTICAL_CLAIMS: ("3(1)", "内容明显相同的多件专利申请（权利要求相同而名称不同）"),
    REFILING: ("3(1)", "先后提交内容明显相同的专利申请（撤回或驳回后再次提交）"),
    BURST: ("3(3)/3(6)", "短期内申请量与申请人、发明人实际研发能力明显不符；或为逃避查处分散、先后提交"),
    BEYOND_SIZE: ("3(3)", "所提交专利申请的发明创造与申请人、发明人实际研发能力及资源条件明显不符"),
    SHARED_CONTACT: ("3(6)", "实质上与特定单位、个人或地址关联的多件专利申请分散提交"),
}


@dataclass(frozen=True)
class RecordView:
    """One application as the reviewer sees it beside the others."""

    key: str  # application number
    title: str
    filing_date: str | None
    patent_type: str
    legal_status: str
    applicants: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    similarity: float | None = None  # to the candidate's anchor record (near-duplicates)
    same_text_as: str = ""  # application number whose normalised text this one repeats exactly


@dataclass
class Candidate:
    signal: str
    subject: str  # what the signal is about: "" for a text cluster, "applicant:名称", "address:…" …
    applications: list[str]  # application numbers, sorted
    similarity: float | None = None  # near-duplicates: the lowest verified similarity joining the cluster
    records: list[RecordView] = field(default_factory=list)  # side by side (may be capped; `size` is the total)
    evidence: dict[str, Any] = field(default_factory=dict)
    size: int = 0

    def __post_init__(self) -> None:
        self.applications = sorted(self.applications)
        self.size = self.size or len(self.applications)

    @property
    def key(self) -> str:
        """Stable identity: the signal, its subject and the anchor (earliest application number of a cluster, or
        the period of an entity signal). A cluster that gains members keeps its key."""
        anchor = self.evidence.get("period") or (self.applications[0] if self.applications else "")
        digest = hashlib.sha1(f"{self.signal}|{self.subject}|{anchor}".encode()).hexdigest()[:16]
        return f"{self.signal}:{digest}"

    @property
    def order_77_type(self) -> str:
        return ORDER_77_TYPES.get(self.signal, ("3(9)", ""))[0]

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["key"] = self.key
        data["order_77_type"] = self.order_77_type
        return data
