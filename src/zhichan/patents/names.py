"""Party names: a normalised form for matching, and the kind of party. Pure Python."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

ENTERPRISE = "enterprise"
UNIVERSITY = "university"
INSTITUTE = "institute"
INDIVIDUAL = "individual"
OTHER = "other"  # government bodies, hospitals, associations …

PARTY_TYPE_LABELS = {
    ENTERPRISE: "企业", UNIVERSITY: "高校", INSTITUTE: "科研院所", INDIVIDUAL: "个人", OTHER: "机关团体及其他",
}

_SUFFIX_VARIANTS = [
    ("有限责任公司", "有限公司"),
    ("股份有限公司", "股份有限公司"),
    ("(有限合伙)", "有限合伙"),
]

_UNIVERSITY = re.compile(r"(大学|UNIVERSITY|UNIVERSITÄT|UNIVERSITE|COLLEGE|INSTITUTE OF TECHNOLOGY)", re.IGNORECASE)
_SCHOOL = re.compile(r"(学院|学校|SCHOOL)", re.IGNORECASE)  # after institutes: 中国科学院 is not a school
_INSTITUTE = re.compile(r"(研究所|研究院|科学院|研究中心|实验室|设计院|INSTITUT|RESEARCH|LABORATOR|ACADEMY|FRAUNHOFER|CNRS|"
                        r"CENTRE NATIONAL|COUNCIL)", re.IGNORECASE)
_ENTERPRISE = re.compile(r"(公司|集团|企业|厂|商行|工作室|合作社|事务所|株式会社|有限合伙|中心$|CO\.|COMPANY|CORP|INC\b|"
                         r"LTD|LLC|L\.L\.C|GMBH|\bAG\b|\bSA\b|S\.A\.|\bBV\b|B\.V\.|\bNV\b|N\.V\.|PLC|KABUSHIKI|KAISHA|"
                         r"\bKK\b|OPERATIONS|TECHNOLOG|SYSTEMS|INDUSTR|ELECTRONIC|HOLDING|\bSE\b|S\.P\.A|S\.R\.L|\bAB\b|"
                         r"\bOY\b|\bAS\b|\bLP\b)", re.IGNORECASE)
_OTHER = re.compile(r"(政府|委员会|局$|部$|医院|协会|学会|基金会|联合会|办公室|管理处|站$|队$|军|GOVERNMENT|MINISTRY|HOSPITAL|"
                    r"SECRETARY|AGENCY|FOUNDATION|ASSOCIATION)", re.IGNORECASE)
_CHINESE_PERSON = re.compile(r"^[\u4e00-\u9fff·]{2,4}$")


@lru_cache(maxsize=65536)
def normalize(name: str) -> str:
    """Full/half width folded, spaces removed (between CJK) or collapsed, brackets unified, company suffix variants
    folded: 中科创达软件股份有限公司 and 中科创达软件股份有限公司 (full width), ＡＢＣ（北京）有限责任公司 and ABC(北京)有限公司."""
    text = unicodedata.normalize("NFKC", str(name)).strip()
    text = text.replace("（", "(").replace("）", ")")
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"(?<=[\u4e00-\u9fff()]) (?=[\u4e00-\u9fff()])", "", text)
    for variant, canonical in _SUFFIX_VARIANTS:
        text = text.replace(variant, canonical)
    return text.upper() if text.isascii() else text


@lru_cache(maxsize=65536)
def party_type(name: str, is_inventor: bool = False) -> str:
    if is_inventor:
        return INDIVIDUAL
    text = normalize(name)
    if _UNIVERSITY.search(text):
        return UNIVERSITY
    if _INSTITUTE.search(text):
        return INSTITUTE
    if _SCHOOL.search(text):
        return UNIVERSITY
    if _ENTERPRISE.search(text):
        return ENTERPRISE
    if _OTHER.search(text):
        return OTHER
    if _CHINESE_PERSON.match(text):
        return INDIVIDUAL
    if text.isascii() and (";" in text or re.fullmatch(r"[A-Z][A-Z .,'-]+", text)) and len(text.split()) <= 4:
        return INDIVIDUAL
    return OTHER


def split_names(raw: str) -> list[str]:
    """Split a multi-value party cell: ` | `, `|`, `;`, `；`, new lines. Commas are kept (`Co., Ltd.`)."""
    if not raw:
        return []
    parts = re.split(r"\s*[|;；\n]\s*", str(raw))
    return [p.strip().strip("[]") for p in parts if p.strip().strip("[]")]
