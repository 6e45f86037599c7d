"""The peer of bench/analytics.py: the same eleven analyses written the straightforward way with pandas, over
DataFrames of the version's records (one row per record, plus long tables of applicants, inventors, subclasses and
branch memberships). The keyword step reads the same sample of texts and uses the same extractor."""

from __future__ import annotations

import time
from typing import Any

import pandas as pd

from zhichan.navigation import analysis, keywords, results
from zhichan.navigation.columns import OPS, csr_rows
from zhichan.patents.models import Application


def frames(version: Any) -> dict[str, pd.DataFrame]:
    f = results.of_version(version).frame()
    t = f.t
    region = t.dicts["region"]
    main = pd.DataFrame({"pk": t.pk, "year": t.cols["year"], "grant_year": t.cols["grant_year"],
                         "country": pd.Series(t.dicts["country"]).iloc[t.cols["country"]].to_numpy(),
                         "province": pd.Series(region).iloc[t.cols["province"]].to_numpy(),
                         "city": pd.Series(region).iloc[t.cols["city"]].to_numpy(),
                         "status": pd.Series(t.dicts["status"]).iloc[t.cols["status"]].to_numpy(),
                         "applicant": pd.Series(f.names).iloc[f.applicant].to_numpy(),
                         "type": pd.Series(f.types).iloc[f.applicant].to_numpy(),
                         "group": pd.Series(t.dicts["group"]).iloc[t.cols["group"]].to_numpy(),
                         "ops": t.cols["ops"], "cited": t.cols["cited"], "family": t.cols["family"],
                         "claims": t.cols["claims"]})

    def long(ptr: Any, ids: Any, words: list[str]) -> pd.DataFrame:
        return pd.DataFrame({"pk": t.pk[csr_rows(ptr)], "name": pd.Series(words).iloc[ids].to_numpy()})

    branches = pd.concat([pd.DataFrame({"pk": t.pk[pos], "branch": name}) for name, pos in f.branches.values()])
    return {"main": main, "applicants": long(*f.applicants, f.names),
            "inventors": long(*t.lists["inventors"], t.dicts["inventor"]),
            "subclasses": long(*t.lists["subclasses"], t.dicts["subclass"]), "branches": branches,
            "home": f.home}


def analyse(d: dict[str, Any]) -> dict[str, Any]:
    m = d["main"]
    out: dict[str, Any] = {"total": len(m)}
    known = m[m["year"] > 0]
    years = known["year"].value_counts().sort_index()
    out["trend"] = {"filings": years.tolist(), "grants": m[m["grant_year"] > 0]["grant_year"].value_counts().tolist()}
    named = known[known["applicant"] != ""]
    out["life_cycle"] = pd.DataFrame({"filings": years, "applicants": named.groupby("year")["applicant"].nunique()})
    out["geography"] = {c: m[m[c] != ""][c].value_counts().head(40) for c in ("country", "province", "city")}
    counts = m[m["applicant"] != ""]["applicant"].value_counts()
    top = counts.head(20)
    out["applicants"] = [{"name": n, "count": c} for n, c in top.items()]
    out["applicant_years"] = known[known["applicant"].isin(top.index)].groupby(["applicant", "year"]).size()
    sub = d["subclasses"].merge(m[["pk", "year"]], on="pk")
    top_sub = sub["name"].value_counts().head(20)
    out["ipc"] = (top_sub, pd.crosstab(sub[sub["name"].isin(top_sub.index)]["name"], sub["year"]),
                  m[m["group"] != ""]["group"].value_counts().head(20))
    b = d["branches"].merge(m, on="pk")
    top_prov = m[m["province"] != ""]["province"].value_counts().head(10).index
    out["branches"] = (b.groupby(["branch", "year"]).size(), b[b["applicant"].isin(counts.head(10).index)]
                       .groupby(["branch", "applicant"]).size(),
                       b[b["province"].isin(top_prov)].groupby(["branch", "province"]).size())
    out["network"] = (_pairs(d["applicants"], 30), _pairs(d["inventors"], 60))
    valid = m[m["status"] == "valid"]
    out["key_patents"] = {"cited": m[m["cited"] > 0].nlargest(10, "cited"), "family": m[m["family"] > 0].nlargest(
        10, "family"), "claims": m[m["claims"] > 0].nlargest(10, "claims"), "valid": valid.nlargest(10, "cited")}
    out["legal_status"] = (m["status"].value_counts(), {k: int((m["ops"] & bit > 0).sum()) for k, bit in OPS.items()})
    out["region"] = _region(b, m, d["home"])
    out["hotspots"] = _hotspots(m)
    return out


def _pairs(people: pd.DataFrame, n: int) -> pd.Series:
    top = people[people["name"] != ""]["name"].value_counts().head(n).index
    kept = people[people["name"].isin(top)]
    pairs = kept.merge(kept, on="pk")
    return pairs[pairs["name_x"] < pairs["name_y"]].groupby(["name_x", "name_y"]).size()


def _region(b: pd.DataFrame, m: pd.DataFrame, home: str) -> pd.DataFrame:
    level = "city" if home.endswith("00") and not home.endswith("0000") else "province"
    domestic = b[b["country"] == "CN"]
    at_home = domestic[domestic[level] == home]
    table = pd.DataFrame({"domestic": domestic.groupby("branch").size(), "home": at_home.groupby("branch").size()})
    table["share"] = table["home"] / table["domestic"]
    overall = (m[m["country"] == "CN"][level] == home).mean()
    table["index"] = table["share"] / overall
    table["top"] = domestic[domestic[level] != ""].groupby("branch")[level].agg(lambda s: s.value_counts().head(5))
    leaders = at_home[at_home["type"].isin(["enterprise", "university"])].groupby(["branch", "type"])["applicant"]
    return table.join(leaders.agg(lambda s: list(s.value_counts().head(3).index)).unstack(), how="left")


def _hotspots(m: pd.DataFrame) -> list:
    out = []
    for first, last in analysis.periods(m["year"].to_numpy()):
        pks = m[(m["year"] >= first) & (m["year"] <= last)]["pk"]
        if len(pks) > analysis.SAMPLE_PER_PERIOD:
            step = (len(pks) - 1) / (analysis.SAMPLE_PER_PERIOD - 1)
            pks = pks.iloc[[int(i * step) for i in range(analysis.SAMPLE_PER_PERIOD)]]
        texts = Application.objects.filter(pk__in=pks.tolist()).values_list("title", "abstract")
        out.append(keywords.hotspots(f"{t}。{a}" for t, a in texts))
    return out


def run(version: Any) -> tuple[dict[str, Any], float]:
    """(result, seconds spent building the DataFrames)."""
    started = time.perf_counter()
    d = frames(version)
    build = time.perf_counter() - started
    return analyse(d), build
