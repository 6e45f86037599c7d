"""Search as users see it: fields, facets with exact counts, sorting, highlighting, the API, the CLI, export,
the outbox, monitoring and similar patents."""

from __future__ import annotations

import csv
import io
import json
from unittest import mock

import openpyxl
import pytest
from django.core import mail
from django.core.management import call_command
from django.db.models import Count

from tests.conftest import THUNDERSOFT, raw_data
from tests.search.conftest import app_number
from zhichan.core import jobs
from zhichan.core.models import Job, User
from zhichan.patents.actions import do_import_patents
from zhichan.patents.models import Application, Outbox, Party
from zhichan.search import actions, service, sync
from zhichan.search.engine import backend
from zhichan.search.jobs import export_path
from zhichan.search.models import Alert
from zhichan.search.query.errors import QueryError

pytestmark = pytest.mark.django_db

ROWS = [
    {"title": "一种锂离子电池正极材料及其制备方法", "abstract": "本发明公开了一种锂离子电池正极材料。", "ad": "2021-05-06",
     "applicant": "中国矿业大学", "status": "有效", "address": "江苏省徐州市泉山区大学路1号"},
    {"title": "钠离子电池负极", "abstract": "一种钠电池的负极。", "ad": "2022-01-10", "applicant": "徐州工程学院",
     "ipc": "H01M4/36", "main_ipc": "H01M4/36"},
    {"title": "Lithium battery housing 锂电池外壳", "abstract": "A housing for lithium batteries.", "ad": "2019-12-31",
     "applicant": "宁德时代新能源科技股份有限公司", "address": "福建省宁德市蕉城区漳湾镇新港路2号", "type": "utility",
     "ipc": "H01M50/10", "main_ipc": "H01M50/10", "status": "有效"},
    {"title": "一种电动汽车充电桩", "abstract": "充电桩及其控制方法。", "ad": "2020-07-01", "applicant": "徐州工程学院",
     "ipc": "B60L53/31", "main_ipc": "B60L53/31", "inventor": "王五"},
]


@pytest.fixture
def corpus(small_export):
    do_import_patents(None, [small_export(ROWS)])
    assert Outbox.objects.count() == 0  # the import drained the outbox into the index
    return {a.title: a for a in Application.objects.all()}


def total(query: str) -> int:
    return service.count(query)


def test_field_searches(corpus):
    assert total("TI=离子电池") == 2
    assert total("ti:电池") == 3
    assert total("TI=锂") == 2  # one character, exact
    assert total("AB=lithium") == 1
    assert total("AB=lithiu") == 0  # English: whole words only
    assert total("AB=LITHIUM") == 1
    assert total("AB=lithium*") == 1  # lithium and batteries? one record
    assert total("AB=batter?es") == 1
    assert total('TI="battery housing"') == 1
    assert total('TI="housing battery"') == 0
    assert total("PA=徐州工程学院") == 2
    assert total("PA=工程") == 2
    assert total("IN=王五") == 1
    assert total("AGC=创荣") == 4
    assert total("ADDR=泉山区") == 3
    assert total("IPC=H01M") == 3
    assert total("IPC=H01M10/00") == 1  # the main group holds its subgroups
    assert total("IPC=H01M4/*") == 2
    assert total("MIPC=H01M4/36") == 1
    assert total("AD=2021") == 1
    assert total("AD=2019:2021") == 3
    assert total("AD>=20200701") == 3
    assert total("AD<2020") == 1
    assert total("TYPE=实用新型") == 1 and total("TYPE=utility") == 1
    assert total("LS=有效") == 2
    assert total("CO=CN") == 4
    assert total("REG=徐州市") == 3 and total("REG=江苏省") == 3 and total("REG=泉山区") == 3
    assert total("REG=350000") == 1
    key = corpus["钠离子电池负极"].key
    assert total(f"AN={key}") == 1
    assert total(f"AN={key.replace('CN', '').replace('.', '')}") == 1
    pn = corpus["钠离子电池负极"].publications.first().number
    assert total(f"PN={pn}") == 1
    assert total("电池 NOT PA=大学") == 2
    assert total("负极钠离子") == 0 and total("负极一种") == 0  # never across title, abstract and claims
    assert total("(TI=电池 OR TI=充电桩) AND PA=徐州工程学院") == 2


def test_simple_box_takes_numbers_codes_and_text(corpus):
    key = corpus["钠离子电池负极"].key
    assert service.run(service.Request(key, simple=True))["total"] == 1
    assert service.run(service.Request("H01M 4/36", simple=True))["total"] == 1
    assert service.run(service.Request("电池 (外壳", simple=True))["total"] == 1  # unbalanced text still searches


def test_facets_are_exact_and_sorting_and_highlighting(corpus):
    result = service.run(service.Request("TI=电池", sort="ad"))
    dates = [h["filing_date"] for h in result["hits"]]
    assert dates == sorted(dates, reverse=True)
    facets = {name: {b["value"]: b["count"] for b in buckets} for name, buckets in result["facets"].items()}
    apps = Application.objects.filter(title__contains="电池")
    assert facets["year"] == {y: n for y, n in apps.values_list("filing_year").annotate(n=Count("pk"))}
    assert facets["type"] == {t: n for t, n in apps.values_list("patent_type").annotate(n=Count("pk"))}
    assert facets["ipc"] == {"H01M": 3}
    assert facets["city"] == {"320300": 2, "350900": 1}
    assert {b["label"] for b in result["facets"]["city"]} == {"徐州市", "宁德市"}
    assert sum(facets["applicant"].values()) == 3
    assert "<mark>电池</mark>" in result["hits"][0]["title_html"]
    for bucket in result["facets"]["applicant"]:  # a facet link narrows to exactly its count
        assert total(f"(TI=电池) AND {service.facet_filter('applicant', bucket['value'])}") == bucket["count"]


def test_reimport_keeps_one_document_per_application(corpus, small_export):
    rows = [dict(r) for r in ROWS]
    rows[1]["status"] = "驳回"
    rows[1]["pd"] = "2024-01-01"  # a newer record: its status wins
    do_import_patents(None, [small_export(rows, "again.csv")])
    assert backend().doc_count() == Application.objects.count() == 4
    assert total("TI=钠离子电池") == 1
    assert total("LS=驳回") == 1


def test_outbox_survives_a_failed_index_update(corpus, small_export):
    with mock.patch.object(backend(), "add", side_effect=OSError("disk full")):
        do_import_patents(None, [small_export([{"title": "一种氢燃料电池", "an": app_number(99)}], "new.csv")])
    assert Outbox.objects.count() == 1  # the import kept its data; the index update is still owed
    assert total("TI=氢燃料") == 0
    assert sync.drain()["indexed"] == 1
    assert total("TI=氢燃料") == 1 and Outbox.objects.count() == 0


def test_rebuild_matches_the_database(corpus):
    call_command("search_index", "rebuild", "--json", stdout=io.StringIO())
    assert backend().doc_count() == Application.objects.count()
    assert total("TI=电池") == 3


def test_watched_search_alerts_on_new_records(corpus, small_export, django_capture_on_commit_callbacks):
    user = User.objects.create_user("analyst", email="analyst@example.cn", password="x", role="enterprise")
    saved = actions.do_save_search(user, "固态电池监控", "TI=固态电池", watched=True)
    actions.do_save_search(user, "unwatched", "TI=固态电池", watched=False)
    rows = [{"title": "一种固态电池电解质", "an": app_number(101)}, {"title": "固态电池的封装结构", "an": app_number(102)},
            {"title": "一种液流电池", "an": app_number(103)}]
    with django_capture_on_commit_callbacks(execute=True):
        do_import_patents(None, [small_export(rows, "new.csv")])
    alerts = list(Alert.objects.filter(user=user))
    assert len(alerts) == 1 and alerts[0].saved_search == saved
    keys = set(Application.objects.filter(pk__in=alerts[0].application_ids).values_list("key", flat=True))
    assert keys == {app_number(101), app_number(102)}
    assert len(mail.outbox) == 1 and app_number(101) in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):  # the same file again brings nothing new
        do_import_patents(None, [small_export(rows, "new.csv")])
    assert Alert.objects.filter(user=user).count() == 1


def test_watched_patent_alerts_on_status_change(corpus, small_export):
    user = User.objects.create_user("holder", password="x", role="enterprise")
    app = corpus["钠离子电池负极"]
    actions.do_watch_patent(user, app, True)
    rows = [dict(r) for r in ROWS]
    rows[1]["status"] = "视为撤回"
    rows[1]["pd"] = "2024-01-01"  # a newer record wins
    do_import_patents(None, [small_export(rows, "later.csv")])
    alert = Alert.objects.get(user=user)
    assert alert.kind == Alert.STATUS_CHANGE and alert.application_ids == [app.pk]
    assert "撤回" in alert.title


def test_export_job_writes_every_hit(corpus):
    user = User.objects.create_user("exporter", password="x", role="office")
    for fmt in ("xlsx", "csv"):
        job = actions.do_export_search(user, "TI=电池", fmt)
        job = jobs.run(job.pk) if job.status != Job.Status.DONE else job
        job.refresh_from_db()
        assert job.status == Job.Status.DONE, job.error
        path = export_path(job)
        if fmt == "xlsx":
            sheet = openpyxl.load_workbook(path).active
            rows = list(sheet.iter_rows(values_only=True))
        else:
            with open(path, encoding="utf-8-sig") as handle:
                rows = list(csv.reader(handle))
        assert rows[0][0] == "申请号" and len(rows) == 1 + 3
        assert {r[0] for r in rows[1:]} == set(Application.objects.filter(title__contains="电池")
                                               .values_list("key", flat=True))


def test_cli_json_equals_api(corpus, client):
    user = User.objects.create_user("api", password="x", role="staff")
    client.force_login(user)
    out = io.StringIO()
    call_command("search", "TI=电池", "--json", stdout=out)
    cli = json.loads(out.getvalue())
    api = client.get("/api/v1/patents/search", {"q": "TI=电池"}).json()
    assert cli == api and api["total"] == 3 and len(api["hits"]) == 3
    out = io.StringIO()
    call_command("search", "TI=电池", "--count", stdout=out)
    assert out.getvalue().strip() == "3"


def test_api_errors_and_schema(corpus, client):
    client.force_login(User.objects.create_user("api", password="x", role="staff"))
    response = client.get("/api/v1/patents/search", {"q": "TI=(电池"})
    assert response.status_code == 400
    assert response.json()["position"] == 4 and "缺少右括号" in response.json()["error"]
    english = client.get("/api/v1/patents/search", {"q": "TI=(电池", "lang": "en"}).json()
    assert english["error"] == "At character 4: missing closing parenthesis"
    assert client.get("/api/v1/patents/search", {"q": "电池", "sort": "nonsense"}).status_code == 400
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/patents/search" in schema["paths"]
    client.logout()
    assert client.get("/api/v1/patents/search", {"q": "电池"}).status_code == 401
    assert client.get("/api/v1/openapi.json").status_code == 200


def test_search_page_and_permissions(corpus, client):
    public = User.objects.create_user("citizen", password="x", role="public")
    client.force_login(public)
    page = client.get("/search/", {"q": "TI=电池"})
    assert page.status_code == 200 and "共 3 件" in page.content.decode()
    bad = client.get("/search/", {"q": "TI=(电池"}).content.decode()
    assert "第 4 个字符处" in bad
    assert client.post("/search/export/", {"q": "TI=电池", "format": "xlsx"}).status_code == 403  # public: no export
    other = User.objects.create_user("other", password="x", role="staff")
    saved = actions.do_save_search(other, "theirs", "TI=电池")
    assert client.post("/search/saved/", {"id": saved.pk, "action": "delete"}).status_code == 404


def test_similar_patents(corpus):
    from zhichan.search.similar import similar

    app = corpus["一种锂离子电池正极材料及其制备方法"]
    found = similar(backend(), app.pk, app.title, app.abstract)
    assert found and all(0 < s.score <= 1 for s in found) and app.pk not in [s.id for s in found]
    assert found[0].id == corpus["钠离子电池负极"].pk  # shares 离子电池
    narrowed = similar(backend(), app.pk, app.title, app.abstract, service.parse_request("TYPE=utility"))
    assert {s.id for s in narrowed} <= {corpus["Lithium battery housing 锂电池外壳"].pk}


def test_thundersoft_province_facet_matches_parties():
    do_import_patents(None, [raw_data(THUNDERSOFT)])
    result = service.run(service.Request("IPC=G06F", facets=("province",)))
    counts = {b["value"]: b["count"] for b in result["facets"]["province"]}
    expected = (Application.objects.filter(ipc_assignments__code__startswith="G06F").exclude(province_code="")
                .values_list("province_code").annotate(n=Count("pk", distinct=True)))
    assert counts == dict(expected)
    assert Party.objects.exists()


def test_malformed_queries_raise_only_query_error(corpus):
    for query in ["TI=(", "AD=2021-13-45", "IPC=锂", "REG=火星", "TYPE=x", '"', "AND", "NOT", "AB=*?"]:
        with pytest.raises(QueryError) as info:
            service.run(service.Request(query))
        assert info.value.position >= 0


def test_an_empty_index_is_rebuilt_by_the_next_update(corpus):
    from zhichan.search import tasks

    with backend().writing():
        backend().clear()
    assert total("TI=电池") == 0
    tasks.drain_outbox.call_local()
    assert backend().doc_count() == 4 and total("TI=电池") == 3
