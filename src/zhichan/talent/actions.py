"""Writes of the talent app. The office (talent.manage) enters and edits people, brings in the agency registry's
practitioners and the projects' experts, and keeps 人才清单; any signed-in user registers or edits their own record
as an enterprise IP manager. Each write checks permission, runs in one transaction and writes the audit record."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from zhichan.core import audit, resend
from zhichan.core.permissions import PermissionDenied, require
from zhichan.talent.models import ListEntry, Person, Qualification, TalentList

PERSON_FIELDS = ("kind", "name", "organization", "organization_name", "title", "qualifications", "fields")
OWN_FIELDS = ("name", "title", "qualifications", "fields")  # what a person edits of their own record


class Refused(ValueError):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field


def _apply(person: Person, values: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(values) - set(allowed)
    if unknown:
        raise Refused("__all__", _("不接受这些字段：%(names)s") % {"names": "、".join(sorted(unknown))})
    for name, value in values.items():
        setattr(person, name, value.strip() if isinstance(value, str) else value)
    if not person.name:
        raise Refused("name", _("请填写姓名"))


def _resent(actor: Any, model: Any, fields: dict[str, Any]) -> Any:
    """The row this user created moments ago with the very same fields: a form sent twice (double click, reload),
    not a second record."""
    return resend.recent(model.objects.all(), created_by=actor, **fields)


@transaction.atomic
def do_save_person(actor: Any, person: Person | None, values: dict[str, Any]) -> Person:
    require(actor, "talent.manage")
    creating = person is None
    person = person or Person(created_by=actor)
    _apply(person, values, PERSON_FIELDS)
    resent = _resent(actor, Person, {n: getattr(person, n) for n in PERSON_FIELDS}) if creating else None
    if resent is not None:
        return resent
    person.save()
    audit.record(actor, "talent.create" if creating else "talent.edit", person, summary=person.name)
    return person


@transaction.atomic
def do_save_own(actor: Any, values: dict[str, Any]) -> Person:
    """A signed-in user's own record: created as an enterprise IP manager (本人登记) of their organisation, or the
    fields a person may edit of the record the office keeps for them."""
    if not getattr(actor, "is_authenticated", False) or not getattr(actor, "is_active", False):
        raise PermissionDenied("talent.own")
    person = Person.objects.filter(user=actor).first()
    creating = person is None
    if creating:
        org = actor.organization if actor.organization_id else None
        verified = org is not None and org.verified  # a pending organisation is not linked, only named
        person = Person(kind=Person.Kind.MANAGER, user=actor, organization=org if verified else None,
                        organization_name="" if verified or org is None else org.name[:200],
                        self_registered=True, created_by=actor)
    _apply(person, values, OWN_FIELDS)
    person.save()
    audit.record(actor, "talent.own", person, summary=person.name)
    return person


@transaction.atomic
def do_bring_in(actor: Any) -> dict[str, int]:
    """Every practitioner of the agency registry and every expert in the projects pool not yet in the database
    becomes a person of it (linked, so their training records follow); returns how many of each."""
    from zhichan.agencies.models import Practitioner
    from zhichan.projects.models import Expert

    require(actor, "talent.manage")
    added = {"practitioners": 0, "experts": 0}
    for p in Practitioner.objects.filter(talent__isnull=True).select_related("agency"):
        person = Person.objects.create(kind=Person.Kind.PRACTITIONER, name=p.name, practitioner=p, created_by=actor,
                                       organization_name=p.agency.name if p.agency else "")
        if (p.certificate_number or "").strip():  # the 资格证 as a structured qualification (talent/qualifying.py)
            Qualification.objects.create(person=person, kind=Qualification.Kind.PATENT_ATTORNEY,
                                         number=p.certificate_number.strip()[:60], created_by=actor)
        added["practitioners"] += 1
    for e in Expert.objects.filter(talent__isnull=True, active=True):
        user = e.user if e.user_id and not Person.objects.filter(user_id=e.user_id).exists() else None
        Person.objects.create(kind=Person.Kind.EXPERT, name=e.name, expert=e, user=user, created_by=actor,
                              organization_name=e.organization, title=e.title_name,
                              fields=" ".join(e.fields or [])[:300])
        added["experts"] += 1
    audit.record(actor, "talent.bring_in", None, summary=f"{added['practitioners']} {added['experts']}")
    return added


@transaction.atomic
def do_save_list(actor: Any, values: dict[str, Any]) -> TalentList:
    require(actor, "talent.manage")
    fields = {"name": values["name"].strip(), "description": (values.get("description") or "").strip(),
              "year": values.get("year")}
    resent = _resent(actor, TalentList, fields)
    if resent is not None:
        return resent
    row = TalentList.objects.create(created_by=actor, **fields)
    audit.record(actor, "talent.list", row, summary=row.name)
    return row


@transaction.atomic
def do_add_entry(actor: Any, talent_list: TalentList, person: Person, note: str = "") -> ListEntry:
    require(actor, "talent.manage")
    if ListEntry.objects.filter(talent_list=talent_list, person=person).exists():
        raise Refused("person", _("此人已在清单中"))
    row = ListEntry.objects.create(talent_list=talent_list, person=person, note=(note or "").strip()[:500],
                                   added_by=actor)
    audit.record(actor, "talent.entry_add", row, summary=f"{talent_list.name} {person.name}"[:300])
    return row


@transaction.atomic
def do_remove_entry(actor: Any, entry: ListEntry) -> None:
    require(actor, "talent.manage")
    audit.record(actor, "talent.entry_remove", entry, summary=f"{entry.talent_list.name} {entry.person.name}"[:300])
    entry.delete()
