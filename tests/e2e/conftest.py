"""A real server (gunicorn + Huey worker) on a free port with its own ZHICHAN_HOME, and Debian's Chromium."""

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

from tests.conftest import RAW, raw_data

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "e2e-Zhichan-pass"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server(str):
    """The base URL, plus the environment for running `zhichan` against the same home."""

    def __new__(cls, url: str, env: dict) -> Server:
        obj = super().__new__(cls, url)
        obj.env = env  # type: ignore[attr-defined]
        return obj

    def cli(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "zhichan.cli", *args], env=self.env, check=True,
                              capture_output=True, text=True)


@pytest.fixture(scope="session")
def prepared_home(tmp_path_factory) -> Path:
    """A home migrated, with the office's account and the reference data: made once per test process (migrating and
    loading the reference data take most of a server's start) and copied for each module's server."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing in CI")
        pytest.skip("Debian chromium not installed")
    home = tmp_path_factory.mktemp("prepared-home")
    env = {**os.environ, "ZHICHAN_HOME": str(home)}
    env.pop("DATABASE_URL", None)
    cli = [sys.executable, "-m", "zhichan.cli"]
    subprocess.run([*cli, "createadmin", "--username", "office", "--password", PASSWORD], env=env,
                   check=True, capture_output=True)
    subprocess.run([*cli, "refdata", "load", str(raw_data(RAW))], env=env, check=True, capture_output=True)
    return home


@pytest.fixture(scope="module")
def server(tmp_path_factory, prepared_home):
    home = tmp_path_factory.mktemp("home")
    shutil.copytree(prepared_home, home, dirs_exist_ok=True)
    env = {**os.environ, "ZHICHAN_HOME": str(home)}
    env.pop("DATABASE_URL", None)
    cli = [sys.executable, "-m", "zhichan.cli"]
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
    yield Server(url, env)
    os.killpg(proc.pid, 15)
    proc.wait(timeout=30)
    shutil.rmtree(home, ignore_errors=True)


class WatchedBrowser:
    """The Playwright browser, with every page's console watched for Content-Security-Policy violations (a script,
    style or eval the policy refused): a test that saw one fails (`pytest_runtest_call` below)."""

    def __init__(self, browser) -> None:
        self._browser = browser
        self.csp_violations: list[str] = []

    def _watch(self, context):
        def console(message) -> None:
            if message.type == "error" and "Content Security Policy" in message.text:
                self.csp_violations.append(f"{message.page.url if message.page else '?'}: {message.text}")

        context.on("console", console)
        return context

    # The desktop the layout is made for (issue 13: 1366x768); Playwright's own default, 1280x720, folds the
    # office's full menu behind its button, which test_layout checks apart.
    DESKTOP = {"width": 1366, "height": 768}

    def new_context(self, **options):
        options.setdefault("viewport", self.DESKTOP)
        return self._watch(self._browser.new_context(**options))

    def new_page(self, **options):
        options.setdefault("viewport", self.DESKTOP)
        page = self._browser.new_page(**options)  # blank until it navigates, so nothing is missed
        self._watch(page.context)
        return page

    def __getattr__(self, name: str):
        return getattr(self._browser, name)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu",
                                                              "--disable-background-networking"])
        yield WatchedBrowser(b)
        b.close()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """A browser test fails when the Content-Security-Policy refused anything on any page it opened."""
    watched = getattr(item, "funcargs", {}).get("browser")
    if isinstance(watched, WatchedBrowser):
        watched.csp_violations.clear()
    result = yield
    if isinstance(watched, WatchedBrowser) and watched.csp_violations:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(watched.csp_violations), pytrace=False)
    return result




def login(browser, server, username: str = "office", password: str = PASSWORD, **context):
    from playwright.sync_api import expect

    page = browser.new_context(locale="zh-CN", **context).new_page()
    page.goto(f"{server}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    return page


def open_menu(page) -> None:
    """Open the top bar's menu where it is folded behind its button: on a phone, and for the administrator, whose
    full menu does not fit one row at 1366 px (the office's does; test_layout checks both)."""
    button = page.locator("#menu-button")
    if button.is_visible() and button.get_attribute("aria-expanded") != "true":
        button.click()
