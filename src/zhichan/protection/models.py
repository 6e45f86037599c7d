"""Dispute cases (纠纷案件) of the protection centre: adjudication, mediation, complaints and reports, e-commerce
notices, overseas guidance (protection/flow.py). Parties, patents involved, evidence with its SHA-256, a collegial
panel, a hearing, and the history of every step."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DisputeCase(models.Model):
    class Kind(models.TextChoices):
        ADJUDICATION = "adjudication", _("专利侵权纠纷行政裁决")
        MEDIATION = "mediation", _("专利纠纷调解")
        REPORT = "report", _("投诉举报")
        ECOMMERCE = "ecommerce", _("电子商务知识产权通知与声明")
        GUIDANCE = "guidance", _("海外知识产权纠纷应对指导")
        FAST = "fast", _("快速维权")

    number = models.CharField(_("案件编号"), max_length=30, unique=True)
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices, db_index=True)
    title = models.CharField(_("案由"), max_length=200)
    state = models.CharField(_("状态"), max_length=20, db_index=True)
    fields = models.JSONField(default=dict, blank=True)  # what the transitions recorded
    patents = models.ManyToManyField("patents.Application", blank=True, related_name="dispute_cases",
                                     verbose_name=_("涉案专利"))
    # who filed it: a signed-in user, or nobody (anonymous); contact details as given (hidden, see access.py)
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="dispute_cases")
    anonymous = models.BooleanField(_("匿名"), default=False)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact = models.CharField(_("联系方式"), max_length=100, blank=True)
    submitter_key = models.CharField(max_length=64, blank=True, db_index=True)
    query_hash = models.CharField(max_length=64, blank=True)
    handler = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("承办人"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="handled_dispute_cases")
    filed_on = models.DateField(_("请求日期"))
    accept_due = models.DateField(_("应受理日期"), null=True, blank=True)
    accepted_on = models.DateField(_("受理日期"), null=True, blank=True, db_index=True)
    closed_on = models.DateField(_("结案日期"), null=True, blank=True, db_index=True)
    extended = models.BooleanField(_("已延长"), default=False)
    # the running clock (core/workflow Clock.of / Clock.store)
    clock_started = models.DateField(null=True, blank=True)
    due = models.DateField(_("期限"), null=True, blank=True, db_index=True)
    paused_on = models.DateField(_("中止日期"), null=True, blank=True)
    stopped_on = models.DateField(null=True, blank=True)
    waited = models.PositiveIntegerField(default=0)
    # 电子商务法 Art. 44: the day the office published the notice, counter-notice and result (e-commerce cases)
    published_on = models.DateField(_("公示日期"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-filed_on", "-pk"]
        verbose_name = _("纠纷案件")

    def __str__(self) -> str:
        return self.number


class Party(models.Model):
    class Side(models.TextChoices):
        REQUESTER = "requester", _("请求人")
        RESPONDENT = "respondent", _("被请求人")

    case = models.ForeignKey(DisputeCase, on_delete=models.CASCADE, related_name="parties")
    side = models.CharField(_("当事人类别"), max_length=12, choices=Side.choices)
    name = models.CharField(_("名称或姓名"), max_length=200)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)

    class Meta:
        ordering = ["side", "pk"]


class CaseTrademark(models.Model):
    """A registered trademark a case concerns (the platform holds no trademark register: as the filer gives it,
    checked for form by protection/marks.py)."""

    case = models.ForeignKey(DisputeCase, on_delete=models.CASCADE, related_name="trademarks")
    number = models.CharField(_("注册号"), max_length=12)
    name = models.CharField(_("商标名称"), max_length=100)
    nice_class = models.PositiveSmallIntegerField(_("尼斯分类"))
    holder = models.CharField(_("权利人"), max_length=200)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number", "nice_class"], name="protection_mark_once"),
            models.CheckConstraint(condition=models.Q(nice_class__gte=1, nice_class__lte=45),
                                   name="protection_mark_nice_class"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}（第 {self.nice_class} 类）"


class PanelMember(models.Model):
    """A member of the collegial panel (合议组), with the relations they declared for the recusal check."""

    case = models.ForeignKey(DisputeCase, on_delete=models.CASCADE, related_name="panel")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    chief = models.BooleanField(_("组长"), default=False)
    relations = models.TextField(_("申报的关联关系"), blank=True)

    class Meta:
        ordering = ["-chief", "pk"]
        constraints = [models.UniqueConstraint(fields=["case", "user"], name="protection_panel_once")]


class Evidence(models.Model):
    case = models.ForeignKey(DisputeCase, on_delete=models.CASCADE, related_name="evidence")
    name = models.CharField(_("文件名"), max_length=200)
    stored = models.CharField(max_length=200)  # file name under ZHICHAN_HOME/protection
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("大小"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]


class Step(models.Model):
    """One step of a case: a transition, a suspension, a resumption, an extension, a panel change."""

    case = models.ForeignKey(DisputeCase, on_delete=models.CASCADE, related_name="steps")
    transition = models.CharField(max_length=40)
    from_state = models.CharField(max_length=20)
    to_state = models.CharField(max_length=20)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    role = models.CharField(max_length=20)
    on = models.DateField()
    at = models.DateTimeField(auto_now_add=True)
    fields = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]


class WatchList(models.Model):
    """A watch list (监测名单): the office's (no organisation) or an enterprise's own, naming key enterprises,
    patents, IPC areas, competitors and brands. Events after each import are raised against it (watch_events.py)."""

    name = models.CharField(_("名称"), max_length=100)
    organization = models.ForeignKey("core.Organization", verbose_name=_("所属单位"), null=True, blank=True,
                                     on_delete=models.CASCADE, related_name="watch_lists")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class WatchItem(models.Model):
    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("重点企业")
        PATENT = "patent", _("专利")
        IPC = "ipc", _("IPC 领域")
        COMPETITOR = "competitor", _("竞争对手")
        BRAND = "brand", _("品牌")

    watch_list = models.ForeignKey(WatchList, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("类别"), max_length=12, choices=Kind.choices)
    value = models.CharField(_("内容"), max_length=200)  # a name, an application number, an IPC symbol, a brand
    application = models.ForeignKey("patents.Application", null=True, blank=True, on_delete=models.CASCADE,
                                    related_name="+")
    note = models.CharField(_("备注"), max_length=200, blank=True)
    added_at = models.DateTimeField(_("加入时间"), default=timezone.now)

    class Meta:
        ordering = ["kind", "value"]
        constraints = [models.UniqueConstraint(fields=["watch_list", "kind", "value"], name="protection_watch_once")]


class WatchEvent(models.Model):
    """An event raised against a watch list after an import (protection/detect.py, protection/watch_events.py):
    once per `key` (a re-import of the same data raises nothing new)."""

    class Kind(models.TextChoices):
        LAPSE = "lapse", _("专利权终止或失效")
        INVALIDATION_REQUEST = "invalid_request", _("无效宣告请求")
        INVALIDATION = "invalidated", _("无效宣告决定")
        TRANSFER = "transfer", _("专利权转移")
        PLEDGE = "pledge", _("专利权质押")
        LICENCE = "licence", _("实施许可备案")
        EXPIRY = "expiry", _("保护期即将届满")
        COMPETITOR = "competitor", _("竞争对手新申请")
        SIMILAR = "similar", _("高度相似的新公开专利")

    class Severity(models.IntegerChoices):
        LOW = 1, _("低")
        MEDIUM = 2, _("中")
        HIGH = 3, _("高")

    key = models.CharField(max_length=200, unique=True)
    watch_list = models.ForeignKey(WatchList, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices, db_index=True)
    severity = models.PositiveSmallIntegerField(_("严重程度"), choices=Severity.choices)
    application = models.ForeignKey("patents.Application", on_delete=models.CASCADE, related_name="+")
    watched = models.ForeignKey("patents.Application", null=True, blank=True, on_delete=models.CASCADE,
                                related_name="+")  # the watched patent a similar publication resembles
    similarity = models.FloatField(_("相似度"), null=True, blank=True)
    evidence = models.JSONField(default=dict)
    region_code = models.CharField(max_length=12, blank=True, db_index=True)  # the district for the dashboard
    is_open = models.BooleanField(_("未处理"), default=True)
    notified = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-severity", "pk"]


class DigestSent(models.Model):
    """The weekly digest sent to a user for an ISO week (a rerun sends nothing)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week = models.CharField(max_length=8)  # 2026-W48

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "week"], name="protection_digest_once")]


class TypicalCase(models.Model):
    """典型案例: a closed case the office publishes with an editable, anonymised summary (protection/anonymise.py)."""

    case = models.OneToOneField(DisputeCase, on_delete=models.CASCADE, related_name="typical")
    title = models.CharField(_("标题"), max_length=200)
    facts = models.TextField(_("案情简介"))
    outcome = models.TextField(_("裁判要点/处理结果"))
    significance = models.TextField(_("典型意义"), blank=True)
    published_on = models.DateField(_("发布日期"), null=True, blank=True, db_index=True)
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = _("典型案例")

    def __str__(self) -> str:
        return self.title


from zhichan.protection.report_models import RiskReport  # noqa: E402,F401  (risk reports, issue 16 item 3)
