"""Which reader a file needs: `auto` looks at the XML root or the spreadsheet header."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from zhichan.patents import record as rec
from zhichan.patents.ingest import columns, epo, tabular, uspto
from zhichan.patents.ingest.errors import FileError, Rejection

FORMATS = ("auto", "patentics", "incopat", "spreadsheet", "uspto", "epo", "mapping:FILE.yaml")
SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".csv", ".tsv", ".txt"}

_INCOPAT_SIGNS = {"链接到incopat", "标准化申请人", "公开（公告）号", "公开国别", "专利有效性"}
_PATENTICS_SIGNS = {"专利局", "标准申请人", "相关度", "本文引用专利数", "引用本文专利数", "国际主分类", "同族专利数"}


@dataclass
class Opened:
    format: str
    results: Iterator[rec.PatentRecord | Rejection]


def sniff_xml(path: Path) -> str | None:
    with path.open("rb") as handle:
        head = handle.read(8192)
    if not head.lstrip().startswith((b"<", b"\xef\xbb\xbf<")):
        return None
    if any(root in head for root in (b"<us-patent-grant", b"<us-patent-application", b"<patent-application-publication",
                                     b"<sequence-cwu")):
        return "uspto"
    if b"world-patent-data" in head or b"exchange-document" in head:
        return "epo"
    return "xml"


def vendor_of(headers: list[str]) -> str:
    keys = {columns.header_key(h) for h in headers}
    incopat = len(keys & {columns.header_key(s) for s in _INCOPAT_SIGNS})
    patentics = len(keys & {columns.header_key(s) for s in _PATENTICS_SIGNS})
    if incopat >= 2 and incopat >= patentics:
        return "incopat"
    if patentics >= 2:
        return "patentics"
    return "spreadsheet"


def _tabular(path: Path, spec: columns.MappingSpec | None, requested: str) -> Opened:
    table = tabular.open_table(path, spec)
    return Opened(vendor_of(table.headers) if requested == "auto" else requested, table.results)


def open_file(path: Path, fmt: str = "auto") -> Opened:
    """Open a file with the requested reader (or the detected one). FileError when nothing of it can be read."""
    if not path.exists():
        raise FileError(path.name, "文件不存在 file not found")
    if fmt.startswith("mapping:"):
        try:
            spec = columns.load_mapping(Path(fmt.split(":", 1)[1]))
        except ValueError as exc:
            raise FileError(path.name, str(exc)) from exc
        return _tabular(path, spec, "mapping")
    if fmt not in FORMATS:
        raise FileError(path.name, f"未知格式 unknown format {fmt!r}; one of {', '.join(FORMATS)}")
    xml_kind = sniff_xml(path) if fmt in {"auto", "uspto", "epo"} else None
    if fmt == "uspto" or (fmt == "auto" and xml_kind == "uspto"):
        return Opened("uspto", uspto.read_file(path))
    if fmt == "epo" or (fmt == "auto" and xml_kind == "epo"):
        return Opened("epo", epo.read_file(path))
    if xml_kind == "xml":
        raise FileError(path.name, "无法识别的 XML 文档 (not USPTO full text nor EPO OPS/DOCDB XML)")
    if path.suffix.lower() not in SPREADSHEET_SUFFIXES:
        raise FileError(path.name, f"不支持的文件类型 unsupported file type {path.suffix!r} "
                                   "(xlsx, xls, csv, USPTO XML, EPO XML)")
    return _tabular(path, None, fmt)
