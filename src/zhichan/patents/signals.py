"""Signals other apps listen to (the search index drains its outbox after an import)."""

from django.dispatch import Signal

patents_stored = Signal()  # kwargs: run (ImportRun) — applications were written
places_changed = Signal()  # kwargs: applications (int) — records were placed again from the applicant directory
# kwargs: rows [(application id, created, status before, status after)], drain (the drain's id, the same for all
# its batches) — sent by search.sync.drain inside its transaction once the index holds the batch (the market tells
# holders of listed patents what changed)
outbox_drained = Signal()
