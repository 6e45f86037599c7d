"""Plans to and from a spreadsheet: one row per plan row and period, so that offices can edit targets in Excel
and import them back (the export of a plan imports to the same plan)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from zhichan.core import spreadsheet
from zhichan.indicators.models import Plan
from zhichan.indicators.uploads import RowProblem, _cell, rows_of

HEADERS = ["序号", "指标代码", "指标名称", "单位", "目标类型", "基期年份", "基期值", "原文表述", "期间", "目标值", "序时进度"]
KINDS = {"absolute": "目标值", "growth": "增长%", "reduction": "降低%"}


def export(plan: Plan, path: Path) -> Path:
    book = spreadsheet.workbook(str(path))  # wording and milestones are typed or imported text
    sheet = book.add_worksheet("规划目标")
    sheet.write_row(0, 0, HEADERS, book.add_format({"bold": True}))
    sheet.set_column(2, 2, 30)
    sheet.set_column(7, 7, 50)
    r = 1
    for item in plan.items.select_related("indicator").prefetch_related("targets"):
        for target in item.targets.all():
            spreadsheet.write_row(sheet, r, 0, [item.number or "", item.indicator_id, item.indicator.name_zh, item.indicator.unit,
                                   KINDS.get(item.target_kind, item.target_kind), item.baseline_year or "",
                                   "" if item.baseline_value is None else item.baseline_value, item.wording,
                                   target.period, "" if target.value is None else target.value, target.text])
            r += 1
    book.close()
    return path


def read(path: Path, name: str) -> tuple[list[dict[str, Any]], list[RowProblem]]:
    """Plan rows in the template structure, and the rows that could not be read."""
    rows = rows_of(path)
    header = [str(c or "").strip() for c in (rows[0] if rows else [])]
    missing = [h for h in ("指标代码", "期间") if h not in header]
    if missing:
        return [], [RowProblem(name, 1, "、".join(missing), "缺少列（第一行应为表头）")]
    col = {h: header.index(h) for h in HEADERS if h in header}
    kinds = {v: k for k, v in KINDS.items()}
    items: dict[tuple[str, str], dict[str, Any]] = {}
    problems = []
    for number, row in enumerate(rows[1:], start=2):
        code, period = _cell(row, col.get("指标代码")), _cell(row, col.get("期间")).upper()
        if not code and not period:
            continue
        value_text = _cell(row, col.get("目标值")).replace(",", "")
        try:
            value = float(value_text) if value_text else None
            baseline = _cell(row, col.get("基期值"))
            baseline_value = float(baseline) if baseline else None
            baseline_year = int(_cell(row, col.get("基期年份")) or 0) or None
        except ValueError:
            problems.append(RowProblem(name, number, "目标值/基期值", "不是数字"))
            continue
        if not code or not period:
            problems.append(RowProblem(name, number, "指标代码" if not code else "期间", "不能为空"))
            continue
        key = (_cell(row, col.get("序号")), code)
        item = items.setdefault(key, {
            "no": int(key[0]) if key[0].isdigit() else None, "code": code, "name": _cell(row, col.get("指标名称")),
            "unit": _cell(row, col.get("单位")), "kind": kinds.get(_cell(row, col.get("目标类型")), "absolute"),
            "wording": _cell(row, col.get("原文表述")), "baseline_year": baseline_year,
            "baseline_value": baseline_value, "values": {}, "milestones": {}})
        if value is not None:
            item["values"][period] = value
        if _cell(row, col.get("序时进度")):
            item["milestones"][period] = _cell(row, col.get("序时进度"))
    return list(items.values()), problems
