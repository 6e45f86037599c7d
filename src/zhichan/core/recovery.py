"""Finding jobs whose worker died, so that they do not show 进行中 forever.

Run when a worker starts (the Huey startup hook in core/tasks.py) and by `zhichan jobs recover`. A job is
interrupted when
- it is running in a process of this host that no longer exists (pid gone, or the pid now belongs to a process
  started later),
- it is running on another host while the job queue is this host's SQLite file (so every worker is here: the other
  name is this machine before a restart or container replacement), or on any other host with `all_hosts`,
- it is running with no process recorded (started before this was recorded),
- it has been queued for over a minute and its task is no longer in the queue (queue file lost or restored).
With Redis, a running job of another host is left to that host's worker start (or `--all-hosts` once the host is
gone for good).
"""

from __future__ import annotations

import datetime as dt
import os
import socket

from django.conf import settings
from django.utils import timezone

from zhichan.core.models import Job

QUEUE_GRACE = dt.timedelta(minutes=1)  # a job committed but not yet handed to the queue is not lost


def process_alive(pid: int, started: str) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, someone else's
        pass
    from zhichan.core.jobs import process_started

    return not started or process_started(pid) in ("", started)


def queued_job_ids() -> set[int]:
    """Job ids whose task waits in the Huey queue."""
    from huey.contrib.djhuey import HUEY

    ids = set()
    for task in HUEY.pending():
        if task.name.endswith("run_job_task") and task.args:
            ids.add(int(task.args[0]))
    return ids


def _queue_is_local() -> bool:
    return settings.HUEY.get("huey_class") == "huey.SqliteHuey"


def why_running_job_is_orphaned(job: Job, all_hosts: bool = False) -> str:
    """The reason `job` (running) has no live worker, or "" when it may still have one."""
    worker = str((job.result or {}).get("worker") or "")
    if not worker:
        return "没有记录执行该任务的工作进程（平台升级前开始的任务）"
    host, _, rest = worker.partition(":")
    pid_text, _, started = rest.partition(":")
    if host == socket.gethostname():
        if pid_text.isdigit() and process_alive(int(pid_text), started):
            return ""
        return f"执行该任务的工作进程（{host} 进程 {pid_text}）已停止"
    if all_hosts or _queue_is_local():
        return f"执行该任务的主机 {host} 上的工作进程已不在运行"
    return ""


def orphaned_jobs(all_hosts: bool = False) -> list[tuple[Job, str]]:
    found = []
    for job in Job.objects.filter(status=Job.Status.RUNNING).order_by("pk"):
        reason = why_running_job_is_orphaned(job, all_hosts)
        if reason:
            found.append((job, reason))
    waiting = list(Job.objects.filter(status=Job.Status.QUEUED, created_at__lt=timezone.now() - QUEUE_GRACE)
                   .order_by("pk"))
    if waiting:
        in_queue = queued_job_ids()
        found += [(job, "任务已不在队列中（队列被清空或从备份恢复）") for job in waiting if job.pk not in in_queue]
    return found


def recover(all_hosts: bool = False) -> list[Job]:
    """Mark every orphaned job interrupted; returns them."""
    from zhichan.core.actions import do_interrupt_job

    return [job for job, reason in orphaned_jobs(all_hosts) if do_interrupt_job(None, job, reason)]
