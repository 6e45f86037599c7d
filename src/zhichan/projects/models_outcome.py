"""After the review: the office's decision (the funded applications and amounts), its 公示 with objections, the
published results; then each funded project's tranches, progress reports, acceptance (验收) and 绩效评价."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

USER = settings.AUTH_USER_MODEL


class Decision(models.Model):
    class State(models.TextChoices):
        APPROVED = "approved", _("已审定，待公示")
        PUBLICITY = "publicity", _("公示中")
        PUBLISHED = "published", _("结果已公布")

    call = models.OneToOneField("projects.Call", on_delete=models.PROTECT, related_name="decision")
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.APPROVED)
    note = models.TextField(_("说明"), blank=True)
    approved_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    approved_at = models.DateTimeField(auto_now_add=True)
    publicity_start = models.DateField(_("公示开始"), null=True, blank=True)
    publicity_end = models.DateField(_("公示截止"), null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)


class Award(models.Model):
    class Status(models.TextChoices):
        FUNDED = "funded", _("拟立项")
        RECONSIDER = "reconsider", _("复核中")
        DROPPED = "dropped", _("不予立项")

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="awards")
    application = models.OneToOneField("projects.ProjectApplication", on_delete=models.PROTECT, related_name="award")
    rank = models.PositiveSmallIntegerField(null=True, blank=True)
    aggregate = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    amount = models.DecimalField(_("资助金额（万元）"), max_digits=12, decimal_places=2)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.FUNDED)

    class Meta:
        ordering = ["rank", "pk"]


class Objection(models.Model):
    class State(models.TextChoices):
        OPEN = "open", _("待处理")
        UPHELD = "upheld", _("异议成立")
        REJECTED = "rejected", _("异议不成立")

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="objections")
    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="objections")
    filed_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    reasons = models.TextField(_("异议理由"))
    filed_on = models.DateField()
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.OPEN)
    answer = models.TextField(_("处理意见"), blank=True)
    handled_by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]


class Tranche(models.Model):
    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="tranches")
    due_on = models.DateField(_("拨付日期"))
    amount = models.DecimalField(_("金额（万元）"), max_digits=12, decimal_places=2)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]


class ProgressReport(models.Model):
    award = models.ForeignKey(Award, on_delete=models.CASCADE, related_name="reports")
    period = models.CharField(_("报告期"), max_length=50)
    text = models.TextField(_("进展情况"))
    spent = models.DecimalField(_("已使用资金（万元）"), max_digits=12, decimal_places=2, default=0)
    filed_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]


class Acceptance(models.Model):
    award = models.OneToOneField(Award, on_delete=models.CASCADE, related_name="acceptance")
    rows = models.JSONField(default=list)  # projects/outcome.compare: label, declared, achieved, met
    passed = models.BooleanField(_("验收通过"))
    comment = models.TextField(_("验收意见"), blank=True)
    by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now=True)


class Evaluation(models.Model):
    class System(models.TextChoices):
        PERFORMANCE = "performance", _("绩效评价")
        NAVIGATION = "navigation", _("专利导航工程实施评价")

    award = models.OneToOneField(Award, on_delete=models.CASCADE, related_name="evaluation")
    system = models.CharField(_("评价体系"), max_length=12, choices=System.choices, default=System.PERFORMANCE)
    weights = models.JSONField(default=dict)  # the call's weights when graded (a later change does not rewrite it)
    scores = models.JSONField(default=dict)
    total = models.DecimalField(max_digits=6, decimal_places=2)
    grade = models.CharField(_("等级"), max_length=2)
    comment = models.TextField(_("评价意见"), blank=True)
    # a navigation project's evidence: the platform's thematic database and version its report was built from
    # (projects/outcome_navigation.py): {"database": id, "name": ..., "version": n, "records": n, "built": date}
    evidence = models.JSONField(default=dict, blank=True)
    by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now=True)
