"""Writes to patent data: every one goes through a do_* action (permission, audit)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.utils import timezone

from zhichan import conf
from zhichan.core import audit, jobs
from zhichan.core.permissions import require
from zhichan.patents import places, signals
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
                      progress: ImportProgress | None = None, display_names: list[str] | None = None,
                      status_date: dt.date | None = None,
                      on_run: Callable[[ImportRun], None] | None = None) -> ImportRun:
    """Import files. `actor` None means the operator at the command line. Each batch of applications is its own
    transaction (a long import must not hold the database), so an interrupted import keeps whole batches only
    and a rerun completes it without duplicating anything. `status_date`: the day the files' status words
    describe; by default a date in the file or folder name, else the latest date in the file."""
    if actor is not None:
        require(actor, "patents.import")
    mark_dead_imports()
    run = ImportRun.objects.create(user=actor if actor is not None and actor.pk else None, origin=origin,
                                   worker=jobs.worker_identity())
    if on_run is not None:  # a background job records its run, so that recovery can mark it if the worker dies
        on_run(run)
    total = Counts()
    for index, path in enumerate(paths):
        name = display_names[index] if display_names else path.name
        counts = _import_one(run, path, name, fmt, index, len(paths), progress, status_date)
        total.add(counts)
    run.counts = total.as_dict()
    run.finished_at = timezone.now()
    run.save(update_fields=["counts", "finished_at"])
    audit.record(actor, "patents.import", run, summary=f"导入 {len(paths)} 个文件: {total.as_dict()}",
                 changes={"files": [f.name for f in run.files.all()], "counts": total.as_dict()})
    signals.patents_stored.send(sender=ImportRun, run=run)
    return run


DEAD_IMPORT = ("导入中断：执行导入的进程已停止。重新导入同一文件即可补全，已保存的记录不会重复。"
               " Interrupted: the importing process stopped; import the same file again to complete it.")


def mark_dead_imports() -> int:
    """Files still `running` whose importing process (on this host) no longer exists: a killed `zhichan import`
    or web worker. They are marked failed with the reason, so the import page stops showing them as running.
    Called before every import and when a worker starts."""
    import socket

    from zhichan.core.recovery import process_alive

    host, dead = socket.gethostname(), []
    for file in ImportFile.objects.filter(status="running").select_related("run"):
        name, _, rest = file.run.worker.partition(":")
        pid, _, started = rest.partition(":")
        if name == host and pid.isdigit() and not process_alive(int(pid), started):
            dead.append(file.pk)
    return ImportFile.objects.filter(pk__in=dead, status="running").update(status="failed", error=DEAD_IMPORT)


def _import_one(run: ImportRun, path: Path, name: str, fmt: str, index: int, count: int,
                progress: ImportProgress | None, status_date: dt.date | None = None) -> Counts:
    import_file = ImportFile.objects.create(run=run, name=name, sha256=sha256_of(path) if path.exists() else "",
                                            format=fmt.split(":", 1)[0])
    loader = Loader(import_file, batch_size=int(conf.value("ZHICHAN_IMPORT_BATCH")),  # type: ignore[arg-type]
                    sei_match=str(conf.value("ZHICHAN_SEI_MATCH")), status_date=status_date,
                    names=[name, *(p.name for p in list(path.resolve().parents)[:2])] if name == path.name
                    else [name])
    try:
        opened = open_file(path, fmt)
        import_file.format = opened.format
        import_file.save(update_fields=["format"])
        if progress:
            progress(index, count, 0, 0, f"读取 {name}")
        pending = loader.collect(opened.results)
        loader.store(pending, (lambda done, total: progress(index, count, done, total, name)) if progress else None)
        places.teach(loader.resolver)
    except FileError as exc:
        import_file.status, import_file.error = "failed", exc.reason
        import_file.counts = loader.counts.as_dict()
        import_file.save(update_fields=["status", "error", "counts"])
        return loader.counts
    import_file.status = "done"
    import_file.counts = loader.counts.as_dict()
    import_file.save(update_fields=["status", "counts"])
    return loader.counts


def do_queue_import(actor: Any, paths: list[Path], names: list[str], fmt: str = "auto",
                    status_date: dt.date | None = None) -> Any:
    """Files uploaded on the import page, read by a background job ("import") whose page shows the progress and then
    each file's counts and rejected rows."""
    from django.utils.translation import gettext

    require(actor, "patents.import")
    job = jobs.create("import", gettext("导入 %(files)s") % {"files": ", ".join(names)}, actor,
                      {"paths": [str(p) for p in paths], "names": names, "format": fmt,
                       "status_date": status_date.isoformat() if status_date else None})
    audit.record(actor, "patents.import_queue", job, summary=f"导入 {', '.join(names)}（后台任务）",
                 changes={"files": names, "format": fmt})
    jobs.enqueue_on_commit(job)
    return job


def do_load_refdata(actor: Any, root: Path, progress: Callable[[str], None] | None = None) -> dict[str, int]:
    """Load IPC titles (Chinese, English) and the SEI concordance found under `root`, then reclassify every
    application's SEI industries."""
    from django.db import transaction

    from zhichan.core.bulk import insert_rows
    from zhichan.patents import refdata
    from zhichan.patents.ingest.loader import make_classifier
    from zhichan.patents.models import Application, IpcTitle, PatentFact, SeiCategory, SeiIpc

    if actor is not None:
        require(actor, "refdata.load")
    say = progress or (lambda message: None)
    say("读取中文 IPC 分类表 reading Chinese IPC titles")
    zh = refdata.chinese_titles(root)
    say("读取英文 IPC 分类表 reading English IPC titles")
    en = refdata.english_titles(root)
    sei_names, sei_pairs = refdata.sei_categories(root)
    with transaction.atomic():
        if zh or en:
            IpcTitle.objects.all().delete()
            insert_rows(IpcTitle, ["code", "title_zh", "title_en"],
                        [(code, zh.get(code, ""), en.get(code, "")) for code in sorted(set(zh) | set(en))])
        if sei_names:
            SeiIpc.objects.all().delete()
            SeiCategory.objects.all().delete()
            insert_rows(SeiCategory, ["code", "name"], sorted(sei_names.items()))
            insert_rows(SeiIpc, ["ipc_code", "sei"], sei_pairs)
    say("重新计算战略性新兴产业分类 reclassifying SEI industries")
    classifier = make_classifier(str(conf.value("ZHICHAN_SEI_MATCH")))
    reclassified = 0
    if classifier is not None:
        batch, fact_batch = [], []
        for app in Application.objects.only("pk", "main_ipc", "data").iterator(chunk_size=2000):
            codes = app.data.get("ipc", [])
            batch.append(Application(pk=app.pk, sei_codes=classifier.classify(app.main_ipc, codes)))
            sei_main, sei_any = classifier.flags(app.main_ipc, codes)
            fact_batch.append(PatentFact(application_id=app.pk, sei_main=sei_main, sei_any=sei_any))
            if len(batch) >= 2000:
                _save_classes(batch, fact_batch)
                reclassified += len(batch)
                batch, fact_batch = [], []
        _save_classes(batch, fact_batch)
        reclassified += len(batch)
    counts = {"ipc_zh": len(zh), "ipc_en": len(en), "sei_categories": len(sei_names), "sei_ipc": len(sei_pairs),
              "applications_reclassified": reclassified}
    audit.record(actor, "refdata.load", summary=f"参考数据 {root}", changes=counts)
    return counts


def do_load_demo(actor: Any, size: int, city: str, seed: int = 2026,
                 progress: Callable[[int, int], None] | None = None) -> ImportRun:
    """Generate the demo corpus for `city` and store it through the import loader, in chunks."""
    from zhichan.core.models import Region
    from zhichan.patents.demo import DemoCorpus, Place
    from zhichan.patents.models import IpcTitle

    if actor is not None:
        require(actor, "patents.import")
    city_region = Region.objects.filter(name=city, level=2).select_related("parent").first()
    if city_region is None:
        raise ValueError(f"未知城市 unknown city {city!r} (a prefecture-level city name such as 徐州市)")
    districts = list(city_region.children.values_list("code", "name")) or [(city_region.code, "")]
    province = city_region.parent.name if city_region.parent else ""
    codes = sorted(IpcTitle.objects.filter(code__contains="/").exclude(title_zh="").values_list("code", flat=True))
    corpus = DemoCorpus(Place(province, city, districts), codes[::37], seed)
    run = ImportRun.objects.create(origin="demo", user=actor if actor is not None and actor.pk else None)
    import_file = ImportFile.objects.create(run=run, name=f"demo:{city}:{size}:{seed}", format="demo",
                                            sha256=hashlib.sha256(f"demo:{city}:{size}:{seed}".encode()).hexdigest())
    loader = Loader(import_file, batch_size=1000, sei_match=str(conf.value("ZHICHAN_SEI_MATCH")))
    chunk: list = []
    done = 0
    for record in corpus.records(size):
        chunk.append(record)
        if len(chunk) >= 5000:
            done += _store_demo_chunk(loader, chunk)
            chunk = []
            if progress:
                progress(done, size)
    done += _store_demo_chunk(loader, chunk)
    places.teach(loader.resolver)
    if progress:
        progress(done, size)
    import_file.status, import_file.counts = "done", loader.counts.as_dict()
    import_file.save(update_fields=["status", "counts"])
    run.counts, run.finished_at = loader.counts.as_dict(), timezone.now()
    run.save(update_fields=["counts", "finished_at"])
    audit.record(actor, "patents.demo", run, summary=f"演示数据 {city} {size}", changes=run.counts)
    signals.patents_stored.send(sender=ImportRun, run=run)
    return run


def _store_demo_chunk(loader: Loader, chunk: list) -> int:
    loader.counts.read += len(chunk)
    loader.store(loader.group(chunk))
    return len(chunk)


def _save_classes(apps: list, fact_rows: list) -> None:
    from zhichan.patents.models import Application, PatentFact

    Application.objects.bulk_update(apps, ["sei_codes"])
    existing = set(PatentFact.objects.filter(pk__in=[f.application_id for f in fact_rows]).values_list("pk", flat=True))
    PatentFact.objects.bulk_update([f for f in fact_rows if f.application_id in existing], ["sei_main", "sei_any"])
