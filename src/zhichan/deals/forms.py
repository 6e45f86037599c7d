"""The deals pages' forms: typed fields, the action's refusals put back beside their fields (400)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhichan.core.forms import DataSelect
from zhichan.core.models import Organization
from zhichan.deals import rules
from zhichan.deals.models import Deal
from zhichan.indicators.forms import RegionField
from zhichan.patents.models import Application
from zhichan.patents.numbers import NumberError, parse_application_number

DATE = forms.DateInput(attrs={"type": "date"})


class DealForm(forms.Form):
    kind = forms.ChoiceField(label=_("交易类型"), choices=Deal.Kind.choices)
    licence_type = forms.ChoiceField(label=_("许可类型"), choices=[("", "—"), *Deal.LicenceType.choices],
                                     required=False, help_text=_("许可时选择；开放许可只能是普通许可"))
    patent = forms.CharField(label=_("专利申请号"), max_length=40, required=False,
                             help_text=_("例如 CN202010000001.2，须是平台中已有的专利"))
    right = forms.CharField(label=_("权利说明"), max_length=300, required=False,
                            help_text=_("商标、著作权或多件专利时写明交易的权利"))
    from_organization = forms.ModelChoiceField(label=_("出让方（平台单位）"), queryset=Organization.objects.none(),
                                               required=False, widget=DataSelect)
    from_name = forms.CharField(label=_("出让方"), max_length=200, required=False,
                                help_text=_("转让方、许可方、出质人或投保人；不是平台单位时填写名称"))
    to_organization = forms.ModelChoiceField(label=_("受让方（平台单位）"), queryset=Organization.objects.none(),
                                             required=False, widget=DataSelect)
    to_name = forms.CharField(label=_("受让方"), max_length=200, required=False,
                              help_text=_("受让方、被许可方、质权人或保险人"))
    amount_wan = forms.DecimalField(label=_("金额（万元）"), max_digits=14, decimal_places=4, required=False,
                                    min_value=Decimal(0), max_value=rules.MAX_AMOUNT_WAN,
                                    widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}))
    contract_date = forms.DateField(label=_("合同生效日"), widget=DATE, required=False)
    effective_on = forms.DateField(label=_("登记（备案）日"), widget=DATE, required=False,
                                   help_text=_("转让、质押自登记之日起生效；许可合同应自生效之日起 3 个月内备案"))
    recordal_number = forms.CharField(label=_("备案（登记）号"), max_length=60, required=False)
    region = RegionField(label=_("统计地区"), required=False, nation=False,
                         help_text=_("不填时按出让方所在地区，其次受让方、专利的地区"))
    listing = forms.IntegerField(label=_("挂牌编号"), required=False, min_value=1,
                                 help_text=_("经运营交易挂牌达成的，填写挂牌页地址中的编号"))
    note = forms.CharField(label=_("备注"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                           max_length=2000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("from_organization", "to_organization"):
            self.fields[name].queryset = Organization.objects.order_by("name")  # type: ignore[attr-defined]

    def clean_patent(self) -> Application | None:
        raw = self.cleaned_data["patent"].strip()
        if not raw:
            return None
        try:
            key = parse_application_number(raw).key
        except NumberError:
            raise forms.ValidationError(_("不是有效的专利申请号，请核对每一位")) from None
        app = Application.objects.filter(key=key).first()
        if app is None:
            raise forms.ValidationError(_("平台中没有这件专利"))
        return app

    def clean_listing(self) -> Any:
        from zhichan.market.models import Listing

        number = self.cleaned_data["listing"]
        if number is None:
            return None
        listing = Listing.objects.filter(pk=number).select_related("application").first()
        if listing is None:
            raise forms.ValidationError(_("没有这个挂牌"))
        return listing

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        listing, patent = data.get("listing"), data.get("patent")
        if listing is not None and patent is not None and listing.application_id != patent.pk:
            self.add_error("listing", _("挂牌的专利与所填专利不同"))
        return data

    def values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["application"] = data.pop("patent")
        return data

    @classmethod
    def initial_from(cls, deal: Deal) -> dict[str, Any]:
        fields = [f for f in cls.base_fields if f not in ("patent", "region", "listing")]
        return {"patent": deal.application.key if deal.application_id else "", "listing": deal.listing_id,
                "region": deal.region.full_name if deal.region_id else "",
                **{f: getattr(deal, f) for f in fields}}


class CancelForm(forms.Form):
    on = forms.DateField(label=_("注销日"), widget=DATE, required=False, help_text=_("不填为今天"))
    reason = forms.CharField(label=_("注销原因"), max_length=300)

    def clean_on(self) -> dt.date | None:
        on = self.cleaned_data["on"]
        if on and on > dt.date.today():
            raise forms.ValidationError(_("注销日不能晚于今天"))
        return on


class DealFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("交易类型"), required=False, choices=[("", _("全部")), *Deal.Kind.choices])
    group = forms.ChoiceField(label=_("指标口径"), required=False, choices=[
        ("", _("全部")), ("traded", _("转让、许可、开放许可")), ("pledge", _("质押"))])
    source = forms.ChoiceField(label=_("来源"), required=False, choices=[("", _("全部")), *Deal.Source.choices])
    status = forms.ChoiceField(label=_("状态"), required=False, choices=[("", _("全部")), *Deal.Status.choices])
    start = forms.DateField(label=_("起"), required=False, widget=DATE)
    end = forms.DateField(label=_("止"), required=False, widget=DATE)
    as_of = forms.DateField(label=_("统计日"), required=False, widget=DATE,
                            help_text=_("只列该日已入册、未注销的交易（与指标口径相同）"))
    region = forms.CharField(label=_("地区代码"), required=False, max_length=6,
                             widget=forms.TextInput(attrs={"size": 8}))
    q = forms.CharField(label=_("关键词"), required=False, max_length=100)

    def clean_region(self) -> str:
        code = self.cleaned_data["region"].strip()
        if code and not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError(_("请填写 6 位地区代码"))
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("止日不能早于起日"))
        return data
