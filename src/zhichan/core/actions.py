"""Writes to users, organisations and jobs, through actions (permission, transaction, audit)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone

from zhichan.core import audit, jobs
from zhichan.core.models import Job, Organization, User
from zhichan.core.permissions import require


def require_may_grant(actor: Any, role: str, is_superuser: bool = False) -> None:
    """Office account managers create and change accounts of every role but 系统管理员, which only an
    administrator (users.manage) may give. `actor` None is the operator at the command line."""
    if actor is None:
        return
    require(actor, "accounts.manage")
    if role == User.Role.ADMIN or is_superuser:
        require(actor, "users.manage")


@transaction.atomic
def do_create_user(actor: Any, username: str, password: str, role: str = User.Role.PUBLIC,
                   organization: Organization | None = None, is_superuser: bool = False, email: str = "",
                   name: str = "", is_org_admin: bool = False) -> User:
    """`actor` None is the operator at the command line. A password the validators refuse raises
    django.core.exceptions.ValidationError with their messages, and nothing is stored. `name` is the person's
    name (kept in first_name)."""
    require_may_grant(actor, role, is_superuser)
    validate_password(password, User(username=username, role=role, email=email, first_name=name))
    user = User.objects.create_user(username=username, password=password, role=role, organization=organization,
                                    is_superuser=is_superuser, is_staff=is_superuser, email=email,
                                    first_name=name, is_org_admin=is_org_admin)
    org = f"，{organization.name}" if organization is not None else ""
    audit.record(actor, "users.create", user, summary=f"创建用户 {username}（{user.get_role_display()}{org}）",
                 changes={"role": role, "organization": organization.pk if organization else None})
    return user


@transaction.atomic
def do_set_password(actor: Any, user: User, password: str, via: str = "change") -> User:
    """Set `user`'s password: by the user (`via` "change"; "reset" when the reset link proved who they are), by an
    administrator, or by the operator at the command line (`actor` None). Validated; a reset also unlocks the
    account, since the owner of its e-mail address has just proved themselves."""
    if actor is not None and actor.pk != user.pk:
        require(actor, "users.manage")
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    if via == "reset":
        _reset_lockout(user.get_username())
    audit.record(actor, "users.password", user, summary=f"{'重置' if via == 'reset' else '修改'}密码 {user.username}",
                 changes={"via": via})
    return user


@transaction.atomic
def do_unlock_user(actor: Any, username: str) -> int:
    """Lift a login lockout (django-axes) from `username`; returns how many failure records were cleared."""
    if actor is not None:
        require(actor, "users.unlock")
    cleared = _reset_lockout(username)
    target = User.objects.filter(username=username).first()
    audit.record(actor, "users.unlock", target, summary=f"解锁账号 {username}", changes={"cleared": cleared})
    return cleared


def _reset_lockout(username: str) -> int:
    from axes.utils import reset

    return reset(username=username)


class JobNotResumable(ValueError):
    pass


@transaction.atomic
def do_interrupt_job(actor: Any, job: Job, reason: str) -> bool:
    """Mark `job` (running or queued, its worker gone: see core/recovery.py) interrupted. False when it changed
    state meanwhile (finished, or picked up by a worker), in which case nothing is written."""
    if actor is not None:
        require(actor, "jobs.view_all")
    result = {**(job.result or {}), "interrupted": True, "reason": reason, "was": job.status,
              "at": timezone.now().isoformat()}
    changed = Job.objects.filter(pk=job.pk, status=job.status, started_at=job.started_at).update(
        status=Job.Status.FAILED, result=result, message=f"中断：{reason}"[:300], error=reason,
        finished_at=timezone.now())
    if not changed:
        return False
    job.refresh_from_db()
    hook = jobs.interrupt_hook(job.kind)
    if hook is not None:
        hook(job)
    audit.record(actor, "jobs.interrupt", job, summary=f"任务中断 {job.title}：{reason}", changes={"was": result["was"]})
    return True


@transaction.atomic
def do_resume_job(actor: Any, job: Job, enqueue: bool = True) -> Job:
    """Run an interrupted job again from the start (its handler is idempotent: an import keeps what it stored and
    adds the rest). Its owner may resume it, and whoever may see every job. Queued once the transaction commits;
    `enqueue` False leaves it queued for the caller to run here (`zhichan jobs resume --here`)."""
    if actor is not None and job.created_by_id != actor.pk:
        require(actor, "jobs.view_all")
    job.refresh_from_db()
    if not job.interrupted:
        raise JobNotResumable(f"任务 {job.pk} 没有中断，不能继续（状态：{job.status_label}）")
    Job.objects.filter(pk=job.pk).update(status=Job.Status.QUEUED, started_at=None, finished_at=None, done=0,
                                         total=0, message="继续执行：已重新排队", error="", result={})
    audit.record(actor, "jobs.resume", job, summary=f"继续执行中断的任务 {job.title}",
                 changes={"reason": job.result.get("reason", "")})
    if enqueue:
        jobs.enqueue_on_commit(job)
    job.refresh_from_db()
    return job


def do_backup(actor: Any, target: Path, say: Any = None) -> dict:
    """Back up this home into `target` (core/backup.py). The operator at the command line only (`actor` None) or
    an administrator. The audit record is written after the snapshot, so it is not in the backup."""
    from zhichan.core import backup

    if actor is not None:
        require(actor, "users.manage")
    manifest = backup.backup(target, say or (lambda message: None))
    audit.record(actor, "system.backup", summary=f"备份到 {target}",
                 changes={"tables": len(manifest["database"]["tables"]), "files": len(manifest["files"])})
    return manifest


def do_restore(actor: Any, source: Path, force: bool = False, say: Any = None) -> dict:
    """Replace this home's database and files by the backup in `source` (core/backup.py); not one transaction:
    the database itself is replaced. The audit record goes into the restored database."""
    from zhichan.core import backup

    if actor is not None:
        require(actor, "users.manage")
    report = backup.restore(source, force, say or (lambda message: None))
    audit.record(actor, "system.restore", summary=f"从 {source} 恢复", changes=report)
    return report
