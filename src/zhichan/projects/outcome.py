"""Pure rules after the review: the 公示 period in working days, disbursement tranches that never exceed the grant,
and acceptance (验收) of the targets declared in the application. No Django imports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from zhichan.core.workflow import calendar

CENT = Decimal("0.01")


def publicity_end(start: dt.date, days: int) -> dt.date:
    """The last day of a 公示 started on `start` lasting `days` working days (start itself counted when it is a
    working day): objections are received up to and including this day."""
    first = start if calendar.is_workday(start) else calendar.add_workdays(start, 1)
    return calendar.add_workdays(first, days - 1) if days > 1 else first


def objections_open(start: dt.date, end: dt.date, today: dt.date) -> bool:
    return start <= today <= end


def publicity_over(end: dt.date, today: dt.date) -> bool:
    return today > end


def amount(raw: object) -> Decimal:
    """An amount in 万元, positive, two decimals; ValueError otherwise."""
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation as exc:
        raise ValueError("amount") from exc
    if not value.is_finite() or value <= 0 or value >= Decimal("1e9"):
        raise ValueError("amount")
    return value.quantize(CENT, ROUND_HALF_UP)


def tranche_room(grant: Decimal, tranches: Iterable[Decimal]) -> Decimal:
    """What may still be scheduled: the grant less every tranche already scheduled (never negative)."""
    return max(Decimal(0), Decimal(grant) - sum((Decimal(t) for t in tranches), Decimal(0)))


def fits(grant: Decimal, tranches: Iterable[Decimal], new: Decimal) -> bool:
    """Whether one more tranche keeps the sum of tranches within the grant."""
    return Decimal(new) <= tranche_room(grant, tranches)


def targets(fields: list[Mapping[str, Any]], values: Mapping[str, str]) -> list[dict[str, Any]]:
    """The declared fields marked as targets (number fields with "target": true) with the applicant's values."""
    return [{"code": f["code"], "label": f["label"], "declared": values.get(f["code"], "")}
            for f in fields if f.get("target") and f.get("type") == "number"]


def compare(declared: list[Mapping[str, Any]], achieved: Mapping[str, object]) -> list[dict[str, Any]]:
    """Each target's declared and achieved value and whether it is met (achieved ≥ declared; a target without a
    declared value is met by any achieved value; an empty or non-numeric achieved value is not met)."""
    rows = []
    for t in declared:
        raw = str(achieved.get(t["code"], "") or "").strip()
        try:
            got: Decimal | None = Decimal(raw) if raw else None
        except InvalidOperation:
            got = None
        if got is not None and not got.is_finite():
            got = None
        want = Decimal(t["declared"]) if str(t.get("declared", "")).strip() else None
        met = got is not None and (want is None or got >= want)
        rows.append({"code": t["code"], "label": t["label"], "declared": t.get("declared", ""),
                     "achieved": str(got) if got is not None else "", "met": met})
    return rows
