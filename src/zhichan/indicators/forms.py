"""The settings of a computation as a form: the scope, the statistics date, the attribution rule and the high-value
settings. One form reads the dashboard's address (GET), the compute and publish buttons (POST) and writes the
clean address the dashboard is shown at (no CSRF token in it)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zhichan import conf
from zhichan.core.forms import DataSelect
from zhichan.core.models import Region
from zhichan.indicators import catalogue, compute, periods
from zhichan.patents import highvalue

DEFAULT_SCOPE = "320300"
FIELDS = ("city", "as_of", "attribution", "pledge_threshold", "ten_years_from", "sei_match")


def default_as_of() -> dt.date:
    """The end of last year: the statistics date of the yearly figures."""
    return dt.date(dt.date.today().year - 1, 12, 31)


class FigureSettingsForm(forms.Form):
    city = forms.CharField(label=_("地区"), max_length=6)
    as_of = forms.DateField(label=_("统计日"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    attribution = forms.ChoiceField(label=_("地区归属"), choices=[
        (compute.FIRST_HOLDER, _("第一权利人")), (compute.ALL_WHOLE, _("全部权利人（各计一件）")),
        (compute.ALL_FRACTIONAL, _("全部权利人（按份额）"))])
    pledge_threshold = forms.FloatField(label=_("较高质押金额（万元）"), min_value=0, max_value=10_000_000,
                                        widget=forms.NumberInput(attrs={"step": "any"}))
    ten_years_from = forms.ChoiceField(label=_("维持10年起算"), choices=[("filing", _("申请日")), ("grant", _("授权日"))])
    sei_match = forms.ChoiceField(label=_("战略性新兴产业按"), choices=[("any", _("任一分类号")), ("main", _("主分类号"))])

    @staticmethod
    def defaults() -> dict[str, Any]:
        hv = highvalue.Settings()
        return {"city": DEFAULT_SCOPE, "as_of": default_as_of().isoformat(), "attribution": compute.FIRST_HOLDER,
                "pledge_threshold": f"{hv.pledge_threshold_wan:g}", "ten_years_from": hv.ten_years_from,
                "sei_match": hv.sei_match}

    @classmethod
    def from_data(cls, data: Any) -> FigureSettingsForm:
        """Bound to the given values; a value not given takes its default (a bare /indicators/ is valid)."""
        given = {name: str(data.get(name)).strip() for name in FIELDS if str(data.get(name) or "").strip()}
        return cls({**cls.defaults(), **given})

    def clean_city(self) -> Region:
        code = self.cleaned_data["city"].strip()
        region = Region.objects.filter(code=code).first()
        if region is None:
            raise forms.ValidationError(_("没有这个地区"))
        return region

    def clean_as_of(self) -> dt.date:
        day = self.cleaned_data["as_of"]
        if not 1985 <= day.year <= 2100:
            raise forms.ValidationError(_("统计日应在 1985 年至 2100 年之间"))
        return day

    def chosen(self) -> dict[str, Any]:
        """The cleaned values; a field that is not valid takes its default (the page still shows figures, and the
        form says what was wrong)."""
        self.is_valid()
        fallback = FigureSettingsForm(self.defaults())
        fallback.is_valid()
        return {name: self.cleaned_data.get(name, fallback.cleaned_data.get(name)) for name in FIELDS}

    def region(self) -> Region:
        return self.chosen()["city"]

    def day(self) -> dt.date:
        return self.chosen()["as_of"]

    def settings(self) -> compute.Settings:
        c = self.chosen()
        return compute.Settings(c["attribution"], highvalue.Settings(float(c["pledge_threshold"]),
                                                                     c["ten_years_from"], c["sei_match"]),
                                bool(conf.value("ZHICHAN_INDICATORS_EXCLUDE_ABNORMAL")))

    def query(self) -> dict[str, str]:
        """The chosen values as the dashboard's address holds them."""
        c = self.chosen()
        return {"city": c["city"].code, "as_of": c["as_of"].isoformat(), "attribution": c["attribution"],
                "pledge_threshold": f"{float(c['pledge_threshold']):g}", "ten_years_from": c["ten_years_from"],
                "sei_match": c["sei_match"]}


class ReportForm(forms.Form):
    """A periodic report to generate: 2025Q4 (季度), 2025H1 (半年), 2025 (年度)."""

    period = forms.CharField(label=_("期间"), max_length=8, widget=forms.TextInput(
        attrs={"list": "periods", "placeholder": "2025Q4 / 2025H2 / 2025", "size": 10}))

    def clean_period(self) -> str:
        period = self.cleaned_data["period"].strip().upper()
        try:
            periods.parse(period)
        except ValueError:
            raise forms.ValidationError(_("期间格式应为 2025、2025H1 或 2025Q3")) from None
        return period


class DrilldownExportForm(forms.Form):
    """导出全部 on the drill-down page: the page's own address (its query string) says which records."""

    address = forms.CharField(max_length=2000, required=False, widget=forms.HiddenInput)

    def values(self) -> dict[str, str]:
        return {k: v for k, v in QueryDict(self.cleaned_data["address"]).items() if k != "page"}


# The office's entries on the population, reported-value, plan and award pages. Each is typed and checked here
# (a refusal re-renders the page with 400, the typed values and each reason beside its field); the write is the
# page's do_* action.

FIRST_YEAR, LAST_YEAR = 1949, 2100


def this_year() -> int:
    return dt.date.today().year


class RegionField(forms.CharField):
    """A region typed as a code, a name or a path (江苏省徐州市泉山区, "徐州市 泉山区"): the shared rule,
    core.regions.resolve. Cleans to the Region."""

    def __init__(self, *, nation: bool = True, **kwargs: Any) -> None:
        self.nation = nation
        kwargs.setdefault("label", _("地区"))
        kwargs.setdefault("max_length", 60)
        kwargs.setdefault("help_text", _("名称、路径（如 徐州市泉山区）或 6 位代码"))
        kwargs.setdefault("widget", forms.TextInput(attrs={"list": "region-options", "size": 16}))
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Region | None:
        from zhichan.core import region_lookup

        text = super().clean(value)
        if not text:
            return None
        try:
            return region_lookup.find_region(text, nation=self.nation)
        except region_lookup.RegionNotFound as exc:
            raise forms.ValidationError(str(exc)) from exc


class UploadForm(forms.Form):
    """A spreadsheet for the population or reported-value upload, or a plan import."""

    file = forms.FileField(label=_("文件"), widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.csv"}))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not str(upload.name or "").lower().endswith((".xlsx", ".xls", ".csv")):
            raise forms.ValidationError(_("只支持 xlsx、xls、csv 文件"))
        return upload


class PopulationForm(forms.Form):
    region = RegionField()
    year = forms.IntegerField(label=_("年份"), min_value=FIRST_YEAR, max_value=LAST_YEAR)
    persons = forms.IntegerField(label=_("常住人口（人）"), min_value=1, max_value=2_000_000_000,
                                 widget=forms.NumberInput(attrs={"inputmode": "numeric"}))
    source = forms.CharField(label=_("来源"), max_length=200, required=False,
                             widget=forms.TextInput(attrs={"placeholder": _("例如 2024 年统计年鉴")}))

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if year > this_year():
            raise forms.ValidationError(_("常住人口取自已出版的统计年鉴，年份不能晚于今年（%(year)d）") % {
                "year": this_year()})
        return year

    def clean(self) -> dict[str, Any]:
        """A district cannot hold more people than its city holds in the same year (when the city's is entered)."""
        from zhichan.indicators.models import Population

        data = super().clean()
        region, year, persons = data.get("region"), data.get("year"), data.get("persons")
        if region is not None and region.parent_id and year and persons:
            parent = Population.objects.filter(region_id=region.parent_id, year=year).first()
            if parent is not None and persons > parent.persons:
                self.add_error("persons", _("超过上级地区%(parent)s %(year)d 年的常住人口 %(persons)s 人") % {
                    "parent": parent.region.name, "year": year, "persons": f"{parent.persons:,}"})
        return data


class ReportedValueForm(forms.Form):
    indicator = forms.ModelChoiceField(label=_("指标"), queryset=None, to_field_name="code", widget=DataSelect,
                                       error_messages={"invalid_choice": _("请选择部门填报类指标")})  # a plan's own words
    region = RegionField()
    period = forms.CharField(label=_("期间"), max_length=8, help_text=_("2025、2025H1 或 2025Q3"),
                             widget=forms.TextInput(attrs={"size": 8}))
    value = forms.DecimalField(label=_("数值"), max_digits=18, decimal_places=4, min_value=0,
                               widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}))
    source_note = forms.CharField(label=_("来源说明"), max_length=300)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from zhichan.indicators.models import IndicatorDefinition

        super().__init__(*args, **kwargs)
        field = self.fields["indicator"]
        field.queryset = IndicatorDefinition.objects.filter(code__in=catalogue.reportable_codes())  # type: ignore[attr-defined]
        field.label_from_instance = lambda d: gettext("%(name)s（%(detail)s）") % {  # type: ignore[attr-defined]
            "name": d.name, "detail": d.unit_label}

    def clean_period(self) -> str:
        period = self.cleaned_data["period"].strip().upper()
        try:
            _kind, last_day, _label = periods.parse(period)
        except ValueError:
            raise forms.ValidationError(_("期间格式应为 2025、2025H1 或 2025Q3")) from None
        if not 1985 <= last_day.year <= this_year():
            raise forms.ValidationError(_("期间应在 1985 年至今年（%(year)d）之间") % {"year": this_year()})
        return period

    def clean_source_note(self) -> str:
        note = self.cleaned_data["source_note"].strip()
        if not note:
            raise forms.ValidationError(_("请说明数据来源"))
        return note

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        indicator, value = data.get("indicator"), data.get("value")
        if indicator is not None and value is not None and indicator.unit == "%" and value > 100:
            self.add_error("value", _("百分比不能超过 100"))
        return data


class BaselineForm(forms.Form):
    """基期 of one plan row: both the year and the value, or neither (clears it)."""

    item = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)
    year = forms.IntegerField(label=_("基期年份"), min_value=FIRST_YEAR, max_value=LAST_YEAR, required=False,
                              widget=forms.NumberInput(attrs={"size": 5}))
    value = forms.DecimalField(label=_("基期值"), max_digits=18, decimal_places=4, required=False,
                               widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal", "size": 8}))

    def __init__(self, plan: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["item"].queryset = plan.items.select_related("indicator")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        year, value = data.get("year"), data.get("value")
        if "year" in data and "value" in data and (year is None) != (value is None):
            self.add_error("year" if year is None else "value", _("基期年份和基期值须同时填写（都不填则清除基期）"))
        if year is not None and year > self.plan.end_year:
            self.add_error("year", _("基期年份不能晚于规划的最后一年（%(year)d）") % {"year": self.plan.end_year})
        return data


class AwardForm(forms.Form):
    """中国专利奖 or a national science and technology award of one patent (high-value criterion 5)."""

    name = forms.CharField(label=_("奖项"), max_length=200,
                           widget=forms.TextInput(attrs={"placeholder": _("例如 第二十四届中国专利奖银奖")}))
    year = forms.IntegerField(label=_("年度"), min_value=1985, max_value=LAST_YEAR)

    def __init__(self, application: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.application = application

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("请填写奖项名称"))
        return name

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if year > this_year():
            raise forms.ValidationError(_("年度不能晚于今年（%(year)d）") % {"year": this_year()})
        filed = getattr(self.application, "filing_date", None)
        if filed is not None and year < filed.year:
            raise forms.ValidationError(_("年度早于申请年（%(year)d）：专利获奖不会早于申请") % {"year": filed.year})
        return year


class PlanImportForm(UploadForm):
    name = forms.CharField(label=_("规划名称"), max_length=200)
    region = RegionField(nation=False)
    field_order = ["name", "region", "file"]

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("请填写规划名称"))
        return name


class ApproveForm(forms.Form):
    id = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from zhichan.indicators.models import ReportedValue

        super().__init__(*args, **kwargs)
        self.fields["id"].queryset = ReportedValue.objects.all()  # type: ignore[attr-defined]


class PublicToggleForm(forms.Form):
    """指标目录: show an indicator on the public statistics page, or stop showing it."""

    code = forms.ModelChoiceField(queryset=None, to_field_name="code", widget=forms.HiddenInput)
    public = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1",
                                    widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from zhichan.indicators.models import IndicatorDefinition

        super().__init__(*args, **kwargs)
        self.fields["code"].queryset = IndicatorDefinition.objects.all()  # type: ignore[attr-defined]
