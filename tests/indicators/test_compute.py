"""Computed indicators on a small fixture built here, with hand-computed expectations: validity as of a date,
each high-value criterion, regional attribution under each setting, per-capita with and without population."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from zhichan.core.models import Region
from zhichan.indicators import compute
from zhichan.indicators.actions import do_compute_indicators, do_publish_figures, do_set_population
from zhichan.indicators.models import ComputedFigure
from zhichan.patents import highvalue
from zhichan.patents import record as rec
from zhichan.patents.ingest.loader import Loader
from zhichan.patents.models import ImportFile, ImportRun, SeiCategory, SeiIpc
from zhichan.patents.numbers import cn_check_character

pytestmark = pytest.mark.django_db
D = dt.date
CITY, QUANSHAN, GULOU, YUNLONG = "320300", "320311", "320302", "320303"


def number(serial: int, kind: str = "1", year: int = 2020) -> str:
    digits = f"{year}{kind}{serial:07d}"
    return f"CN{digits}.{cn_check_character(digits)}"


def patent(serial, kind, filing, grant, holders, events=(), applicant="徐州某某科技有限公司", **extra):
    t = {"1": rec.INVENTION, "8": rec.INVENTION, "2": rec.UTILITY, "3": rec.DESIGN}[kind]
    parties = [rec.PartyRecord(rec.APPLICANT, f"{applicant}{i}" if i else applicant, region_code=code,
                               country="CN", region_source="code") for i, code in enumerate(holders)]
    return rec.PatentRecord(
        key=extra.pop("key", number(serial, kind, filing.year)), country=extra.pop("country", "CN"), patent_type=t, title=f"测试专利{serial}",
        filing_date=filing, grant_date=grant, legal_status="valid" if grant else "pending", parties=parties,
        events=[rec.EventRecord(d, code, desc) for d, code, desc in events], **extra)


RECORDS = [
    patent(1, "1", D(2012, 3, 1), D(2015, 6, 10), [QUANSHAN]),  # A: ten years from filing
    patent(2, "1", D(2019, 1, 1), D(2021, 5, 1), [QUANSHAN], family_members=["US10234567B2"],  # B: family abroad
           main_ipc="H04L12/00", ipc=["H04L12/00"]),  # … and SEI by its main IPC: still counted once
    patent(3, "1", D(2018, 2, 1), D(2020, 7, 1), [GULOU], [(D(2023, 4, 1), "未缴年费专利权终止", "")]),  # C
    patent(4, "1", D(2017, 5, 1), D(2019, 9, 1), [GULOU],  # D: lapsed, then restored
           [(D(2022, 1, 1), "未缴年费专利权终止", ""), (D(2022, 6, 1), "专利权的恢复", "")]),
    patent(5, "1", D(2020, 4, 1), D(2022, 3, 1), [QUANSHAN, YUNLONG],  # E: two holders, pledge 1500 万元
           [(D(2022, 5, 1), "质押", "专利权质押合同登记的生效，质押金额 1500 万元")]),
    patent(6, "1", D(2021, 1, 1), D(2023, 2, 1), ["710000"], applicant="台湾某公司"),  # F: not domestic
    patent(7, "2", D(2024, 3, 1), D(2024, 8, 1), [YUNLONG], applicant="中国矿业大学"),  # G: utility, university
    patent(8, "1", D(2024, 2, 1), None, [QUANSHAN], key="WOCN24012345", country="WO"),  # H: PCT international
    patent(14, "8", D(2024, 2, 2), None, [GULOU]),  # N: PCT national phase entering China
    patent(9, "1", D(2003, 1, 1), D(2006, 5, 1), [QUANSHAN]),  # I: term ends 2023-01-01
    patent(10, "1", D(2019, 6, 1), D(2022, 1, 10), [YUNLONG],  # J: SEI by a secondary IPC only
           main_ipc="G06F16/00", ipc=["G06F16/00", "H04L67/12"]),
    patent(11, "3", D(2024, 4, 1), D(2024, 9, 1), [GULOU]),  # K: design
    patent(12, "2", D(2024, 5, 1), None, [QUANSHAN], applicant="徐州市矿业研究院"),  # L: institute
    patent(13, "2", D(2024, 6, 1), None, [GULOU], applicant="王伟"),  # M: individual
]


@pytest.fixture
def fixture_data():
    SeiCategory.objects.create(code="1.1", name="下一代信息网络产业")
    SeiIpc.objects.create(ipc_code="H04L12/00", sei_id="1.1")
    SeiIpc.objects.create(ipc_code="H04L67/12", sei_id="1.1")
    run = ImportRun.objects.create()
    loader = Loader(ImportFile.objects.create(run=run, name="fixture", sha256="x", format="test"))
    loader.store(loader.group(RECORDS))
    return Region.objects.get(code=CITY)


def totals(as_of, **settings):
    districts = [QUANSHAN, GULOU, YUNLONG]
    return compute.totals(CITY, districts, as_of, compute.Settings(**settings))


def pick(result, code):
    return {region: values[code] for region, values in result.items() if values[code] and region != compute.UNPLACED}


def test_validity_as_of_dates(fixture_data):
    end_2024 = totals(D(2024, 12, 31))
    assert pick(end_2024, "valid_invention") == {CITY: 5, QUANSHAN: 3, GULOU: 1, YUNLONG: 1}  # A B E | D | J
    end_2022 = totals(D(2022, 12, 31))
    assert pick(end_2022, "valid_invention") == {CITY: 7, QUANSHAN: 4, GULOU: 2, YUNLONG: 1}  # A B E I | C D | J
    in_gap = totals(D(2022, 3, 1))  # D lapsed; E granted that day
    assert pick(in_gap, "valid_invention") == {CITY: 6, QUANSHAN: 4, GULOU: 1, YUNLONG: 1}


def test_high_value_each_criterion_counted_once(fixture_data):
    # A ten years, B family abroad and SEI (once), E pledge | J SEI
    assert pick(totals(D(2024, 12, 31)), "high_value_invention") == {CITY: 4, QUANSHAN: 3, YUNLONG: 1}
    assert pick(totals(D(2022, 12, 31)), "high_value_invention") == {CITY: 5, QUANSHAN: 4, YUNLONG: 1}  # + I
    grant_rule = highvalue.Settings(ten_years_from="grant")
    assert pick(totals(D(2024, 12, 31), high_value=grant_rule), "high_value_invention") == \
        {CITY: 3, QUANSHAN: 2, YUNLONG: 1}
    high_threshold = highvalue.Settings(pledge_threshold_wan=2000)
    assert pick(totals(D(2024, 12, 31), high_value=high_threshold), "high_value_invention") == \
        {CITY: 3, QUANSHAN: 2, YUNLONG: 1}
    main_only = highvalue.Settings(sei_match="main")  # J's SEI code is not its main IPC
    assert pick(totals(D(2024, 12, 31), high_value=main_only), "high_value_invention") == {CITY: 3, QUANSHAN: 3}


def test_award_counts_from_its_year(fixture_data):
    from zhichan.patents.models import Application, PatentAward

    d = Application.objects.get(key=number(4, "1", 2017))  # 鼓楼区, no other criterion
    PatentAward.objects.create(application=d, name="第二十四届中国专利奖优秀奖", year=2023)
    assert pick(totals(D(2024, 12, 31)), "high_value_invention") == {CITY: 5, QUANSHAN: 3, GULOU: 1, YUNLONG: 1}
    assert pick(totals(D(2022, 12, 31)), "high_value_invention") == {CITY: 5, QUANSHAN: 4, YUNLONG: 1}  # not yet


def test_award_entered_on_the_patent_page(fixture_data, client, django_user_model):
    from zhichan.patents.models import PatentAward

    key = number(4, "1", 2017)
    client.force_login(django_user_model.objects.create_user("staff", password="x", role="staff"))
    assert client.post(f"/indicators/awards/{key}/", {"name": "中国专利奖", "year": "2023"}).status_code == 403
    client.force_login(django_user_model.objects.create_user("office", password="x", role="office"))
    client.post(f"/indicators/awards/{key}/", {"name": "第二十四届中国专利奖优秀奖", "year": "2023"})
    assert PatentAward.objects.get().application.key == key
    assert "第二十四届中国专利奖优秀奖" in client.get(f"/patents/{key}/").content.decode()
    assert pick(totals(D(2024, 12, 31)), "high_value_invention")[GULOU] == 1


def test_catalogue_holds_the_seeds_quantitative_indicators():
    from zhichan.indicators import catalogue

    catalogue.sync()
    seeds = {s for row in catalogue.CATALOGUE for s in row[8]}
    assert seeds == {"000", "001", "002", "003", "004"}


def test_attribution_settings(fixture_data):
    as_of = D(2024, 12, 31)
    assert pick(totals(as_of, attribution=compute.ALL_WHOLE), "valid_invention") == \
        {CITY: 5, QUANSHAN: 3, GULOU: 1, YUNLONG: 2}  # E counts in both districts, once for the city
    assert pick(totals(as_of, attribution=compute.ALL_FRACTIONAL), "valid_invention") == \
        {CITY: 5, QUANSHAN: 2.5, GULOU: 1, YUNLONG: 1.5}


def test_flows_of_the_year(fixture_data):
    year = totals(D(2024, 12, 31))
    assert pick(year, "applications_invention") == {CITY: 1, GULOU: 1}  # N; H is a PCT international application
    assert pick(year, "applications_utility") == {CITY: 3, YUNLONG: 1, QUANSHAN: 1, GULOU: 1}
    assert pick(year, "applications_design") == {CITY: 1, GULOU: 1}
    assert pick(year, "grants_utility") == {CITY: 1, YUNLONG: 1}
    assert pick(year, "grants_design") == {CITY: 1, GULOU: 1}
    assert pick(year, "grants_invention") == {}
    assert pick(year, "pct_applications") == {CITY: 1, QUANSHAN: 1}
    assert pick(year, "pct_national_phase") == {CITY: 1, GULOU: 1}
    assert pick(year, "applications_by_university") == {CITY: 1, YUNLONG: 1}
    assert pick(year, "applications_by_enterprise") == {CITY: 2, GULOU: 2}  # K and N
    assert pick(year, "applications_by_institute") == {CITY: 1, QUANSHAN: 1}
    assert pick(year, "applications_by_individual") == {CITY: 1, GULOU: 1}
    assert pick(totals(D(2022, 12, 31)), "grants_invention") == {CITY: 2, QUANSHAN: 1, YUNLONG: 1}  # E, J
    assert pick(totals(D(2023, 12, 31)), "grants_invention") == {}  # F (2023) is held in Taiwan


def test_per_capita_with_and_without_population(fixture_data, django_user_model):
    office = django_user_model.objects.create_user("office", password="x", role="office")
    do_set_population(office, Region.objects.get(code=QUANSHAN), 2024, 600_000, "2024 年统计年鉴")
    do_compute_indicators(office, fixture_data, D(2024, 12, 31))
    figure = ComputedFigure.objects.get(indicator_id="valid_invention_per_10k", region_id=QUANSHAN)
    assert figure.value == pytest.approx(3 / 60) and figure.population == 600_000
    assert figure.settings["attribution"] == "first_holder"
    assert figure.settings["high_value_pledge_threshold_wan"] == 1000.0
    missing = ComputedFigure.objects.get(indicator_id="valid_invention_per_10k", region_id=GULOU)
    assert missing.value is None and "缺少 2024 年常住人口" in missing.note and missing.numerator == 1
    do_compute_indicators(office, fixture_data, D(2024, 12, 31))  # recomputing replaces, never duplicates
    assert ComputedFigure.objects.filter(indicator_id="valid_invention", region_id=QUANSHAN).count() == 1


def test_dashboard_compute_and_drill_down(fixture_data, client, django_user_model):
    office = django_user_model.objects.create_user("office", password="x", role="office")
    client.force_login(office)
    page = client.get("/indicators/", {"city": CITY, "as_of": "2024-12-31"}).content.decode()
    assert "尚未按此口径计算" in page
    response = client.post("/indicators/compute/", {"city": CITY, "as_of": "2024-12-31", "attribution": "first_holder"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert 'id="indicator-table"' in page and "缺少人口" in page
    drill = client.get(f"/indicators/high-value/{QUANSHAN}/", {"as_of": "2024-12-31"}).content.decode()
    assert drill.count('href="/patents/CN') == 3  # the figure says 3
    assert "维持年限超过10年" in drill and "有海外同族专利权" in drill and "质押融资金额较高" in drill
    valid = client.get(f"/indicators/high-value/{GULOU}/", {"as_of": "2024-12-31", "indicator": "valid_invention"})
    assert valid.content.decode().count('href="/patents/CN') == 1 and number(4, "1", 2017) in valid.content.decode()
    per_capita = client.get(f"/indicators/high-value/{CITY}/", {"as_of": "2024-12-31",
                                                                "indicator": "valid_invention_per_10k"})
    assert per_capita.content.decode().count('href="/patents/CN') == 5  # the numerator's records
    assert client.get(f"/indicators/high-value/{CITY}/", {"indicator": "nonsense"}).status_code == 404
    from zhichan.indicators import plans

    quanshan_plan = {p.template_key: p for p in plans.load_templates()}["quanshan-2024-2026"]
    mapped = client.get(f"/indicators/plans/{quanshan_plan.pk}/map.json", {"indicator": "valid_invention"}).json()
    values = {r["code"]: r["value"] for r in mapped["regions"]}
    assert mapped["as_of"] == "2024-12-31" and mapped["home"] == QUANSHAN
    assert values[QUANSHAN] == 3 and values[GULOU] == 1 and len(values) == 10
    public = django_user_model.objects.create_user("citizen", password="x", role="public")
    client.force_login(public)
    assert client.get("/indicators/").status_code == 403
    assert client.post("/indicators/compute/", {"city": CITY}).status_code == 403


def test_public_statistics_open_to_everyone(fixture_data, client, django_user_model):
    office = django_user_model.objects.create_user("office", password="x", role="office")
    do_compute_indicators(office, fixture_data, D(2024, 12, 31))
    do_publish_figures(office, fixture_data, D(2024, 12, 31), compute.Settings())  # computing alone publishes nothing
    client.logout()
    page = client.get("/public/statistics/", {"city": CITY})
    assert page.status_code == 200 and "有效发明专利拥有量" in page.content.decode()
    data = client.get("/api/v1/public/statistics", {"city": CITY}).json()
    assert data["as_of"] == "2024-12-31"
    quanshan = next(r for r in data["rows"] if r["code"] == QUANSHAN)
    assert quanshan["values"]["valid_invention"] == 3
    assert "applications_by_enterprise" not in quanshan["values"]  # not public
    client.force_login(office)
    client.post("/indicators/catalogue/", {"code": "applications_by_enterprise", "public": "1"})
    client.logout()
    data = client.get("/api/v1/public/statistics", {"city": CITY}).json()
    assert "applications_by_enterprise" in next(r for r in data["rows"] if r["code"] == QUANSHAN)["values"]
    csv_text = client.get("/public/statistics/", {"city": CITY, "format": "csv"}).content.decode("utf-8-sig")
    rows = {r["地区代码"]: r for r in csv.DictReader(io.StringIO(csv_text))}
    assert rows[QUANSHAN]["有效发明专利拥有量（件）"] == "3" and rows[QUANSHAN]["每万人口有效发明专利拥有量（件/万人）"] == ""
