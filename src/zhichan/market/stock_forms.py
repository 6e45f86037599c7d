"""Forms of 存量专利盘活: the stock spreadsheet, the self-rating, the enterprise's answer, the list's filters."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhichan.market.models import StockPatent, StockPush

TRL_CHOICES = [("", "—"), *((str(n), f"TRL {n}") for n in range(1, 10))]
SHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".csv"}


class StockFileForm(forms.Form):
    file = forms.FileField(label=_("存量专利表格"), help_text=_(
        "XLSX 或 CSV；第 1 行为表头：申请号（必填），前景（1–5）、成熟度（TRL 1–9）、备注（可选）"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if Path(upload.name or "").suffix.lower() not in SHEET_SUFFIXES:
            raise forms.ValidationError(_("请上传 XLSX 或 CSV 文件"))
        return upload


class RatingForm(forms.Form):
    prospects = forms.TypedChoiceField(label=_("前景自评"), coerce=int, empty_value=None, required=False,
                                       choices=[("", "—"), *StockPatent.Prospects.choices])
    trl = forms.TypedChoiceField(label=_("技术成熟度（TRL）"), coerce=int, empty_value=None, required=False,
                                 choices=TRL_CHOICES)
    note = forms.CharField(label=_("备注"), max_length=500, required=False)


class AnswerForm(forms.Form):
    interest = forms.ChoiceField(label=_("意向"), choices=[(StockPush.Interest.INTERESTED, _("有意向")),
                                                         (StockPush.Interest.DECLINED, _("无意向"))])
    reason = forms.ChoiceField(label=_("原因"), choices=StockPush.Reason.choices)
    note = forms.CharField(label=_("说明"), max_length=500, required=False)


class StockFilterForm(forms.Form):
    q = forms.CharField(label=_("申请号或名称"), max_length=100, required=False)
    grade = forms.ChoiceField(label=_("分级"), required=False, choices=[("", _("全部")), *((g, g) for g in "ABCD")])
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部")), *StockPatent.Status.choices])
