"""Near-duplicate clusters: exact-text groups, LSH candidates among distinct texts, exact Jaccard verification,
union-find. Pure; the database side (`scan`) supplies band keys and a way to fetch texts back.

Records with the same normalised text are one group at once (similarity 1.0, no pairwise work: templated or
copied text can repeat thousands of times). Only one representative per group enters the LSH; each candidate
pair of representatives is verified on the exact Jaccard similarity of their k-shingle sets, and only verified
pairs join clusters.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from zhichan.agencies.abnormal import clusters, minhash, text

# Measured on planted edited copies of real records (bench/abnormal_thresholds.py, docs/agencies.md).
THRESHOLD = 0.35
SHINGLE = 3
NUM_PERM = 128
PREFILTER = 0.15  # candidates estimated more than this below the threshold are not verified (3 sd)
MIN_CHARS = 40  # normalised characters; shorter texts (a title alone) are not compared


@dataclass(frozen=True)
class Params:
    threshold: float = THRESHOLD
    k: int = SHINGLE
    num_perm: int = NUM_PERM
    min_chars: int = MIN_CHARS

    @property
    def signer(self) -> minhash.Signer:
        return minhash.Signer(self.num_perm, self.k)

    @property
    def bands(self) -> tuple[int, int]:
        return minhash.lsh_params(self.threshold, self.num_perm)

    def keys(self, docs: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Band keys and b-bit signatures of normalised documents (each at least min_chars long)."""
        signatures = self.signer.signatures(list(docs))
        return minhash.band_keys(signatures, *self.bands), minhash.low_bits(signatures)


@dataclass(frozen=True)
class Pair:
    a: int
    b: int
    similarity: float


@dataclass
class Cluster:
    members: list[int]  # record indices, sorted
    pairs: list[Pair] = field(default_factory=list)  # verified pairs between distinct texts
    identical: dict[int, int] = field(default_factory=dict)  # member -> the member whose text it repeats


Fetch = Callable[[list[int]], list[str]]


def verify(pairs: np.ndarray, fetch: Fetch, params: Params, chunk: int = 4000) -> list[Pair]:
    """Exact Jaccard of each candidate pair; those at or above the threshold. Texts are fetched per chunk of
    pairs, so memory holds at most a chunk's shingle sets."""
    kept: list[Pair] = []
    for start in range(0, len(pairs), chunk):
        part = pairs[start:start + chunk]
        needed = sorted(set(part.ravel().tolist()))
        sets = {i: text.shingles(doc, params.k) for i, doc in zip(needed, fetch(needed), strict=True)}
        for a, b in part.tolist():
            similarity = text.jaccard(sets[a], sets[b])
            if similarity >= params.threshold:
                kept.append(Pair(min(a, b), max(a, b), round(similarity, 4)))
    return kept


def find_clusters(text_hashes: np.ndarray, index: np.ndarray, keys: np.ndarray, bits: np.ndarray, fetch: Fetch,
                  params: Params) -> list[Cluster]:
    """Clusters over n records. text_hashes: (n,) exact-text hashes; index: (m,) the records long enough to
    compare, with their band keys (m, bands) and b-bit signatures (m, num_perm); fetch(indices) returns the
    normalised documents of records."""
    reps, inverse = clusters.exact_groups(text_hashes[index])
    rep_records = index[reps]
    candidates = clusters.bucket_pairs(keys[reps])
    if len(candidates):  # drop pairs whose estimate is far below the threshold before reading texts back
        candidates = candidates[minhash.estimate(bits[reps], candidates) >= params.threshold - PREFILTER]
    verified = verify(rep_records[candidates] if len(candidates) else candidates, fetch, params)
    uf = clusters.UnionFind(len(rep_records))
    position = {int(r): i for i, r in enumerate(rep_records)}
    for pair in verified:
        uf.union(position[pair.a], position[pair.b])
    by_group: dict[int, list[int]] = {}
    for record, group in zip(index.tolist(), inverse.tolist(), strict=True):
        by_group.setdefault(group, []).append(record)
    by_root: dict[int, Cluster] = {}
    for group, records in by_group.items():
        root = uf.find(group)
        if uf.size[root] == 1 and len(records) == 1:
            continue
        cluster = by_root.setdefault(root, Cluster([]))
        cluster.members.extend(records)
        rep = int(rep_records[group])
        cluster.identical.update({r: rep for r in records if r != rep})
    for pair in verified:
        by_root[uf.find(position[pair.a])].pairs.append(pair)
    result = list(by_root.values())
    for cluster in result:
        cluster.members.sort()
    return sorted(result, key=lambda c: (-len(c.members), c.members[0]))


def find_in_memory(docs: Sequence[str], params: Params = Params()) -> list[Cluster]:
    """The whole pipeline over normalised documents held in memory (tests, measurements)."""
    hashes = np.array([text.text_hash(d) for d in docs], dtype=np.int64)
    index = np.array([i for i, d in enumerate(docs) if len(d) >= params.min_chars], dtype=np.int64)
    if len(index):
        keys, bits = params.keys([docs[i] for i in index])
    else:
        keys = np.zeros((0, params.bands[0]), dtype=np.uint32)
        bits = np.zeros((0, params.num_perm), dtype=np.uint8)
    return find_clusters(hashes, index, keys, bits, lambda idx: [docs[i] for i in idx], params)
