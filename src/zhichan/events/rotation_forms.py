"""Forms of the 轮训 pages: the plan (typed, validated, input kept on error) and the cycle shown."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhichan.core.forms import DataSelect
from zhichan.core.models import Region
from zhichan.events.models import RotationPlan
from zhichan.events.rotation import MAX_MONTHS


def _talent_lists() -> Any:
    from zhichan.talent.models import TalentList

    return TalentList.objects.order_by("-year", "name")


class PlanForm(forms.Form):
    name = forms.CharField(label=_("轮训计划名称"), max_length=200)
    audience = forms.ChoiceField(label=_("轮训对象"), choices=RotationPlan.Audience.choices)
    region = forms.ModelChoiceField(label=_("地区"), queryset=Region.objects.filter(level__gte=1).order_by("code"),
                                    widget=DataSelect, help_text=_("按该地区下各区县分别统计覆盖情况"))
    talent_list = forms.ModelChoiceField(label=_("限定人才清单（可选）"), queryset=_talent_lists(), required=False,
                                         widget=DataSelect, help_text=_("如重点企业知识产权管理人员名单；留空为全部对象"))
    starts_on = forms.DateField(label=_("第一轮开始日期"), widget=forms.DateInput(attrs={"type": "date"}))
    months = forms.IntegerField(label=_("轮训周期（月）"), min_value=1, max_value=MAX_MONTHS, initial=12)
    min_hours = forms.DecimalField(label=_("每轮最少学时（可选）"), required=False, min_value=0.5, max_value=999,
                                   max_digits=4, decimal_places=1, help_text=_("留空：本轮参加过一次有学时的培训即算已轮训"))
    note = forms.CharField(label=_("说明"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["talent_list"].queryset = _talent_lists()  # read when the form is made, not at import

    @staticmethod
    def initial_from(plan: RotationPlan) -> dict[str, Any]:
        return {"name": plan.name, "audience": plan.audience, "region": plan.region_id,
                "talent_list": plan.talent_list_id, "starts_on": plan.starts_on, "months": plan.months,
                "min_hours": plan.min_hours, "note": plan.note}


class CycleForm(forms.Form):
    cycle = forms.IntegerField(min_value=1, max_value=1000, required=False)
