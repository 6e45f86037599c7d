"""The statutory checks of a listing, read from the platform's own records (docs/market.md):

- the patent exists in the platform and is valid today (patents/validity.py over its dated events and status
  words), and the listing organisation is one of its current holders (patents/facts.holders, names matched in
  their normal form as the applicant directory does);
- no bar of 专利法实施细则 (2023) Art. 86 visible in its legal events: an exclusive or sole licence in force, a 中止
  (suspension over a dispute or a preservation measure), a lapse for an unpaid annual fee (权利终止), a pledge
  without the pledgee's consent;
- 专利法 (2020) Art. 50: a utility model or design declared open needs its 专利权评价报告; Art. 51 (3): no
  exclusive or sole licence while an open licence is declared;
- 细则 Art. 85: the payment method and standard (market/fees.py under the CNIPA guidance limits), no advertising
  language (ZHICHAN_MARKET_BANNED_WORDS).

`problems()` returns field → reasons; actions refuse a listing with any.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from zhichan import conf
from zhichan.market import fees
from zhichan.patents import names
from zhichan.patents import record as rec
from zhichan.patents.facts import holders
from zhichan.patents.validity import validity

ALL = "__all__"

# legal-event words (code or description) of the Art. 86 bars; each bar is in force from its last "on" event until
# a later "off" event. Checked on the text of each event, the "off" words first.
EXCLUSIVE_ON = ("独占许可", "独占实施许可", "排他许可", "排他实施许可")  # Art. 86 (一): 独占或者排他许可
LICENCE_OFF = ("注销", "解除", "终止", "期满")
SUSPEND_ON = ("中止",)
SUSPEND_OFF = ("中止程序结束", "解除中止", "中止的解除", "结束中止", "恢复中止")
PLEDGE_ON = ("质押", "出质")
PLEDGE_OFF = ("解除", "注销")


def banned_words() -> list[str]:
    return [w.strip() for w in str(conf.value("ZHICHAN_MARKET_BANNED_WORDS")).split(",") if w.strip()]


def advertising(text: str) -> list[str]:
    """The banned words a text uses (case-insensitive for the Latin ones)."""
    folded = text.casefold()
    return [w for w in banned_words() if w.casefold() in folded]


def fee_limits() -> fees.Limits:
    return fees.Limits(Decimal(str(conf.value("ZHICHAN_OPEN_LICENSE_MAX_FIXED_WAN"))),
                       Decimal(str(conf.value("ZHICHAN_OPEN_LICENSE_MAX_SALES_PCT"))),
                       Decimal(str(conf.value("ZHICHAN_OPEN_LICENSE_MAX_PROFIT_PCT"))))


def _event_date(value: Any) -> dt.date | None:
    if not value:
        return None
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def bars(snap: dict, today: dt.date) -> dict[str, bool]:
    """Which Art. 86 bars the record's legal events show in force on `today`."""
    events = sorted(((_event_date(e.get("date")), f"{e.get('code', '')} {e.get('description', '')}")
                     for e in snap.get("events", [])), key=lambda x: (x[0] is None, x[0] or dt.date.min))
    exclusive = False
    suspended = False
    pledged = False
    for day, text in events:
        if day is not None and day > today:
            continue
        if any(w in text for w in EXCLUSIVE_ON):
            exclusive = not any(w in text for w in LICENCE_OFF)
        elif exclusive and "许可" in text and any(w in text for w in LICENCE_OFF):
            exclusive = False
        if any(w in text for w in SUSPEND_ON):
            suspended = not any(w in text for w in SUSPEND_OFF)
        if any(w in text for w in PLEDGE_ON):
            pledged = not any(w in text for w in PLEDGE_OFF)
    valid = validity(snap)
    unpaid = any(start <= today and (stop is None or today < stop) for start, stop in valid.gaps)
    return {"exclusive": exclusive, "suspended": suspended, "pledged": pledged, "lapsed": unpaid}


def holder_names(application: Any) -> set[str]:
    return {names.normalize(p["name"]) for p in holders(application.data or {})}


def is_holder(application: Any, organization: Any) -> bool:
    return organization is not None and names.normalize(organization.name) in holder_names(application)


def valid_today(application: Any, today: dt.date | None = None) -> bool:
    return validity(application.data or {}).on(today or timezone.localdate())


def problems(listing: Any, today: dt.date | None = None) -> dict[str, list[str]]:
    """Every reason the listing may not go forward, by form field (ALL for the listing as a whole)."""
    from zhichan.market.models import Listing

    today = today or timezone.localdate()
    out: dict[str, list[str]] = defaultdict(list)
    app = listing.application
    if app is None:
        out["patent"].append(_("平台中没有这件专利"))
        return dict(out)
    snap = app.data or {}
    found = bars(snap, today)
    if found["lapsed"]:
        out["patent"].append(_("该专利因未缴年费等原因权利终止，不能挂牌（专利法实施细则第八十六条）"))
    elif not valid_today(app, today):
        out["patent"].append(_("该专利今天不是有效状态，不能挂牌"))
    if not is_holder(app, listing.organization):
        out["patent"].append(_("贵单位不是该专利的现专利权人（按专利权人名称核对）"))
    open_licence = listing.kind == Listing.Kind.OPEN_LICENSE
    if found["suspended"]:
        out["patent"].append(_("该专利处于中止程序（专利法实施细则第八十六条），不能挂牌"))
    if open_licence and found["exclusive"]:
        out["patent"].append(_("该专利处于独占或排他许可有效期内，不能声明开放许可（专利法实施细则第八十六条）"))
    if found["pledged"] and not listing.pledgee_consent:
        out["pledgee_consent"].append(_("该专利已出质，须经质权人同意（专利法实施细则第八十六条；专利权质押登记办法）"))
    if open_licence:
        if app.patent_type in (rec.UTILITY, rec.DESIGN) and not (
                listing.evaluation_report_number.strip() or listing.evaluation_report_file):
            out["evaluation_report_number"].append(
                _("实用新型、外观设计专利声明开放许可须提供专利权评价报告（专利法第五十条）"))
        if listing.license_type and listing.license_type != Listing.LicenseType.ORDINARY:
            out["license_type"].append(_("开放许可只能是普通许可（专利法第五十一条）"))
        if listing.term_start and listing.term_end and listing.term_end <= listing.term_start:
            out["term_end"].append(_("许可期限的止日须晚于起日"))
        if not listing.term_end:
            out["term_end"].append(_("请写明许可期限（专利法实施细则第八十五条）"))
        exclusive_listed = Listing.objects.filter(
            application=app, kind=Listing.Kind.LICENSE, status__in=LIVE,
            license_type__in=[Listing.LicenseType.EXCLUSIVE, Listing.LicenseType.SOLE]).exclude(pk=listing.pk)
        if exclusive_listed.exists():
            out["kind"].append(_("该专利已挂牌独占或排他许可，不能同时声明开放许可（专利法第五十一条）"))
    if listing.kind == Listing.Kind.LICENSE and listing.license_type in (
            Listing.LicenseType.EXCLUSIVE, Listing.LicenseType.SOLE):
        declared = Listing.objects.filter(application=app, kind=Listing.Kind.OPEN_LICENSE, status__in=LIVE) \
            .exclude(pk=listing.pk)
        if declared.exists():
            out["license_type"].append(_("该专利已声明开放许可，声明期间不能给予独占或排他许可（专利法第五十一条）"))
    if listing.kind == Listing.Kind.LICENSE and not listing.license_type:
        out["license_type"].append(_("请选择许可类型"))
    for problem in fees.check(listing.price_mode, lump_sum_wan=listing.lump_sum_wan,
                              entry_fee_wan=listing.entry_fee_wan, royalty_base=listing.royalty_base,
                              royalty_rate=listing.royalty_rate, open_licence=open_licence, limits=fee_limits()):
        out[problem.field].append(fee_message(problem))
    for field in ("title", "summary", "other_terms"):
        words = advertising(getattr(listing, field) or "")
        if words:
            out[field].append(_("不得使用广告性用语：%(words)s（专利法实施细则第八十五条）") % {"words": "、".join(words)})
    return dict(out)


LIVE = ("submitted", "approved", "published")  # a listing that counts as declared or offered


def fee_message(problem: fees.Problem) -> str:
    params = dict(problem.params)
    base = {fees.NET_SALES: _("净销售额"), fees.PROFIT: _("利润")}.get(params.get("base", ""), "")
    messages = {
        fees.MISSING: _("按所选支付方式须填写此项"),
        fees.NOT_POSITIVE: _("须大于 0"),
        fees.OVER_FIXED: _("固定费用一般不超过 %(limit)s 万元（开放许可使用费估算指引）"),
        fees.OVER_RATE: _("按%(base)s提成的比例不超过 %(limit)s%%（开放许可使用费估算指引）"),
        fees.UNUSED: _("所选支付方式不包括此项，请留空"),
        fees.NEGOTIABLE_OPEN: _("开放许可须公布明确的许可使用费，不能“面议”（专利法第五十条）"),
        fees.UNKNOWN_MODE: _("请选择支付方式"),
        fees.UNKNOWN_BASE: _("请选择提成基数"),
    }
    limit = params.get("limit", "")
    if "." in limit:
        limit = limit.rstrip("0").rstrip(".")
    return messages[problem.code] % {"limit": limit, "base": base}
