"""The forms of the abnormal-application review: starting a scan (the settings as initial values), one form per
transition of the review (its declared fields; 规定第三条 as a choice; the exclusion from the indicators with a
conclusion of 非正常), and the exclusion changed later."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zhichan.agencies import abnormal_flow as flow
from zhichan.agencies.abnormal.candidates import ORDER_77_TYPES
from zhichan.core.workflow import machine as wf

TEXT_MAX = 20000


class ScanForm(forms.Form):
    threshold = forms.FloatField(label=_("相似度阈值"), min_value=0.05, max_value=1.0,
                                 help_text=_("字符片段集合的 Jaccard 相似度（默认取设置 ZHICHAN_ABNORMAL_THRESHOLD）"))
    shingle = forms.IntegerField(label=_("片段长度（字）"), min_value=2, max_value=8)
    detail = forms.IntegerField(label=_("保存并列记录的线索数"), min_value=-1, max_value=100000,
                                help_text=_("-1 表示全部"))
    signals = forms.MultipleChoiceField(label=_("只扫描这些信号"), required=False, widget=forms.CheckboxSelectMultiple,
                                        choices=[(s, s) for s in ORDER_77_TYPES], help_text=_("不选表示全部"))


class ReviewForm(forms.Form):
    """One transition of the review."""

    transition = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, machine: wf.Machine, name: str, data: Any = None) -> None:
        super().__init__(data, initial={"transition": name}, prefix=name)
        self.chosen = machine.transition(name)
        for field in self.chosen.fields:
            label = gettext(machine.fields.get(field, field))
            if field == "order_type":
                self.fields[field] = forms.ChoiceField(
                    label=label, choices=[("", "—"), *((k, gettext(v)) for k, v in flow.ORDER_77.items())])
            elif field == "applications":
                self.fields[field] = forms.CharField(label=label, max_length=TEXT_MAX,
                                                     widget=forms.Textarea(attrs={"rows": 2}),
                                                     help_text=_("逗号或换行分隔，须是这条线索中的申请号"))
            elif machine.kind_of(field) == wf.TEXT:
                self.fields[field] = forms.CharField(label=label, max_length=TEXT_MAX,
                                                     widget=forms.Textarea(attrs={"rows": 3}))
            else:
                self.fields[field] = forms.CharField(label=label, max_length=300)
        if name in ("conclude_abnormal", "conclude_partly"):
            self.fields["exclude"] = forms.BooleanField(
                label=_("这些申请不计入统计指标"), required=False,
                help_text=_("设置 ZHICHAN_INDICATORS_EXCLUDE_ABNORMAL 开启时，指标计算不计这些申请，并在结果中注明"))

    def values(self) -> dict[str, str]:
        return {k: v for k, v in self.cleaned_data.items() if k not in ("transition", "exclude")}


class ExclusionForm(forms.Form):
    excluded = forms.BooleanField(label=_("不计入统计指标"), required=False)
