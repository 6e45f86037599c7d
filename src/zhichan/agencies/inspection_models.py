"""双随机、一公开 (国发〔2019〕5号): inspection plans, the inspector pool (执法检查人员名录库), recusals, and the
inspections a draw creates (random objects, random inspectors), with findings, rectification and publication.
The draw itself is agencies/draw.py; its inputs, seed and result are kept on the plan so anyone can re-run it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class InspectionPlan(models.Model):
    """A 抽查计划: which agencies may be drawn (scope), how many (ratio, weighted by credit grade), by how many
    inspectors each, and the day by which results must be published (一公开)."""

    class State(models.TextChoices):
        DRAFT = "draft", _("待抽取")
        DRAWN = "drawn", _("已抽取")
        PUBLISHED = "published", _("已公开")

    HEAD, BRANCH = "head", "branch"
    OBJECT_KINDS = [(HEAD, _("专利代理机构")), (BRANCH, _("分支机构"))]

    name = models.CharField(_("计划名称"), max_length=200)
    year = models.PositiveSmallIntegerField(_("年度"))
    # scope: object kinds, region codes (a code covers the regions under it), agency statuses; empty = all
    object_kinds = models.JSONField(_("抽查对象类型"), default=list, blank=True)
    regions = models.JSONField(_("地区"), default=list, blank=True)
    statuses = models.JSONField(_("机构状态"), default=list, blank=True)
    ratio = models.DecimalField(_("抽查比例"), max_digits=5, decimal_places=4)  # 0.1 = 10 %
    weights = models.JSONField(_("风险权重"), default=dict, blank=True)  # credit grade -> weight; "" = ungraded
    per_object = models.PositiveSmallIntegerField(_("每个对象的检查人员数"), default=2)
    publish_by = models.DateField(_("结果公开期限"))
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.DRAFT, db_index=True)
    # the draw: its seed, the inputs it was made from and its full result (agencies/draw.Draw.as_dict, with the
    # candidates, the pool and the recusals), so that it can be re-run and checked
    seed = models.CharField(_("随机种子"), max_length=64, blank=True)
    drawn_at = models.DateTimeField(_("抽取时间"), null=True, blank=True)
    drawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    draw = models.JSONField(default=dict, blank=True)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-pk"]
        verbose_name = _("抽查计划")

    def __str__(self) -> str:
        return self.name


class InspectorPoolMember(models.Model):
    """A member of the inspector pool: office staff or window staff the office enrolled."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inspector")
    active = models.BooleanField(_("在库"), default=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user__username"]


class Recusal(models.Model):
    """An inspector kept away from an agency (回避): same organisation, former employment, or declared. Same
    organisation is also found at draw time from the user's organisation."""

    class Reason(models.TextChoices):
        SAME_ORGANIZATION = "same_organization", _("同一单位")
        FORMER_EMPLOYMENT = "former_employment", _("曾在该机构任职")
        DECLARED = "declared", _("本人申报的利害关系")

    inspector = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recusals")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="recusals")
    reason = models.CharField(_("回避原因"), max_length=20, choices=Reason.choices)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["agency", "inspector"]
        constraints = [models.UniqueConstraint(fields=["inspector", "agency"], name="one_recusal_per_pair")]


class Inspection(models.Model):
    """One drawn agency of a plan with its drawn inspectors, the findings, the rectification and the result."""

    class Result(models.TextChoices):
        PENDING = "", _("检查中")
        NO_PROBLEM = "no_problem", _("未发现问题")
        RECTIFY = "rectify", _("发现问题，责令限期整改")
        RECTIFIED = "rectified", _("发现问题，已按期整改")
        NOT_RECTIFIED = "not_rectified", _("发现问题，逾期未整改")
        REFERRED = "referred", _("发现问题，移交立案查处")
        UNREACHABLE = "unreachable", _("通过登记的住所或经营场所无法联系")

    plan = models.ForeignKey(InspectionPlan, on_delete=models.CASCADE, related_name="inspections")
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="inspections")
    grade = models.CharField(_("抽取时的信用等级"), max_length=2, blank=True)
    inspectors = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="inspections")
    findings = models.TextField(_("检查情况"), blank=True)
    result = models.CharField(_("检查结果"), max_length=16, choices=Result.choices, default=Result.PENDING,
                              blank=True)
    inspected_on = models.DateField(_("检查日期"), null=True, blank=True)
    rectification_due = models.DateField(_("整改期限"), null=True, blank=True)
    rectification = models.TextField(_("整改情况"), blank=True)
    published = models.BooleanField(_("已公开"), default=False)
    published_on = models.DateField(_("公开日期"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["plan", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["plan", "agency"], name="one_inspection_per_plan_agency")]
