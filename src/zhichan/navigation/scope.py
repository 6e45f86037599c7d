"""A thematic database's scope as one query in the search language, and family deduplication. Pure Python."""

from __future__ import annotations

from collections.abc import Iterable


def scope_query(queries: Iterable[str], ipc_codes: Iterable[str], sei_codes: Iterable[str]) -> str:
    """The union of the scope's queries and conditions (an empty scope matches nothing)."""
    parts = [f"({q.strip()})" for q in queries if q.strip()]
    parts += [f"IPC={c.strip()}" for c in ipc_codes if c.strip()]
    parts += [f"SEI={c.strip()}" for c in sei_codes if c.strip()]
    return " OR ".join(parts)


def one_per_family(rows: Iterable[tuple[int, str, str]]) -> list[int]:
    """(id, family id, filing date) rows → one id per family (the earliest filing; ties by id); records without
    family data stand alone."""
    chosen: dict[str, tuple[str, int]] = {}
    alone = []
    for pk, family, filing in rows:
        if not family:
            alone.append(pk)
            continue
        best = chosen.get(family)
        if best is None or (filing or "9999", pk) < best:
            chosen[family] = (filing or "9999", pk)
    return sorted(alone + [pk for _, pk in chosen.values()])


def diff(old: list[int], new: list[int]) -> tuple[list[int], list[int]]:
    before, after = set(old), set(new)
    return sorted(after - before), sorted(before - after)
