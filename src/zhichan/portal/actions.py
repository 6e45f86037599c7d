"""Writes to the portal's articles: save (draft), submit for review, return, publish, withdraw, remove an
attachment. Editors (portal.edit) draft and submit; reviewers (portal.publish) return, publish and withdraw.
Each action checks permission, runs in one transaction and writes the audit record."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichan import conf
from zhichan.core import audit
from zhichan.core import uploads as files
from zhichan.core.permissions import require
from zhichan.portal.models import Article, ArticleFile

FIELDS = ("kind", "title", "issuer", "doc_number", "body")


class ArticleRefused(ValueError):
    pass


def folder() -> Path:
    path = conf.home() / "attachments" / "portal"
    path.mkdir(parents=True, exist_ok=True)
    return path


@transaction.atomic
def do_save_article(actor: Any, article: Article | None, values: dict[str, str],
                    uploads: Sequence[Any] = ()) -> Article:
    """Create a draft (`article` None) or edit a draft or withdrawn article, adding the uploaded files (already
    checked by the form: type by content, size). Files written for a save that then fails are deleted."""
    require(actor, "portal.edit")
    if article is not None and not article.editable:
        raise ArticleRefused(_("只有草稿或已撤回的文章可以修改"))
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise ArticleRefused(_("不接受这些字段：%(names)s") % {"names": "、".join(sorted(unknown))})
    creating = article is None
    article = article or Article(author=actor)
    before = {f: getattr(article, f) for f in FIELDS}
    for name, value in values.items():
        setattr(article, name, value.strip() if name != "body" else value)
    if article.kind not in Article.Kind.values or not article.title or not article.body.strip():
        raise ArticleRefused(_("请填写栏目、标题和正文"))
    article.save()
    written = []
    try:
        for upload in uploads:
            stored = uuid.uuid4().hex
            size = files.write(upload, folder() / stored, "ZHICHAN_MAX_ATTACHMENT_MB")
            written.append(stored)
            ArticleFile.objects.create(article=article, name=files.name_of(upload)[:255], stored_as=stored, size=size,
                                       uploaded_by=actor)
    except BaseException:
        files.discard(*(folder() / name for name in written))
        raise
    changed = [f for f in FIELDS if before[f] != getattr(article, f)]
    audit.record(actor, "portal.create" if creating else "portal.edit", article,
                 summary=f"{'新建' if creating else '修改'}文章 {article.title}",
                 changes={"fields": changed, "files": [files.name_of(u) for u in uploads]})
    return article


def _move(actor: Any, article: Article, permission: str, sources: tuple[str, ...], target: str, action: str,
          summary: str, **extra: Any) -> Article:
    require(actor, permission)
    article = Article.objects.select_for_update().get(pk=article.pk)
    if article.status not in sources:
        raise ArticleRefused(_("文章当前状态为“%(status)s”，不能这样办理") % {"status": article.get_status_display()})
    was = article.status
    article.status = target
    for name, value in extra.items():
        setattr(article, name, value)
    article.save()
    audit.record(actor, action, article, summary=f"{summary} {article.title}",
                 changes={"was": was, **{k: str(v) for k, v in extra.items() if k == "review_note"}})
    return article


@transaction.atomic
def do_submit_article(actor: Any, article: Article) -> Article:
    return _move(actor, article, "portal.edit", (Article.Status.DRAFT, Article.Status.WITHDRAWN),
                 Article.Status.REVIEW, "portal.submit", "提交审核", submitted_at=timezone.now())


@transaction.atomic
def do_return_article(actor: Any, article: Article, note: str) -> Article:
    if not note.strip():
        raise ArticleRefused(_("请填写退回的理由"))
    return _move(actor, article, "portal.publish", (Article.Status.REVIEW,), Article.Status.DRAFT, "portal.return",
                 "退回修改", reviewed_by=actor, review_note=note.strip()[:300])


@transaction.atomic
def do_publish_article(actor: Any, article: Article, note: str = "") -> Article:
    return _move(actor, article, "portal.publish", (Article.Status.REVIEW,), Article.Status.PUBLISHED,
                 "portal.publish", "发布", reviewed_by=actor, review_note=note.strip()[:300],
                 published_at=timezone.now())


@transaction.atomic
def do_withdraw_article(actor: Any, article: Article, note: str = "") -> Article:
    """Take a published article off the public pages (it becomes editable again; republishing needs review)."""
    return _move(actor, article, "portal.publish", (Article.Status.PUBLISHED,), Article.Status.WITHDRAWN,
                 "portal.withdraw", "撤回", review_note=note.strip()[:300])


@transaction.atomic
def do_remove_article_file(actor: Any, attachment: ArticleFile) -> None:
    require(actor, "portal.edit")
    article = attachment.article
    if not article.editable:
        raise ArticleRefused(_("只有草稿或已撤回的文章可以修改"))
    stored, name = attachment.stored_as, attachment.name
    attachment.delete()
    audit.record(actor, "portal.remove_file", article, summary=f"删除附件 {name}（{article.title}）")
    transaction.on_commit(lambda: files.discard(folder() / stored))
