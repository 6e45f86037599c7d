"""Patent navigation in a real browser: create a thematic database with two branches, refresh it, open its
dashboard, click a bar of the trend chart and land on exactly those records; generate the DOCX report (a job: its
page shows the progress, then the download link) and find every chapter in it."""

from __future__ import annotations

import json
import re
from urllib.parse import unquote

import pytest
from docx import Document

from tests.e2e.conftest import login
from zhichan.navigation import report

pytestmark = pytest.mark.e2e


def test_database_dashboard_click_and_report(server, browser, tmp_path):
    from playwright.sync_api import expect

    server.cli("demo", "--size", "2000", "--city", "徐州市")
    page = login(browser, server, accept_downloads=True)
    page.goto(f"{server}/navigation/")
    form = page.locator("#create-database")
    form.locator("input[name=name]").fill("徐州装备制造")
    form.locator("textarea[name=queries]").fill("TI=液压支架 OR TI=起重机 OR TI=挖掘机\nTI=控制系统")
    form.locator("button").click()
    expect(page.locator("h1")).to_contain_text("徐州装备制造")
    for name, query in (("矿山装备", "TI=液压支架"), ("工程机械", "TI=起重机 OR TI=挖掘机 OR TI=控制系统")):
        branch = page.locator("#add-branch")
        branch.locator("input[name=name]").fill(name)
        branch.locator("input[name=query]").fill(query)
        branch.locator("button").click()
    expect(page.locator("#branches li")).to_have_count(2)
    page.click("#refresh")
    expect(page.locator("#latest-version")).to_contain_text("第 1 版")
    total = int(re.search(r"：(\d+) 件", page.locator("#latest-version").inner_text()).group(1))
    assert total > 0

    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.click("#open-dashboard")
    expect(page.locator("#chart-trend[data-ready='1']")).to_have_count(1, timeout=30_000)
    expect(page.locator("#chart-map[data-ready='1']")).to_have_count(1, timeout=30_000)
    expect(page.locator(".chart:not([data-ready='1'])")).to_have_count(0)  # all thirteen charts drawn
    assert page.locator(".chart").count() == 13 and errors == []
    page.screenshot(path=str(tmp_path / "navigation-dashboard.png"), full_page=True)
    with page.expect_download() as svg_info:  # the SVG export of a chart
        page.evaluate("window.navigationExportSvg('chart-trend')")
    svg = (tmp_path / "trend.svg")
    svg_info.value.save_as(svg)
    assert svg_info.value.suggested_filename == "trend.svg" and "<svg" in svg.read_text() and "申请量" in svg.read_text()
    data = json.loads(page.locator("#analysis-data").text_content())
    assert data["total"] == total and len(data["branches"]["rows"]) == 2
    index = max(range(len(data["trend"]["years"])), key=lambda i: data["trend"]["filings"][i])
    year, expected = data["trend"]["years"][index], data["trend"]["filings"][index]
    # where ECharts drew that year's bar, in page coordinates: a real mouse click on it
    x, y = page.evaluate("""([i, v]) => {
        const chart = window.navigationCharts['chart-trend'];
        return chart.convertToPixel({seriesIndex: 0}, [i, v / 2]); }""", [index, expected])
    box = page.locator("#chart-trend").bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    expect(page.locator("#records-total")).to_have_text(str(expected))
    assert json.loads(unquote(page.url.split("cond=")[1])) == {"year": year}
    assert page.locator("#records tr.record").count() == min(expected, 50)

    page.go_back()
    page.click("#dashboard-report")  # a job: its page shows the steps, then the file's link
    expect(page).to_have_url(re.compile(r"/jobs/\d+/$"))
    expect(page.locator("#job-download")).to_be_visible(timeout=60_000)
    assert page.locator("#job-progress").get_attribute("value") == "100"
    with page.expect_download() as download_info:
        page.click("#job-download")
    assert download_info.value.suggested_filename == "徐州装备制造-专利导航报告-第1版.docx"
    path = tmp_path / "navigation.docx"
    download_info.value.save_as(path)
    doc = Document(str(path))
    text = [p.text for p in doc.paragraphs]
    assert "徐州装备制造产业专利导航报告" in text
    for title, *_ in report.SECTIONS:
        assert title in text
    assert len(doc.inline_shapes) >= 6
    assert any("矿山装备" in c.text for t in doc.tables for r in t.rows for c in r.cells)
