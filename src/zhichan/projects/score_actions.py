"""Experts score the applications of the review they sit on, against the call's scoring sheet; the office reads
the results: aggregates by the call's rule, ranks and outlier flags (projects/scoring.py)."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from zhichan import conf
from zhichan.core import audit
from zhichan.core.permissions import PermissionDenied
from zhichan.projects import scoring
from zhichan.projects.actions import ALL, Refused
from zhichan.projects.models import ProjectApplication, Review, ReviewMember, Score


def seat_of(actor: Any, review: Review) -> ReviewMember | None:
    """The actor's accepted seat on the review, if any."""
    if not getattr(actor, "is_authenticated", False):
        return None
    return ReviewMember.objects.filter(review=review, expert__user=actor,
                                       status=ReviewMember.Status.ACCEPTED).select_related("expert").first()


@transaction.atomic
def do_score(actor: Any, review: Review, application: ProjectApplication, points: Mapping[str, object],
             comment: str = "") -> Score:
    """An expert's points for one application (a later call replaces them until the office closes the review)."""
    seat = seat_of(actor, review)
    if seat is None or not review.applications.filter(pk=application.pk).exists():
        raise PermissionDenied("projects.score")
    sheet = review.call.sheet
    if not sheet:
        raise Refused({ALL: [_("该项目没有评分表")]})
    try:
        clean = scoring.clean_points(sheet, points)
    except scoring.SheetError as exc:
        code = str(exc).split(":", 1)[0]
        label = next((c["label"] for c in sheet if c["code"] == code), code)
        raise Refused({code: [_("“%(item)s”的分值须在 0 到满分之间") % {"item": label}]}) from exc
    score, _created = Score.objects.update_or_create(
        review=review, application=application, expert=seat.expert,
        defaults={"points": clean, "total": scoring.total(clean), "comment": comment.strip()[:5000]})
    audit.record(actor, "projects.score", score, summary=f"{application.number} {score.total}")
    return score


def results(review: Review) -> list[dict[str, Any]]:
    """Per application: aggregate, rank, how many scored, whether trimmed, and each expert's total with its flag."""
    call = review.call
    scores = list(review.scores.select_related("expert"))
    by_app: dict[int, list[Score]] = {a: [] for a in review.applications.values_list("pk", flat=True)}
    for s in scores:
        by_app.setdefault(s.application_id, []).append(s)
    ranked = scoring.rank({a: [s.total for s in ss] for a, ss in by_app.items()}, call.aggregation)
    threshold = float(conf.value("ZHICHAN_PROJECTS_OUTLIER_SHARE"))  # type: ignore[arg-type]
    maximum = scoring.sheet_max(call.sheet)
    apps = {a.pk: a for a in review.applications.select_related("organization")}
    out = []
    for r in ranked:
        totals = {s.expert_id: Decimal(s.total) for s in by_app[r.application]}
        flagged = scoring.outliers(totals, maximum, threshold)
        out.append({"application": apps[r.application], "aggregate": r.aggregate, "rank": r.rank, "count": r.count,
                    "trimmed": r.trimmed, "scores": [{"score": s, "outlier": s.expert_id in flagged}
                                                     for s in by_app[r.application]]})
    return out
