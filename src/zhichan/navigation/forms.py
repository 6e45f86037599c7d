"""Forms of the navigation pages. Each form that writes hands its cleaned data to a do_* action."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from zhichan.navigation.report import FORMATS


class ReportForm(forms.Form):
    """A report of a database version (the latest when none is given), or of one branch of it."""

    format = forms.ChoiceField(label=_("格式"), choices=[(f, f.upper()) for f in FORMATS])
    version = forms.IntegerField(label=_("数据版本"), min_value=1, required=False)
    branch = forms.CharField(label=_("技术分支"), max_length=20, required=False)


class SearchReportForm(forms.Form):
    """A report of every record a search finds."""

    format = forms.ChoiceField(label=_("格式"), choices=[(f, f.upper()) for f in FORMATS])
    q = forms.CharField(label=_("检索式"), max_length=2000)
    home = forms.CharField(label=_("本地区"), max_length=12, required=False)
