"""Forms of the training pages: the year of a 学时 page, the public verification code, the indicator feed."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhichan.core.forms import DataSelect
from zhichan.core.models import Region


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, required=False)

    def year_or_now(self) -> int:
        if self.is_valid() and self.cleaned_data["year"]:
            return self.cleaned_data["year"]
        return timezone.localdate().year


class VerifyForm(forms.Form):
    code = forms.RegexField(label=_("验证码"), regex=r"^[A-Za-z0-9]{12}$", max_length=12,
                            error_messages={"invalid": _("验证码为 12 位字母和数字")})


class FeedForm(forms.Form):
    region = forms.ModelChoiceField(label=_("地区"), queryset=Region.objects.order_by("code"), widget=DataSelect)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
