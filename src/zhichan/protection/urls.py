"""Addresses of protection: public pages under /protection/, office pages under /protection/office/."""

from django.urls import path

from zhichan.protection import publish_views, report_views, views, watch_views

app_name = "protection"

urlpatterns = [
    path("", views.index, name="index"),
    path("file/", views.file_case, name="file"),
    path("follow/", views.follow, name="follow"),
    path("cases/", publish_views.typical_list, name="typical"),
    path("cases/<int:typical_id>/", publish_views.typical_detail, name="typical-case"),
    path("ecommerce/", publish_views.ecommerce, name="ecommerce"),
    path("office/", views.office_list, name="office"),
    path("office/new/", views.office_new, name="new"),
    path("office/stats/", views.statistics, name="stats"),
    path("office/stats/feed/", views.feed, name="feed"),
    path("office/risks/", views.risks, name="risks"),
    path("office/<int:case_id>/", views.case_page, name="case"),
    path("office/<int:case_id>/decision.docx", views.decision_docx, name="decision"),
    path("office/<int:case_id>/typical/", publish_views.typical_edit, name="typical-edit"),
    path("watch/", watch_views.lists, name="watch"),
    path("watch/<int:list_id>/", watch_views.watch_list, name="watch-list"),
    path("reports/", report_views.reports, name="reports"),
    path("reports/<int:report_id>/", report_views.report_page, name="report"),
    path("reports/<int:report_id>/report.docx", report_views.report_file, name="report-docx"),
]
