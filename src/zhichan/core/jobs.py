"""Background jobs: create one, run it (in a Huey worker or inline), report progress.

A job kind maps to a handler `handler(job, progress)`; the handler returns the result dict. Apps register their
handlers when they are ready (see each app's `apps.py`), so core knows no app. Progress is
written to the Job row so that the web page and the CLI can show it.

A running job records the process running it (`result["worker"]`, host:pid:start), so that a worker starting
later can tell a job whose process died (killed, host restarted) from one still running: see core/recovery.py.
Handlers must be safe to run again from the start (imports are idempotent), since that is how an interrupted job
is resumed. An app may register `on_interrupt(kind)` to tidy its own records when a job of its kind is found
interrupted.
"""

from __future__ import annotations

import os
import socket
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhichan.core.models import Job

Progress = Callable[[int, int, str], None]
Handler = Callable[[Job, Progress], dict]

_HANDLERS: dict[str, Handler] = {}
_ON_INTERRUPT: dict[str, Callable[[Job], None]] = {}


def handler(kind: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        _HANDLERS[kind] = fn
        return fn

    return register


def on_interrupt(kind: str) -> Callable[[Callable[[Job], None]], Callable[[Job], None]]:
    """Register `fn(job)`, called inside do_interrupt_job's transaction when a job of `kind` is found interrupted."""

    def register(fn: Callable[[Job], None]) -> Callable[[Job], None]:
        _ON_INTERRUPT[kind] = fn
        return fn

    return register


def interrupt_hook(kind: str) -> Callable[[Job], None] | None:
    return _ON_INTERRUPT.get(kind)


def process_started(pid: int) -> str:
    """When process `pid` started (clock ticks since boot, from /proc), so that a reused pid is not taken for the
    process that died; empty where /proc is not available."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text("ascii", errors="replace")
    except OSError:
        return ""
    fields = stat.rsplit(")", 1)[-1].split()
    return fields[19] if len(fields) > 19 else ""


def worker_identity(pid: int | None = None) -> str:
    pid = os.getpid() if pid is None else pid
    return f"{socket.gethostname()}:{pid}:{process_started(pid)}"


def note(job: Job, **values: Any) -> None:
    """Add values to a running job's result (e.g. the import run it is writing), for recovery to find."""
    current = Job.objects.filter(pk=job.pk).values_list("result", flat=True).first() or {}
    Job.objects.filter(pk=job.pk).update(result={**current, **values})


def create(kind: str, title: str, user: Any = None, params: dict | None = None) -> Job:
    return Job.objects.create(kind=kind, title=title, created_by=user if user and user.pk else None,
                              params=params or {})


def enqueue(job: Job) -> None:
    """Queue the job now. Callers use `enqueue_on_commit`; this is what it runs once the transaction commits."""
    from zhichan.core.tasks import run_job_task

    run_job_task(job.pk)


def enqueue_on_commit(job: Job) -> None:
    """Queue the job when the current transaction commits (at once outside a transaction). A rolled-back
    transaction queues nothing, so a worker never picks up a job whose row was never written, and a job is never
    run before the rows it reads are visible to the worker's connection."""
    transaction.on_commit(lambda: enqueue(job))  # `enqueue` looked up when run: tests may replace it


def _progress_writer(job: Job) -> Progress:
    def progress(done: int, total: int, message: str = "") -> None:
        Job.objects.filter(pk=job.pk).update(done=done, total=total, message=message[:300])

    return progress


def run(job_id: int) -> Job:
    job = Job.objects.get(pk=job_id)
    fn = _HANDLERS.get(job.kind)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, started_at=timezone.now(), finished_at=None,
                                         result={"worker": worker_identity()}, error="")
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
