"""Users, organisations, administrative regions, the audit trail and background jobs."""

from __future__ import annotations

import re
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Organization(models.Model):
    class Kind(models.TextChoices):
        OFFICE = "office", _("知识产权局")
        ENTERPRISE = "enterprise", _("企业")
        UNIVERSITY = "university", _("高校")
        INSTITUTE = "institute", _("科研院所")
        AGENCY = "agency", _("服务机构")
        DEPARTMENT = "department", _("政府部门")
        OTHER = "other", _("其他")

    class Status(models.TextChoices):
        PENDING = "pending", _("待核验")
        VERIFIED = "verified", _("已核验")
        REJECTED = "rejected", _("未通过核验")

    name = models.CharField(_("名称"), max_length=200, unique=True)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    # Set when the office verifies the organisation (a pending one must not feed the applicant directory).
    region = models.ForeignKey("core.Region", null=True, blank=True, on_delete=models.SET_NULL)
    # 统一社会信用代码 (core/creditcode.py), canonical form; null for organisations entered before registration.
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, unique=True, null=True, blank=True)
    # Organisations made by the office or a script are verified; self-registered ones wait for 实名核验.
    status = models.CharField(_("核验状态"), max_length=10, choices=Status.choices, default=Status.VERIFIED)
    registered_at = models.DateTimeField(_("注册时间"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("核验时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey("core.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    review_note = models.CharField(_("核验意见"), max_length=300, blank=True)

    def __str__(self) -> str:
        return self.name

    @property
    def verified(self) -> bool:
        return self.status == self.Status.VERIFIED


class User(AbstractUser):
    class Role(models.TextChoices):
        ADMIN = "admin", _("系统管理员")
        OFFICE = "office", _("知识产权局工作人员")
        STAFF = "staff", _("窗口工作人员")
        DEPARTMENT = "department", _("部门填报人员")
        ENTERPRISE = "enterprise", _("企业用户")
        AGENCY = "agency", _("服务机构")
        EXPERT = "expert", _("专家")
        PUBLIC = "public", _("公众")

    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, default=Role.PUBLIC)
    organization = models.ForeignKey(Organization, null=True, blank=True, on_delete=models.SET_NULL)
    # The organisation's own administrator: invites colleagues (the one who registered it, or set by the office).
    is_org_admin = models.BooleanField(_("机构管理员"), default=False)

    @property
    def organization_verified(self) -> bool:
        """False while the user's organisation awaits (or failed) 实名核验; read by permissions.can()."""
        return self.organization_id is None or self.organization.verified


class Invitation(models.Model):
    """An organisation admin's invitation of a colleague: a link with a one-time token (only its hash is kept)."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def open_at(self, now: datetime) -> bool:
        return self.accepted_at is None and self.revoked_at is None and self.expires_at > now


class Region(models.Model):
    """A GB/T 2260 administrative division (province, city or district), 6-digit code."""

    class Level(models.IntegerChoices):
        NATION = 0, _("全国")
        PROVINCE = 1, _("省级")
        CITY = 2, _("地级")
        DISTRICT = 3, _("县级")

    code = models.CharField(max_length=6, primary_key=True)
    name = models.CharField(max_length=50)
    level = models.PositiveSmallIntegerField(choices=Level.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    longitude = models.FloatField(null=True, blank=True)
    latitude = models.FloatField(null=True, blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    @property
    def full_name(self) -> str:
        names = []
        node: Region | None = self
        while node is not None:
            if node.name not in names:
                names.append(node.name)
            node = node.parent
        return "".join(reversed(names))


class AuditLog(models.Model):
    """One row per change made through an action: who, when, what, to which object."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    action = models.CharField(max_length=80, db_index=True)
    target_type = models.CharField(max_length=80, blank=True)
    target_id = models.CharField(max_length=80, blank=True)
    summary = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at"]


_COUNTED = re.compile(r"^(.*?)((?:\s+\d+/\d+)?)$")  # a job's message: words, then a count


class Job(models.Model):
    """A piece of long work run in the background, with progress a user can watch."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("排队中")
        RUNNING = "running", _("进行中")
        DONE = "done", _("已完成")
        FAILED = "failed", _("失败")

    kind = models.CharField(max_length=40)
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True)
    params = models.JSONField(default=dict, blank=True)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    # An interrupted job (its worker died: killed, host restarted) is stored as failed with result["interrupted"]
    # (core/recovery.py), shown as 中断 and offered for resumption.
    INTERRUPTED_LABEL = _("中断")

    @property
    def interrupted(self) -> bool:
        return self.status == self.Status.FAILED and bool((self.result or {}).get("interrupted"))

    @property
    def status_label(self) -> str:
        return str(self.INTERRUPTED_LABEL) if self.interrupted else str(self.get_status_display())

    @property
    def message_label(self) -> str:
        """The progress message in the user's language: a phrase of the catalogue (汇总数据, 绘制图表 …), followed
        by the step it counts ("3/9") where there is one."""
        match = _COUNTED.match(self.message)
        if not match or not match.group(1):
            return self.message
        return gettext(match.group(1)) + (match.group(2) or "")
