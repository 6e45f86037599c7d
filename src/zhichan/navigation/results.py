"""What the analyses run over (a database version, one branch of it, or a search result) and their results, cached
under ZHICHAN_HOME/navigation/cache: one file per subject, alias table, state of the analysis table and day (a new
import, a changed record or an edited alias makes a new entry)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext

from zhichan import conf
from zhichan.navigation import analysis, columns
from zhichan.navigation.models import Version

LARGE = 20_000  # sets with more records are analysed in a background job (the page shows progress)


@dataclass
class Subject:
    title: str
    ids: list[int]
    identity: list[Any]  # what the cache key is made of
    branches: dict[str, tuple[str, list[int]]] = field(default_factory=dict)
    home: str = ""
    version: Version | None = None
    branch: str = ""  # the branch's name when the subject is one branch of a version
    note: str = ""  # what of the version it is, in the reader's words (新增, 移出), for its title

    def label(self, mark: Any = str) -> str:
        """The title in the reader's language (`title`, the Chinese, is what the cache and the report keep); `mark`
        wraps the data in it (the database's and the branch's names, a query)."""
        if self.version is None:
            return mark(self.title)
        text = gettext("%(name)s 第 %(n)s 版") % {"name": mark(self.version.database.name), "n": self.version.number}
        text = f"{text} › {mark(self.branch)}" if self.branch else text
        return f"{text} · {self.note}" if self.note else text

    @property
    def text_label(self) -> str:
        return self.label()

    @property
    def html_label(self) -> str:
        from django.utils.html import conditional_escape
        from django.utils.safestring import mark_safe

        from zhichan.core.templatetags.datalang import zh

        return mark_safe(self.label(lambda text: conditional_escape(zh(text))))

    def frame(self, table: columns.Table | None = None) -> analysis.Frame:
        return analysis.frame(self.ids, self.branches, home=self.home, table=table)


def of_version(version: Version, branch: str = "") -> Subject:
    """A version, or one branch of it (its sub-branches then act as the branches)."""
    names = version.definition.get("branches", {})
    home = version.database.region_id or ""
    title = f"{version.database.name} 第 {version.number} 版"
    if not branch:
        branches = {key: (names.get(key, {}).get("name", key), ids) for key, ids in version.branch_members.items()}
        return Subject(title, version.members, ["version", version.pk], branches, home, version)
    if branch not in version.branch_members:
        raise KeyError(branch)
    children = {key: (b["name"], version.branch_members.get(key, [])) for key, b in names.items()
                if str(b.get("parent")) == branch}
    name = names.get(branch, {}).get("name", branch)
    return Subject(f"{title} › {name}", version.branch_members[branch], ["version", version.pk, branch], children,
                   home, version, name)


def of_query(query: str, home: str = "") -> Subject:
    """The records a search finds (every one of them, not only the first page)."""
    from zhichan.navigation.actions import MAX_RECORDS
    from zhichan.search.engine import backend
    from zhichan.search.lookup import LOOKUP
    from zhichan.search.query.parser import parse

    ids = sorted(backend().all_ids(parse(query), LOOKUP, MAX_RECORDS))
    return Subject(query, ids, ["query", query, home, hashlib.sha1(str(ids).encode()).hexdigest()], home=home)


def _path(subject: Subject) -> Path:
    stamp = columns.current_stamp()
    text = json.dumps([subject.identity, sorted(analysis.aliases().items()), stamp.get("count"), stamp.get("changed"),
                       dt.date.today().isoformat()], ensure_ascii=False)
    return conf.home() / "navigation" / "cache" / f"{hashlib.sha1(text.encode()).hexdigest()[:24]}.json"


def is_cached(subject: Subject) -> bool:
    return _path(subject).exists()


def compute(subject: Subject, progress: Any = None) -> dict[str, Any]:
    """Every analysis of the subject (from the cache when nothing changed since)."""
    path = _path(subject)
    if path.exists():
        return json.loads(path.read_text())
    result = analysis.run_all(subject.frame(), progress=progress)
    result["subject"] = subject.title
    result["branch"] = subject.branch
    if subject.version is not None:
        result["version"] = {"number": subject.version.number, "created_at": subject.version.created_at.isoformat(),
                             "database": subject.version.database.name}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")  # two workers may compute the same subject
    tmp.write_text(json.dumps(result, ensure_ascii=False, default=int))
    tmp.replace(path)
    return result
