"""The office's figures of events: registrations (seated, waiting, cancelled), attendance and its rate, follow-up
outcomes and amounts — for one event or for all of them (a kind, a year)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from zhichan.events import rules
from zhichan.events.models import Event, EventItem, FollowUp, Registration


@dataclass
class Figures:
    events: int = 0
    seated: int = 0  # 已报名 (including those promoted from the waiting list)
    waiting: int = 0
    cancelled: int = 0
    attended: int = 0
    items: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    amount_wan: Decimal = Decimal(0)
    signed_wan: Decimal = Decimal(0)

    @property
    def attendance_rate(self) -> float | None:
        return rules.attendance_rate(self.attended, self.seated)

    @property
    def amount_text(self) -> str:
        return plain(self.amount_wan)

    @property
    def signed_text(self) -> str:
        return plain(self.signed_wan)

    @property
    def outcome_rows(self) -> list[tuple[str, Any, int]]:
        return [(code, label, self.outcomes.get(code, 0)) for code, label in FollowUp.Outcome.choices]


def plain(amount: Decimal) -> str:
    """万元 as the office writes them: 150.5, 30, 0.0025 (no trailing zeros, no exponent)."""
    return format(amount.quantize(Decimal("0.0001")).normalize(), "f")


def figures(events: QuerySet[Event]) -> Figures:
    regs = Registration.objects.filter(event__in=events).aggregate(
        seated=Count("pk", filter=Q(status=Registration.Status.REGISTERED)),
        waiting=Count("pk", filter=Q(status=Registration.Status.WAITLISTED)),
        cancelled=Count("pk", filter=Q(status=Registration.Status.CANCELLED)),
        attended=Count("pk", filter=Q(status=Registration.Status.REGISTERED, checked_in_at__isnull=False)))
    follow = FollowUp.objects.filter(event__in=events)
    outcomes = dict(follow.values_list("outcome").annotate(n=Count("pk")))
    amounts = follow.aggregate(total=Sum("amount_wan"),
                               signed=Sum("amount_wan", filter=Q(outcome=FollowUp.Outcome.SIGNED)))
    return Figures(events=events.count(), seated=regs["seated"], waiting=regs["waiting"],
                   cancelled=regs["cancelled"], attended=regs["attended"],
                   items=EventItem.objects.filter(event__in=events, status=EventItem.Status.ACCEPTED).count(),
                   outcomes=outcomes, amount_wan=amounts["total"] or Decimal(0),
                   signed_wan=amounts["signed"] or Decimal(0))


def per_event(events: QuerySet[Event]) -> QuerySet[Event]:
    """Each event with its counts, for the office's table."""
    return events.annotate(
        n_seated=Count("registrations", filter=Q(registrations__status=Registration.Status.REGISTERED),
                       distinct=True),
        n_waiting=Count("registrations", filter=Q(registrations__status=Registration.Status.WAITLISTED),
                        distinct=True),
        n_attended=Count("registrations", filter=Q(registrations__status=Registration.Status.REGISTERED,
                                                   registrations__checked_in_at__isnull=False), distinct=True),
        n_follow_ups=Count("follow_ups", distinct=True))
