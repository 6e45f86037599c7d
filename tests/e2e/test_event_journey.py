"""A matchmaking event (对接会) in a real browser: the office announces it and puts an enterprise's demand on the
agenda; the enterprise registers and gets its QR code; staff open the check-in page (the address the QR code holds)
and check the person in; the office records the follow-up, and the statistics show one attendee."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest

from tests.e2e.conftest import PASSWORD, login

pytestmark = pytest.mark.e2e

SETUP = f"""
import datetime as dt
from zhichan.core.models import Organization, User
from zhichan.market import actions
firm = Organization.objects.create(name="徐州云图智能科技有限公司", kind="enterprise")
user = User.objects.create_user("firm", password="{PASSWORD}", role="enterprise", organization=firm,
                                last_name="张", first_name="三")
actions.do_save_demand(user, None, {{"title": "高镍正极材料改性", "summary": "寻求循环寿命提升方案", "mode": "joint_rd",
                                    "deadline": dt.date.today() + dt.timedelta(days=30)}}, publish=True)
"""
TITLE = "新能源汽车产业链供需对接会"


def test_office_publishes_enterprise_registers_staff_check_in_office_follows_up(server, browser):
    from playwright.sync_api import expect

    server.cli("shell", "-c", SETUP)
    start = dt.datetime.now(ZoneInfo("Asia/Shanghai")) + dt.timedelta(minutes=30)  # check-in is open
    office = login(browser, server, "office")
    office.goto(f"{server}/events/office/")
    office.click("#new-event")
    form = office.locator("#event-form")
    form.locator("[name=kind]").select_option("matchmaking")
    form.locator("[name=title]").fill(TITLE)
    form.locator("[name=place]").fill("徐州市科技大厦三楼报告厅")
    form.locator("[name=starts_at]").fill(f"{start:%Y-%m-%dT%H:%M}")
    form.locator("[name=ends_at]").fill(f"{start + dt.timedelta(hours=3):%Y-%m-%dT%H:%M}")
    form.locator("[name=capacity]").fill("50")
    form.locator("button[type=submit]").click()
    office.click("#publish-event")
    expect(office.locator("#event-status")).to_have_text("已发布")
    office.locator("#item-form [name=demand]").select_option(label="高镍正极材料改性（徐州云图智能科技有限公司）")
    office.locator("#item-form button").click()
    expect(office.locator("#event-items")).to_contain_text("高镍正极材料改性")

    firm = login(browser, server, "firm")
    firm.goto(f"{server}/events/?kind=matchmaking")
    firm.locator("#upcoming-events a", has_text=TITLE).click()
    agenda = firm.locator("#event-agenda a.item-link")
    expect(agenda).to_have_text("高镍正极材料改性")
    expect(agenda).to_have_attribute("href", re.compile(r"^/market/demands/\d+/$"))
    expect(firm.locator("#register-form [name=name]")).to_have_value("张三")
    firm.locator("#register-form [name=phone]").fill("13800000000")
    firm.locator("#register-form [name=role]").fill("技术总监")
    firm.locator("#register-form button").click()
    expect(firm.locator("#my-registrations .status")).to_have_text("已报名")
    qr = firm.locator("#my-registrations img.qr")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")  # the server drew the code

    office.goto(f"{server}/events/")
    office.locator("#upcoming-events a", has_text=TITLE).click()
    office.click("#manage-event")
    office.locator("#registrations a", has_text="签到").click()  # the page the QR code opens
    expect(office.locator("#checkin-person")).to_contain_text("张三")
    expect(office.locator("#checkin-person")).to_contain_text("徐州云图智能科技有限公司")
    office.locator("#checkin-form button").click()
    expect(office.locator("#checked-in")).to_contain_text("已签到")

    office.locator("main a", has_text=TITLE).first.click()
    follow = office.locator("#follow-up-form")
    follow.locator("[name=item]").select_option(index=1)
    follow.locator("[name=outcome]").select_option("intent")
    follow.locator("[name=amount_wan]").fill("120")
    follow.locator("[name=note]").fill("约定下周到企业实地考察")
    follow.locator("button").click()
    expect(office.locator("#follow-ups")).to_contain_text("达成意向")
    expect(office.locator("#event-figures .attended")).to_have_text("1")
    expect(office.locator("#event-figures .attendance-rate")).to_have_text("100%")
    expect(office.locator("#event-figures .outcome-intent")).to_have_text("1")
    expect(office.locator("#event-figures .amount")).to_have_text("120")
    firm.reload()
    expect(firm.locator("#my-registrations .checked-in")).to_contain_text("已签到")
