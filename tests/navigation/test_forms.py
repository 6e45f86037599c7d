"""The navigation pages' writes go through forms: a new thematic database, its scope, a branch, an alias. A bad value
is refused beside its field with the typed text kept (400); a good one is saved by the do_* action and audited."""

from __future__ import annotations

import html

import pytest

from zhichan.core.models import AuditLog
from zhichan.navigation.models import ApplicantAlias, Branch, ThematicDatabase

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(client, django_user_model):
    user = django_user_model.objects.create_user("office", password="x", role="office")
    client.force_login(user)
    return user


def page_of(response) -> str:
    assert response.status_code == 400
    return html.unescape(response.content.decode())


@pytest.mark.parametrize(("posted", "field", "reason"), [
    ({"name": "坏的", "queries": "TI=电池\nTI=(头盔"}, "queries", "第 2 行检索式有误"),
    ({"name": "  ", "queries": "TI=电池"}, "name", ""),
    ({"name": "坏的", "queries": "TI=电池", "region": "999999"}, "region", "未知地区"),
])
def test_new_database_refusals_keep_the_input(client, office, posted, field, reason):
    page = page_of(client.post("/navigation/", posted))
    assert f'id="id_{field}_error"' in page and reason in page and 'aria-invalid="true"' in page
    assert posted["queries"] in page and not ThematicDatabase.objects.exists()


def test_new_database_saved_and_audited(client, office):
    response = client.post("/navigation/", {"name": "电池", "queries": "TI=电池\n\nTI=电芯", "ipc": "H01M",
                                            "region": "江苏省徐州市"})
    db = ThematicDatabase.objects.get()
    assert response.status_code == 302 and (db.queries, db.ipc_codes, db.region_id) == (["TI=电池", "TI=电芯"],
                                                                                       ["H01M"], "320300")
    assert AuditLog.objects.filter(action="navigation.create", actor=office).exists()


def test_scope_and_branch_refusals_keep_the_input(client, office):
    client.post("/navigation/", {"name": "电池", "queries": "TI=电池"})
    db = ThematicDatabase.objects.get()
    page = page_of(client.post(f"/navigation/{db.pk}/scope/", {"queries": "TI=电池 AND", "ipc": "H01M"}))
    assert 'id="id_queries_error"' in page and "TI=电池 AND" in page
    page = page_of(client.post(f"/navigation/{db.pk}/branches/", {"name": "正极", "query": "TI=(正极"}))
    assert 'id="id_query_error"' in page and 'value="TI=(正极"' in page and 'value="正极"' in page
    page = page_of(client.post(f"/navigation/{db.pk}/branches/", {"name": "", "query": "TI=正极"}))
    assert 'id="id_name_error"' in page
    assert client.post(f"/navigation/{db.pk}/branches/", {"name": "正极", "query": "TI=正极"}).status_code == 302
    assert Branch.objects.get().name == "正极" and AuditLog.objects.filter(action="navigation.branch").exists()


def test_alias_refusals_and_deletion(client, office):
    page = page_of(client.post("/navigation/aliases/", {"name": "某某公司", "group": "某某公司"}))
    assert 'id="id_group_error"' in page and "不能与申请人相同" in page
    assert client.post("/navigation/aliases/", {"name": "某某子公司", "group": "某某集团"}).status_code == 302
    alias = ApplicantAlias.objects.get()
    assert client.post("/navigation/aliases/", {"delete": "999"}).status_code == 404
    assert client.post("/navigation/aliases/", {"delete": alias.pk}).status_code == 302
    assert not ApplicantAlias.objects.exists()
