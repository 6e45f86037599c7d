"""`zhichan export QUERY --output FILE`: the web export's columns (plus 有效性, 战略性新兴产业, 地区代码) for a query
or for every record (`*`), streamed in chunks, with formula-looking text neutralised; the web export is the same."""

from __future__ import annotations

import datetime as dt
import io

import pandas as pd
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import VR_CSV, raw_data
from tests.search.conftest import app_number
from zhichan import cli
from zhichan.core import jobs
from zhichan.core.models import Job, User
from zhichan.patents.actions import do_import_patents
from zhichan.patents.models import Application
from zhichan.patents.validity import validity
from zhichan.search import actions, export, service
from zhichan.search.jobs import export_path

pytestmark = pytest.mark.django_db

NEW_COLUMNS = ["有效性", "战略性新兴产业", "地区代码"]
VR_QUERY = "TI=头戴 AND AD=2018:2021"


def _read(path) -> pd.DataFrame:
    if path.suffix == ".csv":
        return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    return pd.read_excel(path, dtype=str, keep_default_na=False, engine="openpyxl")


def _export(query: str, path, *extra: str) -> pd.DataFrame:
    out = io.StringIO()
    call_command("export_search", query, "--output", str(path), "--quiet", *extra, stdout=out)
    frame = _read(path)
    assert f"{len(frame)} 条记录" in out.getvalue()
    return frame


def _expected(app: Application) -> dict[str, str]:
    return {"有效性": "有效" if validity(app.data).on(dt.date.today()) else "非有效",
            "战略性新兴产业": "; ".join(app.sei_codes), "地区代码": app.region_id or ""}


@pytest.fixture
def vr():
    do_import_patents(None, [raw_data(VR_CSV)])
    return Application.objects.count()


def test_the_command_is_registered():
    assert cli.ALIASES["export"] == "export_search"


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_query_export_has_one_row_per_hit_and_the_new_columns(vr, tmp_path, suffix):
    hits = service.count(VR_QUERY)
    assert 0 < hits < vr
    frame = _export(VR_QUERY, tmp_path / f"out{suffix}")
    assert len(frame) == hits
    assert list(frame.columns) == export.headers()
    assert set(NEW_COLUMNS) <= set(frame.columns)
    assert frame["申请号"].is_unique
    apps = Application.objects.in_bulk(list(frame["申请号"]), field_name="key")
    assert len(apps) == hits
    for _, row in frame.iterrows():
        assert {c: row[c] for c in NEW_COLUMNS} == _expected(apps[row["申请号"]])
    assert set(frame["有效性"]) == {"有效", "非有效"}  # the VR export has granted and pending records


def test_star_exports_every_record(vr, tmp_path):
    frame = _export("*", tmp_path / "all.csv")
    assert len(frame) == vr == Application.objects.count()
    assert set(frame["申请号"]) == set(Application.objects.values_list("key", flat=True))
    valid_today = sum(validity(d).on(dt.date.today()) for d in Application.objects.values_list("data", flat=True))
    assert (frame["有效性"] == "有效").sum() == valid_today
    regions = Application.objects.exclude(region=None).count()
    assert (frame["地区代码"] != "").sum() == regions > 0


def test_star_reads_the_database_in_chunks(small_export, tmp_path):
    do_import_patents(None, [small_export([{"title": f"一种电池{i}", "an": app_number(i + 1)} for i in range(7)])])
    with CaptureQueriesContext(connection) as queries:
        frame = _export("*", tmp_path / "all.xlsx", "--chunk", "3")
    reads = [q["sql"] for q in queries if 'FROM "patents_application"' in q["sql"] and "COUNT" not in q["sql"]]
    assert len(reads) == 4 and all("LIMIT 3" in sql for sql in reads)  # 3 + 3 + 1, then an empty page
    assert sorted(frame["申请号"]) == sorted(Application.objects.values_list("key", flat=True))


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_formula_cells_are_neutralised(small_export, tmp_path, suffix):
    rows = [{"title": "=HYPERLINK(\"http://evil.example\",\"点我\")", "an": app_number(1)},
            {"title": "+1+2 电池", "an": app_number(2), "applicant": "@SUM(A1) 公司"},
            {"title": "-2 电池", "an": app_number(3), "abstract": "\t=1+1"},
            {"title": "普通电池", "an": app_number(4)}]
    do_import_patents(None, [small_export(rows)])
    frame = _export("*", tmp_path / f"all{suffix}").set_index("申请号")
    assert frame.loc[app_number(1), "标题"] == "'=HYPERLINK(\"http://evil.example\",\"点我\")"
    assert frame.loc[app_number(2), "标题"] == "'+1+2 电池"
    assert frame.loc[app_number(2), "申请人"] == "'@SUM(A1) 公司"
    assert frame.loc[app_number(3), "标题"] == "'-2 电池"
    assert frame.loc[app_number(4), "标题"] == "普通电池"
    if suffix == ".xlsx":  # no cell of the workbook is a formula
        import openpyxl

        sheet = openpyxl.load_workbook(tmp_path / f"all{suffix}").active
        assert all(cell.data_type != "f" for line in sheet.iter_rows() for cell in line)


def test_neutralise():
    assert [export.neutralise(v) for v in ["=1", "+1", "-1", "@a", "\tx", "\rx", "a=1", "", 5]] == \
        ["'=1", "'+1", "'-1", "'@a", "'\tx", "'\rx", "a=1", "", 5]


def test_web_export_has_the_same_columns(vr, tmp_path):
    user = User.objects.create_user("exporter", password="x", role="office")
    cli_frame = _export(VR_QUERY, tmp_path / "cli.csv")
    for fmt in ("csv", "xlsx"):
        job = actions.do_export_search(user, VR_QUERY, fmt)
        job = jobs.run(job.pk) if job.status != Job.Status.DONE else job
        job.refresh_from_db()
        assert job.status == Job.Status.DONE, job.error
        from pathlib import Path

        web = _read(Path(export_path(job)))
        assert list(web.columns) == list(cli_frame.columns) == export.headers()
        assert len(web) == len(cli_frame)
        key = lambda f: f.sort_values("申请号").reset_index(drop=True)  # noqa: E731
        pd.testing.assert_frame_equal(key(web), key(cli_frame))


def test_bad_query_and_bad_suffix_are_refused(tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="字符"):
        call_command("export_search", "TI=(电池", "--output", str(tmp_path / "x.csv"))
    with pytest.raises(CommandError, match="csv"):
        call_command("export_search", "*", "--output", str(tmp_path / "x.txt"))
