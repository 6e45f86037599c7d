"""Spreadsheets and CSV files the platform writes hold text that users and imported files typed: a cell that
begins with = + - @ (or a tab or carriage return) would run as a formula when the file is opened (CSV/formula
injection, e.g. =HYPERLINK(...)). Every writer goes through this module: text cells get a leading apostrophe
(shown as text), and xlsxwriter never turns a string into a formula, a number or a link."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import IO, Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# xlsxwriter's defaults would store "=…" as a formula, "123" as a number and "http://…" as a link
SAFE_OPTIONS = {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}


# What an import refuses: a cell a spreadsheet would run (=HYPERLINK(…), @SUM(…), -2+3+cmd|…). A sign is let through
# only before a plain number or phone number (-1, +86 516 1234) or alone ("-" for "none").
_RUNS_AS_FORMULA = re.compile(r"\s*(?:[=@]|[+-](?![\d\s.()-]*$))")


def looks_like_formula(value: str) -> bool:
    """An imported cell that would run as a formula if the file were opened in a spreadsheet."""
    return bool(_RUNS_AS_FORMULA.match(value))


def neutralise(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula gets a leading apostrophe; other values stay."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable[object]) -> list[object]:
    return [neutralise(v) for v in values]


def workbook(target: Any, options: dict[str, Any] | None = None) -> Any:
    """An xlsxwriter workbook (file name or BytesIO) that stores strings as strings. Write user text through
    `write_row`/`write` below, or neutralise it first."""
    import xlsxwriter

    return xlsxwriter.Workbook(target, {**(options or {}), **SAFE_OPTIONS})


def write_row(sheet: Any, row: int, col: int, values: Iterable[object], fmt: Any = None) -> None:
    sheet.write_row(row, col, safe_row(values), *([fmt] if fmt is not None else []))


def write(sheet: Any, row: int, col: int, value: object, fmt: Any = None) -> None:
    sheet.write(row, col, neutralise(value), *([fmt] if fmt is not None else []))


class CsvWriter:
    """csv.writer whose rows are neutralised."""

    def __init__(self, handle: IO[str], *args: Any, **kwargs: Any) -> None:
        self._writer = csv.writer(handle, *args, **kwargs)

    def writerow(self, values: Iterable[object]) -> Any:
        return self._writer.writerow(safe_row(values))

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for values in rows:
            self.writerow(values)


def csv_writer(handle: IO[str], *args: Any, **kwargs: Any) -> CsvWriter:
    return CsvWriter(handle, *args, **kwargs)
