"""What an import means for a watch list (issue 16 item 2). Pure Python (NumPy): no Django.

- `legal_kind`: a legal event of a watched patent → an event kind: invalidation requests and decisions by their
  gazette words; transfers, licences and pledges by the deals register's recogniser (`deals/events.recognise`, only
  the ones that take effect); lapses are not read here but from `patents/validity.py` (a lapse gap, whichever of a
  dated event or a status word told it).
- `ipc_covers`: is an IPC code inside a watched IPC area (section, class, subclass, main group, or a group and its
  subgroups by their symbol's beginning).
- `similar_pairs`: new publications against a watched enterprise's valid patents by MinHash/LSH over title, abstract
  and claims, the signatures and band keys of `agencies/abnormal/` (the near-duplicate scan), then verified by the
  exact Jaccard similarity of the character 3-shingles. MinHash rather than BM25: a BM25 query per watched patent
  (or per new record) against the index costs milliseconds each, tens of thousands of them per import, while the
  signatures of 100,000 new records are computed in a few vectorised seconds and joined to the watched side by one
  sort of their band keys.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from zhichan.agencies.abnormal import minhash
from zhichan.agencies.abnormal.text import document, shingle_hash_set
from zhichan.deals import events as deal_events

LAPSE, INVALID_REQUEST, INVALIDATED = "lapse", "invalid_request", "invalidated"
TRANSFER, PLEDGE, LICENCE = "transfer", "pledge", "licence"
EXPIRY, COMPETITOR, SIMILAR = "expiry", "competitor", "similar"
LOW, MEDIUM, HIGH = 1, 2, 3
SEVERITY = {LAPSE: HIGH, INVALIDATED: HIGH, INVALID_REQUEST: MEDIUM, TRANSFER: MEDIUM, PLEDGE: MEDIUM,
            LICENCE: LOW, EXPIRY: MEDIUM, COMPETITOR: LOW}
_DEALS = {deal_events.TRANSFER: TRANSFER, deal_events.LICENCE: LICENCE, deal_events.PLEDGE: PLEDGE}

# Jaccard of character 3-shingles; measured on a labelled set of the real exports (docs/protection.md, "Similar-patent
# recall"): divisionals that claim another part of their parent's disclosure score 0.22-0.35, unrelated pairs of
# the same IPC subclass at most 0.04 and 999 of 1,000 random pairs below 0.09.
SIMILAR_MIN = 0.25
SIMILAR_HIGH = 0.6
SHINGLE = 3
NUM_PERM = 64
# LSH bands of two rows: a pair at 0.25 shares a band with probability 0.87, at 0.3 0.95 (the near-duplicate scan's
# 21 bands of 3 rows: 0.28 and 0.44, 0.60 at 0.35). The extra chance candidates are screened by the b-bit estimate
# (at 0.25 a pair's estimate falls below 0.10 about once in 800) before the exact Jaccard.
BANDS, ROWS = 32, 2
ESTIMATE_MARGIN = 0.15
MIN_CHARS = 40  # shorter texts (a title alone) are not compared


def legal_kind(code: str, description: str = "") -> str:
    """The watch-event kind of a legal event, or "" (lapses are told by validity, not here)."""
    text = f"{code} {description}"
    if "无效" in text:
        if "请求" in text and "决定" not in text and "审查结论" not in text:
            return INVALID_REQUEST
        if any(w in text for w in ("全部无效", "部分无效", "宣告无效", "宣告专利权", "无效宣告决定", "审查结论")):
            return INVALIDATED
        return INVALID_REQUEST
    found = deal_events.recognise(code, description)
    if found is not None and found.action == deal_events.EFFECTIVE:
        return _DEALS.get(found.kind, "")
    return ""


def ipc_covers(area: str, code: str) -> bool:
    """Both in the normal form of patents/ipc.normalize (B66C23/00, H01M4/131, H01M, H01, H)."""
    if not area or not code:
        return False
    if "/" not in area:
        return code.startswith(area)
    group, sub = area.split("/", 1)
    if sub == "00":
        return code.startswith(group + "/")
    return code == area or code.startswith(area)


def any_covered(areas: Sequence[str], codes: Sequence[str]) -> list[str]:
    return sorted({a for a in areas for c in codes if ipc_covers(a, c)})


def severity_of_similarity(similarity: float) -> int:
    return HIGH if similarity >= SIMILAR_HIGH else MEDIUM


@dataclass(frozen=True)
class Doc:
    ref: int
    title: str
    abstract: str
    claims: str
    normalised: str | None = None  # the compared text when already known (kept between batches)

    @property
    def text(self) -> str:
        if self.normalised is not None:
            return self.normalised
        return document(self.title, self.abstract, self.claims)


def _grouped(docs: Iterable[tuple[int, str]]) -> tuple[list[str], list[list[int]]]:
    """The distinct comparable texts and the refs of each (identical texts are compared once)."""
    groups: dict[str, list[int]] = {}
    for ref, text in docs:
        if len(text) >= MIN_CHARS:
            groups.setdefault(text, []).append(ref)
    return list(groups), list(groups.values())


# The watched side's band keys and b-bit signatures of each text, kept between batches and drains.
_KEYS: dict[str, tuple[np.ndarray, np.ndarray]] = {}
KEYS_MAX = 1_000_000  # the distinct texts of the valid patents of a million-record corpus's watched firms


def _signed(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """(band keys, low bits) of texts: BANDS bands of ROWS rows, and minhash's b-bit values for the estimate."""
    signatures = minhash.Signer(NUM_PERM, SHINGLE).signatures(texts)
    return minhash.band_keys(signatures, BANDS, ROWS), minhash.low_bits(signatures)


def _watched_keys(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    missing = [t for t in texts if t not in _KEYS]
    if len(_KEYS) + len(missing) > KEYS_MAX:
        _KEYS.clear()
        missing = texts
    if missing:
        keys, bits = _signed(missing)
        for n, text in enumerate(missing):
            _KEYS[text] = (keys[n], bits[n])
    if not texts:
        return np.zeros((0, BANDS), dtype=np.uint32), np.zeros((0, NUM_PERM), dtype=np.uint8)
    return np.stack([_KEYS[t][0] for t in texts]), np.stack([_KEYS[t][1] for t in texts])


@dataclass(frozen=True)
class Watched:
    """The watched side prepared once and shared by the batches of a drain: its distinct texts, the refs of each,
    each band's keys sorted (the join below is a binary search of the new records' keys in them) and the b-bit
    signatures (the estimate that screens the join's candidates before the exact Jaccard)."""
    texts: list[str]
    refs: list[list[int]]
    order: np.ndarray  # (bands, texts): each band's argsort
    sorted_keys: np.ndarray  # (bands, texts): each band's keys in that order
    bits: np.ndarray  # (texts, NUM_PERM) uint8
    threshold: float


def prepare(watched: Sequence[Doc] | Mapping[int, str], threshold: float = SIMILAR_MIN) -> Watched:
    """The watched side from its documents, or from their normalised texts by ref."""
    texts, refs = _grouped(watched.items() if isinstance(watched, Mapping) else ((d.ref, d.text) for d in watched))
    keys, bits = _watched_keys(texts)
    order = np.argsort(keys, axis=0, kind="stable").T
    return Watched(texts, refs, order, np.take_along_axis(keys, order.T, axis=0).T, bits, threshold)


def _band_matches(new_keys: np.ndarray, side: Watched, band: int) -> np.ndarray:
    """(new index, watched index) of the pairs whose keys are equal in a band, vectorised."""
    order, sorted_keys = side.order[band], side.sorted_keys[band]
    left = np.searchsorted(sorted_keys, new_keys[:, band], side="left")
    counts = np.searchsorted(sorted_keys, new_keys[:, band], side="right") - left
    new = np.repeat(np.arange(len(new_keys)), counts)
    starts = np.repeat(left - np.concatenate(([0], np.cumsum(counts)[:-1])), counts)
    return np.stack([new, order[starts + np.arange(len(new))]], axis=1)


def _candidates(new_texts: list[str], side: Watched) -> np.ndarray:
    """The pairs sharing a band whose b-bit estimate is at least the threshold less ESTIMATE_MARGIN."""
    new_keys, new_bits = _signed(new_texts)
    found = [_band_matches(new_keys, side, band) for band in range(BANDS)]
    pairs = np.unique(np.concatenate(found), axis=0) if found else np.zeros((0, 2), dtype=np.int64)
    if not len(pairs):
        return pairs
    both = np.concatenate([new_bits, side.bits])
    estimate = minhash.estimate(both, pairs + np.array([0, len(new_bits)]))
    return pairs[estimate >= side.threshold - ESTIMATE_MARGIN]


def similar_pairs(new: Sequence[Doc], watched: Sequence[Doc] | Watched, threshold: float = SIMILAR_MIN,
                  per_new: int = 3) -> list[tuple[int, int, float]]:
    """(new ref, watched ref, Jaccard) for the pairs at least `threshold` similar, best first; each new record
    with its `per_new` most similar watched patents at most. `watched` may be prepared beforehand (`prepare`)."""
    side = watched if isinstance(watched, Watched) else prepare(watched, threshold)
    if side.threshold != threshold:
        raise ValueError("the watched side was prepared for another threshold")
    new_texts, new_refs = _grouped((d.ref, d.text) for d in new)
    old_texts, old_refs = side.texts, side.refs
    if not new_texts or not old_texts:
        return []
    verified = []
    shingles: dict[tuple[str, int], set[int]] = {}
    for i, j in _candidates(new_texts, side).tolist():
        a = shingles.setdefault(("n", i), shingle_hash_set(new_texts[i], SHINGLE))
        b = shingles.setdefault(("o", j), shingle_hash_set(old_texts[j], SHINGLE))
        similarity = len(a & b) / len(a | b) if a or b else 0.0
        if similarity >= threshold:
            verified.append((round(similarity, 4), i, j))
    taken: dict[int, int] = {}
    out = []
    for similarity, i, j in sorted(verified, key=lambda t: (-t[0], t[1], t[2])):
        for ref in new_refs[i]:
            for old in old_refs[j]:
                if taken.get(ref, 0) >= per_new:
                    break
                if old != ref:
                    out.append((ref, old, similarity))
                    taken[ref] = taken.get(ref, 0) + 1
    return sorted(out, key=lambda t: (-t[2], t[0], t[1]))


def first_claim(claims: str, limit: int = 600) -> str:
    text = (claims or "").strip()
    for mark in ("2.", "2、", "2．", "\n2"):
        at = text.find(mark, 1)
        if at > 0:
            text = text[:at]
            break
    return text[:limit].strip()
