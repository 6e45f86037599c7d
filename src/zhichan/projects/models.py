"""Project calls (申报指南), applications with their formal check on the workflow engine, the expert pool with
declared relationships, and review panels staffed by recorded random draws."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zhichan.projects import conflicts, panel, performance


def performance_weights_default() -> dict[str, str]:
    """绩效评价 weights of a call (and of every call made before the office could set them)."""
    return performance.stored(performance.default_weights(performance.PERFORMANCE))


def navigation_weights_default() -> dict[str, str]:
    return performance.stored(performance.default_weights(performance.NAVIGATION))


class Call(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        PUBLISHED = "published", _("已发布")
        WITHDRAWN = "withdrawn", _("已撤回")

    title = models.CharField(_("项目名称"), max_length=200)
    guide = models.TextField(_("申报指南"))
    rules = models.JSONField(_("申报条件"), default=dict, blank=True)  # projects/eligibility.py
    fields = models.JSONField(_("申报表字段"), default=list, blank=True)  # projects/fields.py
    requirements = models.JSONField(_("必须上传的材料"), default=list, blank=True)
    opens_on = models.DateField(_("申报开始日期"))
    closes_on = models.DateField(_("申报截止日期"))
    panel_size = models.PositiveSmallIntegerField(_("评审专家人数"), default=5)
    # the review's fields: only experts with a field under one of these (IPC prefix or SEI code) are drawn; empty: all
    expert_fields = models.JSONField(_("评审专家的专业领域"), default=list, blank=True)
    sheet = models.JSONField(_("评分表"), default=list, blank=True)  # projects/scoring.py
    aggregation = models.CharField(_("计分规则"), max_length=10, default="trimmed",
                                   choices=[("mean", _("算术平均")), ("trimmed", _("去掉一个最高分和一个最低分后平均"))])
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # 绩效评价 indicator weights (projects/performance.py), set per call; a navigation project (专利导航项目) is
    # evaluated by the navigation indicators and their weights instead
    performance_weights = models.JSONField(_("绩效评价指标权重"), default=performance_weights_default, blank=True)
    navigation = models.BooleanField(_("专利导航项目"), default=False)
    navigation_weights = models.JSONField(_("专利导航工程实施评价指标权重"), default=navigation_weights_default,
                                          blank=True)

    class Meta:
        ordering = ["-opens_on", "-pk"]
        verbose_name = _("申报指南")

    def __str__(self) -> str:
        return self.title

    @property
    def evaluation_system(self) -> str:
        return performance.NAVIGATION if self.navigation else performance.PERFORMANCE

    def evaluation_weights(self) -> dict:
        """The weights the call's projects are graded by (its indicator system's defaults when none are stored)."""
        system = self.evaluation_system
        stored = self.navigation_weights if self.navigation else self.performance_weights
        try:
            return performance.clean_weights(stored or {}, system)
        except performance.IndicatorError:  # a stored value no form could have saved: fall back to the defaults
            return performance.default_weights(system)

    def open_on(self, day: object) -> bool:
        return self.status == self.Status.PUBLISHED and self.opens_on <= day <= self.closes_on  # type: ignore[operator]


class ProjectApplication(models.Model):
    number = models.CharField(_("申报编号"), max_length=30, unique=True)
    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications")
    organization = models.ForeignKey("core.Organization", on_delete=models.PROTECT, related_name="+")
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    values = models.JSONField(default=dict, blank=True)  # declared field code -> value
    legal_representative = models.CharField(_("法定代表人"), max_length=50, blank=True)
    key_staff = models.JSONField(_("项目负责人及主要人员"), default=list, blank=True)
    eligibility = models.JSONField(default=list, blank=True)  # the rule results at the last submission
    state = models.CharField(_("状态"), max_length=20, db_index=True)
    fields = models.JSONField(default=dict, blank=True)  # what the transitions recorded (reasons, comments)
    clock_started = models.DateField(null=True, blank=True)
    due = models.DateField(null=True, blank=True)
    paused_on = models.DateField(null=True, blank=True)
    stopped_on = models.DateField(null=True, blank=True)
    waited = models.PositiveIntegerField(default=0)
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["call", "organization"], name="one_application_per_call")]

    def __str__(self) -> str:
        return self.number

    @property
    def persons(self) -> list[str]:
        return [p for p in [self.legal_representative, *self.key_staff] if p]


class ApplicationStep(models.Model):
    application = models.ForeignKey(ProjectApplication, on_delete=models.CASCADE, related_name="steps")
    transition = models.CharField(max_length=20)
    from_state = models.CharField(max_length=20)
    to_state = models.CharField(max_length=20)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    role = models.CharField(max_length=20)
    at = models.DateTimeField(auto_now_add=True)
    fields = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]


class ApplicationFile(models.Model):
    """An attachment, kept under ZHICHAN_HOME/attachments (services/uploads.py checks type and size), with its
    SHA-256 so that the file reviewed is provably the file filed."""

    application = models.ForeignKey(ProjectApplication, on_delete=models.CASCADE, related_name="files")
    requirement = models.CharField(_("材料"), max_length=100)
    name = models.CharField(max_length=255)
    stored_as = models.CharField(max_length=80, unique=True)
    size = models.PositiveIntegerField()
    kind = models.CharField(max_length=10)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["requirement", "pk"]


class Expert(models.Model):
    TITLES = [(k, v) for k, v in ((panel.SENIOR, _("高级职称")), (panel.INTERMEDIATE, _("中级职称")),
                                  (panel.OTHER, _("其他")))]

    user = models.OneToOneField(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="expert_profile")
    name = models.CharField(_("姓名"), max_length=50)
    title = models.CharField(_("职称级别"), max_length=12, choices=TITLES)
    title_name = models.CharField(_("职称"), max_length=50, blank=True)
    years = models.PositiveSmallIntegerField(_("从业年限"))
    birth_year = models.PositiveSmallIntegerField(_("出生年份"), null=True, blank=True)
    fields = models.JSONField(_("专业领域（IPC或战略性新兴产业）"), default=list, blank=True)
    organization = models.CharField(_("工作单位"), max_length=200, blank=True)
    active = models.BooleanField(_("在库"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("评审专家")

    def __str__(self) -> str:
        return self.name


class ExpertRelation(models.Model):
    KINDS = [(k, v) for k, v in ((conflicts.EMPLOYMENT, _("劳动关系（任职）")), (conflicts.DIRECTORSHIP, _("董事、监事")),
                                 (conflicts.CONTROL, _("控股股东或实际控制人")), (conflicts.SPOUSE, _("夫妻")),
                                 (conflicts.DIRECT_BLOOD, _("直系血亲")), (conflicts.COLLATERAL, _("三代以内旁系血亲")),
                                 (conflicts.IN_LAW, _("近姻亲")))]

    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="relations")
    kind = models.CharField(_("关系"), max_length=15, choices=KINDS)
    organization = models.CharField(_("单位名称"), max_length=200, blank=True)
    person = models.CharField(_("人员姓名"), max_length=50, blank=True)
    started_on = models.DateField(_("起始日期"), null=True, blank=True)
    ended_on = models.DateField(_("终止日期"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]


class Review(models.Model):
    """The expert review of a call's applications that passed the formal check: its panel is drawn at random."""

    call = models.OneToOneField(Call, on_delete=models.PROTECT, related_name="review")
    seed = models.CharField(_("随机种子"), max_length=64)
    size = models.PositiveSmallIntegerField(_("专家人数"))
    applications = models.ManyToManyField(ProjectApplication, related_name="reviews")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)


class ReviewDraw(models.Model):
    """One draw (round 0: the panel; round k: the k-th replacement) with everything needed to re-run it."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="draws")
    round = models.PositiveSmallIntegerField()
    seed = models.CharField(max_length=80)
    algorithm = models.CharField(max_length=200)
    pool = models.JSONField(default=list)  # expert ids drawn from
    excluded = models.JSONField(default=dict)  # expert id -> reasons (conflicts, earlier rounds)
    picked = models.JSONField(default=list)
    inputs_digest = models.CharField(max_length=64)
    replaces = models.ForeignKey(Expert, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(max_length=300, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["round"]
        constraints = [models.UniqueConstraint(fields=["review", "round"], name="one_draw_per_round")]


class ReviewMember(models.Model):
    class Status(models.TextChoices):
        DRAWN = "drawn", _("待确认")
        ACCEPTED = "accepted", _("已接受")
        DECLINED = "declined", _("已谢绝")
        RECUSED = "recused", _("声明回避")

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="members")
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="memberships")
    round = models.PositiveSmallIntegerField()
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAWN)
    declaration = models.TextField(_("利害关系声明"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["round", "pk"]
        constraints = [models.UniqueConstraint(fields=["review", "expert"], name="drawn_once_per_review")]


class Score(models.Model):
    """An expert's scoring of one application in a review: points per criterion of the call's sheet, a comment."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    application = models.ForeignKey(ProjectApplication, on_delete=models.CASCADE, related_name="scores")
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="scores")
    points = models.JSONField(default=dict)
    total = models.DecimalField(max_digits=8, decimal_places=2)
    comment = models.TextField(_("评审意见"), blank=True)
    at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["application", "expert"]
        constraints = [models.UniqueConstraint(fields=["review", "application", "expert"], name="one_score_each")]


from zhichan.projects.models_outcome import (  # noqa: E402,F401  (registered with the app)
    Acceptance,
    Award,
    Decision,
    Evaluation,
    Objection,
    ProgressReport,
    Tranche,
)


class ExpertRating(models.Model):
    """The office's rating of a seated expert's performance once the review's scoring is complete (《政府采购评审
    专家管理办法》 (财库〔2016〕198号): the purchaser or agency evaluates the expert after each review)."""

    class Grade(models.TextChoices):
        GOOD = "good", _("好")
        FAIR = "fair", _("中")
        POOR = "poor", _("差")

    member = models.OneToOneField(ReviewMember, on_delete=models.CASCADE, related_name="rating")
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="ratings")
    grade = models.CharField(_("评价"), max_length=4, choices=Grade.choices)
    note = models.TextField(_("说明（评审质量、独立公正、遵守纪律、按时）"), blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]


from zhichan.projects.credit_models import DishonestyRecord  # noqa: E402,F401  (严重失信 records: docs/projects.md)
