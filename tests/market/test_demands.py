"""Demands: field rules, and confidentiality — a non-matched user never sees the details (page, list, search,
export)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as Dec

import pytest
from django.utils import timezone

from zhichan.core.models import Organization
from zhichan.market import access, actions
from zhichan.market.models import Demand, IndustryChain

pytestmark = pytest.mark.django_db

SECRET = "钴酸锂正极掺杂配方保密参数"


def values(**extra):
    return {"title": "高镍正极材料改性", "summary": "寻求正极材料循环寿命提升方案", "details": SECRET,
            "ipc": "H01M 4/131", "trl": 5, "budget_min_wan": Dec(50), "budget_max_wan": Dec(200), "mode": "joint_rd",
            "deadline": timezone.localdate() + dt.timedelta(days=60), **extra}


@pytest.fixture
def demand(holder):
    return actions.do_save_demand(holder, None, values(), publish=True)


def errors(user, **extra):
    with pytest.raises(actions.Refused) as caught:
        actions.do_save_demand(user, None, values(**extra), publish=True)
    return caught.value.errors


def test_a_demand_is_stored_normalised(demand):
    assert demand.ipc == "H01M4/131" and demand.status == Demand.Status.OPEN and demand.published_at


@pytest.mark.parametrize("extra,field", [
    ({"ipc": "XYZ"}, "ipc"), ({"trl": 10}, "trl"), ({"trl": 0}, "trl"),
    ({"budget_min_wan": Dec(300)}, "budget_max_wan"), ({"deadline": dt.date(2020, 1, 1)}, "deadline"),
    ({"sei": "9.9.9"}, "sei"), ({"mode": ""}, "mode"), ({"title": ""}, "title"),
])
def test_field_rules(holder, extra, field):
    assert field in errors(holder, **extra)


def test_today_is_no_deadline(holder):
    assert "deadline" in errors(holder, deadline=timezone.localdate())


def test_details_only_for_the_poster_the_office_and_matched_parties(demand, holder, stranger, office, client):
    assert access.may_see_details(holder, demand) and access.may_see_details(office, demand)
    assert not access.may_see_details(stranger, demand)
    client.force_login(stranger)
    page = client.get(f"/market/demands/{demand.pk}/").content.decode()
    assert "寻求正极材料" in page and SECRET not in page and 'id="details-hidden"' in page
    assert SECRET not in client.get("/market/demands/").content.decode()
    assert not client.get("/market/demands/", {"q": "保密参数"}).context["page"].object_list  # no search by details
    assert SECRET not in client.get("/market/demands/export.csv").content.decode("utf-8-sig")
    assert not access.search_demands(stranger, "保密参数").exists()
    # once matched, the stranger's organisation reads them everywhere
    actions.do_record_match(None, demand, stranger.organization, score=0.8, reasons={"ipc": ["H01M4/131"]})
    assert SECRET in client.get(f"/market/demands/{demand.pk}/").content.decode()
    assert SECRET in client.get("/market/demands/export.csv").content.decode("utf-8-sig")
    assert list(client.get("/market/demands/", {"q": "保密参数"}).context["page"].object_list) == [demand]


def test_an_anonymous_visitor_sees_summaries_only(demand, client):
    page = client.get(f"/market/demands/{demand.pk}/").content.decode()
    assert "寻求正极材料" in page and SECRET not in page
    assert SECRET not in client.get("/market/demands/export.csv").content.decode("utf-8-sig")


def test_drafts_are_not_public(holder, stranger, client):
    draft = actions.do_save_demand(holder, None, values(title="草稿需求"))
    client.force_login(stranger)
    assert client.get(f"/market/demands/{draft.pk}/").status_code == 404
    assert "草稿需求" not in client.get("/market/demands/").content.decode()


def test_a_matched_party_answers_with_its_interest(demand, stranger, client):
    match = actions.do_record_match(None, demand, stranger.organization, score=0.5)
    client.force_login(stranger)
    bad = client.post(f"/market/matches/{match.pk}/interest/", {"interest": "maybe"})
    assert bad.status_code == 400
    client.post(f"/market/matches/{match.pk}/interest/", {"interest": "declined", "note": "预算不足"})
    match.refresh_from_db()
    assert match.interest == "declined" and match.interest_note == "预算不足"


def test_another_party_cannot_answer_for_a_match(demand, stranger, holder, client):
    third = Organization.objects.create(name="第三方公司")
    match = actions.do_record_match(None, demand, third, score=0.5)
    client.force_login(stranger)
    assert client.post(f"/market/matches/{match.pk}/interest/", {"interest": "interested"}).status_code == 403


def test_industry_chain_libraries(holder, office, client):
    chain = actions.do_save_chain(office, {"name": "新能源汽车", "description": ""})
    demand = actions.do_save_demand(holder, None, values(chain=chain), publish=True)
    client.force_login(office)
    page = client.get(f"/market/chains/{chain.pk}/").content.decode()
    assert demand.title in page and SECRET in page  # the office reads the details of its library
    assert client.get("/market/chains/").status_code == 200
    assert IndustryChain.objects.get().demands.count() == 1
