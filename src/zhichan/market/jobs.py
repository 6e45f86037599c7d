"""Background jobs of the market (registered when the app is ready): a demand's matching stored with its reasons,
and the alerts of a newly published listing to the open demands it fits (docs/market.md)."""

from __future__ import annotations

from typing import Any

from zhichan.core.jobs import handler


@handler("market.match")
def match_job(job: Any, progress: Any) -> dict:
    from zhichan.market.actions import do_match_demand
    from zhichan.market.models import Demand

    return do_match_demand(None, Demand.objects.get(pk=job.params["demand"]))


@handler("market.listing_alerts")
def listing_alerts_job(job: Any, progress: Any) -> dict:
    from zhichan.market.alerts import listing_published
    from zhichan.market.models import Listing

    return {"demands": listing_published(Listing.objects.select_related("application").get(pk=job.params["listing"]))}
