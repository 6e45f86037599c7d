from django.urls import path

from zhichan.services import staffing, views

app_name = "services"
urlpatterns = [
    path("catalogue/", views.catalogue, name="catalogue"),
    path("catalogue/faq/", views.faq, name="faq"),
    path("catalogue/<str:code>/", views.guide, name="guide"),
    path("guides/<str:code>/edit/", views.edit_guide, name="edit-guide"),
    path("my/", views.portal, name="portal"),
    path("apply/<str:kind>/", views.apply, name="apply"),
    path("cases/<int:case_id>/", views.case_page, name="case"),
    path("attachments/<int:attachment_id>/", views.attachment, name="attachment"),
    path("work/", views.workbench, name="workbench"),
    path("stats/", views.statistics, name="statistics"),
    path("stats/feed/", views.feed_indicators, name="feed"),
    path("fields/", views.technical_fields, name="fields"),
    path("windows/", staffing.windows_page, name="windows"),
    path("notifications/", views.notifications, name="notifications"),
]
