"""The scan: stream every application from the database in keyset chunks, keep only compact per-record arrays
(hashes, band keys, month, status), then run the near-duplicate pipeline and the signals, and build candidates.

Memory per record: about 330 bytes for a record long enough to compare (42 uint32 band keys, 128 one-byte
b-bit signature values, four 64-bit hashes and ids, a few small fields), about 45 for one that is not, plus
~12 bytes per party row; texts are read again only for candidate pairs (verification) and for the records a
candidate shows.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from django.db.models.fields.json import KeyTextTransform

from zhichan.agencies.abnormal import neardup, signals, text
from zhichan.agencies.abnormal.candidates import Candidate
from zhichan.patents.models import Application, Party

ROLES = ("applicant", "agency", "agent", "inventor")
_STATUS = {s: i for i, s in enumerate(["", "valid", "pending", "lapsed", "rejected", "withdrawn", "pct", "unknown"])}
STATUS_NAMES = {i: s for s, i in _STATUS.items()}

Progress = Callable[[str, int], None]


@dataclass
class Collected:
    """What the streaming pass kept, one element per application (index = position in pk order)."""

    pk: np.ndarray  # int64, ascending
    text_hash: np.ndarray  # int64
    eligible: np.ndarray  # bool: long enough to compare
    compared: np.ndarray  # int64 (m,): indices of the eligible records
    keys: np.ndarray  # (m, bands) uint32 band keys of the eligible records
    bits: np.ndarray  # (m, num_perm) uint8 b-bit signatures of the eligible records
    claims_hash: np.ndarray  # int64
    claims_ok: np.ndarray  # bool
    title_hash: np.ndarray  # int64
    month: np.ndarray  # int32 month_index of the filing date (-1 unknown)
    filing: np.ndarray  # int32 yyyymmdd (0 unknown)
    status: np.ndarray  # int8 (_STATUS)
    parties: dict[str, tuple[np.ndarray, np.ndarray]] = field(default_factory=dict)  # role -> (entity, index) int32
    names: dict[str, list[str]] = field(default_factory=dict)  # role -> entity id -> name
    kinds: dict[int, str] = field(default_factory=dict)  # applicant entity -> party type
    addresses: dict[str, set[int]] = field(default_factory=dict)  # contact key -> applicant entities

    def index_of(self, pks: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.pk, pks)


def _sign(params: neardup.Params, docs: list[str]) -> tuple[np.ndarray, np.ndarray]:
    return params.keys(docs)


def collect(params: neardup.Params, chunk: int = 5000, progress: Progress | None = None,
            workers: int = 1) -> Collected:
    """One pass over the applications, then one over the parties. With workers > 1, signing runs in that many
    forked processes while this one reads and normalises the next chunk (signing is the costly step on real, long
    texts); the workers run pure code only and never touch the database connection they inherit."""
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) if workers > 1 else None
    try:
        collected = _collect_applications(params, chunk, progress, pool, workers)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    _collect_parties(collected, chunk * 4, progress)
    return collected


def _collect_applications(params: neardup.Params, chunk: int, progress: Progress | None,
                          pool: ProcessPoolExecutor | None, workers: int) -> Collected:
    pending: deque[Future] = deque()

    def take(block: bool) -> None:
        while pending and (block or len(pending) > workers):
            keys, bits = pending.popleft().result()
            parts["keys"].append(keys)
            parts["bits"].append(bits)

    parts: dict[str, list[np.ndarray]] = {name: [] for name in (
        "pk", "text_hash", "eligible", "compared", "keys", "bits", "claims_hash", "claims_ok", "title_hash",
        "month", "filing", "status")}
    bands = params.bands[0]
    rows = (Application.objects.order_by("pk").annotate(claims_text=KeyTextTransform("claims", "data"))
            .values_list("pk", "title", "abstract", "claims_text", "filing_date", "legal_status"))
    last, done = 0, 0
    while True:
        batch = list(rows.filter(pk__gt=last)[:chunk])
        if not batch:
            break
        last = batch[-1][0]
        docs, claims, titles = [], [], []
        for _, title, abstract, claims_text, _, _ in batch:
            t, a, c = text.normalize(title), text.normalize(abstract), text.normalize(claims_text or "")
            docs.append(text.strip_boilerplate(t + a + c))
            claims.append(c)
            titles.append(t)
        eligible = np.fromiter((len(d) >= params.min_chars for d in docs), dtype=bool, count=len(docs))
        if eligible.any():
            compared = [d for d, ok in zip(docs, eligible, strict=True) if ok]
            if pool is None:
                keys, bits = params.keys(compared)
                parts["keys"].append(keys)
                parts["bits"].append(bits)
            else:
                pending.append(pool.submit(_sign, params, compared))
                take(block=False)
            parts["compared"].append(np.flatnonzero(eligible) + done)
        filing = [signals.yyyymmdd(row[4]) or 0 for row in batch]
        parts["pk"].append(np.fromiter((row[0] for row in batch), dtype=np.int64, count=len(batch)))
        parts["text_hash"].append(np.array([text.text_hash(d) for d in docs], dtype=np.int64))
        parts["eligible"].append(eligible)
        parts["claims_hash"].append(np.array([text.text_hash(c) for c in claims], dtype=np.int64))
        parts["claims_ok"].append(np.array([len(c) >= signals.CLAIMS_MIN_CHARS for c in claims], dtype=bool))
        parts["title_hash"].append(np.array([text.text_hash(t) for t in titles], dtype=np.int64))
        parts["filing"].append(np.array(filing, dtype=np.int32))
        parts["month"].append(np.array([signals.month_index(f // 10000, f // 100 % 100) if f else -1
                                        for f in filing], dtype=np.int32))
        parts["status"].append(np.array([_STATUS.get(row[5], 0) for row in batch], dtype=np.int8))
        done += len(batch)
        if progress:
            progress("applications", done)
    take(block=True)
    empty = {"keys": np.zeros((0, bands), dtype=np.uint32), "bits": np.zeros((0, params.num_perm), dtype=np.uint8)}
    arrays = {name: np.concatenate(chunks) if chunks else empty.get(name, np.zeros(0, dtype=np.int64))
              for name, chunks in parts.items()}
    return Collected(**arrays)


def _collect_parties(collected: Collected, chunk: int, progress: Progress | None) -> None:
    """Party rows as (entity id, record index) int32 arrays per role, converted batch by batch (a Python list of
    four million ints would take ten times the memory)."""
    ids: dict[str, dict[str, int]] = {role: {} for role in ROLES}
    parts: dict[str, list[tuple[np.ndarray, np.ndarray]]] = {role: [] for role in ROLES}
    rows = Party.objects.filter(role__in=ROLES).order_by("pk").values_list(
        "pk", "application_id", "role", "normalized_name", "party_type", "address")
    last, done = 0, 0
    while True:
        batch = list(rows.filter(pk__gt=last)[:chunk])
        if not batch:
            break
        last = batch[-1][0]
        entity: dict[str, list[int]] = {role: [] for role in ROLES}
        owner: dict[str, list[int]] = {role: [] for role in ROLES}
        for _, app_id, role, name, kind, address in batch:
            if role == "agency":  # exports append the agency's code: 北京集佳知识产权代理有限公司11227
                name = name.rstrip("0123456789 ")
            if not name:
                continue
            role_ids = ids[role]
            eid = role_ids.setdefault(name, len(role_ids))
            entity[role].append(eid)
            owner[role].append(app_id)
            if role == "applicant":
                collected.kinds.setdefault(eid, kind)
                if address:
                    collected.addresses.setdefault(_contact_key(address), set()).add(eid)
        for role in ROLES:
            if entity[role]:
                index = collected.index_of(np.array(owner[role], dtype=np.int64)).astype(np.int32)
                parts[role].append((np.array(entity[role], dtype=np.int32), index))
        done += len(batch)
        if progress:
            progress("parties", done)
    for role in ROLES:
        chunks = parts[role]
        collected.parties[role] = (np.concatenate([e for e, _ in chunks]) if chunks else np.zeros(0, np.int32),
                                   np.concatenate([i for _, i in chunks]) if chunks else np.zeros(0, np.int32))
        collected.names[role] = list(ids[role])


@lru_cache(maxsize=100_000)
def _contact_key(address: str) -> str:
    return signals.contact_key(address)  # an applicant gives the same address on each of its filings


def fetch_documents(collected: Collected) -> neardup.Fetch:
    """Texts of records by index, read back from the database (verification)."""
    def fetch(indices: list[int]) -> list[str]:
        pks = collected.pk[np.array(indices, dtype=np.int64)].tolist()
        found: dict[int, str] = {}
        for start in range(0, len(pks), 500):
            for pk, title, abstract, claims in (
                    Application.objects.filter(pk__in=pks[start:start + 500])
                    .annotate(claims_text=KeyTextTransform("claims", "data"))
                    .values_list("pk", "title", "abstract", "claims_text")):
                found[pk] = text.document(title, abstract, claims or "")
        return [found[pk] for pk in pks]
    return fetch


def scan(params: neardup.Params | None = None, detail: int = 100, chunk: int = 5000,
         progress: Progress | None = None, workers: int = 1) -> tuple[list[Candidate], dict[str, int]]:
    """Every candidate, and counts of what was scanned. `detail`: how many candidates get their records side by
    side (the rest list application numbers only)."""
    from zhichan.agencies.abnormal import build

    params = params or neardup.Params()
    collected = collect(params, chunk, progress, workers)
    clusters = neardup.find_clusters(collected.text_hash, collected.compared, collected.keys, collected.bits,
                                     fetch_documents(collected), params)
    if progress:
        progress("clusters", len(clusters))
    candidates = build.candidates(collected, clusters, detail)
    stats = {"applications": len(collected.pk), "compared": int(collected.eligible.sum()),
             "distinct_texts": len(np.unique(collected.text_hash[collected.eligible])),
             "clusters": len(clusters), "candidates": len(candidates)}
    return candidates, stats
