"""The one-stop hall in a real browser, two people in two browser contexts: an enterprise files 备案 (a credit code
with a wrong check character is refused beside its field, what was typed stays) and a pre-examination request for
its registered entity with an attachment; staff claim it and ask for more material; the enterprise answers; staff
pass it; the enterprise sees the result and rates it; the statistics page counts it. The enterprise also asks for
维权援助: the window button shows an empty form, a draft is numbered when saved, and the submission carries a
multi-line description and evidence files."""

from __future__ import annotations

import pytest

from tests.e2e.conftest import PASSWORD, login

pytestmark = pytest.mark.e2e

SETUP = f"""
from zhichan.core.models import Organization, User
from zhichan.services.models import TechnicalField, Window
firm = Organization.objects.create(name="徐州云图智能科技有限公司", kind="enterprise")
User.objects.create_user("firm", password="{PASSWORD}", role="enterprise", organization=firm)
examiner = User.objects.create_user("examiner", password="{PASSWORD}", role="staff")
for kind in ("preexam_entity", "preexam"):
    Window.objects.get(kind=kind).staff.add(examiner)
TechnicalField.objects.create(ipc="H01M", name="新能源")
"""


def act(page, name, button="submit", **fields):
    form = page.locator(f"#action-{name}")
    for field, value in fields.items():
        if field == "files":
            form.locator("input[type=file]").set_input_files(value)
        elif form.locator(f"select[name={field}]").count():
            form.locator(f"select[name={field}]").select_option(value)
        else:
            form.locator(f"[name={field}]").fill(value)
    form.locator(f"button[value={button}]").click()


def test_two_people_one_case(server, browser, tmp_path):
    from playwright.sync_api import expect

    server.cli("shell", "-c", SETUP)
    pdf = tmp_path / "申请文件.pdf"
    pdf.write_bytes(b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n")
    firm = login(browser, server, "firm")
    staff = login(browser, server, "examiner")

    firm.goto(f"{server}/services/catalogue/preexam_entity/")
    firm.click("#apply-preexam_entity")
    act(firm, "submit", entity_name="徐州云图智能科技有限公司", credit_code="91320300MA1XXXXX0X",
        address="江苏省徐州市泉山区", technical_fields="新能源\n储能", files=str(pdf))
    expect(firm.locator("#id_submit_credit_code_error")).to_contain_text("校验位")
    expect(firm.locator("[name=entity_name]")).to_have_value("徐州云图智能科技有限公司")
    expect(firm.locator("[name=technical_fields]")).to_have_value("新能源\n储能")
    act(firm, "submit", credit_code="91320300MA1XXXXX08", files=str(pdf))
    expect(firm.locator("#case-state")).to_have_text("已提交")

    staff.goto(f"{server}/services/work/")
    staff.locator("#work-queue a").first.click()
    act(staff, "claim")
    act(staff, "approve", result="备案通过")
    expect(staff.locator("#case-state")).to_have_text("备案通过")

    firm.goto(f"{server}/services/my/")
    firm.click("#apply-preexam")
    act(firm, "submit", entity="徐州云图智能科技有限公司", title="一种锂离子电池正极材料", patent_type="发明",
        ipc="H01M 4/131", files=str(pdf))
    expect(firm.locator("#case-state")).to_have_text("已提交")
    number = firm.locator("h1").inner_text().split("·")[1].split()[0]

    staff.goto(f"{server}/services/work/")
    staff.click(f"text={number}")
    act(staff, "claim")
    act(staff, "request_material", comment="请补充具体实施例")
    expect(staff.locator("#case-standing")).to_contain_text("暂停计时")

    firm.reload()
    expect(firm.locator("#case-state")).to_have_text("待补正")
    act(firm, "answer", comment="已补充实施例", files=str(pdf))
    expect(firm.locator("#case-state")).to_have_text("办理中")

    staff.reload()
    act(staff, "approve", result="预审合格，请在期限内正式提交")
    expect(staff.locator("#case-state")).to_have_text("预审合格")

    firm.reload()
    expect(firm.locator("#case-state")).to_have_text("预审合格")
    expect(firm.locator("#case-history")).to_contain_text("预审合格，请在期限内正式提交")
    firm.locator("#rate-form select").select_option("5")
    firm.locator("#rate-form button").click()
    expect(firm.locator("#case-rating")).to_contain_text("5 / 5")
    firm.screenshot(path=str(tmp_path / "case.png"), full_page=True)

    firm.goto(f"{server}/services/my/")
    firm.click("#apply-assistance")
    expect(firm.locator("textarea[name=description]")).to_be_visible()
    firm.goto(f"{server}/services/my/")
    expect(firm.locator("#my-cases")).not_to_contain_text("维权援助")  # opening the form wrote nothing
    firm.click("#apply-assistance")
    act(firm, "submit", button="save", subject="某网店")
    expect(firm.locator("#case-state")).to_have_text("草稿")
    evidence = tmp_path / "公证书.pdf"
    evidence.write_bytes(pdf.read_bytes())
    act(firm, "submit", description="2026年2月发现对方网店销售仿冒产品。\n已公证购买。", files=[str(pdf), str(evidence)])
    expect(firm.locator("#case-state")).to_have_text("已提交")
    expect(firm.locator("#case-history")).to_contain_text("公证书.pdf")
    firm.screenshot(path=str(tmp_path / "assistance.png"), full_page=True)

    staff.goto(f"{server}/services/stats/")
    row = staff.locator("#stats-table tr[data-kind=preexam]")
    expect(row.locator(".submitted")).to_have_text("1")
    expect(row.locator(".satisfaction")).to_contain_text("5")
    staff.screenshot(path=str(tmp_path / "stats.png"), full_page=True)
