"""Rebuild every application's indicator facts from its snapshot (after an upgrade that adds or changes them).

Callers go through `indicators.actions.do_rebuild_facts`, which checks the permission and writes the audit record;
this module is the work itself."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from zhichan.patents import facts
from zhichan.patents.ingest.loader import insert_facts, make_classifier, make_resolver
from zhichan.patents.models import Application, FactGap, FactRegion, PatentFact


def rebuild(progress: Callable[[int, int], None] | None = None, chunk: int = 5000) -> int:
    codes = set(make_resolver().known)
    classifier = make_classifier("any")
    total, done, last = Application.objects.count(), 0, 0
    while True:
        rows = list(Application.objects.filter(pk__gt=last).order_by("pk").values_list("pk", "data")[:chunk])
        if not rows:
            return done
        fact_rows, regions, gaps = [], [], []
        for pk, snap in rows:
            flags = classifier.flags(snap.get("main_ipc", ""), snap.get("ipc", [])) if classifier else (False, False)
            row, holder_rows, gap_rows = facts.rows(facts.fact(pk, snap, codes, *flags))
            fact_rows.append(row)
            regions += holder_rows
            gaps += gap_rows
        ids = [pk for pk, _ in rows]
        with transaction.atomic():
            PatentFact.objects.filter(pk__in=ids).delete()
            FactRegion.objects.filter(application_id__in=ids).delete()
            FactGap.objects.filter(application_id__in=ids).delete()
            insert_facts(fact_rows, regions, gaps)
        done, last = done + len(rows), ids[-1]
        if progress:
            progress(done, total)
