"""Transfer, licence and pledge events in imported legal-status data (法律状态 / 法律描述), recognised by a table of
patterns. Pure Python: no Django.

The words are CNIPA's gazette categories as the vendors export them (`2022.11.11 专利权的转移 专利权的转移`, the
category then the item). Each row of PATTERNS says what an event means for the deals register:

- `effective`: a deal takes effect (a transfer registered, a licence contract recorded, a pledge registered);
- `cancel`: a recorded licence or pledge is cancelled (注销), the deal it belongs to ends;
- `change`: a recorded contract is changed (变更): nothing to create, recognised so that it is not mistaken;
- `ignore`: words that look like a deal but are not one (a holder's change of name or address, a compulsory
  licence, an open-licence declaration, a bibliographic change that does not say a holder changed).

The rows are tried in order: the first that matches decides. tests/deals/test_events.py checks every distinct
event of the shared exports against an expected answer, plus hand-built gazette wordings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TRANSFER, LICENCE, OPEN_LICENCE, PLEDGE = "transfer", "licence", "open_licence", "pledge"
EFFECTIVE, CANCEL, CHANGE, IGNORE = "effective", "cancel", "change", "ignore"


@dataclass(frozen=True)
class Pattern:
    name: str
    regex: str
    kind: str  # TRANSFER, LICENCE, OPEN_LICENCE, PLEDGE, or "" for IGNORE
    action: str


PATTERNS: tuple[Pattern, ...] = (
    # not deals: the same holder renamed or moved; a compulsory licence is granted by the office, not agreed
    Pattern("holder_renamed", r"专利权人的姓名或者名称、地址的变更|申请人的姓名或者名称、地址的变更", "", IGNORE),
    Pattern("compulsory_licence", r"强制许可", "", IGNORE),
    Pattern("open_licence_declared", r"开放许可声明", "", IGNORE),
    # open licences taken (专利法 Art. 51: the licensee notifies the holder and pays; recorded as an open licence)
    Pattern("open_licence_cancel", r"开放许可.*(实施许可|许可合同).*注销", OPEN_LICENCE, CANCEL),
    Pattern("open_licence", r"开放许可.*(实施许可|许可合同)|开放许可实施", OPEN_LICENCE, EFFECTIVE),
    # licence recordal (细则 Art. 15)
    Pattern("licence_cancel", r"实施许可合同.*(备案的)?注销|许可合同备案的注销", LICENCE, CANCEL),
    Pattern("licence_change", r"实施许可合同.*备案的变更", LICENCE, CHANGE),
    Pattern("licence", r"实施许可合同.*备案|实施许可合同的备案|许可合同备案的生效", LICENCE, EFFECTIVE),
    # pledge registration (专利权质押登记办法 2021)
    Pattern("pledge_cancel", r"质押.*(登记的)?注销|质押合同登记的注销", PLEDGE, CANCEL),
    Pattern("pledge_change", r"质押合同登记的变更|质押.*登记的变更", PLEDGE, CHANGE),
    Pattern("pledge", r"质押合同登记|质押登记|专利权的质押|质押的生效", PLEDGE, EFFECTIVE),
    # transfer (专利法 Art. 10: takes effect on registration); the gazette category, and its items
    Pattern("transfer", r"专利申请权、专利权的转移|专利权的转移|专利申请权的转移|专利权的转让|专利申请权的转让",
            TRANSFER, EFFECTIVE),
    # 著录事项变更 is a transfer only when it says the holder (or applicant) changed to another party
    Pattern("bibliographic_holder", r"著录事项变更.*变更事项=[^\n]*(专利权人|申请人)", TRANSFER, EFFECTIVE),
    Pattern("bibliographic_other", r"著录事项变更", "", IGNORE),
)
_COMPILED = tuple((p, re.compile(p.regex, re.S)) for p in PATTERNS)


@dataclass(frozen=True)
class Recognised:
    kind: str
    action: str
    pattern: str


def recognise(code: str, description: str = "", details: str = "") -> Recognised | None:
    """What an event means for the deals register, or None when it is no deal event at all (公开, 授权 …).
    `code` and `description` are the stored event's two words; `details` any lines that came with it."""
    # the item (专利实施许可合同备案的注销) says more than its gazette category (…的生效、变更及注销): it goes first
    for words in (description, code):
        found = _match("\n".join(part for part in (words, details) if part)) if words else None
        if found is not None:
            return found
    return None


def _match(text: str) -> Recognised | None:
    text = CATEGORY_TAIL.sub("", text)  # a category alone reads as its first item: 生效
    for pattern, regex in _COMPILED:
        if regex.search(text):
            if pattern.action == IGNORE:
                return Recognised("", IGNORE, pattern.name)
            if pattern.name == "bibliographic_holder" and not _holder_changed(text):
                return Recognised("", IGNORE, "bibliographic_same_holder")
            return Recognised(pattern.kind, pattern.action, pattern.name)
    return None


CATEGORY_TAIL = re.compile(r"的?生效、变更及注销")


DETAIL = re.compile(r"^\s*([^=:：\n]{1,20})[=:：](.*)$", re.M)


def details(text: str) -> dict[str, str]:
    """The `name=value` lines some exports give under an event (变更前权利人, 变更后权利人, 登记生效日, 合同备案号,
    让与人, 受让人, 许可人, 被许可人, 出质人, 质权人, 许可种类). Older records of the same export write `name:value`;
    an event changing several items repeats 变更事项 / 变更前权利人 / 变更后权利人 once per item (the holder, then the
    address): the values of a repeated name are joined with `/`, as the export joins them on one line."""
    found: dict[str, str] = {}
    for m in DETAIL.finditer(text):
        name, value = m.group(1).strip(), m.group(2).strip()
        found[name] = f"{found[name]}/{value}" if name in found and value else found.get(name) or value
    return found


def _holder_changed(text: str) -> bool:
    """A bibliographic change is a transfer when the holder before and after differ (not a mere rename: the
    gazette records those as 姓名或者名称、地址的变更). Without before/after lines it is not counted."""
    found = details(text)
    before = found.get("变更前权利人") or found.get("变更前")
    after = found.get("变更后权利人") or found.get("变更后")
    if not before or not after:
        return False
    return _names(before) != _names(after)


def _names(value: str) -> set[str]:
    """The party names of a 变更前/变更后 value (`name/address/name`, or names separated by spaces or ；)."""
    parts = re.split(r"[/；;\u3000]+", value)
    return {p.strip() for p in parts if p.strip() and p.strip() != "无" and not re.match(r"^\d{6}\s", p.strip())}


def parties(text: str) -> tuple[str, str]:
    """(from, to) names when the event's lines give them: 让与人/受让人, 许可人/被许可人, 出质人/质权人, or the
    holders before and after a transfer (the names that left / joined)."""
    found = details(text)
    for left, right in (("让与人", "受让人"), ("许可人", "被许可人"), ("出质人", "质权人")):
        if found.get(left) or found.get(right):
            return found.get(left, "")[:200], found.get(right, "")[:200]
    before = _names(found.get("变更前权利人", ""))
    after = _names(found.get("变更后权利人", ""))
    return "、".join(sorted(before - after))[:200], "、".join(sorted(after - before))[:200]
