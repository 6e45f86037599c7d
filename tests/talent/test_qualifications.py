"""Structured qualifications (issue 17): the kinds and rules (pure), recording them (the office for anyone, a
person for their own record, nobody else), each certificate once, the expired flag on a person's page, and the
database and a 人才清单 filtered by qualification kind."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.utils import timezone

from zhichan.core.models import AuditLog
from zhichan.core.permissions import PermissionDenied
from zhichan.talent import actions, qualification_actions, qualifying
from zhichan.talent.models import Person, Qualification

D = dt.date


def test_the_kinds_are_the_ones_offices_list_and_the_model_stores_the_same():
    assert [str(label) for _k, label in Qualification.Kind.choices] == [
        "专利代理师资格", "律师执业", "知识产权师（初级）", "知识产权师（中级）", "知识产权师（高级）", "技术经纪人", "其他"]
    assert tuple(Qualification.Kind.values) == qualifying.KINDS


def test_the_rules_of_one_record():
    assert qualifying.problems(qualifying.Qualification("lawyer", number="13203201910000001")) == {}
    assert set(qualifying.problems(qualifying.Qualification("other"))) == {"name"}
    assert set(qualifying.problems(qualifying.Qualification("pilot"))) == {"kind"}
    backwards = qualifying.Qualification("tech_broker", valid_from=D(2026, 5, 1), valid_to=D(2026, 4, 30))
    assert set(qualifying.problems(backwards)) == {"valid_to"}
    assert not qualifying.expired(D(2026, 11, 27), D(2026, 11, 27))  # the last day still counts
    assert qualifying.expired(D(2026, 11, 26), D(2026, 11, 27))
    assert not qualifying.expired(None, D(2100, 1, 1))  # 长期有效


@pytest.mark.parametrize(("cell", "kind"), [
    ("专利代理师资格", "patent_attorney"), ("专利代理师", "patent_attorney"), ("律师执业", "lawyer"),
    ("知识产权师（中级）", "ip_middle"), ("知识产权师(中级)", "ip_middle"), ("中级知识产权师", "ip_middle"),
    ("知识产权师 高级", "ip_senior"), ("技术经纪人", "tech_broker"), ("ip_junior", "ip_junior"), ("飞行员", None), ("", None)])
def test_a_spreadsheet_names_a_kind_in_its_own_words(cell, kind):
    assert qualifying.kind_of(cell) == kind


@pytest.fixture
def office(django_user_model):
    return django_user_model.objects.create_user("office1", password="x", role="office")


@pytest.fixture
def member(django_user_model):
    return django_user_model.objects.create_user("ent1", password="x", role="enterprise")


@pytest.fixture
def stranger(django_user_model):
    return django_user_model.objects.create_user("ent2", password="x", role="enterprise")


@pytest.fixture
def own(member):
    return actions.do_save_own(member, {"name": "张三", "title": "知识产权经理"})


def q(kind: str = "patent_attorney", number: str = "1232100012345678", **more) -> dict:
    return {"kind": kind, "number": number, "issuer": "国家知识产权局", "name": "", "valid_from": None,
            "valid_to": None, **more}


@pytest.mark.django_db
def test_the_office_and_the_person_record_others_may_not_and_a_certificate_is_recorded_once(office, member, stranger,
                                                                                             own):
    qualification_actions.do_add_qualification(office, own, q())
    qualification_actions.do_add_qualification(member, own, q())  # the same certificate again: nothing new
    qualification_actions.do_add_qualification(member, own, q("lawyer", "13203201910000001", issuer="江苏省司法厅"))
    with pytest.raises(PermissionDenied):
        qualification_actions.do_add_qualification(stranger, own, q("tech_broker", "JS-001"))
    with pytest.raises(actions.Refused) as refused:
        qualification_actions.do_add_qualification(office, own, q("other", "X-1"))
    assert refused.value.field == "name"
    assert sorted(own.qualification_list.values_list("kind", flat=True)) == ["lawyer", "patent_attorney"]
    assert AuditLog.objects.filter(action="talent.qualification_add").count() == 2
    row = own.qualification_list.get(kind="lawyer")
    with pytest.raises(PermissionDenied):
        qualification_actions.do_remove_qualification(stranger, row)
    qualification_actions.do_remove_qualification(member, row)
    assert AuditLog.objects.filter(action="talent.qualification_remove").count() == 1


@pytest.mark.django_db
def test_a_persons_page_lists_qualifications_with_the_expired_flag(client, office, member, stranger, own):
    today = timezone.localdate()
    qualification_actions.do_add_qualification(office, own, q(valid_to=today))
    qualification_actions.do_add_qualification(office, own, q("ip_middle", "ZS-2019-7", issuer="江苏省人社厅",
                                                              valid_from=D(2019, 1, 1),
                                                              valid_to=today - dt.timedelta(days=1)))
    client.force_login(office)
    page = html.unescape(client.get(f"/talent/{own.pk}/").content.decode())
    rows = {r.split('class="kind">', 1)[1].split("<", 1)[0]: r for r in page.split('<tr id="qualification-')[1:]}
    assert "已过期" not in rows["专利代理师资格"] and "有效" in rows["专利代理师资格"]
    assert "已过期" in rows["知识产权师（中级）"]
    client.force_login(member)  # the person themselves, on 我的人才档案, and adding one through the form
    assert "ZS-2019-7" in client.get("/talent/me/").content.decode()
    bad = client.post(f"/talent/{own.pk}/qualifications/", {"kind": "other", "number": "保留的编号"})
    assert bad.status_code == 400 and "保留的编号" in bad.content.decode()
    assert client.post(f"/talent/{own.pk}/qualifications/", {"kind": "tech_broker", "number": "JS-2024-88",
                                                             "valid_from": "2024-01-01", "valid_to": "2027-12-31"}
                       )["Location"] == "/talent/me/"
    client.force_login(stranger)
    assert client.get(f"/talent/{own.pk}/").status_code == 403
    assert client.post(f"/talent/{own.pk}/qualifications/", {"kind": "lawyer"}).status_code == 403
    assert own.qualification_list.count() == 3


@pytest.mark.django_db
def test_the_database_and_a_list_filter_by_qualification_kind(client, office):
    lawyer = actions.do_save_person(office, None, {"kind": "manager", "name": "李律师"})
    attorney = actions.do_save_person(office, None, {"kind": "practitioner", "name": "王代理"})
    lapsed = actions.do_save_person(office, None, {"kind": "manager", "name": "赵过期"})
    nobody = actions.do_save_person(office, None, {"kind": "expert", "name": "钱专家"})
    qualification_actions.do_add_qualification(office, lawyer, q("lawyer", "L-1"))
    qualification_actions.do_add_qualification(office, attorney, q("patent_attorney", "P-1"))
    qualification_actions.do_add_qualification(office, lapsed, q("lawyer", "L-2", valid_to=D(2020, 12, 31)))
    chosen = actions.do_save_list(office, {"name": "领军人才培引清单", "year": 2026})
    for person in (lawyer, attorney, lapsed, nobody):
        actions.do_add_entry(office, chosen, person)
    client.force_login(office)

    def names(url: str, table: str) -> set[str]:
        page = client.get(url).content.decode().split(f'id="{table}"', 1)[1].split("</table>", 1)[0]
        return {p.name for p in Person.objects.all() if p.name in page}

    assert names("/talent/?qualification=lawyer", "talent-people") == {"李律师", "赵过期"}
    assert names(f"/talent/lists/{chosen.pk}/?qualification=lawyer", "list-entries") == {"李律师", "赵过期"}
    assert names(f"/talent/lists/{chosen.pk}/?qualification=lawyer&valid=on", "list-entries") == {"李律师"}
    assert names(f"/talent/lists/{chosen.pk}/?qualification=patent_attorney", "list-entries") == {"王代理"}
    assert names(f"/talent/lists/{chosen.pk}/", "list-entries") == {"李律师", "王代理", "赵过期", "钱专家"}
