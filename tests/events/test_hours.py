"""The yearly 学时 rule on hand-built entries (人社部令第25号 Art. 8: 90 a year, professional at least 2/3 of them,
read as 60 of the 90)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from zhichan.events import hours
from zhichan.events.hours import Entry


def test_sums_by_year_and_category():
    entries = [Entry(2026, D("6"), "professional"), Entry(2026, D("1.5"), "general"),
               Entry(2026, D("12"), "professional"), Entry(2025, D("40"), "professional")]
    year = hours.year_sum(entries, 2026)
    assert (year.professional, year.general, year.total) == (D("18"), D("1.5"), D("19.5"))
    assert [y.year for y in hours.by_year(entries)] == [2026, 2025]
    assert hours.by_year(entries)[1].total == D(40)  # 2025 alone
    assert year.total_text == "19.5" and year.professional_text == "18"


@pytest.mark.parametrize("professional, general, short", [
    (60, 30, []),  # exactly the rule
    (90, 0, []),  # all professional
    (59.5, 30.5, ["professional_short"]),  # 90 in all, professional half an hour short of 60
    (60, 29.5, ["total_short"]),  # 89.5 in all
    (30, 90, ["professional_short"]),  # 120 in all: general hours do not make up professional ones
    (0, 0, ["total_short", "professional_short"]),
])
def test_the_90_and_two_thirds_rule(professional, general, short):
    year = hours.year_sum([Entry(2026, D(str(professional)), "professional"),
                           Entry(2026, D(str(general)), "general")], 2026)
    assert year.shortfalls == short
    assert year.met is (short == [])


def test_missing_hours_are_counted():
    year = hours.year_sum([Entry(2026, D("45"), "professional"), Entry(2026, D("20"), "general")], 2026)
    assert year.total_missing == D(25) and year.professional_missing == D(15)


def test_an_unknown_category_is_an_error():
    with pytest.raises(ValueError):
        hours.year_sum([Entry(2026, D(1), "elective")], 2026)


@pytest.mark.parametrize("value, category, problem", [
    (None, "", None), (D("3"), "professional", None), (D("0.5"), "general", None),
    (D("0"), "general", "hours_range"), (D("-2"), "general", "hours_range"), (D("200.5"), "general", "hours_range"),
    (D("1.3"), "general", "hours_range"), (D("3"), "", "category_missing")])
def test_an_events_hours(value, category, problem):
    assert hours.hours_problem(value, category) == problem
