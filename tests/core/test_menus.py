"""Pages that fit each role (issue 13, item 3): the top menu shows only what the role may open (every entry shown
opens, every entry hidden answers 403), each role lands on its own home, and refusals, missing pages and server
errors get styled pages in the user's language."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from zhichan.core.context_processors import MENU, menu, menu_for

pytestmark = pytest.mark.django_db

# The menu each role gets, written out by hand (menu order).
EXPECTED_MENU = {
    None: ["services", "market", "projects", "training"],
    "public": ["my-cases", "search", "patents", "services", "market", "projects", "training"],
    "enterprise": ["my-cases", "search", "patents", "services", "market", "projects", "training"],
    "agency": ["my-cases", "search", "patents", "services", "market", "projects", "training"],
    "expert": ["search", "patents", "services", "market", "projects", "training"],
    "department": ["search", "patents", "indicators", "plans", "services", "market", "projects", "training"],
    "staff": ["workbench", "search", "patents", "indicators", "plans", "services", "market", "projects", "training"],
    "office": ["workbench", "search", "patents", "indicators", "plans", "navigation", "services", "market", "import",
               "projects", "experts", "training", "talent"],
    "admin": ["workbench", "my-cases", "search", "patents", "indicators", "plans", "navigation", "services", "market",
              "import", "projects", "experts", "training", "talent"],
}
OFFICE_ONLY = {"indicators", "plans", "navigation", "import", "experts", "talent"}


def fake(role: str | None):
    if role is None:
        return SimpleNamespace(is_authenticated=False, is_active=False, role="")
    return SimpleNamespace(is_authenticated=True, is_active=True, role=role)


@pytest.mark.parametrize("role", list(EXPECTED_MENU))
def test_menu_per_role(role):
    assert [entry.key for entry in menu_for(fake(role))] == EXPECTED_MENU[role]


def test_enterprise_sees_no_office_entry():
    keys = {entry.key for entry in menu_for(fake("enterprise"))}
    assert not keys & OFFICE_ONLY


def test_the_context_marks_the_current_page():
    request = RequestFactory().get("/indicators/plans/")
    request.user = fake("office")
    items = menu(request)["menu"]
    assert [item["key"] for item in items if item["active"]] == ["plans"]  # not 指标监测 as well
    flat = [child for item in items for child in item.get("children", [item])]
    assert {item["url"] for item in flat} == {reverse(entry.url_name) for entry in MENU
                                             if entry.key in EXPECTED_MENU["office"]}


def test_projects_experts_training_and_talent_are_one_dropdown():
    """Issue 17: the four entries share one group (the office's bar keeps to one row); the group is marked active
    on its pages, and a role sees only the entries it may open inside it."""
    request = RequestFactory().get("/experts/")
    request.user = fake("office")
    items = menu(request)["menu"]
    group = next(item for item in items if item["key"] == "people")
    assert [c["key"] for c in group["children"]] == ["projects", "experts", "training", "talent"]
    assert group["active"] and [c["key"] for c in group["children"] if c["active"]] == ["experts"]
    request.user = fake("enterprise")
    group = next(item for item in menu(request)["menu"] if item["key"] == "people")
    assert [c["key"] for c in group["children"]] == ["projects", "training"] and not group["active"]


def user(django_user_model, role: str, **extra):
    return django_user_model.objects.create_user(f"u-{role}", password="pw-Zhichan-2026", role=role, **extra)


@pytest.mark.parametrize("role", ["public", "enterprise", "expert", "department", "staff", "office"])
def test_every_entry_shown_opens_and_every_entry_hidden_refuses(role, django_user_model):
    client = Client()
    client.force_login(user(django_user_model, role))
    shown = set(EXPECTED_MENU[role])
    for entry in MENU:
        code = client.get(reverse(entry.url_name)).status_code
        assert code == (200 if entry.key in shown else 403), (role, entry.key, code)


@pytest.mark.parametrize("role", ["enterprise", "office"])
def test_the_page_shows_the_role_menu(role, django_user_model):
    client = Client()
    client.force_login(user(django_user_model, role))
    html = client.get("/services/catalogue/").content.decode()
    for entry in MENU:
        link = f'id="menu-{entry.key}"'
        assert (link in html) == (entry.key in EXPECTED_MENU[role]), (role, entry.key)


def test_anonymous_menu_has_only_public_entries():
    html = Client().get("/services/catalogue/").content.decode()
    assert 'id="menu-services"' in html and 'id="menu-search"' not in html and 'id="menu-import"' not in html


# ---- each role's home -------------------------------------------------------------------------------------------------

def test_enterprise_home_shows_its_cases_patents_and_alerts(django_user_model):
    from zhichan.core.models import Organization
    from zhichan.patents.models import Application, Party
    from zhichan.search.models import Alert
    from zhichan.services.actions import do_open_case

    firm = Organization.objects.create(name="徐州云图智能科技有限公司", kind="enterprise")
    member = user(django_user_model, "enterprise", organization=firm)
    case = do_open_case(member, "preexam_entity")
    ours = Application.objects.create(key="CN202310000001.1", country="CN", patent_type="invention",
                                      title="一种云图识别方法", data={})
    Party.objects.create(application=ours, role="applicant", seq=1, name="徐州云图智能科技有限公司",
                         normalized_name="徐州云图智能科技有限公司", party_type="enterprise")
    theirs = Application.objects.create(key="CN202310000002.X", country="CN", patent_type="invention",
                                        title="别人的专利", data={})
    Party.objects.create(application=theirs, role="inventor", seq=1, name="徐州云图智能科技有限公司",
                         normalized_name="徐州云图智能科技有限公司", party_type="individual")
    Alert.objects.create(user=member, kind=Alert.NEW_RECORDS, title="监控“电池”有 3 条新记录")

    client = Client()
    client.force_login(member)
    response = client.get("/")
    html = response.content.decode()
    assert response.templates[0].name == "core/home_personal.html"
    assert "我的工作台" in html and "最近导入" not in html
    assert case.number in html
    assert "CN202310000001.1" in html and "CN202310000002.X" not in html  # applicant or holder, not inventor
    assert "监控“电池”有 3 条新记录" in html
    assert 'id="menu-indicators"' not in html


def test_public_user_without_organisation_sees_watched_searches(django_user_model):
    from zhichan.search.models import SavedSearch

    member = user(django_user_model, "public")
    SavedSearch.objects.create(user=member, name="锂电池监控", query="TI=锂电池", watched=True)
    SavedSearch.objects.create(user=member, name="不监控的", query="TI=别的", watched=False)
    client = Client()
    client.force_login(member)
    html = client.get("/").content.decode()
    assert "锂电池监控" in html and "不监控的" not in html


def test_a_member_of_an_organisation_awaiting_verification_is_told_so(django_user_model):
    from zhichan.core.models import Organization

    firm = Organization.objects.create(name="待核验科技有限公司", kind="enterprise", status="pending")
    client = Client()
    client.force_login(user(django_user_model, "enterprise", organization=firm))
    html = client.get("/").content.decode()
    assert "正在等待知识产权局实名核验" in html
    assert 'id="home-cases"' not in html and 'id="menu-my-cases"' not in html  # services.apply waits too


def test_staff_home_is_the_workbench(django_user_model):
    client = Client()
    client.force_login(user(django_user_model, "staff"))
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == reverse("services:workbench")


@pytest.mark.parametrize(("role", "imports"), [("office", True), ("admin", True), ("department", False)])
def test_office_home_is_the_workbench_with_imports_for_importers(role, imports, django_user_model):
    client = Client()
    client.force_login(user(django_user_model, role))
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200 and response.templates[0].name == "core/home.html"
    assert "工作台" in html and ("最近导入" in html) == imports


@pytest.mark.parametrize("role", ["office", "admin", "department"])
def test_the_administration_links_open(role, django_user_model):
    from zhichan.core.homes import ADMIN_LINKS

    client = Client()
    client.force_login(user(django_user_model, role))
    html = client.get("/").content.decode()
    for label, name, _permission in ADMIN_LINKS:
        url = reverse(name)
        code = client.get(url).status_code
        assert (f'href="{url}"' in html) == (code == 200), (role, str(label), code)
    assert (role == "department") == ('id="admin-links"' not in html)


# ---- error pages --------------------------------------------------------------------------------------------------------

def test_refusal_is_the_styled_page_in_chinese(django_user_model):
    client = Client()
    client.force_login(user(django_user_model, "enterprise"))
    response = client.get("/indicators/")
    html = response.content.decode()
    assert response.status_code == 403
    assert [t.name for t in response.templates][:2] == ["403.html", "base.html"]
    assert "没有权限访问此页面" in html and 'href="/"' in html and 'class="topbar"' in html
    assert "Forbidden" not in html
    assert 'id="menu-my-cases"' in html and 'id="menu-indicators"' not in html  # the role's own menu


def test_refusal_in_english_for_an_english_user(django_user_model):
    client = Client()
    client.force_login(user(django_user_model, "enterprise"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/indicators/").content.decode()
    assert "You do not have permission to open this page" in html and "没有权限访问此页面" not in html


def test_an_action_refusal_is_the_styled_page_too(django_user_model):
    from zhichan.core.middleware import LoginRequiredMiddleware
    from zhichan.core.permissions import PermissionDenied

    request = RequestFactory().get("/services/my/")
    request.user = user(django_user_model, "expert")
    with translation.override("zh-hans"):  # no locale middleware here
        response = LoginRequiredMiddleware(lambda r: None).process_exception(request,
                                                                             PermissionDenied("services.apply"))
    assert response.status_code == 403 and "没有权限访问此页面" in response.content.decode()


def test_api_refusals_and_missing_addresses_stay_json(django_user_model):
    client = Client()
    client.force_login(user(django_user_model, "enterprise"))
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404 and response["Content-Type"] == "application/json"


def test_missing_page_is_styled(django_user_model):
    client = Client()
    client.force_login(user(django_user_model, "enterprise"))
    response = client.get("/services/catalogue/no-such-item/")
    html = response.content.decode()
    assert response.status_code == 404 and "页面不存在" in html and 'href="/"' in html


def test_missing_page_for_an_anonymous_visitor_on_a_public_address():
    response = Client().get("/services/catalogue/no-such-item/")
    assert response.status_code == 404 and "页面不存在" in response.content.decode()


def test_server_error_page_needs_no_request_context(django_assert_num_queries):
    from zhichan.core.views import server_error

    with django_assert_num_queries(0), translation.override("zh-hans"):
        response = server_error(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 500 and "服务器出错了" in html and 'href="/"' in html
    assert 'class="menu"' not in html  # the minimal base: no user, no menu


def test_server_error_through_the_handler(django_user_model, monkeypatch):
    from zhichan.core import homes

    def broken(user):
        raise RuntimeError("boom")

    monkeypatch.setattr(homes, "home_kind", broken)
    client = Client(raise_request_exception=False)
    client.force_login(user(django_user_model, "enterprise"))
    response = client.get("/")
    assert response.status_code == 500 and "服务器出错了" in response.content.decode()
