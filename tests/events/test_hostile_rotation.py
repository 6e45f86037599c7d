"""Hostile users of the 轮训 pages (issue 17): anyone but the office is refused every page and the Excel; odd cycle
numbers answer without an error; a practitioner's or agency's name that looks like a formula is text in the Excel."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from openpyxl import load_workbook

from zhichan.agencies.models import Agency, Practitioner
from zhichan.core.models import Region
from zhichan.events import rotation_actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(office):
    region = Region.objects.update_or_create(code="320300", defaults={"name": "徐州市", "level": 2})[0]
    district = Region.objects.update_or_create(code="320302", defaults={"name": "鼓楼区", "level": 3,
                                                                        "parent": region})[0]
    firm = Agency.objects.create(name="=HYPERLINK(\"http://example.com\",\"所\")", normalized_name="x", region=district)
    for cert, name in (("1", "+cmd|' /C calc'!A0"), ("2", "@SUM(A1)"), ("3", "-2+3"), ("4", "王二")):
        Practitioner.objects.create(name=name, certificate_number=cert, agency=firm)
    return rotation_actions.do_save_rotation_plan(office, None, {
        "name": "代理师轮训", "audience": "practitioners", "region": region, "starts_on": dt.date(2026, 1, 1),
        "months": 6, "min_hours": None, "talent_list": None, "note": ""})


def test_only_the_office_opens_the_rotation_pages(client, plan, make_user, firm):
    addresses = ["/events/office/rotation/", "/events/office/rotation/new/", f"/events/office/rotation/{plan.pk}/",
                 f"/events/office/rotation/{plan.pk}/edit/", f"/events/office/rotation/{plan.pk}/untrained.xlsx"]
    for address in addresses:
        assert client.get(address).status_code == 302  # anonymous: sign in first
    for role, org in (("enterprise", firm), ("agency", None), ("public", None), ("expert", None)):
        client.force_login(make_user(role, org))
        for address in addresses:
            assert client.get(address).status_code == 403, (role, address)
        assert client.post("/events/office/rotation/new/", {"name": "x", "audience": "practitioners",
                                                             "region": "320300", "starts_on": "2026-01-01",
                                                             "months": "6"}).status_code == 403


def test_odd_cycles_answer_without_an_error(client, plan, office):
    client.force_login(office)
    for cycle in ("0", "-1", "abc", "99999999999999999999", "1.5", "１"):
        assert client.get(f"/events/office/rotation/{plan.pk}/?cycle={cycle}").status_code in (200, 400), cycle
        assert client.get(f"/events/office/rotation/{plan.pk}/untrained.xlsx?cycle={cycle}").status_code in (
            200, 400), cycle


def test_formula_like_names_are_text_in_the_untrained_excel(client, plan, office):
    client.force_login(office)
    answer = client.get(f"/events/office/rotation/{plan.pk}/untrained.xlsx?cycle=1")
    assert answer.status_code == 200
    with zipfile.ZipFile(io.BytesIO(answer.content)) as book:
        assert not any(b"<f>" in book.read(n) for n in book.namelist() if n.startswith("xl/worksheets/"))
    rows = list(load_workbook(io.BytesIO(answer.content)).active.iter_rows(min_row=2, values_only=True))
    names = sorted(r[3] for r in rows)
    assert names == sorted(["'+cmd|' /C calc'!A0", "'@SUM(A1)", "'-2+3", "王二"])
    assert {r[2] for r in rows} == {"'=HYPERLINK(\"http://example.com\",\"所\")"}
