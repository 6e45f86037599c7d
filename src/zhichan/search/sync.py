"""Keeping the index in step with the database.

Every write to an application adds an outbox row in the same transaction (patents.ingest.loader). `drain()`
indexes the applications named in the outbox, commits the index, then — in one database transaction — raises
the monitoring alerts and deletes the rows it handled. A crash before the index commit leaves the rows for the
next drain; a crash after it re-indexes the same applications (idempotent) and raises the alerts once.
`rebuild()` indexes everything from scratch.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator

from django.db import transaction

from zhichan.patents import signals
from zhichan.patents.models import Application, Outbox
from zhichan.search import monitoring
from zhichan.search.documents import Source, document
from zhichan.search.engine import backend

Progress = Callable[[int, int], None]


def sources(ids: Iterable[int]) -> Iterator[Source]:
    rows = Application.objects.filter(pk__in=list(ids)).values_list("pk", "data", "region_id", "sei_codes")
    for pk, data, region, sei in rows:
        yield Source(pk, data, region or "", sei or [])


def drain(batch_size: int = 5000, notify: bool = True) -> dict[str, int]:
    engine = backend()
    indexed = alerts = 0
    drain_id = uuid.uuid4().hex  # receivers may keep what stays the same between the batches of one drain
    while True:
        rows = list(Outbox.objects.order_by("pk").values_list("pk", "application_id", "created", "status_from",
                                                                 "status_to")[:batch_size])
        if not rows:
            break
        ids = sorted({row[1] for row in rows})
        with engine.writing():
            engine.delete(ids)
            indexed += engine.add(document(src) for src in sources(ids))
        with transaction.atomic():
            if notify:
                alerts += monitoring.notify(engine, [r[1] for r in rows if r[2]],
                                            {r[1]: (r[3], r[4]) for r in rows if r[3] != r[4]})
                signals.outbox_drained.send(sender=Outbox, rows=[r[1:] for r in rows], drain=drain_id)
            Outbox.objects.filter(pk__lte=rows[-1][0]).delete()
    return {"indexed": indexed, "alerts": alerts}


def rebuild(progress: Progress | None = None, chunk: int = 5000) -> dict[str, int]:
    """Index every application again. The outbox rows present at the start are covered and removed."""
    engine = backend()
    last_outbox = Outbox.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    total = Application.objects.count()
    done = 0
    with engine.writing():
        engine.clear()
        last_pk = 0
        while True:
            ids = list(Application.objects.filter(pk__gt=last_pk).order_by("pk").values_list("pk", flat=True)[:chunk])
            if not ids:
                break
            done += engine.add(document(src) for src in sources(ids))
            last_pk = ids[-1]
            if progress:
                progress(done, total)
    Outbox.objects.filter(pk__lte=last_outbox).delete()
    return {"indexed": done}


def pending() -> int:
    return Outbox.objects.count()


def ensure_built() -> dict[str, int] | None:
    """After an upgrade that changed the index layout the index starts empty: rebuild it from the database."""
    if backend().doc_count() == 0 and Application.objects.exists():
        return rebuild()
    return None
