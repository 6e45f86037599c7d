"""A person's journey in a real browser: log in, upload a real export, watch the job, open a patent."""

from __future__ import annotations

import pytest

from tests.conftest import THUNDERSOFT, raw_data

pytestmark = pytest.mark.e2e


def test_upload_watch_and_open_a_patent(server, browser, tmp_path):
    from playwright.sync_api import expect

    page = browser.new_page(locale="zh-CN")
    page.goto(f"{server}/login/")
    page.fill("input[name=username]", "office")
    page.fill("input[name=password]", "e2e-Zhichan-pass")
    page.click("button[type=submit]")
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()

    page.goto(f"{server}/patents/import/")
    page.set_input_files("input[name=files]", str(raw_data(THUNDERSOFT)))
    page.click("#import-form button[type=submit]")
    expect(page.locator("#job[data-finished=done]")).to_have_count(1, timeout=120_000)
    expect(page.locator(".import-file .count-created")).to_have_text("511")
    expect(page.locator(".import-file .count-rejected")).to_have_text("0")
    page.screenshot(path=str(tmp_path / "job.png"))

    page.click("text=查看专利列表")
    page.fill("input[name=q]", "CN202210836006.7")
    page.click("form.filters button")
    page.click("text=CN202210836006.7")
    expect(page.locator("#app-key")).to_have_text("CN202210836006.7")
    ipc_row = page.locator("#ipc-table tbody tr").first
    expect(ipc_row).to_contain_text("G06F 16/583")
    expect(ipc_row.locator(".ipc-zh")).to_contain_text("元数据")
    expect(ipc_row.locator(".ipc-en")).to_contain_text("metadata")
    expect(page.locator("#app-region")).to_contain_text("陕西省西安市")
    expect(page.locator("#party-table")).to_contain_text("西安中科创达软件有限公司")
    page.screenshot(path=str(tmp_path / "patent.png"), full_page=True)
