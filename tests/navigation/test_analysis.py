"""Analyses on real exports (the 7,805-record 虚拟现实 CSV; the 中科创达 China file with provinces and families),
compared with an independent count in pandas over the source file; every number's records are counted again."""

from __future__ import annotations

import datetime as dt
import warnings
from collections import Counter
from itertools import combinations

import pandas as pd
import pytest

from tests.conftest import THUNDERSOFT, VR_CSV, raw_data
from zhichan.navigation import analysis
from zhichan.navigation.models import ApplicantAlias
from zhichan.patents import names
from zhichan.patents.actions import do_import_patents
from zhichan.patents.models import Application

pytestmark = pytest.mark.django_db


def _split(column: pd.Series) -> pd.Series:
    return column.str.split(" | ", regex=False).map(lambda items: [i.strip() for i in items if i.strip()])


@pytest.fixture
def vr():
    path = raw_data(VR_CSV)
    do_import_patents(None, [path])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the export ends its rows with a comma
        source = pd.read_csv(path, encoding="utf-8-sig", index_col=False, dtype=str, keep_default_na=False)
    source = source.drop_duplicates("申请号").set_index("申请号")
    return analysis.frame(Application.objects.values_list("pk", flat=True)), source


def _keys(pks) -> list[str]:
    return sorted(Application.objects.filter(pk__in=list(pks)).values_list("key", flat=True))


def test_trend_and_life_cycle(vr):
    f, source = vr
    result = analysis.trend(f, dt.date(2022, 5, 7))
    filings = source["申请日"].str[:4].astype(int).value_counts()
    grants = source.loc[source["授权公告日"] != "", "授权公告日"].str[:4].astype(int).value_counts()
    assert {y: n for y, n in zip(result["years"], result["filings"], strict=True) if n} == filings.to_dict()
    assert {y: g for y, g in zip(result["years"], result["grants"], strict=True) if g} == grants.to_dict()
    assert result["incomplete_from"] == 2020
    row = max(result["rows"], key=lambda r: r["filings"])
    assert len(analysis.records(f, row["cond"])) == row["filings"] == filings.max()
    cycle = {c["year"]: c for c in analysis.life_cycle(f)}
    first = _split(source["申请人"]).str[0].map(names.normalize)
    per_year = first.groupby(source["申请日"].str[:4].astype(int)).nunique()
    assert {y: c["applicants"] for y, c in cycle.items()} == per_year.to_dict()


def test_top_applicants_with_aliases(vr):
    f, source = vr
    first = _split(source["申请人"]).str[0].map(names.normalize)
    expected = first.value_counts()
    top = analysis.top_applicants(f, 10)
    assert [(t["name"], t["count"]) for t in top[:5]] == list(expected.head(5).items())
    leader, second = top[0]["name"], top[1]["name"]
    assert _keys(analysis.records(f, top[0]["cond"])) == sorted(first[first == leader].index)
    ApplicantAlias.objects.create(name=second, group=leader)  # e.g. a subsidiary under its group
    merged = analysis.top_applicants(analysis.frame(f.t.pk.tolist()), 1)[0]
    assert merged["name"] == leader and merged["count"] == expected[leader] + expected[second]
    assert merged["type"] == names.party_type(leader)


def test_ipc_status_and_key_patents(vr):
    f, source = vr
    ipc = analysis.ipc_composition(f, 10)
    composition = {s["code"]: s["count"] for s in ipc["subclasses"]}
    subclasses = _split(source["国际分类"]).map(lambda codes: {c.replace(" ", "")[:4] for c in codes})
    expected = pd.Series([s for group in subclasses for s in group]).value_counts()
    assert composition == {s: expected[s] for s in composition}
    assert len(composition) == 10 and min(composition.values()) >= expected.iloc[10]  # the ten largest
    top = ipc["subclasses"][0]["code"]
    per_year = source[subclasses.map(lambda g: top in g)]["申请日"].str[:4].astype(int).value_counts()
    assert {y: n for y, n in zip(ipc["years"], ipc["matrix"][top], strict=True) if n} == per_year.to_dict()
    assert len(analysis.records(f, {"subclass": top, "year": 2021})) == per_year[2021]
    status = analysis.legal_status(f)
    assert sum(s["count"] for s in status["status"]) == len(source)
    for s in status["status"]:
        assert len(analysis.records(f, s["cond"])) == s["count"]

    key = analysis.key_patents(f, 5)
    for name, column in (("cited", "引用本文专利数"), ("claims", "权利要求数"), ("family", "同族专利数")):
        values = source[column].replace("", "0").astype(int).sort_values(ascending=False)
        assert [p["value"] for p in key[name]] == values.head(5).tolist()
        shown = Application.objects.get(pk=key[name][0]["pk"]).key
        assert int(source.loc[shown, column]) == values.iloc[0]
    valid = source[source["法律状态"].str.contains("有效|授权")]
    assert all(Application.objects.get(pk=p["pk"]).legal_status == "valid" for p in key["valid"])
    assert key["valid"][0]["value"] == valid["引用本文专利数"].replace("", "0").astype(int).max()


def test_co_applicants_and_inventors(vr):
    f, source = vr
    net = analysis.network(f, 30)
    applicants = _split(source["申请人"]).map(lambda items: sorted({names.normalize(a) for a in items}))
    counts = Counter(a for group in applicants for a in group)
    assert [(n["name"], n["count"]) for n in net["nodes"][:5]] == counts.most_common(5)
    shown = {n["name"] for n in net["nodes"]}
    pairs = Counter(p for group in applicants for p in combinations(sorted(set(group) & shown), 2))
    assert {(min(a, b), max(a, b)): w for a, b, w in ((x["source"], x["target"], x["weight"]) for x in net["links"])} \
        == dict(pairs)
    link = net["links"][0]
    assert len(analysis.records(f, link["cond"])) == link["weight"]
    inventors = Counter(i for group in _split(source["发明人"]) for i in set(group))
    assert [(i["name"], i["count"]) for i in net["inventors"][:3]] == inventors.most_common(3)
    assert net["teams"] and all(len(t["members"]) > 1 for t in net["teams"])
    team = net["inventor_links"][0]
    together = _split(source["发明人"]).map(lambda group: team["source"] in group and team["target"] in group)
    assert team["weight"] == together.sum() >= 2 and len(analysis.records(f, team["cond"])) == team["weight"]


@pytest.fixture
def thundersoft(django_user_model):
    path = raw_data(THUNDERSOFT)
    do_import_patents(None, [path])
    source = pd.read_excel(path, dtype=str, keep_default_na=False)
    return source.drop_duplicates("申请号").set_index("申请号")


def test_geography_branches_and_region(thundersoft):
    source = thundersoft
    pks = dict(Application.objects.values_list("key", "pk"))
    camera = source[source["标题"].str.contains("图像")]
    screen = source[source["标题"].str.contains("显示")]
    branches = {"1": ("图像", [pks[k] for k in camera.index]), "2": ("显示", [pks[k] for k in screen.index])}
    beijing = "110000"
    f = analysis.frame(pks.values(), branches, home=beijing)
    geo = analysis.geography(f)
    assert sum(c["count"] for c in geo["countries"]) == len(source)
    provinces = {p["name"]: p["count"] for p in geo["provinces"]}
    expected = source["省市"].replace("", pd.NA).dropna().value_counts()
    top = expected.index[0]
    assert provinces[top] == expected[top]
    assert next(p for p in geo["provinces"] if p["code"] == beijing)["home"]

    matrix = analysis.branch_matrix(f)
    rows = {r["name"]: r for r in matrix["rows"]}
    for name, frame in (("图像", camera), ("显示", screen)):
        years = frame["申请日"].str[:4].astype(int).value_counts()
        assert {y: n for y, n in zip(matrix["years"], rows[name]["years"], strict=True) if n} == years.to_dict()
        assert len(analysis.records(f, rows[name]["cond"])) == len(frame)
        first = _split(frame["申请人"]).str[0].map(names.normalize).value_counts()
        assert dict(zip(matrix["applicants"], rows[name]["applicants"], strict=True)) == {
            a: first.get(a, 0) for a in matrix["applicants"]}

    ops = {o["code"]: o for o in analysis.legal_status(f)["operations"]}
    assert ops["transfer"]["count"] == source["法律描述"].str.contains("转移").sum() > 0
    assert len(analysis.records(f, ops["transfer"]["cond"])) == ops["transfer"]["count"]
    assert ops["lapse"]["count"] == source["法律描述"].str.contains("终止").sum()

    region = analysis.region_vs_nation(f)
    for row in region["rows"]:
        frame = camera if row["name"] == "图像" else screen
        domestic = frame[frame.index.str.startswith("CN")]
        at_home = domestic[domestic["省市"] == "北京市"]
        assert row["home"] == len(at_home) and row["domestic"] == len(domestic)
        assert len(analysis.records(f, row["cond"])) == row["home"]
    assert set(region["strongest"]) | set(region["weakest"]) <= {"图像", "显示"}


def test_countries_and_trend_on_the_toyota_export():
    from tests.conftest import TOYOTA

    path = raw_data(TOYOTA)
    do_import_patents(None, [path])
    source = pd.read_excel(path, dtype=str, keep_default_na=False).drop_duplicates("申请号")
    f = analysis.frame(Application.objects.values_list("pk", flat=True))
    geo = analysis.geography(f)
    assert {c["name"]: c["count"] for c in geo["countries"]} == source["公开国别"].value_counts().to_dict()
    taiwan = next(c for c in geo["countries"] if c["code"] == "TW")
    assert taiwan["name"] == "中国台湾" and len(analysis.records(f, taiwan["cond"])) == taiwan["count"] > 0
    filings = source["申请日"].str[:4].astype(int).value_counts().to_dict()
    result = analysis.trend(f)
    assert {y: n for y, n in zip(result["years"], result["filings"], strict=True) if n} == filings


def test_hotspots_count_the_records_a_click_opens(vr, monkeypatch):
    f, source = vr
    monkeypatch.setattr(analysis, "SAMPLE_PER_PERIOD", 200)
    periods = analysis.hotspots(f, 10)
    assert periods and all(p["keywords"] for p in periods)
    latest = periods[-1]
    first, last = (int(y) for y in latest["period"].split("–"))
    in_period = source[source["申请日"].str[:4].astype(int).between(first, last)]
    assert latest["records"] == len(in_period) and latest["sample"] == 200  # sampled
    for k in latest["keywords"][:5]:
        assert len(analysis.records(f, k["cond"])) == k["count"] > 0
    counts = [k["count"] for k in latest["keywords"]]
    assert counts == sorted(counts, reverse=True)
    earlier = next(p for p in periods if p["records"] == p["sample"])  # a period read in full
    first, last = (int(y) for y in earlier["period"].split("–"))
    titles = source[source["申请日"].str[:4].astype(int).between(first, last)]["标题"]  # this export has no abstracts
    for k in earlier["keywords"]:
        assert k["count"] == titles.str.contains(k["word"], regex=False).sum()


def test_an_empty_set_has_empty_analyses():
    result = analysis.run_all(analysis.frame([], {"1": ("空", [])}, home="320300"))
    assert result["total"] == 0 and result["trend"]["years"] == [] and result["applicants"] == []
    assert result["branches"]["rows"][0]["count"] == 0 and result["hotspots"] == []
