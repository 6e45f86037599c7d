"""Forms of the risk-report pages: a new draft (subject and quarter), the recommendations, issuing."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zhichan.core.models import Organization
from zhichan.patents.models import SeiCategory
from zhichan.protection.report_actions import TEXT_MAX
from zhichan.protection.riskfigures import Quarter, previous_quarter
from zhichan.services.fieldrules import FieldError, ipc_symbol

QUARTERS_OFFERED = 8


def quarter_label(code: str) -> str:
    """The quarter in the reader's language (the DOCX keeps riskfigures' Chinese label)."""
    q = Quarter.parse(code)
    return gettext("%(year)s年第%(n)s季度") % {"year": q.year, "n": q.number}


def quarters(today: dt.date) -> list[tuple[str, str]]:
    """The current quarter and the seven before it, the one just ended first."""
    out, q = [], Quarter.of(today)
    for _n in range(QUARTERS_OFFERED):
        out.append((q.code, quarter_label(q.code)))
        q = previous_quarter(q.start)
    return out[1:] + out[:1]


class DraftForm(forms.Form):
    kind = forms.ChoiceField(label=_("报告类别"), choices=[("enterprise", _("企业")), ("industry", _("产业"))],
                             widget=forms.RadioSelect, initial="enterprise")
    organization = forms.ModelChoiceField(label=_("企业（有监测名单的单位）"), required=False,
                                          queryset=Organization.objects.none())
    name = forms.CharField(label=_("或重点企业名称"), max_length=200, required=False,
                           help_text=_("监测名单中的重点企业，未在平台登记单位的按名称统计"))
    area = forms.CharField(label=_("产业：IPC 领域"), max_length=40, required=False, help_text=_("如 H01M 或 B66C 23/00"))
    sei = forms.CharField(label=_("或战略性新兴产业分类代码"), max_length=20, required=False, help_text=_("如 1.5"))
    period = forms.ChoiceField(label=_("报告期（季度）"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = Organization.objects.filter(watch_lists__isnull=False) \
            .distinct().order_by("name")
        self.fields["period"].choices = quarters(timezone.localdate())

    def clean_area(self) -> str:
        text = self.cleaned_data["area"].strip()
        if not text:
            return ""
        try:
            return ipc_symbol(text)
        except FieldError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_sei(self) -> str:
        code = self.cleaned_data["sei"].strip()
        if code and not SeiCategory.objects.filter(code=code).exists():
            raise forms.ValidationError(_("没有这个战略性新兴产业分类代码"))
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("kind") == "enterprise" and not (data.get("organization") or (data.get("name") or "").strip()):
            raise forms.ValidationError(_("请选择企业或填写重点企业名称"))
        if data.get("kind") == "industry" and not (data.get("area") or data.get("sei")):
            raise forms.ValidationError(_("请填写 IPC 领域或战略性新兴产业分类代码"))
        return data


class RecommendationsForm(forms.Form):
    recommendations = forms.CharField(label=_("对策建议"), max_length=TEXT_MAX,
                                      widget=forms.Textarea(attrs={"rows": 12}),
                                      help_text=_("每行一条；发布后写入报告，不能再修改"))


class IssueForm(forms.Form):
    confirm = forms.BooleanField(label=_("确认发布（发布后企业用户可以查看和下载）"))
