"""Search pages, the JSON API and its OpenAPI schema."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
    QueryDict,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from zhichan.core.access import require_page as _require
from zhichan.core.models import Job
from zhichan.core.permissions import can
from zhichan.patents.models import Application
from zhichan.search import actions, jobs, service
from zhichan.search.api_schema import openapi_schema
from zhichan.search.backend import FACETS, SORTS
from zhichan.search.engine import backend
from zhichan.search.forms import ExportForm, SavedSearchActionForm, SaveSearchForm, WatchPatentForm
from zhichan.search.models import Alert, WatchedPatent
from zhichan.search.query.errors import QueryError
from zhichan.search.query.parser import parse
from zhichan.search.similar import similar


def _param(params: dict | object, name: str, default: int) -> int:
    """An integer parameter: absent means the default; anything but digits is refused (RequestError)."""
    value = (params.get(name) or "").strip()  # type: ignore[attr-defined]
    if not value:
        return default
    if not re.fullmatch(r"[+-]?[0-9]{1,30}", value):
        raise service.RequestError(name, _("应为整数"))
    return int(value)


def _request(params: dict | object, simple: bool = False) -> service.Request:
    """The request in the address; RequestError for a page or size that is not a number."""
    get = params.get  # type: ignore[attr-defined]
    facets = tuple(f for f in (get("facets") or ",".join(service.DEFAULT_FACETS)).split(",") if f)
    return service.Request(get("q", "").strip(), get("sort") or "relevance", _param(params, "page", 1),
                           _param(params, "size", 20), facets, simple)


@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    _require(request, "search.use")
    return _search_page(request, request.GET)


def _search_page(request: HttpRequest, params: Any, status: int = 200,
                 save_form: SaveSearchForm | None = None) -> HttpResponse:
    """The search page for the query in `params` (the address, or a refused save or export posted from the page)."""
    mode = params.get("mode", "advanced")
    req = service.Request(params.get("q", "").strip(), simple=mode == "simple")
    context: dict = {"req": req, "sorts": sorted(SORTS), "mode": mode}
    try:
        context["req"] = req = _request(params, simple=mode == "simple")
        if req.query:
            result = service.run(req)
            if req.page == 1 and status == 200:
                actions.do_record_search(request.user, req.query, result["total"])
            context.update(result=result, effective=service.interpret_simple(req.query) if req.simple else req.query)
            context["facet_links"] = _facet_links(context["effective"], result["facets"])
            context["chips"] = service.facet_chips(context["effective"], _facet_titles())
            context["dropped_facets"] = [_facet_titles()[name] for name in result["facets_dropped"]]
            context["pages"] = _pages(req, result["total"])
    except QueryError as exc:
        context.update(error=exc, caret=True, error_prefix=req.query[:exc.position])
        status = 400
    except service.RequestError as exc:
        context["error"], status = exc, 400
    context["history"] = request.user.search_history.all()[:10]  # type: ignore[union-attr]
    context["saved"] = request.user.saved_searches.all()[:20]  # type: ignore[union-attr]
    context["can_navigate"] = can(request.user, "navigation.view")
    context["save_form"] = save_form or SaveSearchForm()
    return render(request, "search/search.html", context, status=status)


def _posted_query(request: HttpRequest) -> QueryDict:
    """The search a form on the results page was posted from, as the page's address holds it."""
    params = QueryDict(mutable=True)
    params["q"] = request.POST.get("q", "")
    return params


def _facet_titles() -> dict[str, str]:
    return {"year": _("申请年"), "type": _("专利类型"), "ls": _("法律状态"), "ipc": _("IPC 小类"),
            "applicant": _("申请人"), "province": _("省份"), "city": _("城市"), "sei": _("战略性新兴产业"),
            "country": _("国别")}


def _facet_links(query: str, facets: dict) -> dict:
    titles = _facet_titles()
    out = {}
    for name, buckets in facets.items():
        out[name] = {"title": titles[name], "buckets": [
            {**b, "href": "?" + urlencode({"q": f"({query}) AND {service.facet_filter(name, str(b['value']))}"})}
            for b in buckets]}
    return out


def _pages(req: service.Request, total: int) -> dict:
    last = max(1, min((total + req.size - 1) // req.size, service.limits().window // req.size))
    base = {"q": req.query, "sort": req.sort, "size": req.size}
    if req.simple:
        base["mode"] = "simple"

    def link(page: int) -> str:
        return "?" + urlencode({**base, "page": page})

    return {"last": last, "prev": link(req.page - 1) if req.page > 1 else None,
            "next": link(req.page + 1) if req.page < last else None}


@require_GET
def api_search(request: HttpRequest) -> JsonResponse:
    if not can(request.user, "search.use"):
        return JsonResponse({"error": _("没有检索权限")}, status=403)
    try:
        return JsonResponse(service.run(_request(request.GET)), json_dumps_params={"ensure_ascii": False})
    except (QueryError, service.RequestError) as exc:
        return JsonResponse(exc.as_dict(), status=400, json_dumps_params={"ensure_ascii": False})


@require_GET
def api_schema(request: HttpRequest) -> JsonResponse:
    return JsonResponse(openapi_schema(sorted(SORTS), sorted(FACETS), service.limits()),
                        json_dumps_params={"ensure_ascii": False})


@require_POST
def save_search(request: HttpRequest) -> HttpResponse:
    _require(request, "search.use")
    form = SaveSearchForm(request.POST)
    if not form.is_valid():
        return _search_page(request, _posted_query(request), status=400, save_form=form)
    data = form.cleaned_data
    saved = actions.do_save_search(request.user, data["name"], data["q"], watched=data["watched"])
    messages.success(request, _("已保存检索“%(name)s”") % {"name": saved.name})
    return redirect(reverse("search:saved"))


def saved_list(request: HttpRequest) -> HttpResponse:
    _require(request, "search.use")
    if request.method == "POST":
        form = SavedSearchActionForm(request.user, request.POST)
        if not form.is_valid():
            raise Http404  # not one of the user's saved searches, or no such button
        saved, action = form.cleaned_data["id"], form.cleaned_data["action"]
        if action == "delete":
            actions.do_delete_search(request.user, saved)
        else:
            actions.do_set_watch(request.user, saved, action == "watch")
        return redirect("search:saved")
    return render(request, "search/saved.html", {"saved": request.user.saved_searches.all()})  # type: ignore[union-attr]


def alerts_page(request: HttpRequest) -> HttpResponse:
    _require(request, "search.use")
    if request.method == "POST":
        actions.do_mark_alerts_read(request.user)
        return redirect("search:alerts")
    alerts = list(Alert.objects.filter(user=request.user).select_related("saved_search")[:50])
    wanted = {pk for a in alerts for pk in a.application_ids[:20]}
    apps = Application.objects.in_bulk(list(wanted))
    for alert in alerts:
        alert.records = [apps[pk] for pk in alert.application_ids[:20] if pk in apps]  # type: ignore[attr-defined]
    return render(request, "search/alerts.html", {"alerts": alerts})


@require_POST
def start_export(request: HttpRequest) -> HttpResponse:
    _require(request, "search.export")
    form = ExportForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("format", []):
            messages.error(request, error)
        return _search_page(request, _posted_query(request), status=400)
    job = actions.do_export_search(request.user, form.cleaned_data["q"], form.cleaned_data["format"])
    return redirect("job-detail", job_id=job.pk)


def download_export(request: HttpRequest, job_id: int) -> FileResponse:
    _require(request, "search.export")
    job = get_object_or_404(Job, pk=job_id, kind="search.export")
    if job.created_by_id != request.user.pk and not can(request.user, "jobs.view_all"):
        raise PermissionDenied
    path = Path(jobs.export_path(job))
    if job.status != Job.Status.DONE or not path.exists():
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=f"检索结果-{job.pk}.{job.params['format']}")


@require_GET
def similar_fragment(request: HttpRequest, key: str) -> HttpResponse:
    _require(request, "patents.view")
    app = get_object_or_404(Application, key=key)
    within_text = request.GET.get("within", "").strip()
    error = None
    try:
        within = parse(within_text) if within_text else None
        found = similar(backend(), app.pk, app.title or app.title_en, app.abstract, within)
    except QueryError as exc:
        found, error = [], exc
    apps = Application.objects.in_bulk([s.id for s in found])
    rows = [(apps[s.id], s.score) for s in found if s.id in apps]
    return render(request, "search/similar.html", {"app": app, "rows": rows, "within": within_text,
                                                   "error": error})


@require_POST
def watch_patent(request: HttpRequest, key: str) -> HttpResponse:
    app = get_object_or_404(Application, key=key)
    form = WatchPatentForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(_("关注设置不正确"))
    actions.do_watch_patent(request.user, app, form.cleaned_data["watch"])
    return redirect("patents:detail", key=key)


def is_watched(user: object, app: Application) -> bool:
    return WatchedPatent.objects.filter(user=user, application=app).exists()


def alert_count(request: HttpRequest) -> dict:
    """Context processor: unread alerts for the top bar."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_alerts": Alert.objects.filter(user=user, read_at=None).count()}


