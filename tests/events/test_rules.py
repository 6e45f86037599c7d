"""events/rules.py, pure: seats and the waiting list, when registration closes, the check-in window and token."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from zhichan.events import rules

SH = ZoneInfo("Asia/Shanghai")
START = dt.datetime(2026, 12, 10, 9, 0, tzinfo=SH)
END = dt.datetime(2026, 12, 10, 12, 0, tzinfo=SH)
CLOCK = rules.Clock(START, END, deadline=dt.datetime(2026, 12, 8, 18, 0, tzinfo=SH))


def test_seats_then_the_waiting_list():
    assert [rules.seat_for(2, n) for n in range(4)] == ["registered", "registered", "waitlisted", "waitlisted"]
    assert rules.seat_for(None, 10**9) == "registered"  # no limit


def test_free_seats_go_to_the_first_who_waited():
    assert rules.to_promote(3, 1, [7, 4, 9]) == [7, 4]
    assert rules.to_promote(3, 3, [7, 4]) == []
    assert rules.to_promote(2, 5, [7]) == []  # capacity lowered below the seated: nobody is promoted, nobody thrown out
    assert rules.to_promote(None, 100, [7, 4]) == [7, 4]


@given(capacity=st.integers(1, 50), seated=st.integers(0, 60), waiting=st.lists(st.integers(), max_size=60))
def test_promotion_never_overfills_and_keeps_the_order(capacity, seated, waiting):
    promoted = rules.to_promote(capacity, seated, waiting)
    assert promoted == waiting[:len(promoted)]
    assert seated + len(promoted) <= max(capacity, seated)
    if seated + len(waiting) <= capacity:
        assert promoted == waiting


def test_capacity_zero_and_absurd_capacities_are_refused():
    assert rules.capacity_problem(0) == "capacity_zero"
    assert rules.capacity_problem(-3) == "capacity_zero"
    assert rules.capacity_problem(rules.MAX_CAPACITY) is None
    assert rules.capacity_problem(rules.MAX_CAPACITY + 1) == "capacity_huge"
    assert rules.capacity_problem(None) is None


def test_registration_closes_at_the_deadline():
    just_before = dt.datetime(2026, 12, 8, 17, 59, tzinfo=SH)
    assert rules.registration_problem("published", CLOCK, just_before) is None
    assert rules.registration_problem("published", CLOCK, CLOCK.deadline) == rules.DEADLINE_PASSED
    # the same instant written in UTC is the same deadline
    assert rules.registration_problem("published", CLOCK, dt.datetime(2026, 12, 8, 10, 0, tzinfo=dt.UTC)) \
        == rules.DEADLINE_PASSED


def test_without_a_deadline_registration_closes_when_the_event_starts():
    clock = rules.Clock(START, END)
    assert rules.registration_problem("published", clock, START - dt.timedelta(minutes=1)) is None
    assert rules.registration_problem("published", clock, START) == rules.STARTED
    late_deadline = rules.Clock(START, END, deadline=END)  # a deadline after the start does not keep it open
    assert late_deadline.closes_at == START


def test_only_a_published_event_takes_registrations():
    early = dt.datetime(2026, 12, 1, tzinfo=SH)
    assert rules.registration_problem("draft", CLOCK, early) == rules.NOT_PUBLISHED
    assert rules.registration_problem("cancelled", CLOCK, early) == rules.EVENT_CANCELLED
    assert rules.registration_problem("closed", CLOCK, early) == rules.DEADLINE_PASSED


def check(now, status="published", **kw):
    args = {"registration_status": "registered", "already": False, "expected_token": "tok-123",
            "given_token": "tok-123", **kw}
    return rules.checkin_problem(status, CLOCK, now, **args)


def test_check_in_only_in_the_window_of_the_day():
    assert rules.checkin_window(CLOCK) == (dt.datetime(2026, 12, 10, 7, 0, tzinfo=SH),
                                           dt.datetime(2026, 12, 10, 13, 0, tzinfo=SH))
    assert check(dt.datetime(2026, 12, 9, 9, 0, tzinfo=SH)) == rules.TOO_EARLY  # the day before
    assert check(dt.datetime(2026, 12, 10, 6, 59, tzinfo=SH)) == rules.TOO_EARLY
    assert check(dt.datetime(2026, 12, 10, 7, 0, tzinfo=SH)) is None
    assert check(dt.datetime(2026, 12, 10, 13, 0, tzinfo=SH)) is None
    assert check(dt.datetime(2026, 12, 10, 13, 1, tzinfo=SH)) == rules.TOO_LATE


def test_the_window_is_configurable():
    wide = rules.Clock(START, END, checkin_before=dt.timedelta(minutes=0), checkin_after=dt.timedelta(minutes=0))
    problem = rules.checkin_problem("published", wide, START - dt.timedelta(seconds=1), registration_status="registered",
                                    already=False, expected_token="a", given_token="a")
    assert problem == rules.TOO_EARLY


def test_check_in_needs_the_right_token_and_a_seat():
    on_the_day = dt.datetime(2026, 12, 10, 8, 30, tzinfo=SH)
    assert check(on_the_day, given_token="tok-124") == rules.BAD_TOKEN
    assert check(on_the_day, given_token="") == rules.BAD_TOKEN
    assert check(on_the_day, expected_token="", given_token="") == rules.BAD_TOKEN  # an empty token matches nothing
    assert check(on_the_day, registration_status="waitlisted") == rules.NOT_SEATED
    assert check(on_the_day, registration_status="cancelled") == rules.NOT_SEATED
    assert check(on_the_day, already=True) == rules.ALREADY
    assert check(on_the_day, status="cancelled") == rules.EVENT_CANCELLED


def test_phase_follows_the_clock():
    assert rules.phase("published", CLOCK, dt.datetime(2026, 12, 1, tzinfo=SH)) == "published"
    assert rules.phase("published", CLOCK, CLOCK.deadline) == "closed"
    assert rules.phase("closed", CLOCK, END) == "ended"
    assert rules.phase("cancelled", CLOCK, END) == "cancelled"
    assert rules.phase("draft", CLOCK, END) == "draft"


def test_attendance_rate():
    assert rules.attendance_rate(2, 3) == 2 / 3
    assert rules.attendance_rate(0, 0) is None
