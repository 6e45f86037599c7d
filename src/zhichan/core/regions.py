"""GB/T 2260 administrative divisions, loaded from the table that PyPI `cpca` ships (offline), and the one rule that
reads a region typed by a person (`resolve`: a code, a name or a path of names)."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
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


# Region input: a code, a name, or a path of names from the province down ("江苏省徐州市泉山区", "徐州市 泉山区",
# "北京市海淀区"). A municipality's name alone (北京市, 天津市, 上海市, 重庆市) is both a province (110000) and a city
# (110100) in GB/T 2260; it resolves to the city (code[:2] + "0100": the level of its districts), as a record placed
# only at 北京市 is (docs/indicators.md). The province stays reachable by its code.
NATION = "100000"
NATION_NAMES = {"全国", "中国", "national", "CN"}
_SEPARATORS = re.compile(r"[\s\u3000/／>›»·、,，\-—]+")


class RegionError(ValueError):
    """Why a text names no region: `reason` is unknown, ambiguous (`candidates`) or not_nested (`outer`, `inner`)."""

    def __init__(self, reason: str, text: str, candidates: tuple[str, ...] = (), outer: str = "",
                 inner: str = "") -> None:
        super().__init__(reason, text)
        self.reason, self.text, self.candidates, self.outer, self.inner = reason, text, candidates, outer, inner


@dataclass(frozen=True)
class Table:
    """The regions a text is resolved against: code -> (name, parent code)."""

    rows: dict[str, tuple[str, str | None]]

    @classmethod
    def of(cls, rows: Iterable[tuple[str, str, str | None]]) -> Table:
        return cls({code: (name, parent) for code, name, parent in rows})

    @cached_property
    def by_name(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        for code, (name, _parent) in sorted(self.rows.items()):
            found.setdefault(name, []).append(code)
        return found

    @cached_property
    def longest(self) -> int:
        return max((len(name) for name in self.by_name), default=0)

    def within(self, inner: str, outer: str) -> bool:
        """Whether `inner` lies strictly inside `outer`."""
        node = self.rows.get(inner, ("", None))[1]
        while node is not None:
            if node == outer:
                return True
            node = self.rows.get(node, ("", None))[1]
        return False


def resolve(text: str, table: Table) -> str:
    """The code of the one region `text` names; RegionError otherwise."""
    cleaned = _SEPARATORS.sub("", text or "")
    if cleaned in NATION_NAMES:
        cleaned = NATION
    if cleaned.isdigit():
        if cleaned in table.rows:
            return cleaned
        raise RegionError("unknown", text)
    paths = list(_segmentations(cleaned, table)) if cleaned else []
    if not paths:
        raise RegionError("unknown", text)
    found: set[str] = set()
    for names in paths:
        found |= _innermost(names, table)
    found = _municipality(found)
    if len(found) == 1:
        return found.pop()
    if found:
        raise RegionError("ambiguous", text, candidates=tuple(sorted(found)))
    outer, inner = _first_break(paths[0], table)
    raise RegionError("not_nested", text, outer=outer, inner=inner)


def _segmentations(text: str, table: Table, start: int = 0) -> Iterator[list[str]]:
    """Every way to read text[start:] as a sequence of region names."""
    if start == len(text):
        yield []
        return
    for end in range(start + 1, min(len(text), start + table.longest) + 1):
        name = text[start:end]
        if name in table.by_name:
            for rest in _segmentations(text, table, end):
                yield [name, *rest]


def _innermost(names: list[str], table: Table) -> set[str]:
    """The codes the last name can take when each name lies inside the one before it."""
    current = set(table.by_name[names[0]])
    for name in names[1:]:
        current = {code for code in table.by_name[name] if any(table.within(code, outer) for outer in current)}
    return current


def _municipality(codes: set[str]) -> set[str]:
    """北京市 alone: its province and city (and 重庆市's second city-level row, 500200 县) are one place; the city."""
    prefixes = {code[:2] for code in codes}
    if len(codes) > 1 and len(prefixes) == 1 and prefixes <= MUNICIPALITIES and all(
            level_of(code) < 3 for code in codes):
        return {prefixes.pop() + "0100"}
    return codes


def _first_break(names: list[str], table: Table) -> tuple[str, str]:
    current = set(table.by_name[names[0]])
    for outer, name in zip(names, names[1:], strict=False):
        inside = {code for code in table.by_name[name] if any(table.within(code, o) for o in current)}
        if not inside:
            return outer, name
        current = inside
    return names[0], names[-1]
