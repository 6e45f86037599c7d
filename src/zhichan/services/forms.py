"""The forms of a case page: a transition's POST carries the fields that transition declares and nothing else."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhichan.core.workflow import machine as wf

FIELD_MAX = 20000  # a portfolio of a few hundred application numbers fits


class TransitionForm(forms.Form):
    """Which transition, and its declared fields. Whether a field is required, and who may take the transition now,
    is the engine's answer (actions.do_transition); this form refuses, by name, every field the transition does not
    declare, so that an applicant cannot set the window's result and staff cannot rewrite what was filed."""

    transition = forms.CharField(max_length=40)
    FRAME = {"csrfmiddlewaretoken", "transition", "files"}  # the form's own keys and the attachments

    def __init__(self, machine: wf.Machine, data: Any, files: Any = None) -> None:
        super().__init__(data, files)
        self.machine = machine
        self.chosen = next((t for t in machine.transitions if t.name == data.get("transition")), None)
        for name in self.chosen.accepts if self.chosen else ():
            self.fields[name] = forms.CharField(label=machine.fields.get(name, name), required=False,
                                                max_length=FIELD_MAX)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.chosen is None:
            raise forms.ValidationError(_("没有“%(name)s”这个操作") % {"name": self.data.get("transition", "")},
                                        code="unknown")
        posted = {*self.data.keys(), *self.files.keys()} - self.FRAME
        try:
            wf.accepted(self.machine, self.chosen, dict.fromkeys(posted, ""))
        except wf.UndeclaredFields as exc:
            shown = "、".join(f"{n}（{self.machine.fields[n]}）" if n in self.machine.fields else n for n in exc.names)
            raise forms.ValidationError(_("“%(action)s”不接受这些字段：%(fields)s") % {
                "action": self.chosen.label, "fields": shown}, code="undeclared") from exc
        return data

    def values(self) -> dict[str, str]:
        """The declared fields that were posted (an absent one is not blanked)."""
        return {name: self.cleaned_data[name] for name in self.chosen.accepts if name in self.data} \
            if self.chosen else {}


class RateForm(forms.Form):
    score = forms.IntegerField(min_value=1, max_value=5)
    comment = forms.CharField(max_length=500, required=False)
