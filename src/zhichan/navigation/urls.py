from django.urls import path

from zhichan.navigation import views

app_name = "navigation"
urlpatterns = [
    path("", views.database_list, name="list"),
    path("aliases/", views.aliases_page, name="aliases"),
    path("china.json", views.china_geojson, name="china"),
    path("search/", views.search_dashboard, name="search"),
    path("search/records/", views.search_records, name="search-records"),
    path("search/report/", views.search_report, name="search-report"),
    path("reports/<int:job_id>/download/", views.report_download, name="report-download"),
    path("<int:db_id>/", views.database_detail, name="detail"),
    path("<int:db_id>/scope/", views.update_scope, name="scope"),
    path("<int:db_id>/branches/", views.add_branch, name="branch"),
    path("<int:db_id>/refresh/", views.refresh, name="refresh"),
    path("<int:db_id>/dashboard/", views.dashboard, name="dashboard"),
    path("<int:db_id>/records/", views.records_page, name="records"),
    path("<int:db_id>/versions/<int:number>/<str:which>/", views.version_changes, name="changes"),
    path("<int:db_id>/report/", views.report_file, name="report"),
]
