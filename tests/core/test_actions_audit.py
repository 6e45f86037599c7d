"""Writes that used to bypass the action layer (issue 12, architecture review): each is now a `do_*` action that
checks permission and writes an audit record, and the pages that wrote on a GET no longer do. Jobs are queued
only when the transaction that created them commits."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
from pathlib import Path
from unittest import mock

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from tests.search.conftest import write_patents
from zhichan.core import jobs
from zhichan.core.models import AuditLog, Job, Region
from zhichan.core.permissions import PermissionDenied
from zhichan.indicators.actions import (
    do_compute_indicators,
    do_generate_report,
    do_load_plan_templates,
    do_rebuild_facts,
    load_reference,
)
from zhichan.indicators.models import IndicatorDefinition, Plan
from zhichan.patents.actions import do_import_patents
from zhichan.patents.models import Application, PatentFact
from zhichan.search.actions import do_export_search, do_queue_index_rebuild, do_rebuild_index
from zhichan.search.engine import backend
from zhichan.services.actions import GUIDE_FIELDS, do_edit_guide, do_mark_notifications_read
from zhichan.services.models import Notification, ServiceItem

pytestmark = pytest.mark.django_db
SRC = Path(__file__).resolve().parents[2] / "src" / "zhichan"
WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER)\b", re.IGNORECASE)


@pytest.fixture
def people(django_user_model):
    make = django_user_model.objects.create_user
    return {role: make(role, password="x", role=role) for role in ("office", "staff", "enterprise", "public")}


@pytest.fixture
def corpus(tmp_path):
    rows = [{"title": "一种锂离子电池", "ad": "2021-05-06"}, {"title": "钠离子电池负极", "ad": "2022-01-10"}]
    do_import_patents(None, [write_patents(tmp_path / "export.csv", rows)])


def audits(action: str) -> list[AuditLog]:
    return list(AuditLog.objects.filter(action=action).order_by("pk"))


def snapshot() -> dict[str, str]:
    """Every table of the database of record, hashed row by row (a GET must leave all of them as they were)."""
    tables = sorted({m._meta.db_table for m in apps.get_models()} & set(connection.introspection.table_names()))
    out = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f'SELECT * FROM "{table}"')  # table names from the models
            rows = sorted(repr(row) for row in cursor.fetchall())
            out[table] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    return out


def get_without_writing(client, url: str) -> int:
    """GET `url`; fail if any statement that writes ran or any table changed. Returns the status."""
    before = snapshot()
    with CaptureQueriesContext(connection) as queries:
        status = client.get(url).status_code
    written = [q["sql"] for q in queries.captured_queries if WRITES.match(q["sql"])]
    assert written == [], f"GET {url} wrote: {written}"
    assert snapshot() == before, f"GET {url} changed the database"
    return status


# ---- services: the guide and the notifications ----------------------------------------------------------------------

def test_edit_guide_is_an_audited_action(people, client):
    item = ServiceItem.objects.get(code="preexam")
    values = {f: getattr(item, f) for f in GUIDE_FIELDS}
    with pytest.raises(PermissionDenied):
        do_edit_guide(people["staff"], item, {**values, "fee": "收费"})
    assert ServiceItem.objects.get(code="preexam").fee == values["fee"] and not audits("services.guide")

    do_edit_guide(people["office"], item, {**values, "fee": "免费（线上）", "time_limit": "x" * 500})
    item.refresh_from_db()
    assert item.fee == "免费（线上）" and item.time_limit == "x" * 100  # cut to the column, not a database error
    [record] = audits("services.guide")
    assert record.actor == people["office"] and record.target_id == "preexam"
    assert set(record.changes) == {"fee", "time_limit"} and record.changes["fee"] == [values["fee"], "免费（线上）"]
    with pytest.raises(ValueError, match="result"):
        do_edit_guide(people["office"], item, {"result": "x"})

    client.force_login(people["office"])
    assert get_without_writing(client, "/services/guides/preexam/edit/") == 200
    response = client.post("/services/guides/preexam/edit/", {**values, "summary": "新的说明"})
    assert response.status_code == 302 and ServiceItem.objects.get(code="preexam").summary == "新的说明"
    assert len(audits("services.guide")) == 2
    client.force_login(people["staff"])
    assert client.post("/services/guides/preexam/edit/", {**values, "summary": "改"}).status_code == 403


def test_reading_notifications_changes_nothing_marking_them_is_an_action(people, client):
    me, other = people["enterprise"], people["public"]
    mine = [Notification.objects.create(user=me, title=f"消息 {i}", url="/") for i in range(3)]
    theirs = Notification.objects.create(user=other, title="别人的", url="/")
    client.force_login(me)
    assert get_without_writing(client, "/services/notifications/") == 200  # the page used to mark all read
    assert Notification.objects.filter(read_at=None).count() == 4
    page = client.get("/services/notifications/").content.decode()
    assert 'id="mark-read"' in page and "消息 2" in page

    with pytest.raises(PermissionDenied):
        do_mark_notifications_read(AnonymousUser())
    assert do_mark_notifications_read(me, [mine[0].pk, theirs.pk]) == 1  # only one's own
    theirs.refresh_from_db()
    assert theirs.read_at is None
    [record] = audits("services.notifications_read")
    assert record.actor == me and record.changes["marked"] == 1

    assert client.post("/services/notifications/").status_code == 302
    assert not Notification.objects.filter(user=me, read_at=None).exists()
    assert Notification.objects.filter(user=other, read_at=None).count() == 1
    assert len(audits("services.notifications_read")) == 2
    assert 'id="mark-read"' not in client.get("/services/notifications/").content.decode()  # nothing left unread
    client.post("/services/notifications/")
    assert len(audits("services.notifications_read")) == 2  # nothing marked, nothing recorded


# ---- indicators: the plan templates, the catalogue, the facts ------------------------------------------------------

def test_plan_templates_are_loaded_by_an_audited_action_not_by_a_get(people, client):
    assert Plan.objects.filter(is_template=True).count() == 3  # loaded at migrate (load_reference), audited
    assert [r.actor for r in audits("indicators.plan_templates")] == [None]
    AuditLog.objects.all().delete()
    Plan.objects.all().delete()
    IndicatorDefinition.objects.all().delete()
    client.force_login(people["office"])
    # both pages used to fill an empty database on a GET
    assert get_without_writing(client, "/indicators/plans/") == 200
    assert get_without_writing(client, "/indicators/catalogue/") == 200
    assert not Plan.objects.exists() and not IndicatorDefinition.objects.exists()

    with pytest.raises(PermissionDenied):
        do_load_plan_templates(people["staff"])
    assert not Plan.objects.exists() and not audits("indicators.plan_templates")
    loaded = do_load_plan_templates(people["office"])
    assert {p.template_key for p in loaded} == {"dongying-2024-2026", "quanshan-2024-2026", "nantong-2017-2020"}
    assert IndicatorDefinition.objects.filter(code="valid_invention").exists()  # the catalogue came with them
    [record] = audits("indicators.plan_templates")
    assert record.actor == people["office"] and len(record.changes["templates"]) == 3
    assert do_load_plan_templates(None, only_if_missing=True) == []  # the migration hook: once only
    load_reference()
    assert len(audits("indicators.plan_templates")) == 1 and Plan.objects.filter(is_template=True).count() == 3
    page = client.get("/indicators/plans/").content.decode()
    assert "南通" in page


def test_no_indicator_page_writes_on_a_get(people, client, corpus):
    city = Region.objects.get(code="320300")
    do_compute_indicators(people["office"], city, dt.date(2024, 12, 31))
    report = do_generate_report(people["office"], city, "2024Q4")
    plan = Plan.objects.filter(is_template=True).first()
    key = Application.objects.values_list("key", flat=True).first()
    client.force_login(people["office"])
    urls = ["/indicators/", "/indicators/?city=320300&as_of=2024-12-31", "/indicators/population/?city=320300",
            "/indicators/reported/?city=320300", "/indicators/high-value/320300/?as_of=2024-12-31",
            "/indicators/high-value/320300/?indicator=valid_invention&as_of=2024-12-31&unplaced=1",
            "/indicators/geo/320300.json", "/indicators/plans/", "/indicators/catalogue/",
            "/indicators/reports/?city=320300", f"/indicators/reports/{report.pk}.docx",
            f"/indicators/plans/{plan.pk}/", f"/indicators/plans/{plan.pk}/export.xlsx",
            f"/indicators/plans/{plan.pk}/map.json?indicator=valid_invention", "/public/statistics/",
            "/public/statistics/?format=csv", "/api/v1/public/statistics"]
    for url in urls:
        assert get_without_writing(client, url) == 200, url
    # the POST-only views refuse a GET without writing
    for url in ["/indicators/compute/", "/indicators/publish/", f"/indicators/awards/{key}/",
                "/indicators/high-value/320300/export/",
                f"/indicators/plans/{plan.pk}/baseline/", "/indicators/plans/import/"]:
        assert get_without_writing(client, url) == 405, url


def test_rebuild_facts_is_an_audited_action(people, corpus):
    PatentFact.objects.all().delete()
    with pytest.raises(PermissionDenied):
        do_rebuild_facts(people["staff"])
    assert not PatentFact.objects.exists() and not audits("indicators.facts")
    assert do_rebuild_facts(people["office"]) == 2 and PatentFact.objects.count() == 2
    [record] = audits("indicators.facts")
    assert record.actor == people["office"] and record.changes == {"facts": 2}
    PatentFact.objects.all().delete()
    call_command("indicators", "facts", "--json", stdout=io.StringIO())  # the CLI goes through the action
    assert PatentFact.objects.count() == 2
    assert [r.actor for r in audits("indicators.facts")] == [people["office"], None]


# ---- search: the index rebuild --------------------------------------------------------------------------------------

def test_rebuild_index_is_an_audited_action(people, corpus):
    from zhichan.search.lookup import LOOKUP
    from zhichan.search.query.parser import parse

    with backend().writing() as engine:
        engine.clear()
    assert backend().doc_count() == 0
    with pytest.raises(PermissionDenied):
        do_rebuild_index(people["staff"])
    assert backend().doc_count() == 0 and not audits("search.rebuild")
    assert do_rebuild_index(people["office"]) == {"indexed": 2}
    assert backend().count(parse("TI=电池"), LOOKUP) == 2
    [record] = audits("search.rebuild")
    assert record.actor == people["office"] and record.changes == {"indexed": 2}
    out = io.StringIO()
    call_command("search_index", "rebuild", "--json", stdout=out)  # `zhichan index rebuild`
    assert '"indexed": 2' in out.getvalue()
    assert [r.actor for r in audits("search.rebuild")] == [people["office"], None]
    with pytest.raises(PermissionDenied):
        do_queue_index_rebuild(people["staff"])


# ---- jobs are queued on commit ---------------------------------------------------------------------------------------

def test_a_rolled_back_transaction_queues_no_job(people, django_capture_on_commit_callbacks):
    with mock.patch.object(jobs, "enqueue") as enqueue, \
            django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            job = jobs.create("search.rebuild", "重建", people["office"])
            jobs.enqueue_on_commit(job)
            raise RuntimeError("rolled back")
        with pytest.raises(RuntimeError), transaction.atomic():  # an action inside a transaction that fails
            do_export_search(people["office"], "TI=电池", "csv")
            do_queue_index_rebuild(people["office"])
            raise RuntimeError("rolled back")
    assert callbacks == [] and enqueue.call_count == 0
    assert not Job.objects.exists() and not audits("search.export")

    with mock.patch.object(jobs, "enqueue") as enqueue, django_capture_on_commit_callbacks(execute=True), \
            transaction.atomic():
        job = do_export_search(people["office"], "TI=电池", "csv")
        assert enqueue.call_count == 0  # not before the commit
    assert enqueue.call_count == 1 and enqueue.call_args.args[0].pk == job.pk


def test_every_job_is_queued_on_commit():
    """No module queues a job directly: `jobs.enqueue(` is called only by `enqueue_on_commit`."""
    direct = [f"{path.relative_to(SRC)}:{n}" for path in SRC.rglob("*.py") if path.name != "jobs.py" or
              path.parent.name != "core" for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
              if re.search(r"\benqueue\(", line) and "def enqueue" not in line]
    assert direct == []
