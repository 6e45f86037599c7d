"""Addresses of 双随机、一公开 and 投诉举报, included at the root: office pages under /inspections/ and /complaints/
(signed-in), public ones under /public/ (open to visitors: 一公开 results, the complaint form and its follow-up)."""

from django.urls import path

from zhichan.agencies import complaint_views, inspection_views

app_name = "supervision"
urlpatterns = [
    path("inspections/", inspection_views.plans, name="plans"),
    path("inspections/pool/", inspection_views.pool, name="pool"),
    path("inspections/mine/", inspection_views.mine, name="mine"),
    path("inspections/<int:plan_id>/", inspection_views.plan_detail, name="plan"),
    path("inspections/<int:plan_id>/draw/", inspection_views.draw, name="draw"),
    path("inspections/<int:plan_id>/publish/", inspection_views.publish, name="publish"),
    path("inspections/items/<int:inspection_id>/", inspection_views.inspection, name="inspection"),
    path("public/inspections/", inspection_views.public_results, name="public-results"),
    path("complaints/", complaint_views.complaints, name="complaints"),
    path("complaints/<int:complaint_id>/", complaint_views.complaint, name="complaint"),
    path("public/complaints/", complaint_views.file_complaint, name="file-complaint"),
    path("public/complaints/follow/", complaint_views.follow, name="follow-complaint"),
]
