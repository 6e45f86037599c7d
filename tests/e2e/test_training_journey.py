"""A lecture with 学时 in a real browser: the office announces it with 3 professional hours; a person registers;
staff check them in; the person sees the hours credited on 我的学时 (short of the yearly 90), downloads the
certificate (PDF), and anyone verifies its code on the public page."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tests.e2e.conftest import PASSWORD, login
from tests.pdftext import pdf_text

pytestmark = pytest.mark.e2e

SETUP = f"""
from zhichan.core.models import Organization, User
firm = Organization.objects.create(name="徐州云图智能科技有限公司", kind="enterprise")
User.objects.create_user("learner", password="{PASSWORD}", role="enterprise", organization=firm,
                         last_name="张", first_name="三")
"""
TITLE = "专利检索实务讲座"


def test_a_person_attends_a_lecture_and_gets_hours_and_a_certificate_that_verifies(server, browser):
    from playwright.sync_api import expect

    server.cli("shell", "-c", SETUP)
    start = dt.datetime.now(ZoneInfo("Asia/Shanghai")) + dt.timedelta(minutes=30)  # check-in is open
    office = login(browser, server, "office")
    office.goto(f"{server}/events/office/")
    office.click("#new-event")
    form = office.locator("#event-form")
    form.locator("[name=kind]").select_option("lecture")
    form.locator("[name=title]").fill(TITLE)
    form.locator("[name=place]").fill("徐州市知识产权保护中心")
    form.locator("[name=starts_at]").fill(f"{start:%Y-%m-%dT%H:%M}")
    form.locator("[name=ends_at]").fill(f"{start + dt.timedelta(hours=3):%Y-%m-%dT%H:%M}")
    form.locator("[name=hours]").fill("3")
    form.locator("[name=hours_category]").select_option("professional")
    form.locator("button[type=submit]").click()
    office.click("#publish-event")
    expect(office.locator("#event-status")).to_have_text("已发布")

    learner = login(browser, server, "learner")
    learner.goto(f"{server}/events/?kind=lecture")
    learner.locator("#upcoming-events a", has_text=TITLE).click()
    expect(learner.locator("#event-hours")).to_contain_text("3")
    expect(learner.locator("#event-hours")).to_contain_text("专业科目")
    learner.locator("#register-form [name=phone]").fill("13800000000")
    learner.locator("#register-form button").click()
    expect(learner.locator("#my-registrations .status")).to_have_text("已报名")

    office.reload()  # the registration came after the page was drawn
    office.locator("#registrations a", has_text="签到").click()
    expect(office.locator("#checkin-person")).to_contain_text("张三")
    office.locator("#checkin-form button").click()
    expect(office.locator("#checked-in")).to_contain_text("已签到")

    learner.click("#nav-hours")
    expect(learner).to_have_url(f"{server}/training/hours/")  # 我的学时 under /training/ (issue 17)
    expect(learner.locator("#hours-summary .professional")).to_have_text("3")
    expect(learner.locator("#hours-summary .general")).to_have_text("0")
    expect(learner.locator("#hours-summary .total")).to_have_text("3")
    expect(learner.locator("#hours-verdict")).to_contain_text("总学时不足 90")
    expect(learner.locator("#my-credits")).to_contain_text(TITLE)
    with learner.expect_download() as download:
        learner.locator("#my-credits a.certificate").click()
    pdf = download.value
    assert pdf.suggested_filename.startswith("certificate-") and pdf.suggested_filename.endswith(".pdf")
    text = pdf_text(Path(pdf.path()).read_bytes())
    assert "张三" in text and TITLE in text.replace("\n", "")
    code = re.search(r"\b([A-HJ-NP-Z2-9]{12})\b", text).group(1)

    visitor = browser.new_context(locale="zh-CN").new_page()  # not signed in
    visitor.goto(f"{server}/events/verify/")
    visitor.locator("#verify-form [name=code]").fill(code)
    visitor.locator("#verify-form button").click()
    result = visitor.locator("#verify-result")
    expect(result).to_contain_text("证书有效")
    expect(result.locator(".name")).to_have_text("张三")
    expect(result.locator(".event")).to_have_text(TITLE)
    expect(result.locator(".hours")).to_have_text("3")
