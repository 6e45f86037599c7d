"""50 simulated people using the service portal: each signs in as one of the demo enterprise users, reads the
catalogue and guides, opens a consultation and submits it, follows its own cases and notifications."""

from __future__ import annotations

import itertools
import re

from locust import HttpUser, between, task

PASSWORD = "load-Zhichan-pass"
_numbers = itertools.count(1)


def csrf(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return found.group(1) if found else ""


class Applicant(HttpUser):
    wait_time = between(1, 3)

    def on_start(self) -> None:
        n = next(_numbers) % 50 + 1
        page = self.client.get("/login/", name="/login/")
        self.client.post("/login/", {"username": f"firm{n}", "password": PASSWORD, "csrfmiddlewaretoken": csrf(page.text)},
                         headers={"Referer": f"{self.host}/login/"}, name="/login/ (POST)")
        self.case_urls: list[str] = []

    @task(3)
    def catalogue(self) -> None:
        self.client.get("/services/catalogue/", name="/services/catalogue/")
        self.client.get("/services/catalogue/preexam/", name="/services/catalogue/[code]/")

    @task(3)
    def portal(self) -> None:
        self.client.get("/services/my/", name="/services/my/")

    @task(1)
    def ask(self) -> None:
        self.client.get("/services/my/", name="/services/my/")
        form = f"{self.host}/services/apply/consult/"  # the window button opens the empty form; 提问 files it
        page = self.client.get("/services/apply/consult/", name="/services/apply/[kind]/")
        response = self.client.post("/services/apply/consult/", {
            "csrfmiddlewaretoken": csrf(page.text), "transition": "submit", "intent": "submit",
            "question": "专利权质押登记需要哪些材料？"}, headers={"Referer": form}, name="/services/apply/[kind]/ (POST)")
        case_url = response.url
        self.client.get(case_url, name="/services/cases/[id]/")
        self.case_urls.append(case_url)

    @task(2)
    def follow(self) -> None:
        if self.case_urls:
            self.client.get(self.case_urls[-1], name="/services/cases/[id]/")
        self.client.get("/services/notifications/", name="/services/notifications/")
