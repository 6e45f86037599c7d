"""/deals/: the office's register of IP transactions (deals.record)."""

from django.urls import path

from zhichan.deals import views

app_name = "deals"

urlpatterns = [
    path("", views.deal_list, name="list"),
    path("export.xlsx", views.export, name="export"),
    path("sync/", views.sync, name="sync"),
    path("new/", views.deal_edit, name="new"),
    path("<int:deal_id>/", views.deal_detail, name="detail"),
    path("<int:deal_id>/edit/", views.deal_edit, name="edit"),
    path("<int:deal_id>/cancel/", views.deal_cancel, name="cancel"),
]
