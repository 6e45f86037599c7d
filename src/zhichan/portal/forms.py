"""Forms of the article pages: what the editor typed is kept on error; attachments are checked here (type by
content, size) so that a refused file is named beside the field and nothing is saved."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhichan.core.forms import MultipleFileField
from zhichan.portal.models import Article
from zhichan.services import uploads as attachment_rules


class ArticleForm(forms.Form):
    kind = forms.ChoiceField(label=_("栏目"), choices=Article.Kind.choices)
    title = forms.CharField(label=_("标题"), max_length=200)
    issuer = forms.CharField(label=_("发布机关"), max_length=100, required=False)
    doc_number = forms.CharField(label=_("文号"), max_length=100, required=False,
                                 help_text=_("政策法规填写，例如 徐知发〔2026〕3号"))
    body = forms.CharField(label=_("正文"), widget=forms.Textarea(attrs={"rows": 16}), strip=False)
    files = MultipleFileField(label=_("附件"), required=False,
                              help_text=_("PDF、Word、Excel、图片或 ZIP，可多选"))

    def clean_body(self) -> str:
        body = self.cleaned_data["body"]
        if not body.strip():
            raise forms.ValidationError(_("请填写正文"))
        return body

    def clean_files(self) -> list[Any]:
        uploads = self.cleaned_data.get("files") or []
        for upload in uploads:
            try:
                attachment_rules.check(upload)
            except attachment_rules.UploadRefused as exc:
                raise forms.ValidationError(str(exc)) from None
        return uploads

    def values(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in ("kind", "title", "issuer", "doc_number", "body")}


class ReviewForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, a) for a in ("submit", "return", "publish", "withdraw")],
                               widget=forms.HiddenInput)
    note = forms.CharField(label=_("意见"), max_length=300, required=False)


class RemoveFileForm(forms.Form):
    file = forms.IntegerField(widget=forms.HiddenInput)
