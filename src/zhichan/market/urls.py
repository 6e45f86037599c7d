"""/market/ (public: core/middleware PUBLIC_PREFIXES; own and office pages sign in first, then the permission)."""

from django.urls import path

from zhichan.market import stock_views, views, views_patent

app_name = "market"

urlpatterns = [
    path("", views.listings, name="listings"),
    path("new/", views.listing_edit, name="listing-new"),
    path("mine/", views.mine, name="mine"),
    path("review/", views.review, name="review"),
    path("<int:listing_id>/", views.listing_detail, name="listing"),
    path("<int:listing_id>/edit/", views.listing_edit, name="listing-edit"),
    path("<int:listing_id>/report/", views.listing_report, name="listing-report"),
    path("<int:listing_id>/<str:step>/", views.listing_step, name="listing-step"),
    path("demands/", views.demands, name="demands"),
    path("demands/export.csv", views.demands_csv, name="demands-csv"),
    path("demands/new/", views.demand_edit, name="demand-new"),
    path("demands/mine/", views.my_demands, name="my-demands"),
    path("demands/<int:demand_id>/", views.demand_detail, name="demand"),
    path("demands/<int:demand_id>/edit/", views.demand_edit, name="demand-edit"),
    path("demands/<int:demand_id>/close/", views.demand_close, name="demand-close"),
    path("demands/<int:demand_id>/rematch/", views.demand_rematch, name="demand-rematch"),
    path("matches/<int:match_id>/interest/", views.interest, name="interest"),
    path("patents/<str:key>/enterprises/", views_patent.patent_enterprises, name="patent-enterprises"),
    path("chains/", views.chains, name="chains"),
    path("chains/<int:chain_id>/", views.chain, name="chain"),
    path("stock/", stock_views.stock_list, name="stock-list"),
    path("stock/import/", stock_views.stock_import, name="stock-import"),
    path("stock/office/", stock_views.office, name="stock-office"),
    path("stock/<int:stock_id>/", stock_views.stock_detail, name="stock"),
    path("stock/<int:stock_id>/<str:step>/", stock_views.stock_step, name="stock-step"),
    path("pushed/", stock_views.pushed, name="stock-pushed"),
    path("pushed/<int:push_id>/answer/", stock_views.push_answer, name="stock-answer"),
]
