"""Similar patents: TF-IDF over the patent's character bigrams (Chinese) and words (English), scored by the
index's BM25 over title and abstract, normalised by the patent's own score (1.0 = as similar as itself).
Document frequencies come from the index itself, so no model has to be trained or kept in step."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

import tantivy

from zhichan.search import text
from zhichan.search.lookup import LOOKUP
from zhichan.search.query.ast import Node
from zhichan.search.tantivy_backend import TantivyBackend, _restricted

TERMS = 25
CANDIDATES = 60  # most frequent features looked up for their document frequency
FIELDS = {"ti": 2.0, "ab": 1.0}


@dataclass
class Similar:
    id: int
    score: float  # 0..1


def features(title: str, abstract: str) -> Counter[tuple[str, ...]]:
    """Bigrams of non-word tokens (Chinese characters) and single English words, with their counts."""
    counts: Counter[tuple[str, ...]] = Counter()
    for value, weight in ((title, 2), (abstract, 1)):
        tokens = [t for t in text.tokens(value) if t.isalnum()]
        for i, token in enumerate(tokens):
            if text.is_word(token):
                if len(token) > 2 and not token.isdigit():
                    counts[(token,)] += weight
            elif i + 1 < len(tokens) and not text.is_word(tokens[i + 1]):
                counts[(token, tokens[i + 1])] += weight
    return counts


def _query(engine: TantivyBackend, gram: tuple[str, ...], field: str) -> tantivy.Query:
    if len(gram) == 1:
        return tantivy.Query.term_query(engine.schema, field, gram[0])
    return tantivy.Query.phrase_query(engine.schema, field, list(gram))


def similar(engine: TantivyBackend, pk: int, title: str, abstract: str, within: Node | None = None,
            limit: int = 20) -> list[Similar]:
    searcher = engine.searcher()
    total = max(searcher.num_docs, 1)
    weighted = []
    for gram, tf in features(title, abstract).most_common(CANDIDATES):  # each costs one index lookup
        df = searcher.search(_query(engine, gram, "ab"), 1, count=True).count + 1
        weighted.append((tf * math.log(total / df), gram))
    chosen = [gram for _, gram in sorted(weighted, reverse=True)[:TERMS]]
    if not chosen:
        return []
    query = tantivy.Query.boolean_query([
        (tantivy.Occur.Should, tantivy.Query.boost_query(_query(engine, gram, field), boost))
        for gram in chosen for field, boost in FIELDS.items()])
    own = searcher.search(_restricted(engine, query, [pk]), 1)
    self_score = own.hits[0][0] if own.hits else 1.0
    if within is not None:
        query = tantivy.Query.boolean_query([(tantivy.Occur.Must, query),
                                             (tantivy.Occur.Must, engine.compile(within, LOOKUP))])
    result = searcher.search(query, limit + 1)
    ids = searcher.fast_field_values("id", [a for _, a in result.hits]) if result.hits else []
    return [Similar(int(i), round(min(score / self_score, 1.0), 3))
            for (score, _), i in zip(result.hits, ids, strict=True) if int(i) != pk][:limit]
