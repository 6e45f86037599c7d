"""/training/ (issue 17): upcoming courses and lectures for everyone (core/middleware PUBLIC_PATHS); 我的学时 and a
certificate sign in first. The old /events/hours/ addresses answer 301 here (events/urls.py)."""

from django.urls import path

from zhichan.events import views_training, views_training_list

app_name = "training"

urlpatterns = [
    path("", views_training_list.training_list, name="list"),
    path("hours/", views_training.mine, name="hours"),
    path("hours/<int:credit_id>/certificate.pdf", views_training.certificate_pdf, name="certificate"),
]
