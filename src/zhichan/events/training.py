"""Training writes and reads (issue 17 item 6): the 学时 of a checked-in registration credited (at check-in, or by
the office afterwards for events whose hours were set later), a person's credits by year, the office's overview by
organisation. The yearly rule is in events/hours.py; the certificate in events/certificate.py."""

from __future__ import annotations

import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from zhichan.core import audit
from zhichan.core.permissions import require
from zhichan.events import hours
from zhichan.events.models import Credit, Event, Registration

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed by hand


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(12))


def _practitioner(name: str, number: str) -> Any:
    """The agencies' practitioner record with this 资格证号 and the same name, else None."""
    from zhichan.agencies.models import Practitioner

    number = (number or "").strip()
    if not number:
        return None
    return Practitioner.objects.filter(certificate_number=number, name=name.strip()).first()


def credit(actor: Any, registration: Registration) -> Credit | None:
    """Credit the event's hours to a seated, checked-in registration (once); None when the event carries none.
    Called inside the check-in's transaction."""
    event: Event = registration.event
    if event.hours is None or not event.hours_category or registration.checked_in_at is None:
        return None
    if registration.status != Registration.Status.REGISTERED:
        return None
    existing = Credit.objects.filter(registration=registration).first()
    if existing is not None:
        return existing
    year = timezone.localtime(event.starts_at).year
    count = Credit.objects.filter(year=year).count()
    row = Credit.objects.create(
        registration=registration, user_id=registration.user_id, organization_id=registration.organization_id,
        practitioner=_practitioner(registration.name, registration.practice_no), name=registration.name,
        year=year, hours=event.hours, category=event.hours_category, credited_at=timezone.now(),
        number=f"{year}-{count + 1:06d}", code=new_code())
    audit.record(actor, "events.credit", row, summary=f"{event.pk} {row.name} {hours.plain(row.hours)}")
    return row


@transaction.atomic
def do_credit_hours(actor: Any, event: Event) -> int:
    """The office credits every checked-in person of an event that has hours (those checked in before the hours
    were set); returns how many were newly credited."""
    require(actor, "events.manage")
    event = Event.objects.select_for_update().get(pk=event.pk)
    done = 0
    rows = event.registrations.filter(status=Registration.Status.REGISTERED, checked_in_at__isnull=False,
                                      credit__isnull=True).select_related("event")
    for registration in rows:
        if credit(actor, registration) is not None:
            done += 1
    return done


def entries(credits: QuerySet[Credit]) -> list[hours.Entry]:
    return [hours.Entry(c.year, c.hours, c.category) for c in credits]


def credits_of(user: Any) -> QuerySet[Credit]:
    return Credit.objects.filter(user_id=user.pk).select_related("registration__event")


@dataclass
class PersonYear:
    key: str
    name: str
    organization: str
    practice_no: str
    sums: hours.YearSum
    credits: int = 0


@dataclass
class OrgGroup:
    name: str
    people: list[PersonYear] = field(default_factory=list)

    @property
    def short(self) -> int:
        return sum(1 for p in self.people if not p.sums.met)


def overview(year: int) -> list[OrgGroup]:
    """Everyone credited in the year, grouped by organisation (no organisation last), with their sums and shortfall.
    A person is their user account (the practitioner record's 资格证号 shown when matched)."""
    rows = Credit.objects.filter(year=year).select_related("organization", "practitioner", "user") \
        .order_by("user_id", "id")
    by_user: dict[int, list[Credit]] = defaultdict(list)
    for row in rows:
        by_user[row.user_id].append(row)
    groups: dict[str, OrgGroup] = {}
    for credits in by_user.values():
        last = credits[-1]
        org = last.organization.name if last.organization else ""
        number = next((c.practitioner.certificate_number for c in credits if c.practitioner), "")
        person = PersonYear(f"u{last.user_id}", last.name, org, number, hours.year_sum(entries(credits), year),
                            len(credits))
        groups.setdefault(org, OrgGroup(org)).people.append(person)
    for group in groups.values():
        group.people.sort(key=lambda p: p.name)
    return sorted(groups.values(), key=lambda g: (g.name == "", g.name))


TRAINING_KINDS = (Event.Kind.LECTURE, Event.Kind.COURSE)


@dataclass
class Yearly:
    persons: int  # 知识产权培训人次: seated, checked-in attendances of lectures and courses
    lectures: int  # 讲座期数: lectures held (published, not cancelled, started in the year)
    courses: int
    hours: str  # 学时 credited in the year
    lectures_held: int = 0  # 知识产权讲座期数: lectures of the year, not cancelled, with at least one check-in


def yearly(year: int) -> Yearly:
    from django.db.models import Sum

    held = Event.objects.filter(kind__in=TRAINING_KINDS, starts_at__year=year,
                                status__in=[Event.Status.PUBLISHED, Event.Status.CLOSED, Event.Status.ENDED])
    persons = Registration.objects.filter(event__in=held, status=Registration.Status.REGISTERED,
                                          checked_in_at__isnull=False).count()
    total = Credit.objects.filter(year=year).aggregate(n=Sum("hours"))["n"]
    attended = held.filter(kind=Event.Kind.LECTURE, registrations__status=Registration.Status.REGISTERED,
                           registrations__checked_in_at__isnull=False).distinct().count()
    return Yearly(persons, held.filter(kind=Event.Kind.LECTURE).count(), held.filter(kind=Event.Kind.COURSE).count(),
                  hours.plain(total) if total is not None else "0", attended)


def do_feed_indicators(actor: Any, region: Any, year: int) -> list[Any]:
    """培训人次 and 讲座期数 of the year into the plans' reported indicators `training_persons` and `lectures_held`
    (plan 000: 举办知识产权公益讲座10期), as drafts the office approves (the way services.actions.do_feed_indicators
    feeds its counts); a rerun replaces its own earlier drafts."""
    from zhichan.indicators import catalogue
    from zhichan.indicators.models import ReportedValue

    require(actor, "events.manage")
    catalogue.sync()
    figures = yearly(year)
    note = f"培训与讲座签到数据（{year} 年）"
    values = {"training_persons": figures.persons, "lectures_held": figures.lectures_held}
    rows = []
    with transaction.atomic():
        for indicator, value in values.items():
            ReportedValue.objects.filter(indicator_id=indicator, region=region, period=str(year),
                                         status=ReportedValue.DRAFT, source_note=note).delete()
            rows.append(ReportedValue.objects.create(indicator_id=indicator, region=region, period=str(year),
                                                     value=value, source_note=note, entered_by=actor))
        audit.record(actor, "events.feed_indicators", region, summary=f"培训人次生成指标填报 {year}",
                     changes={**values, "lectures": figures.lectures})
    return rows
