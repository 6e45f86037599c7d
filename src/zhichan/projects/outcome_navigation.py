"""The evidence of a navigation project (专利导航项目): the thematic database the project's navigation report was
built from on this platform, read through the navigation app's public models only (its ThematicDatabase and
Version records; nothing of it is written or imported from private helpers). The evaluation keeps a snapshot (name,
version, records, date), so a later refresh of the database does not rewrite a graded project."""

from __future__ import annotations

from typing import Any

from django.utils import timezone


def choices() -> list[tuple[str, str]]:
    """The thematic databases with at least one version, for the evaluation form ("" first: none)."""
    from zhichan.navigation.models import ThematicDatabase

    out = [("", "—")]
    for db in ThematicDatabase.objects.filter(versions__isnull=False).distinct().order_by("name", "pk"):
        out.append((str(db.pk), db.name))
    return out


def evidence(database_id: object) -> dict[str, Any]:
    """The snapshot of the database's latest version, or {} when there is none (unknown id, never refreshed)."""
    from zhichan.navigation.models import ThematicDatabase, Version

    try:
        db = ThematicDatabase.objects.get(pk=int(str(database_id)))
    except (ValueError, ThematicDatabase.DoesNotExist):
        return {}
    version = Version.objects.filter(database=db).order_by("-number").first()
    if version is None:
        return {}
    return {"database": db.pk, "name": db.name, "version": version.number, "records": len(version.members or []),
            "built": timezone.localtime(version.created_at).date().isoformat()}


def sentence(snapshot: dict[str, Any]) -> str:
    """The evidence in the report's words (Chinese: an official text)."""
    if not snapshot:
        return ""
    return (f"导航报告依据：本平台专题数据库“{snapshot['name']}”第 {snapshot['version']} 版"
            f"（{snapshot['built']} 生成，收录 {snapshot['records']} 件）。")
