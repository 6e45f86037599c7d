"""The smaller defects of issue 11, each reproduced: numbers, kinds, amounts, status dates, status observations,
group names, addresses, validity gaps."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import CommandError, call_command

from tests.conftest import THUNDERSOFT, raw_data
from zhichan.patents import facts, highvalue, numbers
from zhichan.patents import record as rec
from zhichan.patents.ingest import statusdate
from zhichan.patents.validity import validity

D = dt.date


def test_two_digit_years_before_2003():
    assert numbers.parse_application_number("CN02300872.5").filing_year == 2002
    assert numbers.parse_application_number("CN88109087.5").filing_year == 1988


def test_pct_international_application_numbers():
    number = numbers.parse_application_number("PCT/CN2020/123456")
    assert (number.country, number.receiving_office, number.is_pct_international) == ("WO", "CN", True)
    assert number.key == numbers.parse_application_number("WOCN20123456").key  # incoPat writes it so
    assert numbers.parse_application_number("PCT/IB99/00123").receiving_office == "IB"
    assert not numbers.parse_application_number("CN202210836006.7").is_pct_international


def test_design_grants_with_kind_d():
    assert numbers.is_grant_kind("CN", "D")  # 2002–2009 design grants
    assert not numbers.is_grant_kind("CN", "A")


def test_german_b3_b4_are_grants_abroad():
    assert highvalue.family_abroad_granted(["DE102019123456B4"])
    assert highvalue.family_abroad_granted(["DE102019123456B3"])
    assert not highvalue.family_abroad_granted(["DE102019123456A1"])


def test_pledge_amount_with_thousands_separators():
    assert highvalue.pledge_amount_wan("质押金额 5,000万元") == 5000
    assert highvalue.pledge_amount_wan("质押金额：1，200 万元") == 1200
    assert highvalue.pledge_amount_wan("1.2亿元") == 12000


def test_status_date_from_names_and_files():
    assert statusdate.from_name("10000.xlsx", "20230418--通用自动驾驶--zlfx2023.1") == D(2023, 4, 18)
    assert statusdate.from_name("导出_2024-06-30.xlsx") == D(2024, 6, 30)
    assert statusdate.from_name("zlfx2023.1", "72.xlsx") is None
    assert statusdate.from_name("20991231.xlsx", today=D(2026, 1, 1)) is None  # not in the future
    record = rec.PatentRecord("CN1", "CN", publications=[rec.PublicationRecord("CN1A", "CN", "A", D(2021, 3, 1))],
                              events=[rec.EventRecord(D(2022, 5, 1), "授权", "")])
    assert statusdate.decide(None, ["x.xlsx"], [record]) == (D(2022, 5, 1), statusdate.FILE)
    assert statusdate.decide(D(2020, 1, 1), ["20230418.xlsx"], [record]) == (D(2020, 1, 1), statusdate.OPTION)


def snap(**kw):
    base = {"key": "CN202010000001.4", "patent_type": "invention", "filing_date": "2020-03-01", "grant_date": None,
            "events": [], "legal_status": "valid", "statuses": [], "country": "CN", "parties": [], "ipc": []}
    return {**base, **kw}


def test_a_publication_in_force_is_valid_from_the_status_date():
    found = validity(snap(statuses=[{"date": "2023-04-18", "status": "valid"}]))
    assert not found.grant_known
    assert found.on(D(2023, 4, 18)) and found.on(D(2030, 1, 1)) and not found.on(D(2023, 4, 17))
    assert not found.on(D(2040, 3, 1))  # the term still ends


def test_a_later_import_that_says_lapsed_ends_it():
    found = validity(snap(statuses=[{"date": "2023-04-18", "status": "valid"},
                                    {"date": "2024-01-10", "status": "lapsed"}]))
    assert found.on(D(2023, 12, 31)) and not found.on(D(2024, 1, 10))
    merged = rec.merge(snap(statuses=[{"date": "2023-04-18", "status": "valid"}], as_of="2023-04-18"),
                       snap(statuses=[{"date": "2024-01-10", "status": "lapsed"}], legal_status="lapsed",
                            as_of="2024-01-10"))
    assert len(merged["statuses"]) == 2 and merged["legal_status"] == "lapsed"
    assert validity(merged).on(D(2023, 6, 1)) and not validity(merged).on(D(2024, 6, 1))


def test_pct_status_is_never_valid():
    assert not validity(snap(statuses=[{"date": "2023-04-18", "status": "pct"}], legal_status="pct")).on(
        D(2024, 1, 1))


def test_every_gap_is_kept():
    events = [{"date": f"{y}-01-01", "code": "未缴年费专利权终止", "description": ""} for y in (2016, 2018, 2020)] + \
        [{"date": f"{y}-06-01", "code": "专利权的恢复", "description": ""} for y in (2016, 2018)]
    found = validity(snap(grant_date="2015-01-01", filing_date="2012-01-01", events=events))
    fact = facts.fact(1, snap(grant_date="2015-01-01", filing_date="2012-01-01", events=events), set(), False, False)
    row, _, gaps = facts.rows(fact)
    assert [found.on(D(y, 3, 1)) for y in (2015, 2016, 2017, 2018, 2019, 2020)] == \
        [True, False, True, False, True, False]
    assert gaps == [(1, 20200101, facts.OPEN)] and row[facts.COLUMNS.index("gaps_more")] is True


def test_group_names_are_aliases_and_holders_take_the_applicant_address():
    holder = {"role": "holder", "name": "中科创达软件股份有限公司"}
    applicant = {"role": "applicant", "name": "中科创达软件股份有限公司", "region_code": "110108"}
    assert facts.holders({"parties": [applicant, holder]})[0]["region_code"] == "110108"


@pytest.mark.django_db
def test_thundersoft_group_names_are_not_holders(capsys):
    path = raw_data(THUNDERSOFT)
    call_command("import_patents", str(path), "--json", "--no-progress")
    summary = json.loads(capsys.readouterr().out)
    assert summary["details"][0]["status_date"] == "2022-12-19"
    assert summary["details"][0]["status_date_source"] == "name"
    from zhichan.patents.models import Application, Party

    assert not Party.objects.filter(role="holder").exists()  # 标准专利权人 is the group, not the holder
    app = Application.objects.exclude(region=None).first()
    assert app.data["group_names"]  # kept as the vendor's aliases
    first = app.parties.filter(role="applicant").first()
    assert first.region_id and first.region_source == "address"


@pytest.mark.django_db
def test_status_date_option_wins(capsys, tmp_path):
    path = raw_data(THUNDERSOFT)
    call_command("import_patents", str(path), "--json", "--no-progress", "--status-date", "2022-12-01")
    summary = json.loads(capsys.readouterr().out)
    assert (summary["details"][0]["status_date"], summary["details"][0]["status_date_source"]) == \
        ("2022-12-01", "option")


@pytest.mark.django_db
def test_status_date_out_of_range_is_refused():
    path = raw_data(THUNDERSOFT)
    for bad in ("0001-01-01", "1900-01-01", "2999-12-31"):
        with pytest.raises(CommandError, match="status date out of range"):
            call_command("import_patents", str(path), "--status-date", bad, "--no-progress")
    with pytest.raises(ValueError):
        statusdate.checked(D(1984, 12, 31))
