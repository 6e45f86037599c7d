"""A labelled set of similar-patent pairs built from the shared real exports (issue 16, the similar-patent risk list's
evaluation). Read through the platform's own reader (`patents.ingest.detect.open_file`); nothing here reads the
compared texts to decide a label except the hand-reading recorded in `HAND_REJECTED`.

Positive pairs (earlier, later): the later application discloses the earlier's invention, so its publication is a
possible risk to the earlier patent's holder.

- 分案 (divisional): a CN invention or utility application (kind digit 1 or 2) whose number's year is after its filing
  date's year keeps its parent's filing date (专利法实施细则 2010 Art. 43: a divisional keeps the original filing date;
  the 2023 text's number not checked), so its parent is an application of the same applicant filed that same day. Taken when one
  such application of the export has the same applicant and filing date (several: the one with the same title,
  if exactly one).
- 一案双申 (same-day invention and utility model, 专利法 Art. 9): the same applicant, the same filing date and title,
  one utility model and one invention.

Every structural candidate was read by hand (title and abstract, 2026-11-27): `HAND_REJECTED` lists those whose
parent is evidently not in the export (another invention filed the same day), with the reason.

Related pairs, reported but not asserted: 中科创达's 引用 column (the documents cited against or by an application)
naming another application of the export. A cited document is prior art of another invention, not a copy of it.

Negative pairs: for each positive, an application of the export of another applicant with the same main IPC
subclass and no link to the earlier side, drawn with a fixed seed.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

from zhichan.patents import record as rec

DIVISIONAL, SAME_DAY, CITED, NEGATIVE = "divisional", "same_day", "cited", "negative"

# Structural candidates rejected on reading their titles and abstracts: the parent filed that day is not in the
# export, and the one that is describes another invention.
HAND_REJECTED: dict[tuple[str, str], str] = {
    ("CN200980158005.4", "CN201210405558.9"): "防误锁装置 (a hybrid's brake lock) vs 电动车辆 (a wireless charging resonator)",
    ("CN201610519307.1", "CN202011491747.3"): "混合动力汽车 (torque map) vs 移动计算机大气压系统 (barometric sensor network)",
}


@dataclass(frozen=True)
class Pair:
    earlier: str  # application keys
    later: str
    label: str


def read(paths: list[Path]) -> dict[str, rec.PatentRecord]:
    """The CN records with an abstract of the given exports, by key (the first file's record when two hold it)."""
    from zhichan.patents.ingest.detect import open_file

    out: dict[str, rec.PatentRecord] = {}
    for path in paths:
        for r in open_file(path).results:
            if isinstance(r, rec.PatentRecord) and r.country == "CN" and r.abstract and r.key not in out:
                out[r.key] = r
    return out


def applicants(r: rec.PatentRecord) -> tuple[str, ...]:
    return tuple(sorted(p.name for p in r.parties if p.role == rec.APPLICANT))


def _digits(key: str) -> str:
    return key[2:].split(".")[0]


def _kind(key: str) -> str:
    """The kind digit: 1 invention, 2 utility model, 3 design, 8 and 9 PCT national phase."""
    digits = _digits(key)
    return digits[4] if len(digits) == 12 else digits[2] if len(digits) == 8 else ""


def _year(key: str) -> int:
    """The year in the number: 12 digits since 2003 (2003…), 8 before (97…)."""
    digits = _digits(key)
    if len(digits) == 12:
        return int(digits[:4])
    if len(digits) == 8:
        return 1900 + int(digits[:2]) if int(digits[:2]) >= 85 else 2000 + int(digits[:2])
    return 0


def divisionals(recs: dict[str, rec.PatentRecord]) -> list[Pair]:
    same_day: dict[tuple, list[str]] = {}
    for key, r in recs.items():
        same_day.setdefault((applicants(r), r.filing_date), []).append(key)
    out = []
    for key, r in sorted(recs.items()):
        if _kind(key) not in "12" or r.filing_date is None or _year(key) <= r.filing_date.year:
            continue
        parents = [k for k in same_day[(applicants(r), r.filing_date)] if k != key and _year(k) <= _year(key)
                   and not (_kind(k) in "12" and _year(k) > r.filing_date.year)]
        if len(parents) > 1:
            parents = [k for k in parents if recs[k].title == r.title]
        if len(parents) == 1:
            out.append(Pair(parents[0], key, DIVISIONAL))
    return out


def same_day_pairs(recs: dict[str, rec.PatentRecord]) -> list[Pair]:
    groups: dict[tuple, list[str]] = {}
    for key, r in recs.items():
        groups.setdefault((applicants(r), r.filing_date, r.title), []).append(key)
    out = []
    for keys in groups.values():
        utility = [k for k in keys if recs[k].patent_type == rec.UTILITY]
        invention = [k for k in keys if recs[k].patent_type == rec.INVENTION]
        if len(utility) == 1 and len(invention) == 1:
            out.append(Pair(utility[0], invention[0], SAME_DAY))  # the utility model is granted first
    return out


def cited_pairs(recs: dict[str, rec.PatentRecord]) -> list[Pair]:
    """(cited, citing) from the 引用 column, both in the export."""
    by_publication = {p.number: k for k, r in recs.items() for p in r.publications}
    out = set()
    for key, r in recs.items():
        raw = r.source.raw if r.source is not None else {}
        for number in re.split(r"\s*\|\s*", str(raw.get("引用") or "")):
            cited = by_publication.get(number.strip())
            if cited and cited != key:
                out.add(Pair(cited, key, CITED))
    return sorted(out, key=lambda p: (p.earlier, p.later))


def positives(recs: dict[str, rec.PatentRecord]) -> list[Pair]:
    found = {(p.earlier, p.later): p for p in divisionals(recs) + same_day_pairs(recs)}
    return [p for k, p in sorted(found.items()) if k not in HAND_REJECTED]


def negatives(recs: dict[str, rec.PatentRecord], pairs: list[Pair], seed: int = 16) -> list[Pair]:
    """For each pair, the earlier side against a random application of another applicant in its main IPC subclass."""
    linked = {(p.earlier, p.later) for p in pairs} | {(p.later, p.earlier) for p in pairs}
    sides = {k for p in pairs for k in (p.earlier, p.later)}
    by_subclass: dict[str, list[str]] = {}
    for key, r in sorted(recs.items()):
        if key not in sides:
            by_subclass.setdefault(r.main_ipc[:4], []).append(key)
    chosen: set[str] = set()
    out = []
    rng = random.Random(seed)
    for p in pairs:
        earlier = recs[p.earlier]
        pool = [k for k in by_subclass.get(earlier.main_ipc[:4], []) if k not in chosen
                and not set(applicants(recs[k])) & set(applicants(earlier)) and (p.earlier, k) not in linked]
        if pool:
            later = rng.choice(pool)
            chosen.add(later)
            out.append(Pair(p.earlier, later, NEGATIVE))
    return out
