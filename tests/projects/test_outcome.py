"""After the review, on the database: the office approves the ranked list, the 公示 runs five working days,
objections are filed within it and answered (upheld: reconsidered), the results are published only after it; then
tranches within the grant, progress reports, acceptance against the declared targets and the 绩效评价 grade."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from zhichan.core.permissions import PermissionDenied
from zhichan.projects import funding_actions as funding
from zhichan.projects import outcome_actions as oa
from zhichan.projects import score_actions
from zhichan.projects.actions import Refused
from zhichan.projects.models import Award, Decision, Objection
from zhichan.services.models import Notification

from .conftest import TODAY  # 2026-11-27, a Friday
from .test_scores import passed, seated  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db
END = dt.date(2026, 12, 3)  # Fri 27 Nov is day 1 of 5 working days: 30 Nov, 1, 2, 3 Dec


@pytest.fixture
def approved(seated, office):  # noqa: F811
    review, mine, theirs, (a, b, c), _outsider = seated
    for user in (a, b, c):
        score_actions.do_score(user, review, mine, {"c1": "50", "c2": "30"})
        score_actions.do_score(user, review, theirs, {"c1": "40", "c2": "20"})
    decision = oa.do_approve(office, review.call, {mine.pk: "50", theirs.pk: "30.5"}, "第一批")
    return decision, mine, theirs


def test_approval_keeps_rank_score_and_amount(approved, office):
    decision, mine, theirs = approved
    rows = [(a.application, a.rank, a.aggregate, a.amount) for a in decision.awards.all()]
    assert rows == [(mine, 1, D("80.00"), D("50.00")), (theirs, 2, D("60.00"), D("30.50"))]
    with pytest.raises(Refused):
        oa.do_approve(office, decision.call, {mine.pk: "1"})


def test_only_the_office_approves_and_amounts_are_checked(seated, office, staff):  # noqa: F811
    review, mine, *_ = seated
    with pytest.raises(PermissionDenied):
        oa.do_approve(staff, review.call, {mine.pk: "50"})
    with pytest.raises(Refused):
        oa.do_approve(office, review.call, {mine.pk: "-3"})
    with pytest.raises(Refused):
        oa.do_approve(office, review.call, {})
    assert not Decision.objects.exists()


def test_publicity_objections_and_publication(approved, office, rival, applicant):
    decision, mine, theirs = approved
    oa.do_start_publicity(office, decision, today=TODAY)
    assert (decision.publicity_start, decision.publicity_end) == (TODAY, END)
    award = mine.award
    objection = oa.do_object(rival, award, "申报材料中的专利已失效", today=END)
    with pytest.raises(Refused):
        oa.do_object(rival, award, "逾期提出的异议理由", today=END + dt.timedelta(days=1))
    with pytest.raises(Refused):
        oa.do_object(rival, award, "", today=END)
    with pytest.raises(Refused):  # the period is over but an objection is open
        oa.do_publish_results(office, decision, today=dt.date(2026, 12, 4))
    oa.do_answer_objection(office, objection, True, "经核实，异议成立，重新复核")
    assert Award.objects.get(pk=award.pk).status == Award.Status.RECONSIDER
    assert Notification.objects.filter(user=rival, url=f"/projects/public/{decision.call_id}/publicity/").count() == 1
    with pytest.raises(Refused):  # an application under reconsideration holds the results
        oa.do_publish_results(office, decision, today=dt.date(2026, 12, 4))
    oa.do_reconsider(office, Award.objects.get(pk=award.pk), True, "40")
    with pytest.raises(Refused):  # the last day of the 公示 still belongs to it
        oa.do_publish_results(office, decision, today=END)
    oa.do_publish_results(office, decision, today=dt.date(2026, 12, 4))
    decision.refresh_from_db()
    assert decision.state == Decision.State.PUBLISHED
    assert [(a.application, a.amount) for a in oa.public_awards(decision)] == [(mine, D("40.00")), (theirs, D("30.50"))]
    assert Notification.objects.filter(user=applicant, url=f"/projects/awards/{award.pk}/").exists()


def test_a_rejected_objection_keeps_the_entry(approved, office, rival):
    decision, mine, _theirs = approved
    oa.do_start_publicity(office, decision, today=TODAY)
    objection = oa.do_object(rival, mine.award, "评分不公正的异议", today=TODAY)
    with pytest.raises(Refused):
        oa.do_answer_objection(office, objection, False, "  ")
    oa.do_answer_objection(office, objection, False, "评分过程符合规定")
    assert Objection.objects.get(pk=objection.pk).state == Objection.State.REJECTED
    assert Award.objects.get(pk=mine.award.pk).status == Award.Status.FUNDED


@pytest.fixture
def funded(approved, office, call):
    decision, mine, theirs = approved
    oa.do_start_publicity(office, decision, today=TODAY)
    oa.do_publish_results(office, decision, today=END + dt.timedelta(days=1))
    return Award.objects.get(application=mine)


def test_tranches_never_exceed_the_grant(funded, office):
    funding.do_add_tranche(office, funded, dt.date(2027, 1, 10), "30")
    funding.do_add_tranche(office, funded, dt.date(2027, 6, 10), "15.5")
    with pytest.raises(Refused, match="4.50"):
        funding.do_add_tranche(office, funded, dt.date(2027, 12, 10), "4.51")
    funding.do_add_tranche(office, funded, dt.date(2027, 12, 10), "4.50")
    assert sum(t.amount for t in funded.tranches.all()) == D("50.00")


def test_progress_acceptance_and_grade(funded, office, applicant, rival):
    call = funded.decision.call
    call.fields = [*call.fields, {"code": "f3", "label": "新增发明专利申请（件）", "type": "number", "target": True}]
    call.save()
    application = funded.application
    application.values = {**application.values, "f3": "10"}
    application.save()
    with pytest.raises(PermissionDenied):
        funding.do_report_progress(rival, funded, "2027年上半年", "进展")
    funding.do_report_progress(applicant, funded, "2027年上半年", "完成样机", "20")
    funding.do_add_tranche(office, funded, dt.date(2027, 1, 10), "45")
    with pytest.raises(Refused):  # grading comes after acceptance
        funding.do_evaluate(office, funded, {"output": 40, "effect": 30, "satisfaction": 10, "budget": 20})
    acc = funding.do_accept(office, funded, {"f3": "8"}, "部分完成")
    assert (acc.passed, acc.rows[0]["declared"], acc.rows[0]["achieved"], acc.rows[0]["met"]) == (False, "10", "8", False)
    funded.refresh_from_db()
    assert funding.suggested(funded) == {"output": D("0.00"), "budget": D("18.00")}  # 0 of 1 met; 45 of 50
    ev = funding.do_evaluate(office, funded, {"output": "0", "effect": "25", "satisfaction": "9", "budget": "18"})
    assert (ev.total, ev.grade) == (D("52.00"), "差")
    acc = funding.do_accept(office, funded, {"f3": "12"})
    ev = funding.do_evaluate(office, funded, {"output": "40", "effect": "25", "satisfaction": "9", "budget": "18"})
    assert (acc.passed, ev.total, ev.grade) == (True, D("92.00"), "优")
    with pytest.raises(Refused):
        funding.do_evaluate(office, funded, {"output": "41", "effect": "25", "satisfaction": "9", "budget": "18"})


def test_nothing_is_funded_before_publication(approved, office):
    _decision, mine, _ = approved
    with pytest.raises(Refused):
        funding.do_add_tranche(office, mine.award, dt.date(2027, 1, 1), "1")
