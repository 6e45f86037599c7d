"""The review lifecycle of a listing: draft → 待审核 → 审核通过 / 退回 (with a reason) → 已发布 → 已撤回."""

from __future__ import annotations

from decimal import Decimal as Dec

import pytest

from zhichan.core.models import AuditLog
from zhichan.core.permissions import PermissionDenied
from zhichan.market import actions
from zhichan.market.models import Listing

from .conftest import D

pytestmark = pytest.mark.django_db

VALUES = {"kind": "open", "title": "锂电池极片开放许可", "price_mode": "lump_sum", "lump_sum_wan": Dec(30),
          "term_end": D(2030, 1, 1)}


@pytest.fixture
def listing(holder, invention):
    return actions.do_save_listing(holder, None, {"application": invention, **VALUES})


def test_the_full_lifecycle_is_audited(holder, office, listing):
    actions.do_submit_listing(holder, listing)
    returned = actions.do_review_listing(office, listing, approve=False, reason="费用说明不清")
    assert returned.status == Listing.Status.RETURNED and returned.review_note == "费用说明不清"
    actions.do_save_listing(holder, returned, {"other_terms": "按年支付"})
    actions.do_submit_listing(holder, listing)
    assert actions.do_review_listing(office, listing, approve=True).status == Listing.Status.APPROVED
    published = actions.do_publish_listing(office, listing)
    assert published.status == Listing.Status.PUBLISHED and published.published_at
    withdrawn = actions.do_withdraw_listing(holder, listing, "已与受让方达成协议")
    assert withdrawn.status == Listing.Status.WITHDRAWN
    assert list(AuditLog.objects.filter(target_type="market.listing").order_by("pk").values_list("action", flat=True)) \
        == ["market.listing_create", "market.listing_submit", "market.listing_return", "market.listing_edit",
            "market.listing_submit", "market.listing_approve", "market.listing_publish", "market.listing_withdraw"]


def test_a_return_needs_a_reason(holder, office, listing):
    actions.do_submit_listing(holder, listing)
    with pytest.raises(actions.Refused) as caught:
        actions.do_review_listing(office, listing, approve=False, reason=" ")
    assert "reason" in caught.value.errors


def test_steps_out_of_order_are_refused(holder, office, listing):
    with pytest.raises(actions.Refused):
        actions.do_publish_listing(office, listing)  # a draft
    with pytest.raises(actions.Refused):
        actions.do_review_listing(office, listing, approve=True)
    actions.do_submit_listing(holder, listing)
    with pytest.raises(actions.Refused):
        actions.do_save_listing(holder, listing, {"title": "改"})  # under review


def test_only_the_office_reviews_and_only_the_holder_submits(holder, stranger, office, listing):
    with pytest.raises(PermissionDenied):
        actions.do_submit_listing(stranger, listing)
    actions.do_submit_listing(holder, listing)
    with pytest.raises(PermissionDenied):
        actions.do_review_listing(holder, listing, approve=True)
    with pytest.raises(PermissionDenied):
        actions.do_withdraw_listing(stranger, listing)


def test_publication_rechecks_the_patent(holder, office, listing, invention):
    """A patent that lapsed after the review cannot be published."""
    actions.do_submit_listing(holder, listing)
    actions.do_review_listing(office, listing, approve=True)
    data = dict(invention.data)
    data["events"] = [{"date": "2024-06-01", "code": "未缴年费专利权终止", "description": ""}]
    invention.data = data
    invention.save(update_fields=["data"])
    with pytest.raises(actions.Refused):
        actions.do_publish_listing(office, listing)


def test_withdrawing_an_open_licence_frees_the_patent_for_an_exclusive_licence(holder, office, listing, invention):
    actions.do_submit_listing(holder, listing)
    actions.do_withdraw_listing(holder, listing)
    exclusive = actions.do_save_listing(holder, None, {"application": invention, "kind": "license",
                                                       "license_type": "exclusive", "title": "独占许可",
                                                       "price_mode": "negotiable"})
    assert actions.do_submit_listing(holder, exclusive).status == Listing.Status.SUBMITTED
