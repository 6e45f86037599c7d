"""Issue 12, defect 6: a job whose worker died was shown 进行中 forever. Now a worker's start marks it interrupted
(中断) and it can be resumed; an import resumes idempotently."""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
from unittest import mock

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from tests.search.conftest import write_patents
from zhichan.core import jobs, recovery
from zhichan.core.actions import JobNotResumable, do_create_user, do_resume_job
from zhichan.core.models import AuditLog, Job
from zhichan.patents.models import Application, ImportFile

pytestmark = pytest.mark.django_db


class WorkerKilled(BaseException):
    """Stands for SIGKILL: nothing in the job runner may catch it."""


def dead_worker() -> str:
    """The identity of a process of this host that has exited."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return f"{socket.gethostname()}:{proc.pid}:1"


@pytest.fixture
def office():
    return do_create_user(None, "office1", "pw-Zhichan-2026", role="office")


@pytest.fixture
def export(tmp_path):
    return write_patents(tmp_path / "export.csv", [{"title": f"一种锂电池隔膜 {i}"} for i in range(30)])


def _killed_import(office, export, monkeypatch) -> Job:
    """An import job whose worker dies after its first batch of 10 is stored (as SIGKILL would leave it)."""
    monkeypatch.setenv("ZHICHAN_IMPORT_BATCH", "10")
    job = jobs.create("import", "导入 export.csv", office, {"paths": [str(export)], "names": ["export.csv"],
                                                          "format": "auto"})
    writer = jobs._progress_writer

    def dying_writer(job):
        write = writer(job)

        def progress(done, total, message=""):
            write(done, total, message)
            if total and 0 < done < total:
                raise WorkerKilled

        return progress

    with mock.patch.object(jobs, "_progress_writer", dying_writer), pytest.raises(WorkerKilled):
        jobs.run(job.pk)
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING and Application.objects.count() == 10
    Job.objects.filter(pk=job.pk).update(result={**job.result, "worker": dead_worker()})  # the process is gone
    return job


def test_killed_import_is_interrupted_at_worker_start_and_resumes(office, export, monkeypatch,
                                                                  django_capture_on_commit_callbacks):
    job = _killed_import(office, export, monkeypatch)
    stale_file = ImportFile.objects.get(run_id=job.result["run"])
    assert stale_file.status == "running"

    from django.utils.module_loading import autodiscover_modules
    from huey.contrib.djhuey import HUEY

    autodiscover_modules("tasks")  # as `zhichan worker` (run_huey) does
    assert "zhichan.recover_interrupted_jobs" in HUEY._startup  # what `zhichan worker` runs when it starts
    HUEY._startup["zhichan.recover_interrupted_jobs"]()

    job.refresh_from_db()
    assert job.interrupted and job.status_label == "中断" and job.finished
    assert "已停止" in job.message
    stale_file.refresh_from_db()
    assert stale_file.status == "failed" and "导入中断" in stale_file.error
    assert AuditLog.objects.filter(action="jobs.interrupt", target_id=str(job.pk)).exists()

    client = Client()
    client.force_login(office)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "中断" in page and 'id="job-resume"' in page and "继续执行" in page
    status = client.get(f"/jobs/{job.pk}/status/").json()
    assert status["interrupted"] and status["status_display"] == "中断" and status["finished"]
    assert "导入中断" in client.get("/patents/import/").content.decode()

    with mock.patch.object(jobs, "enqueue", lambda queued: jobs.run(queued.pk)), \
            django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/jobs/{job.pk}/resume/", follow=True)
    assert response.status_code == 200
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and not job.interrupted
    assert {k: job.result["counts"][k] for k in ("read", "created", "updated", "unchanged", "rejected")} == \
        {"read": 30, "created": 20, "updated": 0, "unchanged": 10, "rejected": 0}
    assert Application.objects.count() == 30
    assert AuditLog.objects.filter(action="jobs.resume", target_id=str(job.pk), actor=office).exists()


def test_a_job_whose_worker_lives_is_left_running(office):
    job = jobs.create("import", "导入", office, {"paths": []})
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, started_at=timezone.now(),
                                         result={"worker": jobs.worker_identity()})  # this very process
    assert recovery.recover() == []
    job.refresh_from_db()
    assert job.status == Job.Status.RUNNING


def test_a_reused_pid_is_not_taken_for_the_dead_worker(office):
    job = jobs.create("search.rebuild", "重建检索索引", office)
    here = jobs.worker_identity()
    if not here.split(":")[2]:
        pytest.skip("no /proc on this system")
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, started_at=timezone.now(),
                                         result={"worker": here[:here.rindex(":") + 1] + "12345"})
    assert [j.pk for j in recovery.recover()] == [job.pk]


def test_running_with_no_worker_recorded_and_lost_from_the_queue(office):
    legacy = jobs.create("search.rebuild", "重建检索索引", office)
    Job.objects.filter(pk=legacy.pk).update(status=Job.Status.RUNNING, started_at=timezone.now())
    lost = jobs.create("search.export", "导出", office, {"query": "TI=电池", "format": "csv"})
    waiting = jobs.create("search.export", "导出", office, {"query": "TI=电池", "format": "csv"})
    fresh = jobs.create("search.export", "导出", office, {"query": "TI=电池", "format": "csv"})
    Job.objects.filter(pk__in=[lost.pk, waiting.pk]).update(created_at=timezone.now() - dt.timedelta(minutes=5))
    with mock.patch.object(recovery, "queued_job_ids", return_value={waiting.pk}):
        found = recovery.recover()
    assert sorted(j.pk for j in found) == sorted([legacy.pk, lost.pk])
    for job, state in ((waiting, Job.Status.QUEUED), (fresh, Job.Status.QUEUED)):
        job.refresh_from_db()
        assert job.status == state


def test_resume_refuses_a_job_that_is_not_interrupted_and_strangers(office):
    job = jobs.create("search.rebuild", "重建检索索引", office)
    with pytest.raises(JobNotResumable):
        do_resume_job(office, job)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED, result={"interrupted": True})
    stranger = do_create_user(None, "firm1", "pw-Zhichan-2026", role="enterprise")
    client = Client()
    client.force_login(stranger)
    assert client.post(f"/jobs/{job.pk}/resume/").status_code == 403
    assert client.get(f"/jobs/{job.pk}/resume/").status_code in (403, 405)
    job.refresh_from_db()
    assert job.interrupted


def test_cli_recover_and_resume_here(office, export, monkeypatch, capsys):
    job = _killed_import(office, export, monkeypatch)
    call_command("jobs", "recover")
    assert "interrupted" in capsys.readouterr().out
    call_command("jobs", "list", "--json")
    listed = {row["id"]: row for row in json.loads(capsys.readouterr().out)}
    assert listed[job.pk]["status"] == "interrupted" and listed[job.pk]["label"] == "中断"
    call_command("jobs", "resume", str(job.pk), "--here")
    result = json.loads(capsys.readouterr().out)
    assert result["status"] == "done" and result["result"]["counts"]["unchanged"] == 10
    assert Application.objects.count() == 30


def _cli_env(home):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHICHAN_") and k != "DATABASE_URL"}
    env["ZHICHAN_HOME"] = str(home)
    return env


def test_worker_start_marks_a_dead_workers_job_interrupted(tmp_path):
    """The real thing: `zhichan worker` started on a home where a job was left running by a process now gone."""
    home = tmp_path / "home"
    env = _cli_env(home)
    subprocess.run([sys.executable, "-m", "zhichan.cli", "migrate", "-v", "0"], env=env, check=True, timeout=300)
    with sqlite3.connect(home / "zhichan.sqlite3") as db:
        db.execute("insert into core_job (kind, title, status, created_at, started_at, total, done, message, params,"
                   " result, error) values ('search.rebuild', '重建检索索引', 'running', datetime('now'),"
                   " datetime('now'), 0, 0, '', '{}', ?, '')", (json.dumps({"worker": dead_worker()}),))
    worker = subprocess.Popen([sys.executable, "-m", "zhichan.cli", "worker", "--workers", "1"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        status = "running"
        while status == "running" and time.monotonic() < deadline and worker.poll() is None:
            time.sleep(0.5)
            with sqlite3.connect(home / "zhichan.sqlite3", timeout=30) as db:
                status, result = db.execute("select status, result from core_job").fetchone()
    finally:
        worker.terminate()
        try:
            _, log = worker.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            _, log = worker.communicate()
    assert status == "failed", log[-3000:]
    assert json.loads(result)["interrupted"] is True
