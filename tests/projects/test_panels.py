"""Expert pool and review panels against the database: entry conditions, the draw excluding experts in conflict
with any applicant that passed the formal check, its record reproduced from the seed, answers and replacement
draws, and what an expert may see."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhichan.projects import actions, expert_actions, flow, panel
from zhichan.projects.access import applications
from zhichan.projects.models import ReviewMember

from .conftest import FIRM, OTHER, TODAY, load, patent

pytestmark = pytest.mark.django_db


def passed(user, call, staff, values=None, legal="王一", staff_names=""):
    app = actions.do_save_application(user, call, None, values or {"f1": "项目", "f2": "1"}, legal, staff_names,
                                      {"申报书": SimpleUploadedFile("a.pdf", b"%PDF-1.4\n")}, today=TODAY)
    app = actions.do_submit_application(user, app, today=TODAY)
    actions.do_transition(staff, app, "claim", today=TODAY)
    return actions.do_transition(staff, app, "pass", {"comment": "合格"}, today=TODAY)


@pytest.fixture
def reviewed(db, call, applicant, rival, staff):
    load(patent(1, FIRM), patent(2, FIRM), patent(3, OTHER), patent(4, OTHER))
    return passed(applicant, call, staff, staff_names="赵二"), passed(rival, call, staff, legal="钱三")


def expert(office, name, organization="", relations=(), title=panel.SENIOR, years=20, birth_year=1970, user=None):
    return expert_actions.do_save_expert(office, None, {
        "name": name, "title": title, "years": years, "birth_year": birth_year, "organization": organization,
        "fields": ["E21D"], "user": user}, list(relations), today=TODAY)


def test_entry_conditions_are_checked_when_an_expert_is_entered(office):
    with pytest.raises(actions.Refused):
        expert(office, "老专家", birth_year=1950)
    with pytest.raises(actions.Refused):
        expert(office, "新专家", title=panel.INTERMEDIATE, years=5)
    assert expert(office, "中级专家", title=panel.INTERMEDIATE, years=8).pk


def test_the_panel_excludes_every_conflicted_expert_and_is_reproducible(office, reviewed, call):
    free = [expert(office, f"专家{i}", "中国矿业大学") for i in range(4)]
    conflicted = [
        expert(office, "任职专家", FIRM),  # works for an applicant
        expert(office, "前董事", relations=[{"kind": "directorship", "organization": OTHER,
                                          "ended_on": TODAY - dt.timedelta(days=400)}]),
        expert(office, "配偶专家", relations=[{"kind": "spouse", "person": "钱三"}]),  # the rival's legal representative
        expert(office, "亲属专家", relations=[{"kind": "collateral", "person": "赵 二"}]),  # key staff of the firm
    ]
    long_ago = expert(office, "旧同事", relations=[{"kind": "employment", "organization": FIRM,
                                                  "ended_on": TODAY - dt.timedelta(days=4 * 366)}])
    review = expert_actions.do_draw_panel(office, call, seed="2026-示范", size=5, today=TODAY)
    seated = {m.expert_id for m in review.members.all()}
    assert seated == {e.pk for e in free} | {long_ago.pk}  # 5 of the 5 who may sit
    record = review.draws.get()
    assert set(record.excluded) == {str(e.pk) for e in conflicted}
    again = panel.draw_panel(record.pool, {int(k): v for k, v in record.excluded.items()}, 5, "2026-示范")
    assert list(again.picked) == record.picked and again.inputs_digest == record.inputs_digest


def test_too_few_experts_refuses_the_draw(office, reviewed, call):
    expert(office, "唯一专家")
    with pytest.raises(actions.Refused):
        expert_actions.do_draw_panel(office, call, seed="s", size=3, today=TODAY)
    assert not hasattr(call.__class__.objects.get(pk=call.pk), "review")


def test_answers_and_replacement_draws(office, reviewed, call, django_user_model, rival):
    users = [django_user_model.objects.create_user(f"expert{i}", password="x", role="expert") for i in range(6)]
    pool = [expert(office, f"专家{i}", "中国矿业大学", user=u) for i, u in enumerate(users)]
    review = expert_actions.do_draw_panel(office, call, seed="42", size=3, today=TODAY)
    first, second, third = review.members.order_by("pk")
    by_user = {e.pk: e.user for e in pool}
    with pytest.raises(Exception):  # noqa: B017 (an expert answers only for their own seat)
        expert_actions.do_answer_seat(by_user[second.expert_id], first, True)
    expert_actions.do_answer_seat(by_user[first.expert_id], first, True, "与申请人无其他利害关系")
    expert_actions.do_answer_seat(by_user[second.expert_id], second, False, conflict=True,
                                  declaration="曾为申请人提供咨询")
    replacement = review.draws.get(round=1)
    assert replacement.seed == "42:r1" and replacement.replaces_id == second.expert_id
    newcomer = ReviewMember.objects.get(review=review, round=1)
    assert newcomer.expert_id not in {first.expert_id, second.expert_id, third.expert_id}
    assert str(second.expert_id) in replacement.excluded
    # experts see the applications of a review they accepted, not before, not others'
    accepted, waiting = by_user[first.expert_id], by_user[third.expert_id]
    assert set(applications(accepted)) == set(review.applications.all())
    assert list(applications(waiting)) == []
    assert list(applications(by_user[second.expert_id])) == []
    assert review.applications.first().state == flow.PASSED


def test_a_refusal_stands_when_no_expert_is_left_to_replace_it(office, reviewed, call, django_user_model):
    users = [django_user_model.objects.create_user(f"solo{i}", password="x", role="expert") for i in range(3)]
    for i, u in enumerate(users):
        expert(office, f"专家{i}", "中国矿业大学", user=u)
    review = expert_actions.do_draw_panel(office, call, seed="s", size=3, today=TODAY)
    member = review.members.select_related("expert__user").first()
    expert_actions.do_answer_seat(member.expert.user, member, False, "出差")
    member.refresh_from_db()
    assert member.status == ReviewMember.Status.DECLINED
    assert review.members.count() == 3 and review.draws.count() == 1  # nobody left to draw
    assert office.notifications.filter(title__contains="没有可替补的评审专家").exists()


def test_the_command_reproduces_every_recorded_draw(office, reviewed, call, django_user_model):
    import io
    import json

    from django.core.management import call_command

    users = [django_user_model.objects.create_user(f"cmd{i}", password="x", role="expert") for i in range(5)]
    pool = [expert(office, f"专家{i}", "中国矿业大学", user=u) for i, u in enumerate(users)]
    review = expert_actions.do_draw_panel(office, call, seed="cli", size=3, today=TODAY)
    member = review.members.select_related("expert__user").first()
    expert_actions.do_answer_seat(member.expert.user, member, False, "出差", today=TODAY)
    out = io.StringIO()
    call_command("projects", "verify-draw", str(review.pk), "--json", stdout=out)
    rows = json.loads(out.getvalue())["draws"]
    assert [(r["round"], r["same"], r["seed"]) for r in rows] == [(0, True, "cli"), (1, True, "cli:r1")]
    record = review.draws.get(round=0)
    outsider = next(e.pk for e in pool if e.pk not in record.picked)
    record.picked = [*record.picked[:-1], outsider]  # a tampered record: one expert swapped
    record.save()
    with pytest.raises(SystemExit):
        call_command("projects", "verify-draw", str(review.pk), stdout=io.StringIO())


def test_only_experts_in_the_reviews_fields_are_drawn(office, reviewed, call):
    actions.do_save_call(office, call, {"expert_fields": ["E21D"]})
    miners = [expert_actions.do_save_expert(office, None, {"name": f"采矿{i}", "title": "senior", "years": 20,
                                                           "birth_year": 1970, "fields": ["E21D23/00"]}, [], today=TODAY)
              for i in range(3)]
    expert_actions.do_save_expert(office, None, {"name": "电池", "title": "senior", "years": 20, "birth_year": 1970,
                                                 "fields": ["H01M"]}, [], today=TODAY)
    review = expert_actions.do_draw_panel(office, call, seed="f", size=3, today=TODAY)
    assert {m.expert_id for m in review.members.all()} == {e.pk for e in miners}
    assert len(review.draws.get().pool) == 3  # the battery expert was never in the pool
