"""The published figures on the real exports, against independent counts from the exports' own columns (pandas
over the file, not the platform's readers): the vendors' status words, grant dates, legal descriptions, addresses
and application numbers."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest

from tests.conftest import CONTAINER, THUNDERSOFT, TOYOTA, raw_data
from zhichan.core.models import Region
from zhichan.indicators import compute
from zhichan.indicators.actions import do_compute_indicators
from zhichan.patents.actions import do_import_patents

pytestmark = pytest.mark.django_db
D = dt.date
GM = CONTAINER / "20230418--通用自动驾驶--zlfx2023.1" / "10000.xlsx"
OPENAI = CONTAINER / "20230502--OpenAI--zlfx2023.2" / "72.xlsx"
INCOPAT = {"toyota": (TOYOTA, D(2023, 3, 21)), "gm": (GM, D(2023, 4, 18))}  # the incoPat files with 专利有效性


def _frame(path) -> pd.DataFrame:
    return pd.read_excel(path, sheet_name=0, dtype=str, engine="calamine", keep_default_na=False)


def _day(text: str) -> D | None:
    digits = re.sub(r"\D", "", text)[:8]
    return D(int(digits[:4]), int(digits[4:6]), int(digits[6:8])) if len(digits) == 8 else None


def _figures(region: Region, as_of: D) -> dict[str, dict]:
    """code -> {value, unplaced, grant_unknown} of the region's own figures."""
    figures = do_compute_indicators(None, region, as_of)
    return {f.indicator_id: {"value": f.value, "unplaced": f.unplaced, "grant_unknown": f.grant_unknown}
            for f in figures if f.region_id == region.code}


# -- Patentics, 中科创达: addresses present; grant dates, 法律状态 and 法律描述 give validity on any date ----------------

def _thundersoft_expected(frame: pd.DataFrame, day: D) -> dict[str, int]:
    """Valid inventions on `day` per city of the applicant's address: granted (授权日) by then and either still 有效
    or lapsed later (the lapse date read from 法律描述)."""
    inventions = frame[frame["专利类型"].str.startswith("发明")]
    out: dict[str, int] = {}
    for _, row in inventions.drop_duplicates("申请号").iterrows():
        grant = _day(row["授权日"])
        if grant is None or grant > day:
            continue
        lapse = re.search(r"(\d{4}\.\d{2}\.\d{2}) 未缴年费专利权终止", row["法律描述"])
        if row["法律状态"] != "有效" and not (lapse and _day(lapse.group(1)) > day):
            continue
        city = re.match(r"^\d{6}\s*(?:\S+?(?:省|自治区))?(\S+?市)", row["通信地址"])
        out[city.group(1)] = out.get(city.group(1), 0) + 1
    return out


def test_thundersoft_valid_inventions_per_city_and_date():
    path = raw_data(THUNDERSOFT)
    run = do_import_patents(None, [path])
    assert run.files.get().status_date == D(2022, 12, 19)  # from the folder name 20221219--中科创达
    frame = _frame(path)
    for day in (D(2019, 12, 31), D(2021, 6, 30), D(2021, 11, 1), D(2022, 12, 19)):
        expected = _thundersoft_expected(frame, day)
        assert expected, day
        for city, count in expected.items():
            region = Region.objects.filter(name=city, level=Region.Level.CITY).order_by("code").first()
            assert _figures(region, day)["valid_invention"]["value"] == count, (city, day)
    assert _thundersoft_expected(frame, D(2022, 12, 19))["北京市"] == 118  # the issue's independent count
    beijing = _figures(Region.objects.get(code="110000"), D(2022, 12, 19))  # the province: the city's figure
    assert beijing["valid_invention"]["value"] == 118 and beijing["valid_invention"]["grant_unknown"] == 0


def test_thundersoft_province_figures_hold_the_cities():
    path = raw_data(THUNDERSOFT)
    do_import_patents(None, [path])
    expected = _thundersoft_expected(_frame(path), D(2022, 12, 19))
    liaoning = _figures(Region.objects.get(code="210000"), D(2022, 12, 19))["valid_invention"]
    assert liaoning["value"] == expected.get("沈阳市", 0) + expected.get("大连市", 0)
    assert liaoning["unplaced"] == 0
    nation = _figures(Region.objects.get(code=compute.NATION), D(2022, 12, 19))["valid_invention"]
    assert nation["value"] == sum(expected.values())


# -- incoPat: A and B rows of one application, 专利有效性 only as of the export date -----------------------------------

@pytest.mark.parametrize("name", sorted(INCOPAT))
def test_incopat_valid_inventions_in_china(name):
    """On the status date: every CN invention the vendor says is 有效 is valid (domestic or held from abroad), even
    when the file holds only its A publication. The day before: only those with a grant row by then."""
    path, status_date = INCOPAT[name]
    path = raw_data(path)
    run = do_import_patents(None, [path])
    assert run.files.get().status_date == status_date
    frame = _frame(path)
    china = frame[(frame["公开国别"] == "中国") & frame["专利类型"].str.startswith("发明")]
    valid = china[china["专利有效性"] == "有效"]
    nation = Region.objects.get(code=compute.NATION)
    on_day = _figures(nation, status_date)
    assert on_day["valid_invention"]["value"] + on_day["valid_invention_foreign"]["value"] == \
        valid["申请号"].nunique()
    granted_rows = valid[valid["公开类型"] == "发明授权"]
    before = status_date - dt.timedelta(days=1)
    granted = len({r["申请号"] for _, r in granted_rows.iterrows() if _day(r["公开（公告）日"]) <= before})
    day_before = _figures(nation, before)
    assert day_before["valid_invention"]["value"] + day_before["valid_invention_foreign"]["value"] == granted
    a_only = valid["申请号"].nunique() - granted_rows["申请号"].nunique()
    assert on_day["valid_invention"]["grant_unknown"] <= a_only  # grant unknown: A rows only, domestic part


def test_openai_export_without_status_column():
    """72.xlsx has no status column: a CN invention is valid only from a grant row (it has none: its one grant is
    Taiwanese), so nothing is valid although 67 CN inventions were filed."""
    path = raw_data(OPENAI)
    do_import_patents(None, [path])
    frame = _frame(path)
    china = frame[frame["公开国别"] == "中国"]
    grants = china[china["公开类型"] == "发明授权"]["申请号"].nunique()
    figures = _figures(Region.objects.get(code=compute.NATION), D(2023, 5, 2))
    assert figures["valid_invention"]["value"] + figures["valid_invention_foreign"]["value"] == grants


def test_gm_export_figures_from_the_issue():
    """10000.xlsx: 1,635 CN inventions 有效 on the export date, 372 of them with a grant row (the platform gave 372)."""
    path = raw_data(GM)
    do_import_patents(None, [path])
    figures = _figures(Region.objects.get(code=compute.NATION), D(2023, 4, 18))
    assert figures["valid_invention"]["value"] + figures["valid_invention_foreign"]["value"] == 1635


def test_toyota_holdings_are_foreign():
    path = raw_data(TOYOTA)
    do_import_patents(None, [path])
    frame = _frame(path)
    china = frame[(frame["公开国别"] == "中国") & frame["专利类型"].str.startswith("发明") & (frame["专利有效性"] == "有效")]
    japanese = china[china["申请人"].str.split(";").str[0].str.contains("株式会社")]["申请号"].nunique()
    figures = _figures(Region.objects.get(code=compute.NATION), D(2023, 3, 21))
    assert figures["valid_invention_foreign"]["value"] >= japanese > 1000


def test_pct_international_applications_by_year():
    """PCT international applications received by CNIPA (WOCN… numbers) per year of international filing; the
    export's WO rows of other receiving offices all have foreign applicants (no Chinese name)."""
    path = raw_data(GM)
    do_import_patents(None, [path])
    frame = _frame(path)
    wo = frame[frame["公开国别"] == "世界知识产权组织"]
    assert not wo[~wo["申请号"].str.startswith("WOCN")]["申请人"].str.contains(r"[\u4e00-\u9fff]").any()
    by_year = wo[wo["申请号"].str.startswith("WOCN")]["申请日"].str[:4].value_counts()
    nation = Region.objects.get(code=compute.NATION)
    for year in range(2017, 2023):
        assert _figures(nation, D(year, 12, 31))["pct_applications"]["value"] == by_year.get(str(year), 0), year
