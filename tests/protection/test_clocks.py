"""Every clock against working days counted by hand on the 2025 calendar: 国庆 and 中秋 2025-10-01 … 10-08 are
holidays, Sunday 2025-09-28 and Saturday 2025-10-11 are adjusted working days (调休上班)."""

from __future__ import annotations

import datetime as dt

from zhichan.core.workflow.machine import Clock
from zhichan.protection import clocks, flow
from zhichan.protection.clocks import DAYS, MONTHS, WORKDAYS, Limit

D = dt.date


def test_the_calendar_this_file_relies_on():
    from zhichan.core.workflow.calendar import is_workday
    assert is_workday(D(2025, 9, 28)) and is_workday(D(2025, 10, 11))  # Sunday, Saturday: adjusted working days
    assert not any(is_workday(D(2025, 10, d)) for d in range(1, 9))


def test_acceptance_in_five_working_days_across_the_holiday():
    # Fri 09-26 → Sun 09-28 (1, adjusted), Mon 09-29 (2), Tue 09-30 (3), Thu 10-09 (4), Fri 10-10 (5)
    assert clocks.due(D(2025, 9, 26), flow.ADJ_ACCEPT) == D(2025, 10, 10)
    # Tue 09-30 → 10-09 (1), 10-10 (2), Sat 10-11 (3, adjusted), Mon 10-13 (4), Tue 10-14 (5)
    assert clocks.due(D(2025, 9, 30), flow.ADJ_ACCEPT) == D(2025, 10, 14)


def test_decision_three_months_from_filing_and_its_extension():
    assert clocks.due(D(2025, 9, 26), flow.ADJ_DECIDE) == D(2025, 12, 26)  # a Friday
    # 3 months from 07-04 end on Saturday 10-04, inside the holiday: the period ends on Thursday 10-09 (Art. 203)
    assert clocks.due(D(2025, 7, 4), flow.ADJ_DECIDE) == D(2025, 10, 9)
    clock = clocks.start(D(2025, 10, 10), flow.ADJ_DECIDE, base=D(2025, 9, 26))
    assert clock.started == D(2025, 9, 26) and clock.due == D(2025, 12, 26)
    assert clocks.extend(clock, flow.ADJ_DECIDE, flow.ADJ_EXTEND).due == D(2026, 1, 26)  # 4 months: a Monday


def test_months_without_a_corresponding_day_end_on_the_months_last_day():
    assert clocks.add_months(D(2025, 11, 30), 3) == D(2026, 2, 28)
    assert clocks.add_months(D(2025, 12, 31), 2) == D(2026, 2, 28)


def test_mediation_two_months_three_when_complex():
    clock = clocks.start(D(2025, 8, 1), flow.MED_DECIDE)
    assert clock.due == D(2025, 10, 9)  # 10-01 is a holiday: the next working day
    # 3 months from 08-01 end on Saturday 11-01: Monday 11-03
    assert clocks.extend(clock, flow.MED_DECIDE, flow.MED_EXTEND).due == D(2025, 11, 3)


def test_defence_fifteen_days_from_receipt():
    assert clocks.due(D(2025, 9, 20), flow.DEFENCE) == D(2025, 10, 9)  # 10-05 is in the holiday
    assert clocks.due(D(2025, 11, 3), flow.DEFENCE) == D(2025, 11, 18)  # a Tuesday: no shift


def test_hearing_notice_at_least_five_working_days_ahead():
    assert not clocks.notice_ok(D(2025, 9, 30), D(2025, 10, 13), flow.HEARING_NOTICE)
    assert clocks.notice_ok(D(2025, 9, 30), D(2025, 10, 14), flow.HEARING_NOTICE)


def test_ecommerce_fifteen_days_after_the_counter_notice_reaches_the_holder():
    assert clocks.due(D(2025, 9, 16), flow.ECOM_WAIT) == D(2025, 10, 9)  # 10-01 is a holiday
    assert clocks.due(D(2025, 11, 3), flow.ECOM_WAIT) == D(2025, 11, 18)


def test_a_pause_in_a_month_limit_moves_the_due_date_by_calendar_days():
    clock = clocks.start(D(2025, 10, 10), flow.ADJ_DECIDE, base=D(2025, 9, 26))
    paused = clocks.pause(clock, D(2025, 10, 1))
    assert clocks.pause(paused, D(2025, 10, 2)) == paused  # a second pause changes nothing
    resumed = clocks.resume(paused, D(2025, 10, 21), MONTHS)
    assert resumed.waited == 20 and resumed.due == D(2026, 1, 15) and resumed.paused_on is None
    # an extension after the pause keeps the 20 days: 4 months from 09-26 is 2026-01-26, + 20 days = 02-15, a
    # Sunday in the 2026 Spring Festival holiday (02-15 … 02-23): Tuesday 02-24
    assert clocks.extend(resumed, flow.ADJ_DECIDE, flow.ADJ_EXTEND).due == D(2026, 2, 24)


def test_a_pause_in_a_working_day_limit_counts_working_days():
    limit = Limit(15, WORKDAYS)
    clock = clocks.start(D(2025, 10, 13), limit)
    assert clock.due == D(2025, 11, 3)  # 10-14 … 10-31 are 14 working days, 11-03 the 15th
    resumed = clocks.resume(clocks.pause(clock, D(2025, 10, 17)), D(2025, 10, 24), WORKDAYS)
    assert resumed.waited == 5 and resumed.due == D(2025, 11, 10)  # 11-04 … 11-07, 11-10


def test_stop_ends_a_pause():
    clock = clocks.pause(Clock(D(2025, 9, 1), D(2025, 9, 30)), D(2025, 9, 10))
    assert clocks.stop(clock, D(2025, 9, 12)) == Clock(D(2025, 9, 1), D(2025, 9, 30), None, D(2025, 9, 12), 0)


def test_days_limit_counted_from_the_next_day():
    assert clocks.due(D(2025, 11, 3), Limit(1, DAYS)) == D(2025, 11, 4)
