"""Issue 13's done-when walk, in one go and through the pages only (the office administrator's account is the one
thing made outside them, by `zhichan createadmin` in the conftest):

a visitor opens the portal and registers an enterprise (统一社会信用代码 with its GB 32100 check character), signs
out and in again (the login form, sent once after its cookie was lost, answers the styled 表单已失效 page, whose link
leads back to it), and is told to await 实名核验 (no office menu; an office address answers the styled 403); the office
administrator verifies the organisation, creates two window users, makes one the 维权援助 supervisor and the other
the staff of the pre-examination and 维权援助 windows, and sets the pre-examination's technical fields; the enterprise
files its 专利预审主体备案, which staff approve, then a 专利预审 for that entity and a 维权援助 with a multi-line
description and two evidence files; staff take the pre-examination to 已正式提交; the supervisor 分派 the 维权援助 to
the staff member, who is told (消息), records the guidance and closes it; the enterprise sees both finished in 我的办件
and on its home page, downloads its evidence and finds a message for each step.

The enterprise and the supervisor work on a phone (390 px: the menu behind its button, no page wider than the
screen), the office and the staff member at 1366 px; a screenshot of each enterprise page goes to tmp_path."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import PASSWORD, login

pytestmark = pytest.mark.e2e

FIRM = "徐州泉润新能源科技有限公司"
CODE = "91320311MA1X7P3K2Q"  # 泉山区 (320311); Q is the GB 32100 check character
FIRM_PASSWORD = "Quanrun-e2e-2026"
APPLICATION = "CN202610123456.X"  # an invention (type digit 1) with its check character
PHONE, LAPTOP = {"width": 390, "height": 844}, {"width": 1366, "height": 768}
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
DESCRIPTION = "2026年2月发现对方网店销售仿冒我司专利产品。\n已对购买过程办理公证。\n请求指导维权。"


def act(page, name, button="submit", **fields):
    """Fill the case page's form of transition `name` (#action-<name>) and press its button."""
    form = page.locator(f"#action-{name}")
    for field, value in fields.items():
        if field == "files":
            form.locator("input[type=file]").set_input_files(value)
        elif form.locator(f"select[name={field}]").count():
            form.locator(f"select[name={field}]").select_option(value)
        else:
            form.locator(f"[name={field}]").fill(value)
    form.locator(f"button[value={button}]").click()


def create_user(office, username, name):
    office.click("#user-create-link")
    form = office.locator("#user-create-form")
    form.locator("input[name=name]").fill(name)
    form.locator("input[name=email]").fill(f"{username}@example.com")
    form.locator("input[name=username]").fill(username)
    form.locator("input[name=password1]").fill(PASSWORD)
    form.locator("input[name=password2]").fill(PASSWORD)
    form.locator("select[name=role]").select_option(label="窗口工作人员")
    form.locator("button[type=submit]").click()


def staff_window(office, kind, staff=(), supervisor=None):
    """Tick the window's staff and choose its supervisor on /services/windows/, and save that window."""
    from playwright.sync_api import expect

    card = office.locator(f"#window-{kind}")
    for label in staff:
        card.get_by_label(label).check()
    if supervisor:
        card.locator("select").select_option(label=supervisor)
    name = card.locator("h2").inner_text()
    card.get_by_role("button", name="保存").click()
    expect(office.locator(".message.success")).to_contain_text(f"已保存 {name} 的人员")


def unfold(page):
    """On a phone the menu, the messages link and 退出 are folded behind the menu button: open it first."""
    if page.locator("#menu-button").is_visible() and page.locator("#menu-button").get_attribute(
            "aria-expanded") != "true":
        page.click("#menu-button")


def menu(page, key):
    unfold(page)
    page.click(f"#menu-{key}")


def fits(page, shot=None):
    """The page the user sees does not scroll sideways (issue 13, item 4); `shot` names its screenshot."""
    if shot:
        page.screenshot(path=str(shot), full_page=True)
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], (page.url, width)


def open_case(page, number):
    menu(page, "workbench")
    page.locator("#work-queue").get_by_role("link", name=number).click()


def case_number(page) -> str:
    return page.locator("h1").inner_text().split("·")[1].split()[0]


def test_the_front_door_walk(server, browser, tmp_path):
    from playwright.sync_api import expect

    licence, evidence, photo = tmp_path / "营业执照.pdf", tmp_path / "公证书.pdf", tmp_path / "购买记录.pdf"
    for path in (licence, evidence, photo):
        path.write_bytes(PDF)
    evidence.write_bytes(PDF + b"% notarised purchase\n")

    # -- a visitor registers an enterprise ------------------------------------------------------------------------
    firm = browser.new_context(locale="zh-CN", accept_downloads=True, viewport=PHONE).new_page()  # on a phone
    firm.goto(f"{server}/")
    expect(firm.locator("#portal h1")).to_contain_text("知识产权公共服务平台")
    fits(firm, tmp_path / "portal-390.png")
    firm.click("#register-link")
    expect(firm.get_by_role("heading", name="注册账号")).to_be_visible()
    firm.select_option("select[name=account_type]", "enterprise")
    firm.fill("input[name=org_name]", FIRM)
    firm.fill("input[name=credit_code]", CODE.lower())  # typed in lower case: stored canonical
    firm.fill("input[name=name]", "王芳")
    firm.fill("input[name=email]", "wang@example.com")
    firm.fill("input[name=username]", "quanrun")
    firm.fill("input[name=password1]", FIRM_PASSWORD)
    firm.fill("input[name=password2]", FIRM_PASSWORD)
    firm.click("#register-form button[type=submit]")
    expect(firm.get_by_role("heading", name="注册成功")).to_be_visible()
    expect(firm.locator("#pending-notice")).to_contain_text("等待知识产权局实名核验")
    fits(firm, tmp_path / "registered-390.png")

    # signs out, and in again from the portal: told to wait, no office menu, an office page refused in style
    unfold(firm)
    firm.locator("form[action='/logout/'] button").click()
    expect(firm.locator("input[name=username]")).to_be_visible()
    firm.goto(f"{server}/")
    firm.click("#login-link")
    firm.fill("input[name=username]", "quanrun")
    firm.fill("input[name=password]", FIRM_PASSWORD)
    firm.context.clear_cookies()  # the form outlived its cookie (a browser that dropped it, a page left open)
    firm.click("button[type=submit]")
    expect(firm.get_by_role("heading", name="表单已失效，请重新提交")).to_be_visible()
    fits(firm, tmp_path / "csrf-390.png")
    firm.click("#csrf-back")  # back to the login form, which now works
    firm.fill("input[name=username]", "quanrun")
    firm.fill("input[name=password]", FIRM_PASSWORD)
    firm.click("button[type=submit]")
    expect(firm.get_by_role("heading", name="我的工作台")).to_be_visible()
    expect(firm.locator("#awaiting-verification")).to_contain_text(FIRM)
    fits(firm, tmp_path / "home-waiting-390.png")
    for entry in ("#menu-indicators", "#menu-plans", "#menu-navigation", "#menu-import", "#menu-workbench"):
        expect(firm.locator(entry)).to_have_count(0)
    expect(firm.locator("#menu-my-cases")).to_have_count(0)
    menu(firm, "services")  # the guide says why there is no 在线办理 yet, instead of a button that refuses
    firm.get_by_role("link", name="专利预审", exact=True).click()
    expect(firm.locator("#apply-unverified")).to_contain_text("实名核验")
    expect(firm.locator("#apply-preexam")).to_have_count(0)
    fits(firm, tmp_path / "guide-unverified-390.png")
    refused = firm.goto(f"{server}/indicators/")
    assert refused.status == 403
    expect(firm.get_by_role("heading", name="没有权限访问此页面")).to_be_visible()
    expect(firm.locator(".topbar .brand")).to_be_visible()
    fits(firm, tmp_path / "403-390.png")
    assert firm.goto(f"{server}/services/apply/assistance/").status == 403  # not before 实名核验

    # -- the office verifies it and staffs the windows --------------------------------------------------------------
    office = login(browser, server, viewport=LAPTOP)
    office.locator("#admin-links").get_by_role("link", name="机构实名核验").click()
    office.get_by_role("link", name=FIRM).click()
    expect(office.locator("#org-status")).to_have_text("待核验")
    expect(office.locator("body")).to_contain_text(CODE)
    office.fill("#verify-form input[name=verify-note]", "营业执照核对一致")
    office.click("#verify-form button[type=submit]")
    expect(office.locator("#org-status")).to_have_text("已核验")

    office.click(".topbar .brand")
    office.locator("#admin-links").get_by_role("link", name="用户管理").click()
    create_user(office, "zhaomin", "赵敏")
    expect(office.get_by_role("heading", name="zhaomin")).to_contain_text("窗口工作人员")
    office.get_by_role("link", name="用户管理").first.click()
    create_user(office, "lina", "李娜")
    expect(office.get_by_role("heading", name="lina")).to_contain_text("窗口工作人员")
    office.get_by_role("link", name="窗口人员与负责人").click()
    expect(office.get_by_role("heading", name="窗口人员与负责人")).to_be_visible()
    staff_window(office, "preexam_entity", staff=["lina（李娜）"])
    staff_window(office, "preexam", staff=["lina（李娜）"])
    staff_window(office, "assistance", staff=["lina（李娜）"], supervisor="zhaomin（赵敏） · 窗口工作人员")
    expect(office.locator("#window-assistance select")).to_have_value(
        office.locator("#window-assistance select option", has_text="zhaomin").get_attribute("value"))
    expect(office.locator("#window-assistance").get_by_label("lina（李娜）")).to_be_checked()
    fits(office, tmp_path / "windows-1366.png")
    office.get_by_role("link", name="用户管理").first.click()  # each user's page names their windows
    office.locator("#user-table").get_by_role("link", name="zhaomin").click()
    expect(office.locator("#user-windows")).to_have_text("窗口负责人：维权援助")
    office.get_by_role("link", name="用户管理").first.click()
    office.locator("#user-table").get_by_role("link", name="lina").click()
    expect(office.locator("#user-windows")).to_have_text("窗口工作人员：专利预审主体备案、专利预审、维权援助")

    office.click(".topbar .brand")
    office.locator("#admin-links").get_by_role("link", name="预审技术领域").click()
    office.fill("#fields-text", "H01M 新能源电池")
    office.get_by_role("button", name="保存").click()
    expect(office.locator(".message.success")).to_contain_text("已保存 1 个技术领域")

    # -- the enterprise files its entity, staff approve it ----------------------------------------------------------
    firm.click(".topbar .brand")
    expect(firm.locator("#awaiting-verification")).to_have_count(0)
    expect(firm.locator("#home-cases")).to_contain_text("还没有办件")
    menu(firm, "my-cases")
    firm.click("#apply-preexam")
    expect(firm.locator("#needs-entity")).to_be_visible()  # no approved entity yet: file one first
    fits(firm, tmp_path / "apply-entity-390.png")
    firm.locator("#needs-entity a").click()
    act(firm, "submit", entity_name=FIRM, credit_code=CODE, address="江苏省徐州市泉山区",
        technical_fields="新能源电池\n储能", files=str(licence))
    expect(firm.locator("#case-state")).to_have_text("已提交")
    fits(firm, tmp_path / "entity-submitted-390.png")
    entity_case = case_number(firm)

    staff = login(browser, server, "lina", viewport=LAPTOP)
    expect(staff.locator("h1")).to_contain_text("专利预审主体备案")  # the workbench names the windows
    open_case(staff, entity_case)
    act(staff, "claim")
    expect(staff.locator("#case-assignee")).to_have_text("lina")
    act(staff, "approve", result="备案通过，可提交预审请求")
    expect(staff.locator("#case-state")).to_have_text("备案通过")

    # -- the enterprise files the pre-examination and the 维权援助 -----------------------------------------------------
    menu(firm, "my-cases")
    firm.click("#apply-preexam")
    expect(firm.locator("#needs-entity")).to_have_count(0)
    fits(firm, tmp_path / "apply-preexam-390.png")
    act(firm, "submit", entity=FIRM, title="一种钠离子电池负极材料", patent_type="发明", ipc="H01M 4/587",
        files=str(licence))
    expect(firm.locator("#case-state")).to_have_text("已提交")
    fits(firm, tmp_path / "preexam-submitted-390.png")
    preexam_case = case_number(firm)

    menu(firm, "my-cases")
    firm.click("#apply-assistance")
    act(firm, "submit", subject="某电商平台店铺“优品电池”", description=DESCRIPTION, files=[str(evidence), str(photo)])
    expect(firm.locator("#case-state")).to_have_text("已提交")
    fits(firm, tmp_path / "assistance-submitted-390.png")
    badge = firm.locator("#case-state").evaluate("el => el.getClientRects().length")
    assert badge == 1  # the state reads as one word beside the number, not broken over two lines
    assistance_case = case_number(firm)
    history = firm.locator("#case-history")
    expect(history.get_by_role("link", name="公证书.pdf")).to_be_visible()
    expect(history.get_by_role("link", name="购买记录.pdf")).to_be_visible()
    expect(firm.locator("section.card dd", has_text="请求指导维权")).to_contain_text("已对购买过程办理公证")

    # -- staff take the pre-examination to its end --------------------------------------------------------------------
    open_case(staff, preexam_case)
    act(staff, "claim")
    act(staff, "approve", result="预审合格，请在期限内正式提交")
    expect(staff.locator("#case-state")).to_have_text("预审合格")
    act(staff, "record_filing", application_number=APPLICATION)
    expect(staff.locator("#case-state")).to_have_text("已正式提交")

    # -- 维权援助: staff accept, the supervisor assigns, staff handle and close ------------------------------------------
    open_case(staff, assistance_case)
    act(staff, "accept")
    expect(staff.locator("#case-state")).to_have_text("已受理")

    supervisor = login(browser, server, "zhaomin", viewport=PHONE)  # the supervisor assigns from a phone
    open_case(supervisor, assistance_case)
    assignee = supervisor.locator("#action-assign select[name=assignee]")
    expect(assignee.locator("option", has_text="lina")).to_have_count(1)
    act(supervisor, "assign", assignee="lina")
    expect(supervisor.locator("#case-state")).to_have_text("援助中")
    expect(supervisor.locator("#case-assignee")).to_have_text("lina")
    fits(supervisor, tmp_path / "supervisor-assigned-390.png")

    menu(staff, "workbench")  # the assignee is told (消息), and the case is in their queue
    expect(staff.locator("#work-queue tr", has_text=assistance_case)).to_contain_text("lina")
    expect(staff.locator("#notification-badge")).to_be_visible()
    staff.click("#notifications-link")
    staff.get_by_role("link", name=f"维权援助 {assistance_case}：分派给您办理").click()
    expect(staff.locator("#case-state")).to_have_text("援助中")
    act(staff, "record_action", comment="已指导企业向平台发起投诉，并提供侵权比对意见。")
    expect(staff.locator("#case-history")).to_contain_text("已指导企业向平台发起投诉")
    act(staff, "close", outcome="平台已下架侵权商品，结案。")
    expect(staff.locator("#case-state")).to_have_text("已结案")
    menu(staff, "workbench")  # nothing left in the queue
    expect(staff.locator("#work-queue")).to_contain_text("没有待办件")

    # -- the enterprise sees both finished and downloads its evidence ---------------------------------------------------
    menu(firm, "my-cases")
    rows = firm.locator("#my-cases tbody tr")
    expect(rows.filter(has_text=preexam_case).locator(".case-state")).to_have_text("已正式提交")
    expect(rows.filter(has_text=assistance_case).locator(".case-state")).to_have_text("已结案")
    expect(rows.filter(has_text=entity_case).locator(".case-state")).to_have_text("备案通过")
    fits(firm, tmp_path / "my-cases-390.png")
    firm.get_by_role("link", name=assistance_case).click()
    expect(firm.locator("#case-history")).to_contain_text("平台已下架侵权商品")
    with firm.expect_download() as download:
        firm.locator("#case-history").get_by_role("link", name="公证书.pdf").click()
    assert download.value.suggested_filename == "公证书.pdf"
    saved = tmp_path / "downloaded.pdf"
    download.value.save_as(saved)
    assert saved.read_bytes() == evidence.read_bytes()
    fits(firm, tmp_path / "evidence-390.png")
    firm.screenshot(path=str(tmp_path / "assistance-closed.png"), full_page=True)
    unfold(firm)
    firm.click("#notifications-link")  # each step of the office's was a message to the applicant
    expect(firm.locator("#notification-table")).to_contain_text(f"维权援助 {assistance_case}：结案")
    expect(firm.locator("#notification-table")).to_contain_text(f"专利预审 {preexam_case}：登记正式申请")
    fits(firm, tmp_path / "messages-390.png")
    firm.click(".topbar .brand")  # and on their home page
    home = firm.locator("#home-cases tbody tr")
    expect(home.filter(has_text=preexam_case)).to_contain_text("已正式提交")
    expect(home.filter(has_text=assistance_case)).to_contain_text("已结案")
