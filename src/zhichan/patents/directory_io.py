"""Reading a 企业名录 (enterprise directory) spreadsheet for the applicant directory: 名称, 统一社会信用代码, 地址,
and optionally 地区代码. The place comes from the region code column, else the address (cpca), else the registering
authority written in the credit code (characters 3–8). Every bad row is reported with its row, column and reason."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext

from zhichan.core.models import Region
from zhichan.patents import creditcode, names
from zhichan.patents.geo import cpca_codes
from zhichan.patents.ingest.errors import FileError
from zhichan.patents.ingest.files import read_csv, read_spreadsheet

HEADERS = {
    "name": ["名称", "企业名称", "单位名称", "机构名称", "申请人", "name"],
    "credit_code": ["统一社会信用代码", "信用代码", "社会信用代码", "credit code", "uscc"],
    "address": ["地址", "住所", "注册地址", "经营地址", "通信地址", "address"],
    "region": ["地区代码", "行政区划代码", "region code"],
}


@dataclass
class DirectoryRow:
    row: int
    name: str
    credit_code: str
    address: str
    region: str


def _rows(path: Path) -> list[list[object]]:
    if path.suffix.lower() in {".csv", ".txt", ".tsv"}:
        return list(read_csv(path))
    for _, rows in read_spreadsheet(path):
        return list(rows)
    raise FileError(path.name, gettext("文件中没有数据"))


def _columns(header: list[object], name: str) -> dict[str, int]:
    labels = [re.sub(r"\s", "", str(c or "")).lower() for c in header]
    found = {}
    for field, spellings in HEADERS.items():
        index = next((labels.index(s.lower().replace(" ", "")) for s in spellings
                      if s.lower().replace(" ", "") in labels), None)
        if index is not None:
            found[field] = index
    if "name" not in found:
        raise FileError(name, gettext("缺少列“名称”（第一行应为表头：名称、统一社会信用代码、地址）"))
    if not {"credit_code", "address", "region"} & set(found):
        raise FileError(name, gettext("至少需要“统一社会信用代码”“地址”“地区代码”之一，才能确定所在地"))
    return found


def read(path: Path, name: str) -> tuple[list[DirectoryRow], list[dict]]:
    """(good rows, problems); a FileError for a file that is not a directory at all."""
    rows = _rows(path)
    if not rows:
        raise FileError(name, gettext("文件中没有数据"))
    cols = _columns(rows[0], name)
    regions = dict(Region.objects.exclude(level=Region.Level.NATION).values_list("code", "name"))
    known = set(regions)
    shared = _shared_names(regions)
    cells = [[str(r[i]).strip() if i < len(r) and r[i] is not None else "" for i in range(max(cols.values()) + 1)]
             for r in rows[1:]]
    addresses = cpca_codes(sorted({c[cols["address"]] for c in cells if "address" in cols and c[cols["address"]]}))
    good, problems, seen = [], [], {}
    for number, row in enumerate(cells, start=2):
        get = {field: row[index] for field, index in cols.items()}
        if not any(row):
            continue
        try:
            found = _row(number, get, addresses, known)
            _check_address(get.get("address", ""), found.region, regions, shared, bool(get.get("region")))
            key = names.normalize(found.name)
            if key in seen:
                raise ValueError("名称", gettext("与第 %(row)s 行重复（同一名称只能有一个所在地）") % {"row": seen[key]})
            seen[key] = number
            good.append(found)
        except ValueError as exc:
            column, reason = exc.args if len(exc.args) == 2 else ("", str(exc))
            problems.append({"file": name, "row": number, "column": column, "value": get.get("name", ""),
                             "reason": reason})
    return good, problems


def _row(number: int, get: dict[str, str], addresses: dict[str, str], known: set[str]) -> DirectoryRow:
    name = get.get("name", "")
    if not name:
        raise ValueError("名称", gettext("名称为空"))
    if len(name) > 300:
        raise ValueError("名称", gettext("名称过长（%(n)s 字，最多 300 字）") % {"n": len(name)})
    code = ""
    if get.get("credit_code"):
        try:
            code = creditcode.normalize(get["credit_code"])
        except creditcode.CreditCodeError as exc:
            raise ValueError("统一社会信用代码", str(exc)) from exc
    region = re.sub(r"\D", "", get.get("region", ""))[:6]
    if region and region not in known:
        raise ValueError("地区代码", gettext("未知的行政区划代码 %(code)s") % {"code": region})
    region = region or _known(addresses.get(get.get("address", ""), ""), known) or \
        _known(creditcode.region_of(code) if code else "", known)
    if not region:
        raise ValueError("地址", gettext("无法从地区代码、地址或信用代码确定所在地"))
    return DirectoryRow(number, name, code, get.get("address", ""), region)


def _known(code: str, known: set[str]) -> str:
    for candidate in (code, code[:4] + "00", code[:2] + "0000"):
        if candidate and candidate in known and candidate != "000000":
            return candidate
    return ""


def _shared_names(regions: dict[str, str]) -> set[str]:
    """District and city names that more than one region has (朝阳区: 北京 and 长春)."""
    counts: dict[str, int] = {}
    for name in regions.values():
        counts[name] = counts.get(name, 0) + 1
    return {name for name, n in counts.items() if n > 1}


def _check_address(address: str, code: str, regions: dict[str, str], shared: set[str], stated: bool) -> None:
    """An address that names only a district or city whose name several regions share is ambiguous: cpca picks
    one of them; the row is refused instead (the entry form refuses the same name)."""
    if stated or not address:
        return
    chain = [c for c in (code[:2] + "0000", code[:4] + "00") if c in regions and c != code]
    mentioned = any(regions[c].rstrip("省市") in address for c in chain if regions[c].rstrip("省市"))
    if regions.get(code) in shared and not mentioned:
        raise ValueError("地址", gettext("地址只写到“%(name)s”，而多个地区同名；请写明省、市，或填写地区代码") % {
            "name": regions[code]})
