"""Anonymising the parties of a published case (典型案例, the e-commerce publication). Pure Python.

Names of natural persons become their surname and 某 (张三 → 张某; two of one surname 张某甲, 张某乙); names of
organisations become 某公司 when the case has one organisation, else 甲公司, 乙公司 … in the order given (the
placeholder keeps the organisation's kind: 公司, 厂, 研究院, 商行 …, else 单位). An organisation is also found by its
name without its legal form (徐州乙重工有限公司 → 徐州乙重工). Only the names the case records are replaced (parties,
trademark holders, applicants of the patents involved, the filer's name): a name written in a text but recorded
nowhere is not found, which is why the office reads and edits the summary before publishing it."""

from __future__ import annotations

import re
from collections.abc import Iterable

ORG_WORDS = ("有限责任公司", "股份有限公司", "有限公司", "公司", "集团", "研究院", "研究所", "大学", "学院", "学校",
             "医院", "协会", "商会", "事务所", "合作社", "商行", "经营部", "门市部", "工作室", "超市", "商场", "银行",
             "中心", "委员会", "局", "厂", "店", "社", "行", "部", "所", "院", "会")
LEGAL_FORMS = ("有限责任公司", "股份有限公司", "集团有限公司", "有限公司", "公司")
COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "慕容", "令狐", "司徒", "夏侯", "尉迟", "公孙",
                     "长孙", "宇文", "端木", "独孤", "南宫", "西门", "申屠", "轩辕", "呼延", "澹台", "太史", "钟离")
ORDINALS = "甲乙丙丁戊己庚辛壬癸"
_HAN_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$|^[\u4e00-\u9fff]+·[\u4e00-\u9fff·]+$")
PLACEHOLDER_KINDS = ("公司", "集团", "研究院", "研究所", "大学", "学院", "学校", "医院", "协会", "商会", "事务所", "合作社",
                     "商行", "经营部", "门市部", "工作室", "超市", "商场", "银行", "中心", "厂", "店")


def is_person(name: str) -> bool:
    """A natural person: 2–4 Han characters (or a name with ·) and none of the organisation words."""
    name = name.strip()
    return bool(_HAN_NAME.match(name)) and not any(name.endswith(w) for w in ORG_WORDS)


LATIN_ORG = re.compile(r"\b(?:inc|ltd|llc|llp|plc|co|corp|corporation|company|limited|gmbh|ag|s\.?a|b\.?v|k\.?k|group)"
                       r"\b\.?", re.IGNORECASE)


def is_organisation(name: str) -> bool:
    """Recognisably an organisation: it ends with a word of ORG_WORDS (a one-character word such as 行, 店 or 部 only
    in a name of four characters or more that is not a compound surname's 欧阳某某), or carries a Latin legal form
    (Inc., Ltd, GmbH …). What is published unmasked (e-commerce notices) must pass this: a name that is not
    recognisably an organisation (李行, 张 三, John Smith, 阿卜杜热合曼) is masked as a person's."""
    compact = re.sub(r"\s", "", name)
    if LATIN_ORG.search(name):
        return True
    long_enough = len(compact) >= 4 and not (len(compact) == 4 and compact.startswith(COMPOUND_SURNAMES))
    return any(compact.endswith(w) for w in ORG_WORDS if len(w) > 1 or long_enough)


def surname(name: str) -> str:
    name = name.strip()
    return next((s for s in COMPOUND_SURNAMES if name.startswith(s)), name[:1])


def org_kind(name: str) -> str:
    """The kind a placeholder keeps: the organisation word the name ends with (公司 for any legal form)."""
    ends = [w for w in PLACEHOLDER_KINDS if w in name]
    return max(ends, key=name.rfind) if ends else "单位"


def placeholders(names: Iterable[str]) -> dict[str, str]:
    """Each distinct name (in order) and its placeholder."""
    unique = list(dict.fromkeys(n.strip() for n in names if n and n.strip()))
    persons = [n for n in unique if is_person(n)]
    orgs = [n for n in unique if n not in persons]
    out: dict[str, str] = {}
    by_surname: dict[str, list[str]] = {}
    for name in persons:
        by_surname.setdefault(surname(name), []).append(name)
    for family, members in by_surname.items():
        for i, name in enumerate(members):
            out[name] = f"{family}某" if len(members) == 1 else f"{family}某{ORDINALS[i % len(ORDINALS)]}"
    for i, name in enumerate(orgs):
        prefix = "某" if len(orgs) == 1 else ORDINALS[i % len(ORDINALS)]
        out[name] = prefix + org_kind(name)
    return out


def short_forms(mapping: dict[str, str]) -> dict[str, str]:
    """An organisation's name without its legal form (at least 3 characters), with the same placeholder."""
    out = {}
    for name, placeholder in mapping.items():
        for form in LEGAL_FORMS:
            if name.endswith(form) and len(name) - len(form) >= 3:
                out.setdefault(name[: -len(form)], placeholder)
                break
    return {k: v for k, v in out.items() if k not in mapping}


def anonymise(text: str, mapping: dict[str, str]) -> str:
    """`text` with every name of `mapping` (and an organisation's short form) replaced, longest first, in one pass."""
    every = {**short_forms(mapping), **mapping}
    if not text or not every:
        return text
    pattern = re.compile("|".join(re.escape(n) for n in sorted(every, key=len, reverse=True)))
    return pattern.sub(lambda m: every[m.group(0)], text)


def mask_person(name: str) -> str:
    """A name as the e-commerce publication shows it: an organisation's as it is, any other masked (张某)."""
    return name.strip() if is_organisation(name) else f"{surname(name)}某"
