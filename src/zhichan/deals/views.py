"""/deals/: the office's register of IP transactions. Every write goes through a do_* action; a refused form comes
back with status 400, what was typed kept and the reasons beside the fields."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from zhichan.core.access import require_page
from zhichan.deals import actions, exports, filters
from zhichan.deals import forms as df
from zhichan.deals.models import Deal

PAGE_SIZE = 50


def _selection(request: HttpRequest) -> tuple[df.DealFilterForm, Any]:
    form = df.DealFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    return form, filters.select(data)


@require_safe
def deal_list(request: HttpRequest) -> HttpResponse:
    require_page(request, "deals.record")
    form, rows = _selection(request)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "deals/list.html", {"form": form, "page": page, "totals": filters.totals(rows),
                                               "query": query.urlencode()}, status=400 if form.errors else 200)


@require_safe
def export(request: HttpRequest) -> HttpResponse:
    require_page(request, "deals.record")
    form, rows = _selection(request)
    if form.errors:
        raise Http404
    response = HttpResponse(exports.xlsx(rows.iterator()),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = 'attachment; filename="deals.xlsx"'
    return response


@require_POST
def sync(request: HttpRequest) -> HttpResponse:
    """同步质押登记 (what=pledges) or 识别法律状态 (what=events)."""
    require_page(request, "deals.record")
    what = request.POST.get("what")
    if what == "pledges":
        counts = actions.do_sync_pledges(request.user)
        messages.success(request, _("质押登记办件：新增 %(created)d 笔，更新 %(updated)d 笔，未变 %(unchanged)d 笔") % counts)
        if counts["unreadable_amount"]:
            messages.error(request, _("%(n)d 件办件的金额无法识别，已登记但未计金额") % {"n": counts["unreadable_amount"]})
    elif what == "events":
        counts = actions.do_link_legal_events(request.user)
        messages.success(request, _("法律状态：新增 %(created)d 笔，关联 %(linked)d 笔，注销 %(cancelled)d 笔，已有 %(already)d 笔")
                         % counts)
    else:
        raise Http404
    return redirect("deals:list")


def deal_detail(request: HttpRequest, deal_id: int, cancel: df.CancelForm | None = None,
                status: int = 200) -> HttpResponse:
    require_page(request, "deals.record")
    deal = get_object_or_404(Deal.objects.select_related("application", "region", "listing", "case",
                                                         "from_organization", "to_organization"), pk=deal_id)
    return render(request, "deals/detail.html", {"deal": deal, "cancel_form": cancel or df.CancelForm()},
                  status=status)


def deal_edit(request: HttpRequest, deal_id: int | None = None) -> HttpResponse:
    require_page(request, "deals.record")
    deal = get_object_or_404(Deal, pk=deal_id) if deal_id else None
    if request.method == "POST":
        form = df.DealForm(request.POST)
        if form.is_valid():
            try:
                saved = (actions.do_edit_deal(request.user, deal, form.values()) if deal
                         else actions.do_record_deal(request.user, form.values()))
            except actions.Refused as refused:
                _put_errors(form, refused)
            else:
                messages.success(request, _("已保存"))
                return redirect("deals:detail", saved.pk)
        status = 400
    else:
        form = df.DealForm(initial=df.DealForm.initial_from(deal) if deal
                           else {"patent": request.GET.get("patent", "")[:40]})  # from the patent page
        status = 200
    return render(request, "deals/form.html", {"form": form, "deal": deal}, status=status)


@require_POST
def deal_cancel(request: HttpRequest, deal_id: int) -> HttpResponse:
    require_page(request, "deals.record")
    deal = get_object_or_404(Deal, pk=deal_id)
    form = df.CancelForm(request.POST)
    if form.is_valid():
        try:
            actions.do_cancel_deal(request.user, deal, form.cleaned_data["on"], form.cleaned_data["reason"])
        except actions.Refused as refused:
            _put_errors(form, refused)
        else:
            messages.success(request, _("已注销"))
            return redirect("deals:detail", deal.pk)
    return deal_detail(request, deal_id, cancel=form, status=400)


def _put_errors(form: Any, refused: actions.Refused) -> None:
    for field, reasons in refused.errors.items():
        target = "patent" if field == "application" else field
        for reason in reasons:
            form.add_error(target if target in form.fields else None, reason)
