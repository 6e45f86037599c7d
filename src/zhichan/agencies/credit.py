"""The credit score of a patent agency under one rule version (专利代理信用评价管理办法(试行)). Pure Python.

The score starts at the version's base (100); each event that counts on the evaluation date adds its rule's points
(negative: a deduction, positive: a bonus for honours). An event counts from the day it happened for its rule's
term (months; none: until it ends), and stops on the day it ends (信用修复, removal from a list). An event may carry
its own points (the office weighs it, e.g. abnormal applications by their number); a rule's cap bounds what all the
events of its code count together (abnormal applications: at most 40). The grade follows the score:
A+ above 100, A 90–100, B 80 to under 90, C 60 to under 80, D under 60. The score never falls below 0.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

A_PLUS, A, B, C, D = "A+", "A", "B", "C", "D"
GRADES = (A_PLUS, A, B, C, D)
BASE = Decimal(100)


@dataclass(frozen=True)
class Rule:
    code: str
    points: Decimal
    cap: Decimal | None = None
    term_months: int | None = None
    label: str = ""


@dataclass(frozen=True)
class Event:
    code: str
    occurred_on: dt.date
    points: Decimal | None = None  # the office's weighing, within the rule's cap; None: the rule's points
    ends_on: dt.date | None = None
    ref: object = None  # the caller's id of the event, carried into the lines


@dataclass(frozen=True)
class Line:
    ref: object
    code: str
    points: Decimal


@dataclass(frozen=True)
class Result:
    score: Decimal
    grade: str
    lines: tuple[Line, ...] = ()
    unknown: tuple[object, ...] = field(default=())  # refs of events whose code the version does not know


def grade_of(score: Decimal | int | float) -> str:
    value = Decimal(str(score))
    if value > 100:
        return A_PLUS
    if value >= 90:
        return A
    if value >= 80:
        return B
    if value >= 60:
        return C
    return D


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it has no such day: 31 Jan + 1 month = 28/29 Feb)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def counts_on(event: Event, rule: Rule, as_of: dt.date) -> bool:
    if event.occurred_on > as_of:
        return False
    if event.ends_on is not None and event.ends_on <= as_of:
        return False
    return rule.term_months is None or as_of < add_months(event.occurred_on, rule.term_months)


def points_of(event: Event, rule: Rule) -> Decimal:
    """The event's own points carry the rule's sign; alone they may not exceed the cap."""
    if event.points is None:
        return Decimal(rule.points)
    sign = -1 if rule.points < 0 else 1
    magnitude = abs(Decimal(event.points))
    if rule.cap is not None:
        magnitude = min(magnitude, Decimal(rule.cap))
    return sign * magnitude


def evaluate(events: Iterable[Event], rules: Mapping[str, Rule], as_of: dt.date, base: Decimal = BASE) -> Result:
    """The score and grade on `as_of` from the events under the rules of one version."""
    lines: list[Line] = []
    unknown: list[object] = []
    used: dict[str, Decimal] = {}  # magnitude counted so far per capped code
    for event in sorted(events, key=lambda e: (e.occurred_on, str(e.ref))):
        rule = rules.get(event.code)
        if rule is None:
            unknown.append(event.ref)
            continue
        if not counts_on(event, rule, as_of):
            continue
        points = points_of(event, rule)
        if rule.cap is not None:
            room = Decimal(rule.cap) - used.get(event.code, Decimal(0))
            magnitude = max(Decimal(0), min(abs(points), room))
            used[event.code] = used.get(event.code, Decimal(0)) + magnitude
            points = magnitude if points >= 0 else -magnitude
        lines.append(Line(event.ref, event.code, points))
    score = max(Decimal(0), Decimal(base) + sum((line.points for line in lines), Decimal(0)))
    return Result(score, grade_of(score), tuple(lines), tuple(unknown))


def period_end(year: int) -> dt.date:
    """The evaluation date of a yearly period: its last day."""
    return dt.date(year, 12, 31)
