"""The events app's forms: typed fields; the actions' reasons are put back beside their fields (400)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhichan.core.forms import DataSelect
from zhichan.core.models import Organization, Region
from zhichan.events.models import Event, EventItem, FollowUp
from zhichan.events.rules import MAX_CAPACITY
from zhichan.market.models import Demand, IndustryChain, Listing

WHEN = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DAY = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")  # what a date input reads, whatever the locale


class SubjectChoice(forms.ModelChoiceField):
    """A demand or listing by its title and organisation (data: marked as Chinese by DataSelect)."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.title}（{obj.organization.name}）"


class EventForm(forms.Form):
    kind = forms.ChoiceField(label=_("活动类型"), choices=Event.Kind.choices)
    title = forms.CharField(label=_("活动名称"), max_length=200)
    summary = forms.CharField(label=_("活动简介"), widget=forms.Textarea(attrs={"rows": 4}), required=False,
                              max_length=20000)
    organizer = forms.ModelChoiceField(label=_("主办单位"), queryset=Organization.objects.order_by("name"),
                                       required=False, widget=DataSelect)
    place = forms.CharField(label=_("地点"), max_length=300, required=False)
    online_url = forms.URLField(label=_("线上链接"), max_length=500, required=False, assume_scheme="https")
    starts_at = forms.DateTimeField(label=_("开始时间"), widget=WHEN)
    ends_at = forms.DateTimeField(label=_("结束时间"), widget=WHEN)
    registration_deadline = forms.DateTimeField(label=_("报名截止时间"), widget=WHEN, required=False,
                                                help_text=_("留空则报名到活动开始为止"))
    capacity = forms.IntegerField(label=_("名额"), required=False, min_value=1, max_value=MAX_CAPACITY,
                                  help_text=_("留空表示不限人数；报满后报名进入候补，有人取消时按先后递补"))
    checkin_before_minutes = forms.IntegerField(label=_("签到提前（分钟）"), min_value=0, max_value=1440, initial=120)
    checkin_after_minutes = forms.IntegerField(label=_("签到延后（分钟）"), min_value=0, max_value=1440, initial=60)
    chain = forms.ModelChoiceField(label=_("产业链"), queryset=IndustryChain.objects.all(), required=False,
                                   widget=DataSelect)
    region = forms.ModelChoiceField(label=_("地区"), queryset=Region.objects.order_by("code"), required=False,
                                    widget=DataSelect)
    hours = forms.DecimalField(label=_("学时"), max_digits=5, decimal_places=1, required=False,
                               help_text=_("讲座、培训签到后登记的学时；留空表示不计学时"))
    hours_category = forms.ChoiceField(label=_("科目类别"), required=False,
                                       choices=[("", "—"), ("professional", _("专业科目")), ("general", _("公需科目"))])

    def clean(self) -> dict[str, Any]:
        from zhichan.events.actions import event_problems

        data = super().clean()
        for field, reasons in event_problems(data).items():
            if field in self.fields and field not in self.errors:
                for reason in reasons:
                    self.add_error(field, reason)
        return data

    @classmethod
    def initial_from(cls, event: Event) -> dict[str, Any]:
        return {name: getattr(event, name) for name in cls.base_fields}


# Characters that show nothing (zero-width spaces and joiners, the word joiner, a BOM): pasted into a name they make
# two names that look the same, or a name that shows as nothing on the attendance list.
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


class RegistrationForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50)
    phone = forms.RegexField(label=_("手机号码"), regex=r"^\+?[0-9][0-9 -]{5,18}$", max_length=20,
                             error_messages={"invalid": _("请填写有效的电话号码")})
    role = forms.CharField(label=_("职务"), max_length=100, required=False)
    practice_no = forms.CharField(label=_("专利代理师资格证号"), max_length=40, required=False,
                                  help_text=_("专利代理师填写，学时同时记入执业登记"))

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].translate(INVISIBLE).strip()
        if not name:
            raise forms.ValidationError(_("请填写姓名"))
        return name


class CancelEventForm(forms.Form):
    reason = forms.CharField(label=_("取消原因"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class ProposeItemForm(forms.Form):
    """An organisation's own open demand or published listing, proposed for the agenda."""

    demand = SubjectChoice(label=_("技术需求"), queryset=Demand.objects.none(), required=False, widget=DataSelect)
    listing = SubjectChoice(label=_("专利挂牌"), queryset=Listing.objects.none(), required=False, widget=DataSelect)
    note = forms.CharField(label=_("说明"), max_length=500, required=False)

    def __init__(self, *args: Any, organization_id: int | None = None, office: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        demands = Demand.objects.filter(status=Demand.Status.OPEN).select_related("organization")
        listings = Listing.objects.filter(status=Listing.Status.PUBLISHED).select_related("organization")
        if not office:
            demands = demands.filter(organization_id=organization_id)
            listings = listings.filter(organization_id=organization_id)
        self.fields["demand"].queryset = demands.order_by("-published_at", "-id")
        self.fields["listing"].queryset = listings.order_by("-published_at", "-id")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.errors and bool(data.get("demand")) == bool(data.get("listing")):
            raise forms.ValidationError(_("请选择一项技术需求或一项专利挂牌"))
        return data


class DecideItemForm(forms.Form):
    decision = forms.ChoiceField(label=_("确认"), choices=[("accept", _("确认")), ("decline", _("不采纳"))])


class CheckInForm(forms.Form):
    """The staff's confirmation on the check-in page: the token of the page, sent back."""

    token = forms.CharField(max_length=64, widget=forms.HiddenInput)


class FollowUpForm(forms.Form):
    item = forms.ModelChoiceField(label=_("对接项目"), queryset=EventItem.objects.none(), required=False,
                                  widget=DataSelect)
    party_a = forms.ModelChoiceField(label=_("对接方一"), queryset=Organization.objects.order_by("name"),
                                     required=False, widget=DataSelect, help_text=_("不选对接项目时填写两家单位"))
    party_b = forms.ModelChoiceField(label=_("对接方二"), queryset=Organization.objects.order_by("name"),
                                     required=False, widget=DataSelect)
    outcome = forms.ChoiceField(label=_("对接结果"), choices=FollowUp.Outcome.choices)
    amount_wan = forms.DecimalField(label=_("金额（万元）"), max_digits=14, decimal_places=4, min_value=0,
                                    required=False)
    occurred_on = forms.DateField(label=_("日期"), widget=DAY)
    deal_ref = forms.CharField(label=_("交易记录编号"), max_length=40, required=False,
                               help_text=_("已在交易记录中登记的，填写其编号"))
    note = forms.CharField(label=_("说明"), max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, event: Event | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if event is not None:
            self.fields["item"].queryset = event.items.filter(status=EventItem.Status.ACCEPTED) \
                .select_related("demand", "listing")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not self.errors and data.get("item") is None and not (data.get("party_a") and data.get("party_b")):
            raise forms.ValidationError(_("请选择对接项目，或填写对接的两家单位"))
        return data


class FilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("活动类型"), choices=[("", _("全部")), *Event.Kind.choices], required=False)
