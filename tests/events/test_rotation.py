"""轮训 (rotation training): cycles of N months, coverage from training credits (who was trained in the cycle, who
not) per district, on hand-built practitioners, managers and credits; the office's pages, the form and the Excel of
the not-yet-trained. Expected counts are worked out by hand in the comments."""

from __future__ import annotations

import datetime as dt
import io
import itertools
from decimal import Decimal as D

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from zhichan.core.models import Organization, Region
from zhichan.core.permissions import PermissionDenied
from zhichan.events import rotation, rotation_actions, rotation_data
from zhichan.events.models import Credit, Event, Registration, RotationPlan

# ---- pure -------------------------------------------------------------------------------------------------------


def test_months_are_added_to_the_calendar():
    assert rotation.add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert rotation.add_months(dt.date(2028, 1, 31), 1) == dt.date(2028, 2, 29)
    assert rotation.add_months(dt.date(2026, 11, 15), 3) == dt.date(2027, 2, 15)
    assert rotation.cycle(dt.date(2026, 1, 1), 6, 0) == (dt.date(2026, 1, 1), dt.date(2026, 7, 1))
    assert rotation.cycle(dt.date(2026, 1, 1), 6, 2) == (dt.date(2027, 1, 1), dt.date(2027, 7, 1))
    assert rotation.cycle_index(dt.date(2026, 1, 1), 6, dt.date(2026, 6, 30)) == 0
    assert rotation.cycle_index(dt.date(2026, 1, 1), 6, dt.date(2026, 7, 1)) == 1
    assert rotation.cycle_index(dt.date(2026, 1, 1), 6, dt.date(2025, 3, 1)) == 0  # before the start: the first
    with pytest.raises(ValueError):
        rotation.cycle(dt.date(2026, 1, 1), 0, 0)


def test_coverage_counts_credits_inside_the_cycle_per_district():
    m = rotation.Member
    people = [m("a", "甲", "机构一", "320302", user_id=1), m("b", "乙", "机构一", "320302", practitioner_id=7),
              m("c", "丙", "机构二", "320311", user_id=3, practitioner_id=9), m("d", "丁", "机构三", "")]
    t = rotation.Training
    credits = [t(1, dt.date(2026, 3, 1), D(3), user_id=1),  # 甲, inside
               t(2, dt.date(2026, 7, 1), D(8), practitioner_id=7),  # 乙, the day after the cycle: outside
               t(3, dt.date(2026, 1, 1), D(2), user_id=3, practitioner_id=9),  # 丙 by both links: counted once
               t(4, dt.date(2026, 6, 30), D(2), practitioner_id=9)]  # 丙, the cycle's last day
    cov = rotation.coverage(people, credits, dt.date(2026, 1, 1), dt.date(2026, 7, 1))
    assert [(d.code, d.total, d.trained) for d in cov.districts] == [("320302", 2, 1), ("320311", 1, 1), ("", 1, 0)]
    assert (cov.total, cov.trained, cov.rate) == (4, 2, D("50.0"))
    assert {r.member.key: (r.hours, r.trainings) for r in cov.rows}["c"] == (D(4), 2)
    assert [r.member.name for r in cov.untrained_rows] == ["乙", "丁"]
    # a minimum of 4 hours: 甲 has 3 (not trained), 丙 has 4 (trained)
    cov = rotation.coverage(people, credits, dt.date(2026, 1, 1), dt.date(2026, 7, 1), D(4))
    assert [r.member.key for r in cov.rows if r.trained] == ["c"] and cov.rate == D("25.0")
    assert rotation.coverage([], credits, dt.date(2026, 1, 1), dt.date(2026, 7, 1)).rate is None


# ---- on the database --------------------------------------------------------------------------------------------

@pytest.fixture
def regions(db):
    def region(code: str, name: str, level: int, parent: Region | None = None) -> Region:
        return Region.objects.update_or_create(code=code, defaults={"name": name, "level": level, "parent": parent})[0]

    js = region("320000", "江苏省", 1)
    xz, nj = region("320300", "徐州市", 2, js), region("320100", "南京市", 2, js)
    gl, qs = region("320302", "鼓楼区", 3, xz), region("320311", "泉山区", 3, xz)
    return {"xz": xz, "nj": nj, "gl": gl, "qs": qs}


SERIAL = itertools.count(1)


def credit(user, day: dt.date, hours: str, practitioner=None) -> Credit:
    """A checked-in lecture on `day` (09:00 in Asia/Shanghai) with its credit, built by hand."""
    n = next(SERIAL)
    start = timezone.make_aware(dt.datetime.combine(day, dt.time(9)))
    event = Event.objects.create(kind=Event.Kind.LECTURE, title=f"讲座{n}", starts_at=start,
                                 ends_at=start + dt.timedelta(hours=3), status=Event.Status.ENDED, hours=D(hours),
                                 hours_category="professional")
    reg = Registration.objects.create(event=event, user=user, name=user.username, phone="13800000000",
                                      status=Registration.Status.REGISTERED, registered_at=start, token=f"t{n}",
                                      checked_in_at=start)
    return Credit.objects.create(registration=reg, user=user, practitioner=practitioner, name=user.username,
                                 year=day.year, hours=D(hours), category="professional", credited_at=start,
                                 number=f"{day.year}-{n:06d}", code=f"CODE{n:08d}")


@pytest.fixture
def registry(regions, make_user):
    """Agencies in 鼓楼区 (two practitioners), 泉山区 (one), a revoked one in 鼓楼区 and one in 南京 (left out)."""
    from zhichan.agencies.models import Agency, Practitioner

    def agency(name, region, status=Agency.Status.NORMAL):
        return Agency.objects.create(name=name, normalized_name=name, region=region, status=status)

    gl, qs = agency("徐州鼓楼专利事务所", regions["gl"]), agency("徐州泉山知识产权代理", regions["qs"])
    revoked = agency("已吊销代理所", regions["gl"], Agency.Status.REVOKED)
    nanjing = agency("南京专利代理", regions["nj"])
    p = {}
    for cert, name, firm in (("1", "李一", gl), ("2", "王二", gl), ("3", "张三", qs), ("4", "赵四", revoked),
                             ("5", "钱五", nanjing)):
        p[name] = Practitioner.objects.create(name=name, certificate_number=cert, agency=firm)
    users = {name: make_user("agency") for name in p}
    return regions, p, users


@pytest.mark.django_db
def test_practitioner_coverage_from_credits(registry, office):
    regions, p, users = registry
    plan = rotation_actions.do_save_rotation_plan(office, None, {
        "name": "2026年度专利代理师轮训", "audience": "practitioners", "region": regions["xz"], "starts_on": dt.date(2026, 1, 1),
        "months": 6, "min_hours": None, "talent_list": None, "note": ""})
    credit(users["李一"], dt.date(2026, 3, 10), "3", practitioner=p["李一"])  # inside cycle 1
    credit(users["王二"], dt.date(2025, 12, 31), "6", practitioner=p["王二"])  # before the cycle
    credit(users["王二"], dt.date(2026, 8, 1), "6", practitioner=p["王二"])  # cycle 2
    credit(users["张三"], dt.date(2026, 6, 30), "2", practitioner=p["张三"])  # cycle 1, its last day
    credit(users["赵四"], dt.date(2026, 3, 1), "3", practitioner=p["赵四"])  # revoked agency: not in the plan
    cov = rotation_data.coverage(plan, 0)
    # 鼓楼区: 李一 trained, 王二 not; 泉山区: 张三 trained. 赵四 (revoked) and 钱五 (南京) are not counted
    assert [(d.code, d.total, d.trained) for d in cov.districts] == [("320302", 2, 1), ("320311", 1, 1)]
    assert [r.member.name for r in cov.untrained_rows] == ["王二"]
    cov2 = rotation_data.coverage(plan, 1)  # 2026-07-01 .. 2026-12-31: only 王二
    assert [r.member.name for r in cov2.rows if r.trained] == ["王二"]
    plan.min_hours = D("3")
    plan.save()
    cov = rotation_data.coverage(plan, 0)  # 张三's 2 hours fall short of 3
    assert sorted(r.member.name for r in cov.untrained_rows) == ["张三", "王二"]


@pytest.mark.django_db
def test_managers_of_a_talent_list(regions, office, make_user):
    from zhichan.talent.models import ListEntry, Person, TalentList

    key = Organization.objects.create(name="徐州重点企业甲", kind=Organization.Kind.ENTERPRISE, region=regions["gl"])
    other = Organization.objects.create(name="徐州普通企业乙", kind=Organization.Kind.ENTERPRISE, region=regions["qs"])
    u1, u2, u3 = make_user("enterprise", key), make_user("enterprise", key), make_user("enterprise", other)
    a = Person.objects.create(kind=Person.Kind.MANAGER, name="周一", user=u1, organization=key)
    b = Person.objects.create(kind=Person.Kind.MANAGER, name="吴二", user=u2, organization=key)
    Person.objects.create(kind=Person.Kind.MANAGER, name="郑三", user=u3, organization=other)
    listed = TalentList.objects.create(name="重点企业知识产权管理人员名单", year=2026)
    for person in (a, b):
        ListEntry.objects.create(talent_list=listed, person=person)
    credit(u1, dt.date(2026, 5, 1), "4")
    credit(u3, dt.date(2026, 5, 1), "4")
    plan = rotation_actions.do_save_rotation_plan(office, None, {
        "name": "重点企业知识产权管理人员轮训", "audience": "managers", "region": regions["xz"], "talent_list": listed,
        "starts_on": dt.date(2026, 1, 1), "months": 12, "min_hours": None, "note": ""})
    cov = rotation_data.coverage(plan, 0)
    # only 周一 and 吴二 (on the list); 郑三 trained but not on the list
    assert (cov.total, cov.trained, [r.member.name for r in cov.untrained_rows]) == (2, 1, ["吴二"])
    plan.talent_list = None
    plan.save()
    assert (rotation_data.coverage(plan, 0).total, rotation_data.coverage(plan, 0).trained) == (3, 2)


@pytest.mark.django_db
def test_only_the_office_saves_a_plan_and_a_resent_form_is_one_plan(regions, office, make_user):
    values = {"name": "轮训", "audience": "managers", "region": regions["xz"], "talent_list": None,
              "starts_on": dt.date(2026, 1, 1), "months": 12, "min_hours": None, "note": ""}
    with pytest.raises(PermissionDenied):
        rotation_actions.do_save_rotation_plan(make_user("enterprise"), None, values)
    first = rotation_actions.do_save_rotation_plan(office, None, values)
    assert rotation_actions.do_save_rotation_plan(office, None, values) == first
    with pytest.raises(rotation_actions.PlanRefused):
        rotation_actions.do_save_rotation_plan(office, None, {**values, "months": 0})
    assert RotationPlan.objects.count() == 1


@pytest.mark.django_db
def test_the_office_pages_form_and_export(registry, office, client, enterprise):
    regions, p, users = registry
    client.force_login(enterprise)
    assert client.get("/events/office/rotation/").status_code == 403
    client.force_login(office)
    bad = client.post("/events/office/rotation/new/", {"name": "代理师轮训", "audience": "practitioners",
                                                        "region": "320300", "starts_on": "2026-01-01", "months": "0"})
    assert bad.status_code == 400 and 'value="代理师轮训"' in bad.content.decode()
    ok = client.post("/events/office/rotation/new/", {"name": "代理师轮训", "audience": "practitioners",
                                                       "region": "320300", "starts_on": "2026-01-01", "months": "6"})
    plan = RotationPlan.objects.get()
    assert ok.status_code == 302 and ok["Location"] == f"/events/office/rotation/{plan.pk}/"
    credit(users["李一"], dt.date(2026, 2, 1), "3", practitioner=p["李一"])
    page = client.get(f"/events/office/rotation/{plan.pk}/?cycle=1").content.decode()
    assert 'id="coverage-total">3<' in page and 'id="coverage-trained">1<' in page and "33.3%" in page
    assert "王二" in page and "张三" in page
    export = client.get(f"/events/office/rotation/{plan.pk}/untrained.xlsx?cycle=1")
    rows = list(load_workbook(io.BytesIO(export.content)).active.iter_rows(values_only=True))
    assert [r[3] for r in rows[1:]] == ["王二", "张三"] and rows[1][:3] == ("鼓楼区", "320302", "徐州鼓楼专利事务所")
    hours_page = client.get("/events/office/hours/").content.decode()
    assert "代理师轮训" in hours_page and 'id="rotation-summary"' in hours_page
    edit = client.get(f"/events/office/rotation/{plan.pk}/edit/").content.decode()
    assert 'value="代理师轮训"' in edit
