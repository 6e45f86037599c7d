"""Dates as exports write them: 20220107, 2022/01/07, 2022-01-07, 2022.01.07, Excel serials, datetimes."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache


class DateError(ValueError):
    pass


_EXCEL_EPOCH = dt.date(1899, 12, 30)
# No patent date lies outside these (the first patents, and as far ahead as an export's integers are read); a year
# like 9999 is a typing or export error, and would overflow the term arithmetic (filing + 20 years) downstream.
EARLIEST, LATEST = dt.date(1790, 1, 1), dt.date(2100, 12, 31)
_PATTERN = re.compile(r"^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?(?:[ T].*)?$")


def parse(value: object) -> dt.date | None:
    """None for an empty cell; DateError for something that is not a real date."""
    if value is None or value == "":
        return None
    day = _parse_text(value) if type(value) is str else _parse(value)
    if day is not None and not EARLIEST <= day <= LATEST:
        raise DateError(f"日期超出范围 date out of range {value!r} ({EARLIEST.year}–{LATEST.year})")
    return day


@lru_cache(maxsize=65536)
def _parse_text(value: str) -> dt.date | None:
    return _parse(value)


def _parse(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        if 19000101 <= value <= 21001231:
            value = str(value)
        elif 1 <= value < 100000:
            return _EXCEL_EPOCH + dt.timedelta(days=value)
        else:
            raise DateError(f"无法识别的日期 unrecognised date {value!r}")
    text = str(value).strip()
    if text in {"", "-", "--", "0", "nan", "NaN", "None"}:
        return None
    if re.fullmatch(r"\d+\.0", text):
        text = text[:-2]
    match = _PATTERN.match(text)
    if not match:
        raise DateError(f"无法识别的日期 unrecognised date {value!r}")
    year, month, day = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise DateError(f"不存在的日期 invalid date {value!r}") from exc
