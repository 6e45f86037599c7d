"""Which column holds which field: the built-in synonym table, or a mapping file for a new vendor layout."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

FIELDS_REQUIRED = ("app_number",)


def header_key(text: object) -> str:
    """Headers compare without case, spaces, width or bracket differences."""
    folded = unicodedata.normalize("NFKC", str(text or "")).lower()
    return re.sub(r"[\s()（）\[\]【】]", "", folded)


@cache
def synonyms() -> dict[str, str]:
    """header key -> field name."""
    raw = yaml.safe_load(resources.files("zhichan.patents.ingest").joinpath("synonyms.yaml").read_text("utf-8"))
    table: dict[str, str] = {}
    for field_name, names in raw.items():
        for name in names:
            table.setdefault(header_key(name), field_name)
    return table


@dataclass
class ColumnMap:
    """field -> column indexes (several when a header repeats, e.g. Patentics' three 申请日 columns)."""

    columns: dict[str, list[int]] = field(default_factory=dict)
    headers: list[str] = field(default_factory=list)

    def has(self, name: str) -> bool:
        return name in self.columns

    def header_of(self, name: str) -> str:
        indexes = self.columns.get(name)
        return self.headers[indexes[0]] if indexes else name


@dataclass
class MappingSpec:
    """A mapping file: column name -> field, plus a few options."""

    columns: dict[str, str]
    sheet: str | None = None
    header_row: int | None = None  # 1-based
    country: str = ""
    use_synonyms: bool = True


def load_mapping(path: Path) -> MappingSpec:
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ValueError(f"映射文件无法读取 cannot read mapping file {path}: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("columns"), dict):
        raise ValueError(f"映射文件 {path} 需要 columns: 字典 (a 'columns:' mapping of header -> field)")
    known = set(synonyms().values())
    unknown = sorted(v for v in data["columns"].values() if v not in known)
    if unknown:
        raise ValueError(f"映射文件 {path} 含未知字段 unknown fields: {', '.join(unknown)}; known: "
                         f"{', '.join(sorted(known))}")
    return MappingSpec(columns={str(k): str(v) for k, v in data["columns"].items()}, sheet=data.get("sheet"),
                       header_row=data.get("header_row"), country=str(data.get("country", "")),
                       use_synonyms=bool(data.get("use_synonyms", True)))


def map_header(row: list[object], spec: MappingSpec | None = None) -> ColumnMap:
    headers = [str(h or "").strip() for h in row]
    table = dict(synonyms()) if spec is None or spec.use_synonyms else {}
    if spec is not None:
        table.update({header_key(k): v for k, v in spec.columns.items()})
    mapped = ColumnMap(headers=headers)
    for index, header in enumerate(headers):
        name = table.get(header_key(header))
        if name:
            mapped.columns.setdefault(name, []).append(index)
    return mapped


def find_header(rows: list[list[object]], spec: MappingSpec | None = None) -> tuple[int, ColumnMap] | None:
    """The header is the first of the top rows that names an application number and most known fields; banner
    rows above it (titles, search statements) are skipped."""
    if spec is not None and spec.header_row:
        index = spec.header_row - 1
        return (index, map_header(rows[index], spec)) if index < len(rows) else None
    best: tuple[int, ColumnMap] | None = None
    for index, row in enumerate(rows[:15]):
        mapped = map_header(row, spec)
        if "app_number" in mapped.columns and len(mapped.columns) >= 2 and (
                best is None or len(mapped.columns) > len(best[1].columns)):
            best = (index, mapped)
    return best
