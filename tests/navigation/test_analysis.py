"""Analyses on a real export (the 7,805-record 虚拟现实 file), compared with an independent count in pandas over
the source file."""

from __future__ import annotations

import datetime as dt
import warnings

import pandas as pd
import pytest

from tests.conftest import VR_CSV, raw_data
from zhichan.navigation import analysis
from zhichan.navigation.models import ApplicantAlias
from zhichan.patents import names
from zhichan.patents.actions import do_import_patents
from zhichan.patents.models import Application

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows_and_source():
    path = raw_data(VR_CSV)
    do_import_patents(None, [path])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the export ends its rows with a comma
        source = pd.read_csv(path, encoding="utf-8-sig", index_col=False, dtype=str, keep_default_na=False)
    source = source.drop_duplicates("申请号")
    return analysis.load(list(Application.objects.values_list("pk", flat=True))), source


def test_trend_and_life_cycle(rows_and_source):
    rows, source = rows_and_source
    result = analysis.trend(rows, dt.date(2022, 5, 7))
    filings = source["申请日"].str[:4].astype(int).value_counts()
    grants = source.loc[source["授权公告日"] != "", "授权公告日"].str[:4].astype(int).value_counts()
    assert dict(zip(result["years"], result["filings"], strict=True)) == {y: filings.get(y, 0) for y in result["years"]}
    assert {y: g for y, g in zip(result["years"], result["grants"], strict=True) if g} == grants.to_dict()
    assert result["incomplete_from"] == 2020
    cycle = {c["year"]: c for c in analysis.life_cycle(rows)}
    first = source["申请人"].str.split(" | ", regex=False).str[0].map(names.normalize)
    per_year = first.groupby(source["申请日"].str[:4].astype(int)).nunique()
    assert {y: c["applicants"] for y, c in cycle.items()} == per_year.to_dict()


def test_top_applicants_with_aliases(rows_and_source):
    rows, source = rows_and_source
    first = source["申请人"].str.split(" | ", regex=False).str[0].map(names.normalize)
    expected = first.value_counts()
    top = analysis.top_applicants(rows, 10)
    assert [(t["name"], t["count"]) for t in top[:5]] == list(expected.head(5).items())
    leader, second = top[0]["name"], top[1]["name"]
    ApplicantAlias.objects.create(name=second, group=leader)  # e.g. a subsidiary under its group
    merged = analysis.top_applicants(analysis.load([r.pk for r in rows]), 1)[0]
    assert merged["name"] == leader and merged["count"] == expected[leader] + expected[second]


def test_ipc_and_status(rows_and_source):
    rows, source = rows_and_source
    composition = dict(analysis.ipc_composition(rows, 10)["subclasses"])
    subclasses = source["国际分类"].str.split(" | ", regex=False).map(
        lambda codes: {c.replace(" ", "")[:4] for c in codes if c.strip()})
    expected = pd.Series([s for group in subclasses for s in group]).value_counts()
    assert composition == {s: expected[s] for s in composition}
    assert len(composition) == 10 and min(composition.values()) >= expected.iloc[10]  # the ten largest
    status = dict(analysis.legal_status(rows)["status"])
    assert sum(status.values()) == len(source)
