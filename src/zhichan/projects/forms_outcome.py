"""Forms after the review: approval (an amount per application; blank: not funded), 公示 steps, objections and
their answers, reconsideration, tranches, progress reports, acceptance and 绩效评价."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from zhichan.projects import performance

DATE = forms.DateInput(attrs={"type": "date"})
AMOUNT = {"max_digits": 11, "decimal_places": 2, "min_value": 0.01}


def approve_form(rows: list[dict[str, Any]]) -> type[forms.Form]:
    """One optional amount field per reviewed application (amount_<id>), and a note."""
    attrs: dict[str, Any] = {f"amount_{r['application'].pk}": forms.DecimalField(
        label=r["application"].number, required=False, **AMOUNT) for r in rows}
    attrs["note"] = forms.CharField(label=_("说明"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def amounts(self: forms.Form) -> dict[int, Any]:
        return {int(k.split("_", 1)[1]): v for k, v in self.cleaned_data.items() if k.startswith("amount_") and v}

    attrs["amounts"] = amounts
    return type("ApproveForm", (forms.Form,), attrs)


class StepForm(forms.Form):
    step = forms.ChoiceField(choices=[("publicity", _("开始公示")), ("publish", _("公布结果"))])


class ObjectionForm(forms.Form):
    award = forms.IntegerField(widget=forms.HiddenInput)
    reasons = forms.CharField(label=_("异议理由"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(forms.Form):
    upheld = forms.TypedChoiceField(label=_("处理结果"), coerce=lambda v: v == "yes", widget=forms.RadioSelect,
                                    choices=[("yes", _("异议成立，重新复核")), ("no", _("异议不成立"))])
    answer = forms.CharField(label=_("处理意见"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))


class ReconsiderForm(forms.Form):
    fund = forms.TypedChoiceField(label=_("复核结论"), coerce=lambda v: v == "yes", widget=forms.RadioSelect,
                                  choices=[("yes", _("维持立项")), ("no", _("不予立项"))])
    amount = forms.DecimalField(label=_("资助金额（万元）"), required=False, **AMOUNT)


class TrancheForm(forms.Form):
    due_on = forms.DateField(label=_("拨付日期"), widget=DATE)
    amount = forms.DecimalField(label=_("金额（万元）"), **AMOUNT)
    note = forms.CharField(label=_("说明"), required=False, max_length=200)


class ProgressForm(forms.Form):
    period = forms.CharField(label=_("报告期"), max_length=50)
    text = forms.CharField(label=_("进展情况"), max_length=10000, widget=forms.Textarea(attrs={"rows": 4}))
    spent = forms.DecimalField(label=_("已使用资金（万元）"), max_digits=11, decimal_places=2, min_value=0, initial=0)


def acceptance_form(targets: list[dict[str, Any]]) -> type[forms.Form]:
    attrs: dict[str, Any] = {t["code"]: forms.DecimalField(label=t["label"], required=False, max_digits=17,
                                                           decimal_places=4) for t in targets}
    attrs["comment"] = forms.CharField(label=_("验收意见"), required=False, max_length=5000,
                                       widget=forms.Textarea(attrs={"rows": 2}))
    attrs["codes"] = [t["code"] for t in targets]
    return type("AcceptanceForm", (forms.Form,), attrs)


INDICATOR_WORDS = {
    performance.OUTPUT: _("产出指标"), performance.EFFECT: _("效益指标"), performance.SATISFACTION: _("满意度指标"),
    performance.BUDGET: _("预算执行率"), performance.REPORT: _("导航报告完成及质量"),
    performance.APPLICATION: _("成果应用（决策采纳、布局与产业规划）"), performance.LAYOUT: _("专利布局（新增申请与授权）"),
    performance.TALENT: _("人才与机制"), performance.FUNDS: _("经费使用")}


class EvaluationBase(forms.Form):
    codes: tuple[str, ...] = performance.INDICATORS

    def scores(self) -> dict[str, Any]:
        return {k: self.cleaned_data[k] for k in self.codes}


def evaluation_form(system: str, weights: dict[str, Any], databases: list[tuple[str, str]] | None = None
                    ) -> type[EvaluationBase]:
    """One score per indicator of the call's system, each between 0 and its weight (the label says the weight); a
    navigation project also names the platform's thematic database its report was built from (optional)."""
    attrs: dict[str, Any] = {code: forms.DecimalField(
        label=format_lazy(_("{label}（满分 {max}）"), label=INDICATOR_WORDS[code], max=weights[code]), max_digits=5,
        decimal_places=2, min_value=0, max_value=weights[code]) for code in performance.indicators(system)}
    if system == performance.NAVIGATION:
        attrs["navigation_database"] = forms.ChoiceField(
            label=_("导航报告依据（本平台专题数据库）"), required=False, choices=databases or [("", "—")])
    attrs["comment"] = forms.CharField(label=_("评价意见"), required=False, max_length=5000,
                                       widget=forms.Textarea(attrs={"rows": 2}))
    attrs["codes"] = performance.indicators(system)
    return type("EvaluationForm", (EvaluationBase,), attrs)


EvaluationForm = evaluation_form(performance.PERFORMANCE, performance.DEFAULT_WEIGHTS)
