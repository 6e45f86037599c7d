"""Background jobs of the indicators app: recomputing the latest figures when records were placed again."""

from __future__ import annotations

from typing import Any

from zhichan.core import jobs
from zhichan.core.jobs import Progress, handler
from zhichan.core.models import Job


@handler("indicators.recompute")
def recompute_latest(job: Job, progress: Progress) -> dict:
    from zhichan.indicators.actions import do_recompute_latest

    done = do_recompute_latest(None, progress)
    return {"recomputed": done}


def after_places_changed(sender: Any, applications: int = 0, **kwargs: Any) -> None:
    """Records moved between regions: the figures computed before no longer hold; compute them again."""
    job = jobs.create("indicators.recompute", f"重新计算指标（{applications} 件记录重新定位）")
    jobs.enqueue_on_commit(job)
