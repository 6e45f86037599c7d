"""/agencies/: the public directory and agency pages (open to visitors: core/middleware PUBLIC_PREFIXES); the
office's registry, credit rules and cases, and an agency's own page behind sign-in (login_required, then the
permission). Inspections and complaints add their patterns below (their own view modules)."""

from django.urls import path

from zhichan.agencies import abnormal_views, views_credit, views_mine, views_office, views_public

app_name = "agencies"

urlpatterns = [
    path("", views_public.directory, name="directory"),
    path("<int:agency_id>/", views_public.detail, name="detail"),
    path("office/", views_office.registry, name="registry"),
    path("office/import/", views_office.upload, name="import"),
    path("office/fields/", views_office.refresh_fields, name="refresh-fields"),
    path("office/indicators/", views_office.feed_indicators, name="feed-indicators"),
    path("office/<int:agency_id>/", views_office.office_detail, name="office-detail"),
    path("office/<int:agency_id>/<str:which>/", views_office.office_change, name="office-change"),
    path("credit/rules/", views_credit.rules, name="rules"),
    path("credit/rules/new/", views_credit.new_version, name="rule-version-new"),
    path("credit/rules/<int:version_id>/rule/", views_credit.save_rule, name="rule-save"),
    path("credit/rules/<int:version_id>/publish/", views_credit.publish_version, name="rule-version-publish"),
    path("credit/grades/publish/", views_credit.publish_grades, name="grades-publish"),
    path("credit/cases/", views_credit.cases, name="cases"),
    path("credit/cases/<int:case_id>/", views_credit.case_detail, name="case"),
    path("credit/cases/<int:case_id>/step/", views_credit.case_step, name="case-step"),
    path("abnormal/", abnormal_views.candidates, name="abnormal"),
    path("abnormal/scan/", abnormal_views.start_scan, name="abnormal-scan"),
    path("abnormal/mine/", abnormal_views.mine, name="abnormal-mine"),
    path("abnormal/<int:candidate_id>/", abnormal_views.candidate, name="abnormal-candidate"),
    path("mine/", views_mine.mine, name="mine"),
    path("mine/report/", views_mine.file_report, name="file-report"),
    path("mine/case/", views_mine.open_case, name="open-case"),
]
