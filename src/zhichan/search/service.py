"""One search, as the page, the API and the CLI all see it: parse, run, label facets, highlight hits."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from typing import Any

from django.utils.translation import gettext as _

from zhichan import conf
from zhichan.patents import ipc, numbers
from zhichan.patents.models import LEGAL_STATUS_CHOICES, PATENT_TYPE_CHOICES, Application
from zhichan.search import text
from zhichan.search.backend import FACETS, SORTS
from zhichan.search.engine import backend
from zhichan.search.lookup import LOOKUP
from zhichan.search.query.ast import Node, terms
from zhichan.search.query.errors import QueryError
from zhichan.search.query.fields import FIELDS, TEXT
from zhichan.search.query.parser import check_length, parse

DEFAULT_FACETS = ("year", "type", "ls", "ipc", "applicant", "province", "city", "sei", "country")
_TYPE_LABELS = dict(PATENT_TYPE_CHOICES)
_STATUS_LABELS = dict(LEGAL_STATUS_CHOICES)


@dataclass
class Request:
    query: str
    sort: str = "relevance"
    page: int = 1
    size: int = 20
    facets: tuple[str, ...] = DEFAULT_FACETS
    simple: bool = False  # the simple search box: numbers and IPC symbols go to their fields


@dataclass(frozen=True)
class Limits:
    """How much one search may ask for (docs/search.md: Limits). The index pays for page × size up front, so an
    unbounded page is an unbounded allocation."""

    window: int  # page × size at most this
    size: int  # hits on one page at most this
    query_chars: int


def limits() -> Limits:
    return Limits(int(conf.value("ZHICHAN_SEARCH_MAX_WINDOW")),  # type: ignore[call-overload]
                  int(conf.value("ZHICHAN_SEARCH_MAX_SIZE")),  # type: ignore[call-overload]
                  int(conf.value("ZHICHAN_SEARCH_MAX_QUERY_CHARS")))  # type: ignore[call-overload]


class RequestError(ValueError):
    """A parameter of a search (other than the query's syntax) out of its bounds: which one, and why."""

    def __init__(self, parameter: str, message: str) -> None:
        self.parameter = parameter
        self.message = message
        self.text = _("参数 %(name)s：%(msg)s") % {"name": parameter, "msg": message}
        super().__init__(self.text)

    def describe(self) -> str:
        return self.text

    def as_dict(self) -> dict[str, object]:
        return {"error": self.text, "parameter": self.parameter, "reason": self.message}


def check(req: Request, bounds: Limits | None = None) -> None:
    """Refuse a request beyond the bounds before it reaches the index (RequestError)."""
    bounds = bounds or limits()
    if not req.query.strip():
        raise RequestError("q", _("检索式为空"))
    if req.sort not in SORTS:
        raise RequestError("sort", _("排序方式只能是 %(sorts)s") % {"sorts": ", ".join(sorted(SORTS))})
    if not 1 <= req.size <= bounds.size:
        raise RequestError("size", _("每页条数应在 1 到 %(max)s 之间") % {"max": bounds.size})
    if req.page < 1:
        raise RequestError("page", _("页码从 1 开始"))
    if req.page * req.size > bounds.window:
        raise RequestError("page", _("结果只能翻到第 %(window)s 条：每页 %(size)s 条时最多 %(pages)s 页（更多请导出）")
                           % {"window": f"{bounds.window:,}", "size": req.size,
                              "pages": f"{bounds.window // req.size:,}"})


def interpret_simple(raw: str) -> str:
    """The simple box takes anything: an application or publication number, an IPC symbol, or words."""
    value = raw.strip()
    if re.fullmatch(r"[A-Za-z]{0,2}\s*\d[\d.\s]{6,}[A-Za-z]?\d?", value):
        return f"AN={numbers.clean(value)} OR PN={numbers.clean(value)}"
    if re.fullmatch(r"[A-H]\d\d[A-Z](\s*\d{1,4}(/\d{1,6})?)?", value.upper()) and ipc.normalize(value) is not None:
        return f"IPC={value.replace(' ', '')}"
    try:
        parse(value)
        return value
    except QueryError:
        words = [w for w in re.split(r"[\s\"“”()（）]+", value) if w]
        return " ".join(f'"{w}"' for w in words) or value


def parse_request(raw: str, simple: bool = False) -> Node:
    """The query as typed, within the length bound (QueryError)."""
    check_length(raw, limits().query_chars)
    return parse(interpret_simple(raw) if simple else raw)


def run(req: Request) -> dict[str, Any]:
    """The API's JSON object. Raises RequestError for a parameter out of bounds, QueryError for a malformed
    query."""
    check(req)
    node = parse_request(req.query, req.simple)
    size, page = req.size, req.page
    found = backend().search(node, LOOKUP, sort=req.sort, offset=(page - 1) * size, limit=size,
                             facets=[f for f in req.facets if f in FACETS], facet_budget=facet_budget())
    words = highlight_terms(node)
    apps = Application.objects.in_bulk(found.ids)
    hits = [hit(apps[pk], score, words) for pk, score in zip(found.ids, found.scores, strict=True) if pk in apps]
    return {"query": req.query, "total": found.total, "page": page, "size": size, "sort": req.sort, "hits": hits,
            "facets": {name: label_facet(name, counts) for name, counts in found.facets.items()},
            "facets_dropped": found.dropped_facets}


def facet_budget() -> float:
    """ZHICHAN_FACET_BUDGET_MS in seconds: the facets a search waits for (a slow facet is dropped, not waited on)."""
    return max(0, int(conf.value("ZHICHAN_FACET_BUDGET_MS"))) / 1000  # type: ignore[call-overload]


def count(raw: str) -> int:
    return backend().count(parse_request(raw), LOOKUP)


def highlight_terms(node: Node) -> list[str]:
    return [t.text for t in terms(node)
            if t.field is None or (FIELDS[t.field][0] == TEXT and t.field in {"TI", "AB", "TX"})
            if "*" not in t.text and "?" not in t.text]


def highlight(value: str, words: list[str]) -> str:
    """HTML with <mark> around every match (escaped otherwise)."""
    out, last = [], 0
    for start, end in text.spans(value, words):
        out += [escape(value[last:start]), "<mark>", escape(value[start:end]), "</mark>"]
        last = end
    out.append(escape(value[last:]))
    return "".join(out)


def hit(app: Application, score: float, words: list[str]) -> dict[str, Any]:
    abstract = app.abstract or ""
    return {
        "id": app.pk, "application_number": app.key, "title": app.title or app.title_en,
        "title_html": highlight(app.title or app.title_en, words),
        "abstract_html": highlight(abstract[:300] + ("…" if len(abstract) > 300 else ""), words),
        "type": app.patent_type, "type_label": str(_TYPE_LABELS.get(app.patent_type, app.patent_type)),
        "legal_status": app.legal_status, "legal_status_label": str(_STATUS_LABELS.get(app.legal_status, "")),
        "filing_date": app.filing_date.isoformat() if app.filing_date else None,
        "publication_date": app.publication_date.isoformat() if app.publication_date else None,
        "main_ipc": app.main_ipc, "applicant": app.first_applicant, "country": app.country,
        "cited_by": app.data.get("cited_by_count"), "score": round(score, 4),
    }


def label_facet(name: str, counts: list[tuple[Any, int]]) -> list[dict[str, Any]]:
    if name == "year":  # a time line reads newest first
        counts = sorted(counts, key=lambda c: c[0], reverse=True)
    if name == "sei":  # the names of every bucket in one query, not one per bucket
        names = LOOKUP.sei_names([str(value) for value, _ in counts])
        return [{"value": value, "label": f"{value} {names.get(str(value), value)}", "count": n} for value, n in counts]
    return [{"value": value, "label": facet_label(name, value), "count": n} for value, n in counts]


def facet_label(name: str, value: Any) -> str:
    if name == "type":
        return str(_TYPE_LABELS.get(value, value))
    if name == "ls":
        return str(_STATUS_LABELS.get(value, value))
    if name in {"province", "city"}:
        return LOOKUP.region_name(str(value))
    if name == "sei":
        return f"{value} {LOOKUP.sei_name(str(value))}"
    return str(value)


_FIELD_FACET = {"AD": "year", "TYPE": "type", "LS": "ls", "IPC": "ipc", "REG": "province", "SEI": "sei", "CO": "country"}
_NARROWED = re.compile(r'^\((?P<rest>.*)\) AND (?P<clause>(?:AD|TYPE|LS|IPC|REG|SEI|CO)=[^\s()"]+|PAN="[^"]*")$', re.S)


def facet_chips(query: str, titles: dict[str, str]) -> list[dict[str, str]]:
    """The facet clauses the page's facet links appended to a query (`facet_filter`), in words: 法律状态：有效, not
    LS=valid; each with the query without it (to take it off). `titles`: facet name → its title."""
    clauses, rest = [], query
    while (m := _NARROWED.match(rest)) is not None:
        clauses.append(m.group("clause"))
        rest = m.group("rest")
    clauses.reverse()
    out = []
    for i, clause in enumerate(clauses):
        field, value = clause.split("=", 1)
        if field == "PAN":
            title, word = titles.get("applicant", field), value.strip('"')
        else:
            name = _FIELD_FACET[field]
            title = _("地区") if field == "REG" else titles.get(name, field)
            word = facet_label(name, value)
        without = rest
        for j, other in enumerate(clauses):
            if j != i:
                without = f"({without}) AND {other}"
        out.append({"title": str(title), "value": word, "without": without})
    return out


def facet_filter(name: str, value: str) -> str:
    """The query clause that narrows a result set to one facet value (the page's facet links)."""
    field = {"year": "AD", "type": "TYPE", "ls": "LS", "ipc": "IPC", "province": "REG", "city": "REG",
             "sei": "SEI", "country": "CO"}.get(name)
    if field is None:  # applicant: a quoted name
        return 'PAN="' + value.replace('"', " ") + '"'
    return f"{field}={value}"
