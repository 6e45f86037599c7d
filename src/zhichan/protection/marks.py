"""Trademarks named as the object of a dispute case: one per line, "注册号|商标名称|尼斯分类|权利人", checked for form
(the platform holds no trademark register). Pure Python.

A registration number (注册号) is digits only (the register's numbers, 1 to 10 of them); the class is one of the 45
classes of the Nice classification (商标注册用商品和服务国际分类, classes 1–34 goods, 35–45 services), written
"9", "第9类" or "9类" (full-width digits such as １２ read as 12); the name and the holder are required."""

from __future__ import annotations

import re
from dataclasses import dataclass

NICE_CLASSES = range(1, 46)
MAX_MARKS = 50
NAME_MAX, HOLDER_MAX = 100, 200
_NUMBER = re.compile(r"^[0-9]{1,10}$")
_CLASS = re.compile(r"^第?\s*([0-9]{1,2})\s*类?$")
_SEPARATORS = str.maketrans({"｜": "|", "\t": "|"})
_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")  # typed with a Chinese input method


@dataclass(frozen=True)
class Mark:
    number: str
    name: str
    nice_class: int
    holder: str

    def label(self) -> str:
        return f"{self.number} {self.name}（第 {self.nice_class} 类，{self.holder}）"


def nice_class(text: str) -> int | None:
    """The class number 1–45 of "9", "第9类", "9类", or None."""
    found = _CLASS.match(text.strip())
    if not found or int(found.group(1)) not in NICE_CLASSES:
        return None
    return int(found.group(1))


def parse_line(line: str) -> tuple[Mark | None, str]:
    """One line: the mark, or None and why it is refused (in Chinese, for the form)."""
    parts = [p.strip() for p in line.translate(_SEPARATORS).split("|")]
    if len(parts) != 4:
        return None, f"“{line.strip()}”：请按“注册号|商标名称|尼斯分类|权利人”填写"
    number, name, klass, holder = parts
    number, klass = number.replace(" ", "").translate(_DIGITS), klass.translate(_DIGITS)
    if not _NUMBER.match(number):
        return None, f"“{parts[0]}”：注册号只能是数字（1 至 10 位）"
    cls = nice_class(klass)
    if cls is None:
        return None, f"“{klass}”：尼斯分类应为第 1 至 45 类"
    if not name or len(name) > NAME_MAX:
        return None, f"注册号 {number}：请填写商标名称（不超过 {NAME_MAX} 字）"
    if not holder or len(holder) > HOLDER_MAX:
        return None, f"注册号 {number}：请填写权利人（不超过 {HOLDER_MAX} 字）"
    return Mark(number, name, cls, holder), ""


def parse(text: str) -> tuple[list[Mark], list[str]]:
    """Every non-empty line as a mark, and the reasons of the lines refused (a mark twice in a class is refused)."""
    marks: list[Mark] = []
    errors: list[str] = []
    seen: set[tuple[str, int]] = set()
    lines = [line for line in text.splitlines() if line.strip()]
    if len(lines) > MAX_MARKS:
        return [], [f"一个案件最多填写 {MAX_MARKS} 件商标"]
    for line in lines:
        mark, why = parse_line(line)
        if mark is None:
            errors.append(why)
        elif (mark.number, mark.nice_class) in seen:
            errors.append(f"注册号 {mark.number} 第 {mark.nice_class} 类重复")
        else:
            seen.add((mark.number, mark.nice_class))
            marks.append(mark)
    return marks, errors
