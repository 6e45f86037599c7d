"""IPC symbols (domain.md §6): one normal form, `H01M10/052`. Pure Python.

Sources write `H01M 10/052`, `H01M  10/052`, `H01M0010052000` (fixed width), `H01M10/052(2010.01)`, `A41B001/00`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_FIXED = re.compile(r"^([A-H]\d\d[A-Z])(\d{4})(\d{6})$")
_SPACED = re.compile(r"^([A-H]\d\d[A-Z])\s*0*(\d{1,4})\s*/\s*(\d{1,6})")
_SUBCLASS = re.compile(r"^([A-H]\d\d[A-Z])$")
_CLASS = re.compile(r"^([A-H]\d\d)$")


@lru_cache(maxsize=65536)
def normalize(raw: str) -> str | None:
    """Return the normal form of an IPC (or CPC) symbol, or None if it is not one."""
    text = unicodedata.normalize("NFKC", str(raw)).upper().strip()
    text = re.sub(r"\(\d{4}\.\d{2}\)$", "", text).strip()
    fixed = _FIXED.match(text.replace(" ", ""))
    if fixed:
        subclass, group, sub = fixed.groups()
        sub = sub.rstrip("0")
        return f"{subclass}{int(group)}/{sub.ljust(2, '0')}"
    spaced = _SPACED.match(text)
    if spaced:
        subclass, group, sub = spaced.groups()
        sub = sub.rstrip("0").ljust(2, "0") if len(sub) > 2 else sub.ljust(2, "0")
        return f"{subclass}{int(group)}/{sub}"
    compact = text.replace(" ", "")
    if _SUBCLASS.match(compact) or _CLASS.match(compact) or re.fullmatch(r"[A-H]", compact):
        return compact
    return None


def split_codes(raw: str) -> list[str]:
    """Split a multi-value IPC cell (`|`, `;`, `,`, new lines) into normal forms, order kept, duplicates dropped."""
    if not raw:
        return []
    seen: dict[str, None] = {}
    for part in re.split(r"[|;,，；\n]+", str(raw)):
        code = normalize(part)
        if code:
            seen.setdefault(code, None)
    return list(seen)


def subclass(code: str) -> str:
    return code[:4]


def main_group(code: str) -> str:
    """`H01M10/052` → `H01M10/00`."""
    if "/" not in code:
        return code
    return code.split("/")[0] + "/00"


def ancestors(code: str) -> list[str]:
    """The code and every level above it: section, class, subclass, main group, the code itself."""
    levels = [code[:1], code[:3], code[:4]]
    if "/" in code:
        levels.append(main_group(code))
        if code != main_group(code):
            levels.append(code)
    return [c for i, c in enumerate(levels) if c and c not in levels[:i]]


def display(code: str) -> str:
    """`H01M10/052` → `H01M 10/052` (the printed form)."""
    if "/" not in code:
        return code
    return f"{code[:4]} {code[4:]}"
