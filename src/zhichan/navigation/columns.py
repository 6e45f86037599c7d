"""The analysis table: every application as NumPy columns, so that an analysis of a million records is a few array
operations. Kept on disk under ZHICHAN_HOME/analysis and brought up to date when applications change (changed rows
are re-read and merged; a deletion rebuilds it).

Categorical columns hold codes into string dictionaries; list columns (all applicants, inventors, IPC subclasses)
are CSR pairs (ptr, ids): the values of row i are ids[ptr[i]:ptr[i+1]]."""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from zhichan import conf
from zhichan.patents import ipc, names
from zhichan.patents import record as rec
from zhichan.patents.validity import GRANT, LAPSE, PLEDGE, TRANSFER, event_kind

# Operation flags (bit per kind), as far as the data records them.
OPS = {TRANSFER: 1, "licence": 2, PLEDGE: 4, LAPSE: 8, GRANT: 16}
SCALARS = ("year", "grant_year", "country", "province", "city", "district", "status", "applicant", "group", "ops",
           "cited", "family", "claims")
LISTS = ("applicants", "inventors", "subclasses")
DICTS = {"country": "country", "province": "region", "city": "region", "district": "region", "status": "status",
         "applicant": "name", "group": "group", "applicants": "name", "inventors": "inventor",
         "subclasses": "subclass"}
VERSION = 1


@dataclass
class Table:
    pk: np.ndarray  # int64, ascending
    cols: dict[str, np.ndarray]
    lists: dict[str, tuple[np.ndarray, np.ndarray]]
    dicts: dict[str, list[str]]  # name, region, country, status, inventor, subclass, group
    name_types: list[str]  # the party type of every entry of dicts["name"]

    def __len__(self) -> int:
        return len(self.pk)

    def take(self, index: np.ndarray) -> Table:
        """The rows at these positions (ascending), dictionaries shared."""
        return Table(self.pk[index], {k: v[index] for k, v in self.cols.items()},
                     {k: csr_take(p, i, index) for k, (p, i) in self.lists.items()}, self.dicts, self.name_types)

    def positions(self, pks: Iterable[int]) -> np.ndarray:
        """Positions of these application ids (ids not in the table are left out)."""
        wanted = np.asarray(pks if isinstance(pks, list | np.ndarray) else list(pks), dtype=np.int64)
        if len(wanted) > 1 and not np.all(wanted[1:] > wanted[:-1]):
            wanted = unique(wanted)
        if not len(self.pk):
            return np.zeros(0, dtype=np.int64)
        where = np.searchsorted(self.pk, wanted).clip(0, len(self.pk) - 1)
        return where[self.pk[where] == wanted]


def csr_take(ptr: np.ndarray, ids: np.ndarray, index: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    starts, ends = ptr[index], ptr[index + 1]
    lengths = ends - starts
    new_ptr = np.zeros(len(index) + 1, dtype=np.int64)
    np.cumsum(lengths, out=new_ptr[1:])
    if not new_ptr[-1]:
        return new_ptr, ids[:0]
    offsets = np.repeat(starts - new_ptr[:-1], lengths)
    return new_ptr, ids[np.arange(new_ptr[-1]) + offsets]


def unique(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values (a plain sort: NumPy 2's hashing np.unique is several times slower on large int
    arrays)."""
    ordered = np.sort(values, kind="stable")
    return ordered[np.r_[True, ordered[1:] != ordered[:-1]]] if len(ordered) else ordered


def unique_counts(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    ordered = np.sort(values, kind="stable")
    if not len(ordered):
        return ordered, ordered.astype(np.int64)
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    return ordered[starts], np.diff(np.r_[starts, len(ordered)])


def csr_rows(ptr: np.ndarray) -> np.ndarray:
    """The row of every entry of a CSR column."""
    return np.repeat(np.arange(len(ptr) - 1), np.diff(ptr))


# ---- building -------------------------------------------------------------------------------------------------

class _Codes:
    def __init__(self, values: list[str] | None = None) -> None:
        self.values = list(values or [""])
        self.index = {v: i for i, v in enumerate(self.values)}

    def __call__(self, value: str) -> int:
        code = self.index.get(value)
        if code is None:
            code = self.index[value] = len(self.values)
            self.values.append(value)
        return code


def _ops(events: list[dict]) -> int:
    flags = 0
    for e in events:
        code, text = e.get("code", ""), e.get("description", "")
        flags |= OPS.get(event_kind(code, text), 0)
        if "许可" in code or "许可" in text:
            flags |= OPS["licence"]
    return flags


# Places are the first applicant's (where the invention was filed from), else the application's region.
FIELDS = ("pk", "filing_year", "grant_date", "country", "region_id", "legal_status", "main_ipc", "data")


def _read(queryset: Any, progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    """Rows of these applications as columns (codes into fresh dictionaries)."""
    codes = {name: _Codes() for name in ("name", "region", "country", "status", "inventor", "subclass", "group")}
    scal: dict[str, list[int]] = {k: [] for k in ("pk",) + SCALARS}
    lists: dict[str, tuple[list[int], list[int]]] = {k: ([0], []) for k in LISTS}
    name, region = codes["name"], codes["region"]
    for n, (pk, year, grant, country, district, status, main, data) in enumerate(
            queryset.values_list(*FIELDS).iterator(chunk_size=5000)):
        parties = data.get("parties", [])
        applicants = [names.normalize(p["name"]) for p in parties if p["role"] == rec.APPLICANT]
        applicant_codes = list(dict.fromkeys(name(a) for a in applicants if a))
        inventors = list(dict.fromkeys(codes["inventor"](p["name"].strip()) for p in parties
                                       if p["role"] == rec.INVENTOR and p["name"].strip()))
        subclasses = sorted({codes["subclass"](ipc.subclass(c)) for c in data.get("ipc", []) if c})
        scal["pk"].append(pk)
        scal["year"].append(year or 0)
        scal["grant_year"].append(grant.year if grant else 0)
        scal["country"].append(codes["country"](country or ""))
        place = next((p.get("region_code") or "" for p in parties if p["role"] == rec.APPLICANT), "") or district or ""
        scal["province"].append(region(place[:2] + "0000" if place else ""))
        scal["city"].append(region(place[:4] + "00" if place else ""))
        scal["district"].append(region(place if place and not place.endswith("00") else ""))
        scal["status"].append(codes["status"](status or ""))
        scal["applicant"].append(applicant_codes[0] if applicant_codes else 0)
        scal["group"].append(codes["group"](ipc.main_group(main) if main else ""))
        scal["ops"].append(_ops(data.get("events", [])))
        scal["cited"].append(_int(data.get("cited_by_count")))
        scal["family"].append(_int(data.get("family_size")))
        scal["claims"].append(_int(data.get("claims_count")))
        for key, values in (("applicants", applicant_codes), ("inventors", inventors), ("subclasses", subclasses)):
            ptr, ids = lists[key]
            ids.extend(values)
            ptr.append(len(ids))
        if progress and n % 20000 == 0:
            progress(n)
    return {"scalars": scal, "lists": lists, "dicts": {k: c.values for k, c in codes.items()}}


def _int(value: Any) -> int:
    return int(value) if isinstance(value, int | float) else -1


_DTYPES = {"year": np.int16, "grant_year": np.int16, "ops": np.int8, "cited": np.int32, "family": np.int32,
           "claims": np.int32}


def _table(raw: dict[str, Any]) -> Table:
    scal = raw["scalars"]
    cols = {k: np.asarray(scal[k], dtype=_DTYPES.get(k, np.int32)) for k in SCALARS}
    lists = {k: (np.asarray(p, dtype=np.int64), np.asarray(i, dtype=np.int32)) for k, (p, i) in raw["lists"].items()}
    dicts = raw["dicts"]
    types = [names.party_type(n) if n else "" for n in dicts["name"]]
    return Table(np.asarray(scal["pk"], dtype=np.int64), cols, lists, dicts, types)


def merge(old: Table, new: Table) -> Table:
    """The old table without the rows the new one holds, plus the new rows, re-coded into the old dictionaries."""
    keep = np.flatnonzero(~np.isin(old.pk, new.pk))
    old = old.take(keep)
    dicts = {k: list(v) for k, v in old.dicts.items()}
    remap = {}
    for key, values in new.dicts.items():
        codes = _Codes(dicts[key])
        remap[key] = np.asarray([codes(v) for v in values], dtype=np.int32)
        dicts[key] = codes.values
    types = old.name_types + [""] * (len(dicts["name"]) - len(old.name_types))
    for code, kind in zip(remap["name"].tolist(), new.name_types, strict=True):  # typed once, when read
        types[code] = kind
    cols = {}
    for k in SCALARS:
        values = remap[DICTS[k]][new.cols[k]] if k in DICTS else new.cols[k]
        cols[k] = np.concatenate([old.cols[k], values.astype(old.cols[k].dtype)])
    lists = {}
    for k in LISTS:
        (p1, i1), (p2, i2) = old.lists[k], new.lists[k]
        lists[k] = (np.concatenate([p1, p2[1:] + p1[-1]]), np.concatenate([i1, remap[DICTS[k]][i2]]))
    pk = np.concatenate([old.pk, new.pk])
    order = np.argsort(pk, kind="stable")
    merged = Table(pk, cols, lists, dicts, types)
    return merged if np.all(order == np.arange(len(pk))) else merged.take(order)


# ---- storage ----------------------------------------------------------------------------------------------------

def folder() -> Path:
    return conf.home() / "analysis"


def save(table: Table, stamp: dict[str, Any]) -> None:
    """One file, replaced atomically: the columns, the dictionaries and the stamp they belong to."""
    path = folder()
    path.mkdir(parents=True, exist_ok=True)
    meta = {"stamp": {**stamp, "version": VERSION}, "dicts": table.dicts, "types": table.name_types}
    arrays = {"pk": table.pk, "meta": np.array(json.dumps(meta, ensure_ascii=False)),
              **{f"c_{k}": v for k, v in table.cols.items()}}
    for k, (p, i) in table.lists.items():
        arrays[f"p_{k}"], arrays[f"i_{k}"] = p, i
    tmp = path / f"columns.tmp{os.getpid()}-{threading.get_ident()}.npz"  # web workers may save at the same time
    np.savez(tmp, **arrays)
    tmp.replace(path / "columns.npz")


def load() -> tuple[Table, dict[str, Any]] | None:
    try:
        with np.load(folder() / "columns.npz") as data:
            meta = json.loads(str(data["meta"]))
            if meta["stamp"].get("version") != VERSION:
                return None
            table = Table(data["pk"], {k: data[f"c_{k}"] for k in SCALARS},
                          {k: (data[f"p_{k}"], data[f"i_{k}"]) for k in LISTS}, meta["dicts"], meta["types"])
    except (OSError, ValueError, KeyError):
        return None
    return table, meta["stamp"]


def current_stamp() -> dict[str, Any]:
    from django.db.models import Count, Max

    from zhichan.patents.models import Application

    agg = Application.objects.aggregate(n=Count("pk"), top=Max("pk"), changed=Max("updated_at"))
    return {"count": agg["n"], "max_pk": agg["top"] or 0,
            "changed": agg["changed"].isoformat() if agg["changed"] else ""}


_MEMO: dict[str, Any] = {}
_LOCK = threading.Lock()


def table(progress: Callable[[int], None] | None = None) -> Table:
    """The up-to-date analysis table (read from disk, patched, or rebuilt)."""
    from zhichan.patents.models import Application

    with _LOCK:
        stamp = current_stamp()
        memo = _MEMO.get(str(folder()))
        if memo and memo[1] == stamp:
            return memo[0]
        stored = load()
        if stored and _same(stored[1], stamp):
            result = stored[0]
        elif stored and stored[1].get("changed") and stamp["count"] >= stored[1]["count"]:
            old, before = stored
            changed = Application.objects.filter(updated_at__gt=before["changed"]) | \
                Application.objects.filter(pk__gt=before["max_pk"])
            result = merge(old, _table(_read(changed.order_by("pk"), progress)))
            if len(result) != stamp["count"]:  # something was deleted too
                result = _table(_read(Application.objects.order_by("pk"), progress))
            save(result, stamp)
        else:
            result = _table(_read(Application.objects.order_by("pk"), progress))
            save(result, stamp)
        _MEMO[str(folder())] = (result, stamp)
        return result


def _same(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return all(a.get(k) == b.get(k) for k in ("count", "max_pk", "changed"))
