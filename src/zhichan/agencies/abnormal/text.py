"""Normalising Chinese patent text and cutting it into character shingles. Pure.

Width (全角/半角) is folded by NFKC, case by lower(); punctuation, symbols and whitespace are dropped because
copies differ in them without differing in content (`，` vs `,`, `（1）` vs `(1)`, line breaks between claims).
Digits and letters stay: reference signs and values are content.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import numpy as np

# Unicode general categories removed: punctuation (P*), symbols (S*), separators (Z*), controls (Cc, Cf).
_DROP = ("P", "S", "Z")
_DROP_EXACT = {"Cc", "Cf"}


class _Filter(dict):
    """A str.translate table that learns: code point → itself (kept) or None (dropped), decided once per code point
    so that translate runs at C speed after the first sight of a character."""

    def __missing__(self, code: int) -> int | None:
        category = unicodedata.category(chr(code))
        value = None if category[0] in _DROP or category in _DROP_EXACT else code
        if len(self) < 200_000:
            self[code] = value
        return value


_FILTER = _Filter()


def normalize(text: str) -> str:
    """NFKC (full-width → half-width), lower case, without punctuation, symbols and whitespace."""
    return unicodedata.normalize("NFKC", text or "").lower().translate(_FILTER)


# Phrases every Chinese patent text repeats whatever its content (on normalised text): they make unrelated
# short texts look alike, so they are cut before comparing. "所述" (the said) and "一种" (a) are the commonest.
BOILERPLATE = re.compile(
    r"(?:本(?:发明|实用新型|外观设计|申请|公开)(?:实施例)?(?:公开了|提供了|提供|涉及|属于|的目的是)?"
    r"|其特征在于|(?:根据|如)权利要求\d+(?:或\d+)*(?:中任一项)?所述的?|技术领域|所述|一种)")


def strip_boilerplate(normalised: str) -> str:
    return BOILERPLATE.sub("", normalised)


def document(title: str, abstract: str, claims: str) -> str:
    """The text compared for near-duplicates: title, abstract and claims, normalised, without boilerplate."""
    return strip_boilerplate(normalize(title) + normalize(abstract) + normalize(claims))


def shingles(text: str, k: int) -> set[str]:
    """The set of k-character shingles of normalised text (the whole text when it is shorter than k)."""
    if len(text) <= k:
        return {text} if text else set()
    return {text[i:i + k] for i in range(len(text) - k + 1)}


def jaccard(a: set[str], b: set[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def text_hash(text: str) -> int:
    """A stable 63-bit hash of a text (exact-duplicate grouping; stable across processes, unlike hash())."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little") >> 1


_M64 = np.uint64(0xFFFFFFFFFFFFFFFF)
_BASE = np.uint64(1_000_003)


def fmix64(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finaliser (an avalanching bijection), element-wise; multiplication wraps."""
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xFF51AFD7ED558CCD)
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xC4CEB9FE1A85EC53)
    return h ^ (h >> np.uint64(33))


def shingle_hashes(texts: list[str], k: int) -> tuple[np.ndarray, np.ndarray]:
    """32-bit hashes of every k-shingle of every text, vectorised over a batch.

    Returns (hashes, starts): the hashes of text i are hashes[starts[i]:starts[i+1]]. A text shorter than k is
    padded with NULs so that it still has one shingle; an empty text must not be passed (callers skip them)."""
    padded = [t if len(t) >= k else t + "\0" * (k - len(t)) for t in texts]
    lengths = np.fromiter((len(t) for t in padded), dtype=np.int64, count=len(padded))
    codes = np.frombuffer("".join(padded).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n = len(codes) - k + 1
    h = np.zeros(max(n, 0), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for i in range(k):
            h = h * _BASE + codes[i:i + n]
        h = fmix64(h) >> np.uint64(32)
    ends = np.cumsum(lengths)
    begins = ends - lengths
    counts = lengths - k + 1  # valid shingle starts per text: begin .. end-k
    valid = np.repeat(begins, counts) + _ranges(counts)
    starts = np.concatenate([[0], np.cumsum(counts)])
    return h[valid].astype(np.uint32), starts


def _ranges(counts: np.ndarray) -> np.ndarray:
    """0..c-1 for each c in counts, concatenated."""
    total = int(counts.sum())
    offsets = np.repeat(np.cumsum(counts) - counts, counts)
    return np.arange(total, dtype=np.int64) - offsets


def shingle_hash_set(text: str, k: int) -> set[int]:
    hashes, _ = shingle_hashes([text], k)
    return set(hashes.tolist())
