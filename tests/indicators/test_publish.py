"""Publishing is an explicit, audited step: computing (a what-if run with other settings, or the same computation
again after new records came in) never changes /public/statistics/; an office user publishes a computation and the
public page shows its figures as published, with the date they were published."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.indicators.test_compute import CITY, QUANSHAN, fixture_data, patent  # noqa: F401  (fixture)
from zhichan.core.models import AuditLog, Region
from zhichan.core.permissions import PermissionDenied
from zhichan.indicators import compute
from zhichan.indicators.actions import do_compute_indicators, do_publish_figures
from zhichan.indicators.models import Publication
from zhichan.patents import highvalue
from zhichan.patents.ingest.loader import Loader
from zhichan.patents.models import ImportFile, ImportRun

pytestmark = pytest.mark.django_db
D = dt.date(2024, 12, 31)
WHAT_IF = compute.Settings(compute.ALL_FRACTIONAL, highvalue.Settings(5000.0, "grant", "main"))


@pytest.fixture
def people(django_user_model):
    return {role: django_user_model.objects.create_user(role, password="x", role=role)
            for role in ("office", "staff", "department")}


def public_values(client) -> dict:
    data = client.get("/api/v1/public/statistics", {"city": CITY}).json()
    return {row["code"]: row["values"] for row in data.get("rows", [])}


def test_computing_publishes_nothing(fixture_data, client, people):  # noqa: F811
    do_compute_indicators(people["office"], fixture_data, D)
    assert client.get("/api/v1/public/statistics", {"city": CITY}).json() == {}
    page = client.get("/public/statistics/", {"city": CITY}).content.decode()
    assert 'id="nothing-published"' in page and "id=\"public-table\"" not in page


def test_office_publishes_and_what_if_runs_leave_the_public_page_alone(fixture_data, client, people):  # noqa: F811
    office = people["office"]
    client.force_login(office)
    client.post("/indicators/compute/", {"city": CITY, "as_of": D.isoformat()})
    response = client.post("/indicators/publish/", {"city": CITY, "as_of": D.isoformat()})
    assert response.status_code == 302 and "csrfmiddlewaretoken" not in response["Location"]
    publication = Publication.objects.get()
    assert publication.published_by == office and publication.region_id == CITY and publication.as_of == D
    [record] = AuditLog.objects.filter(action="indicators.publish")
    assert record.actor == office and record.changes["as_of"] == D.isoformat() and record.changes["figures"] > 0
    client.logout()
    before = public_values(client)
    assert before[QUANSHAN]["valid_invention"] == 3
    page = client.get("/public/statistics/", {"city": CITY}).content.decode()
    published_on = timezone.localtime(publication.published_at).date().isoformat()
    assert f"{published_on} 发布" in page and "口径：第一专利权人归属" in page
    data = client.get("/api/v1/public/statistics", {"city": CITY}).json()
    assert data["published_at"].startswith(published_on) and data["as_of"] == D.isoformat()

    client.force_login(office)  # a what-if run with other settings, then the same computation after new records
    client.post("/indicators/compute/", {"city": CITY, "as_of": D.isoformat(), "attribution": "fractional",
                                         "pledge_threshold": "5000", "ten_years_from": "grant", "sei_match": "main"})
    run = ImportRun.objects.create()
    loader = Loader(ImportFile.objects.create(run=run, name="more", sha256="y", format="test"))
    loader.store(loader.group([patent(31, "1", dt.date(2015, 1, 5), dt.date(2018, 3, 1), [QUANSHAN])]))
    client.post("/indicators/compute/", {"city": CITY, "as_of": D.isoformat()})
    client.logout()
    assert public_values(client) == before  # unchanged until someone publishes again
    client.force_login(office)
    page = client.get("/indicators/", {"city": CITY, "as_of": D.isoformat()}).content.decode()
    assert 'id="publish-button"' in page  # recomputed after publishing: may be published again
    client.post("/indicators/publish/", {"city": CITY, "as_of": D.isoformat()})
    assert public_values(client)[QUANSHAN]["valid_invention"] == 4
    page = client.get("/indicators/", {"city": CITY, "as_of": D.isoformat()}).content.decode()
    assert 'id="publish-button"' not in page and "即本页所示数据" in page


def test_only_the_office_publishes(fixture_data, client, people):  # noqa: F811
    do_compute_indicators(people["office"], fixture_data, D)
    for role in ("staff", "department"):
        with pytest.raises(PermissionDenied):
            do_publish_figures(people[role], fixture_data, D, compute.Settings())
        client.force_login(people[role])
        assert client.post("/indicators/publish/", {"city": CITY, "as_of": D.isoformat()}).status_code == 403
        page = client.get("/indicators/", {"city": CITY, "as_of": D.isoformat()}).content.decode()
        assert 'id="publish-button"' not in page
    assert not Publication.objects.exists() and not AuditLog.objects.filter(action="indicators.publish").exists()
    assert client.get("/indicators/publish/").status_code == 405


def test_a_computation_not_made_cannot_be_published(fixture_data, client, people):  # noqa: F811
    do_compute_indicators(people["office"], fixture_data, D)
    with pytest.raises(ValueError):
        do_publish_figures(people["office"], fixture_data, D, WHAT_IF)
    client.force_login(people["office"])
    response = client.post("/indicators/publish/", {"city": CITY, "as_of": "2023-12-31"}, follow=True)
    assert "尚未按此口径计算，无法发布" in response.content.decode()
    assert not Publication.objects.exists()


def test_the_published_settings_are_the_chosen_ones(fixture_data, client, people):  # noqa: F811
    do_compute_indicators(people["office"], fixture_data, D)
    do_compute_indicators(people["office"], fixture_data, D, WHAT_IF)
    publication = do_publish_figures(people["office"], fixture_data, D, WHAT_IF)
    assert publication.settings == WHAT_IF.as_dict()
    data = client.get("/api/v1/public/statistics", {"city": CITY}).json()
    assert "全部专利权人归属（按份额）" in data["settings_text"] and "5000 万元" in data["settings_text"]


def test_publish_from_the_command_line(fixture_data):  # noqa: F811
    call_command("indicators", "compute", "--region", CITY, "--as-of", D.isoformat(), stdout=io.StringIO())
    out = io.StringIO()
    call_command("indicators", "publish", "--region", CITY, "--as-of", D.isoformat(), "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert result["figures"] > 0 and Publication.objects.get().pk == result["published"]
    assert AuditLog.objects.filter(action="indicators.publish", actor=None).count() == 1
    assert Region.objects.get(code=CITY).name == result["region"]


def test_a_report_uses_the_published_settings_not_a_later_what_if(fixture_data, people):  # noqa: F811
    from zhichan.indicators import reports

    do_compute_indicators(people["office"], fixture_data, D)
    assert reports.gather(fixture_data, "2024Q4").settings == compute.Settings().as_dict()
    do_compute_indicators(people["office"], fixture_data, D, WHAT_IF)
    assert reports.gather(fixture_data, "2024Q4").settings == WHAT_IF.as_dict()  # nothing published: the latest
    do_publish_figures(people["office"], fixture_data, D, compute.Settings())
    do_compute_indicators(people["office"], fixture_data, D, WHAT_IF)
    assert reports.gather(fixture_data, "2024Q4").settings == compute.Settings().as_dict()
