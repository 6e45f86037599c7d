"""Hostile users against the market: other organisations, unverified ones, other roles, forged ids, odd input.
Confidential demand details must not leak by any path; text is escaped on pages and neutralised in exports."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal as Dec

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.market.conftest import UNIVERSITY, load, patent
from zhichan.core.models import Organization
from zhichan.market import actions
from zhichan.market import stock_actions as sa
from zhichan.market.models import Demand, Match, StockPatent, StockPush

pytestmark = pytest.mark.django_db

SECRET = "保密配方参数甲乙丙"
ROLES = ("public", "staff", "expert", "agency", "department")


def values(**extra):
    return {"title": "高镍正极材料改性", "summary": "寻求正极材料循环寿命提升方案", "details": SECRET,
            "ipc": "H01M 4/131", "trl": 5, "budget_min_wan": Dec(50), "budget_max_wan": Dec(200), "mode": "joint_rd",
            "deadline": timezone.localdate() + dt.timedelta(days=60), **extra}


@pytest.fixture
def demand(holder):
    return actions.do_save_demand(holder, None, values(), publish=True)


@pytest.fixture
def pending(django_user_model):
    org = Organization.objects.create(name="待核验科技有限公司", kind=Organization.Kind.ENTERPRISE,
                                      status=Organization.Status.PENDING)
    return django_user_model.objects.create_user("pending1", password="x", role="enterprise", organization=org)


@pytest.fixture
def others(django_user_model, other_org):
    return [django_user_model.objects.create_user(f"r-{r}", password="x", role=r, organization=other_org)
            for r in ROLES]


def test_details_never_leak_to_any_other_role_by_any_path(client, demand, stranger, pending, others):
    for user in [None, stranger, pending, *others]:
        client.logout()
        if user:
            client.force_login(user)
        for url in (f"/market/demands/{demand.pk}/", f"/market/demands/?q={SECRET[:4]}",
                    "/market/demands/export.csv", f"/market/demands/export.csv?q={SECRET[:4]}",
                    "/market/demands/mine/", "/market/demands/"):
            body = client.get(url).content.decode("utf-8", "replace")
            assert SECRET not in body, (user, url)


def test_a_pending_user_cannot_post_or_answer(client, pending, demand):
    match = Match.objects.create(demand=demand, organization=pending.organization, source=Match.Source.OFFICE)
    client.force_login(pending)
    assert client.post("/market/demands/new/", {"title": "x", "summary": "y", "mode": "joint_rd"}).status_code == 403
    client.post(f"/market/matches/{match.pk}/interest/", {"interest": "interested", "note": "n"})
    match.refresh_from_db()
    assert match.interest == ""


def test_answering_someone_elses_match_changes_nothing(client, demand, stranger, django_user_model):
    third = Organization.objects.create(name="第三方科技有限公司", kind=Organization.Kind.ENTERPRISE)
    match = Match.objects.create(demand=demand, organization=third, source=Match.Source.OFFICE)
    client.force_login(stranger)
    response = client.post(f"/market/matches/{match.pk}/interest/", {"interest": "interested", "note": "hi"})
    assert response.status_code in (403, 404)
    match.refresh_from_db()
    assert match.interest == ""


def test_the_csv_export_neutralises_formula_cells(client, holder):
    actions.do_save_demand(holder, None, values(title="=cmd|' /C calc'!A0", summary="+SUM(1,2)",
                                                details="@evil"), publish=True)
    client.force_login(holder)
    text = client.get("/market/demands/export.csv").content.decode("utf-8-sig")
    row = list(csv.reader(io.StringIO(text)))[1]
    assert row[0] == "'=cmd|' /C calc'!A0" and row[2] == "'+SUM(1,2)" and row[3] == "'@evil"


def test_markup_is_escaped_on_every_page(client, holder, office):
    demand = actions.do_save_demand(holder, None, values(title="<script>alert(1)</script>",
                                                         summary="<img src=x onerror=alert(2)>",
                                                         details="<b>x</b>"), publish=True)
    for user in (holder, office):
        client.force_login(user)
        for url in (f"/market/demands/{demand.pk}/", "/market/demands/", "/market/demands/mine/"):
            body = client.get(url).content.decode()
            assert "<script>alert(1)" not in body and "<img src=x" not in body and "<b>x</b>" not in body


@pytest.mark.parametrize("page", ["-1", "0", "99999999", "abc", "1e9"])
def test_odd_page_numbers_answer_a_page(client, demand, page):
    assert client.get(f"/market/demands/?page={page}").status_code == 200
    assert client.get(f"/market/?page={page}").status_code == 200


@pytest.mark.parametrize("amount", ["1e20", "-5", "NaN", "Infinity", "-Infinity", "１２"])
def test_odd_budgets_are_refused_with_400(client, holder, amount):
    client.force_login(holder)
    data = {"title": "t", "summary": "s", "mode": "joint_rd", "budget_min_wan": amount, "budget_max_wan": "10",
            "deadline": (timezone.localdate() + dt.timedelta(days=5)).isoformat()}
    response = client.post("/market/demands/new/", data)
    if amount == "１２":  # full-width digits: Django reads them as 12, which is above the max
        assert response.status_code == 400
    else:
        assert response.status_code == 400
    assert Demand.objects.count() == 0


def test_a_deadline_in_the_past_is_refused(client, holder):
    client.force_login(holder)
    data = {"title": "t", "summary": "s", "mode": "joint_rd", "deadline": "2001-01-01"}
    assert client.post("/market/demands/new/", data).status_code == 400
    assert client.post("/market/demands/new/", {**data, "deadline": "2025-02-30"}).status_code == 400
    assert Demand.objects.count() == 0


def test_huge_strings_are_refused_not_crashing(client, holder):
    client.force_login(holder)
    data = {"title": "长" * 5000, "summary": "s" * 100000, "mode": "joint_rd"}
    assert client.post("/market/demands/new/", data).status_code == 400
    assert client.get("/market/demands/?q=" + "x" * 5000).status_code == 200


def test_stranger_cannot_close_or_rematch_or_edit(client, demand, stranger, others):
    for user in (stranger, *others):
        client.force_login(user)
        client.post(f"/market/demands/{demand.pk}/close/")
        client.post(f"/market/demands/{demand.pk}/rematch/")
        assert client.get(f"/market/demands/{demand.pk}/edit/").status_code in (403, 404)
        client.post(f"/market/demands/{demand.pk}/edit/", values(title="hijack", deadline="2099-01-01"))
    demand.refresh_from_db()
    assert demand.status == Demand.Status.OPEN and demand.title == "高镍正极材料改性"


# ---- stock ------------------------------------------------------------------------------------------------------

@pytest.fixture
def university(db):
    return Organization.objects.create(name=UNIVERSITY, kind=Organization.Kind.UNIVERSITY)


@pytest.fixture
def professor(django_user_model, university):
    return django_user_model.objects.create_user("prof", password="x", role="enterprise", organization=university)


@pytest.fixture
def entry(professor):
    apps = load(patent(1, holder=UNIVERSITY))
    sa.do_import_platform_stock(professor)
    return StockPatent.objects.get(application=apps[0])


def test_others_cannot_read_or_step_anothers_stock(client, entry, stranger, pending, others):
    for user in (stranger, pending, *others):
        client.force_login(user)
        assert client.get(f"/market/stock/{entry.pk}/").status_code in (403, 404), user.role
        for step in ("rate", "grade", "push", "converted"):
            assert client.post(f"/market/stock/{entry.pk}/{step}/", {"prospects": 3}).status_code in (403, 404)
        body = client.get("/market/stock/").content.decode() if client.get("/market/stock/").status_code == 200 \
            else ""
        assert entry.application.key not in body
    entry.refresh_from_db()
    assert entry.status != StockPatent.Status.CONVERTED


@pytest.mark.parametrize("name,content", [
    ("garbage.xlsx", b"\x00\x01\x02 not a zip at all" * 100),
    ("empty.xlsx", b""),
    ("empty.csv", b""),
    ("text.csv", "名称,备注\n甲,乙\n".encode()),
    ("fake.xls", b"PK\x03\x04garbage"),
])
def test_malformed_stock_files_are_refused_with_400(client, professor, name, content):
    client.force_login(professor)
    response = client.post("/market/stock/import/", {"file": SimpleUploadedFile(name, content)})
    assert response.status_code in (200, 400)
    assert StockPatent.objects.count() == 0


def test_a_workbook_without_the_expected_sheet(client, professor):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "别的表"
    book.active.append(["无关", "列"])
    book.active.append(["1", "2"])
    buf = io.BytesIO()
    book.save(buf)
    client.force_login(professor)
    response = client.post("/market/stock/import/", {"file": SimpleUploadedFile("s.xlsx", buf.getvalue())})
    assert response.status_code in (200, 400)
    assert StockPatent.objects.count() == 0


def test_answering_a_push_twice_or_of_another_keeps_one_answer(client, entry, holder, stranger):
    push = StockPush.objects.create(stock=entry, organization=holder.organization, score=0.5,
                                    reasons={"kind": "holder", "patents": [], "shared_terms": [], "factors": {}})
    client.force_login(holder)
    for _ in range(2):
        client.post(f"/market/pushed/{push.pk}/answer/", {"interest": "interested", "reason": "fits", "note": "ok"})
    assert StockPush.objects.count() == 1
    client.force_login(stranger)
    assert client.post(f"/market/pushed/{push.pk}/answer/", {"interest": "declined", "reason": "terms"}) \
        .status_code == 404
    push.refresh_from_db()
    assert push.interest == "interested"


def test_double_publishing_a_demand_makes_one(client, holder):
    client.force_login(holder)
    data = {"title": "双击", "summary": "s", "mode": "joint_rd", "publish": "1",
            "deadline": (timezone.localdate() + dt.timedelta(days=5)).isoformat()}
    client.post("/market/demands/new/", data)
    client.post("/market/demands/new/", data)
    assert Demand.objects.filter(title="双击").count() == 1


def test_double_submitting_a_listing_makes_one(client, holder, invention):
    from tests.market.test_pages import FORM
    from zhichan.market.models import Listing

    client.force_login(holder)
    first = client.post("/market/new/", {**FORM, "patent": invention.key, "submit": "1"})
    second = client.post("/market/new/", {**FORM, "patent": invention.key, "submit": "1"})
    assert first.status_code == 302 and second.status_code == 302 and first.url == second.url
    assert Listing.objects.count() == 1 and Listing.objects.get().status == Listing.Status.SUBMITTED


@pytest.mark.parametrize("query", ["chain=99999999999999999999999", "chain=²", "chain=１", "mode=<script>", "q=%25_%25", "page=1e99"])
def test_odd_filters_answer_the_demand_list_and_export(client, demand, office, query):
    for user in (None, office):
        client.logout()
        if user:
            client.force_login(user)
        assert client.get(f"/market/demands/?{query}").status_code == 200
        assert client.get(f"/market/demands/export.csv?{query}").status_code == 200


@pytest.mark.parametrize("query", ["org=99999999999999999999999", "org=²", "grade=Z", "page=-1", "org=-1"])
def test_odd_filters_answer_the_stock_overview(client, office, entry, query):
    client.force_login(office)
    assert client.get(f"/market/stock/office/?{query}").status_code == 200


@pytest.mark.parametrize("url", ["/market/99999999999999999999999/", "/market/demands/99999999999999999999999/",
                                 "/market/stock/99999999999999999999999/",
                                 "/market/chains/99999999999999999999999/"])
def test_huge_ids_in_urls_are_not_found(client, office, url):
    client.force_login(office)
    assert client.get(url).status_code == 404


def test_a_large_stock_file_is_read_in_batches_and_the_page_lists_500_refused_rows(client, professor,
                                                                                  django_assert_max_num_queries):
    from tests.market.conftest import number

    body = "申请号,前景\n" + "\n".join(f"{number(i)},3" for i in range(1, 3001))
    client.force_login(professor)
    with django_assert_max_num_queries(60):  # 3,000 numbers not in the platform: a query per 500, not per row
        response = client.post("/market/stock/import/", {"file": SimpleUploadedFile("big.csv", body.encode())})
    page = response.content.decode()
    assert response.status_code == 200 and '<span id="count-rejected">3000</span>' in page
    assert page.count("平台中没有这件专利") == 500 and 'id="problems-more"' in page and "2500" in page


def _listing_form(invention, **changes):
    from tests.market.test_pages import FORM

    return {**FORM, "patent": invention.key, **changes}


@pytest.mark.parametrize("changes", [
    {"term_start": "2030-01-01", "term_end": "2029-01-01"}, {"term_end": "2025-02-30"},
    {"price_mode": "lump_sum", "royalty_base": "", "royalty_rate": "", "lump_sum_wan": "1e20"},
    {"price_mode": "lump_sum", "royalty_base": "", "royalty_rate": "", "lump_sum_wan": "-5"},
    {"price_mode": "lump_sum", "royalty_base": "", "royalty_rate": "", "lump_sum_wan": "NaN"},
    {"royalty_rate": "Infinity"}, {"royalty_rate": "-1"}, {"royalty_rate": "1000"},
])
def test_odd_listing_terms_are_refused_on_submission(client, holder, invention, changes):
    from zhichan.market.models import Listing

    client.force_login(holder)
    response = client.post("/market/new/", _listing_form(invention, submit="1", **changes))
    assert response.status_code == 400, changes
    assert not Listing.objects.filter(status=Listing.Status.SUBMITTED).exists()


def test_the_patent_to_enterprises_page_is_the_holders_and_the_offices(client, invention, holder, stranger, pending,
                                                                       others, office):
    url = f"/market/patents/{invention.key}/enterprises/"
    assert client.get(url).status_code == 302
    for user in (stranger, pending, *others):
        client.force_login(user)
        assert client.get(url).status_code == 403, user.role
    for user in (holder, office):
        client.force_login(user)
        assert client.get(url).status_code == 200
    assert client.get("/market/patents/CN<script>/enterprises/").status_code == 404


def test_the_same_answer_sent_twice_tells_the_demand_once(client, demand, stranger, holder):
    from zhichan.core.models import AuditLog
    from zhichan.services.models import Notification

    match = Match.objects.create(demand=demand, organization=stranger.organization, source=Match.Source.OFFICE)
    client.force_login(stranger)
    for _ in range(2):
        client.post(f"/market/matches/{match.pk}/interest/", {"interest": "interested", "note": "可以洽谈"})
    assert Notification.objects.filter(user=holder).count() == 1
    assert AuditLog.objects.filter(action="market.interest").count() == 1
    client.post(f"/market/matches/{match.pk}/interest/", {"interest": "declined", "note": "可以洽谈"})
    assert Notification.objects.filter(user=holder).count() == 2  # a changed answer is news


@pytest.mark.parametrize("title", ["\u200b", "\ufeff\u200d", " \u2060 "])
def test_an_invisible_title_is_refused(client, holder, invention, title):
    from zhichan.market.models import Listing

    client.force_login(holder)
    data = {"title": title, "summary": "s", "mode": "joint_rd"}
    assert client.post("/market/demands/new/", data).status_code == 400
    assert client.post("/market/new/", _listing_form(invention, title=title)).status_code == 400
    assert not Demand.objects.exists() and not Listing.objects.exists()


def test_zero_width_characters_are_taken_out_of_a_title(client, holder):
    client.force_login(holder)
    client.post("/market/demands/new/", {"title": "锂电\u200b池", "summary": "s", "mode": "joint_rd"})
    assert Demand.objects.get().title == "锂电池"
