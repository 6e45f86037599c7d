"""A party matched to a demand by two patents answers each match by its own form: on 我的需求 and on the demand page
no id appears twice and every label names a field of its own form, also when one answer is refused (400)."""

from __future__ import annotations

from collections import Counter

import pytest
from lxml import html

from tests.market.conftest import load, patent
from tests.market.test_demands import values
from zhichan.market import actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def matches(holder, stranger):
    demand = actions.do_save_demand(holder, None, values(), publish=True)
    apps = load(patent(1, holder=stranger.organization.name), patent(2, holder=stranger.organization.name))
    return [actions.do_record_match(None, demand, stranger.organization, application=app, score=0.5)
            for app in apps]


def _check(content: bytes, forms: int) -> list:
    tree = html.fromstring(content)
    assert [i for i, n in Counter(tree.xpath("//@id")).items() if n > 1] == []
    found = tree.xpath("//form[contains(@class, 'interest-form')]")
    assert len(found) == forms
    for form in found:
        labels = form.xpath(".//label/@for")
        assert len(labels) == 2  # 意向, 说明
        for target in labels:
            assert form.xpath(f".//*[@id='{target}']"), target
    return found


def test_each_match_has_its_own_form_ids(client, stranger, matches):
    client.force_login(stranger)
    _check(client.get("/market/demands/mine/").content, 2)
    _check(client.get(f"/market/demands/{matches[0].demand_id}/").content, 2)


def test_a_refused_answer_is_shown_in_its_own_form(client, stranger, matches):
    client.force_login(stranger)
    bad = client.post(f"/market/matches/{matches[1].pk}/interest/", {"interest": "maybe", "note": "再议"})
    assert bad.status_code == 400
    answered = [f for f in _check(bad.content, 2) if f.get("action") == f"/market/matches/{matches[1].pk}/interest/"]
    assert answered[0].xpath(".//p[@class='error']") and answered[0].xpath(".//input[@value='再议']")
