"""Writes of the events app. Each checks permission, runs in one transaction (rows locked where seats are counted)
and writes the audit record; notifications go through services.actions.notify. The rules are in events/rules.py.

Who: the office (events.manage) saves, publishes and cancels events, accepts presented items, checks people in and
records follow-ups; any signed-in user registers; an organisation verified for the market (market.offer) proposes
its own demand or listing. The actor None is a job (the nightly reminders).
"""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from zhichan.core import audit, resend
from zhichan.core.permissions import PermissionDenied, can, require
from zhichan.events import rules
from zhichan.events.models import Event, EventItem, FollowUp, Registration

ALL = "__all__"
EVENT_FIELDS = ("kind", "title", "summary", "organizer", "place", "online_url", "starts_at", "ends_at",
                "registration_deadline", "capacity", "checkin_before_minutes", "checkin_after_minutes", "chain",
                "region", "hours", "hours_category")
REASONS = {
    rules.NOT_PUBLISHED: gettext_lazy("活动尚未发布"),
    rules.EVENT_CANCELLED: gettext_lazy("活动已取消"),
    rules.DEADLINE_PASSED: gettext_lazy("报名已截止"),
    rules.STARTED: gettext_lazy("活动已开始"),
    rules.TOO_EARLY: gettext_lazy("签到尚未开始"),
    rules.TOO_LATE: gettext_lazy("签到已结束"),
    rules.BAD_TOKEN: gettext_lazy("签到码无效"),
    rules.NOT_SEATED: gettext_lazy("此人没有正式名额（候补或已取消），不能签到"),
    rules.ALREADY: gettext_lazy("已经签到"),
    "capacity_zero": gettext_lazy("名额至少为 1；不限人数请留空"),
    "capacity_huge": gettext_lazy("名额不能超过 100000"),
    "hours_range": gettext_lazy("学时须大于 0、不超过 200，以半学时为单位"),
    "category_missing": gettext_lazy("有学时的活动须选择科目类别"),
}


class Refused(ValueError):
    """An action refused for a reason the user can fix: `errors` maps form fields (ALL: the whole) to reasons."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__("; ".join(str(r) for reasons in errors.values() for r in reasons))
        self.errors = errors


def _refuse(reason: Any, field: str = ALL) -> Refused:
    return Refused({field: [str(reason)]})


def clock(event: Event) -> rules.Clock:

    return rules.Clock(event.starts_at, event.ends_at, event.registration_deadline,
                       dt.timedelta(minutes=event.checkin_before_minutes),
                       dt.timedelta(minutes=event.checkin_after_minutes))


def _notify(user: Any, title: str, url: str) -> None:
    from zhichan.services.actions import notify

    notify(user, title, url)


def _say(text: str, **values: Any) -> str:
    """A notification's title (marked with gettext_noop where it is written), in the platform's language: the
    recipient is not the one whose request this is."""
    with translation.override(settings.LANGUAGE_CODE):
        return _(text) % values


# ---- events -----------------------------------------------------------------------------------------------------

def event_problems(values: dict[str, Any]) -> dict[str, list[str]]:
    """Field rules of an event (also run by the form, so that a script cannot store what the page would refuse)."""
    out: dict[str, list[str]] = {}
    starts, ends, deadline = values.get("starts_at"), values.get("ends_at"), values.get("registration_deadline")
    if starts and ends and ends < starts:
        out["ends_at"] = [_("结束时间不能早于开始时间")]
    if starts and deadline and deadline > starts:
        out["registration_deadline"] = [_("报名截止时间不能晚于开始时间")]
    problem = rules.capacity_problem(values.get("capacity"))
    if problem:
        out["capacity"] = [str(REASONS[problem])]
    from zhichan.events.hours import hours_problem

    problem = hours_problem(values.get("hours"), values.get("hours_category") or "")
    if problem:
        out["hours" if problem == "hours_range" else "hours_category"] = [str(REASONS[problem])]
    for name in ("checkin_before_minutes", "checkin_after_minutes"):
        minutes = values.get(name)
        if minutes is not None and not 0 <= minutes <= 24 * 60:
            out[name] = [_("签到窗口为 0 到 1440 分钟")]
    return out


@transaction.atomic
def do_save_event(actor: Any, event: Event | None, values: dict[str, Any]) -> Event:
    """Create a draft (event None) or edit an event that is not cancelled or over. A larger capacity promotes the
    waiting list; a later deadline reopens registration."""
    require(actor, "events.manage")
    unknown = set(values) - set(EVENT_FIELDS)
    if unknown:
        raise _refuse(_("不接受这些字段：%(names)s") % {"names": "、".join(sorted(unknown))})
    if event is not None:
        event = Event.objects.select_for_update().get(pk=event.pk)
        if event.status in (Event.Status.CANCELLED, Event.Status.ENDED):
            raise _refuse(_("已取消或已结束的活动不能修改"))
    merged = {name: getattr(event, name) for name in EVENT_FIELDS} if event is not None else {}
    merged.update(values)
    found = event_problems(merged)
    if found:
        raise Refused(found)
    creating = event is None
    event = event or Event(created_by=actor)
    for name, value in values.items():
        blank = ("summary", "place", "online_url", "hours_category")
        setattr(event, name, "" if value is None and name in blank else value)
    if event.status in (Event.Status.PUBLISHED, Event.Status.CLOSED):
        event.status = rules.phase(event.status, clock(event), timezone.now())
    event.save()
    audit.record(actor, "events.create" if creating else "events.edit", event, summary=event.title[:300])
    if not creating:
        _promote(event)
    return event


@transaction.atomic
def do_publish_event(actor: Any, event: Event) -> Event:
    require(actor, "events.manage")
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status != Event.Status.DRAFT:
        raise _refuse(_("只有草稿可以发布"))
    if event.ends_at <= timezone.now():
        raise _refuse(_("活动已经结束，不能发布"))
    event.status = rules.phase(rules.PUBLISHED, clock(event), timezone.now())
    event.published_at = timezone.now()
    event.save(update_fields=["status", "published_at", "updated_at"])
    audit.record(actor, "events.publish", event, summary=event.title[:300])
    return event


@transaction.atomic
def do_cancel_event(actor: Any, event: Event, reason: str) -> Event:
    """The event is called off: everyone registered or waiting is told, with the reason."""
    require(actor, "events.manage")
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status in (Event.Status.CANCELLED, Event.Status.ENDED):
        raise _refuse(_("活动已取消或已结束"))
    reason = (reason or "").strip()
    if not reason:
        raise _refuse(_("取消活动须写明原因"), "reason")
    before = event.status
    event.status, event.cancelled_at, event.cancel_reason = Event.Status.CANCELLED, timezone.now(), reason[:500]
    event.save(update_fields=["status", "cancelled_at", "cancel_reason", "updated_at"])
    audit.record(actor, "events.cancel", event, summary=reason[:300], changes={"status": [before, event.status]})
    if before != Event.Status.DRAFT:
        url = reverse("events:detail", args=[event.pk])
        title = _say(gettext_noop("活动取消：%(title)s（%(reason)s）"), title=event.title, reason=reason[:200])
        for registration in event.registrations.exclude(status=Registration.Status.CANCELLED).select_related("user"):
            _notify(registration.user, title, url)
    return event


def step_statuses(now: Any = None) -> int:
    """The stored statuses brought in line with the clock (报名截止, 已结束); the pages read rules.phase anyway."""
    now = now or timezone.now()
    changed = 0
    for event in Event.objects.filter(status__in=[Event.Status.PUBLISHED, Event.Status.CLOSED]):
        wanted = rules.phase(event.status, clock(event), now)
        if wanted != event.status:
            Event.objects.filter(pk=event.pk).update(status=wanted)
            audit.record(None, "events.step", event, changes={"status": [event.status, wanted]})
            changed += 1
    return changed


# ---- registrations ----------------------------------------------------------------------------------------------

def _seated(event: Event) -> int:
    return event.registrations.filter(status=Registration.Status.REGISTERED).count()


def _promote(event: Event) -> list[Registration]:
    """Free seats go to the waiting list in the order people registered; each promoted person is told."""
    waiting = list(event.registrations.filter(status=Registration.Status.WAITLISTED)
                   .order_by("registered_at", "id").values_list("pk", flat=True))
    promoted = []
    url = reverse("events:mine")
    for pk in rules.to_promote(event.capacity, _seated(event), waiting):
        registration = Registration.objects.select_related("user").get(pk=pk)
        registration.status, registration.promoted_at = Registration.Status.REGISTERED, timezone.now()
        registration.save(update_fields=["status", "promoted_at"])
        audit.record(None, "events.promote", registration, summary=f"{event.pk} {registration.name}")
        _notify(registration.user, _say(gettext_noop("候补转正：您已获得“%(title)s”的参会名额"), title=event.title), url)
        promoted.append(registration)
    return promoted


@transaction.atomic
def do_register(actor: Any, event: Event, values: dict[str, str]) -> Registration:
    """A signed-in user's registration: a seat while there are seats, else the waiting list (候补). Registering
    again after a cancellation takes a new place at the end of the queue."""
    if not getattr(actor, "is_authenticated", False) or not getattr(actor, "is_active", False):
        raise PermissionDenied("events.register")
    event = Event.objects.select_for_update().get(pk=event.pk)  # one seat count at a time
    problem = rules.registration_problem(event.status, clock(event), timezone.now())
    if problem:
        raise _refuse(REASONS[problem])
    existing = Registration.objects.filter(event=event, user=actor).first()
    if existing is not None and existing.status != Registration.Status.CANCELLED:
        raise _refuse(_("您已报名这项活动"))
    status = rules.seat_for(event.capacity, _seated(event))
    registration = existing or Registration(event=event, user=actor)
    registration.organization_id = actor.organization_id
    registration.name = values["name"].strip()[:50]
    registration.phone = values["phone"].strip()[:20]
    registration.role = (values.get("role") or "").strip()[:100]
    registration.practice_no = (values.get("practice_no") or "").strip()[:40]
    registration.status, registration.registered_at = status, timezone.now()
    registration.cancelled_at = registration.promoted_at = registration.checked_in_at = None
    registration.token = secrets.token_urlsafe(24)  # a new code: an old screenshot no longer checks anyone in
    registration.save()
    audit.record(actor, "events.register", registration, summary=f"{event.pk} {status}")
    if status == Registration.Status.REGISTERED:
        title = _say(gettext_noop("报名成功：%(title)s"), title=event.title)
    else:
        title = _say(gettext_noop("已进入候补：%(title)s（有人取消时按报名先后递补）"), title=event.title)
    _notify(actor, title, reverse("events:mine"))
    return registration


@transaction.atomic
def do_cancel_registration(actor: Any, registration: Registration) -> Registration:
    """The registrant (or the office) gives up the place before the event starts; the first waiting takes it."""
    if registration.user_id != getattr(actor, "pk", None) and not can(actor, "events.manage"):
        raise PermissionDenied("events.register")
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration = Registration.objects.get(pk=registration.pk)
    if registration.status == Registration.Status.CANCELLED:
        raise _refuse(_("报名已经取消"))
    if registration.checked_in_at is not None:
        raise _refuse(_("已经签到，不能取消报名"))  # the attendance stands
    problem = rules.cancellation_problem(event.status, clock(event), timezone.now())
    if problem:
        raise _refuse(REASONS[problem])
    before = registration.status
    registration.status, registration.cancelled_at = Registration.Status.CANCELLED, timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    audit.record(actor, "events.unregister", registration, summary=f"{event.pk} {registration.name}",
                 changes={"status": [before, registration.status]})
    if before == Registration.Status.REGISTERED:
        _promote(event)
    return registration


@transaction.atomic
def do_check_in(actor: Any, event: Event, token: str) -> Registration:
    """Staff scan a registrant's QR code (the check-in page of its token) and confirm: only on the day, within the
    event's check-in window, for a seated registration of this event."""
    require(actor, "events.manage")
    event = Event.objects.get(pk=event.pk)
    registration = Registration.objects.select_for_update().filter(event=event, token=token or "").first()
    if registration is None:
        raise _refuse(REASONS[rules.BAD_TOKEN])
    problem = rules.checkin_problem(event.status, clock(event), timezone.now(),
                                    registration_status=registration.status,
                                    already=registration.checked_in_at is not None,
                                    expected_token=registration.token, given_token=token)
    if problem:
        raise _refuse(REASONS[problem])
    registration.checked_in_at, registration.checked_in_by = timezone.now(), actor
    registration.save(update_fields=["checked_in_at", "checked_in_by"])
    audit.record(actor, "events.check_in", registration, summary=f"{event.pk} {registration.name}")
    from zhichan.events.training import credit

    registration.event = event
    credit(actor, registration)  # the event's 学时, when it has them
    return registration


# ---- presented items and follow-ups -----------------------------------------------------------------------------

def _subject_owner(demand: Any, listing: Any) -> int:
    from zhichan.market.models import Demand, Listing

    if (demand is None) == (listing is None):
        raise _refuse(_("请选择一项技术需求或一项专利挂牌"))
    if demand is not None and demand.status != Demand.Status.OPEN:
        raise _refuse(_("只有征集中的技术需求可以在活动中发布"), "demand")
    if listing is not None and listing.status != Listing.Status.PUBLISHED:
        raise _refuse(_("只有已发布的挂牌可以在活动中发布"), "listing")
    return (demand or listing).organization_id


@transaction.atomic
def do_add_item(actor: Any, event: Event, *, demand: Any = None, listing: Any = None, note: str = "") -> EventItem:
    """An organisation proposes its own open demand or published listing for the event (待确认); the office adds
    any of them directly (已确认)."""
    office = can(actor, "events.manage")
    if not office:
        require(actor, "market.offer")  # a verified organisation's user
    event = Event.objects.select_for_update().get(pk=event.pk)
    if event.status not in (Event.Status.DRAFT, Event.Status.PUBLISHED, Event.Status.CLOSED):
        raise _refuse(_("活动已取消或已结束"))
    owner = _subject_owner(demand, listing)
    if not office and owner != actor.organization_id:
        raise PermissionDenied("market.offer")
    if EventItem.objects.filter(event=event, **({"demand": demand} if demand else {"listing": listing})).exists():
        raise _refuse(_("这一项已在本活动的议程中"))
    order = (event.items.aggregate(n=Max("order"))["n"] or 0) + 1
    item = EventItem.objects.create(event=event, demand=demand, listing=listing, presenter_id=owner, order=order,
                                    note=(note or "").strip()[:500], proposed_by=actor,
                                    status=EventItem.Status.ACCEPTED if office else EventItem.Status.PROPOSED)
    audit.record(actor, "events.item_add", item, summary=f"{event.pk} {item}"[:300])
    return item


@transaction.atomic
def do_decide_item(actor: Any, item: EventItem, accept: bool) -> EventItem:
    require(actor, "events.manage")
    item = EventItem.objects.select_for_update().get(pk=item.pk)
    item.status = EventItem.Status.ACCEPTED if accept else EventItem.Status.DECLINED
    item.save(update_fields=["status"])
    audit.record(actor, "events.item_accept" if accept else "events.item_decline", item, summary=str(item)[:300])
    if item.proposed_by_id and item.proposed_by_id != getattr(actor, "pk", None):
        text = gettext_noop("议程已确认：%(item)s（%(title)s）") if accept else gettext_noop("议程未采纳：%(item)s（%(title)s）")
        _notify(item.proposed_by, _say(text, item=str(item)[:100], title=item.event.title),
                reverse("events:detail", args=[item.event_id]))
    return item


@transaction.atomic
def do_record_follow_up(actor: Any, event: Event, values: dict[str, Any]) -> FollowUp:
    """What followed the event, for a presented item of it or for two organisations that met there; the amount (万元)
    is optional; `deal_ref` names the deals app's record when there is one."""
    require(actor, "events.manage")
    item, a, b = values.get("item"), values.get("party_a"), values.get("party_b")
    if item is not None and item.event_id != event.pk:
        raise _refuse(_("这一项不在本活动的议程中"), "item")
    if item is None and (a is None or b is None):
        raise _refuse(_("请选择对接项目，或填写对接的两家单位"))
    if a is not None and b is not None and a == b:
        raise _refuse(_("对接的两家单位不能相同"), "party_b")
    amount = values.get("amount_wan")
    if amount is not None and Decimal(amount) < 0:
        raise _refuse(_("金额不能为负"), "amount_wan")
    if values["outcome"] not in FollowUp.Outcome.values:
        raise _refuse(_("请选择对接结果"), "outcome")
    fields = {"event": event, "item": item, "party_a": a, "party_b": b, "outcome": values["outcome"],
              "note": (values.get("note") or "").strip()[:1000], "amount_wan": amount,
              "occurred_on": values.get("occurred_on") or timezone.localdate(),
              "deal_ref": (values.get("deal_ref") or "").strip()[:40], "recorded_by": actor}
    resent = resend.recent(FollowUp.objects.all(), **fields)  # the same form sent again moments ago: counted once
    if resent is not None:
        return resent
    row = FollowUp.objects.create(**fields)
    audit.record(actor, "events.follow_up", row, summary=f"{event.pk} {row.outcome} {amount or ''}")
    return row


# ---- the day before ---------------------------------------------------------------------------------------------

def remind_tomorrow(today: Any = None) -> int:
    """The day before an event, everyone holding a seat is reminded once (the nightly job; a rerun sends nothing)."""

    today = today or timezone.localdate()
    tomorrow = today + dt.timedelta(days=1)
    sent = 0
    events = Event.objects.filter(status__in=[Event.Status.PUBLISHED, Event.Status.CLOSED],
                                  starts_at__date=tomorrow)
    for event in events:
        local = timezone.localtime(event.starts_at)
        title = _say(gettext_noop("活动提醒：“%(title)s”将于明天 %(time)s 开始"), title=event.title, time=f"{local:%H:%M}")
        with transaction.atomic():
            for registration in event.registrations.filter(status=Registration.Status.REGISTERED, reminded_at=None):
                _notify(registration.user, title, reverse("events:mine"))
                Registration.objects.filter(pk=registration.pk).update(reminded_at=timezone.now())
                sent += 1
    return sent
