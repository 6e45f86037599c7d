"""Watch-list event detection benchmark (issue 16): import --new demo records (a second demo seed, numbers moved
out of the corpus's range) plus a transfer and a lapse on --changed watched patents, into the cached demo corpus of
--size records (bench/corpus.py) with --lists watch lists, then time protection.watch_events.detect_events over the
import's outbox rows in the drain's batches (--batch, 5,000 like search.sync.drain). Everything runs in one
transaction rolled back at the end: the cached corpus is left as it was. Prints one JSON object.

    python bench/watch.py [--size 1000000] [--new 100000] [--lists 1000] [--batch 5000]

Each list belongs to one of the corpus's applicants (an organisation made for it): its valid patents are the
similar-patent side; it names five of them as watched patents, one other applicant as competitor with that
competitor's main IPC subclass as area, and a third applicant as 重点企业.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import gc
import json
import resource
import statistics
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import ensure


def watch_lists(count: int) -> dict[str, int]:
    from django.db.models import Count

    from zhichan.core.models import Organization
    from zhichan.patents.models import Application, Party
    from zhichan.protection.models import WatchItem, WatchList

    names = [r["normalized_name"] for r in Party.objects.filter(role="applicant").values("normalized_name")
             .annotate(n=Count("pk")).order_by("-n", "normalized_name")[:count]]
    orgs = {n: Organization.objects.get_or_create(name=n, defaults={"kind": "enterprise"})[0] for n in names}
    items = []
    for i in range(count):
        own, rival, other = names[i % len(names)], names[(i + 1) % len(names)], names[(i + 2) % len(names)]
        wl = WatchList.objects.create(name=f"bench {i}", organization=orgs[own])
        patents = Application.objects.filter(parties__normalized_name=own, parties__role="applicant",
                                             legal_status="valid").order_by("pk").values_list("pk", "key")
        for pk, key in patents[(i // len(names)) * 5:(i // len(names)) * 5 + 5]:
            items.append(WatchItem(watch_list=wl, kind="patent", value=key, application_id=pk))
        ipc = Application.objects.filter(first_applicant__isnull=False, parties__normalized_name=rival) \
            .exclude(main_ipc="").values_list("main_ipc", flat=True).first() or "G06F"
        items += [WatchItem(watch_list=wl, kind="competitor", value=rival),
                  WatchItem(watch_list=wl, kind="ipc", value=ipc[:4]),
                  WatchItem(watch_list=wl, kind="enterprise", value=other)]
    WatchItem.objects.bulk_create(items, batch_size=1000)
    return {"lists": count, "organisations": len(orgs), "items": len(items),
            "watched_patents": sum(1 for i in items if i.kind == "patent")}


def new_records(size: int, changed: int, today: dt.date) -> list:
    from zhichan.core.models import Region
    from zhichan.patents import numbers
    from zhichan.patents import record as rec
    from zhichan.patents.demo import DemoCorpus, Place
    from zhichan.patents.models import IpcTitle
    from zhichan.protection.models import WatchItem

    city = Region.objects.filter(name="徐州市", level=2).select_related("parent").first()
    districts = list(city.children.values_list("code", "name"))
    codes = sorted(IpcTitle.objects.filter(code__contains="/").exclude(title_zh="").values_list("code", flat=True))
    corpus = DemoCorpus(Place(city.parent.name, city.name, districts), codes[::37], 2027)
    out = []
    for r in corpus.records(size):
        digits = r.key[2:-2]
        digits = digits[:5] + str(int(digits[5:]) - 5_000_000).zfill(7)  # 4xxxxxx: outside the corpus's 9xxxxxx
        out.append(dataclasses.replace(r, key=f"CN{digits}.{numbers.cn_check_character(digits)}"))
    day = today - dt.timedelta(days=5)
    watched = WatchItem.objects.filter(kind="patent").values_list("application__key", "application__patent_type")
    for n, (key, patent_type) in enumerate(watched.distinct()[:changed]):
        event = rec.EventRecord(day, "专利权的转移", "专利权的转移") if n % 2 else \
            rec.EventRecord(day, "专利权的终止", "未缴年费专利权终止")
        out.append(rec.PatentRecord(key=key, country="CN", patent_type=patent_type, events=[event],
                                    legal_status="" if n % 2 else "lapsed"))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--new", type=int, default=100_000)
    parser.add_argument("--lists", type=int, default=1000)
    parser.add_argument("--changed", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=5000)
    args = parser.parse_args()
    ensure(args.size)
    from django.db import transaction
    from django.utils import timezone

    from zhichan.patents.ingest.loader import Loader
    from zhichan.patents.models import Application, ImportFile, ImportRun, Outbox
    from zhichan.protection import watch_events
    from zhichan.protection.models import WatchEvent

    out: dict = {"corpus": f"demo {args.size} records (徐州市, seed 2026)", "existing": Application.objects.count(),
                 "new": args.new, "changed_watched": args.changed, "batch": args.batch}
    today = timezone.localdate()
    with transaction.atomic():
        Outbox.objects.all().delete()
        out["watch"] = watch_lists(args.lists)
        records = new_records(args.new, args.changed, today)
        started = time.perf_counter()
        loader = Loader(ImportFile.objects.create(run=ImportRun.objects.create(), name="bench-watch", sha256="x",
                                                  format="demo"), batch_size=1000)
        for start in range(0, len(records), 5000):
            loader.store(loader.group(records[start:start + 5000]))
        out["import_seconds"] = round(time.perf_counter() - started, 1)
        del records, loader  # the drain runs after the import, in the worker, without the import's records
        gc.collect()
        rows = list(Outbox.objects.order_by("pk").values_list("application_id", "created", "status_from", "status_to"))
        out["outbox_rows"] = len(rows)
        times = []
        drain = uuid.uuid4().hex  # one drain: its batches share the drain's fixed work, as under search.sync.drain
        started = time.perf_counter()
        for start in range(0, len(rows), args.batch):
            t = time.perf_counter()
            watch_events.detect_events(rows[start:start + args.batch], today, drain=drain)
            times.append(time.perf_counter() - t)
        out["detect_seconds"] = round(time.perf_counter() - started, 2)
        out["batch_seconds_median"] = round(statistics.median(times), 3) if times else 0
        out["batch_seconds_max"] = round(max(times), 3) if times else 0
        out["events"] = dict(Counter(WatchEvent.objects.values_list("kind", flat=True)))
        out["events_total"] = sum(out["events"].values())
        started = time.perf_counter()
        watch_events.detect_events(rows[:args.batch], today, drain=drain)
        out["rerun_first_batch_new_events"] = WatchEvent.objects.count() - out["events_total"]
        out["rerun_first_batch_seconds"] = round(time.perf_counter() - started, 2)
        transaction.set_rollback(True)
    out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    out["target_met_le_60s"] = out["detect_seconds"] <= 60
    print(json.dumps(out, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
