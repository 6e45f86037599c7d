"""Saved searches, history, watches and alerts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SavedSearch(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches")
    name = models.CharField(_("名称"), max_length=200)
    query = models.TextField(_("检索式"))
    watched = models.BooleanField(_("监控"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class SearchHistory(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="search_history")
    query = models.TextField()
    total = models.PositiveIntegerField(default=0)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["user", "-at"])]


class WatchedPatent(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="watched_patents")
    application = models.ForeignKey("patents.Application", on_delete=models.CASCADE, related_name="watchers")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "application"], name="watch_once")]


class Alert(models.Model):
    NEW_RECORDS = "new_records"
    STATUS_CHANGE = "status_change"
    KIND_CHOICES = [(NEW_RECORDS, _("新的检索结果")), (STATUS_CHANGE, _("法律状态变化"))]

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=20, choices=KIND_CHOICES)
    saved_search = models.ForeignKey(SavedSearch, null=True, blank=True, on_delete=models.CASCADE)
    title = models.CharField(max_length=300)
    application_ids = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
