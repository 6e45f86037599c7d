"""Attachments: the type is checked by content (not the name alone), the size is bounded, and files are kept
under ZHICHAN_HOME/attachments, outside the web root, served only through a permission-checked view."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Protocol

from django.utils.translation import gettext

from zhichan import conf
from zhichan.core import uploads as files

ALLOWED = {  # extension -> magic bytes at the start of the file
    "pdf": [b"%PDF-"], "png": [b"\x89PNG\r\n\x1a\n"], "jpg": [b"\xff\xd8\xff"], "jpeg": [b"\xff\xd8\xff"],
    "docx": [b"PK\x03\x04"], "xlsx": [b"PK\x03\x04"], "zip": [b"PK\x03\x04"],
    "doc": [b"\xd0\xcf\x11\xe0"], "xls": [b"\xd0\xcf\x11\xe0"],
}


class Upload(Protocol):
    name: str | None
    size: int | None

    def chunks(self) -> object: ...

    def read(self, n: int = -1) -> bytes: ...

    def seek(self, n: int) -> object: ...


class UploadRefused(ValueError):
    pass


def folder() -> Path:
    path = conf.home() / "attachments"
    path.mkdir(parents=True, exist_ok=True)
    return path


def check(upload: Upload) -> str:
    """The file's kind, or UploadRefused with the reason."""
    name = Path(upload.name or "").name
    kind = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if kind not in ALLOWED:
        raise UploadRefused(gettext("不支持的附件类型：%(name)s（支持 %(kinds)s）") % {
            "name": name, "kinds": ", ".join(sorted(ALLOWED))})
    limit = int(conf.value("ZHICHAN_MAX_ATTACHMENT_MB")) * 1024 * 1024  # type: ignore[call-overload]
    if (upload.size or 0) > limit:
        raise UploadRefused(gettext("附件 %(name)s 超过 %(mb)s MB") % {"name": name, "mb": limit // 1024 // 1024})
    head = upload.read(16)
    upload.seek(0)
    if not any(head.startswith(magic) for magic in ALLOWED[kind]):
        raise UploadRefused(gettext("附件 %(name)s 的内容与扩展名不符") % {"name": name})
    return kind


def store(upload: Upload) -> tuple[str, int]:
    stored = uuid.uuid4().hex
    try:
        return stored, files.write(upload, folder() / stored, "ZHICHAN_MAX_ATTACHMENT_MB")
    except files.UploadTooLarge as exc:
        raise UploadRefused(str(exc)) from exc


def discard(stored: list[str]) -> None:
    """Delete attachments written for a transition that was then refused."""
    files.discard(*(folder() / name for name in stored))
