"""Hostile users of the talent pages: a form sent twice is one record; another person's record stays closed;
markup in a name is shown as text."""

from __future__ import annotations

import pytest

from zhichan.core.models import Organization
from zhichan.talent.models import Person, TalentList

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(django_user_model):
    return django_user_model.objects.create_user("office1", password="x", role="office")


@pytest.fixture
def manager(django_user_model):
    firm = Organization.objects.create(name="徐州云图智能科技有限公司", kind=Organization.Kind.ENTERPRISE)
    return django_user_model.objects.create_user("ent1", password="x", role="enterprise", organization=firm)


def test_a_list_sent_twice_is_one_list(office, client):
    client.force_login(office)
    form = {"name": "2026年领军人才培引清单", "year": "2026", "description": "第一批"}
    first = client.post("/talent/lists/", form)
    again = client.post("/talent/lists/", form)
    assert first.status_code == again.status_code == 302 and first["Location"] == again["Location"]
    assert TalentList.objects.count() == 1


def test_a_person_sent_twice_is_one_person(office, client):
    client.force_login(office)
    form = {"kind": "manager", "name": "王五", "organization_name": "徐州某公司", "title": "知识产权经理"}
    first = client.post("/talent/new/", form)
    again = client.post("/talent/new/", form)
    assert first.status_code == again.status_code == 302 and first["Location"] == again["Location"]
    assert Person.objects.filter(name="王五").count() == 1


def test_another_persons_record_is_closed_and_markup_is_text(office, manager, client, django_user_model):
    client.force_login(manager)
    assert client.post("/talent/me/", {"name": "<script>alert(1)</script>"}).status_code == 302
    mine = Person.objects.get(user=manager)
    page = client.get(f"/talent/{mine.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    other = django_user_model.objects.create_user("ent2", password="x", role="enterprise")
    client.force_login(other)
    assert client.get(f"/talent/{mine.pk}/").status_code == 403
    assert client.post(f"/talent/{mine.pk}/edit/", {"kind": "manager", "name": "改名"}).status_code == 403
    assert Person.objects.get(pk=mine.pk).name == "<script>alert(1)</script>"


def test_a_pending_organisations_user_is_not_linked_to_it(django_user_model, client):
    pending = Organization.objects.create(name="待核验科技有限公司", kind=Organization.Kind.ENTERPRISE,
                                          status=Organization.Status.PENDING)
    user = django_user_model.objects.create_user("ent3", password="x", role="enterprise", organization=pending)
    client.force_login(user)
    assert client.post("/talent/me/", {"name": "赵六"}).status_code == 302
    person = Person.objects.get(user=user)
    assert person.organization is None and person.organization_name == "待核验科技有限公司"
    assert not Person.objects.filter(organization=pending).exists()
