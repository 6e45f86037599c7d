"""Spreadsheet and CSV exports (Patentics, incoPat, any layout through a mapping) → PatentRecord."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from zhichan.patents import dates, ipc, names, numbers, status
from zhichan.patents import record as rec
from zhichan.patents.ingest import columns, files
from zhichan.patents.ingest.errors import FileError, Rejection

Result = rec.PatentRecord | Rejection

_TYPE_WORDS = [("实用新型", rec.UTILITY), ("外观", rec.DESIGN), ("发明", rec.INVENTION), ("utility", rec.UTILITY),
               ("design", rec.DESIGN), ("invention", rec.INVENTION)]
_CN_TYPE_DIGIT = {"1": rec.INVENTION, "8": rec.INVENTION, "2": rec.UTILITY, "9": rec.UTILITY, "3": rec.DESIGN}
_COUNTRY_NAMES = {"中国": "CN", "美国": "US", "日本": "JP", "韩国": "KR", "德国": "DE", "法国": "FR", "英国": "GB",
                  "世界知识产权组织": "WO", "欧洲专利局": "EP", "中国台湾": "TW", "台湾": "TW", "中国香港": "HK",
                  "中国澳门": "MO", "加拿大": "CA", "澳大利亚": "AU", "印度": "IN", "俄罗斯": "RU", "巴西": "BR"}
_EVENT = re.compile(r"(\d{4}[.\-/]\d{1,2}[.\-/]\d{1,2})\s+(\S+)\s*(.*)")


def text(value: object) -> str:
    if type(value) is str:
        return value.strip()
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    return str(value).strip()


class RowReader:
    """Reads the cells of one row by field name, remembering which column a bad value came from."""

    def __init__(self, cmap: columns.ColumnMap, row: list[object], cells: list[str] | None = None) -> None:
        self.cmap = cmap
        self.row = row
        self.cells = cells if cells is not None else [text(c) for c in row]  # each cell's text, computed once

    def get(self, name: str) -> str:
        cells = self.cells
        for index in self.cmap.columns.get(name, ()):
            if index < len(cells) and cells[index]:
                return cells[index]
        return ""

    def raw(self, name: str) -> object:
        for index in self.cmap.columns.get(name, []):
            if index < len(self.row) and text(self.row[index]):
                return self.row[index]
        return None


class RowError(Exception):
    def __init__(self, column: str, value: str, reason: str) -> None:
        super().__init__(reason)
        self.column, self.value, self.reason = column, value, reason


def _date(reader: RowReader, name: str) -> object:
    value = reader.raw(name)
    try:
        return dates.parse(value)
    except dates.DateError as exc:
        raise RowError(reader.cmap.header_of(name), text(value), str(exc)) from exc


def _int(reader: RowReader, name: str) -> int | None:
    value = reader.get(name)
    if not value:
        return None
    try:
        return int(float(value))
    except (ValueError, OverflowError) as exc:  # "abc", "nan"; "1e400", "inf"
        raise RowError(reader.cmap.header_of(name), value, "不是整数 not a whole number") from exc


def _country(value: str) -> str:
    value = value.strip()
    if not value:
        return ""
    if re.fullmatch(r"[A-Za-z]{2}", value):
        return value.upper()
    return _COUNTRY_NAMES.get(value, "")


def _patent_type(reader: RowReader, number: numbers.ApplicationNumber, pubs: list[rec.PublicationRecord]) -> str:
    for word_source in (reader.get("patent_type"), reader.get("pub_type")):
        for needle, kind in _TYPE_WORDS:
            if needle in word_source.lower():
                return kind
    if number.country == "CN" and number.type_digit in _CN_TYPE_DIGIT:
        return _CN_TYPE_DIGIT[number.type_digit]
    for pub in pubs:
        if pub.country == "CN" and pub.kind[:1] in "ABC":
            return rec.INVENTION
    return rec.OTHER_TYPE


def _publications(reader: RowReader, pub_date: object) -> list[rec.PublicationRecord]:
    pubs = []
    for name in ("pub_number", "grant_number"):
        value = reader.get(name)
        if not value:
            continue
        try:
            parsed = numbers.parse_publication_number(value)
        except numbers.NumberError as exc:
            raise RowError(reader.cmap.header_of(name), value, str(exc)) from exc
        pubs.append(rec.PublicationRecord(parsed.key, parsed.country, parsed.kind,
                                          pub_date if name == "pub_number" else None))  # type: ignore[arg-type]
    return pubs


def _parties(reader: RowReader) -> list[rec.PartyRecord]:
    parties: list[rec.PartyRecord] = []
    for name, role in (("applicants", rec.APPLICANT), ("holders", rec.HOLDER), ("inventors", rec.INVENTOR),
                       ("agency", rec.AGENCY), ("agent", rec.AGENT)):
        for party in names.split_names(reader.get(name)):
            parties.append(rec.PartyRecord(role=role, name=party))
    combined = names.split_names(reader.get("agency_and_agent"))
    if combined:
        parties.append(rec.PartyRecord(role=rec.AGENCY, name=combined[0]))
        parties.extend(rec.PartyRecord(role=rec.AGENT, name=n) for n in combined[1:])
    # an export's address (通信地址, 申请人地址) and province columns describe the first applicant; a holder of the
    # same name is the same party and is placed with it
    first_applicant = next((p for p in parties if p.role == rec.APPLICANT), None)
    if first_applicant is not None:
        first_applicant.address = re.sub(r"^\d{6}\s*", "", reader.get("address"))
        first_applicant.region_code = re.sub(r"\D", "", reader.get("region_code"))[:6]
        first_applicant.province = reader.get("province")
        same = names.normalize(first_applicant.name)
        for holder in parties:
            if holder.role == rec.HOLDER and names.normalize(holder.name) == same:
                holder.address, holder.province = first_applicant.address, first_applicant.province
                holder.region_code = first_applicant.region_code
    return parties


def _events(raw: str) -> list[rec.EventRecord]:
    events = []
    for line in re.split(r"[\n|;；]+", raw):
        match = _EVENT.search(line)
        if match:
            try:
                date = dates.parse(match.group(1).replace(".", "-"))
            except dates.DateError:
                continue
            events.append(rec.EventRecord(date, match.group(2), match.group(3).strip()))
    return events


def _main_ipc(reader: RowReader, codes: list[str]) -> str:
    main = ipc.normalize(reader.get("main_ipc").split("|")[0].split(";")[0]) or ""
    if main and "/" not in main:  # Patentics CSV writes only the subclass; take the first full code under it
        main = next((c for c in codes if c.startswith(main)), main)
    return main or (codes[0] if codes else "")


def build_record(reader: RowReader, country_default: str = "") -> rec.PatentRecord:
    raw_number = reader.get("app_number")
    if not raw_number:
        raise RowError(reader.cmap.header_of("app_number"), "", "缺少申请号 missing application number")
    country = _country(reader.get("country")) or country_default
    try:
        number = numbers.parse_application_number(raw_number, country)
    except numbers.NumberError as exc:
        raise RowError(reader.cmap.header_of("app_number"), raw_number, str(exc)) from exc
    pub_date = _date(reader, "pub_date")
    pubs = _publications(reader, pub_date)
    grant_date = _date(reader, "grant_date")
    if not grant_date and pubs and numbers.is_grant_kind(pubs[0].country, pubs[0].kind):
        grant_date = pub_date
    codes = ipc.split_codes(reader.get("ipc"))
    main = _main_ipc(reader, codes)
    if main and main not in codes:
        codes.insert(0, main)
    status_raw = " / ".join(v for v in (reader.get("validity"), reader.get("legal_status")) if v)
    legal = status.combine(reader.get("validity"), reader.get("legal_status")) if status_raw else ""
    family = [m.strip() for m in re.split(r"[;|]", reader.get("family_members")) if m.strip()]
    return rec.PatentRecord(
        key=number.key, country=number.country, app_number_raw=raw_number,
        patent_type=_patent_type(reader, number, pubs),
        title=reader.get("title"), title_en=reader.get("title_en"), abstract=reader.get("abstract"),
        abstract_en=reader.get("abstract_en"), claims=reader.get("claims"), description=reader.get("description"),
        filing_date=_date(reader, "filing_date"), priority_date=_date(reader, "priority_date"),  # type: ignore[arg-type]
        grant_date=grant_date,  # type: ignore[arg-type]
        legal_status=legal, legal_status_raw=status_raw, main_ipc=main, ipc=codes,
        cpc=ipc.split_codes(reader.get("cpc")), claims_count=_int(reader, "claims_count"),
        cites_count=_int(reader, "cites_count"), cited_by_count=_int(reader, "cited_by_count"),
        family_id=reader.get("family_id"), family_size=_int(reader, "family_size"), family_members=family,
        priorities=[p for p in re.split(r"[;|\n]\s*", reader.get("priorities")) if p.strip()],
        pct=number.type_digit in {"8", "9"} or number.is_pct_international, vendor_sei=reader.get("sei"),
        group_names=list(dict.fromkeys(names.split_names(reader.get("group_names")))),
        nic_codes=[c.strip() for c in re.split(r"[;,，；]", reader.get("nic")) if c.strip()],
        publications=pubs, parties=_parties(reader), events=_events(reader.get("events")),
    )


@dataclass
class Table:
    """A table whose header has been found: its headers, and the records (or rejections) of its rows."""

    headers: list[str]
    results: Iterator[Result]


def read_table(name: str, rows: Iterator[files.Row], spec: columns.MappingSpec | None = None) -> Table:
    """Find the header (FileError if there is none) and return the table; rows are read as results are consumed."""
    head: list[list[object]] = []
    for row in rows:
        head.append(row)
        if len(head) >= 15:
            break
    found = columns.find_header(head, spec)
    if found is None:
        raise FileError(name, "找不到表头：前 15 行中没有包含“申请号”的行 (no header row with an application number column "
                              "in the first 15 rows; wrong encoding or layout? use --format mapping:FILE.yaml)")
    header_index, cmap = found
    numbered = chain(enumerate(head[header_index + 1:], start=header_index + 2),
                     enumerate(rows, start=len(head) + 1))
    return Table(cmap.headers, _records(name, cmap, numbered, spec.country if spec else ""))


def _records(name: str, cmap: columns.ColumnMap, numbered: Iterator[tuple[int, list[object]]],
             country_default: str) -> Iterator[Result]:
    width = len(cmap.headers)
    for line, row in numbered:
        cells = [text(c) for c in row]
        if not any(cells):
            continue
        extra = cells[width:]
        if any(extra):
            yield Rejection(name, line, "", " | ".join(extra)[:200], f"列数 {len(row)} 多于表头 {width} 列 (more cells "
                                                                   f"than header columns)")
            continue
        reader = RowReader(cmap, row, cells)
        try:
            record = build_record(reader, country_default)
        except RowError as exc:
            yield Rejection(name, line, exc.column, exc.value, exc.reason)
            continue
        except Exception as exc:  # anything unforeseen fails this row, never the whole file
            yield Rejection(name, line, "", " | ".join(c for c in cells if c)[:200],
                            f"该行无法读取 row unreadable: {type(exc).__name__}: {exc}")
            continue
        record.source = rec.SourceRow(name, line, {h: c for h, c in zip(cmap.headers, cells, strict=False) if h and c})
        yield record


def open_table(path: Path, spec: columns.MappingSpec | None = None) -> Table:
    """A CSV file's table, or the first sheet of a workbook that has a patent header (others are analysis sheets)."""
    if path.suffix.lower() in {".csv", ".txt", ".tsv"}:
        return read_table(path.name, files.read_csv(path), spec)
    sheets = files.read_spreadsheet(path)
    if spec is not None and spec.sheet:
        sheets = ((n, r) for n, r in sheets if n == spec.sheet)
    errors = []
    for sheet_name, rows in sheets:
        try:
            return read_table(path.name, rows, spec)
        except FileError as exc:
            errors.append(f"{sheet_name}: {exc.reason}")
    if spec is not None and spec.sheet and not errors:
        raise FileError(path.name, f"没有名为 {spec.sheet} 的工作表 (no such sheet)")
    raise FileError(path.name, "; ".join(errors) or "电子表格为空 empty spreadsheet")
