"""Forms of the talent pages (the actions' reasons put back beside their fields, 400)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhichan.core.forms import DataSelect
from zhichan.core.models import Organization
from zhichan.talent.models import Person


class PersonForm(forms.Form):
    kind = forms.ChoiceField(label=_("人才类别"), choices=Person.Kind.choices)
    name = forms.CharField(label=_("姓名"), max_length=50)
    organization = forms.ModelChoiceField(label=_("单位"), queryset=Organization.objects.order_by("name"),
                                          required=False, widget=DataSelect)
    organization_name = forms.CharField(label=_("工作单位"), max_length=200, required=False,
                                        help_text=_("单位未在平台登记时填写"))
    title = forms.CharField(label=_("职称或职务"), max_length=100, required=False)
    fields = forms.CharField(label=_("专业领域"), max_length=300, required=False)
    qualifications = forms.CharField(label=_("资质与证书"), max_length=4000, required=False,
                                     widget=forms.Textarea(attrs={"rows": 4}))

    @classmethod
    def initial_from(cls, person: Person) -> dict[str, Any]:
        return {name: getattr(person, name) for name in cls.base_fields}


class OwnForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50)
    title = forms.CharField(label=_("职称或职务"), max_length=100, required=False)
    fields = forms.CharField(label=_("专业领域"), max_length=300, required=False)
    qualifications = forms.CharField(label=_("资质与证书"), max_length=4000, required=False,
                                     widget=forms.Textarea(attrs={"rows": 4}),
                                     help_text=_("如企业知识产权管理体系内审员、专利代理师资格、知识产权师职称"))


class ListForm(forms.Form):
    name = forms.CharField(label=_("清单名称"), max_length=200)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, required=False)
    description = forms.CharField(label=_("说明"), max_length=4000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))


class EntryForm(forms.Form):
    person = forms.ModelChoiceField(label=_("人员"), queryset=Person.objects.order_by("name"), widget=DataSelect)
    note = forms.CharField(label=_("备注"), max_length=500, required=False)


class FilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("人才类别"), choices=[("", _("全部")), *Person.Kind.choices], required=False)
    q = forms.CharField(label=_("姓名或单位"), max_length=100, required=False)
