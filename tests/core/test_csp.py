"""A strict Content-Security-Policy on every page (issue 12): scripts only from our own static files, never inline
or eval'd. The header is checked on every page an office user and an anonymous visitor can open, and the templates
are checked statically: no inline script, no on*= handler, no javascript: URL, no style attribute."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from zhichan.core.actions import do_create_user
from zhichan.core.models import Job

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "zhichan" / "templates"
TEMPLATE_FILES = sorted(TEMPLATES.rglob("*.html"))


def _policy(response) -> dict[str, list[str]]:
    header = response.get("Content-Security-Policy")
    assert header, f"no Content-Security-Policy on {response.request['PATH_INFO']}"
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


def _parameterless_url_names(patterns=None, namespace: str = "") -> list[str]:
    """Every named URL that takes no arguments, e.g. 'search:search'."""
    names = []
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            inner = f"{namespace}{p.namespace}:" if p.namespace else namespace
            names += _parameterless_url_names(p.url_patterns, inner)
        elif isinstance(p, URLPattern) and p.name and not p.pattern.regex.groupindex:
            names.append(namespace + p.name)
    return names


def test_the_policy_is_strict():
    policy = _policy(Client().get("/login/"))
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]  # no 'unsafe-inline', no 'unsafe-eval', no hosts
    assert policy["style-src"] == ["'self'"]  # no <style> elements; style attributes only (ECharts), below
    assert policy["style-src-attr"] == ["'unsafe-inline'"]
    assert policy["img-src"] == ["'self'", "data:", "blob:"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]


@pytest.fixture
def demo():
    """A few records, so that pages with an argument can be opened too."""
    from zhichan.navigation.actions import do_create_database
    from zhichan.patents.models import Application

    office = do_create_user(None, "csp-office", "pw-Zhichan-2026", role="office")
    Application.objects.create(key="CN202210836006.7", country="CN", patent_type="invention", legal_status="valid",
                               title="一种主题推荐方法", data={})
    job = Job.objects.create(kind="import", title="导入", status=Job.Status.DONE, created_by=office,
                             result={"files": []})
    db = do_create_database(office, "虚拟现实", ["TI=虚拟现实"])
    return office, [reverse("patents:detail", args=["CN202210836006.7"]), reverse("job-detail", args=[job.pk]),
                    reverse("navigation:detail", args=[db.pk]), reverse("search:similar", args=["CN202210836006.7"]),
                    "/search/?q=TI%3D%E4%B8%BB%E9%A2%98"]


@pytest.mark.parametrize("who", ["office", "anonymous"])
def test_every_page_carries_the_policy(demo, who):
    office, with_records = demo
    client = Client()
    if who == "office":
        client.force_login(office)
    urls = [reverse(name) for name in _parameterless_url_names()] + with_records
    pages = 0
    for url in urls:
        response = client.get(url)
        policy = _policy(response)
        assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"], url
        pages += response.status_code == 200 and response.get("Content-Type", "").startswith("text/html")
    # The walk reached real pages, not only redirects to the login page.
    assert pages >= (30 if who == "office" else 5), pages


def test_report_only_setting_sends_the_same_policy_without_enforcing(settings):
    policy = settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY = None
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = policy
    response = Client().get("/login/")
    assert "Content-Security-Policy" not in response
    assert "script-src 'self'" in response["Content-Security-Policy-Report-Only"]


SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)
HANDLER = re.compile(r"<[a-z][^>]*?\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[a-z][^>]*?\sstyle\s*=", re.I)


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_templates_hold_no_inline_script(path):
    text = path.read_text("utf-8")
    for attributes, body in SCRIPT.findall(text):
        if 'type="application/json"' in attributes:
            continue  # data, not code (json_script writes the same)
        assert not body.strip(), f"inline script: {body.strip()[:80]}"
        assert "src=" in attributes, attributes
    assert not HANDLER.search(text), HANDLER.search(text).group(0)[:120]
    assert "javascript:" not in text.lower()
    # Heights and indents are CSS classes (zhichan.css); the policy allows style attributes only for ECharts.
    assert not STYLE_ATTRIBUTE.search(text), STYLE_ATTRIBUTE.search(text).group(0)[:120]
    assert "<style" not in text.lower()


def test_the_static_check_finds_what_it_looks_for():
    bad = ['<script>alert(1)</script>', '<select onchange="this.form.submit()">', '<div style="height:1px">']
    assert SCRIPT.findall(bad[0])[0][1] == "alert(1)"
    assert HANDLER.search(bad[1]) and STYLE_ATTRIBUTE.search(bad[2])
    assert not HANDLER.search('<a href="/x" data-once="1">') and not STYLE_ATTRIBUTE.search("<div class=a>")
