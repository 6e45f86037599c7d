"""The abnormal-application review (issue 14 item 7): scans stored as jobs with their candidates upserted by key,
the review on the workflow engine through every transition and role, a conclusion of 非正常 feeding the agencies'
credit files, the exclusion of concluded records from the indicators (recorded on the figure), and the pages."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from zhichan.agencies import abnormal_actions as aa
from zhichan.agencies import abnormal_flow as flow
from zhichan.agencies.abnormal_models import AbnormalCandidate, AbnormalRecord, AbnormalScan
from zhichan.agencies.models import Agency, AgencyAlias, CreditEvent
from zhichan.core import jobs
from zhichan.core.models import AuditLog, Job, Organization, Region, User
from zhichan.core.permissions import PermissionDenied
from zhichan.core.workflow import calendar
from zhichan.core.workflow import machine as wf
from zhichan.indicators import compute, wording
from zhichan.indicators.actions import do_compute_indicators
from zhichan.patents import record as rec
from zhichan.patents.ingest.loader import Loader
from zhichan.patents.models import ImportFile, ImportRun
from zhichan.patents.numbers import cn_check_character

pytestmark = pytest.mark.django_db
D = dt.date
MONDAY = D(2026, 3, 2)
APPLICANT = "徐州某某新材料科技有限公司"
AGENCY = "徐州某某专利代理事务所"
QUANSHAN = "320311"
ABSTRACT = ("本发明公开了一种石墨烯复合导热膜的制备方法，包括以下步骤：将氧化石墨烯分散于去离子水中，超声处理三十分钟，"
            "加入聚酰亚胺前驱体溶液搅拌均匀，涂布于基材表面，经梯度升温热处理后得到导热膜，导热系数显著提高，"
            "柔韧性好，适用于电子器件的散热。")


def number(serial: int) -> str:
    digits = f"20241{serial:07d}"
    return f"CN{digits}.{cn_check_character(digits)}"


def patent(serial: int, abstract: str, title: str) -> rec.PatentRecord:
    parties = [rec.PartyRecord(rec.APPLICANT, APPLICANT, region_code=QUANSHAN, country="CN", region_source="code"),
               rec.PartyRecord(rec.AGENCY, AGENCY)]
    return rec.PatentRecord(key=number(serial), country="CN", patent_type=rec.INVENTION, title=title,
                            abstract=abstract, filing_date=D(2024, 3, serial), legal_status="pending",
                            parties=parties)


@pytest.fixture
def records():
    built = [patent(1, ABSTRACT, "一种石墨烯复合导热膜的制备方法"),
             patent(2, ABSTRACT.replace("三十分钟", "三十五分钟"), "石墨烯导热膜及其制备方法"),
             patent(3, ABSTRACT + "所述基材为铜箔。", "一种高导热石墨烯膜的制备方法"),
             patent(9, "本实用新型涉及一种自行车车锁，包括锁体、锁舌和弹簧，结构简单，使用方便，防盗效果好，成本低廉。",
                    "一种自行车车锁")]
    loader = Loader(ImportFile.objects.create(run=ImportRun.objects.create(), name="built", sha256="0" * 64,
                                              format="test"))
    loader.store(loader.group(built))
    return [r.key for r in built]


@pytest.fixture
def office():
    return User.objects.create_user("office1", password="x", role="office")


@pytest.fixture
def agency():
    agency = Agency.objects.create(name=AGENCY, normalized_name=AGENCY)
    AgencyAlias.objects.create(agency=agency, name=AGENCY, normalized_name=AGENCY)
    return agency


@pytest.fixture
def applicant_user():
    organization = Organization.objects.create(name=APPLICANT, kind=Organization.Kind.ENTERPRISE)
    return User.objects.create_user("firm1", password="x", role="enterprise", organization=organization)


def saved_scan(*args: str) -> dict:
    out = StringIO()
    call_command("abnormal", "scan", "--save", "--json", *args, stdout=out)
    import json

    return json.loads(out.getvalue())


def cluster() -> AbnormalCandidate:
    return AbnormalCandidate.objects.get(signal="near_duplicate")


# --- scans ----------------------------------------------------------------------------------------------------------


def test_a_scan_saved_twice_duplicates_nothing_and_keeps_the_review(records, office):
    first = saved_scan()
    assert first["new"] == first["found"] >= 1 and first["updated"] == 0
    assert first["options"]["threshold"] == 0.35 and first["options"]["shingle"] == 3  # the settings
    candidate = cluster()
    assert candidate.applications == sorted(records[:3]) and candidate.state == flow.LEAD
    assert candidate.data["key"] == candidate.key and candidate.order_77_type == "3(1)"
    aa.do_transition(office, candidate, "flag", {"reason": "三件内容明显相同"})
    count = AbnormalCandidate.objects.count()
    second = saved_scan("--threshold", "0.4")
    assert second["new"] == 0 and second["updated"] == first["found"]
    assert AbnormalCandidate.objects.count() == count
    candidate.refresh_from_db()
    assert candidate.state == flow.FLAGGED and candidate.fields["reason"] == "三件内容明显相同"
    scans = list(AbnormalScan.objects.order_by("pk"))
    assert len(scans) == 2 and scans[1].options["threshold"] == 0.4  # the option overrides the setting
    assert candidate.first_scan == scans[0] and candidate.last_scan == scans[1]
    assert all(s.job.status == Job.Status.DONE and s.counts["found"] == first["found"] for s in scans)
    assert AuditLog.objects.filter(action="agencies.abnormal_scan").count() == 2


def test_the_settings_are_the_scans_defaults(records, monkeypatch):
    monkeypatch.setenv("ZHICHAN_ABNORMAL_THRESHOLD", "0.9")
    monkeypatch.setenv("ZHICHAN_ABNORMAL_SHINGLE", "4")
    result = saved_scan("--signal", "near_duplicate")
    assert result["options"]["threshold"] == 0.9 and result["options"]["shingle"] == 4
    assert set(result["by_signal"]) <= {"near_duplicate"}


def test_the_office_starts_a_scan_as_a_job(records, office, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as queued:
        run = aa.do_start_scan(office, {"threshold": 0.35})
    assert len(queued) == 1 and run.job.status == Job.Status.QUEUED  # queued when the transaction commits
    assert jobs.run(run.job_id).status == Job.Status.DONE
    run.refresh_from_db()
    assert run.started_by == office and run.counts["found"] >= 1 and run.finished_at
    with pytest.raises(PermissionDenied):
        aa.do_start_scan(User.objects.create_user("e", password="x", role="enterprise"))


# --- the review -----------------------------------------------------------------------------------------------------


def test_the_machine_reaches_every_state_and_concludes_from_each_reviewed_state():
    m = flow.review_machine(15)
    reached, frontier = {m.initial}, [m.initial]
    while frontier:
        state = frontier.pop()
        for t in m.transitions:
            if state in t.sources and t.target not in reached:
                reached.add(t.target)
                frontier.append(t.target)
    assert reached == set(m.states)
    assert m.final_states == {flow.NORMAL, flow.ABNORMAL, flow.PARTLY, flow.CLOSED}
    assert [t.name for t in m.available(flow.NOTIFIED, wf.APPLICANT)] == ["state"]
    assert {t.name for t in m.available(flow.LEAD, wf.APPLICANT)} == set()


def _notified(office, today=MONDAY) -> AbnormalCandidate:
    candidate = cluster()
    aa.do_transition(office, candidate, "flag", {"reason": "标记理由：三件雷同"}, today=today)
    return aa.do_transition(office, candidate, "notify", {"notice": "请于期限内陈述意见"}, today=today)


def test_the_review_through_every_step_to_a_credit_event(records, office, agency, applicant_user):
    saved_scan()
    before = Agency.objects.get(pk=agency.pk).score
    outsider = User.objects.create_user("other", password="x", role="enterprise",
                                        organization=Organization.objects.create(name="别的公司"))
    candidate = cluster()
    with pytest.raises(PermissionDenied):  # not the office, not notified
        aa.do_transition(applicant_user, candidate, "flag", {"reason": "x"})
    candidate = _notified(office)
    assert candidate.state == flow.NOTIFIED
    assert candidate.due == calendar.add_workdays(MONDAY, 15)  # ZHICHAN_ABNORMAL_STATEMENT_DAYS
    assert set(candidate.respondents.all()) == {applicant_user.organization}
    assert aa.roles_on(applicant_user, candidate) == {wf.APPLICANT} and not aa.roles_on(outsider, candidate)
    with pytest.raises(PermissionDenied):
        aa.do_transition(outsider, candidate, "state", {"statement": "x"})
    with pytest.raises(wf.TransitionError):  # the office records a statement, it does not file one
        aa.do_transition(office, candidate, "state", {"statement": "x"})
    with pytest.raises(wf.TransitionError):  # the applicant does not conclude
        aa.do_transition(applicant_user, candidate, "conclude_normal", {"finding": "x"})
    with pytest.raises(wf.TransitionError):  # no conclusion without a statement before the deadline
        aa.do_transition(office, candidate, "conclude_normal", {"finding": "x"}, today=MONDAY)
    aa.do_transition(applicant_user, candidate, "state", {"statement": "三件是不同的改进"}, today=D(2026, 3, 6))
    candidate.refresh_from_db()
    assert candidate.state == flow.STATED and candidate.stopped_on == D(2026, 3, 6)
    with pytest.raises(wf.FieldErrors):
        aa.do_transition(office, candidate, "conclude_abnormal", {"finding": "x", "order_type": "3(99)"})
    aa.do_transition(office, candidate, "conclude_abnormal", {"finding": "内容明显相同，属于非正常申请",
                                                              "order_type": "3(1)"}, exclude=True)
    candidate.refresh_from_db()
    assert candidate.state == flow.ABNORMAL and candidate.fields["concluded"] == sorted(records[:3])
    event = CreditEvent.objects.get(agency=agency)
    assert (event.code, event.source, event.source_ref) == ("abnormal_filing", "abnormal", candidate.key)
    agency.refresh_from_db()
    assert agency.score < (before if before is not None else 100)  # the abnormal_filing rule: −40
    assert AbnormalRecord.objects.filter(candidate=candidate, excluded=True).count() == 3
    assert [s.transition for s in candidate.steps.all()] == ["flag", "notify", "state", "conclude_abnormal"]
    assert [s.role for s in candidate.steps.all()] == ["staff", "staff", "applicant", "staff"]
    assert AuditLog.objects.filter(action__startswith="agencies.abnormal_").exclude(
        action="agencies.abnormal_scan").count() == 4
    with pytest.raises(wf.TransitionError):  # concluded: nothing more
        aa.do_transition(office, candidate, "conclude_normal", {"finding": "x"})


def test_recorded_statement_missed_deadline_partly_and_closed(records, office, agency):
    saved_scan()
    candidate = _notified(office)
    late = calendar.add_workdays(MONDAY, 16)
    with pytest.raises(wf.FieldErrors):  # a number not in the candidate
        aa.do_transition(office, candidate, "conclude_partly", {"finding": "x", "order_type": "3(1)",
                                                                "applications": records[3]}, today=late)
    aa.do_transition(office, candidate, "conclude_partly", {"finding": "后两件属于", "order_type": "3(1)",
                                                            "applications": f"{records[1]}，{records[2]}"},
                     today=late)
    candidate.refresh_from_db()
    assert candidate.state == flow.PARTLY and candidate.fields["concluded"] == sorted(records[1:3])
    assert set(AbnormalRecord.objects.values_list("application__key", flat=True)) == set(records[1:3])
    assert CreditEvent.objects.filter(agency=agency, source="abnormal").count() == 1
    # a lead the office does not take up
    other = AbnormalCandidate.objects.exclude(pk=candidate.pk).first()
    if other is not None:
        aa.do_transition(office, other, "close", {"reason": "同日一案双申"})
        assert AbnormalCandidate.objects.get(pk=other.pk).state == flow.CLOSED


def test_the_office_records_a_statement_and_concludes_normal(records, office, agency):
    saved_scan()
    candidate = _notified(office)
    aa.do_transition(office, candidate, "record_statement", {"statement": "来函：申请人说明研发过程"})
    aa.do_transition(office, candidate, "conclude_normal", {"finding": "不属于"})
    candidate.refresh_from_db()
    assert candidate.state == flow.NORMAL and not AbnormalRecord.objects.exists()
    assert not CreditEvent.objects.filter(source="abnormal").exists()
    with pytest.raises(wf.TransitionError):
        aa.do_set_exclusion(office, candidate, True)


# --- the indicators -------------------------------------------------------------------------------------------------


def _applications(settings: compute.Settings) -> float:
    result = compute.totals("320300", [QUANSHAN], D(2024, 12, 31), settings)
    return result["320300"]["applications_invention"]


def test_the_exclusion_setting_changes_a_figure_and_the_figure_records_it(records, office, agency, monkeypatch):
    saved_scan()
    candidate = _notified(office)
    aa.do_transition(office, candidate, "record_statement", {"statement": "无"})
    aa.do_transition(office, candidate, "conclude_abnormal", {"finding": "属于", "order_type": "3(1)"},
                     exclude=True)
    assert _applications(compute.Settings()) == 4
    assert _applications(compute.Settings(exclude_abnormal=True)) == 1  # the three concluded records left out
    aa.do_set_exclusion(office, candidate, False)  # the office takes them back in
    assert _applications(compute.Settings(exclude_abnormal=True)) == 4
    assert AuditLog.objects.filter(action="agencies.abnormal_exclusion").exists()
    aa.do_set_exclusion(office, candidate, True)
    city = Region.objects.get(code="320300")
    plain = {f.indicator.code: f for f in do_compute_indicators(office, city, D(2024, 12, 31))
             if f.region_id == "320300"}
    assert plain["applications_invention"].value == 4 and "exclude_abnormal" not in plain["applications_invention"].settings
    monkeypatch.setenv("ZHICHAN_INDICATORS_EXCLUDE_ABNORMAL", "true")
    excluded = {f.indicator.code: f for f in do_compute_indicators(office, city, D(2024, 12, 31))
                if f.region_id == "320300"}
    assert excluded["applications_invention"].value == 1
    assert excluded["applications_invention"].settings["exclude_abnormal"] is True
    assert "非正常申请" in wording.settings_text(excluded["applications_invention"].settings)
    assert "非正常申请" not in wording.settings_text(plain["applications_invention"].settings)


# --- pages ----------------------------------------------------------------------------------------------------------


def test_the_office_reviews_on_its_pages(client, records, office, agency):
    saved_scan()
    client.force_login(office)
    page = client.get("/agencies/abnormal/?signal=near_duplicate&state=open")
    assert page.status_code == 200 and records[0] in page.content.decode()
    candidate = cluster()
    page = client.get(f"/agencies/abnormal/{candidate.pk}/")
    html = page.content.decode()
    assert page.status_code == 200 and "<mark>" in html and "一种石墨烯复合导热膜的制备方法" in html
    assert 'id="action-flag"' in html and AGENCY in html
    answer = client.post(f"/agencies/abnormal/{candidate.pk}/", {"flag-transition": "flag", "flag-reason": "相同"})
    assert answer.status_code == 302 and AbnormalCandidate.objects.get(pk=candidate.pk).state == flow.FLAGGED
    answer = client.post(f"/agencies/abnormal/{candidate.pk}/", {"state-transition": "state", "state-statement": "x"})
    assert answer.status_code == 400  # not a step the office takes now
    assert client.get("/agencies/abnormal/?state=flagged").status_code == 200
    assert client.get("/agencies/abnormal/?state=lead").status_code == 200


def test_the_scan_form_starts_a_job(client, records, office):
    client.force_login(office)
    answer = client.post("/agencies/abnormal/scan/", {"threshold": "0.35", "shingle": "3", "detail": "50"})
    run = AbnormalScan.objects.get()
    assert answer.status_code == 302 and answer["Location"] == f"/jobs/{run.job_id}/"
    jobs.run(run.job_id)
    assert AbnormalCandidate.objects.exists()


def test_the_applicant_files_its_statement_on_its_page(client, records, office, agency, applicant_user):
    saved_scan()
    candidate = _notified(office)
    client.force_login(applicant_user)
    home = client.get("/").content.decode()
    assert 'id="home-abnormal"' in home
    mine = client.get("/agencies/abnormal/mine/")
    assert mine.status_code == 200 and f"/agencies/abnormal/{candidate.pk}/" in mine.content.decode()
    page = client.get(f"/agencies/abnormal/{candidate.pk}/")
    html = page.content.decode()
    assert page.status_code == 200 and 'id="action-state"' in html and 'id="action-flag"' not in html
    assert "标记理由" not in html  # the office's internal reason is not shown
    answer = client.post(f"/agencies/abnormal/{candidate.pk}/", {"state-transition": "state",
                                                                 "state-statement": "三件是不同的改进"})
    assert answer.status_code == 302 and AbnormalCandidate.objects.get(pk=candidate.pk).state == flow.STATED


def test_who_may_open_the_review_pages(client, records, office, agency):
    saved_scan()
    candidate = cluster()
    assert client.get(f"/agencies/abnormal/{candidate.pk}/").status_code == 302  # sign in first
    client.force_login(User.objects.create_user("e", password="x", role="enterprise",
                                                organization=Organization.objects.create(name="别的公司")))
    assert client.get(f"/agencies/abnormal/{candidate.pk}/").status_code == 403
    assert client.get("/agencies/abnormal/").status_code == 403
    assert client.post("/agencies/abnormal/scan/", {"threshold": "0.35"}).status_code == 403
    assert client.get("/agencies/abnormal/mine/").status_code == 200


def test_the_agency_pages_show_the_abnormal_share(client, records, office, agency):
    saved_scan()
    candidate = _notified(office)
    client.force_login(office)
    page = client.get(f"/agencies/office/{agency.pk}/").content.decode()
    assert "已标记、正在核查 3 件（75.0%" in page and "认定为非正常申请 0 件" in page
    client.logout()
    public = client.get(f"/agencies/{agency.pk}/").content.decode()
    assert "经核查认定为非正常申请：0 件" in public and "正在核查" not in public
    aa.do_transition(office, candidate, "record_statement", {"statement": "无"})
    aa.do_transition(office, candidate, "conclude_abnormal", {"finding": "属于", "order_type": "3(1)"})
    public = client.get(f"/agencies/{agency.pk}/").content.decode()
    assert "经核查认定为非正常申请：3 件（75.0%）" in public
