"""Dispute cases in a real browser: a visitor, not signed in, asks on /protection/ for an infringement dispute to be
handled; the office accepts it (立案), names a panel of three, serves the copy, gives notice of a hearing at least 5
working days ahead, holds it and decides; the 结案率 on the statistics page goes from 0% to 100%, and the case
follows by its number and query code shows the decision (no console or CSP error on the way)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.e2e.conftest import PASSWORD, login

pytestmark = pytest.mark.e2e

SETUP = f"""
from zhichan.core.models import User
for name in ("judge1", "judge2", "judge3"):
    User.objects.create_user(name, password="{PASSWORD}", role="staff")
"""


def _act(page, name: str, values: dict[str, str]) -> None:
    form = page.locator(f"#action-{name}")
    for field, value in values.items():
        control = form.locator(f"[name={name}-{field}]")
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(value)
        else:
            control.fill(value)
    form.locator("button").click()


def test_a_request_filed_publicly_is_heard_decided_and_counted(server, browser):
    from playwright.sync_api import expect

    from zhichan.protection import clocks, flow

    server.cli("shell", "-c", SETUP)
    visitor = browser.new_context(locale="zh-CN").new_page()
    visitor.goto(f"{server}/protection/")
    visitor.click("#file-link")
    visitor.locator("[name=kind][value=adjudication]").check()
    visitor.fill("[name=title]", "起重机臂架专利侵权纠纷")
    visitor.fill("[name=claims]", "被请求人制造、销售的起重机臂架落入 ZL202310000001 的保护范围，请求责令停止侵权。")
    visitor.fill("[name=requester]", "徐州乙重工有限公司")
    visitor.fill("[name=respondent]", "徐州甲机械有限公司")
    visitor.fill("[name=contact]", "0516-12345678")
    visitor.click("#protection-submit")
    number = visitor.locator("#case-number").inner_text()
    code = visitor.locator("#case-code").inner_text()
    assert number.startswith("CJ")

    office = login(browser, server, "office")
    office.goto(f"{server}/protection/office/stats/")
    expect(office.locator("#total-rate")).to_have_text("—")  # nothing accepted yet this year
    office.goto(f"{server}/protection/office/")
    office.get_by_role("link", name=number).click()
    expect(office.locator("#case-state")).to_have_text("待立案")
    _act(office, "accept", {})
    expect(office.locator("#case-state")).to_have_text("已立案")
    office.fill("[name=panel-members]", "judge1\njudge2\njudge3|某大学")
    office.fill("[name=panel-chief]", "judge1")
    office.locator("#panel-form button").click()
    expect(office.locator("#panel li")).to_have_count(3)

    today = dt.date.today()
    _act(office, "serve", {"served_on": today.isoformat()})
    expect(office.locator("#defence-due")).to_have_text(clocks.due(today, flow.DEFENCE).isoformat())
    too_soon = clocks.due(today, flow.HEARING_NOTICE) - dt.timedelta(days=1)
    _act(office, "schedule", {"hearing_on": too_soon.isoformat(), "place": "第一审理庭"})
    expect(office.locator("#action-schedule .error")).to_contain_text(clocks.due(today, flow.HEARING_NOTICE)
                                                                      .isoformat())
    hearing = clocks.due(today, flow.HEARING_NOTICE).isoformat()
    _act(office, "schedule", {"hearing_on": hearing, "place": "第一审理庭"})
    expect(office.locator("#case-hearing")).to_contain_text(hearing)
    _act(office, "hear", {"record": "双方到庭陈述意见，进行了技术比对。"})
    expect(office.locator("#case-state")).to_have_text("已口头审理")

    office.goto(f"{server}/protection/office/stats/")
    expect(office.locator("#total-accepted")).to_have_text("1")
    expect(office.locator("#total-rate")).to_have_text("0%")
    office.go_back()
    _act(office, "decide", {"finding": "成立", "decision": "责令被请求人立即停止制造、销售侵权产品。"})
    expect(office.locator("#case-state")).to_have_text("已裁决")
    expect(office.locator("#decision-docx")).to_be_visible()
    office.goto(f"{server}/protection/office/stats/")
    expect(office.locator("#total-closed")).to_have_text("1")
    expect(office.locator("#total-rate")).to_have_text("100%")

    visitor.goto(f"{server}/protection/follow/")
    visitor.fill("[name=number]", number)
    visitor.fill("[name=code]", code)
    visitor.locator("#follow-form button").click()
    expect(visitor.locator("#follow-state")).to_have_text("已裁决")
    expect(visitor.locator("#follow-result")).to_contain_text("责令被请求人立即停止制造、销售侵权产品。")


ENTERPRISE = "徐州乙重工有限公司"
WATCH_SETUP = f"""
from zhichan.core.models import Organization, User
firm = Organization.objects.create(name="{ENTERPRISE}", kind="enterprise")
User.objects.create_user("ent_watch", password="{PASSWORD}", role="enterprise", organization=firm)
"""


def _export(path, key: str, status: str) -> str:
    """A small export as the offices receive them (CSV, the vendors' Chinese headers, the export's date in its name:
    the day its status words describe), one granted patent."""
    path.write_text("申请号,标题,申请日,授权日,法律状态,申请人\n"
                    f"{key},一种起重机伸缩臂架,2020-03-02,2021-05-07,{status},{ENTERPRISE}\n", encoding="utf-8")
    return str(path)


def test_a_watched_patent_lapses_in_an_import_and_the_enterprise_is_alerted(server, browser, tmp_path):
    from playwright.sync_api import expect

    from zhichan.patents.numbers import cn_check_character

    digits = "202010150001"
    key = f"CN{digits}.{cn_check_character(digits)}"
    server.cli("shell", "-c", WATCH_SETUP)
    today = dt.date.today()
    earlier = today - dt.timedelta(days=30)
    server.cli("import", _export(tmp_path / f"{earlier:%Y%m%d}--有效.csv", key, "有效"))

    firm = login(browser, server, "ent_watch")
    firm.goto(f"{server}/protection/watch/")
    firm.fill("[name=name]", "核心专利")
    firm.locator("#watch-list-form button").click()
    firm.locator("[name=kind]").select_option("patent")
    firm.fill("[name=value]", key)
    firm.locator("#watch-item-form button").click()
    expect(firm.locator("#watch-items")).to_contain_text(key)
    expect(firm.locator("#watch-events")).to_contain_text("暂无预警事件")
    watch_page = firm.url

    server.cli("import", _export(tmp_path / f"{today:%Y%m%d}--终止.csv", key, "未缴年费专利权终止"))  # drained at its end
    firm.goto(f"{server}/")
    expect(firm.locator("#notification-badge")).to_have_text("1")
    firm.locator("#notifications-link").click()
    alert = firm.locator("#notification-table a").first
    expect(alert).to_contain_text("核心专利")
    expect(alert).to_contain_text("高风险 1 条")
    alert.click()
    assert firm.url.split("#")[0] == watch_page
    row = firm.locator("#watch-events tbody tr").first
    expect(row).to_contain_text("专利权终止或失效")
    expect(row).to_contain_text(key)
    expect(row).to_contain_text("高")
