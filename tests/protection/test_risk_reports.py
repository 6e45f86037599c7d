"""Risk reports (issue 16 item 3): the figures of a hand-built portfolio against hand-counted values, the quarterly
schedule (one draft per key enterprise and quarter, nothing on a rerun), the office's edited recommendations in the
issued DOCX (read back with python-docx), and who sees which report."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.utils import timezone
from docx import Document

from zhichan.core.models import Organization
from zhichan.patents import record as rec
from zhichan.patents.ingest.loader import Loader
from zhichan.patents.models import ImportFile, ImportRun
from zhichan.patents.numbers import cn_check_character
from zhichan.protection import detect, report_actions, report_gather, riskfigures, watch
from zhichan.protection.models import RiskReport, WatchEvent
from zhichan.protection.riskfigures import Quarter
from zhichan.search import sync

pytestmark = pytest.mark.django_db

D = dt.date
Q3 = Quarter(2026, 3)  # 2026-07-01 … 2026-09-30
OWNER, RIVAL, OTHER = "徐州乙重工有限公司", "徐州甲机械有限公司", "徐州丙起重设备有限公司"
CLAIM = ("1. 一种起重机伸缩臂架，包括基本臂、二节臂和伸缩油缸，其特征在于：所述二节臂的尾部设有滑块，"
         "所述滑块采用尼龙复合材料，所述伸缩油缸的缸筒铰接于基本臂尾部，活塞杆铰接于二节臂尾部。")
ABSTRACT = "本发明公开了一种起重机伸缩臂架，二节臂尾部的尼龙复合材料滑块降低了伸缩阻力，伸缩油缸直接驱动二节臂。"


def number(serial: int, kind: str, year: int) -> str:
    digits = f"{year}{kind}{serial:07d}"
    return f"CN{digits}.{cn_check_character(digits)}"


def record(serial: int, filing: D, *, holder: str = OWNER, kind: str = "1", grant: D | None = None,
           status: str = "", events=(), ipc: str = "B66C23/70", published: D | None = None, title: str = "",
           abstract: str = "", claims: str = "") -> rec.PatentRecord:
    key = number(serial, kind, filing.year)
    return rec.PatentRecord(
        key=key, country="CN", patent_type={"1": rec.INVENTION, "2": rec.UTILITY}[kind],
        title=title or f"一种液压阀块{serial}", abstract=abstract, claims=claims, filing_date=filing, grant_date=grant,
        legal_status=status or ("valid" if grant else "pending"), main_ipc=ipc, ipc=[ipc],
        publications=[rec.PublicationRecord(f"CN{117000000 + serial}A", "CN", "A", published)] if published else [],
        parties=[rec.PartyRecord(rec.APPLICANT, holder, country="CN")],
        events=[rec.EventRecord(d, code, words) for d, code, words in events])


def load(*records: rec.PatentRecord) -> None:
    run = ImportRun.objects.create()
    loader = Loader(ImportFile.objects.create(run=run, name="risk-report-fixture", sha256="x", format="test"))
    loader.store(loader.group(list(records)))
    sync.drain()


# The portfolio of OWNER on the report date 2026-09-30 (hand-counted below each line):
PORTFOLIO = [
    # A: valid invention filed 2007-03-01, term ends 2027-03-01 (within 12 months); age 19, 0 years left, kept 16
    record(1, D(2007, 3, 1), grant=D(2010, 5, 1)),
    # B: valid invention, pledged 2025-05-01 and never released; age 9, 10 years left, kept 8
    record(2, D(2016, 10, 15), grant=D(2018, 1, 10),
           events=[(D(2025, 5, 1), "专利权质押、保全及其解除", "专利权质押合同登记的生效")]),
    # C: valid invention under an invalidation request of 2026-08-10; age 6, 13 years left, kept 4
    record(3, D(2020, 6, 1), grant=D(2022, 3, 1), title="一种起重机伸缩臂架", abstract=ABSTRACT, claims=CLAIM,
           events=[(D(2026, 8, 10), "无效宣告请求", "专利权无效宣告请求")]),
    # D: invention terminated for unpaid fees in the quarter
    record(4, D(2018, 2, 1), grant=D(2020, 2, 1), status="lapsed",
           events=[(D(2026, 7, 20), "专利权的终止", "未缴年费专利权终止")]),
    # E: invention terminated before the quarter (no risk of the quarter)
    record(5, D(2015, 1, 1), grant=D(2017, 1, 1), status="lapsed",
           events=[(D(2025, 3, 1), "专利权的终止", "未缴年费专利权终止")]),
    # F, H: pending inventions
    record(6, D(2025, 2, 1)),
    record(8, D(2026, 8, 1)),
    # G: valid utility model, a pledge registered then cancelled in the quarter (not pledged); age 2, 7 left, kept 2
    record(7, D(2024, 1, 10), kind="2", grant=D(2024, 6, 1),
           events=[(D(2025, 1, 1), "专利权质押、保全及其解除", "专利权质押合同登记的生效"),
                   (D(2026, 8, 1), "专利权质押、保全及其解除", "专利权质押合同登记的注销")]),
]
NEAR = CLAIM.replace("尼龙复合材料", "聚甲醛材料")
FARTHER = NEAR.replace("伸缩油缸的缸筒铰接于基本臂尾部", "伸缩油缸的缸筒固定于基本臂中部")
OTHERS = [
    record(11, D(2026, 7, 15), holder=RIVAL, ipc="B66C23/42"),  # in the area, filed in the quarter
    record(12, D(2026, 8, 1), holder=RIVAL, ipc="H01M4/131"),  # outside the watched area
    record(13, D(2025, 1, 1), holder=RIVAL, ipc="B66C23/50", published=D(2026, 9, 1)),  # published in the quarter
    record(14, D(2024, 1, 1), holder=RIVAL, ipc="B66C23/42"),  # new to the platform, not to the world: not counted
    record(21, D(2025, 3, 1), holder=OTHER, title="一种起重机伸缩臂架", abstract=ABSTRACT, claims=NEAR),
    record(22, D(2025, 4, 1), holder=OTHER, title="一种起重机伸缩臂架", abstract=ABSTRACT, claims=FARTHER),
]


@pytest.fixture
def firm(django_user_model):
    org = Organization.objects.create(name=OWNER, kind="enterprise")
    make = django_user_model.objects.create_user
    return {"org": org, "user": make("ent_r", password="x", role="enterprise", organization=org),
            "office": make("office_r", password="x", role="office")}


@pytest.fixture
def watched(firm):
    load(*PORTFOLIO, record(30, D(2019, 1, 1), holder=OTHER, grant=D(2020, 1, 1)))
    wl = watch.do_create_list(firm["user"], "本企业监测")
    watch.do_add_item(firm["user"], wl, "competitor", RIVAL)
    watch.do_add_item(firm["user"], wl, "ipc", "B66C 23/00")
    load(*OTHERS)
    # the events were raised during the quarter
    WatchEvent.objects.update(created_at=timezone.make_aware(dt.datetime(2026, 8, 15, 10)))
    return wl


def test_the_figures_of_a_hand_built_portfolio(firm, watched):
    report, new = report_actions.do_draft_risk_report(firm["office"], report_gather.enterprise(firm["org"]), Q3)
    assert new and report.state == "draft" and report.organization == firm["org"]
    f = report.figures
    h = f["health"]
    assert (h["records"], h["valid"]) == (8, 4)
    assert h["inventions"] == {"valid": 3, "lapsed": 2, "pending": 2, "total": 7}
    assert dict(h["by_status"]) == {"有效": 4, "失效": 2, "审中": 2}
    assert h["age"] == [["3年以下", 1], ["3—5年", 0], ["5—10年", 2], ["10—15年", 0], ["15年及以上", 1]]
    assert h["remaining"] == [["1年以下", 1], ["1—3年", 0], ["3—5年", 0], ["5—10年", 1], ["10年及以上", 2]]
    assert h["maintenance"] == {"counted": 4, "mean": 7.5, "long_kept": 1, "without_grant_date": 0}  # (16+8+4+2)/4
    risks = {r["key"]: r["risks"] for r in f["at_risk"]}
    assert risks == {number(1, "1", 2007): ["expiring"], number(4, "1", 2018): ["terminated"],
                     number(3, "1", 2020): ["invalidation"], number(2, "1", 2016): ["pledged"]}
    assert f["risk_counts"] == {"expiring": 1, "terminated": 1, "invalidation": 1, "pledged": 1}
    assert [(c["name"], c["count"]) for c in f["competitors"]] == [(RIVAL, 2)]
    assert {r["key"] for r in f["competitors"][0]["records"]} == {number(11, "1", 2026), number(13, "1", 2025)}
    assert f["competitor_events"] == 3  # 11, 13 and 14 (new to the platform) raised an event; 12 is outside the area
    assert [(p["new"]["key"], p["watched"]["key"]) for p in f["similar"]] == \
        [(number(21, "1", 2025), number(3, "1", 2020)), (number(22, "1", 2025), number(3, "1", 2020))]
    assert f["similar"][0]["similarity"] > f["similar"][1]["similarity"] >= detect.SIMILAR_MIN
    text = report.recommendations
    assert "无效宣告" in text and "质押" in text and "12个月内" in text and number(21, "1", 2025) in text


def test_an_industry_report_counts_the_area(firm, watched):
    report, _new = report_actions.do_draft_risk_report(firm["office"], report_gather.industry("B66C23/00"), Q3)
    f = report.figures
    # every record in B66C 23/…: the eight of the portfolio (B66C23/70), 11, 13, 14, 21, 22 and OTHER's 30
    assert f["health"]["records"] == 14 and report.organization is None
    assert [(c["name"], c["count"]) for c in f["competitors"]] == [(RIVAL, 2), (OWNER, 1)]  # new in the quarter
    from zhichan.patents.models import Application

    Application.objects.filter(key__in=[number(1, "1", 2007), number(12, "1", 2026)]).update(sei_codes=["2.1.3"])
    Application.objects.filter(key=number(2, "1", 2016)).update(sei_codes=["2.10"])  # another class
    Application.objects.filter(key=number(3, "1", 2020)).update(sei_codes=["2.1"])
    sei, _new = report_actions.do_draft_risk_report(firm["office"], report_gather.industry(sei="2.1"), Q3)
    assert sei.figures["health"]["records"] == 3 and sei.subject_key == "sei:2.1"
    assert [(c["name"], c["count"]) for c in sei.figures["competitors"]] == [(RIVAL, 1)]  # 12, filed 2026-08-01


def test_the_quarterly_schedule_drafts_once_per_key_enterprise(firm, django_user_model):
    office_list = watch.do_create_list(firm["office"], "重点企业名单")
    watch.do_add_item(firm["office"], office_list, "enterprise", OWNER)
    watch.do_add_item(firm["office"], office_list, "enterprise", "徐州丁科技有限公司")  # not on the platform
    second = watch.do_create_list(firm["office"], "装备制造")
    watch.do_add_item(firm["office"], second, "enterprise", f" {OWNER} ")  # the same enterprise again
    watch.do_add_item(firm["office"], second, "competitor", RIVAL)  # a competitor is no key enterprise
    made = report_actions.draft_quarterly(D(2026, 10, 1))
    assert sorted((r.subject, r.period, r.scheduled) for r in made) == \
        [("徐州丁科技有限公司", "2026Q3", True), (OWNER, "2026Q3", True)]
    assert RiskReport.objects.get(subject=OWNER).organization == firm["org"]
    assert report_actions.draft_quarterly(D(2026, 10, 1)) == []  # a rerun makes nothing new
    assert report_actions.draft_quarterly(D(2026, 11, 3)) == []
    again, new = report_actions.do_draft_risk_report(firm["office"], report_gather.enterprise(firm["org"]), Q3)
    assert not new and again.scheduled  # the office's draft is the scheduled one
    assert RiskReport.objects.count() == 2
    assert len(report_actions.draft_quarterly(D(2027, 1, 1))) == 2  # the next quarter
    assert sorted(RiskReport.objects.values_list("period", flat=True)) == ["2026Q3", "2026Q3", "2026Q4", "2026Q4"]


def test_the_periodic_task_is_declared_for_the_first_day_of_each_quarter():
    from zhichan.protection import tasks

    task = tasks.quarterly_risk_reports.task_class()
    assert task.validate_datetime(dt.datetime(2026, 10, 1, 6, 30))
    assert not task.validate_datetime(dt.datetime(2026, 11, 1, 6, 30))


def docx_text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def test_edited_recommendations_are_issued_in_the_docx(firm, watched, client):
    report, _new = report_actions.do_draft_risk_report(firm["office"], report_gather.enterprise(firm["org"]), Q3)
    default = report.recommendations.split("\n")[0]
    client.force_login(firm["office"])
    page = client.get(f"/protection/reports/{report.pk}/").content.decode()
    assert "id=\"recommendations-form\"" in page and number(21, "1", 2025) in page
    edited = "建议委托代理机构对 CN202510000021 开展自由实施分析。\n请于十月底前补缴第四件专利的年费。"
    assert client.post(f"/protection/reports/{report.pk}/", {"recommendations": ""}).status_code == 400
    assert client.post(f"/protection/reports/{report.pk}/", {"recommendations": edited}).status_code == 302
    assert client.post(f"/protection/reports/{report.pk}/", {"confirm": "on"}).status_code == 302
    report.refresh_from_db()
    assert report.state == "issued" and report.issued_by == firm["office"]
    assert client.post(f"/protection/reports/{report.pk}/", {"recommendations": "又改了"}).status_code == 403
    client.force_login(firm["user"])
    answer = client.get(f"/protection/reports/{report.pk}/report.docx")
    assert answer.status_code == 200 and answer["Content-Type"].endswith("wordprocessingml.document")
    text = docx_text(answer.content)
    assert "建议委托代理机构对 CN202510000021 开展自由实施分析。" in text and "请于十月底前补缴第四件专利的年费。" in text
    assert default not in text and "又改了" not in text
    assert f"{OWNER}知识产权风险报告" in text and "2026年第3季度" in text
    assert number(21, "1", 2025) in text and number(1, "1", 2007) in text  # the similar list and the expiring one
    assert "发明专利状况" in text and RIVAL in text
    from zhichan.services.models import Notification

    assert Notification.objects.filter(user=firm["user"], url=f"/protection/reports/{report.pk}/").exists()


def test_who_sees_which_report(firm, client, django_user_model):
    other_org = Organization.objects.create(name=OTHER, kind="enterprise")
    outsider = django_user_model.objects.create_user("ent_o", password="x", role="enterprise", organization=other_org)
    watch.do_create_list(firm["user"], "本企业")
    mine, _n = report_actions.do_draft_risk_report(firm["office"], report_gather.enterprise(firm["org"]), Q3)
    theirs, _n = report_actions.do_draft_risk_report(firm["office"], report_gather.enterprise(other_org), Q3)
    later, _n = report_actions.do_draft_risk_report(firm["office"], report_gather.enterprise(firm["org"]),
                                                     Quarter(2026, 2))
    report_actions.do_issue_risk_report(firm["office"], mine)
    report_actions.do_issue_risk_report(firm["office"], theirs)
    for path in ("/protection/reports/", f"/protection/reports/{mine.pk}/", f"/protection/reports/{mine.pk}/report.docx"):
        assert client.get(path)["Location"].startswith("/login/")  # anonymous: sign in first
    client.force_login(firm["user"])
    listing = client.get("/protection/reports/").content.decode()
    assert f"/protection/reports/{mine.pk}/" in listing and f"/protection/reports/{theirs.pk}/" not in listing
    assert f"/protection/reports/{later.pk}/" not in listing  # a draft is the office's
    assert "risk-report-form" not in listing
    assert client.get(f"/protection/reports/{mine.pk}/").status_code == 200
    assert client.get(f"/protection/reports/{theirs.pk}/").status_code == 404
    assert client.get(f"/protection/reports/{theirs.pk}/report.docx").status_code == 404
    assert client.get(f"/protection/reports/{later.pk}/").status_code == 404
    assert client.post("/protection/reports/", {"kind": "industry", "area": "B66C", "period": "2026Q3"}).status_code \
        == 403
    with pytest.raises(report_actions.PermissionDenied):
        report_actions.do_draft_risk_report(firm["user"], report_gather.industry("B66C"), Q3)
    client.force_login(outsider)
    assert client.get(f"/protection/reports/{theirs.pk}/").status_code == 200
    assert client.get(f"/protection/reports/{mine.pk}/").status_code == 404
    client.force_login(firm["office"])
    listing = client.get("/protection/reports/").content.decode()
    assert all(f"/protection/reports/{r.pk}/" in listing for r in (mine, theirs, later))
    answer = client.post("/protection/reports/", {"kind": "industry", "area": "b66c 23/00", "period": "2026Q3"})
    assert answer.status_code == 302 and RiskReport.objects.filter(subject_key="ipc:B66C23/00").exists()
    bad = client.post("/protection/reports/", {"kind": "industry", "area": "not ipc", "period": "2026Q3"})
    assert bad.status_code == 400 and "not ipc" in bad.content.decode()


def test_quarters():
    assert (Q3.start, Q3.end, Q3.code) == (D(2026, 7, 1), D(2026, 9, 30), "2026Q3")
    assert riskfigures.previous_quarter(D(2027, 1, 1)) == Quarter(2026, 4)
    assert Quarter(2026, 4).end == D(2026, 12, 31) and Quarter.parse("2024q1").end == D(2024, 3, 31)
    with pytest.raises(ValueError):
        Quarter.parse("2026Q5")


def test_the_page_labels_cover_the_figures_labels():
    from zhichan.protection.report_views import PAGE_LABELS

    pure = {label for _limit, label in riskfigures.AGE_BUCKETS + riskfigures.TERM_BUCKETS}
    assert pure | set(riskfigures.RISK_LABELS) == set(PAGE_LABELS)
    assert all(str(PAGE_LABELS[code]) == label for code, label in riskfigures.RISK_LABELS.items())
