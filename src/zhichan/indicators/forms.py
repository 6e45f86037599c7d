"""The settings of a computation as a form: the scope, the statistics date, the attribution rule and the high-value
settings. One form reads the dashboard's address (GET), the compute and publish buttons (POST) and writes the
clean address the dashboard is shown at (no CSRF token in it)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from zhichan.core.models import Region
from zhichan.indicators import compute, periods
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
                                                                     c["ten_years_from"], c["sei_match"]))

    def query(self) -> dict[str, str]:
        """The chosen values as the dashboard's address holds them."""
        c = self.chosen()
        return {"city": c["city"].code, "as_of": c["as_of"].isoformat(), "attribution": c["attribution"],
                "pledge_threshold": f"{float(c['pledge_threshold']):g}", "ten_years_from": c["ten_years_from"],
                "sei_match": c["sei_match"]}


class ReportForm(forms.Form):
    """A periodic report to generate: 2025Q4 (季度), 2025H1 (半年), 2025 (年度)."""

    period = forms.CharField(label=_("期间"), max_length=8)

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
