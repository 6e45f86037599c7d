"""The figures of a risk report (风险报告, issue 16 item 3). Pure Python: no Django.

- `Quarter`: the report's period (a calendar quarter), `previous_quarter` the one a scheduled draft covers;
- `health`: portfolio health of the held records on the report date (the quarter's last day): inventions valid,
  lapsed and pending; every held record by legal status; the valid patents' age (whole years since filing), their
  remaining term (to `patents.validity.term_end`) and their maintenance years (whole years in force since grant);
- `at_risk`: expiry within 12 months of the report date; termination (未缴年费, 放弃, 终止 … a lapse event of
  `patents.validity.event_kind`) and invalidation requests or decisions (`protection.detect.legal_kind`) dated in
  the quarter; pledged (the latest pledge registration not cancelled by the report date, `deals.events.recognise`);
- `competitor_activity`: competitors' new filings (filed or published in the quarter), in the watched areas;
- `rank_similar`: the similar-publication events ranked by similarity, one row per pair;
- `recommendations`: the default recommendations the office edits before issuing.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from zhichan.deals import events as deal_events
from zhichan.patents import record as rec
from zhichan.patents import status
from zhichan.patents.validity import LAPSE, event_kind, term_end
from zhichan.protection import detect

AGE_BUCKETS = ((3, "3年以下"), (5, "3—5年"), (10, "5—10年"), (15, "10—15年"), (None, "15年及以上"))
TERM_BUCKETS = ((1, "1年以下"), (3, "1—3年"), (5, "3—5年"), (10, "5—10年"), (None, "10年及以上"))
EXPIRY_MONTHS = 12
LONG_KEPT = 10  # maintenance years counted apart (high-value criterion 3: kept in force more than 10 years)

EXPIRING, TERMINATED, INVALIDATION, PLEDGED = "expiring", "terminated", "invalidation", "pledged"
RISK_LABELS = {EXPIRING: "12个月内届满", TERMINATED: "年费未缴或权利终止", INVALIDATION: "无效宣告",
               PLEDGED: "质押中"}


@dataclass(frozen=True)
class Quarter:
    year: int
    number: int  # 1..4

    @property
    def start(self) -> dt.date:
        return dt.date(self.year, 3 * self.number - 2, 1)

    @property
    def end(self) -> dt.date:
        """The quarter's last day (the report date)."""
        nxt = Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        return nxt.start - dt.timedelta(days=1)

    @property
    def code(self) -> str:
        return f"{self.year}Q{self.number}"

    @property
    def label(self) -> str:
        return f"{self.year}年第{self.number}季度"

    def holds(self, day: dt.date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    @classmethod
    def of(cls, day: dt.date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    @classmethod
    def parse(cls, code: str) -> Quarter:
        year, _sep, number = code.strip().upper().partition("Q")
        quarter = cls(int(year), int(number))
        if not 1 <= quarter.number <= 4 or not 1985 <= quarter.year <= 2100:
            raise ValueError(code)
        return quarter


def previous_quarter(day: dt.date) -> Quarter:
    """The quarter before the one `day` is in: a draft made at the start of a quarter covers the one just ended."""
    current = Quarter.of(day)
    return Quarter(current.year - 1, 4) if current.number == 1 else Quarter(current.year, current.number - 1)


@dataclass(frozen=True)
class Held:
    """One record of the portfolio, with its legal events (date, code, description)."""

    key: str
    title: str
    patent_type: str
    status: str
    filing: dt.date | None
    grant: dt.date | None
    events: tuple[tuple[dt.date | None, str, str], ...] = ()


def whole_years(start: dt.date, end: dt.date) -> int:
    years = end.year - start.year
    return years - 1 if (end.month, end.day) < (start.month, start.day) else years


def add_months(day: dt.date, months: int) -> dt.date:
    """The corresponding day `months` later, or that month's last day (as protection/clocks.add_months)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _bucket(value: int, buckets: Sequence[tuple[int | None, str]]) -> str:
    return next(label for limit, label in buckets if limit is None or value < limit)


def _distribution(values: Iterable[int], buckets: Sequence[tuple[int | None, str]]) -> list[list]:
    """[[label, count], …] in the buckets' order (JSON's shape: the figures are stored as they are returned)."""
    counts = Counter(_bucket(v, buckets) for v in values)
    return [[label, counts.get(label, 0)] for _limit, label in buckets]


def health(held: Sequence[Held], as_of: dt.date) -> dict:
    inventions = Counter(h.status for h in held if h.patent_type == rec.INVENTION)
    valid = [h for h in held if h.status == status.VALID]
    ages = [whole_years(h.filing, as_of) for h in valid if h.filing and h.filing <= as_of]
    remaining = [whole_years(as_of, end) for h in valid if (end := term_end(h.patent_type, h.filing)) and end > as_of]
    kept = [whole_years(h.grant, as_of) for h in valid if h.grant and h.grant <= as_of]
    by_status = Counter(h.status for h in held)
    return {
        "records": len(held), "valid": len(valid),
        "inventions": {"valid": inventions.get(status.VALID, 0), "lapsed": inventions.get(status.LAPSED, 0),
                       "pending": inventions.get(status.PENDING, 0), "total": sum(inventions.values())},
        "by_status": [[status.LABELS.get(s, s), n] for s, n in sorted(by_status.items(), key=lambda x: (-x[1], x[0]))],
        "age": _distribution(ages, AGE_BUCKETS),
        "remaining": _distribution(remaining, TERM_BUCKETS),
        "maintenance": {"counted": len(kept), "mean": round(sum(kept) / len(kept), 1) if kept else None,
                        "long_kept": sum(1 for k in kept if k >= LONG_KEPT),
                        "without_grant_date": len(valid) - len(kept)},
    }


def _pledged(events: Iterable[tuple[dt.date | None, str, str]], as_of: dt.date) -> dt.date | None:
    """The day of the pledge in force on `as_of` (the latest registration not cancelled since), or None."""
    since = None
    for day, code, words in sorted((e for e in events if e[0] and e[0] <= as_of), key=lambda e: e[0]):
        found = deal_events.recognise(code, words)
        if found is None or found.kind != deal_events.PLEDGE:
            continue
        if found.action == deal_events.EFFECTIVE:
            since = day
        elif found.action == deal_events.CANCEL:
            since = None
    return since


def risks_of(h: Held, quarter: Quarter) -> list[tuple[str, str]]:
    """(risk, what shows it) of one record."""
    as_of = quarter.end
    out = []
    end = term_end(h.patent_type, h.filing)
    if h.status == status.VALID and end and as_of < end <= add_months(as_of, EXPIRY_MONTHS):
        out.append((EXPIRING, f"保护期届满日 {end.isoformat()}"))
    for day, code, words in h.events:
        if not quarter.holds(day):
            continue
        text = f"{day.isoformat() if day else ''} {words or code}".strip()
        if event_kind(code, words) == LAPSE:
            out.append((TERMINATED, text))
        elif detect.legal_kind(code, words) in (detect.INVALID_REQUEST, detect.INVALIDATED):
            out.append((INVALIDATION, text))
    pledge = _pledged(h.events, as_of)
    if pledge is not None:
        out.append((PLEDGED, f"{pledge.isoformat()} 质押登记生效"))
    return out


def at_risk(held: Sequence[Held], quarter: Quarter) -> list[dict]:
    rows = []
    for h in held:
        found = risks_of(h, quarter)
        if found:
            rows.append({"key": h.key, "title": h.title, "status": status.LABELS.get(h.status, h.status),
                         "risks": sorted({r for r, _w in found}, key=list(RISK_LABELS).index),
                         "evidence": [w for _r, w in found]})
    order = list(RISK_LABELS)
    return sorted(rows, key=lambda r: (order.index(r["risks"][0]), r["key"]))


def risk_counts(rows: Sequence[dict]) -> dict[str, int]:
    return {risk: sum(1 for r in rows if risk in r["risks"]) for risk in RISK_LABELS}


@dataclass(frozen=True)
class Filing:
    """A record of a competitor (or, for an industry, of any applicant) and what makes it new in the quarter."""

    key: str
    title: str
    owner: str  # the competitor it is counted for (its name as watched, or the first applicant)
    filing: dt.date | None
    publication: dt.date | None
    ipc: tuple[str, ...] = field(default_factory=tuple)


def competitor_activity(filings: Sequence[Filing], areas: Sequence[str], quarter: Quarter,
                        most: int = 10) -> list[dict]:
    """New filings (filed or first published in the quarter) per competitor, those in the watched areas (every one
    when no area is watched), the busiest first."""
    per: dict[str, list[dict]] = {}
    for f in filings:
        if not (quarter.holds(f.filing) or quarter.holds(f.publication)):
            continue
        covered = detect.any_covered(areas, f.ipc) if areas else []
        if areas and not covered:
            continue
        per.setdefault(f.owner, []).append({"key": f.key, "title": f.title, "ipc": list(f.ipc[:5]),
                                            "date": (f.publication or f.filing).isoformat() if
                                            (f.publication or f.filing) else "", "areas": covered})
    rows = [{"name": name, "count": len(items), "records": sorted(items, key=lambda r: r["key"])}
            for name, items in per.items()]
    return sorted(rows, key=lambda r: (-r["count"], r["name"]))[:most]


def rank_similar(pairs: Iterable[dict], most: int = 50) -> list[dict]:
    """Similar-publication events (similarity, new, watched) best first, each pair once (several lists may have
    raised it)."""
    seen: dict[tuple[str, str], dict] = {}
    for p in pairs:
        pair = (p["new"]["key"], p["watched"]["key"])
        if pair not in seen or p["similarity"] > seen[pair]["similarity"]:
            seen[pair] = p
    return sorted(seen.values(), key=lambda p: (-p["similarity"], p["new"]["key"], p["watched"]["key"]))[:most]


def recommendations(figures: dict) -> str:
    """The default recommendations, one per line, from the figures (the office edits them before issuing)."""
    counts = figures["risk_counts"]
    h = figures["health"]
    lines = []
    if counts.get(TERMINATED):
        lines.append(f"有 {counts[TERMINATED]} 件专利在本季度出现未缴年费或权利终止记录：请逐件核实缴费情况，"
                     "年费可在期满之日起6个月内补缴（需缴纳滞纳金）；因正当理由耽误期限的，可在规定期限内请求恢复权利。")
    if counts.get(INVALIDATION):
        lines.append(f"有 {counts[INVALIDATION]} 件专利涉及无效宣告程序：请在指定期限内答辩，检索对比文件，评估修改权利要求，"
                     "必要时委托专利代理机构或申请维权援助。")
    if counts.get(EXPIRING):
        lines.append(f"有 {counts[EXPIRING]} 件专利将在12个月内保护期届满：请评估相关产品的替代保护（改进发明、技术秘密），"
                     "并关注届满后他人的进入。")
    if counts.get(PLEDGED):
        lines.append(f"有 {counts[PLEDGED]} 件专利处于质押中：出质后转让或许可须经出质人与质权人协商同意"
                     "（《民法典》第四百四十四条），请按期还款并在到期后办理注销登记。")
    if figures["similar"]:
        top = figures["similar"][0]
        lines.append(f"发现 {len(figures['similar'])} 件与本方有效专利高度相似的新公开专利（最高相似度 "
                     f"{top['similarity']:.0%}，{top['new']['key']}）：建议开展侵权比对和自由实施（FTO）分析，"
                     "必要时提出无效宣告请求或寻求维权援助。")
    if figures["competitors"]:
        busiest = figures["competitors"][0]
        lines.append(f"竞争对手本季度在监测领域新增专利 {sum(c['count'] for c in figures['competitors'])} 件，"
                     f"其中{busiest['name']} {busiest['count']} 件：建议跟踪其技术方向，调整研发与专利布局。")
    inv = h["inventions"]
    if inv["total"] and inv["valid"] * 2 < inv["total"]:
        lines.append(f"有效发明专利 {inv['valid']} 件，占发明专利申请的 {inv['valid'] / inv['total']:.0%}："
                     "建议加强高价值发明专利的培育和维持。")
    if not lines:
        lines.append("本季度未发现需要特别处置的风险，建议保持监测，按时缴纳年费。")
    return "\n".join(lines)
