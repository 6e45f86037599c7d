"""The talent database: people entered by the office, brought in from the agency registry and the expert pool,
registered by themselves; training records from the events app's credits; 人才清单; who sees what."""

from __future__ import annotations

import datetime as dt
import html
from decimal import Decimal as D

import pytest
from django.utils import timezone

from zhichan.core.models import AuditLog, Organization
from zhichan.core.permissions import PermissionDenied
from zhichan.events import actions as events
from zhichan.talent import actions
from zhichan.talent.models import ListEntry, Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def firm(db):
    return Organization.objects.create(name="徐州云图智能科技有限公司", kind=Organization.Kind.ENTERPRISE)


@pytest.fixture
def office(django_user_model):
    return django_user_model.objects.create_user("office1", password="x", role="office")


@pytest.fixture
def manager(django_user_model, firm):
    return django_user_model.objects.create_user("ent1", password="x", role="enterprise", organization=firm,
                                                 last_name="张", first_name="三")


@pytest.fixture
def stranger(django_user_model):
    return django_user_model.objects.create_user("ent2", password="x", role="enterprise")


def lecture(office, hours: str, category: str):
    start = timezone.now() + dt.timedelta(minutes=30)
    event = events.do_save_event(office, None, {"kind": "lecture", "title": "专利代理实务讲座", "starts_at": start,
                                                "ends_at": start + dt.timedelta(hours=3), "hours": D(hours),
                                                "hours_category": category})
    return events.do_publish_event(office, event)


def attend(office, event, user, **extra):
    seat = events.do_register(user, event, {"name": "李四", "phone": "13800000000", **extra})
    return events.do_check_in(office, event, seat.token)


def test_self_registration_as_an_ip_manager_and_editing_it(manager, client):
    client.force_login(manager)
    page = html.unescape(client.get("/talent/me/").content.decode())
    assert 'id="no-record"' in page and 'value="张三"' in page  # the name offered from the account
    response = client.post("/talent/me/", {"name": "", "title": "知识产权经理"})
    assert response.status_code == 400 and 'value="知识产权经理"' in html.unescape(response.content.decode())
    assert not Person.objects.exists()
    client.post("/talent/me/", {"name": "张三", "title": "知识产权经理", "qualifications": "企业知识产权管理体系内审员"})
    person = Person.objects.get()
    assert (person.kind, person.user, person.organization.name, person.self_registered) == \
        ("manager", manager, "徐州云图智能科技有限公司", True)
    client.post("/talent/me/", {"name": "张三", "title": "知识产权总监"})
    assert Person.objects.get().title == "知识产权总监" and Person.objects.count() == 1
    assert Person.objects.get().kind == "manager"  # a person cannot change their kind


def test_practitioners_and_experts_are_brought_in_once(office, manager):
    from zhichan.agencies.models import Agency, Practitioner
    from zhichan.projects.models import Expert

    agency = Agency.objects.create(name="徐州专利事务所", credit_code="91320300MA1XXXXX0A")
    Practitioner.objects.create(name="李四", certificate_number="1234567890", agency=agency)
    Expert.objects.create(name="王教授", title="senior", title_name="教授", years=20, organization="中国矿业大学",
                          fields=["H01M"])
    Expert.objects.create(name="退库专家", title="senior", years=20, active=False)
    with pytest.raises(PermissionDenied):
        actions.do_bring_in(manager)
    assert actions.do_bring_in(office) == {"practitioners": 1, "experts": 1}
    assert actions.do_bring_in(office) == {"practitioners": 0, "experts": 0}
    lee = Person.objects.get(kind="practitioner")
    assert lee.workplace == "徐州专利事务所"
    assert [(q.kind, q.number) for q in lee.qualification_list.all()] == [("patent_attorney", "1234567890")]
    wang = Person.objects.get(kind="expert")
    assert (wang.workplace, wang.title, wang.fields) == ("中国矿业大学", "教授", "H01M")
    assert AuditLog.objects.filter(action="talent.bring_in").count() == 2


def test_training_records_follow_the_account_and_the_practitioner_record(office, manager, stranger, client):
    from zhichan.agencies.models import Practitioner

    lee = Practitioner.objects.create(name="李四", certificate_number="1234567890")
    actions.do_bring_in(office)
    person = Person.objects.get(practitioner=lee)
    attend(office, lecture(office, "6", "professional"), stranger, practice_no="1234567890")  # matched by number
    attend(office, lecture(office, "2", "general"), stranger)  # no number: the stranger's account only
    client.force_login(office)
    page = html.unescape(client.get(f"/talent/{person.pk}/").content.decode())
    assert '<td class="total">6</td>' in page and "专利代理实务讲座" in page
    mine = actions.do_save_own(manager, {"name": "张三"})
    attend(office, lecture(office, "3", "general"), manager)
    page = html.unescape(client.get(f"/talent/{mine.pk}/").content.decode())
    assert '<td class="total">3</td>' in page and "未达标" in page


def test_lists_take_each_person_once_with_a_note(office, manager, client):
    person = actions.do_save_own(manager, {"name": "张三"})
    client.force_login(office)
    response = client.post("/talent/lists/", {"name": "", "year": "2026"})
    assert response.status_code == 400
    client.post("/talent/lists/", {"name": "领军人才培引清单", "year": "2026"})
    from zhichan.talent.models import TalentList

    chosen = TalentList.objects.get()
    assert client.post(f"/talent/lists/{chosen.pk}/", {"person": person.pk, "note": "重点培养"}).status_code == 302
    again = client.post(f"/talent/lists/{chosen.pk}/", {"person": person.pk})
    assert again.status_code == 400 and "此人已在清单中" in html.unescape(again.content.decode())
    page = html.unescape(client.get(f"/talent/lists/{chosen.pk}/").content.decode())
    assert "张三" in page and "重点培养" in page
    entry = ListEntry.objects.get()
    client.post(f"/talent/lists/entries/{entry.pk}/remove/")
    assert not ListEntry.objects.exists()


def test_who_sees_what(office, manager, stranger, client):
    person = actions.do_save_own(manager, {"name": "张三"})
    client.force_login(stranger)
    assert client.get(f"/talent/{person.pk}/").status_code == 403
    assert client.get("/talent/").status_code == 403
    assert client.get("/talent/lists/").status_code == 403
    client.force_login(manager)
    assert client.get(f"/talent/{person.pk}/").status_code == 200  # one's own record
    assert client.get("/talent/").status_code == 403
    client.force_login(office)
    assert client.get("/talent/?kind=manager&q=云图").status_code == 200
    page = html.unescape(client.get("/talent/?kind=expert").content.decode())
    assert "张三" not in page


def test_the_office_enters_a_person_and_the_form_keeps_input(office, firm, client):
    client.force_login(office)
    response = client.post("/talent/new/", {"kind": "manager", "name": "", "title": "知识产权专员"})
    assert response.status_code == 400 and 'value="知识产权专员"' in html.unescape(response.content.decode())
    response = client.post("/talent/new/", {"kind": "manager", "name": "赵六", "organization": firm.pk})
    person = Person.objects.get()
    assert response["Location"] == f"/talent/{person.pk}/" and person.workplace == "徐州云图智能科技有限公司"
    assert not person.self_registered and person.user is None
