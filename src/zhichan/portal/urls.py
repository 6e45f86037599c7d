from django.urls import path

from zhichan.portal.models import Article
from zhichan.portal.views import NoticeFeed, PolicyFeed, article_detail, article_list, attachment

app_name = "portal"
urlpatterns = [
    path("notices/", article_list, {"kind": Article.Kind.NOTICE}, name="notice"),
    path("policies/", article_list, {"kind": Article.Kind.POLICY}, name="policy"),
    path("notices/rss/", NoticeFeed(), name="notice-rss"),
    path("policies/rss/", PolicyFeed(), name="policy-rss"),
    path("articles/<int:article_id>/", article_detail, name="article"),
    path("files/<int:file_id>/", attachment, name="file"),
]
