"""通知公告 and 政策法规: articles the office's editors draft, send for review and publish, with attachments kept
outside the web root (ZHICHAN_HOME/attachments/portal)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Article(models.Model):
    class Kind(models.TextChoices):
        NOTICE = "notice", _("通知公告")
        POLICY = "policy", _("政策法规")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        REVIEW = "review", _("待审核")
        PUBLISHED = "published", _("已发布")
        WITHDRAWN = "withdrawn", _("已撤回")

    kind = models.CharField(_("栏目"), max_length=10, choices=Kind.choices, db_index=True)
    title = models.CharField(_("标题"), max_length=200)
    issuer = models.CharField(_("发布机关"), max_length=100, blank=True)
    doc_number = models.CharField(_("文号"), max_length=100, blank=True)
    body = models.TextField(_("正文"))
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    review_note = models.CharField(_("审核意见"), max_length=300, blank=True)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-published_at", "-updated_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.WITHDRAWN)


class ArticleFile(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(max_length=255)
    stored_as = models.CharField(max_length=80, unique=True)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
