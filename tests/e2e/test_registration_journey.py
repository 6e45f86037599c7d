"""The front door in a real browser: a visitor finds registration on the portal, registers an enterprise with its
统一社会信用代码 (a wrong check character is refused first, keeping what was typed), is signed in but may not apply
while the organisation awaits 实名核验; the office verifies it; the enterprise user can then open a service window
(the window's own forms are tested in test_service_journey.py)."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e

CODE = "91320300MA1W8K2L5P"
PASSWORD = "Yuntu-e2e-2026"


def test_a_visitor_registers_an_enterprise_the_office_verifies_it(server, browser):
    from playwright.sync_api import expect

    visitor = browser.new_context(locale="zh-CN").new_page()
    visitor.goto(f"{server}/")
    expect(visitor.locator("#portal h1")).to_contain_text("知识产权公共服务平台")
    expect(visitor.locator("#portal-services a").first).to_be_visible()
    visitor.click("#register-link")
    expect(visitor.get_by_role("heading", name="注册账号")).to_be_visible()

    visitor.select_option("select[name=account_type]", "enterprise")
    visitor.fill("input[name=org_name]", "徐州云图智能科技有限公司")
    visitor.fill("input[name=credit_code]", CODE[:-1] + "Q")  # a wrong check character
    visitor.fill("input[name=name]", "张伟")
    visitor.fill("input[name=email]", "zhang@example.com")
    visitor.fill("input[name=username]", "yuntu")
    visitor.fill("input[name=password1]", PASSWORD)
    visitor.fill("input[name=password2]", PASSWORD)
    visitor.click("#register-form button[type=submit]")
    expect(visitor.locator("#field-credit_code .error")).to_contain_text("校验位错误")
    expect(visitor.locator("input[name=org_name]")).to_have_value("徐州云图智能科技有限公司")
    expect(visitor.locator("input[name=username]")).to_have_value("yuntu")

    visitor.fill("input[name=credit_code]", CODE)
    visitor.fill("input[name=password1]", PASSWORD)
    visitor.fill("input[name=password2]", PASSWORD)
    visitor.click("#register-form button[type=submit]")
    expect(visitor.locator("#pending-notice")).to_be_visible()

    # signed in, but no service window until the office has verified the organisation
    refused = visitor.goto(f"{server}/services/my/")
    assert refused.status == 403

    office = login(browser, server)
    office.goto(f"{server}/accounts/organizations/")
    office.click("text=徐州云图智能科技有限公司")
    expect(office.locator("#org-status")).to_have_text("待核验")
    office.fill("#verify-form input[name=verify-note]", "营业执照核对一致")
    office.click("#verify-form button[type=submit]")
    expect(office.locator("#org-status")).to_have_text("已核验")

    opened = visitor.goto(f"{server}/services/my/")
    assert opened.status == 200
    apply = visitor.locator("#apply-preexam_entity")
    expect(apply).to_be_visible()
    with visitor.expect_navigation() as navigation:
        apply.click()
    assert navigation.value.status < 400 and "/services/" in visitor.url
    visitor.goto(f"{server}/accounts/profile/")
    expect(visitor.locator("#org-status")).to_have_text("已核验")
