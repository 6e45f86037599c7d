"""A form sent without its CSRF token (the page open too long, signed out elsewhere, cookies refused) answers 403
with the platform's own page in the user's language, saying what happened and leading back, not Django's bare
English "CSRF verification failed"."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from zhichan.core.actions import do_create_user

pytestmark = pytest.mark.django_db


def refused(client: Client, **headers: str) -> tuple[int, str, list[str]]:
    response = client.post("/login/", {"username": "someone", "password": "x"}, **headers)
    return response.status_code, response.content.decode(), [t.name for t in response.templates]


def test_a_form_without_its_token_gets_the_styled_page_in_chinese():
    status, html, templates = refused(Client(enforce_csrf_checks=True),
                                      HTTP_REFERER="http://testserver/login/?next=/services/my/")
    assert status == 403 and templates[:2] == ["403_csrf.html", "base.html"]
    assert 'id="error-csrf"' in html and 'class="topbar"' in html and 'lang="zh-hans"' in html
    assert "表单已失效" in html and "Cookie" in html
    assert 'id="csrf-back" href="http://testserver/login/?next=/services/my/"' in html  # back to the form
    assert "CSRF verification failed" not in html and "Forbidden" not in html


def test_the_way_back_stays_on_this_site():
    html = refused(Client(enforce_csrf_checks=True), HTTP_REFERER="https://elsewhere.example/phish")[1]
    assert "elsewhere.example" not in html and 'id="csrf-back"' not in html and 'href="/"' in html


def test_a_signed_in_user_keeps_the_menu_of_their_role():
    client = Client(enforce_csrf_checks=True)
    client.force_login(do_create_user(None, "firm1", "pw-Zhichan-2026", role="enterprise"))
    response = client.post("/services/notifications/")
    html = response.content.decode()
    assert response.status_code == 403 and "表单已失效" in html
    assert 'id="menu-my-cases"' in html and 'id="menu-indicators"' not in html


def test_in_english_when_english_is_chosen():
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    status, html, _ = refused(client)
    assert status == 403 and 'lang="en"' in html
    assert "The form has expired" in html and "cookies" in html and "Back to the home page" in html
    assert "表单已失效" not in html and "CSRF verification failed" not in html


def test_an_api_client_gets_json():
    client = Client(enforce_csrf_checks=True)
    client.force_login(do_create_user(None, "office1", "pw-Zhichan-2026", role="office"))
    response = client.post("/api/v1/patents/search", {"q": "TI=电池"})
    assert response.status_code == 403 and response["Content-Type"].startswith("application/json")
    assert "X-CSRFToken" in response.json()["error"]
