"""Credit scores and grades for hand-built event histories (专利代理信用评价管理办法(试行)), pure."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from zhichan.agencies import credit
from zhichan.agencies.credit import Event, Rule

D = dt.date
RULES = {r.code: r for r in [
    Rule("abnormal_filing", Decimal(-40), cap=Decimal(40), term_months=12),
    Rule("suspended", Decimal(-60), term_months=12),
    Rule("revoked", Decimal(-100)),
    Rule("manager_conviction", Decimal(-100), term_months=36),
    Rule("caseload_excess", Decimal(-15), term_months=12),
    Rule("annual_report_missing", Decimal(-20), term_months=12),
    Rule("annual_report_late", Decimal(-10), term_months=12),
    Rule("honour", Decimal(5), cap=Decimal(10), term_months=12),
]}


@pytest.mark.parametrize(("score", "grade"), [
    (130, "A+"), (100.5, "A+"), (100, "A"), (90, "A"), (89.9, "B"), (80, "B"), (79.9, "C"), (60, "C"),
    (59.9, "D"), (0, "D"),
])
def test_grade_boundaries(score, grade):
    assert credit.grade_of(score) == grade


def test_clean_history_is_a():
    result = credit.evaluate([], RULES, D(2025, 12, 31))
    assert (result.score, result.grade, result.lines) == (Decimal(100), "A", ())


def test_honours_lift_above_100_capped():
    events = [Event("honour", D(2025, 3, 1), ref=1), Event("honour", D(2025, 6, 1), ref=2),
              Event("honour", D(2025, 9, 1), ref=3)]
    result = credit.evaluate(events, RULES, D(2025, 12, 31))
    assert result.score == Decimal(110) and result.grade == "A+"
    assert [line.points for line in result.lines] == [5, 5, 0]


def test_deductions_add_up():
    events = [Event("caseload_excess", D(2025, 2, 1), ref="a"), Event("annual_report_missing", D(2025, 4, 1), ref="b")]
    result = credit.evaluate(events, RULES, D(2025, 12, 31))
    assert result.score == Decimal(65) and result.grade == "C"


def test_abnormal_applications_weighed_by_the_office_and_capped_at_40():
    events = [Event("abnormal_filing", D(2025, 1, 5), points=Decimal(25), ref=1),
              Event("abnormal_filing", D(2025, 5, 5), points=Decimal(25), ref=2)]
    result = credit.evaluate(events, RULES, D(2025, 12, 31))
    assert [line.points for line in result.lines] == [-25, -15]
    assert result.score == Decimal(60) and result.grade == "C"
    one = credit.evaluate([Event("abnormal_filing", D(2025, 1, 5), points=Decimal(90), ref=1)], RULES, D(2025, 6, 1))
    assert one.score == Decimal(60)


def test_revocation_and_conviction_floor_at_zero():
    events = [Event("revoked", D(2020, 1, 1), ref=1), Event("manager_conviction", D(2025, 1, 1), ref=2)]
    result = credit.evaluate(events, RULES, D(2025, 12, 31))
    assert result.score == 0 and result.grade == "D"
    assert credit.evaluate([Event("revoked", D(2010, 1, 1))], RULES, D(2030, 1, 1)).grade == "D"  # no term


def test_suspension_counts_for_its_term_only():
    events = [Event("suspended", D(2024, 7, 1), ref=1)]
    assert credit.evaluate(events, RULES, D(2024, 12, 31)).score == 40
    assert credit.evaluate(events, RULES, D(2025, 6, 30)).score == 40
    assert credit.evaluate(events, RULES, D(2025, 7, 1)).score == 100  # twelve months later
    assert credit.evaluate(events, RULES, D(2024, 6, 30)).score == 100  # not yet


def test_repair_ends_an_event():
    repaired = [Event("caseload_excess", D(2025, 2, 1), ends_on=D(2025, 8, 1))]
    assert credit.evaluate(repaired, RULES, D(2025, 7, 31)).score == 85
    assert credit.evaluate(repaired, RULES, D(2025, 8, 1)).score == 100


def test_unknown_codes_are_reported_not_scored():
    result = credit.evaluate([Event("mystery", D(2025, 1, 1), ref=9)], RULES, D(2025, 12, 31))
    assert result.score == 100 and result.unknown == (9,)


def test_rule_version_change_changes_the_result():
    events = [Event("caseload_excess", D(2025, 2, 1))]
    harsher = {**RULES, "caseload_excess": Rule("caseload_excess", Decimal(-25), term_months=12)}
    assert credit.evaluate(events, RULES, D(2025, 12, 31)).grade == "B"
    assert credit.evaluate(events, harsher, D(2025, 12, 31)).grade == "C"


def test_add_months_keeps_month_ends():
    assert credit.add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert credit.add_months(D(2023, 12, 15), 12) == D(2024, 12, 15)
