"""Fixtures of the market tests, built here: patents loaded through the real loader, organisations and users."""

from __future__ import annotations

import datetime as dt

import pytest

from zhichan.core.models import Organization
from zhichan.patents import record as rec
from zhichan.patents.ingest.loader import Loader
from zhichan.patents.models import Application, ImportFile, ImportRun
from zhichan.patents.numbers import cn_check_character

D = dt.date
HOLDER = "徐州云图智能科技有限公司"
UNIVERSITY = "中国矿业大学"
FILED, GRANTED = D(2020, 3, 1), D(2022, 5, 1)


def number(serial: int, kind: str = "1", year: int = 2020) -> str:
    digits = f"{year}{kind}{serial:07d}"
    return f"CN{digits}.{cn_check_character(digits)}"


def patent(serial: int, kind: str = "1", *, holder: str = HOLDER, filing: dt.date = FILED,
           grant: dt.date | None = GRANTED, events=(), holder_role: str = rec.APPLICANT,
           title: str = "", **extra) -> rec.PatentRecord:
    t = {"1": rec.INVENTION, "2": rec.UTILITY, "3": rec.DESIGN}[kind]
    return rec.PatentRecord(
        key=number(serial, kind, filing.year), country="CN", patent_type=t, title=title or f"一种锂电池极片{serial}",
        filing_date=filing, grant_date=grant, legal_status="valid" if grant else "pending",
        main_ipc=extra.pop("main_ipc", "H01M4/131"), ipc=extra.pop("ipc", ["H01M4/131"]),
        parties=[rec.PartyRecord(holder_role, holder, country="CN")],
        events=[rec.EventRecord(d, code, desc) for d, code, desc in events], **extra)


def load(*records: rec.PatentRecord) -> list[Application]:
    run = ImportRun.objects.create()
    loader = Loader(ImportFile.objects.create(run=run, name="market-fixture", sha256="x", format="test"))
    loader.store(loader.group(list(records)))
    return [Application.objects.get(key=r.key) for r in records]


@pytest.fixture
def holder_org(db):
    return Organization.objects.create(name=HOLDER, kind=Organization.Kind.ENTERPRISE)


@pytest.fixture
def other_org(db):
    return Organization.objects.create(name="南京别家科技有限公司", kind=Organization.Kind.ENTERPRISE)


@pytest.fixture
def holder(django_user_model, holder_org):
    return django_user_model.objects.create_user("holder1", password="x", role="enterprise", organization=holder_org)


@pytest.fixture
def stranger(django_user_model, other_org):
    return django_user_model.objects.create_user("stranger1", password="x", role="enterprise", organization=other_org)


@pytest.fixture
def office(django_user_model):
    return django_user_model.objects.create_user("office1", password="x", role="office")


@pytest.fixture
def invention(db):
    return load(patent(1))[0]
