"""公示 periods in working days, tranches within the grant, acceptance of declared targets and 绩效评价 grades, on
hand-computed values."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from zhichan.projects import outcome, performance


def test_publicity_counts_working_days_across_a_weekend():
    # Friday 2026-11-27 is day 1; Mon 30 Nov day 2 … Thu 3 Dec day 5
    assert outcome.publicity_end(dt.date(2026, 11, 27), 5) == dt.date(2026, 12, 3)
    # started on Saturday 28 Nov: the first working day is Monday 30 Nov, day 5 is Friday 4 Dec
    assert outcome.publicity_end(dt.date(2026, 11, 28), 5) == dt.date(2026, 12, 4)
    assert outcome.publicity_end(dt.date(2026, 11, 27), 1) == dt.date(2026, 11, 27)


def test_publicity_skips_the_national_day_holiday():
    # 2025-09-30 (Tue) is day 1; 1–8 October 2025 are holidays, 11 Oct (Sat) is a working day: days 2, 3 = 9, 10 Oct
    assert outcome.publicity_end(dt.date(2025, 9, 30), 3) == dt.date(2025, 10, 10)


def test_objection_window_and_its_end():
    start, end = dt.date(2026, 11, 27), dt.date(2026, 12, 3)
    assert outcome.objections_open(start, end, end)
    assert not outcome.objections_open(start, end, dt.date(2026, 12, 4))
    assert not outcome.publicity_over(end, end)
    assert outcome.publicity_over(end, dt.date(2026, 12, 4))


def test_tranches_never_exceed_the_grant():
    assert outcome.tranche_room(D("50.00"), [D("20"), D("15.5")]) == D("14.50")
    assert outcome.fits(D("50"), [D("20"), D("15.5")], D("14.50"))
    assert not outcome.fits(D("50"), [D("20"), D("15.5")], D("14.51"))
    assert outcome.tranche_room(D("10"), [D("12")]) == D("0")


@pytest.mark.parametrize("raw", ["0", "-1", "abc", "NaN", "Infinity", "1e10"])
def test_amounts_refused(raw):
    with pytest.raises(ValueError):
        outcome.amount(raw)


def test_amount_to_two_decimals():
    assert outcome.amount(" 12.345 ") == D("12.35")
    assert outcome.amount("30") == D("30.00")


def test_targets_are_the_marked_number_fields_and_compared():
    fields = [{"code": "f1", "label": "项目名称", "type": "text", "target": True},
              {"code": "f2", "label": "新增发明专利申请（件）", "type": "number", "target": True},
              {"code": "f3", "label": "研发投入（万元）", "type": "number"},
              {"code": "f4", "label": "新增专利许可（件）", "type": "number", "target": True}]
    declared = outcome.targets(fields, {"f1": "x", "f2": "10", "f3": "100", "f4": "3"})
    assert [t["code"] for t in declared] == ["f2", "f4"]
    rows = outcome.compare(declared, {"f2": "12", "f4": "2"})
    assert [(r["declared"], r["achieved"], r["met"]) for r in rows] == [("10", "12", True), ("3", "2", False)]
    assert [r["met"] for r in outcome.compare(declared, {"f2": "10", "f4": "abc"})] == [True, False]


def test_grades_at_their_thresholds():
    assert [performance.grade(D(s)) for s in ("100", "90", "89.99", "80", "79.99", "60", "59.99", "0")] == \
        ["优", "优", "良", "良", "中", "中", "差", "差"]


def test_weights_must_sum_to_100():
    performance.clean_weights({"output": 40, "effect": 30, "satisfaction": 10, "budget": 20})
    with pytest.raises(performance.IndicatorError, match="sum to 100"):
        performance.clean_weights({"output": 40, "effect": 30, "satisfaction": 10, "budget": 25})
    with pytest.raises(performance.IndicatorError, match="budget: weight missing"):
        performance.clean_weights({"output": 40, "effect": 30, "satisfaction": 30})
    with pytest.raises(performance.IndicatorError, match="effect: weight must be positive"):
        performance.clean_weights({"output": 70, "effect": 0, "satisfaction": 10, "budget": 20})


def test_an_evaluation_hand_computed():
    weights = performance.DEFAULT_WEIGHTS  # 40 / 30 / 10 / 20
    output = performance.share_score(weights["output"], D(1), D(2))  # one of two targets met: 20.00
    budget = performance.share_score(weights["budget"], D("45"), D("50"))  # 90 % disbursed: 18.00
    assert (output, budget) == (D("20.00"), D("18.00"))
    scores, total, grade = performance.evaluate(weights, {"output": output, "effect": "25", "satisfaction": "9",
                                                          "budget": budget})
    assert total == D("72.00") and grade == "中"  # 20 + 25 + 9 + 18
    _s, total, grade = performance.evaluate(weights, {"output": 40, "effect": 28, "satisfaction": 9.5, "budget": 20})
    assert total == D("97.50") and grade == "优"
    with pytest.raises(performance.IndicatorError, match="satisfaction"):
        performance.evaluate(weights, {"output": 40, "effect": 28, "satisfaction": 11, "budget": 20})


def test_share_score_is_capped_and_safe():
    assert performance.share_score(D(20), D(60), D(50)) == D("20.00")
    assert performance.share_score(D(20), D(1), D(0)) == D("0.00")
    assert performance.share_score(D(40), D(2), D(3)) == D("26.67")
