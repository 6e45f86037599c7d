"""The search engine behind an interface, so that another engine can be added later (docs/search.md)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol

from zhichan.search.query.ast import Node
from zhichan.search.query.values import Lookup

FACETS = {  # facet name -> index field holding its values
    "year": "f_year", "type": "type", "ls": "ls", "ipc": "f_ipc", "applicant": "f_applicant",
    "province": "f_province", "city": "f_city", "sei": "f_sei", "country": "co",
}
SORTS = {"relevance", "ad", "-ad", "pd", "-pd", "cited"}


@dataclass
class Hits:
    total: int
    ids: list[int]  # application primary keys, in result order
    scores: list[float]
    facets: dict[str, list[tuple[Any, int]]] = field(default_factory=dict)  # name -> [(value, count)], exact
    dropped_facets: list[str] = field(default_factory=list)  # asked for, but not counted within the time budget


class Backend(Protocol):
    def add(self, docs: Iterable[dict[str, Any]]) -> int: ...

    def delete(self, ids: Iterable[int]) -> None: ...

    def clear(self) -> None: ...

    def commit(self) -> None: ...

    def search(self, node: Node, lookup: Lookup, *, sort: str = "relevance", offset: int = 0, limit: int = 20,
               facets: Iterable[str] = (), facet_size: int = 20, facet_budget: float | None = None) -> Hits:
        """`facet_budget`: seconds from the start of the search within which a facet must be counted; one that is
        not is left out of `Hits.facets` and named in `Hits.dropped_facets` (None: no limit)."""

    def count(self, node: Node, lookup: Lookup) -> int: ...

    def doc_count(self) -> int: ...
