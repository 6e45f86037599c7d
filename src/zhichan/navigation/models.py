"""Thematic databases (专题数据库) for patent navigation: a scope, a branch tree, versions, applicant aliases."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ThematicDatabase(models.Model):
    name = models.CharField(_("专题数据库名称"), max_length=200)
    region = models.ForeignKey("core.Region", null=True, blank=True, on_delete=models.SET_NULL)  # the home region
    description = models.TextField(blank=True)
    queries = models.JSONField(default=list)  # scope: queries in the search language (united)
    ipc_codes = models.JSONField(default=list)  # scope: IPC codes, any level (united)
    sei_codes = models.JSONField(default=list)  # scope: SEI categories (united)
    additions = models.JSONField(default=list)  # application numbers added by hand
    exclusions = models.JSONField(default=list)  # application numbers excluded by hand
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class Branch(models.Model):
    """A technology branch (技术分支), defined by its own query; branches form a tree; a record can sit in several."""

    database = models.ForeignKey(ThematicDatabase, on_delete=models.CASCADE, related_name="branches")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    name = models.CharField(_("分支名称"), max_length=100)
    query = models.TextField(_("检索式"))
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["database", "order", "pk"]


class Version(models.Model):
    """One refresh: which records the database held, per branch, and what came in and left since the last one."""

    database = models.ForeignKey(ThematicDatabase, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    members = models.JSONField(default=list)  # application ids, one per family
    branch_members = models.JSONField(default=dict)  # branch id -> application ids
    added = models.JSONField(default=list)
    removed = models.JSONField(default=list)
    definition = models.JSONField(default=dict)  # the scope and branches this version was built from
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["database", "number"], name="version_once")]
        ordering = ["database", "-number"]


class ApplicantAlias(models.Model):
    """An applicant name (normalised) counted under a group name by every analysis (e.g. subsidiaries)."""

    name = models.CharField(_("申请人"), max_length=300, unique=True)
    group = models.CharField(_("归并为"), max_length=300, db_index=True)
