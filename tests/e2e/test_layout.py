"""Every main page fits the screen (issue 13, item 4): for the anonymous visitor, an enterprise, window staff and
the office, at 390×844 (a phone) and 1366×768 (an office laptop), no page scrolls sideways
(documentElement.scrollWidth ≤ innerWidth), the header keeps to one row at 1366 px (a long role name is cut with
an ellipsis) and folds behind a menu button at 390 px; a screenshot of each page and size goes to pytest's tmp_path.
An enterprise sees no office menu entry and gets the styled 403 (Chinese, inside the page layout) on /indicators/."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import PASSWORD, login

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}

SETUP = f"""
from zhichan.core.models import Organization, User
from zhichan.navigation.actions import do_create_database
from zhichan.services.actions import do_open_case
from zhichan.services.models import Window
firm = Organization.objects.create(name="徐州云图智能科技有限公司（江苏省徐州市泉山区高新技术产业开发区分公司）",
                                   kind="enterprise")
member = User.objects.create_user("layout-firm", password="{PASSWORD}", role="enterprise", organization=firm)
staff = User.objects.create_user("layout-staff", password="{PASSWORD}", role="staff")
for window in Window.objects.all():
    window.staff.add(staff)
office = User.objects.create_user("layout-office-zhangweiguo", password="{PASSWORD}", role="office")
for kind in ("preexam_entity", "preexam"):
    do_open_case(member, kind)
do_create_database(office, "虚拟现实", ["TI=虚拟现实"])
"""

QUERY = "/search/?q=TI%3D%E6%96%B9%E6%B3%95"  # TI=方法

PAGES = {
    None: {"home": "/", "catalogue": "/services/catalogue/", "statistics": "/public/statistics/", "login": "/login/"},
    "layout-firm": {"home": "/", "search": QUERY, "patents": "/patents/", "services": "/services/catalogue/",
                    "my-cases": "/services/my/", "alerts": "/search/alerts/"},
    "layout-staff": {"home": "/", "search": QUERY, "patents": "/patents/", "services": "/services/catalogue/",
                     "workbench": "/services/work/", "indicators": "/indicators/?city=320300"},
    "layout-office-zhangweiguo": {
        "home": "/", "search": QUERY, "patents": "/patents/", "indicators": "/indicators/?city=320300",
        "plans": "/indicators/plans/", "navigation": "/navigation/", "services": "/services/catalogue/",
        "workbench": "/services/work/", "import": "/patents/import/", "statistics": "/services/stats/",
        "places": "/patents/places/?unplaced_of=100000", "nation": "/indicators/?city=100000"},
}
OFFICE_MENU = ["#menu-indicators", "#menu-plans", "#menu-navigation", "#menu-import"]


@pytest.fixture(scope="module")
def data(server):
    server.cli("demo", "--size", "800", "--city", "徐州市")
    server.cli("indicators", "compute", "--city", "徐州市", "--as-of", "2025-12-31")
    server.cli("shell", "-c", SETUP)
    return server


def open_as(browser, server, username, viewport):
    if username is None:
        return browser.new_context(locale="zh-CN", viewport=viewport).new_page()
    return login(browser, server, username, viewport=viewport)


def overflow(page) -> dict:
    """How far the page is wider than the window, and the widest elements sticking out (for the failure message)."""
    return page.evaluate("""() => {
        const width = window.innerWidth, doc = document.documentElement;
        const out = [];
        if (doc.scrollWidth > width) {
            for (const el of document.body.querySelectorAll("*")) {
                const r = el.getBoundingClientRect();
                if (r.right > width + 1 && r.width > 0) {
                    out.push(`${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}` +
                             `${el.className && typeof el.className === "string" ? "." + el.className.trim().split(/\\s+/).join(".") : ""}` +
                             ` right=${Math.round(r.right)}`);
                }
            }
        }
        return {scrollWidth: doc.scrollWidth, innerWidth: width, culprits: out.slice(0, 8)};
    }""")


def header_rows(page) -> int:
    """How many rows the visible top-bar items take (by their top edges)."""
    return page.evaluate("""() => {
        const tops = new Set();
        for (const el of document.querySelectorAll(".topbar .brand, .topbar nav a, .topbar .user > *, .menu-button")) {
            const r = el.getBoundingClientRect();
            if (r.width > 0 && r.height > 0) tops.add(Math.round(r.top + r.height / 2));
        }
        const rows = [...tops].sort((a, b) => a - b);
        return rows.filter((t, i) => i === 0 || t - rows[i - 1] > 12).length;
    }""")


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["390", "1366"])
def test_main_pages_fit_the_screen(data, browser, tmp_path, viewport):
    from playwright.sync_api import expect

    server = data
    too_wide = []
    for username, pages in PAGES.items():
        page = open_as(browser, server, username, viewport)
        role = username or "anonymous"
        for name, path in pages.items():
            response = page.goto(f"{server}{path}")
            assert response.status < 400, (role, path, response.status)
            page.wait_for_load_state("load")
            page.wait_for_timeout(200)  # charts draw after load
            page.screenshot(path=str(tmp_path / f"{role}-{name}-{viewport['width']}.png"), full_page=True)
            measured = overflow(page)
            if measured["scrollWidth"] > measured["innerWidth"]:
                too_wide.append(f"{role} {path}: {measured}")
            if viewport is PHONE:  # the header: one row with the menu button, the menu folded
                expect(page.locator("#menu-button")).to_be_visible()
                expect(page.locator("#site-menu")).to_be_hidden()
                assert page.locator(".topbar").bounding_box()["height"] < 70, (role, path)
            else:  # one row, no menu button
                expect(page.locator("#menu-button")).to_be_hidden()
                assert header_rows(page) == 1, (role, path)
        page.context.close()
    assert not too_wide, "pages wider than the window:\n" + "\n".join(too_wide)


def test_the_menu_button_opens_the_menu_on_a_phone(data, browser, tmp_path):
    from playwright.sync_api import expect

    page = login(browser, data, "layout-office-zhangweiguo", viewport=PHONE)
    expect(page.locator("#menu-indicators")).to_be_hidden()
    page.click("#menu-button")
    expect(page.locator("#menu-button")).to_have_attribute("aria-expanded", "true")
    for entry in ["#menu-search", "#menu-indicators", "#menu-import", "#account-link"]:
        expect(page.locator(entry)).to_be_visible()
    page.screenshot(path=str(tmp_path / "office-menu-open-390.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.keyboard.press("Escape")
    expect(page.locator("#menu-indicators")).to_be_hidden()
    page.click("#menu-button")
    page.click("#menu-navigation")
    expect(page).to_have_url(f"{data}/navigation/")
    expect(page.locator("#menu-navigation")).to_be_hidden()  # a new page starts folded


def test_a_long_role_name_is_cut_not_wrapped(data, browser):
    page = login(browser, data, "layout-office-zhangweiguo", viewport=LAPTOP)
    account = page.locator("#account-link")
    assert "知识产权局工作人员" in account.inner_text()
    assert account.evaluate("el => getComputedStyle(el).textOverflow") == "ellipsis"
    assert account.evaluate("el => el.scrollWidth > el.clientWidth")  # cut: the full name is in its title
    assert "知识产权局工作人员" in account.get_attribute("title")
    assert header_rows(page) == 1


def test_enterprise_sees_no_office_menu_and_a_styled_403(data, browser, tmp_path):
    from playwright.sync_api import expect

    for viewport in (LAPTOP, PHONE):
        page = login(browser, data, "layout-firm", viewport=viewport)
        expect(page.get_by_role("heading", name="我的工作台")).to_be_visible()
        for entry in OFFICE_MENU:
            expect(page.locator(entry)).to_have_count(0)
        expect(page.locator("#home-cases")).to_contain_text("预审")
        response = page.goto(f"{data}/indicators/")
        assert response.status == 403
        expect(page.get_by_role("heading", name="没有权限访问此页面")).to_be_visible()
        expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
        expect(page.locator(".topbar .brand")).to_be_visible()  # the page layout, not a bare text
        expect(page.locator("#error-403 a.button")).to_have_attribute("href", "/")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        page.screenshot(path=str(tmp_path / f"enterprise-403-{viewport['width']}.png"), full_page=True)
        page.click("#error-403 a.button")
        expect(page.get_by_role("heading", name="我的工作台")).to_be_visible()
        page.context.close()


def test_the_header_fits_in_english_too(data, browser):
    """English labels are longer: where the menu does not fit in one row it folds behind the button (js/menu.js)
    rather than wrapping or widening the page."""
    from playwright.sync_api import expect

    page = login(browser, data, "office", viewport=LAPTOP)  # the administrator: the longest menu
    page.select_option("select[name=language]", "en")  # submits on change
    expect(page.locator("html")).to_have_attribute("lang", "en")
    for width in (1366, 1180, 1600):
        page.set_viewport_size({"width": width, "height": 768})
        page.wait_for_timeout(100)
        assert header_rows(page) == 1, width
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), width
    expect(page.locator("#menu-search")).to_have_text("Search")
