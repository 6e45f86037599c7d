"""Writes of the search app, each checked and audited (search history is the user's own trail and is not)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from zhichan.core import audit, jobs
from zhichan.core.models import Job
from zhichan.core.permissions import PermissionDenied, require
from zhichan.patents.models import Application
from zhichan.search import sync
from zhichan.search.models import Alert, SavedSearch, SearchHistory, WatchedPatent
from zhichan.search.query.parser import parse

HISTORY_KEPT = 200


def do_record_search(actor: Any, query: str, total: int) -> None:
    require(actor, "search.use")
    SearchHistory.objects.create(user=actor, query=query[:2000], total=total)
    old = SearchHistory.objects.filter(user=actor).order_by("-at").values_list("pk", flat=True)[HISTORY_KEPT:]
    SearchHistory.objects.filter(pk__in=list(old)).delete()


@transaction.atomic
def do_save_search(actor: Any, name: str, query: str, watched: bool = False) -> SavedSearch:
    require(actor, "search.use")
    parse(query)  # a malformed query is refused with its QueryError
    saved = SavedSearch.objects.create(user=actor, name=name.strip()[:200] or query[:200], query=query,
                                       watched=watched)
    audit.record(actor, "search.save", saved, summary=f"保存检索 {saved.name}", changes={"query": query,
                                                                                    "watched": watched})
    return saved


def _own(actor: Any, saved: SavedSearch) -> None:
    if saved.user_id != actor.pk:
        raise PermissionDenied("search.own")


@transaction.atomic
def do_set_watch(actor: Any, saved: SavedSearch, watched: bool) -> SavedSearch:
    require(actor, "search.use")
    _own(actor, saved)
    saved.watched = watched
    saved.save(update_fields=["watched"])
    audit.record(actor, "search.watch", saved, summary=f"{'监控' if watched else '取消监控'} {saved.name}",
                 changes={"watched": watched})
    return saved


@transaction.atomic
def do_delete_search(actor: Any, saved: SavedSearch) -> None:
    require(actor, "search.use")
    _own(actor, saved)
    audit.record(actor, "search.delete", saved, summary=f"删除检索 {saved.name}", changes={"query": saved.query})
    saved.delete()


@transaction.atomic
def do_watch_patent(actor: Any, app: Application, watched: bool) -> None:
    require(actor, "patents.view")
    if watched:
        WatchedPatent.objects.get_or_create(user=actor, application=app)
    else:
        WatchedPatent.objects.filter(user=actor, application=app).delete()
    audit.record(actor, "patents.watch", app, summary=f"{'关注' if watched else '取消关注'} {app.key}",
                 changes={"watched": watched})


def do_mark_alerts_read(actor: Any, ids: list[int] | None = None) -> int:
    require(actor, "search.use")
    alerts = Alert.objects.filter(user=actor, read_at=None)
    if ids is not None:
        alerts = alerts.filter(pk__in=ids)
    return alerts.update(read_at=timezone.now())


@transaction.atomic
def do_export_search(actor: Any, query: str, fmt: str) -> Job:
    require(actor, "search.export")
    if fmt not in {"xlsx", "csv"}:
        raise ValueError(fmt)
    parse(query)
    job = jobs.create("search.export", gettext("导出检索结果 %(query)s") % {"query": query[:80]}, actor, {"query": query, "format": fmt})
    audit.record(actor, "search.export", job, summary=f"导出 {fmt}: {query[:200]}")
    jobs.enqueue_on_commit(job)
    return job


@transaction.atomic
def do_queue_index_rebuild(actor: Any) -> Job:
    """The index rebuilt by a background job (with progress on the job's page)."""
    require(actor, "search.rebuild")
    job = jobs.create("search.rebuild", gettext("重建检索索引"), actor)
    audit.record(actor, "search.rebuild", job, summary="重建检索索引（后台任务）")
    jobs.enqueue_on_commit(job)
    return job


def do_rebuild_index(actor: Any, progress: sync.Progress | None = None) -> dict[str, int]:
    """Rebuild the search index from the database now (`zhichan index rebuild`: `actor` None is the operator at the
    command line). The index is written first, outside any database transaction: one over the whole rebuild would
    hold SQLite's write lock (BEGIN IMMEDIATE) for minutes. The audit record is written after, in its own
    transaction, with what was indexed; a failed rebuild writes none and leaves the outbox for the next run."""
    if actor is not None:
        require(actor, "search.rebuild")
    result = sync.rebuild(progress)
    with transaction.atomic():
        audit.record(actor, "search.rebuild", None, summary=f"重建检索索引：{result['indexed']} 件", changes=result)
    return result
