"""The forms of the service windows, built from what each transition declares: its fields, each with the widget
and check of its kind (a multi-line text, an amount in 万元, a date, an application number …, services/fieldrules),
and its attachments. A POST carries the declared fields and nothing else. On a refusal the page shows the form
again with what the user typed and each reason beside its field."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhichan import conf
from zhichan.core.forms import MultipleFileField
from zhichan.core.workflow import machine as wf
from zhichan.services import fieldrules, uploads

FIELD_MAX = fieldrules.TEXT_MAX
SUBMIT, SAVE = "submit", "save"  # the buttons of the submission form: 提交, 保存草稿
HELP = {
    wf.AMOUNT_WAN: gettext_lazy("单位：万元。填阿拉伯数字，如 500、500.5 或 5,000"),
    wf.DATE: gettext_lazy("如 2026-03-01"),
    wf.APPLICATION_NUMBER: gettext_lazy("含校验位，如 CN202610000001.9"),
    wf.APPLICATION_NUMBERS: gettext_lazy("每行一个，或用逗号分隔；含校验位，如 CN202610000001.9"),
    wf.CREDIT_CODE: gettext_lazy("18 位，最后一位是校验位"),
    wf.IPC: gettext_lazy("如 H01M 4/131"),
}


def translated(reason: object) -> str:
    """A refusal in the user's language: a fieldrules.FieldError is a template and its values."""
    if isinstance(reason, fieldrules.FieldError):
        return _(reason.template) % reason.params if reason.params else _(reason.template)
    return str(reason)


def _field(machine: wf.Machine, name: str, required: bool, entities: Iterable[str],
           staff: Iterable[str]) -> forms.Field:
    kind, label = machine.kind_of(name), _(machine.fields.get(name, name))
    common: dict[str, Any] = {"label": label, "required": required, "help_text": HELP.get(kind, "")}
    if kind in {wf.ENTITY, wf.STAFF_MEMBER, wf.PATENT_TYPE}:
        options = list(entities if kind == wf.ENTITY else staff if kind == wf.STAFF_MEMBER else
                       fieldrules.PATENT_TYPES)
        refusal = {wf.ENTITY: gettext_lazy("“%(value)s”不是本单位备案通过的主体"),
                   wf.STAFF_MEMBER: gettext_lazy("“%(value)s”不是本窗口的工作人员"),
                   wf.PATENT_TYPE: gettext_lazy("专利类型应为发明、实用新型或外观设计")}[kind]
        shown = (lambda o: _(o)) if kind == wf.PATENT_TYPE else str  # a patent type in words; names as they are
        widget = forms.Select(attrs={"lang": "zh-Hans"} if kind == wf.ENTITY else {})  # registered names: data
        return forms.ChoiceField(choices=[("", _("请选择")), *((o, shown(o)) for o in options)], widget=widget,
                                 error_messages={"invalid_choice": refusal}, **common)
    if kind in {wf.TEXT, wf.APPLICATION_NUMBERS}:
        return forms.CharField(max_length=FIELD_MAX, widget=forms.Textarea(attrs={"rows": 5}), **common)
    attrs = {wf.AMOUNT_WAN: {"inputmode": "decimal"}, wf.DATE: {"type": "date"},
             wf.APPLICATION_NUMBER: {"placeholder": "CN202610000001.9"}, wf.IPC: {"placeholder": "H01M 4/131"},
             }.get(kind, {})
    return forms.CharField(max_length=fieldrules.LINE_MAX, widget=forms.TextInput(attrs=attrs), **common)


class TransitionForm(forms.Form):
    """Which transition, and its declared fields. Whether the actor may take the transition now is the engine's
    answer (actions.do_transition); this form refuses, by name, every field the transition does not declare, so
    that an applicant cannot set the window's result and staff cannot rewrite what was filed, and checks each value
    for its kind. Bound (a POST) or not (the page), the transition is `name` or the POST's `transition`.

    `entities` are the 备案主体 the applicant may choose, `staff` the window's staff (承办人); `stored` is what the
    case holds already (cross-field checks); `draft` offers 保存草稿 beside 提交 (the submission of a draft), and a
    POST with intent=save checks only what was filled in."""

    transition = forms.CharField(max_length=40, widget=forms.HiddenInput)
    FRAME = {"csrfmiddlewaretoken", "transition", "intent", "files"}  # the form's own keys and the attachments

    def __init__(self, machine: wf.Machine, data: Any = None, files: Any = None, *, name: str | None = None,
                 entities: Iterable[str] = (), staff: Iterable[str] = (), stored: Mapping[str, str] | None = None,
                 draft: bool = False, initial: Mapping[str, str] | None = None) -> None:
        name = name or (data.get("transition") if data is not None else None)
        self.machine, self.stored, self.draft = machine, dict(stored or {}), draft
        self.chosen = next((t for t in machine.transitions if t.name == name), None)
        super().__init__(data, files, initial={"transition": name, **(initial or {})},
                         auto_id=f"id_{self.chosen.name if self.chosen else 'x'}_%s")
        self.saving = draft and data is not None and data.get("intent") == SAVE
        self.entities = list(entities)
        for field in self.chosen.accepts if self.chosen else ():
            self.fields[field] = _field(machine, field, not self.saving, self.entities, staff)
        if self.chosen and self.chosen.takes_files:
            self.fields["files"] = MultipleFileField(label=_(self.chosen.files or "附件"), required=False,
                                                     help_text=self._files_help())
            if self.chosen.attachments:
                self.fields["files"].widget.attrs["required"] = True

    def _files_help(self) -> str:
        limit = int(conf.value("ZHICHAN_MAX_ATTACHMENT_MB"))  # type: ignore[call-overload]
        text = _("PDF、Word、Excel、图片或 ZIP，每个不超过 %(mb)d MB") % {"mb": limit}
        if self.chosen and self.chosen.attachments:
            text = _("至少 %(n)d 个；") % {"n": self.chosen.attachments} + text
        if self.draft:
            text += _("。附件在提交时上传，保存草稿不保存附件")
        return text

    @property
    def needs_entity(self) -> bool:
        """A choice of 备案主体 with none to choose: the applicant has to file the entity first."""
        return bool(self.chosen) and not self.entities and any(
            self.machine.kind_of(f) == wf.ENTITY for f in self.chosen.accepts)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.chosen is None:
            raise forms.ValidationError(_("没有“%(name)s”这个操作") % {"name": self.data.get("transition", "")},
                                        code="unknown")
        posted = {*self.data.keys(), *self.files.keys()} - self.FRAME
        if self.files.getlist("files") and not self.chosen.takes_files:
            posted.add("files")
        try:
            wf.accepted(self.machine, self.chosen, dict.fromkeys(posted, ""))
        except wf.UndeclaredFields as exc:
            shown = _("、").join(_("%(code)s（%(label)s）") % {"code": n, "label": _(self.machine.fields[n])}
                                  if n in self.machine.fields else n for n in exc.names)
            raise forms.ValidationError(_("“%(action)s”不接受这些字段：%(fields)s") % {
                "action": _(self.chosen.label), "fields": shown}, code="undeclared") from exc
        given = {f: data[f] for f in self.chosen.accepts if f in data and f in self.data}
        clean, refusals = fieldrules.check(self.machine, given, self.stored)
        for field, reason in refusals.items():
            self.add_error(field, translated(reason))
        data.update(clean)
        self._check_files(data.get("files") or [])
        return data

    def _check_files(self, files: list[Any]) -> None:
        if self.saving or not self.chosen or not self.chosen.takes_files:
            return
        for upload in files:
            try:
                uploads.check(upload)
            except uploads.UploadRefused as exc:
                self.add_error("files", str(exc))
        if len(files) < self.chosen.attachments:
            self.add_error("files", _("请上传%(what)s（至少 %(n)d 个附件）") % {
                "what": _(self.chosen.files or "附件"), "n": self.chosen.attachments})

    def _post_clean(self) -> None:
        super()._post_clean()
        for name in self.errors:  # a refused date is shown as typed (a date input would show it empty)
            if name in self.fields and self.machine.kind_of(name) == wf.DATE:
                self.fields[name].widget.input_type = "text"

    def refuse(self, exc: Exception) -> None:
        """Show what the action refused: beside its field when it names one, above the form otherwise."""
        if isinstance(exc, wf.FieldErrors):
            for field, reason in exc.reasons.items():
                self.add_error(field if field in self.fields else None, translated(reason))
        elif isinstance(exc, uploads.UploadRefused) and "files" in self.fields:
            self.add_error("files", str(exc))
        else:
            self.add_error(None, str(exc))

    def values(self) -> dict[str, str]:
        """The declared fields that were posted, in their stored form (an absent one is not blanked)."""
        if not self.chosen:
            return {}
        return {name: self.cleaned_data[name] for name in self.chosen.accepts if name in self.data}

    def uploads(self) -> list[Any]:
        return [] if self.saving else list(self.cleaned_data.get("files") or [])


class RateForm(forms.Form):
    score = forms.IntegerField(min_value=1, max_value=5)
    comment = forms.CharField(max_length=500, required=False)
