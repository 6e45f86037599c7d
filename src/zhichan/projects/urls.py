"""/projects/ (sign in first; then each page's permission)."""

from django.urls import path

from zhichan.projects import views, views_scoring

app_name = "projects"

urlpatterns = [
    path("", views.calls, name="calls"),
    path("new/", views.call_edit, name="call-new"),
    path("mine/", views.mine, name="mine"),
    path("check/", views.check_list, name="check"),
    path("experts/", views.experts, name="experts"),
    path("experts/new/", views.expert_edit, name="expert-new"),
    path("experts/<int:expert_id>/", views.expert_edit, name="expert-edit"),
    path("reviews/mine/", views.my_seats, name="seats"),
    path("seats/<int:member_id>/answer/", views.answer_seat, name="seat-answer"),
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
]
