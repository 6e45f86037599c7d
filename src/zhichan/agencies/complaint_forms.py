"""The forms of the 投诉举报 pages: the public form, the follow-up by number and query code, and one form per
transition of the office's handling (its declared fields only)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zhichan.agencies.complaint_models import Complaint
from zhichan.core.workflow import machine as wf

TEXT_MAX = 20000


class ComplaintForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=Complaint.Kind.choices, widget=forms.RadioSelect,
                             initial=Complaint.Kind.COMPLAINT,
                             help_text=_("投诉：本人权益受到损害；举报：反映违法违规行为"))
    subject = forms.CharField(label=_("被投诉举报的机构"), max_length=200,
                              widget=forms.TextInput(attrs={"list": "subject-names", "autocomplete": "off"}),
                              help_text=_("专利代理机构或其他知识产权服务机构的名称"))
    description = forms.CharField(label=_("事实和理由"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 8}))
    contact_name = forms.CharField(label=_("联系人"), max_length=50, required=False,
                                   help_text=_("可以不填（匿名）；匿名时请保存提交后显示的查询码"))
    contact = forms.CharField(label=_("联系电话或电子邮箱"), max_length=100, required=False)
    def clean_description(self) -> str:
        text = self.cleaned_data["description"].strip()
        if len(text) < 10:
            raise forms.ValidationError(_("请具体说明事实和理由（至少 10 个字）"))
        return text


class FollowForm(forms.Form):
    number = forms.CharField(label=_("编号"), max_length=30)
    code = forms.CharField(label=_("查询码"), max_length=40)


class ComplaintActionForm(forms.Form):
    """One transition of a complaint: its declared fields, the 承办人 as a choice of the handlers, and for 查实
    of a complaint against a registered agency the credit rule it falls under."""

    transition = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, machine: wf.Machine, name: str, data: Any = None, *, handlers: Iterable[str] = (),
                 credit_codes: Iterable[tuple[str, str]] = (), with_credit: bool = False) -> None:
        super().__init__(data, initial={"transition": name}, prefix=name)
        self.chosen = machine.transition(name)
        for field in self.chosen.fields:
            label = gettext(machine.fields.get(field, field))
            if machine.kind_of(field) == wf.STAFF_MEMBER:
                self.fields[field] = forms.ChoiceField(label=label, choices=[("", "—"), *((h, h) for h in handlers)])
            elif machine.kind_of(field) == wf.TEXT:
                self.fields[field] = forms.CharField(label=label, max_length=TEXT_MAX,
                                                     widget=forms.Textarea(attrs={"rows": 3}))
            else:
                self.fields[field] = forms.CharField(label=label, max_length=300)
        if with_credit and name == "substantiate":
            self.fields["credit_code"] = forms.ChoiceField(
                label=_("计入信用档案的事项"), choices=[("", "—"), *credit_codes],
                help_text=_("按现行专利代理信用评价规则记录扣分事项"))

    def values(self) -> dict[str, str]:
        return {k: v for k, v in self.cleaned_data.items() if k != "transition"}


class LinkForm(forms.Form):
    """The registered agency or service organisation a complaint is about, by its registered name."""

    link = forms.CharField(label=_("登记名称"), max_length=200,
                           help_text=_("专利代理机构或服务机构的登记名称；只有关联到专利代理机构的，查实后才计入信用档案"))
