"""The date an export's status words describe (状态日期). Pure Python.

A status word (有效, 失效 …) is true on the day the export was made, not forever. An import records that day:
the operator's `--status-date`, else a date written in the file or folder name (exports are usually saved as
`20230418--通用自动驾驶/10000.xlsx`), else the latest date found in the file itself (its newest publication,
grant or legal event: the export cannot be older than that).
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
from collections.abc import Iterable

from zhichan.patents import record as rec

OPTION, NAME, FILE = "option", "name", "file"
SOURCE_LABELS = {OPTION: "导入时指定", NAME: "文件名中的日期", FILE: "文件中最晚的日期"}
_IN_NAME = re.compile(r"(?<!\d)((?:19|20)\d{2})[-._年]?(0[1-9]|1[0-2])[-._月]?(0[1-9]|[12]\d|3[01])日?(?!\d)")


FIRST = dt.date(1985, 4, 1)  # the Chinese patent system began


def checked(day: dt.date, today: dt.date | None = None) -> dt.date:
    """A status date an operator gives: not before 1985-04-01, not in the future (ValueError)."""
    latest = today or dt.date.today()
    if not FIRST <= day <= latest:
        raise ValueError(f"状态日期应在 {FIRST} 与 {latest} 之间 (status date out of range): {day}")
    return day


def parse_option(text: str) -> dt.date:
    """`--status-date YYYY-MM-DD`, checked (argparse shows the reason)."""
    try:
        return checked(dt.date.fromisoformat(text))
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def from_name(*names: str, today: dt.date | None = None) -> dt.date | None:
    """The last plausible date written in the names (file name first, then its folders), or None."""
    latest = today or dt.date.today()
    for name in names:
        for match in reversed(list(_IN_NAME.finditer(name or ""))):
            try:
                day = dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
            except ValueError:
                continue
            if FIRST <= day <= latest:
                return day
    return None


def latest_in(records: Iterable[rec.PatentRecord]) -> dt.date | None:
    """The newest publication, grant or event date of the records."""
    best: dt.date | None = None
    for record in records:
        days = [p.date for p in record.publications] + [e.date for e in record.events] + [record.grant_date]
        for day in days:
            if day is not None and (best is None or day > best):
                best = day
    return best


def decide(option: dt.date | None, names: list[str], records: list[rec.PatentRecord]) -> tuple[dt.date | None, str]:
    """(status date, how it was found)."""
    if option is not None:
        return option, OPTION
    named = from_name(*names)
    if named is not None:
        return named, NAME
    found = latest_in(records)
    return found, FILE if found else ""
