"""The expert pool at /experts/ (issue 17): office-only (no public expert list: an anonymous visitor signs in, any
other role gets 403), the old /projects/experts/… and /projects/reviews/mine/ addresses answer 301 to the new ones,
and an expert's own page /experts/me/ shows their seats, the office's ratings of them and the relationships they
declared."""

from __future__ import annotations

import pytest

from zhichan.projects import expert_actions, score_actions
from zhichan.projects.rating_actions import do_rate_expert

from .test_scores import seated  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def test_the_pool_is_the_offices_and_the_old_addresses_move_permanently(client, office, applicant, staff):
    expert = expert_actions.do_save_expert(office, None, {"name": "欧阳建国", "title": "senior", "years": 20,
                                                          "birth_year": 1970, "organization": "中国矿业大学"}, [])
    assert client.get("/experts/")["Location"].startswith("/login/?next=%2Fexperts%2F")
    for someone in (applicant, staff):
        client.force_login(someone)
        assert client.get("/experts/").status_code == 403
        assert client.get(f"/experts/{expert.pk}/").status_code == 403
    client.force_login(office)
    assert "欧阳建国" in client.get("/experts/").content.decode()
    for old, new in (("/projects/experts/", "/experts/"), ("/projects/experts/new/", "/experts/new/"),
                     (f"/projects/experts/{expert.pk}/", f"/experts/{expert.pk}/"),
                     ("/projects/reviews/mine/", "/experts/me/")):
        moved = client.get(old)
        assert (moved.status_code, moved["Location"]) == (301, new), old
    saved = client.post("/experts/new/", {"name": "司马光", "title": "senior", "years": "20", "birth_year": "1970",
                                          "organization": "江苏师范大学", "rel-TOTAL_FORMS": "0",
                                          "rel-INITIAL_FORMS": "0"})
    assert (saved.status_code, saved["Location"]) == (302, "/experts/")


def test_an_experts_own_page_shows_seats_ratings_and_declared_relations(seated, office, client):  # noqa: F811
    review, mine, theirs, experts, _outsider = seated
    for user in experts:
        for app in (mine, theirs):
            score_actions.do_score(user, review, app, {"c1": "40", "c2": "30"})
    member = review.members.get(expert__user=experts[0])
    do_rate_expert(office, member, "fair", "评审意见较简略")
    expert = member.expert
    expert_actions.do_save_expert(office, expert, {"name": expert.name}, [
        {"kind": "employment", "organization": "徐州工程机械集团有限公司", "person": ""}])
    client.force_login(experts[0])
    page = client.get("/experts/me/").content.decode()
    assert review.call.title in page.split('id="seats"', 1)[1]
    assert "评审意见较简略" in page.split('id="my-ratings"', 1)[1]
    assert "徐州工程机械集团有限公司" in page.split('id="my-relations"', 1)[1]
    client.force_login(experts[1])
    other = client.get("/experts/me/").content.decode()
    assert "评审意见较简略" not in other and "徐州工程机械集团有限公司" not in other  # only one's own
