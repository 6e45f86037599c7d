"""存量专利盘活 pages: the holder's stock and import, a stock patent's explanation, the enterprise's 推送给我的专利,
the office overview; who sees what (a stranger never sees another university's stock; an enterprise only the
pushes to it); forms answer 400 and keep what was typed."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.market.conftest import UNIVERSITY, load, patent
from zhichan.core.models import Organization
from zhichan.market import stock_actions as sa
from zhichan.market.models import StockPatent, StockPush

pytestmark = pytest.mark.django_db


@pytest.fixture
def university(db):
    return Organization.objects.create(name=UNIVERSITY, kind=Organization.Kind.UNIVERSITY)


@pytest.fixture
def professor(django_user_model, university):
    return django_user_model.objects.create_user("prof", password="x", role="enterprise", organization=university)


@pytest.fixture
def other_professor(django_user_model):
    org = Organization.objects.create(name="江苏师范大学", kind=Organization.Kind.UNIVERSITY)
    return django_user_model.objects.create_user("prof2", password="x", role="enterprise", organization=org)


@pytest.fixture
def entry(professor):
    apps = load(patent(1, holder=UNIVERSITY, claims_count=8))
    sa.do_import_platform_stock(professor)
    return StockPatent.objects.get(application=apps[0])


def test_the_holder_sees_its_stock_with_grades_and_the_explanation(client, professor, entry):
    client.force_login(professor)
    page = client.get("/market/stock/").content.decode()
    assert entry.application.key in page and f'class="grade-{entry.grade}"' in page
    detail = client.get(f"/market/stock/{entry.pk}/").content.decode()
    for name in ("term", "claims", "family", "citations", "legal", "sei", "self"):
        assert f'id="indicator-{name}"' in detail
    assert "8 项权利要求" in detail and "数据中没有此项，按中间值计" in detail  # claims known, family unknown


def test_filters_by_grade(client, professor, entry):
    client.force_login(professor)
    other = "A" if entry.grade != "A" else "B"
    assert entry.application.key in client.get(f"/market/stock/?grade={entry.grade}").content.decode()
    assert entry.application.key not in client.get(f"/market/stock/?grade={other}").content.decode()


def test_a_stranger_never_sees_another_universitys_stock(client, entry, other_professor, stranger):
    for user in (other_professor, stranger):
        client.force_login(user)
        assert client.get(f"/market/stock/{entry.pk}/").status_code == 404
        assert entry.application.key not in client.get("/market/stock/").content.decode()
        assert client.post(f"/market/stock/{entry.pk}/push/").status_code == 404
    client.force_login(stranger)
    assert 'id="stock-not-holder"' in client.get("/market/stock/").content.decode()


def test_the_office_sees_every_stock_in_the_overview(client, office, entry):
    client.force_login(office)
    page = client.get("/market/stock/office/").content.decode()
    assert UNIVERSITY in page and entry.application.key in page
    assert client.get(f"/market/stock/{entry.pk}/").status_code == 200


def test_the_rating_form_answers_400_and_keeps_the_input(client, professor, entry):
    client.force_login(professor)
    response = client.post(f"/market/stock/{entry.pk}/rate/", {"prospects": "9", "trl": "4", "note": "样机"})
    assert response.status_code == 400
    assert 'value="样机"' in response.content.decode()
    assert client.post(f"/market/stock/{entry.pk}/rate/", {"prospects": "5", "trl": "4"}).status_code == 302
    entry.refresh_from_db()
    assert (entry.prospects, entry.trl) == (5, 4)


def test_import_page_upload_reports_rows(client, professor, entry):
    client.force_login(professor)
    data = f"申请号,前景\n{entry.application.key},4\nCN000,3\n".encode("utf-8-sig")
    response = client.post("/market/stock/import/", {"file": SimpleUploadedFile("stock.csv", data)})
    page = response.content.decode()
    assert response.status_code == 200 and 'id="import-problems"' in page
    assert '<span id="count-updated">1</span>' in page and "<td>3</td>" in page
    wrong = client.post("/market/stock/import/", {"file": SimpleUploadedFile("stock.pdf", b"%PDF")})
    assert wrong.status_code == 400
    assert StockPatent.objects.count() == 1


def test_a_push_is_not_offered_below_b_and_is_refused_with_a_reason(client, professor, entry):
    StockPatent.objects.filter(pk=entry.pk).update(grade="D")
    client.force_login(professor)
    assert 'id="push"' not in client.get(f"/market/stock/{entry.pk}/").content.decode()
    response = client.post(f"/market/stock/{entry.pk}/push/")
    assert response.status_code == 400 and 'id="stock-error"' in response.content.decode()


def test_an_enterprise_sees_only_the_pushes_to_it_and_answers(client, entry, holder, stranger, professor):
    StockPush.objects.create(stock=entry, organization=holder.organization, score=0.5,
                             reasons={"kind": "holder", "patents": [], "shared_terms": ["锂电池"], "factors": {}})
    push = StockPush.objects.get()
    client.force_login(stranger)
    assert 'id="no-pushes"' in client.get("/market/pushed/").content.decode()
    assert client.post(f"/market/pushed/{push.pk}/answer/", {"interest": "declined", "reason": "terms"}) \
        .status_code == 404
    client.force_login(holder)
    page = client.get("/market/pushed/").content.decode()
    assert entry.application.key in page and "锂电池" in page
    bad = client.post(f"/market/pushed/{push.pk}/answer/", {"interest": "declined", "reason": "fits", "note": "贵"})
    assert bad.status_code == 400 and 'value="贵"' in bad.content.decode()
    ok = client.post(f"/market/pushed/{push.pk}/answer/", {"interest": "declined", "reason": "terms", "note": "贵"})
    assert ok.status_code == 302
    client.force_login(professor)  # the holder's page counts the answer, with its reason
    detail = client.get(f"/market/stock/{entry.pk}/").content.decode()
    assert "无意向" in detail and "价格或合作条件不合适" in detail and "贵" in detail
    assert "<td>1</td>" in client.get("/market/stock/").content.decode()


def test_pages_have_no_inline_scripts(client, professor, entry):
    client.force_login(professor)
    for url in ("/market/stock/", f"/market/stock/{entry.pk}/", "/market/stock/import/", "/market/pushed/"):
        page = client.get(url).content.decode()
        assert "<script>" not in page and "onclick=" not in page


def test_grade_all_again_the_holder_its_own_the_office_every_one(client, professor, entry, office, other_professor):
    theirs = load(patent(2, holder="江苏师范大学"))[0]
    sa.do_import_platform_stock(other_professor)
    StockPatent.objects.update(grade="", score=None)
    client.force_login(professor)
    assert client.post("/market/stock/").status_code == 302
    grades = dict(StockPatent.objects.values_list("application_id", "grade"))
    assert grades[entry.application_id] in ("A", "B", "C", "D") and grades[theirs.pk] == ""  # its own only
    client.force_login(office)
    assert client.post("/market/stock/office/").status_code == 302
    assert not StockPatent.objects.filter(grade="").exists()
