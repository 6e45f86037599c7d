"""The annual-report listing lifecycle walked across dates (专利代理管理办法 Art. 35, 37), pure."""

from __future__ import annotations

import datetime as dt

from zhichan.agencies import annual
from zhichan.agencies.annual import ABNORMAL, SERIOUS

D = dt.date


def test_on_time_filer_is_never_listed():
    filed = {2023: D(2024, 3, 15), 2024: D(2025, 3, 1)}
    for day in (D(2024, 4, 1), D(2025, 4, 1), D(2025, 12, 31)):
        assert annual.timeline(2023, filed, day) == []


def test_non_filer_listed_on_1_april_not_before():
    assert annual.timeline(2023, {}, D(2024, 3, 31)) == []
    listings = annual.timeline(2023, {}, D(2024, 4, 1))
    assert listings == [annual.Listing(ABNORMAL, 2023, D(2024, 4, 1))]
    assert annual.status_on(listings, D(2024, 4, 1)) == ABNORMAL


def test_report_filed_after_as_of_is_not_known_yet():
    filed = {2023: D(2024, 4, 20)}
    assert annual.timeline(2023, filed, D(2024, 4, 10))[0].removed_on is None
    later = annual.timeline(2023, filed, D(2024, 5, 1))
    assert later[0].removed_on == D(2024, 4, 20)
    assert annual.status_on(later, D(2024, 5, 1)) == ""
    assert annual.status_on(later, D(2024, 4, 19)) == ABNORMAL


def test_filing_within_a_month_halves_the_deduction():
    within = annual.timeline(2023, {2023: D(2024, 5, 1)}, D(2024, 12, 31))
    assert [m.code for m in annual.credit_marks(within)] == [annual.LATE]
    after = annual.timeline(2023, {2023: D(2024, 5, 2)}, D(2024, 12, 31))
    assert [m.code for m in annual.credit_marks(after)] == [annual.MISSING]
    never = annual.timeline(2023, {}, D(2024, 12, 31))
    assert [m.code for m in annual.credit_marks(never)] == [annual.MISSING]


def test_three_years_listed_becomes_serious_with_a_warning_60_days_before():
    listed = D(2024, 4, 1)
    serious_on = D(2027, 4, 1)
    warn_on = serious_on - dt.timedelta(days=60)
    before_warning = annual.timeline(2023, {2024: D(2025, 3, 2), 2025: D(2026, 3, 2), 2026: D(2027, 3, 2)},
                                     warn_on - dt.timedelta(days=1))
    assert before_warning[0].warned_on is None
    warned = annual.timeline(2023, {}, warn_on)
    assert warned[0] == annual.Listing(ABNORMAL, 2023, listed, None, warn_on)
    assert SERIOUS not in {x.kind for x in warned}
    day_before = annual.timeline(2023, {}, serious_on - dt.timedelta(days=1))
    assert annual.status_on(day_before, serious_on - dt.timedelta(days=1)) == ABNORMAL
    on_the_day = annual.timeline(2023, {}, serious_on)
    assert annual.Listing(SERIOUS, 2023, serious_on) in on_the_day
    assert annual.status_on(on_the_day, serious_on) == SERIOUS


def test_filing_before_the_three_years_avoids_serious():
    listings = annual.timeline(2023, {2023: D(2026, 1, 10), 2024: D(2025, 3, 2), 2025: D(2026, 3, 2),
                                      2026: D(2027, 3, 2)}, D(2027, 6, 1))
    assert [x.kind for x in listings] == [ABNORMAL]
    assert listings[0].removed_on == D(2026, 1, 10) and listings[0].warned_on is None


def test_filing_after_serious_removes_abnormal_only():
    listings = annual.timeline(2023, {2023: D(2027, 5, 1)}, D(2027, 6, 1))
    kinds = {x.kind: x for x in listings if x.report_year == 2023}
    assert kinds[ABNORMAL].removed_on == D(2027, 5, 1)
    assert kinds[SERIOUS].removed_on is None
    assert annual.status_on(listings, D(2027, 6, 1)) == SERIOUS


def test_each_missing_year_is_its_own_listing():
    listings = annual.timeline(2023, {2024: D(2025, 3, 10)}, D(2026, 4, 1))
    assert [(x.report_year, x.listed_on) for x in listings] == [(2023, D(2024, 4, 1)), (2025, D(2026, 4, 1))]


def test_a_closed_licence_stops_new_listings():
    assert annual.timeline(2023, {}, D(2026, 4, 1), closed_on=D(2025, 1, 1)) == [
        annual.Listing(ABNORMAL, 2023, D(2024, 4, 1))]


def test_the_same_date_gives_the_same_answer():
    filed = {2023: D(2024, 6, 1)}
    assert annual.timeline(2022, filed, D(2025, 4, 1)) == annual.timeline(2022, filed, D(2025, 4, 1))


def test_due_reports():
    assert annual.due_reports(2023, {}, D(2024, 2, 28)) == []
    assert annual.due_reports(2023, {}, D(2024, 3, 1)) == [2023]
    assert annual.due_reports(2023, {2023: D(2024, 3, 5)}, D(2024, 3, 10)) == []
    assert annual.due_reports(2023, {}, D(2025, 3, 10)) == [2023, 2024]
