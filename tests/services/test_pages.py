"""Service hall pages and the permission matrix: each role × each page or endpoint, allowed or refused."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.services.test_cases import PDF, people, registered  # noqa: F401  (fixture)
from zhichan.services import actions
from zhichan.services.models import Attachment, Case, ServiceItem

pytestmark = pytest.mark.django_db


def status(client, user, method, url, data=None):
    client.logout()
    if user is not None:
        client.force_login(user)
    response = client.post(url, data or {}) if method == "post" else client.get(url)
    return response.status_code


def test_permission_matrix(people, client, django_user_model):  # noqa: F811
    u = people
    u["office"] = django_user_model.objects.create_user("office_admin", password="x", role="office")
    u["public"] = django_user_model.objects.create_user("citizen", password="x", role="public")
    u["department"] = django_user_model.objects.create_user("dept", password="x", role="department")
    entity = registered(u)
    attachment = Attachment.objects.filter(case=entity).first()
    pages = {  # (method, url): who may (others get 403, or 302 to login when anonymous)
        ("get", "/services/catalogue/"): "all",
        ("get", "/services/catalogue/preexam/"): "all",
        ("get", "/services/guides/preexam/edit/"): {"office"},
        ("get", "/services/my/"): {"applicant", "colleague", "outsider", "public"},
        ("get", f"/services/cases/{entity.pk}/"): {"applicant", "colleague", "examiner", "chief", "office"},
        ("get", f"/services/attachments/{attachment.pk}/"): {"applicant", "colleague", "examiner", "chief", "office"},
        ("get", "/services/work/"): {"examiner", "other_staff", "chief", "office"},
        ("get", "/services/stats/"): {"examiner", "other_staff", "chief", "office"},
        ("get", "/services/apply/consult/"): {"applicant", "colleague", "outsider", "public"},
        ("get", "/services/catalogue/faq/"): "all",
        ("get", "/services/fields/"): {"office"},
        ("post", "/services/stats/feed/"): {"office"},
        ("post", "/services/guides/consult/edit/"): {"office"},
    }
    for (method, url), allowed in pages.items():
        for name, user in [*u.items(), ("anonymous", None)]:
            code = status(client, user, method, url, {"region": "320300", "year": "2026"})
            if allowed == "all" or name in allowed:
                assert code in {200, 302} and not (code == 302 and name == "anonymous" and allowed != "all"), \
                    (url, name, code)
            elif name == "anonymous":
                assert code == 302, (url, name, code)  # to the login page
            else:
                assert code == 403, (url, name, code)


def test_portal_flow_through_pages(people, client):  # noqa: F811
    u = people
    registered(u)
    client.force_login(u["applicant"])
    assert client.get("/services/apply/preexam/").status_code == 200 and not Case.objects.filter(kind="preexam")
    response = client.post("/services/apply/preexam/", {
        "transition": "submit", "intent": "submit", "entity": "徐州某某科技有限公司", "title": "锂电池",
        "patent_type": "发明", "ipc": "H01M4/131", "files": [SimpleUploadedFile("申请文件.pdf", PDF)]})
    case = Case.objects.get(kind="preexam")
    assert response["Location"] == f"/services/cases/{case.pk}/" and case.state == "submitted"
    page = client.get(f"/services/cases/{case.pk}/").content.decode()
    assert "申请文件.pdf" in page and 'id="action-withdraw"' in page and 'id="action-claim"' not in page
    bad = client.post(f"/services/cases/{case.pk}/", {"transition": "approve", "result": "x"})
    assert bad.status_code == 400
    assert "不能由申请人办理" in bad.content.decode() or "状态下不能" in bad.content.decode()
    client.force_login(u["examiner"])
    assert case.number in client.get("/services/work/").content.decode()
    client.post(f"/services/cases/{case.pk}/", {"transition": "claim"})
    client.post(f"/services/cases/{case.pk}/", {"transition": "approve", "result": "合格"})
    client.force_login(u["applicant"])
    client.post(f"/services/cases/{case.pk}/", {"transition": "record_filing",
                                                "application_number": "CN202610000001.9"})
    client.post(f"/services/cases/{case.pk}/", {"transition": "rate", "score": "4", "comment": "好"})
    case.refresh_from_db()
    assert case.state == "filed" and case.rating == 4
    client.force_login(u["chief"])
    stats = client.get("/services/stats/", {"start": "2000-01-01", "end": "2100-12-31"}).content.decode()
    assert 'data-kind="preexam"' in stats


def test_office_edits_a_guide(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("office", password="x", role="office"))
    client.post("/services/guides/consult/edit/", {"summary": "新的说明", "time_limit": "2 个工作日"})
    item = ServiceItem.objects.get(code="consult")
    assert item.summary == "新的说明" and item.time_limit == "2 个工作日"
    client.logout()
    assert "新的说明" in client.get("/services/catalogue/consult/").content.decode()  # public page


def test_the_guide_offers_online_filing_only_to_who_may_apply(client, django_user_model):
    """在线办理 leads to a form the user may fill: not to a 403 for the office's staff, and not for a user whose
    organisation awaits 实名核验 (told why instead); a visitor is asked to sign in."""
    from zhichan.core.models import Organization

    pending = Organization.objects.create(name="待核验公司", kind="enterprise", status=Organization.Status.PENDING)
    make = django_user_model.objects.create_user
    users = {"firm": make("firm", password="x", role="enterprise"), "staff": make("staff", password="x", role="staff"),
             "waiting": make("waiting", password="x", role="enterprise", organization=pending), "visitor": None}
    pages = {}
    for name, user in users.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        pages[name] = client.get("/services/catalogue/preexam/").content.decode()
    assert 'id="apply-preexam"' in pages["firm"]
    for name in ("staff", "waiting", "visitor"):
        assert 'id="apply-preexam"' not in pages[name], name
    assert 'id="apply-unverified"' in pages["waiting"] and "实名核验" in pages["waiting"]
    assert "登录后在线办理" in pages["visitor"] and "登录后在线办理" not in pages["staff"]


def test_actions_refuse_strangers(people):  # noqa: F811
    case = actions.do_open_case(people["applicant"], "assistance")
    with pytest.raises(Exception, match="services"):
        actions.do_transition(people["outsider"], case, "submit", {"subject": "x", "description": "y"})
