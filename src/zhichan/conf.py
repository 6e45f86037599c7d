"""Every setting Zhichan reads from the environment, declared once (name, type, default, help).

settings.py reads them through `value()`; docs/configuration.md and the README are checked against this list
by a test, so a setting cannot be added without being documented.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Setting:
    name: str
    kind: type
    default: object
    help: str


SETTINGS: list[Setting] = [
    Setting("ZHICHAN_HOME", Path, "./var", "Folder for the SQLite database, search index, uploads and job queue."),
    Setting("DATABASE_URL", str, "", "Database of record; empty means SQLite in ZHICHAN_HOME "
            "(e.g. postgresql://user@127.0.0.1:5432/zhichan)."),
    Setting("ZHICHAN_SECRET_KEY", str, "", "Django secret key; empty means one is generated and kept in ZHICHAN_HOME."),
    Setting("ZHICHAN_DEBUG", bool, False, "Debug mode (never in production)."),
    Setting("ZHICHAN_ALLOWED_HOSTS", str, "127.0.0.1,localhost", "Comma-separated host names the web server answers."),
    Setting("ZHICHAN_REDIS_URL", str, "", "Redis for the job queue when several hosts run workers; empty means "
            "SQLite job storage in ZHICHAN_HOME."),
    Setting("ZHICHAN_JOBS_IMMEDIATE", bool, False, "Run background jobs inline (tests, single-shot CLI use)."),
    Setting("ZHICHAN_LANGUAGE", str, "zh-hans", "Default interface language (zh-hans or en)."),
    Setting("ZHICHAN_MAX_UPLOAD_MB", int, 200, "Largest file accepted by a web upload (import page, indicator "
                                               "spreadsheets, applicant directory), per file, in MB."),
    Setting("ZHICHAN_MAX_ROWS", int, 2_000_000, "Most data rows read from one spreadsheet or CSV file."),
    Setting("ZHICHAN_MAX_XLSX_UNCOMPRESSED_MB", int, 1024, "Largest total decompressed size of an xlsx file, in MB."),
    Setting("ZHICHAN_SEI_MATCH", str, "any", "SEI classification from the 'main' IPC only or from 'any' IPC."),
    Setting("ZHICHAN_IMPORT_BATCH", int, 500, "Applications written per import transaction."),
    Setting("ZHICHAN_SEARCH_BACKEND", str, "tantivy", "Search engine; 'tantivy' (embedded in ZHICHAN_HOME/index)."),
    Setting("ZHICHAN_EXPORT_LIMIT", int, 50_000, "Most records in one search export (XLSX or CSV)."),
    Setting("ZHICHAN_SEARCH_MAX_WINDOW", int, 10_000, "Deepest a search result can be paged: page × size at most "
            "this (the API, the search page and `zhichan search`)."),
    Setting("ZHICHAN_SEARCH_MAX_SIZE", int, 200, "Most hits on one page of a search result (the size parameter)."),
    Setting("ZHICHAN_SEARCH_MAX_QUERY_CHARS", int, 2_000, "Longest query, in characters, the search accepts."),
    Setting("ZHICHAN_FACET_BUDGET_MS", int, 1_000, "Time a search gives its facets, in milliseconds from its start: a "
            "facet not counted by then is left out and named as dropped (API `facets_dropped`, a note on the page)."),
    Setting("ZHICHAN_MATCH_WEIGHT_TEXT", int, 60, "Market matching: weight (relative points) of text relevance, the "
            "search engine's BM25 of the demand's words over title, abstract and claims (docs/market.md 匹配)."),
    Setting("ZHICHAN_MATCH_WEIGHT_IPC", int, 40, "Market matching: weight of IPC overlap (same subgroup, main group, "
            "subclass or class as the demand's field)."),
    Setting("ZHICHAN_MATCH_WEIGHT_SEI", int, 5, "Market matching: weight of strategic-emerging-industry overlap."),
    Setting("ZHICHAN_MATCH_WEIGHT_REGION", int, 5, "Market matching: weight of region proximity (same district, "
            "city, province)."),
    Setting("ZHICHAN_MATCH_WEIGHT_CREDIT", int, 5, "Market matching: weight of the agency credit grade (A+ … D)."),
    Setting("ZHICHAN_MATCH_WEIGHT_PRICE", int, 5, "Market matching: weight of price fit (a listing's price against "
            "the demand's budget)."),
    Setting("ZHICHAN_MATCH_CANDIDATES", int, 200, "Market matching: records the search engine proposes per demand "
            "before the factors rank them (more: better recall, slower)."),
    Setting("ZHICHAN_MATCH_FEATURES", int, 64, "Market matching: the demand's words (bigrams, English words) looked up "
            "in the index, the most selective first (more: slower, measured in docs/market.md)."),
    Setting("ZHICHAN_MATCH_STORE", int, 10, "Market matching: the best patents a published demand's matching stores "
            "as matches with their reasons (the demand page; matched registered holders read the details)."),
    Setting("ZHICHAN_MATCH_ALERT_MIN", float, 0.3, "Market alerts: the least score (0..1) at which a newly published "
            "listing or pushed stock patent is notified to an open demand it fits."),
    Setting("ZHICHAN_MATCH_INFER_IPC", int, 5, "Market matching: for a demand that names no IPC, the best text matches "
            "whose main groups stand for its field (0: no IPC factor without a named field)."),
    Setting("ZHICHAN_MAX_ATTACHMENT_MB", int, 20, "Largest attachment accepted by the service hall, in MB."),
    Setting("ZHICHAN_EMAIL_BACKEND", str, "django.core.mail.backends.console.EmailBackend",
            "Django e-mail backend for notifications."),
    Setting("ZHICHAN_HTTPS", bool, False, "Served over HTTPS only: secure cookies, HSTS and a redirect from HTTP "
            "(turn on in production)."),
    Setting("ZHICHAN_PROXY_SSL_HEADER", str, "", "Header by which a TLS-terminating reverse proxy says the request came "
            "over HTTPS (e.g. X-Forwarded-Proto, value https); empty means no such proxy."),
    Setting("ZHICHAN_HSTS_SECONDS", int, 31_536_000, "With ZHICHAN_HTTPS: how long browsers remember to use HTTPS "
            "only (Strict-Transport-Security); 0 sends no HSTS header."),
    Setting("ZHICHAN_HSTS_INCLUDE_SUBDOMAINS", bool, True, "With HSTS: the rule covers the host's subdomains too."),
    Setting("ZHICHAN_HSTS_PRELOAD", bool, True, "With HSTS: allow the host on the browsers' preload list (takes "
            "effect only once the domain is submitted to that list)."),
    Setting("ZHICHAN_LOGIN_FAILURE_LIMIT", int, 5, "Wrong passwords in a row after which an account is locked."),
    Setting("ZHICHAN_LOGIN_LOCKOUT_MINUTES", int, 30, "How long a locked account stays locked; 0 means until an "
            "administrator unlocks it."),
    Setting("ZHICHAN_CSP_REPORT_ONLY", bool, False, "Send the Content-Security-Policy as report-only (browsers "
            "log violations but block nothing); for trying a changed page or a proxy-injected script."),
    # 开放许可 and the market (docs/market.md)
    Setting("ZHICHAN_OPEN_LICENSE_MAX_FIXED_WAN", int, 2000, "Open licence (开放许可): the largest fixed fee "
            "(lump sum or entry fee) a declaration may state, in 万元 (CNIPA fee guidance: generally ≤ 2000万元)."),
    Setting("ZHICHAN_OPEN_LICENSE_MAX_SALES_PCT", int, 20, "Open licence: the largest royalty on net sales, in "
            "per cent (CNIPA fee guidance: ≤ 20%)."),
    Setting("ZHICHAN_OPEN_LICENSE_MAX_PROFIT_PCT", int, 40, "Open licence: the largest royalty on profit, in per "
            "cent (CNIPA fee guidance: ≤ 40%)."),
    Setting("ZHICHAN_MARKET_BANNED_WORDS", str, "最,第一,国家级,唯一,顶级,100%,首个,首选,绝对,极致,王牌,独家,顶尖",
            "Advertising words (comma-separated) a listing may not use (专利法实施细则 Art. 85: no advertising language)."),
    # 存量专利盘活: grading and pushing a university's stock patents (docs/market.md, market/grading.py)
    Setting("ZHICHAN_STOCK_WEIGHT_TERM", int, 20, "Stock patents: weight (relative points) of the remaining term."),
    Setting("ZHICHAN_STOCK_WEIGHT_CLAIMS", int, 15, "Stock patents: weight of the number of claims."),
    Setting("ZHICHAN_STOCK_WEIGHT_FAMILY", int, 10, "Stock patents: weight of the patent family (size, granted abroad)."),
    Setting("ZHICHAN_STOCK_WEIGHT_CITATIONS", int, 15, "Stock patents: weight of forward citations."),
    Setting("ZHICHAN_STOCK_WEIGHT_LEGAL", int, 15, "Stock patents: weight of the legal events (restored lapses, "
            "invalidation, pledge, suspension count against it)."),
    Setting("ZHICHAN_STOCK_WEIGHT_SEI", int, 10, "Stock patents: weight of strategic-emerging-industry membership."),
    Setting("ZHICHAN_STOCK_WEIGHT_SELF", int, 15, "Stock patents: weight of the holder's self-rating (prospects, TRL)."),
    Setting("ZHICHAN_STOCK_GRADE_A", int, 75, "Stock patents: lowest score (0–100) of grade A."),
    Setting("ZHICHAN_STOCK_GRADE_B", int, 60, "Stock patents: lowest score of grade B."),
    Setting("ZHICHAN_STOCK_GRADE_C", int, 40, "Stock patents: lowest score of grade C (below: D)."),
    Setting("ZHICHAN_STOCK_PUSH_GRADES", str, "A,B", "Stock patents: grades that may be pushed to enterprises."),
    Setting("ZHICHAN_STOCK_PUSH_LIMIT", int, 5, "Stock patents: enterprises one push reaches (the best matches)."),
    # 投诉举报 against service organisations (docs/agencies.md): the limits of 市场监督管理投诉举报处理暂行办法
    # (SAMR Order 20, 2019) Art. 14 and 市场监督管理行政处罚程序规定 (SAMR Order 2, 2019, rev. 2021) Art. 18
    Setting("ZHICHAN_COMPLAINT_ACCEPT_DAYS", int, 7, "Working days from a complaint's filing to the decision to "
            "accept it or not (投诉举报处理暂行办法 Art. 14: 7)."),
    Setting("ZHICHAN_COMPLAINT_CONCLUDE_DAYS", int, 15, "Working days from acceptance to the conclusion of the "
            "check (行政处罚程序规定 Art. 18: 15); the clock pauses while the complainant is asked for material."),
    Setting("ZHICHAN_COMPLAINT_HOURLY_LIMIT", int, 5, "Complaints the public form takes from one address in an hour "
            "(signed-in or not); 0 means no limit."),
    # 快速维权 at the protection centre (docs/protection.md): the centres' service commitments, not statute
    Setting("ZHICHAN_FAST_ACCEPT_DAYS", int, 2, "快速维权: working days from the request to the decision to accept it "
            "(a protection centre's service commitment, per practice, not statute)."),
    Setting("ZHICHAN_FAST_CONCLUDE_DAYS", int, 10, "快速维权: working days from acceptance to the opinion that "
            "concludes the fast handling (外观设计 and trademark disputes; per practice, not statute)."),
    Setting("ZHICHAN_ABNORMAL_THRESHOLD", float, 0.35, "Abnormal-application scan: Jaccard similarity of 3-shingle "
            "sets at which two texts are near-duplicates (measured in docs/agencies.md; `--threshold` overrides)."),
    Setting("ZHICHAN_ABNORMAL_SHINGLE", int, 3, "Abnormal-application scan: shingle size in characters "
            "(`--shingle` overrides)."),
    Setting("ZHICHAN_ABNORMAL_DETAIL", int, 500, "Abnormal-application scan: candidates stored with their records "
            "side by side (the others keep their application numbers); -1 every one."),
    Setting("ZHICHAN_ABNORMAL_STATEMENT_DAYS", int, 15, "Working days the applicant or agency has to state its case "
            "after the office's notice of a suspected abnormal application."),
    # projects and the expert pool (docs/projects.md)
    Setting("ZHICHAN_PROJECTS_CHECK_DAYS", int, 10, "Working days staff have for the formal check (形式审查) of a "
            "project application; the clock pauses while it waits for the applicant's correction (补正)."),
    Setting("ZHICHAN_PROJECTS_OUTLIER_SHARE", float, 0.2, "Expert scoring: an expert's total is flagged as an outlier "
            "when it lies further than this share of the sheet's maximum from the median of the experts' totals."),
    Setting("ZHICHAN_PROJECTS_PUBLICITY_DAYS", int, 5, "Working days of the 公示 of a call's approved list, the "
            "objection period (the day it starts counted when it is a working day)."),
    Setting("ZHICHAN_EXPERT_MAX_AGE", int, 70, "Expert pool entry: experts are younger than this age, counted from "
            "the birth year (财库〔2016〕198号: under 70)."),
    Setting("ZHICHAN_EXPERT_MIN_YEARS", int, 8, "Expert pool entry: years in the field an expert with an intermediate "
            "title needs (a senior title needs none; 财库〔2016〕198号: 8)."),
    Setting("ZHICHAN_EXPERT_CONFLICT_YEARS", int, 3, "Look-back of an expert's employment, directorship or control of "
            "an applicant that requires recusal (财库〔2016〕198号 Art. 16: three years)."),
    Setting("ZHICHAN_EXPERT_BAD_RATINGS", int, 2, "An expert with at least this many 差 among their latest "
            "ZHICHAN_EXPERT_RATING_WINDOW ratings is flagged and left out of new draws."),
    Setting("ZHICHAN_EXPERT_RATING_WINDOW", int, 5, "How many of an expert's latest ratings count towards "
            "ZHICHAN_EXPERT_BAD_RATINGS."),
    Setting("ZHICHAN_INDICATORS_EXCLUDE_ABNORMAL", bool, False, "Computed indicators leave out the applications a "
            "review concluded 非正常 and marked for exclusion; each figure records that it did (settings)."),
]

_BY_NAME = {s.name: s for s in SETTINGS}


def value(name: str) -> object:
    """The setting's value from the environment, converted to its declared type."""
    setting = _BY_NAME[name]
    raw = os.environ.get(name)
    if raw is None or raw == "":
        raw_default = setting.default
        return Path(raw_default) if setting.kind is Path and isinstance(raw_default, str) else raw_default
    if setting.kind is bool:
        return raw.strip().lower() in {"1", "true", "yes", "on"}
    if setting.kind is int:
        return int(raw)
    if setting.kind is float:
        return float(raw)
    if setting.kind is Path:
        return Path(raw)
    return raw


def home() -> Path:
    path = value("ZHICHAN_HOME")
    assert isinstance(path, Path)
    return path.expanduser().resolve()
