"""Reconciliation (`zhichan reconcile FILE`, the import page's 核对 tab): on every shared export, the agreement
figures equal an independent pandas recount of the vendor's columns against the stored applications.

The agreement values are those published in docs/indicators.md ("Reconciliation with the vendors' columns"); the
table is printed (`pytest tests/patents/test_reconcile.py -s`) to publish them again after a change."""

from __future__ import annotations

import datetime as dt
import io
import json
import re

import pandas as pd
import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.conftest import CONTAINER, RAW, THUNDERSOFT, raw_data
from zhichan.core.models import Region, User
from zhichan.patents import reconcile as rc
from zhichan.patents import views_reconcile
from zhichan.patents.actions import do_import_patents, do_load_refdata
from zhichan.patents.models import Application, Party
from zhichan.patents.reconcile_sources import reconcile_file, reconcile_import
from zhichan.patents.validity import validity

CONTAINER_FILES = sorted(p.relative_to(CONTAINER) for p in CONTAINER.glob("*/*.xlsx")) + \
    sorted(p.relative_to(CONTAINER) for p in CONTAINER.glob("*/*.csv")) if CONTAINER.exists() else []
# file -> check -> agreement (%) as published in docs/indicators.md
PUBLISHED = {
    "中科创达-中国申请库.xlsx": {"validity": 100.0, "grant_date": 100.0, "region": 100.0},
    "中国21.xlsx": {"validity": 100.0},
    "中国20.xlsx": {"validity": 100.0},
    "丰田自动驾驶.xlsx": {"validity": 100.0, "sei": 90.77},
    "10000.xlsx": {"validity": 100.0, "sei": 54.55},
    "72.xlsx": {"sei": 75.34},
    "20220507--CNAPP-TI=虚拟现实.csv": {"validity": 100.0, "grant_date": 100.0},
}
VALID_WORDS = {"有效"}
NOT_VALID_WORDS = {"失效", "审中", "PCT-有效期内", "PCT-有效期满", "公开", "驳回", "撤回", "无效"}


# ---- the printed table -------------------------------------------------------------------------------------------

def agreement_table(report: rc.Report) -> str:
    """Markdown rows (file | check | vendor column | compared | agree | percent), ready to publish."""
    lines = []
    for check in report.checks.values():
        shown = "—" if check.percent is None else f"{check.percent:.2f}%"
        lines.append(f"| {report.name} | {rc.CHECK_LABELS[check.name]} | {check.column} | {check.compared} | "
                     f"{check.agree} | {shown} |")
    return "\n".join(lines) or f"| {report.name} | — | — | 0 | 0 | — |"


# ---- the independent recount -------------------------------------------------------------------------------------

def _frame(path):
    if path.suffix == ".csv":
        return pd.read_csv(path, encoding="utf-8-sig", index_col=False, dtype=str, keep_default_na=False)
    return pd.read_excel(path, sheet_name=0, dtype=str, engine="calamine", keep_default_na=False)


def _day(value) -> dt.date | None:
    digits = re.findall(r"\d+", str(value))
    if len(digits) == 1 and len(digits[0]) >= 8:
        digits = [digits[0][:4], digits[0][4:6], digits[0][6:8]]
    return dt.date(*map(int, digits[:3])) if len(digits) >= 3 and len(digits[0]) == 4 else None


def _newest_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per application: the latest publication date, the later row on a tie."""
    frame = frame.assign(_key=frame["申请号"].str.replace(r"\s", "", regex=True).str.upper())
    published = next((c for c in ("公开（公告）日", "公开/公告日", "公开-公告日", "公开日") if c in frame.columns), None)
    order = frame[published].map(lambda v: _day(v) or dt.date.min) if published else pd.Series(dt.date.min,
                                                                                                  frame.index)
    frame = frame.assign(_order=order, _pos=range(len(frame)))
    return frame.sort_values(["_order", "_pos"]).drop_duplicates("_key", keep="last")


def _first_applicant_provinces() -> dict[int, str]:
    out: dict[int, str] = {}
    for app_id, region in Party.objects.filter(role="applicant").order_by("application_id", "seq") \
            .values_list("application_id", "region_id"):
        out.setdefault(app_id, (region or "")[:2])
    return out


def recount(frame: pd.DataFrame, day: dt.date) -> dict[str, tuple[int, int]]:
    """check → (compared, agree), counted with pandas and the ORM, not with patents.reconcile."""
    rows = _newest_rows(frame)
    apps = Application.objects.in_bulk(list(rows["_key"]), field_name="key")
    rows = rows[rows["_key"].isin(apps)]
    out: dict[str, tuple[int, int]] = {}
    word_col = next((c for c in ("专利有效性", "法律状态") if c in frame.columns), None)
    if word_col:
        cn = rows[[apps[k].country == "CN" for k in rows["_key"]]]
        platform_valid = pd.Series([validity(apps[k].data).on(day) for k in cn["_key"]], index=cn.index, dtype=bool)
        says_valid, says_not = cn[word_col].isin(VALID_WORDS), cn[word_col].isin(NOT_VALID_WORDS)
        out[rc.VALIDITY] = (int((says_valid | says_not).sum()),
                            int((says_valid & platform_valid).sum() + (says_not & ~platform_valid).sum()))
    if "新兴产业分类" in frame.columns:
        theirs = rows["新兴产业分类"].map(lambda v: frozenset(re.findall(r"(\d+\.\d+)\s*\(", v)))
        mine = rows["_key"].map(lambda k: frozenset(".".join(c.split(".")[:2]) for c in apps[k].sei_codes))
        out[rc.SEI] = (len(rows), int((theirs == mine).sum()))
    grant_col = next((c for c in ("授权日", "授权公告日") if c in frame.columns), None)
    if grant_col:
        theirs = rows[grant_col].map(_day)
        mine = rows["_key"].map(lambda k: apps[k].grant_date)
        either = theirs.notna() | mine.notna()
        out[rc.GRANT] = (int(either.sum()), int((either & (theirs == mine)).sum()))
    if "省市" in frame.columns:
        codes = {name: code[:2] for code, name in Region.objects.filter(level=1).values_list("code", "name")}
        firsts = _first_applicant_provinces()
        theirs = rows["省市"].map(lambda name: codes.get(name.strip()))
        mine = rows["_key"].map(lambda k: firsts.get(apps[k].pk, ""))
        known = theirs.notna()
        out[rc.REGION] = (int(known.sum()), int((known & (theirs == mine)).sum()))
    return out


def _status_date(imported, relative) -> dt.date:
    recorded = getattr(imported, "status_date", None)
    if recorded:
        return recorded
    match = re.search(r"(20\d{6})", str(relative))
    return dt.datetime.strptime(match.group(1), "%Y%m%d").date()


# ---- the tests ---------------------------------------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("relative", CONTAINER_FILES or ["missing"], ids=str)
def test_agreement_equals_an_independent_recount(relative):
    path = raw_data(CONTAINER / str(relative))
    do_load_refdata(None, raw_data(RAW / "cn-sei-concordance"))  # SEI codes are classified on import
    imported = do_import_patents(None, [path]).files.get()
    frame = _frame(path)
    report = reconcile_file(path)
    print()
    print("\n".join(rc.table(report, limit=3)))
    print(agreement_table(report))

    keys = set(frame["申请号"].str.replace(r"\s", "", regex=True).str.upper())
    assert (report.rows, report.records, report.matched, report.unmatched) == (len(frame), len(keys), len(keys), [])
    day = _status_date(imported, relative)
    assert len(report.status_dates) == 1 and [*report.status_dates][0] in \
        {f"{day.isoformat()} ({how})" for how in ("import", "snapshot", "name")}
    expected = recount(frame, day)
    assert set(report.checks) == set(expected) and report.checks, "every vendor column this file has is checked"
    for name, (compared, agree) in expected.items():
        check = report.checks[name]
        assert (check.compared, check.agree) == (compared, agree), name
        assert check.percent == (round(100 * agree / compared, 2) if compared else None)
        assert len(check.disagreements) == compared - agree
        assert len({d.key for d in check.disagreements}) == compared - agree  # one per application
    assert {name: check.percent for name, check in report.checks.items()} == PUBLISHED[path.name]
    # the import page's tab reads the rows the import kept, not the file: the same figures
    stored = reconcile_import(imported)
    assert {n: (c.compared, c.agree) for n, c in stored.checks.items()} == \
        {n: (c.compared, c.agree) for n, c in report.checks.items()}


@pytest.mark.django_db
def test_cli_json_lists_every_disagreement_and_text_is_capped():
    path = raw_data(THUNDERSOFT)
    do_import_patents(None, [path])
    out = io.StringIO()
    call_command("reconcile", str(path), "--json", "--status-date", "2000-01-01", stdout=out)
    result = json.loads(out.getvalue())
    frame = _frame(path)
    validity_check = result["checks"]["validity"]
    # on 2000-01-01 nothing is in force: the records the vendor calls 有效 are exactly the disagreements
    says_valid = int(frame["法律状态"].isin(VALID_WORDS).sum())
    assert validity_check["compared"] == len(frame) and validity_check["agree"] == len(frame) - says_valid
    assert len(validity_check["disagreements"]) == says_valid > 20
    assert all(d["vendor"] == "有效" and d["platform"].startswith(rc.NOT_VALID) for d in
               validity_check["disagreements"])
    assert result["status_dates"] == {"2000-01-01 (option)": len(frame)}
    out = io.StringIO()
    call_command("reconcile", str(path), "--status-date", "2000-01-01", "--limit", "3", stdout=out)
    text = out.getvalue()
    assert "有效性 validity" in text and "first 3; --json lists all" in text
    assert sum(1 for line in text.splitlines() if "\tvendor 有效\tplatform not valid" in line) == 3


@pytest.mark.django_db
def test_reconcile_tab_on_the_import_page(client, monkeypatch):
    path = raw_data(THUNDERSOFT)
    imported = do_import_patents(None, [path]).files.get()
    url = reverse("patents:reconcile", args=[imported.pk])
    assert client.get(url).status_code in {302, 403}  # anonymous
    client.force_login(User.objects.create_user("viewer", password="x", role="enterprise"))
    assert client.get(url).status_code == 403  # may search, may not import
    client.force_login(User.objects.create_user("importer", password="x", role="office"))
    page = client.get(reverse("patents:import")).content.decode()
    assert url in page  # each imported file links to its tab
    page = client.get(url).content.decode()
    report = reconcile_import(imported)
    assert 'id="reconcile-table"' in page and "<script" not in page.split("</header>", 1)[1]
    for check in report.checks.values():
        assert f'id="check-{check.name}"' in page and f"{check.percent:.2f}%" in page
    past = client.get(url, {"status_date": "2000-01-01"}).content.decode()
    assert "2000-01-01 (option)" in past
    assert client.get(url, {"status_date": "not a date"}).status_code == 200  # the form says what is wrong
    monkeypatch.setattr(views_reconcile, "PAGE_ROWS", 100)  # a file too large for a page points to the CLI
    assert 'id="reconcile-too-large"' in client.get(url).content.decode()


# ---- the pure module ---------------------------------------------------------------------------------------------

def test_vendor_cells():
    assert rc.sei_codes("1.5 (人工智能),8.1 (数字创意技术设备制造)") == {"1.5", "8.1"}
    assert rc.sei_codes("1.3（新兴软件和新型信息技术服务）; 5G 1.1 (下一代信息网络产业)") == {"1.3", "1.1"}
    assert rc.sei_codes("1.5; 8.1") == {"1.5", "8.1"} and rc.sei_codes("") == frozenset()
    assert rc.cut(["1.5.2", "1.5.1", "8.1"], 2) == {"1.5", "8.1"}
    assert rc.parse_date("2021/10/15") == rc.parse_date("20211015") == rc.parse_date("2021-10-15 00:00:00") \
        == dt.date(2021, 10, 15)
    assert rc.parse_date("") is None and rc.parse_date("2021/13/45") is None
    assert rc.date_in_names("10000.xlsx", "20230418--通用自动驾驶--zlfx2023.1") == dt.date(2023, 4, 18)
    assert rc.date_in_names("72.xlsx", "zlfx2023.3") is None
    assert rc.province_of("710000 陕西省西安市高新区") == "61" and rc.province_of("北京市") == "11"
    assert rc.province_of("上海市北京东路1号") == "31" and rc.province_of("内蒙古自治区呼和浩特市") == "15"
    assert rc.province_of("日本国东京都") is None
    assert rc.normalise_key(" cn 202210836006.7 ") == "CN202210836006.7"


def test_compare_one_record_per_application_newest_row_wins():
    columns = rc.Columns.of(["申请号", "公开（公告）日", "专利有效性", "新兴产业分类"])
    rows = [(2, {"申请号": "CN1", "公开（公告）日": "2021-01-01", "专利有效性": "审中", "新兴产业分类": "1.1 (a)"}),
            (3, {"申请号": "CN1", "公开（公告）日": "2022-01-01", "专利有效性": "有效", "新兴产业分类": "1.2 (b)"}),
            (4, {"申请号": "US2", "公开（公告）日": "2022-01-01", "专利有效性": "有效", "新兴产业分类": ""}),
            (5, {"申请号": "CN3", "公开（公告）日": "2022-01-01", "专利有效性": "PCT-有效期内", "新兴产业分类": ""}),
            (6, {"申请号": "CN9", "专利有效性": "有效"})]
    vendor = rc.vendor_records(rows, columns)
    assert [(r.key, r.row) for r in vendor] == [("CN1", 3), ("US2", 4), ("CN3", 5), ("CN9", 6)]
    day = dt.date(2023, 1, 1)
    platform = {"CN1": rc.PlatformRecord("CN1", "CN", True, day, ("1.2.3",), None, ""),
                "US2": rc.PlatformRecord("US2", "US", False, day, ("1.1",), None, ""),
                "CN3": rc.PlatformRecord("CN3", "CN", True, day, (), None, "")}
    report = rc.compare("f.xlsx", len(rows), columns, vendor, platform)
    assert report.unmatched == ["CN9"] and report.matched == 3
    assert (report.checks["validity"].compared, report.checks["validity"].agree) == (2, 1)  # US2 is not CN
    assert report.checks["validity"].disagreements == [rc.Disagreement("CN3", "PCT-有效期内", "valid @ 2023-01-01")]
    assert (report.checks["sei"].compared, report.checks["sei"].agree) == (3, 2)
    assert report.checks["sei"].percent == 66.67 and "grant_date" not in report.checks
    assert "| " not in "\n".join(rc.table(report)) and "66.67%" in "\n".join(rc.table(report))
