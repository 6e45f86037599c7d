"""/events/ (public: core/middleware PUBLIC_PREFIXES; one's own and the office's pages sign in first, then the
permission)."""

from typing import Any

from django.urls import path
from django.views.generic import RedirectView

from zhichan.events import rotation_views, views_office, views_public, views_training


def _moved(name: str) -> Any:
    """A permanent redirect to the page's new address under /training/ (the query string, e.g. ?year=, kept)."""
    return RedirectView.as_view(pattern_name=name, permanent=True, query_string=True)


app_name = "events"

urlpatterns = [
    path("", views_public.event_list, name="list"),
    path("mine/", views_public.mine, name="mine"),
    path("mine/<int:registration_id>/qr.svg", views_public.qr_code, name="qr"),
    path("mine/<int:registration_id>/cancel/", views_public.cancel_registration, name="cancel-registration"),
    # 我的学时 moved to /training/hours/ (events/urls_training.py); the old addresses answer 301
    path("hours/", _moved("training:hours")),
    path("hours/<int:credit_id>/certificate.pdf", _moved("training:certificate")),
    path("verify/", views_training.verify, name="verify"),
    path("verify/<str:code>/", views_training.verify, name="verify-code"),
    path("office/hours/", views_training.office, name="hours-office"),
    path("office/hours.xlsx", views_training.export, name="hours-export"),
    path("office/hours/feed/", views_training.feed, name="hours-feed"),
    path("office/<int:event_id>/credit-hours/", views_training.credit_event, name="credit-hours"),
    path("office/rotation/", rotation_views.plans, name="rotation-plans"),  # 轮训 (events/rotation*.py)
    path("office/rotation/new/", rotation_views.edit, name="rotation-new"),
    path("office/rotation/<int:plan_id>/", rotation_views.detail, name="rotation"),
    path("office/rotation/<int:plan_id>/edit/", rotation_views.edit, name="rotation-edit"),
    path("office/rotation/<int:plan_id>/untrained.xlsx", rotation_views.export, name="rotation-export"),
    path("<int:event_id>/", views_public.event_detail, name="detail"),
    path("<int:event_id>/register/", views_public.register, name="register"),
    path("<int:event_id>/propose/", views_public.propose, name="propose"),
    path("<int:event_id>/checkin/<str:token>/", views_office.checkin, name="checkin"),
    path("office/", views_office.office, name="office"),
    path("office/new/", views_office.edit, name="new"),
    path("office/<int:event_id>/", views_office.manage, name="manage"),
    path("office/<int:event_id>/edit/", views_office.edit, name="edit"),
    path("office/<int:event_id>/registrations.xlsx", views_office.export, name="export"),
    path("office/<int:event_id>/<str:name>/", views_office.step, name="step"),
    path("office/items/<int:item_id>/decide/", views_office.decide, name="decide"),
]
