"""Self-registration (open to visitors, under /register/): an enterprise, university, institute or agency
registers with its 统一社会信用代码 and waits for the office's 实名核验; an expert or individual registers alone;
a colleague joins an organisation through its admin's invitation link."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from zhichan.core.account_actions import AccountRefused, do_accept_invitation, do_register, open_invitation
from zhichan.core.account_forms import PersonForm, RegistrationForm

BACKEND = "django.contrib.auth.backends.ModelBackend"


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    return target if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()) else ""


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponse:
    form = RegistrationForm(request.POST or None, initial={"account_type": request.GET.get("type", "enterprise")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = do_register(account_type=data["account_type"], username=data["username"],
                               password=data["password1"], email=data["email"], name=data["name"],
                               org_name=data["org_name"], credit_code=data["credit_code"])
        except AccountRefused as exc:
            form.add_error(None, str(exc))
        else:
            login(request, user, backend=BACKEND)
            target = _next(request)
            return redirect(f"{reverse('register-done')}?{urlencode({'next': target})}" if target else "register-done")
    return render(request, "core/register.html", {"form": form, "next": _next(request)})


def register_done(request: HttpRequest) -> HttpResponse:
    user = request.user if request.user.is_authenticated else None
    return render(request, "core/register_done.html", {"account": user, "next": _next(request)})


@require_http_methods(["GET", "POST"])
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    invitation = open_invitation(token)
    if invitation is None:
        return render(request, "core/invitation.html", {"invitation": None}, status=404)
    form = PersonForm(request.POST or None, initial={"email": invitation.email})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = do_accept_invitation(token, username=data["username"], password=data["password1"],
                                        email=data["email"], name=data["name"])
        except AccountRefused as exc:
            form.add_error(None, str(exc))
        else:
            login(request, user, backend=BACKEND)
            return redirect("register-done")
    return render(request, "core/invitation.html", {"invitation": invitation, "form": form})


urlpatterns = [
    path("", register, name="register"),
    path("done/", register_done, name="register-done"),
    path("invite/<str:token>/", accept_invitation, name="accept-invitation"),
]
