"""Matching in the pages (docs/market.md 页面中的匹配): the engine's results stored as matches with their reasons,
idempotently; who a match opens a demand's details to; the reasons on the demand and 我的需求 pages; the interest
answer; 重新匹配 as a job; permissions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.market.conftest import HOLDER, load, patent
from zhichan.core import jobs
from zhichan.core.models import Job, Organization
from zhichan.core.permissions import PermissionDenied
from zhichan.market import access, actions
from zhichan.market.models import Match
from zhichan.search import sync
from zhichan.services.models import Notification

pytestmark = pytest.mark.django_db

UNREGISTERED = "无名新能源材料有限公司"
SECRET = "正极包覆工艺的保密参数"
# the demand's words are in the holder's patent title (锂电池正极材料, 低温) and in the unregistered holder's one
# (正极材料); the excavator patent shares neither words nor class
DEMAND = {"title": "低温锂电池正极材料", "summary": "低温环境下锂电池正极材料的容量保持率不足", "details": SECRET,
          "ipc": "H01M", "mode": "joint_rd", "trl": None, "budget_min_wan": None, "budget_max_wan": None,
          "sei": "", "chain": None}


@pytest.fixture
def buyer_org(db):
    return Organization.objects.create(name="徐州需求电池有限公司", kind=Organization.Kind.ENTERPRISE)


@pytest.fixture
def buyer(django_user_model, buyer_org):
    return django_user_model.objects.create_user("buyer1", password="x", role="enterprise", organization=buyer_org)


@pytest.fixture
def corpus(db):
    apps = load(
        patent(1, title="一种低温锂电池正极材料", abstract="锂电池正极材料在低温下容量保持率高。"),
        patent(2, holder=UNREGISTERED, title="一种正极材料的包覆方法", abstract="正极材料表面包覆。",
               main_ipc="H01M4/36", ipc=["H01M4/36"]),
        patent(3, holder="徐州挖掘机械有限公司", title="一种挖掘机臂架", abstract="臂架强度高。",
               main_ipc="E02F3/36", ipc=["E02F3/36"]),
    )
    sync.rebuild()
    return apps


@pytest.fixture
def demand(buyer, corpus):
    return actions.do_save_demand(buyer, None, dict(DEMAND, deadline=timezone.localdate() + dt.timedelta(days=30)),
                                  publish=True)


def stored(demand):
    return {m.application.key: m for m in Match.objects.filter(demand=demand).select_related("application")}


def test_matches_are_stored_with_the_engines_reasons(demand, corpus, holder_org, buyer_org):
    counts = actions.do_match_demand(None, demand)
    rows = stored(demand)
    mine, theirs, digger = corpus
    assert counts["created"] == 2 and set(rows) == {mine.key, theirs.key}  # the excavator has nothing in common
    first = rows[mine.key]
    assert first.organization == holder_org and first.reasons["registered"] is True
    assert first.source == Match.Source.ENGINE and first.reasons["application_number"] == mine.key
    assert first.reasons["shared_terms"] == ["低温锂电池正极材料", "容量保持率"]
    assert first.reasons["shared_classes"] == ["H01M4/131"]
    factors = first.reasons["factors"]
    assert set(factors) == {"text", "ipc", "sei", "region", "credit", "price"}
    assert factors["ipc"]["value"] == 1.0  # the demand names the subclass: any code in it fits fully
    assert first.score == pytest.approx(sum(p["points"] for p in factors.values()), abs=1e-3)
    assert first.score > rows[theirs.key].score  # more words in common, the same class
    # the holder not on the platform: stored under the demand's own organisation, opening nothing to anyone
    assert rows[theirs.key].organization == buyer_org and rows[theirs.key].reasons["registered"] is False


def test_storing_again_updates_and_never_duplicates(demand, corpus, holder, monkeypatch):
    mine, theirs, digger = corpus
    actions.do_match_demand(None, demand)
    row = stored(demand)[mine.key]
    Match.objects.filter(pk=row.pk).update(score=0.01, reasons={"kind": "patent"})
    actions.do_express_interest(holder, row, Match.Interest.INTERESTED, "可以洽谈")
    hand = Match.objects.create(demand=demand, organization=holder.organization, application=digger,
                                source=Match.Source.OFFICE)
    again = actions.do_match_demand(None, demand)
    assert again == {"created": 0, "updated": 2, "removed": 0}
    assert Match.objects.filter(demand=demand).count() == 3
    row.refresh_from_db()
    assert row.score > 0.5 and row.reasons["shared_terms"] and row.interest == Match.Interest.INTERESTED
    monkeypatch.setenv("ZHICHAN_MATCH_STORE", "1")  # the unregistered holder's patent falls out of the top
    assert actions.do_match_demand(None, demand)["removed"] == 1
    assert set(stored(demand)) == {mine.key, digger.key}  # the answered one and the office's own are kept
    assert Match.objects.get(pk=hand.pk).source == Match.Source.OFFICE


def test_details_open_only_to_the_registered_holder(demand, corpus, holder, stranger, django_user_model):
    late = Organization.objects.create(name=UNREGISTERED, kind=Organization.Kind.ENTERPRISE,
                                       status=Organization.Status.PENDING)
    late_user = django_user_model.objects.create_user("late1", password="x", role="enterprise", organization=late)
    assert not access.may_see_details(holder, demand)  # nothing matched yet
    actions.do_match_demand(None, demand)
    assert access.may_see_details(holder, demand)
    assert not access.may_see_details(stranger, demand)
    assert not access.may_see_details(late_user, demand)  # not verified: not a registered holder
    late.status = Organization.Status.VERIFIED
    late.save()
    actions.do_match_demand(None, demand)  # the holder registered since: the next run opens the details to it
    assert access.may_see_details(late_user, demand)


def test_the_demand_page_shows_why(demand, buyer, holder, stranger, office, corpus, client):
    actions.do_match_demand(None, demand)
    mine, theirs, _digger = corpus
    client.force_login(buyer)
    page = client.get(f"/market/demands/{demand.pk}/").content.decode()
    assert 'id="demand-matches"' in page and HOLDER in page and UNREGISTERED in page
    assert '<mark class="shared-term">低温锂电池正极材料</mark>' in page
    assert '<code class="shared-class">H01M4/131</code>' in page
    assert 'data-factor="text"' in page and 'data-factor="price"' in page
    assert page.count('class="interest-form"') == 0  # the owner does not answer its own demand
    client.force_login(stranger)
    page = client.get(f"/market/demands/{demand.pk}/").content.decode()
    assert 'id="demand-matches"' not in page and SECRET not in page and 'id="rematch"' not in page
    client.force_login(holder)
    page = client.get(f"/market/demands/{demand.pk}/").content.decode()
    assert SECRET in page and HOLDER in page and UNREGISTERED not in page  # its own match only
    assert page.count('class="interest-form"') == 1


def test_the_matched_party_answers_from_my_demands(demand, holder, buyer, corpus, client):
    actions.do_match_demand(None, demand)
    client.force_login(holder)
    page = client.get("/market/demands/mine/").content.decode()
    assert 'id="matched-to-us"' in page and DEMAND["title"] in page and "shared-term" in page
    match = Match.objects.get(demand=demand, organization=holder.organization)
    assert client.post(f"/market/matches/{match.pk}/interest/", {"interest": "bogus"}).status_code == 400
    response = client.post(f"/market/matches/{match.pk}/interest/", {"interest": "interested", "note": "可以洽谈"})
    assert response.status_code == 302
    match.refresh_from_db()
    assert match.interest == Match.Interest.INTERESTED and match.interest_note == "可以洽谈"
    told = Notification.objects.get(user=buyer)  # the demand's organisation learns the answer
    assert HOLDER in told.title and "有意向" in told.title and told.url == f"/market/demands/{demand.pk}/"


def test_nobody_answers_for_an_unregistered_holder(demand, buyer, corpus):
    actions.do_match_demand(None, demand)
    row = Match.objects.get(demand=demand, application=corpus[1])
    with pytest.raises(PermissionDenied):
        actions.do_express_interest(buyer, row, Match.Interest.INTERESTED)


def test_publishing_and_rematching_queue_the_job(buyer, office, stranger, holder, corpus, client,
                                                 django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as queued:
        demand = actions.do_save_demand(buyer, None, dict(DEMAND, deadline=None), publish=True)
    assert len(queued) == 1
    job = Job.objects.get(kind="market.match")
    assert job.params == {"demand": demand.pk} and not Match.objects.exists()  # nothing before the job runs
    assert jobs.run(job.pk).status == Job.Status.DONE
    assert Match.objects.filter(demand=demand).count() == 2
    client.force_login(stranger)
    assert client.post(f"/market/demands/{demand.pk}/rematch/").status_code == 404
    client.force_login(holder)  # matched, but neither the demand's organisation nor the office
    assert client.post(f"/market/demands/{demand.pk}/rematch/").status_code == 404
    client.force_login(office)
    with django_capture_on_commit_callbacks() as queued:
        assert client.post(f"/market/demands/{demand.pk}/rematch/").status_code == 302
    assert len(queued) == 1 and Job.objects.filter(kind="market.match").count() == 2
    with pytest.raises(PermissionDenied):
        actions.do_match_demand(stranger, demand)


def test_a_draft_demand_is_not_matched(buyer, corpus):
    draft = actions.do_save_demand(buyer, None, dict(DEMAND, deadline=None))
    with pytest.raises(actions.Refused):
        actions.do_rematch_demand(buyer, draft)
    assert actions.do_match_demand(None, draft)["created"] == 0 and not Match.objects.exists()


def test_the_holders_listing_page_shows_the_demands_it_matched(demand, holder, stranger, corpus, client):
    from zhichan.market.models import Listing

    listing = Listing.objects.create(application=corpus[0], organization=holder.organization, kind="transfer",
                                     title="低温正极材料专利转让", price_mode="negotiable", status="published")
    actions.do_match_demand(None, demand)
    client.force_login(holder)
    page = client.get(f"/market/{listing.pk}/").content.decode()
    assert 'id="listing-matches"' in page and DEMAND["title"] in page and "shared-term" in page
    client.force_login(stranger)
    assert 'id="listing-matches"' not in client.get(f"/market/{listing.pk}/").content.decode()


def test_patent_to_enterprises_for_the_holder_and_the_office(demand, corpus, holder, stranger, office, client):
    mine = corpus[0]
    url = f"/market/patents/{mine.key}/enterprises/"
    client.force_login(holder)
    assert 'id="find-enterprises"' in client.get(f"/patents/{mine.key}/").content.decode()
    page = client.get(url).content.decode()
    # the unregistered holder's similar patent, and the buyer's open demand the patent fits (its public words only)
    assert UNREGISTERED in page and "徐州需求电池有限公司" in page and f"/market/demands/{demand.pk}/" in page
    assert '<mark class="shared-term">' in page and 'data-factor="ipc"' in page and SECRET not in page
    assert not Match.objects.exists()  # computed on demand, not stored
    client.force_login(office)
    assert client.get(url).status_code == 200
    client.force_login(stranger)
    assert 'id="find-enterprises"' not in client.get(f"/patents/{mine.key}/").content.decode()
    assert client.get(url).status_code == 403
