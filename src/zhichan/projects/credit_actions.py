"""The office's record of serious dishonesty (严重失信) of organisations, copied from 信用中国 / 国家企业信用信息公示系统
(projects/credit_models.py). projects.manage only; one transaction each, audited (projects.dishonesty_record,
projects.dishonesty_remove). Eligibility reads the records through projects/facts.dishonesty."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from zhichan.core import audit
from zhichan.core.permissions import require
from zhichan.projects.actions import ALL, Refused
from zhichan.projects.credit_models import DishonestyRecord

FIELDS = ("organization", "source", "list_name", "document_number", "listed_on", "ends_on", "reason")


@transaction.atomic
def do_record_dishonesty(actor: Any, values: dict[str, Any]) -> DishonestyRecord:
    """A record as found on the public list; the same document number of the same source for the same organisation
    is refused (it is already recorded)."""
    require(actor, "projects.manage")
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise Refused({ALL: [_("不接受这些字段：%(names)s") % {"names": "、".join(sorted(unknown))}]})
    row = DishonestyRecord(created_by=actor, **{k: v.strip() if isinstance(v, str) else v for k, v in values.items()})
    if not row.document_number:
        raise Refused({"document_number": [_("请填写决定文书号")]})
    if row.ends_on and row.ends_on < row.listed_on:
        raise Refused({"ends_on": [_("届满日期早于列入日期")]})
    if DishonestyRecord.objects.filter(organization=row.organization, source=row.source,
                                       document_number=row.document_number).exists():
        raise Refused({"document_number": [_("该单位的这条记录已登记")]})
    row.save()
    audit.record(actor, "projects.dishonesty_record", row,
                 summary=f"{row.organization.name} {row.get_source_display()} {row.document_number}"[:300])
    return row


@transaction.atomic
def do_remove_dishonesty(actor: Any, record: DishonestyRecord, removed_on: dt.date, note: str) -> DishonestyRecord:
    """Removed from the list before its end (信用修复, the decision revoked): not in force from `removed_on`."""
    require(actor, "projects.manage")
    record = DishonestyRecord.objects.select_for_update().select_related("organization").get(pk=record.pk)
    if record.removed_on is not None:
        raise Refused({ALL: [_("该记录已移出")]})
    if removed_on < record.listed_on:
        raise Refused({"removed_on": [_("移出日期早于列入日期")]})
    if not (note or "").strip():
        raise Refused({"note": [_("请说明移出依据（如信用修复决定）")]})
    record.removed_on, record.removal_note, record.removed_by = removed_on, note.strip()[:500], actor
    record.save(update_fields=["removed_on", "removal_note", "removed_by"])
    audit.record(actor, "projects.dishonesty_remove", record,
                 summary=f"{record.organization.name} {record.document_number} {removed_on}"[:300])
    return record
