"""Navigation pages and the report: create a database with two branches through the web, refresh, open the
dashboard, follow a number to its records, edit the alias table; the DOCX has every chapter, its charts and
tables; the XLSX holds every table; charts are drawn without missing glyphs; permissions hold."""

from __future__ import annotations

import io
import json
import warnings
from urllib.parse import quote

import pytest
from django.core.management import call_command
from docx import Document
from docx.oxml.ns import qn
from openpyxl import load_workbook

from tests.conftest import VR_CSV, raw_data
from zhichan.core.models import AuditLog, Job
from zhichan.navigation import charts, report
from zhichan.navigation.models import ApplicantAlias, ThematicDatabase
from zhichan.patents.actions import do_import_patents

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(client, django_user_model):
    user = django_user_model.objects.create_user("office", password="x", role="office")
    client.force_login(user)
    do_import_patents(None, [raw_data(VR_CSV)])
    return user


def _create(client) -> ThematicDatabase:
    response = client.post("/navigation/", {"name": "虚拟现实", "queries": "TI=虚拟现实\nTI=增强现实", "region": ""})
    db = ThematicDatabase.objects.get(name="虚拟现实")
    assert response.status_code == 302 and response["Location"] == f"/navigation/{db.pk}/"
    client.post(f"/navigation/{db.pk}/branches/", {"name": "头戴显示", "query": "TI=头盔 OR TI=头戴"})
    client.post(f"/navigation/{db.pk}/branches/", {"name": "交互", "query": "TI=手势 OR TI=交互"})
    client.post(f"/navigation/{db.pk}/refresh/")
    return db


def report_file(client, url: str, data: dict) -> tuple[bytes, str]:
    """Ask for a report as the page does (a POST), run its job, download the file: (content, Content-Disposition)."""
    from zhichan.core import jobs
    from zhichan.core.models import Job

    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"].startswith("/jobs/"), response
    job = Job.objects.get(pk=int(response["Location"].split("/")[2]))
    job = jobs.run(job.pk) if job.status != Job.Status.DONE else job
    assert job.status == Job.Status.DONE, job.error
    download = client.get(job.result["downloads"][0]["url"])
    assert download.status_code == 200
    return b"".join(download.streaming_content), download["Content-Disposition"]


def test_database_dashboard_records_and_aliases(client, office):
    db = _create(client)
    version = db.versions.get()
    assert len(version.branch_members) == 2
    page = client.get(f"/navigation/{db.pk}/").content.decode()
    assert "头戴显示" in page and f"{len(version.members)} 件" in page
    came_in = client.get(f"/navigation/{db.pk}/versions/1/added/")
    assert came_in.context["total"] == len(version.added) == len(version.members)
    assert came_in.context["records"][0].pk in version.members
    dashboard = client.get(f"/navigation/{db.pk}/dashboard/")
    assert dashboard.status_code == 200
    data = dashboard.context["result"]
    assert data["total"] == len(version.members)
    assert {r["name"] for r in data["branches"]["rows"]} == {"头戴显示", "交互"}
    year = max(data["trend"]["rows"], key=lambda r: r["filings"])
    records = client.get(f"/navigation/{db.pk}/records/?cond={quote(json.dumps(year['cond']))}")
    assert records.context["total"] == year["filings"]
    assert f"申请年：{year['year']}" in records.content.decode()  # words, not key=value
    client.cookies["django_language"] = "en"
    english = client.get(f"/navigation/{db.pk}/records/?cond={quote(json.dumps(year['cond']))}").content.decode()
    assert f"Filing year: {year['year']}" in english
    del client.cookies["django_language"]
    valid = next(r for r in data["legal_status"]["status"] if r["code"] == "valid")
    sampled = quote(json.dumps({**valid["cond"], "sample": True, "years": [2010, 2020]}))
    words = client.get(f"/navigation/{db.pk}/records/?cond={sampled}").content.decode()
    assert "法律状态：有效；等距抽样；申请年：2010–2020" in words
    assert "=valid" not in words and "=True" not in words and "LS=" not in words
    helmet = next(r for r in data["branches"]["rows"] if r["name"] == "头戴显示")
    records = client.get(f"/navigation/{db.pk}/records/?cond={quote(json.dumps(helmet['cond']))}")
    assert records.context["total"] == len(version.branch_members[helmet["branch"]])

    top, second = data["applicants"][0], data["applicants"][1]
    client.post("/navigation/aliases/", {"name": second["name"], "group": top["name"]})
    assert ApplicantAlias.objects.get().group == top["name"]
    assert AuditLog.objects.filter(action="navigation.alias").exists()
    merged = client.get(f"/navigation/{db.pk}/dashboard/").context["result"]["applicants"][0]
    assert merged["name"] == top["name"] and merged["count"] == top["count"] + second["count"]


def test_report_docx_xlsx_pdf(client, office, tmp_path):
    db = _create(client)
    content, _ = report_file(client, f"/navigation/{db.pk}/report/", {"format": "docx"})
    doc = Document(io.BytesIO(content))
    text = [p.text for p in doc.paragraphs]
    for title, *_ in report.SECTIONS:
        assert title in text
    outline = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]  # Word's navigation pane
    assert [title for title, *_ in report.SECTIONS] == outline[:len(report.SECTIONS)] and outline[-1] == "附：数据说明"
    assert any(t.text.strip().startswith("TOC ") for t in doc.element.body.iter(qn("w:instrText")))
    assert any(t.startswith("图 1") for t in text) and any(t.startswith("表 1") for t in text)
    assert len(doc.inline_shapes) >= 6  # charts as images
    assert any("头戴显示" in cell.text for table in doc.tables for row in table.rows for cell in row.cells)
    assert any("【发展建议" in t for t in text)  # left for the analyst
    drafted = text[text.index("主要发现（系统根据数据草拟，请核实、修改）："):]
    assert drafted[1].startswith("1. ") and "年均增长" in "".join(drafted[:8])

    out = tmp_path / "r.xlsx"
    call_command("report", "navigation", "虚拟现实", "--format", "xlsx", "--output", str(out))
    book = load_workbook(out)
    assert "申请与授权趋势" in book.sheetnames and "技术分支x年份" in book.sheetnames
    trend = book["申请与授权趋势"]
    version = db.versions.get()
    assert sum(row[1] for row in trend.iter_rows(min_row=2, values_only=True)) == len(version.members)
    searched = tmp_path / "q.xlsx"
    call_command("report", "navigation", "--query", "TI=头盔", "--format", "xlsx", "--output", str(searched))
    assert "申请与授权趋势" in load_workbook(searched).sheetnames
    pdf = tmp_path / "r.pdf"
    call_command("report", "navigation", str(db.pk), "--format", "pdf", "--output", str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF") and b"/FontFile" in pdf.read_bytes()  # the CJK font embedded


def test_charts_have_every_glyph():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph … missing from font" when it draws a box
        png = charts.bars([("虚拟现实头戴显示装置", 3), ("增强现实", 2)])
    assert png.startswith(b"\x89PNG")


def test_bad_input_gets_a_clear_answer(client, office):
    page = client.post("/navigation/", {"name": "坏的", "queries": "TI=(头盔"}, follow=True).content.decode()
    assert "检索式有误：第 " in page and "个字符处" in page and not ThematicDatabase.objects.exists()
    db = _create(client)
    page = client.post(f"/navigation/{db.pk}/branches/", {"name": "坏", "query": "TI=头盔 AND"}, follow=True)
    assert "检索式有误" in page.content.decode() and db.branches.count() == 2
    scope = {"queries": "TI=虚拟现实", "ipc": "", "sei": "", "exclusions": "",
             "additions": "CN202210016632.1，2022100166321 ZL-NOT-A-NUMBER"}
    page = client.post(f"/navigation/{db.pk}/scope/", scope, follow=True).content.decode()
    assert "无法识别的申请号：ZL-NOT-A-NUMBER" in page
    db.refresh_from_db()
    assert db.additions == [] and db.queries == ["TI=虚拟现实", "TI=增强现实"]  # nothing half-saved
    client.post(f"/navigation/{db.pk}/scope/", {**scope, "additions": "CN202210016632.1，2022100166321"})
    db.refresh_from_db()
    assert db.additions == ["CN202210016632.1"] and db.queries == ["TI=虚拟现实"]  # one number, written twice
    bad = client.get(f"/navigation/{db.pk}/records/?cond=" + quote(json.dumps({"colour": "red"})))
    assert bad.status_code == 400 and "条件有误" in bad.content.decode()
    assert client.get(f"/navigation/{db.pk}/records/?cond=not-json").status_code == 400
    assert client.post(f"/navigation/{db.pk}/report/", {"format": "odt"}).status_code == 404


def test_without_a_chinese_font_the_report_says_so(client, office, monkeypatch):
    db = _create(client)

    def missing() -> str:
        raise charts.FontMissing("没有找到中文字体，无法绘制报告图表：请安装 fonts-noto-cjk（Debian）等中文字体。")

    monkeypatch.setattr(charts, "cjk_font", missing)
    page = client.post(f"/navigation/{db.pk}/report/", {"format": "docx"}, follow=True)
    assert page.redirect_chain[-1][0] == f"/navigation/{db.pk}/" and "fonts-noto-cjk" in page.content.decode()
    assert not Job.objects.filter(kind="navigation.report").exists()  # told at once, no job left to fail


def test_permissions(client, django_user_model):
    public = django_user_model.objects.create_user("someone", password="x", role="applicant")
    client.force_login(public)
    assert client.get("/navigation/").status_code == 403
    assert client.post("/navigation/", {"name": "x", "queries": "TI=x"}).status_code == 403
    assert not ThematicDatabase.objects.exists()


def test_a_large_version_is_analysed_by_a_job_then_cached(client, office, monkeypatch):
    from zhichan.core import jobs
    from zhichan.core.models import Job
    from zhichan.navigation import results

    db = _create(client)
    monkeypatch.setattr(results, "LARGE", 10)  # this version counts as large
    response = client.get(f"/navigation/{db.pk}/dashboard/")
    job = Job.objects.get(kind="navigation.analyse")
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    job = jobs.run(job.pk) if job.status != Job.Status.DONE else job
    assert job.status == Job.Status.DONE and job.done == job.total == 11
    assert job.result["url"] == f"/navigation/{db.pk}/dashboard/?version=1"
    page = client.get(job.result["url"])
    assert page.status_code == 200 and page.context["result"]["total"] == len(db.versions.get().members)
    assert Job.objects.filter(kind="navigation.analyse").count() == 1  # answered from the cache

    response = client.get("/navigation/search/?q=TI%3D虚拟现实")  # a large search result, too
    job = Job.objects.filter(kind="navigation.analyse").latest("pk")
    assert response["Location"] == f"/jobs/{job.pk}/"
    job = jobs.run(job.pk) if job.status != Job.Status.DONE else job
    assert job.status == Job.Status.DONE and client.get(job.result["url"]).context["result"]["total"] > 10


def test_demo_database_from_the_command_line(capsys):
    call_command("demo", "--size", "400", "--city", "徐州市")
    call_command("navigation", "demo")
    call_command("navigation", "demo")  # once only
    db = ThematicDatabase.objects.get(name="徐州装备制造")
    assert db.branches.count() == 5 and db.region_id == "320300"
    version = db.versions.get()
    assert version.members and all(version.branch_members[str(b.pk)] for b in db.branches.filter(parent=None))
    call_command("navigation", "list")
    assert "徐州装备制造\t第 1 版" in capsys.readouterr().out


def test_a_branch_and_a_search_result_have_their_own_analyses(client, office):
    from zhichan.search import service

    db = _create(client)
    version = db.versions.get()
    key, members = next(iter(version.branch_members.items()))
    page = client.get(f"/navigation/{db.pk}/dashboard/?branch={key}")
    result = page.context["result"]
    assert result["total"] == len(members) and "›" in page.context["subject"].title
    top = result["applicants"][0]
    records = client.get(f"/navigation/{db.pk}/records/?branch={key}&cond={quote(json.dumps(top['cond']))}")
    assert records.context["total"] == top["count"]
    assert client.get(f"/navigation/{db.pk}/dashboard/?branch=999").status_code == 404
    content, disposition = report_file(client, f"/navigation/{db.pk}/report/", {"format": "docx", "branch": key})
    name = version.definition["branches"][key]["name"]
    assert quote(f"虚拟现实-{name}-专利导航报告") in disposition
    text = [p.text for p in Document(io.BytesIO(content)).paragraphs]
    assert f"虚拟现实·{name}产业专利导航报告" in text and any(f"共收录专利 {len(members)} 件" in t for t in text)

    search = client.get("/search/?q=TI%3D头盔")
    assert 'id="analyse-results"' in search.content.decode()
    page = client.get("/navigation/search/?q=TI%3D头盔")
    result = page.context["result"]
    assert result["total"] == service.count("TI=头盔") > 0
    year = result["trend"]["rows"][-1]
    records = client.get(f"/navigation/search/records/?q=TI%3D头盔&cond={quote(json.dumps(year['cond']))}")
    assert records.context["total"] == year["filings"]
    content, _ = report_file(client, "/navigation/search/report/", {"format": "docx", "q": "TI=头盔"})
    text = [p.text for p in Document(io.BytesIO(content)).paragraphs]
    assert "检索结果产业专利导航报告" in text and any(f"共收录专利 {result['total']} 件" in t for t in text)
    bad = client.get("/navigation/search/?q=TI%3D(头盔")
    assert bad.status_code == 302  # back to the search page with the error


def test_drafted_findings_state_the_numbers():
    r = {"trend": {"years": list(range(2015, 2024)), "filings": [10, 20, 40, 80, 160, 320, 640, 50, 5],
                   "incomplete_from": 2022},
         "applicants": [{"name": "甲公司", "share": 0.3, "count": 30}, {"name": "乙大学", "share": 0.1, "count": 10}],
         "geography": {"provinces": [{"name": "江苏省", "count": 70}]},
         "region": {"rows": [{}], "home_name": "徐州市", "overall_share": 0.125, "strongest": ["A"], "weakest": ["B"]},
         "hotspots": [{"period": "2019–2023", "keywords": [{"word": "电池"}, {"word": "正极"}]}]}
    text = report.findings(r)
    assert text[0] == "2016—2021 年申请量由 20 件变为 640 件，年均增长 100.0%。"  # the years before the lag
    assert "前十位申请人合计占 40.0%" in text[1] and "江苏省（70 件）" in text[2]
    assert "徐州市在本领域国内专利中占 12.5%" in text[3] and "相对优势分支：A；相对薄弱分支：B" in text[4]
    assert text[5] == "2019–2023 的技术热点：电池、正极。"
