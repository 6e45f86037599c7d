"""Scoring pages: an expert scores the applications of the review they sit on against the call's sheet; the
office reads the results (aggregate by the call's rule, rank, outlier flags)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from zhichan.core.access import require_page
from zhichan.projects import actions, score_actions
from zhichan.projects import forms as pf
from zhichan.projects.models import Call, Review, Score
from zhichan.projects.views import _put_errors


@login_required
def score(request: HttpRequest, review_id: int, application_id: int) -> HttpResponse:
    """An expert's scoring of one application of the review they accepted a seat on (others: 404)."""
    review = get_object_or_404(Review.objects.select_related("call"), pk=review_id)
    seat = score_actions.seat_of(request.user, review)
    application = get_object_or_404(review.applications.select_related("organization", "call"),
                                    pk=application_id) if seat else None
    if application is None:
        raise Http404
    assert seat is not None
    form_class = pf.score_form(review.call.sheet)
    mine = Score.objects.filter(review=review, application=application, expert=seat.expert).first()
    status = 200
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            try:
                score_actions.do_score(request.user, review, application,
                                       {c: form.cleaned_data[c] for c in form.codes}, form.cleaned_data["comment"])
                return redirect("experts:me")
            except actions.Refused as refused:
                _put_errors(form, refused)
        status = 400
    else:
        form = form_class(initial={**(mine.points if mine else {}), "comment": mine.comment if mine else ""})
    return render(request, "projects/score.html", {
        "review": review, "application": application, "form": form,
        "criteria": [form[c] for c in form.codes], "values": [
            {"label": f["label"], "value": application.values.get(f["code"], "")} for f in application.call.fields]},
        status=status)


@login_required
def results(request: HttpRequest, call_id: int) -> HttpResponse:
    require_page(request, "projects.manage")
    call = get_object_or_404(Call.objects.select_related("review"), pk=call_id, review__isnull=False)
    return render(request, "projects/results.html", {"call": call, "rows": score_actions.results(call.review),
                                                      "maximum": sum(c["max"] for c in call.sheet)})
