"""Pages of 存量专利盘活 (docs/market.md): the holder's stock (/market/stock/), a stock patent's grade, pushes and
feedback, the import page, the enterprise's 推送给我的专利 (/market/pushed/) and the office's overview. Every write
goes through market/stock_actions.py; a refused form answers 400 with its reasons."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from zhichan import conf
from zhichan.core import uploads
from zhichan.core.access import require_page
from zhichan.core.models import Organization
from zhichan.core.permissions import PermissionDenied, can
from zhichan.market import stock
from zhichan.market import stock_actions as actions
from zhichan.market import stock_forms as sf
from zhichan.market.actions import Refused
from zhichan.market.models import StockPatent, StockPush
from zhichan.patents.ingest.errors import FileError

PAGE_SIZE = 50
SHOWN_PROBLEMS = 500  # refused rows listed on the page (a 100,000-row file of bad rows made a 10 MB page)


def _reasons(refused: Refused) -> str:
    return "；".join(r for reasons in refused.errors.values() for r in reasons)


def _feedback(rows: Any) -> Any:
    return rows.annotate(
        pushed=Count("pushes", distinct=True),
        interested=Count("pushes", filter=Q(pushes__interest=StockPush.Interest.INTERESTED), distinct=True),
        declined=Count("pushes", filter=Q(pushes__interest=StockPush.Interest.DECLINED), distinct=True))


@login_required
def stock_list(request: HttpRequest) -> HttpResponse:
    require_page(request, "market.offer")
    holder = stock.may_keep_stock(request.user)
    if request.method == "POST":  # 全部重新评级
        if not holder:
            raise PermissionDenied
        actions.do_grade_all(request.user)
        return redirect("market:stock-list")
    rows = stock.restrict_stock(request.user).filter(organization_id=request.user.organization_id) \
        .select_related("application")
    grades = dict(rows.order_by().values_list("grade").annotate(n=Count("pk")))
    form = sf.StockFilterForm(request.GET or None)
    if form.is_valid():
        f = form.cleaned_data
        rows = stock.within(f["q"].strip(), rows)
        if f["grade"]:
            rows = rows.filter(grade=f["grade"])
        if f["status"]:
            rows = rows.filter(status=f["status"])
    page = Paginator(_feedback(rows).order_by("-score", "application__key"), PAGE_SIZE).get_page(
        request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "market/stock_list.html", {
        "holder": holder, "page": page, "form": form, "query": query.urlencode(),
        "grades": [(g, grades.get(g, 0)) for g in "ABCD"], "total": sum(grades.values())})


def _import_page(request: HttpRequest, form: Any, result: Any = None, error: str = "",
                 status: int = 200) -> HttpResponse:
    return render(request, "market/stock_import.html", {
        "holder": stock.may_keep_stock(request.user), "form": form, "result": result, "error": error,
        "labels": stock.FIELD_LABELS}, status=status)


@login_required
def stock_import(request: HttpRequest) -> HttpResponse:
    require_page(request, "market.offer")
    if request.method != "POST":
        return _import_page(request, sf.StockFileForm())
    if not stock.may_keep_stock(request.user):
        raise PermissionDenied
    if "platform" in request.POST:
        counts = actions.do_import_platform_stock(request.user)
        return _import_page(request, sf.StockFileForm(), {**counts, "problems": [], "platform": True})
    form = sf.StockFileForm(request.POST, request.FILES)
    if not form.is_valid():
        return _import_page(request, form, status=400)
    upload = form.cleaned_data["file"]
    target = conf.home() / "uploads" / "stock" / f"{uuid.uuid4().hex}-{uploads.name_of(upload)}"
    try:
        uploads.write(upload, target)
        result = actions.do_import_stock_file(request.user, target, uploads.name_of(upload))
        result["more"] = max(0, len(result["problems"]) - SHOWN_PROBLEMS)
        result["problems"] = result["problems"][:SHOWN_PROBLEMS]
    except (uploads.UploadTooLarge, FileError, ValueError) as exc:
        form.add_error("file", str(exc))
        return _import_page(request, form, status=400)
    finally:
        uploads.discard(target)
    return _import_page(request, sf.StockFileForm(), result)


def _detail(request: HttpRequest, entry: StockPatent, status: int = 200, **extra: Any) -> HttpResponse:
    own = stock.may_keep_stock(request.user) and request.user.organization_id == entry.organization_id
    office = can(request.user, "market.review")
    pushes = entry.pushes.select_related("organization").order_by("-score", "pk")
    return render(request, "market/stock_detail.html", {
        "entry": entry, "own": own, "office": office, "reasons": stock.explained(entry.reasons),
        "pushes": pushes, "pushable": entry.grade in actions.push_grades(),
        "push_grades": gettext("、").join(sorted(actions.push_grades())),
        "counts": {"pushed": len(pushes), "interested": sum(p.interest == "interested" for p in pushes),
                   "declined": sum(p.interest == "declined" for p in pushes)},
        "rating_form": extra.get("rating_form") or sf.RatingForm(initial={
            "prospects": entry.prospects, "trl": entry.trl, "note": entry.note}),
        "error": extra.get("error", "")}, status=status)


@login_required
def stock_detail(request: HttpRequest, stock_id: int) -> HttpResponse:
    entry = get_object_or_404(stock.restrict_stock(request.user).select_related("application", "organization"),
                              pk=stock_id)
    return _detail(request, entry)


@login_required
@require_POST
def stock_step(request: HttpRequest, stock_id: int, step: str) -> HttpResponse:
    """rate (the holder), grade and push and converted (the holder or the office)."""
    entry = get_object_or_404(stock.restrict_stock(request.user).select_related("application", "organization"),
                              pk=stock_id)
    try:
        if step == "rate":
            form = sf.RatingForm(request.POST)
            if not form.is_valid():
                return _detail(request, entry, 400, rating_form=form)
            f = form.cleaned_data
            actions.do_rate_stock(request.user, entry, f["prospects"], f["trl"], f["note"])
        elif step == "grade":
            actions.do_grade_stock(request.user, entry)
        elif step == "push":
            actions.do_push_stock(request.user, entry)
        elif step == "converted":
            actions.do_mark_converted(request.user, entry)
        else:
            raise Http404
    except Refused as refused:
        entry.refresh_from_db()
        return _detail(request, entry, 400, error=_reasons(refused))
    return redirect("market:stock", entry.pk)


def _answer_form(push: StockPush, data: Any = None) -> sf.AnswerForm:
    """The answer form of one push: its fields' ids carry the push's number, so that the cards of one page do not
    share ids (each label names its own card's field)."""
    return sf.AnswerForm(data, auto_id=f"id_push{push.pk}_%s",
                         initial={"interest": push.interest or None, "reason": push.reason, "note": push.note})


def _pushed_page(request: HttpRequest, status: int = 200, forms: dict[int, Any] | None = None) -> HttpResponse:
    rows = list(stock.pushes_to(request.user).select_related("stock__application", "stock__organization")
                .order_by("-pushed_at", "-pk")[:200])
    forms = forms or {}
    items = [{"push": p, "form": forms.get(p.pk) or _answer_form(p),
              "reasons": stock.explained(p.stock.reasons)} for p in rows]
    return render(request, "market/stock_pushed.html", {"items": items}, status=status)


@login_required
def pushed(request: HttpRequest) -> HttpResponse:
    require_page(request, "market.offer")
    return _pushed_page(request)


@login_required
@require_POST
def push_answer(request: HttpRequest, push_id: int) -> HttpResponse:
    push = get_object_or_404(stock.pushes_to(request.user), pk=push_id)
    form = _answer_form(push, request.POST)
    if form.is_valid():
        try:
            actions.do_answer_push(request.user, push, form.cleaned_data["interest"], form.cleaned_data["reason"],
                                   form.cleaned_data["note"])
            return redirect("market:stock-pushed")
        except Refused as refused:
            for field, reasons in refused.errors.items():
                for reason in reasons:
                    form.add_error(field if field in form.fields else None, reason)
    return _pushed_page(request, 400, {push.pk: form})


@login_required
def office(request: HttpRequest) -> HttpResponse:
    """The office's overview: each university's and institute's stock, its grades, pushes and answers."""
    require_page(request, "market.review")
    if request.method == "POST":  # 全部重新评级
        actions.do_grade_all(request.user)
        return redirect("market:stock-office")
    holders = Organization.objects.filter(stock_patents__isnull=False).distinct().annotate(
        total=Count("stock_patents", distinct=True),
        **{f"grade_{g}": Count("stock_patents", filter=Q(stock_patents__grade=g), distinct=True) for g in "ABCD"},
        converted=Count("stock_patents", filter=Q(stock_patents__status=StockPatent.Status.CONVERTED),
                        distinct=True),
        pushed=Count("stock_patents__pushes", distinct=True),
        interested=Count("stock_patents__pushes", filter=Q(
            stock_patents__pushes__interest=StockPush.Interest.INTERESTED), distinct=True),
        declined=Count("stock_patents__pushes", filter=Q(
            stock_patents__pushes__interest=StockPush.Interest.DECLINED), distinct=True)).order_by("name")
    org = request.GET.get("org", "")
    rows = StockPatent.objects.select_related("application", "organization")
    if org.isascii() and org.isdigit() and len(org) <= 18:  # else no id (nor an SQLite integer)
        rows = rows.filter(organization_id=int(org))
    grade = request.GET.get("grade", "")
    if grade in ("A", "B", "C", "D"):
        rows = rows.filter(grade=grade)
    page = Paginator(_feedback(rows).order_by("-score", "application__key"), PAGE_SIZE).get_page(
        request.GET.get("page"))
    reasons = StockPush.objects.exclude(reason="").values("interest", "reason").annotate(n=Count("pk")) \
        .order_by("interest", "-n")
    labels = dict(StockPush.Reason.choices)
    return render(request, "market/stock_office.html", {
        "holders": holders, "page": page, "org": org, "grade": grade,
        "why": [{"interest": StockPush.Interest(r["interest"]).label if r["interest"] else "",
                 "reason": labels.get(r["reason"], r["reason"]), "n": r["n"]} for r in reasons]})
