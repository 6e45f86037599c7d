"""Scoring: sheets, points, aggregation by the call's rule, ranking and outlier flags, on hand-computed values."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from zhichan.projects import scoring as sc

SHEET = sc.clean_sheet('[{"label": "创新性", "max": 40}, {"label": "可行性", "max": 30}, {"label": "效益", "max": 30}]')


def test_sheet_codes_and_maximum():
    assert [c["code"] for c in SHEET] == ["c1", "c2", "c3"] and sc.sheet_max(SHEET) == 100


@pytest.mark.parametrize("sheet", ['[{"label": "a", "max": 0}]', '[{"label": "", "max": 5}]', '[{"label": "a"}]',
                                   '{"label": "a", "max": 5}', "nope", [{"label": "a", "max": 5}] * 31])
def test_bad_sheets_are_refused(sheet):
    with pytest.raises(sc.SheetError):
        sc.clean_sheet(sheet)


def test_points_within_each_criterion():
    assert sc.clean_points(SHEET, {"c1": "35.5", "c2": "30", "c3": "0"}) == {"c1": "35.5", "c2": "30", "c3": "0"}
    for bad in ({"c1": "41", "c2": "1", "c3": "1"}, {"c1": "-1", "c2": "1", "c3": "1"}, {"c1": "1", "c2": "1"},
                {"c1": "NaN", "c2": "1", "c3": "1"}, {"c1": "1e9", "c2": "1", "c3": "1"}):
        with pytest.raises(sc.SheetError):
            sc.clean_points(SHEET, bad)


def test_mean_and_trimmed_mean():
    totals = [D("90"), D("70"), D("80"), D("60"), D("85")]
    assert sc.aggregate(totals, sc.MEAN) == (D("77.00"), False)  # 385 / 5
    assert sc.aggregate(totals, sc.TRIMMED) == (D("78.33"), True)  # (70 + 80 + 85) / 3 = 78.333…
    assert sc.aggregate([D("90"), D("70")], sc.TRIMMED) == (D("80.00"), False)  # too few to drop any
    assert sc.aggregate([], sc.MEAN) == (None, False)


def test_ranking_shares_ranks_and_skips():
    results = sc.rank({1: [D("80"), D("90")], 2: [D("85")], 3: [D("85")], 4: [D("70")], 5: []}, sc.MEAN)
    assert [(r.application, r.rank, r.aggregate) for r in results] == [
        (1, 1, D("85.00")), (2, 1, D("85.00")), (3, 1, D("85.00")), (4, 4, D("70.00")), (5, None, None)]


def test_outliers_against_the_median():
    # median 78: 82 is 4 away, 78 is 0, 40 is 38 > 20 (0.2 × 100)
    assert sc.outliers({1: D("82"), 2: D("78"), 3: D("40")}, 100, 0.2) == {3}
    assert sc.outliers({1: D("82"), 2: D("78"), 3: D("58")}, 100, 0.2) == set()  # 20 away: not further than 20
    # two totals: the median is their mean, each 21 away: both flagged (which one strays cannot be told)
    assert sc.outliers({1: D("82"), 2: D("40")}, 100, 0.2) == {1, 2}
    assert sc.outliers({1: D("82")}, 100, 0.2) == set()
