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

from collections.abc import Sequence
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

SIMILAR_MIN = 0.35  # Jaccard of character 3-shingles (the near-duplicate scan's threshold)
SIMILAR_HIGH = 0.6
SHINGLE = 3
NUM_PERM = 64
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


def _grouped(docs: Sequence[Doc]) -> tuple[list[str], list[list[int]]]:
    """The distinct comparable texts and the refs of each (identical texts are compared once)."""
    groups: dict[str, list[int]] = {}
    for doc in docs:
        text = doc.text
        if len(text) >= MIN_CHARS:
            groups.setdefault(text, []).append(doc.ref)
    return list(groups), list(groups.values())


_KEYS: dict[tuple[str, int, int], np.ndarray] = {}  # a watched text's band keys, kept between batches
KEYS_MAX = 1_000_000  # the distinct texts of the valid patents of a million-record corpus's watched firms


def _watched_keys(texts: list[str], signer: minhash.Signer, bands: int, rows: int) -> np.ndarray:
    missing = [t for t in texts if (t, bands, rows) not in _KEYS]
    if len(_KEYS) + len(missing) > KEYS_MAX:
        _KEYS.clear()
        missing = texts
    if missing:
        for text, keys in zip(missing, minhash.band_keys(signer.signatures(missing), bands, rows), strict=True):
            _KEYS[(text, bands, rows)] = keys
    return np.array([_KEYS[(t, bands, rows)] for t in texts], dtype=np.uint32).reshape(len(texts), bands)


@dataclass(frozen=True)
class Watched:
    """The watched side prepared once and shared by the batches of a drain: its distinct texts, the refs of each,
    and each band's keys sorted (the join below is a binary search of the new records' keys in them)."""
    texts: list[str]
    refs: list[list[int]]
    order: np.ndarray  # (bands, texts): each band's argsort
    sorted_keys: np.ndarray  # (bands, texts): each band's keys in that order
    threshold: float


def prepare(watched: Sequence[Doc], threshold: float = SIMILAR_MIN) -> Watched:
    texts, refs = _grouped(watched)
    bands, rows = minhash.lsh_params(threshold, NUM_PERM)
    keys = _watched_keys(texts, minhash.Signer(NUM_PERM, SHINGLE), bands, rows) if texts \
        else np.zeros((0, bands), dtype=np.uint32)
    order = np.argsort(keys, axis=0, kind="stable").T
    return Watched(texts, refs, order, np.take_along_axis(keys, order.T, axis=0).T, threshold)


def _candidates(new_texts: list[str], side: Watched) -> set[tuple[int, int]]:
    signer = minhash.Signer(NUM_PERM, SHINGLE)
    bands, rows = minhash.lsh_params(side.threshold, NUM_PERM)
    new_keys = minhash.band_keys(signer.signatures(new_texts), bands, rows)
    out: set[tuple[int, int]] = set()
    for band in range(bands):
        order, sorted_keys = side.order[band], side.sorted_keys[band]
        left = np.searchsorted(sorted_keys, new_keys[:, band], side="left")
        right = np.searchsorted(sorted_keys, new_keys[:, band], side="right")
        for i in np.nonzero(right > left)[0]:
            out.update((int(i), int(j)) for j in order[left[i]:right[i]])
    return out


def similar_pairs(new: Sequence[Doc], watched: Sequence[Doc] | Watched, threshold: float = SIMILAR_MIN,
                  per_new: int = 3) -> list[tuple[int, int, float]]:
    """(new ref, watched ref, Jaccard) for the pairs at least `threshold` similar, best first; each new record
    with its `per_new` most similar watched patents at most. `watched` may be prepared beforehand (`prepare`)."""
    side = watched if isinstance(watched, Watched) else prepare(watched, threshold)
    if side.threshold != threshold:
        raise ValueError("the watched side was prepared for another threshold")
    new_texts, new_refs = _grouped(new)
    old_texts, old_refs = side.texts, side.refs
    if not new_texts or not old_texts:
        return []
    verified = []
    shingles: dict[tuple[str, int], set[int]] = {}
    for i, j in _candidates(new_texts, side):
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
