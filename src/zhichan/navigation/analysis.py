"""The eleven analyses of patent navigation over a set of applications (a thematic database version, a branch or a
search result). Each works on a `Frame` (the set's rows of the analysis table, applicant names merged through the
alias table) with NumPy, and returns plain JSON-able data; every row of every result carries the condition (`cond`)
that `select` turns back into the records behind that number."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from django.utils.translation import gettext_noop as _

from zhichan.navigation import columns
from zhichan.navigation.columns import OPS, Table, csr_rows
from zhichan.navigation.models import ApplicantAlias
from zhichan.patents.names import party_type

PUBLICATION_LAG_MONTHS = 18
TOP = 20
NETWORK_NODES = 30


@dataclass
class Frame:
    t: Table
    applicant: np.ndarray  # first applicant, merged through the aliases (code into names)
    applicants: tuple[np.ndarray, np.ndarray]  # every applicant, merged, once per row
    names: list[str]
    types: list[str]
    home: str = ""  # the home region's code ("" none)
    branches: dict[str, tuple[str, np.ndarray]] = field(default_factory=dict)  # id -> (name, row positions)

    def __len__(self) -> int:
        return len(self.t)

    def code(self, dictionary: str, value: str) -> int:
        try:
            return self.t.dicts[dictionary].index(value)
        except ValueError:
            return -1


def aliases() -> dict[str, str]:
    return dict(ApplicantAlias.objects.values_list("name", "group"))


def frame(ids: Iterable[int], branches: dict[str, tuple[str, Iterable[int]]] | None = None, home: str = "",
          table: Table | None = None, merged: dict[str, str] | None = None) -> Frame:
    """The frame of these applications; branches are (name, application ids) by branch id."""
    full = table if table is not None else columns.table()
    t = full.take(full.positions(ids))
    merged = aliases() if merged is None else merged
    canon: dict[str, int] = {}
    names: list[str] = []
    remap = np.empty(len(t.dicts["name"]), dtype=np.int32)
    for i, name in enumerate(t.dicts["name"]):
        group = merged.get(name, name)
        if group not in canon:
            canon[group] = len(names)
            names.append(group)
        remap[i] = canon[group]
    types = [""] * len(names)
    for i, kind in enumerate(t.name_types):
        types[remap[i]] = types[remap[i]] or kind
    for group in set(merged.values()) & canon.keys():  # a group is typed by its own name
        types[canon[group]] = party_type(group)
    branch_rows = {key: (name, t.positions(members)) for key, (name, members) in (branches or {}).items()}
    identity = bool(len(remap)) and bool(np.all(remap == np.arange(len(remap))))
    applicant = t.cols["applicant"] if identity else remap[t.cols["applicant"]]
    return Frame(t, applicant, t.lists["applicants"] if identity else _merge_rows(t, remap, len(names)),
                 names, types, home, branch_rows)


def _merge_rows(t: Table, remap: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Every row's applicants after the aliases, each once (two subsidiaries of one group count once)."""
    ptr, ids = t.lists["applicants"]
    pairs = columns.unique(csr_rows(ptr).astype(np.int64) * (size + 1) + remap[ids])
    new_rows, new_ids = pairs // (size + 1), (pairs % (size + 1)).astype(np.int32)
    new_ptr = np.zeros(len(t) + 1, dtype=np.int64)
    np.cumsum(np.bincount(new_rows, minlength=len(t)), out=new_ptr[1:])
    return new_ptr, new_ids


# ---- helpers ----------------------------------------------------------------------------------------------------

def _counts(values: np.ndarray, size: int) -> np.ndarray:
    counts = np.bincount(values, minlength=size)
    counts[0] = 0  # code 0 is "unknown"
    return counts


def _top(counts: np.ndarray, n: int) -> np.ndarray:
    order = np.argsort(-counts, kind="stable")[:n]
    return order[counts[order] > 0]


def _level(code: str) -> str:
    return "province" if code.endswith("0000") else "city" if code.endswith("00") else "district"


COUNTRY_NAMES = {"CN": _("中国"), "TW": _("中国台湾"), "HK": _("中国香港"), "MO": _("中国澳门"), "US": _("美国"), "JP": _("日本"),
                 "KR": _("韩国"), "EP": _("欧洲专利局"), "WO": _("世界知识产权组织"), "DE": _("德国"), "FR": _("法国"), "GB": _("英国"),
                 "CA": _("加拿大"), "AU": _("澳大利亚"), "IN": _("印度"), "RU": _("俄罗斯"), "BR": _("巴西"), "SG": _("新加坡"),
                 "IT": _("意大利"), "ES": _("西班牙"), "NL": _("荷兰"), "SE": _("瑞典"), "CH": _("瑞士"), "IL": _("以色列"), "MX": _("墨西哥")}


@lru_cache(maxsize=1)
def _division_names() -> tuple[tuple[str, str], ...]:
    """GB/T 2260 names, read once per process (they come with a migration and do not change)."""
    from zhichan.core.models import Region

    return tuple(Region.objects.values_list("code", "name"))


def region_names() -> dict[str, str]:
    """Names of regions (GB/T 2260 codes) and of the usual patent offices (country codes)."""
    return {**COUNTRY_NAMES, **dict(_division_names())}


# ---- the analyses ------------------------------------------------------------------------------------------------

def trend(f: Frame, today: dt.date | None = None) -> dict[str, Any]:
    """1. Filings and grants by year; the years within the publication lag are marked incomplete."""
    today = today or dt.date.today()
    year, grant = f.t.cols["year"], f.t.cols["grant_year"]
    known = np.concatenate([year[year > 0], grant[grant > 0]])
    lag_from = (today.year * 12 + today.month - 1 - PUBLICATION_LAG_MONTHS) // 12
    if not len(known):
        return {"years": [], "filings": [], "grants": [], "incomplete_from": lag_from}
    first, last = int(known.min()), int(known.max())
    filings = np.bincount(year[year > 0] - first, minlength=last - first + 1)
    grants = np.bincount(grant[grant > 0] - first, minlength=last - first + 1)
    years = list(range(first, last + 1))
    return {"years": years, "filings": filings.tolist(), "grants": grants.tolist(), "incomplete_from": lag_from,
            "rows": [{"year": y, "filings": int(a), "grants": int(b), "incomplete": y >= lag_from,
                      "cond": {"year": y}} for y, a, b in zip(years, filings, grants, strict=True)]}


def life_cycle(f: Frame) -> list[dict[str, Any]]:
    """2. Per filing year: applications and distinct applicants (the technology life-cycle chart)."""
    year = f.t.cols["year"].astype(np.int64)
    known = (year > 0) & (f.applicant > 0)
    pairs = columns.unique(year[known] * (len(f.names) + 1) + f.applicant[known])
    applicants = np.bincount(pairs // (len(f.names) + 1))
    filings = np.bincount(year[year > 0])
    return [{"year": int(y), "filings": int(filings[y]), "applicants": int(applicants[y]) if y < len(applicants) else 0,
             "cond": {"year": int(y)}} for y in np.flatnonzero(filings)]


def top_applicants(f: Frame, n: int = TOP) -> list[dict[str, Any]]:
    """4. The applicants with most records (first applicant, merged), their shares, types and yearly counts."""
    counts = _counts(f.applicant, len(f.names))
    top = _top(counts, n)
    year = f.t.cols["year"]
    chosen = np.isin(f.applicant, top) & (year > 0)
    keys, per = columns.unique_counts(f.applicant[chosen].astype(np.int64) * 10000 + year[chosen])
    by_year: dict[int, dict[int, int]] = {}
    for key, count in zip(keys.tolist(), per.tolist(), strict=True):
        by_year.setdefault(key // 10000, {})[key % 10000] = count
    total = len(f) or 1
    return [{"name": f.names[a], "count": int(counts[a]), "share": round(int(counts[a]) / total, 4),
             "type": f.types[a], "by_year": by_year.get(int(a), {}), "cond": {"applicant": f.names[a]}} for a in top]


def geography(f: Frame, n: int = 40) -> dict[str, Any]:
    """3. Countries/offices; provinces and cities in China; the home region marked."""
    labels = region_names()
    out: dict[str, Any] = {"home": f.home, "home_name": labels.get(f.home, "")}
    for key, dictionary in (("countries", "country"), ("provinces", "province"), ("cities", "city")):
        counts = _counts(f.t.cols[dictionary], len(f.t.dicts[columns.DICTS[dictionary]]))
        words = f.t.dicts[columns.DICTS[dictionary]]
        out[key] = [{"code": words[c], "name": labels.get(words[c], words[c]), "count": int(counts[c]),
                     "home": words[c] == f.home, "cond": {dictionary: words[c]}} for c in _top(counts, n)]
    return out


def ipc_composition(f: Frame, n: int = TOP) -> dict[str, Any]:
    """5. Records per IPC subclass (a record counts once in each subclass) and per main group; subclass × year."""
    ptr, ids = f.t.lists["subclasses"]
    words = f.t.dicts["subclass"]
    counts = _counts(ids, len(words))
    top = _top(counts, n)
    year = f.t.cols["year"][csr_rows(ptr)]
    chosen = np.isin(ids, top) & (year > 0)
    years = np.flatnonzero(np.bincount(f.t.cols["year"][f.t.cols["year"] > 0])).tolist()
    keys, per = columns.unique_counts(ids[chosen].astype(np.int64) * 10000 + year[chosen])
    cells = dict(zip(keys.tolist(), per.tolist(), strict=True))
    groups = _counts(f.t.cols["group"], len(f.t.dicts["group"]))
    return {"subclasses": [{"code": words[s], "count": int(counts[s]), "cond": {"subclass": words[s]}} for s in top],
            "groups": [{"code": f.t.dicts["group"][g], "count": int(groups[g]),
                        "cond": {"group": f.t.dicts["group"][g]}} for g in _top(groups, n)],
            "years": years, "matrix": {words[s]: [cells.get(int(s) * 10000 + y, 0) for y in years] for s in top}}


def branch_matrix(f: Frame, n: int = 10) -> dict[str, Any]:
    """6. Branch × year, branch × top applicants, branch × top provinces."""
    year = f.t.cols["year"]
    years = np.flatnonzero(np.bincount(year[year > 0])).tolist() if np.any(year > 0) else []
    applicants = _top(_counts(f.applicant, len(f.names)), n)
    provinces = _top(_counts(f.t.cols["province"], len(f.t.dicts["region"])), n)
    labels = region_names()
    rows = []
    for key, (name, pos) in f.branches.items():
        by_year = np.bincount(year[pos], minlength=(max(years) + 1) if years else 1)
        by_applicant = np.bincount(f.applicant[pos], minlength=len(f.names))
        by_province = np.bincount(f.t.cols["province"][pos], minlength=len(f.t.dicts["region"]))
        rows.append({"branch": key, "name": name, "count": len(pos), "cond": {"branch": key},
                     "years": [int(by_year[y]) for y in years],
                     "applicants": [int(by_applicant[a]) for a in applicants],
                     "provinces": [int(by_province[p]) for p in provinces]})
    return {"years": years, "applicants": [f.names[a] for a in applicants],
            "provinces": [{"code": f.t.dicts["region"][p], "name": labels.get(f.t.dicts["region"][p], "")}
                          for p in provinces], "rows": rows}


def _pairs(ptr: np.ndarray, ids: np.ndarray, keep: np.ndarray) -> dict[tuple[int, int], int]:
    """Co-occurrence counts of the kept ids within rows."""
    rows = csr_rows(ptr)
    mask = np.isin(ids, keep)
    rows, ids = rows[mask], ids[mask]
    starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]]) if len(rows) else np.zeros(0, dtype=np.int64)
    ends = np.r_[starts[1:], len(rows)]
    shared = ends - starts > 1  # rows holding two or more of the kept ids
    counts: dict[tuple[int, int], int] = {}
    for s, e in zip(starts[shared].tolist(), ends[shared].tolist(), strict=True):
        members = sorted(ids[s:e].tolist())
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                counts[(a, b)] = counts.get((a, b), 0) + 1
    return counts


def _clusters(nodes: list[int], edges: Iterable[tuple[int, int]]) -> dict[int, int]:
    parent = {n: n for n in nodes}

    def root(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for a, b in edges:
        parent[root(a)] = root(b)
    roots: dict[int, int] = {}
    return {n: roots.setdefault(root(n), len(roots)) for n in nodes}


def network(f: Frame, n: int = NETWORK_NODES) -> dict[str, Any]:
    """7. Co-applicant network of the leading applicants, and inventor teams (clusters of co-inventors)."""
    ptr, ids = f.applicants
    counts = _counts(ids, len(f.names))
    top = _top(counts, n)
    pairs = _pairs(ptr, ids, top)
    cluster = _clusters(top.tolist(), pairs)
    nodes = [{"name": f.names[a], "count": int(counts[a]), "type": f.types[a], "cluster": cluster[int(a)],
              "cond": {"party": f.names[a]}} for a in top]
    links = [{"source": f.names[a], "target": f.names[b], "weight": w, "cond": {"party": f.names[a], "with": f.names[b]}}
             for (a, b), w in sorted(pairs.items(), key=lambda item: -item[1])]
    iptr, iids = f.t.lists["inventors"]
    words = f.t.dicts["inventor"]
    icounts = _counts(iids, len(words))
    itop = _top(icounts, n * 2)
    ipairs = {k: w for k, w in _pairs(iptr, iids, itop).items() if w >= 2}
    icluster = _clusters(itop.tolist(), ipairs)
    teams: dict[int, list[int]] = {}
    for inventor, c in icluster.items():
        teams.setdefault(c, []).append(inventor)
    team_rows = [{"members": [words[i] for i in sorted(m, key=lambda i: -icounts[i])],
                  "records": int(sum(icounts[i] for i in m)), "cond": {"inventor": words[max(m, key=lambda i: icounts[i])]}}
                 for m in teams.values() if len(m) > 1]
    team_rows.sort(key=lambda t: -t["records"])
    return {"nodes": nodes, "links": links, "teams": team_rows[:TOP],
            "inventors": [{"name": words[i], "count": int(icounts[i]), "cluster": icluster[int(i)],
                           "cond": {"inventor": words[i]}} for i in itop],
            "inventor_links": [{"source": words[a], "target": words[b], "weight": w,
                                "cond": {"inventor": words[a], "co_inventor": words[b]}}
                               for (a, b), w in sorted(ipairs.items(), key=lambda item: -item[1])]}


def key_patents(f: Frame, n: int = 10) -> dict[str, list[dict[str, Any]]]:
    """8. Most cited, largest families, most claims, and the most cited of those still valid; with their holders."""
    out = {}
    still_valid = f.t.cols["status"] == f.code("status", "valid")
    for key, column in (("cited", "cited"), ("family", "family"), ("claims", "claims"), ("valid", "cited")):
        values = f.t.cols[column].astype(np.int64)
        candidates = np.flatnonzero(still_valid if key == "valid" else values > 0)
        order = candidates[np.argsort(-values[candidates], kind="stable")[:n]]
        out[key] = [{"pk": int(f.t.pk[i]), "value": int(values[i]), "holder": f.names[f.applicant[i]]} for i in order]
    from zhichan.patents.models import Application

    shown = Application.objects.in_bulk([p["pk"] for rows in out.values() for p in rows])
    for rows in out.values():
        for p in rows:
            p["key"], p["title"] = shown[p["pk"]].key, shown[p["pk"]].title
    return out


def legal_status(f: Frame) -> dict[str, Any]:
    """9. Valid / pending / lapsed ..., and the operations the data records (transfers, licences, pledges)."""
    words = f.t.dicts["status"]
    counts = np.bincount(f.t.cols["status"], minlength=len(words))
    ops = f.t.cols["ops"].astype(np.int64)
    return {"status": [{"code": words[s], "count": int(counts[s]), "cond": {"status": words[s]}}
                       for s in np.argsort(-counts, kind="stable") if counts[s]],
            "operations": [{"code": kind, "count": int(np.count_nonzero(ops & bit)), "cond": {"op": kind}}
                           for kind, bit in OPS.items()]}


def region_vs_nation(f: Frame, n: int = 5) -> dict[str, Any]:
    """10. The home region's share of each branch (domestic records) against the nation and the top regions of
    the same level; its strongest and weakest branches (the relative advantage index, share in the branch ÷
    share overall, above 1 and below 1, three each); its leading enterprises and universities per branch."""
    if not f.home:
        return {"home": "", "rows": []}
    level = _level(f.home)
    labels = region_names()
    column = f.t.cols[level]
    home = f.code("region", f.home)
    domestic = f.t.cols["country"] == f.code("country", "CN")
    at_home = domestic & (column == home)
    overall = int(at_home.sum()) / max(int(domestic.sum()), 1)
    groups = f.branches or {"": (_("全部"), np.arange(len(f)))}
    kinds = {kind: np.asarray([t == kind for t in f.types], dtype=bool) for kind in ("enterprise", "university")}
    rows = []
    for key, (name, pos) in groups.items():
        dom = pos[domestic[pos]]
        here = pos[at_home[pos]]
        share = len(here) / len(dom) if len(dom) else 0.0
        regions = np.bincount(column[dom], minlength=len(f.t.dicts["region"]))
        regions[0] = 0
        leaders = {kind: [f.names[a] for a in _top(np.bincount(
            f.applicant[here][is_kind[f.applicant[here]]], minlength=len(f.names)), 3)]
            for kind, is_kind in kinds.items()}
        rows.append({"branch": key, "name": name, "domestic": len(dom), "home": len(here), "share": round(share, 4),
                     "index": round(share / overall, 2) if overall else 0.0,
                     "top_regions": [{"code": f.t.dicts["region"][r], "name": labels.get(f.t.dicts["region"][r], ""),
                                      "count": int(regions[r])} for r in _top(regions, n)],
                     "enterprises": leaders["enterprise"], "universities": leaders["university"],
                     "cond": {"branch": key, level: f.home} if key else {level: f.home}})
    ranked = sorted((r for r in rows if r["domestic"]), key=lambda r: -r["index"])
    return {"home": f.home, "home_name": labels.get(f.home, f.home), "level": level, "overall_share": round(overall, 4),
            "rows": rows, "strongest": [r["name"] for r in ranked if r["index"] > 1][:3],
            "weakest": [r["name"] for r in ranked[::-1] if r["index"] < 1][:3]}


SAMPLE_PER_PERIOD = 300


def periods(years: np.ndarray, width: int = 5, most: int = 4) -> list[tuple[int, int]]:
    known = years[years > 0]
    if not len(known):
        return []
    first, last = int(known.min()), int(known.max())
    spans = [(start, start + width - 1) for start in range(last - width + 1, first - width, -width)][:most]
    return spans[::-1]


def sample(pos: np.ndarray) -> np.ndarray:
    """At most SAMPLE_PER_PERIOD rows, evenly spaced (deterministic, so a click finds the same records)."""
    if len(pos) <= SAMPLE_PER_PERIOD:
        return pos
    return pos[np.linspace(0, len(pos) - 1, SAMPLE_PER_PERIOD).astype(int)]


def hotspots(f: Frame, k: int = 30) -> list[dict[str, Any]]:
    """11. Keyword hotspots per period: candidate keywords by jieba TF-IDF over title and abstract, ranked by how
    many records mention them. A period of more than SAMPLE_PER_PERIOD records is read from an evenly spaced sample
    of that size (the result states it, and the records behind a keyword are those of the same sample)."""
    from zhichan.navigation import keywords
    from zhichan.patents.models import Application

    out = []
    year = f.t.cols["year"]
    for first, last in periods(year):
        pos = np.flatnonzero((year >= first) & (year <= last))
        chosen = sample(pos)
        texts = [f"{t}。{a}" for t, a in Application.objects.filter(
            pk__in=f.t.pk[chosen].tolist()).values_list("title", "abstract")]
        candidates = [w for w, _ in keywords.hotspots(texts, k * 2)]
        mentions = sorted(((w, sum(w in text for text in texts)) for w in candidates), key=lambda x: -x[1])[:k]
        cond: dict[str, Any] = {"years": [first, last]}
        if len(chosen) < len(pos):
            cond["sample"] = True
        out.append({"period": f"{first}–{last}", "records": len(pos), "sample": len(chosen),
                    "keywords": [{"word": w, "count": c, "cond": {**cond, "keyword": w}} for w, c in mentions]})
    return out


ANALYSES = ("trend", "life_cycle", "geography", "applicants", "ipc", "branches", "network", "key_patents",
            "legal_status", "region", "hotspots")


def run_all(f: Frame, today: dt.date | None = None, progress: Any = None) -> dict[str, Any]:
    steps = [("trend", lambda: trend(f, today)), ("life_cycle", lambda: life_cycle(f)),
             ("geography", lambda: geography(f)), ("applicants", lambda: top_applicants(f)),
             ("ipc", lambda: ipc_composition(f)), ("branches", lambda: branch_matrix(f)),
             ("network", lambda: network(f)), ("key_patents", lambda: key_patents(f)),
             ("legal_status", lambda: legal_status(f)), ("region", lambda: region_vs_nation(f)),
             ("hotspots", lambda: hotspots(f))]
    result: dict[str, Any] = {"total": len(f)}
    for i, (name, step) in enumerate(steps):
        result[name] = step()
        if progress:
            progress(i + 1, len(steps), name)
    return result


# ---- the records behind a number ---------------------------------------------------------------------------------

def select(f: Frame, cond: dict[str, Any]) -> np.ndarray:
    """Positions of the rows matching a condition (every key must hold)."""
    mask = np.ones(len(f), dtype=bool)
    t = f.t
    for key, value in cond.items():
        if key in ("year", "grant_year"):
            mask &= t.cols[key] == int(value)
        elif key == "years":
            mask &= (t.cols["year"] >= int(value[0])) & (t.cols["year"] <= int(value[1]))
        elif key in ("country", "province", "city", "district", "status", "group"):
            mask &= t.cols[key] == f.code(columns.DICTS[key], str(value))
        elif key == "applicant":
            mask &= f.applicant == _name_code(f, value)
        elif key in ("party", "with"):
            ptr, ids = f.applicants
            mask &= _rows_having(ptr, ids, _name_code(f, value), len(f))
        elif key in ("subclass", "inventor", "co_inventor"):
            ptr, ids = t.lists["subclasses" if key == "subclass" else "inventors"]
            words = "subclass" if key == "subclass" else "inventor"
            mask &= _rows_having(ptr, ids, f.code(words, str(value)), len(f))
        elif key == "op":
            mask &= (t.cols["ops"].astype(np.int64) & OPS.get(str(value), 0)) > 0
        elif key == "branch":
            pos = f.branches.get(str(value), ("", np.zeros(0, dtype=np.int64)))[1]
            inside = np.zeros(len(f), dtype=bool)
            inside[pos] = True
            mask &= inside
        elif key in ("keyword", "sample"):
            continue  # applied by `records`
        else:
            raise ValueError(f"unknown condition {key}")
    return np.flatnonzero(mask)


def _name_code(f: Frame, name: str) -> int:
    try:
        return f.names.index(str(name))
    except ValueError:
        return -1


def _rows_having(ptr: np.ndarray, ids: np.ndarray, code: int, size: int) -> np.ndarray:
    mask = np.zeros(size, dtype=bool)
    mask[csr_rows(ptr)[ids == code]] = True
    return mask


def records(f: Frame, cond: dict[str, Any]) -> list[int]:
    """Application ids behind a number (a keyword is looked up, case-sensitively as the count was, in title and
    abstract, within the period's sample when the number came from one)."""
    from zhichan.patents.models import Application

    pos = select(f, cond)
    ids = f.t.pk[sample(pos) if cond.get("sample") else pos].tolist()
    if cond.get("keyword"):
        word = str(cond["keyword"])
        found: list[int] = []
        for start in range(0, len(ids), 5000):
            rows = Application.objects.filter(pk__in=ids[start:start + 5000]).values_list("pk", "title", "abstract")
            found += [pk for pk, title, abstract in rows if word in f"{title}。{abstract}"]
        ids = sorted(found)
    return ids
