"""The market's pages: public lists, forms that keep input and answer 400 with reasons, the office's review."""

from __future__ import annotations

from decimal import Decimal as Dec

import pytest

from zhichan.market import actions
from zhichan.market.models import Listing

from .conftest import D

pytestmark = pytest.mark.django_db

FORM = {"patent": "", "kind": "open", "license_type": "", "title": "锂电池极片开放许可", "summary": "",
        "price_mode": "royalty", "royalty_base": "net_sales", "royalty_rate": "3", "term_end": "2030-12-31"}


def published(holder, office, app, **extra):
    listing = actions.do_save_listing(holder, None, {"application": app, "kind": "open", "title": "极片许可",
                                                     "price_mode": "lump_sum", "lump_sum_wan": Dec(20),
                                                     "term_end": D(2030, 1, 1), **extra})
    actions.do_submit_listing(holder, listing)
    actions.do_review_listing(office, listing, approve=True)
    return actions.do_publish_listing(office, listing)


def test_a_holder_lists_through_the_form(holder, invention, client):
    client.force_login(holder)
    assert client.get("/market/new/").status_code == 200
    response = client.post("/market/new/", {**FORM, "patent": invention.key, "submit": "1"})
    listing = Listing.objects.get()
    assert response.status_code == 302 and listing.status == Listing.Status.SUBMITTED


def test_a_refused_form_keeps_the_input_and_says_why(holder, invention, client):
    client.force_login(holder)
    response = client.post("/market/new/", {**FORM, "patent": invention.key, "title": "行业第一的极片技术",
                                            "royalty_rate": "25", "submit": "1"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "行业第一的极片技术" in html and "第八十五条" in html and "20" in html
    form = response.context["form"]
    assert "title" in form.errors and "royalty_rate" in form.errors
    assert Listing.objects.get().status == Listing.Status.DRAFT  # the draft is kept, not submitted


def test_an_unknown_patent_is_refused_beside_its_field(holder, client):
    client.force_login(holder)
    response = client.post("/market/new/", {**FORM, "patent": "CN202010000099.X"})
    assert response.status_code == 400 and "patent" in response.context["form"].errors


def test_the_office_reviews_on_the_page(holder, office, invention, client):
    listing = actions.do_save_listing(holder, None, {"application": invention, "kind": "transfer",
                                                     "title": "极片转让", "price_mode": "negotiable"})
    actions.do_submit_listing(holder, listing)
    client.force_login(office)
    assert "极片转让" in client.get("/market/review/").content.decode()
    assert client.post(f"/market/{listing.pk}/review/", {"decision": "return", "reason": ""}).status_code == 400
    client.post(f"/market/{listing.pk}/review/", {"decision": "approve", "reason": ""})
    client.post(f"/market/{listing.pk}/publish/")
    listing.refresh_from_db()
    assert listing.status == Listing.Status.PUBLISHED


def found(client, query):
    return len(list(client.get("/market/", query).context["page"]))


def test_public_list_filters_and_links_to_the_patent(holder, office, invention, client):
    published(holder, office, invention)
    html = client.get("/market/").content.decode()
    assert "极片许可" in html and f"/patents/{invention.key}/" in html
    assert found(client, {"kind": "transfer"}) == 0
    assert found(client, {"kind": "open", "price_mode": "lump_sum"}) == 1
    assert found(client, {"ipc": "H01M"}) == 1
    assert found(client, {"ipc": "G06F"}) == 0
    assert found(client, {"q": "极片"}) == 1


def test_unpublished_listings_are_hidden_from_others(holder, stranger, invention, client):
    draft = actions.do_save_listing(holder, None, {"application": invention, "kind": "transfer", "title": "未发布",
                                                   "price_mode": "negotiable"})
    assert client.get(f"/market/{draft.pk}/").status_code == 404
    client.force_login(stranger)
    assert client.get(f"/market/{draft.pk}/").status_code == 404
    client.force_login(holder)
    assert client.get(f"/market/{draft.pk}/").status_code == 200
    assert "未发布" in client.get("/market/mine/").content.decode()


def test_no_inline_scripts(holder, client):
    client.force_login(holder)
    html = client.get("/market/new/").content.decode()
    assert 'id="market-fee-fields"' in html and "js/market.js" in html
    import re
    assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", html)


@pytest.mark.parametrize("path", ["/market/mine/", "/market/new/", "/market/demands/mine/", "/market/demands/new/"])
def test_a_pending_organisation_may_not_offer(path, holder, client):
    holder.organization.status = "pending"
    holder.organization.save()
    client.force_login(holder)
    assert client.get(path).status_code == 403


def test_a_utility_model_open_licence_with_an_uploaded_evaluation_report(holder, client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from .conftest import load, patent

    utility = load(patent(21, kind="2"))[0]
    client.force_login(holder)
    refused = client.post("/market/new/", {**FORM, "patent": utility.key, "submit": "1"})
    assert refused.status_code == 400 and "第五十条" in refused.content.decode()
    fake = SimpleUploadedFile("报告.pdf", b"not a pdf", content_type="application/pdf")
    assert client.post("/market/new/", {**FORM, "patent": utility.key, "evaluation_report": fake}).status_code == 400
    report = SimpleUploadedFile("评价报告.pdf", b"%PDF-1.4 report", content_type="application/pdf")
    response = client.post("/market/new/", {**FORM, "patent": utility.key, "evaluation_report": report, "submit": "1"})
    assert response.status_code == 302
    listing = Listing.objects.get(status=Listing.Status.SUBMITTED)
    download = client.get(f"/market/{listing.pk}/report/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    client.logout()
    assert client.get(f"/market/{listing.pk}/report/").status_code == 404  # not published: not public


def test_sei_and_region_filters(holder, office, client):
    from zhichan.core.models import Region
    from zhichan.patents.models import SeiCategory, SeiIpc

    from .conftest import load, patent

    SeiCategory.objects.create(code="6.1.1", name="电池制造")
    SeiIpc.objects.create(ipc_code="H01M4/131", sei_id="6.1.1")
    app = load(patent(31))[0]
    assert "6.1.1" in app.sei_codes
    holder.organization.region = Region.objects.get(code="320311")
    holder.organization.save()
    published(holder, office, app)
    assert found(client, {"sei": "6.1.1"}) == 1 and found(client, {"sei": "1.1"}) == 0
    assert found(client, {"region": "320300"}) == 1 and found(client, {"region": "110000"}) == 0


def test_the_querysets_restrict_too(holder, stranger, invention):
    from zhichan.market.models import Demand

    listing = actions.do_save_listing(holder, None, {"application": invention, "kind": "transfer", "title": "草稿",
                                                     "price_mode": "negotiable"})
    assert list(Listing.objects.restrict(holder)) == [listing]
    assert not Listing.objects.restrict(stranger).exists()
    assert not Demand.objects.restrict(stranger, "details").exists()
