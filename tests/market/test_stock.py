"""存量专利盘活 actions: importing a university's stock (from the platform, from a spreadsheet with bad rows, again
without duplicates), self-rating, pushing to the enterprises the matcher finds (with reasons and notifications),
the enterprise's answers, and who may do what."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.market.conftest import UNIVERSITY, load, number, patent
from zhichan.core.models import Organization
from zhichan.core.permissions import PermissionDenied
from zhichan.market import stock_actions as sa
from zhichan.market.actions import Refused, do_save_demand
from zhichan.market.models import StockPatent, StockPush
from zhichan.search import sync
from zhichan.services.models import Notification

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def university(db):
    return Organization.objects.create(name=UNIVERSITY, kind=Organization.Kind.UNIVERSITY)


@pytest.fixture
def professor(django_user_model, university):
    return django_user_model.objects.create_user("prof", password="x", role="enterprise", organization=university)


@pytest.fixture
def stock_patents(db):
    """Three of the university's patents (two valid, one lapsed) and one of another holder."""
    lapsed = [(D(2024, 3, 1), "未缴年费终止", "专利权因未缴年费终止")]
    return load(patent(1, holder=UNIVERSITY), patent(2, "2", holder=UNIVERSITY),
                patent(3, holder=UNIVERSITY, events=lapsed), patent(4))


def test_import_all_valid_platform_patents_once(professor, stock_patents):
    counts = sa.do_import_platform_stock(professor)
    assert counts == {"created": 2, "updated": 0, "unchanged": 0}
    keys = set(StockPatent.objects.values_list("application__key", flat=True))
    assert keys == {stock_patents[0].key, stock_patents[1].key}  # not the lapsed one, not another holder's
    assert all(s.grade and s.reasons and s.graded_at for s in StockPatent.objects.all())
    assert sa.do_import_platform_stock(professor) == {"created": 0, "updated": 0, "unchanged": 2}
    assert StockPatent.objects.count() == 2


def _csv(tmp_path, lines: list[str]):
    path = tmp_path / "stock.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    return path


def test_a_spreadsheet_keeps_the_good_rows_and_says_why_each_bad_one_is_refused(professor, stock_patents, tmp_path):
    good, utility, lapsed, foreign = (a.key for a in stock_patents)
    unknown = number(99)
    wrong_check = good[:-1] + ("0" if good[-1] != "0" else "1")
    path = _csv(tmp_path, ["申请号,前景,成熟度,备注",
                           f"{good},5,7,核心专利",          # row 2 good
                           f"{wrong_check},3,3,",           # row 3 check character wrong
                           f"{unknown},3,3,",               # row 4 not in the platform
                           f"{foreign},3,3,",               # row 5 another holder's
                           f"{utility},6,10,",              # row 6 prospects and TRL out of range
                           f"{good},4,4,",                  # row 7 same as row 2
                           f"{lapsed},2,2,=HYPERLINK(\"x\")",  # row 8 a formula
                           f"{utility},,,"])                # row 9 good, no rating
    result = sa.do_import_stock_file(professor, path)
    assert (result["created"], result["rejected"]) == (2, 6)
    found = {(p["row"], p["field"]) for p in result["problems"]}
    assert found == {(3, "number"), (4, "number"), (5, "number"), (6, "prospects"), (6, "trl"), (7, "number"),
                     (8, "note")}
    reasons = {p["row"]: p["reason"] for p in result["problems"]}
    assert "校验位" in reasons[3] and reasons[4] == "平台中没有这件专利" and "专利权人" in reasons[5]
    assert "第 2 行重复" in reasons[7] and "公式" in reasons[8]
    entry = StockPatent.objects.get(application__key=good)
    assert (entry.prospects, entry.trl, entry.note, entry.source) == (5, 7, "核心专利", "spreadsheet")
    again = sa.do_import_stock_file(professor, path)  # the same file again: nothing new, nothing twice
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)
    assert StockPatent.objects.count() == 2


def test_a_file_without_an_application_number_column_is_refused(professor, stock_patents, tmp_path):
    with pytest.raises(ValueError):
        sa.do_import_stock_file(professor, _csv(tmp_path, ["名称,前景", "x,3"]))


def test_only_a_university_or_institute_keeps_a_stock(holder, stock_patents, office):
    with pytest.raises(PermissionDenied):  # an enterprise's user
        sa.do_import_platform_stock(holder)
    with pytest.raises(PermissionDenied):  # the office reviews, it does not hold
        sa.do_import_platform_stock(office)


def test_self_rating_changes_the_grade(professor, stock_patents):
    sa.do_import_platform_stock(professor)
    entry = StockPatent.objects.get(application=stock_patents[0])
    before = entry.score
    entry = sa.do_rate_stock(professor, entry, 5, 9, "样机已完成")
    assert entry.score == pytest.approx(before + 7.5)  # unrated 0.5 → 1 of 15 points
    self_row = next(r for r in entry.reasons if r["name"] == "self")
    assert self_row["params"] == {"prospects": 5, "trl": 9}
    with pytest.raises(Refused):
        sa.do_rate_stock(professor, entry, 6, None)


# ---- push and feedback ----------------------------------------------------------------------------------------------

@pytest.fixture
def market(django_user_model, university, professor):
    """The university's battery patent (indexed), a similar patent held by a registered enterprise, one held by a
    firm not on the platform, and an open demand of a third enterprise in the same words."""
    title = "一种低温锂电池正极材料及其制备方法"
    mine, similar, unregistered, other = load(
        patent(11, holder=UNIVERSITY, title=title),
        patent(12, holder="徐州另一电池有限公司", title="一种锂电池正极材料"),
        patent(13, holder="南京未注册电池有限公司", title="一种锂电池正极材料的制备方法"),
        patent(14, holder="徐州工程机械有限公司", title="一种挖掘机臂架", main_ipc="E02F3/36", ipc=["E02F3/36"]))
    sync.rebuild()
    battery = Organization.objects.create(name="徐州另一电池有限公司", kind=Organization.Kind.ENTERPRISE)
    buyer = Organization.objects.create(name="徐州需方新能源有限公司", kind=Organization.Kind.ENTERPRISE)
    users = {"battery": django_user_model.objects.create_user("battery", password="x", role="enterprise",
                                                              organization=battery),
             "buyer": django_user_model.objects.create_user("buyer", password="x", role="enterprise",
                                                            organization=buyer)}
    do_save_demand(users["buyer"], None, {"title": "锂电池正极材料低温性能提升", "summary": "寻求低温锂电池正极材料技术",
                                          "mode": "license", "details": "机密", "ipc": "H01M4/131"}, publish=True)
    sa.do_import_platform_stock(professor)
    entry = StockPatent.objects.get(application=mine)
    entry = sa.do_rate_stock(professor, entry, 5, 9)
    return {"entry": entry, "battery": battery, "buyer": buyer, "users": users, "similar": similar}


def test_push_reaches_the_matched_registered_enterprises_with_reasons_and_notifications(professor, market):
    entry = market["entry"]
    assert entry.grade in ("A", "B")
    pushes = sa.do_push_stock(professor, entry)
    by_org = {p.organization_id: p for p in pushes}
    assert set(by_org) == {market["battery"].pk, market["buyer"].pk}  # not the unregistered firm, not itself
    holder_push = by_org[market["battery"].pk]
    assert holder_push.reasons["kind"] == "holder" and holder_push.reasons["patents"] == [market["similar"].key]
    assert "锂电池正极材料" in holder_push.reasons["shared_terms"] and holder_push.score > 0
    demand_push = by_org[market["buyer"].pk]
    assert demand_push.reasons["kind"] == "demand" and demand_push.reasons["demand"]["title"] == "锂电池正极材料低温性能提升"
    for name in ("battery", "buyer"):
        note = Notification.objects.get(user=market["users"][name])
        assert note.url == "/market/pushed/" and UNIVERSITY in note.title
    entry.refresh_from_db()
    assert entry.status == StockPatent.Status.PROMOTED
    assert sa.do_push_stock(professor, entry) == []  # pushed once per enterprise
    assert StockPush.objects.count() == 2 and Notification.objects.count() == 2


def test_push_limit_is_a_setting(professor, market, monkeypatch):
    monkeypatch.setenv("ZHICHAN_STOCK_PUSH_LIMIT", "1")
    assert len(sa.do_push_stock(professor, market["entry"])) == 1


def test_only_graded_a_or_b_is_pushed_by_default(professor, market, monkeypatch):
    entry = market["entry"]
    StockPatent.objects.filter(pk=entry.pk).update(grade="C")
    entry.refresh_from_db()
    with pytest.raises(Refused):
        sa.do_push_stock(professor, entry)
    monkeypatch.setenv("ZHICHAN_STOCK_PUSH_GRADES", "A,B,C")
    assert sa.do_push_stock(professor, entry)


def test_the_office_may_push_a_stranger_may_not(professor, market, office, stranger):
    with pytest.raises(PermissionDenied):
        sa.do_push_stock(stranger, market["entry"])
    with pytest.raises(PermissionDenied):
        sa.do_push_stock(market["users"]["battery"], market["entry"])
    assert sa.do_push_stock(office, market["entry"])


def test_feedback_is_answered_by_the_enterprise_pushed_to_only(professor, market):
    pushes = {p.organization_id: p for p in sa.do_push_stock(professor, market["entry"])}
    battery, buyer = market["users"]["battery"], market["users"]["buyer"]
    mine = pushes[market["battery"].pk]
    with pytest.raises(PermissionDenied):
        sa.do_answer_push(buyer, mine, "interested", "fits")
    with pytest.raises(PermissionDenied):
        sa.do_answer_push(professor, mine, "interested", "fits")
    with pytest.raises(Refused):  # a reason for declining given with interest
        sa.do_answer_push(battery, mine, "interested", "no_need")
    sa.do_answer_push(battery, mine, "interested", "fits", "请联系技术转移中心")
    sa.do_answer_push(buyer, pushes[market["buyer"].pk], "declined", "terms", "预算不足")
    rows = {p.organization_id: (p.interest, p.reason, p.note) for p in StockPush.objects.all()}
    assert rows == {market["battery"].pk: ("interested", "fits", "请联系技术转移中心"),
                    market["buyer"].pk: ("declined", "terms", "预算不足")}


def test_an_xlsx_with_numeric_cells_imports(professor, stock_patents, tmp_path):
    from zhichan.core import spreadsheet

    path = tmp_path / "stock.xlsx"
    book = spreadsheet.workbook(str(path))
    sheet = book.add_worksheet("存量专利")
    sheet.write_row(0, 0, ["申请号", "前景", "技术成熟度", "备注"])
    sheet.write_row(1, 0, [stock_patents[0].key, 4, 6, "中试"])  # ratings typed as numbers
    sheet.write_row(2, 0, [stock_patents[1].key, 2.5, 3])  # not a whole number
    book.close()
    result = sa.do_import_stock_file(professor, path)
    assert result["created"] == 1
    assert [(p["row"], p["field"]) for p in result["problems"]] == [(3, "prospects")]
    entry = StockPatent.objects.get()
    assert (entry.prospects, entry.trl, entry.note) == (4, 6, "中试")


def test_once_a_push_commits_the_open_demands_it_fits_are_alerted(professor, market,
                                                                  django_capture_on_commit_callbacks):
    from zhichan.market.models import Match

    with django_capture_on_commit_callbacks(execute=True):
        sa.do_push_stock(professor, market["entry"])
    match = Match.objects.get(application=market["entry"].application)
    assert match.demand.organization == market["buyer"] and match.reasons["via"] == "存量专利推广"
    titles = sorted(Notification.objects.filter(user=market["users"]["buyer"]).values_list("title", flat=True))
    assert len(titles) == 2 and any("推送" in t for t in titles) and any("锂电池正极材料低温性能提升" in t for t in titles)
