"""The front door: a visitor at / gets the public portal (name, search, catalogue, statistics, help, registration
and login), every public page leads back to it, and a signed-in user still gets their home page."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from zhichan.core.actions import do_create_user

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["/", "/login/", "/register/", "/services/catalogue/", "/services/catalogue/faq/",
                "/public/statistics/", "/accounts/password/reset/"]


def links(html: str) -> set[str]:
    return set(re.findall(r'href="([^"#]*)"', html))


def test_a_visitor_gets_the_portal_not_a_redirect():
    response = Client().get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "知识产权公共服务平台" in html and 'id="portal"' in html
    found = links(html)
    for target in ("/register/", "/login/", "/services/catalogue/", "/services/catalogue/faq/",
                   "/public/statistics/", "/accounts/password/reset/"):
        assert target in found, target
    # the search box goes to the search page, which asks a visitor to sign in first and then searches
    assert re.search(r'<form[^>]*action="/search/"[^>]*id="portal-search"', html)
    answer = Client().get("/search/", {"q": "TI=电池"})
    assert answer.status_code == 302 and answer["Location"].startswith("/login/?next=")
    assert "q%3DTI%253D" in answer["Location"] or "TI%253D" in answer["Location"]


def test_the_portal_lists_the_service_catalogue_with_its_guides():
    from zhichan.services.models import ServiceItem

    html = Client().get("/").content.decode()
    items = list(ServiceItem.objects.filter(published=True))
    assert items, "the catalogue is loaded at migrate"
    for item in items:
        assert item.name in html and f"/services/catalogue/{item.code}/" in links(html)


def test_hidden_catalogue_items_stay_off_the_portal():
    from zhichan.services.models import ServiceItem

    item = ServiceItem.objects.filter(published=True).first()
    ServiceItem.objects.filter(pk=item.pk).update(published=False)
    assert f"/services/catalogue/{item.code}/" not in links(Client().get("/").content.decode())


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_public_page_answers_a_visitor_and_links_back_to_the_portal(path):
    response = Client().get(path)
    assert response.status_code == 200, path
    assert 'href="/"' in response.content.decode()


def test_the_login_page_offers_registration_keeping_where_the_visitor_was_going():
    html = Client().get("/login/", {"next": "/services/catalogue/preexam/"}).content.decode()
    assert 'href="/register/?next=/services/catalogue/preexam/"' in html or \
        'href="/register/?next=%2Fservices%2Fcatalogue%2Fpreexam%2F"' in html


def test_a_signed_in_user_gets_their_home_not_the_portal():
    client = Client()
    client.force_login(do_create_user(None, "office1", "pw-Zhichan-2026", role="office"))
    response = client.get("/")
    assert response.status_code == 200 and 'id="portal"' not in response.content.decode()


def test_the_portal_in_english():
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert "Register" in html and "Public service catalogue" in html
    assert "注册账号" not in html
