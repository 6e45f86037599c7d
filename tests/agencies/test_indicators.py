"""服务机构数, 从业人员, 营收 and 专利代理率 from the registry and the patents; 专利代理率 checked against the raw
律师、代理 and 申请日 columns of a real export (pandas)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd
import pytest
from django.core.management import call_command

from tests.conftest import THUNDERSOFT, raw_data
from zhichan.agencies import indicators
from zhichan.agencies.actions import (
    do_feed_indicators,
    do_move_practitioner,
    do_report_service_figures,
    do_save_agency,
    do_save_practitioner,
    do_save_service_organization,
    do_set_status,
)
from zhichan.agencies.annual_actions import do_file_annual_report
from zhichan.core.models import Region
from zhichan.patents.actions import do_import_patents


@pytest.mark.django_db
def test_registry_counts_by_region_and_year():
    xz = do_save_agency(None, {"name": "徐州甲所", "address": "江苏省徐州市泉山区", "licensed_on": dt.date(2020, 1, 1)})[0]
    do_save_agency(None, {"name": "徐州乙所", "address": "江苏省徐州市鼓楼区", "licensed_on": dt.date(2025, 6, 1)})
    nj = do_save_agency(None, {"name": "南京丙所", "address": "江苏省南京市玄武区", "licensed_on": dt.date(2018, 1, 1)})[0]
    do_set_status(None, nj, "revoked", dt.date(2024, 5, 1))
    for i in range(3):
        p = do_save_practitioner(None, {"name": f"代理师{i}", "certificate_number": f"C{i}"})[0]
        do_move_practitioner(None, p, xz, dt.date(2021, 1, 1))
    org = do_save_service_organization(None, {"name": "徐州运营中心", "kind": "operation", "address": "徐州市泉山区"})[0]
    do_report_service_figures(None, org, 2024, 2, 20, Decimal("500"))
    do_file_annual_report(None, xz, 2024, {"staff": 0, "revenue_wan": "1500"}, today=dt.date(2025, 3, 5))
    city = indicators.figures("320300", 2024)
    assert city["service_institutions"] == 1 + 2  # 乙所 licensed in 2025; the centre's two offices
    assert city["service_staff"] == 3 + 20  # the report gave no staff: the practitioners in office
    assert city["service_revenue"] == 0.2
    assert indicators.figures("320100", 2023)["service_institutions"] == 1
    assert indicators.figures("320100", 2024)["service_institutions"] == 0  # revoked in 2024
    assert indicators.figures("320300", 2025)["service_institutions"] == 2
    assert indicators.figures("320000", 2024)["service_institutions"] == 3


@pytest.mark.django_db
def test_agency_rate_against_the_raw_column(capsys):
    path = raw_data(THUNDERSOFT)
    frame = pd.read_excel(path, dtype=str, engine="openpyxl")
    frame["year"] = frame["申请日"].str[:4]
    year = frame["year"].value_counts().idxmax()
    rows = frame[frame["year"] == year].drop_duplicates("申请号")
    through = rows["律师、代理"].fillna("").str.strip().ne("").sum()
    do_import_patents(None, [path])
    found = indicators.agency_rate("100000", int(year))
    assert found == (through, len(rows))
    nation = Region.objects.get(code="100000")
    fed = {r.indicator_id: r.value for r in do_feed_indicators(None, nation, int(year))}
    assert fed["patent_agency_rate"] == round(100 * through / len(rows), 2)
    assert fed["service_institutions"] == 0
    call_command("agencies", "indicators", "--region", "全国", "--year", year, "--dry-run", "--json")
    assert '"patent_agency_rate"' in capsys.readouterr().out
