"""Writing an uploaded file to disk in chunks (imports, indicator spreadsheets, the applicant directory, case
attachments), within a size limit per file: a file over it is refused with its name and the limit, and whatever
was written of it is deleted. Django keeps a large upload in a temporary file while the request runs and deletes
it afterwards; nothing of a refused file stays under ZHICHAN_HOME."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from zhichan import conf

MB = 1024 * 1024


class UploadTooLarge(ValueError):
    """A file over the limit; the message names the file and the limit."""

    def __init__(self, name: str, limit_mb: int) -> None:
        super().__init__(_("文件 %(name)s 超过上传大小上限 %(limit)d MB，未保存") % {"name": name, "limit": limit_mb})
        self.name, self.limit_mb = name, limit_mb


def limit_mb(setting: str = "ZHICHAN_MAX_UPLOAD_MB") -> int:
    return int(conf.value(setting))  # type: ignore[call-overload]


def name_of(upload: Any) -> str:
    return Path(getattr(upload, "name", "") or "upload").name


def check(upload: Any, setting: str = "ZHICHAN_MAX_UPLOAD_MB") -> None:
    """UploadTooLarge when the upload's size is over the limit (checked before anything is written)."""
    limit = limit_mb(setting)
    if (getattr(upload, "size", None) or 0) > limit * MB:
        raise UploadTooLarge(name_of(upload), limit)


def check_all(uploads: Iterable[Any], setting: str = "ZHICHAN_MAX_UPLOAD_MB") -> None:
    for upload in uploads:
        check(upload, setting)


def write(upload: Any, path: Path, setting: str = "ZHICHAN_MAX_UPLOAD_MB") -> int:
    """Write `upload` (a Django UploadedFile) to `path`; returns the number of bytes written. Over the limit of
    `setting` (counted while writing, whatever the upload says its size is) the partial file is deleted and
    UploadTooLarge raised."""
    check(upload, setting)
    limit = limit_mb(setting)
    path.parent.mkdir(parents=True, exist_ok=True)
    size = 0
    try:
        with path.open("wb") as handle:
            for chunk in upload.chunks():
                size += len(chunk)
                if size > limit * MB:
                    raise UploadTooLarge(name_of(upload), limit)
                handle.write(chunk)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return size


def discard(*paths: Path) -> None:
    """Delete files or folders written for a request that was then refused."""
    for path in paths:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
