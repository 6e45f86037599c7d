"""Indicators in a real browser: a plan's statuses, the district map, the drill-down to the high-value patents
(paged, exported), settings chosen in the form and kept, publishing to the public statistics page (a what-if run
leaves it unchanged), and the quarterly report (the test opens the DOCX and compares its figures with the
dashboard, and finds its outline and table of contents)."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

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
    assert page.locator("#high-value-table tbody tr").count() == min(50, int(high_value))  # 50 a page
    page.click("#drilldown-export")  # a job: its page shows the records read, then the file's link
    expect(page.locator("#job-download")).to_be_visible(timeout=60_000)
    with page.expect_download() as download_info:
        page.click("#job-download")
    exported = tmp_path / "drilldown.xlsx"
    download_info.value.save_as(exported)
    assert load_workbook(exported).active.max_row == int(high_value) + 1  # every record, one header row

    # the settings chosen in the form are the ones computed with, and they stay chosen
    page.goto(f"{server}/indicators/?city=320300&as_of=2025-12-31")
    page.select_option("select[name=attribution]", "fractional")
    page.fill("input[name=pledge_threshold]", "800")
    page.click("#compute-button")
    expect(page.locator("#indicator-table")).to_be_visible()
    query = parse_qs(urlsplit(page.url).query)
    assert query["attribution"] == ["fractional"] and query["pledge_threshold"] == ["800"]
    assert "csrfmiddlewaretoken" not in query
    expect(page.locator("select[name=attribution]")).to_have_value("fractional")
    expect(page.locator("#settings-text")).to_contain_text("全部专利权人归属（按份额）；较高质押金额 800 万元")

    # nothing is public until published; a what-if run after publishing leaves the public page as it was
    visitor = browser.new_page(locale="zh-CN")
    visitor.goto(f"{server}/public/statistics/?city=320300")
    expect(visitor.locator("#nothing-published")).to_be_visible()
    page.goto(f"{server}/indicators/?city=320300&as_of=2025-12-31")
    page.click("#publish-button")
    expect(page.locator("#publication-status")).to_contain_text("即本页所示数据")
    visitor.reload()
    published = visitor.locator("#public-table").inner_text()
    expect(visitor.locator("#published-note")).to_contain_text("发布")
    assert re.search(r"泉山区\s+" + valid, published)
    page.select_option("select[name=attribution]", "all_holders")
    page.click("#compute-button")
    expect(page.locator("#indicator-table")).to_be_visible()
    visitor.reload()
    assert visitor.locator("#public-table").inner_text() == published

    page.goto(f"{server}/indicators/?city=320300&as_of=2025-12-31")
    page.click("#reports-link")
    page.fill("input[name=period]", "2025Q4")
    page.click("#generate-report")  # a job: its page shows the steps, then the Word and Excel links
    expect(page.locator("#job-download")).to_be_visible(timeout=60_000)
    with page.expect_download() as download_info:
        page.click("#job-download")
    path = tmp_path / "report.docx"
    download_info.value.save_as(path)
    doc = Document(str(path))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "徐州市知识产权发展指标2025年第四季度季度报告" in text and "四、说明" in text
    cells = next([c.text for c in r.cells] for r in doc.tables[0].rows if r.cells[0].text == "泉山区")
    assert cells[1] == valid and cells[3] == high_value
    assert [p.text for p in doc.paragraphs if p.style.name == "Heading 1"][0] == "一、总体情况"
    assert any(t.text.strip().startswith("TOC ") for t in doc.element.body.iter(qn("w:instrText")))
    assert "缺少人口件" not in text and "暂无数据，暂无数据" not in text
