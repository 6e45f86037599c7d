from django.urls import path

from zhichan.search import views

app_name = "search"
urlpatterns = [
    path("", views.search_page, name="search"),
    path("save/", views.save_search, name="save"),
    path("saved/", views.saved_list, name="saved"),
    path("alerts/", views.alerts_page, name="alerts"),
    path("export/", views.start_export, name="export"),
    path("export/<int:job_id>/download/", views.download_export, name="export-download"),
    path("similar/<str:key>/", views.similar_fragment, name="similar"),
    path("watch/<str:key>/", views.watch_patent, name="watch"),
]
