"""Fixtures of the deals tests, built here: patents through the real loader, organisations placed in regions, users."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.market.conftest import load, number, patent  # noqa: F401 - the market tests' patent builder
from zhichan.core.models import Organization, Region

D = dt.date
QUANSHAN, GULOU_NJ = "320311", "320106"  # 徐州市泉山区, 南京市鼓楼区


@pytest.fixture
def seller(db):
    return Organization.objects.create(name="徐州云图智能科技有限公司", kind=Organization.Kind.ENTERPRISE,
                                       region=Region.objects.get(code=QUANSHAN))


@pytest.fixture
def buyer(db):
    return Organization.objects.create(name="南京别家科技有限公司", kind=Organization.Kind.ENTERPRISE,
                                       region=Region.objects.get(code=GULOU_NJ))


@pytest.fixture
def office(django_user_model):
    return django_user_model.objects.create_user("office1", password="x", role="office")


@pytest.fixture
def enterprise(django_user_model, seller):
    return django_user_model.objects.create_user("firm1", password="x", role="enterprise", organization=seller)


@pytest.fixture
def invention(db):
    return load(patent(1))[0]


def licence(**changes):
    """A licence's values as the form gives them."""
    values = {"kind": "licence", "licence_type": "exclusive", "application": None, "right": "", "from_organization":
              None, "from_name": "徐州云图智能科技有限公司", "to_organization": None, "to_name": "南京别家科技有限公司",
              "amount_wan": None, "contract_date": None, "effective_on": None, "recordal_number": "", "region": None,
              "note": ""}
    values.update(changes)
    return values
