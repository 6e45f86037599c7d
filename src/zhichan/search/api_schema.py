"""The OpenAPI 3 description of the search API, served at /api/v1/openapi.json."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from zhichan.search.query.parser import MAX_DEPTH

if TYPE_CHECKING:
    from zhichan.search.service import Limits


def openapi_schema(sorts: list[str], facets: list[str], limits: Limits) -> dict[str, Any]:
    """`limits`: the bounds the server enforces, declared here so that schema and server agree."""
    facet_bucket = {"type": "object", "properties": {"value": {}, "label": {"type": "string"},
                                                     "count": {"type": "integer"}}}
    hit = {"type": "object", "properties": {name: {"type": kind} for name, kind in [
        ("id", "integer"), ("application_number", "string"), ("title", "string"), ("title_html", "string"),
        ("abstract_html", "string"), ("type", "string"), ("type_label", "string"), ("legal_status", "string"),
        ("legal_status_label", "string"), ("main_ipc", "string"), ("applicant", "string"), ("country", "string"),
        ("score", "number")]}}
    # null when the record does not say (an application not yet published; a source without citation counts)
    hit["properties"].update({
        "filing_date": {"type": "string", "format": "date", "nullable": True},
        "publication_date": {"type": "string", "format": "date", "nullable": True},
        "cited_by": {"type": "integer", "nullable": True, "description": "被引次数 times cited"}})
    error = {"type": "object", "properties": {
        "error": {"type": "string"}, "reason": {"type": "string"},
        "position": {"type": "integer", "description": "malformed query: 1-based character position"},
        "parameter": {"type": "string", "description": "parameter out of bounds: q, page, size or sort"}}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "知产 Zhichan API", "version": "1",
                 "description": "专利检索接口。检索语言见 docs/search.md。Patent search; the query language is in "
                                "docs/search.md. Authentication: a signed-in session."},
        "paths": {"/api/v1/patents/search": {"get": {
            "summary": "检索专利 Search patents",
            "parameters": [
                {"name": "q", "in": "query", "required": True,
                 "schema": {"type": "string", "minLength": 1, "maxLength": limits.query_chars, "pattern": r"\S"},
                 "description": "检索式，例如 TI=(锂电池 OR 钠电池) AND AD=2019:2021；不能为空，括号和 NOT 最多嵌套 "
                                f"{MAX_DEPTH} 层。The query: not blank; parentheses and NOT nest at most {MAX_DEPTH} "
                                "deep."},
                {"name": "sort", "in": "query", "schema": {"type": "string", "enum": sorts, "default": "relevance"}},
                {"name": "page", "in": "query",
                 "schema": {"type": "integer", "minimum": 1, "maximum": limits.window, "default": 1},
                 "description": f"page × size ≤ {limits.window}（更深请用导出 use the export for more）"},
                {"name": "size", "in": "query",
                 "schema": {"type": "integer", "minimum": 1, "maximum": limits.size, "default": 20}},
                {"name": "facets", "in": "query", "description": "comma-separated: " + ",".join(facets),
                 "schema": {"type": "string"}},
                {"name": "lang", "in": "query", "schema": {"type": "string", "enum": ["zh-hans", "en"]},
                 "description": "language of labels and error messages"},
            ],
            "responses": {
                "200": {"description": "结果 Results", "content": {"application/json": {"schema": {
                    "type": "object", "properties": {
                        "query": {"type": "string"}, "total": {"type": "integer"}, "page": {"type": "integer"},
                        "size": {"type": "integer"}, "sort": {"type": "string"},
                        "hits": {"type": "array", "items": hit},
                        "facets": {"type": "object", "additionalProperties": {"type": "array",
                                                                               "items": facet_bucket}},
                        "facets_dropped": {
                            "type": "array", "items": {"type": "string", "enum": facets},
                            "description": "分面未能在 ZHICHAN_FACET_BUDGET_MS 内统计完而省略 Facets asked for but "
                                           "left out: not counted within the time budget"}}}}}},
                "400": {"description": "检索式有误（位置从 1 起）或参数超出范围 Malformed query (1-based position) "
                                       "or a parameter out of bounds (named)",
                        "content": {"application/json": {"schema": error}}},
                "401": {"description": "未登录 Not signed in"},
                "403": {"description": "无权限 Not allowed"},
            }}}},
    }
