"""推送给我的专利 with several pushes: each card's answer form has ids of its own (no id twice on the page) and every
label names a field of its own card, also when one card's answer is refused (400)."""

from __future__ import annotations

from collections import Counter

import pytest
from lxml import html

from tests.market.conftest import UNIVERSITY, load, patent
from zhichan.core.models import Organization
from zhichan.market.models import StockPatent, StockPush

pytestmark = pytest.mark.django_db


@pytest.fixture
def pushes(holder):
    university = Organization.objects.create(name=UNIVERSITY, kind=Organization.Kind.UNIVERSITY)
    apps = load(patent(1, holder=UNIVERSITY), patent(2, holder=UNIVERSITY))
    rows = []
    for app in apps:
        entry = StockPatent.objects.create(organization=university, application=app, grade="B", score=65)
        rows.append(StockPush.objects.create(stock=entry, organization=holder.organization, score=0.5, reasons={}))
    return rows


def _check_ids(content: bytes, cards: int) -> None:
    tree = html.fromstring(content)
    counts = Counter(tree.xpath("//@id"))
    assert [i for i, n in counts.items() if n > 1] == []
    sections = tree.xpath("//section[contains(@class, 'pushed')]")
    assert len(sections) == cards
    for section in sections:
        labels = section.xpath(".//form//label/@for")
        assert len(labels) == 3  # 意向, 原因, 说明
        for target in labels:
            assert section.xpath(f".//*[@id='{target}']"), target


def test_every_card_has_its_own_ids(client, holder, pushes):
    client.force_login(holder)
    _check_ids(client.get("/market/pushed/").content, 2)


def test_a_refused_answer_keeps_the_ids_apart(client, holder, pushes):
    client.force_login(holder)
    bad = client.post(f"/market/pushed/{pushes[1].pk}/answer/", {"interest": "declined", "reason": "fits"})
    assert bad.status_code == 400
    _check_ids(bad.content, 2)
    card = html.fromstring(bad.content).xpath(f"//section[@id='push-{pushes[1].pk}']")[0]
    assert card.xpath(".//p[@class='error']")  # the reason shown in the card that was answered
