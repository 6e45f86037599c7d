"""Writes to the deals register: record, edit and cancel a deal (the office), bring in the registered 质押登记 cases
and the transfer, licence and pledge events of imported legal-status data. Each action checks permission, runs in
one transaction and writes the audit record. The actor None is the command line or a job, as in the other apps.

A holder does not declare its own deals here: the figures are official statistics, so the office records them from
the contract, the recordal or registration notice, or the pledge window's registration (docs/deals.md)."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichan.core import audit, resend
from zhichan.core.permissions import require
from zhichan.deals import events, rules
from zhichan.deals.models import Deal

DEAL_FIELDS = ("kind", "licence_type", "application", "right", "from_organization", "from_name", "to_organization",
               "to_name", "amount_wan", "contract_date", "effective_on", "recordal_number", "region", "listing",
               "note")
TWIN_DAYS = 180  # a recordal or registration is announced within this many days of taking effect


class Refused(ValueError):
    """A deal refused for reasons the user can fix: `errors` maps form fields ('' the whole) to reasons."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(r for reasons in errors.values() for r in reasons))
        self.errors = errors


def default_region(deal: Deal) -> Any:
    """The statistics region when none is given: the 出让方's (holder, licensor, pledgor: where the right comes from,
    as patent statistics count a right for its holder), else the other party's, else the patent's region."""
    for org in (deal.from_organization, deal.to_organization):
        if org is not None and org.region_id:
            return org.region
    if deal.application_id and deal.application.region_id:
        return deal.application.region
    return None


def _check(deal: Deal) -> None:
    errors: dict[str, list[str]] = {}
    problem = rules.amount_problem(deal.amount_wan)
    if problem:
        errors["amount_wan"] = [_(problem)]
    if not deal.application_id and not deal.right.strip():
        errors["application"] = [_("请填写专利申请号，或在“权利说明”中写明交易的权利")]
    if not (deal.from_name or deal.from_organization_id) or not (deal.to_name or deal.to_organization_id):
        errors.setdefault("", []).append(_("请填写交易双方"))
    if deal.licence_type and deal.kind not in rules.LICENCES:
        errors["licence_type"] = [_("只有许可才有许可类型")]
    if deal.kind == rules.OPEN_LICENCE and deal.licence_type not in ("", Deal.LicenceType.ORDINARY):
        errors["licence_type"] = [_("开放许可只能是普通许可（专利法第五十一条）")]
    if deal.contract_date and deal.effective_on and deal.effective_on < deal.contract_date:
        errors["effective_on"] = [_("登记（备案）日不能早于合同生效日")]
    if errors:
        raise Refused(errors)


def _fill(deal: Deal, values: dict[str, Any]) -> None:
    unknown = set(values) - set(DEAL_FIELDS)
    if unknown:
        raise Refused({"": [_("不接受这些字段：%(names)s") % {"names": "、".join(sorted(unknown))}]})
    for name, value in values.items():
        setattr(deal, name, "" if value is None and name in ("licence_type", "right", "from_name", "to_name",
                                                              "recordal_number", "note") else value)
    for side in ("from", "to"):  # a party chosen from the organisations is written by its name too
        org = getattr(deal, f"{side}_organization")
        if org is not None and not getattr(deal, f"{side}_name"):
            setattr(deal, f"{side}_name", org.name[:200])
    if deal.kind == rules.OPEN_LICENCE and not deal.licence_type:
        deal.licence_type = Deal.LicenceType.ORDINARY
    if deal.listing_id and not deal.application_id:
        deal.application = deal.listing.application
    if deal.listing_id and deal.source == Deal.Source.MANUAL and deal.listing.kind == "open":
        deal.source = Deal.Source.OPEN_LISTING  # a licence taken under a published open-licence declaration
    if deal.region_id is None:
        deal.region = default_region(deal)


def _snapshot(deal: Deal) -> dict[str, str]:
    """The deal's fields as text (an amount without trailing zeros: 10 and 10.0000 are the same amount)."""
    out = {}
    for f in DEAL_FIELDS:
        value = getattr(deal, f + "_id" if f in ("application", "from_organization", "to_organization", "region",
                                                 "listing") else f)
        out[f] = format(value.normalize(), "f") if isinstance(value, Decimal) else str(value or "")
    return out


def _event_twin(deal: Deal) -> Deal | None:
    """The deal a legal event already brought in for the same patent and kind, without an amount, announced within
    TWIN_DAYS after this deal took effect: the office's record completes it rather than counting it twice."""
    day = deal.effective_on or deal.contract_date
    if not deal.application_id or day is None:
        return None
    return (Deal.objects.select_for_update().filter(
        application_id=deal.application_id, kind=deal.kind, source=Deal.Source.LEGAL_EVENT, status=Deal.Status.ACTIVE,
        amount_wan__isnull=True, event_date__range=(day, day + dt.timedelta(days=TWIN_DAYS)))
        .order_by("event_date").first())


@transaction.atomic
def do_record_deal(actor: Any, values: dict[str, Any]) -> Deal:
    require(actor, "deals.record")
    deal = Deal(created_by=actor if getattr(actor, "pk", None) else None, recorded_on=timezone.localdate())
    _fill(deal, values)
    _check(deal)
    twin = _event_twin(deal)
    if twin is not None:
        before = _snapshot(twin)
        _fill(twin, {k: v for k, v in values.items() if v not in (None, "")})
        twin.save()
        audit.record(actor, "deals.record", twin, summary=f"补录 {twin}（合并法律状态识别的交易）",
                     changes={"merged_into": twin.pk, "before": before, "after": _snapshot(twin)})
        return twin
    resent = _resent(deal)
    if resent is not None:
        return resent
    deal.save()
    audit.record(actor, "deals.record", deal, summary=f"登记 {deal}", changes=_snapshot(deal))
    return deal


def _resent(deal: Deal) -> Deal | None:
    """The deal this user recorded moments ago with the very same fields: a double-submitted form, not a second
    deal (it would count twice in 知识产权交易额)."""
    if deal.created_by_id is None:
        return None
    since = resend.window_start()
    wanted = _snapshot(deal)
    for row in Deal.objects.select_for_update().filter(created_by_id=deal.created_by_id, created_at__gte=since,
                                                       kind=deal.kind, status=Deal.Status.ACTIVE).order_by("-pk")[:5]:
        if _snapshot(row) == wanted:
            return row
    return None


@transaction.atomic
def do_edit_deal(actor: Any, deal: Deal, values: dict[str, Any]) -> Deal:
    require(actor, "deals.record")
    deal = Deal.objects.select_for_update().get(pk=deal.pk)
    if deal.status == Deal.Status.CANCELLED:
        raise Refused({"": [_("已注销的交易不能修改")]})
    before = _snapshot(deal)
    if "region" in values and values["region"] is None:
        deal.region = None  # back to the rule
    _fill(deal, values)
    _check(deal)
    deal.save()
    after = _snapshot(deal)
    audit.record(actor, "deals.edit", deal, summary=f"修改 {deal}",
                 changes={k: [before[k], after[k]] for k in after if before[k] != after[k]})
    return deal


@transaction.atomic
def do_cancel_deal(actor: Any, deal: Deal, on: dt.date | None = None, reason: str = "") -> Deal:
    """已注销: the deal counts for no date on or after `on` (default today)."""
    require(actor, "deals.record")
    deal = Deal.objects.select_for_update().get(pk=deal.pk)
    if deal.status == Deal.Status.CANCELLED:
        raise Refused({"": [_("这笔交易已经注销")]})
    if not (reason or "").strip():
        raise Refused({"reason": [_("请写明注销原因")]})
    _cancel(deal, on or timezone.localdate(), reason.strip()[:300])
    audit.record(actor, "deals.cancel", deal, summary=f"注销 {deal}",
                 changes={"cancelled_on": deal.cancelled_on.isoformat(), "reason": deal.cancel_reason})
    return deal


def _cancel(deal: Deal, on: dt.date, reason: str, event_key: str = "") -> None:
    deal.status, deal.cancelled_on, deal.cancel_reason = Deal.Status.CANCELLED, on, reason
    deal.cancel_event_key = event_key or deal.cancel_event_key
    deal.save(update_fields=["status", "cancelled_on", "cancel_reason", "cancel_event_key", "updated_at"])


# ---- 质押登记 cases ----------------------------------------------------------------------------------------------

@transaction.atomic
def do_sync_pledges(actor: Any) -> dict[str, int]:
    """Every registered 质押登记 case becomes (or updates) one pledge deal: amount, dates, registration number and
    parties from the case. Running it again changes nothing (one deal per case)."""
    from zhichan.deals import pledges
    from zhichan.services.models import Case

    if actor is not None:
        require(actor, "deals.record")
    counts = {"created": 0, "updated": 0, "unchanged": 0, "unreadable_amount": 0}
    touched: dict[str, list[int]] = {"created": [], "updated": []}
    for case in Case.objects.filter(kind="pledge", state="registered").select_related("organization"):
        values, readable = pledges.values(case)
        counts["unreadable_amount"] += not readable
        deal = Deal.objects.filter(case=case).first()
        if deal is None:
            deal = Deal(case=case, source=Deal.Source.PLEDGE_CASE, kind=rules.PLEDGE,
                        recorded_on=case.stopped_on or timezone.localdate())
            _fill(deal, values)
            deal.save()
            counts["created"] += 1
            touched["created"].append(deal.pk)
        elif _snapshot(deal) != _snapshot(_with(deal, values)):
            deal = Deal.objects.get(pk=deal.pk)
            _fill(deal, values)
            deal.save()
            counts["updated"] += 1
            touched["updated"].append(deal.pk)
        else:
            counts["unchanged"] += 1
    audit.record(actor, "deals.sync_pledges", None, summary=f"同步质押登记办件 {counts}",
                 changes={**counts, "deals": touched})
    return counts


def _with(deal: Deal, values: dict[str, Any]) -> Deal:
    copy = Deal.objects.get(pk=deal.pk)
    _fill(copy, values)
    return copy


# ---- legal events ------------------------------------------------------------------------------------------------

def event_key(date: dt.date | None, code: str, description: str) -> str:
    """An event by its words: LegalEvent rows are written again by every re-import, their words and date stay."""
    return hashlib.sha256(f"{date.isoformat() if date else ''}|{code}|{description}".encode()).hexdigest()


@transaction.atomic
def do_link_legal_events(actor: Any, application_ids: list[int] | None = None) -> dict[str, int]:
    """Recognise transfer, licence and pledge events (deals/events.py) in the imported legal-status data of the
    given applications (all when None): an effective event becomes a deal without amount linked to it, or links the
    office's own record of the same deal; a cancellation event cancels the deal it ends. Idempotent."""
    from zhichan.patents.models import LegalEvent

    if actor is not None:
        require(actor, "deals.record")
    counts = {"created": 0, "linked": 0, "cancelled": 0, "already": 0, "changes": 0, "ignored": 0, "unmatched": 0}
    rows = LegalEvent.objects.select_related("application").order_by("application_id", "date", "pk")
    if application_ids is not None:
        rows = rows.filter(application_id__in=application_ids)
    touched: dict[str, list[int]] = {"created": [], "linked": [], "cancelled": []}
    for event in rows.iterator(chunk_size=2000):
        found = events.recognise(event.code, event.description)
        if found is None:
            continue
        key = event_key(event.date, event.code, event.description)
        step = {events.EFFECTIVE: _effective, events.CANCEL: _cancelled}.get(found.action)
        if step is None:
            counts["changes" if found.action == events.CHANGE else "ignored"] += 1
            continue
        outcome, pk = step(event, found, key)
        counts[outcome] += 1
        if outcome in touched:
            touched[outcome].append(pk)
    audit.record(actor, "deals.link_events", None, summary=f"识别法律状态中的交易 {counts}",
                 changes={**counts, "deals": touched})
    return counts


def _effective(event: Any, found: events.Recognised, key: str) -> tuple[str, int | None]:
    app = event.application
    if Deal.objects.filter(application=app, event_key=key).exists():
        return "already", None
    text = f"{event.code} {event.description}".strip()[:500]
    day = event.date
    mine = None
    if day is not None:
        mine = (Deal.objects.filter(application=app, kind=found.kind, event_key="", status=Deal.Status.ACTIVE,
                                    effective_on__range=(day - dt.timedelta(days=TWIN_DAYS), day))
                .order_by("-effective_on").first())
    if mine is not None:  # the office (or the pledge window) recorded it first: link the event to that deal
        mine.event_key, mine.event_date, mine.event_text = key, day, text
        mine.save(update_fields=["event_key", "event_date", "event_text", "updated_at"])
        return "linked", mine.pk
    holder = app.data.get("parties", []) if isinstance(app.data, dict) else []
    holders = [p.get("name", "") for p in holder if p.get("role") == "holder"] or [app.first_applicant]
    from_name, to_name = events.parties(event.description)
    deal = Deal(kind=found.kind, application=app, source=Deal.Source.LEGAL_EVENT, event_key=key, event_date=day,
                event_text=text, effective_on=day, recorded_on=day or timezone.localdate(),
                from_name=from_name or (holders[0] if found.kind != rules.TRANSFER else "")[:200],
                to_name=to_name, licence_type="", note=f"由法律状态识别（{found.pattern}）")
    if found.kind == rules.OPEN_LICENCE:
        deal.licence_type = Deal.LicenceType.ORDINARY
    deal.region = default_region(deal)
    deal.save()
    return "created", deal.pk


def _cancelled(event: Any, found: events.Recognised, key: str) -> tuple[str, int | None]:
    if Deal.objects.filter(application=event.application, cancel_event_key=key).exists():
        return "already", None
    day = event.date or timezone.localdate()
    deal = (Deal.objects.filter(application=event.application, kind=found.kind, status=Deal.Status.ACTIVE,
                                effective_on__lte=day).order_by("-effective_on", "-pk").first())
    if deal is None:
        return "unmatched", None
    _cancel(deal, day, f"法律状态：{event.code} {event.description}".strip()[:300], key)
    return "cancelled", deal.pk

