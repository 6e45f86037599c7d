"""/projects/credit/: the office's record of serious dishonesty (严重失信) of organisations, entered from 信用中国 and
国家企业信用信息公示系统, which a call's rule ``no_serious_dishonesty`` reads (docs/projects.md). projects.manage only;
writes through projects/credit_actions.py; a refused form comes back with 400 and its input."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from zhichan.core.access import require_page
from zhichan.projects import credit_actions
from zhichan.projects import credit_forms as cf
from zhichan.projects.actions import Refused
from zhichan.projects.credit_models import DishonestyRecord


def _put(form: Any, refused: Refused) -> None:
    for field, reasons in refused.errors.items():
        for reason in reasons:
            form.add_error(field if field in form.fields else None, reason)


def _page(request: HttpRequest, form: cf.DishonestyForm | None = None, status: int = 200, **extra: Any
          ) -> HttpResponse:
    today = timezone.localdate()
    rows = DishonestyRecord.objects.select_related("organization")[:500]
    failed, removing = extra.pop("remove_form", None), extra.pop("removing", None)

    def remove_form(pk: int) -> cf.RemoveForm:  # each row's own element ids
        return failed if pk == removing else cf.RemoveForm(initial={"removed_on": today}, auto_id=f"rm{pk}_%s")

    return render(request, "projects/credit.html", {
        "rows": [{"r": r, "active": r.active_on(today), "remove_form": remove_form(r.pk)} for r in rows],
        "form": form or cf.DishonestyForm(), **extra}, status=status)


@login_required
def records(request: HttpRequest) -> HttpResponse:
    require_page(request, "projects.manage")
    if request.method != "POST":
        return _page(request)
    form = cf.DishonestyForm(request.POST)
    if form.is_valid():
        try:
            credit_actions.do_record_dishonesty(request.user, form.cleaned_data)
            return redirect("projects:credit")
        except Refused as refused:
            _put(form, refused)
    return _page(request, form, status=400)


@login_required
@require_POST
def remove(request: HttpRequest, record_id: int) -> HttpResponse:
    require_page(request, "projects.manage")
    row = get_object_or_404(DishonestyRecord, pk=record_id)
    form = cf.RemoveForm(request.POST, auto_id=f"rm{row.pk}_%s")
    if form.is_valid():
        try:
            credit_actions.do_remove_dishonesty(request.user, row, form.cleaned_data["removed_on"],
                                                form.cleaned_data["note"])
            return redirect("projects:credit")
        except Refused as refused:
            _put(form, refused)
    return _page(request, remove_form=form, removing=row.pk, status=400)
