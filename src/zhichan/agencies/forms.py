"""Forms of the agency pages: each POST is one of these, cleaned here, handed to a do_* action; on an error the
page is shown again with what was typed."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhichan.agencies.models import Agency, CreditRule
from zhichan.core import creditcode


class DataSelect(forms.Select):
    """A select whose options are data (agency names, the rule table's labels): marked as Chinese for the reader
    and tests/test_english.py, as `|zh` marks data in templates."""

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        if option["value"] not in ("", None):
            option["attrs"]["lang"] = "zh-Hans"
        return option


GRADE_CHOICES = [("", _("全部等级")), ("A+", "A+"), ("A", "A"), ("B", "B"), ("C", "C"), ("D", "D")]
SECTION_CHOICES = [("", _("全部技术领域")), ("A", _("A 人类生活必需")), ("B", _("B 作业；运输")),
                   ("C", _("C 化学；冶金")), ("D", _("D 纺织；造纸")), ("E", _("E 固定建筑物")),
                   ("F", _("F 机械工程；照明；加热；武器；爆破")), ("G", _("G 物理")), ("H", _("H 电学"))]


class DirectoryFilter(forms.Form):
    q = forms.CharField(label=_("机构名称"), required=False, max_length=100)
    field = forms.ChoiceField(label=_("技术领域"), required=False, choices=SECTION_CHOICES)
    grade = forms.ChoiceField(label=_("信用等级"), required=False, choices=GRADE_CHOICES)


class AgencyForm(forms.ModelForm):
    partners_text = forms.CharField(label=_("合伙人或股东"), required=False, max_length=1000,
                                    help_text=_("以顿号或逗号分隔"))

    class Meta:
        model = Agency
        fields = ["name", "credit_code", "licence_number", "form", "address", "head", "established_on",
                  "licensed_on"]
        widgets = {"head": DataSelect, "established_on": forms.DateInput(attrs={"type": "date"}),
                   "licensed_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["partners_text"].initial = "、".join(self.instance.partners or [])

    def clean_credit_code(self) -> str | None:
        value = self.cleaned_data.get("credit_code") or ""
        if not value.strip():
            return None
        try:
            return creditcode.normalize(value)
        except creditcode.CreditCodeError as exc:
            raise forms.ValidationError(str(exc)) from exc

    def clean_licence_number(self) -> str | None:
        return (self.cleaned_data.get("licence_number") or "").strip() or None

    def values(self) -> dict[str, Any]:
        import re

        data = {k: self.cleaned_data[k] for k in self.Meta.fields}
        data["partners"] = [p.strip() for p in re.split(r"[、,，;；]", self.cleaned_data["partners_text"]) if p.strip()]
        return data


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), choices=Agency.Status.choices)
    effective_on = forms.DateField(label=_("生效日期"), widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("停止承接新业务至"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("原因"), max_length=300)
    decision = forms.CharField(label=_("决定文号"), max_length=100, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("status") == Agency.Status.SUSPENDED and not data.get("until"):
            self.add_error("until", _("停止承接新业务须写明截止日期"))
        if data.get("until") and data.get("effective_on") and data["until"] <= data["effective_on"]:
            self.add_error("until", _("截止日期应晚于生效日期"))
        return data


class AliasForm(forms.Form):
    name = forms.CharField(label=_("专利上的机构名称"), max_length=200)


class EventForm(forms.Form):
    code = forms.ChoiceField(label=_("事项"), widget=DataSelect)
    occurred_on = forms.DateField(label=_("发生日期"), widget=forms.DateInput(attrs={"type": "date"}))
    points = forms.DecimalField(label=_("分值（不填按规则）"), required=False, min_value=0, max_value=100,
                                decimal_places=1)
    evidence = forms.CharField(label=_("证据及来源"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    public = forms.BooleanField(label=_("公示"), required=False, initial=True)

    def __init__(self, *args: Any, rules: list[CreditRule] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [(r.code, f"{r.label}（{r.points}）") for r in rules or []]


class ImportForm(forms.Form):
    file = forms.FileField(label=_("名录文件（XLSX 或 CSV）"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("只接受 .xlsx 或 .csv 文件"))
        return upload


INT_MAX = 2**31 - 1  # the columns' range: a larger number is the form's error, not the database's


class AnnualReportForm(forms.Form):
    year = forms.IntegerField(label=_("报告年度"), min_value=2000, max_value=2100)
    staff = forms.IntegerField(label=_("从业人员"), min_value=0, max_value=INT_MAX)
    practitioners = forms.IntegerField(label=_("专利代理师人数"), min_value=0, max_value=INT_MAX)
    revenue_wan = forms.DecimalField(label=_("营业收入（万元）"), min_value=Decimal(0), decimal_places=2,
                                     max_digits=14)
    filings = forms.IntegerField(label=_("代理专利申请量"), min_value=0, max_value=INT_MAX)
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           max_length=5000)


class CaseOpenForm(forms.Form):
    kind = forms.ChoiceField(label=_("申请"), choices=[("objection", _("信用异议")), ("repair", _("信用修复"))])
    event = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(label=_("理由或整改情况"), widget=forms.Textarea(attrs={"rows": 4}), max_length=20000)


class CaseStepForm(forms.Form):
    transition = forms.CharField(widget=forms.HiddenInput, max_length=40)
    text = forms.CharField(label=_("说明或决定"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           max_length=20000)


class RuleVersionForm(forms.Form):
    title = forms.CharField(label=_("名称"), max_length=200)
    effective_from = forms.DateField(label=_("施行日期"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)


class RuleForm(forms.Form):
    code = forms.SlugField(label=_("代码"), max_length=40)
    label = forms.CharField(label=_("事项"), max_length=200)
    points = forms.DecimalField(label=_("分值（扣分为负）"), min_value=-100, max_value=100, decimal_places=1)
    cap = forms.DecimalField(label=_("上限"), required=False, min_value=0, max_value=100, decimal_places=1)
    term_months = forms.IntegerField(label=_("有效期（月）"), required=False, min_value=1, max_value=600)
    source = forms.CharField(label=_("依据"), required=False, max_length=200)
    public = forms.BooleanField(label=_("公示"), required=False, initial=True)


class GradesForm(forms.Form):
    period = forms.IntegerField(label=_("评价年度"), min_value=2000, max_value=2100)


class FeedForm(forms.Form):
    """The region (6-digit code or name) and year whose service-industry figures feed the plans' indicators."""

    region = forms.CharField(label=_("地区"), max_length=50, initial="全国")
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)

    def clean_region(self) -> Any:
        from zhichan.core.models import Region

        wanted = self.cleaned_data["region"].strip()
        region = Region.objects.filter(code=wanted).first() or Region.objects.filter(name=wanted).order_by(
            "level").first()
        if region is None:
            raise forms.ValidationError(_("没有这个地区"))
        return region
