"""The agency registry in a real browser: the office records a credit event on an agency's file and publishes the
year's grades; a visitor, not signed in, finds the agency by its grade in the public directory at /agencies/ and
reads the grade, the event behind it and the filings chart on its page (no console or CSP error on the way)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e

SETUP = """
from zhichan.agencies.actions import do_save_agency
do_save_agency(None, {"name": "徐州市浏览器专利代理事务所", "licence_number": "32777", "address": "江苏省徐州市泉山区"})
do_save_agency(None, {"name": "南京市另一专利代理事务所", "licence_number": "32778"})
"""


def test_office_publishes_a_grade_and_a_visitor_finds_it(server, browser):
    from playwright.sync_api import expect

    server.cli("shell", "-c", SETUP)
    today = dt.date.today()
    office = login(browser, server, "office")
    office.goto(f"{server}/agencies/office/?q=浏览器")
    office.locator("#agency-registry a").first.click()
    form = office.locator("#event-form")
    form.locator("[name=code]").select_option("caseload_excess")
    form.locator("[name=occurred_on]").fill(today.isoformat())
    form.locator("[name=evidence]").fill("2026 年人均代理量为同类机构的 6 倍，未作说明")
    form.locator("button").click()
    expect(office.locator("#credit-events tbody tr")).to_have_count(1)
    office.goto(f"{server}/agencies/credit/rules/")
    office.locator("#grades-form [name=period]").fill(str(today.year))
    office.locator("#grades-form button").click()

    visitor = browser.new_context(locale="zh-CN").new_page()
    visitor.goto(f"{server}/")
    visitor.click("#portal-agencies")
    visitor.locator("#agency-search [name=grade]").select_option("B")
    visitor.locator("#agency-search button").click()
    rows = visitor.locator("#agency-directory tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("徐州市浏览器专利代理事务所")
    expect(rows.first.locator(".grade")).to_contain_text("B")
    rows.first.locator("a").click()
    expect(visitor.locator("#agency-grade")).to_contain_text("85.0")
    expect(visitor.locator("#agency-grade")).to_contain_text("人均代理量远超正常水平且无合理说明")
    expect(visitor.locator("#agency-facts")).to_contain_text("泉山区")
