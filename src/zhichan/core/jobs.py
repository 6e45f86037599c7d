"""Background jobs: create one, run it (in a Huey worker or inline), report progress.

A job kind maps to a handler `handler(job, progress)`; the handler returns the result dict. Apps register their
handlers when they are ready (see each app's `apps.py`), so core knows no app. Progress is
written to the Job row so that the web page and the CLI can show it.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from typing import Any

from django.utils import timezone

from zhichan.core.models import Job

Progress = Callable[[int, int, str], None]
Handler = Callable[[Job, Progress], dict]

_HANDLERS: dict[str, Handler] = {}


def handler(kind: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        _HANDLERS[kind] = fn
        return fn

    return register


def create(kind: str, title: str, user: Any = None, params: dict | None = None) -> Job:
    return Job.objects.create(kind=kind, title=title, created_by=user if user and user.pk else None,
                              params=params or {})


def enqueue(job: Job) -> None:
    from zhichan.core.tasks import run_job_task

    run_job_task(job.pk)


def _progress_writer(job: Job) -> Progress:
    def progress(done: int, total: int, message: str = "") -> None:
        Job.objects.filter(pk=job.pk).update(done=done, total=total, message=message[:300])

    return progress


def run(job_id: int) -> Job:
    job = Job.objects.get(pk=job_id)
    fn = _HANDLERS.get(job.kind)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, started_at=timezone.now())
    try:
        if fn is None:
            raise ValueError(f"no handler for job kind {job.kind!r}")
        result = fn(job, _progress_writer(job))
        Job.objects.filter(pk=job.pk).update(status=Job.Status.DONE, result=result, finished_at=timezone.now())
    except Exception as exc:  # a job reports its failure instead of dying silently
        Job.objects.filter(pk=job.pk).update(
            status=Job.Status.FAILED, error=f"{exc}\n\n{traceback.format_exc()}"[:20000], finished_at=timezone.now(),
            message=str(exc)[:300],
        )
    job.refresh_from_db()
    return job
