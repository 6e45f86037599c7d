from django.urls import path

from zhichan.patents import views

app_name = "patents"
urlpatterns = [
    path("", views.patent_list, name="list"),
    path("import/", views.import_page, name="import"),
    path("imports/<int:file_id>/rejected.xlsx", views.rejected_rows_xlsx, name="rejected-xlsx"),
    path("<str:key>/", views.patent_detail, name="detail"),
]
