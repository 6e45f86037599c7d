"""Eligibility of an applicant for a call (申报指南的申报条件), checked rule by rule. Pure Python: the actions gather
the applicant's facts from the platform (projects/facts.py) and keep the result with the application.

Each rule gives PASS, FAIL or UNKNOWN (the platform holds no evidence either way: staff check it at the formal
check) with its reason. An applicant is eligible when no rule fails; UNKNOWN rules are shown to staff.

Rules (a call's `rules` JSON; an absent or empty key is no rule):

- ``region_prefix``: the organisation's region code starts with it ("3203" 徐州市, "320311" 泉山区);
- ``kinds``: the organisation's type is one of them (core.Organization.Kind codes);
- ``verified``: the organisation is registered with the platform and its 实名核验 passed;
- ``min_grade``: credit grade at least this one (A+ > A > B > C > D). The agencies app grades patent agencies
  only; an organisation without a grade is UNKNOWN (the hook for an enterprise credit source);
- ``min_valid_inventions``: valid invention patents held on the check date, counted from the platform's patent
  data by the holder's normalised name, at least N;
- ``no_serious_dishonesty``: no serious dishonesty record (严重失信) in force on the check date among the records the
  office entered from 信用中国 / 国家企业信用信息公示系统 (projects/credit_models.py); a record in force fails the rule
  and the reason names it (source, list, document number, dates).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field


def _(text: str) -> str:
    """Marks a reason for the catalogue; pages show it through gettext (this module stays pure)."""
    return text


PASS, FAIL, UNKNOWN = "pass", "fail", "unknown"
GRADES = ("A+", "A", "B", "C", "D")  # best first
RULE_KEYS = ("region_prefix", "kinds", "verified", "min_grade", "min_valid_inventions", "no_serious_dishonesty")
RULE_LABELS = {"region_prefix": _("注册地区"), "kinds": _("单位类型"), "verified": _("平台注册并完成实名核验"),
               "min_grade": _("信用等级"), "min_valid_inventions": _("有效发明专利拥有量"),
               "no_serious_dishonesty": _("无严重失信记录")}


class RuleError(ValueError):
    """A call's rules that cannot be checked (an unknown key, a grade that is none, a negative count)."""


@dataclass(frozen=True)
class Dishonesty:
    """A serious dishonesty record (严重失信) of the organisation, as the office entered it from a public list."""

    source: str  # 信用中国, 国家企业信用信息公示系统 …
    list_name: str
    number: str  # the decision's document number (决定文书号)
    listed_on: dt.date
    ends_on: dt.date | None = None  # the last day in force; None: until removed
    removed_on: dt.date | None = None  # removed early (信用修复): not in force from that day

    def active_on(self, day: dt.date) -> bool:
        return (self.listed_on <= day and (self.ends_on is None or day <= self.ends_on)
                and (self.removed_on is None or day < self.removed_on))


@dataclass(frozen=True)
class Applicant:
    """What the platform knows of an applying organisation."""

    name: str
    kind: str = ""
    region_code: str = ""
    registered: bool = False
    verified: bool = False
    grade: str | None = None  # None: no credit grade known for this organisation
    valid_inventions: int | None = None  # None: not counted
    dishonesty: tuple[Dishonesty, ...] | None = None  # records in force on the check date; None: not looked up


@dataclass(frozen=True)
class RuleResult:
    rule: str
    outcome: str
    reason: str  # a message template (marked for the catalogue) …
    params: dict[str, object] = field(default_factory=dict)  # … and its values

    def as_dict(self) -> dict[str, object]:
        return {"rule": self.rule, "outcome": self.outcome, "reason": self.reason, "params": self.params}


def clean_rules(rules: Mapping[str, object]) -> dict[str, object]:
    """The rules in their stored form, or RuleError saying which one is wrong."""
    unknown = sorted(set(rules) - set(RULE_KEYS))
    if unknown:
        raise RuleError(f"unknown rules: {', '.join(unknown)}")
    out: dict[str, object] = {}
    prefix = str(rules.get("region_prefix") or "").strip()
    if prefix:
        if not prefix.isdigit() or len(prefix) > 6:
            raise RuleError("region_prefix: digits of a GB/T 2260 code")
        out["region_prefix"] = prefix
    kinds = [str(k) for k in (rules.get("kinds") or [])]
    if kinds:
        out["kinds"] = sorted(set(kinds))
    if rules.get("verified"):
        out["verified"] = True
    grade = str(rules.get("min_grade") or "").strip().upper()
    if grade:
        if grade not in GRADES:
            raise RuleError(f"min_grade: one of {', '.join(GRADES)}")
        out["min_grade"] = grade
    count = rules.get("min_valid_inventions")
    if count not in (None, "", 0, "0"):
        try:
            n = int(str(count))
        except ValueError as exc:
            raise RuleError("min_valid_inventions: a whole number") from exc
        if n < 0 or n > 1_000_000:
            raise RuleError("min_valid_inventions: between 0 and 1000000")
        if n:
            out["min_valid_inventions"] = n
    if rules.get("no_serious_dishonesty"):
        out["no_serious_dishonesty"] = True
    return out


def _region(prefix: str, a: Applicant) -> RuleResult:
    if not a.region_code:
        return RuleResult("region_prefix", UNKNOWN, _("平台未登记该单位的所在地区"))
    if a.region_code.startswith(prefix):
        return RuleResult("region_prefix", PASS, _("所在地区 %(code)s 在申报范围内"), {"code": a.region_code})
    return RuleResult("region_prefix", FAIL, _("所在地区 %(code)s 不在申报范围（%(prefix)s）内"),
                      {"code": a.region_code, "prefix": prefix})


def _kinds(kinds: list[str], a: Applicant) -> RuleResult:
    if a.kind in kinds:
        return RuleResult("kinds", PASS, _("单位类型符合"), {"kind": a.kind})
    return RuleResult("kinds", FAIL, _("单位类型不在申报范围内"), {"kind": a.kind, "kinds": kinds})


def _verified(a: Applicant) -> RuleResult:
    if not a.registered:
        return RuleResult("verified", FAIL, _("单位未在平台注册"))
    if not a.verified:
        return RuleResult("verified", FAIL, _("单位尚未通过实名核验"))
    return RuleResult("verified", PASS, _("已在平台注册并通过实名核验"))


def _grade(minimum: str, a: Applicant) -> RuleResult:
    if not a.grade or a.grade not in GRADES:
        return RuleResult("min_grade", UNKNOWN, _("平台无该单位的信用等级，须人工核实（要求 %(min)s 及以上）"),
                          {"min": minimum})
    if GRADES.index(a.grade) <= GRADES.index(minimum):
        return RuleResult("min_grade", PASS, _("信用等级 %(grade)s，不低于 %(min)s"), {"grade": a.grade, "min": minimum})
    return RuleResult("min_grade", FAIL, _("信用等级 %(grade)s，低于 %(min)s"), {"grade": a.grade, "min": minimum})


def _inventions(minimum: int, a: Applicant) -> RuleResult:
    if a.valid_inventions is None:
        return RuleResult("min_valid_inventions", UNKNOWN, _("未能统计有效发明专利"), {"min": minimum})
    params = {"count": a.valid_inventions, "min": minimum}
    if a.valid_inventions >= minimum:
        return RuleResult("min_valid_inventions", PASS, _("有效发明专利 %(count)s 件，不少于 %(min)s 件"), params)
    return RuleResult("min_valid_inventions", FAIL, _("有效发明专利 %(count)s 件，少于 %(min)s 件"), params)


def _dishonesty(a: Applicant) -> RuleResult:
    if a.dishonesty is None:
        return RuleResult("no_serious_dishonesty", UNKNOWN, _("未查询严重失信记录"))
    if not a.dishonesty:
        return RuleResult("no_serious_dishonesty", PASS,
                          _("平台无该单位有效的严重失信记录（知识产权局依据信用中国、国家企业信用信息公示系统登记）"))
    r = a.dishonesty[0]
    return RuleResult("no_serious_dishonesty", FAIL,
                      _("已被列入严重失信名单：%(source)s %(list)s，文号 %(number)s，%(since)s 起，届满日期 %(until)s"),
                      {"source": r.source, "list": r.list_name, "number": r.number, "since": r.listed_on.isoformat(),
                       "until": r.ends_on.isoformat() if r.ends_on else "—", "count": len(a.dishonesty)})


def check(rules: Mapping[str, object], applicant: Applicant) -> list[RuleResult]:
    """Every rule of the call against the applicant, in RULE_KEYS order."""
    r = clean_rules(rules)
    out = []
    if "region_prefix" in r:
        out.append(_region(str(r["region_prefix"]), applicant))
    if "kinds" in r:
        out.append(_kinds(list(r["kinds"]), applicant))  # type: ignore[call-overload]
    if "verified" in r:
        out.append(_verified(applicant))
    if "min_grade" in r:
        out.append(_grade(str(r["min_grade"]), applicant))
    if "min_valid_inventions" in r:
        out.append(_inventions(int(r["min_valid_inventions"]), applicant))  # type: ignore[call-overload]
    if "no_serious_dishonesty" in r:
        out.append(_dishonesty(applicant))
    return out


def eligible(results: list[RuleResult]) -> bool:
    """No rule fails (UNKNOWN ones go to staff)."""
    return all(r.outcome != FAIL for r in results)
