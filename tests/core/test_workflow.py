"""The workflow engine: working days across the Spring Festival and adjusted weekends, every legal and illegal
transition of every service type, the clock pausing while the applicant is asked for material, overdue."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from zhichan.core.workflow import calendar
from zhichan.core.workflow.machine import (
    DUE_SOON,
    NO_CLOCK,
    ON_TIME,
    OVERDUE,
    PAUSED,
    ROLES,
    STOPPED,
    CaseState,
    TransitionError,
    apply,
    on_time,
    standing,
)
from zhichan.core.workflow.services import MACHINES, PREEXAM

D = dt.date


def test_working_days_across_the_2026_spring_festival():
    # 2026: 2月15日至23日放假调休；2月14日（星期六）、2月28日（星期六）上班
    assert calendar.is_workday(D(2026, 2, 14)) and calendar.is_workday(D(2026, 2, 28))
    assert not any(calendar.is_workday(D(2026, 2, d)) for d in range(15, 24))
    assert calendar.add_workdays(D(2026, 2, 12), 1) == D(2026, 2, 13)
    assert calendar.add_workdays(D(2026, 2, 13), 1) == D(2026, 2, 14)  # an adjusted working Saturday
    assert calendar.add_workdays(D(2026, 2, 14), 1) == D(2026, 2, 24)  # the first day after the holiday
    assert calendar.add_workdays(D(2026, 2, 12), 7) == D(2026, 2, 28)
    assert calendar.workdays_between(D(2026, 2, 13), D(2026, 2, 27)) == 5  # 14, 24, 25, 26, 27


def test_working_days_across_the_2025_spring_festival():
    # 2025: 1月28日至2月4日放假调休；1月26日（星期日）、2月8日（星期六）上班
    assert calendar.add_workdays(D(2025, 1, 24), 2) == D(2025, 1, 27)  # Sunday the 26th is a working day
    assert calendar.add_workdays(D(2025, 1, 27), 1) == D(2025, 2, 5)
    assert calendar.add_workdays(D(2025, 2, 7), 1) == D(2025, 2, 8)  # working Saturday
    assert calendar.add_workdays(D(2025, 9, 30), 1) == D(2025, 10, 9)  # National Day and Mid-Autumn 2025


def test_years_beyond_the_calendar_fall_back_to_weekdays():
    assert not calendar.covered(D(2027, 1, 4)) and calendar.covered(D(2026, 12, 31))
    assert calendar.add_workdays(D(2027, 1, 8), 1) == D(2027, 1, 11)  # Friday -> Monday


def filled(machine, t):
    return {f: "x" for f in t.fields}


@pytest.mark.parametrize("kind", sorted(MACHINES))
def test_every_transition_from_every_state_for_every_role(kind):
    machine = MACHINES[kind]
    legal = 0
    for state, t, role in itertools.product(machine.states, machine.transitions, ROLES):
        case = CaseState(state)
        if state in t.sources and role in t.roles:
            after = apply(machine, case, t.name, role, filled(machine, t), t.attachments, D(2026, 3, 2))
            assert after.state == t.target
            legal += 1
            for missing in t.fields:
                with pytest.raises(TransitionError, match="请填写"):
                    apply(machine, case, t.name, role, {f: "x" for f in t.fields if f != missing}, t.attachments)
            if t.attachments:
                with pytest.raises(TransitionError, match="附件"):
                    apply(machine, case, t.name, role, filled(machine, t), t.attachments - 1)
        else:
            with pytest.raises(TransitionError):
                apply(machine, case, t.name, role, filled(machine, t), t.attachments)
    assert legal >= len(machine.transitions)
    with pytest.raises(TransitionError, match="没有"):
        apply(machine, CaseState(machine.initial), "fly", "staff")
    assert machine.final_states, "every service ends somewhere"
    reachable, frontier = {machine.initial}, [machine.initial]
    while frontier:
        state = frontier.pop()
        for t in machine.transitions:
            if state in t.sources and t.target not in reachable:
                reachable.add(t.target)
                frontier.append(t.target)
    assert reachable == set(machine.states), "no state is unreachable"


def step(case, name, role, day, **fields):
    t = PREEXAM.transition(name)
    values = {f: "x" for f in t.fields} | fields
    return apply(PREEXAM, case, name, role, values, t.attachments, day)


def test_pre_examination_clock_pauses_while_waiting_and_tracks_the_filing_deadline():
    case = step(CaseState("draft"), "submit", "applicant", D(2026, 2, 12))
    assert case.clock.due == D(2026, 2, 28) and standing(case.clock, D(2026, 2, 13)) == ON_TIME
    case = step(case, "claim", "staff", D(2026, 2, 13))
    case = step(case, "request_material", "staff", D(2026, 2, 24))
    assert standing(case.clock, D(2026, 3, 20)) == PAUSED  # never overdue while the applicant holds it
    case = step(case, "answer", "applicant", D(2026, 3, 3))
    # waited 25, 26, 27, 28 (working Saturday), 2 and 3 March: six working days added to 28 February
    assert case.clock.waited == 6 and case.clock.due == D(2026, 3, 9)
    assert standing(case.clock, D(2026, 3, 5)) == DUE_SOON
    assert standing(case.clock, D(2026, 3, 10)) == OVERDUE
    case = step(case, "approve", "staff", D(2026, 3, 6))
    assert case.state == "passed" and case.clock.due == D(2026, 3, 20)  # 10 working days to file formally
    case = step(case, "record_filing", "applicant", D(2026, 3, 12), application_number="CN202610000001.X")
    assert case.state == "filed" and standing(case.clock, D(2026, 4, 1)) == STOPPED and on_time(case.clock)


def test_overdue_and_late_finish():
    case = step(CaseState("draft"), "submit", "applicant", D(2026, 3, 2))
    assert standing(case.clock, D(2026, 3, 12)) == OVERDUE  # due 11 March
    case = step(step(case, "claim", "staff", D(2026, 3, 3)), "reject", "staff", D(2026, 3, 13), reason="不属于技术领域")
    assert on_time(case.clock) is False
    assert standing(CaseState("draft").clock, D(2026, 3, 2)) == NO_CLOCK
