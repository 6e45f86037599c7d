"""/experts/: the expert pool (评审专家库), moved from /projects/experts/ (issue 17). The pool is the office's
(projects.manage): its entry conditions, declared relationships and ratings are not published, so there is no public
/experts/ page — an anonymous visitor is sent to sign in (core/middleware), another role gets 403. /experts/me/ is an
expert's own page: their seats, the ratings the office gave them and the relationships they declared."""

from django.urls import path

from zhichan.projects import views

app_name = "experts"

urlpatterns = [
    path("", views.experts, name="pool"),
    path("new/", views.expert_edit, name="new"),
    path("me/", views.my_seats, name="me"),
    path("<int:expert_id>/", views.expert_edit, name="edit"),
]
