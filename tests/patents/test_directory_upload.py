"""The 企业名录 upload runs as a background job (progress, then rows saved and each rejected row), and a region is
typed the same way everywhere: a code, a name or a path (江苏省徐州市泉山区, "徐州市 泉山区"); 北京市 is the city."""

from __future__ import annotations

import json
from pathlib import Path
from unittest import mock

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from tests.patents.test_places import QUANSHAN, number, place_of, write_csv
from zhichan.core import jobs
from zhichan.core.models import AuditLog, Job
from zhichan.patents.actions import do_import_patents
from zhichan.patents.models import ApplicantPlace

pytestmark = pytest.mark.django_db


def directory_file(path, rows):
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    for index, row in enumerate([["名称", "统一社会信用代码", "地址", "地区代码"], *rows]):
        sheet.write_row(index, 0, row)
    book.close()
    return path


@pytest.fixture
def office(client, django_user_model):
    user = django_user_model.objects.create_user("office", password="x", role="office")
    client.force_login(user)
    return user


def upload(client, path, capture):
    """Post the file as the page does; the job runs at once (as a worker would, after the commit)."""
    with mock.patch.object(jobs, "enqueue", lambda queued: jobs.run(queued.pk)), capture(execute=True), \
            path.open("rb") as handle:
        response = client.post("/patents/places/", {"intent": "upload", "upload-file": handle})
    assert response.status_code == 302
    job = Job.objects.filter(kind="patents.directory").order_by("-pk").first()
    assert response["Location"] == f"/jobs/{job.pk}/" and job.kind == "patents.directory"
    return job


def test_upload_is_a_job_that_places_rows_and_reports_bad_ones(client, office, tmp_path,
                                                               django_capture_on_commit_callbacks):
    do_import_patents(None, [tmp_path / write_csv(tmp_path / "k-20230101.csv", [
        (21, "甲乙科技有限公司", ""), (22, "丙丁科技有限公司", "")])])
    assert place_of(21) is None
    path = directory_file(tmp_path / "企业名录.xlsx", [
        ["甲乙科技有限公司", "", "江苏省徐州市泉山区解放南路1号", ""],
        ["丙丁科技有限公司", "", "北京市海淀区中关村大街1号", ""],
        ["戊己科技有限公司", "91320300MA1MXXXXXX", "江苏省徐州市泉山区", ""],  # wrong check character
        ["庚辛科技有限公司", "", "", "999999"],  # no such region code
        ["壬癸科技有限公司", "", "朝阳区建国路1号", ""],  # 北京 or 长春?
        ["", "", "江苏省徐州市", ""]])  # no name
    job = upload(client, path, django_capture_on_commit_callbacks)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.percent == 100
    result = job.result
    assert (result["saved"], result["created"], result["unchanged"], result["moved"], result["rejected"]) == (2, 2, 0, 2, 4)
    assert [(p["row"], p["column"]) for p in result["problems"]] == [
        (4, "统一社会信用代码"), (5, "地区代码"), (6, "地址"), (7, "名称")]
    assert place_of(21) == QUANSHAN and place_of(22) == "110108"
    assert not Path(job.params["path"]).exists()  # the uploaded file is deleted once read
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert 'id="directory-problems"' in page and "<td>4</td><td>统一社会信用代码</td>" in page and "校验位" in page
    assert AuditLog.objects.filter(action="patents.place_import_queue", actor=office).exists()
    assert AuditLog.objects.filter(action="patents.place_import", actor=office).exists()

    before = {p.name: (p.region_id, p.updated_at) for p in ApplicantPlace.objects.all()}
    again = upload(client, path, django_capture_on_commit_callbacks)  # the same file again: nothing changes
    again.refresh_from_db()
    assert (again.result["created"], again.result["updated"], again.result["unchanged"], again.result["moved"]) == \
        (0, 0, 2, 0)
    assert {p.name: (p.region_id, p.updated_at) for p in ApplicantPlace.objects.all()} == before


def test_refused_uploads_stay_on_the_page(client, office):
    missing = client.post("/patents/places/", {"intent": "upload"})
    assert missing.status_code == 400 and 'id="id_upload-file_error"' in missing.content.decode()
    wrong = client.post("/patents/places/", {"intent": "upload", "upload-file": SimpleUploadedFile("名录.pdf", b"%PDF")})
    assert wrong.status_code == 400 and "只支持 xlsx、xls、csv 文件" in wrong.content.decode()
    assert not Job.objects.exists()


@pytest.mark.parametrize(("typed", "code"), [
    ("江苏省徐州市泉山区", QUANSHAN), ("徐州市 泉山区", QUANSHAN), ("徐州市泉山区", QUANSHAN), ("320311", QUANSHAN),
    ("北京市海淀区", "110108"), ("北京市", "110100"), ("上海市", "310100")])
def test_directory_form_takes_region_paths(client, office, typed, code):
    response = client.post("/patents/places/", {"place-name": "某某科技有限公司", "place-region": typed})
    assert response.status_code == 302
    assert ApplicantPlace.objects.get(name="某某科技有限公司").region_id == code


@pytest.mark.parametrize(("typed", "reason"), [
    ("江苏省海淀区", "“海淀区”不在“江苏省”之内"), ("朝阳区", "地区名称不唯一"), ("火星", "未知地区"),
    ("全国", "不能是全国")])
def test_directory_form_refuses_with_the_reason_and_keeps_the_input(client, office, typed, reason):
    response = client.post("/patents/places/", {"place-name": "某某科技有限公司", "place-region": typed})
    page = response.content.decode()
    assert response.status_code == 400 and reason in page and f'value="{typed}"' in page
    assert 'aria-invalid="true"' in page and 'aria-describedby="id_place-region_helptext id_place-region_error"' in page
    assert not ApplicantPlace.objects.exists()


@pytest.mark.parametrize(("typed", "code"), [
    ("江苏省徐州市泉山区", QUANSHAN), ("徐州市 泉山区", QUANSHAN), ("北京市海淀区", "110108"), ("北京市", "110100"),
    ("110000", "110000"), ("全国", "100000")])
def test_cli_takes_region_paths(typed, code, capsys):
    call_command("indicators", "compute", "--region", typed, "--as-of", "2022-12-31", "--json")
    assert json.loads(capsys.readouterr().out)["code"] == code


@pytest.mark.parametrize(("typed", "reason"), [("江苏省海淀区", "不在"), ("朝阳区", "不唯一"), ("火星", "未知地区")])
def test_cli_refuses_paths_that_do_not_nest(typed, reason):
    with pytest.raises(CommandError, match=reason):
        call_command("indicators", "compute", "--region", typed, "--as-of", "2022-12-31")


def test_records_follow_a_directory_entry_made_with_a_path(client, office, tmp_path):
    do_import_patents(None, [tmp_path / write_csv(tmp_path / "l-20230101.csv", [(23, "午未科技有限公司", "")])])
    client.post("/patents/places/", {"place-name": "午未科技有限公司", "place-region": "江苏省 徐州市 泉山区"})
    assert place_of(23) == QUANSHAN and number(23)


def test_import_page_refusals_keep_the_input(client, office):
    csv = SimpleUploadedFile("导出.csv", "申请号,标题\n".encode())
    response = client.post("/patents/import/", {"files": csv, "format": "auto", "status_date": "2999-01-01"})
    page = response.content.decode()
    assert response.status_code == 400 and 'id="id_status_date_error"' in page and "1985-04-01" in page
    assert 'value="2999-01-01"' in page and 'aria-invalid="true"' in page
    response = client.post("/patents/import/", {"files": SimpleUploadedFile("a.csv", b"x"), "format": "odt"})
    assert response.status_code == 400 and "不支持的格式：odt" in response.content.decode()
    response = client.post("/patents/import/", {"format": "auto", "status_date": "2023-04-18"})
    page = response.content.decode()
    assert response.status_code == 400 and "请选择要导入的文件" in page and 'value="2023-04-18"' in page
    assert not Job.objects.exists()


def test_import_is_queued_by_an_audited_action(client, office, django_capture_on_commit_callbacks):
    with mock.patch("zhichan.core.jobs.enqueue") as enqueue, django_capture_on_commit_callbacks(execute=True):
        response = client.post("/patents/import/", {"files": SimpleUploadedFile("导出.csv", b"a,b\n"),
                                                    "format": "patentics", "status_date": "2023-04-18"})
    job = Job.objects.get(kind="import")
    assert response.status_code == 302 and enqueue.call_count == 1
    assert (job.params["format"], job.params["status_date"], job.params["names"]) == ("patentics", "2023-04-18",
                                                                                      ["导出.csv"])
    assert AuditLog.objects.filter(action="patents.import_queue", actor=office).exists()
