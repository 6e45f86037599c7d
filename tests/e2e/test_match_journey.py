"""Matching in a real browser, two organisations: an enterprise publishes a technology demand; the matching job (run
by the server's worker) stores the best patents with their reasons; the enterprise reads why each matched; the
registered holder of the best patent finds the demand under 匹配给我的需求 with the same reasons and the details,
and answers 有意向; the enterprise's page shows the answer."""

from __future__ import annotations

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

def record(serial, holder, title, ipc):
    digits = f"20201{{serial:07d}}"
    return rec.PatentRecord(key=f"CN{{digits}}.{{cn_check_character(digits)}}", country="CN", patent_type=rec.INVENTION,
        title=title, abstract=title + "。", filing_date=dt.date(2020, 3, 1), grant_date=dt.date(2022, 5, 1),
        legal_status="valid", main_ipc=ipc, ipc=[ipc], parties=[rec.PartyRecord(rec.APPLICANT, holder, country="CN")])

loader = Loader(ImportFile.objects.create(run=ImportRun.objects.create(), name="e2e", sha256="e2e", format="test"))
loader.store(loader.group([record(1, "徐州匹配电池有限公司", "一种低温锂电池正极材料", "H01M4/131"),
                           record(2, "徐州工程机械有限公司", "一种挖掘机臂架", "E02F3/36")]))
sync.rebuild()
holder = Organization.objects.create(name="徐州匹配电池有限公司", kind="enterprise")
User.objects.create_user("cellmaker", password="{PASSWORD}", role="enterprise", organization=holder)
buyer = Organization.objects.create(name="徐州整车制造有限公司", kind="enterprise")
User.objects.create_user("carmaker", password="{PASSWORD}", role="enterprise", organization=buyer)
"""


def test_a_demand_is_matched_explained_and_answered(server, browser):
    from playwright.sync_api import expect

    server.cli("shell", "-c", SETUP)
    buyer = login(browser, server, "carmaker")
    buyer.goto(f"{server}/market/demands/new/")
    form = buyer.locator("#demand-form")
    form.locator("[name=title]").fill("低温锂电池正极材料")
    form.locator("[name=summary]").fill("冬季低温环境下锂电池正极材料的容量保持率不足")
    form.locator("[name=details]").fill("零下二十度循环五百次后容量保持率须高于百分之八十")
    form.locator("[name=ipc]").fill("H01M")
    form.locator("[name=mode]").select_option("license")
    form.locator("button[name=publish]").click()
    expect(buyer.locator("#demand-summary")).to_be_visible()
    demand_url = buyer.url
    matches = buyer.locator("#demand-matches li.match")
    for _ in range(60):  # the worker runs the matching job after the publication commits
        if matches.count():
            break
        buyer.wait_for_timeout(500)
        buyer.reload()
    expect(matches).to_have_count(1)  # the excavator shares neither words nor class
    expect(matches.first).to_contain_text("徐州匹配电池有限公司")
    expect(matches.first.locator("mark.shared-term").first).to_have_text("低温锂电池正极材料")
    expect(matches.first.locator("code.shared-class")).to_have_text("H01M4/131")
    expect(matches.first.locator("tr[data-factor]")).to_have_count(6)

    holder = login(browser, server, "cellmaker")
    holder.goto(f"{server}/market/demands/mine/")
    mine = holder.locator("#matched-demands li.match")
    expect(mine).to_have_count(1)
    expect(mine.first).to_contain_text("低温锂电池正极材料")
    expect(mine.first.locator("mark.shared-term").first).to_have_text("低温锂电池正极材料")
    mine.first.locator("a").first.click()
    expect(holder.locator("#details-text")).to_contain_text("零下二十度")
    holder.go_back()
    answer = holder.locator("#matched-demands .interest-form").first
    answer.locator("[name=interest]").select_option("interested")
    answer.locator("[name=note]").fill("可提供样品")
    answer.locator("button[type=submit]").click()

    buyer.goto(demand_url)
    expect(buyer.locator("#demand-matches li.match").first).to_contain_text("有意向")
    expect(buyer.locator("#demand-matches li.match").first).to_contain_text("可提供样品")
