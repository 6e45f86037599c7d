"""The office's entries on the indicator pages go through typed forms: each bad value is refused with its reason
beside its field (aria-invalid, aria-describedby) and the page comes back with 400 and what was typed; a good value
is saved by the page's do_* action and audited."""

from __future__ import annotations

import datetime as dt
import html

import pytest

from tests.patents.test_places import number, write_csv
from zhichan.core.models import AuditLog
from zhichan.indicators import catalogue, plans
from zhichan.indicators.models import Plan, Population, ReportedValue
from zhichan.patents.actions import do_import_patents
from zhichan.patents.models import PatentAward

pytestmark = pytest.mark.django_db
NEXT_YEAR = dt.date.today().year + 1


@pytest.fixture
def office(client, django_user_model):
    user = django_user_model.objects.create_user("office", password="x", role="office")
    client.force_login(user)
    return user


def refused(response, field: str, reason: str, typed: str = "") -> str:
    """The page again (400), the reason in the field's error element, the field marked and described by it."""
    page = html.unescape(response.content.decode())
    assert response.status_code == 400, page[:500]
    error = f'id="{field}_error">'
    assert error in page, f"no error for {field}"
    assert reason in page.split(error, 1)[1].split("</small>", 1)[0]
    tag = page.split(f'id="{field}"', 1)[0].rsplit("<", 1)[1] + page.split(f'id="{field}"', 1)[1].split(">", 1)[0]
    assert 'aria-invalid="true"' in tag and f"{field}_error" in tag
    if typed:
        assert f'value="{typed}"' in tag
    return page


POPULATION = {"region": "江苏省徐州市泉山区", "year": "2024", "persons": "612000", "source": "2024 年统计年鉴"}


@pytest.mark.parametrize(("changes", "field", "reason"), [
    ({"year": "二〇二四"}, "year", ""), ({"year": "1800"}, "year", "1949"), ({"year": str(NEXT_YEAR)}, "year", "不能晚于今年"),
    ({"persons": "-5"}, "persons", "1"), ({"persons": "六十万"}, "persons", ""), ({"persons": ""}, "persons", ""),
    ({"region": "江苏省海淀区"}, "region", "“海淀区”不在“江苏省”之内"), ({"region": "火星"}, "region", "未知地区"),
    ({"region": "鼓楼区"}, "region", "地区名称不唯一"),
])
def test_population_refusals_keep_the_input(client, office, changes, field, reason):
    posted = {**POPULATION, **changes}
    response = client.post("/indicators/population/?city=320300", posted)
    refused(response, f"id_{field}", reason, posted[field])
    assert not Population.objects.exists()


def test_population_of_a_district_cannot_exceed_its_city(client, office):
    client.post("/indicators/population/?city=320300", {**POPULATION, "region": "徐州市", "persons": "9000000"})
    response = client.post("/indicators/population/?city=320300", {**POPULATION, "persons": "9500000"})
    refused(response, "id_persons", "超过上级地区徐州市 2024 年的常住人口 9,000,000 人", "9500000")


def test_population_saved_and_audited(client, office):
    response = client.post("/indicators/population/?city=320300", POPULATION)
    assert response.status_code == 302
    row = Population.objects.get()
    assert (row.region_id, row.year, row.persons, row.source) == ("320311", 2024, 612000, "2024 年统计年鉴")
    assert AuditLog.objects.filter(action="indicators.population", actor=office).count() == 1


@pytest.fixture
def department(client, django_user_model):
    user = django_user_model.objects.create_user("copyright", password="x", role="department")
    client.force_login(user)
    return user


REPORTED = {"indicator": "copyright_registrations", "region": "徐州市 泉山区", "period": "2025", "value": "812.5",
            "source_note": "区版权局"}


@pytest.mark.parametrize(("changes", "field", "reason"), [
    ({"period": "2025Q5"}, "period", "2025、2025H1 或 2025Q3"), ({"period": "2999"}, "period", "1985"),
    ({"value": "五百"}, "value", ""), ({"value": "-3"}, "value", "0"), ({"source_note": "  "}, "source_note", ""),
    ({"region": "南京市泉山区"}, "region", "不在"), ({"indicator": "valid_invention"}, "indicator", "部门填报类指标"),
    ({"indicator": "patent_agency_rate", "value": "120"}, "value", "百分比不能超过 100"),
])
def test_reported_value_refusals_keep_the_input(client, department, changes, field, reason):
    catalogue.sync()
    posted = {**REPORTED, **changes}
    response = client.post("/indicators/reported/?city=320300", posted)
    page = refused(response, f"id_{field}", reason, posted[field] if field != "indicator" else "")
    assert 'value="徐州市 泉山区"' in page or field == "region"
    assert not ReportedValue.objects.exists()


def test_reported_value_saved_and_audited(client, department):
    catalogue.sync()
    assert client.post("/indicators/reported/?city=320300", REPORTED).status_code == 302
    row = ReportedValue.objects.get()
    assert (row.indicator_id, row.region_id, row.period, row.value) == ("copyright_registrations", "320311", "2025", 812.5)
    assert row.status == ReportedValue.DRAFT and row.entered_by == department
    assert AuditLog.objects.filter(action="indicators.report", actor=department).count() == 1


@pytest.fixture
def plan_item():
    plan = {p.template_key: p for p in plans.load_templates()}["nantong-2017-2020"]
    return plan, plan.items.get(indicator_id="valid_invention_per_10k")


@pytest.mark.parametrize(("posted", "field", "reason"), [
    ({"year": "2016", "value": ""}, "value", "同时填写"), ({"year": "", "value": "18.5"}, "year", "同时填写"),
    ({"year": "2016", "value": "十八"}, "value", ""), ({"year": "3000", "value": "18.5"}, "year", "2100"),
    ({"year": "2021", "value": "18.5"}, "year", "2020"),
])
def test_baseline_refusals_keep_the_input(client, office, plan_item, posted, field, reason):
    plan, item = plan_item
    response = client.post(f"/indicators/plans/{plan.pk}/baseline/", {"item": item.pk, **posted})
    refused(response, f"id_baseline{item.pk}_{field}", reason, posted[field])
    item.refresh_from_db()
    assert item.baseline_value is None


def test_baseline_saved_cleared_and_audited(client, office, plan_item):
    plan, item = plan_item
    client.post(f"/indicators/plans/{plan.pk}/baseline/", {"item": item.pk, "year": "2016", "value": "18.5"})
    item.refresh_from_db()
    assert (item.baseline_year, item.baseline_value) == (2016, 18.5)
    client.post(f"/indicators/plans/{plan.pk}/baseline/", {"item": item.pk, "year": "", "value": ""})
    item.refresh_from_db()
    assert (item.baseline_year, item.baseline_value) == (None, None)
    assert AuditLog.objects.filter(action="indicators.baseline", actor=office).count() == 2
    other = Plan.objects.exclude(pk=plan.pk).first()
    assert client.post(f"/indicators/plans/{other.pk}/baseline/", {"item": item.pk, "year": "2016",
                                                                   "value": "1"}).status_code == 404


@pytest.fixture
def patent(tmp_path):
    do_import_patents(None, [tmp_path / write_csv(tmp_path / "m-20230101.csv", [(31, "申酉科技有限公司", "")])])
    return number(31)  # filed 2020-01-02


@pytest.mark.parametrize(("posted", "field", "reason"), [
    ({"name": "第二十四届中国专利奖银奖", "year": str(NEXT_YEAR)}, "year", "不能晚于今年"),
    ({"name": "第二十四届中国专利奖银奖", "year": "2019"}, "year", "早于申请年（2020）"),
    ({"name": "第二十四届中国专利奖银奖", "year": "明年"}, "year", ""),
    ({"name": "  ", "year": "2023"}, "name", ""),
])
def test_award_refusals_keep_the_input(client, office, patent, posted, field, reason):
    response = client.post(f"/indicators/awards/{patent}/", posted)
    refused(response, f"id_{field}", reason, posted[field].strip())
    assert not PatentAward.objects.exists()


def test_award_saved_and_audited(client, office, patent):
    response = client.post(f"/indicators/awards/{patent}/", {"name": "第二十四届中国专利奖银奖", "year": "2023"})
    assert response.status_code == 302
    award = PatentAward.objects.get()
    assert (award.name, award.year) == ("第二十四届中国专利奖银奖", 2023)
    assert AuditLog.objects.filter(action="indicators.award", actor=office).count() == 1


def test_plan_import_refusals_keep_the_input(client, office, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post("/indicators/plans/import/", {"name": "南通副本", "region": "江苏省海淀区",
                                                         "file": SimpleUploadedFile("plan.xlsx", b"PK")})
    page = refused(response, "id_region", "不在", "江苏省海淀区")
    assert 'value="南通副本"' in page
    response = client.post("/indicators/plans/import/", {"name": "南通副本", "region": "南通市",
                                                         "file": SimpleUploadedFile("plan.pdf", b"%PDF")})
    refused(response, "id_file", "只支持 xlsx、xls、csv 文件")
    response = client.post("/indicators/plans/import/", {"name": "", "region": "南通市"})
    refused(response, "id_name", "")
    assert not Plan.objects.filter(name="南通副本").exists()


def test_catalogue_toggle_refuses_unknown_indicators(client, office):
    catalogue.sync()
    assert client.post("/indicators/catalogue/", {"code": "no_such", "public": "1"}).status_code == 400
    assert client.post("/indicators/catalogue/", {"code": "applications_by_enterprise", "public": "0"}).status_code == 302
    assert AuditLog.objects.filter(action="indicators.public", actor=office).count() == 1


def test_report_period_refused_beside_its_field(client, office):
    response = client.post("/indicators/reports/?city=320300", {"city": "320300", "period": "2025Q5"})
    refused(response, "id_period", "期间格式应为 2025、2025H1 或 2025Q3", "2025Q5")
