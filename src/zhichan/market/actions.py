"""Writes to the market: listings (save, submit, review, publish, withdraw), demands (save, publish, close), matches
and interest. Each action checks permission, runs in one transaction and writes the audit record; the statutory
checks of a listing are in market/rules.py, a demand's field rules in `demand_problems()`.

The actor None is the command line or a job (the matching engine recording its matches), as in the other apps.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichan.core import audit, jobs, resend
from zhichan.core.permissions import PermissionDenied, can, require
from zhichan.market import rules
from zhichan.market.models import Demand, Listing, Match
from zhichan.patents import ipc
from zhichan.patents.models import SeiCategory

LISTING_FIELDS = ("application", "kind", "license_type", "title", "summary", "price_mode", "lump_sum_wan",
                  "entry_fee_wan", "royalty_base", "royalty_rate", "term_start", "term_end", "other_terms",
                  "evaluation_report_number", "evaluation_report_file", "pledgee_consent")
DEMAND_FIELDS = ("title", "summary", "details", "ipc", "sei", "trl", "budget_min_wan", "budget_max_wan", "mode",
                 "deadline", "chain")


class Refused(ValueError):
    """An action refused for reasons the user can fix: `errors` maps form fields (rules.ALL: the whole) to reasons."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(r for reasons in errors.values() for r in reasons))
        self.errors = errors


def _refuse(reason: str, field: str = rules.ALL) -> Refused:
    return Refused({field: [reason]})


def _own(actor: Any, organization_id: int | None) -> None:
    """The holder's (or poster's) side: a user of the organisation that owns the record, with market.offer."""
    require(actor, "market.offer")
    if not actor.organization_id or actor.organization_id != organization_id:
        raise PermissionDenied("market.offer")


def _twin(model: Any, actor: Any, values: dict[str, Any], **same: Any) -> Any:
    """The actor's record made moments ago (core/resend.py) with every one of `values` as stored, if any: a second
    click on 保存/发布 saves onto it instead of making a twin."""
    since = resend.window_start()
    rows = model.objects.select_for_update().filter(
        organization_id=actor.organization_id, created_by=actor, created_at__gte=since, **same).order_by("-pk")
    for row in rows[:5]:
        if all(_stored_as(row, name, value) for name, value in values.items()):
            return row
    return None


def _stored_as(row: Any, name: str, value: Any) -> bool:
    if name == "ipc" and value:
        value = ipc.normalize(value)
    if name == "license_type" and not value and row.kind == Listing.Kind.OPEN_LICENSE:
        value = Listing.LicenseType.ORDINARY  # as do_save_listing stores it
    mine = getattr(row, f"{name}_id" if name in ("application", "chain") else name)
    if name in ("application", "chain"):
        value = getattr(value, "pk", value)
    return (mine or None) == (value or None)


# ---- listings ---------------------------------------------------------------------------------------------------

@transaction.atomic
def do_save_listing(actor: Any, listing: Listing | None, values: dict[str, Any]) -> Listing:
    """Create a draft (listing None) or edit a draft or returned listing. Checks of form only: the statutory
    checks run when it is submitted."""
    require(actor, "market.offer")
    if not actor.organization_id:
        raise _refuse(_("只有单位用户可以挂牌专利"))
    if listing is not None:
        _own(actor, listing.organization_id)
        listing = Listing.objects.select_for_update().get(pk=listing.pk)  # the state as stored, not as the caller saw it
        if listing.status not in (Listing.Status.DRAFT, Listing.Status.RETURNED):
            raise _refuse(_("只有草稿或已退回的挂牌可以修改"))
    unknown = set(values) - set(LISTING_FIELDS)
    if unknown:
        raise _refuse(_("不接受这些字段：%(names)s") % {"names": "、".join(sorted(unknown))})
    if listing is None and values.get("application") is not None:
        listing = _twin(Listing, actor, values, status__in=[Listing.Status.DRAFT, Listing.Status.SUBMITTED])
        if listing is not None and listing.status != Listing.Status.DRAFT:
            return listing  # the first click already submitted it
    creating = listing is None
    listing = listing or Listing(organization_id=actor.organization_id, created_by=actor)
    for name, value in values.items():
        setattr(listing, name, value if value is not None or name not in ("license_type", "royalty_base") else "")
    if listing.kind == Listing.Kind.OPEN_LICENSE and not listing.license_type:
        listing.license_type = Listing.LicenseType.ORDINARY
    listing.save()
    audit.record(actor, "market.listing_create" if creating else "market.listing_edit", listing,
                 summary=f"{listing.application.key} {listing.get_kind_display()}")
    return listing


@transaction.atomic
def do_submit_listing(actor: Any, listing: Listing) -> Listing:
    """Draft or returned → 待审核, after every statutory check (rules.problems) passes."""
    _own(actor, listing.organization_id)
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    if listing.status not in (Listing.Status.DRAFT, Listing.Status.RETURNED):
        raise _refuse(_("只有草稿或已退回的挂牌可以提交审核"))
    found = rules.problems(listing)
    if found:
        raise Refused(found)
    listing.status = Listing.Status.SUBMITTED
    listing.submitted_at = timezone.now()
    listing.save(update_fields=["status", "submitted_at", "updated_at"])
    audit.record(actor, "market.listing_submit", listing, summary=listing.application.key)
    return listing


@transaction.atomic
def do_review_listing(actor: Any, listing: Listing, approve: bool, reason: str = "") -> Listing:
    """The office's review: 审核通过, or 退回 with a reason the holder reads."""
    if actor is not None:
        require(actor, "market.review")
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    if listing.status != Listing.Status.SUBMITTED:
        raise _refuse(_("只有待审核的挂牌可以审核"))
    reason = (reason or "").strip()
    if not approve and not reason:
        raise _refuse(_("退回须写明理由"), "reason")
    if approve:
        found = rules.problems(listing)  # the patent may have changed since it was submitted
        if found:
            raise Refused(found)
    listing.status = Listing.Status.APPROVED if approve else Listing.Status.RETURNED
    listing.review_note = reason[:500]
    listing.reviewed_by = actor if getattr(actor, "is_authenticated", False) else None
    listing.reviewed_at = timezone.now()
    listing.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at", "updated_at"])
    audit.record(actor, "market.listing_approve" if approve else "market.listing_return", listing,
                 summary=reason[:300], changes={"status": ["submitted", listing.status]})
    return listing


@transaction.atomic
def do_publish_listing(actor: Any, listing: Listing) -> Listing:
    if actor is not None:
        require(actor, "market.review")
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    if listing.status != Listing.Status.APPROVED:
        raise _refuse(_("只有审核通过的挂牌可以发布"))
    found = rules.problems(listing)
    if found:
        raise Refused(found)
    listing.status = Listing.Status.PUBLISHED
    listing.published_at = timezone.now()
    listing.save(update_fields=["status", "published_at", "updated_at"])
    audit.record(actor, "market.listing_publish", listing, summary=listing.application.key)
    job = jobs.create("market.listing_alerts", _("新挂牌专利匹配技术需求"), actor, {"listing": listing.pk})
    jobs.enqueue_on_commit(job)  # the open demands it fits are told (market/alerts.py)
    return listing


@transaction.atomic
def do_withdraw_listing(actor: Any, listing: Listing, reason: str = "") -> Listing:
    """The holder withdraws (or the office takes down) a listing. Withdrawing an open-licence declaration does not
    affect the licences already granted under it (专利法 Art. 50, third paragraph): nothing else changes."""
    if actor is not None and not can(actor, "market.review"):
        _own(actor, listing.organization_id)
    listing = Listing.objects.select_for_update().get(pk=listing.pk)
    if listing.status not in (Listing.Status.SUBMITTED, Listing.Status.APPROVED, Listing.Status.PUBLISHED):
        raise _refuse(_("这项挂牌不在审核或发布中，无需撤回"))
    before = listing.status
    listing.status = Listing.Status.WITHDRAWN
    listing.withdrawn_at = timezone.now()
    listing.withdraw_reason = (reason or "").strip()[:500]
    listing.save(update_fields=["status", "withdrawn_at", "withdraw_reason", "updated_at"])
    audit.record(actor, "market.listing_withdraw", listing, summary=listing.withdraw_reason,
                 changes={"status": [before, listing.status]})
    return listing


# ---- demands ----------------------------------------------------------------------------------------------------

def demand_problems(values: dict[str, Any], publishing: bool) -> dict[str, list[str]]:
    """Field rules of a demand (also run by the form, so a script cannot store what the page would refuse)."""
    out: dict[str, list[str]] = defaultdict(list)
    if publishing:
        for name in ("title", "summary", "mode"):
            if not values.get(name):
                out[name].append(_("发布前须填写此项"))
    code = values.get("ipc") or ""
    if code and ipc.normalize(code) is None:
        out["ipc"].append(_("不是可识别的 IPC 分类号，例如 H01M 10/052"))
    sei = values.get("sei") or ""
    if sei and not SeiCategory.objects.filter(code=sei).exists():
        out["sei"].append(_("没有这个战略性新兴产业分类"))
    trl = values.get("trl")
    if trl is not None and not 1 <= int(trl) <= 9:
        out["trl"].append(_("技术成熟度为 1 到 9 级"))
    low, high = values.get("budget_min_wan"), values.get("budget_max_wan")
    for name, amount in (("budget_min_wan", low), ("budget_max_wan", high)):
        if amount is not None and Decimal(amount) < 0:
            out[name].append(_("金额不能为负"))
    if low is not None and high is not None and Decimal(low) > Decimal(high):
        out["budget_max_wan"].append(_("预算上限不能低于下限"))
    deadline = values.get("deadline")
    if deadline is not None and deadline <= timezone.localdate():
        out["deadline"].append(_("截止日期须晚于今天"))
    mode = values.get("mode")
    if mode and mode not in Demand.Mode.values:
        out["mode"].append(_("请选择合作方式"))
    return dict(out)


@transaction.atomic
def do_save_demand(actor: Any, demand: Demand | None, values: dict[str, Any], publish: bool = False) -> Demand:
    require(actor, "market.offer")
    if not actor.organization_id:
        raise _refuse(_("只有单位用户可以发布技术需求"))
    if demand is not None:
        _own(actor, demand.organization_id)
        demand = Demand.objects.select_for_update().get(pk=demand.pk)
        if demand.status == Demand.Status.CLOSED:
            raise _refuse(_("已关闭的需求不能修改"))
    unknown = set(values) - set(DEMAND_FIELDS)
    if unknown:
        raise _refuse(_("不接受这些字段：%(names)s") % {"names": "、".join(sorted(unknown))})
    if demand is None:
        demand = _twin(Demand, actor, values, status__in=[Demand.Status.DRAFT, Demand.Status.OPEN])
    merged = {name: getattr(demand, name if name != "chain" else "chain") for name in DEMAND_FIELDS} \
        if demand is not None else {}
    merged.update(values)
    found = demand_problems(merged, publish or (demand is not None and demand.status == Demand.Status.OPEN))
    if found:
        raise Refused(found)
    creating = demand is None
    demand = demand or Demand(organization_id=actor.organization_id, created_by=actor,
                              region_id=getattr(actor.organization, "region_id", None))
    for name, value in values.items():
        if name == "ipc":
            value = ipc.normalize(value) if value else ""
        setattr(demand, name, "" if value is None and name in ("ipc", "sei", "details") else value)
    published = publish and demand.status == Demand.Status.DRAFT
    if published:
        demand.status = Demand.Status.OPEN
        demand.published_at = timezone.now()
    demand.save()
    audit.record(actor, "market.demand_create" if creating else "market.demand_edit", demand,
                 summary=demand.title[:300])
    if published:
        queue_match(actor, demand)
    return demand


@transaction.atomic
def do_close_demand(actor: Any, demand: Demand) -> Demand:
    if actor is not None and not can(actor, "market.review"):
        _own(actor, demand.organization_id)
    demand.status = Demand.Status.CLOSED
    demand.save(update_fields=["status", "updated_at"])
    audit.record(actor, "market.demand_close", demand, summary=demand.title[:300])
    return demand


def queue_match(actor: Any, demand: Demand) -> Any:
    """The demand's matching as a background job, queued when the transaction commits."""
    job = jobs.create("market.match", _("技术需求匹配：%(title)s") % {"title": demand.title[:80]}, actor,
                      {"demand": demand.pk})
    jobs.enqueue_on_commit(job)
    return job


@transaction.atomic
def do_rematch_demand(actor: Any, demand: Demand) -> Any:
    """The office's 重新匹配 (or the demand's organisation): the matching runs again in the background."""
    if not can(actor, "market.review"):
        _own(actor, demand.organization_id)
    if demand.status != Demand.Status.OPEN:
        raise _refuse(_("只有征集中的需求可以匹配"))
    audit.record(actor, "market.rematch", demand, summary=demand.title[:300])
    return queue_match(actor, demand)


@transaction.atomic
def do_match_demand(actor: Any, demand: Demand) -> dict[str, Any]:
    """Run the matching engine for a published demand and store its best patents (ZHICHAN_MATCH_STORE) and
    service agencies as matches with the engine's reasons (market/stored.py: idempotent; who each match opens the
    details to). Newly matched registered parties are told. Actor None: the job."""
    from zhichan.market import stored
    from zhichan.services.actions import notify

    if actor is not None:
        require(actor, "market.review")
    demand = Demand.objects.select_for_update().select_related("organization").get(pk=demand.pk)
    if demand.status != Demand.Status.OPEN:
        return {"created": 0, "updated": 0, "removed": 0, "skipped": demand.status}
    counts = stored.store(demand, stored.propose(demand))
    told = counts.pop("told")
    url = reverse("market:demand", args=[demand.pk])
    for org in {o.pk: o for o in told}.values():
        for user in get_user_model().objects.filter(organization=org, is_active=True):
            notify(user, _("贵单位被匹配到技术需求“%(title)s”，可查看详情并答复意向") % {"title": demand.title[:80]}, url)
    audit.record(actor, "market.match_run", demand, summary=demand.title[:300], changes=counts)
    return counts


@transaction.atomic
def do_record_match(actor: Any, demand: Demand, organization: Any, *, listing: Listing | None = None,
                    application: Any = None, score: float = 0.0, reasons: dict | None = None,
                    source: str = Match.Source.ENGINE) -> Match:
    """A party matched to a demand (the matching engine, actor None, or the office): from now on the party's
    organisation reads the demand's details. Recording the same pair again updates its score and reasons."""
    if actor is not None:
        require(actor, "market.review")
    match, created = Match.objects.update_or_create(
        demand=demand, organization=organization, listing=listing, application=application,
        defaults={"score": score, "reasons": reasons or {}, "source": source})
    audit.record(actor, "market.match", match, summary=f"{demand.pk} → {organization}",
                 changes={"score": score, "created": created})
    return match


@transaction.atomic
def do_express_interest(actor: Any, match: Match, interest: str, note: str = "") -> Match:
    """The matched party says whether it is interested (and why not)."""
    require(actor, "market.offer")
    if actor.organization_id != match.organization_id or match.organization_id == match.demand.organization_id:
        raise PermissionDenied("market.offer")  # not the matched party (a holder not on the platform has none)
    if interest not in (Match.Interest.INTERESTED, Match.Interest.DECLINED):
        raise _refuse(_("请选择有意向或无意向"), "interest")
    match = Match.objects.select_for_update().select_related("demand", "organization").get(pk=match.pk)
    note = (note or "").strip()[:500]
    if match.interest == interest and match.interest_note == note:
        return match  # the same answer sent again (a double click): nothing new to record or tell
    match.interest = interest
    match.interest_note = note
    match.save(update_fields=["interest", "interest_note"])
    audit.record(actor, "market.interest", match, summary=f"{match.demand_id} {interest}")
    _tell_demand_of_answer(match)
    return match


def _tell_demand_of_answer(match: Match) -> None:
    """The demand's organisation learns the matched party's answer (the demand page shows it with the note)."""
    from zhichan.services.actions import notify

    title = _("%(party)s 对技术需求“%(demand)s”答复：%(answer)s") % {
        "party": match.organization.name, "demand": match.demand.title[:80], "answer": match.get_interest_display()}
    url = reverse("market:demand", args=[match.demand_id])
    for user in get_user_model().objects.filter(organization_id=match.demand.organization_id, is_active=True):
        notify(user, title, url)


@transaction.atomic
def do_save_chain(actor: Any, values: dict[str, Any]) -> Any:
    """An industry chain the office keeps a demand library for (000 §三.2)."""
    from zhichan.market.models import IndustryChain

    if actor is not None:
        require(actor, "market.review")
    chain, created = IndustryChain.objects.update_or_create(
        name=values["name"].strip(), defaults={"description": values.get("description", "")})
    audit.record(actor, "market.chain", chain, summary=chain.name, changes={"created": created})
    return chain
