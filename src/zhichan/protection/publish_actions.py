"""Publication by the office (protection.manage): an e-commerce case's notice, counter-notice and result
(电子商务法 Art. 44) on /protection/ecommerce/, and a closed case as a typical case (典型案例) on /protection/cases/
with its summary anonymised (protection/anonymise.py). Each checks the permission, runs in a transaction and writes
an audit record."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichan.core import audit
from zhichan.core.permissions import PermissionDenied, can
from zhichan.core.workflow import machine as wf
from zhichan.protection import anonymise, flow
from zhichan.protection.actions import MANAGE, kind
from zhichan.protection.models import DisputeCase, TypicalCase

UNHANDLED = ("draft", "submitted")  # an e-commerce notice the platform has not acted on yet
OUTCOME_FIELDS = ("finding", "decision", "opinion", "agreement", "advice", "measures")


def _check(actor: Any) -> None:
    if not can(actor, MANAGE):
        raise PermissionDenied(MANAGE)


@transaction.atomic
def do_publish_notice(actor: Any, case: DisputeCase, publish: bool = True,
                      today: dt.date | None = None) -> DisputeCase:
    """Publish (or take down) an e-commerce case on the public page: only once the notice has been acted on
    (measures taken, or the notice not accepted)."""
    _check(actor)
    case = DisputeCase.objects.select_for_update().get(pk=case.pk)
    if case.kind != flow.ECOMMERCE:
        raise wf.TransitionError(_("只有电子商务通知与声明需要公示"))
    if publish and case.state in UNHANDLED:
        raise wf.TransitionError(_("通知尚未处理（采取必要措施或不予采纳）前不能公示"))
    case.published_on = (today or timezone.localdate()) if publish else None
    case.save(update_fields=["published_on", "updated_at"])
    audit.record(actor, "protection.publish_notice" if publish else "protection.unpublish_notice", case,
                 summary=f"{case.number} {'公示' if publish else '撤下公示'}")
    return case


def names_of(case: DisputeCase) -> list[str]:
    """Every name the case records: parties, trademark holders, applicants of the patents, the filer's name."""
    names = [p.name for p in case.parties.all()]
    names += [m.holder for m in case.trademarks.all()]
    names += [a.first_applicant for a in case.patents.all() if a.first_applicant]
    if case.contact_name:
        names.append(case.contact_name)
    return names


def mapping_of(case: DisputeCase) -> dict[str, str]:
    return anonymise.placeholders(names_of(case))


def _closed(case: DisputeCase) -> bool:
    return case.closed_on is not None and case.state in kind(case.kind).closed


def draft_texts(case: DisputeCase) -> dict[str, str]:
    """The first summary of a typical case, from the case's own record, anonymised."""
    machine = kind(case.kind).machine
    mapping = mapping_of(case)
    facts = "\n".join(t for t in (case.title, case.fields.get("claims", "")) if t)
    outcome = [f"{_(machine.states.get(case.state, case.state))}。"]
    outcome += [f"{_(machine.fields.get(f, f))}：{case.fields[f]}" for f in OUTCOME_FIELDS if case.fields.get(f)]
    return {"title": anonymise.anonymise(case.title, mapping)[:200], "facts": anonymise.anonymise(facts, mapping),
            "outcome": anonymise.anonymise("\n".join(outcome), mapping)}


@transaction.atomic
def do_draft_typical(actor: Any, case: DisputeCase) -> TypicalCase:
    """A closed case as a draft typical case (unpublished), its summary taken from the record and anonymised."""
    _check(actor)
    case = DisputeCase.objects.select_for_update().get(pk=case.pk)
    if not _closed(case):
        raise wf.TransitionError(_("只有已结案的案件可以编为典型案例"))
    existing = TypicalCase.objects.filter(case=case).first()
    if existing is not None:
        return existing
    typical = TypicalCase.objects.create(case=case, edited_by=actor, **draft_texts(case))
    audit.record(actor, "protection.typical_draft", typical, summary=f"{case.number} 典型案例草稿")
    return typical


@transaction.atomic
def do_save_typical(actor: Any, typical: TypicalCase, *, title: str, facts: str, outcome: str,
                    significance: str) -> TypicalCase:
    """The office's edit of the summary; the parties' names are replaced again (a name typed back stays hidden)."""
    _check(actor)
    typical = TypicalCase.objects.select_for_update().select_related("case").get(pk=typical.pk)
    mapping = mapping_of(typical.case)
    before = {"title": typical.title, "facts": typical.facts, "outcome": typical.outcome,
              "significance": typical.significance}
    typical.title = anonymise.anonymise(title.strip(), mapping)[:200]
    typical.facts = anonymise.anonymise(facts.strip(), mapping)
    typical.outcome = anonymise.anonymise(outcome.strip(), mapping)
    typical.significance = anonymise.anonymise(significance.strip(), mapping)
    typical.edited_by = actor
    typical.save()
    changed = [k for k, v in before.items() if getattr(typical, k) != v]
    audit.record(actor, "protection.typical_edit", typical, summary=f"{typical.case.number} 典型案例修改",
                 changes={"fields": changed})
    return typical


@transaction.atomic
def do_publish_typical(actor: Any, typical: TypicalCase, publish: bool = True,
                       today: dt.date | None = None) -> TypicalCase:
    """Publish (or withdraw) a typical case: its case closed, title, 案情简介, 处理结果 and 典型意义 written."""
    _check(actor)
    typical = TypicalCase.objects.select_for_update().select_related("case").get(pk=typical.pk)
    if publish:
        if not _closed(typical.case):
            raise wf.TransitionError(_("只有已结案的案件可以发布为典型案例"))
        if not all(t.strip() for t in (typical.title, typical.facts, typical.outcome, typical.significance)):
            raise wf.TransitionError(_("发布前请填写标题、案情简介、裁判要点/处理结果和典型意义"))
    typical.published_on = (today or timezone.localdate()) if publish else None
    typical.save(update_fields=["published_on", "updated_at"])
    audit.record(actor, "protection.typical_publish" if publish else "protection.typical_unpublish", typical,
                 summary=f"{typical.case.number} {'发布' if publish else '撤回'}典型案例")
    return typical


def published_typical() -> Any:
    """The typical cases the public sees: published, of a closed case."""
    return TypicalCase.objects.filter(published_on__isnull=False, case__closed_on__isnull=False).select_related("case")
