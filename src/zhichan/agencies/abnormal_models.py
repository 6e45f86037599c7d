"""Stored abnormal-application candidates and their review (规范申请专利行为的规定, CNIPA Order No. 77): each scan
run (a background job) with the settings it used and its counts; each candidate upserted by its stable key (a
re-run refreshes the evidence and keeps the review); the review's steps on the workflow engine
(agencies/abnormal_flow.py); the records a conclusion of 非正常 concerns, and whether the indicators leave them out."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AbnormalScan(models.Model):
    """One scan: who started it, when, the thresholds and options used, and what it found."""

    job = models.OneToOneField("core.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    options = models.JSONField(default=dict, blank=True)  # threshold, shingle, signals …
    counts = models.JSONField(default=dict, blank=True)  # scanned, found, new, updated, by signal

    class Meta:
        ordering = ["-created_at", "-pk"]


class AbnormalCandidate(models.Model):
    """A lead found by a scan, and its review. `key` is the candidate's stable identity across scans."""

    key = models.CharField(max_length=40, unique=True)
    signal = models.CharField(_("信号"), max_length=20, db_index=True)
    subject = models.CharField(_("对象"), max_length=300, blank=True)
    order_77_type = models.CharField(_("规定第三条"), max_length=12, blank=True)
    applications = models.JSONField(default=list)  # application numbers, sorted
    size = models.PositiveIntegerField(default=0)
    similarity = models.FloatField(null=True, blank=True)
    data = models.JSONField(default=dict)  # Candidate.as_dict(): records side by side, evidence
    first_scan = models.ForeignKey(AbnormalScan, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    last_scan = models.ForeignKey(AbnormalScan, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # the review (abnormal_flow)
    state = models.CharField(_("状态"), max_length=20, default="lead", db_index=True)
    fields = models.JSONField(default=dict, blank=True)
    respondents = models.ManyToManyField("core.Organization", blank=True, related_name="abnormal_candidates")
    clock_started = models.DateField(null=True, blank=True)
    due = models.DateField(_("陈述期限"), null=True, blank=True)
    paused_on = models.DateField(null=True, blank=True)
    stopped_on = models.DateField(null=True, blank=True)
    waited = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-pk"]
        verbose_name = _("非正常申请线索")

    def __str__(self) -> str:
        return self.key


class AbnormalStep(models.Model):
    """One transition of a review: who, when, from and to which state, the fields given."""

    candidate = models.ForeignKey(AbnormalCandidate, on_delete=models.CASCADE, related_name="steps")
    transition = models.CharField(max_length=40)
    from_state = models.CharField(max_length=20)
    to_state = models.CharField(max_length=20)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    role = models.CharField(max_length=20)
    at = models.DateTimeField(auto_now_add=True)
    fields = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["at", "pk"]


class AbnormalRecord(models.Model):
    """An application a conclusion found 非正常; `excluded`: the indicators leave it out when the exclusion setting
    (ZHICHAN_INDICATORS_EXCLUDE_ABNORMAL) is on."""

    candidate = models.ForeignKey(AbnormalCandidate, on_delete=models.CASCADE, related_name="concluded")
    application = models.ForeignKey("patents.Application", on_delete=models.CASCADE, related_name="+")
    excluded = models.BooleanField(_("不计入指标"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["candidate", "application"], name="abnormal_record_once")]
