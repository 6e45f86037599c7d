"""The deals register in a real browser: the office records a licence deal of a patent from the register's page,
sees it on the deal page and the patent page, and the 知识产权交易额 figure of the dashboard, computed again, grows by
its amount (万元 → 亿元)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e


def _transactions(page, server, today: str) -> float:
    """The 知识产权交易额 (亿元) of 徐州市 on the dashboard, computed now: its cell links to the deals behind it."""
    from playwright.sync_api import expect

    page.goto(f"{server}/indicators/?city=320300&as_of={today}")
    page.click("#compute-button")
    expect(page.locator("#indicator-table")).to_be_visible()
    cell = page.locator("#indicator-table tr[data-region='320300'] a[href*='group=traded']").first
    return float(cell.inner_text())


def test_record_a_licence_deal_and_see_the_transaction_value_change(server, browser):
    from playwright.sync_api import expect

    server.cli("demo", "--size", "200", "--city", "徐州市")
    today = dt.date.today().isoformat()
    page = login(browser, server)
    before = _transactions(page, server, today)

    page.goto(f"{server}/patents/")
    key = page.locator("a[href^='/patents/CN']").first.inner_text().strip()
    page.goto(f"{server}/deals/")
    page.click("#new-deal")
    page.select_option("#id_kind", "licence")
    page.select_option("#id_licence_type", "exclusive")
    page.fill("#id_patent", "CN202099999999.9")  # not on the platform: refused, the rest of the form kept
    page.fill("#id_from_name", "徐州云图智能科技有限公司")
    page.fill("#id_to_name", "南京别家科技有限公司")
    page.fill("#id_amount_wan", "250")
    page.fill("#id_effective_on", today)
    page.fill("#id_region", "徐州市泉山区")
    page.click("#save-deal")
    expect(page.locator("#field-id_patent .error")).to_be_visible()
    expect(page.locator("#id_to_name")).to_have_value("南京别家科技有限公司")
    expect(page.locator("#id_amount_wan")).to_have_value("250")
    page.fill("#id_patent", key)
    page.click("#save-deal")
    expect(page.locator("#deal-amount")).to_have_text("250")
    expect(page.locator("#patent-link")).to_have_text(key)

    page.click("#patent-link")
    expect(page.locator("#patent-deals")).to_contain_text("250")

    after = _transactions(page, server, today)
    assert round(after - before, 8) == 0.025  # 250 万元 = 0.025 亿元
