"""The search page and the search API run a bounded number of database queries, the same for a page of 20 hits as
for one of 50, whatever the facets hold (a query per hit or per facet value would grow with them)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from zhichan.core.models import User
from zhichan.patents.actions import do_import_patents
from zhichan.patents.models import Application, SeiCategory
from zhichan.search import sync

pytestmark = pytest.mark.django_db

CITIES = ["江苏省徐州市泉山区丽水路2号", "江苏省南京市玄武区中山路1号", "江苏省苏州市姑苏区干将路3号", "山东省东营市东营区府前街5号",
          "浙江省杭州市西湖区文三路7号", "广东省深圳市南山区科技园8号"]
IPCS = ["H01M10/052", "H01M4/36", "B60L53/31", "G06F16/30", "A01B1/00", "C12Q1/68"]
API = "/api/v1/patents/search"
# API: session, user, the page of records, the industry names of the sei facet. The page adds the recorded search
# (insert, trim), the top bar's unread counts (alerts, notifications), the history and the saved searches.
MOST = {API: 4, "/search/": 10}


@pytest.fixture
def corpus(small_export):
    rows = [{"title": f"一种电池装置 {i}", "ad": f"{2010 + i % 12}-03-01", "applicant": f"徐州第{i}电池有限公司",
             "address": CITIES[i % len(CITIES)], "ipc": IPCS[i % len(IPCS)], "main_ipc": IPCS[i % len(IPCS)],
             "type": "invention" if i % 3 else "utility"} for i in range(60)]
    do_import_patents(None, [small_export(rows)])
    # industries for the sei facet (the reference tables are not loaded here): one to twelve per record
    SeiCategory.objects.bulk_create([SeiCategory(code=f"{1 + i // 10}.{i % 10}", name=f"产业 {i}") for i in range(30)])
    for i, app in enumerate(Application.objects.order_by("pk")):
        Application.objects.filter(pk=app.pk).update(sei_codes=[f"{1 + k // 10}.{k % 10}" for k in range(i % 12 + 1)])
    sync.rebuild()


@pytest.fixture
def signed_in(client, corpus):
    client.force_login(User.objects.create_user("searcher", password="x", role="office"))
    client.get("/search/", {"q": "TI=电池"})  # caches of the process (region names) are warm, as in a served site
    return client


def counted(client, url: str, params: dict) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries.captured_queries), response


@pytest.mark.parametrize("url", [API, "/search/"])
def test_queries_do_not_grow_with_the_hits(signed_in, url):
    small, first = counted(signed_in, url, {"q": "TI=电池", "size": "20"})
    large, second = counted(signed_in, url, {"q": "TI=电池", "size": "50"})
    hits = (lambda r: r.json()["hits"]) if url == API else (lambda r: r.context["result"]["hits"])
    assert len(hits(first)) == 20 and len(hits(second)) == 50
    assert small == large <= MOST[url]


@pytest.mark.parametrize("url", [API, "/search/"])
def test_queries_do_not_grow_with_the_facet_values(signed_in, url):
    facets = "year,province,city,sei,applicant"
    few, one = counted(signed_in, url, {"q": "TI=电池 AND AD=2010", "facets": facets})
    many, other = counted(signed_in, url, {"q": "TI=电池", "facets": facets})
    buckets = (lambda r: r.json()["facets"]) if url == API else (lambda r: r.context["result"]["facets"])
    assert len(buckets(one)["sei"]) < len(buckets(other)["sei"]) == 12
    assert buckets(other)["sei"][0]["label"] == "1.0 产业 0"
    assert few == many <= MOST[url]


def test_the_page_under_the_guard(signed_in, django_assert_max_num_queries):
    for url in MOST:
        with django_assert_max_num_queries(MOST[url]):
            assert signed_in.get(url, {"q": "TI=电池", "size": "50", "page": "2"}).status_code == 200
