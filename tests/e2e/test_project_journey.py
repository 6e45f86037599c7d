"""A demonstration-project call in a real browser: the office publishes a call with its rules, form, materials and
scoring sheet; two enterprises apply online (the valid-invention rule checked from the platform's patents); window
staff return one for correction (补正) and pass both after the resubmission; the office draws three experts with a
recorded seed; each expert accepts the seat with the declaration and scores both applications; the office reads the
ranking; then it approves the first with an amount and starts the 公示, the other enterprise objects and the office
answers, the 公示 ends (its dates moved into the past through the server's shell: the test's clock), the results are
published and public, the funded enterprise reports progress, the office schedules a tranche, accepts the project
against its declared target and grades it (绩效评价), and downloads the report."""

from __future__ import annotations

import datetime as dt

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
from zhichan.projects.models import Expert

def record(serial, holder):
    digits = f"20191{{serial:07d}}"
    return rec.PatentRecord(key=f"CN{{digits}}.{{cn_check_character(digits)}}", country="CN", patent_type=rec.INVENTION,
        title=f"一种矿用支架{{serial}}", filing_date=dt.date(2019, 3, 1), grant_date=dt.date(2021, 5, 1),
        legal_status="valid", main_ipc="E21D23/00", ipc=["E21D23/00"],
        parties=[rec.PartyRecord(rec.APPLICANT, holder, country="CN")])

loader = Loader(ImportFile.objects.create(run=ImportRun.objects.create(), name="e2e", sha256="e2e-projects", format="test"))
loader.store(loader.group([record(1, "徐州项目甲科技有限公司"), record(2, "徐州项目乙装备有限公司")]))
for username, name in (("firm_a", "徐州项目甲科技有限公司"), ("firm_b", "徐州项目乙装备有限公司")):
    org = Organization.objects.create(name=name, kind="enterprise")
    User.objects.create_user(username, password="{PASSWORD}", role="enterprise", organization=org)
User.objects.create_user("window", password="{PASSWORD}", role="staff")
for i in range(3):
    user = User.objects.create_user(f"reviewer{{i}}", password="{PASSWORD}", role="expert")
    Expert.objects.create(user=user, name=f"评审专家{{i}}", title="senior", years=20, birth_year=1970,
                          organization="中国矿业大学")
"""


def apply(browser, server, username: str, title: str) -> str:
    from playwright.sync_api import expect

    page = login(browser, server, username)
    page.goto(f"{server}/projects/")
    page.locator("#calls a").first.click()
    expect(page.locator("#eligibility-preview")).to_contain_text("有效发明专利 1 件")
    page.click("#apply-link")
    page.fill("[name=legal_representative]", "法人" + username)
    page.fill("[name=f1]", title)
    page.fill("[name=f2]", "120")
    page.fill("[name=f3]", "5")
    page.set_input_files("[name=file_1]", files=[{"name": "申报书.pdf", "mimeType": "application/pdf",
                                                  "buffer": b"%PDF-1.4\n% e2e\n"}])
    page.click("#submit-application")
    expect(page.locator("#application-state")).to_have_text("已提交")
    return page.url


def test_a_call_from_publication_to_ranking(server, browser):
    from playwright.sync_api import expect

    server.cli("shell", "-c", SETUP)
    today = dt.date.today()
    office = login(browser, server, "office")
    office.goto(f"{server}/projects/new/")
    form = office.locator("#call-form")
    form.locator("[name=title]").fill("2026年度知识产权示范企业")
    form.locator("[name=guide]").fill("面向本市企业")
    form.locator("[name=opens_on]").fill(today.isoformat())
    form.locator("[name=closes_on]").fill((today + dt.timedelta(days=30)).isoformat())
    form.locator("input[name=kinds][value=enterprise]").check()
    form.locator("[name=min_valid_inventions]").fill("1")
    form.locator("[name=fields_json]").fill('[{"label": "项目名称", "required": true},'
                                            ' {"label": "研发投入（万元）", "type": "number", "required": true},'
                                            ' {"label": "新增发明专利申请（件）", "type": "number", "required": true,'
                                            ' "target": true}]')
    form.locator("[name=requirements]").fill("申报书")
    form.locator("[name=panel_size]").fill("3")
    form.locator("[name=sheet_json]").fill('[{"label": "创新性", "max": 60}, {"label": "可行性", "max": 40}]')
    form.locator("[name=aggregation]").select_option("mean")
    form.locator("button").click()
    office.click("#publish-call")
    call_url = office.url

    first = apply(browser, server, "firm_a", "矿用智能支架")
    second = apply(browser, server, "firm_b", "掘进机远程控制")

    staff = login(browser, server, "window")
    staff.goto(first)
    staff.locator("#step-claim button").click()
    staff.fill("#step-return textarea[name=reasons]", "申报书缺少盖章页")
    staff.locator("#step-return button").click()
    expect(staff.locator("#application-state")).to_have_text("待补正")

    firm = login(browser, server, "firm_a")
    firm.goto(first)
    expect(firm.locator("#application-history")).to_contain_text("申报书缺少盖章页")
    firm.click("#edit-application")
    firm.set_input_files("[name=file_1]", files=[{"name": "申报书（盖章）.pdf", "mimeType": "application/pdf",
                                                  "buffer": b"%PDF-1.4\n% stamped\n"}])
    firm.click("#save-draft")
    firm.fill("#step-resubmit textarea[name=comment]", "已补盖章页")
    firm.locator("#step-resubmit button").click()
    expect(firm.locator("#application-state")).to_have_text("形式审查中")
    expect(firm.locator("#application-files")).to_contain_text("申报书（盖章）.pdf")

    for url, claimed in ((first, True), (second, False)):
        staff.goto(url)
        if not claimed:
            staff.locator("#step-claim button").click()
        staff.fill("#step-pass textarea[name=comment]", "材料齐全")
        staff.locator("#step-pass button").click()
        expect(staff.locator("#application-state")).to_have_text("形式审查合格")

    office.goto(call_url)
    office.fill("#draw-form [name=seed]", "e2e-2026")
    office.fill("#draw-form [name=size]", "3")
    office.locator("#draw-form button").click()
    expect(office.locator("#review-seed")).to_have_text("e2e-2026")
    expect(office.locator("#review-members tr")).to_have_count(3)

    for i, (p1, p2) in enumerate([("50", "30"), ("45", "35"), ("40", "20")]):
        expert = login(browser, server, f"reviewer{i}")
        expert.goto(f"{server}/experts/me/")
        expert.locator("#seats input[value=accept]").check()
        expert.fill("#seats textarea[name=declaration]", "与申请人无利害关系")
        expert.locator("#seats form button").click()
        for n, link in enumerate(["a:has-text('评分') >> nth=0", "a:has-text('评分') >> nth=1"]):
            expert.goto(f"{server}/experts/me/")
            expert.locator(f"#seats {link}").click()
            expert.fill("#score-form [name=c1]", p1 if n == 0 else "30")
            expert.fill("#score-form [name=c2]", p2 if n == 0 else "30")
            expert.locator("#score-form button").click()

    office.goto(call_url)
    office.click("#results-link")
    rows = office.locator("#results tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("73.33")  # (80 + 80 + 60) / 3 by the mean rule; the other: 60 from each
    expect(rows.nth(1)).to_contain_text("60.00")

    # approval, 公示 with an objection, publication
    office.goto(call_url)
    office.click("#decision-link")
    office.locator("#approve-form input[name^=amount_]").first.fill("50")
    office.locator("#approve-form button").click()
    expect(office.locator("#awards tbody tr")).to_have_count(1)
    office.locator("#start-publicity button").click()
    expect(office.locator("#decision-state")).to_have_text("公示中")
    decision_url = office.url

    rival = login(browser, server, "firm_a")  # the ranking put the other enterprise first (73.33)
    rival.goto(f"{server}/projects/")
    rival.locator("#calls .publicity-link").click()
    expect(rival.locator("#publicity tbody tr")).to_contain_text("徐州项目乙装备有限公司")
    rival.fill("#objection-form [name=reasons]", "申报书所列研发投入与年报不符")
    rival.locator("#objection-form button").click()
    expect(rival.locator("#my-objections")).to_contain_text("待处理")

    office.goto(decision_url)
    expect(office.locator("#publish-results button")).to_be_disabled()
    office.locator(".answer-form input[value=no]").check()
    office.fill(".answer-form [name=answer]", "经核实，研发投入数据有审计报告支持")
    office.locator(".answer-form button").click()
    expect(office.locator("#objections")).to_contain_text("异议不成立")
    server.cli("shell", "-c", "import datetime as dt\nfrom zhichan.projects.models import Decision\n"
               "t = dt.date.today()\nDecision.objects.update(publicity_start=t - dt.timedelta(days=20), "
               "publicity_end=t - dt.timedelta(days=10))")  # the test's clock: the 公示 is over
    office.goto(decision_url)
    office.locator("#publish-results button").click()
    expect(office.locator("#decision-state")).to_have_text("结果已公布")
    visitor = browser.new_page()
    visitor.goto(f"{server}/projects/")
    visitor.locator("#calls .results-link").click()
    expect(visitor.locator("#results tbody tr")).to_have_count(1)
    expect(visitor.locator("#results")).to_contain_text("50.00")

    # the funded project: progress, a tranche, acceptance and grading
    firm = login(browser, server, "firm_b")
    firm.goto(call_url)
    firm.click("#own-award")
    firm.fill("#progress-form [name=period]", "第一季度")
    firm.fill("#progress-form [name=text]", "完成样机试制")
    firm.fill("#progress-form [name=spent]", "20")
    firm.locator("#progress-form button").click()
    expect(firm.locator("#reports")).to_contain_text("完成样机试制")

    office.goto(decision_url)
    office.locator("#awards a").first.click()
    office.fill("#tranche-form [name=due_on]", today.isoformat())
    office.fill("#tranche-form [name=amount]", "60")
    office.locator("#tranche-form button").click()
    expect(office.locator("#tranche-form")).to_contain_text("50.00")  # refused: more than the grant, the room named
    office.fill("#tranche-form [name=amount]", "30")
    office.locator("#tranche-form button").click()
    expect(office.locator("#tranches")).to_contain_text("30.00")
    office.fill("#accept-form [name=f3]", "6")
    office.locator("#accept-form button").click()
    expect(office.locator("#acceptance")).to_contain_text("达到")
    expect(office.locator("#acceptance-result")).to_contain_text("验收通过")
    for name, value in (("output", "40"), ("effect", "25"), ("satisfaction", "9"), ("budget", "12")):
        office.fill(f"#evaluate-form [name={name}]", value)  # budget: 30 of 50 scheduled, 0.6 × 20
    office.locator("#evaluate-form button").click()
    expect(office.locator("#evaluation-total")).to_have_text("86.00")
    expect(office.locator("#evaluation-grade")).to_have_text("良")
    with office.expect_download() as download:
        office.click("#report-link")
    assert download.value.suggested_filename.endswith(".docx")
