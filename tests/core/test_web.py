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


@pytest.mark.parametrize("url", ["/", "/patents/", "/patents/import/", "/patents/CN202210836006.7/"])
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


def test_english_is_available(office):
    client = Client()
    client.force_login(office)
    english = client.get("/patents/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Patent list" in english and "专利列表" not in english
    chinese = client.get("/patents/").content.decode()
    assert "专利列表" in chinese
