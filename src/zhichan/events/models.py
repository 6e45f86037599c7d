"""Events (活动): matchmaking sessions (对接会) and roadshows (路演) where demands and listings of the market are
presented, and — built on the same records later (issue 17) — lectures, courses and campaigns.

An event is announced, takes registrations up to its capacity (then a waiting list, 候补, promoted in order), checks
people in by the token of their QR code, and records what followed (FollowUp). The rules are pure Python in
events/rules.py; every write goes through events/actions.py. Training (学时, certificates) will hang off
Registration (its checked_in_at) and Event (kind course/lecture) without changing these tables: docs/events.md.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Event(models.Model):
    class Kind(models.TextChoices):
        MATCHMAKING = "matchmaking", _("对接会")
        ROADSHOW = "roadshow", _("路演")
        LECTURE = "lecture", _("讲座")
        COURSE = "course", _("培训")
        CAMPAIGN = "campaign", _("宣传活动")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")
        CLOSED = "closed", _("报名截止")
        ENDED = "ended", _("已结束")
        CANCELLED = "cancelled", _("已取消")

    kind = models.CharField(_("活动类型"), max_length=12, choices=Kind.choices, db_index=True)
    title = models.CharField(_("活动名称"), max_length=200)
    summary = models.TextField(_("活动简介"), blank=True)
    organizer = models.ForeignKey("core.Organization", verbose_name=_("主办单位"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="organized_events")
    place = models.CharField(_("地点"), max_length=300, blank=True)
    online_url = models.URLField(_("线上链接"), max_length=500, blank=True)
    starts_at = models.DateTimeField(_("开始时间"), db_index=True)
    ends_at = models.DateTimeField(_("结束时间"))
    registration_deadline = models.DateTimeField(_("报名截止时间"), null=True, blank=True)
    capacity = models.PositiveIntegerField(_("名额"), null=True, blank=True)  # None: no limit
    # check-in opens this many minutes before the start and closes this many after the end (rules.checkin_window)
    checkin_before_minutes = models.PositiveIntegerField(_("签到提前（分钟）"), default=120)
    checkin_after_minutes = models.PositiveIntegerField(_("签到延后（分钟）"), default=60)
    chain = models.ForeignKey("market.IndustryChain", verbose_name=_("产业链"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="events")
    region = models.ForeignKey("core.Region", verbose_name=_("地区"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    # training (issue 17): the 学时 a checked-in person is credited (empty: none) and their category
    hours = models.DecimalField(_("学时"), max_digits=5, decimal_places=1, null=True, blank=True)
    hours_category = models.CharField(_("科目类别"), max_length=12, blank=True,
                                      choices=[("professional", _("专业科目")), ("general", _("公需科目"))])
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    cancel_reason = models.CharField(_("取消原因"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-starts_at", "-id"]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gte=models.F("starts_at")),
                                              name="events_event_ends_after_start")]

    def __str__(self) -> str:
        return self.title


class Registration(models.Model):
    """One person's place at an event: 已报名 (a seat), 候补 (waiting, promoted in order) or 已取消. The token is the
    QR code's secret: whoever holds it may be checked in, by staff who scan it."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("已报名")
        WAITLISTED = "waitlisted", _("候补")
        CANCELLED = "cancelled", _("已取消")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_registrations")
    organization = models.ForeignKey("core.Organization", verbose_name=_("单位"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    name = models.CharField(_("姓名"), max_length=50)
    phone = models.CharField(_("手机号码"), max_length=20)
    role = models.CharField(_("职务"), max_length=100, blank=True)
    # a patent attorney's 资格证号, optional: their hours are credited to the agencies' practitioner record too
    practice_no = models.CharField(_("专利代理师资格证号"), max_length=40, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, db_index=True)
    registered_at = models.DateTimeField(_("报名时间"))  # the waiting list's order
    promoted_at = models.DateTimeField(_("递补时间"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    token = models.CharField(max_length=64, unique=True)
    checked_in_at = models.DateTimeField(_("签到时间"), null=True, blank=True)
    checked_in_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["registered_at", "id"]
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="events_one_registration_per_user")]

    def __str__(self) -> str:
        return f"{self.event_id} {self.name}"


class EventItem(models.Model):
    """A demand or a listing presented at the event (the agenda): proposed by its organisation, accepted by the office
    (or added by the office directly)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("待确认")
        ACCEPTED = "accepted", _("已确认")
        DECLINED = "declined", _("未采纳")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="items")
    demand = models.ForeignKey("market.Demand", verbose_name=_("技术需求"), null=True, blank=True,
                               on_delete=models.CASCADE, related_name="event_items")
    listing = models.ForeignKey("market.Listing", verbose_name=_("专利挂牌"), null=True, blank=True,
                                on_delete=models.CASCADE, related_name="event_items")
    presenter = models.ForeignKey("core.Organization", verbose_name=_("发布单位"), on_delete=models.PROTECT,
                                  related_name="+")
    order = models.PositiveIntegerField(_("顺序"), default=0)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    note = models.CharField(_("说明"), max_length=500, blank=True)
    proposed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(demand__isnull=True, listing__isnull=False)
                                   | Q(demand__isnull=False, listing__isnull=True), name="events_item_one_subject"),
            models.UniqueConstraint(fields=["event", "demand"], name="events_item_demand_once"),
            models.UniqueConstraint(fields=["event", "listing"], name="events_item_listing_once"),
        ]

    def __str__(self) -> str:
        return str(self.demand or self.listing)


class FollowUp(models.Model):
    """What followed the event: for a presented item, or for a pair of organisations that met there."""

    class Outcome(models.TextChoices):
        ONGOING = "ongoing", _("持续洽谈")
        INTENT = "intent", _("达成意向")
        SIGNED = "signed", _("签约")
        NONE = "none", _("无后续")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="follow_ups")
    item = models.ForeignKey(EventItem, verbose_name=_("对接项目"), null=True, blank=True, on_delete=models.CASCADE,
                             related_name="follow_ups")
    party_a = models.ForeignKey("core.Organization", verbose_name=_("对接方一"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    party_b = models.ForeignKey("core.Organization", verbose_name=_("对接方二"), null=True, blank=True,
                                on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(_("对接结果"), max_length=10, choices=Outcome.choices)
    note = models.CharField(_("说明"), max_length=1000, blank=True)
    amount_wan = models.DecimalField(_("金额（万元）"), max_digits=14, decimal_places=4, null=True, blank=True)
    occurred_on = models.DateField(_("日期"))
    # the deals app's record, by its id (no import: the apps talk through ids and actions)
    deal_ref = models.CharField(_("交易记录编号"), max_length=40, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(item__isnull=False) | Q(party_a__isnull=False, party_b__isnull=False),
                                   name="events_follow_up_subject"),
            models.CheckConstraint(condition=Q(amount_wan__isnull=True) | Q(amount_wan__gte=0),
                                   name="events_follow_up_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.event_id} {self.outcome}"


from zhichan.events.rotation_models import RotationPlan  # noqa: E402,F401  (轮训: docs/events.md)
from zhichan.events.training_models import Credit  # noqa: E402,F401  (training: docs/events.md)
