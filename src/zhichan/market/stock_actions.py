"""Writes of 存量专利盘活 (docs/market.md): import a stock (from the platform's patents or a spreadsheet), self-rate,
grade, push to enterprises, answer a push, mark converted. Each action checks permission, runs in one transaction
and writes the audit record; the actor None is the command line or a job.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichan import conf
from zhichan.core import audit
from zhichan.core.models import Organization, User
from zhichan.core.permissions import PermissionDenied, can, require
from zhichan.market import grading, rules, stock
from zhichan.market.actions import Refused
from zhichan.market.models import StockPatent, StockPush
from zhichan.patents import names
from zhichan.patents.models import Application

ALL = rules.ALL
log = logging.getLogger(__name__)
POOL = 50  # matching targets read to find the best N registered enterprises


def _refuse(reason: str, field: str = ALL) -> Refused:
    return Refused({field: [reason]})


def _holder(actor: Any, organization_id: int | None = None) -> None:
    """A university's or institute's user (market.offer), acting on its own organisation's stock."""
    if not stock.may_keep_stock(actor):
        raise PermissionDenied("market.offer")
    if organization_id is not None and actor.organization_id != organization_id:
        raise PermissionDenied("market.offer")


def _holder_or_office(actor: Any, entry: StockPatent) -> None:
    if actor is not None and not can(actor, "market.review"):
        _holder(actor, entry.organization_id)


# ---- import -------------------------------------------------------------------------------------------------------

def _add(actor: Any, org: Organization, app: Application, source: str, source_name: str = "",
         prospects: int | None = None, trl: int | None = None, note: str = "") -> tuple[StockPatent, str]:
    """One patent into the stock: created, updated (a new self-rating) or unchanged; graded either way."""
    entry, created = StockPatent.objects.get_or_create(
        organization=org, application=app,
        defaults={"source": source, "source_name": source_name[:300], "prospects": prospects, "trl": trl,
                  "note": note, "created_by": actor if getattr(actor, "is_authenticated", False) else None})
    outcome = "created"
    if not created:
        wanted = {k: v for k, v in (("prospects", prospects), ("trl", trl), ("note", note)) if v}
        changed = {k: v for k, v in wanted.items() if getattr(entry, k) != v}
        for k, v in changed.items():
            setattr(entry, k, v)
        if changed:
            entry.save(update_fields=[*changed, "updated_at"])
        outcome = "updated" if changed else "unchanged"
    if created or outcome == "updated" or not entry.graded_at:
        _grade(entry)
    return entry, outcome


@transaction.atomic
def do_import_platform_stock(actor: Any, today: dt.date | None = None) -> dict[str, int]:
    """全面盘点: every valid patent of the platform the actor's organisation holds, in one action; again adds only
    the new ones."""
    _holder(actor)
    org = actor.organization
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for app in stock.valid_held(org, today):
        _entry, outcome = _add(actor, org, app, StockPatent.Source.PLATFORM)
        counts[outcome] += 1
    audit.record(actor, "market.stock_import", org, summary=f"platform {counts}", changes=counts)
    return counts


def do_import_stock_file(actor: Any, path: Path, name: str = "") -> dict[str, Any]:
    """A spreadsheet (.xlsx/.csv) of application numbers with optional 前景 (1–5), 成熟度 (TRL 1–9) and 备注
    columns. A bad row is reported (row, field, reason) and the others kept; a row already in the stock is not
    added twice (its self-rating is updated when the row gives one)."""
    _holder(actor)
    org = actor.organization
    sheet = stock.read_sheet(path)
    problems = [vars(p) for p in sheet.problems]
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    keys = [row.key for row in sheet.rows]
    found = {a.key: a for start in range(0, len(keys), 500)  # one query per 500 rows, not one per row
             for a in Application.objects.filter(key__in=keys[start:start + 500])}
    for row in sheet.rows:
        app = found.get(row.key)
        if app is None:
            problems.append({"row": row.row, "field": "number", "value": row.key, "reason": _("平台中没有这件专利")})
            continue
        if not rules.is_holder(app, org):
            problems.append({"row": row.row, "field": "number", "value": row.key,
                             "reason": _("贵单位不是该专利的现专利权人（按专利权人名称核对）")})
            continue
        with transaction.atomic():
            _entry, outcome = _add(actor, org, app, StockPatent.Source.SPREADSHEET, name or path.name,
                                   row.prospects, row.trl, row.note)
        counts[outcome] += 1
    problems.sort(key=lambda p: (p["row"], p["field"]))
    result = {**counts, "rejected": len({p["row"] for p in problems}), "problems": problems}
    audit.record(actor, "market.stock_import", org, summary=f"{name or path.name} {counts}",
                 changes={**counts, "rejected": result["rejected"]})
    return result


# ---- rating and grading -------------------------------------------------------------------------------------------

def _grade(entry: StockPatent, today: dt.date | None = None) -> StockPatent:
    today = today or timezone.localdate()
    found = grading.grade(stock.facts(entry.application, entry, today), today)
    entry.grade, entry.score, entry.reasons = found.grade, found.score, found.reasons
    entry.graded_at = timezone.now()
    if entry.status in (StockPatent.Status.INVENTORIED, StockPatent.Status.POOLED, StockPatent.Status.SHELVED):
        entry.status = StockPatent.Status.SHELVED if found.grade == "D" else StockPatent.Status.POOLED
    entry.save(update_fields=["grade", "score", "reasons", "graded_at", "status", "updated_at"])
    return entry


@transaction.atomic
def do_grade_stock(actor: Any, entry: StockPatent, today: dt.date | None = None) -> StockPatent:
    """Grade again (the record may have changed since: a new import, a legal event)."""
    _holder_or_office(actor, entry)
    entry = StockPatent.objects.select_for_update().select_related("application").get(pk=entry.pk)
    before = (entry.grade, entry.score)
    _grade(entry, today)
    audit.record(actor, "market.stock_grade", entry, summary=f"{entry.application.key} {entry.grade} {entry.score}",
                 changes={"grade": [before[0], entry.grade], "score": [before[1], entry.score]})
    return entry


@transaction.atomic
def do_grade_all(actor: Any, today: dt.date | None = None) -> int:
    """Grade a whole stock again (the term shortens, imports bring new events): the office every holder's, a
    holder its own. Returns how many were graded."""
    rows = StockPatent.objects.select_related("application").order_by("pk")
    if actor is not None and not can(actor, "market.review"):
        _holder(actor)
        rows = rows.filter(organization_id=actor.organization_id)
    count = 0
    for entry in rows.select_for_update():
        _grade(entry, today)
        count += 1
    audit.record(actor, "market.stock_grade_all", None, summary=f"{count}", changes={"graded": count})
    return count


@transaction.atomic
def do_rate_stock(actor: Any, entry: StockPatent, prospects: int | None, trl: int | None,
                  note: str = "") -> StockPatent:
    """The holder's self-rating (前景 1–5, 成熟度 TRL 1–9); the grade follows."""
    _holder(actor, entry.organization_id)
    if prospects is not None and not 1 <= prospects <= 5:
        raise _refuse(_("前景自评为 1 到 5"), "prospects")
    if trl is not None and not 1 <= trl <= 9:
        raise _refuse(_("技术成熟度为 1 到 9 级"), "trl")
    entry = StockPatent.objects.select_for_update().select_related("application").get(pk=entry.pk)
    entry.prospects, entry.trl, entry.note = prospects, trl, (note or "").strip()[:500]
    entry.save(update_fields=["prospects", "trl", "note", "updated_at"])
    _grade(entry)
    audit.record(actor, "market.stock_rate", entry, summary=f"{entry.application.key} {prospects}/{trl}")
    return entry


@transaction.atomic
def do_mark_converted(actor: Any, entry: StockPatent) -> StockPatent:
    """已转化: the holder or the office records that the patent was transferred or licensed."""
    _holder_or_office(actor, entry)
    before = entry.status
    entry.status = StockPatent.Status.CONVERTED
    entry.save(update_fields=["status", "updated_at"])
    audit.record(actor, "market.stock_converted", entry, changes={"status": [before, entry.status]})
    return entry


# ---- push ---------------------------------------------------------------------------------------------------------

def push_grades() -> set[str]:
    return {g.strip().upper() for g in str(conf.value("ZHICHAN_STOCK_PUSH_GRADES")).split(",") if g.strip()}


def _enterprises(targets: list[Any], own: int) -> list[tuple[Organization, Any]]:
    """The registered, verified enterprises among the targets (a holder of similar patents by its name in normal
    form, a demand's organisation), best first, each once; the stock's own organisation left out."""
    from zhichan.market.models import Demand

    rows = Organization.objects.filter(kind=Organization.Kind.ENTERPRISE, status=Organization.Status.VERIFIED)
    by_name = {names.normalize(o.name): o for o in rows.only("pk", "name")}
    demands = {d.pk: d.organization for d in Demand.objects.filter(
        pk__in=[t.ref for t in targets if t.kind == "demand"]).select_related("organization")}
    found: dict[int, tuple[Organization, Any]] = {}
    for t in targets:
        org = demands.get(t.ref) if t.kind == "demand" else by_name.get(names.normalize(t.name))
        if org is None or org.pk == own or org.kind != Organization.Kind.ENTERPRISE or not org.verified:
            continue
        if org.pk not in found:
            found[org.pk] = (org, t)
    return list(found.values())


def _reasons(target: Any) -> dict[str, Any]:
    from zhichan.market.models import Demand

    out = target.as_dict()
    if target.kind == "demand":
        demand = Demand.objects.filter(pk=target.ref).values("pk", "title").first()
        out["demand"] = demand or {}
    return out


@transaction.atomic
def do_push_stock(actor: Any, entry: StockPatent, limit: int | None = None) -> list[StockPush]:
    """分层推广: the patent to the best `ZHICHAN_STOCK_PUSH_LIMIT` registered enterprises the matching engine finds
    (holders of similar patents, organisations whose open demands it fits), each with the reasons; every user of
    each enterprise is notified. Graded `ZHICHAN_STOCK_PUSH_GRADES` (A, B) only, valid today. An enterprise
    already pushed this patent is not pushed again."""
    from zhichan.market.matching.targets import enterprises_for
    from zhichan.services.actions import notify

    _holder_or_office(actor, entry)
    entry = StockPatent.objects.select_for_update().select_related("application", "organization").get(pk=entry.pk)
    if entry.grade not in push_grades():
        raise _refuse(_("只有 %(grades)s 级的存量专利可以推送") % {"grades": "、".join(sorted(push_grades()))})
    if not rules.valid_today(entry.application):
        raise _refuse(_("该专利今天不是有效状态，不能推送"))
    limit = limit or int(conf.value("ZHICHAN_STOCK_PUSH_LIMIT"))  # type: ignore[call-overload]
    already = set(entry.pushes.values_list("organization_id", flat=True))
    chosen = [(o, t) for o, t in _enterprises(enterprises_for(entry.application_id, POOL), entry.organization_id)
              if o.pk not in already][:limit]
    pushed = []
    by = actor if getattr(actor, "is_authenticated", False) else None
    for org, target in chosen:
        push = StockPush.objects.create(stock=entry, organization=org, score=round(target.score, 4),
                                        reasons=_reasons(target), pushed_by=by)
        pushed.append(push)
        for user in User.objects.filter(organization=org, is_active=True).order_by("pk"):
            notify(user, _("%(holder)s 向贵单位推送了专利：%(title)s") % {
                "holder": entry.organization.name, "title": entry.application.title[:120]},
                reverse("market:stock-pushed"))
    if pushed and entry.status in (StockPatent.Status.POOLED, StockPatent.Status.INVENTORIED):
        entry.status = StockPatent.Status.PROMOTED
        entry.save(update_fields=["status", "updated_at"])
    audit.record(actor, "market.stock_push", entry, summary=f"{entry.application.key} → {len(pushed)}",
                 changes={"organizations": [p.organization_id for p in pushed]})
    transaction.on_commit(lambda: _alert_demands(entry.application))
    return pushed


def _alert_demands(application: Application) -> None:
    """Once a push commits, the open demands the patent fits are told too (market/alerts.py, issue 15 item 7); a
    failure there is logged and never undoes the push."""
    from zhichan.market import alerts

    try:
        alerts.notify_demands_fitting(application, _("存量专利推广"), reverse("patents:detail", args=[application.key]))
    except Exception:  # the push stands whatever the alerts do
        log.exception("market: the demand alerts of a pushed stock patent failed")


R = StockPush.Reason
ANSWER_REASONS = {"interested": {r.value for r in (R.FITS, R.NEGOTIATE, R.OTHER)},
                  "declined": {r.value for r in (R.FIELD, R.MATURITY, R.TERMS, R.HAVE, R.NO_NEED, R.OTHER)}}


@transaction.atomic
def do_answer_push(actor: Any, push: StockPush, interest: str, reason: str, note: str = "") -> StockPush:
    """市场评价: the enterprise pushed to says 有意向 or 无意向, and why; it may change its answer."""
    require(actor, "market.offer")
    if not actor.organization_id or actor.organization_id != push.organization_id:
        raise PermissionDenied("market.offer")
    if interest not in ANSWER_REASONS:
        raise _refuse(_("请选择有意向或无意向"), "interest")
    if reason not in ANSWER_REASONS[interest]:
        raise _refuse(_("请选择与答复相符的原因"), "reason")
    push = StockPush.objects.select_for_update().get(pk=push.pk)
    push.interest, push.reason, push.note = interest, reason, (note or "").strip()[:500]
    push.answered_at, push.answered_by = timezone.now(), actor
    push.save(update_fields=["interest", "reason", "note", "answered_at", "answered_by"])
    audit.record(actor, "market.stock_answer", push, summary=f"{push.stock_id} {interest} {reason}")
    return push
