"""A person's journey in a real browser: log in, upload a real export, watch the job, open a patent."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import RAW, THUNDERSOFT, raw_data

pytestmark = pytest.mark.e2e
CHROMIUM = "/usr/bin/chromium"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing in CI")
        pytest.skip("Debian chromium not installed")
    home = tmp_path_factory.mktemp("home")
    env = {**os.environ, "ZHICHAN_HOME": str(home)}
    env.pop("DATABASE_URL", None)
    cli = [sys.executable, "-m", "zhichan.cli"]
    subprocess.run([*cli, "createadmin", "--username", "office", "--password", "e2e-Zhichan-pass"], env=env,
                   check=True, capture_output=True)
    raw = raw_data(RAW)
    subprocess.run([*cli, "refdata", "load", str(raw)], env=env, check=True, capture_output=True)
    port = _free_port()
    proc = subprocess.Popen([*cli, "serve", "--port", str(port), "--workers", "1"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(f"{url}/login/", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    yield url
    os.killpg(proc.pid, 15)
    proc.wait(timeout=30)
    shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu",
                                                              "--disable-background-networking"])
        yield b
        b.close()


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
