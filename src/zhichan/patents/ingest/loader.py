"""Store normalised records: one transaction per batch, created / updated / unchanged decided by comparing the
canonical snapshot, so that importing the same file twice changes nothing and a killed import can be rerun."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass

from django.db import transaction
from django.utils import timezone

from zhichan.core.bulk import insert_rows
from zhichan.core.models import Region
from zhichan.patents import facts, names
from zhichan.patents import record as rec
from zhichan.patents.geo import RegionResolver
from zhichan.patents.ingest import statusdate
from zhichan.patents.ingest.errors import Rejection
from zhichan.patents.models import (
    Application,
    ChangeRecord,
    FactGap,
    FactRegion,
    ImportFile,
    IpcAssignment,
    LegalEvent,
    Outbox,
    Party,
    PatentFact,
    Publication,
    RejectedRow,
    SeiCategory,
    SeiIpc,
    SourceRecord,
)
from zhichan.patents.sei import SeiClassifier

Progress = Callable[[int, int], None]


@dataclass
class Counts:
    files: int = 0
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0

    def add(self, other: Counts) -> None:
        for name, value in asdict(other).items():
            setattr(self, name, getattr(self, name) + value)

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


@dataclass
class Pending:
    """An application about to be written: its merged snapshot and the source rows it came from."""

    key: str
    snapshot: dict
    sources: list[rec.SourceRow]


def insert_facts(fact_rows: list, regions: list, gaps: list) -> None:
    insert_rows(PatentFact, facts.COLUMNS, fact_rows)
    insert_rows(FactRegion, ["application", "region", "share"], regions)
    insert_rows(FactGap, ["application", "start", "stop"], gaps)


def make_resolver() -> RegionResolver:
    from zhichan.patents.places import directory

    return RegionResolver(dict(Region.objects.exclude(level=Region.Level.NATION).values_list("code", "name")),
                          directory())


def make_classifier(match: str) -> SeiClassifier | None:
    if not SeiCategory.objects.exists():
        return None
    concordance: dict[str, set[str]] = {}
    for code, sei in SeiIpc.objects.values_list("ipc_code", "sei_id"):
        concordance.setdefault(code, set()).add(sei)
    return SeiClassifier(concordance, match)


def _short(value: object) -> object:
    text = str(value)
    return text if len(text) <= 200 else text[:200] + "…"


def diff(old: dict, new: dict) -> dict[str, list]:
    return {name: [_short(old.get(name)), _short(new.get(name))]
            for name in sorted(set(old) | set(new)) if old.get(name) != new.get(name)}


class Loader:
    def __init__(self, import_file: ImportFile, batch_size: int = 500, sei_match: str = "any",
                 status_date: dt.date | None = None, names: list[str] | None = None) -> None:
        self.import_file = import_file
        self.status_date_option = status_date
        self.status_date: dt.date | None = None
        self.names = names or [import_file.name]
        self.batch_size = batch_size
        self.resolver = make_resolver()
        self.classifier = make_classifier(sei_match)
        self.region_codes = set(self.resolver.known)
        self.counts = Counts(files=1)
        self._sei: dict[int, tuple[bool, bool]] = {}  # id(snapshot) -> SEI by main / any IPC, this batch only

    # -- reading --------------------------------------------------------------------------------------------

    def collect(self, results: Iterable[rec.PatentRecord | Rejection]) -> list[Pending]:
        """Read a whole file; rows for the same application (an A and a B publication) become one Pending."""
        records: list[rec.PatentRecord] = []
        rejections: list[Rejection] = []
        for result in results:
            self.counts.read += 1
            if isinstance(result, Rejection):
                rejections.append(result)
            else:
                records.append(result)
        self._write_rejections(rejections)
        self._decide_status_date(records)
        return self.group(records)

    def _decide_status_date(self, records: list[rec.PatentRecord]) -> None:
        """The day this file's status words describe, recorded on the import and on every record that has one."""
        day, source = statusdate.decide(self.status_date_option, self.names, records)
        self.status_date = day
        ImportFile.objects.filter(pk=self.import_file.pk).update(status_date=day, status_date_source=source)
        self.import_file.status_date, self.import_file.status_date_source = day, source

    def group(self, records: list[rec.PatentRecord]) -> list[Pending]:
        for start in range(0, len(records), 5000):
            self.resolver.resolve(records[start:start + 5000])
        pending: dict[str, Pending] = {}
        for record in records:
            if self.status_date is not None and record.legal_status and record.status_date is None:
                record.status_date = self.status_date
            snapshot = record.snapshot()
            item = pending.get(record.key)
            if item is None:
                pending[record.key] = Pending(record.key, snapshot, [record.source] if record.source else [])
            else:
                item.snapshot = rec.merge(item.snapshot, snapshot)
                if record.source:
                    item.sources.append(record.source)
        return list(pending.values())

    def _write_rejections(self, rejections: list[Rejection]) -> None:
        self.counts.rejected += len(rejections)
        RejectedRow.objects.bulk_create(
            [RejectedRow(import_file=self.import_file, row=r.row, column=r.column[:200], value=r.value[:2000],
                         reason=r.reason[:500]) for r in rejections], batch_size=1000)

    # -- writing --------------------------------------------------------------------------------------------

    def store(self, items: list[Pending], progress: Progress | None = None) -> Counts:
        for start in range(0, len(items), self.batch_size):
            self.store_batch(items[start:start + self.batch_size])
            if progress:
                progress(min(start + self.batch_size, len(items)), len(items))
        return self.counts

    @transaction.atomic
    def store_batch(self, batch: list[Pending]) -> None:
        self._sei.clear()
        existing = {key: (pk, data) for pk, key, data in
                    Application.objects.filter(key__in=[p.key for p in batch]).values_list("pk", "key", "data")}
        created: list[Pending] = []
        unchanged: list[tuple[int, Pending]] = []
        changed: list[tuple[int, Pending, dict]] = []
        for item in batch:
            if item.key not in existing:
                created.append(item)
                continue
            pk, old = existing[item.key]
            merged = rec.merge(old, item.snapshot)
            if merged == old:
                unchanged.append((pk, item))  # its source row is still recorded
                continue
            item.snapshot = merged
            changed.append((pk, item, diff(old, merged)))
        self.counts.created += len(created)
        self.counts.unchanged += len(unchanged)
        self.counts.updated += len(changed)
        written = self._insert_applications(created) + self._update_applications(changed)
        self._write_children(written)
        self._write_sources(written + unchanged)
        self._write_outbox(written, {pk: c.get("legal_status") for pk, _, c in changed}, len(created))
        ImportFile.objects.filter(pk=self.import_file.pk).update(counts=self.counts.as_dict())

    def _insert_applications(self, items: list[Pending]) -> list[tuple[int, Pending]]:
        if not items:
            return []
        now = timezone.now()
        rows = []
        for item in items:
            columns = self._columns(item.snapshot)
            rows.append([now, now, item.key, *(columns[name] for name in _COLUMNS)])
        insert_rows(Application, ["created_at", "updated_at", "key", *_COLUMNS], rows)
        ids = dict(Application.objects.filter(key__in=[i.key for i in items]).values_list("key", "pk"))
        return [(ids[item.key], item) for item in items]

    def _update_applications(self, items: list[tuple[int, Pending, dict]]) -> list[tuple[int, Pending]]:
        if not items:
            return []
        now = timezone.now()  # bulk_update does not apply auto_now: the analysis table relies on updated_at
        apps = [Application(pk=pk, updated_at=now, **{_ATTRS[n]: v for n, v in self._columns(item.snapshot).items()})
                for pk, item, _ in items]
        Application.objects.bulk_update(apps, fields=[*_COLUMNS, "updated_at"], batch_size=500)
        ids = [pk for pk, _, _ in items]
        for model in (Publication, Party, IpcAssignment, LegalEvent, PatentFact, FactRegion, FactGap):
            model.objects.filter(application_id__in=ids).delete()
        ChangeRecord.objects.bulk_create([ChangeRecord(application_id=pk, import_file=self.import_file, changes=c)
                                          for pk, _, c in items])
        return [(pk, item) for pk, item, _ in items]

    def _classify(self, snap: dict) -> list[str]:
        """SEI codes by the configured reading; both readings are kept for this batch's indicator facts, so the
        concordance is consulted once per reading and record."""
        if self.classifier is None:
            return []
        main, codes = snap.get("main_ipc", ""), snap["ipc"]
        by_main = self.classifier.classify(main, codes, "main")
        by_any = self.classifier.classify(main, codes, "any")
        self._sei[id(snap)] = (bool(by_main), bool(by_any))
        return by_main if self.classifier.match == "main" else by_any

    def _columns(self, snap: dict) -> dict[str, object]:
        """The Application columns derived from a snapshot (dates stay ISO text; the insert converts them)."""
        parties = snap["parties"]
        located = [p for p in facts.holders(snap) if p.get("region_code")] or \
                  [p for p in parties if p["role"] == rec.APPLICANT and p.get("region_code")]
        region = facts.place(located[0]["region_code"]) if located else ""
        region = region if region in self.region_codes else ""
        pub_dates = [p["date"] for p in snap["publications"] if p.get("date")]
        filing = snap.get("filing_date")
        first_applicant = next((p["name"] for p in parties if p["role"] == rec.APPLICANT), "")
        return {
            "country": snap["country"], "patent_type": snap["patent_type"], "title": snap["title"],
            "title_en": snap["title_en"], "abstract": snap["abstract"], "filing_date": filing,
            "filing_year": int(filing[:4]) if filing else None, "priority_date": snap.get("priority_date"),
            "publication_date": min(pub_dates) if pub_dates else None, "grant_date": snap.get("grant_date"),
            "legal_status": snap.get("legal_status") or "unknown", "main_ipc": snap.get("main_ipc", ""),
            "first_applicant": first_applicant[:300], "region": region or None,
            "province_code": region[:2] + "0000" if region else "",
            "city_code": region[:4] + "00" if region and not region.endswith("0000") else "",
            "sei_codes": self._classify(snap),
            "data": snap,
        }

    def _write_children(self, pairs: list[tuple[int, Pending]]) -> None:
        pubs, parties, ipcs, events = [], [], [], []
        for pk, item in pairs:
            snap = item.snapshot
            for p in snap["publications"]:
                pubs.append((pk, p["number"], p["country"], p["kind"], p.get("date")))
            seq: dict[str, int] = {}
            for p in snap["parties"]:
                seq[p["role"]] = seq.get(p["role"], 0) + 1
                code = p.get("region_code") or ""
                parties.append((
                    pk, p["role"], seq[p["role"]], p["name"][:300], names.normalize(p["name"])[:300],
                    names.party_type(p["name"], is_inventor=p["role"] in {rec.INVENTOR, rec.AGENT}),
                    p.get("address", "")[:500], p.get("country", ""), code if code in self.region_codes else None,
                    p.get("region_source", "")))
            for i, code in enumerate(snap["ipc"]):
                ipcs.append((pk, code, code == snap.get("main_ipc"), i + 1))
            for e in snap["events"]:
                events.append((pk, e.get("date"), e["code"][:40], e["description"][:500]))
        insert_rows(Publication, ["application", "number", "country", "kind", "date"], pubs)
        insert_rows(Party, ["application", "role", "seq", "name", "normalized_name", "party_type", "address",
                            "country", "region", "region_source"], parties)
        insert_rows(IpcAssignment, ["application", "code", "is_main", "seq"], ipcs)
        insert_rows(LegalEvent, ["application", "date", "code", "description"], events)
        self._write_facts(pairs)

    def _write_facts(self, pairs: list[tuple[int, Pending]]) -> None:
        fact_rows, regions, gaps = [], [], []
        for pk, item in pairs:
            snap = item.snapshot
            sei_main, sei_any = self._sei.get(id(snap)) or (False, False)
            row, holder_rows, gap_rows = facts.rows(facts.fact(pk, snap, self.region_codes, sei_main, sei_any))
            fact_rows.append(row)
            regions += holder_rows
            gaps += gap_rows
        insert_facts(fact_rows, regions, gaps)

    @staticmethod
    def _write_outbox(written: list[tuple[int, Pending]], status_changes: dict[int, list | None],
                      created: int) -> None:
        now = timezone.now()
        rows = []
        for i, (pk, _) in enumerate(written):
            change = status_changes.get(pk) or ["", ""]
            rows.append((pk, i < created, str(change[0] or ""), str(change[1] or ""), now))
        insert_rows(Outbox, ["application_id", "created", "status_from", "status_to", "at"], rows)

    def _write_sources(self, pairs: list[tuple[int, Pending]]) -> None:
        now = timezone.now()
        rows = [(pk, self.import_file.sha256, self.import_file.name[:500] or src.file[:500], src.row,
                 self.import_file.format, src.raw, now)
                for pk, item in pairs for src in item.sources]
        insert_rows(SourceRecord, ["application", "file_sha256", "file_name", "row", "format", "raw", "imported_at"],
                    rows, ignore_conflicts=True)


_COLUMNS = ["country", "patent_type", "title", "title_en", "abstract", "filing_date", "filing_year", "priority_date",
            "publication_date", "grant_date", "legal_status", "main_ipc", "first_applicant", "region",
            "province_code", "city_code", "sei_codes", "data"]
_ATTRS = {name: "region_id" if name == "region" else name for name in _COLUMNS}
