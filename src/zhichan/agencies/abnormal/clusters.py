"""LSH candidate pairs from band keys, and union-find clustering of verified pairs. Pure (NumPy).

A bucket (records sharing a band key) of m members yields its first member paired with each other member and
each member with the next: 2(m-1) pairs instead of m(m-1)/2, so a bucket of templated text cannot explode.
Near-duplicates in one bucket are usually near each other too; a pair the star and the chain miss in one band
is usually caught by another band, and union-find joins the rest transitively.
"""

from __future__ import annotations

import numpy as np


class UnionFind:
    """Disjoint sets over 0..n-1 (path halving, union by size) in NumPy arrays: 1M items take 16 MB."""

    def __init__(self, n: int) -> None:
        self.parent = np.arange(n, dtype=np.int64)
        self.size = np.ones(n, dtype=np.int64)

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = int(parent[x])
        return x

    def union(self, a: int, b: int) -> int:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        if self.size[ra] < self.size[rb]:
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.size[ra] += self.size[rb]
        return ra

    def groups(self, min_size: int = 2) -> list[list[int]]:
        """Sets of at least min_size members, each sorted, ordered by their first member."""
        roots = np.fromiter((self.find(i) for i in range(len(self.parent))), dtype=np.int64,
                            count=len(self.parent))
        order = np.argsort(roots, kind="stable")
        sorted_roots = roots[order]
        cuts = np.flatnonzero(np.diff(sorted_roots)) + 1
        result = [sorted(part.tolist()) for part in np.split(order, cuts) if len(part) >= min_size]
        return sorted(result, key=lambda members: members[0])


def bucket_pairs(keys: np.ndarray) -> np.ndarray:
    """Candidate pairs (i, j), i < j, from (n, bands) band keys: per band, members sharing a key are paired
    star-and-chain (see the module doc). Unique rows of shape (p, 2)."""
    found = []
    for band in range(keys.shape[1]):
        column = keys[:, band]
        order = np.argsort(column, kind="stable")
        sorted_keys = column[order]
        same_as_previous = np.concatenate([[False], sorted_keys[1:] == sorted_keys[:-1]])
        if not same_as_previous.any():
            continue
        # chain: each member with the one before it in the bucket
        chain = np.flatnonzero(same_as_previous)
        found.append(np.stack([order[chain - 1], order[chain]], axis=1))
        # star: each member with the bucket's first member
        bucket_start = np.maximum.accumulate(np.where(~same_as_previous, np.arange(len(order)), 0))
        star = chain[bucket_start[chain] != chain - 1]
        if len(star):
            found.append(np.stack([order[bucket_start[star]], order[star]], axis=1))
    if not found:
        return np.empty((0, 2), dtype=np.int64)
    pairs = np.concatenate(found).astype(np.int64)
    pairs.sort(axis=1)
    return np.unique(pairs, axis=0)


def exact_groups(hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Group records with the same text hash: (representatives, inverse) where representatives[g] is the first
    record index of group g and inverse[i] is record i's group."""
    _, first, inverse = np.unique(hashes, return_index=True, return_inverse=True)
    return first, inverse
