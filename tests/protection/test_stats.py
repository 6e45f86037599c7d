"""Statistics per period, counted by hand: 受理 in the period, 结案 in the period, 结案率 = 结案 ÷ 受理, 平均办案周期 in
working days from acceptance to closing (Saturday 2025-10-11 was a working day, 10-01 … 10-08 were not)."""

from __future__ import annotations

import datetime as dt

import pytest

from zhichan.protection import actions, stats

from .conftest import adjudication

D = dt.date
pytestmark = pytest.mark.django_db


def _file(people, code, fields, today):
    return actions.do_file_case(people["office"], code, title="案件", fields=fields, today=today)[0]


@pytest.fixture
def october(people, patent):
    a = actions.do_transition(people["a"], adjudication(people, patent), "accept", today=D(2025, 9, 30))
    a = actions.do_transition(people["a"], a, "withdraw", {"reason": "双方和解"}, today=D(2025, 10, 13))
    b = _file(people, "report", {"category": "counterfeit", "claims": "假冒专利标识"}, D(2025, 9, 30))
    b = actions.do_transition(people["a"], b, "accept", today=D(2025, 10, 9))
    actions.do_transition(people["a"], b, "substantiate", {"finding": "查实"}, today=D(2025, 10, 20))
    c = _file(people, "mediation", {"claims": "许可费"}, D(2025, 10, 10))
    actions.do_transition(people["a"], c, "accept", today=D(2025, 10, 14))
    d = _file(people, "guidance", {"country": "美国", "claims": "337调查"}, D(2025, 10, 10))
    actions.do_transition(people["a"], d, "accept", today=D(2025, 10, 15))
    e = _file(people, "report", {"category": "other", "claims": "线索不清"}, D(2025, 10, 9))
    actions.do_transition(people["a"], e, "decline", {"reason": "不属于管辖范围"}, today=D(2025, 10, 10))


def test_a_month(october):
    # accepted in October: b (10-09), c (10-14), d (10-15); closed: a (accepted 09-30, closed 10-13: 10-09, 10-10,
    # 10-11, 10-13 = 4 working days) and b (10-09 → 10-20: 10-10, 10-11, 10-13 … 10-17, 10-20 = 8); e never accepted
    figures = stats.period(D(2025, 10, 1), D(2025, 10, 31))
    assert figures == stats.Figures(accepted=3, closed=2, rate=0.6667, average_days=6.0)


def test_september_and_an_empty_period(october):
    assert stats.period(D(2025, 9, 1), D(2025, 9, 30)) == stats.Figures(1, 0, 0.0, None)
    assert stats.period(D(2025, 11, 1), D(2025, 11, 30)) == stats.Figures(0, 0, None, None)


def test_by_kind(october):
    rows = stats.by_kind(D(2025, 10, 1), D(2025, 10, 31))
    assert rows["report"] == stats.Figures(1, 1, 1.0, 8.0)
    assert rows["adjudication"] == stats.Figures(0, 1, None, 4.0)
    assert rows["mediation"] == stats.Figures(1, 0, 0.0, None)


def test_feed_indicators_writes_drafts(october, people):
    from zhichan.core.models import Region
    from zhichan.indicators.models import ReportedValue

    city = Region.objects.get(code="320300")
    with pytest.raises(actions.PermissionDenied):
        actions.do_feed_indicators(people["a"], city, 2025)
    actions.do_feed_indicators(people["office"], city, 2025)
    actions.do_feed_indicators(people["office"], city, 2025)  # again: replaces its drafts
    values = dict(ReportedValue.objects.filter(region=city, period="2025").values_list("indicator_id", "value"))
    # enforcement kinds (adjudication, report): a and b accepted in 2025, both closed, (4 + 8) / 2 working days
    assert values == {"enforcement_cases": 2, "case_closing_days": 6.0}
    assert ReportedValue.objects.filter(status=ReportedValue.DRAFT).count() == 2
