"""双随机、一公开 in the database: the scope of a plan, the pool and recusals (recorded and same-organisation), the
draw recorded with its seed and reproduced from it (actions and `zhichan inspections draw`), findings,
rectification, publication by the deadline, and who may do each."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from zhichan.agencies import inspection_actions as ia
from zhichan.agencies.inspection_models import Inspection, InspectionPlan
from zhichan.agencies.models import Agency
from zhichan.core.models import AuditLog, Organization, User
from zhichan.core.permissions import PermissionDenied

pytestmark = pytest.mark.django_db
D = dt.date
GRADES = ["A+", "A", "B", "C", "D", ""]


@pytest.fixture
def office():
    return User.objects.create_user("office1", password="x", role="office")


@pytest.fixture
def world(office):
    """12 agencies (one a branch), 6 inspectors; inspector 0 works at agency 0's organisation, inspector 1 has a
    recorded conflict with agency 1."""
    orgs = [Organization.objects.create(name=f"机构{i}", kind="agency") for i in range(12)]
    agencies = [Agency.objects.create(name=f"代理所{i:02d}", normalized_name=f"代理所{i:02d}", grade=GRADES[i % 6],
                                      organization=orgs[i]) for i in range(12)]
    agencies[11].head = agencies[10]
    agencies[11].save()
    inspectors = [User.objects.create_user(f"insp{i}", password="x", role="staff" if i % 2 else "office",
                                           organization=orgs[0] if i == 0 else None) for i in range(6)]
    for user in inspectors:
        ia.do_add_inspector(office, user)
    ia.do_add_recusal(office, inspectors[1], agencies[1], "former_employment")
    return {"agencies": agencies, "inspectors": inspectors}


def make_plan(office, **kw):
    values = {"name": "2026年专利代理机构双随机抽查", "year": 2026, "ratio": "0.5", "publish_by": D(2026, 12, 31),
              "per_object": 2, "weights": {"A+": 0.5, "A": 1, "B": 1, "C": 2, "D": 4, "": 1}}
    return ia.do_create_plan(office, **{**values, **kw})


def drawn_map(plan):
    return {i.agency_id: sorted(i.inspectors.values_list("pk", flat=True)) for i in plan.inspections.all()}


def test_scope_kinds_and_statuses(office, world):
    heads = make_plan(office, object_kinds=["head"])
    assert ia.scope(heads).count() == 11
    branches = make_plan(office, object_kinds=["branch"])
    assert list(ia.scope(branches)) == [world["agencies"][11]]
    Agency.objects.filter(pk=world["agencies"][3].pk).update(status="revoked")
    normal = make_plan(office, statuses=["normal", "abnormal"])
    assert ia.scope(normal).count() == 11
    assert ia.region_prefix("320000") == "32" and ia.region_prefix("320311") == "320311"


def test_the_draw_is_recorded_and_reproduced_from_its_seed(office, world):
    plan = ia.do_draw(office, make_plan(office), seed="20260301")
    plan.refresh_from_db()
    assert plan.state == "drawn" and plan.seed == "20260301" and plan.drawn_by == office
    assert plan.inspections.count() == 6 == plan.draw["sample_size"]
    assert all(len(v) == 2 for v in drawn_map(plan).values())
    again = ia.plan_draw(plan, "20260301").as_dict()
    assert again["objects"] == plan.draw["objects"] and again["inputs_digest"] == plan.draw["inputs_digest"]
    recorded = {o["id"]: sorted(o["inspectors"]) for o in plan.draw["objects"]}
    assert recorded == drawn_map(plan)
    log = AuditLog.objects.get(action="inspections.draw")
    assert log.changes["seed"] == "20260301" and log.actor == office


def test_recused_inspectors_are_never_drawn(office, world):
    agencies, inspectors = world["agencies"], world["inspectors"]
    plan = make_plan(office, ratio="1", per_object=5)  # every agency, 5 of the 6 inspectors each
    plan = ia.do_draw(office, plan, seed=1)
    drawn = drawn_map(plan)
    assert inspectors[0].pk not in drawn[agencies[0].pk]  # same organisation, found at draw time
    assert inspectors[1].pk not in drawn[agencies[1].pk]  # recorded: former employment
    assert sorted(drawn[agencies[0].pk]) == sorted(u.pk for u in inspectors[1:])
    recusals = {(i, a): reason for i, a, reason in plan.draw["inputs"]["recusals"]}
    assert recusals[inspectors[0].pk, agencies[0].pk] == "same_organization"
    assert recusals[inspectors[1].pk, agencies[1].pk] == "former_employment"


def test_too_few_inspectors_refuses_and_writes_nothing(office, world):
    plan = make_plan(office, ratio="1", per_object=6)
    with pytest.raises(ia.InspectionError, match="代理所0"):
        ia.do_draw(office, plan, seed=1)
    plan.refresh_from_db()
    assert plan.state == "draft" and not plan.seed and not plan.inspections.exists()


def test_redraw_before_findings_keeps_the_earlier_seed_then_is_refused(office, world):
    plan = ia.do_draw(office, make_plan(office), seed="a")
    plan = ia.do_draw(office, plan, seed="b")
    assert plan.seed == "b" and plan.draw["previous"] == ["a"]
    inspection = plan.inspections.first()
    ia.do_record_findings(office, inspection, "资料齐全", Inspection.Result.NO_PROBLEM)
    with pytest.raises(ia.InspectionError):
        ia.do_draw(office, plan, seed="c")


def test_lifecycle_through_publication(office, world):
    plan = ia.do_draw(office, make_plan(office, publish_by=D(2026, 6, 30)), seed="42")
    first, *rest = list(plan.inspections.all())
    inspector = first.inspectors.first()
    ia.do_record_findings(inspector, first, "未按规定公示执业信息", Inspection.Result.RECTIFY, D(2026, 5, 6))
    with pytest.raises(ia.InspectionError, match="尚未记录"):
        ia.do_publish_results(office, plan, today=D(2026, 6, 1))
    for inspection in rest:
        ia.do_record_findings(office, inspection, "未发现问题", Inspection.Result.NO_PROBLEM, D(2026, 5, 7))
    with pytest.raises(ia.InspectionError, match="整改期限"):
        ia.do_publish_results(office, plan, today=D(2026, 6, 1))
    with pytest.raises(ia.InspectionError):
        ia.do_set_rectification(office, first, due=D(2026, 5, 6))  # not after the inspection
    ia.do_set_rectification(office, first, due=D(2026, 6, 5))
    ia.do_set_rectification(office, first, rectification="已在官网公示", result=Inspection.Result.RECTIFIED)
    assert not ia.overdue(D(2026, 6, 30)).exists() and list(ia.overdue(D(2026, 7, 1))) == [plan]
    plan = ia.do_publish_results(office, plan, today=D(2026, 6, 20))
    assert plan.state == "published" and not ia.overdue(D(2026, 7, 1)).exists()
    assert set(plan.inspections.values_list("published", "published_on")) == {(True, D(2026, 6, 20))}
    assert AuditLog.objects.get(action="inspections.publish").changes["late"] is False
    with pytest.raises(ia.InspectionError):
        ia.do_draw(office, plan, seed="43")
    with pytest.raises(ia.InspectionError):
        ia.do_record_findings(office, first, "改", Inspection.Result.NO_PROBLEM)


def test_late_publication_is_recorded(office, world):
    plan = ia.do_draw(office, make_plan(office, ratio="0.1", publish_by=D(2026, 6, 30)), seed="7")
    for inspection in plan.inspections.all():
        ia.do_record_findings(office, inspection, "无法联系", Inspection.Result.UNREACHABLE)
    ia.do_publish_results(office, plan, today=D(2026, 7, 3))
    assert AuditLog.objects.get(action="inspections.publish").changes["late"] is True


def test_who_may_act(office, world):
    enterprise = User.objects.create_user("firm", password="x", role="enterprise")
    with pytest.raises(PermissionDenied):
        make_plan(enterprise)
    plan = make_plan(office)
    staff = world["inspectors"][1]
    with pytest.raises(PermissionDenied):
        ia.do_draw(staff, plan, seed=1)
    plan = ia.do_draw(office, plan, seed=1)
    inspection = plan.inspections.exclude(inspectors=staff).first()
    with pytest.raises(PermissionDenied):  # not drawn on this one
        ia.do_record_findings(staff, inspection, "x", Inspection.Result.NO_PROBLEM)
    with pytest.raises(PermissionDenied):
        ia.do_publish_results(staff, plan)
    with pytest.raises(ia.InspectionError):
        ia.do_add_inspector(office, enterprise)
    # an inspector may declare their own conflict, not someone else's
    ia.do_add_recusal(staff, staff, world["agencies"][5], "declared")
    with pytest.raises(PermissionDenied):
        ia.do_add_recusal(staff, world["inspectors"][2], world["agencies"][5], "declared")


def cli(*args):
    out = io.StringIO()
    call_command("inspections", *args, stdout=out)
    return out.getvalue()


def test_cli_draw_is_deterministic_and_writes_nothing_without_save(office, world):
    plan = make_plan(office)
    first = cli("draw", str(plan.pk), "--seed", "20261127", "--json")
    assert cli("draw", plan.name, "--seed", "20261127", "--json") == first
    shown = json.loads(first)
    assert shown["seed"] == "20261127" and shown["sample_size"] == 6 and not shown["saved"]
    assert cli("draw", str(plan.pk), "--seed", "20261128", "--json") != first
    assert not InspectionPlan.objects.get(pk=plan.pk).seed and not Inspection.objects.exists()
    saved = json.loads(cli("draw", str(plan.pk), "--seed", "20261127", "--json", "--save"))
    assert saved["objects"] == shown["objects"] and saved["saved"]
    plan.refresh_from_db()
    assert plan.seed == "20261127" and {o["id"] for o in shown["objects"]} == set(drawn_map(plan))
    # the recorded seed is the default, and the text form names the agencies
    assert json.loads(cli("draw", str(plan.pk), "--json"))["objects"] == shown["objects"]
    assert "代理所" in cli("draw", str(plan.pk))
    assert json.loads(cli("list", "--json"))[0]["seed"] == "20261127"


# ---- the pages ------------------------------------------------------------------------------------------------------

def test_office_pages_from_plan_to_public_results(client, office, world):
    client.force_login(office)
    page = client.post("/inspections/", {
        "name": "2026年第一批", "year": 2026, "ratio_percent": "25", "per_object": 2, "publish_by": "2026-12-31",
        "regions": "", "w_aplus": "0.5", "w_a": "1", "w_b": "1", "w_c": "2", "w_d": "3", "w_none": "1"})
    plan = InspectionPlan.objects.get(name="2026年第一批")
    assert page.status_code == 302 and page["Location"] == f"/inspections/{plan.pk}/"
    assert client.get(f"/inspections/{plan.pk}/draw/").status_code == 405
    assert client.post(f"/inspections/{plan.pk}/draw/", {"seed": "bad seed!"}).status_code == 400
    assert client.post(f"/inspections/{plan.pk}/draw/", {"seed": "2026A"}).status_code == 302
    detail = client.get(f"/inspections/{plan.pk}/").content.decode()
    assert "2026A" in detail and f"zhichan inspections draw {plan.pk} --seed 2026A" in detail
    plan.refresh_from_db()
    assert plan.inspections.count() == 3
    assert client.post(f"/inspections/{plan.pk}/publish/").status_code == 302  # refused: no results yet
    assert InspectionPlan.objects.get(pk=plan.pk).state == "drawn"
    for item in plan.inspections.all():
        answer = client.post(f"/inspections/items/{item.pk}/", {
            "f-findings": "执业信息公示完整", "f-result": "no_problem", "f-inspected_on": "2026-05-06"})
        assert answer.status_code == 302
    assert client.post(f"/inspections/items/{item.pk}/", {"f-findings": "", "f-result": "x"}).status_code == 400
    client.post(f"/inspections/{plan.pk}/publish/")
    assert InspectionPlan.objects.get(pk=plan.pk).state == "published"
    client.logout()
    public = client.get("/public/inspections/")
    text = public.content.decode()
    assert public.status_code == 200 and "2026年第一批" in text and "2026A" in text and "未发现问题" in text
    assert item.agency.name in text
    assert item.agency.name in client.get("/public/inspections/", {"q": item.agency.name}).content.decode()


def test_unpublished_results_stay_out_of_the_public_page(client, office, world):
    ia.do_draw(office, make_plan(office, name="尚未公开的计划"), seed=1)
    assert "尚未公开的计划" not in client.get("/public/inspections/").content.decode()


def test_who_may_open_each_page(client, office, world):
    plan = ia.do_draw(office, make_plan(office), seed=3)
    staff = world["inspectors"][3]
    mine = plan.inspections.filter(inspectors=staff).first()
    other = plan.inspections.exclude(inspectors=staff).first()
    urls = [f"/inspections/{plan.pk}/", f"/inspections/items/{mine.pk}/"]
    for url in urls:
        assert client.get(url).status_code == 302  # anonymous: the login page
    client.force_login(User.objects.create_user("firm", password="x", role="enterprise"))
    for url in [*urls, "/inspections/", "/inspections/pool/"]:
        assert client.get(url).status_code == 403, url
    assert client.post(f"/inspections/{plan.pk}/draw/", {"seed": "9"}).status_code == 403
    assert client.post(f"/inspections/{plan.pk}/publish/").status_code == 403
    client.force_login(staff)  # a drawn inspector: their own inspection only
    assert client.get(f"/inspections/items/{mine.pk}/").status_code == 200
    assert client.get(f"/inspections/items/{other.pk}/").status_code == 403
    assert mine.agency.name in client.get("/inspections/mine/").content.decode()
    assert client.get(f"/inspections/{plan.pk}/").status_code == 403
    answer = client.post(f"/inspections/items/{mine.pk}/", {
        "f-findings": "现场检查", "f-result": "rectify", "f-inspected_on": "2026-05-06"})
    assert answer.status_code == 302 and Inspection.objects.get(pk=mine.pk).result == "rectify"


def test_pool_and_recusal_pages(client, office, world):
    client.force_login(office)
    newcomer = User.objects.create_user("newcomer", password="x", role="staff")
    assert client.post("/inspections/pool/", {"pool-user": "newcomer", "pool-note": "新入库"}).status_code == 302
    assert ia.pool().filter(pk=newcomer.pk).exists()
    assert client.post("/inspections/pool/", {"pool-user": "newcomer", "pool-remove": "on"}).status_code == 302
    assert not ia.pool().filter(pk=newcomer.pk).exists()
    answer = client.post("/inspections/pool/", {"recusal-inspector": "insp2", "recusal-agency": "代理所05",
                                                "recusal-reason": "declared", "recusal-note": "亲属任职"})
    assert answer.status_code == 302
    assert client.post("/inspections/pool/", {"recusal-inspector": "insp2", "recusal-agency": "没有这家",
                                              "recusal-reason": "declared"}).status_code == 400
    assert "亲属任职" in client.get("/inspections/pool/").content.decode()


def test_an_inspector_declares_a_conflict_before_the_draw(client, office, world):
    inspector, agency = world["inspectors"][4], world["agencies"][4]
    client.force_login(inspector)
    assert 'id="declare-form"' in client.get("/inspections/mine/").content.decode()
    assert client.post("/inspections/mine/", {"agency": "没有这家", "note": "x"}).status_code == 400
    assert client.post("/inspections/mine/", {"agency": agency.name, "note": "配偶任职"}).status_code == 302
    plan = ia.do_draw(office, make_plan(office, ratio="1", per_object=5), seed=2)
    assert inspector.pk not in drawn_map(plan)[agency.pk]
    client.force_login(User.objects.create_user("outsider", password="x", role="public"))
    assert 'id="declare-form"' not in client.get("/inspections/mine/").content.decode()
    assert client.post("/inspections/mine/", {"agency": agency.name, "note": "x"}).status_code == 403
