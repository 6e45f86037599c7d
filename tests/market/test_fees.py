"""market/fees.py: the CNIPA open-licence fee guidance as a validator (pure)."""

from decimal import Decimal as Dec

from zhichan.market import fees


def codes(problems):
    return {(p.field, p.code) for p in problems}


def test_lump_sum_within_and_over_the_limit():
    assert fees.check("lump_sum", lump_sum_wan=Dec(2000)) == []
    assert codes(fees.check("lump_sum", lump_sum_wan=Dec("2000.01"))) == {("lump_sum_wan", fees.OVER_FIXED)}
    assert codes(fees.check("lump_sum", lump_sum_wan=Dec(0))) == {("lump_sum_wan", fees.NOT_POSITIVE)}
    assert codes(fees.check("lump_sum")) == {("lump_sum_wan", fees.MISSING)}


def test_royalty_limits_depend_on_the_base():
    assert fees.check("royalty", royalty_base="net_sales", royalty_rate=Dec(20)) == []
    assert codes(fees.check("royalty", royalty_base="net_sales", royalty_rate=Dec("20.5"))) == \
        {("royalty_rate", fees.OVER_RATE)}
    assert fees.check("royalty", royalty_base="profit", royalty_rate=Dec(40)) == []
    assert codes(fees.check("royalty", royalty_base="profit", royalty_rate=Dec(41))) == {("royalty_rate", fees.OVER_RATE)}
    assert codes(fees.check("royalty", royalty_rate=Dec(5))) == {("royalty_base", fees.MISSING)}


def test_entry_fee_plus_royalty_checks_both_parts():
    assert fees.check("entry_royalty", entry_fee_wan=Dec(50), royalty_base="net_sales", royalty_rate=Dec(3)) == []
    assert codes(fees.check("entry_royalty", entry_fee_wan=Dec(2500), royalty_base="profit", royalty_rate=Dec(45))) == \
        {("entry_fee_wan", fees.OVER_FIXED), ("royalty_rate", fees.OVER_RATE)}
    assert codes(fees.check("entry_royalty", royalty_base="profit", royalty_rate=Dec(4), lump_sum_wan=Dec(1))) == \
        {("entry_fee_wan", fees.MISSING), ("lump_sum_wan", fees.UNUSED)}


def test_limits_are_parameters_and_apply_to_open_licences_only():
    tight = fees.Limits(max_fixed_wan=Dec(100), max_sales_pct=Dec(5), max_profit_pct=Dec(10))
    assert codes(fees.check("lump_sum", lump_sum_wan=Dec(101), limits=tight)) == {("lump_sum_wan", fees.OVER_FIXED)}
    assert fees.check("lump_sum", lump_sum_wan=Dec(5000), open_licence=False) == []
    assert codes(fees.check("royalty", royalty_base="net_sales", royalty_rate=Dec(6), limits=tight)) == \
        {("royalty_rate", fees.OVER_RATE)}


def test_an_open_licence_publishes_its_fee():
    assert codes(fees.check("negotiable")) == {("price_mode", fees.NEGOTIABLE_OPEN)}
    assert fees.check("negotiable", open_licence=False) == []
    assert codes(fees.check("barter")) == {("price_mode", fees.UNKNOWN_MODE)}
