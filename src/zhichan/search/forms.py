"""The search pages' writes: saving a search, watching or deleting a saved one, exporting results, watching a patent.
A refusal re-renders the search page with 400, the typed values and each reason beside its field; the write is the
page's do_* action."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhichan.search.query.errors import QueryError
from zhichan.search.query.parser import parse


class QueryField(forms.CharField):
    """A query of the search language, refused with the parser's reason (the character where it went wrong)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 2000)
        kwargs.setdefault("widget", forms.HiddenInput)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        query = super().clean(value).strip()
        try:
            parse(query)
        except QueryError as exc:
            raise forms.ValidationError(_("检索式有误：%(error)s") % {"error": exc.describe()}) from exc
        return query


class SaveSearchForm(forms.Form):
    q = QueryField(label=_("检索式"))
    name = forms.CharField(label=_("检索名称"), max_length=200, required=False,
                           widget=forms.TextInput(attrs={"placeholder": _("检索名称"), "aria-label": _("检索名称")}))
    watched = forms.BooleanField(label=_("监控新记录"), required=False)


class SavedSearchActionForm(forms.Form):
    """保存的检索: stop or start watching one, or delete it (only one's own)."""

    id = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)
    action = forms.ChoiceField(choices=[("delete", "delete"), ("watch", "watch"), ("unwatch", "unwatch")])

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["id"].queryset = user.saved_searches.all()  # type: ignore[attr-defined]


class ExportForm(forms.Form):
    q = QueryField(label=_("检索式"))
    format = forms.ChoiceField(label=_("格式"), choices=[("xlsx", "Excel"), ("csv", "CSV")],
                               error_messages={"invalid_choice": _("不支持的导出格式")})


class WatchPatentForm(forms.Form):
    watch = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda v: v == "1")
