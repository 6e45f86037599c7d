"""The projects' forms: every POST through a Django form (input kept on error, 400 on invalid). The application
form is built at run time from the call's declared fields (projects/fields.py)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from zhichan.core.models import Organization
from zhichan.patents import ipc
from zhichan.projects import eligibility, performance, scoring
from zhichan.projects import fields as declared
from zhichan.projects.models import Call, Expert, ExpertRelation

DATE = forms.DateInput(attrs={"type": "date"})
SEI_CODE = re.compile(r"\d{1,2}(\.\d{1,2}){0,2}")


def field_codes(text: str) -> list[str]:
    """IPC symbols in their normal form (H01M, H01M 10/052) or SEI codes (1, 1.2, 1.2.3), comma-separated; anything
    else is refused by name."""
    codes, bad = [], []
    for raw in text.replace("，", ",").split(","):
        raw = raw.strip()
        if not raw:
            continue
        code = ipc.normalize(raw) or (raw if SEI_CODE.fullmatch(raw) else None)
        (codes if code else bad).append(code or raw)
    if bad:
        raise forms.ValidationError(_("不是IPC分类号或战略性新兴产业代码：%(codes)s"), params={"codes": "、".join(bad)})
    return list(dict.fromkeys(codes))[:50]


WEIGHT_PREFIXES = {performance.PERFORMANCE: "weight_", performance.NAVIGATION: "nav_weight_"}
SYSTEM_WORDS = {performance.PERFORMANCE: _("绩效评价"), performance.NAVIGATION: _("专利导航工程实施评价")}
WEIGHT_LABELS = {
    performance.PERFORMANCE: {performance.OUTPUT: _("绩效评价权重：产出指标"), performance.EFFECT: _("绩效评价权重：效益指标"),
                              performance.SATISFACTION: _("绩效评价权重：满意度指标"),
                              performance.BUDGET: _("绩效评价权重：预算执行率")},
    performance.NAVIGATION: {performance.REPORT: _("专利导航评价权重：导航报告完成及质量"),
                             performance.APPLICATION: _("专利导航评价权重：成果应用（决策采纳、布局与产业规划）"),
                             performance.LAYOUT: _("专利导航评价权重：专利布局（新增申请与授权）"),
                             performance.TALENT: _("专利导航评价权重：人才与机制"),
                             performance.FUNDS: _("专利导航评价权重：经费使用")}}
WEIGHT_HINTS = {
    performance.PERFORMANCE: _("四项之和须为 100。财预〔2020〕10号对单位自评的原则设置为预算执行率 10、产出 50、效益 30、"
                               "满意度 10，可根据项目情况调整"),
    performance.NAVIGATION: _("五项之和须为 100，仅专利导航项目使用")}


class CallForm(forms.Form):
    title = forms.CharField(label=_("项目名称"), max_length=200)
    guide = forms.CharField(label=_("申报指南"), widget=forms.Textarea(attrs={"rows": 8}), max_length=50000)
    opens_on = forms.DateField(label=_("申报开始日期"), widget=DATE)
    closes_on = forms.DateField(label=_("申报截止日期"), widget=DATE)
    region_prefix = forms.RegexField(label=_("申报地区（行政区划代码前缀）"), regex=r"^\d{0,6}$", required=False,
                                     max_length=6, help_text=_("如 3203 为徐州市；留空不限"))
    kinds = forms.MultipleChoiceField(label=_("单位类型"), choices=Organization.Kind.choices, required=False,
                                      widget=forms.CheckboxSelectMultiple)
    verified = forms.BooleanField(label=_("须在平台注册并通过实名核验"), required=False, initial=True)
    min_grade = forms.ChoiceField(label=_("最低信用等级"), required=False,
                                  choices=[("", "—"), *((g, g) for g in eligibility.GRADES)],
                                  help_text=_("平台只有专利代理机构的信用等级；其他单位须人工核实"))
    min_valid_inventions = forms.IntegerField(label=_("有效发明专利不少于（件）"), min_value=0, max_value=1_000_000,
                                              required=False)
    fields_json = forms.CharField(
        label=_("申报表字段（JSON）"), required=False, widget=forms.Textarea(attrs={"rows": 6}), max_length=100_000,
        help_text=_('例如 [{"label": "项目名称", "type": "text", "required": true}]；类型 text、number、date、choice'))
    requirements = forms.CharField(label=_("必须上传的材料（每行一项）"), required=False, max_length=10_000,
                                   widget=forms.Textarea(attrs={"rows": 4}))
    panel_size = forms.IntegerField(label=_("评审专家人数"), min_value=1, max_value=50, initial=5)
    expert_fields = forms.CharField(label=_("评审专家的专业领域（IPC或战略性新兴产业，逗号分隔）"), max_length=500,
                                    required=False, help_text=_("留空则从全部在库专家中抽取"))
    sheet_json = forms.CharField(
        label=_("评分表（JSON）"), required=False, widget=forms.Textarea(attrs={"rows": 4}), max_length=20_000,
        help_text=_('例如 [{"label": "创新性", "max": 40}]'))
    aggregation = forms.ChoiceField(label=_("计分规则"), choices=[(scoring.TRIMMED, _("去掉一个最高分和一个最低分后平均")),
                                                            (scoring.MEAN, _("算术平均"))])

    navigation = forms.BooleanField(label=_("专利导航项目（验收后按专利导航工程实施评价指标评价）"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for system, prefix in WEIGHT_PREFIXES.items():
            for code, weight in performance.default_weights(system).items():
                self.fields[f"{prefix}{code}"] = forms.DecimalField(
                    label=WEIGHT_LABELS[system][code], initial=weight, min_value=Decimal("0.01"), max_value=100,
                    max_digits=5, decimal_places=2, required=False,
                    help_text=WEIGHT_HINTS[system] if code == performance.indicators(system)[-1] else "")

    def clean_expert_fields(self) -> list[str]:
        return field_codes(self.cleaned_data["expert_fields"])

    def weights(self, system: str) -> dict[str, Any]:
        prefix = WEIGHT_PREFIXES[system]
        return {code: self.cleaned_data.get(f"{prefix}{code}") for code in performance.indicators(system)}

    def given(self, system: str) -> bool:
        """Whether any weight of the system was filled in (all blank: the call keeps its weights, a new call the
        defaults)."""
        return any(v is not None for v in self.weights(system).values()) or any(
            f"{WEIGHT_PREFIXES[system]}{c}" in self.errors for c in performance.indicators(system))

    def clean(self) -> dict[str, Any]:
        """Each system's weights sum to 100 (the navigation ones only when the call is a navigation project)."""
        d = super().clean() or {}
        systems = [performance.PERFORMANCE] + ([performance.NAVIGATION] if d.get("navigation") else [])
        for system in systems:
            values = self.weights(system)
            if not self.given(system):
                continue
            if any(v is None for v in values.values()):
                if not any(f"{WEIGHT_PREFIXES[system]}{c}" in self.errors for c in values):
                    self.add_error(None, _("请填写%(system)s的全部指标权重") % {"system": SYSTEM_WORDS[system]})
                continue
            total = sum(values.values(), Decimal(0))
            if total != 100:
                self.add_error(None, _("%(system)s各项指标权重之和须为 100，现为 %(total)s")
                               % {"system": SYSTEM_WORDS[system], "total": f"{total.normalize():f}"})
        return d

    def clean_sheet_json(self) -> list[dict[str, Any]]:
        try:
            return scoring.clean_sheet(self.cleaned_data["sheet_json"] or "[]")
        except scoring.SheetError as exc:
            raise forms.ValidationError(_("评分表有误：%(reason)s"), params={"reason": str(exc)}) from exc

    def clean_fields_json(self) -> list[dict[str, Any]]:
        try:
            return declared.clean_fields(self.cleaned_data["fields_json"] or "[]")
        except declared.FieldListError as exc:
            raise forms.ValidationError(_("申报表字段有误：%(reason)s"), params={"reason": str(exc)}) from exc

    def clean_requirements(self) -> list[str]:
        try:
            return declared.clean_requirements(self.cleaned_data["requirements"])
        except declared.FieldListError as exc:
            raise forms.ValidationError(_("材料清单有误：%(reason)s"), params={"reason": str(exc)}) from exc

    def values(self) -> dict[str, Any]:
        d = self.cleaned_data
        rules = {"region_prefix": d["region_prefix"], "kinds": d["kinds"], "verified": d["verified"],
                 "min_grade": d["min_grade"], "min_valid_inventions": d["min_valid_inventions"]}
        return {"title": d["title"], "guide": d["guide"], "opens_on": d["opens_on"], "closes_on": d["closes_on"],
                "rules": rules, "fields": d["fields_json"], "requirements": d["requirements"],
                "panel_size": d["panel_size"], "sheet": d["sheet_json"], "aggregation": d["aggregation"],
                "expert_fields": d["expert_fields"], "navigation": d["navigation"],
                **({"performance_weights": self.weights(performance.PERFORMANCE)}
                   if self.given(performance.PERFORMANCE) else {}),
                **({"navigation_weights": self.weights(performance.NAVIGATION)}
                   if d["navigation"] and self.given(performance.NAVIGATION) else {})}

    @staticmethod
    def initial_from(call: Call) -> dict[str, Any]:
        import json

        rules = call.rules or {}
        return {"title": call.title, "guide": call.guide, "opens_on": call.opens_on, "closes_on": call.closes_on,
                "region_prefix": rules.get("region_prefix", ""), "kinds": rules.get("kinds", []),
                "verified": rules.get("verified", False), "min_grade": rules.get("min_grade", ""),
                "min_valid_inventions": rules.get("min_valid_inventions"),
                "fields_json": json.dumps([{k: v for k, v in f.items() if k != "code"} for f in call.fields],
                                          ensure_ascii=False),
                "requirements": "\n".join(call.requirements), "panel_size": call.panel_size,
                "sheet_json": json.dumps([{"label": c["label"], "max": c["max"]} for c in call.sheet], ensure_ascii=False),
                "aggregation": call.aggregation, "expert_fields": ", ".join(call.expert_fields),
                "navigation": call.navigation, **weight_initial(call)}


def weight_initial(call: Call) -> dict[str, Any]:
    """The call's stored weights in the editor's fields (each system's defaults where none are stored)."""
    out = {}
    for system, stored in ((performance.PERFORMANCE, call.performance_weights),
                           (performance.NAVIGATION, call.navigation_weights)):
        try:
            weights = performance.clean_weights(stored or {}, system)
        except performance.IndicatorError:
            weights = performance.default_weights(system)
        out.update({f"{WEIGHT_PREFIXES[system]}{code}": value for code, value in weights.items()})
    return out


def _field(spec: dict[str, Any]) -> forms.Field:
    label = spec["label"]  # data: the template marks it as such and escapes it
    if spec["type"] == declared.NUMBER:
        return forms.DecimalField(label=label, required=False, max_digits=20, decimal_places=6)
    if spec["type"] == declared.DATE:
        return forms.DateField(label=label, required=False, widget=DATE)
    if spec["type"] == declared.CHOICE:
        return forms.ChoiceField(label=label, required=False, choices=[("", "—"), *((c, c) for c in spec["choices"])],
                                 widget=forms.Select(attrs={"lang": "zh-Hans"}))  # the office's own words: data
    return forms.CharField(label=label, required=False, max_length=declared.MAX_TEXT,
                           widget=forms.Textarea(attrs={"rows": 3}))


class ApplicationBase(forms.Form):
    legal_representative = forms.CharField(label=_("法定代表人"), max_length=50, required=False)
    key_staff = forms.CharField(label=_("项目负责人及主要人员（每行一人）"), max_length=2000, required=False,
                                widget=forms.Textarea(attrs={"rows": 3}))
    declared_codes: list[str] = []
    requirement_names: dict[str, str] = {}

    def values(self) -> dict[str, str]:
        out = {}
        for code in self.declared_codes:
            value = self.cleaned_data.get(code)
            out[code] = "" if value in (None, "") else (value.isoformat() if hasattr(value, "isoformat")
                                                          else str(value))
        return out

    def uploads(self) -> dict[str, Any]:
        return {name: self.cleaned_data[key] for key, name in self.requirement_names.items()
                if self.cleaned_data.get(key)}


def application_form(call: Call) -> type[ApplicationBase]:
    """A form class with one field per declared field (named by its code) and one file field per requirement.
    Every declared field is optional here: a draft may be incomplete; submitting checks completeness."""
    attrs: dict[str, Any] = {spec["code"]: _field(spec) for spec in call.fields}
    requirements = {f"file_{i}": name for i, name in enumerate(call.requirements, start=1)}
    for key, name in requirements.items():
        attrs[key] = forms.FileField(label=name, required=False)
    attrs["declared_codes"] = [spec["code"] for spec in call.fields]
    attrs["requirement_names"] = requirements
    return type("ApplicationForm", (ApplicationBase,), attrs)


class StepForm(forms.Form):
    transition = forms.CharField(max_length=20, widget=forms.HiddenInput)
    reasons = forms.CharField(label=_("补正或不合格理由"), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 3}))
    comment = forms.CharField(label=_("说明"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))

    def fields_for(self, accepts: tuple[str, ...]) -> dict[str, str]:
        return {k: self.cleaned_data.get(k, "") for k in accepts}


class DrawForm(forms.Form):
    seed = forms.CharField(label=_("随机种子（留空自动生成）"), max_length=64, required=False)
    size = forms.IntegerField(label=_("专家人数"), min_value=1, max_value=50)


class ExpertForm(forms.Form):
    name = forms.CharField(label=_("姓名"), max_length=50)
    title = forms.ChoiceField(label=_("职称级别"), choices=Expert.TITLES)
    title_name = forms.CharField(label=_("职称"), max_length=50, required=False)
    years = forms.IntegerField(label=_("从业年限"), min_value=0, max_value=80)
    birth_year = forms.IntegerField(label=_("出生年份"), min_value=1900, max_value=2100)
    fields = forms.CharField(label=_("专业领域（IPC或战略性新兴产业，逗号分隔）"), max_length=500, required=False)
    organization = forms.CharField(label=_("工作单位"), max_length=200, required=False)
    username = forms.CharField(label=_("平台账号（专家角色，可选）"), max_length=150, required=False)

    def clean_username(self) -> Any:
        name = self.cleaned_data["username"].strip()
        if not name:
            return None
        user = get_user_model().objects.filter(username=name, role="expert").first()
        if user is None:
            raise forms.ValidationError(_("没有这个专家账号"))
        return user

    def clean_fields(self) -> list[str]:
        return field_codes(self.cleaned_data["fields"])

    def values(self) -> dict[str, Any]:
        d = self.cleaned_data
        codes = d["fields"]
        return {"name": d["name"], "title": d["title"], "title_name": d["title_name"], "years": d["years"],
                "birth_year": d["birth_year"], "fields": codes, "organization": d["organization"], "user": d["username"]}


class RelationForm(forms.Form):
    kind = forms.ChoiceField(label=_("关系"), choices=[("", "—"), *ExpertRelation.KINDS], required=False)
    organization = forms.CharField(label=_("单位名称"), max_length=200, required=False)
    person = forms.CharField(label=_("人员姓名"), max_length=50, required=False)
    started_on = forms.DateField(label=_("起始日期"), widget=DATE, required=False)
    ended_on = forms.DateField(label=_("终止日期"), widget=DATE, required=False)

    def clean(self) -> dict[str, Any]:
        d = super().clean() or {}
        kind = d.get("kind")
        if kind in dict(ExpertRelation.KINDS):
            from zhichan.projects import conflicts

            if kind in conflicts.ORGANIZATION_KINDS and not d.get("organization", "").strip():
                self.add_error("organization", _("请填写单位名称"))
            if kind in conflicts.PERSONAL_KINDS and not d.get("person", "").strip():
                self.add_error("person", _("请填写人员姓名"))
        return d


RelationFormSet = forms.formset_factory(RelationForm, extra=3, max_num=30, validate_max=True)


class SeatForm(forms.Form):
    answer = forms.ChoiceField(label=_("答复"), choices=[("accept", _("接受并声明无其他利害关系")), ("decline", _("谢绝")),
                                                       ("conflict", _("声明存在利害关系并回避"))],
                               widget=forms.RadioSelect)
    declaration = forms.CharField(label=_("声明"), max_length=2000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 3}))


class RatingForm(forms.Form):
    """The office's rating of one seated expert after the review (one per seat)."""

    grade = forms.ChoiceField(label=_("评价"), choices=[("good", _("好")), ("fair", _("中")), ("poor", _("差"))],
                              widget=forms.RadioSelect)
    note = forms.CharField(label=_("说明（评审质量、独立公正、遵守纪律、按时）"), max_length=2000, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))



def score_form(sheet: list[dict[str, Any]]) -> type[forms.Form]:
    """One number per criterion of the call's sheet (named by its code, labelled with the office's words)."""
    attrs: dict[str, Any] = {c["code"]: forms.DecimalField(label=c["label"], min_value=0, max_value=c["max"],
                                                          max_digits=7, decimal_places=2) for c in sheet}
    attrs["comment"] = forms.CharField(label=_("评审意见"), required=False, max_length=5000,
                                       widget=forms.Textarea(attrs={"rows": 3}))
    attrs["codes"] = [c["code"] for c in sheet]
    return type("ScoreForm", (forms.Form,), attrs)
