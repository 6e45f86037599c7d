from __future__ import annotations

import csv
from pathlib import Path

import pytest

from zhichan.patents.numbers import cn_check_character

HEADER = ["申请号", "公开号", "标题", "摘要", "申请日", "公开日", "申请人", "发明人", "代理机构", "地址", "IPC",
          "主分类号", "法律状态"]


def app_number(serial: int, kind: int = 1, year: int = 2023) -> str:
    digits = f"{year}{kind}{serial:07d}"
    return f"CN{digits}.{cn_check_character(digits)}"


def write_patents(path: Path, rows: list[dict]) -> Path:
    """A small export in the Patentics/incoPat column style, built by the test."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for i, row in enumerate(rows):
            number = row.get("an") or app_number(i + 1, 1 if row.get("type", "invention") == "invention" else 2)
            writer.writerow([number, row.get("pn", f"CN{116000000 + i}A"), row["title"], row.get("abstract", ""),
                             row.get("ad", "2023-03-01"), row.get("pd", "2023-09-01"),
                             row.get("applicant", "徐州工程学院"), row.get("inventor", "张三; 李四"),
                             row.get("agency", "徐州创荣知识产权代理有限公司"),
                             row.get("address", "江苏省徐州市泉山区丽水路2号"), row.get("ipc", "H01M10/052; H01M4/131"),
                             row.get("main_ipc", "H01M10/052"), row.get("status", "实质审查")])
    return path


@pytest.fixture
def small_export(tmp_path):
    def make(rows: list[dict], name: str = "export.csv") -> Path:
        return write_patents(tmp_path / name, rows)

    return make
