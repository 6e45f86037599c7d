"""Account pages under /accounts/: the office's user management and 实名核验 of organisations (accounts.manage),
and every user's profile with their organisation, where an organisation's admin invites colleagues."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from zhichan.core import account_actions as acts
from zhichan.core.access import require_page as _require
from zhichan.core.account_forms import (
    ActiveForm,
    InviteForm,
    RejectForm,
    RevokeForm,
    UserChangeForm,
    UserCreateForm,
    VerifyForm,
)
from zhichan.core.actions import do_create_user
from zhichan.core.models import Invitation, Organization, User
from zhichan.core.permissions import PermissionDenied as ActionDenied
from zhichan.core.permissions import can

PAGE_SIZE = 50




# ---- users ---------------------------------------------------------------------------------------------------------

def user_list(request: HttpRequest) -> HttpResponse:
    _require(request, "accounts.manage")
    users = User.objects.select_related("organization").order_by("username")
    q, role, state = request.GET.get("q", "").strip(), request.GET.get("role", ""), request.GET.get("state", "")
    if q:
        users = users.filter(Q(username__icontains=q) | Q(first_name__icontains=q) | Q(email__icontains=q)
                             | Q(organization__name__icontains=q))
    if role in User.Role.values:
        users = users.filter(role=role)
    if state in ("active", "inactive"):
        users = users.filter(is_active=state == "active")
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "core/accounts/users.html", {
        "page": page, "q": q, "role": role, "state": state, "roles": User.Role.choices,
        "pending": Organization.objects.filter(status=Organization.Status.PENDING).count(),
        "query": _without_page(request)})


def _without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@require_http_methods(["GET", "POST"])
def user_create(request: HttpRequest) -> HttpResponse:
    _require(request, "accounts.manage")
    form = UserCreateForm(request.user, request.POST or None,
                          initial={"organization": request.GET.get("organization")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = do_create_user(request.user, data["username"], data["password1"], role=data["role"],
                                  organization=data["organization"], email=data["email"], name=data["name"],
                                  is_org_admin=data["is_org_admin"] and data["organization"] is not None)
        except ActionDenied:
            raise PermissionDenied from None
        messages.success(request, _("已创建用户 %(username)s。") % {"username": user.username})
        return redirect("user-detail", user_id=user.pk)
    return render(request, "core/accounts/user_new.html", {"form": form})


@require_http_methods(["GET", "POST"])
def user_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    _require(request, "accounts.manage")
    target = get_object_or_404(User.objects.select_related("organization"), pk=user_id)
    initial = {"role": target.role, "organization": target.organization_id, "is_org_admin": target.is_org_admin}
    form = UserChangeForm(request.user, request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            acts.do_change_user(request.user, target, role=data["role"], organization=data["organization"],
                                is_org_admin=data["is_org_admin"])
        except acts.AccountRefused as exc:
            form.add_error(None, str(exc))
        except ActionDenied:
            raise PermissionDenied from None
        else:
            messages.success(request, _("已保存。"))
            return redirect("user-detail", user_id=target.pk)
    return render(request, "core/accounts/user.html", {
        "target": target, "form": form, "active_form": ActiveForm(initial={"active": not target.is_active}),
        "may_manage": target.role != User.Role.ADMIN or can(request.user, "users.manage"),
        **_windows_of(target)})


def _windows_of(target: User) -> dict[str, list[str]]:
    """The online windows the user staffs and supervises (set on /services/windows/), named on their page."""
    from zhichan.services.models import Window

    windows = Window.objects.order_by("pk")
    return {"staffed": list(windows.filter(staff=target).values_list("name", flat=True)),
            "supervised": list(windows.filter(supervisor=target).values_list("name", flat=True))}


@require_POST
def user_active(request: HttpRequest, user_id: int) -> HttpResponse:
    _require(request, "accounts.manage")
    target = get_object_or_404(User, pk=user_id)
    form = ActiveForm(request.POST)
    if form.is_valid():
        try:
            acts.do_set_user_active(request.user, target, form.cleaned_data["active"])
        except acts.AccountRefused as exc:
            messages.error(request, str(exc))
        except ActionDenied:
            raise PermissionDenied from None
        else:
            messages.success(request, _("账号已启用。") if target.is_active else _("账号已停用。"))
    return redirect("user-detail", user_id=target.pk)


# ---- organisations (实名核验) ----------------------------------------------------------------------------------------

def organization_list(request: HttpRequest) -> HttpResponse:
    _require(request, "accounts.manage")
    status = request.GET.get("status", Organization.Status.PENDING)
    orgs = Organization.objects.select_related("region").annotate(users=Count("user")).order_by("-registered_at",
                                                                                                 "name")
    if status in Organization.Status.values:
        orgs = orgs.filter(status=status)
    q = request.GET.get("q", "").strip()
    if q:
        orgs = orgs.filter(Q(name__icontains=q) | Q(credit_code__icontains=q))
    page = Paginator(orgs, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = dict(Organization.objects.values_list("status").annotate(n=Count("pk")))
    return render(request, "core/accounts/organizations.html", {
        "page": page, "status": status, "q": q, "query": _without_page(request),
        "statuses": [(value, label, counts.get(value, 0)) for value, label in Organization.Status.choices]})


@require_http_methods(["GET", "POST"])
def organization_detail(request: HttpRequest, org_id: int) -> HttpResponse:
    _require(request, "accounts.manage")
    org = get_object_or_404(Organization.objects.select_related("region", "reviewed_by"), pk=org_id)
    verify_form, reject_form = VerifyForm(prefix="verify"), RejectForm(prefix="reject")
    if request.method == "POST":
        verifying = request.POST.get("decision") == "verify"
        form = VerifyForm(request.POST, prefix="verify") if verifying else RejectForm(request.POST, prefix="reject")
        if form.is_valid():
            try:
                if verifying:
                    acts.do_verify_organization(request.user, org, form.cleaned_data["region"],
                                                form.cleaned_data["note"])
                    messages.success(request, _("%(name)s 已通过实名核验。") % {"name": org.name})
                else:
                    acts.do_reject_organization(request.user, org, form.cleaned_data["reason"])
                    messages.success(request, _("%(name)s 未通过实名核验。") % {"name": org.name})
            except acts.AccountRefused as exc:
                messages.error(request, str(exc))
            return redirect("organization-detail", org_id=org.pk)
        verify_form, reject_form = (form, reject_form) if verifying else (verify_form, form)
    suggested = acts.region_of_code(org.credit_code) if org.credit_code else None
    return render(request, "core/accounts/organization.html", {
        "org": org, "members": org.user_set.order_by("username"), "suggested": suggested,
        "verify_form": verify_form, "reject_form": reject_form})


# ---- the user's own profile and organisation ----------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    """The signed-in user's account and organisation; an organisation admin invites and revokes here."""
    user = request.user
    may_invite = acts.may_invite(user)
    invite_form, link = InviteForm(), ""
    if request.method == "POST":
        if not may_invite:
            raise PermissionDenied
        if "invitation" in request.POST:
            revoke = RevokeForm(request.POST)
            if revoke.is_valid():
                invitation = get_object_or_404(Invitation, pk=revoke.cleaned_data["invitation"],
                                               organization=user.organization_id)
                acts.do_revoke_invitation(user, invitation)
                messages.success(request, _("邀请已撤销。"))
            return redirect("profile")
        invite_form = InviteForm(request.POST)
        if invite_form.is_valid():
            token = acts.do_invite_colleague(user, invite_form.cleaned_data["email"])[1]
            link = request.build_absolute_uri(reverse("accept-invitation", args=[token]))
            invite_form = InviteForm()
    org = user.organization
    return render(request, "core/accounts/profile.html", {
        "org": org, "may_invite": may_invite, "invite_form": invite_form, "link": link, "days": acts.INVITATION_DAYS,
        "members": org.user_set.filter(is_active=True).order_by("username") if org else [],
        "invitations": _invitations(org) if may_invite else [],
        "can_apply": can(user, "services.apply"), "can_manage": can(user, "accounts.manage")})


def _invitations(org: Organization) -> list[dict[str, Any]]:
    now = timezone.now()
    return [{"invitation": i, "open": i.open_at(now)}
            for i in org.invitations.select_related("accepted_by", "created_by")[:50]]


urlpatterns = [
    path("profile/", profile, name="profile"),
    path("users/", user_list, name="user-list"),
    path("users/new/", user_create, name="user-create"),
    path("users/<int:user_id>/", user_detail, name="user-detail"),
    path("users/<int:user_id>/active/", user_active, name="user-active"),
    path("organizations/", organization_list, name="organization-list"),
    path("organizations/<int:org_id>/", organization_detail, name="organization-detail"),
]
