"""/deals/ pages: the office records, lists, exports, edits and cancels; others are refused; a refused form comes
back with 400 and what was typed; names that look like formulas stay text in the spreadsheet."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest

from tests.deals.conftest import D, licence
from zhichan.deals import actions
from zhichan.deals.models import Deal

FORM = {"kind": "licence", "licence_type": "exclusive", "from_name": "徐州云图智能科技有限公司",
        "to_name": "南京别家科技有限公司", "amount_wan": "120.5", "contract_date": "2025-01-10",
        "effective_on": "2025-02-20", "recordal_number": "2025320000012345", "region": "徐州市泉山区", "note": ""}


@pytest.fixture
def signed_in(client, office):
    client.force_login(office)
    return client


@pytest.mark.django_db
def test_record_a_licence_deal(signed_in, invention):
    assert signed_in.get("/deals/new/").status_code == 200
    response = signed_in.post("/deals/new/", {**FORM, "patent": invention.key})
    deal = Deal.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/deals/{deal.pk}/"
    assert (deal.kind, deal.licence_type, deal.amount_wan, deal.region_id, deal.application) == (
        "licence", "exclusive", Decimal("120.5"), "320311", invention)
    page = signed_in.get(f"/deals/{deal.pk}/").content.decode()
    assert f'href="/patents/{invention.key}/"' in page or invention.key in page
    assert "120.5" in page


@pytest.mark.django_db
@pytest.mark.parametrize(("changes", "field"), [({"amount_wan": "-5"}, "amount_wan"),
                                                ({"amount_wan": "1e30"}, "amount_wan"),
                                                ({"patent": "CN202010000001.3"}, "patent"),
                                                ({"region": "亚特兰蒂斯"}, "region"),
                                                ({"kind": "open_licence"}, "licence_type"),  # exclusive: Art. 51
                                                ({"effective_on": "2024-12-31"}, "effective_on")])
def test_a_refused_form_keeps_what_was_typed(signed_in, invention, changes, field):
    posted = {**FORM, "patent": invention.key, **changes}
    response = signed_in.post("/deals/new/", posted)
    assert response.status_code == 400
    form = response.context["form"]
    assert field in form.errors
    page = response.content.decode()
    assert 'value="南京别家科技有限公司"' in page and 'value="2025320000012345"' in page
    assert not Deal.objects.exists()


@pytest.mark.django_db
def test_others_are_refused(client, enterprise, django_user_model):
    assert client.get("/deals/").status_code == 302  # to the login page
    client.force_login(enterprise)
    for url in ("/deals/", "/deals/new/", "/deals/export.xlsx"):
        assert client.get(url).status_code == 403
    assert client.post("/deals/new/", FORM).status_code == 403
    assert client.post("/deals/sync/", {"what": "pledges"}).status_code == 403
    assert not Deal.objects.exists()


@pytest.mark.django_db
def test_list_filters_totals_and_export(signed_in, office, invention):
    actions.do_record_deal(office, licence(application=invention, amount_wan=Decimal("100.25"), effective_on=D(2025, 3, 1),
                                           from_name="=HYPERLINK(\"http://evil\",\"x\")", to_name="+1+2"))
    actions.do_record_deal(office, licence(kind="pledge", licence_type="", application=invention,
                                           amount_wan=Decimal("500"), effective_on=D(2025, 4, 1), to_name="@SUM(A1)"))
    actions.do_record_deal(office, licence(kind="transfer", licence_type="", application=invention,
                                           amount_wan=Decimal("1"), effective_on=D(2024, 4, 1)))
    page = signed_in.get("/deals/?start=2025-01-01&end=2025-12-31")
    assert page.status_code == 200 and page.context["totals"]["count"] == 2
    assert page.context["totals"]["amount_wan"] == Decimal("600.25")
    traded = signed_in.get("/deals/?group=traded&start=2025-01-01&end=2025-12-31").context["totals"]
    assert (traded["count"], traded["amount_wan"]) == (1, Decimal("100.25"))
    assert signed_in.get("/deals/?kind=transfer").context["totals"]["count"] == 1
    assert signed_in.get("/deals/?start=2025-12-31&end=2025-01-01").status_code == 400
    export = signed_in.get("/deals/export.xlsx?start=2025-01-01")
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 3  # the header and the two deals of 2025
    cells = [c for row in rows[1:] for c in row if isinstance(c, str)]
    assert "'=HYPERLINK(\"http://evil\",\"x\")" in cells and "'+1+2" in cells and "'@SUM(A1)" in cells
    assert not any(c.startswith(("=", "+", "@")) for c in cells)
    assert 100.25 in rows[1] or 100.25 in rows[2]  # amounts stay numbers


@pytest.mark.django_db
def test_edit_and_cancel_pages(signed_in, office, invention):
    deal = actions.do_record_deal(office, licence(application=invention, amount_wan=Decimal("10")))
    form = signed_in.get(f"/deals/{deal.pk}/edit/")
    assert form.status_code == 200 and 'value="10' in form.content.decode()
    response = signed_in.post(f"/deals/{deal.pk}/edit/", {**FORM, "patent": invention.key, "amount_wan": "11"})
    assert response.status_code == 302
    deal.refresh_from_db()
    assert deal.amount_wan == Decimal(11)
    refused = signed_in.post(f"/deals/{deal.pk}/cancel/", {"on": "2025-03-01", "reason": ""})
    assert refused.status_code == 400 and 'value="2025-03-01"' in refused.content.decode()
    assert signed_in.post(f"/deals/{deal.pk}/cancel/", {"on": "2025-03-01", "reason": "合同解除"}).status_code == 302
    deal.refresh_from_db()
    assert (deal.status, deal.cancelled_on) == ("cancelled", D(2025, 3, 1))
    assert "合同解除" in signed_in.get(f"/deals/{deal.pk}/").content.decode()


@pytest.mark.django_db
def test_sync_buttons(signed_in):
    response = signed_in.post("/deals/sync/", {"what": "pledges"}, follow=True)
    assert response.status_code == 200 and response.redirect_chain[-1][0] == "/deals/"
    assert signed_in.post("/deals/sync/", {"what": "events"}).status_code == 302
    assert signed_in.post("/deals/sync/", {"what": "nothing"}).status_code == 404
    assert signed_in.get("/deals/sync/").status_code == 405


@pytest.mark.django_db
def test_the_patent_page_shows_its_deals_to_the_office(signed_in, office, invention, client, enterprise):
    actions.do_record_deal(office, licence(application=invention, amount_wan=Decimal("66.5")))
    page = signed_in.get(f"/patents/{invention.key}/").content.decode()
    assert 'id="patent-deals"' in page and "66.5" in page
    new = signed_in.get(f"/deals/new/?patent={invention.key}").content.decode()
    assert f'value="{invention.key}"' in new
    client.force_login(enterprise)
    assert 'id="patent-deals"' not in client.get(f"/patents/{invention.key}/").content.decode()


@pytest.mark.django_db
def test_the_listing_must_be_of_the_same_patent(signed_in, invention, seller):
    from tests.deals.conftest import load, patent
    from zhichan.market.models import Listing

    [other] = load(patent(2))
    listing = Listing.objects.create(application=other, organization=seller, kind="open", license_type="ordinary",
                                     title="开放许可", price_mode="royalty", status="published")
    response = signed_in.post("/deals/new/", {**FORM, "kind": "open_licence", "licence_type": "",
                                              "patent": invention.key, "listing": listing.pk})
    assert response.status_code == 400 and "listing" in response.context["form"].errors
    assert signed_in.post("/deals/new/", {**FORM, "patent": invention.key, "listing": 999}).status_code == 400
    response = signed_in.post("/deals/new/", {**FORM, "kind": "open_licence", "licence_type": "",
                                              "patent": other.key, "listing": listing.pk})
    assert response.status_code == 302 and Deal.objects.get().listing == listing
    assert f'href="/market/{listing.pk}/"' in signed_in.get(response["Location"]).content.decode()
