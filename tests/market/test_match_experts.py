"""Demand → experts (docs/market.md 匹配): the review pool's active experts whose declared fields meet the demand's
IPC or SEI, by the IPC and SEI levels patents are scored with; shown to the office on the demand page only."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.market.test_match_pages import DEMAND, buyer, buyer_org  # noqa: F401 (fixtures)
from zhichan.market import actions
from zhichan.market.matching.engine import Need
from zhichan.market.matching.scoring import weights
from zhichan.market.matching.targets import experts_for
from zhichan.projects.models import Expert

pytestmark = pytest.mark.django_db


def expert(name: str, fields: list[str], active: bool = True) -> Expert:
    return Expert.objects.create(name=name, title="senior", years=12, fields=fields, active=active)


@pytest.fixture
def pool(db):
    return {
        "subgroup": expert("张正极", ["H01M4/131"]),
        "subclass": expert("李电池", ["H01M"]),
        "sei": expert("王新能", ["6.3"]),
        "other": expert("赵挖掘", ["E02F3/36", "2.1"]),
        "retired": expert("钱退休", ["H01M4/131"], active=False),
    }


def test_experts_by_their_fields_with_the_points_of_each(pool):
    share = weights()
    found = experts_for(Need.of("低温锂电池正极材料", ["H01M4/131"], sei=("6.3.1",)), limit=10)
    names = [t.name for t in found]
    # same subgroup: ipc 1; same subclass (a demand naming a subgroup, an expert naming the subclass): 0.5;
    # SEI 6.3 against the demand's 6.3.1: ⅔ of the path; no shared field, or out of the pool: left out
    assert names == ["张正极", "李电池", "王新能"]
    top, second, third = found
    assert top.score == pytest.approx(share["ipc"] * 1 + share["credit"] * 0.5 + share["price"] * 0.5, abs=1e-6)
    assert second.factors["ipc"]["value"] == 0.5 and second.factors["ipc"]["shared"] == ["H01M"]
    assert third.factors["sei"]["value"] == pytest.approx(0.6667, abs=1e-4) and third.factors["ipc"]["value"] == 0
    assert top.kind == "expert" and top.ref == pool["subgroup"].pk


def test_a_demand_naming_no_field_gets_no_expert(pool):
    assert experts_for(Need.of("低温锂电池正极材料", [])) == []


def test_the_office_sees_the_experts_on_the_demand_page_the_enterprise_does_not(pool, buyer, django_user_model,  # noqa: F811
                                                                                 client):
    demand = actions.do_save_demand(buyer, None, dict(DEMAND, ipc="H01M4/131",
                                                      deadline=timezone.localdate() + dt.timedelta(days=30)),
                                    publish=True)
    office = django_user_model.objects.create_user("office-x", password="x", role="office")
    client.force_login(office)
    page = client.get(f"/market/demands/{demand.pk}/").content.decode()
    assert 'id="demand-experts"' in page and "张正极" in page and "李电池" in page
    assert "赵挖掘" not in page and "钱退休" not in page
    client.force_login(buyer)
    page = client.get(f"/market/demands/{demand.pk}/").content.decode()
    assert 'id="demand-experts"' not in page and "张正极" not in page
