"""存量专利盘活 in a real browser, two people: a university's user imports its valid patents from the platform,
self-rates one, reads the grade's explanation and pushes it; the enterprise holding a similar patent finds it under
推送给我的专利 with the reason it was pushed and answers 有意向; the university's page counts the answer."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import PASSWORD, login

pytestmark = pytest.mark.e2e

SETUP = f"""
import datetime as dt
from zhichan.core.models import Organization, User
from zhichan.patents import record as rec
from zhichan.patents.ingest.loader import Loader
from zhichan.patents.models import ImportFile, ImportRun
from zhichan.patents.numbers import cn_check_character
from zhichan.search import sync

def record(serial, holder, title):
    digits = f"20201{{serial:07d}}"
    return rec.PatentRecord(key=f"CN{{digits}}.{{cn_check_character(digits)}}", country="CN", patent_type=rec.INVENTION,
        title=title, abstract=title + "，低温下容量保持率高。", filing_date=dt.date(2020, 3, 1),
        grant_date=dt.date(2022, 5, 1), legal_status="valid", main_ipc="H01M4/131", ipc=["H01M4/131"],
        parties=[rec.PartyRecord(rec.APPLICANT, holder, country="CN")])

loader = Loader(ImportFile.objects.create(run=ImportRun.objects.create(), name="e2e", sha256="e2e", format="test"))
loader.store(loader.group([record(1, "中国矿业大学", "一种低温锂电池正极材料及其制备方法"),
                           record(2, "徐州浏览器电池有限公司", "一种锂电池正极材料"),
                           record(3, "徐州工程机械有限公司", "一种挖掘机臂架")]))
sync.rebuild()
university = Organization.objects.create(name="中国矿业大学", kind="university")
User.objects.create_user("prof", password="{PASSWORD}", role="enterprise", organization=university)
firm = Organization.objects.create(name="徐州浏览器电池有限公司", kind="enterprise")
User.objects.create_user("battery", password="{PASSWORD}", role="enterprise", organization=firm)
"""


def test_a_university_pushes_a_graded_patent_and_the_enterprise_answers(server, browser):
    from playwright.sync_api import expect

    server.cli("shell", "-c", SETUP)
    prof = login(browser, server, "prof")
    prof.goto(f"{server}/market/stock/")
    prof.click("#import-platform")
    expect(prof.locator("#count-created")).to_have_text("1")
    prof.goto(f"{server}/market/stock/")
    rows = prof.locator("#stock-rows tbody tr")
    expect(rows).to_have_count(1)
    rows.first.locator("a").click()
    rating = prof.locator("#stock-rating")
    rating.locator("[name=prospects]").select_option("5")
    rating.locator("[name=trl]").select_option("9")
    prof.click("#save-rating")
    expect(prof.locator("#indicator-self")).to_contain_text("TRL 9")
    expect(prof.locator("#indicator-term")).to_contain_text("2040-03-01")
    expect(prof.locator("#stock-grade")).to_have_text(re.compile(r"^[AB]$"))
    prof.click("#push")
    expect(prof.locator(".push-row")).to_have_count(1)
    expect(prof.locator(".push-row")).to_contain_text("徐州浏览器电池有限公司")
    expect(prof.locator("#stock-status")).to_have_text("推广中")

    firm = login(browser, server, "battery")
    firm.goto(f"{server}/market/pushed/")
    card = firm.locator("section.pushed")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("一种低温锂电池正极材料及其制备方法")
    expect(card.locator(".push-why")).to_contain_text("锂电池正极材料")
    card.locator("[name=interest]").select_option("interested")
    card.locator("[name=reason]").select_option("fits")
    card.locator("[name=note]").fill("请联系技术转移中心")
    card.locator("button[type=submit]").click()
    expect(firm.locator("section.pushed .push-answer")).to_contain_text("有意向")

    prof.reload()
    expect(prof.locator("#push-counts")).to_contain_text("有意向 1")
    expect(prof.locator(".push-row .push-interest")).to_have_text("有意向")
