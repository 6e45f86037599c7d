"""Forms of registration, invitations and the office's account pages. Each checks what the user typed (and keeps it
on error); the views hand the cleaned data to the actions in core/account_actions.py."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from zhichan.core import creditcode
from zhichan.core.account_actions import ACCOUNT_TYPES, organization_taken, username_taken
from zhichan.core.forms import DataSelect
from zhichan.core.models import Organization, Region, User
from zhichan.core.permissions import can

CREDIT_CODE_MESSAGES = {
    "length": _("统一社会信用代码应为 18 位，实为 %(length)d 位"),
    "charset": _("统一社会信用代码含有不允许的字符 %(characters)s（不使用 I、O、Z、S、V）"),
    "check": _("统一社会信用代码校验位错误：应为 %(expected)s，实为 %(found)s"),
}


def credit_code_message(exc: creditcode.CreditCodeError) -> str:
    """The refusal in the user's language (core/creditcode.py is pure and words it in Chinese)."""
    template = CREDIT_CODE_MESSAGES.get(exc.reason)
    return str(template) % exc.params if template is not None else str(exc)


class PersonForm(forms.Form):
    """Who the new user is and how they sign in; the password goes through the platform's validators."""

    name = forms.CharField(label=_("姓名"), max_length=150)
    email = forms.EmailField(label=_("电子邮箱"), help_text=_("用于找回密码和接收通知"))
    username = forms.CharField(label=_("用户名"), max_length=150, validators=[UnicodeUsernameValidator()],
                               help_text=_("字母、数字或 @ . + - _，登录时使用"))
    password1 = forms.CharField(label=_("密码"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))
    password2 = forms.CharField(label=_("确认密码"), strip=False,
                                widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}))

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if username_taken(username):
            raise ValidationError(_("该用户名已被使用"))
        return username

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("两次输入的密码不一致"))
        elif first:
            try:
                validate_password(first, User(username=data.get("username", ""), email=data.get("email", ""),
                                              first_name=data.get("name", "")))
            except ValidationError as exc:
                self.add_error("password1", exc)
        return data


class RegistrationForm(PersonForm):
    account_type = forms.ChoiceField(label=_("注册类型"), choices=[(t.code, t.label) for t in ACCOUNT_TYPES.values()])
    org_name = forms.CharField(label=_("机构名称"), max_length=200, required=False,
                               help_text=_("企业、高校、科研院所和服务机构填写，与营业执照或登记证书一致"))
    credit_code = forms.CharField(label=_("统一社会信用代码"), max_length=30, required=False,
                                  help_text=_("18 位，机构注册时填写"))

    field_order = ["account_type", "org_name", "credit_code", "name", "email", "username", "password1", "password2"]

    def clean_credit_code(self) -> str:
        raw = self.cleaned_data["credit_code"]
        if not raw.strip():
            return ""
        try:
            return creditcode.normalize(raw)
        except creditcode.CreditCodeError as exc:
            raise ValidationError(credit_code_message(exc)) from None

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = ACCOUNT_TYPES.get(data.get("account_type", ""))
        if kind is None or kind.org_kind is None:
            data["org_name"], data["credit_code"] = "", ""
            return data
        name = data.get("org_name", "").strip()
        if not name:
            self.add_error("org_name", _("请填写机构名称"))
        if "credit_code" in data and not data["credit_code"]:
            self.add_error("credit_code", _("请填写统一社会信用代码"))
        if name and data.get("credit_code"):
            taken = organization_taken(code=data["credit_code"])
            if taken:
                self.add_error("credit_code", taken)
            elif organization_taken(name=name):
                self.add_error("org_name", organization_taken(name=name))
        return data


def role_choices(actor: Any) -> list[tuple[str, Any]]:
    """The roles `actor` may give: 系统管理员 only by an administrator."""
    return [(value, label) for value, label in User.Role.choices
            if value != User.Role.ADMIN or can(actor, "users.manage")]


class UserChangeForm(forms.Form):
    """Role and organisation of a user; the roles offered are those the actor may grant."""

    role = forms.ChoiceField(label=_("角色"))
    organization = forms.ModelChoiceField(label=_("所属机构"), queryset=Organization.objects.order_by("name"),
                                          required=False, widget=DataSelect)
    is_org_admin = forms.BooleanField(label=_("机构管理员（可邀请同事）"), required=False)

    def __init__(self, actor: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = role_choices(actor)


class UserCreateForm(PersonForm, UserChangeForm):
    """A new user: the person's fields and their role and organisation."""

    field_order = [*PersonForm.base_fields, *UserChangeForm.base_fields]


class ActiveForm(forms.Form):
    active = forms.BooleanField(required=False, widget=forms.HiddenInput)


class VerifyForm(forms.Form):
    region = forms.CharField(label=_("所在地区"), max_length=60, required=False,
                             help_text=_("名称、路径（如 江苏省徐州市泉山区）或 6 位代码；留空则按信用代码的登记机关确定"))
    note = forms.CharField(label=_("核验意见"), max_length=300, required=False)

    def clean_region(self) -> Region | None:
        """The shared rule of region input (core.regions.resolve); never 全国."""
        from zhichan.core import region_lookup

        text = self.cleaned_data["region"].strip()
        if not text:
            return None
        try:
            return region_lookup.find_region(text, nation=False)
        except region_lookup.RegionNotFound as exc:
            raise ValidationError(str(exc)) from exc


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("不予通过的理由"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("同事的电子邮箱（可选）"), required=False)


class RevokeForm(forms.Form):
    invitation = forms.IntegerField(widget=forms.HiddenInput)
