"""The analyses of a database version, cached under ZHICHAN_HOME/navigation/cache: one file per version, alias
table and state of the analysis table (a new import, a changed record or an edited alias makes a new entry)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

from zhichan import conf
from zhichan.navigation import analysis, columns
from zhichan.navigation.models import Version

LARGE = 20_000  # versions with more records are analysed in a background job (the page shows progress)


def frame_for(version: Version, table: columns.Table | None = None) -> analysis.Frame:
    names = version.definition.get("branches", {})
    branches = {key: (names.get(key, {}).get("name", key), ids) for key, ids in version.branch_members.items()}
    return analysis.frame(version.members, branches, home=version.database.region_id or "", table=table)


def _key(version: Version, merged: dict[str, str], stamp: dict[str, Any]) -> str:
    text = json.dumps([version.pk, sorted(merged.items()), stamp.get("count"), stamp.get("changed"),
                       dt.date.today().isoformat()], ensure_ascii=False)
    return hashlib.sha1(text.encode()).hexdigest()[:16]


def _path(version: Version) -> Path:
    merged = analysis.aliases()
    return conf.home() / "navigation" / "cache" / f"v{version.pk}-{_key(version, merged, columns.current_stamp())}.json"


def cached(version: Version) -> dict[str, Any] | None:
    path = _path(version)
    return json.loads(path.read_text()) if path.exists() else None


def compute(version: Version, progress: Any = None) -> dict[str, Any]:
    """Every analysis of the version (from the cache when nothing changed since)."""
    path = _path(version)
    if path.exists():
        return json.loads(path.read_text())
    result = analysis.run_all(frame_for(version), progress=progress)
    result["version"] = {"number": version.number, "created_at": version.created_at.isoformat(),
                         "database": version.database.name}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(result, ensure_ascii=False, default=int))
    tmp.replace(path)
    return result
