"""Forms of the core pages. Each form that writes hands its cleaned data to a do_* action."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
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
