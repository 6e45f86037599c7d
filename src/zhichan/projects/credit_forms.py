"""Forms of the serious dishonesty records (projects/credit_actions.py) and the call form with the rule that
requires none (``no_serious_dishonesty``, projects/eligibility.py)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhichan.core.forms import DataSelect
from zhichan.core.models import Organization
from zhichan.projects import forms as pf
from zhichan.projects.credit_models import DishonestyRecord
from zhichan.projects.models import Call

DATE = forms.DateInput(attrs={"type": "date"})


class DishonestyForm(forms.Form):
    organization = forms.ModelChoiceField(label=_("单位"), queryset=Organization.objects.order_by("name"),
                                          widget=DataSelect)
    source = forms.ChoiceField(label=_("来源"), choices=DishonestyRecord.Source.choices)
    list_name = forms.CharField(label=_("名单"), max_length=100, initial=_("严重违法失信名单"),
                                help_text=_("如 严重违法失信名单、失信被执行人"))
    document_number = forms.CharField(label=_("决定文书号"), max_length=100)
    listed_on = forms.DateField(label=_("列入日期"), widget=DATE)
    ends_on = forms.DateField(label=_("届满日期"), widget=DATE, required=False, help_text=_("名单公示的届满日期；留空为移出前一直有效"))
    reason = forms.CharField(label=_("列入事由"), max_length=2000, required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class RemoveForm(forms.Form):
    removed_on = forms.DateField(label=_("移出日期"), widget=DATE)
    note = forms.CharField(label=_("移出依据"), max_length=500)


class CallForm(pf.CallForm):
    """The call editor with the rule "no serious dishonesty record" placed after the credit grade."""

    no_serious_dishonesty = forms.BooleanField(
        label=_("无严重失信记录"), required=False,
        help_text=_("按知识产权局登记的信用中国、国家企业信用信息公示系统严重失信记录核查，记录有效期内不得申报"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        order = [n for n in self.fields if n != "no_serious_dishonesty"]
        at = order.index("min_grade") + 1 if "min_grade" in order else len(order)
        self.order_fields([*order[:at], "no_serious_dishonesty", *order[at:]])

    def values(self) -> dict[str, Any]:
        out = super().values()
        out["rules"] = {**out["rules"], "no_serious_dishonesty": self.cleaned_data["no_serious_dishonesty"]}
        return out

    @staticmethod
    def initial_from(call: Call) -> dict[str, Any]:
        return {**pf.CallForm.initial_from(call),
                "no_serious_dishonesty": bool((call.rules or {}).get("no_serious_dishonesty"))}
