"""The forms of the 双随机、一公开 pages: every POST goes through one of these."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from zhichan.agencies.inspection_actions import DEFAULT_WEIGHTS, INSPECTOR_ROLES
from zhichan.agencies.inspection_models import Inspection, InspectionPlan, Recusal
from zhichan.agencies.models import Agency

WEIGHT_FIELDS = {"w_aplus": "A+", "w_a": "A", "w_b": "B", "w_c": "C", "w_d": "D", "w_none": ""}


class DateInput(forms.DateInput):
    input_type = "date"


WEIGHT_MAX = 1000  # a relative weight; 1e400 would be an infinite float, not JSON


class PlanForm(forms.Form):
    name = forms.CharField(label=_("计划名称"), max_length=200)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    ratio_percent = forms.DecimalField(label=_("抽查比例（%）"), min_value=Decimal("0.01"), max_value=Decimal(100),
                                       decimal_places=2)
    per_object = forms.IntegerField(label=_("每个对象的检查人员数"), min_value=1, max_value=10, initial=2,
                                    help_text=_("双随机抽查每个对象不少于 2 名检查人员"))
    publish_by = forms.DateField(label=_("结果公开期限"), widget=DateInput)
    object_kinds = forms.MultipleChoiceField(label=_("抽查对象类型"), choices=InspectionPlan.OBJECT_KINDS,
                                             required=False, widget=forms.CheckboxSelectMultiple,
                                             help_text=_("不选即全部"))
    regions = forms.CharField(label=_("地区代码"), max_length=200, required=False,
                              help_text=_("行政区划代码，多个用逗号分隔，如 320300；不填即全部"))
    statuses = forms.MultipleChoiceField(label=_("机构状态"), choices=Agency.Status.choices, required=False,
                                         widget=forms.CheckboxSelectMultiple, help_text=_("不选即全部"))
    w_aplus = forms.DecimalField(label=_("A+ 级权重"), min_value=0, max_value=WEIGHT_MAX, initial=DEFAULT_WEIGHTS["A+"])
    w_a = forms.DecimalField(label=_("A 级权重"), min_value=0, max_value=WEIGHT_MAX, initial=DEFAULT_WEIGHTS["A"])
    w_b = forms.DecimalField(label=_("B 级权重"), min_value=0, max_value=WEIGHT_MAX, initial=DEFAULT_WEIGHTS["B"])
    w_c = forms.DecimalField(label=_("C 级权重"), min_value=0, max_value=WEIGHT_MAX, initial=DEFAULT_WEIGHTS["C"])
    w_d = forms.DecimalField(label=_("D 级权重"), min_value=0, max_value=WEIGHT_MAX, initial=DEFAULT_WEIGHTS["D"])
    w_none = forms.DecimalField(label=_("未评级权重"), min_value=0, max_value=WEIGHT_MAX, initial=DEFAULT_WEIGHTS[""])

    def clean_regions(self) -> list[str]:
        codes = [c.strip() for c in self.cleaned_data["regions"].replace("，", ",").split(",") if c.strip()]
        bad = [c for c in codes if not (c.isdigit() and len(c) == 6)]
        if bad:
            raise forms.ValidationError(_("行政区划代码应为 6 位数字：%(codes)s") % {"codes": "、".join(bad)})
        return codes

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"name": data["name"], "year": data["year"], "ratio": data["ratio_percent"] / 100,
                "per_object": data["per_object"], "publish_by": data["publish_by"],
                "object_kinds": data["object_kinds"], "regions": data["regions"], "statuses": data["statuses"],
                "weights": {grade: float(data[f]) for f, grade in WEIGHT_FIELDS.items()}}


class DrawForm(forms.Form):
    seed = forms.RegexField(label=_("随机种子"), regex=r"^[0-9A-Za-z_-]{1,64}$", required=False,
                            help_text=_("不填则随机生成；种子与抽取结果一并记录和公开，任何人可以用它重新抽取核对"))


class ConfirmForm(forms.Form):
    """A POST with nothing to fill in (公开结果): the CSRF token is all it carries."""


class FindingsForm(forms.Form):
    CHOICES = [(v, label) for v, label in Inspection.Result.choices
               if v in {"no_problem", "rectify", "referred", "unreachable"}]
    findings = forms.CharField(label=_("检查情况"), max_length=20000, widget=forms.Textarea(attrs={"rows": 5}))
    result = forms.ChoiceField(label=_("检查结果"), choices=CHOICES)
    inspected_on = forms.DateField(label=_("检查日期"), widget=DateInput)


class RectificationForm(forms.Form):
    CHOICES = [("", _("尚无结果")), *((v, label) for v, label in Inspection.Result.choices
                                      if v in {"rectified", "not_rectified", "referred"})]
    due = forms.DateField(label=_("整改期限"), widget=DateInput, required=False)
    rectification = forms.CharField(label=_("整改情况"), max_length=20000, required=False,
                                    widget=forms.Textarea(attrs={"rows": 3}))
    result = forms.ChoiceField(label=_("整改结果"), choices=CHOICES, required=False)


def _eligible() -> Any:
    return get_user_model().objects.filter(is_active=True, role__in=INSPECTOR_ROLES).order_by("username")


class PoolForm(forms.Form):
    """Add a user to the inspector pool, or take one out (`remove`)."""

    user = forms.ModelChoiceField(label=_("工作人员"), queryset=_eligible(), to_field_name="username")
    note = forms.CharField(label=_("说明"), max_length=200, required=False)
    remove = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = _eligible()  # type: ignore[attr-defined]


class RecusalForm(forms.Form):
    inspector = forms.ModelChoiceField(label=_("检查人员"), queryset=_eligible(), to_field_name="username")
    agency = forms.CharField(label=_("机构名称"), max_length=200)
    reason = forms.ChoiceField(label=_("回避原因"), choices=Recusal.Reason.choices)
    note = forms.CharField(label=_("说明"), max_length=300, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["inspector"].queryset = _eligible()  # type: ignore[attr-defined]

    def clean_agency(self) -> Agency:
        agency = Agency.objects.filter(name=self.cleaned_data["agency"].strip()).first()
        if agency is None:
            raise forms.ValidationError(_("没有这个专利代理机构（请填写登记名称）"))
        return agency


class DeclareForm(forms.Form):
    """An inspector declares their own conflict with an agency (本人申报的利害关系)."""

    agency = forms.CharField(label=_("机构名称"), max_length=200)
    note = forms.CharField(label=_("利害关系"), max_length=300)

    def clean_agency(self) -> Agency:
        agency = Agency.objects.filter(name=self.cleaned_data["agency"].strip()).first()
        if agency is None:
            raise forms.ValidationError(_("没有这个专利代理机构（请填写登记名称）"))
        return agency
