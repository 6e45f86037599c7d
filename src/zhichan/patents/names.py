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


# Domestic (境内, not Hong Kong, Macao or Taiwan) by name, for a party no address or directory places (documented in
# docs/indicators.md): a name written in Chinese characters is domestic unless it carries a mark of a place outside
# the mainland or of a foreign legal form. Names written in Latin script are not domestic: mainland applicants file
# in Chinese at CNIPA, and an English name is the foreign form. Chinese translations of foreign names
# (通用汽车环球科技运作有限责任公司) pass this rule; the directory corrects them.
_CJK = re.compile(r"[\u4e00-\u9fff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_FOREIGN_MARKS = re.compile(
    r"(株式会社|會社|会社|香港|澳门|澳門|台湾|台灣|臺灣|台北|臺北|新竹|高雄|台中|台南|日本|美国|美國|韩国|韓國|德国|德國|"
    r"法国|法國|英国|英國|瑞士|瑞典|荷兰|荷蘭|芬兰|丹麦|挪威|意大利|西班牙|奥地利|比利时|加拿大|澳大利亚|新加坡|以色列|印度|"
    r"俄罗斯|巴西|爱尔兰|卢森堡|开曼|维尔京|百慕大|有限责任合伙|有限合伙公司)")


@lru_cache(maxsize=65536)
def domestic_by_name(name: str) -> bool:
    text = normalize(name)
    return bool(_CJK.search(text)) and not _KANA.search(text) and not _FOREIGN_MARKS.search(text)
