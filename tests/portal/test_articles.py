"""通知公告 and 政策法规: editors draft with attachments and submit, reviewers return, publish and withdraw (each an
audited action); the public sees only published articles, searches them, reads their attachments and follows the
RSS feeds; the portal shows the latest."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from zhichan.core.actions import do_create_user
from zhichan.core.models import AuditLog
from zhichan.core.permissions import PermissionDenied
from zhichan.portal import actions
from zhichan.portal.models import Article, ArticleFile

pytestmark = pytest.mark.django_db

PASSWORD = "pw-Zhichan-2026"
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture
def office():
    return do_create_user(None, "editor1", PASSWORD, role="office")


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def draft(client, **overrides):
    data = {"kind": "policy", "title": "徐州市知识产权质押融资风险补偿办法", "issuer": "徐州市知识产权局",
            "doc_number": "徐知发〔2026〕3号", "body": "第一条 为推进知识产权质押融资……\n\n第二条 本办法适用于……"}
    return client.post("/articles/new/", {**data, **overrides})


def publish(office, **values):
    article = actions.do_save_article(office, None, {"kind": "notice", "title": "关于开展2026年专利导航项目申报的通知",
                                                     "body": "各有关单位：……", **values})
    actions.do_submit_article(office, article)
    return actions.do_publish_article(office, article)


def test_draft_submit_publish_withdraw(office):
    client = signed_in(office)
    response = draft(client, files=SimpleUploadedFile("办法全文.pdf", PDF, "application/pdf"))
    article = Article.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/articles/{article.pk}/"
    assert article.status == "draft" and article.author == office and article.files.count() == 1
    anonymous = Client()
    assert anonymous.get(f"/portal/articles/{article.pk}/").status_code == 404
    assert anonymous.get(f"/portal/files/{article.files.get().pk}/").status_code == 404
    assert "质押融资" not in anonymous.get("/portal/policies/").content.decode()

    client.post(f"/articles/{article.pk}/", {"action": "submit"})
    assert Article.objects.get().status == "review"
    client.post(f"/articles/{article.pk}/", {"action": "return", "note": "请补充文号"})
    article.refresh_from_db()
    assert article.status == "draft" and article.review_note == "请补充文号"
    client.post(f"/articles/{article.pk}/", {"action": "submit"})
    client.post(f"/articles/{article.pk}/", {"action": "publish", "note": ""})
    article.refresh_from_db()
    assert article.status == "published" and article.published_at and article.reviewed_by == office

    page = anonymous.get(f"/portal/articles/{article.pk}/").content.decode()
    assert "第二条 本办法适用于" in page and "徐知发〔2026〕3号" in page and "办法全文.pdf" in page
    download = anonymous.get(f"/portal/files/{article.files.get().pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert article.title in anonymous.get("/portal/policies/").content.decode()
    assert article.title in anonymous.get("/").content.decode()

    client.post(f"/articles/{article.pk}/", {"action": "withdraw", "note": "已废止"})
    assert Article.objects.get().status == "withdrawn"
    assert anonymous.get(f"/portal/articles/{article.pk}/").status_code == 404
    actions_done = list(AuditLog.objects.filter(target_id=str(article.pk), target_type="portal.article")
                        .order_by("at", "pk").values_list("action", flat=True))
    assert actions_done == ["portal.create", "portal.submit", "portal.return", "portal.submit", "portal.publish",
                            "portal.withdraw"]


def test_a_refused_draft_keeps_what_was_typed(office):
    response = draft(signed_in(office), body="  ", files=SimpleUploadedFile("木马.exe", b"MZ", "application/octet-stream"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "徐州市知识产权质押融资风险补偿办法" in html and "徐知发〔2026〕3号" in html
    errors = response.context["form"].errors
    assert "body" in errors and "files" in errors and "木马.exe" in " ".join(errors["files"])
    assert not Article.objects.exists() and not ArticleFile.objects.exists()


def test_an_attachment_whose_content_is_not_its_type_is_refused(office):
    response = draft(signed_in(office), files=SimpleUploadedFile("通知.pdf", b"MZ not a pdf", "application/pdf"))
    assert response.status_code == 200 and "内容与扩展名不符" in " ".join(response.context["form"].errors["files"])


def test_only_drafts_are_edited(office):
    article = publish(office)
    with pytest.raises(actions.ArticleRefused):
        actions.do_save_article(office, article, {"title": "改过的标题"})
    client = signed_in(office)
    assert client.get(f"/articles/{article.pk}/edit/").status_code == 302
    actions.do_withdraw_article(office, article)
    client.post(f"/articles/{article.pk}/edit/", {"kind": "notice", "title": "改过的标题", "body": "新的正文"})
    article.refresh_from_db()
    assert article.title == "改过的标题" and article.status == "withdrawn"


def test_attachments_of_a_draft_can_be_removed(office, django_capture_on_commit_callbacks):
    client = signed_in(office)
    draft(client, files=SimpleUploadedFile("旧版.pdf", PDF, "application/pdf"))
    article = Article.objects.get()
    stored = actions.folder() / article.files.get().stored_as
    assert stored.exists()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/articles/{article.pk}/", {"file": article.files.get().pk})
    assert not article.files.exists() and not stored.exists()
    assert AuditLog.objects.filter(action="portal.remove_file", target_id=str(article.pk)).exists()


def test_search_and_paging(office):
    for n in range(25):
        publish(office, title=f"通知第{n}号", body="专利转化" if n % 2 else "商标品牌")
    anonymous = Client()
    page = anonymous.get("/portal/notices/").content.decode()
    assert page.count('href="/portal/articles/') == 20 and "page=2" in page
    found = anonymous.get("/portal/notices/", {"q": "商标"}).content.decode()
    assert found.count('href="/portal/articles/') == 13
    assert "没有找到" in anonymous.get("/portal/notices/", {"q": "不存在的词"}).content.decode()


def test_rss(office):
    article = publish(office)
    feed = Client().get("/portal/notices/rss/")
    assert feed.status_code == 200 and feed["Content-Type"].startswith("application/rss+xml")
    body = feed.content.decode()
    assert article.title in body and f"/portal/articles/{article.pk}/" in body
    assert article.title not in Client().get("/portal/policies/rss/").content.decode()


@pytest.mark.parametrize("role", ["staff", "enterprise", "public"])
def test_others_neither_draft_nor_publish(role, office):
    other = do_create_user(None, f"{role}1", PASSWORD, role=role)
    client = signed_in(other)
    assert client.get("/articles/").status_code == 403
    assert draft(client).status_code == 403
    article = actions.do_save_article(office, None, {"kind": "notice", "title": "草稿", "body": "正文"})
    actions.do_submit_article(office, article)
    assert client.post(f"/articles/{article.pk}/", {"action": "publish"}).status_code == 403
    assert Article.objects.get(pk=article.pk).status == "review"
    with pytest.raises(PermissionDenied):
        actions.do_publish_article(other, article)


def test_the_public_pages_link_to_each_other():
    html = Client().get("/").content.decode()
    assert 'href="/portal/notices/"' in html and 'href="/portal/policies/"' in html
    listing = Client().get("/portal/notices/").content.decode()
    assert 'href="/"' in listing and 'href="/portal/notices/rss/"' in listing


def test_the_article_pages_in_english(office):
    publish(office)
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert "Notices" in html and "Policies and regulations" in html and "通知公告" not in html
    listing = client.get("/portal/notices/").content.decode()
    assert "Title, text or document number" in listing
