"""The matching factors and the score, pure (docs/market.md 匹配)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from zhichan.market.matching import evaluation as ev
from zhichan.market.matching import factors as fx
from zhichan.market.matching import terms
from zhichan.market.matching.scoring import FACTORS, combine, weights


@pytest.mark.parametrize(("wanted", "code", "level", "value"), [
    ("H01M10/052", "H01M10/052", "subgroup", 1.0),
    ("H01M10/052", "H01M10/0525", "group", 0.8),
    ("H01M10/00", "H01M10/0525", "group", 1.0),  # a main group asked for: all of it fits
    ("H01M10/052", "H01M4/131", "subclass", 0.5),
    ("H01M", "H01M4/131", "subclass", 1.0),  # a subclass asked for: all of it fits
    ("H01M10/052", "H01G11/06", "class", 0.2),
    ("H01M10/052", "H02J7/00", "", 0.0),  # a shared section counts for nothing
])
def test_ipc_levels(wanted, code, level, value):
    assert fx.ipc_level(wanted, code) == (level, value)


def test_ipc_overlap_takes_the_best_level_and_lists_the_shared_codes():
    factor = fx.ipc_overlap(["H01M10/052"], ["H01M4/131", "H01M10/0525", "B60L50/64"])
    assert factor.value == 0.8
    assert factor.shared == ("H01M10/0525", "H01M4/131")
    assert fx.ipc_overlap([], ["H01M4/131"]).value == 0.0


def test_sei_region_credit_price():
    assert fx.sei_overlap(["1.2"], ["1.2.3"]).value == 1.0
    assert fx.sei_overlap(["1.2.3"], ["1.2.4"]).value == pytest.approx(2 / 3, abs=1e-4)
    assert fx.sei_overlap(["1.2"], ["4.1"]).value == 0.0
    assert fx.region_proximity("320311", "320311").value == 1.0
    assert fx.region_proximity("320311", "320302").shared == ("city",)
    assert fx.region_proximity("320311", "320102").value == 0.4
    assert fx.region_proximity("320311", "110101").value == 0.0
    assert fx.region_proximity("", "320311").value == 0.0
    assert fx.credit("A+").value == 1.0 and fx.credit("D").value == 0.1
    assert fx.credit(None).value == fx.NEUTRAL
    assert fx.price_fit(Decimal(10), Decimal(50), Decimal(30)).value == 1.0
    assert fx.price_fit(None, Decimal(50), Decimal(75)).value == 0.5  # half over the ceiling
    assert fx.price_fit(None, Decimal(50), Decimal(100)).value == 0.0
    assert fx.price_fit(Decimal(10), Decimal(50), Decimal(5)).value == 0.8
    assert fx.price_fit(None, None, Decimal(5)).value == fx.NEUTRAL
    assert fx.price_fit(Decimal(10), Decimal(50), None).note == "unknown"


def test_weights_are_settings_divided_by_their_sum(monkeypatch):
    share = weights()
    assert set(share) == set(FACTORS) and sum(share.values()) == pytest.approx(1.0)
    monkeypatch.setenv("ZHICHAN_MATCH_WEIGHT_TEXT", "0")
    monkeypatch.setenv("ZHICHAN_MATCH_WEIGHT_IPC", "30")
    monkeypatch.setenv("ZHICHAN_MATCH_WEIGHT_SEI", "0")
    monkeypatch.setenv("ZHICHAN_MATCH_WEIGHT_REGION", "0")
    monkeypatch.setenv("ZHICHAN_MATCH_WEIGHT_CREDIT", "10")
    monkeypatch.setenv("ZHICHAN_MATCH_WEIGHT_PRICE", "0")
    assert weights() == {"text": 0.0, "ipc": 0.75, "sei": 0.0, "region": 0.0, "credit": 0.25, "price": 0.0}


def test_combine_reports_each_factor():
    found = {name: fx.Factor(0.0) for name in FACTORS}
    found["text"] = fx.Factor(0.5)
    found["ipc"] = fx.Factor(1.0, ("H01M10/052",))
    share = {name: 0.0 for name in FACTORS} | {"text": 0.6, "ipc": 0.4}
    scored = combine(found, share)
    assert scored.score == pytest.approx(0.7)
    assert scored.parts["text"] == {"value": 0.5, "weight": 0.6, "points": 0.3}
    assert scored.parts["ipc"]["shared"] == ["H01M10/052"]


def test_features_and_shared_terms():
    grams = terms.features("我们需要一种低温锂电池正极材料")
    assert ("锂", "电") in grams and ("正", "极") in grams
    assert ("一", "种") not in grams and ("需", "要") not in grams  # boilerplate
    assert terms.features("LiDAR point cloud for a robot") == [("lidar",), ("point",), ("cloud",), ("robot",)]
    shared = terms.shared_terms("低温下容量高的锂电池正极材料", "一种锂电池正极材料的制备方法，低温性能好")
    assert "锂电池正极材料" in shared and "低温" in shared


def test_demand_text_is_the_problem_not_the_invention():
    background = ("目前，电池在低温下容量衰减严重。本发明提出一种新的正极材料。<br/>现有方案成本高，难以量产，"
                  "因此如何在低温下保持容量是亟需解决的问题。")
    text = ev.demand_text(background)
    assert "本发明" not in text and "<br/>" not in text
    assert text.endswith("亟需解决的问题。")
    assert ev.demand_text("太短。") == ""


def test_measures():
    relevant = {"a": 2, "b": 1}
    assert ev.recall_at(["x", "a", "y"], relevant, 10) == 0.5
    assert ev.ndcg_at(["a", "b"], relevant) == pytest.approx(1.0)
    assert 0 < ev.ndcg_at(["x", "a"], relevant) < ev.ndcg_at(["a", "x"], relevant) < 1
    assert ev.recall_at(["a"], {}, 10) == 0.0
