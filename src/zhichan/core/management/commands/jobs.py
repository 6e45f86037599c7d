"""zhichan jobs list | recover | resume ID — background jobs: what ran, which were interrupted, run one again."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from zhichan.core import jobs, recovery
from zhichan.core.actions import JobNotResumable, do_resume_job
from zhichan.core.models import Job


class Command(BaseCommand):
    help = ("后台任务 Background jobs: list them, mark those whose worker died as interrupted (recover; the worker "
            "does this when it starts), or resume an interrupted one.")

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        listing = sub.add_parser("list", help="recent jobs")
        listing.add_argument("--limit", type=int, default=20)
        listing.add_argument("--json", action="store_true")
        recover = sub.add_parser("recover", help="mark jobs whose worker died as interrupted")
        recover.add_argument("--all-hosts", action="store_true",
                             help="also jobs running on other hosts (with Redis, once such a host is gone)")
        resume = sub.add_parser("resume", help="run an interrupted job again (idempotent)")
        resume.add_argument("job_id", type=int)
        resume.add_argument("--here", action="store_true", help="run it in this process instead of the worker")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _list(self, options: dict[str, Any]) -> None:
        rows = [{"id": j.pk, "kind": j.kind, "title": j.title, "status": "interrupted" if j.interrupted else j.status,
                 "label": j.status_label, "created_at": j.created_at.isoformat(), "message": j.message}
                for j in Job.objects.all()[:options["limit"]]]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        for row in rows:
            self.stdout.write(f"{row['id']:>6}  {row['label']:<4} {row['kind']:<20} {row['title'][:50]}  {row['message'][:60]}")

    def _recover(self, options: dict[str, Any]) -> None:
        found = recovery.recover(all_hosts=options["all_hosts"])
        for job in found:
            self.stdout.write(f"中断 interrupted: {job.pk} {job.title} — {job.message}")
        self.stdout.write(f"{len(found)} 个任务标记为中断 jobs marked interrupted")

    def _resume(self, options: dict[str, Any]) -> None:
        job = Job.objects.filter(pk=options["job_id"]).first()
        if job is None:
            raise CommandError(f"没有任务 no job {options['job_id']}")
        try:
            job = do_resume_job(None, job, enqueue=not options["here"])
        except JobNotResumable as exc:
            raise CommandError(str(exc)) from exc
        if options["here"]:
            job = jobs.run(job.pk)
            self.stdout.write(json.dumps({"id": job.pk, "status": job.status, "result": job.result},
                                         ensure_ascii=False))
        else:
            self.stdout.write(f"任务 {job.pk} 已重新排队 queued again; the worker runs it")
