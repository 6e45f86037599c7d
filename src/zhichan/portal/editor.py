"""The office's article pages under /articles/: editors (portal.edit) draft, attach files and submit for review;
reviewers (portal.publish) return with a note, publish or withdraw. Thin views over portal/actions.py."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zhichan.core.access import require_page as _require
from zhichan.core.permissions import can
from zhichan.portal import actions
from zhichan.portal.forms import ArticleForm, RemoveFileForm, ReviewForm
from zhichan.portal.models import Article

PAGE_SIZE = 50




def article_list(request: HttpRequest) -> HttpResponse:
    _require(request, "portal.edit")
    rows = Article.objects.select_related("author").order_by("-updated_at")
    status, kind = request.GET.get("status", ""), request.GET.get("kind", "")
    if status in Article.Status.values:
        rows = rows.filter(status=status)
    if kind in Article.Kind.values:
        rows = rows.filter(kind=kind)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "portal/editor_list.html", {
        "page": page, "status": status, "kind": kind, "statuses": Article.Status.choices,
        "kinds": Article.Kind.choices, "query": "&".join(f"{k}={v}" for k, v in (("status", status), ("kind", kind))
                                                         if v)})


@require_http_methods(["GET", "POST"])
def article_edit(request: HttpRequest, article_id: int | None = None) -> HttpResponse:
    _require(request, "portal.edit")
    article = get_object_or_404(Article, pk=article_id) if article_id else None
    if article is not None and not article.editable:
        messages.error(request, _("只有草稿或已撤回的文章可以修改"))
        return redirect("articles:detail", article_id=article.pk)
    initial = {f: getattr(article, f) for f in actions.FIELDS} if article else \
        {"kind": request.GET.get("kind", Article.Kind.NOTICE)}
    form = ArticleForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            article = actions.do_save_article(request.user, article, form.values(), form.cleaned_data["files"])
        except (actions.ArticleRefused, actions.files.UploadTooLarge) as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已保存。"))
            return redirect("articles:detail", article_id=article.pk)
    return render(request, "portal/editor_form.html", {"form": form, "article": article})


@require_http_methods(["GET", "POST"])
def article_detail(request: HttpRequest, article_id: int) -> HttpResponse:
    _require(request, "portal.edit")
    article = get_object_or_404(Article.objects.select_related("author", "reviewed_by"), pk=article_id)
    if request.method == "POST":
        if "file" in request.POST:
            _remove_file(request, article)
        else:
            _review(request, article)
        return redirect("articles:detail", article_id=article.pk)
    return render(request, "portal/editor_detail.html", {
        "article": article, "files": article.files.all(), "can_publish": can(request.user, "portal.publish")})


def _review(request: HttpRequest, article: Article) -> None:
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("无法办理"))
        return
    action, note = form.cleaned_data["action"], form.cleaned_data["note"]
    if action != "submit":
        _require(request, "portal.publish")
    try:
        if action == "submit":
            actions.do_submit_article(request.user, article)
            messages.success(request, _("已提交审核。"))
        elif action == "return":
            actions.do_return_article(request.user, article, note)
            messages.success(request, _("已退回修改。"))
        elif action == "publish":
            actions.do_publish_article(request.user, article, note)
            messages.success(request, _("已发布。"))
        else:
            actions.do_withdraw_article(request.user, article, note)
            messages.success(request, _("已撤回，公众不再能看到。"))
    except actions.ArticleRefused as exc:
        messages.error(request, str(exc))


def _remove_file(request: HttpRequest, article: Article) -> None:
    form = RemoveFileForm(request.POST)
    if form.is_valid():
        attachment = get_object_or_404(article.files, pk=form.cleaned_data["file"])
        try:
            actions.do_remove_article_file(request.user, attachment)
            messages.success(request, _("附件已删除。"))
        except actions.ArticleRefused as exc:
            messages.error(request, str(exc))


app_name = "articles"
urlpatterns = [
    path("", article_list, name="list"),
    path("new/", article_edit, name="new"),
    path("<int:article_id>/", article_detail, name="detail"),
    path("<int:article_id>/edit/", article_edit, name="edit"),
]
