"""Who works each online window: its staff (who claim and handle cases) and its supervisor (窗口负责人: who
分派 a case to one of the staff, and who is told when a case is overdue). Set by the office (services.manage) on
/services/windows/, linked from the user management pages."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhichan.core import audit
from zhichan.core.models import User
from zhichan.core.permissions import ROLE_PERMISSIONS, can, require
from zhichan.services.models import Window


def handler_roles() -> list[str]:
    """The roles that may handle cases (services.handle): only their users can staff or supervise a window."""
    return [role for role in ROLE_PERMISSIONS
            if can(SimpleNamespace(role=role, is_active=True, is_authenticated=True), "services.handle")]


def eligible_users() -> Any:
    return User.objects.filter(is_active=True, role__in=handler_roles()).order_by("role", "username")


@transaction.atomic
def do_set_window_staffing(actor: Any, window: Window, staff: list[User], supervisor: User | None) -> Window:
    """Replace a window's staff and supervisor. Everyone named must be an active user who may handle cases."""
    require(actor, "services.manage")
    allowed = set(eligible_users().values_list("pk", flat=True))
    refused = [u.username for u in [*staff, *([supervisor] if supervisor else [])] if u.pk not in allowed]
    if refused:
        raise ValueError(_("以下用户不能办理办件：%(names)s") % {"names": "、".join(refused)})
    before = {"staff": sorted(window.staff.values_list("username", flat=True)),
              "supervisor": window.supervisor.username if window.supervisor else None}
    window.staff.set(staff)
    window.supervisor = supervisor
    window.save(update_fields=["supervisor"])
    after = {"staff": sorted(u.username for u in staff), "supervisor": supervisor.username if supervisor else None}
    if before != after:
        audit.record(actor, "services.staffing", window, summary=f"设置窗口人员 {window.name}",
                     changes={k: [before[k], after[k]] for k in after if before[k] != after[k]})
    return window


class StaffingForm(forms.Form):
    staff = forms.ModelMultipleChoiceField(label=gettext_lazy("窗口工作人员"), queryset=User.objects.none(),
                                           required=False, widget=forms.CheckboxSelectMultiple)
    supervisor = forms.ModelChoiceField(label=gettext_lazy("窗口负责人（分派办件）"), queryset=User.objects.none(),
                                        required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        users = eligible_users()
        self.fields["staff"].queryset = users
        self.fields["supervisor"].queryset = users
        self.fields["staff"].label_from_instance = self.fields["supervisor"].label_from_instance = _label

    @classmethod
    def of(cls, window: Window, data: Any = None) -> StaffingForm:
        return cls(data, prefix=window.kind, initial={"staff": list(window.staff.all()),
                                                      "supervisor": window.supervisor})


def _label(user: User) -> str:
    name = f"（{user.first_name}）" if user.first_name else ""
    return f"{user.username}{name} · {user.get_role_display()}"


def windows_page(request: HttpRequest) -> HttpResponse:
    if not can(request.user, "services.manage"):
        raise PermissionDenied
    windows = list(Window.objects.select_related("supervisor").prefetch_related("staff").order_by("pk"))
    posted = None
    if request.method == "POST":
        posted = get_object_or_404(Window, pk=request.POST.get("window"))
        form = StaffingForm.of(posted, request.POST)
        if form.is_valid():
            try:
                do_set_window_staffing(request.user, posted, list(form.cleaned_data["staff"]),
                                       form.cleaned_data["supervisor"])
            except ValueError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("已保存 %(name)s 的人员。") % {"name": posted.name})
                return redirect("services:windows")
    rows = [{"window": w, "form": form if posted is not None and w.pk == posted.pk else StaffingForm.of(w)}
            for w in windows]
    return render(request, "services/windows.html", {"rows": rows, "has_users": eligible_users().exists()},
                  status=400 if posted is not None else 200)

