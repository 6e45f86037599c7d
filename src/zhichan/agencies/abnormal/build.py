"""Turn what the scan found into candidates, each with the records side by side and its evidence."""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Iterable

import numpy as np
from django.db.models.fields.json import KeyTextTransform

from zhichan.agencies.abnormal import candidates as cand
from zhichan.agencies.abnormal import signals, text
from zhichan.agencies.abnormal.neardup import Cluster
from zhichan.agencies.abnormal.scan import STATUS_NAMES, Collected
from zhichan.patents.models import Application, LegalEvent

SHOWN = 12  # records side by side per candidate; `size` gives the total
PAIRS = 50  # verified pairs listed per cluster


class Lookup:
    """Application numbers, parties and texts of records by index, fetched as needed."""

    def __init__(self, collected: Collected) -> None:
        self.c = collected
        self.by_role = {}
        for role, (entity, index) in collected.parties.items():
            order = np.argsort(index, kind="stable")
            self.by_role[role] = (index[order], entity[order])
        self._keys: dict[int, str] = {}

    def entities(self, role: str, index: int) -> list[int]:
        owners, entity = self.by_role[role]
        lo, hi = np.searchsorted(owners, index, "left"), np.searchsorted(owners, index, "right")
        return entity[lo:hi].tolist()

    def names(self, role: str, index: int) -> tuple[str, ...]:
        return tuple(self.c.names[role][e] for e in self.entities(role, index))

    def keys(self, indices: Iterable[int]) -> list[str]:
        wanted = sorted({i for i in indices if i not in self._keys})
        pks = self.c.pk[np.array(wanted, dtype=np.int64)].tolist() if wanted else []
        for start in range(0, len(pks), 500):
            rows = list(Application.objects.filter(pk__in=pks[start:start + 500]).values_list("pk", "key"))
            index = self.c.index_of(np.array([pk for pk, _ in rows], dtype=np.int64)).tolist()
            self._keys.update(zip(index, (key for _, key in rows), strict=True))
        return [self._keys[i] for i in indices]

    def views(self, indices: list[int], anchor: int | None = None,
              same_text: dict[int, int] | None = None) -> tuple[list[cand.RecordView], dict[str, str]]:
        """RecordViews of records (the anchor first) and the longest text each shares with the anchor."""
        shown = ([anchor] if anchor is not None else []) + [i for i in indices if i != anchor]
        shown = shown[:SHOWN]
        pks = self.c.pk[np.array(shown, dtype=np.int64)].tolist()
        rows = {row[0]: row for row in Application.objects.filter(pk__in=pks).annotate(
            claims_text=KeyTextTransform("claims", "data")).values_list(
            "pk", "key", "title", "filing_date", "patent_type", "legal_status", "abstract", "claims_text")}
        docs = {pk: text.document(r[2], r[6], r[7] or "") for pk, r in rows.items()}
        anchor_doc = docs.get(pks[0], "") if anchor is not None else ""
        anchor_set = text.shingles(anchor_doc, 3) if anchor is not None else set()
        views, shared = [], {}
        keys = {pk: rows[pk][1] for pk in pks}
        for i, pk in zip(shown, pks, strict=True):
            r = rows[pk]
            similarity = None
            if anchor is not None:
                similarity = round(text.jaccard(anchor_set, text.shingles(docs[pk], 3)), 4)
                if pk != pks[0] and len(shared) < 5:
                    shared[r[1]] = longest_shared(anchor_doc, docs[pk])
            repeats = (same_text or {}).get(i)
            views.append(cand.RecordView(
                key=r[1], title=r[2], filing_date=r[3].isoformat() if r[3] else None, patent_type=r[4],
                legal_status=r[5], applicants=self.names("applicant", i), agencies=self.names("agency", i),
                similarity=similarity,
                same_text_as=keys.get(int(self.c.pk[repeats]), "") if repeats is not None else ""))
        return views, shared


def longest_shared(a: str, b: str, limit: int = 120) -> str:
    """The longest normalised passage two texts share (capped): what a reviewer reads first."""
    match = difflib.SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return a[match.a:match.a + min(match.size, limit)]


def candidates(collected: Collected, clusters: list[Cluster], detail: int) -> list[cand.Candidate]:
    lookup = Lookup(collected)
    found: list[cand.Candidate] = []
    found += near_duplicates(lookup, clusters)
    claim_groups = signals.identical_claims(collected.claims_hash, collected.title_hash, collected.claims_ok)
    found += [cand.Candidate(cand.IDENTICAL_CLAIMS, "", lookup.keys(g), 1.0,
                             evidence={"indices": g, "anchor": g[0],
                                       "titles": len(set(collected.title_hash[g].tolist()))})
              for g in claim_groups]
    found += refilings(lookup, [c.members for c in clusters] + claim_groups)
    found += bursts(lookup)
    found += outsized(lookup)
    found += shared_contacts(lookup)
    for candidate in found[:detail] if detail >= 0 else found:
        _detail(lookup, candidate)
    for candidate in found:
        candidate.evidence.pop("indices", None)
    return found


def _detail(lookup: Lookup, candidate: cand.Candidate) -> None:
    indices = candidate.evidence.get("indices") or []
    anchor = candidate.evidence.pop("anchor", None)
    same_text = candidate.evidence.pop("same_text", None)
    candidate.records, shared = lookup.views(indices, anchor, same_text)
    if shared:
        candidate.evidence["shared_text"] = shared


def _order_by_key(lookup: Lookup, indices: list[int]) -> list[int]:
    keys = lookup.keys(indices)
    return [i for _, i in sorted(zip(keys, indices, strict=True))]


def near_duplicates(lookup: Lookup, clusters: list[Cluster]) -> list[cand.Candidate]:
    found = []
    for cluster in clusters:
        keys = lookup.keys(cluster.members)
        anchor = cluster.members[int(np.argmin(np.array(keys)))]
        key_of = dict(zip(cluster.members, keys, strict=True))
        pairs = sorted(cluster.pairs, key=lambda p: -p.similarity)
        applicants = Counter(n for m in cluster.members for n in lookup.names("applicant", m))
        agencies = Counter(n for m in cluster.members for n in lookup.names("agency", m))
        found.append(cand.Candidate(
            cand.NEAR_DUPLICATE, "", keys,
            similarity=min((p.similarity for p in cluster.pairs), default=1.0),
            evidence={
                "indices": cluster.members, "anchor": anchor, "same_text": cluster.identical,
                "pairs": [[key_of[p.a], key_of[p.b], p.similarity] for p in pairs[:PAIRS]],
                "identical_texts": len(cluster.identical),
                "applicants": applicants.most_common(10), "agencies": agencies.most_common(10),
                "same_day_dual_filing": _same_day_dual(lookup, cluster.members),
            }))
    return found


def _same_day_dual(lookup: Lookup, members: list[int]) -> bool:
    """An invention and a utility model filed the same day by the same applicants (一案双申, 专利法第九条): lawful,
    and the reviewer should know it at once."""
    if len(members) != 2:
        return False
    a, b = members
    c = lookup.c
    return bool(c.filing[a] and c.filing[a] == c.filing[b]
                and set(lookup.entities("applicant", a)) == set(lookup.entities("applicant", b)))


def refilings(lookup: Lookup, groups: list[list[int]]) -> list[cand.Candidate]:
    c = lookup.c
    ended_members = [i for g in groups for i in g if STATUS_NAMES[int(c.status[i])] in signals.ENDED]
    ended = _end_dates(c, ended_members)
    pairs: dict[tuple[int, int], tuple[signals.Filing, signals.Filing]] = {}
    for group in groups:
        if not any(STATUS_NAMES[int(c.status[i])] in signals.ENDED for i in group):
            continue
        members = [signals.Filing(i, int(c.filing[i]), STATUS_NAMES[int(c.status[i])], ended.get(i, 0),
                                  frozenset(lookup.entities("applicant", i))) for i in group]
        for earlier, later in signals.refilings(members):
            pairs.setdefault((earlier.index, later.index), (earlier, later))  # a pair can be in two groups
    lookup.keys(sorted({i for pair in pairs for i in pair}))  # one pass instead of a query per pair
    found = []
    for earlier, later in pairs.values():
        keys = lookup.keys([earlier.index, later.index])
        found.append(cand.Candidate(cand.REFILING, "", keys, evidence={
            "indices": [earlier.index, later.index], "anchor": earlier.index,
            "ended": {"application": keys[0], "status": earlier.status, "date": earlier.ended or None},
            "refiled": {"application": keys[1], "filing": later.filing}}))
    return found


def _end_dates(c: Collected, indices: list[int]) -> dict[int, int]:
    """The date of the withdrawal or rejection event of each record, where the events say."""
    pks = c.pk[np.array(indices, dtype=np.int64)].tolist() if indices else []
    dates: dict[int, int] = {}
    for start in range(0, len(pks), 500):
        for app_id, date, code, description in LegalEvent.objects.filter(
                application_id__in=pks[start:start + 500], date__isnull=False).values_list(
                "application_id", "date", "code", "description"):
            if any(word in f"{code}{description}" for word in ("撤回", "驳回")):
                index = int(c.index_of(np.array([app_id]))[0])
                dates[index] = max(dates.get(index, 0), signals.yyyymmdd(date) or 0)
    return dates


def _filings_of(c: Collected, role: str, entity: int, mask: np.ndarray | None = None) -> list[int]:
    entities, index = c.parties[role]
    rows = index[entities == entity]
    if mask is not None:
        rows = rows[mask[rows]]
    return sorted(set(rows.tolist()))


def bursts(lookup: Lookup) -> list[cand.Candidate]:
    c = lookup.c
    found = []
    for role in ("applicant", "agency", "agent", "inventor"):
        entities, index = c.parties[role]
        months = c.month[index]
        known = months >= 0
        for burst in signals.bursts(entities[known], months[known]):
            indices = _filings_of(c, role, burst.entity, c.month == burst.month)
            found.append(cand.Candidate(cand.BURST, f"{role}:{c.names[role][burst.entity]}", lookup.keys(indices),
                                        evidence={"indices": indices, "period": signals.month_label(burst.month),
                                                  "filings": burst.count, "baseline_per_month": burst.baseline}))
    return sorted(found, key=lambda x: -x.size)


def outsized(lookup: Lookup) -> list[cand.Candidate]:
    c = lookup.c
    entities, index = c.parties["applicant"]
    years = c.filing[index] // 10000
    keep = years > 0
    keys, counts = np.unique(entities[keep].astype(np.int64) * 10_000 + years[keep], return_counts=True)
    yearly = {(int(k // 10_000), int(k % 10_000)): int(n) for k, n in zip(keys, counts, strict=True)}
    found = []
    for o in signals.beyond_size(yearly, c.kinds):
        indices = _filings_of(c, "applicant", o.entity, c.filing // 10000 == o.year)
        found.append(cand.Candidate(cand.BEYOND_SIZE, f"applicant:{c.names['applicant'][o.entity]}",
                                    lookup.keys(indices), evidence={
                                        "indices": indices, "period": str(o.year), "filings": o.count,
                                        "party_type": o.kind, "peer_p99": o.peer_p99, "limit": o.limit}))
    return found


def shared_contacts(lookup: Lookup) -> list[cand.Candidate]:
    c = lookup.c
    found = []
    for address, entities in sorted(c.addresses.items()):
        if len(entities) < signals.CONTACT_MIN:
            continue
        indices = sorted({i for e in entities for i in _filings_of(c, "applicant", e)})
        names = sorted(c.names["applicant"][e] for e in entities)
        found.append(cand.Candidate(cand.SHARED_CONTACT, f"address:{address}", lookup.keys(indices),
                                    evidence={"indices": indices, "applicants": names, "address": address}))
    return sorted(found, key=lambda x: -len(x.evidence["applicants"]))
