"""The office rates each seated expert once the review's scoring is complete (one rating per seat, audited); an
expert with ≥ 2 差 among their latest 5 ratings is flagged on their page and left out of the next draw."""

from __future__ import annotations

import datetime as dt

import pytest

from zhichan.core.models import AuditLog
from zhichan.core.permissions import PermissionDenied
from zhichan.projects import actions, expert_actions, score_actions
from zhichan.projects.models import Call, Expert, ExpertRating, Review, ReviewMember
from zhichan.projects.rating_actions import POOR_REASON, do_rate_expert, flagged

from .conftest import TODAY
from .test_scores import seated  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def score_all(review, mine, theirs, experts) -> None:
    for user in experts:
        for app in (mine, theirs):
            score_actions.do_score(user, review, app, {"c1": "40", "c2": "30"})


def seat(review, user) -> ReviewMember:
    return review.members.get(expert__user=user)


def test_rating_only_after_scoring_one_per_seat_audited(seated, office, client):  # noqa: F811
    review, mine, theirs, (a, b, c), _outsider = seated
    with pytest.raises(actions.Refused):
        do_rate_expert(office, seat(review, a), "good")  # nobody has scored yet
    score_actions.do_score(a, review, mine, {"c1": "40", "c2": "30"})
    with pytest.raises(actions.Refused):
        do_rate_expert(office, seat(review, a), "good")  # five of six scores still missing
    score_all(review, mine, theirs, (a, b, c))
    rating = do_rate_expert(office, seat(review, a), "poor", "迟到一小时")
    assert (rating.expert, rating.grade, rating.note) == (seat(review, a).expert, "poor", "迟到一小时")
    assert AuditLog.objects.filter(action="projects.rate_expert", target_id=str(review.pk)).count() == 1
    with pytest.raises(actions.Refused):
        do_rate_expert(office, seat(review, a), "good")  # a second rating of the same seat
    assert ExpertRating.objects.count() == 1
    client.force_login(office)
    member_b = seat(review, b)
    assert client.post(f"/projects/seats/{member_b.pk}/rate/", {"grade": "best"}).status_code == 400
    assert client.post(f"/projects/seats/{member_b.pk}/rate/", {"grade": "good", "note": "认真"}).status_code == 302
    assert client.post(f"/projects/seats/{member_b.pk}/rate/", {"grade": "fair"}).status_code == 400
    assert ExpertRating.objects.get(member=member_b).grade == "good"
    page = client.get(f"/experts/{member_b.expert_id}/").content.decode()
    assert "认真" in page and 'id="expert-flagged"' not in page


def test_only_the_office_rates(seated, staff, client):  # noqa: F811
    review, mine, theirs, experts, _outsider = seated
    score_all(review, mine, theirs, experts)
    member = seat(review, experts[0])
    with pytest.raises(PermissionDenied):
        do_rate_expert(staff, member, "good")
    with pytest.raises(PermissionDenied):
        do_rate_expert(experts[1], member, "poor")
    client.force_login(staff)
    assert client.post(f"/projects/seats/{member.pk}/rate/", {"grade": "good"}).status_code == 403
    assert not ExpertRating.objects.exists()


def past_ratings(expert: Expert, grades: list[str]) -> None:
    """Hand-built earlier reviews of other calls, rated in order (the last is the latest)."""
    for i, grade in enumerate(grades):
        call = Call.objects.create(title=f"往年项目{i}", guide="-", opens_on=dt.date(2020, 1, 1),
                                   closes_on=dt.date(2020, 2, 1))
        member = ReviewMember.objects.create(review=Review.objects.create(call=call, seed=str(i), size=1),
                                             expert=expert, round=0, status=ReviewMember.Status.ACCEPTED)
        ExpertRating.objects.create(member=member, expert=expert, grade=grade)


def make_experts(office, n: int) -> list[Expert]:
    return [expert_actions.do_save_expert(office, None, {"name": f"专家{i}", "title": "senior", "years": 20,
                                                         "birth_year": 1970}, [], today=TODAY) for i in range(n)]


def test_the_window_of_latest_ratings(office):
    one, two, three = make_experts(office, 3)
    past_ratings(one, ["poor", "good", "poor"])  # 2 差 in the latest 5: flagged
    past_ratings(two, ["poor", "good", "fair"])  # 1 差: not
    past_ratings(three, ["poor", "poor", "good", "good", "good", "fair"])  # latest 5 hold one 差: not
    assert flagged([one.pk, two.pk, three.pk]) == {one.pk}


def test_a_flagged_expert_is_left_out_of_the_next_draw(seated, office, client):  # noqa: F811
    review, _mine, _theirs, _experts, _outsider = seated
    call = review.call
    everyone = list(Expert.objects.all())
    bad = everyone[0]
    past_ratings(bad, ["poor", "poor"])
    # the same call's review again, drawn afresh: remove the first so the draw may run
    ReviewMember.objects.filter(review=review).delete()
    review.draws.all().delete()
    apps = list(review.applications.all())
    review.delete()
    again = expert_actions.do_draw_panel(office, call, seed="7", size=3, today=TODAY)
    assert set(again.members.values_list("expert_id", flat=True)) == {e.pk for e in everyone[1:]}
    assert POOR_REASON in again.draws.get(round=0).excluded[str(bad.pk)]
    assert len(apps) == 2
    client.force_login(office)
    assert 'id="expert-flagged"' in client.get(f"/experts/{bad.pk}/").content.decode()
