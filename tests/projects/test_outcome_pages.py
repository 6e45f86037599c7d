"""The pages after the review: the public list, call, 公示 and results pages for an anonymous visitor (and nothing
else of /projects/ public), objections through the 公示 page, the office's approval form, a funded project's page
(only its organisation and the office) and the 绩效评价 report as DOCX."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document

from zhichan.projects import funding_actions, score_actions
from zhichan.projects import outcome_actions as oa
from zhichan.projects.models import Award, Decision, Objection

from .conftest import TODAY
from .test_scores import passed, seated  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture
def scored(seated):  # noqa: F811
    review, mine, theirs, (a, b, c), _outsider = seated
    for user in (a, b, c):
        score_actions.do_score(user, review, mine, {"c1": "50", "c2": "30"})
        score_actions.do_score(user, review, theirs, {"c1": "40", "c2": "20"})
    return review, mine, theirs


def test_the_office_approves_through_the_form(scored, client, office):
    review, mine, theirs = scored
    client.force_login(office)
    url = f"/projects/{review.call_id}/decision/"
    page = client.get(url)
    assert page.status_code == 200 and mine.number in page.content.decode()
    refused = client.post(url, {f"amount_{mine.pk}": "-5", f"amount_{theirs.pk}": ""})
    assert refused.status_code == 400 and not Decision.objects.exists()
    assert client.post(url, {f"amount_{mine.pk}": "50", f"amount_{theirs.pk}": ""}).status_code == 302
    decision = Decision.objects.get()
    assert [(a.application, str(a.amount)) for a in decision.awards.all()] == [(mine, "50.00")]
    assert client.post(f"/projects/{review.call_id}/decision/step/", {"step": "publicity"}).status_code == 302
    decision.refresh_from_db()
    assert decision.state == Decision.State.PUBLICITY and decision.publicity_start == dt.date.today()
    # publishing before the period is over is refused on the page
    assert client.post(f"/projects/{review.call_id}/decision/step/", {"step": "publish"}).status_code == 400


def test_others_cannot_approve(scored, client, staff, applicant):
    review, mine, _ = scored
    for user in (staff, applicant):
        client.force_login(user)
        assert client.get(f"/projects/{review.call_id}/decision/").status_code == 403
        assert client.post(f"/projects/{review.call_id}/decision/", {f"amount_{mine.pk}": "5"}).status_code == 403
    assert not Decision.objects.exists()


@pytest.fixture
def in_publicity(scored, office):
    review, mine, theirs = scored
    decision = oa.do_approve(office, review.call, {mine.pk: "50", theirs.pk: "30"})
    return oa.do_start_publicity(office, decision), mine


def test_anonymous_sees_the_list_the_call_and_the_publicity_only(in_publicity, client):
    decision, mine = in_publicity
    call = decision.call
    listing = client.get("/projects/")
    assert listing.status_code == 200 and call.title in listing.content.decode()
    assert f"/projects/public/{call.pk}/publicity/" in listing.content.decode()
    assert client.get(f"/projects/public/{call.pk}/").status_code == 200
    page = client.get(f"/projects/public/{call.pk}/publicity/")
    assert page.status_code == 200 and mine.number in page.content.decode()
    assert "objection-form" not in page.content.decode()  # sign in to object
    for private in (f"/projects/{call.pk}/", f"/projects/{call.pk}/decision/", f"/projects/awards/{mine.award.pk}/",
                    f"/projects/{call.pk}/results/", "/projects/mine/"):
        assert client.get(private)["Location"].startswith("/login/"), private
    response = client.post(f"/projects/public/{call.pk}/publicity/", {"award": mine.award.pk, "reasons": "匿名异议理由"})
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert not Objection.objects.exists()


def test_a_draft_call_is_not_public(client, office):
    from zhichan.projects import actions

    draft = actions.do_save_call(office, None, {"title": "草稿项目", "guide": "x", "opens_on": TODAY,
                                                "closes_on": TODAY, "panel_size": 3})
    assert client.get(f"/projects/public/{draft.pk}/").status_code == 404
    assert "草稿项目" not in client.get("/projects/").content.decode()


def test_a_signed_in_user_objects_and_the_office_answers(in_publicity, client, rival, office):
    decision, mine = in_publicity
    client.force_login(rival)
    url = f"/projects/public/{decision.call_id}/publicity/"
    assert client.post(url, {"award": mine.award.pk, "reasons": ""}).status_code == 400
    assert client.post(url, {"award": mine.award.pk, "reasons": "该单位专利已失效"}).status_code == 302
    objection = Objection.objects.get()
    assert (objection.filed_by, objection.award.application) == (rival, mine)
    client.force_login(office)
    assert client.post(f"/projects/objections/{objection.pk}/answer/", {"upheld": "yes", "answer": "重新复核"}
                       ).status_code == 302
    assert Award.objects.get(pk=mine.award.pk).status == Award.Status.RECONSIDER
    assert client.post(f"/projects/awards/{mine.award.pk}/reconsider/", {"fund": "no"}).status_code == 302
    assert Award.objects.get(pk=mine.award.pk).status == Award.Status.DROPPED
    client.force_login(rival)
    assert "重新复核" in client.get(url).content.decode()
    assert client.post(url, {"award": mine.award.pk, "reasons": "对已不予立项的申报再提异议"}).status_code == 400
    assert client.post(url, {"award": 999999, "reasons": "不存在的公示条目"}).status_code == 404
    assert Objection.objects.count() == 1


@pytest.fixture
def graded(in_publicity, office):
    decision, mine = in_publicity
    oa.do_publish_results(office, decision, today=decision.publicity_end + dt.timedelta(days=1))
    award = Award.objects.get(application=mine)
    funding_actions.do_add_tranche(office, award, TODAY, "40")
    funding_actions.do_accept(office, award, {})
    funding_actions.do_evaluate(office, award, {"output": "40", "effect": "25", "satisfaction": "9", "budget": "16"})
    return award


def test_results_are_public_after_publication(graded, client):
    page = client.get(f"/projects/public/{graded.decision.call_id}/").content.decode()
    assert graded.application.number in page and "50.00" in page


def test_the_award_page_and_report(graded, client, office, applicant, rival):
    url = f"/projects/awards/{graded.pk}/"
    client.force_login(rival)
    assert client.get(url).status_code == 404
    client.force_login(applicant)
    page = client.get(url)
    assert page.status_code == 200 and "90.00" in page.content.decode()
    assert client.post(url, {"form": "progress", "period": "2027Q1", "text": "样机完成", "spent": "10"}).status_code == 302
    assert client.post(url, {"form": "tranche", "due_on": "2027-01-01", "amount": "1"}).status_code == 403
    assert client.get(f"{url}report.docx").status_code == 403
    client.force_login(office)
    refused = client.post(url, {"form": "tranche", "due_on": "2027-01-01", "amount": "10.01"})
    assert refused.status_code == 400 and "10.00" in refused.content.decode()  # 50 − 40 left
    report = client.get(f"{url}report.docx")
    text = "\n".join(p.text for p in Document(io.BytesIO(report.content)).paragraphs)
    assert "综合得分 90.00 分，评价等级为“优”" in text and "预算执行率（权重 20 分）：16.00 分" in text
