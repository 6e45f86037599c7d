"""/talent/: the office's 人才库 (people by kind, with search; bringing in practitioners and experts), a person's
record with qualifications, training records and lists, 人才清单 with their entries; /talent/me/ for each person's
own record (本人登记). Every write through talent/actions.py; a refused form comes back with 400."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhichan.core.access import require_page
from zhichan.talent import actions, records
from zhichan.talent import forms as tf
from zhichan.talent.models import ListEntry, Person, TalentList


def _put(form: Any, refused: actions.Refused) -> None:
    form.add_error(refused.field if refused.field in form.fields else None, str(refused))


@login_required
def people(request: HttpRequest) -> HttpResponse:
    require_page(request, "talent.manage")
    form = tf.FilterForm(request.GET or None)
    rows = Person.objects.select_related("organization")
    if form.is_valid():
        if form.cleaned_data["kind"]:
            rows = rows.filter(kind=form.cleaned_data["kind"])
        q = form.cleaned_data["q"].strip()
        if q:
            rows = rows.filter(Q(name__icontains=q) | Q(organization__name__icontains=q)
                               | Q(organization_name__icontains=q))
    return render(request, "talent/people.html", {"form": form, "rows": rows[:500], "count": rows.count()})


@login_required
def edit(request: HttpRequest, person_id: int | None = None) -> HttpResponse:
    require_page(request, "talent.manage")
    person = get_object_or_404(Person, pk=person_id) if person_id else None
    status = 200
    if request.method == "POST":
        form = tf.PersonForm(request.POST)
        if form.is_valid():
            try:
                saved = actions.do_save_person(request.user, person, form.cleaned_data)
                return redirect("talent:person", saved.pk)
            except actions.Refused as refused:
                _put(form, refused)
        status = 400
    else:
        form = tf.PersonForm(initial=tf.PersonForm.initial_from(person) if person else None)
    return render(request, "talent/form.html", {"form": form, "person": person}, status=status)


def _record(request: HttpRequest, person: Person) -> HttpResponse:
    credits = records.credits_for(person)
    from zhichan.core.permissions import can

    return render(request, "talent/person.html", {
        "person": person, "credits": credits, "years": records.years(credits),
        "can_manage": can(request.user, "talent.manage"),
        "entries": person.entries.select_related("talent_list")})


@login_required
def person(request: HttpRequest, person_id: int) -> HttpResponse:
    row = get_object_or_404(Person.objects.select_related("organization", "practitioner", "expert"), pk=person_id)
    if not records.visible(request.user, row):
        raise PermissionDenied
    return _record(request, row)


@login_required
def me(request: HttpRequest) -> HttpResponse:
    """One's own record: read it (training records included) and edit its name, title, fields and qualifications;
    without one, register as an enterprise IP manager."""
    own = Person.objects.filter(user=request.user).first()
    status = 200
    if request.method == "POST":
        form = tf.OwnForm(request.POST)
        if form.is_valid():
            try:
                actions.do_save_own(request.user, form.cleaned_data)
                messages.success(request, _("已保存"))
                return redirect("talent:me")
            except actions.Refused as refused:
                _put(form, refused)
        status = 400
    else:
        initial = {n: getattr(own, n) for n in actions.OWN_FIELDS} if own else \
            {"name": f"{request.user.last_name}{request.user.first_name}".strip()}
        form = tf.OwnForm(initial=initial)
    credits = records.credits_for(own) if own else []
    return render(request, "talent/me.html", {"person": own, "form": form, "credits": credits,
                                              "years": records.years(credits)}, status=status)


@login_required
@require_POST
def bring_in(request: HttpRequest) -> HttpResponse:
    require_page(request, "talent.manage")
    added = actions.do_bring_in(request.user)
    messages.success(request, _("新增专利代理师 %(p)d 人、专家 %(e)d 人") % {"p": added["practitioners"],
                                                                  "e": added["experts"]})
    return redirect("talent:people")


@login_required
def lists(request: HttpRequest) -> HttpResponse:
    require_page(request, "talent.manage")
    status = 200
    if request.method == "POST":
        form = tf.ListForm(request.POST)
        if form.is_valid():
            row = actions.do_save_list(request.user, form.cleaned_data)
            return redirect("talent:list", row.pk)
        status = 400
    else:
        form = tf.ListForm()
    from django.db.models import Count

    rows = TalentList.objects.annotate(n=Count("entries"))
    return render(request, "talent/lists.html", {"form": form, "rows": rows}, status=status)


@login_required
def talent_list(request: HttpRequest, list_id: int) -> HttpResponse:
    require_page(request, "talent.manage")
    row = get_object_or_404(TalentList, pk=list_id)
    status = 200
    if request.method == "POST":
        form = tf.EntryForm(request.POST)
        if form.is_valid():
            try:
                actions.do_add_entry(request.user, row, form.cleaned_data["person"], form.cleaned_data["note"])
                return redirect("talent:list", row.pk)
            except actions.Refused as refused:
                _put(form, refused)
        status = 400
    else:
        form = tf.EntryForm()
    entries = row.entries.select_related("person", "person__organization")
    return render(request, "talent/list.html", {"list": row, "entries": entries, "form": form}, status=status)


@login_required
@require_POST
def remove_entry(request: HttpRequest, entry_id: int) -> HttpResponse:
    require_page(request, "talent.manage")
    entry = get_object_or_404(ListEntry.objects.select_related("talent_list", "person"), pk=entry_id)
    list_id = entry.talent_list_id
    actions.do_remove_entry(request.user, entry)
    return redirect("talent:list", list_id)
