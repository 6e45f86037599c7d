"""The pages whose scripts moved out of the templates (issue 12, the Content-Security-Policy) still work in a real
browser with the policy on: the language switch and the public city list submit on change, the charts draw, their
tooltips show (ECharts builds them with style attributes), a bar of the search page's year chart narrows the search.
The conftest fails the test on any policy violation in the console."""

from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import login, open_menu

pytestmark = pytest.mark.e2e


def click_bar(page, chart: str, index: int) -> None:
    """Click the middle of bar `index` of the ECharts bar chart in `chart` (its first series), once the bars have
    grown to full height (the opening animation)."""
    x, y = page.evaluate("""async ([selector, index]) => {
        const chart = echarts.getInstanceByDom(document.querySelector(selector));
        await new Promise(done => { chart.on("finished", done); setTimeout(done, 2000); });
        const option = chart.getOption();
        const label = option.xAxis[0].data[index];
        const value = option.series[0].data[index];
        return chart.convertToPixel({seriesIndex: 0}, [label, (typeof value === "object" ? value.value : value) / 2]);
    }""", [chart, index])
    box = page.locator(chart).bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)


def test_moved_scripts_work_under_the_policy(server, browser):
    from playwright.sync_api import expect

    server.cli("demo", "--size", "1500", "--city", "徐州市")
    server.cli("indicators", "compute", "--city", "徐州市", "--as-of", "2025-12-31")
    server.cli("indicators", "publish", "--city", "徐州市", "--as-of", "2025-12-31")  # the public page shows it

    visitor = browser.new_page(locale="zh-CN")
    response = visitor.goto(f"{server}/public/statistics/")
    policy = dict(d.strip().split(" ", 1) for d in response.headers["content-security-policy"].split(";"))
    assert policy["script-src"] == "'self'"
    visitor.select_option("select[name=city]", "320300")  # submits on change (js/autosubmit.js)
    expect(visitor).to_have_url(re.compile(r"city=320300"))
    if visitor.locator("#public-chart").count():
        expect(visitor.locator("#public-chart canvas")).to_have_count(1)

    page = login(browser, server)
    page.goto(f"{server}/indicators/?city=320300")
    expect(page.locator("#district-map[data-ready='1']")).to_have_count(1, timeout=30_000)
    expect(page.locator("#district-chart canvas")).to_have_count(1)
    page.locator("#district-chart").hover()  # the axis tooltip: HTML with style attributes
    page.mouse.move(*_centre(page, "#district-chart"))
    expect(page.locator("#district-chart > div").nth(1)).to_be_visible()

    page.goto(f"{server}/services/stats/")
    expect(page.locator("#stats-chart canvas")).to_have_count(1)

    page.goto(f"{server}/search/?q=AD%3D2015%3A2025")
    expect(page.locator("#year-chart canvas")).to_have_count(1)
    first_year = page.evaluate("JSON.parse(document.getElementById('year-data').textContent).slice().reverse()[0]")
    click_bar(page, "#year-chart", 0)
    expect(page.locator("#result-total")).to_have_text(f"共 {first_year['count']:,} 件")

    open_menu(page)  # the administrator's menu, language choice included, is folded at 1366 px
    page.select_option("select[name=language]", "en")  # submits on change
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Patent search")


def _centre(page, selector: str) -> tuple[float, float]:
    box = page.locator(selector).bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
