"""Writes to the applicant directory (申请人名录): an office entry, a 企业名录 spreadsheet. Each re-places the
records of the names it touches and tells the other apps (indicators recompute, the search index catches up)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language, gettext, gettext_noop

from zhichan.core import audit, jobs
from zhichan.core.jobs import Progress
from zhichan.core.models import Job, Region
from zhichan.core.permissions import require
from zhichan.patents import creditcode, names, places, signals
from zhichan.patents.models import ApplicantPlace

PERMISSION = "patents.import"  # the office staff who curate the data
READING, SAVING, PLACING = gettext_noop("读取名录"), gettext_noop("保存名录"), gettext_noop("重新定位记录")


def do_set_applicant_place(actor: Any, name: str, region: Region, credit_code: str = "",
                           address: str = "") -> tuple[ApplicantPlace, int]:
    """Enter or correct where a party is; returns the entry and how many applications were placed again."""
    require(actor, PERMISSION)
    name = name.strip()
    if not name:
        raise ValueError("请填写名称")
    if region.level == Region.Level.NATION:
        raise ValueError("请选择省、市或区县")
    code = creditcode.normalize(credit_code) if credit_code.strip() else ""
    key = names.normalize(name)
    with transaction.atomic():
        before = ApplicantPlace.objects.filter(normalized_name=key).values("region_id", "source").first()
        row, _ = ApplicantPlace.objects.update_or_create(normalized_name=key[:300], defaults={
            "name": name[:300], "region": region, "credit_code": code, "address": address.strip()[:500],
            "source": ApplicantPlace.OFFICE, "updated_by": actor if getattr(actor, "pk", None) else None})
        moved = places.replace(places.unplaced_applications([key]))
        audit.record(actor, "patents.place", row, summary=f"申请人名录 {name} → {region.full_name}",
                     changes={"before": before, "region": region.code, "credit_code": code,
                              "applications": moved})
    _announce(moved)
    return row, moved


@dataclass
class DirectoryImport:
    """What a 企业名录 did: rows saved (new, changed, already so), applications placed again, rejected rows (file,
    row, column, value, reason)."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    moved: int = 0
    problems: list[dict] = field(default_factory=list)

    @property
    def saved(self) -> int:
        return self.created + self.updated + self.unchanged

    def as_result(self, limit: int = 2000) -> dict[str, Any]:
        return {"saved": self.saved, "created": self.created, "updated": self.updated, "unchanged": self.unchanged,
                "moved": self.moved, "rejected": len(self.problems), "problems": self.problems[:limit]}


def do_queue_directory_import(actor: Any, path: Path, name: str) -> Job:
    """A 企业名录 upload, read and saved by a background job (patents.directory) whose page shows its progress and
    then the rows saved and each rejected row. The job deletes the file when it has finished."""
    require(actor, PERMISSION)
    job = jobs.create("patents.directory", gettext("导入企业名录：%(name)s") % {"name": name}, actor,
                      {"path": str(path), "name": name, "language": get_language()})  # its refusals in the asker's words
    audit.record(actor, "patents.place_import_queue", job, summary=f"导入企业名录 {name}（后台任务）",
                 changes={"file": name})
    jobs.enqueue_on_commit(job)
    return job


def do_import_directory(actor: Any, path: Path, name: str, progress: Progress | None = None) -> DirectoryImport:
    """A 企业名录 spreadsheet (名称, 统一社会信用代码, 地址 [, 地区代码]): good rows saved as office entries in one
    transaction (a row already saved as written is left alone, so importing a file again changes nothing), bad
    rows returned with row, column and reason; then the records of the names whose place changed are placed again,
    a chunk per transaction. `progress(done, total, message)` hears each step."""
    from zhichan.patents import directory_io

    require(actor, PERMISSION)
    report = progress or (lambda done, total, message: None)
    report(0, 0, READING)
    rows, problems = directory_io.read(path, name)
    result = DirectoryImport(problems=problems)
    by = actor if getattr(actor, "pk", None) else None
    report(0, len(rows), SAVING)
    with transaction.atomic():
        keys = [names.normalize(row.name)[:300] for row in rows]
        existing = {p.normalized_name: p for start in range(0, len(keys), 900)
                    for p in ApplicantPlace.objects.filter(normalized_name__in=keys[start:start + 900])}
        create, update, changed = [], [], []
        for key, row in zip(keys, rows, strict=True):
            entry = existing.get(key) or ApplicantPlace(normalized_name=key)
            wanted = (row.name[:300], row.region, row.credit_code, row.address[:500], ApplicantPlace.OFFICE)
            if entry.pk and (entry.name, entry.region_id, entry.credit_code, entry.address, entry.source) == wanted:
                result.unchanged += 1
                continue
            if not entry.pk or entry.region_id != row.region:
                changed.append(key)
            entry.name, entry.region_id, entry.credit_code, entry.address, entry.source = wanted
            entry.updated_by, entry.updated_at = by, timezone.now()  # bulk_update skips auto_now
            (update if entry.pk else create).append(entry)
        ApplicantPlace.objects.bulk_create(create, batch_size=1000)
        ApplicantPlace.objects.bulk_update(update, ["name", "region", "credit_code", "address", "source",
                                                    "updated_by", "updated_at"], batch_size=1000)
        result.created, result.updated = len(create), len(update)
        audit.record(actor, "patents.place_import", None, summary=f"导入企业名录 {name}: {len(rows)} 行",
                     changes={"file": name, "created": result.created, "updated": result.updated,
                              "unchanged": result.unchanged, "rejected": len(problems)})
    ids = places.unplaced_applications(changed) if changed else []
    report(0, len(ids), PLACING)
    result.moved = places.replace(ids, progress=lambda done: report(done, len(ids), f"{PLACING} {done}/{len(ids)}"))
    if result.moved:
        audit.record(actor, "patents.place_import_moved", None, summary=f"企业名录 {name}: {result.moved} 件记录重新定位",
                     changes={"file": name, "applications": result.moved})
    _announce(result.moved)
    report(len(ids), len(ids), "")
    return result


def _announce(moved: int) -> None:
    if moved:
        transaction.on_commit(lambda: signals.places_changed.send(sender=ApplicantPlace, applications=moved))
