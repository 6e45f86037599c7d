"""Who may do what, written out by hand: the table below is the expected truth, compared with `can()` for every role
and permission (a change to core/permissions.py must change this table too), and checked on the pages themselves
for the anonymous visitor, the public, an enterprise and the office."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from zhichan.core.middleware import PUBLIC_PREFIXES
from zhichan.core.permissions import PERMISSIONS, ROLE_PERMISSIONS, can

ROLES = ["admin", "office", "staff", "department", "enterprise", "agency", "expert", "public"]

# x: granted, .: refused. One row per permission, one column per role (in the order of ROLES).
TABLE = """
                            admin office staff department enterprise agency expert public
patents.view                  x     x      x       x          x        x      x      x
patents.import                x     x      .       .          .        .      .      .
search.use                    x     x      x       x          x        x      x      x
search.export                 x     x      x       x          x        x      x      .
search.rebuild                x     x      .       .          .        .      .      .
indicators.view               x     x      x       x          .        .      .      .
indicators.compute            x     x      .       .          .        .      .      .
indicators.population         x     x      .       .          .        .      .      .
indicators.report             x     .      .       x          .        .      .      .
indicators.approve            x     x      .       .          .        .      .      .
indicators.report_generate    x     x      x       .          .        .      .      .
indicators.plans              x     x      .       .          .        .      .      .
indicators.publish            x     x      .       .          .        .      .      .
services.apply                x     .      .       .          x        x      .      x
services.handle               x     x      x       .          .        .      .      .
services.manage               x     x      .       .          .        .      .      .
navigation.view               x     x      .       .          .        .      .      .
navigation.manage             x     x      .       .          .        .      .      .
refdata.load                  x     x      .       .          .        .      .      .
jobs.view_all                 x     x      .       .          .        .      .      .
audit.view                    x     x      .       .          .        .      .      .
users.manage                  x     .      .       .          .        .      .      .
users.unlock                  x     x      .       .          .        .      .      .
accounts.manage               x     x      .       .          .        .      .      .
portal.edit                   x     x      .       .          .        .      .      .
portal.publish                x     x      .       .          .        .      .      .
agencies.view                 x     x      .       .          .        .      .      .
agencies.manage               x     x      .       .          .        .      .      .
agencies.report               x     .      .       .          .        x      .      .
inspections.manage            x     x      .       .          .        .      .      .
complaints.handle             x     x      .       .          .        .      .      .
market.offer                  x     .      .       .          x        .      .      .
market.review                 x     x      .       .          .        .      .      .
projects.manage               x     x      .       .          .        .      .      .
projects.review               x     x      x       .          .        .      .      .
projects.apply                x     .      .       .          x        x      .      .
protection.handle             x     x      x       .          .        .      .      .
protection.manage             x     x      .       .          .        .      .      .
events.manage                 x     x      .       .          .        .      .      .
deals.record                  x     x      .       .          .        .      .      .
talent.manage                 x     x      .       .          .        .      .      .
"""


def expected() -> dict[tuple[str, str], bool]:
    lines = [line.split() for line in TABLE.strip().splitlines()]
    assert lines[0] == ROLES
    out = {}
    for permission, *marks in lines[1:]:
        assert len(marks) == len(ROLES) and set(marks) <= {"x", "."}, permission
        out.update({(role, permission): mark == "x" for role, mark in zip(ROLES, marks, strict=True)})
    return out


EXPECTED = expected()


def user(role, active=True, authenticated=True):
    return SimpleNamespace(role=role, is_active=active, is_authenticated=authenticated)


def test_the_table_names_every_role_and_permission():
    assert set(ROLES) == set(ROLE_PERMISSIONS)
    assert {p for _, p in EXPECTED} == set(PERMISSIONS)


@pytest.mark.parametrize("role", ROLES)
def test_matrix(role):
    granted = {p for p in sorted(PERMISSIONS) if can(user(role), p)}
    assert granted == {p for (r, p), allowed in EXPECTED.items() if r == role and allowed}
    assert not any(can(user(role, active=False), p) for p in PERMISSIONS)
    assert not any(can(user(role, authenticated=False), p) for p in PERMISSIONS)


def test_recent_rows():
    assert EXPECTED["office", "users.unlock"] and EXPECTED["admin", "users.unlock"]
    assert [r for r in ROLES if can(user(r), "users.unlock")] == ["admin", "office"]
    assert [r for r in ROLES if can(user(r), "users.manage")] == ["admin"]


def test_services_apply_waits_for_the_organisations_verification():
    """实名核验: a user whose organisation is not verified may not apply; nothing else changes for them."""
    for role in ROLES:
        pending = SimpleNamespace(role=role, is_active=True, is_authenticated=True, organization_verified=False)
        assert not can(pending, "services.apply") and not can(pending, "market.offer")
        assert not can(pending, "projects.apply")
        assert {p for p in PERMISSIONS if can(pending, p)} == \
            {p for p in PERMISSIONS if can(user(role), p)} - {"services.apply", "market.offer", "projects.apply"}


def test_unknown_role_gets_nothing():
    assert not any(can(user("visitor"), p) for p in PERMISSIONS)


def test_only_admins_and_office_import():
    assert {r for r in ROLE_PERMISSIONS if can(user(r), "patents.import")} == {"admin", "office"}


def test_unknown_permission_is_a_bug():
    with pytest.raises(ValueError):
        can(user("admin"), "patents.delete_everything")


# ---- the pages --------------------------------------------------------------------------------------------------------

PUBLIC, SIGNED_IN, POST_ONLY = "public", "signed-in", "post-only"
MOVED = "moved"  # an old address answering 301 (permanent) with its new place

# Every address without a parameter, and what guards it: open to everyone, any signed-in user, a permission of the
# table, or POST only (a GET is 405). The test walks the URL patterns, so a new page must be classified here.
PAGES = {
    "/": PUBLIC,  # the portal for a visitor, the home page for a signed-in user
    "/register/": PUBLIC,
    "/register/done/": PUBLIC,
    "/login/": PUBLIC,
    "/logout/": POST_ONLY,
    "/accounts/password/change/": SIGNED_IN,
    "/accounts/password/change/done/": SIGNED_IN,
    "/accounts/password/reset/": PUBLIC,
    "/accounts/password/reset/done/": PUBLIC,
    "/accounts/reset/done/": PUBLIC,
    "/accounts/locked/": "users.unlock",
    "/accounts/profile/": SIGNED_IN,
    "/accounts/users/": "accounts.manage",
    "/accounts/users/new/": "accounts.manage",
    "/accounts/organizations/": "accounts.manage",
    "/i18n/setlang/": PUBLIC,
    "/patents/": "patents.view",
    "/patents/import/": "patents.import",
    "/patents/places/": "patents.import",
    "/search/": "search.use",
    "/search/save/": POST_ONLY,
    "/search/saved/": "search.use",
    "/search/alerts/": "search.use",
    "/search/export/": POST_ONLY,
    "/indicators/": "indicators.view",
    "/indicators/compute/": POST_ONLY,
    "/indicators/publish/": POST_ONLY,
    "/indicators/population/": "indicators.view",
    "/indicators/reported/": "indicators.view",
    "/indicators/plans/": "indicators.view",
    "/indicators/catalogue/": "indicators.view",
    "/indicators/reports/": "indicators.view",
    "/indicators/plans/import/": POST_ONLY,
    "/services/catalogue/": PUBLIC,
    "/services/catalogue/faq/": PUBLIC,
    "/services/my/": "services.apply",
    "/services/work/": "services.handle",
    "/services/stats/": "services.handle",
    "/services/stats/feed/": POST_ONLY,
    "/services/fields/": "services.manage",
    "/services/windows/": "services.manage",
    "/services/notifications/": SIGNED_IN,
    "/navigation/": "navigation.view",
    "/navigation/aliases/": "navigation.view",
    "/navigation/china.json": "navigation.view",
    "/navigation/search/": "navigation.view",  # without a query: back to the search page (302)
    "/navigation/search/records/": "navigation.view",
    "/navigation/search/report/": POST_ONLY,
    "/api/v1/patents/search": "search.use",
    "/api/v1/openapi.json": PUBLIC,
    "/public/statistics/": PUBLIC,
    "/portal/notices/": PUBLIC,
    "/portal/policies/": PUBLIC,
    "/portal/notices/rss/": PUBLIC,
    "/portal/policies/rss/": PUBLIC,
    "/articles/": "portal.edit",
    "/articles/new/": "portal.edit",
    "/api/v1/public/statistics": PUBLIC,
    "/agencies/": PUBLIC,  # the public directory (an agency's page: /agencies/<id>/, public too)
    "/agencies/office/": "agencies.view",
    "/agencies/office/import/": POST_ONLY,
    "/agencies/office/fields/": POST_ONLY,
    "/agencies/office/indicators/": POST_ONLY,
    "/agencies/credit/rules/": "agencies.view",
    "/agencies/credit/rules/new/": POST_ONLY,
    "/agencies/credit/grades/publish/": POST_ONLY,
    "/agencies/credit/cases/": "agencies.view",
    "/agencies/mine/": "agencies.report",
    "/agencies/mine/report/": POST_ONLY,
    "/agencies/mine/case/": POST_ONLY,
    "/agencies/abnormal/": "agencies.view",  # 非正常申请线索 (a candidate's page /agencies/abnormal/<id>/: office, respondents)
    "/agencies/abnormal/scan/": POST_ONLY,
    "/agencies/abnormal/mine/": SIGNED_IN,  # the notices the user's organisation must answer (none for most)
    "/inspections/": "inspections.manage",
    "/inspections/pool/": "inspections.manage",
    "/inspections/mine/": SIGNED_IN,  # the inspections the user was drawn for (none for most)
    "/public/inspections/": PUBLIC,  # 一公开
    "/complaints/": "complaints.handle",
    "/public/complaints/": PUBLIC,
    "/public/complaints/follow/": PUBLIC,
    "/market/": PUBLIC,  # published listings (a listing's page /market/<id>/ is public too)
    "/market/demands/": PUBLIC,  # public summaries only
    "/market/demands/export.csv": PUBLIC,  # details only of the demands the user may read
    "/market/mine/": "market.offer",  # 我的挂牌
    "/market/new/": "market.offer",
    "/market/demands/mine/": "market.offer",  # 我的需求
    "/market/demands/new/": "market.offer",
    "/market/review/": "market.review",
    "/market/chains/": "market.review",  # the per-industry-chain demand libraries
    "/protection/": PUBLIC,  # how to file a complaint or ask for guidance
    "/protection/file/": PUBLIC,  # the public form (anonymous reports allowed)
    "/protection/follow/": PUBLIC,
    "/protection/cases/": PUBLIC,  # 典型案例: published, closed cases only (/protection/cases/<id>/ 404 otherwise)
    "/protection/ecommerce/": PUBLIC,  # 电子商务法 Art. 44: published notices, counter-notices and results
    "/protection/office/": "protection.handle",  # a case's page /protection/office/<id>/: handlers and its filer
    "/protection/office/new/": "protection.handle",
    "/protection/office/stats/": "protection.handle",
    "/protection/office/stats/feed/": POST_ONLY,
    "/protection/office/risks/": "protection.manage",  # open watch-list risks per district
    "/protection/watch/": SIGNED_IN,  # 监测名单: the office reads all, an organisation its own (none for most)
    "/protection/reports/": SIGNED_IN,  # 风险报告: the office all (drafts too), an organisation its issued ones
    "/projects/": PUBLIC,  # 申报指南 with 公示 and results (public pages /projects/public/<id>/ and …/publicity/ too;
    # a call's page /projects/<id>/ signs in; the office sees drafts)
    "/projects/new/": "projects.manage",
    "/projects/mine/": "projects.apply",  # 本单位的申报
    "/projects/check/": "projects.review",  # 形式审查
    "/projects/experts/": MOVED,  # the expert pool moved to /experts/ (issue 17)
    "/projects/experts/new/": MOVED,
    "/projects/reviews/mine/": MOVED,  # → /experts/me/
    "/experts/": "projects.manage",  # the pool stays the office's (no public expert list); an expert's page /experts/<id>/
    "/experts/new/": "projects.manage",
    "/projects/credit/": "projects.manage",  # 严重失信 records the office entered (removal: POST …/<id>/remove/)
    "/experts/me/": SIGNED_IN,  # an expert's seats, ratings and declared relationships (none for most)
    "/market/stock/": "market.offer",  # 存量专利 of the user's university or institute (others: what it is for)
    "/market/stock/import/": "market.offer",
    "/market/stock/office/": "market.review",  # 存量专利盘活总览 (a stock patent's page: its holder and the office)
    "/market/pushed/": "market.offer",  # 推送给我的专利
    "/events/": PUBLIC,  # announced events (an event's page /events/<id>/ is public too)
    "/events/mine/": SIGNED_IN,  # 我的报名 with the QR codes (registering needs a signed-in user, any role)
    "/events/office/": "events.manage",
    "/events/office/new/": "events.manage",
    "/events/hours/": MOVED,  # → /training/hours/ (issue 17)
    "/training/": PUBLIC,  # upcoming lectures and courses with their 学时
    "/training/hours/": SIGNED_IN,  # 我的学时 (a certificate /training/hours/<id>/certificate.pdf: its owner and the office)
    "/events/verify/": PUBLIC,  # a certificate's code verified by anyone
    "/events/office/hours/": "events.manage",  # 学时汇总 by organisation
    "/events/office/hours.xlsx": "events.manage",
    "/events/office/hours/feed/": POST_ONLY,
    "/events/office/rotation/": "events.manage",  # 轮训计划 with their coverage (a plan's page and Excel: the office)
    "/events/office/rotation/new/": "events.manage",
    "/talent/": "talent.manage",  # 人才库 (a person's page /talent/<id>/: the office and the person)
    "/talent/new/": "talent.manage",
    "/talent/me/": SIGNED_IN,  # 我的人才档案 (本人登记)
    "/talent/lists/": "talent.manage",  # 人才清单
    "/talent/bring-in/": POST_ONLY,
    "/talent/export.xlsx": "talent.manage",  # a list's Excel /talent/lists/<id>/export.xlsx and import: the office too
    "/deals/": "deals.record",  # the register of IP transactions (a deal's page /deals/<id>/: the office too)
    "/deals/new/": "deals.record",
    "/deals/export.xlsx": "deals.record",
    "/deals/sync/": POST_ONLY,
}
REDIRECTS = {"/i18n/setlang/", "/navigation/search/"}  # a GET that answers with a redirect when allowed
PARAMETERS = {"/api/v1/patents/search": "?q=TI%3D电池", "/navigation/search/records/": "?q=TI%3D电池"}


def parameterless_routes() -> set[str]:
    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                yield "/" + prefix + str(p.pattern)

    return {route for route in walk(get_resolver().url_patterns) if "<" not in route}


def test_every_page_is_classified():
    assert parameterless_routes() == set(PAGES)


def expected_status(role: str | None, path: str) -> int:
    guard = PAGES[path]
    if guard == MOVED:  # 301 to the new address; an anonymous visitor outside the public prefixes signs in first
        return 302 if role is None and not path.startswith(PUBLIC_PREFIXES) else 301
    if role is None:  # anonymous
        if guard == PUBLIC:
            return 302 if path in REDIRECTS else 200
        return 401 if path.startswith("/api/") else 302  # the login page
    if guard == POST_ONLY:
        return 405
    if guard in (PUBLIC, SIGNED_IN) or EXPECTED[role, guard]:
        return 302 if path in REDIRECTS else 200
    return 403


@pytest.mark.django_db
@pytest.mark.parametrize("role", [None, "public", "enterprise", "office"])
def test_pages_answer_each_role_as_the_table_says(role, client, django_user_model):
    if role is not None:
        client.force_login(django_user_model.objects.create_user(role, password="x", role=role))
    answers = {path: client.get(path + PARAMETERS.get(path, "")).status_code for path in sorted(PAGES)}
    wanted = {path: expected_status(role, path) for path in sorted(PAGES)}
    assert answers == wanted
    if role is None:
        assert client.get("/search/")["Location"].startswith("/login/")
