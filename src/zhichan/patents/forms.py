"""The import page's form: the files, their format and the day their status words describe (状态日期)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from zhichan.core import uploads
from zhichan.core.forms import MultipleFileField
from zhichan.patents.ingest import statusdate
from zhichan.patents.ingest.detect import FORMATS

ALLOWED_SUFFIXES = {".xlsx", ".xls", ".csv", ".tsv", ".txt", ".xml"}


class ImportForm(forms.Form):
    files = MultipleFileField(label=_("文件"), required=False)
    format = forms.ChoiceField(label=_("格式"), initial="auto", required=False,
                               error_messages={"invalid_choice": _("不支持的格式：%(value)s")})
    status_date = forms.DateField(label=_("状态日期"), required=False,
                                  widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                                  error_messages={"invalid": _("状态日期应为 1985-04-01 至今天之间的日期，写作 YYYY-MM-DD。")})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["format"].choices = [(f, _("自动识别") if f == "auto" else f) for f in FORMATS[:-1]]  # type: ignore[attr-defined]
        self.fields["files"].widget.attrs.update({"accept": ",".join(sorted(ALLOWED_SUFFIXES))})

    def clean_format(self) -> str:
        return self.cleaned_data["format"] or "auto"  # not given: recognised from each file

    def clean_files(self) -> list[Any]:
        files = self.cleaned_data["files"]
        if not files:
            raise forms.ValidationError(_("请选择要导入的文件。"))
        for upload in files:
            name = uploads.name_of(upload)
            if Path(name).suffix.lower() not in ALLOWED_SUFFIXES:
                raise forms.ValidationError(_("不支持的文件类型：%(name)s（支持 xlsx、xls、csv、xml）") % {"name": name})
        try:
            uploads.check_all(files)  # every file within ZHICHAN_MAX_UPLOAD_MB, or none is kept
        except uploads.UploadTooLarge as exc:
            raise forms.ValidationError(str(exc)) from exc
        return files

    def clean_status_date(self) -> dt.date | None:
        day = self.cleaned_data["status_date"]
        if day is None:
            return None
        try:
            return statusdate.checked(day)
        except ValueError:
            raise forms.ValidationError(_("状态日期应为 1985-04-01 至今天之间的日期，写作 YYYY-MM-DD。")) from None
