"""Events raised against the watch lists after every import (issue 16 item 2): `detect(rows)` runs on the search
index's drain (`patents.signals.outbox_drained`, like market/alerts.py) with the drained rows (application id,
created, status before, status after).

- a watched patent (a 专利 item) that the import changed: its legal events dated from `LOOKBACK_DAYS` before it was
  put on the list (invalidation, transfer, pledge, licence: protection/detect.legal_kind) and its lapse (the open
  lapse gap of patents/validity.py, or its status moving to 失效 in this import);
- every watched patent in force whose term ends within `ZHICHAN_WATCH_EXPIRY_DAYS` (180) days;
- a new record filed by a competitor (竞争对手, by its normalised name as applicant), in the list's IPC areas when
  the list names any;
- a new record of others highly similar to a valid patent of a watched enterprise (重点企业 items and the list's own
  organisation), with both first claims as evidence (protection/detect.similar_pairs).

Each event has a key (list, kind, patent, and what makes it distinct): stored once, so that a re-import of the same
data raises nothing new. New events are told to their recipients (protection/alerts.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import CharField, Count, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone

from zhichan.patents import status
from zhichan.patents.models import Application, IpcAssignment, Outbox, Party
from zhichan.patents.names import normalize as name_key
from zhichan.patents.validity import term_end, validity
from zhichan.protection import detect
from zhichan.protection.models import WatchEvent, WatchItem, WatchList

log = logging.getLogger(__name__)
LOOKBACK_DAYS = 90
OWNER_ROLES = ("applicant", "holder")
SIMILAR_PER_RECORD = 3  # a new record is reported against its three most similar watched patents at most
SIMILAR_PER_LIST = 20  # and a list gets 20 similar pairs a day at most, the best of each batch (its page ranks them)
Row = tuple[int, bool, str, str]


def expiry_days() -> int:
    return int(getattr(settings, "ZHICHAN_WATCH_EXPIRY_DAYS", 180))


@dataclass
class Index:
    patents: dict[int, list[tuple[int, dt.date]]] = field(default_factory=lambda: defaultdict(list))
    competitors: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    enterprises: dict[str, set[int]] = field(default_factory=lambda: defaultdict(set))
    areas: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    region: dict[int, str] = field(default_factory=dict)


def index() -> Index:
    out = Index()
    for list_id, org_name, region in WatchList.objects.values_list("pk", "organization__name",
                                                                   "organization__region_id"):
        if org_name:
            out.enterprises[name_key(org_name)].add(list_id)
        out.region[list_id] = region or ""
    for list_id, kind, value, app_id, added in WatchItem.objects.values_list("watch_list_id", "kind", "value",
                                                                            "application_id", "added_at"):
        if kind == WatchItem.Kind.PATENT and app_id:
            out.patents[app_id].append((list_id, timezone.localtime(added).date()))
        elif kind == WatchItem.Kind.COMPETITOR:
            out.competitors[name_key(value)].add(list_id)
        elif kind == WatchItem.Kind.ENTERPRISE:
            out.enterprises[name_key(value)].add(list_id)
        elif kind == WatchItem.Kind.IPC:
            out.areas[list_id].append(value)
    return out


def _event(list_id: int, kind: str, app_id: int, distinct: str, evidence: dict, idx: Index, app_region: str = "",
           severity: int | None = None, **extra: Any) -> WatchEvent:
    key = f"{list_id}:{kind}:{app_id}:{distinct}"
    if len(key) > 200:
        key = key[:150] + hashlib.sha256(key.encode()).hexdigest()[:40]
    return WatchEvent(key=key, watch_list_id=list_id, kind=kind, application_id=app_id, evidence=evidence,
                      severity=severity or detect.SEVERITY[kind], region_code=idx.region.get(list_id) or app_region,
                      **extra)


# ---- a watched patent's legal events and lapse ------------------------------------------------------------------

def _legal(rows: list[Row], idx: Index, today: dt.date) -> list[WatchEvent]:
    moved = {pk: after for pk, _created, before, after in rows if before != after}
    ids = [pk for pk in {r[0] for r in rows} if pk in idx.patents]
    out = []
    for app in Application.objects.filter(pk__in=ids).only("pk", "key", "title", "data", "region_id"):
        snap = app.data or {}
        for list_id, added in idx.patents[app.pk]:
            since = added - dt.timedelta(days=LOOKBACK_DAYS)
            out += _legal_events(app, snap, list_id, since, idx)
            lapse = _lapse(app, snap, list_id, since, moved.get(app.pk) == status.LAPSED, today, idx)
            if lapse is not None:
                out.append(lapse)
    return out


def _legal_events(app: Application, snap: dict, list_id: int, since: dt.date, idx: Index) -> list[WatchEvent]:
    out = []
    for e in snap.get("events") or []:
        day, code, words = e.get("date") or "", e.get("code") or "", e.get("description") or ""
        kind = detect.legal_kind(code, words)
        if not kind or not day or dt.date.fromisoformat(day[:10]) < since:
            continue
        digest = hashlib.sha256(f"{code}|{words}".encode()).hexdigest()[:12]
        evidence = {"key": app.key, "title": app.title[:200], "date": day[:10], "code": code[:200],
                    "description": words[:300]}
        out.append(_event(list_id, kind, app.pk, f"{day[:10]}:{digest}", evidence, idx, app.region_id or ""))
    return out


def _lapse(app: Application, snap: dict, list_id: int, since: dt.date, moved_to_lapsed: bool, today: dt.date,
           idx: Index) -> WatchEvent | None:
    v = validity(snap)
    if v.grant is None or v.on(today) or not v.gaps or v.gaps[-1][1] is not None:
        return None
    start = v.gaps[-1][0]
    if start < since and not moved_to_lapsed:
        return None
    words = [f"{e.get('date', '')} {e.get('code', '')} {e.get('description', '')}".strip()
             for e in snap.get("events") or [] if e.get("date") == start.isoformat()]
    evidence = {"key": app.key, "title": app.title[:200], "date": start.isoformat(), "events": words[:3],
                "status": snap.get("legal_status", "")}
    return _event(list_id, detect.LAPSE, app.pk, start.isoformat(), evidence, idx, app.region_id or "")


# ---- expiry ahead ---------------------------------------------------------------------------------------------

def _in_force(idx: Index) -> list[tuple]:
    """The watched patents in force (what the expiry scan reads), once per drain."""
    out: list[tuple] = []
    for chunk in _chunks(list(idx.patents)):
        out += Application.objects.filter(pk__in=chunk, legal_status=status.VALID).order_by() \
            .values_list("pk", "key", "title", "patent_type", "filing_date", "region_id")
    return out


def _expiry(state: Drain, today: dt.date) -> list[WatchEvent]:
    out = []
    days = expiry_days()
    for pk, key, title, kind, filing, region in state.in_force:
        end = term_end(kind, filing)
        if end is None or not 0 <= (end - today).days <= days:
            continue
        evidence = {"key": key, "title": title[:200], "term_end": end.isoformat(), "days": (end - today).days}
        out += [_event(list_id, detect.EXPIRY, pk, end.isoformat(), evidence, state.idx, region or "")
                for list_id, _added in state.idx.patents[pk]]
    return out


# ---- competitors' new filings ---------------------------------------------------------------------------------

def _owners(ids: list[int]) -> dict[int, set[str]]:
    out: dict[int, set[str]] = defaultdict(set)
    for ids_are in _id_conditions(ids, "application_id"):
        for app_id, name in Party.objects.filter(ids_are, role__in=OWNER_ROLES).order_by() \
                .values_list("application_id", "normalized_name"):
            out[app_id].add(name)
    return out


def _competitors(created: list[int], owners: dict[int, set[str]], idx: Index) -> list[WatchEvent]:
    hits = {pk: names & idx.competitors.keys() for pk, names in owners.items() if names & idx.competitors.keys()}
    if not hits:
        return []
    codes: dict[int, list[str]] = defaultdict(list)
    apps = {}
    for ids_are in _id_conditions(hits, "application_id"):
        for app_id, code in IpcAssignment.objects.filter(ids_are).order_by().values_list("application_id", "code"):
            codes[app_id].append(code)
    for ids_are in _id_conditions(hits):
        apps |= {a[0]: a for a in Application.objects.filter(ids_are)
                 .values_list("pk", "key", "title", "first_applicant", "filing_date", "region_id")}
    out = []
    for pk, names in hits.items():
        _pk, key, title, applicant, filing, region = apps[pk]
        for list_id in sorted({lid for n in names for lid in idx.competitors[n]}):
            areas = idx.areas.get(list_id, [])
            covered = detect.any_covered(areas, codes[pk])
            if areas and not covered:
                continue
            evidence = {"key": key, "title": title[:200], "applicant": applicant[:200],
                        "filing_date": filing.isoformat() if filing else "", "ipc": sorted(codes[pk])[:10],
                        "areas": covered}
            out.append(_event(list_id, detect.COMPETITOR, pk, "new", evidence, idx, region or "",
                              severity=detect.MEDIUM if covered else detect.LOW))
    return out


# ---- new publications similar to a watched enterprise's valid patents -------------------------------------------

def _docs(ids: Iterable[int]) -> dict[int, tuple[str, str, str, str, str]]:
    """(number, title, abstract, claims, first applicant) by id, read without Django's per-value conversions."""
    out = {}
    for ids_are in _id_conditions(ids):
        rows = Application.objects.filter(ids_are).order_by() \
            .values_list("pk", "key", "title", "abstract", "data__claims", "first_applicant")
        for pk, key, title, abstract, claims, applicant in _raw(rows):
            out[pk] = (key, title or "", abstract or "", _claims(claims), applicant or "")
    return out


def _raw(qs: QuerySet) -> Iterator[tuple]:
    """The rows of a values_list query without Django's per-value conversions (a stamp is only compared)."""
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(10_000):
            yield from chunk


def watched_patents(idx: Index, texts: bool = False) -> tuple[dict[int, set[int]], dict[int, Any], dict[int, tuple]]:
    """The watched enterprises' valid patents → the lists watching their holder; when each was last written; and
    with `texts` their (title, abstract, claims) read in the same pass (a process that has none of them yet)."""
    names = list(idx.enterprises)
    out: dict[int, set[int]] = {}
    stamps: dict[int, Any] = {}
    raw: dict[int, tuple] = {}
    if not names:
        return out, stamps, raw
    rows = Party.objects.filter(normalized_name__in=names, role__in=OWNER_ROLES,
                                application__legal_status=status.VALID).order_by() \
        .annotate(stamp=Cast("application__updated_at", CharField()))  # a text stamp: nothing parsed per row
    columns = ["application_id", "normalized_name", "stamp"]
    for app_id, name, stamp, *text in _raw(rows.values_list(*columns, *(
            ["application__title", "application__abstract", "application__data__claims"] if texts else []))):
        lists = out.get(app_id)
        out[app_id] = idx.enterprises[name] if lists is None else lists | idx.enterprises[name]  # shared, not copied
        stamps[app_id] = stamp
        if text:
            raw[app_id] = (text[0] or "", text[1] or "", _claims(text[2]))
    return out, stamps, raw


_TEXT_CACHE: dict[tuple[int, Any], str] = {}  # the normalised compared text of each, by id and time of writing
CACHE_MAX = 1_000_000


def _texts(missing: set[int], names: list[str]) -> Iterator[tuple[int, str, str, str]]:
    """(id, title, abstract, claims) of the watched patents missing: by id when they are few, else by one pass over
    the watched enterprises' valid patents (a scan is several times faster than tens of thousands of id lookups)."""
    if len(missing) < 5000:
        yield from ((pk, d[1], d[2], d[3]) for pk, d in _docs(missing).items())
        return
    rows = Application.objects.filter(parties__normalized_name__in=names, parties__role__in=OWNER_ROLES,
                                      legal_status=status.VALID).order_by() \
        .values_list("pk", "title", "abstract", "data__claims")
    for pk, title, abstract, claims in _raw(rows):
        if pk in missing:  # once each, though it has two watched owners
            missing.discard(pk)
            yield pk, title or "", abstract or "", _claims(claims)


def _claims(value: Any) -> str:
    """A raw `data__claims`: the text, or "". SQLite's JSON extraction gives a string as its text (and null and
    booleans as words); PostgreSQL's jsonb comes through Django's psycopg loader as the JSON document itself."""
    if connection.vendor == "postgresql" and isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return ""
        return value if isinstance(value, str) else ""
    return value if isinstance(value, str) and value not in ("true", "false", "null") else ""


def _watched_texts(stamps: dict[int, Any], names: list[str], read: dict[int, tuple]) -> dict[int, str]:
    """The watched side's normalised texts, kept in the process between drains by id and time of writing (a
    record rewritten is read again): reading and normalising them is most of a drain's fixed work."""
    if len(_TEXT_CACHE) + len(stamps) > CACHE_MAX:
        _TEXT_CACHE.clear()
    missing = {pk for pk, stamp in stamps.items() if (pk, stamp) not in _TEXT_CACHE}
    normalised: dict[tuple[str, str, str], str] = {}  # identical texts (一案双申, a family) normalised once
    rows = ((pk, read[pk]) for pk in missing) if missing <= read.keys() else \
        ((pk, tuple(raw)) for pk, *raw in _texts(missing, names))
    for pk, raw in rows:
        text = normalised.get(raw) or normalised.setdefault(raw, detect.document(*raw))
        _TEXT_CACHE[(pk, stamps[pk])] = text
    return {pk: _TEXT_CACHE[(pk, stamp)] for pk, stamp in stamps.items() if (pk, stamp) in _TEXT_CACHE}


def _similar_today() -> dict[int, int]:
    """Similar pairs already raised today per list: the cap is per list and day, whatever the batches."""
    start = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time()))
    rows = WatchEvent.objects.filter(kind=detect.SIMILAR, created_at__gte=start).values_list("watch_list_id") \
        .annotate(n=Count("pk")).order_by()
    return dict(rows)


def _names_of_lists(idx: Index) -> dict[int, set[str]]:
    out: dict[int, set[str]] = defaultdict(set)
    for name, lists in idx.enterprises.items():
        for list_id in lists:
            out[list_id].add(name)
    return out


def _similar(created: list[int], owners: dict[int, set[str]], state: Drain) -> list[WatchEvent]:
    if not state.watched or not created:
        return []
    new_docs = _docs(created)
    pairs = detect.similar_pairs([detect.Doc(pk, d[1], d[2], d[3]) for pk, d in new_docs.items()], state.side,
                                 per_new=SIMILAR_PER_RECORD)
    old_docs = _docs({p[1] for p in pairs})
    regions = {pk: region for ids_are in _id_conditions({p[0] for p in pairs})
               for pk, region in Application.objects.filter(ids_are).values_list("pk", "region_id")}
    per_record: dict[tuple[int, int], int] = defaultdict(int)
    per_list: dict[int, int] = defaultdict(int, _similar_today())
    out = []
    for new, old, similarity in pairs:
        for list_id in sorted(state.watched[old]):
            if owners.get(new, set()) & state.names[list_id] or per_record[(list_id, new)] >= SIMILAR_PER_RECORD \
                    or per_list[list_id] >= SIMILAR_PER_LIST:
                continue  # the enterprise's own new filing is no risk to it
            per_record[(list_id, new)] += 1
            per_list[list_id] += 1
            n, o = new_docs[new], old_docs[old]
            evidence = {"similarity": similarity,
                        "new": {"key": n[0], "title": n[1][:200], "applicant": n[4][:200],
                                "claim": detect.first_claim(n[3] or n[2])},
                        "watched": {"key": o[0], "title": o[1][:200], "applicant": o[4][:200],
                                    "claim": detect.first_claim(o[3] or o[2])}}
            out.append(_event(list_id, detect.SIMILAR, new, str(old), evidence, state.idx, regions.get(new) or "",
                              severity=detect.severity_of_similarity(similarity), watched_id=old,
                              similarity=similarity))
    return out


# ---- what stays the same through one drain -----------------------------------------------------------------

@dataclass
class Drain:
    """What a drain's batches share (`patents.signals.outbox_drained` sends the drain's id with each): which valid
    patents the watched enterprises hold (a party join over the whole corpus) and the lists of each, the watched
    patents in force (the expiry scan), and the watched side of the similar-pair join, read, signed and sorted.
    Built on a drain's first batch and kept while the drain id, the outbox's high-water mark and the lists stay the
    same: every write to an application adds an outbox row (patents/ingest/loader.py, patents/places.py) with a
    larger id, so an import while the drain runs makes the next batch build it again."""
    key: tuple[Any, int]
    idx: Index
    watched: dict[int, set[int]]
    names: dict[int, set[str]]
    in_force: list[tuple]
    side: detect.Watched


_DRAIN: list[Drain] = []  # the current drain's, at most one


def _high_water() -> int:
    return Outbox.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def drain_state(idx: Index, drain: Any = None) -> Drain:
    """The drain's shared state: kept for the drain `drain` (an id), built afresh every time without one."""
    key = (drain, _high_water())
    if drain is not None and _DRAIN and _DRAIN[0].key == key and _DRAIN[0].idx == idx:
        return _DRAIN[0]
    watched, stamps, read = watched_patents(idx, texts=not _TEXT_CACHE)
    side = detect.prepare(_watched_texts(stamps, list(idx.enterprises), read) if watched else {})
    state = Drain(key, idx, watched, _names_of_lists(idx), _in_force(idx), side)
    _DRAIN[:] = [state] if drain is not None else []
    return state


# ---- storing and the drain's receiver ---------------------------------------------------------------------------

def _chunks(ids: list[int], size: int = 900) -> Iterable[list[int]]:
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def _id_conditions(ids: Iterable[int], field: str = "pk", run: int = 16) -> Iterator[Q]:
    """Conditions selecting exactly these ids: a range for each run of consecutive ids (an import's new records
    are), lists of 900 for the rest — Django prepares each value of an `__in` list in Python, a range is two."""
    ordered = sorted(set(ids))
    rest: list[int] = []
    start = 0
    for i in range(1, len(ordered) + 1):
        if i == len(ordered) or ordered[i] != ordered[i - 1] + 1:
            if i - start >= run:
                yield Q(**{f"{field}__gte": ordered[start], f"{field}__lte": ordered[i - 1]})
            else:
                rest += ordered[start:i]
            start = i
    for chunk in _chunks(rest):
        yield Q(**{f"{field}__in": chunk})


def _store(events: list[WatchEvent]) -> list[WatchEvent]:
    unique = {e.key: e for e in events}
    keys = list(unique)
    seen: set[str] = set()
    for start in range(0, len(keys), 900):
        seen |= set(WatchEvent.objects.filter(key__in=keys[start:start + 900]).values_list("key", flat=True))
    fresh = [e for k, e in unique.items() if k not in seen]
    WatchEvent.objects.bulk_create(fresh, batch_size=500)
    return fresh


def detect_events(rows: list[Row], today: dt.date | None = None, drain: Any = None) -> list[WatchEvent]:
    """Raise and store the events of a drained batch; returns the new ones (nothing already raised). `drain`: the
    drain's id, under which the batches of one drain share their fixed work (`drain_state`)."""
    today = today or timezone.localdate()
    idx = index()
    if not idx.region:
        return []
    state = drain_state(idx, drain)
    created = sorted({pk for pk, was_created, _b, _a in rows if was_created})
    owners = _owners(created) if created and (idx.competitors or idx.enterprises) else {}
    events = _legal(rows, idx, today) + _expiry(state, today) + _competitors(created, owners, idx)
    events += _similar(created, owners, state)
    return _store(events)


def on_drained(sender: Any, rows: list[Row], drain: Any = None, **kwargs: Any) -> None:
    """patents.signals.outbox_drained: in a savepoint, a failure only logged (never holds up the index)."""
    from zhichan.protection import alerts

    try:
        with transaction.atomic():
            fresh = detect_events(rows, drain=drain)
            alerts.tell(fresh)
    except Exception:
        log.exception("protection: the watch-list events of a drained batch failed")
