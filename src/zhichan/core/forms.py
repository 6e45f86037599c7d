"""Forms of the core pages. Each form that writes hands its cleaned data to a do_* action."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from zhichan.core.actions import do_set_password


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    def save(self, commit: bool = True) -> Any:
        return do_set_password(self.user, self.user, self.cleaned_data["new_password1"], via="change")


class SetPasswordForm(auth_forms.SetPasswordForm):
    """The form behind a password-reset link: the link's token proved who the user is."""

    def save(self, commit: bool = True) -> Any:
        return do_set_password(self.user, self.user, self.cleaned_data["new_password1"], via="reset")


class UnlockForm(forms.Form):
    username = forms.CharField(label=_("用户名"), max_length=150)


class ResumeJobForm(forms.Form):
    """A button only: the job is in the URL, the CSRF token in the form."""


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files under one name (`files`); the list may be empty."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class DataSelect(forms.Select):
    """A choice among data (organisations, regions, indicators named by a plan's own words): an option whose label
    is Chinese is marked lang="zh-Hans", so that it reads as data on a page in another language."""

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        if any("\u3400" <= ch <= "\u9fff" for ch in str(option["label"])) and not (get_language() or "zh").startswith("zh"):
            option["attrs"]["lang"] = "zh-Hans"
        return option
