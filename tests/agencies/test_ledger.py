"""The credit ledger and the annual lifecycle against the database: automatic listings idempotent per date,
credit marks, status; a new rule version recomputes grades and keeps the old ones."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.management import call_command

from zhichan.agencies import annual_actions, credit_actions
from zhichan.agencies.actions import do_save_agency, do_set_status
from zhichan.agencies.models import Agency, CreditEvent, CreditGrade, CreditRuleVersion, LifecycleRun, Listing
from zhichan.core import jobs
from zhichan.core.models import AuditLog
from zhichan.core.permissions import PermissionDenied

D = dt.date


@pytest.fixture
def agency(db):
    return do_save_agency(None, {"name": "徐州市测试专利代理事务所", "licensed_on": D(2022, 5, 1)})[0]


@pytest.mark.django_db
def test_the_seeded_rule_table():
    version = credit_actions.current_version(D(2023, 5, 1))
    assert version.number == 1 and version.effective_from == D(2023, 5, 1)
    points = {r.code: (r.points, r.cap) for r in version.rules.all()}
    assert points["abnormal_filing"] == (Decimal(-40), Decimal(40))
    assert points["suspended"][0] == -60 and points["revoked"][0] == -100
    assert points["manager_conviction"][0] == -100 and points["caseload_excess"][0] == -15
    assert points["annual_report_missing"][0] == -20 and points["annual_report_late"][0] == -10
    assert credit_actions.current_version(D(2023, 4, 30)) is None


@pytest.mark.django_db
def test_lifecycle_across_dates_idempotent(agency):
    def run(day):
        return annual_actions.do_run_lifecycle(None, day).result

    assert run(D(2023, 3, 31))["listed"] == 0
    assert run(D(2023, 4, 1))["listed"] == 1  # no report on 2022
    audits = AuditLog.objects.count()
    again = run(D(2023, 4, 1))
    assert again == {"agencies": 1, "listed": 0, "removed": 0, "warned": 0, "serious": 0}
    assert AuditLog.objects.count() == audits + 1  # only the run itself
    agency.refresh_from_db()
    assert agency.status == Agency.Status.ABNORMAL
    event = CreditEvent.objects.get(agency=agency, source="annual")
    assert event.code == "annual_report_missing"
    annual_actions.do_file_annual_report(None, agency, 2022, {"staff": 5}, today=D(2023, 4, 20))
    agency.refresh_from_db()
    assert agency.status == Agency.Status.NORMAL
    assert Listing.objects.get(agency=agency).removed_on == D(2023, 4, 20)
    event.refresh_from_db()
    assert event.code == "annual_report_late"  # filed within a month: 10 points
    assert CreditEvent.objects.filter(agency=agency).count() == 1
    assert run(D(2023, 4, 20))["removed"] == 0


@pytest.mark.django_db
def test_three_years_to_serious_with_warning(agency):
    annual_actions.do_run_lifecycle(None, D(2023, 4, 1))  # nothing filed since: a listing every 1 April
    warn = D(2026, 4, 1) - dt.timedelta(days=60)
    assert annual_actions.do_run_lifecycle(None, warn - dt.timedelta(days=1)).result["warned"] == 0
    assert annual_actions.do_run_lifecycle(None, warn).result["warned"] == 1
    assert annual_actions.do_run_lifecycle(None, warn).result["warned"] == 0
    result = annual_actions.do_run_lifecycle(None, D(2026, 4, 1)).result
    assert result["serious"] == 1
    agency.refresh_from_db()
    assert agency.status == Agency.Status.SERIOUS
    assert LifecycleRun.objects.count() == 5


@pytest.mark.django_db
def test_cli_annual(agency, capsys):
    call_command("agencies", "annual", "--as-of", "2023-04-01", "--json")
    assert '"listed": 1' in capsys.readouterr().out


@pytest.mark.django_db
def test_agency_user_files_only_its_own_report(agency, django_user_model):
    from tests.agencies.conftest import code
    from zhichan.core.models import Organization

    other = django_user_model.objects.create_user("other", password="x", role="agency")
    with pytest.raises(PermissionDenied):
        annual_actions.do_file_annual_report(other, agency, 2022, {}, today=D(2023, 3, 5))
    credit = code("91320300MA1W8K2L5")
    org = Organization.objects.create(name="测试机构", kind="agency", credit_code=credit)
    do_save_agency(None, {"name": agency.name, "credit_code": credit}, agency)
    member = django_user_model.objects.create_user("member", password="x", role="agency", organization=org)
    report = annual_actions.do_file_annual_report(member, agency, 2022, {"staff": 3}, today=D(2023, 3, 5))
    assert report.filed_on == D(2023, 3, 5)
    with pytest.raises(annual_actions.NotInWindow):
        annual_actions.do_file_annual_report(member, agency, 2023, {}, today=D(2023, 6, 1))


@pytest.mark.django_db
def test_new_rule_version_recomputes_and_keeps_the_old(agency, office):
    today = dt.date.today()
    credit_actions.do_record_event(office, agency, "caseload_excess", today)
    v1 = credit_actions.current_version()
    credit_actions.do_compute_grades(office, v1, [today.year])
    assert CreditGrade.objects.get(agency=agency, version=v1).score == 85
    v2 = credit_actions.do_new_rule_version(office, "修订", effective_from=D(2024, 1, 1))
    credit_actions.do_save_rule(office, v2, "caseload_excess", {"points": Decimal(-25)})
    job = credit_actions.do_publish_rule_version(office, v2)
    assert jobs.run(job.pk).status == "done"
    grades = dict(CreditGrade.objects.filter(agency=agency, period=today.year).values_list("version__number", "grade"))
    assert grades == {1: "B", 2: "C"}
    agency.refresh_from_db()
    assert agency.grade == "C"
    with pytest.raises(ValueError):
        credit_actions.do_save_rule(office, v2, "caseload_excess", {"points": Decimal(-5)})
    credit_actions.do_compute_grades(office, CreditRuleVersion.objects.get(number=1), [today.year])  # recomputable
    assert CreditGrade.objects.get(agency=agency, version__number=1).grade == "B"


@pytest.mark.django_db
def test_suspension_and_revocation_enter_the_credit_file(agency, office):
    today = dt.date.today()
    do_set_status(office, agency, Agency.Status.SUSPENDED, today, until=today + dt.timedelta(days=90), reason="违规")
    agency.refresh_from_db()
    assert agency.status == Agency.Status.SUSPENDED and agency.grade == "D" and agency.score == 40
    do_set_status(office, agency, Agency.Status.REVOKED, today)
    agency.refresh_from_db()
    assert agency.score == 0 and agency.revoked_on == today and agency.status == Agency.Status.REVOKED


@pytest.mark.django_db
def test_listing_notifies_the_agency_users_registered_later(agency, django_user_model):
    from tests.agencies.conftest import code
    from zhichan.core.models import Organization
    from zhichan.services.models import Notification

    credit = code("91320300MA1W8K2L5")
    do_save_agency(None, {"name": agency.name, "credit_code": credit}, agency)  # no organisation yet
    org = Organization.objects.create(name="后注册机构", kind="agency", credit_code=credit)
    member = django_user_model.objects.create_user("m1", password="x", role="agency", organization=org)
    annual_actions.do_run_lifecycle(None, D(2023, 4, 1))
    assert Notification.objects.filter(user=member).count() == 1
    annual_actions.do_run_lifecycle(None, D(2023, 4, 1))
    assert Notification.objects.filter(user=member).count() == 1
