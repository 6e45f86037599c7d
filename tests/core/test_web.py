import pytest
from django.test import Client

from zhichan.core.actions import do_create_user
from zhichan.core.models import AuditLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    return do_create_user(None, "office1", "pw-Zhichan-2026", role="office")


@pytest.fixture
def public():
    return do_create_user(None, "public1", "pw-Zhichan-2026", role="public")


@pytest.mark.parametrize("url", ["/patents/", "/patents/import/", "/patents/CN202210836006.7/"])  # "/": test_portal
def test_pages_need_login(url):
    response = Client().get(url)
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_public_user_cannot_import(public):
    client = Client()
    client.force_login(public)
    assert client.get("/patents/").status_code == 200
    assert client.get("/patents/import/").status_code == 403


def test_upload_bad_file_type_is_refused_in_chinese(office):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = Client()
    client.force_login(office)
    response = client.post("/patents/import/", {"files": SimpleUploadedFile("a.exe", b"MZ")}, follow=True)
    assert "不支持的文件类型" in response.content.decode()


def test_user_creation_is_audited(office):
    assert AuditLog.objects.filter(action="users.create", target_id=str(office.pk)).exists()


def test_chinese_first_english_on_request(office):
    from zhichan.patents.models import Application

    Application.objects.create(key="CN202210836006.7", country="CN", patent_type="invention", legal_status="valid",
                               title="一种主题推荐方法", data={})
    client = Client()
    client.force_login(office)
    # An English browser still gets Chinese: offices expect Chinese everywhere unless a user asks for English.
    page = client.get("/patents/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "专利列表" in page and "Patent list" not in page
    assert "有效" in page and "发明" in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/patents/"})
    english = client.get("/patents/").content.decode()
    assert "Patent list" in english and "专利列表" not in english
    assert "Valid" in english and "Invention" in english  # status and type labels are translated too


def test_rejected_rows_download_as_excel(office, tmp_path):
    import io

    import openpyxl

    from zhichan.patents.actions import do_import_patents

    path = tmp_path / "bad.csv"
    path.write_text("申请号,标题,申请日\nCN202210836006.7,好,20220715\nCN202210836006.8,坏,20220715\n", encoding="utf-8")
    import_file = do_import_patents(office, [path]).files.get()
    client = Client()
    client.force_login(office)
    page = client.get("/patents/import/").content.decode()
    assert f"/patents/imports/{import_file.pk}/rejected.xlsx" in page
    response = client.get(f"/patents/imports/{import_file.pk}/rejected.xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("文件 file", "行 row", "列 column", "值 value", "原因 reason")
    assert rows[1][:4] == ("bad.csv", 3, "申请号", "CN202210836006.8") and "校验位" in rows[1][4]
    assert len(rows) == 2


def test_upload_is_saved_and_becomes_a_job(office, django_capture_on_commit_callbacks):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zhichan.core.models import Job

    client = Client()
    client.force_login(office)
    csv_bytes = "申请号,标题\nCN202310000001.5,一种电池\n".encode("utf-8-sig")
    from unittest import mock

    with mock.patch("zhichan.core.jobs.enqueue") as enqueue, \
            django_capture_on_commit_callbacks(execute=True):  # queued on commit; the worker is not part of this test
        response = client.post("/patents/import/", {"files": SimpleUploadedFile("导出.csv", csv_bytes)})
    assert enqueue.call_count == 1
    job = Job.objects.get(kind="import")
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    from pathlib import Path

    saved = Path(job.params["paths"][0])
    assert saved.read_bytes() == csv_bytes and job.params["names"] == ["导出.csv"]


@pytest.mark.django_db
def test_a_queued_task_whose_job_is_gone_is_dropped_quietly(caplog):
    from zhichan.core import jobs
    from zhichan.core.models import Job
    from zhichan.core.tasks import run_job_task

    job = jobs.create("no.such.kind", "消失的任务")
    missing = job.pk
    job.delete()
    with caplog.at_level("WARNING"):
        run_job_task.call_local(missing)  # e.g. a task left in the queue after its transaction rolled back
    assert f"job {missing} no longer exists" in caplog.text and not Job.objects.exists()
