"""Hostile use of the agencies pages and commands: every office address refused to visitors and enterprises, one
agency's user kept out of another's file, the public directory and complaint form fed markup, huge and nonsense
parameters, the registry import fed broken files, and the commands fed bad arguments (usage errors, exit code 2)."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.agencies.conftest import code
from zhichan.agencies import complaint_actions as ca
from zhichan.agencies import credit_actions
from zhichan.agencies import inspection_actions as ia
from zhichan.agencies.actions import do_save_agency
from zhichan.agencies.complaint_models import Complaint
from zhichan.agencies.importer import import_file
from zhichan.agencies.inspection_models import InspectionPlan
from zhichan.agencies.models import Agency, AnnualReport, CreditCase, CreditGrade, Practitioner
from zhichan.core.models import AuditLog, Organization, User
from zhichan.patents.ingest.errors import FileError

pytestmark = pytest.mark.django_db
CODE_A, CODE_B = code("91320300MA1W8K2L5"), code("91320100MA1X0000A")


@pytest.fixture
def agencies(office):
    a = do_save_agency(None, {"name": "徐州甲专利代理事务所", "credit_code": CODE_A, "licence_number": "32901",
                              "licensed_on": dt.date(2020, 1, 1)})[0]
    b = do_save_agency(None, {"name": "徐州乙专利代理事务所", "credit_code": CODE_B, "licence_number": "32902",
                              "licensed_on": dt.date(2020, 1, 1)})[0]
    return a, b


def agency_user(name, credit_code):
    org = Organization.objects.create(name=name, kind="agency", credit_code=credit_code)
    return User.objects.create_user(name, password="x", role="agency", organization=org)


@pytest.fixture
def objects(office, agencies):
    a, b = agencies
    event = credit_actions.do_record_event(office, b, "caseload_excess", dt.date.today(), evidence="内部")
    inspector = User.objects.create_user("insp", password="x", role="office")
    ia.do_add_inspector(office, inspector)
    plan = ia.do_create_plan(office, name="敌意测试计划", year=2026, ratio="1", publish_by=dt.date(2026, 12, 31),
                             per_object=1, weights={"A+": 1, "A": 1, "B": 1, "C": 1, "D": 1, "": 1})
    plan = ia.do_draw(office, plan, seed="7")
    complaint, _code = ca.do_file_complaint(office, kind="report", subject_name=a.name, description="x", agency=a,
                                            address="198.51.100.1")
    return {"event": event, "plan": plan, "inspection": plan.inspections.first(), "complaint": complaint}


def office_urls(agencies, objects):
    a, _b = agencies
    plan, item, complaint = objects["plan"], objects["inspection"], objects["complaint"]
    return [
        "/agencies/office/", "/agencies/office/import/", "/agencies/office/fields/", "/agencies/office/indicators/",
        f"/agencies/office/{a.pk}/", *(f"/agencies/office/{a.pk}/{w}/" for w in ("facts", "status", "alias", "event")),
        "/agencies/credit/rules/", "/agencies/credit/rules/new/", "/agencies/credit/rules/1/rule/",
        "/agencies/credit/rules/1/publish/", "/agencies/credit/grades/publish/", "/agencies/credit/cases/",
        "/agencies/abnormal/", "/agencies/abnormal/scan/",
        "/inspections/", "/inspections/pool/", f"/inspections/{plan.pk}/", f"/inspections/{plan.pk}/draw/",
        f"/inspections/{plan.pk}/publish/", f"/inspections/items/{item.pk}/",
        "/complaints/", f"/complaints/{complaint.pk}/"]


@pytest.mark.parametrize("who", ["anonymous", "enterprise", "agency", "public", "staff", "department", "expert"])
def test_no_office_address_opens_to_outsiders(client, agencies, objects, who):
    if who != "anonymous":
        user = (agency_user("甲所用户", CODE_A) if who == "agency" else
                User.objects.create_user(who, password="x", role=who))
        client.force_login(user)
    before = (Agency.objects.count(), InspectionPlan.objects.get().seed, Complaint.objects.get().state)
    for url in office_urls(agencies, objects):
        for method in (client.get, client.post):
            answer = method(url, {"seed": "9", "name": "x", "status": "revoked"})
            allowed = {302, 403, 405} if who == "anonymous" else {403, 405}
            assert answer.status_code in allowed, (who, method.__name__, url, answer.status_code)
            if answer.status_code == 302:
                assert answer["Location"].startswith("/login/"), url
    assert before == (Agency.objects.count(), InspectionPlan.objects.get().seed, Complaint.objects.get().state)


def test_an_agency_user_stays_in_their_own_file(client, agencies, objects):
    a, b = agencies
    client.force_login(agency_user("甲所用户", CODE_A))
    page = client.get("/agencies/mine/").content.decode()
    assert a.name in page and b.name not in page
    # another agency's event: no objection on it, whatever the hidden field says
    answer = client.post("/agencies/mine/case/", {"kind": "objection", "event": objects["event"].pk, "text": "异议"})
    assert answer.status_code == 400 and not CreditCase.objects.exists()
    for event in ("99999999999999999999999", "-1", "abc"):
        assert client.post("/agencies/mine/case/", {"kind": "objection", "event": event, "text": "x"}).status_code == 400
    # the annual report goes to the user's own agency only, whatever else the form carries
    client.post("/agencies/mine/report/", {"year": dt.date.today().year - 1, "agency": b.pk, "staff": 3})
    assert not AnnualReport.objects.filter(agency=b).exists()
    # another agency's credit case
    other = agency_user("乙所用户", CODE_B)
    client.force_login(other)
    answer = client.post("/agencies/mine/case/", {"kind": "objection", "event": objects["event"].pk, "text": "异议"})
    case = CreditCase.objects.get()
    assert answer.status_code == 302
    client.force_login(User.objects.get(username="甲所用户"))
    assert client.get(f"/agencies/credit/cases/{case.pk}/").status_code == 403
    assert client.post(f"/agencies/credit/cases/{case.pk}/step/", {"transition": "withdraw"}).status_code in {400, 403}
    assert CreditCase.objects.get().state == case.state


HOSTILE = ["<script>alert(1)</script>", "' OR 1=1 --", "x" * 10000, "a&grade=ZZ&page=2", "\x00", "%00", "🀄" * 300]


@pytest.mark.parametrize("params", [
    *({"q": q} for q in HOSTILE), {"grade": "ZZ"}, {"grade": "<b>"}, {"field": "nonsense"}, {"field": "H' --"},
    {"page": "-1"}, {"page": "999999"}, {"page": "abc"}, {"page": "1e9"}, {"page": "9" * 40},
    {"q": "<script>", "grade": "ZZ", "page": "2"}])
def test_the_directory_survives_hostile_parameters(client, agencies, params):
    for i in range(35):  # two pages
        Agency.objects.create(name=f"填充代理所{i:02d}", normalized_name=f"填充代理所{i:02d}")
    answer = client.get("/agencies/", params)
    assert answer.status_code == 200
    body = answer.content.decode()
    for value in params.values():  # shown back (the form keeps its input) only escaped
        if "<" in value:
            assert value not in body
    links = re.findall(r'href="\?([^"]*)"', body)  # the pager carries valid filters only, encoded
    assert not [h for h in links if "xxxxxxxx" in h or "ZZ" in h or "<" in h or "&grade=" in h]


def test_the_pager_keeps_the_filter_encoded(client, agencies):
    for i in range(35):
        Agency.objects.create(name=f"某&所{i:02d}", normalized_name=f"某&所{i:02d}")
    body = client.get("/agencies/", {"q": "某&所"}).content.decode()
    assert "q=%E6%9F%90%26%E6%89%80&amp;page=2" in body


def test_agency_pages_with_bad_ids(client, agencies):
    for url in ("/agencies/0/", "/agencies/99999999999999999999/", "/agencies/abc/", "/agencies/-1/"):
        assert client.get(url).status_code == 404, url


def test_the_public_complaint_form_holds(client, agencies, settings):
    a, _b = agencies
    post = {"kind": "report", "subject": a.name, "description": '<script>alert(1)</script>=HYPERLINK("http://x")',
            "contact_name": "=1+2", "contact": "<img src=x onerror=alert(1)>"}
    answer = client.post("/public/complaints/", post, REMOTE_ADDR="203.0.113.9")
    assert answer.status_code == 200
    body = answer.content.decode()
    assert "<script>alert(1)" not in body and "<img src=x" not in body
    complaint = Complaint.objects.get()
    assert complaint.agency == a and complaint.description.startswith("<script>")  # stored as typed, shown escaped
    client.force_login(User.objects.get(username="office1"))
    page = client.get(f"/complaints/{complaint.pk}/").content.decode()
    assert "<script>alert(1)" not in page and "<img src=x" not in page
    client.logout()
    oversize = {**post, "subject": "甲" * 5000, "description": "乙" * 200000, "contact_name": "丙" * 5000,
                "contact": "丁" * 5000}
    assert client.post("/public/complaints/", oversize, REMOTE_ADDR="203.0.113.10").status_code == 400
    assert client.post("/public/complaints/", {"kind": "nonsense", "subject": "x", "description": "y"},
                       REMOTE_ADDR="203.0.113.10").status_code == 400
    assert Complaint.objects.count() == 1


def test_the_hourly_limit_and_following(client, agencies, monkeypatch):
    limit = 3
    monkeypatch.setenv("ZHICHAN_COMPLAINT_HOURLY_LIMIT", str(limit))
    post = {"kind": "complaint", "subject": "某不存在的机构", "description": "收费后一直不办事也不退费"}
    codes = []
    for _i in range(limit):
        answer = client.post("/public/complaints/", post, REMOTE_ADDR="203.0.113.20")
        assert answer.status_code == 200
        codes.append(answer.context["code"])
    assert client.post("/public/complaints/", post, REMOTE_ADDR="203.0.113.20").status_code == 429
    assert Complaint.objects.count() == limit
    first, second = Complaint.objects.order_by("pk")[:2]
    follow = "/public/complaints/follow/"
    assert client.post(follow, {"number": first.number, "code": codes[0]}).status_code == 200
    for number, query in ((first.number, codes[1]), (second.number, codes[0]), (first.number, ""),
                          (first.number, "x" * 5000), ("TS2026000099", codes[0]), ("' OR 1=1 --", "x"),
                          ("x" * 5000, "y")):
        answer = client.post(follow, {"number": number, "code": query})
        assert answer.status_code == 400, (number[:20], query[:20])
        assert "收费后一直不办事" not in answer.content.decode()
    assert client.get(follow, {"number": first.number, "code": codes[0]}).status_code == 200  # GET shows no case
    assert "收费后一直不办事" not in client.get(follow, {"number": first.number, "code": codes[0]}).content.decode()


def test_a_broken_registry_file_is_reported_not_raised(tmp_path, office):
    broken = tmp_path / "名录.xlsx"
    broken.write_bytes(b"PK\x03\x04 this is not a workbook")
    with pytest.raises(FileError):
        import_file(office, broken)
    empty = tmp_path / "空.csv"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(FileError):
        import_file(office, empty)


def test_a_rejected_practitioner_row_writes_nothing(tmp_path, office, agencies):
    a, b = agencies
    first = tmp_path / "一.csv"
    first.write_text(f"资格证号,姓名,执业机构,执业起始日期\nP001,张三,{a.name},2024-01-01\n", encoding="utf-8")
    assert import_file(office, first)["created"] == 1
    # the same attorney renamed and moved back in time: refused, and the name is not changed either
    second = tmp_path / "二.csv"
    second.write_text(f"资格证号,姓名,执业机构,执业起始日期\nP001,张叁,{b.name},2023-01-01\n", encoding="utf-8")
    report = import_file(office, second)
    assert [(r["row"], r["column"]) for r in report["rejected_rows"]] == [(2, "执业起始日期")]
    assert Practitioner.objects.get().name == "张三"


def test_formula_cells_and_duplicates_in_an_import(tmp_path, office):
    sheet = tmp_path / "名录.csv"
    sheet.write_text("机构名称,统一社会信用代码\n"
                     f'"=HYPERLINK(""http://evil"",""x"")",{CODE_A}\n'
                     f"正常事务所,{CODE_B}\n正常事务所,{CODE_B}\n坏代码所,91320300MA1W8K2L5X\n", encoding="utf-8")
    report = import_file(office, sheet)
    rejected = {(r["row"], r["column"]) for r in report["rejected_rows"]}
    assert (4, "机构名称") in rejected and (5, "统一社会信用代码") in rejected
    assert Agency.objects.filter(name="正常事务所").count() == 1
    assert not Agency.objects.filter(name__startswith="=").exists()
    assert (2, "机构名称") in rejected and report["created"] == 1
    formula = next(r for r in report["rejected_rows"] if r["row"] == 2)
    assert formula["value"].startswith("=HYPERLINK") and "公式" in formula["reason"]


def test_double_submitted_draw_and_publication(client, office, agencies, objects):
    plan = objects["plan"]
    client.force_login(office)
    for each in plan.inspections.all():
        ia.do_record_findings(office, each, "未发现问题", "no_problem", dt.date(2026, 5, 6))
    count = plan.inspections.count()
    for _i in range(2):
        client.post(f"/inspections/{plan.pk}/publish/")
    plan.refresh_from_db()
    assert plan.state == "published" and plan.inspections.count() == count
    assert AuditLog.objects.filter(action="inspections.publish").count() == 1
    assert client.post(f"/inspections/{plan.pk}/draw/", {"seed": "8"}).status_code in {302, 400}
    plan.refresh_from_db()
    assert plan.seed == "7" and plan.inspections.count() == count


def test_draw_command_usage_errors(office, objects):
    with pytest.raises(CommandError, match="没有抽查计划") as caught:
        call_command("inspections", "draw", "没有这个计划", "--seed", "1")
    assert caught.value.returncode == 2
    for ref in ("²", "99999999999999999999999"):
        with pytest.raises(CommandError) as caught:
            call_command("inspections", "draw", ref, "--seed", "1")
        assert caught.value.returncode == 2
    with pytest.raises(CommandError, match="seed"):
        call_command("inspections", "draw", str(objects["plan"].pk), "--seed", "a b;rm")


@pytest.mark.parametrize("args", [["inspections", "draw", "x", "--seed", "<bad seed>"],
                                  ["abnormal", "scan", "--threshold", "2"],
                                  ["abnormal", "scan", "--threshold", "nan"],
                                  ["abnormal", "scan", "--threshold", "abc"]])
def test_usage_errors_exit_2_without_a_traceback(args):
    run = subprocess.run([sys.executable, "-m", "django", *args], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "DJANGO_SETTINGS_MODULE": "zhichan.settings"})
    assert run.returncode == 2, run.stderr[-2000:]
    assert "Traceback" not in run.stderr and "error:" in run.stderr


@pytest.mark.parametrize("params", [{"q": "<script>alert(1)</script>"}, {"q": "x" * 10000}, {"page": "-1"},
                                    {"page": "abc"}, {"page": "9" * 40}, {"state": "nonsense"}, {"status": "ZZ"},
                                    {"signal": "<b>"}, {"year": "abc"}, {"grade": "ZZ"}, {"kind": "\x00"}])
def test_office_and_public_lists_survive_hostile_parameters(client, office, agencies, objects, params):
    urls = ["/agencies/office/", "/agencies/credit/rules/", "/agencies/credit/cases/", "/agencies/abnormal/",
            "/inspections/", "/inspections/pool/", "/complaints/", "/public/inspections/", "/public/complaints/"]
    for url in urls[-2:]:
        assert client.get(url, params).status_code == 200, url
    client.force_login(office)
    for url in urls:
        answer = client.get(url, params)
        assert answer.status_code == 200, (url, answer.status_code)
        assert "<script>alert(1)" not in answer.content.decode() and "<b>" not in answer.content.decode(), url


def test_a_double_submitted_draw_or_grade_publication_duplicates_nothing(client, office, agencies, objects):
    plan = objects["plan"]
    client.force_login(office)
    for _i in range(2):
        assert client.post(f"/inspections/{plan.pk}/draw/", {"seed": "99"}).status_code == 302
    plan.refresh_from_db()
    assert plan.seed == "99" and plan.inspections.count() == plan.draw["sample_size"] == 2
    assert plan.draw["previous"] == ["7", "99"]  # the same seed twice: the same draw, no second set of records
    year = dt.date.today().year
    for _i in range(2):
        client.post("/agencies/credit/grades/publish/", {"period": year})
    assert CreditGrade.objects.filter(period=year).count() == Agency.objects.count()


def test_hostile_numbers_in_the_agency_and_office_forms(client, office, agencies):
    a, _b = agencies
    client.force_login(agency_user("甲所用户", CODE_A))
    huge = "9" * 30
    for field in ("staff", "practitioners", "filings"):
        values = {"year": dt.date.today().year - 1, "staff": 3, "practitioners": 2, "revenue_wan": "10",
                  "filings": 5, field: huge}
        assert client.post("/agencies/mine/report/", values).status_code == 400, field
    assert not AnnualReport.objects.exists()
    client.force_login(office)
    for which, values in (("status", {"status-status": "suspended", "status-until": "2026-02-30"}),
                          ("event", {"event-code": "honour", "event-occurred_on": "99999-01-01",
                                     "event-points": huge}),
                          ("facts", {"name": "<script>", "credit_code": "x" * 500, "licensed_on": "abc"}),
                          ("alias", {"alias-name": "x" * 5000})):
        answer = client.post(f"/agencies/office/{a.pk}/{which}/", values)
        assert answer.status_code in {302, 400}, (which, answer.status_code)


@pytest.mark.parametrize("weight", ["1e400", "9" * 60, "0", "NaN", "Infinity"])
def test_hostile_weights_in_a_plan(client, office, agencies, weight):
    ia.do_add_inspector(office, User.objects.create_user("insp2", password="x", role="office"))
    client.force_login(office)
    form = {"name": "权重计划", "year": 2026, "ratio_percent": "50", "per_object": 1, "publish_by": "2026-12-31",
            "regions": "", **{f: weight for f in ("w_aplus", "w_a", "w_b", "w_c", "w_d", "w_none")}}
    answer = client.post("/inspections/", form)
    assert answer.status_code in {302, 400}
    plan = InspectionPlan.objects.filter(name="权重计划").first()
    if plan is not None:
        assert client.get(f"/inspections/{plan.pk}/").status_code == 200
        assert client.post(f"/inspections/{plan.pk}/draw/", {"seed": "1"}).status_code in {302, 400}
        assert client.get(f"/inspections/{plan.pk}/").status_code == 200


def test_a_signed_in_complainant_sees_their_own_complaint_only(client, office, agencies):
    a, _b = agencies
    mine = User.objects.create_user("filer", password="x", role="enterprise")
    stranger = User.objects.create_user("stranger", password="x", role="enterprise")
    client.force_login(mine)
    post = {"kind": "complaint", "subject": a.name, "description": "收费后一直不办事也不退费", "contact": "13800000000"}
    assert client.post("/public/complaints/", post, REMOTE_ADDR="203.0.113.30").status_code == 200
    complaint = Complaint.objects.get()
    assert complaint.complainant == mine and client.get(f"/complaints/{complaint.pk}/").status_code == 200
    assert client.post(f"/complaints/{complaint.pk}/", {"accept-transition": "accept"}).status_code in {400, 403}
    assert client.post(f"/complaints/{complaint.pk}/", {"link": a.name}).status_code == 403
    client.force_login(stranger)
    for method in (client.get, client.post):
        assert method(f"/complaints/{complaint.pk}/").status_code == 403
    assert client.post(f"/complaints/{complaint.pk}/", {"withdraw-transition": "withdraw"}).status_code == 403
    client.force_login(agency_user("甲所用户", CODE_A))  # the agency complained about
    assert client.get(f"/complaints/{complaint.pk}/").status_code == 403
    Complaint.objects.get(state="submitted")
    client.force_login(office)
    for hostile in ({"nonsense-transition": "x"}, {"accept-transition": "accept", "accept-comment": "x" * 100000},
                    {"assign-transition": "assign", "assign-assignee": "<script>"}, {"link": "x" * 5000}):
        assert client.post(f"/complaints/{complaint.pk}/", hostile).status_code in {302, 400}, hostile
    assert client.get("/complaints/99999999999999999999/").status_code == 404


def test_a_malformed_workbook_uploaded_fails_its_job_with_a_reason(client, office):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from zhichan.core import jobs
    from zhichan.core.models import Job

    client.force_login(office)
    answer = client.post("/agencies/office/import/", {"file": SimpleUploadedFile("名录.xlsx", b"PK\x03\x04garbage")})
    if answer.status_code == 400:  # refused at the door: fine too
        return
    job = jobs.run(Job.objects.get(kind="agencies.import").pk)
    assert job.status == "failed" and job.message and "Traceback" not in job.message
    assert not Agency.objects.exists()
    assert client.get(answer["Location"]).status_code == 200
