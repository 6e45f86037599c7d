"""Background jobs of the patents app."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.utils import translation
from huey.contrib.djhuey import on_startup

from zhichan.core import jobs
from zhichan.core.jobs import Progress, handler
from zhichan.core.models import Job
from zhichan.patents.actions import do_import_patents
from zhichan.patents.models import ImportFile


@handler("import")
def run_import(job: Job, progress: Progress) -> dict:
    paths = [Path(p) for p in job.params["paths"]]

    def report(file_index: int, file_count: int, done: int, total: int, message: str) -> None:
        progress(done, total, f"({file_index + 1}/{file_count}) {message}")

    status_date = job.params.get("status_date")
    run = do_import_patents(job.created_by, paths, job.params.get("format", "auto"), origin="web",
                            progress=report, display_names=job.params.get("names"),
                            status_date=dt.date.fromisoformat(status_date) if status_date else None,
                            on_run=lambda run: jobs.note(job, run=run.pk))
    files = [{"id": f.pk, "name": f.name, "format": f.format, "status": f.status, "error": f.error,
              "counts": f.counts} for f in run.files.all()]
    return {"run": run.pk, "counts": run.counts, "files": files}


@jobs.on_interrupt("import")
def mark_import_interrupted(job: Job) -> None:
    """Inside do_interrupt_job's transaction: the files the dead worker was reading say so on the import page.
    Their whole batches are kept; resuming the job imports the files again and adds only what is missing."""
    run_id = (job.result or {}).get("run")
    if run_id:
        ImportFile.objects.filter(run_id=run_id, status="running").update(
            status="failed", error="导入中断：处理该导入的工作进程已停止；已写入的批次保留，可在任务页面“继续执行”补全。")


@on_startup("zhichan.patents.mark_dead_imports")
def mark_dead_imports_at_worker_start() -> None:
    """A killed `zhichan import` has no job behind it: its files are found by their dead process instead."""
    from django.db import close_old_connections, connection

    from zhichan.patents.actions import mark_dead_imports

    try:
        mark_dead_imports()
    finally:
        if not connection.in_atomic_block:  # the worker thread's connection, as huey's db_task closes it
            close_old_connections()


@handler("patents.directory")
def import_directory(job: Job, progress: Progress) -> dict:
    """A 企业名录 uploaded on the applicant directory page, as the user who uploaded it (permission checked again).
    Safe to run again: rows already saved as written are left alone. The uploaded file is deleted once read."""
    from django.urls import reverse

    from zhichan.patents.ingest.errors import FileError
    from zhichan.patents.places_actions import DirectoryImport, do_import_directory

    path, name = Path(job.params["path"]), job.params["name"]
    try:
        with translation.override(job.params.get("language") or "zh-hans"):  # the reasons in the asker's language
            outcome = do_import_directory(job.created_by, path, name, progress)
    except FileError as exc:  # not a directory at all: the whole file is the rejected "row"
        outcome = DirectoryImport(problems=[{"file": name, "row": "", "column": "", "value": "", "reason": exc.reason}])
    path.unlink(missing_ok=True)
    return {**outcome.as_result(), "file": name, "back": reverse("patents:places")}
