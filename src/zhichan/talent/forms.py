"""Forms of the talent pages (the actions' reasons put back beside their fields, 400)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhichan.core.forms import DataSelect
from zhichan.core.models import Organization
from zhichan.talent.models import Person, Qualification

SHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".csv"}


class PersonForm(forms.Form):
    kind = forms.ChoiceField(label=_("人才类别"), choices=Person.Kind.choices)
    name = forms.CharField(label=_("姓名"), max_length=50)
    organization = forms.ModelChoiceField(label=_("单位"), queryset=Organization.objects.order_by("name"),
                                          required=False, widget=DataSelect)
    organization_name = forms.CharField(label=_("工作单位"), max_length=200, required=False,
                                        help_text=_("单位未在平台登记时填写"))
    title = forms.CharField(label=_("职称或职务"), max_length=100, required=False)
    fields = forms.CharField(label=_("专业领域"), max_length=300, required=False)
    qualifications = forms.CharField(label=_("资质与证书（其他说明）"), max_length=4000, required=False,
                                     widget=forms.Textarea(attrs={"rows": 4}),
                                     help_text=_("资格证书请在人员页面逐项登记（类别、编号、发证机关、有效期）"))

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


QUALIFICATION_CHOICES = [("", _("全部")), *Qualification.Kind.choices]


class FilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("人才类别"), choices=[("", _("全部")), *Person.Kind.choices], required=False)
    qualification = forms.ChoiceField(label=_("资格类别"), choices=QUALIFICATION_CHOICES, required=False)
    q = forms.CharField(label=_("姓名或单位"), max_length=100, required=False)


class EntryFilterForm(forms.Form):
    """人才清单 entries by a qualification the person holds (any, or only those not expired)."""

    qualification = forms.ChoiceField(label=_("资格类别"), choices=QUALIFICATION_CHOICES, required=False)
    valid = forms.BooleanField(label=_("仅有效期内"), required=False)


class QualificationForm(forms.Form):
    kind = forms.ChoiceField(label=_("资格类别"), choices=Qualification.Kind.choices)
    name = forms.CharField(label=_("资格名称"), max_length=100, required=False, help_text=_("类别为“其他”时填写"))
    number = forms.CharField(label=_("证书编号"), max_length=60, required=False)
    issuer = forms.CharField(label=_("发证机关"), max_length=100, required=False)
    valid_from = forms.DateField(label=_("有效期起"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    valid_to = forms.DateField(label=_("有效期至"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
                               help_text=_("长期有效的留空"))


class ImportForm(forms.Form):
    file = forms.FileField(label=_("人才清单表格"), help_text=_(
        "XLSX 或 CSV；第 1 行为表头：姓名（必填），人才类别、工作单位、职称或职务、专业领域、资格类别、证书编号、发证机关、"
        "有效期起、有效期至、备注（可选）。重复导入不会重复添加。"))

    def clean_file(self) -> Any:
        from pathlib import Path

        upload = self.cleaned_data["file"]
        if Path(upload.name or "").suffix.lower() not in SHEET_SUFFIXES:
            raise forms.ValidationError(_("请上传 XLSX 或 CSV 文件"))
        return upload
