"""The office's own forms in the service hall: the guide of a service item (办事指南), the protection centre's technical
fields, and the indicator feed from the service records. Each is typed and checked here; a refusal re-renders the
page with 400, the typed values and each reason beside its field; the write is the page's do_* action."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhichan.indicators.forms import RegionField
from zhichan.services.actions import GUIDE_FIELDS
from zhichan.services.models import ServiceItem

LONG_TEXT = 2000  # what do_edit_guide keeps of a text column
ZH = {"lang": "zh-Hans"}  # the guide is written in Chinese whatever the interface language


class GuideForm(forms.Form):
    """Every field of GUIDE_FIELDS, labelled and bounded as its column."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in GUIDE_FIELDS:
            column = ServiceItem._meta.get_field(name)
            long = column.get_internal_type() == "TextField"
            widget = forms.Textarea(attrs={**ZH, "rows": 3}) if long else forms.TextInput(attrs=ZH)
            self.fields[name] = forms.CharField(label=column.verbose_name, required=False, widget=widget,
                                                max_length=LONG_TEXT if long else column.max_length)

    @classmethod
    def of(cls, item: ServiceItem) -> GuideForm:
        return cls(initial={name: getattr(item, name) for name in GUIDE_FIELDS})


class TechnicalFieldsForm(forms.Form):
    fields = forms.CharField(label=_("预审技术领域"), required=False, max_length=20000,
                             help_text=_("每行一个 IPC 分类号（任意层级，如 H01M 或 H01M10/052），可在空格后写名称。"),
                             widget=forms.Textarea(attrs={**ZH, "rows": 14, "id": "fields-text"}))


class FeedIndicatorsForm(forms.Form):
    """用办件数据生成指标填报: the region (a code, a name or a path) and the year whose service records count."""

    region = RegionField(nation=False, help_text="")
    year = forms.IntegerField(label=_("年份"), min_value=1985, max_value=2100,
                              widget=forms.NumberInput(attrs={"size": 5}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from zhichan.core.models import Region

        super().__init__(*args, **kwargs)
        cities = Region.objects.filter(level=Region.Level.CITY).order_by("code").values_list("code", "name")
        self.fields["region"].widget = forms.Select(choices=list(cities), attrs=ZH)

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if year > dt.date.today().year:
            raise forms.ValidationError(_("年份不能晚于今年（%(year)d）") % {"year": dt.date.today().year})
        return year
