"""A registered 质押登记 case (services, kind "pledge") read as a pledge deal's values: 出质人 → 质权人, the amount
(万元, as the window checked it), the start date as the contract's, the registration day (the case's end) as the
day the pledge took effect, the registration number, and the patent when the case's rights name one on the
platform."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from zhichan.services import fieldrules


def values(case: Any) -> tuple[dict[str, Any], bool]:
    """(the deal's values, whether the amount could be read). An amount stored before the window checked amounts
    ("五百万") is left empty and said so in the note, never read as 0 or guessed."""
    fields = case.fields or {}
    amount, readable = _amount(fields.get("amount_wan", ""))
    rights = str(fields.get("rights", "")).strip()
    application = _patent(rights)
    note = "" if readable else f"办件金额无法识别：{str(fields.get('amount_wan', ''))[:100]}"
    return {
        "kind": "pledge", "licence_type": "", "application": application,
        "right": "" if application is not None and rights == application.key else rights[:300],
        "from_organization": case.organization, "from_name": str(fields.get("pledgor", ""))[:200],
        "to_organization": None, "to_name": str(fields.get("pledgee", ""))[:200], "amount_wan": amount,
        "contract_date": _date(fields.get("start_date")), "effective_on": case.stopped_on,
        "recordal_number": str(fields.get("registration_number", ""))[:60], "note": note,
    }, readable


def _amount(raw: object) -> tuple[Decimal | None, bool]:
    if raw in (None, ""):
        return None, True
    try:
        return fieldrules.amount_wan(raw), True
    except fieldrules.FieldError:
        return None, False


def _date(raw: object) -> dt.date | None:
    try:
        return fieldrules.date(raw) if raw else None
    except fieldrules.FieldError:
        return None


def _patent(rights: str) -> Any:
    """The first application number in the rights that is a patent on the platform, or None."""
    from zhichan.patents.models import Application

    keys = []
    for token in re.split(r"[\s,，;；、]+", rights):
        try:
            keys.append(fieldrules.application_number(token))
        except fieldrules.FieldError:
            continue
    return Application.objects.filter(key__in=keys).order_by("key").first() if keys else None
