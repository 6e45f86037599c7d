"""Opening untrusted files: size bounds, encodings, sheets. Everything a reader needs before it maps columns."""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

from zhichan import conf
from zhichan.patents.ingest.errors import FileError

Row = list[object]


def max_rows() -> int:
    return int(conf.value("ZHICHAN_MAX_ROWS"))  # type: ignore[arg-type]


def check_xlsx_bounds(path: Path) -> None:
    """Refuse truncated archives and zip bombs before any XML inside is parsed."""
    limit = int(conf.value("ZHICHAN_MAX_XLSX_UNCOMPRESSED_MB")) * 1024 * 1024  # type: ignore[arg-type]
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise FileError(path.name, f"文件损坏或不完整，无法作为 xlsx 打开 (truncated or corrupt xlsx: {exc})") from exc
    total = sum(info.file_size for info in infos)
    if total > limit:
        raise FileError(path.name, f"解压后大小 {total // 1024 // 1024} MB 超过上限 {limit // 1024 // 1024} MB "
                                   f"(decompressed size over the limit; see ZHICHAN_MAX_XLSX_UNCOMPRESSED_MB)")
    for info in infos:
        if info.compress_size and info.file_size / info.compress_size > 1000 and info.file_size > 50 * 1024 * 1024:
            raise FileError(path.name, f"压缩比异常 ({info.filename}) suspicious compression ratio (zip bomb)")


def read_spreadsheet(path: Path) -> Iterator[tuple[str, Iterator[Row]]]:
    """Yield (sheet name, rows) for each non-empty sheet of an xlsx/xls file."""
    from python_calamine import CalamineWorkbook

    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        check_xlsx_bounds(path)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as exc:
        raise FileError(path.name, f"无法读取电子表格 cannot read spreadsheet: {exc}") from exc
    for name in workbook.sheet_names:
        try:
            sheet = workbook.get_sheet_by_name(name)
        except Exception as exc:
            raise FileError(path.name, f"工作表 {name} 无法读取 cannot read sheet: {exc}") from exc
        if sheet.total_height > max_rows() + 20:
            raise FileError(path.name, f"工作表 {name} 有 {sheet.total_height} 行，超过上限 {max_rows()} "
                                       f"(too many rows; see ZHICHAN_MAX_ROWS)")
        if sheet.total_height == 0:
            continue
        yield name, iter(sheet.iter_rows())


def detect_encoding(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 when it decodes cleanly, else a best guess."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    sample = data[: 1 << 20]
    for encoding in ("utf-8", "gb18030"):
        try:
            sample.decode(encoding)
            return encoding
        except UnicodeDecodeError as exc:
            if encoding == "utf-8" and exc.start > len(sample) - 4:
                return encoding  # a multibyte character cut by the sample boundary
    from charset_normalizer import from_bytes

    best = from_bytes(sample).best()
    if best is None:
        raise FileError("", "无法识别文件编码 cannot detect the text encoding (binary file?)")
    return best.encoding


def read_csv(path: Path) -> Iterator[Row]:
    data = path.read_bytes()
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise FileError(path.name, "不是文本文件 not a text file (binary content)")
    try:
        encoding = detect_encoding(data)
    except FileError as exc:
        raise FileError(path.name, exc.reason) from exc
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise FileError(path.name, f"编码 {encoding} 解码失败，位置 {exc.start} (decoding error)") from exc
    dialect = _sniff(text)
    limit = max_rows() + 20
    for count, row in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
        if count > limit:
            raise FileError(path.name, f"超过 {max_rows()} 行 (too many rows; see ZHICHAN_MAX_ROWS)")
        yield row


def _sniff(text: str) -> type[csv.Dialect] | csv.Dialect:
    first = text[:4096].splitlines()[0] if text else ""
    if first.count("\t") > first.count(","):
        return csv.excel_tab
    return csv.excel
