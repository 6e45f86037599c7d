"""Keeping the index current: after every import, and every minute to catch up after a crash."""

from __future__ import annotations

import logging
from typing import Any

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from zhichan.search import sync

log = logging.getLogger(__name__)


@db_periodic_task(crontab(minute="*"))
def drain_outbox() -> None:
    sync.ensure_built()
    if sync.pending():
        sync.drain()


def after_import(sender: Any, **kwargs: Any) -> None:
    try:
        sync.drain()
    except Exception:  # the import is stored; the outbox keeps the rows and the periodic task retries
        log.exception("search index update after import failed; it will be retried")
