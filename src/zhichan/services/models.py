"""The one-stop service hall: the service catalogue with its guides, windows with their staff, cases on the
workflow engine (core.workflow) with their full history, attachments kept outside the web root, ratings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Window(models.Model):
    """An online window (在线窗口): one service type on the engine, staffed by some users."""

    kind = models.CharField(max_length=30, unique=True)  # a core.workflow.services.MACHINES key
    name = models.CharField(_("窗口名称"), max_length=100)
    staff = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="windows")
    supervisor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="supervised_windows")

    def __str__(self) -> str:
        return self.name


class ServiceItem(models.Model):
    """An entry of the public service catalogue (公共服务事项目录) with its guide (办事指南)."""

    code = models.CharField(max_length=40, primary_key=True)
    name = models.CharField(_("事项名称"), max_length=100)
    window = models.ForeignKey(Window, null=True, blank=True, on_delete=models.SET_NULL)
    summary = models.TextField(_("事项说明"), blank=True)
    who = models.TextField(_("服务对象"), blank=True)
    conditions = models.TextField(_("办理条件"), blank=True)
    materials = models.TextField(_("申请材料"), blank=True)
    steps = models.TextField(_("办理流程"), blank=True)
    time_limit = models.CharField(_("办理时限"), max_length=100, blank=True)
    fee = models.CharField(_("收费标准"), max_length=100, blank=True)
    place = models.CharField(_("办理地点"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    published = models.BooleanField(default=True)

    class Meta:
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class TechnicalField(models.Model):
    """The protection centre's technical fields for pre-examination: IPC codes (any level) the office maintains."""

    ipc = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=200, blank=True)


class Case(models.Model):
    number = models.CharField(_("受理编号"), max_length=30, unique=True)
    kind = models.CharField(max_length=30, db_index=True)
    window = models.ForeignKey(Window, on_delete=models.PROTECT)
    organization = models.ForeignKey("core.Organization", null=True, blank=True, on_delete=models.PROTECT)
    applicant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="cases")
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="assigned_cases")
    state = models.CharField(max_length=30, db_index=True)
    fields = models.JSONField(default=dict)
    clock_started = models.DateField(null=True, blank=True)
    due = models.DateField(null=True, blank=True, db_index=True)
    paused_on = models.DateField(null=True, blank=True)
    stopped_on = models.DateField(null=True, blank=True)
    waited = models.PositiveIntegerField(default=0)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    rating_comment = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]


class CaseEvent(models.Model):
    """One transition: who, when, from where to where, what changed, the comment."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    transition = models.CharField(max_length=40)
    from_state = models.CharField(max_length=30)
    to_state = models.CharField(max_length=30)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    role = models.CharField(max_length=20)
    at = models.DateTimeField(auto_now_add=True)
    comment = models.TextField(blank=True)
    changes = models.JSONField(default=dict)

    class Meta:
        ordering = ["at", "pk"]


class Attachment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    event = models.ForeignKey(CaseEvent, null=True, on_delete=models.SET_NULL, related_name="attachments")
    name = models.CharField(max_length=255)
    stored_as = models.CharField(max_length=80, unique=True)
    size = models.PositiveIntegerField()
    kind = models.CharField(max_length=10)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(auto_now_add=True)


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    title = models.CharField(max_length=300)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
