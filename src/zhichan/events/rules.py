"""The rules of an event, pure Python over aware datetimes (no Django): when registration is open, who gets a seat
and who waits (候补), who is promoted when a seat frees, when check-in is open and whether a token is right.

Refusals are codes; events/actions.py puts them into words. Times are compared as instants; the caller passes
`now` (timezone.now(), Asia/Shanghai as the project's TIME_ZONE) so tests can walk any clock.
"""

from __future__ import annotations

import datetime as dt
import hmac
from collections.abc import Sequence
from dataclasses import dataclass

DRAFT, PUBLISHED, CLOSED, ENDED, CANCELLED = "draft", "published", "closed", "ended", "cancelled"
REGISTERED, WAITLISTED, REG_CANCELLED = "registered", "waitlisted", "cancelled"
MAX_CAPACITY = 100_000  # a seat count beyond any hall: a typo, refused

# refusal codes
NOT_PUBLISHED, EVENT_CANCELLED, DEADLINE_PASSED, STARTED = "not_published", "cancelled", "deadline", "started"
TOO_EARLY, TOO_LATE, BAD_TOKEN, NOT_SEATED, ALREADY = "too_early", "too_late", "bad_token", "not_seated", "already"


@dataclass(frozen=True)
class Clock:
    """The times of one event that the rules read."""

    starts_at: dt.datetime
    ends_at: dt.datetime
    deadline: dt.datetime | None = None
    checkin_before: dt.timedelta = dt.timedelta(hours=2)
    checkin_after: dt.timedelta = dt.timedelta(hours=1)

    @property
    def closes_at(self) -> dt.datetime:
        """Registration closes at the deadline, or when the event starts, whichever is first."""
        return min(self.deadline, self.starts_at) if self.deadline else self.starts_at


def registration_problem(status: str, clock: Clock, now: dt.datetime) -> str | None:
    """Why nobody may register now, or None."""
    if status == CANCELLED:
        return EVENT_CANCELLED
    if status not in (PUBLISHED, CLOSED, ENDED):
        return NOT_PUBLISHED
    if now >= clock.starts_at:
        return STARTED
    if now >= clock.closes_at or status != PUBLISHED:
        return DEADLINE_PASSED
    return None


def cancellation_problem(status: str, clock: Clock, now: dt.datetime) -> str | None:
    """A registrant may give up the place until the event starts (afterwards it is attendance, or absence)."""
    if status == CANCELLED:
        return EVENT_CANCELLED
    return STARTED if now >= clock.starts_at else None


def seat_for(capacity: int | None, seated: int) -> str:
    """The status of a new registration when `seated` people hold seats already."""
    return REGISTERED if capacity is None or seated < capacity else WAITLISTED


def to_promote(capacity: int | None, seated: int, waiting: Sequence[int]) -> list[int]:
    """The waiting registrations (ids in their order) that take the free seats, first come first served."""
    if capacity is None:
        return list(waiting)
    free = max(capacity - seated, 0)
    return list(waiting[:free])


def capacity_problem(capacity: int | None) -> str | None:
    if capacity is None:
        return None
    if capacity < 1:
        return "capacity_zero"
    return "capacity_huge" if capacity > MAX_CAPACITY else None


def checkin_window(clock: Clock) -> tuple[dt.datetime, dt.datetime]:
    return clock.starts_at - clock.checkin_before, clock.ends_at + clock.checkin_after


def token_matches(expected: str, given: str) -> bool:
    """Constant time, so that the answer's timing tells nothing about a guessed token."""
    return bool(expected) and hmac.compare_digest(expected.encode(), (given or "").encode())


def checkin_problem(status: str, clock: Clock, now: dt.datetime, *, registration_status: str,
                    already: bool, expected_token: str, given_token: str) -> str | None:
    """Why this person may not be checked in now, or None: the token must be the registration's, the person must hold
    a seat, the event must not be cancelled, and `now` must fall in the check-in window of the day."""
    if not token_matches(expected_token, given_token):
        return BAD_TOKEN
    if status == CANCELLED:
        return EVENT_CANCELLED
    if status == DRAFT:
        return NOT_PUBLISHED
    if registration_status != REGISTERED:
        return NOT_SEATED
    if already:
        return ALREADY
    opens, closes = checkin_window(clock)
    if now < opens:
        return TOO_EARLY
    if now > closes:
        return TOO_LATE
    return None


def phase(status: str, clock: Clock, now: dt.datetime) -> str:
    """The status a reader should see now, whatever the nightly step has stored yet."""
    if status in (DRAFT, CANCELLED):
        return status
    if now >= clock.ends_at:
        return ENDED
    if now >= clock.closes_at:
        return CLOSED
    return PUBLISHED


def attendance_rate(attended: int, seated: int) -> float | None:
    """Attended over those holding a seat (the waiting list and the cancelled aside); None without any."""
    return attended / seated if seated else None
