"""Bounds on what one search may ask for (issue 12: defects 1, 7, 8, 13): page, size, query length and nesting
depth are refused over their limit with a 400 and the reason (API, page), a one-line error and exit status 2
(CLI); the OpenAPI schema declares the same bounds; the CLI never prints a terminal control character."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from zhichan.core.models import User
from zhichan.patents.actions import do_import_patents
from zhichan.search.management.commands.search import printable
from zhichan.search.query.errors import QueryError
from zhichan.search.query.parser import MAX_DEPTH, parse

pytestmark = pytest.mark.django_db

ROWS = [
    {"title": "一种锂离子电池正极材料", "abstract": "锂离子电池。", "ad": "2021-05-06"},
    {"title": "钠离子电池负极", "abstract": "钠电池。", "ad": "2022-01-10", "ipc": "H01M4/36", "main_ipc": "H01M4/36"},
    {"title": "恶意\x1b[2J\x1b]0;pwned\x07标题\u202eexe.txt\x9b", "abstract": "x", "ad": "2020-01-01"},
]
API = "/api/v1/patents/search"


@pytest.fixture
def corpus(small_export):
    do_import_patents(None, [small_export(ROWS)])


@pytest.fixture
def user(client, corpus):
    user = User.objects.create_user("searcher", password="x", role="staff")
    client.force_login(user)
    return user


# ---- the parser refuses depth beyond the bound, with a position ----------------------------------------------------

@pytest.mark.parametrize(("query", "position"), [
    ("(" * 200 + "电池" + ")" * 200, MAX_DEPTH),
    ("NOT " * 500 + "电池", 4 * MAX_DEPTH),
    ("TI=" + "(" * 40 + "电池" + ")" * 40, 3 + MAX_DEPTH),  # the field's own parentheses count too
    ("A AND " + "(NOT " * 20 + "B" + ")" * 20, 6 + 5 * (MAX_DEPTH // 2)),
])
def test_parser_refuses_deep_nesting_with_a_position(query, position):
    with pytest.raises(QueryError) as info:
        parse(query)
    assert info.value.position == position
    assert str(MAX_DEPTH) in info.value.message


def test_parser_accepts_nesting_up_to_the_bound():
    parse("(" * MAX_DEPTH + "电池" + ")" * MAX_DEPTH)
    parse("NOT " * (MAX_DEPTH - 1) + "(电池)")
    parse(" OR ".join(f"(A{i} AND NOT B{i})" for i in range(300)))  # wide is fine; only depth is bounded


def test_parser_refuses_a_query_over_the_length_given():
    parse("电" * 50, max_length=50)
    with pytest.raises(QueryError) as info:
        parse("电" * 51, max_length=50)
    assert info.value.position == 50 and "50" in info.value.message


# ---- the API ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("params", "parameter"), [
    ({"q": "IPC=H01M", "page": "52660046"}, "page"),  # killed a worker: tantivy allocated 25 GB for the offset
    ({"q": "IPC=H01M", "page": str(10 ** 20)}, "page"),  # was a 500 (OverflowError)
    ({"q": "IPC=H01M", "page": "501"}, "page"),  # 501 × 20 > 10,000
    ({"q": "IPC=H01M", "page": "51", "size": "200"}, "page"),
    ({"q": "IPC=H01M", "page": "0"}, "page"),
    ({"q": "IPC=H01M", "page": "-3"}, "page"),
    ({"q": "IPC=H01M", "page": "two"}, "page"),
    ({"q": "IPC=H01M", "size": "0"}, "size"),  # was a 500 on the page (ZeroDivisionError)
    ({"q": "IPC=H01M", "size": "201"}, "size"),
    ({"q": "IPC=H01M", "size": "60556"}, "size"),  # was silently capped
    ({"q": "IPC=H01M", "size": "1e3"}, "size"),
])
def test_api_refuses_parameters_out_of_bounds(client, user, params, parameter):
    response = client.get(API, params)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["parameter"] == parameter and body["reason"] and body["error"]


def test_api_messages_name_the_bound(client, user):
    assert "200" in client.get(API, {"q": "电池", "size": "60556"}).json()["error"]
    assert "10,000" in client.get(API, {"q": "电池", "page": "52660046"}).json()["error"]
    english = client.get(API, {"q": "电池", "size": "0", "lang": "en"}).json()["error"]
    assert english.isascii() and "1" in english and "200" in english


def test_api_accepts_the_edges(client, user):
    assert client.get(API, {"q": "电池", "size": "200"}).json()["size"] == 200
    last = client.get(API, {"q": "电池", "page": "50", "size": "200"})  # offset + size = 10,000
    assert last.status_code == 200 and last.json()["hits"] == []
    assert client.get(API, {"q": "电池", "page": "10000", "size": "1"}).status_code == 200
    assert client.get(API, {"q": "电", "size": "1"}).status_code == 200


@pytest.mark.parametrize("query", [
    "(" * 200 + "电池" + ")" * 200,  # RecursionError before
    "NOT " * 400 + "电池",
    "TI=" + "(" * 300 + "电池",
])
def test_api_deep_queries_are_a_400_with_a_position(client, user, query):
    response = client.get(API, {"q": query})
    assert response.status_code == 400
    assert response.json()["position"] >= 1 and str(MAX_DEPTH) in response.json()["reason"]


def test_api_query_length_bound(client, user):
    assert client.get(API, {"q": "电" * 2000}).status_code == 200
    response = client.get(API, {"q": "电" * 2001})
    assert response.status_code == 400 and response.json()["position"] == 2001
    assert "2000" in response.json()["reason"] or "2,000" in response.json()["reason"]


@pytest.mark.parametrize(("query", "position"), [("TI=电池\x00", 6), ("电\x1b[2J池", 2), ('"电\x7f池"', 3)])
def test_control_characters_in_a_query_are_refused(client, user, query, position):
    """A NUL was a 500 on PostgreSQL (the search history cannot store it); an escape sequence was kept raw."""
    response = client.get(API, {"q": query})
    assert response.status_code == 400 and response.json()["position"] == position
    page = client.get("/search/", {"q": query})
    assert page.status_code == 400 and not user.search_history.exists()
    parse("TI=电池\tAND\r\nAB=锂")  # tab and line breaks are spaces


def test_settings_move_the_bounds(client, user, monkeypatch):
    monkeypatch.setenv("ZHICHAN_SEARCH_MAX_SIZE", "5")
    monkeypatch.setenv("ZHICHAN_SEARCH_MAX_WINDOW", "10")
    monkeypatch.setenv("ZHICHAN_SEARCH_MAX_QUERY_CHARS", "8")
    assert client.get(API, {"q": "电池", "size": "6"}).status_code == 400
    assert client.get(API, {"q": "电池", "size": "5", "page": "2"}).status_code == 200
    assert client.get(API, {"q": "电池", "size": "5", "page": "3"}).status_code == 400
    assert client.get(API, {"q": "TI=锂离子电池材料"}).status_code == 400
    schema = client.get("/api/v1/openapi.json").json()
    params = {p["name"]: p["schema"] for p in schema["paths"][API]["get"]["parameters"]}
    assert params["size"]["maximum"] == 5 and params["page"]["maximum"] == 10 and params["q"]["maxLength"] == 8


def test_empty_query_agrees_with_the_schema(client, user):
    """The schema says q needs a character that is not a space; the server refuses what the schema refuses."""
    schema = client.get("/api/v1/openapi.json").json()
    params = {p["name"]: p for p in schema["paths"][API]["get"]["parameters"]}
    q = params["q"]["schema"]
    assert params["q"]["required"] and q["minLength"] == 1 and q["pattern"] == r"\S" and q["maxLength"] == 2000
    assert params["page"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 10_000, "default": 1}
    assert params["size"]["schema"] == {"type": "integer", "minimum": 1, "maximum": 200, "default": 20}
    error = schema["paths"][API]["get"]["responses"]["400"]["content"]["application/json"]["schema"]
    assert {"error", "reason", "position", "parameter"} <= set(error["properties"])
    for q_value in ("", "   "):
        response = client.get(API, {"q": q_value})
        assert response.status_code == 400 and response.json()["parameter"] == "q"
    assert client.get(API).status_code == 400


# ---- the page ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("params", [
    {"q": "IPC=H01M", "page": "52660046"},
    {"q": "IPC=H01M", "page": str(10 ** 20)},
    {"q": "电池", "size": "0"},
    {"q": "电池", "size": "60556"},
    {"q": "(" * 200 + "电池" + ")" * 200},
    {"q": "NOT " * 500 + "电池"},
    {"q": "电" * 2001},
    {"q": "电池", "mode": "simple", "page": "99999999"},
])
def test_page_answers_400_with_the_reason(client, user, params):
    response = client.get("/search/", params)
    assert response.status_code == 400
    assert 'id="query-error"' in response.content.decode()


def test_page_pager_stops_at_the_window(client, user):
    page = client.get("/search/", {"q": "电池", "size": "200"})
    assert page.status_code == 200 and page.context["pages"]["last"] == 1


# ---- the CLI -------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("args", [
    ["IPC=H01M", "--page", "52660046"],
    ["IPC=H01M", "--page", str(10 ** 20)],
    ["IPC=H01M", "--size", "0"],
    ["IPC=H01M", "--size", "60556"],
    ["(" * 200 + "电池" + ")" * 200],
    ["NOT " * 500 + "电池", "--count"],
    ["电" * 2001, "--count"],
])
def test_cli_refuses_with_exit_status_2(corpus, args):
    with pytest.raises(CommandError) as info:
        call_command("search", *args, stdout=io.StringIO())
    assert info.value.returncode == 2
    assert "\n" not in str(info.value)


def test_cli_prints_one_line_and_exits_2(tmp_path):
    env = {**os.environ, "ZHICHAN_HOME": str(tmp_path / "cli")}
    env.pop("DATABASE_URL", None)
    deep = "NOT " * 500 + '"a\nb\x1b[2J"'
    for args in (["IPC=H01M", "--page", "52660046"], [deep]):
        done = subprocess.run([sys.executable, "-m", "zhichan.cli", "search", *args], env=env, capture_output=True,
                              text=True, timeout=300)
        assert done.returncode == 2, done.stderr
        assert "Traceback" not in done.stderr and "\x1b" not in done.stderr
        assert done.stderr.rstrip("\n").splitlines()[-1].startswith("CommandError: ")  # the error is the last line


def test_cli_escapes_control_and_bidi_characters(corpus):
    out = io.StringIO()
    call_command("search", "TI=恶意", stdout=out)
    text = out.getvalue()
    assert "恶意" in text and "标题" in text
    for raw in ("\x1b", "\x07", "\u202e", "\x9b"):
        assert raw not in text
    assert r"\x1b" in text and r"\u202e" in text
    out = io.StringIO()
    call_command("search", "TI=恶意", "--json", stdout=out)
    assert "\u202e" not in out.getvalue() and "\x9b" not in out.getvalue()
    hits = json.loads(out.getvalue())["hits"]  # still valid JSON, the value itself intact
    assert "\u202e" in hits[0]["title"]


def test_printable():
    assert printable("a\tb\nc\x00d\x7f\x85e\u2066f\u200fg") == r"a\tb\nc\x00d\x7f\x85e\u2066f\u200fg"
    assert printable("锂电池 H01M10/052") == "锂电池 H01M10/052"
