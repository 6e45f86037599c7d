"""The comparison point: SQLite FTS5 with the trigram tokenizer (exact substrings of 3+ characters; shorter terms
fall back to a scan), which is what a typical Django project reaches for. The query AST of the benchmark's mix is
translated to SQL; matching ids go to a temporary table once, then count, top 20 and facets read from it."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from zhichan.patents import names
from zhichan.search.query import values
from zhichan.search.query.ast import And, Node, Not, Or, Term
from zhichan.search.query.parser import parse

COLUMNS = {None: ["ti", "ab", "cl"], "TI": ["ti"], "AB": ["ab"], "CL": ["cl"], "PA": ["pa"]}


class Fts5:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.db: sqlite3.Connection | None = None

    def build(self) -> float:
        from zhichan.patents.models import Application

        self.path.unlink(missing_ok=True)
        db = sqlite3.connect(self.path)
        db.executescript("""
            PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;
            CREATE TABLE docs (id INTEGER PRIMARY KEY, year INT, ad INT, type TEXT, ls TEXT, region TEXT);
            CREATE TABLE doc_applicant (doc INT, name TEXT);
            CREATE TABLE doc_ipc (doc INT, code TEXT);
            CREATE VIRTUAL TABLE fts USING fts5(ti, ab, cl, pa, tokenize='trigram');
        """)
        started = time.perf_counter()
        rows = Application.objects.values_list("pk", "data", "region_id", "filing_year", "patent_type",
                                              "legal_status").iterator(chunk_size=5000)
        batch: list = []
        for row in rows:
            batch.append(row)
            if len(batch) >= 5000:
                self._insert(db, batch)
                batch = []
        self._insert(db, batch)
        db.executescript("CREATE INDEX ia ON doc_applicant(doc); CREATE INDEX ii ON doc_ipc(doc, code);"
                         "CREATE INDEX iad ON docs(ad);")
        db.commit()
        self.db = db
        return round(time.perf_counter() - started, 1)

    @staticmethod
    def _insert(db: sqlite3.Connection, batch: list) -> None:
        docs, applicants, ipcs, texts = [], [], [], []
        for pk, data, region, year, kind, status in batch:
            ad = int(data["filing_date"].replace("-", "")) if data.get("filing_date") else None
            docs.append((pk, year, ad, kind, status, region or ""))
            pa = [p["name"] for p in data["parties"] if p["role"] == "applicant"]
            applicants += [(pk, names.normalize(n)) for n in pa]
            ipcs += [(pk, c) for c in data.get("ipc", [])]
            texts.append((pk, data.get("title", ""), data.get("abstract", ""), data.get("claims", ""), " ".join(pa)))
        db.executemany("INSERT INTO docs VALUES (?,?,?,?,?,?)", docs)
        db.executemany("INSERT INTO doc_applicant VALUES (?,?)", applicants)
        db.executemany("INSERT INTO doc_ipc VALUES (?,?)", ipcs)
        db.executemany("INSERT INTO fts(rowid, ti, ab, cl, pa) VALUES (?,?,?,?,?)", texts)

    # -- querying ------------------------------------------------------------------------------------------

    def where(self, node: Node, params: list) -> str:
        if isinstance(node, And):
            parts = [self.where(i, params) for i in node.items]
            return "(" + " AND ".join(parts) + ")"
        if isinstance(node, Or):
            return "(" + " OR ".join(self.where(i, params) for i in node.items) + ")"
        if isinstance(node, Not):
            return f"NOT {self.where(node.item, params)}"
        return self.term(node, params)

    def term(self, term: Term, params: list) -> str:
        if term.field in COLUMNS:
            text = term.text
            cols = COLUMNS[term.field]
            if len(text) >= 3:
                params.append("{" + " ".join(cols) + "}: \"" + text.replace('"', '""') + '"')
                return "d.id IN (SELECT rowid FROM fts WHERE fts MATCH ?)"
            # shorter than a trigram: a scan (FTS5's LIKE finds nothing for 1-2 characters in SQLite 3.40)
            scans = " OR ".join(f"instr({c}, ?) > 0" for c in cols)
            params.extend([text] * len(cols))
            return f"d.id IN (SELECT rowid FROM fts WHERE {scans})"
        if term.field == "AD":
            low, high = values.date_range(term)
            params.extend([low or 0, high or 99999999])
            return "d.ad BETWEEN ? AND ?"
        if term.field in {"TYPE", "LS"}:
            params.append(values.keyword_values(term.field, term, None)[0])  # type: ignore[arg-type]
            return f"d.{'type' if term.field == 'TYPE' else 'ls'} = ?"
        if term.field == "IPC":
            params.append(term.text.upper() + "%")
            return "EXISTS (SELECT 1 FROM doc_ipc i WHERE i.doc = d.id AND i.code LIKE ?)"
        if term.field == "REG":
            from zhichan.search.lookup import LOOKUP

            codes = LOOKUP.region_codes(term.text)
            params.extend(codes)
            return f"d.region IN ({','.join('?' * len(codes))})"
        raise ValueError(f"not in the benchmark's mix: {term.field}")

    def search(self, query: str, facets: tuple[str, ...]) -> int:
        assert self.db is not None
        params: list = []
        where = self.where(parse(query), params)
        db = self.db
        db.execute("DROP TABLE IF EXISTS temp.hits")
        db.execute(f"CREATE TEMP TABLE hits AS SELECT d.id, d.year, d.type, d.ad FROM docs d WHERE {where}", params)
        total = db.execute("SELECT count(*) FROM hits").fetchone()[0]
        db.execute("SELECT id FROM hits ORDER BY ad DESC LIMIT 20").fetchall()
        for facet in facets:
            if facet == "applicant":
                db.execute("SELECT a.name, count(DISTINCT a.doc) n FROM hits h JOIN doc_applicant a ON a.doc = h.id "
                           "GROUP BY a.name ORDER BY n DESC LIMIT 20").fetchall()
            else:
                column = {"year": "year", "type": "type"}[facet]
                db.execute(f"SELECT {column}, count(*) FROM hits GROUP BY {column}").fetchall()
        return total
