"""The grading of stock patents (market/grading.py) on hand-built facts, every score computed by hand from the
default weights (term 20, claims 15, family 10, citations 15, legal 15, SEI 10, self-rating 15: they add up to 100,
so each weight is its points), and the facts read from a loaded record (market/stock.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.market.conftest import load, patent
from zhichan.market import grading, stock
from zhichan.patents.models import Application

D = dt.date


def points(g: grading.Grade) -> dict[str, float]:
    return {r["name"]: r["points"] for r in g.reasons}


def test_a_strong_invention_hand_computed():
    facts = grading.Facts(valid_today=True, term_end=D(2040, 3, 1), claims=8, family_size=3, cited_by=2,
                          pledged=True, sei=("1.2",), prospects=5, trl=9)
    g = grading.grade(facts, D(2026, 3, 1))
    # 14.0 years left → 1 × 20; 8/10 × 15 = 12; (3 − 1)/4 × 10 = 5; 2/5 × 15 = 6; pledge 1 − 0.2 → 0.8 × 15 = 12;
    # SEI 10; self (1 + 1)/2 × 15 = 15
    assert points(g) == {"term": 20, "claims": 12, "family": 5, "citations": 6, "legal": 12, "sei": 10, "self": 15}
    assert g.score == 80.0 and g.grade == "A"
    term = g.reasons[0]
    assert term["params"] == {"end": "2040-03-01", "years": 14.0, "full": 10}


def test_a_weak_utility_model_hand_computed():
    facts = grading.Facts(valid_today=True, term_end=D(2030, 3, 1), claims=None, family_size=1, cited_by=0,
                          restored_lapses=1, invalidation=True)
    g = grading.grade(facts, D(2025, 3, 1))
    # 5.0 years → 0.5 × 20 = 10; claims unknown: neutral 0.5 × 15 = 7.5; no other family member 0; never cited 0;
    # restored lapse and invalidation: 1 − 0.4 − 0.4 = 0.2 × 15 = 3; no SEI 0; not self-rated: 0.5 × 15 = 7.5
    assert points(g) == {"term": 10, "claims": 7.5, "family": 0, "citations": 0, "legal": 3, "sei": 0, "self": 7.5}
    assert g.score == 28.0 and g.grade == "D"
    assert g.reasons[1]["why"] == "数据中没有此项，按中间值计"
    assert g.reasons[4]["params"]["events"] == ["曾因未缴年费等终止后恢复", "有无效宣告事件"]


def test_a_patent_not_in_force_is_d_whatever_its_points():
    facts = grading.Facts(valid_today=False, term_end=D(2040, 3, 1), claims=12, family_abroad=True, cited_by=9,
                          sei=("3.1",), prospects=5, trl=9)
    g = grading.grade(facts, D(2026, 3, 1))
    assert points(g)["term"] == 0 and g.score == 80.0  # 0 + 15 + 10 + 15 + 15 + 10 + 15
    assert g.grade == "D"


def test_suspension_takes_the_whole_legal_indicator_and_self_rating_uses_what_is_given():
    facts = grading.Facts(valid_today=True, term_end=D(2040, 3, 1), claims=10, family_size=5, cited_by=5,
                          suspended=True, pledged=True, prospects=3)
    g = grading.grade(facts, D(2026, 3, 1))
    assert points(g)["legal"] == 0
    assert points(g)["self"] == 7.5  # prospects 3 → (3 − 1)/4 = 0.5; no TRL given: the prospects alone
    assert g.score == 20 + 15 + 10 + 15 + 0 + 0 + 7.5


def test_tiers_at_their_thresholds():
    limits = (75.0, 60.0, 40.0)
    assert [grading.tier(s, True, limits) for s in (75, 74.9, 60, 59.9, 40, 39.9, 0)] == \
        ["A", "B", "B", "C", "C", "D", "D"]


def test_weights_and_thresholds_are_settings(monkeypatch):
    facts = grading.Facts(valid_today=True, term_end=D(2040, 3, 1), claims=8, family_size=3, cited_by=2,
                          pledged=True, sei=("1.2",), prospects=5, trl=9)
    monkeypatch.setenv("ZHICHAN_STOCK_GRADE_A", "90")
    assert grading.grade(facts, D(2026, 3, 1)).grade == "B"  # 80 points: under A at 90, over B at 60
    for name in grading.INDICATORS:
        monkeypatch.setenv(f"ZHICHAN_STOCK_WEIGHT_{name.upper()}", "0")
    monkeypatch.setenv("ZHICHAN_STOCK_WEIGHT_CLAIMS", "3")  # relative points: claims alone makes the score
    g = grading.grade(facts, D(2026, 3, 1))
    assert g.score == 80.0 and points(g)["claims"] == 80.0 and points(g)["term"] == 0


def test_years_left_and_the_design_term():
    assert grading.years_left(D(2030, 3, 1), D(2025, 3, 1)) == 5.0
    assert grading.years_left(D(2020, 1, 1), D(2025, 3, 1)) == 0.0


@pytest.mark.django_db
def test_facts_read_from_a_loaded_record():
    events = [(D(2023, 5, 1), "未缴年费终止", "专利权因未缴年费终止"), (D(2023, 8, 1), "恢复", "权利恢复"),
              (D(2024, 1, 1), "质押", "专利权质押合同登记的生效"), (D(2024, 6, 1), "无效宣告请求", "无效宣告请求审查")]
    app = load(patent(1, filing=D(2020, 3, 1), events=events, claims_count=8, family_size=3, cited_by_count=2,
                      family_members=["US11223344B2"]))[0]
    Application.objects.filter(pk=app.pk).update(sei_codes=["1.2"])
    app.refresh_from_db()
    f = stock.facts(app, today=D(2026, 3, 1))
    assert f.valid_today and f.term_end == D(2040, 3, 1)
    assert (f.claims, f.family_size, f.cited_by, f.family_abroad) == (8, 3, 2, True)
    assert f.restored_lapses == 1 and f.invalidation and f.pledged and not f.suspended
    assert f.sei == ("1.2",)
    # grading those facts: 20 + 12 + 10 (granted abroad) + 6 + (1 − 0.4 − 0.4 − 0.2 = 0) + 10 + 7.5 = 65.5
    g = grading.grade(f, D(2026, 3, 1))
    assert points(g)["legal"] == 0 and g.score == 65.5 and g.grade == "B"
    lapsed = load(patent(2, events=[(D(2024, 3, 1), "未缴年费终止", "专利权因未缴年费终止")]))[0]
    assert not stock.facts(lapsed, today=D(2026, 3, 1)).valid_today
