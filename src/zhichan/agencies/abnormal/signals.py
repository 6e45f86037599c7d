"""Signals per applicant, agency, agent and inventor, over plain numbers and strings. Pure.

Each function takes what the scan collected (counts, hashes, dates) and returns findings; `scan` turns them into
candidates with the records behind them. Thresholds are arguments with documented defaults (docs/agencies.md).
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from zhichan.agencies.abnormal.text import normalize

# Defaults (docs/agencies.md, 异常申请线索)
BURST_MIN = 20  # filings in one month
BURST_FACTOR = 5.0  # times the entity's own average month over the 12 months before
BURST_HISTORY = 12
SIZE_FACTOR = 3.0  # times the 99th percentile of peers of the same kind in the same year
SIZE_MIN = {"individual": 10, "default": 100}  # filings in a year
CONTACT_MIN = 5  # distinct applicants at one address
CLAIMS_MIN_CHARS = 40  # normalised claim text shorter than this (a placeholder) is not compared


def month_index(year: int, month: int) -> int:
    return year * 12 + month - 1


def month_label(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


@dataclass(frozen=True)
class Burst:
    entity: int
    month: int  # month_index
    count: int
    baseline: float  # average filings per month over the BURST_HISTORY months before


def bursts(entities: np.ndarray, months: np.ndarray, minimum: int = BURST_MIN, factor: float = BURST_FACTOR,
           history: int = BURST_HISTORY) -> list[Burst]:
    """Months in which an entity filed at least `minimum` applications and at least `factor` times its own
    average month over the `history` months before (over the months since its first filing when it is younger;
    an entity with no history has a baseline of one a month).

    entities, months: one element per (filing, entity) — an application with three inventors counts once for
    each of them."""
    if len(entities) == 0:
        return []
    combined = entities.astype(np.int64) * 100_000 + months.astype(np.int64)
    keys, counts = np.unique(combined, return_counts=True)
    hot = np.flatnonzero(counts >= minimum)
    if not len(hot):
        return []
    entity_of, month_of = keys // 100_000, keys % 100_000
    found = []
    for i in hot.tolist():
        entity, month = int(entity_of[i]), int(month_of[i])
        lo = np.searchsorted(keys, entity * 100_000 + month - history)
        before = int(counts[lo:i].sum())  # keys are sorted: same entity, earlier months in the window
        first = int(month_of[np.searchsorted(keys, entity * 100_000)])  # the entity's first filing month
        span = min(history, month - first)  # months of history it has (a young entity's window is shorter)
        baseline = before / span if span else 0.0
        if counts[i] >= factor * max(baseline, 1.0):
            found.append(Burst(entity, month, int(counts[i]), round(baseline, 2)))
    return found


@dataclass(frozen=True)
class Outsized:
    entity: int
    year: int
    count: int
    kind: str  # party type: individual, enterprise, university …
    peer_p99: float
    limit: float


def beyond_size(yearly: Mapping[tuple[int, int], int], kinds: Mapping[int, str], factor: float = SIZE_FACTOR,
                minimum: Mapping[str, int] = SIZE_MIN) -> list[Outsized]:
    """Applicants filing far more in a year than their peers. The platform does not know an applicant's size
    (staff, R&D spending), so the yardstick is its peers: applicants of the same kind filing in the same year.
    Flagged when the count is at least `minimum[kind]` and above `factor` × the peers' 99th percentile.

    yearly: (entity, year) → filings; kinds: entity → party type."""
    peers: dict[tuple[str, int], list[int]] = defaultdict(list)
    for (entity, year), count in yearly.items():
        peers[(kinds.get(entity, ""), year)].append(count)
    p99 = {key: float(np.percentile(values, 99)) for key, values in peers.items()}
    found = []
    for (entity, year), count in yearly.items():
        kind = kinds.get(entity, "")
        floor = minimum.get(kind, minimum["default"])
        limit = max(float(floor), factor * p99[(kind, year)])
        if count >= floor and count > factor * p99[(kind, year)]:
            found.append(Outsized(entity, year, count, kind, round(p99[(kind, year)], 2), round(limit, 2)))
    return sorted(found, key=lambda o: (-o.count, o.entity, o.year))


def identical_claims(claims_hashes: np.ndarray, title_hashes: np.ndarray, eligible: np.ndarray) -> list[list[int]]:
    """Groups of record indices whose normalised claims are identical while their titles differ (at least two
    distinct titles in the group). eligible: records whose claims are long enough to mean something."""
    index = np.flatnonzero(eligible)
    if not len(index):
        return []
    order = index[np.argsort(claims_hashes[index], kind="stable")]
    sorted_hashes = claims_hashes[order]
    cuts = np.flatnonzero(np.diff(sorted_hashes)) + 1
    groups = []
    for part in np.split(order, cuts):
        if len(part) > 1 and len(set(title_hashes[part].tolist())) > 1:
            groups.append(sorted(part.tolist()))
    return groups


@dataclass(frozen=True)
class Filing:
    index: int
    filing: int  # yyyymmdd, 0 unknown
    status: str  # normalised legal status
    ended: int  # yyyymmdd of the withdrawal or rejection, 0 unknown
    applicants: frozenset[int]


ENDED = {"withdrawn", "rejected"}


def refilings(members: Iterable[Filing]) -> list[tuple[Filing, Filing]]:
    """(earlier, later) pairs in one group of near-identical texts: the earlier application was withdrawn or
    rejected, and `later` is the first application sharing an applicant with it that was filed after it ended
    (after its filing when the end date is unknown). One pair per ended application: the nearest re-filing."""
    by_applicant: dict[int, list[tuple[int, int, Filing]]] = defaultdict(list)
    members = list(members)
    for member in members:
        for applicant in member.applicants:
            by_applicant[applicant].append((member.filing, member.index, member))
    for filings in by_applicant.values():
        filings.sort(key=lambda item: item[:2])
    pairs = []
    for earlier in sorted(members, key=lambda f: (f.filing, f.index)):
        if earlier.status not in ENDED or not earlier.filing:
            continue
        since = max(earlier.ended, earlier.filing)
        nearest = None
        for applicant in earlier.applicants:
            filings = by_applicant[applicant]
            position = bisect.bisect_right(filings, since, key=lambda item: item[0])
            if position < len(filings) and (nearest is None or filings[position][:2] < nearest[:2]):
                nearest = filings[position]
        if nearest is not None:
            pairs.append((earlier, nearest[2]))
    return pairs


def contact_key(address: str) -> str:
    """An address in comparable form: normalised, a leading postcode dropped (`450000河南省…`)."""
    key = normalize(address)
    digits = len(key) - len(key.lstrip("0123456789"))
    return key[digits:] if digits == 6 else key


def shared_contacts(pairs: Iterable[tuple[str, str]], minimum: int = CONTACT_MIN) -> dict[str, set[str]]:
    """Addresses (contact_key) given by at least `minimum` distinct applicants. pairs: (address, applicant)."""
    names: dict[str, set[str]] = defaultdict(set)
    for address, applicant in pairs:
        key = contact_key(address)
        if len(key) >= 6:
            names[key].add(applicant)
    return {key: found for key, found in names.items() if len(found) >= minimum}


def yyyymmdd(value: object) -> int | None:
    """A date (or ISO text) as a yyyymmdd integer."""
    if value is None or value == "":
        return None
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    digits = text.replace("-", "")[:8]
    return int(digits) if len(digits) == 8 and digits.isdigit() else None
