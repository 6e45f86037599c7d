"""Search in a real browser: a field query, a facet, an export, a patent with similar patents; then a watched
search, an import through the web with new matching records, and the alert."""

from __future__ import annotations

import re

import openpyxl
import pytest

from tests.conftest import THUNDERSOFT, raw_data
from tests.e2e.conftest import login, open_menu
from tests.search.conftest import app_number, write_patents

pytestmark = pytest.mark.e2e


def count_of(text: str) -> int:
    return int(re.sub(r"[^\d]", "", text))


def test_search_facet_export_similar_and_alert(server, browser, tmp_path):
    from playwright.sync_api import expect

    server.cli("import", str(raw_data(THUNDERSOFT)))  # the CLI updates the index when it ends
    expected = int(server.cli("search", "TI=方法 AND AD=2018:2022", "--count").stdout.strip())
    assert expected > 20
    page = login(browser, server, accept_downloads=True)

    open_menu(page)  # the administrator's menu is folded at 1366 px
    page.click("#menu-search")
    page.fill("#q", "TI=方法 AND AD=2018:2022")
    page.click("#search-button")
    expect(page.locator("#result-total")).to_have_text(f"共 {expected:,} 件")
    expect(page.locator(".hit-title mark").first).to_have_text("方法")
    page.screenshot(path=str(tmp_path / "search.png"), full_page=True)

    bucket = page.locator("#facet-type li").first
    facet_count = count_of(bucket.locator(".count").inner_text())
    bucket.locator("a").click()
    expect(page.locator("#result-total")).to_have_text(f"共 {facet_count:,} 件")

    with page.expect_download() as download_info:
        page.click("#export-xlsx")
        expect(page.locator("#job[data-finished=done]")).to_have_count(1, timeout=120_000)
        page.click("#export-download")
    path = tmp_path / "export.xlsx"
    download_info.value.save_as(path)
    rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
    assert rows[0][0] == "申请号" and len(rows) - 1 == facet_count

    page.go_back()
    page.go_back()
    page.locator(".hit-title").first.click()
    expect(page.locator("#app-key")).to_be_visible()
    expect(page.locator("#similar-table .similar-row").first).to_be_visible(timeout=30_000)
    assert page.locator("#similar-table .similar-row").count() == 20

    page.goto(f"{server}/search/?q=TI%3D量子隧穿")
    expect(page.locator("#result-total")).to_have_text("共 0 件")
    page.fill("form.save-search input[name=name]", "量子隧穿监控")
    page.check("#watch-box")
    page.click("#save-search")
    expect(page.locator("#saved-table")).to_contain_text("量子隧穿监控")

    new = write_patents(tmp_path / "新数据.csv", [
        {"title": "一种基于量子隧穿效应的传感器", "an": app_number(8801)},
        {"title": "量子隧穿二极管的制备方法", "an": app_number(8802)},
        {"title": "一种普通的二极管", "an": app_number(8803)}])
    page.goto(f"{server}/patents/import/")
    page.set_input_files("input[name=files]", str(new))
    page.click("#import-form button[type=submit]")
    expect(page.locator("#job[data-finished=done]")).to_have_count(1, timeout=120_000)
    page.reload()
    expect(page.locator("#alert-badge")).to_have_text("1")
    open_menu(page)
    page.click("#alerts-link")
    alert = page.locator(".alert").first
    expect(alert).to_contain_text("量子隧穿监控")
    expect(alert).to_contain_text(app_number(8801))
    expect(alert).to_contain_text(app_number(8802))
    expect(alert).not_to_contain_text(app_number(8803))
    page.screenshot(path=str(tmp_path / "alerts.png"), full_page=True)
