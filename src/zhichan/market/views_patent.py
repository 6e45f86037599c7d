"""为该专利找企业 (/market/patents/<key>/enterprises/): the enterprises a patent fits — holders of similar patents
and the organisations whose open demands it fits — each with why (market/matching/targets.enterprises_for). Run on
demand and not stored: the answer follows the index, and it opens no demand's details (a demand's public words only).
For the office and for users of the patent's registered holder."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from zhichan.core.permissions import can
from zhichan.market import explain, stored
from zhichan.patents.models import Application

LIMIT = 20


def may_find_enterprises(user: Any, app: Application) -> bool:
    if can(user, "market.review"):
        return True
    if not can(user, "market.offer") or not getattr(user, "organization_id", None):
        return False
    holder = stored.holder_org(app)
    return holder is not None and holder.pk == user.organization_id


def _explained(target: Any) -> explain.Explained:
    terms = list(target.shared_terms)
    factors = explain.factor_rows(target.factors)
    return explain.Explained(None, target.kind, target.name, True, target.score, terms,
                             list(target.factors["ipc"].get("shared", [])), [], factors, "",
                             target.patents[0] if target.patents else "")


@login_required
def patent_enterprises(request: HttpRequest, key: str) -> HttpResponse:
    from zhichan.market.matching.targets import enterprises_for

    app = get_object_or_404(Application, key=key)
    if not may_find_enterprises(request.user, app):
        raise PermissionDenied
    targets = enterprises_for(app.pk, LIMIT)
    return render(request, "market/patent_enterprises.html", {
        "app": app, "rows": [(t, _explained(t)) for t in targets]})
