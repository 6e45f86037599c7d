"""The recogniser of deal events (deals/events.py), against every distinct event of the shared exports and against
hand-built gazette wordings. The expected answers are written by hand: a new export with words the table does not
list fails here, so its words get looked at before they are counted."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from tests.conftest import CONTAINER, raw_data
from zhichan.deals import events as ev

T, L, OL, P = ev.TRANSFER, ev.LICENCE, ev.OPEN_LICENCE, ev.PLEDGE
E, C, CH, IG = ev.EFFECTIVE, ev.CANCEL, ev.CHANGE, ev.IGNORE
NONE = None

# (category, item) as the loader stores them (LegalEvent.code, .description) → (kind, action) or None (no deal event)
REAL = {
    ("专利申请权、专利权的转移", "专利权的转移"): (T, E),
    ("专利申请权、专利权的转移", "专利申请权的转移"): (T, E),
    ("专利权的转移", "专利权的转移"): (T, E),
    ("专利权人的姓名或者名称、地址的变更", "专利权人的姓名或者名称、地址的变更"): ("", IG),  # same holder, renamed
    ("著录事项变更", "著录事项变更"): ("", IG),  # without 变更前/变更后 lines: not known to be a transfer
    ("公开", "公开"): NONE, ("公布", "公布"): NONE, ("授权", "授权"): NONE, ("实质审查的生效", "实质审查的生效"): NONE,
    ("发明专利申请公布后的驳回", "发明专利申请公布后的驳回"): NONE,
    ("发明专利申请公布后的撤回", "发明专利申请公布后的撤回"): NONE,
    ("发明专利申请公布后的视为撤回", "发明专利申请公布后的视为撤回"): NONE,
    ("未缴年费专利权终止", "未缴年费专利权终止"): NONE, ("发明专利公报更正", "发明专利公报更正"): NONE,
    ("发明专利申请更正", "发明专利申请更正"): NONE,
}

# hand-built: the gazette's wordings of licences, pledges, open licences (CNIPA 专利公报 categories and items)
HAND = {
    ("专利实施许可合同备案的生效、变更及注销", "专利实施许可合同备案的生效"): (L, E),
    ("专利实施许可合同备案的生效、变更及注销", "专利实施许可合同备案的变更"): (L, CH),
    ("专利实施许可合同备案的生效、变更及注销", "专利实施许可合同备案的注销"): (L, C),
    ("专利实施许可合同备案的生效、变更及注销", ""): (L, E),  # the category alone reads as its first item
    ("专利实施许可合同的备案", ""): (L, E),
    ("专利权质押合同登记的生效、变更及注销", "专利权质押合同登记的生效"): (P, E),
    ("专利权质押合同登记的生效、变更及注销", "专利权质押合同登记的变更"): (P, CH),
    ("专利权质押合同登记的生效、变更及注销", "专利权质押合同登记的注销"): (P, C),
    ("专利权的质押、保全及其解除", "专利权质押合同登记的生效"): (P, E),
    ("专利开放许可", "专利开放许可实施许可合同备案"): (OL, E),
    ("专利开放许可", "专利开放许可实施许可合同备案的注销"): (OL, C),
    ("专利开放许可", "专利开放许可声明"): ("", IG),  # a declaration is an offer, not a licence taken
    ("专利实施的强制许可", "专利实施的强制许可"): ("", IG),
    ("专利申请权、专利权的转移", "专利权的转让"): (T, E),
    ("申请人的姓名或者名称、地址的变更", "申请人的姓名或者名称、地址的变更"): ("", IG),
}


def _answer(found):
    return None if found is None else (found.kind, found.action)


@pytest.mark.parametrize(("words", "expected"), [*REAL.items(), *HAND.items()])
def test_table(words, expected):
    assert _answer(ev.recognise(*words)) == expected


def _real_events() -> set[tuple[str, str]]:
    """Every (category, item) of the shared exports' event columns, split as the tabular reader splits them."""
    line = re.compile(r"(\d{4}[.\-/]\d{1,2}[.\-/]\d{1,2})\s+(\S+)\s*(.*)")
    seen = set()
    root = raw_data(CONTAINER)
    for path in sorted([*root.glob("*/*.xlsx"), *root.glob("*/*.csv")]):
        if path.suffix == ".csv":
            frame = pd.read_csv(path, encoding="utf-8-sig", index_col=False, dtype=str, keep_default_na=False)
        else:
            frame = pd.read_excel(path, sheet_name=0, dtype=str, engine="calamine", keep_default_na=False)
        for column in ("法律描述", "法律事件", "法律状态信息"):
            for value in frame.get(column, []):
                for part in re.split(r"[\n|;；]+", value):
                    match = line.search(part)
                    if match:
                        seen.add((match.group(2), match.group(3).strip()))
    return seen


def test_every_event_of_the_shared_exports_is_in_the_table():
    seen = _real_events()
    assert ("专利权的转移", "专利权的转移") in seen  # the reader found the events column
    missing = seen - set(REAL)
    assert not missing, f"events not in the table: {sorted(missing)}"
    wrong = {w: _answer(ev.recognise(*w)) for w in seen if _answer(ev.recognise(*w)) != REAL[w]}
    assert not wrong


def test_a_bibliographic_change_is_a_transfer_only_when_the_holder_changed():
    other = "变更事项=专利权人\n变更前权利人=甲科技有限公司\n变更后权利人=乙科技有限公司"
    assert _answer(ev.recognise("著录事项变更", "著录事项变更", other)) == (T, E)
    inventor = "变更事项=发明人\n变更前=李新文\n变更后=李金英\u3000李新文"  # real lines of the 中科创达 export
    assert _answer(ev.recognise("著录事项变更", "著录事项变更", inventor)) == ("", IG)
    moved = ("变更事项=专利权人/地址\n变更前权利人=甲科技有限公司/100083 北京市海淀区\n"
             "变更后权利人=甲科技有限公司/210012 江苏省南京市")
    assert _answer(ev.recognise("著录事项变更", "著录事项变更", moved)) == ("", IG)


def test_parties_from_the_event_lines():
    # the 中科创达 export's lines: the holder kept, another joined
    lines = ("变更事项=专利权人/地址/专利权人\n变更前权利人=中科创达软件股份有限公司/100083 北京市海淀区清华东路9号/无\n"
             "变更后权利人=中科创达软件股份有限公司/100083 北京市海淀区清华东路9号/畅索软件科技（上海）有限公司\n"
             "登记生效日=2022.11.01")
    assert ev.parties(lines) == ("", "畅索软件科技（上海）有限公司")
    assert ev.parties("许可人=甲公司\n被许可人=乙公司\n许可种类=独占许可") == ("甲公司", "乙公司")
    assert ev.parties("出质人=甲公司\n质权人=某银行") == ("甲公司", "某银行")
    assert ev.details("登记生效日=2022.11.01")["登记生效日"] == "2022.11.01"
