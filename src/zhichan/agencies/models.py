"""The service-industry registry: patent agencies (专利代理机构), their practitioners (专利代理师) and the names they
carry on patents, other service organisations with their yearly figures, annual reports, listings (经营异常名录,
严重违法失信名单) and the credit ledger (rule versions, events, grades, objection and repair cases).

Other parts of the app (inspections, complaints) keep their models in their own modules, imported at the end.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Agency(models.Model):
    """A patent agency (专利代理机构) or one of its branches (分支机构: `head` set)."""

    class Form(models.TextChoices):
        PARTNERSHIP = "partnership", _("合伙企业")
        LIMITED = "limited", _("有限责任公司")

    class Status(models.TextChoices):
        NORMAL = "normal", _("正常")
        ABNORMAL = "abnormal", _("经营异常")
        SERIOUS = "serious", _("严重违法失信")
        SUSPENDED = "suspended", _("停止承接新业务")
        REVOKED = "revoked", _("吊销")

    name = models.CharField(_("机构名称"), max_length=200, unique=True)
    normalized_name = models.CharField(max_length=200, db_index=True)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True, null=True, blank=True)
    licence_number = models.CharField(_("执业许可证号"), max_length=40, unique=True, null=True, blank=True)
    form = models.CharField(_("组织形式"), max_length=12, choices=Form.choices, blank=True)
    partners = models.JSONField(_("合伙人或股东"), default=list, blank=True)
    address = models.CharField(_("地址"), max_length=300, blank=True)
    region = models.ForeignKey("core.Region", verbose_name=_("地区"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    head = models.ForeignKey("self", verbose_name=_("总机构"), null=True, blank=True, on_delete=models.PROTECT,
                             related_name="branches")
    established_on = models.DateField(_("成立日期"), null=True, blank=True)
    licensed_on = models.DateField(_("许可日期"), null=True, blank=True)
    # The status as of today, kept by the actions from the listings and decisions below (its history: StatusChange).
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.NORMAL, db_index=True)
    status_since = models.DateField(_("状态起始日"), null=True, blank=True)
    suspended_until = models.DateField(_("停止承接新业务至"), null=True, blank=True)
    revoked_on = models.DateField(_("吊销日期"), null=True, blank=True)
    # The agency users' organisation (matched by the credit code when either is registered).
    organization = models.OneToOneField("core.Organization", null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="agency")
    # Cached for the public directory (filtering by grade and field); recomputed by actions.
    grade = models.CharField(_("信用等级"), max_length=2, blank=True, db_index=True)
    score = models.DecimalField(_("信用分"), max_digits=6, decimal_places=1, null=True, blank=True)
    ipc_sections = models.CharField(_("技术领域"), max_length=20, blank=True)  # e.g. "GHA", most filings first
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("专利代理机构")

    def __str__(self) -> str:
        return self.name


class StatusChange(models.Model):
    """One change of an agency's status, with the decision's dates (its history, shown on the office page)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(_("状态"), max_length=12, choices=Agency.Status.choices)
    effective_on = models.DateField(_("生效日期"))
    until = models.DateField(_("截止日期"), null=True, blank=True)
    reason = models.CharField(_("原因"), max_length=300, blank=True)
    decision = models.CharField(_("决定文号"), max_length=100, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["effective_on", "pk"]


class AgencyAlias(models.Model):
    """A spelling of an agency's name as patents carry it (代理机构, search field AGC) → the agency. The registered
    name is an alias of its own; imports and the office add variants (former names, with or without the
    (普通合伙) suffix …)."""

    REGISTRY, FORMER, OFFICE = "registry", "former", "office"
    SOURCES = [(REGISTRY, _("登记名称")), (FORMER, _("曾用名")), (OFFICE, _("知识产权局录入"))]

    normalized_name = models.CharField(max_length=200, unique=True)
    name = models.CharField(_("名称"), max_length=200)
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="aliases")
    source = models.CharField(_("来源"), max_length=10, choices=SOURCES, default=REGISTRY)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]


class Practitioner(models.Model):
    """A patent attorney (专利代理师): practises in exactly one agency at a time (Employment)."""

    name = models.CharField(_("姓名"), max_length=50)
    certificate_number = models.CharField(_("资格证号"), max_length=40, unique=True)
    filing_number = models.CharField(_("执业备案号"), max_length=40, blank=True)
    filed_on = models.DateField(_("执业备案日期"), null=True, blank=True)
    agency = models.ForeignKey(Agency, verbose_name=_("执业机构"), null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="practitioners")  # the current firm, kept with Employment
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "certificate_number"]

    def __str__(self) -> str:
        return self.name


class Employment(models.Model):
    """A practitioner's time at one agency; the open one (`ended_on` empty) is the current firm, at most one."""

    practitioner = models.ForeignKey(Practitioner, on_delete=models.CASCADE, related_name="employments")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="employments")
    started_on = models.DateField(_("起始日期"))
    ended_on = models.DateField(_("终止日期"), null=True, blank=True)
    is_partner = models.BooleanField(_("合伙人或股东"), default=False)

    class Meta:
        ordering = ["started_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["practitioner"], condition=models.Q(ended_on=None),
                                               name="one_firm_at_a_time")]


class ServiceOrganization(models.Model):
    """Another IP service organisation (评估, 运营, 律所 …) counted in the service-cluster statistics."""

    class Kind(models.TextChoices):
        EVALUATION = "evaluation", _("评估")
        OPERATION = "operation", _("运营")
        LAW_FIRM = "law_firm", _("律师事务所")
        TRADEMARK = "trademark", _("商标代理")
        CONSULTING = "consulting", _("咨询")
        OTHER = "other", _("其他")

    name = models.CharField(_("机构名称"), max_length=200, unique=True)
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True, null=True, blank=True)
    kind = models.CharField(_("类别"), max_length=12, choices=Kind.choices, default=Kind.OTHER)
    address = models.CharField(_("地址"), max_length=300, blank=True)
    region = models.ForeignKey("core.Region", verbose_name=_("地区"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ServiceFigures(models.Model):
    """A service organisation's reported figures for one year: 机构数 (itself and its branches), 从业人员, 营收."""

    organization = models.ForeignKey(ServiceOrganization, on_delete=models.CASCADE, related_name="figures")
    year = models.PositiveSmallIntegerField(_("年度"))
    offices = models.PositiveIntegerField(_("机构数"), default=1)
    staff = models.PositiveIntegerField(_("从业人员"), default=0)
    revenue_wan = models.DecimalField(_("营业收入（万元）"), max_digits=14, decimal_places=2, default=0)

    class Meta:
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="one_figure_per_year")]


class AnnualReport(models.Model):
    """An agency's annual report (专利代理管理办法 Art. 35) for `year`, filed between 1 and 31 March of year + 1."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="annual_reports")
    year = models.PositiveSmallIntegerField(_("报告年度"))
    filed_on = models.DateField(_("报送日期"))
    staff = models.PositiveIntegerField(_("从业人员"), default=0)
    practitioners = models.PositiveIntegerField(_("专利代理师人数"), default=0)
    revenue_wan = models.DecimalField(_("营业收入（万元）"), max_digits=14, decimal_places=2, default=0)
    filings = models.PositiveIntegerField(_("代理专利申请量"), default=0)
    note = models.TextField(_("说明"), blank=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="one_report_per_year")]


class Listing(models.Model):
    """An entry in the 经营异常名录 (missing annual report) or the 严重违法失信名单, with its dates."""

    ABNORMAL, SERIOUS = "abnormal", "serious"
    KINDS = [(ABNORMAL, _("经营异常名录")), (SERIOUS, _("严重违法失信名单"))]

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="listings")
    kind = models.CharField(_("名录"), max_length=10, choices=KINDS)
    report_year = models.PositiveSmallIntegerField(_("未报年度"), null=True, blank=True)
    listed_on = models.DateField(_("列入日期"))
    removed_on = models.DateField(_("移出日期"), null=True, blank=True)
    warned_on = models.DateField(_("预警日期"), null=True, blank=True)  # the 60-day warning before 严重违法失信
    reason = models.CharField(_("原因"), max_length=300, blank=True)

    class Meta:
        ordering = ["-listed_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["agency", "kind", "listed_on"], name="one_listing_a_day")]


class LifecycleRun(models.Model):
    """One run of the annual-report lifecycle as of a date (idempotent per date: a second run finds nothing to do)."""

    as_of = models.DateField(_("基准日期"))
    ran_at = models.DateTimeField(auto_now_add=True)
    ran_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="+")
    result = models.JSONField(default=dict)

    class Meta:
        ordering = ["-as_of", "-ran_at"]


class CreditRuleVersion(models.Model):
    """A version of the credit-evaluation rule table (专利代理信用评价管理办法(试行)); published versions are frozen,
    so a grade computed under one can be recomputed later."""

    number = models.PositiveIntegerField(_("版本号"), unique=True)
    title = models.CharField(_("名称"), max_length=200)
    effective_from = models.DateField(_("施行日期"))
    base = models.DecimalField(_("基础分"), max_digits=6, decimal_places=1, default=100)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+")
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"v{self.number} {self.title}"


class CreditRule(models.Model):
    """One event type of a rule version: its points (negative: deduction, positive: bonus), the most one event may
    count (`cap`, e.g. abnormal applications up to 40), how long it counts and the article it rests on."""

    version = models.ForeignKey(CreditRuleVersion, on_delete=models.CASCADE, related_name="rules")
    code = models.CharField(_("代码"), max_length=40)
    label = models.CharField(_("事项"), max_length=200)
    points = models.DecimalField(_("分值"), max_digits=6, decimal_places=1)
    cap = models.DecimalField(_("上限"), max_digits=6, decimal_places=1, null=True, blank=True)
    term_months = models.PositiveSmallIntegerField(_("有效期（月）"), null=True, blank=True)
    source = models.CharField(_("依据"), max_length=200, blank=True)
    public = models.BooleanField(_("公示"), default=True)

    class Meta:
        ordering = ["version", "points", "code"]
        constraints = [models.UniqueConstraint(fields=["version", "code"], name="one_rule_per_code")]


class CreditEvent(models.Model):
    """A record in an agency's credit file: what happened, when, its evidence and source; scored by the rule of
    its code in whichever version is applied."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="credit_events")
    practitioner = models.ForeignKey(Practitioner, null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="credit_events")
    code = models.CharField(_("事项代码"), max_length=40, db_index=True)
    occurred_on = models.DateField(_("发生日期"))
    points = models.DecimalField(_("分值"), max_digits=6, decimal_places=1, null=True, blank=True)  # within the cap
    ends_on = models.DateField(_("失效日期"), null=True, blank=True)  # set by 信用修复 or a removal
    evidence = models.TextField(_("证据"), blank=True)
    source = models.CharField(_("来源"), max_length=40, blank=True)  # annual | inspection | complaint | office …
    source_ref = models.CharField(_("来源编号"), max_length=100, blank=True)
    public = models.BooleanField(_("公示"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-pk"]


class CreditGrade(models.Model):
    """The grade of an agency for a period (a year) under one rule version; every version's result is kept."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="credit_grades")
    period = models.PositiveSmallIntegerField(_("评价年度"))
    version = models.ForeignKey(CreditRuleVersion, on_delete=models.PROTECT, related_name="grades")
    as_of = models.DateField(_("评价基准日"))
    score = models.DecimalField(_("信用分"), max_digits=6, decimal_places=1)
    grade = models.CharField(_("信用等级"), max_length=2)
    lines = models.JSONField(default=list)  # the events counted: [{event, code, points}]
    computed_at = models.DateTimeField(auto_now=True)
    published_on = models.DateField(_("公示日期"), null=True, blank=True)

    class Meta:
        ordering = ["-period", "-version__number"]
        constraints = [models.UniqueConstraint(fields=["agency", "period", "version"], name="one_grade_per_version")]


class CreditCase(models.Model):
    """An objection (异议) to a published grade or event, or a credit repair (信用修复) request, on the workflow
    engine (agencies/workflows.py)."""

    number = models.CharField(_("编号"), max_length=30, unique=True)
    kind = models.CharField(max_length=20, db_index=True)  # objection | repair
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="credit_cases")
    event = models.ForeignKey(CreditEvent, null=True, blank=True, on_delete=models.SET_NULL, related_name="cases")
    grade = models.ForeignKey(CreditGrade, null=True, blank=True, on_delete=models.SET_NULL, related_name="cases")
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="credit_cases")
    state = models.CharField(max_length=20, db_index=True)
    fields = models.JSONField(default=dict)
    clock_started = models.DateField(null=True, blank=True)
    due = models.DateField(null=True, blank=True)
    paused_on = models.DateField(null=True, blank=True)
    stopped_on = models.DateField(null=True, blank=True)
    waited = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]


class CreditCaseStep(models.Model):
    """One transition of a credit case: who, when, from and to which state, with the fields given."""

    case = models.ForeignKey(CreditCase, on_delete=models.CASCADE, related_name="steps")
    transition = models.CharField(max_length=40)
    from_state = models.CharField(max_length=20)
    to_state = models.CharField(max_length=20)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    role = models.CharField(max_length=20)
    at = models.DateTimeField(auto_now_add=True)
    fields = models.JSONField(default=dict)

    class Meta:
        ordering = ["at", "pk"]


from zhichan.agencies import abnormal_models, complaint_models, inspection_models  # noqa: E402,F401  (非正常申请, 双随机, 投诉举报)
