"""Indicators in a real browser: a plan's statuses, the district map, the drill-down to the high-value patents,
and the quarterly report (the test opens the DOCX and compares its figures with the dashboard)."""

from __future__ import annotations

import pytest
from docx import Document

from tests.e2e.conftest import login

pytestmark = pytest.mark.e2e


def test_plan_map_drilldown_and_quarterly_report(server, browser, tmp_path):
    from playwright.sync_api import expect

    server.cli("demo", "--size", "3000", "--city", "徐州市")
    server.cli("indicators", "compute", "--city", "徐州市", "--as-of", "2025-12-31")
    page = login(browser, server, accept_downloads=True)

    page.goto(f"{server}/indicators/plans/")
    page.click("text=徐州市泉山区建设国家知识产权服务业高质量集聚发展试验区实施方案")
    row = page.locator("tr.plan-item[data-code=valid_invention]")
    expect(row.locator(".status-badge")).to_have_text("暂无数据")  # no baseline yet
    row.locator("summary").click()
    row.locator("input[name=year]").fill("2023")
    row.locator("input[name=value]").fill("10")
    row.locator("button").click()
    row = page.locator("tr.plan-item[data-code=valid_invention]")
    expect(row.locator(".status-badge")).to_have_text("滞后")  # thousands short of 6,000 by 2026
    expect(page.locator("#plan-map[data-ready]")).to_have_count(1, timeout=30_000)  # the district map
    page.screenshot(path=str(tmp_path / "plan.png"), full_page=True)

    page.click("#district-link")
    expect(page.locator("#district-map[data-ready='1']")).to_have_count(1, timeout=30_000)
    quanshan = page.locator("#indicator-table tr[data-region='320311']")
    valid = quanshan.locator("td.figure").nth(0).inner_text()
    high_value = quanshan.locator("td.figure").nth(2).inner_text()
    assert int(valid) > 0 and int(high_value) > 0
    page.screenshot(path=str(tmp_path / "dashboard.png"), full_page=True)

    quanshan.locator("td.figure").nth(2).locator("a").click()
    expect(page.locator("h1")).to_contain_text(f"· {high_value} 件")
    assert page.locator("#high-value-table tbody tr").count() == int(high_value)

    page.go_back()
    page.click("#reports-link")
    page.fill("input[name=period]", "2025Q4")
    page.click("#generate-report")
    with page.expect_download() as download_info:
        page.locator(".report-docx").first.click()
    path = tmp_path / "report.docx"
    download_info.value.save_as(path)
    doc = Document(str(path))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "徐州市知识产权发展指标2025年第四季度季度报告" in text and "四、说明" in text
    cells = next([c.text for c in r.cells] for r in doc.tables[0].rows if r.cells[0].text == "泉山区")
    assert cells[1] == valid and cells[3] == high_value
