"""Hostile and random input never gets a server error (issue 12): generated queries and parameters (brackets,
quotes, operators, deep nesting, over-long text, control and bidi characters; huge, negative and non-numeric page
and size; random condition JSON) sent to the search API, the search page and the navigation records pages by a
signed-in user. Over 2,000 requests in all; every answer is below 500."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from zhichan.core.models import User
from zhichan.navigation.models import ThematicDatabase
from zhichan.patents.actions import do_import_patents

pytestmark = pytest.mark.django_db

ROWS = [
    {"title": "一种锂离子电池正极材料", "abstract": "锂离子电池 lithium battery。", "ad": "2021-05-06"},
    {"title": "钠离子电池负极", "abstract": "钠电池。", "ad": "2022-01-10", "ipc": "H01M4/36", "main_ipc": "H01M4/36"},
    {"title": "电动汽车充电桩", "abstract": "充电桩。", "ad": "2019-07-01", "ipc": "B60L53/31", "main_ipc": "B60L53/31",
     "type": "utility"},
    {"title": "电池\x1b[2J外壳\u202e", "abstract": "外壳。", "ad": "2020-03-01", "applicant": "中国矿业大学"},
]
FUZZ = settings(max_examples=700, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large])

VOCABULARY = ["TI=", "AB=", "CL=", "TX=", "PA=", "PAN=", "IN=", "IPC=", "MIPC=", "CPC=", "SEI=", "AN=", "PN=", "PR=",
              "AD=", "PD=", "AD>=", "AD<", "GD<=", "TYPE=", "LS=", "CO=", "REG=", "ti:", "XX=", "TI", "=", ":", "＝",
              "AND", "OR", "NOT", "and", "与", "或", "非", "(", ")", "（", "）", '"', "“", "”", "*", "?", "~", "至",
              "锂电池", "电池", "lithium", "batter*", "H01M", "H01M10/05*", "H01M 10/052", "2021", "2019:2021",
              "202103", "2021-13-45", "CN202210836006.7", "2022108360067", "徐州", "江苏省", "发明", "有效", "CN",
              "\x00", "\x1b[2J", "\u202e", "\x85", "\n", "\t", " ", "🙂", "𠀀", "<img src=x onerror=alert(1)>", "%",
              "\\", "'", "&", "0" * 40]

tokens = st.lists(st.sampled_from(VOCABULARY), max_size=30)
sound = st.lists(st.sampled_from(["电池", "锂", "lithium", "TI=电池", "IPC=H01M", "AD=2019:2022", "NOT 钠", "PA=徐州",
                                   "TYPE=发明", "LS=有效", "TI=(锂 OR 钠)", "batter*", '"离子电池"', "电池\x00"]), min_size=1, max_size=5)
queries = st.one_of(
    sound.map(" OR ".join),
    sound.map(" AND ".join),
    tokens.map(" ".join),
    tokens.map("".join),
    st.text(max_size=80),
    st.integers(0, 400).map(lambda n: "(" * n + "电池" + ")" * n),
    st.integers(0, 600).map(lambda n: "NOT " * n + "电池"),
    st.integers(0, 400).map(lambda n: "TI=" + "(" * n + "电池"),
    st.integers(0, 300).map(lambda n: "(NOT " * n + "A" + ")" * n),
    st.integers(1990, 2100).map(lambda n: "电" * n),
    st.integers(100, 700).map(lambda n: " OR ".join(f"TI=电池{i}" for i in range(n))),
)
numbers = st.one_of(  # about half of them within bounds, so that many requests reach the index
    st.none(),
    st.none(),
    st.integers(1, 60).map(str),
    st.integers(1, 60).map(str),
    st.integers(-5, 12_000).map(str),
    st.integers(-10 ** 30, 10 ** 30).map(str),
    st.sampled_from(["", " ", "0", "-1", "52660046", str(10 ** 20), "abc", "1e3", "1.5", "0x10", "٣", "+5", "--3",
                     " 7 ", "NaN", "Infinity", "9" * 40, "200", "201", "60556", "50"]),
    st.text(max_size=8),
)
sorts = st.one_of(st.none(), st.sampled_from(["relevance", "ad", "-ad", "pd", "-pd", "cited", "bogus", ""]),
                  st.text(max_size=6))
facet_lists = st.one_of(st.none(), st.sampled_from(["year,type", "", ",,,", "nonsense", "applicant,country"]),
                        st.text(max_size=12))
COND_KEYS = ["year", "grant_year", "years", "country", "province", "city", "district", "status", "group", "applicant",
             "party", "with", "subclass", "inventor", "co_inventor", "op", "branch", "keyword", "sample", "colour",
             "<img src=x onerror=alert(1)>"]
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-10 ** 30, 10 ** 30) | st.floats() | st.text(max_size=12)
    | st.sampled_from([2015, 2020, 2021, "2021", "CN", "320000", "320300", "H01M", "G06F", "徐州工程学院"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=3),
    max_leaves=8)
conditions = st.one_of(
    st.none(),
    st.dictionaries(st.sampled_from(COND_KEYS), json_values, max_size=4).map(json.dumps),  # NaN, Infinity included
    json_values.map(json.dumps),
    st.text(max_size=40),
    st.integers(0, 6000).map(lambda n: "[" * n + "]" * n),
    st.sampled_from(['{"year":Infinity}', '{"years":[]}', '{"year":1e400}', '{"years":[2019,2021],"sample":true}']),
)


def _params(**values: object) -> dict[str, object]:
    return {name: value for name, value in values.items() if value is not None}


def _below_500(response) -> None:
    event(f"HTTP {response.status_code}")  # --hypothesis-show-statistics: how many got past the checks
    assert response.status_code < 500, response.content[:500]


@pytest.fixture
def signed_in(client, small_export):
    do_import_patents(None, [small_export(ROWS)])
    client.force_login(User.objects.create_user("fuzzer", password="x", role="office"))
    return client


@FUZZ
@given(q=st.none() | queries, page=numbers, size=numbers, sort=sorts, facets=facet_lists,
       lang=st.none() | st.sampled_from(["en", "zh-hans", "xx"]))
def test_api_never_answers_5xx(signed_in, q, page, size, sort, facets, lang):
    response = signed_in.get("/api/v1/patents/search",
                             _params(q=q, page=page, size=size, sort=sort, facets=facets, lang=lang))
    _below_500(response)
    assert response["Content-Type"].startswith("application/json")


@FUZZ
@given(q=st.none() | queries, page=numbers, size=numbers, sort=sorts, mode=st.none() | st.sampled_from(["simple", "x"]))
def test_search_page_never_answers_5xx(signed_in, q, page, size, sort, mode):
    _below_500(signed_in.get("/search/", _params(q=q, page=page, size=size, sort=sort, mode=mode)))


@FUZZ
@given(cond=conditions, page=numbers, q=queries | st.just("TI=电池"), which=st.sampled_from(["database", "search"]))
def test_navigation_records_never_answer_5xx(signed_in, cond, page, q, which):
    if which == "database":
        db = ThematicDatabase.objects.filter(name="电池").first()
        if db is None:
            signed_in.post("/navigation/", {"name": "电池", "queries": "TI=电池", "region": ""})
            db = ThematicDatabase.objects.get(name="电池")
            signed_in.post(f"/navigation/{db.pk}/refresh/")
        response = signed_in.get(f"/navigation/{db.pk}/records/", _params(cond=cond, page=page))
    else:
        response = signed_in.get("/navigation/search/records/", _params(q=q, cond=cond, page=page))
    _below_500(response)
    assert b"<img src=x" not in response.content
