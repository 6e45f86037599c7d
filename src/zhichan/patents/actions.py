"""Writes to patent data: every one goes through a do_* action (permission, audit)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.utils import timezone

from zhichan import conf
from zhichan.core import audit
from zhichan.core.permissions import require
from zhichan.patents.ingest.detect import open_file
from zhichan.patents.ingest.errors import FileError
from zhichan.patents.ingest.loader import Counts, Loader
from zhichan.patents.models import ImportFile, ImportRun

# progress(file_index, file_count, done, total, message)
ImportProgress = Callable[[int, int, int, int, str], None]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def do_import_patents(actor: Any, paths: list[Path], fmt: str = "auto", origin: str = "cli",
                      progress: ImportProgress | None = None, display_names: list[str] | None = None) -> ImportRun:
    """Import files. `actor` None means the operator at the command line. Each batch of applications is its own
    transaction (a long import must not hold the database), so an interrupted import keeps whole batches only
    and a rerun completes it without duplicating anything."""
    if actor is not None:
        require(actor, "patents.import")
    run = ImportRun.objects.create(user=actor if actor is not None and actor.pk else None, origin=origin)
    total = Counts()
    for index, path in enumerate(paths):
        name = display_names[index] if display_names else path.name
        counts = _import_one(run, path, name, fmt, index, len(paths), progress)
        total.add(counts)
    run.counts = total.as_dict()
    run.finished_at = timezone.now()
    run.save(update_fields=["counts", "finished_at"])
    audit.record(actor, "patents.import", run, summary=f"导入 {len(paths)} 个文件: {total.as_dict()}",
                 changes={"files": [f.name for f in run.files.all()], "counts": total.as_dict()})
    return run


def _import_one(run: ImportRun, path: Path, name: str, fmt: str, index: int, count: int,
                progress: ImportProgress | None) -> Counts:
    import_file = ImportFile.objects.create(run=run, name=name, sha256=sha256_of(path) if path.exists() else "",
                                            format=fmt)
    loader = Loader(import_file, batch_size=int(conf.value("ZHICHAN_IMPORT_BATCH")),  # type: ignore[arg-type]
                    sei_match=str(conf.value("ZHICHAN_SEI_MATCH")))
    try:
        opened = open_file(path, fmt)
        import_file.format = opened.format
        import_file.save(update_fields=["format"])
        if progress:
            progress(index, count, 0, 0, f"读取 {name}")
        pending = loader.collect(opened.results)
        loader.store(pending, (lambda done, total: progress(index, count, done, total, name)) if progress else None)
    except FileError as exc:
        import_file.status, import_file.error = "failed", exc.reason
        import_file.counts = loader.counts.as_dict()
        import_file.save(update_fields=["status", "error", "counts"])
        return loader.counts
    import_file.status = "done"
    import_file.counts = loader.counts.as_dict()
    import_file.save(update_fields=["status", "counts"])
    return loader.counts
