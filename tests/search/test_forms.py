"""The search page's writes go through forms: saving a search (name, query), a saved search's buttons, exporting,
watching a patent. A refusal comes back as the search page (400) with the typed values and the reason."""

from __future__ import annotations

import html

import pytest

from tests.search.test_search_service import ROWS
from zhichan.core.models import AuditLog, Job
from zhichan.patents.actions import do_import_patents
from zhichan.patents.models import Application
from zhichan.search.models import SavedSearch, WatchedPatent

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, django_user_model, small_export):
    do_import_patents(None, [small_export(ROWS)])
    user = django_user_model.objects.create_user("staff", password="x", role="staff")
    client.force_login(user)
    return user


def test_save_search_refuses_an_overlong_name_and_keeps_it(client, staff):
    response = client.post("/search/save/", {"q": "TI=电池", "name": "名" * 201, "watched": "on"})
    page = html.unescape(response.content.decode())
    assert response.status_code == 400 and 'id="id_name_error"' in page and 'aria-invalid="true"' in page
    assert f'value="{"名" * 201}"' in page and 'id="watch-box" checked' in page and "共 3 件" in page
    assert not SavedSearch.objects.exists()


def test_save_search_refuses_a_bad_query(client, staff):
    response = client.post("/search/save/", {"q": "TI=(电池", "name": "坏"})
    assert response.status_code == 400 and "第 4 个字符处" in html.unescape(response.content.decode())
    assert not SavedSearch.objects.exists()


def test_save_watch_and_delete(client, staff):
    assert client.post("/search/save/", {"q": "TI=电池", "name": "电池", "watched": "on"}).status_code == 302
    saved = SavedSearch.objects.get()
    assert saved.watched and AuditLog.objects.filter(action="search.save", actor=staff).exists()
    assert client.post("/search/saved/", {"id": saved.pk, "action": "sideways"}).status_code == 404
    client.post("/search/saved/", {"id": saved.pk, "action": "unwatch"})
    saved.refresh_from_db()
    assert not saved.watched
    client.post("/search/saved/", {"id": saved.pk, "action": "delete"})
    assert not SavedSearch.objects.exists()


def test_export_refuses_an_unknown_format(client, staff):
    response = client.post("/search/export/", {"q": "TI=电池", "format": "odt"})
    assert response.status_code == 400 and "不支持的导出格式" in html.unescape(response.content.decode())
    assert not Job.objects.filter(kind="search.export").exists()


def test_watch_patent_takes_one_or_zero(client, staff):
    key = Application.objects.first().key
    assert client.post(f"/search/watch/{key}/", {"watch": "maybe"}).status_code == 400
    assert client.post(f"/search/watch/{key}/", {"watch": "1"}).status_code == 302
    assert WatchedPatent.objects.count() == 1
    client.post(f"/search/watch/{key}/", {"watch": "0"})
    assert WatchedPatent.objects.count() == 0
