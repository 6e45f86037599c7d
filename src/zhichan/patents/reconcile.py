"""Reconciliation: the platform's view of each record against the vendor's own columns. Pure Python.

A vendor export carries its own verdicts (专利有效性 / 法律状态, 新兴产业分类, 授权日, 省市 / 通信地址). Reading
them here, apart from the platform's readers, and comparing them record by record with what the platform stored
tells how far the platform's figures can be trusted (architecture.md, "Proven against the world").

One comparison per application: rows of one application (incoPat lists the A and the B publication) count once,
with the values of its newest row (latest publication date; the later row on a tie), as the platform keeps them.

- validity: the vendor's word mapped to valid / not valid (unknown words are not compared) against the platform's
  validity on the status date; CN records only.
- sei: the set of SEI codes the vendor writes against the platform's codes cut to the vendor's depth (1.5.2 → 1.5
  when the vendor writes 1.5); an empty cell says "no SEI" and is compared too.
- grant_date: records where either side gives a grant date.
- region: the province (the first two digits of a GB/T 2260 code) of the vendor's 省市, else of its 通信地址,
  against the province of the platform's first applicant; records whose vendor province cannot be read are not
  compared.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

VALIDITY, SEI, GRANT, REGION = "validity", "sei", "grant_date", "region"
CHECKS = (VALIDITY, SEI, GRANT, REGION)
CHECK_LABELS = {VALIDITY: "有效性 validity", SEI: "战略性新兴产业 SEI", GRANT: "授权日 grant date",
                REGION: "省份 province"}
VALID, NOT_VALID = "valid", "not valid"

# the vendor's own words (domain.md §3); a word not listed is not compared
VALIDITY_WORDS = {
    "专利有效性": {"有效": True, "失效": False, "审中": False, "PCT-有效期内": False, "PCT-有效期满": False},  # incoPat
    "法律状态": {"有效": True, "公开": False, "驳回": False, "失效": False, "撤回": False, "无效": False},  # Patentics
}
NUMBER_COLUMNS = ("申请号", "申请号码", "Application Number")
SEI_COLUMNS = ("新兴产业分类",)
GRANT_COLUMNS = ("授权日", "授权公告日")
PROVINCE_COLUMNS = ("省市",)
ADDRESS_COLUMNS = ("通信地址",)
PUBLISHED_COLUMNS = ("公开（公告）日", "公开/公告日", "公开-公告日", "公开日")
WANTED_COLUMNS = (*NUMBER_COLUMNS, *VALIDITY_WORDS, *SEI_COLUMNS, *GRANT_COLUMNS, *PROVINCE_COLUMNS, *ADDRESS_COLUMNS,
                  *PUBLISHED_COLUMNS)

# GB/T 2260 province-level codes, by the name's distinctive part (an address names its province first)
PROVINCES = {
    "北京": "11", "天津": "12", "河北": "13", "山西": "14", "内蒙古": "15", "辽宁": "21", "吉林": "22", "黑龙江": "23",
    "上海": "31", "江苏": "32", "浙江": "33", "安徽": "34", "福建": "35", "江西": "36", "山东": "37", "河南": "41",
    "湖北": "42", "湖南": "43", "广东": "44", "广西": "45", "海南": "46", "重庆": "50", "四川": "51", "贵州": "52",
    "云南": "53", "西藏": "54", "陕西": "61", "甘肃": "62", "青海": "63", "宁夏": "64", "新疆": "65", "台湾": "71",
    "香港": "81", "澳门": "82",
}
_PROVINCE_RE = re.compile("|".join(sorted(PROVINCES, key=len, reverse=True)))
_DATE_RE = re.compile(r"((?:19|20)\d\d)\D?(\d{1,2})\D?(\d{1,2})")
_NAME_DATE_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?!\d)")
_SEI_NAMED_RE = re.compile(r"(\d+(?:\.\d+)*)\s*[(（]")
_SEI_CODE_RE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)+)(?![\d.])")


def normalise_key(number: object) -> str:
    """An application number as the platform keys it: no whitespace, upper case."""
    return re.sub(r"\s", "", str(number or "")).upper()


def parse_date(cell: object) -> dt.date | None:
    """2021/10/15, 20220426, 2021-10-15 00:00:00, 2021.1.5 → a date; anything else → None."""
    match = _DATE_RE.search(str(cell or ""))
    if not match:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def date_in_names(*names: str) -> dt.date | None:
    """A yyyymmdd date in a file or folder name ("20230418--通用自动驾驶/10000.xlsx" → 2023-04-18), first name first."""
    for name in names:
        for match in _NAME_DATE_RE.finditer(name or ""):
            try:
                return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                continue
    return None


def sei_codes(cell: object) -> frozenset[str]:
    """'1.5 (人工智能),8.1 (数字创意技术设备制造)' → {'1.5', '8.1'}; bare codes '1.5; 8.1' too."""
    text = str(cell or "")
    named = _SEI_NAMED_RE.findall(text)
    return frozenset(named or _SEI_CODE_RE.findall(text))


def cut(codes: Iterable[str], depth: int) -> frozenset[str]:
    """SEI codes at the vendor's level: 1.5.2 → 1.5 at depth 2."""
    return frozenset(".".join(str(c).split(".")[:depth]) for c in codes if c)


def province_of(text: object) -> str | None:
    """The two-digit province code of the first province named in `text` (省市 or an address), else None."""
    match = _PROVINCE_RE.search(str(text or ""))
    return PROVINCES[match.group(0)] if match else None


def first_column(headers: Iterable[str], candidates: Iterable[str]) -> str | None:
    present = set(headers)
    return next((c for c in candidates if c in present), None)


@dataclass(frozen=True)
class Columns:
    """Which vendor columns a file has (None: that check cannot run on this file)."""

    number: str | None
    validity: str | None
    sei: str | None
    grant: str | None
    province: str | None
    address: str | None
    published: str | None

    @classmethod
    def of(cls, headers: Iterable[str]) -> Columns:
        names = [str(h).strip() for h in headers]
        return cls(first_column(names, NUMBER_COLUMNS), first_column(names, VALIDITY_WORDS),
                   first_column(names, SEI_COLUMNS), first_column(names, GRANT_COLUMNS),
                   first_column(names, PROVINCE_COLUMNS), first_column(names, ADDRESS_COLUMNS),
                   first_column(names, PUBLISHED_COLUMNS))

    def used(self) -> dict[str, str]:
        """check → the vendor column(s) it reads."""
        region = " / ".join(c for c in (self.province, self.address) if c)
        found = {VALIDITY: self.validity, SEI: self.sei, GRANT: self.grant, REGION: region}
        return {name: column for name, column in found.items() if column}


@dataclass(frozen=True)
class VendorRecord:
    """One application as the vendor's newest row for it states it."""

    key: str
    row: int
    word: str  # the validity word as written
    valid: bool | None  # None: no word, or a word not in VALIDITY_WORDS
    sei_cell: str
    sei: frozenset[str]
    grant: dt.date | None
    province_text: str
    province: str | None
    published: dt.date | None


def vendor_records(rows: Iterable[tuple[int, Mapping[str, Any]]], columns: Columns) -> list[VendorRecord]:
    """rows: (row number as the spreadsheet shows it, {header: cell}); one record per application number."""
    newest: dict[str, VendorRecord] = {}

    def cell(values: Mapping[str, Any], column: str | None) -> str:
        value = values.get(column, "") if column else ""
        return "" if value is None else str(value).strip()

    for row, values in rows:
        key = normalise_key(cell(values, columns.number))
        if not key:
            continue
        word = cell(values, columns.validity)
        province_text = cell(values, columns.province)
        province = province_of(province_text)
        if province is None and columns.address:
            province_text = cell(values, columns.address)
            province = province_of(province_text)
        sei_cell = cell(values, columns.sei)
        record = VendorRecord(
            key=key, row=row, word=word,
            valid=VALIDITY_WORDS[columns.validity].get(word) if columns.validity else None,
            sei_cell=sei_cell, sei=sei_codes(sei_cell), grant=parse_date(cell(values, columns.grant)),
            province_text=province_text, province=province, published=parse_date(cell(values, columns.published)))
        seen = newest.get(key)
        if seen is None or (record.published or dt.date.min) >= (seen.published or dt.date.min):
            newest[key] = record
    return list(newest.values())


def sei_depth(records: Iterable[VendorRecord]) -> int:
    """The level the vendor writes SEI codes at (the most common number of parts), 2 when it writes none."""
    depths: dict[int, int] = {}
    for record in records:
        for code in record.sei:
            depth = code.count(".") + 1
            depths[depth] = depths.get(depth, 0) + 1
    return max(depths, key=lambda d: (depths[d], d)) if depths else 2


@dataclass(frozen=True)
class PlatformRecord:
    """What the platform stored for an application (Application, its first applicant), valid on the status date."""

    key: str
    country: str
    valid: bool
    status_date: dt.date
    sei_codes: tuple[str, ...]
    grant: dt.date | None
    province: str  # first two digits of the first applicant's region code; "" when it has none


@dataclass(frozen=True)
class Disagreement:
    key: str
    vendor: str
    platform: str

    def as_dict(self) -> dict[str, str]:
        return {"key": self.key, "vendor": self.vendor, "platform": self.platform}


@dataclass
class CheckResult:
    name: str
    column: str
    compared: int = 0
    agree: int = 0
    disagreements: list[Disagreement] = field(default_factory=list)

    @property
    def percent(self) -> float | None:
        return percent(self.agree, self.compared)

    def add(self, key: str, same: bool, vendor: str, platform: str) -> None:
        self.compared += 1
        if same:
            self.agree += 1
        else:
            self.disagreements.append(Disagreement(key, vendor, platform))

    def as_dict(self, limit: int | None = None) -> dict[str, Any]:
        shown = self.disagreements if limit is None else self.disagreements[:limit]
        return {"label": CHECK_LABELS[self.name], "column": self.column, "compared": self.compared,
                "agree": self.agree, "disagree": self.compared - self.agree, "percent": self.percent,
                "disagreements": [d.as_dict() for d in shown]}


def percent(agree: int, compared: int) -> float | None:
    return round(100.0 * agree / compared, 2) if compared else None


@dataclass
class Report:
    name: str
    rows: int  # vendor rows read
    records: int  # distinct application numbers
    matched: int
    unmatched: list[str]
    status_dates: dict[str, int]  # "2023-04-18 (name)" → records evaluated on it
    checks: dict[str, CheckResult]

    def as_dict(self, limit: int | None = None) -> dict[str, Any]:
        return {"file": self.name, "rows": self.rows, "records": self.records, "matched": self.matched,
                "unmatched": len(self.unmatched), "unmatched_keys": self.unmatched if limit is None
                else self.unmatched[:limit], "status_dates": self.status_dates,
                "checks": {name: check.as_dict(limit) for name, check in self.checks.items()}}


def _date_text(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def _codes_text(codes: Iterable[str]) -> str:
    return "; ".join(sorted(codes))


def compare(name: str, rows: int, columns: Columns, vendor: list[VendorRecord],
            platform: Mapping[str, PlatformRecord], status_dates: dict[str, int] | None = None) -> Report:
    """Every check the vendor's columns allow, record by record."""
    checks = {check: CheckResult(check, column) for check, column in columns.used().items()}
    depth = sei_depth(vendor)
    matched, unmatched = 0, []
    for record in vendor:
        ours = platform.get(record.key)
        if ours is None:
            unmatched.append(record.key)
            continue
        matched += 1
        if VALIDITY in checks and ours.country == "CN" and record.valid is not None:
            checks[VALIDITY].add(record.key, record.valid == ours.valid, record.word,
                                 f"{VALID if ours.valid else NOT_VALID} @ {ours.status_date.isoformat()}")
        if SEI in checks:
            theirs, mine = record.sei, cut(ours.sei_codes, depth)
            checks[SEI].add(record.key, theirs == mine, record.sei_cell or _codes_text(theirs), _codes_text(mine))
        if GRANT in checks and (record.grant or ours.grant):
            checks[GRANT].add(record.key, record.grant == ours.grant, _date_text(record.grant), _date_text(ours.grant))
        if REGION in checks and record.province is not None:
            checks[REGION].add(record.key, record.province == ours.province,
                               f"{record.province} {record.province_text}"[:120], ours.province)
    return Report(name, rows, len(vendor), matched, unmatched, status_dates or {}, checks)


def table(report: Report, limit: int = 20) -> list[str]:
    """The report as text lines: the agreement table, then the first `limit` disagreements of each check."""
    lines = [f"核对 Reconciliation: {report.name}",
             f"  厂商行 vendor rows {report.rows} · 申请 records {report.records} · 匹配 matched {report.matched}"
             f" · 未匹配 unmatched {len(report.unmatched)}"]
    if report.status_dates:
        dates = ", ".join(f"{day} ×{n}" for day, n in sorted(report.status_dates.items()))
        lines.append(f"  状态日期 status date: {dates}")
    lines.append(f"  {'check':<28}{'vendor column':<18}{'compared':>9}{'agree':>8}{'percent':>9}")
    for check in report.checks.values():
        shown = "—" if check.percent is None else f"{check.percent:.2f}%"
        lines.append(f"  {CHECK_LABELS[check.name]:<28}{check.column:<18}{check.compared:>9}{check.agree:>8}"
                     f"{shown:>9}")
    if not report.checks:
        lines.append("  (该文件没有可核对的厂商列 no vendor column to check)")
    for check in report.checks.values():
        if not check.disagreements:
            continue
        more = len(check.disagreements) - limit
        lines.append(f"  不一致 disagreements, {CHECK_LABELS[check.name]} ({len(check.disagreements)}"
                     f"{f', first {limit}; --json lists all' if more > 0 else ''}):")
        lines += [f"    {d.key}\tvendor {d.vendor}\tplatform {d.platform}" for d in check.disagreements[:limit]]
    if report.unmatched:
        lines.append(f"  未匹配 unmatched: {', '.join(report.unmatched[:limit])}{' …' if len(report.unmatched) > limit else ''}")
    return lines
