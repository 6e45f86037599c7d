"""Writes of the navigation app: every one checked and audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext

from zhichan.core import audit
from zhichan.core.models import Job
from zhichan.core.permissions import require
from zhichan.navigation import scope
from zhichan.navigation.models import ApplicantAlias, Branch, ThematicDatabase, Version
from zhichan.patents import names
from zhichan.patents.models import Application
from zhichan.patents.numbers import application_keys
from zhichan.search.engine import backend
from zhichan.search.lookup import LOOKUP
from zhichan.search.query.parser import parse

MAX_RECORDS = 5_000_000


def _require(actor: Any) -> None:
    """Users need navigation.manage; the system itself (actor None: the CLI, jobs) may act."""
    if actor is not None:
        require(actor, "navigation.manage")


@transaction.atomic
def do_create_database(actor: Any, name: str, queries: list[str], ipc_codes: list[str] | None = None,
                       sei_codes: list[str] | None = None, region: Any = None) -> ThematicDatabase:
    _require(actor)
    query = scope.scope_query(queries, ipc_codes or [], sei_codes or [])
    if query:
        parse(query)  # a malformed scope is refused with its QueryError
    db = ThematicDatabase.objects.create(name=name, queries=queries, ipc_codes=ipc_codes or [],
                                         sei_codes=sei_codes or [], region=region,
                                         created_by=actor if getattr(actor, "pk", None) else None)
    audit.record(actor, "navigation.create", db, summary=f"新建专题数据库 {name}", changes={"scope": query})
    return db


@transaction.atomic
def do_add_branch(actor: Any, db: ThematicDatabase, name: str, query: str, parent: Branch | None = None) -> Branch:
    _require(actor)
    parse(query)
    branch = Branch.objects.create(database=db, name=name, query=query, parent=parent,
                                   order=db.branches.count())
    audit.record(actor, "navigation.branch", branch, summary=f"{db.name} › {name}", changes={"query": query})
    return branch


def _ids(query: str) -> list[int]:
    return backend().all_ids(parse(query), LOOKUP, MAX_RECORDS) if query else []


def _dedupe(ids: list[int]) -> list[int]:
    rows = Application.objects.filter(pk__in=ids).values_list("pk", "data__family_id", "filing_date")
    return scope.one_per_family((pk, family or "", str(filing or "")) for pk, family, filing in rows)


def do_refresh(actor: Any, db: ThematicDatabase) -> Version:
    """Run the scope and every branch again; the result is a new version with what came in and what left."""
    _require(actor)
    query = scope.scope_query(db.queries, db.ipc_codes, db.sei_codes)
    keys = dict(Application.objects.filter(key__in=db.additions + db.exclusions).values_list("key", "pk"))
    found = set(_ids(query)) | {keys[k] for k in db.additions if k in keys}
    found -= {keys[k] for k in db.exclusions if k in keys}
    members = _dedupe(sorted(found))
    member_set = set(members)
    branches = list(db.branches.all())
    branch_members = {str(b.pk): sorted(set(_ids(b.query)) & member_set) for b in branches}
    with transaction.atomic():
        last = db.versions.order_by("-number").first()
        added, removed = scope.diff(last.members if last else [], members)
        version = Version.objects.create(
            database=db, number=(last.number + 1) if last else 1, members=members, branch_members=branch_members,
            added=added, removed=removed, created_by=actor if getattr(actor, "pk", None) else None,
            definition={"scope": query, "additions": db.additions, "exclusions": db.exclusions,
                        "branches": {str(b.pk): {"name": b.name, "query": b.query, "parent": b.parent_id}
                                     for b in branches}})
        audit.record(actor, "navigation.refresh", version,
                     summary=f"{db.name} 第 {version.number} 版：{len(members)} 件（新增 {len(added)}，移出 {len(removed)}）")
    return version


@transaction.atomic
def do_update_scope(actor: Any, db: ThematicDatabase, queries: list[str], ipc_codes: list[str], sei_codes: list[str],
                    additions: list[str], exclusions: list[str]) -> ThematicDatabase:
    """Change the scope and the manual additions and exclusions (application numbers); the next refresh uses them."""
    _require(actor)
    query = scope.scope_query(queries, ipc_codes, sei_codes)
    if query:
        parse(query)
    added, bad_added = application_keys("\n".join(additions))
    excluded, bad_excluded = application_keys("\n".join(exclusions))
    if bad_added or bad_excluded:  # refused whole: a number that can never match would be lost silently
        raise ValueError(gettext("无法识别的申请号：%(numbers)s") % {"numbers": ", ".join(bad_added + bad_excluded)})
    before = {"queries": db.queries, "ipc_codes": db.ipc_codes, "sei_codes": db.sei_codes,
              "additions": db.additions, "exclusions": db.exclusions}
    db.queries, db.ipc_codes, db.sei_codes = queries, ipc_codes, sei_codes
    db.additions, db.exclusions = added, excluded
    db.save()
    audit.record(actor, "navigation.scope", db, summary=f"修改专题数据库 {db.name} 的范围",
                 changes={"before": before, "scope": query, "additions": db.additions, "exclusions": db.exclusions})
    return db


@transaction.atomic
def do_set_alias(actor: Any, name: str, group: str) -> ApplicantAlias:
    """Count an applicant (e.g. a subsidiary) under a group name in every analysis."""
    _require(actor)
    name, group = names.normalize(name), names.normalize(group)
    if not name or not group or name == group:
        raise ValueError(gettext("申请人和归并名称都不能为空，且不能相同"))
    alias, _ = ApplicantAlias.objects.update_or_create(name=name, defaults={"group": group})
    audit.record(actor, "navigation.alias", alias, summary=f"{name} 归并为 {group}", changes={"group": group})
    return alias


@transaction.atomic
def do_delete_alias(actor: Any, alias: ApplicantAlias) -> None:
    _require(actor)
    audit.record(actor, "navigation.alias_delete", alias, summary=f"取消归并 {alias.name} → {alias.group}")
    alias.delete()


@transaction.atomic
def do_queue_report(actor: Any, fmt: str, version: Version | None = None, branch: str = "", query: str = "",
                    home: str = "") -> Job:
    """A navigation report (DOCX, XLSX or PDF) of a version, one branch of it, or a search result, written by a
    background job whose page shows its progress and then offers the file (navigation/jobs.py). Anyone who may see
    the navigation pages may ask for one."""
    from zhichan.core import jobs
    from zhichan.navigation import report

    require(actor, "navigation.view")
    if fmt not in report.FORMATS:
        raise ValueError(fmt)
    if version is not None:
        if branch and branch not in version.branch_members:
            raise KeyError(branch)
        name = report.file_stem(version, branch)
        params: dict[str, Any] = {"version": version.pk, "branch": branch, "format": fmt, "name": name}
    else:
        parse(query)  # a malformed query is refused with its QueryError
        name = "检索结果-专利导航报告"
        params = {"query": query, "home": home, "format": fmt, "name": name}
    job = jobs.create("navigation.report", gettext("生成报告：%(file)s") % {"file": f"{name}.{fmt}"}, actor, params)
    audit.record(actor, "navigation.report", job, summary=f"生成专利导航报告 {name}.{fmt}", changes=params)
    jobs.enqueue_on_commit(job)
    return job
