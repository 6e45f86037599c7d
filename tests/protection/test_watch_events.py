"""Watch-list events after an import (issue 16 item 2) and their alerts (item 4): hand-built legal events, each event
type raised exactly once, nothing new on a re-import of the same data; notifications once per list and import to
the enterprise's users and its custodian; the weekly digest once per week."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from zhichan.core.models import Organization
from zhichan.patents import record as rec
from zhichan.patents.ingest.loader import Loader
from zhichan.patents.models import ImportFile, ImportRun, Outbox
from zhichan.patents.numbers import cn_check_character
from zhichan.protection import alerts, watch, watch_events
from zhichan.protection.models import WatchEvent
from zhichan.search import sync
from zhichan.services.models import Case, Notification, Window

pytestmark = pytest.mark.django_db

D = dt.date
TODAY = timezone.localdate()
RECENT = TODAY - dt.timedelta(days=10)
OWNER, RIVAL, OTHER = "徐州乙重工有限公司", "徐州甲机械有限公司", "徐州丙起重设备有限公司"
CLAIM = ("1. 一种起重机伸缩臂架，包括基本臂、二节臂和伸缩油缸，其特征在于：所述二节臂的尾部设有滑块，"
         "所述滑块采用尼龙复合材料，所述伸缩油缸的缸筒铰接于基本臂尾部，活塞杆铰接于二节臂尾部。")
ABSTRACT = "本发明公开了一种起重机伸缩臂架，二节臂尾部的尼龙复合材料滑块降低了伸缩阻力，伸缩油缸直接驱动二节臂。"


def number(serial: int, kind: str = "1", year: int = 2023) -> str:
    digits = f"{year}{kind}{serial:07d}"
    return f"CN{digits}.{cn_check_character(digits)}"


FILED, GRANTED = D(2023, 1, 5), D(2024, 6, 1)


def record(serial: int, *, holder: str = OWNER, kind: str = "1", filing: D = FILED,
           grant: D | None = GRANTED, events=(), ipc: str = "B66C23/70", title: str = "",
           abstract: str = "", claims: str = "", status: str = "") -> rec.PatentRecord:
    patent_type = {"1": rec.INVENTION, "2": rec.UTILITY}[kind]
    return rec.PatentRecord(
        key=number(serial, kind, filing.year), country="CN", patent_type=patent_type,
        title=title or f"一种液压阀块{serial}", abstract=abstract, claims=claims, filing_date=filing, grant_date=grant,
        legal_status=status or ("valid" if grant else "pending"), main_ipc=ipc, ipc=[ipc],
        parties=[rec.PartyRecord(rec.APPLICANT, holder, country="CN")],
        events=[rec.EventRecord(d, code, desc) for d, code, desc in events])


def store(*records: rec.PatentRecord) -> None:
    """Written, not yet drained."""
    run = ImportRun.objects.create()
    loader = Loader(ImportFile.objects.create(run=run, name="protection-fixture", sha256="x", format="test"))
    loader.store(loader.group(list(records)))


def load(*records: rec.PatentRecord, batch: int = 5000) -> None:
    store(*records)
    sync.drain(batch_size=batch)


def kinds() -> dict[str, int]:
    out: dict[str, int] = {}
    for kind in WatchEvent.objects.values_list("kind", flat=True):
        out[kind] = out.get(kind, 0) + 1
    return out


@pytest.fixture
def firm(django_user_model):
    org = Organization.objects.create(name=OWNER, kind="enterprise")
    user = django_user_model.objects.create_user("ent_owner", password="x", role="enterprise", organization=org,
                                                 email="owner@example.com")
    colleague = django_user_model.objects.create_user("ent_owner2", password="x", role="enterprise",
                                                      organization=org)
    custodian = django_user_model.objects.create_user("custodian", password="x", role="staff",
                                                      email="custodian@example.com")
    window, _ = Window.objects.get_or_create(kind="trusteeship", defaults={"name": "托管"})
    Case.objects.create(number="TG-TEST-1", kind="trusteeship", window=window, organization=org, applicant=user,
                        assignee=custodian, state="active", fields={"portfolio": ""})
    return {"org": org, "user": user, "colleague": colleague, "custodian": custodian}


def test_each_legal_event_once_and_nothing_new_on_reimport(firm):
    p, q = record(1), record(2)
    ends = TODAY + dt.timedelta(days=100)
    expiring_filed = ends.replace(year=ends.year - 10)
    r = record(3, kind="2", filing=expiring_filed, grant=expiring_filed + dt.timedelta(days=200))
    load(p, q, r)
    wl = watch.do_create_list(firm["user"], "核心专利")
    for key in (p.key, q.key, r.key):
        watch.do_add_item(firm["user"], wl, "patent", key)
    load(dataclasses.replace(p, events=[rec.EventRecord(TODAY - dt.timedelta(days=800), "专利权的转移", "专利权的转移")]))
    # an expiry 100 days ahead (utility: 10 years); the transfer two years old is before the list watched it
    assert kinds() == {"expiry": 1}
    assert WatchEvent.objects.get().evidence["days"] == 100
    p2 = dataclasses.replace(p, events=[
        rec.EventRecord(RECENT, "无效宣告请求", "专利权无效宣告请求"),
        rec.EventRecord(RECENT, "专利权的转移", "专利权的转移"),
        rec.EventRecord(RECENT, "专利权质押、保全及其解除", "专利权质押合同登记的生效"),
        rec.EventRecord(RECENT, "专利实施许可合同备案的生效、变更及注销", "专利实施许可合同备案的生效")])
    q2 = dataclasses.replace(q, events=[rec.EventRecord(RECENT, "专利权的终止", "未缴年费专利权终止")],
                             legal_status="lapsed")
    load(p2, q2)
    assert kinds() == {"expiry": 1, "invalid_request": 1, "transfer": 1, "pledge": 1, "licence": 1, "lapse": 1}
    lapse = WatchEvent.objects.get(kind="lapse")
    assert lapse.application.key == q.key and lapse.severity == WatchEvent.Severity.HIGH
    assert lapse.evidence["date"] == RECENT.isoformat()
    load(p2, q2)  # the same data again
    assert WatchEvent.objects.count() == 6
    p3 = dataclasses.replace(p2, events=[*p2.events, rec.EventRecord(TODAY, "专利权的无效宣告", "宣告专利权全部无效")])
    load(p3)
    assert kinds()["invalidated"] == 1 and kinds()["lapse"] == 2
    assert WatchEvent.objects.filter(kind="lapse", application__key=p.key, evidence__date=TODAY.isoformat()).exists()


def test_competitor_filings_in_the_watched_areas(firm):
    load(record(1))
    wl = watch.do_create_list(firm["user"], "对手")
    watch.do_add_item(firm["user"], wl, "competitor", RIVAL)
    watch.do_add_item(firm["user"], wl, "ipc", "B66C 23/00")
    load(record(10, holder=RIVAL, ipc="B66C23/42"), record(11, holder=RIVAL, ipc="H01M4/131"),
         record(12, holder=OTHER, ipc="B66C23/42"))
    event = WatchEvent.objects.get()
    assert (event.kind, event.application.key, event.evidence["areas"]) == ("competitor", number(10), ["B66C23/00"])
    load(record(10, holder=RIVAL, ipc="B66C23/42"))
    assert WatchEvent.objects.count() == 1


def test_an_import_of_many_new_records_at_once(firm):
    wl = watch.do_create_list(firm["user"], "对手")
    watch.do_add_item(firm["user"], wl, "competitor", RIVAL)
    load(*[record(100 + n, holder=RIVAL if n % 3 else OTHER) for n in range(40)])  # one run of consecutive ids
    assert sorted(WatchEvent.objects.values_list("application__key", flat=True)) == \
        sorted(number(100 + n) for n in range(40) if n % 3)


def test_similar_publications_of_others_ranked_with_claims(firm):
    load(record(1, title="一种起重机伸缩臂架", abstract=ABSTRACT, claims=CLAIM))
    wl = watch.do_create_list(firm["user"], "相似专利")  # the list's organisation is the watched enterprise
    near = CLAIM.replace("尼龙复合材料", "聚甲醛材料")
    load(record(20, holder=OTHER, title="一种起重机伸缩臂架", abstract=ABSTRACT, claims=near),
         record(21, holder=OTHER, title="一种锂电池正极材料", abstract="正极材料包括磷酸铁锂和导电剂，提高低温容量。",
                claims="1. 一种锂电池正极材料，其特征在于，包括磷酸铁锂、导电炭黑和粘结剂，按质量比九十比五比五混合。", ipc="H01M4/58"),
         record(22, title="一种起重机伸缩臂架", abstract=ABSTRACT, claims=near, grant=None))  # the enterprise's own
    event = WatchEvent.objects.get()
    assert event.watch_list == wl and event.kind == "similar" and event.application.key == number(20)
    assert event.watched.key == number(1) and 0.6 <= event.similarity < 1
    assert event.evidence["new"]["claim"].startswith("1. 一种起重机伸缩臂架") and "聚甲醛" in event.evidence["new"]["claim"]
    assert "尼龙复合材料" in event.evidence["watched"]["claim"]
    client = Client()
    client.force_login(firm["user"])
    page = client.get(f"/protection/watch/{wl.pk}/").content.decode()
    assert number(20) in page and "聚甲醛材料" in page and "尼龙复合材料" in page


def test_a_drain_in_batches_of_one_raises_what_one_batch_does(firm):
    load(record(1, title="一种起重机伸缩臂架", abstract=ABSTRACT, claims=CLAIM))
    wl = watch.do_create_list(firm["user"], "相似专利")
    watch.do_add_item(firm["user"], wl, "competitor", RIVAL)
    near = CLAIM.replace("尼龙复合材料", "聚甲醛材料")
    load(record(20, holder=OTHER, title="一种起重机伸缩臂架", abstract=ABSTRACT, claims=near),
         record(21, holder=RIVAL, ipc="H01M4/131"),
         record(22, title="一种起重机伸缩臂架", abstract=ABSTRACT, claims=near, grant=None),  # the enterprise's own
         record(23, holder=RIVAL, title="一种起重机伸缩臂架", abstract=ABSTRACT, claims=near), batch=1)
    got = sorted((e.kind, e.application.key, e.watched.key if e.watched else "") for e in WatchEvent.objects.all())
    assert got == [("competitor", number(21), ""), ("competitor", number(23), ""),
                   ("similar", number(20), number(1)), ("similar", number(23), number(1))]


def test_a_drain_reads_again_what_an_import_during_it_wrote(firm):
    watch.do_create_list(firm["user"], "相似专利")
    store(record(20, holder=OTHER, title="一种起重机伸缩臂架", abstract=ABSTRACT, claims=CLAIM.replace("尼龙", "聚甲醛")))
    rows = list(Outbox.objects.values_list("application_id", "created", "status_from", "status_to"))
    assert watch_events.detect_events(rows, drain="d1") == []  # the enterprise holds no patent yet
    assert watch_events.drain_state(watch_events.index(), "d1") is watch_events.drain_state(watch_events.index(), "d1")
    store(record(1, title="一种起重机伸缩臂架", abstract=ABSTRACT, claims=CLAIM))  # its patent, while the drain runs
    fresh = watch_events.detect_events(rows, drain="d1")
    assert [(e.kind, e.watched.key) for e in fresh] == [("similar", number(1))]


def test_alerts_once_per_list_and_import_and_the_weekly_digest(firm):
    p = record(1)
    load(p)
    wl = watch.do_create_list(firm["user"], "核心专利")
    watch.do_add_item(firm["user"], wl, "patent", p.key)
    load(dataclasses.replace(p, events=[rec.EventRecord(RECENT, "专利权的转移", "专利权的转移"),
                                        rec.EventRecord(RECENT, "专利权的终止", "未缴年费专利权终止")],
                             legal_status="lapsed"))
    assert kinds() == {"transfer": 1, "lapse": 1}
    told = Notification.objects.filter(url=f"/protection/watch/{wl.pk}/")
    assert sorted(told.values_list("user__username", flat=True)) == ["custodian", "ent_owner", "ent_owner2"]
    assert "2" in told.first().title and not WatchEvent.objects.filter(notified=False).exists()
    load(dataclasses.replace(p, events=[rec.EventRecord(RECENT, "专利权的转移", "专利权的转移")],
                             legal_status="lapsed"))  # nothing new
    assert told.count() == 3
    mail.outbox.clear()
    assert alerts.weekly_digest() == 2  # the two recipients with an address
    assert sorted(m.to[0] for m in mail.outbox) == ["custodian@example.com", "owner@example.com"]
    assert p.key in mail.outbox[0].body
    assert alerts.weekly_digest() == 0  # once a week


def test_the_office_dashboard_of_open_risks_per_district(firm, client, django_user_model):
    from zhichan.core.models import Region

    district = Region.objects.get_or_create(code="320311", defaults={"name": "泉山区", "level": 3})[0]
    firm["org"].region = district
    firm["org"].save()
    p = record(1)
    load(p)
    wl = watch.do_create_list(firm["user"], "核心专利")
    watch.do_add_item(firm["user"], wl, "patent", p.key)
    load(dataclasses.replace(p, events=[rec.EventRecord(RECENT, "专利权的转移", "专利权的转移"),
                                        rec.EventRecord(RECENT, "专利权的终止", "未缴年费专利权终止")],
                             legal_status="lapsed"))
    office = django_user_model.objects.create_user("office_r", password="x", role="office")
    client.force_login(office)
    page = client.get("/protection/office/risks/").content.decode()
    row = page.split('id="risk-districts"')[1].split("</tr>")[1]
    assert district.name in row and "<td>1</td><td>2</td>" in row  # one high (the lapse), two in all
    client.force_login(firm["user"])
    assert client.get("/protection/office/risks/").status_code == 403
    lapse = WatchEvent.objects.get(kind="lapse")
    assert client.post(f"/protection/watch/{wl.pk}/", {"close": lapse.pk}).status_code == 302
    client.force_login(office)
    row = client.get("/protection/office/risks/").content.decode().split('id="risk-districts"')[1].split("</tr>")[1]
    assert "<td>0</td><td>1</td>" in row
