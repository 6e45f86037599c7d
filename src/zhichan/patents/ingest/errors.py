"""Errors and rejections that readers report."""

from __future__ import annotations

from dataclasses import dataclass


class FileError(Exception):
    """The whole file cannot be read (truncated, too large, wrong format). Nothing of it is imported."""

    def __init__(self, file: str, reason: str) -> None:
        super().__init__(f"{file}: {reason}")
        self.file = file
        self.reason = reason


@dataclass
class Rejection:
    """One row (or XML document) that could not be imported, and why. The rest of the file still imports."""

    file: str
    row: int
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.row}" + (f" [{self.column}]" if self.column else "")
        return f"{where} {self.reason}" + (f" ({self.value!r})" if self.value else "")
