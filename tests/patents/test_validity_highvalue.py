"""Validity on a date and the high-value criteria, against hand-computed expectations (domain.md §3, §5)."""

from __future__ import annotations

import datetime as dt

import pytest

from zhichan.patents import facts, highvalue
from zhichan.patents.validity import LAPSE, PLEDGE, RESTORE, TRANSFER, event_kind, term_end, validity

D = dt.date


def snap(**kw):
    base = {"patent_type": "invention", "filing_date": "2012-03-01", "grant_date": "2015-06-10", "events": [],
            "legal_status": "valid", "country": "CN", "parties": [], "ipc": [], "family_members": []}
    return {**base, **kw}


def ev(date, code, description=""):
    return {"date": date, "code": code, "description": description}


def test_event_kinds():
    assert event_kind("未缴年费专利权终止") == LAPSE
    assert event_kind("专利权的终止", "期限届满") == LAPSE
    assert event_kind("专利权全部无效") == LAPSE
    assert event_kind("专利权的恢复") == RESTORE
    assert event_kind("专利权质押合同登记的生效") == PLEDGE
    assert event_kind("专利权质押合同登记的注销") not in {PLEDGE, LAPSE}
    assert event_kind("专利申请权、专利权的转移") == TRANSFER


def test_terms():
    assert term_end("invention", D(2012, 3, 1)) == D(2032, 3, 1)
    assert term_end("utility", D(2012, 3, 1)) == D(2022, 3, 1)
    assert term_end("design", D(2021, 5, 31)) == D(2031, 5, 31)  # before 2021-06-01: 10 years
    assert term_end("design", D(2021, 6, 1)) == D(2036, 6, 1)  # from 2021-06-01: 15 years
    assert term_end("invention", D(2004, 2, 29)) == D(2024, 2, 29)
    assert term_end("utility", D(2004, 2, 29)) == D(2014, 3, 1)  # no 29 February in 2014


def test_validity_as_of_dates():
    plain = validity(snap())
    assert not plain.on(D(2015, 6, 9)) and plain.on(D(2015, 6, 10)) and plain.on(D(2032, 2, 29))
    assert not plain.on(D(2032, 3, 1))  # the term ended
    lapsed = validity(snap(events=[ev("2019-04-01", "未缴年费专利权终止")], legal_status="lapsed"))
    assert lapsed.on(D(2019, 3, 31)) and not lapsed.on(D(2019, 4, 1)) and not lapsed.on(D(2025, 1, 1))
    restored = validity(snap(events=[ev("2019-04-01", "未缴年费专利权终止"), ev("2019-09-01", "专利权的恢复")]))
    assert restored.on(D(2019, 3, 31)) and not restored.on(D(2019, 8, 31)) and restored.on(D(2019, 9, 1))
    twice = validity(snap(events=[ev("2017-01-01", "终止"), ev("2017-05-01", "恢复"), ev("2020-01-01", "放弃")]))
    assert [twice.on(D(y, 3, 1)) for y in (2016, 2017, 2018, 2021)] == [True, False, True, False]
    utility = validity(snap(patent_type="utility", filing_date="2012-03-01"))
    assert utility.on(D(2022, 2, 28)) and not utility.on(D(2022, 3, 1))
    pending = validity(snap(grant_date=None, legal_status="pending"))
    assert not pending.on(D(2025, 1, 1))
    # no dated events: the status word decides
    assert not validity(snap(legal_status="lapsed")).on(D(2016, 1, 1))
    assert validity(snap(legal_status="valid")).on(D(2016, 1, 1))
    # a grant known only from an event
    assert validity(snap(grant_date=None, events=[ev("2016-01-05", "授权")])).on(D(2016, 1, 5))


EVIDENCE = highvalue.Evidence(filing=D(2012, 3, 1), grant=D(2015, 6, 10), sei_main=False, sei_any=False,
                              family_abroad_granted=False, pledge_max_wan=0.0, award=False)
AS_OF = D(2021, 12, 31)


@pytest.mark.parametrize(("change", "expected"), [
    ({}, set()),
    ({"sei_any": True}, {"sei"}),
    ({"sei_main": True, "sei_any": True}, {"sei"}),
    ({"family_abroad_granted": True}, {"family_abroad"}),
    ({"filing": D(2011, 12, 30)}, {"ten_years"}),  # more than 10 years by 2021-12-31
    ({"filing": D(2011, 12, 31)}, set()),  # exactly 10 years is not more than 10
    ({"pledge_max_wan": 1000.0}, {"pledge"}),
    ({"pledge_max_wan": 999.0}, set()),
    ({"award": True}, {"award"}),
    ({"sei_any": True, "award": True, "pledge_max_wan": 5000.0}, {"sei", "award", "pledge"}),
])
def test_each_criterion_alone_and_combined(change, expected):
    from dataclasses import replace

    assert highvalue.flags(replace(EVIDENCE, **change), highvalue.Settings(), AS_OF) == expected


def test_settings_change_the_flags():
    from dataclasses import replace

    only_any = replace(EVIDENCE, sei_any=True)
    assert highvalue.flags(only_any, highvalue.Settings(sei_match="main"), AS_OF) == set()
    old = replace(EVIDENCE, filing=D(2010, 1, 1), grant=D(2013, 1, 1))
    assert highvalue.flags(old, highvalue.Settings(ten_years_from="filing"), AS_OF) == {"ten_years"}
    assert highvalue.flags(old, highvalue.Settings(ten_years_from="grant"), AS_OF) == set()
    pledged = replace(EVIDENCE, pledge_max_wan=300.0)
    assert highvalue.flags(pledged, highvalue.Settings(pledge_threshold_wan=200), AS_OF) == {"pledge"}


def test_amounts_and_family():
    assert highvalue.pledge_amount_wan("专利权质押合同登记的生效，质押金额 500 万元") == 500
    assert highvalue.pledge_amount_wan("质押金额1.2亿元") == 12000
    assert highvalue.pledge_amount_wan("质押登记") == 0
    assert highvalue.family_abroad_granted(["US10234567B2"])
    assert not highvalue.family_abroad_granted(["US20200012345A1", "CN112345678B", "TW201912345A"])


def test_fact_domestic_and_regions():
    parties = [{"role": "applicant", "name": "徐州工程学院", "region_code": "320311", "country": "CN"},
               {"role": "applicant", "name": "台湾某公司", "region_code": "710000", "country": "CN"}]
    f = facts.fact(1, snap(parties=parties, key="CN1"), {"320311", "710000"}, False, True)
    assert f.domestic and f.region == "320311" and f.holder_regions == ["320311", "710000"]
    assert f.grant == 20150610 and f.end == 20320301 and f.ten_from_filing == 20220301
    taiwan_first = facts.fact(2, snap(parties=parties[::-1]), {"320311", "710000"}, False, False)
    assert not taiwan_first.domestic
    foreign = facts.fact(3, snap(parties=[{"role": "applicant", "name": "Toyota", "country": "JP"}]), set(), 0, 0)
    assert not foreign.domestic
