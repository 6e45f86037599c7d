"""Signals other apps listen to (the search index drains its outbox after an import)."""

from django.dispatch import Signal

patents_stored = Signal()  # kwargs: run (ImportRun) — applications were written
places_changed = Signal()  # kwargs: applications (int) — records were placed again from the applicant directory
