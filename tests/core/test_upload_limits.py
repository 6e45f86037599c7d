"""Upload size limits per file (issue 12, defect 10): ZHICHAN_MAX_UPLOAD_MB on the import page, the indicator
spreadsheets and the applicant directory, ZHICHAN_MAX_ATTACHMENT_MB on case attachments. A file over the limit is
refused with a message naming it and the limit, and nothing of the request stays on disk."""

from __future__ import annotations

from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from zhichan import conf
from zhichan.core import uploads
from zhichan.core.models import Job

pytestmark = pytest.mark.django_db
MB = 1024 * 1024
CSV = "申请号,标题\nCN202310000001.5,一种电池\n".encode("utf-8-sig")


def big(name: str, head: bytes = b"", size: int = MB + 1024) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, head + b"0" * (size - len(head)))


def stored_files() -> set[Path]:
    roots = [Path(settings.UPLOAD_DIR), conf.home() / "uploads", conf.home() / "attachments"]
    return {p for root in roots if root.exists() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def office(django_user_model, monkeypatch):
    monkeypatch.setenv("ZHICHAN_MAX_UPLOAD_MB", "1")
    return django_user_model.objects.create_user("office", password="x", role="office")


def test_import_page_refuses_a_file_over_the_limit_and_keeps_nothing(office, client,
                                                                    django_capture_on_commit_callbacks):
    client.force_login(office)
    before = stored_files()
    with mock.patch("zhichan.core.jobs.enqueue") as enqueue, django_capture_on_commit_callbacks(execute=True):
        response = client.post("/patents/import/", {"files": [SimpleUploadedFile("小.csv", CSV),
                                                              big("大文件.csv", CSV)]}, follow=True)
    page = response.content.decode()
    assert "大文件.csv" in page and "1 MB" in page
    assert enqueue.call_count == 0 and not Job.objects.exists()
    assert stored_files() == before  # neither the big file nor the small one of the same request
    with mock.patch("zhichan.core.jobs.enqueue") as enqueue, \
            django_capture_on_commit_callbacks(execute=True):  # within the limit: imported (queued on commit)
        response = client.post("/patents/import/", {"files": SimpleUploadedFile("小.csv", CSV)})
    assert enqueue.call_count == 1 and Path(Job.objects.get().params["paths"][0]).read_bytes() == CSV


def test_indicator_spreadsheets_over_the_limit(office, client):
    client.force_login(office)
    before = stored_files()
    response = client.post("/indicators/plans/import/", {"name": "规划", "region": "320300",
                                                         "file": big("规划.xlsx", b"PK\x03\x04")}, follow=True)
    page = response.content.decode()
    assert "规划.xlsx" in page and "1 MB" in page
    response = client.post("/indicators/population/", {"action": "upload", "file": big("人口.xlsx", b"PK\x03\x04")},
                           follow=True)
    assert "人口.xlsx" in response.content.decode()
    assert stored_files() == before


def test_applicant_directory_over_the_limit(office, client):
    client.force_login(office)
    before = stored_files()
    response = client.post("/patents/places/", {"upload-file": big("企业名录.csv", CSV)})
    page = response.content.decode()
    assert "企业名录.csv" in page and "1 MB" in page
    assert stored_files() == before


def test_the_helper_counts_what_it_writes(tmp_path, monkeypatch):
    """An upload that understates its size is stopped while writing, and the partial file deleted."""
    monkeypatch.setenv("ZHICHAN_MAX_UPLOAD_MB", "1")
    liar = big("liar.csv")
    liar.size = 10
    target = tmp_path / "out" / "liar.csv"
    with pytest.raises(uploads.UploadTooLarge, match=r"liar\.csv.*1 MB"):
        uploads.write(liar, target)
    assert not target.exists()
    assert uploads.write(SimpleUploadedFile("ok.csv", CSV), target) == len(CSV) and target.read_bytes() == CSV


def test_attachments_over_their_limit_and_attachments_of_a_failed_transition(monkeypatch):
    from tests.services.test_cases import PDF, pdf
    from zhichan.services import actions
    from zhichan.services.uploads import UploadRefused

    monkeypatch.setenv("ZHICHAN_MAX_ATTACHMENT_MB", "1")
    from django.contrib.auth import get_user_model

    applicant = get_user_model().objects.create_user("firm", password="x", role="enterprise")
    case = actions.do_open_case(applicant, "assistance")  # its submission takes evidence files
    filing = {"subject": "某网店", "description": "销售仿冒产品"}
    before = stored_files()
    with pytest.raises(UploadRefused, match="超过"):
        actions.do_transition(applicant, case, "submit", filing, [pdf("大.pdf", PDF + b"0" * MB)])
    assert stored_files() == before

    def fail(*args, **kwargs):
        raise RuntimeError("audit down")

    monkeypatch.setattr("zhichan.services.actions.audit.record", fail)
    with pytest.raises(RuntimeError):
        actions.do_transition(applicant, case, "submit", filing, [pdf("小.pdf")])
    case.refresh_from_db()
    assert case.state == "draft" and stored_files() == before  # rolled back, and its attachment deleted
