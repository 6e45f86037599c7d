"""The front door at `/` and the public article pages under /portal/.

A visitor at `/` gets the public portal (the platform, a search box that signs in first, the service catalogue,
the latest 通知公告 and 政策法规, published statistics, questions and guides, registration and login); a signed-in
user gets their home page (core.views.home). 通知公告 and 政策法规 are listed, searched and read by anyone, with RSS
feeds; only published articles are shown, and their attachments served."""

from __future__ import annotations

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhichan.core import views as core_views
from zhichan.core.permissions import can
from zhichan.portal import actions
from zhichan.portal.models import Article, ArticleFile
from zhichan.services.models import ServiceItem

LATEST = 5
PAGE_SIZE = 20


def front_door(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return core_views.home(request)
    return portal(request)


def published(kind: str | None = None) -> QuerySet[Article]:
    rows = Article.objects.filter(status=Article.Status.PUBLISHED)
    return rows.filter(kind=kind) if kind else rows


def portal(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/home.html", {
        "items": ServiceItem.objects.filter(published=True).only("code", "name", "summary", "time_limit"),
        "notices": published(Article.Kind.NOTICE)[:LATEST], "policies": published(Article.Kind.POLICY)[:LATEST]})


def article_list(request: HttpRequest, kind: str) -> HttpResponse:
    rows = published(kind)
    q = request.GET.get("q", "").strip()[:100]
    if q:
        rows = rows.filter(Q(title__icontains=q) | Q(body__icontains=q) | Q(doc_number__icontains=q)
                           | Q(issuer__icontains=q))
    page = Paginator(rows.only("pk", "kind", "title", "issuer", "doc_number", "published_at"), PAGE_SIZE) \
        .get_page(request.GET.get("page"))
    return render(request, "portal/list.html", {
        "kind": kind, "label": Article.Kind(kind).label, "page": page, "q": q,
        "query": f"q={q}" if q else "", "feed": reverse(f"portal:{kind}-rss")})


def article_detail(request: HttpRequest, article_id: int) -> HttpResponse:
    article = get_object_or_404(published().prefetch_related("files"), pk=article_id)
    return render(request, "portal/detail.html", {"article": article, "label": article.get_kind_display()})


def attachment(request: HttpRequest, file_id: int) -> FileResponse:
    """A published article's file for anyone; an unpublished one's only for editors (others: not found)."""
    item = get_object_or_404(ArticleFile.objects.select_related("article"), pk=file_id)
    if item.article.status != Article.Status.PUBLISHED and not can(request.user, "portal.edit"):
        raise Http404
    return FileResponse((actions.folder() / item.stored_as).open("rb"), as_attachment=True, filename=item.name)


class ArticleFeed(Feed):
    """RSS 2.0 of the latest published articles of one kind."""

    kind = ""

    def title(self) -> str:
        return f"{Article.Kind(self.kind).label} · {_('知识产权公共服务平台')}"

    def link(self) -> str:
        return reverse(f"portal:{self.kind}")

    def description(self) -> str:
        return str(Article.Kind(self.kind).label)

    def items(self) -> QuerySet[Article]:
        return published(self.kind)[:20]

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return item.body[:300]

    def item_link(self, item: Article) -> str:
        return reverse("portal:article", args=[item.pk])

    def item_pubdate(self, item: Article) -> datetime | None:
        return item.published_at


class NoticeFeed(ArticleFeed):
    kind = Article.Kind.NOTICE


class PolicyFeed(ArticleFeed):
    kind = Article.Kind.POLICY

