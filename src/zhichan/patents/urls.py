from django.urls import path

from zhichan.patents import views, views_places, views_reconcile

app_name = "patents"
urlpatterns = [
    path("", views.patent_list, name="list"),
    path("import/", views.import_page, name="import"),
    path("places/", views_places.places_page, name="places"),
    path("imports/<int:file_id>/rejected.xlsx", views.rejected_rows_xlsx, name="rejected-xlsx"),
    path("imports/<int:file_id>/reconcile/", views_reconcile.reconcile_page, name="reconcile"),
    path("<str:key>/", views.patent_detail, name="detail"),
]
