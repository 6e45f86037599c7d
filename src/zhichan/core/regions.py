"""GB/T 2260 administrative divisions, loaded from the table that PyPI `cpca` ships (offline)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources

MUNICIPALITIES = {"11", "12", "31", "50"}


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: int
    parent: str | None
    longitude: float | None
    latitude: float | None


def level_of(code: str) -> int:
    if code.endswith("0000"):
        return 1
    if code.endswith("00"):
        return 2
    return 3


def parent_of(code: str) -> str | None:
    level = level_of(code)
    if level == 1:
        return None
    if level == 2:
        return code[:2] + "0000"
    return code[:4] + "00"


_PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


def divisions() -> Iterator[Division]:
    """Every province, city and district, parents before children."""
    path = resources.files("cpca").joinpath("resources/adcodes.csv")
    rows = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            rows[row["adcode"][:6]] = row
    province_names = {c: r["name"] for c, r in rows.items() if level_of(c) == 1}
    names = {}
    for code, row in rows.items():
        name = row["name"]
        if name in _PLACEHOLDERS:
            if code[:2] not in MUNICIPALITIES or level_of(code) != 2:
                continue  # placeholder rows: their districts hang directly under the province
            name = province_names.get(code[:2] + "0000", name)  # 北京市 as a city as well
        names[code] = name
    for code in sorted(names, key=lambda c: (level_of(c), c)):
        parent = parent_of(code)
        if parent is not None and parent not in names:
            parent = code[:2] + "0000"
        row = rows[code]
        yield Division(code, names[code], level_of(code), parent,
                       float(row["longitude"]) if row.get("longitude") else None,
                       float(row["latitude"]) if row.get("latitude") else None)
