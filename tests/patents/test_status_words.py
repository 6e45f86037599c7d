"""Every distinct status word of the shared exports maps to the right state (domain.md §3). The table is written
by hand; the test also reads every export and fails on a word the table does not list, so a new export's words
get looked at before they are counted."""

from __future__ import annotations

import pandas as pd

from tests.conftest import CONTAINER, raw_data
from zhichan.patents import status

V, P, L, R, W, PCT = status.VALID, status.PENDING, status.LAPSED, status.REJECTED, status.WITHDRAWN, status.PCT
# (专利有效性 or Patentics 法律状态, incoPat 当前法律状态 or "") -> state
TABLE = {
    ("有效", ""): V, ("公开", ""): P, ("驳回", ""): R, ("失效", ""): L, ("撤回", ""): W, ("无效", ""): L,
    ("有效", "授权"): V, ("审中", "实质审查"): P, ("审中", "公开"): P,
    ("失效", "未缴年费"): L, ("失效", "撤回"): W, ("失效", "期限届满"): L, ("失效", "驳回"): R, ("失效", "放弃"): L,
    ("失效", "权利终止"): L,
    ("PCT-有效期内", "未进入国家阶段-PCT有效期内"): PCT, ("PCT-有效期内", "进入国家阶段-PCT有效期内"): PCT,
    ("PCT-有效期满", "未进入国家阶段-PCT有效期满"): PCT, ("PCT-有效期满", "进入国家阶段-PCT有效期满"): PCT,
}


def test_table():
    for (validity, current), expected in TABLE.items():
        assert status.combine(validity, current) == expected, (validity, current)
    assert status.normalize("PCT-有效期内") == PCT  # contains 有效, is not a patent in force
    assert status.normalize("进入国家阶段-PCT有效期满") == PCT
    assert PCT not in status.IN_FORCE


def _pairs(path) -> set[tuple[str, str]]:
    if path.suffix == ".csv":
        frame = pd.read_csv(path, encoding="utf-8-sig", index_col=False, dtype=str, keep_default_na=False)
    else:
        frame = pd.read_excel(path, sheet_name=0, dtype=str, engine="calamine", keep_default_na=False)
    overall = "专利有效性" if "专利有效性" in frame else "法律状态" if "法律状态" in frame else None
    if overall is None:
        return set()
    current = frame["当前法律状态"] if "当前法律状态" in frame else pd.Series([""] * len(frame))
    return set(zip(frame[overall].str.strip(), current.str.strip(), strict=True)) - {("", "")}


def test_every_status_word_of_the_shared_exports_is_in_the_table():
    root = raw_data(CONTAINER)
    seen: set[tuple[str, str]] = set()
    for path in sorted([*root.glob("*/*.xlsx"), *root.glob("*/*.csv")]):
        seen |= _pairs(path)
    assert seen, "no status words read"
    missing = seen - set(TABLE)
    assert not missing, f"status words not in the table: {sorted(missing)}"
