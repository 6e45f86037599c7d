from django.urls import path

from zhichan.indicators import views

app_name = "indicators"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("compute/", views.compute_view, name="compute"),
    path("population/", views.population, name="population"),
    path("high-value/<str:region_code>/", views.high_value_list, name="high-value"),
]
