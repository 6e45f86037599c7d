"""Writes of a person's structured qualifications (talent/qualifying.py). The office (talent.manage) records them for
anyone; a person records their own on 我的人才档案. Each write checks permission, runs in one transaction and writes
the audit record (talent.qualification_add / talent.qualification_remove)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from zhichan.core import audit
from zhichan.core.permissions import PermissionDenied, can
from zhichan.talent import qualifying
from zhichan.talent.actions import Refused
from zhichan.talent.models import Person, Qualification

FIELDS = ("kind", "name", "number", "issuer", "valid_from", "valid_to")


def may_edit(actor: Any, person: Person) -> bool:
    """The office, or the person themselves (their own record)."""
    if not getattr(actor, "is_authenticated", False) or not getattr(actor, "is_active", False):
        return False
    return can(actor, "talent.manage") or (person.user_id is not None and person.user_id == actor.pk)


def _require(actor: Any, person: Person) -> None:
    if not may_edit(actor, person):
        raise PermissionDenied("talent.qualification")


def clean(values: dict[str, Any]) -> dict[str, Any]:
    """The stored form of a qualification's fields, or Refused naming the first field that breaks a rule."""
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise Refused("__all__", _("不接受这些字段：%(names)s") % {"names": "、".join(sorted(unknown))})
    out = {n: values.get(n) for n in FIELDS}
    for n in ("kind", "name", "number", "issuer"):
        out[n] = (out[n] or "").strip()
    if out["kind"] != Qualification.Kind.OTHER:
        out["name"] = ""
    found = qualifying.problems(qualifying.Qualification(**out))
    if found:
        field, reason = next(iter(found.items()))
        raise Refused(field, _(reason))
    return out


def existing(person: Person, values: dict[str, Any]) -> Qualification | None:
    """The same certificate already on the person: same kind and number (or, without a number, the same kind, name
    and issuer) — a resent form or a re-import adds nothing."""
    rows = person.qualification_list.filter(kind=values["kind"])
    if values["number"]:
        return rows.filter(number=values["number"]).first()
    return rows.filter(number="", name=values["name"], issuer=values["issuer"]).first()


def add(actor: Any, person: Person, values: dict[str, Any]) -> tuple[Qualification, bool]:
    """Inside a caller's transaction: the qualification (cleaned) added, or the one already recorded; (row, created)."""
    values = clean(values)
    found = existing(person, values)
    if found is not None:
        return found, False
    row = Qualification.objects.create(person=person, created_by=actor, **values)
    audit.record(actor, "talent.qualification_add", row, summary=f"{person.name} {row}"[:300])
    return row, True


@transaction.atomic
def do_add_qualification(actor: Any, person: Person, values: dict[str, Any]) -> Qualification:
    _require(actor, person)
    return add(actor, person, values)[0]


@transaction.atomic
def do_remove_qualification(actor: Any, row: Qualification) -> None:
    _require(actor, row.person)
    audit.record(actor, "talent.qualification_remove", row, summary=f"{row.person.name} {row}"[:300])
    row.delete()
