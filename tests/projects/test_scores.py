"""Experts score online against the call's sheet; the office's results aggregate by the call's rule, rank and
flag outliers; an expert scores only on a review they accepted."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhichan.core.permissions import PermissionDenied
from zhichan.projects import actions, expert_actions, score_actions

from .conftest import FIRM, OTHER, TODAY, load, patent

pytestmark = pytest.mark.django_db


def passed(user, call, staff, legal):
    app = actions.do_save_application(user, call, None, {"f1": "项目", "f2": "1"}, legal, "",
                                      {"申报书": SimpleUploadedFile("a.pdf", b"%PDF-1.4\n")}, today=TODAY)
    app = actions.do_submit_application(user, actions.do_save_application(user, call, app, {"f1": "项目", "f2": "1"},
                                                                          legal, "", today=TODAY), today=TODAY)
    actions.do_transition(staff, app, "claim", today=TODAY)
    return actions.do_transition(staff, app, "pass", {"comment": "合格"}, today=TODAY)


@pytest.fixture
def seated(call, office, staff, applicant, rival, django_user_model):
    load(patent(1, FIRM), patent(2, FIRM), patent(3, OTHER), patent(4, OTHER))
    actions.do_save_call(office, call, {"sheet": [{"label": "创新性", "max": 60}, {"label": "可行性", "max": 40}],
                                        "aggregation": "trimmed"})
    mine, theirs = passed(applicant, call, staff, "王一"), passed(rival, call, staff, "钱三")
    users = [django_user_model.objects.create_user(f"e{i}", password="x", role="expert") for i in range(4)]
    for i, u in enumerate(users):
        expert_actions.do_save_expert(office, None, {"name": f"专家{i}", "title": "senior", "years": 20,
                                                     "birth_year": 1970, "user": u}, [], today=TODAY)
    review = expert_actions.do_draw_panel(office, call, seed="7", size=3, today=TODAY)
    experts = []
    for m in review.members.select_related("expert__user"):
        expert_actions.do_answer_seat(m.expert.user, m, True, "无")
        experts.append(m.expert.user)
    outsider = next(u for u in users if u not in experts)
    return review, mine, theirs, experts, outsider


def test_results_aggregate_rank_and_flag(seated, client, office):
    review, mine, theirs, (a, b, c), _outsider = seated
    for user, p1, p2 in [(a, "50", "30"), (b, "55", "35"), (c, "20", "10")]:  # totals 80, 90, 30
        score_actions.do_score(user, review, mine, {"c1": p1, "c2": p2}, "意见")
    for user, p1, p2 in [(a, "40", "30"), (b, "45", "30")]:  # totals 70, 75; c has not scored
        score_actions.do_score(user, review, theirs, {"c1": p1, "c2": p2})
    score_actions.do_score(a, review, theirs, {"c1": "41", "c2": "30"})  # a rescoring replaces: 71
    rows = score_actions.results(review)
    assert [(r["application"], r["rank"], r["aggregate"], r["trimmed"]) for r in rows] == [
        (mine, 1, D("80.00"), True),  # 30 and 90 dropped
        (theirs, 2, D("73.00"), False)]  # (71 + 75) / 2: too few to drop
    flagged = {s["score"].expert.user for s in rows[0]["scores"] if s["outlier"]}
    assert flagged == {c}  # median 80: 30 is 50 away (> 0.2 × 100); 90 is 10 away
    client.force_login(office)
    page = client.get(f"/projects/{review.call_id}/results/").content.decode()
    assert "80.00" in page and "73.00" in page


def test_only_seated_experts_score_within_the_sheet(seated, client):
    review, mine, _theirs, (a, *_rest), outsider = seated
    with pytest.raises(PermissionDenied):
        score_actions.do_score(outsider, review, mine, {"c1": "10", "c2": "10"})
    with pytest.raises(actions.Refused):
        score_actions.do_score(a, review, mine, {"c1": "61", "c2": "10"})
    client.force_login(outsider)
    assert client.get(f"/projects/reviews/{review.pk}/score/{mine.pk}/").status_code == 404
    client.force_login(a)
    assert client.get(f"/projects/reviews/{review.pk}/score/{mine.pk}/").status_code == 200
    assert client.post(f"/projects/reviews/{review.pk}/score/{mine.pk}/", {"c1": "70", "c2": "1"}).status_code == 400
    assert client.post(f"/projects/reviews/{review.pk}/score/{mine.pk}/", {"c1": "59.5", "c2": "1"}).status_code == 302
    assert review.scores.get().total == D("60.50")


def test_experts_open_only_the_applications_they_review(seated, client, staff, applicant, call):
    review, mine, _theirs, (a, *_rest), outsider = seated
    file_id = mine.files.get().pk
    client.force_login(outsider)  # in the pool, not seated
    assert client.get(f"/projects/applications/{mine.pk}/").status_code == 404
    assert client.get(f"/projects/files/{file_id}/").status_code == 404
    client.force_login(a)
    assert client.get(f"/projects/applications/{mine.pk}/").status_code == 200
    assert client.get(f"/projects/files/{file_id}/").status_code == 200
    assert client.post(f"/projects/applications/{mine.pk}/step/", {"transition": "reject",
                                                                    "reasons": "x"}).status_code == 403
    # staff read what was submitted, never a draft
    from zhichan.projects import actions as act
    other = act.do_save_call(call.created_by, None, {"title": "另一项目", "guide": "g", "opens_on": call.opens_on,
                                                     "closes_on": call.closes_on})
    other = act.do_publish_call(call.created_by, other)
    draft = act.do_save_application(applicant, other, None, {}, today=TODAY)
    client.force_login(staff)
    assert client.get(f"/projects/applications/{draft.pk}/").status_code == 404
    assert client.get(f"/projects/applications/{mine.pk}/").status_code == 200
