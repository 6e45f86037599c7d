"""双随机、一公开 in a real browser: the office creates a plan, draws with a seed it chooses (the command line gives the
same draw from that seed), records the findings of every drawn agency, publishes; a visitor, not signed in, finds
the results and the seed on the public page."""

from __future__ import annotations

import json

import pytest

from tests.e2e.conftest import PASSWORD, login

pytestmark = pytest.mark.e2e

SETUP = f"""
from zhichan.agencies import inspection_actions as ia
from zhichan.agencies.models import Agency
from zhichan.core.models import User
for i, grade in enumerate(["A", "B", "D"]):
    Agency.objects.create(name=f"徐州抽查测试专利代理所{{i}}", normalized_name=f"徐州抽查测试专利代理所{{i}}", grade=grade)
for name in ("inspector1", "inspector2", "inspector3"):
    ia.do_add_inspector(None, User.objects.create_user(name, password="{PASSWORD}", role="staff"))
"""


def test_office_draws_records_publishes_and_a_visitor_sees_it(server, browser):
    from playwright.sync_api import expect

    server.cli("shell", "-c", SETUP)
    office = login(browser, server, "office")
    office.goto(f"{server}/inspections/")
    form = office.locator("#plan-form")
    form.locator("[name=name]").fill("2026年度专利代理机构双随机抽查")
    form.locator("[name=ratio_percent]").fill("100")
    form.locator("[name=publish_by]").fill("2026-12-31")
    form.locator("button").click()
    expect(office.locator("#plan-state")).to_have_text("待抽取")

    office.locator("#draw-form [name=seed]").fill("20261127")
    office.click("#draw-button")
    expect(office.locator("#plan-seed")).to_have_text("20261127")
    rows = office.locator("#inspections tbody tr")
    expect(rows).to_have_count(3)
    plan_url = office.url

    # anyone can re-run the draw from the seed: the command line gives the same objects and inspectors
    shown = json.loads(server.cli("inspections", "draw", "2026年度专利代理机构双随机抽查", "--seed", "20261127",
                                  "--json").stdout)
    assert shown["sample_size"] == 3 and all(len(o["inspectors"]) == 2 for o in shown["objects"])

    for n in range(3):
        office.goto(plan_url)
        office.locator("#inspections tbody tr a").nth(n).click()
        findings = office.locator("#findings-form")
        findings.locator("[name=f-findings]").fill("执业许可、执业信息公示、年度报告均符合规定")
        findings.locator("[name=f-result]").select_option("no_problem")
        findings.locator("[name=f-inspected_on]").fill("2026-05-06")
        office.click("#findings-button")
        expect(office.locator("#inspection-result")).to_have_text("未发现问题")

    office.goto(plan_url)
    office.click("#publish-button")
    expect(office.locator("#plan-state")).to_have_text("已公开")

    visitor = browser.new_context(locale="zh-CN").new_page()
    visitor.goto(f"{server}/public/inspections/")
    plan = visitor.locator(".public-plan")
    expect(plan).to_contain_text("2026年度专利代理机构双随机抽查")
    expect(plan).to_contain_text("20261127")
    expect(plan).to_contain_text("徐州抽查测试专利代理所0")
    expect(plan.locator("tbody tr")).to_have_count(3)
    expect(plan).to_contain_text("未发现问题")
