from django.urls import path

from zhichan.indicators import views, views_figures

app_name = "indicators"
urlpatterns = [
    path("", views_figures.dashboard, name="dashboard"),
    path("compute/", views_figures.compute_view, name="compute"),
    path("publish/", views_figures.publish_view, name="publish"),
    path("population/", views.population, name="population"),
    path("reported/", views.reported_values, name="reported"),
    path("high-value/<str:region_code>/", views_figures.high_value_list, name="high-value"),
    path("high-value/<str:region_code>/export/", views_figures.high_value_export, name="high-value-export"),
    path("exports/<int:job_id>/download/", views_figures.export_download, name="export-download"),
    path("geo/<str:city_code>.json", views.city_geojson, name="geo"),
    path("plans/", views.plan_list, name="plans"),
    path("catalogue/", views.catalogue_page, name="catalogue"),
    path("awards/<str:key>/", views.add_award, name="add-award"),
    path("reports/", views.reports_page, name="reports"),
    path("reports/<int:report_id>.<str:fmt>", views.report_file, name="report-file"),
    path("plans/<int:plan_id>/", views.plan_dashboard, name="plan"),
    path("plans/<int:plan_id>/export.xlsx", views.plan_export, name="plan-export"),
    path("plans/<int:plan_id>/map.json", views.plan_map_data, name="plan-map"),
    path("plans/<int:plan_id>/baseline/", views.plan_baseline, name="plan-baseline"),
    path("plans/import/", views.plan_import, name="plan-import"),
]
