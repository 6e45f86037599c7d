"""Facets have a time budget (ZHICHAN_FACET_BUDGET_MS): a facet that runs over is dropped and named, the search still
answers with every hit (API `facets_dropped`, a note on the page, `zhichan search --json`)."""

from __future__ import annotations

import io
import json
import time

import pytest
from django.core.management import call_command

from zhichan.core.models import User
from zhichan.patents.actions import do_import_patents
from zhichan.search import service
from zhichan.search.tantivy_backend import TantivyBackend

pytestmark = pytest.mark.django_db

ROWS = [
    {"title": "一种锂离子电池正极材料", "ad": "2021-05-06"},
    {"title": "钠离子电池负极", "ad": "2022-01-10", "ipc": "H01M4/36", "main_ipc": "H01M4/36"},
    {"title": "电池外壳", "ad": "2020-03-01", "applicant": "中国矿业大学", "type": "utility"},
]
API = "/api/v1/patents/search"


@pytest.fixture
def signed_in(client, small_export):
    do_import_patents(None, [small_export(ROWS)])
    client.force_login(User.objects.create_user("searcher", password="x", role="staff"))
    return client


@pytest.fixture
def slow_applicant(monkeypatch):
    """The applicant facet takes 1.5 s; the others are as fast as ever."""
    facets = TantivyBackend.facets

    def slow(searcher, query, names, size):
        if "applicant" in names:
            time.sleep(1.5)
        return facets(searcher, query, names, size)

    monkeypatch.setattr(TantivyBackend, "facets", staticmethod(slow))


def test_within_the_budget_every_facet_is_counted(signed_in):
    data = signed_in.get(API, {"q": "TI=电池", "facets": "year,type,applicant"}).json()
    assert data["total"] == 3 and data["facets_dropped"] == []
    assert set(data["facets"]) == {"year", "type", "applicant"}
    assert {b["value"]: b["count"] for b in data["facets"]["type"]} == {"invention": 2, "utility": 1}


def test_a_zero_budget_drops_every_facet_and_keeps_the_hits(signed_in, monkeypatch):
    monkeypatch.setenv("ZHICHAN_FACET_BUDGET_MS", "0")
    response = signed_in.get(API, {"q": "TI=电池", "facets": "year,type,applicant"})
    assert response.status_code == 200
    data = response.json()
    assert data["facets_dropped"] == ["year", "type", "applicant"] and data["facets"] == {}
    assert data["total"] == 3 and len(data["hits"]) == 3

    page = signed_in.get("/search/", {"q": "TI=电池"})
    assert page.status_code == 200 and len(page.context["result"]["hits"]) == 3
    note = page.content.decode().split('id="facets-dropped"')[1].split("</p>")[0]
    assert "申请年" in note and "申请人" in note and "国别" in note  # every default facet, by its title
    assert 'id="facet-year"' not in page.content.decode()


def test_only_the_facet_that_runs_over_is_dropped(signed_in, monkeypatch, slow_applicant):
    monkeypatch.setenv("ZHICHAN_FACET_BUDGET_MS", "500")
    started = time.perf_counter()
    data = signed_in.get(API, {"q": "TI=电池", "facets": "year,type,applicant,ipc"}).json()
    assert time.perf_counter() - started < 1.4  # the answer did not wait for the slow facet
    assert data["facets_dropped"] == ["applicant"]
    assert set(data["facets"]) == {"year", "type", "ipc"} and data["total"] == 3 and len(data["hits"]) == 3

    page = signed_in.get("/search/", {"q": "TI=电池"}).content.decode()
    assert 'id="facets-dropped"' in page and 'id="facet-type"' in page and 'id="facet-applicant"' not in page

    out = io.StringIO()
    call_command("search", "TI=电池", "--json", "--facets", "type,applicant", stdout=out)
    assert json.loads(out.getvalue())["facets_dropped"] == ["applicant"]


def test_the_clock_decides(signed_in, monkeypatch):
    """A facet counted after the deadline is dropped even when it is ready by the time the hits are: what counts is
    when it was ready, not when it was looked at."""
    monkeypatch.setenv("ZHICHAN_FACET_BUDGET_MS", "50")
    from zhichan.search import tantivy_backend

    real = tantivy_backend._timed
    monkeypatch.setattr(tantivy_backend, "_timed", lambda fn, *args: (real(fn, *args)[0], time.perf_counter() + 60))
    result = service.run(service.Request("TI=电池", facets=("year", "type")))
    assert result["facets_dropped"] == ["year", "type"] and result["total"] == 3


def test_the_schema_declares_the_dropped_facets(signed_in):
    schema = signed_in.get("/api/v1/openapi.json").json()
    ok = schema["paths"]["/api/v1/patents/search"]["get"]["responses"]["200"]["content"]["application/json"]
    dropped = ok["schema"]["properties"]["facets_dropped"]
    assert dropped["type"] == "array" and "applicant" in dropped["items"]["enum"]
