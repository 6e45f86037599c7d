"""Demand → patents: the search engine proposes candidates by BM25 over the demand's words (title, abstract and
claims), the factors rank them, and each result says why (docs/market.md 匹配).

Two candidate pools, so that a patent in the demand's field is not lost for want of the right words: the best
`ZHICHAN_MATCH_CANDIDATES` by text over the whole index, and up to half as many more within the demand's IPC codes. Text relevance is the BM25 score divided by the best candidate's (1 = the best text match). The order is
the score, then the application number: the same demand gives the same list every time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import tantivy

from zhichan import conf
from zhichan.market.matching import factors as fx
from zhichan.market.matching import terms
from zhichan.market.matching.scoring import combine, weights
from zhichan.patents import ipc as ipc_codes
from zhichan.search.engine import backend
from zhichan.search.tantivy_backend import TantivyBackend

TEXT_FIELD = "dflt"  # title (twice), abstract and claims, as the search's default fields


@dataclass(frozen=True)
class Need:
    """What a match needs to know about a demand (a market.Demand, or the CLI's options)."""

    text: str
    ipc: tuple[str, ...] = ()
    sei: tuple[str, ...] = ()
    region: str = ""
    budget_min: Decimal | None = None
    budget_max: Decimal | None = None

    @classmethod
    def of(cls, text: str, ipc: list[str] | tuple[str, ...] = (), **kw: Any) -> Need:
        codes = tuple(c for c in (ipc_codes.normalize(x) for x in ipc) if c)
        return cls(text=text, ipc=codes, **kw)


@dataclass
class Candidate:
    pk: int
    bm25: float = 0.0
    row: dict[str, Any] = field(default_factory=dict)


@dataclass
class Result:
    pk: int
    key: str
    title: str
    score: float
    factors: dict[str, dict[str, object]]
    shared_terms: list[str] = field(default_factory=list)
    listing: dict[str, Any] | None = None
    holder: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.pk, "application_number": self.key, "title": self.title, "holder": self.holder,
                "score": round(self.score, 4), "shared_terms": self.shared_terms,
                "shared_classes": self.factors["ipc"].get("shared", []), "factors": self.factors,
                "listing": self.listing}


# -- candidates from the index ------------------------------------------------------------------------------------

def selective(searcher: tantivy.Searcher, grams: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The `ZHICHAN_MATCH_FEATURES` most selective features the index can match, the rest dropped: a bigram of two very common characters
    weighs little in BM25 but costs the most to look up (its posting lists are the longest). A bigram's selectivity
    is estimated by its rarer character's document frequency (a bound: the bigram is in no more documents)."""
    keep = int(conf.value("ZHICHAN_MATCH_FEATURES"))  # type: ignore[call-overload]
    freq = {t: searcher.doc_freq(TEXT_FIELD, t) for gram in grams for t in gram}
    present = [i for i, gram in enumerate(grams) if all(freq[t] for t in gram)]  # a missing character: no match
    ranked = sorted(present, key=lambda i: (min(freq[t] for t in grams[i]), i))[:keep]
    return [grams[i] for i in sorted(ranked)]


def text_query(engine: TantivyBackend, grams: list[tuple[str, ...]]) -> tantivy.Query | None:
    clauses = []
    for gram in grams:
        query = (tantivy.Query.term_query(engine.schema, TEXT_FIELD, gram[0]) if len(gram) == 1
                 else tantivy.Query.phrase_query(engine.schema, TEXT_FIELD, list(gram)))
        clauses.append((tantivy.Occur.Should, query))
    return tantivy.Query.boolean_query(clauses) if clauses else None


def ipc_query(engine: TantivyBackend, codes: tuple[str, ...]) -> tantivy.Query | None:
    if not codes:
        return None
    clauses = [(tantivy.Occur.Should, tantivy.Query.term_query(engine.schema, "ipc", c)) for c in codes]
    return tantivy.Query.const_score_query(tantivy.Query.boolean_query(clauses), 0.0)


def _top(engine: TantivyBackend, searcher: tantivy.Searcher, query: tantivy.Query, limit: int) -> list[Candidate]:
    result = searcher.search(query, limit)
    if not result.hits:
        return []
    ids = searcher.fast_field_values("id", [a for _, a in result.hits])
    return [Candidate(int(i), float(s)) for (s, _), i in zip(result.hits, ids, strict=True)]


def candidates(need: Need, limit: int, engine: TantivyBackend | None = None) -> list[Candidate]:
    """The best `limit` by text, and up to half as many more in the demand's field that the text alone would not
    bring (a patent of the right class in other words). The field pool is a filter without scoring: cheap, where a
    second scored pass over the text would double the time."""
    engine = engine or backend()
    searcher = engine.searcher()
    text = text_query(engine, selective(searcher, terms.features(need.text)))
    field = ipc_query(engine, need.ipc)
    pool: dict[int, Candidate] = {}
    if text is not None:
        for c in _top(engine, searcher, text, limit):
            pool[c.pk] = c
    if field is not None:
        for c in _top(engine, searcher, field, max(1, limit // 2)):
            pool.setdefault(c.pk, c)
    return list(pool.values())


# -- what the database knows about the candidates -----------------------------------------------------------------

def _rows(pks: list[int]) -> dict[int, dict[str, Any]]:
    from zhichan.patents.models import Application, IpcAssignment, Party

    rows = {r["pk"]: dict(r, ipc=[], agencies=[]) for r in Application.objects.filter(pk__in=pks).values(
        "pk", "key", "title", "title_en", "main_ipc", "region_id", "sei_codes", "first_applicant")}
    for app, code in IpcAssignment.objects.filter(application_id__in=pks).values_list("application_id", "code"):
        rows[app]["ipc"].append(code)
    for app, name in Party.objects.filter(application_id__in=pks, role="agency").values_list("application_id",
                                                                                            "normalized_name"):
        rows[app]["agencies"].append(name)
    return rows


def agency_grades(names: set[str]) -> dict[str, str]:
    """normalised agency name → its latest published credit grade (the agencies app's public directory)."""
    if not names:
        return {}
    from zhichan.agencies.models import AgencyAlias
    from zhichan.agencies.views_public import published_grades

    by_name = dict(AgencyAlias.objects.filter(normalized_name__in=names).values_list("normalized_name", "agency_id"))
    grades: dict[int, str] = {}
    for agency, grade in published_grades().filter(agency_id__in=set(by_name.values())).values_list("agency_id",
                                                                                                   "grade"):
        grades.setdefault(agency, grade)  # newest period first
    return {name: grades[a] for name, a in by_name.items() if a in grades}


def listings(pks: list[int]) -> dict[int, dict[str, Any]]:
    """The published market listing of each candidate patent, if the market has one (its price in 万元)."""
    try:
        from zhichan.market.models import Listing
    except ImportError:  # pragma: no cover - the market's models not installed
        return {}
    out: dict[int, dict[str, Any]] = {}
    rows = Listing.objects.filter(application_id__in=pks, status=Listing.Status.PUBLISHED).order_by("pk")
    for row in rows.values("pk", "application_id", "kind", "price_mode", "lump_sum_wan", "entry_fee_wan"):
        price = row["lump_sum_wan"] if row["lump_sum_wan"] is not None else row["entry_fee_wan"]
        out.setdefault(row["application_id"], {"id": row["pk"], "kind": row["kind"], "price_mode": row["price_mode"],
                                               "price_wan": str(price) if price is not None else None})
    return out


def inferred_field(pool: list[Candidate], rows: dict[int, dict[str, Any]]) -> tuple[str, ...]:
    """The main IPC groups of the `ZHICHAN_MATCH_INFER_IPC` best text matches, for a demand that names no field."""
    count = int(conf.value("ZHICHAN_MATCH_INFER_IPC"))  # type: ignore[call-overload]
    ranked = sorted((c for c in pool if c.pk in rows and c.bm25 > 0), key=lambda c: (-c.bm25, rows[c.pk]["key"]))
    groups = {ipc_codes.main_group(rows[c.pk]["main_ipc"]): None for c in ranked[:count] if rows[c.pk]["main_ipc"]}
    return tuple(groups)


# -- ranking ------------------------------------------------------------------------------------------------------

def match(need: Need, limit: int = 10, share: dict[str, float] | None = None,
          engine: TantivyBackend | None = None, explain: bool = True, exclude: frozenset[int] = frozenset()) -> list[Result]:
    """The best `limit` patents for the need, each with its factors (and, with `explain`, the shared terms).
    `exclude`: patents left out before anything is scored (a patent matched against the others)."""
    share = share or weights()
    pool = [c for c in candidates(need, int(conf.value("ZHICHAN_MATCH_CANDIDATES")), engine)  # type: ignore[call-overload]
            if c.pk not in exclude]
    if not pool:
        return []
    pks = [c.pk for c in pool]
    rows = _rows(pks)
    grades = agency_grades({n for r in rows.values() for n in r["agencies"]})
    offers = listings(pks)
    best = max(c.bm25 for c in pool) or 1.0
    wanted, inferred = need.ipc, False
    if not wanted:  # no field named: the main groups of the best text matches stand for it (pseudo-relevance feedback)
        wanted, inferred = inferred_field(pool, rows), True
    scored = []
    for c in pool:
        row = rows.get(c.pk)
        if row is None:  # indexed but gone from the database (the outbox catches up)
            continue
        offer = offers.get(c.pk)
        grade = next((grades[n] for n in row["agencies"] if n in grades), None)
        found = {
            "text": fx.Factor(round(c.bm25 / best, 4)),
            "ipc": fx.ipc_overlap(wanted, [row["main_ipc"], *row["ipc"]], "inferred" if inferred else ""),
            "sei": fx.sei_overlap(need.sei, row["sei_codes"] or []),
            "region": fx.region_proximity(need.region, row["region_id"] or ""),
            "credit": fx.credit(grade),
            "price": fx.price_fit(need.budget_min, need.budget_max,
                                  Decimal(offer["price_wan"]) if offer and offer["price_wan"] else None),
        }
        result = combine(found, share)
        scored.append(Result(c.pk, row["key"], row["title"] or row["title_en"], result.score, result.parts,
                             listing=offer, holder=row["first_applicant"]))
    scored.sort(key=lambda r: (-r.score, r.key))
    top = scored[:limit]
    if explain:
        from zhichan.patents.models import Application

        abstracts = dict(Application.objects.filter(pk__in=[r.pk for r in top]).values_list("pk", "abstract"))
        for r in top:
            r.shared_terms = terms.shared_terms(need.text, f"{rows[r.pk]['title']} {abstracts.get(r.pk, '')}")
    return top
