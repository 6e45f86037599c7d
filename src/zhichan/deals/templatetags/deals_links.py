"""{% patent_deals app %}: the patent page's 交易记录 (the deals of the patent), for the office only."""

from __future__ import annotations

from typing import Any

from django import template

from zhichan.core.permissions import can

register = template.Library()


@register.inclusion_tag("deals/_patent_deals.html", takes_context=True)
def patent_deals(context: dict[str, Any], app: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    if not can(user, "deals.record"):
        return {"show": False}
    from zhichan.deals.models import Deal

    return {"show": True, "app": app, "deals": list(Deal.objects.filter(application=app).select_related("region")
                                                    .order_by("-effective_on", "-pk")[:50])}
