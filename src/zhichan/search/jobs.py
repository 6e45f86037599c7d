"""Background jobs of the search app: result-set export, index drain and rebuild."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from zhichan import conf
from zhichan.core.jobs import Progress, handler
from zhichan.core.models import Job
from zhichan.search import export, sync
from zhichan.search.engine import backend
from zhichan.search.lookup import LOOKUP
from zhichan.search.query.parser import parse


def export_path(job: Job) -> str:
    return str(conf.home() / "exports" / f"search-{job.pk}.{job.params['format']}")


@handler("search.export")
def run_export(job: Job, progress: Progress) -> dict:
    from pathlib import Path

    limit = int(conf.value("ZHICHAN_EXPORT_LIMIT"))  # type: ignore[call-overload]
    progress(0, 0, gettext_noop("检索中"))
    ids = backend().all_ids(parse(job.params["query"]), LOOKUP, limit)
    path = Path(export_path(job))
    path.parent.mkdir(parents=True, exist_ok=True)
    count = export.write(path, job.params["format"], ids, lambda done, total: progress(done, total, gettext_noop("导出中")))
    return {"count": count, "format": job.params["format"], "limited": len(ids) >= limit}


@handler("search.rebuild")
def run_rebuild(job: Job, progress: Progress) -> dict:
    return sync.rebuild(lambda done, total: progress(done, total, gettext_noop("重建索引")))
