"""After an import: the transfer, licence and pledge events of the records it wrote become deals."""

from __future__ import annotations

from typing import Any


def after_import(sender: Any, run: Any, **kwargs: Any) -> None:
    from zhichan.deals.actions import do_link_legal_events
    from zhichan.patents.models import Application

    changed = list(Application.objects.filter(updated_at__gte=run.started_at).values_list("pk", flat=True))
    if changed:
        do_link_legal_events(None, changed)
