"""The market's forms: typed fields, the statutory reasons of the actions put back beside their fields (400)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhichan.core.forms import DataSelect
from zhichan.market.models import Demand, IndustryChain, Listing, Match
from zhichan.patents.models import Application, SeiCategory
from zhichan.patents.numbers import NumberError, parse_application_number

DATE = forms.DateInput(attrs={"type": "date"})
# Characters that show nothing (zero-width spaces and joiners, the word joiner, a BOM): taken out of titles, so that
# no title shows as nothing and two titles that look the same are the same
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


def visible_title(form: forms.Form) -> str:
    title = form.cleaned_data["title"].translate(INVISIBLE).strip()
    if not title:
        raise forms.ValidationError(form.fields["title"].error_messages["required"], code="required")
    return title


class ListingForm(forms.Form):
    patent = forms.CharField(label=_("专利申请号"), max_length=40, help_text=_("例如 CN202010000001.2，须是平台中已有的专利"))
    kind = forms.ChoiceField(label=_("交易方式"), choices=Listing.Kind.choices)
    license_type = forms.ChoiceField(label=_("许可类型"), choices=[("", "—"), *Listing.LicenseType.choices],
                                     required=False, help_text=_("许可时选择；开放许可只能是普通许可"))
    title = forms.CharField(label=_("挂牌标题"), max_length=200)
    summary = forms.CharField(label=_("技术简介"), widget=forms.Textarea(attrs={"rows": 4}), required=False,
                              max_length=20000)
    price_mode = forms.ChoiceField(label=_("支付方式"), choices=Listing.PriceMode.choices)
    lump_sum_wan = forms.DecimalField(label=_("一次性费用（万元）"), max_digits=12, decimal_places=4, required=False)
    entry_fee_wan = forms.DecimalField(label=_("入门费（万元）"), max_digits=12, decimal_places=4, required=False)
    royalty_base = forms.ChoiceField(label=_("提成基数"), choices=[("", "—"), *Listing.RoyaltyBase.choices],
                                     required=False)
    royalty_rate = forms.DecimalField(label=_("提成比例（%）"), max_digits=6, decimal_places=3, required=False)
    term_start = forms.DateField(label=_("许可期限起"), widget=DATE, required=False)
    term_end = forms.DateField(label=_("许可期限止"), widget=DATE, required=False,
                               help_text=_("开放许可须写明许可期限"))
    other_terms = forms.CharField(label=_("其他事项"), widget=forms.Textarea(attrs={"rows": 3}), required=False,
                                  max_length=20000)
    evaluation_report_number = forms.CharField(label=_("专利权评价报告编号"), max_length=60, required=False,
                                               help_text=_("实用新型、外观设计声明开放许可时必填（专利法第五十条）"))
    evaluation_report = forms.FileField(label=_("专利权评价报告文件"), required=False,
                                        help_text=_("或上传评价报告（PDF、图片）；已上传的不必重新上传"))
    pledgee_consent = forms.BooleanField(label=_("已出质的专利：质权人同意"), required=False)

    def clean_title(self) -> str:
        return visible_title(self)

    def clean_patent(self) -> Application:
        raw = self.cleaned_data["patent"]
        try:
            key = parse_application_number(raw).key
        except NumberError:
            raise forms.ValidationError(_("不是有效的专利申请号，请核对每一位")) from None
        app = Application.objects.filter(key=key).first()
        if app is None:
            raise forms.ValidationError(_("平台中没有这件专利"))
        return app

    def clean_evaluation_report(self) -> Any:
        from zhichan.services import uploads as attachment_rules

        upload = self.cleaned_data.get("evaluation_report")
        if upload:
            try:
                attachment_rules.check(upload)
            except attachment_rules.UploadRefused as exc:
                raise forms.ValidationError(str(exc)) from None
        return upload

    def values(self) -> dict[str, Any]:
        """The action's values (the uploaded report is stored by the view and passed as evaluation_report_file)."""
        data = dict(self.cleaned_data)
        data["application"] = data.pop("patent")
        data.pop("evaluation_report", None)
        return data

    @classmethod
    def initial_from(cls, listing: Listing) -> dict[str, Any]:
        fields = [f for f in cls.base_fields if f not in ("patent", "evaluation_report")]
        return {"patent": listing.application.key, **{f: getattr(listing, f) for f in fields}}


class DemandForm(forms.Form):
    title = forms.CharField(label=_("需求名称"), max_length=200)
    summary = forms.CharField(label=_("公开摘要"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
                              help_text=_("所有访问者都能看到"))
    details = forms.CharField(label=_("需求详情"), widget=forms.Textarea(attrs={"rows": 6}), required=False,
                              max_length=20000, help_text=_("只有匹配对接的单位和知识产权局能看到"))
    ipc = forms.CharField(label=_("技术领域（IPC）"), max_length=20, required=False, help_text=_("例如 H01M 10/052"))
    sei = forms.ChoiceField(label=_("战略性新兴产业"), required=False, widget=DataSelect)
    trl = forms.TypedChoiceField(label=_("技术成熟度（TRL）"), coerce=int, empty_value=None, required=False,
                                 choices=[("", "—"), *[(i, str(i)) for i in range(1, 10)]])
    budget_min_wan = forms.DecimalField(label=_("预算下限（万元）"), max_digits=12, decimal_places=4, required=False,
                                        min_value=0)
    budget_max_wan = forms.DecimalField(label=_("预算上限（万元）"), max_digits=12, decimal_places=4, required=False,
                                        min_value=0)
    mode = forms.ChoiceField(label=_("合作方式"), choices=Demand.Mode.choices)
    deadline = forms.DateField(label=_("截止日期"), widget=DATE, required=False, help_text=_("须晚于今天"))
    chain = forms.ModelChoiceField(label=_("产业链"), queryset=IndustryChain.objects.all(), required=False,
                                   widget=DataSelect)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sei"].choices = [("", "—"), *SeiCategory.objects.order_by("code").values_list("code", "name")]

    def clean_title(self) -> str:
        return visible_title(self)

    def clean(self) -> dict[str, Any]:
        from zhichan.market.actions import demand_problems

        data = super().clean()
        for field, reasons in demand_problems(data, publishing=False).items():
            if field in self.fields and field not in self.errors:
                for reason in reasons:
                    self.add_error(field, reason)
        return data

    @classmethod
    def initial_from(cls, demand: Demand) -> dict[str, Any]:
        return {f: getattr(demand, f) for f in cls.base_fields}


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("审核结果"), choices=[("approve", _("审核通过")), ("return", _("退回"))])
    reason = forms.CharField(label=_("理由"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("退回时必填"))


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("撤回原因"), max_length=500, required=False)


class InterestForm(forms.Form):
    interest = forms.ChoiceField(label=_("意向"), choices=[(Match.Interest.INTERESTED, _("有意向")),
                                                         (Match.Interest.DECLINED, _("无意向"))])
    note = forms.CharField(label=_("说明"), max_length=500, required=False)


class ChainForm(forms.Form):
    name = forms.CharField(label=_("产业链"), max_length=100)
    description = forms.CharField(label=_("说明"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ListingFilterForm(forms.Form):
    """The public list's search and filters (one definition for the page and its tests)."""

    q = forms.CharField(label=_("关键词"), max_length=100, required=False)
    ipc = forms.CharField(label=_("技术领域（IPC）"), max_length=20, required=False)
    sei = forms.CharField(label=_("战略性新兴产业"), max_length=10, required=False)
    region = forms.CharField(label=_("地区代码"), max_length=6, required=False)
    kind = forms.ChoiceField(label=_("交易方式"), choices=[("", _("全部")), *Listing.Kind.choices], required=False)
    price_mode = forms.ChoiceField(label=_("支付方式"), choices=[("", _("全部")), *Listing.PriceMode.choices],
                                   required=False)
