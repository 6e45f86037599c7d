"""Patent navigation pages: thematic databases (scope, branches, versions), the analysis dashboard, the records
behind a number, the applicant alias table, and the report."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote, urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_POST

from zhichan.core import jobs
from zhichan.core.access import require_page as _require
from zhichan.core.models import Job, Region
from zhichan.core.permissions import can
from zhichan.core.templatetags.datalang import zh
from zhichan.indicators import geo
from zhichan.navigation import analysis, charts, results, tables
from zhichan.navigation import jobs as navigation_jobs
from zhichan.navigation.actions import (
    do_add_branch,
    do_create_database,
    do_delete_alias,
    do_queue_report,
    do_refresh,
    do_set_alias,
    do_update_scope,
)
from zhichan.navigation.charts import FontMissing
from zhichan.navigation.forms import (
    AliasDeleteForm,
    AliasForm,
    BranchForm,
    DatabaseForm,
    ReportForm,
    ScopeForm,
    SearchReportForm,
)
from zhichan.navigation.models import ApplicantAlias, Branch, ThematicDatabase, Version
from zhichan.patents.models import Application
from zhichan.search.query.errors import QueryError


def _shown(result: dict[str, Any]) -> dict[str, Any]:
    """The analyses as the page shows them: country and office names in the reader's language (the cache and the
    report keep the Chinese)."""
    geography = result.get("geography", {})
    countries = [{**c, "name": _(c["name"])} for c in geography.get("countries", [])]
    return {**result, "geography": {**geography, "countries": countries}}


def _table_title(table: tables.Table) -> str:
    """A table's title in the reader's language; a region's or a period's name in it stays marked as data."""
    if table.label is None:
        return _(table.title)
    template, values = table.label
    shown = {k: conditional_escape(zh(_(v))) if isinstance(v, str) and v else v for k, v in values.items()}
    return mark_safe(conditional_escape(_(template)) % shown)


def database_list(request: HttpRequest) -> HttpResponse:
    _require(request, "navigation.view")
    form, status = DatabaseForm(initial={"region": "320300"}), 200
    if request.method == "POST":
        _require(request, "navigation.manage")
        form = DatabaseForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                db = do_create_database(request.user, data["name"], data["queries"], data["ipc"], data["sei"],
                                        data["region"])
            except QueryError as exc:  # the scope as a whole (queries, IPC and SEI together)
                form.add_error(None, _("检索式有误：%(error)s") % {"error": exc.describe()})
            else:
                return redirect("navigation:detail", db.pk)
        status = 400
    databases = ThematicDatabase.objects.select_related("region").order_by("-created_at")
    latest = {v.database_id: v for v in Version.objects.order_by("database", "-number").distinct()}
    return render(request, "navigation/list.html", {
        "databases": [(db, latest.get(db.pk)) for db in databases], "can_manage": can(request.user, "navigation.manage"),
        "cities": Region.objects.filter(level__in=[1, 2]).order_by("code"), "form": form}, status=status)


def _database(request: HttpRequest, db_id: int) -> ThematicDatabase:
    _require(request, "navigation.view")
    return get_object_or_404(ThematicDatabase.objects.select_related("region"), pk=db_id)


def _tree(db: ThematicDatabase) -> list[tuple[Branch, int]]:
    """Branches in tree order with their depth."""
    branches = list(db.branches.all())
    children: dict[int | None, list[Branch]] = {}
    for b in branches:
        children.setdefault(b.parent_id, []).append(b)
    out: list[tuple[Branch, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for b in children.get(parent, []):
            out.append((b, depth))
            walk(b.pk, depth + 1)

    walk(None, 0)
    return out


def database_detail(request: HttpRequest, db_id: int, scope_form: ScopeForm | None = None,
                    branch_form: BranchForm | None = None, status: int = 200) -> HttpResponse:
    db = _database(request, db_id)
    versions = list(db.versions.all()[:20])
    latest = versions[0] if versions else None
    counts = {int(k): len(v) for k, v in latest.branch_members.items()} if latest else {}
    return render(request, "navigation/detail.html", {
        "db": db, "versions": versions, "latest": latest, "can_manage": can(request.user, "navigation.manage"),
        "tree": [(b, depth, counts.get(b.pk)) for b, depth in _tree(db)],
        "scope_form": scope_form or ScopeForm.of(db), "branch_form": branch_form or BranchForm(db)}, status=status)


@require_POST
def update_scope(request: HttpRequest, db_id: int) -> HttpResponse:
    db = _database(request, db_id)
    form = ScopeForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            do_update_scope(request.user, db, data["queries"], data["ipc"], data["sei"], data["additions"],
                            data["exclusions"])
        except QueryError as exc:
            form.add_error(None, _("检索式有误：%(error)s") % {"error": exc.describe()})
        except ValueError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("范围已保存，刷新后生效。"))
            return redirect("navigation:detail", db.pk)
    return database_detail(request, db.pk, scope_form=form, status=400)


@require_POST
def add_branch(request: HttpRequest, db_id: int) -> HttpResponse:
    db = _database(request, db_id)
    form = BranchForm(db, request.POST)
    if not form.is_valid():
        return database_detail(request, db.pk, branch_form=form, status=400)
    data = form.cleaned_data
    do_add_branch(request.user, db, data["name"].strip(), data["query"], data["parent"])
    return redirect("navigation:detail", db.pk)


@require_POST
def refresh(request: HttpRequest, db_id: int) -> HttpResponse:
    db = _database(request, db_id)
    version = do_refresh(request.user, db)
    messages.success(request, _("第 %(n)s 版：%(total)s 件，新增 %(added)s 件，移出 %(removed)s 件。") % {
        "n": version.number, "total": len(version.members), "added": len(version.added),
        "removed": len(version.removed)})
    return redirect("navigation:detail", db.pk)


def _version(request: HttpRequest, db: ThematicDatabase) -> Version:
    versions = db.versions.all()
    number = request.GET.get("version") or request.POST.get("version")
    version = versions.filter(number=number).first() if number and number.isdigit() else versions.first()
    if version is None:
        raise Http404(_("专题数据库尚未刷新，没有数据版本。"))
    version.database = db
    return version


def _analyse(request: HttpRequest, subject: results.Subject, params: dict[str, Any], context: dict[str, Any],
             records_base: str) -> HttpResponse:
    """The dashboard of a subject: from the cache, computed here, or (a large set) by a job with progress."""
    if len(subject.ids) > results.LARGE and not results.is_cached(subject):
        job = jobs.create("navigation.analyse", _("专利导航分析：%(name)s") % {"name": subject.title}, request.user, params)
        jobs.enqueue_on_commit(job)
        return redirect("job-detail", job.pk)
    result = _shown(results.compute(subject))  # from the cache when it is there
    base = records_base + "&cond="
    return render(request, "navigation/dashboard.html", {
        **context, "result": result, "subject": subject, "records_url": base,
        "tables": [(t, [(row, base + quote(json.dumps(c, ensure_ascii=False)) if c else "")
                        for row, c in zip(t.rows, t.conds or [None] * len(t.rows), strict=True)],
                    _table_title(t))
                   for t in tables.tables(result)]})


def _version_subject(request: HttpRequest, db: ThematicDatabase) -> tuple[Version, results.Subject, str]:
    version = _version(request, db)
    branch = request.GET.get("branch", "")
    try:
        return version, results.of_version(version, branch), branch
    except KeyError as exc:
        raise Http404(_("没有这个技术分支。")) from exc


def dashboard(request: HttpRequest, db_id: int) -> HttpResponse:
    db = _database(request, db_id)
    version, subject, branch = _version_subject(request, db)
    query = urlencode({"version": version.number, **({"branch": branch} if branch else {})})
    names = version.definition.get("branches", {})
    return _analyse(request, subject, {"version": version.pk, "branch": branch}, {
        "db": db, "version": version, "branch": branch,
        "branch_links": [(key, b["name"]) for key, b in names.items() if key in version.branch_members]},
        reverse("navigation:records", args=[db.pk]) + "?" + query)


def search_dashboard(request: HttpRequest) -> HttpResponse:
    """The analyses of a search result (every record it finds)."""
    _require(request, "navigation.view")
    query, home = request.GET.get("q", "").strip(), request.GET.get("home", "")
    if not query:
        return redirect("search:search")
    try:
        subject = results.of_query(query, home)
    except QueryError as exc:
        messages.error(request, _("检索式有误：%(error)s") % {"error": exc})
        return redirect("search:search")
    return _analyse(request, subject, {"query": query, "home": home}, {"query": query},
                    reverse("navigation:search-records") + "?" + urlencode({"q": query, "home": home}))


def _records(request: HttpRequest, subject: results.Subject, context: dict[str, Any]) -> HttpResponse:
    """The records behind a number: the subject's rows matching the condition in the address. A bad condition is
    a 400 on the records page, its reason escaped by the template (the address is the user's: never markup)."""
    try:
        cond = _condition(request.GET.get("cond") or "{}")
        ids = analysis.records(subject.frame(), cond)
    except (ValueError, TypeError, LookupError, OverflowError) as exc:
        response = _listing(request, subject, [], "", {**context, "error": _("条件有误：%(error)s") % {"error": exc}})
        response.status_code = 400
        return response
    return _listing(request, subject, ids, _describe(cond, subject), context)


_YEAR_KEYS = {"year", "grant_year"}
_FLAG_KEYS = {"sample"}


def _condition(raw: str) -> dict[str, Any]:
    """The condition in the address: a JSON object of known keys (`_COND_LABELS`) with plain values; years are
    whole numbers, `years` a pair of them. Anything else is a ValueError saying what is wrong."""
    if len(raw) > 2000:
        raise ValueError(_("条件太长"))
    try:
        cond = json.loads(raw, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        raise ValueError(_("不是有效的 JSON")) from None
    if not isinstance(cond, dict):
        raise ValueError(_("应为 JSON 对象"))
    for key, value in cond.items():
        if key not in _COND_LABELS:
            raise ValueError(_("未知条件“%(key)s”") % {"key": key})
        if key in _YEAR_KEYS:
            ok = _year(value)
        elif key == "years":
            ok = isinstance(value, list) and len(value) == 2 and all(_year(v) for v in value)
        elif key in _FLAG_KEYS:
            ok = isinstance(value, bool)
        else:
            ok = isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))
        if not ok:
            raise ValueError(_("条件“%(key)s”的值 %(value)s 不对")
                             % {"key": key, "value": json.dumps(value, ensure_ascii=False)[:80]})
    return cond


def _no_constant(name: str) -> None:
    raise ValueError(name)  # NaN and Infinity are not JSON


def _year(value: object) -> bool:
    if isinstance(value, str) and value.isascii() and value.isdigit():
        value = int(value)
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 10_000


def _listing(request: HttpRequest, subject: results.Subject, ids: list[int], cond_text: str,
             context: dict[str, Any]) -> HttpResponse:
    page = Paginator(ids, 50).get_page(request.GET.get("page"))
    apps = Application.objects.in_bulk(list(page.object_list))
    keep = {k: v for k, v in request.GET.items() if k != "page"}
    return render(request, "navigation/records.html", {
        **context, "subject": subject, "cond_text": cond_text, "total": len(ids), "page": page,
        "records": [apps[pk] for pk in page.object_list if pk in apps], "here": urlencode(keep)})


def records_page(request: HttpRequest, db_id: int) -> HttpResponse:
    db = _database(request, db_id)
    version, subject, branch = _version_subject(request, db)
    back = reverse("navigation:dashboard", args=[db.pk]) + "?" + urlencode(
        {"version": version.number, **({"branch": branch} if branch else {})})
    return _records(request, subject, {"db": db, "version": version, "back": back})


def version_changes(request: HttpRequest, db_id: int, number: int, which: str) -> HttpResponse:
    """The records that came in with a version, or left with it."""
    db = _database(request, db_id)
    version = get_object_or_404(db.versions, number=number)
    if which not in ("added", "removed"):
        raise Http404(which)
    ids = version.added if which == "added" else version.removed
    label = _("新增") if which == "added" else _("移出")
    subject = results.Subject(f"{db.name} 第 {version.number} 版 · {label}", ids, ["changes"], version=version,
                              note=label)
    return _listing(request, subject, ids, label, {"back": reverse("navigation:detail", args=[db.pk])})


def search_records(request: HttpRequest) -> HttpResponse:
    _require(request, "navigation.view")
    query, home = request.GET.get("q", ""), request.GET.get("home", "")
    try:
        subject = results.of_query(query, home)
    except QueryError as exc:
        raise Http404(str(exc)) from exc
    back = reverse("navigation:search") + "?" + urlencode({"q": query, "home": home})
    return _records(request, subject, {"query": query, "back": back})


_COND_LABELS = {  # marked for translation; translated when shown
    "year": gettext_noop("申请年"),
    "grant_year": gettext_noop("授权年"),
    "years": gettext_noop("申请年"),
    "country": gettext_noop("国别"),
    "province": gettext_noop("省份"),
    "city": gettext_noop("城市"),
    "district": gettext_noop("区县"),
    "status": gettext_noop("法律状态"),
    "group": gettext_noop("IPC大组"),
    "applicant": gettext_noop("第一申请人"),
    "party": gettext_noop("申请人"),
    "with": gettext_noop("合作申请人"),
    "subclass": gettext_noop("IPC小类"),
    "inventor": gettext_noop("发明人"),
    "co_inventor": gettext_noop("合作发明人"),
    "op": gettext_noop("运营"),
    "branch": gettext_noop("技术分支"),
    "keyword": gettext_noop("关键词"),
    "sample": gettext_noop("等距抽样"),
}


def _describe(cond: dict[str, Any], subject: results.Subject) -> str:
    """The condition in words, one "label：value" per key (法律状态：有效; a region or branch by its name, a status
    or operation by its word, a span of years as 2015–2020; the sample flag as a word of its own)."""
    names = {**dict(Region.objects.filter(code__in=[str(v) for v in cond.values() if not isinstance(v, list)])
                    .values_list("code", "name")),
             **{key: name for key, (name, _ids) in subject.branches.items()}}
    parts = []
    for key, value in cond.items():
        label = _(_COND_LABELS.get(key, key))
        if key in _FLAG_KEYS:
            if value:
                parts.append(label)
            continue
        if key == "years" and isinstance(value, list):
            shown = f"{value[0]}–{value[1]}"
        elif key == "status":
            shown = _(tables.status_label(str(value)))
        elif key == "op":
            shown = _(tables.OP_LABELS.get(str(value), str(value)))
        else:
            shown = names.get(str(value), value)
        parts.append(_("%(label)s：%(value)s") % {"label": label, "value": shown})
    return _("；").join(parts)


def china_geojson(request: HttpRequest) -> HttpResponse:
    _require(request, "navigation.view")
    return HttpResponse(geo.china_map(), content_type="application/geo+json; charset=utf-8")


def aliases_page(request: HttpRequest) -> HttpResponse:
    _require(request, "navigation.view")
    form, status = AliasForm(), 200
    if request.method == "POST":
        _require(request, "navigation.manage")
        if "delete" in request.POST:
            removal = AliasDeleteForm(request.POST)
            if not removal.is_valid():
                raise Http404
            do_delete_alias(request.user, removal.cleaned_data["delete"])
            return redirect("navigation:aliases")
        form = AliasForm(request.POST)
        if form.is_valid():
            try:
                do_set_alias(request.user, form.cleaned_data["name"], form.cleaned_data["group"])
            except ValueError as exc:
                form.add_error(None, str(exc))
            else:
                return redirect("navigation:aliases")
        status = 400
    return render(request, "navigation/aliases.html", {
        "aliases": ApplicantAlias.objects.order_by("group", "name"), "can_manage": can(request.user, "navigation.manage"),
        "form": form}, status=status)


@require_POST
def report_file(request: HttpRequest, db_id: int) -> HttpResponse:
    """A report of a version (or one branch): written by a job, whose page shows the progress and the file."""
    db = _database(request, db_id)
    form = ReportForm(request.POST)
    if not form.is_valid():
        raise Http404(_("报告的格式或参数有误。"))
    version = _version(request, db)
    fmt = form.cleaned_data["format"]
    if not _font_ready(request, fmt):
        return redirect("navigation:detail", db.pk)
    try:
        job = do_queue_report(request.user, fmt, version, form.cleaned_data["branch"] or "")
    except KeyError as exc:
        raise Http404(_("没有这个技术分支。")) from exc
    return redirect("job-detail", job_id=job.pk)


@require_POST
def search_report(request: HttpRequest) -> HttpResponse:
    _require(request, "navigation.view")
    form = SearchReportForm(request.POST)
    if not form.is_valid():
        raise Http404(_("报告的格式或参数有误。"))
    query, home = form.cleaned_data["q"], form.cleaned_data["home"] or ""
    back = reverse("navigation:search") + "?" + urlencode({"q": query, "home": home})
    if not _font_ready(request, form.cleaned_data["format"]):
        return redirect(back)
    try:
        job = do_queue_report(request.user, form.cleaned_data["format"], query=query, home=home)
    except QueryError as exc:
        messages.error(request, _("检索式有误：%(error)s") % {"error": exc})
        return redirect("search:search")
    return redirect("job-detail", job_id=job.pk)


def _font_ready(request: HttpRequest, fmt: str) -> bool:
    """Charts need a CJK font: without one the user is told at once, not by a failed job."""
    if fmt == "xlsx":
        return True
    try:
        charts.cjk_font()
    except FontMissing as exc:
        messages.error(request, str(exc))
        return False
    return True


def report_download(request: HttpRequest, job_id: int) -> HttpResponse:
    """A finished report job's file: for the user who asked for it, or anyone who may see the navigation pages."""
    job = get_object_or_404(Job, pk=job_id, kind="navigation.report")
    owner = job.created_by_id is not None and job.created_by_id == request.user.pk
    if not (owner or can(request.user, "navigation.view")):
        raise PermissionDenied
    path = navigation_jobs.report_path(job)
    if job.status != Job.Status.DONE or not path.exists():
        raise Http404(_("报告尚未生成。"))
    return FileResponse(path.open("rb"), as_attachment=True, filename=job.result["downloads"][0]["name"])
