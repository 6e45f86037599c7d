"""Account pages: password change and reset (Django's views with the platform's templates and forms, so that the
new password goes through do_set_password), the lockout answer on the login page, and the office's page of
locked accounts with an unlock button."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from zhichan.core.actions import do_unlock_user
from zhichan.core.forms import PasswordChangeForm, SetPasswordForm, UnlockForm
from zhichan.core.permissions import can


def lockout_minutes() -> int:
    cool_off = settings.AXES_COOLOFF_TIME
    return int(cool_off.total_seconds() // 60) if cool_off else 0


def locked_out(request: HttpRequest, original_response: HttpResponse | None = None,
               credentials: dict | None = None) -> HttpResponse:
    """django-axes' answer to a locked account (AXES_LOCKOUT_CALLABLE): the login page again, saying why and for
    how long, with status 429."""
    return render(request, "core/login.html", {
        "form": AuthenticationForm(request), "locked": True, "lockout_minutes": lockout_minutes(),
        "next": request.POST.get("next", "") if request.method == "POST" else "",
    }, status=429)


def locked_accounts() -> list[dict[str, Any]]:
    """User names locked now: failures at or over the limit, the last one within the cool-off."""
    from axes.models import AccessAttempt

    attempts = AccessAttempt.objects.exclude(username=None).exclude(username="")
    if settings.AXES_COOLOFF_TIME:
        attempts = attempts.filter(attempt_time__gt=timezone.now() - settings.AXES_COOLOFF_TIME)
    rows = (attempts.values("username").annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            .filter(failures__gte=settings.AXES_FAILURE_LIMIT).order_by("username"))
    cool_off: dt.timedelta | None = settings.AXES_COOLOFF_TIME
    return [{**row, "until": row["last"] + cool_off if cool_off else None} for row in rows]


@require_http_methods(["GET", "POST"])
def locked_accounts_page(request: HttpRequest) -> HttpResponse:
    if not can(request.user, "users.unlock"):
        raise PermissionDenied
    form = UnlockForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        do_unlock_user(request.user, username)
        messages.success(request, _("账号 %(username)s 已解锁。") % {"username": username})
        return redirect("accounts-locked")
    return render(request, "core/locked_accounts.html", {
        "accounts": locked_accounts(), "form": form, "limit": settings.AXES_FAILURE_LIMIT,
        "lockout_minutes": lockout_minutes(),
    })


urlpatterns = [
    path("password/change/", auth_views.PasswordChangeView.as_view(form_class=PasswordChangeForm),
         name="password_change"),
    path("password/change/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("password/reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/done/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(form_class=SetPasswordForm),
         name="password_reset_confirm"),
    path("reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("locked/", locked_accounts_page, name="accounts-locked"),
]
