"""What a field's value means: dates, codes, numbers and closed vocabularies turned into index terms.
Pure Python; name lookups (regions, SEI industries) come from a `Lookup` the caller supplies."""

from __future__ import annotations

import calendar
import contextlib
import re
from dataclasses import dataclass
from typing import Protocol

from django.utils.translation import gettext as _

from zhichan.patents import ipc, names, numbers, status
from zhichan.search import text
from zhichan.search.query.ast import Term
from zhichan.search.query.errors import QueryError


class Lookup(Protocol):
    def region_codes(self, name: str) -> list[str]: ...

    def sei_codes(self, name: str) -> list[str]: ...


@dataclass(frozen=True)
class Pattern:
    """One token of a text term: a literal token, or a regular expression when it has wildcards."""

    value: str
    regex: bool = False


_QUERY_TOKEN = re.compile(r"[a-z0-9?*]+|[^\s]")


def wildcard_regex(value: str) -> str:
    return "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in value)


def text_patterns(term: Term) -> list[Pattern]:
    """The tokens a text term must match in sequence (docs/search.md: Chinese substrings, English words)."""
    found = _QUERY_TOKEN.findall(text.normalize(term.text))
    if not found:
        raise QueryError(term.position, _("检索词中没有可检索的文字"))
    patterns = []
    for token in found:
        if ("*" in token or "?" in token) and len(token) > 1 and not term.phrase:
            if not token.strip("*?"):
                raise QueryError(term.position, _("通配符必须跟在字母或数字旁边"))
            patterns.append(Pattern(wildcard_regex(token), regex=True))
        else:
            patterns.extend(Pattern(t) for t in text.tokens(token))
    if not patterns:
        raise QueryError(term.position, _("通配符只能用于英文单词和分类号"))
    return patterns


def code_pattern(term: Term) -> Pattern:
    """IPC / CPC: `H01M` matches every code below it (the index holds each code's ancestors); `H01M10/05*`
    and `H01M1?/*` are wildcards over whole codes."""
    raw = term.text.strip()
    if "*" in raw or "?" in raw:
        cleaned = re.sub(r"\s+", "", raw.upper())
        if not re.fullmatch(r"[A-Z0-9/?*]+", cleaned):
            raise QueryError(term.position, _("分类号“%(code)s”的写法不对") % {"code": raw})
        return Pattern(wildcard_regex(cleaned), regex=True)
    code = ipc.normalize(raw) or _partial_code(raw)
    if not code:
        raise QueryError(term.position, _("分类号“%(code)s”的写法不对") % {"code": raw})
    return Pattern(code)


def _partial_code(raw: str) -> str | None:
    cleaned = re.sub(r"\s+", "", raw.upper())
    if re.fullmatch(r"[A-H](\d\d([A-Z](\d{1,4}(/\d{1,6})?)?)?)?", cleaned):
        return cleaned
    return None


def number_patterns(term: Term) -> list[Pattern]:
    """Application, publication and priority numbers in any usual writing: with or without country, check
    character, dots, spaces or the ZL prefix."""
    cleaned = numbers.clean(term.text)
    if not cleaned:
        raise QueryError(term.position, _("号码为空"))
    if "*" in cleaned or "?" in cleaned:
        return [Pattern(wildcard_regex(cleaned), regex=True)]
    forms = {cleaned, cleaned.replace(".", "")}
    with contextlib.suppress(numbers.NumberError, ValueError):
        forms.add(numbers.parse_application_number(term.text).key)
    return [Pattern(f) for f in sorted(forms)]


def number_forms(key: str) -> list[str]:
    """Index side of `number_patterns`: the forms under which a number can be found."""
    key = numbers.clean(key)
    forms = {key, key.replace(".", "")}
    bare = re.sub(r"^[A-Z]{2}", "", key)
    forms |= {bare, bare.replace(".", "")}
    kindless = re.sub(r"[A-Z]\d?$", "", key)
    if kindless != key and re.search(r"\d$", kindless):
        forms |= {kindless, re.sub(r"^[A-Z]{2}", "", kindless)}
    return sorted(f for f in forms if f)


_RANGE = re.compile(r"\s*(?:~|～|至|到|\.\.|:|：)\s*")


def date_range(term: Term) -> tuple[int | None, int | None]:
    """`2021`, `202103`, `20210301`, `2021-03-01`, ranges `2019:2021` (also ~ 至), comparisons from the field
    operator. Returns inclusive yyyymmdd bounds (None = open)."""
    raw = term.text.strip()
    if term.op != "=":
        first, last = _date_bounds(raw, term)
        return {">=": (first, None), ">": (last + 1, None), "<=": (None, last), "<": (None, first - 1)}[term.op]
    parts = _RANGE.split(raw)
    if len(parts) == 1:
        return _date_bounds(raw, term)
    if len(parts) != 2 or not (parts[0] or parts[1]):
        raise QueryError(term.position, _("日期范围“%(value)s”的写法不对") % {"value": raw})
    low = _date_bounds(parts[0], term)[0] if parts[0] else None
    high = _date_bounds(parts[1], term)[1] if parts[1] else None
    if low is not None and high is not None and low > high:
        raise QueryError(term.position, _("日期范围的起点晚于终点"))
    return low, high


def _date_bounds(raw: str, term: Term) -> tuple[int, int]:
    digits = re.sub(r"[-./年月日]", " ", raw).split()
    if len(digits) == 1 and digits[0].isdigit() and len(digits[0]) in (4, 6, 8):
        one = digits[0]
        digits = [one[:4], one[4:6], one[6:8]]
        digits = [d for d in digits if d]
    try:
        year = int(digits[0])
        month = int(digits[1]) if len(digits) > 1 else None
        day = int(digits[2]) if len(digits) > 2 else None
        if len(digits) > 3 or not 1800 <= year <= 2200 or (month is not None and not 1 <= month <= 12):
            raise ValueError
        if month is None:
            return year * 10000 + 101, year * 10000 + 1231
        last_day = calendar.monthrange(year, month)[1]
        if day is None:
            return year * 10000 + month * 100 + 1, year * 10000 + month * 100 + last_day
        if not 1 <= day <= last_day:
            raise ValueError
        return (year * 10000 + month * 100 + day,) * 2
    except (ValueError, IndexError):
        raise QueryError(term.position, _("“%(value)s”不是日期（例如 2021、202103、20210301、2019:2021）")
                         % {"value": raw}) from None


TYPES = {"发明": "invention", "invention": "invention", "i": "invention", "1": "invention",
         "实用新型": "utility", "utility": "utility", "u": "utility", "2": "utility", "新型": "utility",
         "外观设计": "design", "design": "design", "d": "design", "3": "design", "外观": "design"}


def keyword_values(field: str, term: Term, lookup: Lookup) -> list[str]:
    raw = term.text.strip()
    if field == "TYPE":
        value = TYPES.get(raw.lower())
        if value is None:
            raise QueryError(term.position, _("类型只能是 发明、实用新型、外观设计（invention、utility、design）"))
        return [value]
    if field == "LS":
        value = raw.lower() if raw.lower() in status.LABELS else status.normalize(raw)
        if value == status.UNKNOWN and raw not in {"未知", "unknown"}:
            raise QueryError(term.position, _("法律状态只能是 有效、审中、失效、驳回、撤回、未知"))
        return [value]
    if field == "CO":
        if not re.fullmatch(r"[A-Za-z]{2}", raw):
            raise QueryError(term.position, _("国别要写两个字母，例如 CN、US、EP"))
        return [raw.upper()]
    if field == "PAN":
        return [names.normalize(raw)]
    if field == "REG":
        return _region(raw, term, lookup)
    return _sei(raw, term, lookup)


def _region(raw: str, term: Term, lookup: Lookup) -> list[str]:
    if re.fullmatch(r"\d{2}|\d{4}|\d{6}", raw):
        return [raw.ljust(6, "0")]
    codes = lookup.region_codes(raw)
    if not codes:
        raise QueryError(term.position, _("没有找到地区“%(name)s”") % {"name": raw})
    return codes


def _sei(raw: str, term: Term, lookup: Lookup) -> list[str]:
    if re.fullmatch(r"\d+(\.\d+)*", raw):
        return [raw]
    codes = lookup.sei_codes(raw)
    if not codes:
        raise QueryError(term.position, _("没有找到战略性新兴产业“%(name)s”") % {"name": raw})
    return codes


def sei_levels(code: str) -> list[str]:
    parts = code.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts) + 1)]


def region_levels(code: str) -> list[str]:
    if not code:
        return []
    return sorted({code[:2] + "0000", code[:4] + "00", code})
