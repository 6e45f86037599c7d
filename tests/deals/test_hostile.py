"""Hostile input and other roles against the deals register: only the office records; odd amounts, dates,
numbers and text are refused or kept as text; a double-submitted form records one deal."""

from __future__ import annotations

import io

import openpyxl
import pytest

from tests.deals.conftest import number
from zhichan.deals.models import Deal

pytestmark = pytest.mark.django_db

FORM = {"kind": "licence", "licence_type": "exclusive", "from_name": "徐州云图智能科技有限公司",
        "to_name": "南京别家科技有限公司", "amount_wan": "120.5", "contract_date": "2025-01-10",
        "effective_on": "2025-02-20", "recordal_number": "2025320000012345", "region": "徐州市泉山区", "note": ""}
ROLES = ("public", "staff", "expert", "agency", "department", "enterprise")


@pytest.fixture
def deal(client, office, invention):
    client.force_login(office)
    client.post("/deals/new/", {**FORM, "patent": invention.key})
    client.logout()
    return Deal.objects.get()


def test_every_page_and_post_is_the_offices(client, deal, django_user_model, seller):
    urls = ["/deals/", "/deals/export.xlsx", "/deals/new/", f"/deals/{deal.pk}/", f"/deals/{deal.pk}/edit/"]
    for role in (None, *ROLES):
        client.logout()
        if role:
            client.force_login(django_user_model.objects.create_user(f"u-{role}", password="x", role=role,
                                                                      organization=seller))
        for url in urls:
            assert client.get(url).status_code in (302, 403), (role, url)
        for url, data in ((f"/deals/{deal.pk}/cancel/", {"reason": "x"}), ("/deals/new/", FORM),
                          (f"/deals/{deal.pk}/edit/", {**FORM, "amount_wan": "1"}),
                          ("/deals/sync/", {"what": "events"})):
            assert client.post(url, data).status_code in (302, 403), (role, url)
            if role is None:
                assert "/deals/" not in client.post(url, data).get("Location", "")
    deal.refresh_from_db()
    assert deal.status == Deal.Status.ACTIVE and str(deal.amount_wan) == "120.5000" and Deal.objects.count() == 1


@pytest.mark.parametrize("amount", ["1e20", "-1", "NaN", "Infinity", "-Infinity", "sNaN", "1e-20", "12345678901"])
def test_odd_amounts_are_refused(client, office, invention, amount):
    client.force_login(office)
    assert client.post("/deals/new/", {**FORM, "patent": invention.key, "amount_wan": amount}).status_code == 400
    assert Deal.objects.count() == 0


def test_registration_before_the_contract_and_impossible_dates_are_refused(client, office, invention):
    client.force_login(office)
    for changes in ({"effective_on": "2024-01-01"}, {"contract_date": "2025-02-30"}, {"effective_on": "0000-01-01"},
                    {"contract_date": "99999-01-01"}):
        assert client.post("/deals/new/", {**FORM, "patent": invention.key, **changes}).status_code == 400, changes
    assert Deal.objects.count() == 0


def test_a_full_width_application_number_is_read(client, office, invention):
    wide = invention.key.translate({ord(c): ord(c) + 0xFEE0 for c in "0123456789CNX."})
    client.force_login(office)
    assert client.post("/deals/new/", {**FORM, "patent": wide}).status_code == 302
    assert Deal.objects.get().application == invention


def test_a_double_submitted_form_records_one_deal(client, office, invention):
    client.force_login(office)
    first = client.post("/deals/new/", {**FORM, "patent": invention.key})
    second = client.post("/deals/new/", {**FORM, "patent": invention.key})
    assert first.status_code == second.status_code == 302 and first.url == second.url
    assert Deal.objects.count() == 1


def test_a_double_submitted_cancel_is_refused_the_second_time(client, office, deal):
    client.force_login(office)
    assert client.post(f"/deals/{deal.pk}/cancel/", {"reason": "合同解除"}).status_code == 302
    assert client.post(f"/deals/{deal.pk}/cancel/", {"reason": "合同解除"}).status_code == 400


def test_markup_escaped_and_formulas_stay_text(client, office, invention):
    client.force_login(office)
    client.post("/deals/new/", {**FORM, "patent": invention.key, "from_name": "<script>alert(1)</script>",
                                "to_name": "=HYPERLINK(\"http://x\",\"y\")", "note": "+1-2"})
    deal = Deal.objects.get()
    for url in ("/deals/", f"/deals/{deal.pk}/", f"/deals/{deal.pk}/edit/"):
        assert "<script>alert(1)" not in client.get(url).content.decode()
    sheet = openpyxl.load_workbook(io.BytesIO(client.get("/deals/export.xlsx").content)).active
    cells = [c.value for c in sheet[2]]
    assert "'=HYPERLINK(\"http://x\",\"y\")" in cells and "<script>alert(1)</script>" in cells


@pytest.mark.parametrize("query", ["page=-1", "page=99999999", "page=abc", "as_of=garbage", "start=2025-13-01",
                                   "as_of=99999-01-01", "kind=nonsense", "region=%00"])
def test_odd_query_params_never_break_the_list(client, office, deal, query):
    client.force_login(office)
    assert client.get(f"/deals/?{query}").status_code in (200, 400)
    assert client.get(f"/deals/export.xlsx?{query}").status_code in (200, 404)


def test_a_listing_number_beyond_the_database_is_refused(client, office, invention):
    client.force_login(office)
    for listing in ("99999999999999999999", "-1", "1.5"):
        assert client.post("/deals/new/", {**FORM, "patent": invention.key, "listing": listing}).status_code == 400
    assert Deal.objects.count() == 0


def test_an_unknown_patent_number_is_refused(client, office):
    client.force_login(office)
    assert client.post("/deals/new/", {**FORM, "patent": number(99)}).status_code == 400
