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
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from zhichan.core.access import require_page
from zhichan.talent import actions, qualification_actions, qualifying, records
from zhichan.talent import forms as tf
from zhichan.talent.models import ListEntry, Person, Qualification, TalentList


def _put(form: Any, refused: actions.Refused) -> None:
    form.add_error(refused.field if refused.field in form.fields else None, str(refused))


def holding(rows: Any, kind: str, valid_only: bool = False) -> Any:
    """People (or list entries, through `prefix`) holding a qualification of this kind (not expired, if asked)."""
    prefix = "person__" if rows.model is ListEntry else ""
    where = Q(**{f"{prefix}qualification_list__kind": kind})
    if valid_only:
        today = timezone.localdate()
        where &= Q(**{f"{prefix}qualification_list__valid_to__isnull": True}) | \
            Q(**{f"{prefix}qualification_list__valid_to__gte": today})
    return rows.filter(where).distinct()


def filtered_people(request: HttpRequest) -> tuple[tf.FilterForm, Any]:
    form = tf.FilterForm(request.GET or None)
    rows = Person.objects.select_related("organization")
    if form.is_valid():
        if form.cleaned_data["kind"]:
            rows = rows.filter(kind=form.cleaned_data["kind"])
        if form.cleaned_data["qualification"]:
            rows = holding(rows, form.cleaned_data["qualification"])
        q = form.cleaned_data["q"].strip()
        if q:
            rows = rows.filter(Q(name__icontains=q) | Q(organization__name__icontains=q)
                               | Q(organization_name__icontains=q))
    return form, rows


@login_required
def people(request: HttpRequest) -> HttpResponse:
    require_page(request, "talent.manage")
    form, rows = filtered_people(request)
    return render(request, "talent/people.html", {"form": form, "rows": rows[:500], "count": rows.count(),
                                                  "query": request.GET.urlencode()})


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


def qualification_rows(person: Person | None) -> list[dict[str, Any]]:
    """A person's qualifications with the expired flag (read today)."""
    if person is None:
        return []
    today = timezone.localdate()
    return [{"q": q, "expired": qualifying.expired(q.valid_to, today)} for q in person.qualification_list.all()]


def _record(request: HttpRequest, person: Person, qualification_form: tf.QualificationForm | None = None,
            status: int = 200) -> HttpResponse:
    credits = records.credits_for(person)
    from zhichan.core.permissions import can

    return render(request, "talent/person.html", {
        "person": person, "credits": credits, "years": records.years(credits),
        "can_manage": can(request.user, "talent.manage"), "qualifications": qualification_rows(person),
        "may_edit": qualification_actions.may_edit(request.user, person),
        "qualification_form": qualification_form or tf.QualificationForm(),
        "entries": person.entries.select_related("talent_list")}, status=status)


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
                                              "years": records.years(credits), "may_edit": own is not None,
                                              "qualifications": qualification_rows(own),
                                              "qualification_form": tf.QualificationForm()}, status=status)


@login_required
@require_POST
def add_qualification(request: HttpRequest, person_id: int) -> HttpResponse:
    """The office for anyone, a person for their own record (403 otherwise); 400 with the input kept."""
    row = get_object_or_404(Person.objects.select_related("organization", "practitioner", "expert"), pk=person_id)
    if not qualification_actions.may_edit(request.user, row):
        raise PermissionDenied
    form = tf.QualificationForm(request.POST)
    if form.is_valid():
        try:
            qualification_actions.do_add_qualification(request.user, row, form.cleaned_data)
            return redirect(_back(request, row))
        except actions.Refused as refused:
            _put(form, refused)
    return _record(request, row, form, status=400)


@login_required
@require_POST
def remove_qualification(request: HttpRequest, qualification_id: int) -> HttpResponse:
    row = get_object_or_404(Qualification.objects.select_related("person"), pk=qualification_id)
    if not qualification_actions.may_edit(request.user, row.person):
        raise PermissionDenied
    person = row.person
    qualification_actions.do_remove_qualification(request.user, row)
    return redirect(_back(request, person))


def _back(request: HttpRequest, person: Person) -> str:
    from django.urls import reverse

    if person.user_id == request.user.pk:
        return reverse("talent:me")
    return reverse("talent:person", args=[person.pk])


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
    return list_page(request, row, form, status=status)


def filtered_entries(request: HttpRequest, row: TalentList) -> tuple[tf.EntryFilterForm, Any]:
    """The list's entries, filtered by a qualification kind the person holds (?qualification=…&valid=on)."""
    form = tf.EntryFilterForm(request.GET or None)
    entries = row.entries.select_related("person", "person__organization")
    if form.is_valid() and form.cleaned_data["qualification"]:
        entries = holding(entries, form.cleaned_data["qualification"], form.cleaned_data["valid"])
    return form, entries


def list_page(request: HttpRequest, row: TalentList, form: tf.EntryForm | None = None, status: int = 200,
              **extra: Any) -> HttpResponse:
    from django.db.models import Prefetch

    filter_form, entries = filtered_entries(request, row)
    entries = entries.prefetch_related(Prefetch("person__qualification_list"))
    return render(request, "talent/list.html", {
        "list": row, "entries": entries, "form": form or tf.EntryForm(), "filter_form": filter_form,
        "import_form": extra.pop("import_form", None) or tf.ImportForm(), "query": request.GET.urlencode(),
        "today": timezone.localdate(), **extra}, status=status)


@login_required
@require_POST
def remove_entry(request: HttpRequest, entry_id: int) -> HttpResponse:
    require_page(request, "talent.manage")
    entry = get_object_or_404(ListEntry.objects.select_related("talent_list", "person"), pk=entry_id)
    list_id = entry.talent_list_id
    actions.do_remove_entry(request.user, entry)
    return redirect("talent:list", list_id)
