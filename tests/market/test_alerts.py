"""Market notifications (docs/market.md 通知): an open demand is told once of a newly published listing that fits it;
the holder of a listed patent is told when an import changes the patent (lapse, restoration, transfer, pledge), the
listing page warns and the office's review page flags it; the listing is not withdrawn."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.utils import timezone

from tests.market.conftest import HOLDER, load, patent
from zhichan.core import jobs
from zhichan.core.models import Job, Organization
from zhichan.market import actions, alerts
from zhichan.market.models import Listing, Match
from zhichan.patents import record as rec
from zhichan.search import sync
from zhichan.services.models import Notification

pytestmark = pytest.mark.django_db

D = dt.date
BATTERY = {"title": "低温锂电池正极材料", "summary": "低温环境下锂电池正极材料的容量保持率不足", "details": "保密",
           "ipc": "H01M", "mode": "license"}
DIGGER = {"title": "挖掘机臂架减重", "summary": "挖掘机臂架在重载下开裂", "details": "保密", "ipc": "E02F",
          "mode": "license"}


@pytest.fixture
def buyer(django_user_model):
    org = Organization.objects.create(name="徐州需求电池有限公司", kind=Organization.Kind.ENTERPRISE)
    return django_user_model.objects.create_user("buyer1", password="x", role="enterprise", organization=org)


@pytest.fixture
def colleague(django_user_model, buyer):
    return django_user_model.objects.create_user("buyer2", password="x", role="enterprise",
                                                 organization=buyer.organization)


def demand(user, values):
    return actions.do_save_demand(user, None, dict(values, deadline=timezone.localdate() + dt.timedelta(days=30)),
                                  publish=True)


@pytest.fixture
def battery_patent(db):
    app = load(patent(1, title="一种低温锂电池正极材料", abstract="锂电池正极材料在低温下容量保持率高。"))[0]
    sync.rebuild()
    return app


def publish(holder, office, app, capture) -> Listing:
    listing = actions.do_save_listing(holder, None, {"application": app, "kind": "transfer", "title": "正极材料专利转让",
                                                     "price_mode": "lump_sum", "lump_sum_wan": 100})
    actions.do_submit_listing(holder, listing)
    actions.do_review_listing(office, listing, True)
    with capture() as queued:
        actions.do_publish_listing(office, listing)
    assert len(queued) == 1
    job = Job.objects.get(kind="market.listing_alerts", params={"listing": listing.pk})
    assert jobs.run(job.pk).status == Job.Status.DONE
    return listing


def told(user) -> list[str]:
    return list(Notification.objects.filter(user=user).values_list("title", flat=True))


def test_a_fitting_new_listing_is_told_once(battery_patent, holder, office, buyer, colleague,
                                            django_capture_on_commit_callbacks):
    wanted = demand(buyer, BATTERY)
    listing = publish(holder, office, battery_patent, django_capture_on_commit_callbacks)
    for user in (buyer, colleague):  # every user of the demand's organisation
        titles = told(user)
        assert len(titles) == 1 and "一种低温锂电池正极材料" in titles[0] and BATTERY["title"] in titles[0]
    assert Notification.objects.get(user=buyer).url == f"/market/{listing.pk}/"
    match = Match.objects.get(demand=wanted, application=battery_patent)
    assert match.organization == holder.organization and match.reasons["via"] == "新挂牌专利"
    assert match.listing == listing and match.reasons["shared_classes"] == ["H01M4/131"]
    assert alerts.listing_published(listing) == 0  # the same demand and patent: never told twice
    assert alerts.notify_demands_fitting(battery_patent, "存量专利推送", "/market/stock/1/") == 0
    assert len(told(buyer)) == 1
    assert not told(holder)  # the holder is not told of its own listing


def test_a_listing_that_fits_nothing_tells_no_one(battery_patent, holder, office, buyer,
                                                  django_capture_on_commit_callbacks):
    demand(buyer, DIGGER)
    publish(holder, office, battery_patent, django_capture_on_commit_callbacks)
    assert not told(buyer) and not Match.objects.exists()


def test_the_threshold_is_a_setting(battery_patent, buyer, monkeypatch):
    demand(buyer, BATTERY)
    monkeypatch.setenv("ZHICHAN_MATCH_ALERT_MIN", "0.99")
    assert alerts.notify_demands_fitting(battery_patent, "存量专利推送", "/x/") == 0 and not told(buyer)
    monkeypatch.setenv("ZHICHAN_MATCH_ALERT_MIN", "0.3")
    assert alerts.notify_demands_fitting(battery_patent, "存量专利推送", "/x/") == 1 and len(told(buyer)) == 1


def test_the_holders_own_demand_is_not_told(battery_patent, holder):
    demand(holder, BATTERY)
    assert alerts.notify_demands_fitting(battery_patent, "新挂牌专利", "/x/") == 0 and not told(holder)


def test_a_closed_or_draft_demand_is_not_told(battery_patent, buyer):
    actions.do_close_demand(buyer, demand(buyer, BATTERY))
    actions.do_save_demand(buyer, None, dict(BATTERY, deadline=None))  # a draft
    assert alerts.notify_demands_fitting(battery_patent, "新挂牌专利", "/x/") == 0


# ---- after an import --------------------------------------------------------------------------------------------

LAPSE = (D(2026, 3, 1), "未缴年费", "未缴年费专利权终止")
RESTORED = (D(2026, 6, 1), "恢复", "专利权的恢复")


@pytest.fixture
def listed(battery_patent, holder, office, django_capture_on_commit_callbacks):
    listing = publish(holder, office, battery_patent, django_capture_on_commit_callbacks)
    sync.drain()  # whatever the publication left in the outbox
    Notification.objects.all().delete()
    return listing


def reimport(*events, **changes) -> None:
    """The same patent imported again through the loader, as a later export says it; then the index's drain, where
    the search alerts and the market's run after every import."""
    record = patent(1, title="一种低温锂电池正极材料", abstract="锂电池正极材料在低温下容量保持率高。", events=events)
    load(dataclasses.replace(record, **changes))
    sync.drain()


def test_the_holder_is_told_when_the_listed_patent_lapses(listed, holder, office, client):
    reimport(LAPSE, legal_status="lapsed")
    titles = told(holder)
    assert len(titles) == 1 and listed.application.key in titles[0]
    assert "有效→失效" in titles[0] and "专利权终止或失效" in titles[0]
    assert Notification.objects.get(user=holder).url == f"/market/{listed.pk}/"
    listed.refresh_from_db()
    assert listed.status == Listing.Status.PUBLISHED  # flagged, not withdrawn
    client.force_login(holder)
    page = client.get(f"/market/{listed.pk}/").content.decode()
    assert 'id="listing-warning"' in page and "专利权终止或失效" in page
    client.force_login(office)
    page = client.get("/market/review/").content.decode()
    assert 'id="review-flagged"' in page and listed.application.key in page
    reimport(LAPSE, legal_status="lapsed")  # the same file again: nothing new
    assert len(told(holder)) == 1


def test_a_restoration_is_told_too(listed, holder):
    reimport(LAPSE, legal_status="lapsed")
    reimport(LAPSE, RESTORED, legal_status="valid")
    titles = told(holder)
    assert len(titles) == 2 and "失效→有效" in titles[0] and "已解除" in titles[0]


def test_a_transfer_and_a_pledge_are_told(listed, holder, stranger):
    reimport((D(2026, 4, 1), "质押", "专利权质押合同登记的生效"))
    assert len(told(holder)) == 1 and "专利权已出质" in told(holder)[0]
    new_owner = [rec.PartyRecord(rec.HOLDER, "南京受让科技有限公司", country="CN")]
    reimport((D(2026, 4, 1), "质押", "专利权质押合同登记的生效"), (D(2026, 5, 1), "转移", "专利权的转移"),
             parties=[rec.PartyRecord(rec.APPLICANT, HOLDER, country="CN"), *new_owner])
    titles = told(holder)
    assert len(titles) == 2 and "专利权人已变更（转让）" in titles[0] and "专利权已出质" not in titles[0]
    assert not told(stranger)


def test_an_unlisted_patent_tells_no_one(holder):
    load(patent(5))
    sync.drain()
    load(dataclasses.replace(patent(5, events=[LAPSE]), legal_status="lapsed"))
    assert sync.drain()["indexed"] == 1
    assert not told(holder)


def test_a_withdrawn_listing_is_not_watched(listed, holder):
    actions.do_withdraw_listing(holder, listed, "不再转让")
    reimport(LAPSE, legal_status="lapsed")
    assert not told(holder)
