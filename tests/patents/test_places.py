"""The applicant directory: learnt from addresses, used for records without one (in the same file and in earlier
imports), corrected by the office or a 企业名录, after which records are placed again and the figures recomputed."""

from __future__ import annotations

import csv
import datetime as dt
import json

import pytest
import xlsxwriter
from django.core.management import call_command

from zhichan.core import jobs
from zhichan.core.models import Job, Region
from zhichan.indicators.actions import do_compute_indicators
from zhichan.indicators.models import ComputedFigure
from zhichan.patents import creditcode
from zhichan.patents.actions import do_import_patents
from zhichan.patents.models import ApplicantPlace, Application, Party
from zhichan.patents.numbers import cn_check_character
from zhichan.patents.places_actions import do_import_directory, do_set_applicant_place

pytestmark = pytest.mark.django_db
HEADER = ["申请号", "标题", "申请人", "地址", "申请日", "授权日", "专利类型", "法律状态"]
XUZHOU, QUANSHAN, GULOU = "320300", "320311", "320302"


def number(serial: int) -> str:
    digits = f"20201{serial:07d}"
    return f"CN{digits}.{cn_check_character(digits)}"


def write_csv(path, rows) -> str:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for serial, applicant, address in rows:
            writer.writerow([number(serial), f"测试{serial}", applicant, address, "2020-01-02", "2021-05-06", "发明",
                             "有效"])
    return str(path)


def place_of(serial: int) -> str | None:
    return Application.objects.get(key=number(serial)).region_id


def test_learnt_in_the_same_file_and_for_earlier_imports(tmp_path):
    first = write_csv(tmp_path / "a-20230101.csv", [(1, "徐州甲科技有限公司", "江苏省徐州市泉山区解放南路1号"),
                                                   (2, "徐州甲科技有限公司", ""), (3, "乙科技有限公司", "")])
    do_import_patents(None, [tmp_path / first])
    assert place_of(1) == place_of(2) == QUANSHAN  # record 2 has no address: the name was learnt from record 1
    assert Party.objects.get(application__key=number(2), role="applicant").region_source == "directory"
    assert place_of(3) is None
    later = write_csv(tmp_path / "b-20230201.csv", [(4, "乙科技有限公司", "江苏省徐州市鼓楼区中山北路2号")])
    do_import_patents(None, [tmp_path / later])
    assert place_of(3) == GULOU  # placed again when a later import taught the name
    assert ApplicantPlace.objects.get(name="乙科技有限公司").source == ApplicantPlace.LEARNT


def test_office_entry_places_again_and_figures_recompute(tmp_path, django_user_model,
                                                        django_capture_on_commit_callbacks):
    office = django_user_model.objects.create_user("office", password="x", role="office")
    do_import_patents(None, [tmp_path / write_csv(tmp_path / "c-20230101.csv", [(5, "丙科技有限公司", "")])])
    city = Region.objects.get(code=XUZHOU)
    do_compute_indicators(office, city, dt.date(2022, 12, 31))
    assert not ComputedFigure.objects.filter(indicator_id="valid_invention", region_id=XUZHOU, value__gt=0).exists()
    nation = Region.objects.get(code="100000")
    do_compute_indicators(office, nation, dt.date(2022, 12, 31))
    before = ComputedFigure.objects.get(indicator_id="valid_invention", region_id="100000")
    assert (before.value, before.unplaced) == (1, 1)
    with pytest.raises(creditcode.CreditCodeError):
        do_set_applicant_place(office, "丙科技有限公司", Region.objects.get(code=QUANSHAN), "91320300MA1MXXXXXX")
    with django_capture_on_commit_callbacks(execute=True):
        row, moved = do_set_applicant_place(office, "丙科技有限公司", Region.objects.get(code=QUANSHAN))
    assert moved == 1 and place_of(5) == QUANSHAN and row.source == ApplicantPlace.OFFICE
    job = Job.objects.get(kind="indicators.recompute")  # queued by the fix
    assert jobs.run(job.pk).status == Job.Status.DONE if job.status != Job.Status.DONE else True
    after = ComputedFigure.objects.get(indicator_id="valid_invention", region_id="100000")  # recomputed by the job
    assert (after.value, after.unplaced) == (1, 0)
    assert ComputedFigure.objects.get(indicator_id="valid_invention", region_id=QUANSHAN).value == 1
    learnt = write_csv(tmp_path / "d-20230301.csv", [(6, "丙科技有限公司", "江苏省徐州市鼓楼区中山北路2号")])
    do_import_patents(None, [tmp_path / learnt])
    assert ApplicantPlace.objects.get(name="丙科技有限公司").region_id == QUANSHAN  # learning never overrides


def test_enterprise_directory_import_keeps_good_rows_and_names_bad_ones(tmp_path, django_user_model):
    office = django_user_model.objects.create_user("office", password="x", role="office")
    path = tmp_path / "名录.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    for index, row in enumerate([["名称", "统一社会信用代码", "地址"],
                                 ["丁科技有限公司", "914403001922038216", "江苏省徐州市泉山区解放南路1号"],
                                 ["戊科技有限公司", "91320300MA1MXXXXXX", "江苏省徐州市泉山区"],
                                 ["己科技有限公司", "", "火星"],
                                 ["庚科技有限公司", "914403001922038216", ""]]):
        sheet.write_row(index, 0, row)
    book.close()
    outcome = do_import_directory(office, path, "名录.xlsx")
    saved, problems = outcome.saved, outcome.problems
    assert saved == 2
    assert [(p["row"], p["column"]) for p in problems] == [(3, "统一社会信用代码"), (4, "地址")]
    assert "校验位" in problems[0]["reason"]
    assert ApplicantPlace.objects.get(name="丁科技有限公司").region_id == QUANSHAN  # from the address
    assert ApplicantPlace.objects.get(name="庚科技有限公司").region_id == "440300"  # from the credit code


def test_directory_page(client, django_user_model, tmp_path):
    do_import_patents(None, [tmp_path / write_csv(tmp_path / "e-20230101.csv", [(7, "辛科技有限公司", "")])])
    client.force_login(django_user_model.objects.create_user("ent", password="x", role="enterprise"))
    assert client.get("/patents/places/").status_code == 403
    client.force_login(django_user_model.objects.create_user("office", password="x", role="office"))
    page = client.get("/patents/places/?unplaced_of=100000")
    assert page.status_code == 200 and "辛科技有限公司" in page.content.decode()
    bad = client.post("/patents/places/?unplaced_of=100000", {"place-name": "辛科技有限公司", "place-region": "无此地"})
    assert bad.status_code == 400 and "未知地区" in bad.content.decode() and "辛科技有限公司" in bad.content.decode()
    good = client.post("/patents/places/?unplaced_of=100000", {"place-name": "辛科技有限公司", "place-region": "泉山区"})
    assert good.status_code == 302 and place_of(7) == QUANSHAN


def test_compute_any_region_level(tmp_path, capsys):
    do_import_patents(None, [tmp_path / write_csv(tmp_path / "f-20230101.csv", [
        (8, "徐州壬科技有限公司", "江苏省徐州市泉山区解放南路1号"), (9, "南京癸科技有限公司", "江苏省南京市玄武区"),
        (10, "江苏某某科技有限公司", "江苏省")])])
    results = {}
    for region in ("全国", "江苏省", "徐州市", "泉山区", "320311"):
        call_command("indicators", "compute", "--region", region, "--as-of", "2022-12-31", "--json")
        results[region] = json.loads(capsys.readouterr().out)
    assert results["全国"]["figures"]["全国"]["valid_invention"] == 3
    assert results["江苏省"]["figures"]["江苏省"]["valid_invention"] == 3
    assert results["江苏省"]["figures"]["徐州市"]["valid_invention"] == 1
    assert results["江苏省"]["unplaced"]["valid_invention"] == 1  # known only as 江苏省: 未定位到市
    assert results["徐州市"]["figures"]["泉山区"]["valid_invention"] == 1
    assert results["泉山区"]["figures"]["泉山区"]["valid_invention"] == results["320311"]["figures"]["泉山区"][
        "valid_invention"] == 1


def test_dashboard_shows_unplaced_and_grant_unknown_with_their_records(client, django_user_model, tmp_path):
    path = tmp_path / "g-20230101.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["申请号", "标题", "申请人", "申请日", "专利类型", "法律状态"])  # no grant date: A rows only
        writer.writerow([number(11), "测试11", "子科技有限公司", "2020-01-02", "发明", "有效"])
    do_import_patents(None, [path])
    office = django_user_model.objects.create_user("office", password="x", role="office")
    client.force_login(office)
    do_compute_indicators(office, Region.objects.get(code="100000"), dt.date(2023, 6, 30))
    page = client.get("/indicators/?city=100000&as_of=2023-06-30").content.decode()
    assert "未定位到下级地区" in page and "没有授权日" in page
    unplaced = client.get("/indicators/high-value/100000/?indicator=valid_invention&unplaced=1&as_of=2023-06-30")
    assert number(11) in unplaced.content.decode() and "补充所在地" in unplaced.content.decode()
    unknown = client.get("/indicators/high-value/100000/?indicator=valid_invention_grant_unknown&as_of=2023-06-30")
    assert number(11) in unknown.content.decode() and "授权日未知" in unknown.content.decode()
    before = client.get("/indicators/high-value/100000/?indicator=valid_invention&as_of=2022-12-31")
    assert number(11) not in before.content.decode()  # valid from the status date 2023-01-01 only


def test_directory_import_refuses_ambiguous_duplicate_and_overlong_rows(tmp_path, django_user_model):
    office = django_user_model.objects.create_user("office", password="x", role="office")
    path = tmp_path / "名录2.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    for index, row in enumerate([["名称", "统一社会信用代码", "地址"],
                                 ["甲公司", "", "朝阳区建国路1号"],  # 北京 or 长春?
                                 ["乙公司", "", "北京市朝阳区建国路1号"],
                                 ["乙公司", "", "上海市浦东新区"],
                                 ["丙" * 301, "", "江苏省徐州市泉山区"]]):
        sheet.write_row(index, 0, row)
    book.close()
    outcome = do_import_directory(office, path, "名录2.xlsx")
    saved, problems = outcome.saved, outcome.problems
    assert saved == 1 and ApplicantPlace.objects.get(name="乙公司").region_id == "110105"
    assert [(p["row"], p["column"]) for p in problems] == [(2, "地址"), (4, "名称"), (5, "名称")]


def test_an_office_place_overrides_a_place_guessed_from_the_name(tmp_path, django_user_model):
    office = django_user_model.objects.create_user("office", password="x", role="office")
    do_import_patents(None, [tmp_path / write_csv(tmp_path / "h-20230101.csv", [(12, "北京某某研究设计院有限公司", "")])])
    assert place_of(12)[:2] == "11"  # guessed from the name
    _, moved = do_set_applicant_place(office, "北京某某研究设计院有限公司", Region.objects.get(code="310115"))
    assert moved == 1 and place_of(12) == "310115"


def test_web_import_keeps_the_file_name_of_its_sources(client, django_user_model, tmp_path,
                                                     django_capture_on_commit_callbacks):
    client.force_login(django_user_model.objects.create_user("office", password="x", role="office"))
    path = tmp_path / "我的导出.csv"
    write_csv(path, [(13, "某科技有限公司", "")])
    with path.open("rb") as handle, django_capture_on_commit_callbacks(execute=True):
        client.post("/patents/import/", {"files": handle, "format": "auto"})
    job = Job.objects.get(kind="import")
    if job.status != Job.Status.DONE:
        jobs.run(job.pk)
    app = Application.objects.get(key=number(13))
    assert list(app.sources.values_list("file_name", flat=True)) == ["我的导出.csv"]


def test_cli_refuses_bad_numbers_and_dates():
    from django.core.management import CommandError

    for args in (["--pledge-threshold", "nan"], ["--pledge-threshold", "inf"], ["--pledge-threshold", "-5"],
                 ["--as-of", "2025-13-01"], ["--as-of", "garbage"], ["--as-of", "0001-01-01"]):
        with pytest.raises(CommandError):
            call_command("indicators", "compute", "--region", "徐州市", *args)


def test_a_fix_recomputes_every_stored_computation(tmp_path, django_user_model, django_capture_on_commit_callbacks,
                                                   capsys):
    office = django_user_model.objects.create_user("office", password="x", role="office")
    do_import_patents(None, [tmp_path / write_csv(tmp_path / "i-20230101.csv", [(14, "卯科技有限公司", "")])])
    nation = Region.objects.get(code="100000")
    for day in (dt.date(2022, 12, 31), dt.date(2023, 6, 30)):
        do_compute_indicators(office, nation, day)
    call_command("indicators", "compute", "--region", "全国", "--as-of", "2023-06-30", "--attribution",
                 "all_holders", "--json")
    assert json.loads(capsys.readouterr().out)["regions"]["100000"]["name"] == "全国"
    with django_capture_on_commit_callbacks(execute=True):
        do_set_applicant_place(office, "卯科技有限公司", Region.objects.get(code=QUANSHAN))
    job = Job.objects.get(kind="indicators.recompute")
    if job.status != Job.Status.DONE:
        jobs.run(job.pk)
    remaining = ComputedFigure.objects.filter(indicator_id="valid_invention", region_id="100000")
    assert remaining.count() == 3 and all(f.unplaced == 0 for f in remaining)  # both dates and both rules


def test_drilldown_follows_the_attribution(tmp_path):
    from zhichan.indicators import compute, drilldown

    path = tmp_path / "j-20230101.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["申请号", "标题", "申请人", "专利权人", "地址", "申请日", "授权日", "专利类型", "法律状态"])
        writer.writerow([number(15), "测试15", "徐州辰科技有限公司", "南京巳科技有限公司 | 徐州辰科技有限公司",
                         "江苏省徐州市泉山区解放南路1号", "2020-01-02", "2021-05-06", "发明", "有效"])
    do_import_patents(None, [path])
    ApplicantPlace.objects.create(normalized_name="南京巳科技有限公司", name="南京巳科技有限公司", region_id="320102")
    from zhichan.patents.places import replace

    replace(list(Application.objects.values_list("pk", flat=True)))
    day = dt.date(2022, 12, 31)
    first = compute.Settings()
    whole = compute.Settings(compute.ALL_WHOLE)
    assert drilldown.ids("valid_invention", XUZHOU, day, first) == []  # the first holder is in 南京
    assert len(drilldown.ids("valid_invention", XUZHOU, day, whole)) == 1
    assert compute.totals(XUZHOU, [QUANSHAN], day, whole)[XUZHOU]["valid_invention"] == 1


def test_scope_selector_keeps_the_scope_and_lists_the_regions_under_it(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("office", password="x", role="office"))
    nation = client.get("/indicators/?city=100000").content.decode()
    assert 'value="100000" selected>' in nation and 'value="320000"' in nation and 'value="110000"' in nation
    jiangsu = client.get("/indicators/?city=320000").content.decode()
    assert 'value="320000" selected>' in jiangsu and 'value="320300"' in jiangsu
    assert jiangsu.count('value="100000"') == 1
    district = client.get("/indicators/?city=320311").content.decode()
    assert 'value="320311" selected>' in district
