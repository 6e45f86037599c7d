"""Reports asked for on the web are jobs: the button posts a form, the user lands on the job page, the job reports
gather data → draw charts n/N → write file, and the finished job offers the file, kept under ZHICHAN_HOME and
served to the user who asked for it or anyone who may see the navigation pages; another user is refused. The
indicator reports go the same way."""

from __future__ import annotations

import io
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.utils import translation
from openpyxl import load_workbook

from zhichan import conf
from zhichan.core import jobs
from zhichan.core.models import AuditLog, Job
from zhichan.navigation import report, results
from zhichan.navigation.models import ThematicDatabase

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("demo", "--size", "400", "--city", "徐州市")
    call_command("navigation", "demo")
    return ThematicDatabase.objects.get(name="徐州装备制造")


@pytest.fixture
def office(client, django_user_model):
    user = django_user_model.objects.create_user("office", password="x", role="office")
    client.force_login(user)
    return user


def run(job: Job, monkeypatch) -> tuple[Job, list[tuple[int, int, str]]]:
    """Run a queued job here (the test's transaction never commits, so nothing queued it) and record its steps."""
    steps: list[tuple[int, int, str]] = []
    writer = jobs._progress_writer

    def recording(job: Job):
        write = writer(job)

        def progress(done: int, total: int, message: str = "") -> None:
            steps.append((done, total, message))
            write(done, total, message)

        return progress

    monkeypatch.setattr(jobs, "_progress_writer", recording)
    return jobs.run(job.pk), steps


def test_a_report_is_a_job_with_progress_then_a_file_for_its_owner(client, office, demo, monkeypatch,
                                                                    django_user_model):
    page = client.get(f"/navigation/{demo.pk}/").content.decode()
    assert f'action="/navigation/{demo.pk}/report/"' in page and 'value="pdf"' in page  # a form, not a link
    assert client.get(f"/navigation/{demo.pk}/report/").status_code == 405  # a GET never starts work
    response = client.post(f"/navigation/{demo.pk}/report/", {"format": "pdf", "version": "1"})
    job = Job.objects.get(kind="navigation.report")
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert job.created_by == office and job.status == Job.Status.QUEUED
    assert job.title == "生成报告：徐州装备制造-专利导航报告-第1版.pdf"
    assert AuditLog.objects.get(action="navigation.report").actor == office
    download = f"/navigation/reports/{job.pk}/download/"
    assert client.get(download).status_code == 404  # not written yet

    job, steps = run(job, monkeypatch)
    assert job.status == Job.Status.DONE, job.error
    messages = [message for *_, message in steps]
    charts = len(report.chart_specs(results.compute(results.of_version(demo.versions.get()))))
    assert messages[0] == "汇总数据" and f"绘制图表 1/{charts}" in messages
    assert messages.index(f"绘制图表 {charts}/{charts}") < messages.index("写入文件") == len(messages) - 2
    assert messages[-1] == "" and job.message == ""  # finished: no step left to show
    assert [done for done, *_ in steps] == sorted(done for done, *_ in steps)  # the bar never goes back
    status = client.get(f"/jobs/{job.pk}/status/").json()
    assert status["percent"] == 100 and status["result"]["downloads"] == [
        {"url": download, "name": "徐州装备制造-专利导航报告-第1版.pdf"}]
    assert 'data-label-file="下载"' in client.get(f"/jobs/{job.pk}/").content.decode()

    response = client.get(download)
    content = b"".join(response.streaming_content)
    assert response.status_code == 200 and content.startswith(b"%PDF")
    assert quote("徐州装备制造-专利导航报告-第1版.pdf") in response["Content-Disposition"]
    assert (conf.home() / "navigation" / "reports" / f"job-{job.pk}.pdf").read_bytes() == content

    colleague = django_user_model.objects.create_user("colleague", password="x", role="office")
    client.force_login(colleague)  # may see the database: may download its report
    assert client.get(download).status_code == 200
    outsider = django_user_model.objects.create_user("outsider", password="x", role="enterprise")
    client.force_login(outsider)
    assert client.get(download).status_code == 403
    assert client.get(f"/jobs/{job.pk}/").status_code == 403 and client.get(f"/jobs/{job.pk}/status/").status_code == 403
    assert client.post(f"/navigation/{demo.pk}/report/", {"format": "pdf"}).status_code == 403
    assert Job.objects.filter(kind="navigation.report").count() == 1


def test_branch_and_search_reports_and_bad_requests(client, office, demo, monkeypatch):
    version = demo.versions.get()
    key, name = next((k, b["name"]) for k, b in version.definition["branches"].items() if version.branch_members[k])
    client.post(f"/navigation/{demo.pk}/report/", {"format": "docx", "branch": key})
    job, _ = run(Job.objects.get(kind="navigation.report"), monkeypatch)
    assert job.result["downloads"][0]["name"] == f"徐州装备制造-{name}-专利导航报告-第1版.docx"

    response = client.post("/navigation/search/report/", {"format": "xlsx", "q": "TI=挖掘机", "home": "320300"})
    job = Job.objects.filter(kind="navigation.report").latest("pk")
    assert response["Location"] == f"/jobs/{job.pk}/" and job.params["home"] == "320300"
    job, steps = run(job, monkeypatch)
    assert not any(message.startswith("绘制图表") for *_, message in steps)  # no charts in a workbook
    content = b"".join(client.get(job.result["downloads"][0]["url"]).streaming_content)
    assert "申请与授权趋势" in load_workbook(io.BytesIO(content)).sheetnames

    before = Job.objects.count()
    assert client.post(f"/navigation/{demo.pk}/report/", {"format": "odt"}).status_code == 404
    assert client.post(f"/navigation/{demo.pk}/report/", {"format": "pdf", "branch": "999"}).status_code == 404
    page = client.post("/navigation/search/report/", {"format": "pdf", "q": "TI=(挖掘机"}, follow=True)
    assert "检索式有误" in page.content.decode()
    assert Job.objects.count() == before


def test_the_job_page_shows_the_step_in_the_users_language():
    job = Job(message="绘制图表 3/9")
    assert job.message_label == "绘制图表 3/9"
    with translation.override("en"):
        assert job.message_label == "Drawing charts 3/9"
        assert Job(message="汇总数据").message_label == "Gathering data"
        assert Job(message="某个未知的消息").message_label == "某个未知的消息"


def test_an_indicator_report_is_a_job_too(client, office, monkeypatch):
    from zhichan.indicators.models import Report

    response = client.post("/indicators/reports/?city=320300", {"city": "320300", "period": "2024Q4"})
    job = Job.objects.get(kind="indicators.report")
    assert response["Location"] == f"/jobs/{job.pk}/" and not Report.objects.exists()
    assert AuditLog.objects.filter(action="indicators.report_queue", actor=office).exists()
    job, steps = run(job, monkeypatch)
    assert job.status == Job.Status.DONE, job.error
    assert [message for *_, message in steps][-3:] == ["汇总数据", "写入 Word", "写入 Excel"]
    report = Report.objects.get()
    assert [d["url"] for d in job.result["downloads"]] == [f"/indicators/reports/{report.pk}.docx",
                                                           f"/indicators/reports/{report.pk}.xlsx"]
    for d in job.result["downloads"]:
        assert client.get(d["url"]).status_code == 200
    assert AuditLog.objects.filter(action="indicators.report_generate", actor=office).exists()
