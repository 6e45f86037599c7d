"""Fixtures of the events tests, built here: users per role, organisations, an open demand and a published listing
of the market, and events at times relative to now (the clock is the real one, Asia/Shanghai)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from zhichan.core.models import Organization
from zhichan.events import actions
from zhichan.events.models import Event

FIRM = "徐州云图智能科技有限公司"


@pytest.fixture
def firm(db):
    return Organization.objects.create(name=FIRM, kind=Organization.Kind.ENTERPRISE)


@pytest.fixture
def other_firm(db):
    return Organization.objects.create(name="南京别家科技有限公司", kind=Organization.Kind.ENTERPRISE)


@pytest.fixture
def office(django_user_model):
    return django_user_model.objects.create_user("office1", password="x", role="office")


@pytest.fixture
def enterprise(django_user_model, firm):
    return django_user_model.objects.create_user("ent1", password="x", role="enterprise", organization=firm,
                                                 last_name="张", first_name="三")


@pytest.fixture
def stranger(django_user_model, other_firm):
    return django_user_model.objects.create_user("ent2", password="x", role="enterprise", organization=other_firm)


@pytest.fixture
def make_user(django_user_model):
    count = iter(range(1000))

    def make(role: str = "public", organization: Organization | None = None):
        return django_user_model.objects.create_user(f"u{next(count)}", password="x", role=role,
                                                     organization=organization)

    return make


def at(**delta: float) -> dt.datetime:
    return timezone.now() + dt.timedelta(**delta)


@pytest.fixture
def make_event(office):
    """A published event (or a draft: publish=False) starting `starts` from now, lasting `hours`."""

    def make(*, capacity: int | None = None, starts: dt.timedelta = dt.timedelta(days=7), hours: float = 3,
             deadline: dt.datetime | None = None, publish: bool = True, kind: str = "matchmaking",
             title: str = "新能源汽车产业链供需对接会", **extra):
        start = timezone.now() + starts
        event = actions.do_save_event(office, None, {
            "kind": kind, "title": title, "summary": "动力电池专场", "place": "徐州市科技大厦", "starts_at": start,
            "ends_at": start + dt.timedelta(hours=hours), "registration_deadline": deadline, "capacity": capacity,
            **extra})
        return actions.do_publish_event(office, event) if publish else event

    return make


@pytest.fixture
def demand(enterprise):
    from zhichan.market import actions as market

    return market.do_save_demand(enterprise, None, {
        "title": "高镍正极材料改性", "summary": "寻求循环寿命提升方案", "details": "掺杂配方细节", "mode": "joint_rd",
        "deadline": timezone.localdate() + dt.timedelta(days=30)}, publish=True)


@pytest.fixture
def listing(stranger):
    from tests.market.conftest import load, patent
    from zhichan.market.models import Listing

    app = load(patent(1, holder=stranger.organization.name))[0]
    return Listing.objects.create(application=app, organization=stranger.organization, created_by=stranger,
                                  kind="transfer", title="锂电池极片转让", price_mode="negotiable", status="published",
                                  published_at=timezone.now())


def person(name: str = "张三", phone: str = "13800000000", role: str = "技术总监") -> dict[str, str]:
    return {"name": name, "phone": phone, "role": role}


def past(event: Event, **delta: float) -> None:
    """Move the event's clock without the actions (the tests of what happens later on)."""
    Event.objects.filter(pk=event.pk).update(starts_at=event.starts_at - dt.timedelta(**delta),
                                             ends_at=event.ends_at - dt.timedelta(**delta))
    event.refresh_from_db()
