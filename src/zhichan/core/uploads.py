"""Writing an uploaded file to disk in chunks (imports, indicator spreadsheets, case attachments)."""

from __future__ import annotations

from pathlib import Path
from typing import Any


def write(upload: Any, path: Path) -> int:
    """Write `upload` (a Django UploadedFile) to `path`; returns the number of bytes written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    size = 0
    with path.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
            size += len(chunk)
    return size
