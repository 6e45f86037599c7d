"""Fixtures of the projects tests, built here: organisations, users per role, patents through the real loader,
a published call."""

from __future__ import annotations

import datetime as dt

import pytest

from zhichan.core.models import Organization, Region
from zhichan.patents import record as rec
from zhichan.patents.ingest.loader import Loader
from zhichan.patents.models import ImportFile, ImportRun
from zhichan.patents.numbers import cn_check_character

TODAY = dt.date(2026, 11, 27)
FIRM = "徐州云图智能科技有限公司"
OTHER = "徐州矿机装备有限公司"


def number(serial: int, kind: str = "1", year: int = 2019) -> str:
    digits = f"{year}{kind}{serial:07d}"
    return f"CN{digits}.{cn_check_character(digits)}"


def patent(serial: int, holder: str, *, kind: str = "1", grant: dt.date | None = dt.date(2021, 5, 1),
           status: str = "valid", events=()) -> rec.PatentRecord:
    t = {"1": rec.INVENTION, "2": rec.UTILITY}[kind]
    return rec.PatentRecord(
        key=number(serial, kind), country="CN", patent_type=t, title=f"一种矿用装置{serial}",
        filing_date=dt.date(2019, 3, 1), grant_date=grant, legal_status=status, main_ipc="E21D23/00",
        ipc=["E21D23/00"], parties=[rec.PartyRecord(rec.APPLICANT, holder, country="CN")],
        events=[rec.EventRecord(d, code, desc) for d, code, desc in events])


def load(*records: rec.PatentRecord) -> None:
    run = ImportRun.objects.create()
    loader = Loader(ImportFile.objects.create(run=run, name="projects-fixture", sha256="x", format="test"))
    loader.store(loader.group(list(records)))


def region(code: str, name: str, level: int, parent: Region | None = None) -> Region:
    return Region.objects.get_or_create(code=code, defaults={"name": name, "level": level, "parent": parent})[0]


@pytest.fixture
def xuzhou(db):
    province = region("320000", "江苏省", 1)
    city = region("320300", "徐州市", 2, province)
    return region("320311", "泉山区", 3, city)


@pytest.fixture
def firm(xuzhou):
    return Organization.objects.create(name=FIRM, kind=Organization.Kind.ENTERPRISE, region=xuzhou)


@pytest.fixture
def other_firm(xuzhou):
    return Organization.objects.create(name=OTHER, kind=Organization.Kind.ENTERPRISE, region=xuzhou)


@pytest.fixture
def applicant(django_user_model, firm):
    return django_user_model.objects.create_user("yuntu", password="x", role="enterprise", organization=firm)


@pytest.fixture
def rival(django_user_model, other_firm):
    return django_user_model.objects.create_user("kuangji", password="x", role="enterprise", organization=other_firm)


@pytest.fixture
def office(django_user_model):
    return django_user_model.objects.create_user("office1", password="x", role="office")


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user("staff1", password="x", role="staff")


@pytest.fixture
def call(office):
    from zhichan.projects import actions

    call = actions.do_save_call(office, None, {
        "title": "2026年度知识产权示范企业", "guide": "申报指南正文",
        "rules": {"region_prefix": "3203", "kinds": ["enterprise"], "verified": True, "min_valid_inventions": 2},
        "fields": [{"label": "项目名称", "required": True}, {"label": "研发投入（万元）", "type": "number", "required": True}],
        "requirements": ["申报书"], "opens_on": TODAY - dt.timedelta(days=10),
        "closes_on": TODAY + dt.timedelta(days=20), "panel_size": 3})
    return actions.do_publish_call(office, call)
