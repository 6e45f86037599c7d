"""The tantivy engine, embedded under ZHICHAN_HOME/index. One writer at a time (a file lock); readers reload
to see the last commit."""

from __future__ import annotations

import fcntl
import shutil
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import tantivy

from zhichan.search import text
from zhichan.search.backend import FACETS, Hits
from zhichan.search.query import values
from zhichan.search.query.ast import And, Node, Not, Or, Term
from zhichan.search.query.fields import BOOSTS, CODE, DATE, DEFAULT_FIELDS, FIELDS, NUMBER, TEXT
from zhichan.search.query.values import Lookup, Pattern

SCHEMA_VERSION = "5"
TEXT_FIELDS = ("ti", "ab", "cl", "dflt", "ds", "pa", "ph", "inv", "agc", "agt", "addr")
RAW_FIELDS = ("ipc", "mipc", "cpc", "sei", "an", "pn", "pr", "reg")
FAST_RAW_FIELDS = ("type", "ls", "co", "f_ipc", "f_applicant", "f_province", "f_city", "f_sei")
INT_FIELDS = ("ad", "pd", "gd", "cited", "f_year")
_I64_MIN, _I64_MAX = -(2**63), 2**63 - 1
_POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="facets")


def build_schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", stored=True, fast=True, indexed=True)
    for name in TEXT_FIELDS:
        builder.add_text_field(name, tokenizer_name="zh", index_option="position")
    for name in RAW_FIELDS:
        builder.add_text_field(name, tokenizer_name="raw", index_option="basic")
    for name in FAST_RAW_FIELDS:
        builder.add_text_field(name, tokenizer_name="raw", index_option="basic", fast=True)
    for name in INT_FIELDS:
        builder.add_integer_field(name, fast=True, indexed=True)
    return builder.build()


def _analyzer() -> tantivy.TextAnalyzer:
    return tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.regex(text.TOKEN_PATTERN)).build()


class TantivyBackend:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.schema = build_schema()
        self._lock = threading.Lock()
        self._writer: Any = None
        self._writer_lock: Any = None
        self.index = self._open()

    # -- opening -----------------------------------------------------------------------------------------

    def _open(self) -> tantivy.Index:
        version = self.path / "zhichan-schema-version"
        if self.path.exists() and (not version.exists() or version.read_text() != SCHEMA_VERSION):
            shutil.rmtree(self.path)  # an older layout: the next rebuild fills the new one
        self.path.mkdir(parents=True, exist_ok=True)
        index = tantivy.Index(self.schema, path=str(self.path))
        index.register_tokenizer("zh", _analyzer())
        version.write_text(SCHEMA_VERSION)
        return index

    @property
    def is_new(self) -> bool:
        return not any(self.path.glob("*.managed.json")) or self.doc_count() == 0

    # -- writing -----------------------------------------------------------------------------------------

    @contextmanager
    def writing(self) -> Iterator[TantivyBackend]:
        """Hold the index's writer (and an inter-process lock) for a batch of changes; commit at the end."""
        lock_path = self.path.parent / (self.path.name + ".lock")
        with self._lock, lock_path.open("w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            self._writer = self.index.writer(heap_size=256_000_000, num_threads=2)
            try:
                yield self
                self._writer.commit()
                self._writer.wait_merging_threads()
            except BaseException:
                self._writer.rollback()
                raise
            finally:
                self._writer = None
                fcntl.flock(handle, fcntl.LOCK_UN)
        self.index.reload()

    def add(self, docs: Iterable[dict[str, Any]]) -> int:
        count = 0
        for data in docs:
            self._writer.add_document(self._document(data))
            count += 1
        return count

    def delete(self, ids: Iterable[int]) -> None:
        for pk in ids:
            self._writer.delete_documents_by_term("id", pk)

    def clear(self) -> None:
        self._writer.delete_all_documents()

    def commit(self) -> None:
        self._writer.commit()

    @staticmethod
    def _document(data: dict[str, Any]) -> tantivy.Document:
        doc = tantivy.Document()
        doc.add_integer("id", data["id"])
        for name in TEXT_FIELDS + RAW_FIELDS + FAST_RAW_FIELDS:
            value = data.get(name)
            if isinstance(value, list):
                for item in value:
                    doc.add_text(name, item)
            elif value:
                doc.add_text(name, value)
        for name in INT_FIELDS:
            value = data.get(name)
            if isinstance(value, list):
                for item in value:
                    doc.add_integer(name, item)
            elif value is not None:
                doc.add_integer(name, value)
        return doc

    # -- reading -----------------------------------------------------------------------------------------

    def searcher(self) -> tantivy.Searcher:
        self.index.reload()
        return self.index.searcher()

    def doc_count(self) -> int:
        return self.searcher().num_docs

    def count(self, node: Node, lookup: Lookup) -> int:
        return self.searcher().search(self.compile(node, lookup), 1, count=True).count

    def search(self, node: Node, lookup: Lookup, *, sort: str = "relevance", offset: int = 0, limit: int = 20,
               facets: Iterable[str] = (), facet_size: int = 20, facet_budget: float | None = None) -> Hits:
        started = time.perf_counter()
        query = self.compile(node, lookup)
        searcher = self.searcher()
        wanted = [f for f in facets if f in FACETS]
        # Each facet is its own pass over the matches, beside the page of hits; tantivy releases the GIL, so they
        # overlap, and a facet that runs over the budget is dropped alone (the others and the hits still answer).
        pending = {name: _POOL.submit(_timed, self.facets, searcher, query, [name], facet_size) for name in wanted}
        if sort in {"relevance", ""}:
            result = searcher.search(query, limit, count=True, offset=offset)
        else:
            name = sort.lstrip("-")
            order = tantivy.Order.Asc if sort.startswith("-") else tantivy.Order.Desc
            result = searcher.search(query, limit, count=True, offset=offset, order_by_field=name, order=order)
        addresses = [address for _, address in result.hits]
        ids = searcher.fast_field_values("id", addresses) if addresses else []
        hits = Hits(result.count, [int(i) for i in ids], [float(k) if sort == "relevance" else 0.0
                                                             for k, _ in result.hits])
        if pending and result.count:
            hits.facets, hits.dropped_facets = _gather(pending, started, facet_budget)
        else:
            for future in pending.values():
                future.cancel()
        return hits

    def all_ids(self, node: Node, lookup: Lookup, limit: int) -> list[int]:
        searcher = self.searcher()
        result = searcher.search(self.compile(node, lookup), limit, count=False)
        return [int(i) for i in searcher.fast_field_values("id", [a for _, a in result.hits])] \
            if result.hits else []

    def matching(self, node: Node, lookup: Lookup, ids: list[int]) -> list[int]:
        """Which of `ids` the query matches (monitoring: the new records of an import)."""
        if not ids:
            return []
        searcher = self.searcher()
        result = searcher.search(_restricted(self, self.compile(node, lookup), ids), len(ids), count=False)
        return sorted(int(i) for i in searcher.fast_field_values("id", [a for _, a in result.hits])) \
            if result.hits else []

    @staticmethod
    def facets(searcher: tantivy.Searcher, query: tantivy.Query, names: list[str],
               size: int) -> dict[str, list[tuple[Any, int]]]:
        """Exact counts: each segment reports every value it has (segment_size), so the merge is exact."""
        spec = {name: {"terms": {"field": FACETS[name], "size": size if name in {"applicant", "ipc"} else 200,
                                 "segment_size": 1_000_000}} for name in names}
        result = searcher.aggregate(query, spec)
        return {name: [(b["key"], b["doc_count"]) for b in result[name]["buckets"]] for name in names}

    # -- compiling ---------------------------------------------------------------------------------------

    def compile(self, node: Node, lookup: Lookup) -> tantivy.Query:
        if isinstance(node, Term):
            return self._term(node, lookup)
        if isinstance(node, Not):
            return self._bool([], [self.compile(node.item, lookup)])
        if isinstance(node, And):
            positive = [self.compile(i, lookup) for i in node.items if not isinstance(i, Not)]
            negative = [self.compile(i.item, lookup) for i in node.items if isinstance(i, Not)]
            return self._bool(positive, negative)
        if isinstance(node, Or):
            return tantivy.Query.boolean_query([(tantivy.Occur.Should, self.compile(i, lookup)) for i in node.items])
        raise TypeError(node)

    @staticmethod
    def _bool(positive: list[tantivy.Query], negative: list[tantivy.Query]) -> tantivy.Query:
        clauses = [(tantivy.Occur.Must, q) for q in positive] or [(tantivy.Occur.Must, tantivy.Query.all_query())]
        clauses += [(tantivy.Occur.MustNot, q) for q in negative]
        return clauses[0][1] if len(clauses) == 1 else tantivy.Query.boolean_query(clauses)

    def _term(self, term: Term, lookup: Lookup) -> tantivy.Query:
        if term.field is None:
            patterns = values.text_patterns(term)
            return self._any([tantivy.Query.boost_query(self._text(f, patterns), BOOSTS[f]) for f in DEFAULT_FIELDS])
        kind, fields = FIELDS[term.field]
        if kind == TEXT:
            patterns = values.text_patterns(term)
            return self._any([tantivy.Query.boost_query(self._text(f, patterns), BOOSTS.get(f, 1.0))
                              for f in fields])
        if kind == DATE:
            low, high = values.date_range(term)
            query = tantivy.Query.range_query(self.schema, fields[0], tantivy.FieldType.Integer,
                                              _I64_MIN if low is None else low, _I64_MAX if high is None else high)
            return tantivy.Query.const_score_query(query, 0.0)
        if kind == CODE:
            query = self._raw(fields[0], values.code_pattern(term))
        elif kind == NUMBER:
            query = self._any([self._raw(fields[0], p) for p in values.number_patterns(term)])
        else:
            query = self._any([self._raw(fields[0], Pattern(v))
                               for v in values.keyword_values(term.field, term, lookup)])
        return tantivy.Query.const_score_query(query, 0.0)

    @staticmethod
    def _any(queries: list[tantivy.Query]) -> tantivy.Query:
        if len(queries) == 1:
            return queries[0]
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in queries])

    def _raw(self, name: str, pattern: Pattern) -> tantivy.Query:
        if pattern.regex:
            return tantivy.Query.regex_query(self.schema, name, pattern.value)
        return tantivy.Query.term_query(self.schema, name, pattern.value)

    def _text(self, name: str, patterns: list[Pattern]) -> tantivy.Query:
        if len(patterns) == 1:
            return self._raw(name, patterns[0])
        if any(p.regex for p in patterns):
            import re

            words = [p.value if p.regex else re.escape(p.value) for p in patterns]
            return tantivy.Query.regex_phrase_query(self.schema, name, words)
        return tantivy.Query.phrase_query(self.schema, name, [p.value for p in patterns])


def _timed(fn: Any, *args: Any) -> tuple[Any, float]:
    """The facet's counts and when they were ready (perf_counter)."""
    return fn(*args), time.perf_counter()


def _gather(pending: dict[str, Future], started: float,
            budget: float | None) -> tuple[dict[str, list[tuple[Any, int]]], list[str]]:
    """The facets counted within `budget` seconds of `started`, and the names of those that were not. A dropped facet
    not yet begun is cancelled; one already counting finishes in its thread and is thrown away."""
    if budget is None:
        wait(pending.values())
    else:
        wait(pending.values(), timeout=max(0.0, started + budget - time.perf_counter()))
    counted: dict[str, list[tuple[Any, int]]] = {}
    dropped = []
    for name, future in pending.items():
        if future.done() and not future.cancelled() and (budget is None or future.result()[1] - started <= budget):
            counted.update(future.result()[0])
        else:
            future.cancel()
            dropped.append(name)
    return counted, dropped


def _restricted(backend: TantivyBackend, query: tantivy.Query, ids: list[int]) -> tantivy.Query:
    id_set = tantivy.Query.const_score_query(tantivy.Query.term_set_query(backend.schema, "id", ids), 0.0)
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, query), (tantivy.Occur.Must, id_set)])
