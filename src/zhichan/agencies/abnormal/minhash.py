"""MinHash signatures and LSH band keys, vectorised over batches of texts. Pure (NumPy + datasketch).

The permutations are datasketch's (`MinHash(num_perm, seed).permutations`, scheme affine32) and a signature is
exactly what `datasketch.MinHash(num_perm, seed, hashfunc=int).update_batch(shingle_hashes)` computes (a test
checks it); only the loop is ours, over a whole batch at once instead of one Python call per shingle. The band
parameters (b bands of r rows) are datasketch's `MinHashLSH` optimum for the threshold. The LSH index itself is a
sort over (records × bands) band keys, not `MinHashLSH`, whose per-key Python dicts would not fit a million
records in memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from datasketch import MinHash, MinHashLSH

from zhichan.agencies.abnormal.text import fmix64, shingle_hashes

SEED = 1


def _fmix32(h: np.ndarray) -> np.ndarray:
    """datasketch's pre-mix for 32-bit hash values (MurmurHash3 fmix32)."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


ROWS = 3  # rows per band: two would put ~n·E[J²] unrelated records in each bucket (hundreds at a million)


@lru_cache(maxsize=8)
def lsh_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows): datasketch's `MinHashLSH` optimum for the threshold, weighting false negatives 0.9 (every
    candidate is verified afterwards, a missed pair is lost), with at least ROWS rows per band so that buckets of
    a million records stay small; all permutations are used."""
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=(0.1, 0.9))
    rows = max(lsh.r, ROWS)
    return num_perm // rows, rows


def candidate_probability(similarity: float, bands: int, rows: int) -> float:
    """The chance that a pair of that Jaccard similarity shares at least one band."""
    return 1 - (1 - similarity ** rows) ** bands


BBITS = 8  # low bits of each signature value kept for estimating similarity (b-bit minwise hashing)


def low_bits(signatures: np.ndarray) -> np.ndarray:
    return (signatures & np.uint32((1 << BBITS) - 1)).astype(np.uint8)


def estimate(bits: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    """Jaccard estimates of pairs from b-bit signatures: P(low bits equal) = J + (1 - J) / 2^b."""
    out = np.empty(len(pairs), dtype=np.float32)
    chance = 1 / (1 << BBITS)
    for start in range(0, len(pairs), 200_000):
        part = pairs[start:start + 200_000]
        equal = (bits[part[:, 0]] == bits[part[:, 1]]).mean(axis=1)
        out[start:start + len(part)] = (equal - chance) / (1 - chance)
    return out


@dataclass(frozen=True)
class Signer:
    num_perm: int = 64
    k: int = 3
    seed: int = SEED

    @property
    def permutations(self) -> tuple[np.ndarray, np.ndarray]:
        return _permutations(self.num_perm, self.seed)

    def signatures(self, texts: list[str], batch_shingles: int = 50_000) -> np.ndarray:
        """(len(texts), num_perm) uint32 signatures. Texts must be non-empty normalised text."""
        out = np.empty((len(texts), self.num_perm), dtype=np.uint32)
        a, b = self.permutations
        start = 0
        while start < len(texts):
            stop, size = start, 0
            while stop < len(texts) and (size == 0 or size + len(texts[stop]) <= batch_shingles):
                size += len(texts[stop])
                stop += 1
            hashes, starts = shingle_hashes(texts[start:stop], self.k)
            with np.errstate(over="ignore"):
                # (num_perm, shingles): the reduction runs along contiguous memory (30x faster than axis 0)
                permuted = np.multiply(a[:, None], _fmix32(hashes)[None, :])
                np.add(permuted, b[:, None], out=permuted)
            out[start:stop] = np.minimum.reduceat(permuted, starts[:-1], axis=1).T
            start = stop
        return out


@lru_cache(maxsize=8)
def _permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    a, b = MinHash(num_perm=num_perm, seed=seed).permutations
    return a.astype(np.uint32), b.astype(np.uint32)


def band_keys(signatures: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """(n, bands) uint32 keys: equal signature rows in a band give equal keys. Different rows collide with
    probability 2^-32 (about a hundred chance pairs per band among a million records), which costs only a few
    exact verifications and halves the memory of 64-bit keys."""
    n = signatures.shape[0]
    keys = np.empty((n, bands), dtype=np.uint32)
    with np.errstate(over="ignore"):
        for band in range(bands):
            part = signatures[:, band * rows:(band + 1) * rows].astype(np.uint64)
            h = np.full(n, np.uint64(band + 1), dtype=np.uint64)
            for col in range(part.shape[1]):
                h = fmix64(h * np.uint64(0x9E3779B97F4A7C15) + part[:, col])
            keys[:, band] = (h >> np.uint64(32)).astype(np.uint32)
    return keys
