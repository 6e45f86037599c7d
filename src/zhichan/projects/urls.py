"""/projects/ (the list and /projects/public/ are open to anyone; everything else signs in first, then each
page's permission)."""

from typing import Any

from django.urls import path
from django.views.generic import RedirectView

from zhichan.projects import views, views_credit, views_outcome, views_scoring


def _moved(name: str) -> Any:
    """A permanent redirect to the page's new address under /experts/ (the query string kept)."""
    return RedirectView.as_view(pattern_name=name, permanent=True, query_string=True)


app_name = "projects"

urlpatterns = [
    path("", views.calls, name="calls"),
    path("new/", views.call_edit, name="call-new"),
    path("mine/", views.mine, name="mine"),
    path("check/", views.check_list, name="check"),
    # the expert pool moved to /experts/ (projects/urls_experts.py); the old addresses answer 301
    path("experts/", _moved("experts:pool")),
    path("experts/new/", _moved("experts:new")),
    path("experts/<int:expert_id>/", _moved("experts:edit")),
    path("reviews/mine/", _moved("experts:me")),
    path("credit/", views_credit.records, name="credit"),  # 严重失信 records (office)
    path("credit/<int:record_id>/remove/", views_credit.remove, name="credit-remove"),
    path("seats/<int:member_id>/answer/", views.answer_seat, name="seat-answer"),
    path("seats/<int:member_id>/rate/", views.rate_expert, name="rate-expert"),
    path("<int:call_id>/", views.call_detail, name="call"),
    path("<int:call_id>/edit/", views.call_edit, name="call-edit"),
    path("<int:call_id>/publish/", views.call_publish, name="call-publish"),
    path("<int:call_id>/apply/", views.apply, name="apply"),
    path("<int:call_id>/applications.csv", views.applications_csv, name="applications-csv"),
    path("<int:call_id>/draw/", views.draw, name="draw"),
    path("<int:call_id>/review/", views.review, name="review"),
    path("<int:call_id>/results/", views_scoring.results, name="results"),
    path("reviews/<int:review_id>/score/<int:application_id>/", views_scoring.score, name="score"),
    path("applications/<int:application_id>/", views.application_detail, name="application"),
    path("applications/<int:application_id>/step/", views.application_step, name="application-step"),
    path("files/<int:file_id>/", views.application_file, name="file"),
    path("<int:call_id>/decision/", views_outcome.decision, name="decision"),
    path("<int:call_id>/decision/step/", views_outcome.decision_step, name="decision-step"),
    path("objections/<int:objection_id>/answer/", views_outcome.objection_answer, name="objection-answer"),
    path("awards/<int:award_id>/", views_outcome.award, name="award"),
    path("awards/<int:award_id>/reconsider/", views_outcome.award_reconsider, name="award-reconsider"),
    path("awards/<int:award_id>/report.docx", views_outcome.award_report, name="award-report"),
    # public (core/middleware: /projects/ itself and /projects/public/ only)
    path("public/<int:call_id>/", views_outcome.public_call, name="public-call"),
    path("public/<int:call_id>/publicity/", views_outcome.publicity, name="publicity"),
]
