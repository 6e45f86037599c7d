"""专利转让许可次数 and 知识产权交易额 on a real export, against an independent count from the export's own columns.

Of the shared exports only the Patentics 中科创达 file carries legal events (法律描述: 511 applications, 39 transfer
events, no licence, no pledge); the others have a current-status word at most (法律状态 / 当前法律状态: 有效, 授权 …),
which says nothing of deals. The file is imported through the platform's import action (the import signal turns the
events into deals), the indicators computed through `do_compute_indicators` (the dashboard's 按以上口径计算), and the
figures compared with a count written here with pandas from the raw 法律描述 and 通信地址 columns, by its own rules:

- an event is a block of 法律描述 starting `YYYY.MM.DD <category> <item>`; it is a transfer when the vendor's category
  is 专利申请权、专利权的转移 or 专利权的转移, a licence when it is 专利实施许可合同备案的生效…, a pledge when it is
  专利权质押合同登记的生效… (a 著录事项变更 is not counted: the gazette used it for renames too);
- it counts on the day of the event (the gazette's announcement, the day it became public record), for the year of
  the statistics date up to that date (docs/deals.md);
- it counts for the province and city of the export's 通信地址 (the holder the right came from, 出让方).

Difference by design, checked below: the registration day under the event (登记生效日, 专利法 Art. 10) is not what
the platform counts on, since the importer keeps only an event's date and two words; counting by it moves one transfer
of this file from 2019 to 2018 (registered 2018-12-18, announced 2019-01-04) and gives more for a date between
registration and announcement. docs/deals.md (对照真实数据) gives the file, the columns and the figures."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pandas as pd
import pytest

from tests.conftest import CONTAINER, THUNDERSOFT, raw_data
from zhichan.core.models import Region
from zhichan.deals import events as ev
from zhichan.deals import indicators as di
from zhichan.indicators.actions import do_compute_indicators
from zhichan.patents.actions import do_import_patents

pytestmark = [pytest.mark.django_db, pytest.mark.slow]
D = dt.date
NATION = "100000"
BLOCK = re.compile(r"^\s*(?:\d+\s+)?(\d{4})\.(\d{2})\.(\d{2})\s+(\S+)[ \t]*(\S*)[ \t]*$", re.M)
KINDS = {"transfer": ("专利申请权、专利权的转移", "专利权的转移"), "licence": ("专利实施许可合同备案的生效",),
         "pledge": ("专利权质押合同登记的生效",)}
PLACE = re.compile(r"^\d{6}\s*(?:(\S+?(?:省|自治区)))?(\S+?市)")


def _frame(path) -> pd.DataFrame:
    return pd.read_excel(path, sheet_name=0, dtype=str, engine="calamine", keep_default_na=False)


def _kind(category: str) -> str:
    return next((kind for kind, words in KINDS.items() if any(category.startswith(w) for w in words)), "")


def _registered(body: str) -> D | None:
    """登记生效日 under an event: `登记生效日=2022.11.01`, `登记生效日=20190822` or `登记生效日:20170612`."""
    found = re.search(r"登记生效日[=:：]\s*(\d{4})\.?(\d{2})\.?(\d{2})", body)
    return D(*map(int, found.groups())) if found else None


def _place(address: str) -> tuple[str, str]:
    """(province, city) names of a 通信地址; a municipality is both (北京市)."""
    found = PLACE.match(address)
    assert found, address
    city = found.group(2)
    return found.group(1) or city, city


def _events(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per deal event of the export: application, kind, announcement day, registration day, place."""
    rows = []
    for _, row in frame.iterrows():
        text = row["法律描述"]
        starts = list(BLOCK.finditer(text))
        for i, start in enumerate(starts):
            kind = _kind(start.group(4))
            if not kind:
                continue
            body = text[start.end(): starts[i + 1].start() if i + 1 < len(starts) else len(text)]
            province, city = _place(row["通信地址"])
            rows.append({"application": row["申请号"], "kind": kind,
                         "day": D(*map(int, start.group(1, 2, 3))), "registered": _registered(body),
                         "province": province, "city": city})
    return pd.DataFrame(rows)


def _expected(events: pd.DataFrame, as_of: D, by: str, day: str = "day") -> Counter:
    """Transfers and licences counted for `as_of`'s year up to `as_of`, per province or city name."""
    inside = events[events["kind"].isin(["transfer", "licence"])
                    & events[day].map(lambda d: d is not None and D(as_of.year, 1, 1) <= d <= as_of)]
    return Counter(inside[by])


def _region(name: str, level: int) -> str:
    return Region.objects.filter(name=name, level=level).order_by("code").values_list("code", flat=True).first()


def _computed(scope: str, as_of: D) -> dict[str, dict[str, float]]:
    """region code → indicator code → value of the deals' figures, computed as the dashboard computes them."""
    figures = do_compute_indicators(None, Region.objects.get(code=scope), as_of)
    out: dict[str, dict[str, float]] = {}
    for f in figures:
        if f.indicator_id in di.CODES:
            out.setdefault(f.region_id, {})[f.indicator_id] = f.value
    return out


@pytest.fixture(scope="module")
def thundersoft() -> pd.DataFrame:
    return _frame(raw_data(THUNDERSOFT))


@pytest.fixture
def imported(thundersoft):
    do_import_patents(None, [THUNDERSOFT])
    return _events(thundersoft)


def test_only_the_thundersoft_export_carries_deal_events():
    """Which shared exports have legal-event columns at all, and whether any of them words a licence or a pledge."""
    root = raw_data(CONTAINER)
    with_events = {}
    for path in sorted(root.glob("*/*.xlsx")):
        frame = _frame(path)
        for column in ("法律描述", "法律事件", "法律状态信息"):
            if column in frame:
                with_events[path.name] = frame[column]
    assert list(with_events) == [THUNDERSOFT.name]
    text = "\n".join(with_events[THUNDERSOFT.name])
    assert "转移" in text and "许可" not in text and "质押" not in text


def test_the_independent_count_reads_the_file(thundersoft):
    events = _events(thundersoft)
    assert Counter(events["kind"]) == {"transfer": 39}  # 20 专利申请权、专利权的转移 and 19 专利权的转移
    assert events["application"].nunique() == 39  # one transfer per application in this file
    # by hand from the file: the 北京 holder's transfers to its subsidiaries, one 成都 subsidiary's to 杭州
    assert Counter(d.year for d in events["day"]) == {2014: 2, 2017: 5, 2018: 5, 2019: 8, 2021: 4, 2022: 15}
    assert Counter(events["city"]) == {"北京市": 38, "成都市": 1}


def _blocks(frame: pd.DataFrame):
    """(application, category, item, the lines under it) of every event in 法律描述."""
    for _, row in frame.iterrows():
        text = row["法律描述"]
        starts = list(BLOCK.finditer(text))
        for i, start in enumerate(starts):
            yield row["申请号"], start.group(4), start.group(5), \
                text[start.end(): starts[i + 1].start() if i + 1 < len(starts) else len(text)]


def test_the_recogniser_reads_the_real_blocks_with_their_lines(thundersoft):
    """Given the lines under each event (which the importer does not keep), the recogniser agrees with the count
    above, and names the parties of every one of the 39 transfers: the file writes `变更前权利人=…` in newer records
    and `变更前权利人:…` in older ones, and repeats 变更事项 / 变更前权利人 / 变更后权利人 for the holder and the address
    (before the fix 20 of the 39 gave no party: the colon lines were not read, the address section hid the holder)."""
    seen = Counter()
    for application, category, item, lines in _blocks(thundersoft):
        found = ev.recognise(category, item, lines)
        if _kind(category):
            assert (found.kind, found.action) == (_kind(category), ev.EFFECTIVE), application
            assert ev.parties(lines)[1], application  # the holder that joined
            seen[found.kind] += 1
        elif category == "著录事项变更":  # an inventor, an address or an applicant renamed (2013, no 登记生效日)
            assert found.action == ev.IGNORE, application
            seen["bibliographic"] += 1
    assert seen == {"transfer": 39, "bibliographic": 6}
    one = next(lines for a, c, _, lines in _blocks(thundersoft) if a == "CN201510791679.5" and _kind(c))
    assert ev.parties(one) == ("中科创达软件股份有限公司", "中科创达（重庆）汽车科技有限公司")
    older = next(lines for a, c, _, lines in _blocks(thundersoft) if a == "CN201610491139.X" and _kind(c))
    assert ev.parties(older) == ("中科创达软件股份有限公司", "北京云创远景软件有限责任公司")
    assert ev.details(older)["登记生效日"] == "20170612"


@pytest.mark.parametrize("as_of", [D(2014, 12, 31), D(2017, 12, 31), D(2018, 12, 31), D(2019, 12, 31),
                                   D(2020, 12, 31), D(2021, 12, 31), D(2022, 11, 15), D(2022, 12, 19)])
def test_nation_and_provinces_agree_with_the_raw_count(imported, as_of):
    platform = _computed(NATION, as_of)
    expected = _expected(imported, as_of, "province")
    assert platform[NATION][di.COUNT] == sum(expected.values())
    for name, count in expected.items():
        assert platform[_region(name, Region.Level.PROVINCE)][di.COUNT] == count, (name, as_of)
    placed = {_region(name, Region.Level.PROVINCE) for name in expected}
    others = {code: v[di.COUNT] for code, v in platform.items() if code not in placed | {NATION} and v[di.COUNT]}
    assert not others, others
    # the export has no amount, nor any pledge: events bring deals without amounts (docs/deals.md)
    assert platform[NATION][di.AMOUNT] == 0.0 and platform[NATION][di.PLEDGE] == 0.0


def test_cities_of_a_province_agree_with_the_raw_count(imported):
    as_of = D(2022, 12, 19)  # the export's status date: the year's transfers so far
    expected = _expected(imported, as_of, "city")
    assert expected == {"北京市": 14, "成都市": 1}
    sichuan = _computed(_region("四川省", Region.Level.PROVINCE), as_of)
    assert sichuan[_region("成都市", Region.Level.CITY)][di.COUNT] == 1


def test_registration_day_differs_by_design(imported):
    """The law has a transfer take effect on its registration (登记生效日, 专利法 Art. 10); the platform counts an
    event's deal from the announcement, the only date the importer keeps (and the day the register could know it).
    On this file one transfer crosses a year: registered 2018-12-18, announced 2019-01-04."""
    registered = imported[imported["registered"].notna()]
    assert len(registered) == len(imported)  # every transfer of the file gives its 登记生效日
    gaps = [(d - r).days for r, d in zip(registered["registered"], registered["day"], strict=True)]
    assert (min(gaps), max(gaps)) == (10, 28)  # registered, then announced 10 to 28 days later
    crossing = [(r, d) for r, d in zip(imported["registered"], imported["day"], strict=True) if r.year != d.year]
    assert crossing == [(D(2018, 12, 18), D(2019, 1, 4))]
    for year_end, by_law in ((D(2018, 12, 31), +1), (D(2019, 12, 31), -1), (D(2022, 12, 19), 0)):
        platform = _computed(NATION, year_end)[NATION][di.COUNT]
        assert platform == sum(_expected(imported, year_end, "province").values())
        assert sum(_expected(imported, year_end, "province", "registered").values()) - platform == by_law
    between = D(2022, 11, 5)  # registered 11-01, 11-01 and 11-02, announced 11-11, 11-11 and 11-15
    platform = _computed(NATION, between)[NATION][di.COUNT]
    assert sum(_expected(imported, between, "province", "registered").values()) - platform == 3
