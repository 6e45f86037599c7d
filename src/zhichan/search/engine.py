"""The configured search backend, one per process and index folder."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from zhichan import conf
from zhichan.search.tantivy_backend import TantivyBackend


def index_path() -> Path:
    return conf.home() / "index" / "patents"


@lru_cache(maxsize=4)
def _backend(path: Path, kind: str) -> TantivyBackend:
    if kind != "tantivy":
        raise ValueError(f"unknown search backend {kind!r}")
    return TantivyBackend(path)


def backend() -> TantivyBackend:
    return _backend(index_path(), str(conf.value("ZHICHAN_SEARCH_BACKEND")))
