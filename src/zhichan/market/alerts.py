"""Market notifications (issue 15 item 7, docs/market.md 通知):

- `notify_demands_fitting(application, source_label, url)`: a newly published listing or a graded and pushed stock
  patent is compared with every open demand (market/matching/targets.demands_for: the demand's public words found in
  the patent, IPC, SEI, region); each demand it fits with a score of at least `ZHICHAN_MATCH_ALERT_MIN`, posted by
  another organisation than the patent's holder, is told once: the pair is stored as a `Match` (reasons["via"]
  names the source) and a pair already matched is never told again.
- `listed_patents_changed(rows)`: after an import (the search index's drain, where the search alerts run), the
  holders of live listings (待审核, 审核通过, 已发布) whose patent changed are told what changed: the legal status
  (lapse, restoration, invalidation …), a transfer (the listing organisation no longer among the holders), a pledge,
  a suspension, an exclusive licence. Each such change is one audit record `market.listing_patent_changed`, whose
  flags are the next comparison's baseline and the listing page's warning; the office's review page lists the live
  listings whose patent is flagged. A listing is never withdrawn automatically.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from zhichan import conf
from zhichan.core import audit
from zhichan.core.models import AuditLog
from zhichan.market import rules
from zhichan.market.models import Demand, Listing, Match

log = logging.getLogger(__name__)
CHANGED = "market.listing_patent_changed"
FLAGS = ("lapsed", "transferred", "pledged", "suspended", "exclusive")


def _users(organization_id: int) -> Any:
    return get_user_model().objects.filter(organization_id=organization_id, is_active=True)


def _notify(users: Iterable[Any], title: str, url: str) -> int:
    from zhichan.services.actions import notify

    count = 0
    for user in users:
        notify(user, title, url)
        count += 1
    return count


# ---- a new listing or stock patent → the open demands it fits ----------------------------------------------------

def notify_demands_fitting(application: Any, source_label: str, url: str) -> int:
    """Tell every open demand the patent fits (once per demand and patent). Returns the demands told."""
    from zhichan.market import stored
    from zhichan.market.matching.scoring import weights
    from zhichan.market.matching.targets import demands_for, need_of_patent

    holder = stored.holder_org(application)
    least = float(conf.value("ZHICHAN_MATCH_ALERT_MIN"))  # type: ignore[arg-type]
    rows = Demand.objects.exclude(organization=holder) if holder is not None else Demand.objects.all()
    told_before = set(Match.objects.filter(application=application).values_list("demand_id", flat=True))
    need, key, _own = need_of_patent(application.pk)
    listing = Listing.objects.filter(application=application, status=Listing.Status.PUBLISHED).order_by("pk").first()
    told = 0
    for target in demands_for(need, weights(), rows.exclude(pk__in=told_before)):
        if target.score < least:
            continue
        demand = Demand.objects.select_related("organization").get(pk=target.ref)
        reasons = {"kind": "patent", "via": source_label, "application_number": key, "title": application.title,
                   "holder": application.first_applicant, "registered": holder is not None,
                   "score": target.as_dict()["score"], "shared_terms": target.shared_terms,
                   "shared_classes": target.factors["ipc"].get("shared", []), "factors": target.factors}
        Match.objects.create(demand=demand, organization=holder or demand.organization, application=application,
                             listing=listing, score=target.score, reasons=reasons, source=Match.Source.ENGINE)
        audit.record(None, "market.match_alert", demand, summary=f"{key} → {demand.pk} ({source_label})"[:300],
                     changes={"application": key, "score": round(target.score, 4)})
        title = _("%(source)s：专利“%(title)s”可能满足贵单位的技术需求“%(demand)s”") % {
            "source": source_label, "title": application.title[:60], "demand": demand.title[:60]}
        _notify(_users(demand.organization_id), title, url)
        told += 1
    return told


def listing_published(listing: Listing) -> int:
    """The alert of a newly published listing (run as a job once the publication commits)."""
    url = reverse("market:listing", args=[listing.pk])
    return notify_demands_fitting(listing.application, _("新挂牌专利"), url)


# ---- an import changed a listed patent ---------------------------------------------------------------------------

def flags_of(listing: Listing, today: Any = None) -> set[str]:
    """What is wrong with the listed patent today, read from its record (market/rules.py's checks)."""
    app = listing.application
    today = today or timezone.localdate()
    found = rules.bars(app.data or {}, today)
    out = set()
    if found["lapsed"] or not rules.valid_today(app, today):
        out.add("lapsed")
    if not rules.is_holder(app, listing.organization):
        out.add("transferred")
    if found["pledged"] and not listing.pledgee_consent:
        out.add("pledged")
    if found["suspended"]:
        out.add("suspended")
    if found["exclusive"]:
        out.add("exclusive")
    return out


def labels() -> dict[str, str]:
    return {"lapsed": _("专利权终止或失效"), "transferred": _("专利权人已变更（转让）"), "pledged": _("专利权已出质"),
            "suspended": _("处于中止程序"), "exclusive": _("有独占或排他许可")}


def last_alert(listing_id: int) -> AuditLog | None:
    return AuditLog.objects.filter(action=CHANGED, target_type="market.listing", target_id=str(listing_id)) \
        .order_by("-at", "-pk").first()


def listed_patents_changed(rows: Iterable[tuple[int, bool, str, str]]) -> int:
    """The drain's rows (application id, created, status before, status after): one query finds the live listings
    of the updated patents; each whose patent's state moved is told to its holder. Returns the listings told."""
    changed = {pk: (before, after) for pk, created, before, after in rows if not created}
    if not changed:
        return 0
    live = Listing.objects.filter(application_id__in=list(changed), status__in=rules.LIVE) \
        .select_related("application", "organization")
    told = 0
    for listing in live:
        before, after = changed[listing.application_id]
        if _tell_holder(listing, before, after):
            told += 1
    return told


def _tell_holder(listing: Listing, before: str, after: str) -> bool:
    from zhichan.patents import status

    now = flags_of(listing)
    previous = last_alert(listing.pk)
    baseline = set((previous.changes or {}).get("flags", [])) if previous else set()
    moved = bool(before) and before != after
    if now == baseline and not moved:
        return False
    names = labels()
    words = [names[f] for f in FLAGS if f in now - baseline]
    words += [_("已解除：%(what)s") % {"what": names[f]} for f in FLAGS if f in baseline - now]
    if moved:
        words.insert(0, _("法律状态 %(before)s→%(after)s") % {"before": status.LABELS.get(before, before),
                                                             "after": status.LABELS.get(after, after)})
    change = "；".join(words)
    audit.record(None, CHANGED, listing, summary=f"{listing.application.key} {change}"[:300],
                 changes={"flags": sorted(now), "status": [before, after] if moved else [],
                          "application": listing.application.key})
    title = _("贵单位挂牌的专利 %(key)s 有变化：%(change)s") % {"key": listing.application.key, "change": change}
    _notify(_users(listing.organization_id), title, reverse("market:listing", args=[listing.pk]))
    return True


def on_drained(sender: Any, rows: list[tuple[int, bool, str, str]], **kwargs: Any) -> None:
    """patents.signals.outbox_drained: inside the drain's transaction, after the search alerts. In a savepoint, and
    a failure only logged: the market's alerts must never hold up the index or the search alerts."""
    try:
        with transaction.atomic():
            listed_patents_changed(rows)
    except Exception:
        log.exception("market: the listed-patent alerts of a drained batch failed")


def flagged(listings: Any) -> dict[int, list[str]]:
    """listing id → what its latest change alert found wrong (empty lists left out), for the office's review page."""
    ids = [str(pk) for pk in listings.values_list("pk", flat=True)]
    latest: dict[int, list[str]] = {}
    for target, changes in AuditLog.objects.filter(action=CHANGED, target_type="market.listing", target_id__in=ids) \
            .order_by("at", "pk").values_list("target_id", "changes"):
        latest[int(target)] = list((changes or {}).get("flags", []))
    return {pk: flags for pk, flags in latest.items() if flags}
