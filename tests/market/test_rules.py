"""The statutory checks of a listing (专利法 Art. 50–51, 细则 Art. 85–86) through the actions."""

from __future__ import annotations

from decimal import Decimal as Dec

import pytest

from zhichan.market import actions, rules
from zhichan.market.models import Listing

from .conftest import D, load, patent

pytestmark = pytest.mark.django_db

OPEN = {"kind": "open", "title": "锂电池极片开放许可", "price_mode": "royalty", "royalty_base": "net_sales",
        "royalty_rate": Dec(3), "term_end": D(2030, 12, 31)}


def offer(user, app, **values):
    listing = actions.do_save_listing(user, None, {"application": app, **{**OPEN, **values}})
    return listing


def refused(user, listing):
    with pytest.raises(actions.Refused) as caught:
        actions.do_submit_listing(user, listing)
    return caught.value.errors


def test_a_valid_invention_of_the_holder_is_accepted(holder, invention):
    listing = actions.do_submit_listing(holder, offer(holder, invention))
    assert listing.status == Listing.Status.SUBMITTED


def test_only_a_current_holder_may_list(stranger, invention):
    errors = refused(stranger, offer(stranger, invention))
    assert any("专利权人" in r for r in errors["patent"])


def test_the_holder_party_decides_when_recorded(holder, db):
    """A patent transferred away: the applicant is still the listing organisation, the holder is another."""
    from zhichan.patents import record as rec
    record = patent(2)
    record.parties.append(rec.PartyRecord(rec.HOLDER, "受让人科技有限公司", country="CN"))
    app = load(record)[0]
    assert not rules.is_holder(app, holder.organization)


def test_a_lapsed_patent_is_refused(holder):
    app = load(patent(3, events=[(D(2024, 3, 1), "未缴年费专利权终止", "等年费滞纳金")]))[0]
    errors = refused(holder, offer(holder, app))
    assert any("第八十六条" in r for r in errors["patent"])


def test_a_pending_application_is_refused(holder):
    app = load(patent(4, grant=None))[0]
    assert any("有效" in r for r in refused(holder, offer(holder, app))["patent"])


@pytest.mark.parametrize("events,bar", [
    ([(D(2023, 1, 5), "专利实施许可合同备案的生效", "许可种类：独占许可")], "独占或排他许可"),
    ([(D(2023, 1, 5), "专利实施许可合同备案的生效", "许可种类：排他许可")], "独占或排他许可"),
    ([(D(2024, 2, 1), "专利权的中止", "因权属纠纷中止有关程序")], "中止"),
])
def test_an_art_86_bar_blocks_an_open_licence(holder, events, bar):
    app = load(patent(5, events=events))[0]
    errors = refused(holder, offer(holder, app))
    assert any(bar in r for r in errors["patent"])


def test_a_bar_that_ended_no_longer_blocks(holder):
    app = load(patent(6, events=[(D(2023, 1, 5), "专利实施许可合同备案的生效", "独占许可"),
                                 (D(2024, 1, 5), "专利实施许可合同备案的注销", "独占许可"),
                                 (D(2024, 2, 1), "专利权的中止", ""), (D(2024, 5, 1), "中止程序结束", "")]))[0]
    assert rules.bars(app.data, D(2025, 1, 1)) == {"exclusive": False, "suspended": False, "pledged": False,
                                                   "lapsed": False}
    actions.do_submit_listing(holder, offer(holder, app))


def test_a_pledge_needs_the_pledgees_consent(holder):
    app = load(patent(7, events=[(D(2023, 4, 1), "专利权质押合同登记的生效", "质押金额 500 万元")]))[0]
    errors = refused(holder, offer(holder, app))
    assert "pledgee_consent" in errors
    consented = offer(holder, app, pledgee_consent=True)
    actions.do_submit_listing(holder, consented)
    released = load(patent(8, events=[(D(2023, 4, 1), "专利权质押合同登记的生效", ""),
                                      (D(2024, 4, 1), "专利权质押合同登记的注销", "")]))[0]
    assert not rules.bars(released.data, D(2025, 1, 1))["pledged"]


def test_a_utility_model_open_licence_needs_an_evaluation_report(holder):
    app = load(patent(9, kind="2"))[0]
    errors = refused(holder, offer(holder, app))
    assert any("第五十条" in r for r in errors["evaluation_report_number"])
    actions.do_submit_listing(holder, offer(holder, app, evaluation_report_number="2024200012345"))
    # an ordinary licence of the same utility model needs none
    actions.do_submit_listing(holder, offer(holder, app, kind="license", license_type="ordinary"))


def test_a_design_open_licence_needs_one_too(holder):
    app = load(patent(10, kind="3", main_ipc="", ipc=[]))[0]
    assert "evaluation_report_number" in refused(holder, offer(holder, app))


def test_fee_limits_of_an_open_licence(holder, invention, settings, monkeypatch):
    errors = refused(holder, offer(holder, invention, price_mode="lump_sum", royalty_base="", royalty_rate=None,
                                   lump_sum_wan=Dec(2500)))
    assert any("2000" in r for r in errors["lump_sum_wan"])
    errors = refused(holder, offer(holder, invention, royalty_base="profit", royalty_rate=Dec(45)))
    assert any("40" in r for r in errors["royalty_rate"])
    monkeypatch.setenv("ZHICHAN_OPEN_LICENSE_MAX_PROFIT_PCT", "50")
    actions.do_submit_listing(holder, offer(holder, invention, royalty_base="profit", royalty_rate=Dec(45)))


def test_negotiable_is_no_open_licence_fee(holder, invention):
    errors = refused(holder, offer(holder, invention, price_mode="negotiable", royalty_base="", royalty_rate=None))
    assert "price_mode" in errors
    actions.do_submit_listing(holder, offer(holder, invention, kind="transfer", price_mode="negotiable",
                                            royalty_base="", royalty_rate=None))


@pytest.mark.parametrize("word", ["最", "第一", "国家级", "唯一", "顶级", "100%"])
def test_advertising_words_are_refused(holder, invention, word):
    errors = refused(holder, offer(holder, invention, title=f"锂电池{word}极片技术"))
    assert any(word in r for r in errors["title"])


def test_the_word_list_is_a_setting(holder, invention, monkeypatch):
    monkeypatch.setenv("ZHICHAN_MARKET_BANNED_WORDS", "领先")
    assert "summary" in refused(holder, offer(holder, invention, summary="行业领先"))
    actions.do_submit_listing(holder, offer(holder, invention, title="国内第一"))


def test_no_exclusive_licence_while_an_open_licence_is_declared(holder, invention):
    actions.do_submit_listing(holder, offer(holder, invention))
    exclusive = offer(holder, invention, kind="license", license_type="exclusive")
    assert "license_type" in refused(holder, exclusive)
    assert "license_type" in refused(holder, offer(holder, invention, license_type="sole"))


def test_an_open_licence_needs_a_term(holder, invention):
    assert "term_end" in refused(holder, offer(holder, invention, term_end=None))
    assert "term_end" in refused(holder, offer(holder, invention, term_start=D(2031, 1, 1)))
