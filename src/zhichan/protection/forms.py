"""The forms of the protection pages: the public form (a 投诉举报, anonymous if wished, or a request for overseas
guidance), the follow-up by number and query code, the office's new case, one form per transition (its declared
fields only), and the panel, suspension, extension, assignment, evidence and statistics forms."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from zhichan.core.forms import MultipleFileField
from zhichan.core.workflow import machine as wf
from zhichan.protection import flow, marks
from zhichan.protection.models import DisputeCase

TEXT_MAX = 20000
CATEGORIES = [("counterfeit", _("假冒专利")), ("infringement", _("侵权线索")), ("other", _("其他"))]
NAMED = (flow.ADJUDICATION, flow.FAST)  # kinds whose public request names both parties
MARKS_HELP = _("每行一件：注册号|商标名称|尼斯分类（1–45）|权利人，如 12345678|云图|9|徐州云图智能科技有限公司")


def trademarks_field() -> forms.CharField:
    return forms.CharField(label=_("涉案商标"), max_length=5000, required=False, help_text=MARKS_HELP,
                           widget=forms.Textarea(attrs={"rows": 3}))


def patents_field() -> forms.CharField:
    return forms.CharField(label=_("涉案专利申请号"), max_length=2000, required=False,
                           help_text=_("平台已收录的申请号，多个用逗号或换行分隔"))


def patent_keys(text: str) -> list[str]:
    return [k.strip().upper() for k in text.replace("，", ",").replace("\n", ",").split(",") if k.strip()]


class ObjectsMixin:
    """The patents (application numbers) and trademarks a case concerns; 快速维权 needs at least one."""

    cleaned_data: dict[str, Any]

    def clean_trademarks(self) -> list[marks.Mark]:
        found, errors = marks.parse(self.cleaned_data.get("trademarks", ""))
        if errors:
            raise forms.ValidationError(errors)
        return found

    def keys(self) -> list[str]:
        return patent_keys(self.cleaned_data.get("patents", ""))

    def check_objects(self, data: dict[str, Any]) -> None:
        if data.get("kind") == flow.FAST and not (patent_keys(data.get("patents", "")) or data.get("trademarks")) \
                and "trademarks" not in getattr(self, "errors", {}):
            self.add_error("patents", _("快速维权请求须写明涉案专利或商标"))  # type: ignore[attr-defined]


class PublicForm(ObjectsMixin, forms.Form):
    kind = forms.ChoiceField(label=_("事项"), widget=forms.RadioSelect, initial=flow.REPORT,
                             choices=[(flow.REPORT, _("投诉举报（含假冒专利）")), (flow.GUIDANCE, _("海外知识产权纠纷应对指导")),
                                      (flow.ADJUDICATION, _("请求处理专利侵权纠纷（行政裁决）")),
                                      (flow.FAST, _("快速维权（外观设计专利、商标等，快速处理）"))])
    category = forms.ChoiceField(label=_("类别"), choices=CATEGORIES, required=False,
                                 help_text=_("投诉举报时选择"))
    title = forms.CharField(label=_("标题"), max_length=200)
    claims = forms.CharField(label=_("事实和理由"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 8}))
    country = forms.CharField(label=_("国家或地区"), max_length=50, required=False, help_text=_("请求应对指导时填写"))
    requester = forms.CharField(label=_("请求人"), max_length=200, required=False,
                                help_text=_("请求行政裁决时填写：专利权人或利害关系人"))
    respondent = forms.CharField(label=_("被请求人"), max_length=200, required=False,
                                 help_text=_("请求行政裁决或快速维权时填写"))
    patents = patents_field()
    trademarks = trademarks_field()
    anonymous = forms.BooleanField(label=_("匿名提交"), required=False,
                                   help_text=_("仅投诉举报可以匿名；匿名时请保存提交后显示的查询码"))
    contact_name = forms.CharField(label=_("联系人"), max_length=50, required=False)
    contact = forms.CharField(label=_("联系电话或电子邮箱"), max_length=100, required=False)

    def clean_claims(self) -> str:
        text = self.cleaned_data["claims"].strip()
        if len(text) < 10:
            raise forms.ValidationError(_("请具体说明事实和理由（至少 10 个字）"))
        return text

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind == flow.REPORT and not data.get("category"):
            self.add_error("category", _("请选择类别"))
        if kind in (flow.GUIDANCE, *NAMED):
            if data.get("anonymous"):
                self.add_error("anonymous", _("只有投诉举报可以匿名"))
            if not str(data.get("contact", "")).strip():
                self.add_error("contact", _("请填写联系方式"))
        if kind == flow.GUIDANCE and not str(data.get("country", "")).strip():
            self.add_error("country", _("请填写国家或地区"))
        if kind in NAMED:
            for name in ("requester", "respondent"):
                if not str(data.get(name, "")).strip():
                    self.add_error(name, _("请求行政裁决或快速维权时必须填写"))
        self.check_objects(data)
        return data

    def parties(self) -> list[tuple[str, str]]:
        if self.cleaned_data["kind"] not in NAMED:
            return []
        return [("requester", self.cleaned_data["requester"]), ("respondent", self.cleaned_data["respondent"])]

    def fields_for_case(self) -> dict[str, str]:
        d = self.cleaned_data
        if d["kind"] == flow.REPORT:
            return {"category": d["category"], "claims": d["claims"]}
        if d["kind"] in NAMED:
            return {"claims": d["claims"]}
        return {"country": d["country"].strip(), "claims": d["claims"]}


class FollowForm(forms.Form):
    number = forms.CharField(label=_("案件编号"), max_length=30)
    code = forms.CharField(label=_("查询码"), max_length=40)


class NewCaseForm(ObjectsMixin, forms.Form):
    """A case the office registers (a request received at the counter or by mail)."""

    kind = forms.ChoiceField(label=_("类别"), choices=DisputeCase.Kind.choices)
    title = forms.CharField(label=_("案由"), max_length=200)
    claims = forms.CharField(label=_("请求事项和理由"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 5}))
    requester = forms.CharField(label=_("请求人"), max_length=200, required=False)
    respondent = forms.CharField(label=_("被请求人"), max_length=200, required=False)
    patents = patents_field()
    trademarks = trademarks_field()
    category = forms.ChoiceField(label=_("投诉举报类别"), choices=[("", "—"), *CATEGORIES], required=False)
    listing = forms.CharField(label=_("商品或服务链接"), max_length=500, required=False)
    country = forms.CharField(label=_("国家或地区"), max_length=50, required=False)
    files = MultipleFileField(label=_("证据材料"), required=False, help_text=_("电子商务通知须附构成侵权的初步证据"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        needs = {flow.REPORT: "category", flow.ECOMMERCE: "listing", flow.GUIDANCE: "country"}
        wanted = needs.get(data.get("kind", ""))
        if wanted and not str(data.get(wanted, "")).strip():
            self.add_error(wanted, _("这类案件必须填写"))
        if data.get("kind") in (flow.ADJUDICATION, flow.MEDIATION, flow.FAST) and not (
                str(data.get("requester", "")).strip() and str(data.get("respondent", "")).strip()):
            self.add_error("respondent", _("请填写请求人和被请求人"))
        self.check_objects(data)
        return data

    def fields_for_case(self) -> dict[str, str]:
        d = self.cleaned_data
        extra = {flow.REPORT: "category", flow.ECOMMERCE: "listing", flow.GUIDANCE: "country"}.get(d["kind"])
        return {"claims": d["claims"], **({extra: str(d[extra]).strip()} if extra else {})}


class ActionForm(forms.Form):
    """One transition of a case: its declared fields (dates as dates, texts as text areas)."""

    def __init__(self, machine: wf.Machine, name: str, data: Any = None) -> None:
        super().__init__(data, prefix=name)
        self.chosen = machine.transition(name)
        for field in self.chosen.fields:
            label = gettext(machine.fields.get(field, field))
            kind = machine.kind_of(field)
            if kind == wf.DATE:
                self.fields[field] = forms.DateField(label=label, widget=forms.DateInput(attrs={"type": "date"}))
            elif field == "finding" and machine.kind in (flow.ADJUDICATION, flow.FAST):
                self.fields[field] = forms.ChoiceField(label=label, choices=[("成立", _("成立")), ("不成立", _("不成立"))])
            elif kind == wf.TEXT:
                self.fields[field] = forms.CharField(label=label, max_length=TEXT_MAX,
                                                     widget=forms.Textarea(attrs={"rows": 3}))
            else:
                self.fields[field] = forms.CharField(label=label, max_length=300)

    def values(self) -> dict[str, str]:
        return {k: v.isoformat() if isinstance(v, dt.date) else str(v) for k, v in self.cleaned_data.items()}


class PanelForm(forms.Form):
    members = forms.CharField(
        label=_("合议组成员"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("每行一人：用户名|申报的关联关系（单位、亲属任职单位等，可空）；3 名以上单数"))
    chief = forms.CharField(label=_("组长（用户名）"), max_length=150)

    def rows(self) -> list[tuple[str, str]]:
        out = []
        for line in self.cleaned_data["members"].splitlines():
            if line.strip():
                name, _sep, relations = line.partition("|")
                out.append((name.strip(), relations.strip()))
        return out


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class AssignForm(forms.Form):
    def __init__(self, data: Any = None, *, handlers: Iterable[str] = (), prefix: str | None = None) -> None:
        super().__init__(data, prefix=prefix)
        self.fields["assignee"] = forms.ChoiceField(label=_("承办人"), choices=[("", "—"), *((h, h) for h in handlers)])


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("证据文件"))


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("起始日"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("截止日"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            self.add_error("end", _("截止日不能早于起始日"))
        return data


class FeedForm(forms.Form):
    region = forms.CharField(label=_("地区代码"), max_length=6)
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)


class WatchListForm(forms.Form):
    name = forms.CharField(label=_("名单名称"), max_length=100)


class WatchItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=[
        ("enterprise", _("重点企业")), ("patent", _("专利")), ("ipc", _("IPC 领域")), ("competitor", _("竞争对手")),
        ("brand", _("品牌"))])
    value = forms.CharField(label=_("内容"), max_length=200,
                            help_text=_("企业或品牌名称；专利填申请号；IPC 领域填分类号，如 H01M 或 H01M 4/131"))
    note = forms.CharField(label=_("备注"), max_length=200, required=False)


class PublishForm(forms.Form):
    """Publish or take down (公示 of an e-commerce case, a typical case)."""

    publish = forms.TypedChoiceField(label=_("公示"), choices=[("1", _("公示")), ("0", _("撤下"))],
                                     coerce=lambda v: v == "1", widget=forms.HiddenInput)


class TypicalForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    facts = forms.CharField(label=_("案情简介"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 6}))
    outcome = forms.CharField(label=_("裁判要点/处理结果"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 5}))
    significance = forms.CharField(label=_("典型意义"), max_length=TEXT_MAX, required=False,
                                   widget=forms.Textarea(attrs={"rows": 4}),
                                   help_text=_("发布前必须填写；保存时当事人名称会再次自动替换"))
