"""The API contract (issue 12): schemathesis generates requests from the served OpenAPI schema
(/api/v1/openapi.json), valid ones and invalid ones, and sends them through the WSGI application as a signed-in office
user. Every answer must be below 500, carry a status the schema declares, and match the schema for that status (a
400 for page × size beyond the window, which a schema cannot express, is a declared 400 with the declared error
object). Bounded: 50 examples per operation and generation mode."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from zhichan.core.models import User
from zhichan.patents.actions import do_import_patents

pytestmark = pytest.mark.django_db

ROWS = [
    {"title": "一种锂离子电池正极材料", "abstract": "锂离子电池 lithium battery。", "ad": "2021-05-06"},
    {"title": "钠离子电池负极", "abstract": "钠电池。", "ad": "2022-01-10", "ipc": "H01M4/36", "main_ipc": "H01M4/36"},
    {"title": "电动汽车充电桩的电池", "ad": "2019-07-01", "pd": "", "ipc": "B60L53/31", "main_ipc": "B60L53/31",
     "type": "utility"},  # not yet published: publication_date is null
    {"title": "电池\x1b[2J外壳\u202e", "abstract": "", "ad": "2020-03-01", "applicant": "中国矿业大学"},
]
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
BOUNDED = settings(max_examples=50, deadline=None, derandomize=True, database=None,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much,
                                          HealthCheck.data_too_large])


@pytest.fixture
def office_cookie(client, small_export):
    do_import_patents(None, [small_export(ROWS)])
    client.force_login(User.objects.create_user("office", password="x", role="office"))
    return {"sessionid": client.cookies["sessionid"].value}


@pytest.fixture
def app():
    """The project's WSGI application, serving in this test's transaction: like Django's test client, it must not
    close the database connection at the end of each request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield WSGIHandler()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.parametrize("mode", [schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE])
def test_the_api_keeps_its_schema(app, office_cookie, mode):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert [f"{o.method.upper()} {o.path}" for o in operations] == ["GET /api/v1/patents/search"]
    statuses: dict[int, int] = {}
    for operation in operations:

        @BOUNDED
        @given(case=operation.as_strategy(generation_mode=mode))
        def call(case):
            response = case.call_and_validate(cookies=office_cookie, checks=CHECKS)
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

        call()
    assert sum(statuses.values()) >= 40 and set(statuses) <= {200, 400}, statuses
    if mode == schemathesis.GenerationMode.POSITIVE:
        assert statuses.get(200, 0) >= 10, statuses  # valid requests mostly succeed (some are beyond the window)
    else:
        assert statuses.get(400, 0) >= 10, statuses


@pytest.mark.parametrize("query", [
    {"q": "电池"},  # every record: one without a publication date, control characters in a title
    {"q": "电池", "facets": "year,type,ls,ipc,applicant,province,city,sei,country", "sort": "-ad", "size": 1, "page": 4},
    {"q": "TI=(锂 OR 钠) AND AD=2019:2022", "lang": "en"},
    {"q": "不存在的词"},
])
def test_answers_with_hits_keep_the_schema(app, office_cookie, query):
    """Generated queries seldom match anything; these do, so the hits and facets themselves are checked."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    case = schema["/api/v1/patents/search"]["GET"].Case(query=query)
    response = case.call_and_validate(cookies=office_cookie, checks=CHECKS)
    assert response.status_code == 200


def test_beyond_the_window_is_a_declared_400(app, office_cookie):
    """page and size are each within their schema bounds, their product is not: a 400 the schema declares."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operation = schema["/api/v1/patents/search"]["GET"]
    case = operation.Case(query={"q": "电池", "page": 10_000, "size": 200})
    response = case.call_and_validate(cookies=office_cookie, checks=CHECKS)
    assert response.status_code == 400 and response.json()["parameter"] == "page"
