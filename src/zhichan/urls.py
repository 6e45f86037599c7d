from django.contrib.auth import views as auth_views
from django.urls import include, path

from zhichan.core import views as core_views
from zhichan.indicators import views as indicator_views
from zhichan.portal import views as portal_views
from zhichan.search import views as search_views

urlpatterns = [
    path("", portal_views.front_door, name="home"),
    path("login/", auth_views.LoginView.as_view(template_name="core/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("zhichan.core.accounts")),
    path("accounts/", include("zhichan.core.useradmin")),
    path("register/", include("zhichan.core.registration")),
    path("portal/", include("zhichan.portal.urls")),
    path("articles/", include("zhichan.portal.editor")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jobs/<int:job_id>/", core_views.job_detail, name="job-detail"),
    path("jobs/<int:job_id>/status/", core_views.job_status, name="job-status"),
    path("jobs/<int:job_id>/resume/", core_views.job_resume, name="job-resume"),
    path("patents/", include("zhichan.patents.urls")),
    path("search/", include("zhichan.search.urls")),
    path("indicators/", include("zhichan.indicators.urls")),
    path("services/", include("zhichan.services.urls")),
    path("navigation/", include("zhichan.navigation.urls")),
    path("agencies/", include("zhichan.agencies.urls")),
    path("market/", include("zhichan.market.urls")),
    path("deals/", include("zhichan.deals.urls")),
    path("protection/", include("zhichan.protection.urls")),
    path("projects/", include("zhichan.projects.urls")),
    path("experts/", include("zhichan.projects.urls_experts")),  # the expert pool (office) and an expert's own page
    path("training/", include("zhichan.events.urls_training")),  # upcoming courses and lectures, 我的学时
    path("events/", include("zhichan.events.urls")),
    path("talent/", include("zhichan.talent.urls")),
    path("", include("zhichan.agencies.supervision_urls")),  # 双随机、一公开, 投诉举报 (office and /public/ pages)
    path("api/v1/patents/search", search_views.api_search, name="api-search"),
    path("api/v1/openapi.json", search_views.api_schema, name="api-schema"),
    path("public/statistics/", indicator_views.public_statistics, name="public-statistics"),
    path("api/v1/public/statistics", indicator_views.public_statistics, {"api": True}, name="api-public-statistics"),
]

handler403 = "zhichan.core.views.permission_denied"
handler404 = "zhichan.core.views.page_not_found"
handler500 = "zhichan.core.views.server_error"
