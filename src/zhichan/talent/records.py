"""A person's training records: the events app's 学时 credits of their platform account or of their practitioner
record (matched at check-in by name and 资格证号), with the yearly sums against the 90-hour rule."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from zhichan.events import hours
from zhichan.events.models import Credit
from zhichan.talent.models import Person


def credits_for(person: Person) -> list[Credit]:
    where = Q(pk__in=[])
    if person.user_id:
        where |= Q(user_id=person.user_id)
    if person.practitioner_id:
        where |= Q(practitioner_id=person.practitioner_id)
    return list(Credit.objects.filter(where).select_related("registration__event").distinct())


def years(credits: list[Credit]) -> list[hours.YearSum]:
    return hours.by_year(hours.Entry(c.year, c.hours, c.category) for c in credits)


def visible(user: Any, person: Person) -> bool:
    from zhichan.core.permissions import can

    return can(user, "talent.manage") or (person.user_id is not None and person.user_id == user.pk)
