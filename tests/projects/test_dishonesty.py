"""严重失信 records (issue 17, item 5): the pure rule on hand-built records (in force from the day listed through the
end day, not from the day removed), and on the database: the office records one through the audited action, a call
that requires "no serious dishonesty record" refuses the organisation while it is in force, naming the record, and
accepts it once the office records the removal."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhichan.core.models import AuditLog
from zhichan.core.permissions import PermissionDenied
from zhichan.projects import actions, credit_actions, eligibility, facts
from zhichan.projects.credit_models import DishonestyRecord

from .conftest import FIRM, TODAY, load, patent

D = dt.date


def record(listed: dt.date, ends: dt.date | None = None, removed: dt.date | None = None) -> eligibility.Dishonesty:
    return eligibility.Dishonesty("国家企业信用信息公示系统", "严重违法失信名单", "徐市监〔2026〕1号", listed, ends, removed)


@pytest.mark.parametrize(("day", "expected"), [
    (D(2026, 2, 28), False),  # the day before it was listed
    (D(2026, 3, 1), True),  # the day listed
    (D(2029, 2, 28), True),  # the end day still counts
    (D(2029, 3, 1), False),  # the day after the end
])
def test_a_record_is_in_force_from_the_day_listed_through_its_end_day(day, expected):
    assert record(D(2026, 3, 1), D(2029, 2, 28)).active_on(day) is expected


def test_a_record_removed_early_is_not_in_force_from_the_removal_day_and_one_without_end_stays():
    removed = record(D(2026, 3, 1), None, D(2026, 9, 1))
    assert removed.active_on(D(2026, 8, 31)) and not removed.active_on(D(2026, 9, 1))
    assert record(D(2020, 1, 1)).active_on(D(2040, 1, 1))


def test_the_rule_fails_naming_the_record_passes_without_one_and_is_unknown_when_not_looked_up():
    rules = {"no_serious_dishonesty": True}
    assert eligibility.clean_rules(rules) == rules and eligibility.clean_rules({"no_serious_dishonesty": False}) == {}
    listed = eligibility.Applicant(FIRM, dishonesty=(record(D(2026, 3, 1), D(2029, 2, 28)),))
    [result] = eligibility.check(rules, listed)
    assert result.outcome == eligibility.FAIL and not eligibility.eligible([result])
    words = result.reason % result.params
    for part in ("国家企业信用信息公示系统", "严重违法失信名单", "徐市监〔2026〕1号", "2026-03-01", "2029-02-28"):
        assert part in words
    [clean] = eligibility.check(rules, eligibility.Applicant(FIRM, dishonesty=()))
    assert clean.outcome == eligibility.PASS
    [unknown] = eligibility.check(rules, eligibility.Applicant(FIRM))
    assert unknown.outcome == eligibility.UNKNOWN
    assert eligibility.check({}, listed) == []  # a call without the rule does not look


def values(org, **more) -> dict:
    return {"organization": org, "source": "gsxt", "list_name": "严重违法失信名单",
            "document_number": "徐市监严失字〔2026〕第0001号", "listed_on": TODAY - dt.timedelta(days=30),
            "ends_on": TODAY + dt.timedelta(days=3 * 365), "reason": "提交虚假材料取得登记", **more}


@pytest.mark.django_db
def test_only_the_office_records_a_record_once_and_each_write_is_audited(office, staff, applicant, firm):
    for someone in (staff, applicant):
        with pytest.raises(PermissionDenied):
            credit_actions.do_record_dishonesty(someone, values(firm))
    row = credit_actions.do_record_dishonesty(office, values(firm))
    with pytest.raises(actions.Refused) as again:
        credit_actions.do_record_dishonesty(office, values(firm))
    assert "已登记" in str(again.value)
    with pytest.raises(actions.Refused) as backwards:
        credit_actions.do_record_dishonesty(office, values(firm, document_number="2号", ends_on=TODAY - dt.timedelta(
            days=31)))
    assert "届满日期早于列入日期" in str(backwards.value)
    with pytest.raises(actions.Refused):  # a removal says on what grounds
        credit_actions.do_remove_dishonesty(office, row, TODAY, " ")
    credit_actions.do_remove_dishonesty(office, row, TODAY, "信用修复决定 徐市监信修〔2026〕3号")
    assert DishonestyRecord.objects.count() == 1
    assert list(AuditLog.objects.filter(action__startswith="projects.dishonesty").values_list("action", flat=True)
                .order_by("pk")) == ["projects.dishonesty_record", "projects.dishonesty_remove"]


@pytest.mark.django_db
def test_a_call_requiring_no_record_refuses_the_listed_enterprise_until_the_record_is_removed(
        office, applicant, firm, call):
    load(patent(1, FIRM), patent(2, FIRM))  # the call's other rules pass
    call.rules = {**call.rules, "no_serious_dishonesty": True}
    call.save()
    row = credit_actions.do_record_dishonesty(office, values(firm))
    assert [r.number for r in facts.applicant(firm, TODAY, False).dishonesty] == ["徐市监严失字〔2026〕第0001号"]
    assert facts.applicant(firm, TODAY - dt.timedelta(days=31), False).dishonesty == ()  # before it was listed
    app = actions.do_save_application(applicant, call, None, {"f1": "矿用智能支架", "f2": "300"}, "王一", "赵二",
                                      {"申报书": SimpleUploadedFile("a.pdf", b"%PDF-1.4\n")}, today=TODAY)
    with pytest.raises(actions.Refused) as refused:
        actions.do_submit_application(applicant, app, today=TODAY)
    assert "徐市监严失字〔2026〕第0001号" in str(refused.value) and "严重违法失信名单" in str(refused.value)
    credit_actions.do_remove_dishonesty(office, row, TODAY, "信用修复")
    submitted = actions.do_submit_application(applicant, app, today=TODAY)
    assert {r["rule"]: r["outcome"] for r in submitted.eligibility}["no_serious_dishonesty"] == "pass"


@pytest.mark.django_db
def test_the_office_page_records_and_the_call_form_sets_the_rule(client, office, applicant, firm, call):
    client.force_login(applicant)
    assert client.get("/projects/credit/").status_code == 403
    client.force_login(office)
    bad = client.post("/projects/credit/", {"organization": firm.pk, "source": "creditchina", "list_name": "失信被执行人",
                                            "document_number": "", "listed_on": "2026-01-01"})
    assert bad.status_code == 400 and "失信被执行人" in bad.content.decode()  # the input kept
    ok = client.post("/projects/credit/", {"organization": firm.pk, "source": "creditchina",
                                           "list_name": "失信被执行人", "document_number": "（2026）苏0311执123号",
                                           "listed_on": "2026-01-01", "ends_on": "2028-12-31"})
    assert ok.status_code == 302
    page = client.get("/projects/credit/").content.decode()
    assert "（2026）苏0311执123号" in page and "信用中国" in page
    form = client.get(f"/projects/{call.pk}/edit/").content.decode()
    assert 'name="no_serious_dishonesty"' in form
    assert form.index('name="min_grade"') < form.index('name="no_serious_dishonesty"') < form.index(
        'name="min_valid_inventions"')
