"""Writes to the applicant directory (申请人名录): an office entry, a 企业名录 spreadsheet. Each re-places the
records of the names it touches and tells the other apps (indicators recompute, the search index catches up)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from zhichan.core import audit
from zhichan.core.models import Region
from zhichan.core.permissions import require
from zhichan.patents import creditcode, names, places, signals
from zhichan.patents.models import ApplicantPlace

PERMISSION = "patents.import"  # the office staff who curate the data


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


def do_import_directory(actor: Any, path: Path, name: str) -> tuple[int, int, list[dict]]:
    """A 企业名录 spreadsheet (名称, 统一社会信用代码, 地址 [, 地区代码]): good rows saved as office entries in one
    transaction, bad rows returned with row, column and reason. Returns (saved, applications placed, problems)."""
    from zhichan.patents import directory_io

    require(actor, PERMISSION)
    rows, problems = directory_io.read(path, name)
    by = actor if getattr(actor, "pk", None) else None
    with transaction.atomic():
        keys = [names.normalize(row.name)[:300] for row in rows]
        existing = {p.normalized_name: p for start in range(0, len(keys), 900)
                    for p in ApplicantPlace.objects.filter(normalized_name__in=keys[start:start + 900])}
        create, update = [], []
        for key, row in zip(keys, rows, strict=True):
            entry = existing.get(key) or ApplicantPlace(normalized_name=key)
            entry.name, entry.region_id, entry.credit_code = row.name[:300], row.region, row.credit_code
            entry.address, entry.source, entry.updated_by = row.address[:500], ApplicantPlace.OFFICE, by
            entry.updated_at = timezone.now()  # bulk_update skips auto_now
            (update if entry.pk else create).append(entry)
        ApplicantPlace.objects.bulk_create(create, batch_size=1000)
        ApplicantPlace.objects.bulk_update(update, ["name", "region", "credit_code", "address", "source",
                                                    "updated_by", "updated_at"], batch_size=1000)
        moved = places.replace(places.unplaced_applications(keys)) if keys else 0
        audit.record(actor, "patents.place_import", None, summary=f"导入企业名录 {name}: {len(rows)} 行",
                     changes={"file": name, "saved": len(rows), "rejected": len(problems), "applications": moved})
    _announce(moved)
    return len(rows), moved, problems


def _announce(moved: int) -> None:
    if moved:
        transaction.on_commit(lambda: signals.places_changed.send(sender=ApplicantPlace, applications=moved))
