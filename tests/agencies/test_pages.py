"""The agency pages: the public directory and agency page (published grades and public events only), the office's
registry and forms (errors keep the input), an agency's own page (annual report, objection) and the credit cases."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.agencies.conftest import code
from zhichan.agencies import credit_actions
from zhichan.agencies.actions import do_save_agency
from zhichan.agencies.models import Agency, AnnualReport, CreditCase, CreditEvent
from zhichan.core.models import Organization

CODE = code("91320300MA1W8K2L5")


@pytest.fixture
def agency(db):
    return do_save_agency(None, {"name": "徐州市页面专利代理事务所", "credit_code": CODE, "licence_number": "32999",
                                 "licensed_on": dt.date.today(), "address": "江苏省徐州市泉山区"})[0]


@pytest.fixture
def agency_user(agency, django_user_model):
    org = Organization.objects.create(name="页面机构", kind="agency", credit_code=CODE)
    return django_user_model.objects.create_user("agent1", password="x", role="agency", organization=org)


@pytest.mark.django_db
def test_visitor_finds_the_published_grade(client, agency, office):
    today = dt.date.today()
    hidden = credit_actions.do_record_event(office, agency, "caseload_excess", today, evidence="内部", public=False)
    credit_actions.do_record_event(office, agency, "honour", today, evidence="表彰")
    page = client.get("/agencies/")
    assert page.status_code == 200 and "徐州市页面专利代理事务所" in page.content.decode()
    assert 'class="grade">—' in page.content.decode()  # nothing published yet
    credit_actions.do_publish_grades(office, today.year)
    listed = client.get("/agencies/", {"grade": "A"}).content.decode()  # 100 - 15 + 5 = 90
    assert "徐州市页面专利代理事务所" in listed and 'class="grade">A <small>' in listed
    detail = client.get(f"/agencies/{agency.pk}/").content.decode()
    assert "90.0" in detail and "获得表彰奖励" in detail
    assert "人均代理量" not in detail and "内部" not in detail and hidden.public is False


@pytest.mark.django_db
def test_directory_filters_by_grade_name_and_field(client, agency, office):
    other = do_save_agency(None, {"name": "南京另一专利事务所"})[0]
    Agency.objects.filter(pk=agency.pk).update(ipc_sections="GH")
    today = dt.date.today()
    credit_actions.do_record_event(office, other, "caseload_excess", today)
    credit_actions.do_publish_grades(office, today.year)
    body = client.get("/agencies/", {"grade": "A"}).content.decode()
    assert agency.name in body and other.name not in body
    body = client.get("/agencies/", {"grade": "B"}).content.decode()
    assert other.name in body and agency.name not in body
    body = client.get("/agencies/", {"field": "H"}).content.decode()
    assert agency.name in body and other.name not in body
    body = client.get("/agencies/", {"q": "南京"}).content.decode()
    assert other.name in body and agency.name not in body
    page = client.get(f"/agencies/{other.pk}/").content.decode()
    assert "人均代理量远超正常水平且无合理说明" in page and "85.0" in page


@pytest.mark.django_db
def test_hidden_events_stay_off_the_public_page(client, agency, office):
    today = dt.date.today()
    credit_actions.do_record_event(office, agency, "caseload_excess", today, evidence="x", public=False)
    credit_actions.do_publish_grades(office, today.year)
    page = client.get(f"/agencies/{agency.pk}/").content.decode()
    assert "人均代理量" not in page and "85.0" in page


@pytest.mark.django_db
def test_office_pages_and_forms_keep_input(client, agency, office):
    client.force_login(office)
    assert client.get("/agencies/office/").status_code == 200
    assert client.get(f"/agencies/office/{agency.pk}/").status_code == 200
    assert client.get("/agencies/credit/rules/").status_code == 200
    bad = client.post(f"/agencies/office/{agency.pk}/status/", {"status": "suspended", "effective_on": "2026-01-05",
                                                               "reason": "违规承接"})
    assert bad.status_code == 400 and "违规承接" in bad.content.decode()
    good = client.post(f"/agencies/office/{agency.pk}/status/", {"status": "suspended", "effective_on": "2026-01-05",
                                                                "until": "2026-07-05", "reason": "违规承接"})
    assert good.status_code == 302
    agency.refresh_from_db()
    assert agency.status == "suspended" and agency.suspended_until == dt.date(2026, 7, 5)
    bad = client.post(f"/agencies/office/{agency.pk}/facts/", {"name": agency.name, "credit_code": "91320300MA1W8K2L5X"})
    assert bad.status_code == 400 and "91320300MA1W8K2L5X" in bad.content.decode()
    assert client.post(f"/agencies/office/{agency.pk}/alias/", {"name": "徐州页面所"}).status_code == 302
    assert agency.aliases.filter(name="徐州页面所").exists()


@pytest.mark.django_db
def test_others_are_refused(client, agency, django_user_model):
    client.force_login(django_user_model.objects.create_user("ent", password="x", role="enterprise"))
    assert client.get(f"/agencies/office/{agency.pk}/").status_code == 403
    assert client.post(f"/agencies/office/{agency.pk}/alias/", {"name": "x"}).status_code == 403
    assert client.get("/agencies/mine/").status_code == 403
    client.logout()
    assert client.get(f"/agencies/office/{agency.pk}/").status_code == 302


@pytest.mark.django_db
def test_agency_files_its_report_and_objects(client, agency, agency_user, office):
    client.force_login(agency_user)
    page = client.get("/agencies/mine/")
    assert page.status_code == 200 and agency.name in page.content.decode()
    year = dt.date.today().year - 1
    bad = client.post("/agencies/mine/report/", {"year": year, "staff": "-1", "practitioners": 2, "revenue_wan": "10",
                                                 "filings": 5})
    assert bad.status_code == 400
    ok = client.post("/agencies/mine/report/", {"year": year, "staff": 7, "practitioners": 2, "revenue_wan": "10",
                                                "filings": 5})
    if dt.date.today() >= dt.date(year + 1, 3, 1):
        assert ok.status_code == 302 and AnnualReport.objects.get(agency=agency, year=year).staff == 7
    event = credit_actions.do_record_event(office, agency, "caseload_excess", dt.date.today(), evidence="抽查")
    opened = client.post("/agencies/mine/case/", {"kind": "objection", "event": event.pk, "text": "代理量有合理说明"})
    assert opened.status_code == 302
    case = CreditCase.objects.get()
    assert case.state == "submitted" and case.due is not None
    assert client.post(f"/agencies/credit/cases/{case.pk}/step/", {"transition": "uphold", "text": "x"}
                       ).status_code == 403
    client.force_login(office)
    assert client.get(f"/agencies/credit/cases/{case.pk}/").status_code == 200
    refused = client.post(f"/agencies/credit/cases/{case.pk}/step/", {"transition": "uphold", "text": ""})
    assert refused.status_code == 400
    assert client.post(f"/agencies/credit/cases/{case.pk}/step/", {"transition": "uphold", "text": "说明属实"}
                       ).status_code == 302
    case.refresh_from_db()
    event.refresh_from_db()
    assert case.state == "upheld" and event.ends_on == event.occurred_on and not event.public
    agency.refresh_from_db()
    assert agency.score == 100


@pytest.mark.django_db
def test_repair_ends_the_event_from_the_decision(client, agency, agency_user, office):
    event = credit_actions.do_record_event(office, agency, "caseload_excess", dt.date.today() - dt.timedelta(days=30))
    client.force_login(agency_user)
    client.post("/agencies/mine/case/", {"kind": "repair", "event": event.pk, "text": "已整改"})
    case = CreditCase.objects.get(kind="repair")
    client.force_login(office)
    client.post(f"/agencies/credit/cases/{case.pk}/step/", {"transition": "grant", "text": "准予"})
    event.refresh_from_db()
    assert event.ends_on == dt.date.today() and CreditEvent.objects.get(pk=event.pk).public


@pytest.mark.django_db
def test_homes_link_the_agency_pages(client, agency_user, office):
    client.force_login(agency_user)
    assert 'id="home-agency"' in client.get("/").content.decode()
    client.force_login(office)
    assert "/agencies/office/" in client.get("/").content.decode()


@pytest.mark.django_db
def test_office_feeds_the_indicators(client, agency, office):
    from zhichan.indicators.models import ReportedValue

    client.force_login(office)
    bad = client.post("/agencies/office/indicators/", {"region": "火星", "year": "2025"})
    assert bad.status_code == 400 and "火星" in bad.content.decode()
    assert client.post("/agencies/office/indicators/", {"region": "徐州市", "year": "2026"}).status_code == 302
    fed = dict(ReportedValue.objects.filter(region_id="320300", period="2026").values_list("indicator_id", "value"))
    assert fed["service_institutions"] == 1 and fed["service_staff"] == 0


@pytest.mark.django_db
def test_office_uploads_the_registry_as_a_job(client, office):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zhichan.core import jobs
    from zhichan.core.models import Job

    client.force_login(office)
    refused = client.post("/agencies/office/import/", {"file": SimpleUploadedFile("a.txt", b"x")})
    assert refused.status_code == 400
    data = "机构名称,执业许可证号,组织形式\n上传专利事务所,U001,合伙\n坏行事务所,U002,股份合作\n".encode()
    response = client.post("/agencies/office/import/", {"file": SimpleUploadedFile("名录.csv", data)})
    assert response.status_code == 302
    job = jobs.run(Job.objects.get(kind="agencies.import").pk)
    assert job.status == "done" and job.result["created"] == 1 and job.result["rejected"] == 1
    assert Agency.objects.filter(licence_number="U001").exists()
    assert client.get(response["Location"]).status_code == 200
