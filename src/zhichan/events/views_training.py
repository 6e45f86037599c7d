"""Training pages: 我的学时 (one's credits and the yearly rule), one's certificate as PDF, the public verification
of a certificate's code, and the office's overview of everyone's 学时 by organisation (shortfalls flagged, Excel),
with the indicator feed (培训人次) and the credit of an event's hours after the fact."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhichan.core import spreadsheet
from zhichan.core.access import require_page
from zhichan.core.permissions import can
from zhichan.events import certificate, hours, rotation_views, training
from zhichan.events.models import Credit, Event
from zhichan.events.training_forms import FeedForm, VerifyForm, YearForm


def _labels(sums: hours.YearSum) -> list[str]:
    return [_("总学时不足 90") if s == hours.TOTAL_SHORT else _("专业科目不足 60") for s in sums.shortfalls]


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    year = YearForm(request.GET or None).year_or_now()
    credits = list(training.credits_of(request.user))
    sums = hours.year_sum(training.entries(credits), year)
    return render(request, "events/hours_mine.html", {
        "year": year, "sums": sums, "short": _labels(sums), "years": hours.by_year(training.entries(credits)),
        "credits": [c for c in credits if c.year == year], "required": hours.plain(hours.REQUIRED_TOTAL),
        "required_professional": hours.plain(hours.REQUIRED_PROFESSIONAL),
        "can_manage": can(request.user, "events.manage")})


@login_required
def certificate_pdf(request: HttpRequest, credit_id: int) -> HttpResponse:
    row = get_object_or_404(Credit.objects.select_related("registration__event__organizer"), pk=credit_id)
    if row.user_id != request.user.pk and not can(request.user, "events.manage"):
        raise PermissionDenied
    url = request.build_absolute_uri(reverse("events:verify-code", args=[row.code]))
    from zhichan.navigation.charts import FontMissing

    try:
        body = certificate.render(row, url)
    except FontMissing as missing:  # the server lacks a CJK font: say so (the operator installs fonts-noto-cjk)
        return HttpResponse(str(missing), status=503, content_type="text/plain; charset=utf-8")
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{row.number}.pdf"'
    return response


def verify(request: HttpRequest, code: str = "") -> HttpResponse:
    """Public: anyone holding a certificate's code sees what it certifies (name, event, 学时), nothing else."""
    form = VerifyForm({"code": code} if code else (request.GET or None))
    row, status = None, 200
    if form.is_bound:
        if form.is_valid():
            row = Credit.objects.select_related("registration__event").filter(
                code=form.cleaned_data["code"].upper()).first()
            if row is None:
                status = 404
        else:
            status = 400
    return render(request, "events/verify.html", {"form": form, "row": row, "checked": form.is_bound},
                  status=status)


@login_required
def office(request: HttpRequest) -> HttpResponse:
    require_page(request, "events.manage")
    year = YearForm(request.GET or None).year_or_now()
    return _office(request, year, FeedForm(initial={"year": year, "region": "320300"}))


def _office(request: HttpRequest, year: int, feed: FeedForm, status: int = 200) -> HttpResponse:
    groups = training.overview(year)
    for group in groups:
        for person in group.people:
            person.short = _labels(person.sums)  # type: ignore[attr-defined]
    return render(request, "events/hours_office.html", {
        "year": year, "groups": groups, "figures": training.yearly(year), "feed": feed, "can_manage": True,
        "rotations": rotation_views.summaries(),
        "people": sum(len(g.people) for g in groups), "short": sum(g.short for g in groups)}, status=status)


@login_required
def export(request: HttpRequest) -> HttpResponse:
    require_page(request, "events.manage")
    year = YearForm(request.GET or None).year_or_now()
    out = io.BytesIO()
    book = spreadsheet.workbook(out)
    sheet = book.add_worksheet(_("学时汇总"))
    bold = book.add_format({"bold": True})
    spreadsheet.write_row(sheet, 0, 0, [_("单位"), _("姓名"), _("专利代理师资格证号"), _("专业科目"), _("公需科目"),
                                        _("总学时"), _("是否达标"), _("不足")], bold)
    n = 0
    for group in training.overview(year):
        for p in group.people:
            n += 1
            spreadsheet.write_row(sheet, n, 0, [
                group.name, p.name, p.practice_no, float(p.sums.professional), float(p.sums.general),
                float(p.sums.total), _("达标") if p.sums.met else _("未达标"), "；".join(_labels(p.sums))])
    book.close()
    response = HttpResponse(out.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="training-hours-{year}.xlsx"'
    return response


@login_required
@require_POST
def feed(request: HttpRequest) -> HttpResponse:
    require_page(request, "events.manage")
    form = FeedForm(request.POST)
    if not form.is_valid():
        return _office(request, YearForm(request.POST).year_or_now(), form, status=400)
    training.do_feed_indicators(request.user, form.cleaned_data["region"], form.cleaned_data["year"])
    messages.success(request, _("已生成培训人次指标填报，待审核"))
    return redirect(f"{reverse('events:hours-office')}?year={form.cleaned_data['year']}")


@login_required
@require_POST
def credit_event(request: HttpRequest, event_id: int) -> HttpResponse:
    require_page(request, "events.manage")
    event = get_object_or_404(Event, pk=event_id)
    done = training.do_credit_hours(request.user, event)
    messages.success(request, _("已为 %(n)d 人登记学时") % {"n": done})
    return redirect("events:manage", event.pk)
