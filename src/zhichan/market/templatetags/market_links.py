"""{% load market_links %}{% patent_market_links app %}: the market's links on a patent's page (为该专利找企业),
shown to the office and to users of the patent's registered holder."""

from __future__ import annotations

from typing import Any

from django import template

from zhichan.market import views_patent

register = template.Library()


@register.inclusion_tag("market/_patent_links.html", takes_context=True)
def patent_market_links(context: dict[str, Any], app: Any) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"app": app, "show": user is not None and views_patent.may_find_enterprises(user, app)}
