"""What each role finds at / after signing in.

Enterprises, agencies, experts and the public get their own page (their cases, their patents, their alerts);
window staff go to the workbench; the office, administrators and departments keep the 工作台 with the patent
counts (import logs only for those who import). The permission table decides, not the role name, so a role given
new permissions lands on the matching home.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from zhichan.core.permissions import can

PERSONAL, WORKBENCH, OFFICE = "personal", "workbench", "office"

CASES_SHOWN = 10
PATENTS_SHOWN = 10
ALERTS_SHOWN = 5


def home_kind(user: Any) -> str:
    if can(user, "services.handle") and not can(user, "services.manage"):
        return WORKBENCH  # window staff: their queue is their home
    if can(user, "indicators.view") or can(user, "patents.import"):
        return OFFICE
    return PERSONAL


# The office 工作台's administration links, each shown to those its page admits: (label, URL name, permission).
ADMIN_LINKS = (
    (_("用户管理"), "user-list", "accounts.manage"),
    (_("机构实名核验"), "organization-list", "accounts.manage"),
    (_("窗口人员与负责人"), "services:windows", "services.manage"),
    (_("预审技术领域"), "services:fields", "services.manage"),  # else only behind 办件统计's indicator form
    (_("通知公告与政策法规"), "articles:list", "portal.edit"),
    (_("账号锁定"), "accounts-locked", "users.unlock"),
    (_("服务机构名录与信用"), "agencies:registry", "agencies.view"),
    (_("双随机抽查"), "supervision:plans", "inspections.manage"),
    (_("投诉举报"), "supervision:complaints", "complaints.handle"),
    (_("非正常申请线索"), "agencies:abnormal", "agencies.view"),
    (_("专利挂牌审核"), "market:review", "market.review"),
    (_("产业链需求库"), "market:chains", "market.review"),
    (_("对接会与活动管理"), "events:office", "events.manage"),
    (_("培训学时汇总"), "events:hours-office", "events.manage"),
    (_("人才库与人才清单"), "talent:people", "talent.manage"),
    (_("项目申报与评审"), "projects:check", "projects.review"),  # its sub-menu: calls, experts, new call
    (_("知识产权交易登记"), "deals:list", "deals.record"),
    (_("纠纷案件"), "protection:office", "protection.handle"),
    (_("存量专利盘活"), "market:stock-office", "market.review"),
)


def admin_links(user: Any) -> list[dict[str, Any]]:
    return [{"label": label, "url": reverse(name)} for label, name, permission in ADMIN_LINKS if can(user, permission)]


def office_context(user: Any) -> dict[str, Any]:
    from zhichan.patents.models import Application, ImportFile

    by_type = dict(Application.objects.values_list("patent_type").annotate(n=Count("pk")))
    imports = can(user, "patents.import")
    return {
        "total": sum(by_type.values()),
        "by_type": by_type,
        "show_imports": imports,
        "recent_imports": ImportFile.objects.select_related("run")[:5] if imports else [],
        "admin_links": admin_links(user),
    }


def personal_context(user: Any) -> dict[str, Any]:
    context: dict[str, Any] = {"can_apply": can(user, "services.apply"), "organization": user.organization,
                               # services wait for the office's 实名核验 of a self-registered organisation
                               "awaiting_verification": not getattr(user, "organization_verified", True),
                               # an agency's annual reports and credit file (agencies/views_mine.py)
                               "agency_page": can(user, "agencies.report")}
    if user.organization_id:  # the office asked the organisation for a statement on suspected abnormal filings
        from zhichan.agencies.abnormal_models import AbnormalCandidate

        context["abnormal_notices"] = AbnormalCandidate.objects.filter(
            respondents=user.organization_id, state="notified").count()
    if context["can_apply"]:
        context["cases"] = _my_cases(user)
    context.update(_my_patents(user))
    context.update(_my_alerts(user))
    return context


def _my_cases(user: Any) -> list[dict[str, Any]]:
    from zhichan.core.workflow.services import MACHINES
    from zhichan.services.access import visible_cases

    mine = Q(applicant=user) | Q(organization_id=user.organization_id) if user.organization_id else Q(applicant=user)
    cases = visible_cases(user).filter(mine).select_related("window").order_by("-updated_at")[:CASES_SHOWN]
    return [{"case": case, "state": MACHINES[case.kind].states.get(case.state, case.state)
             if case.kind in MACHINES else case.state} for case in cases]


def _my_patents(user: Any) -> dict[str, Any]:
    """The organisation's patents (as applicant or holder, by its normalised name) when the user belongs to one,
    else what the user watches: saved searches under watch and single patents."""
    from zhichan.patents import names
    from zhichan.patents.models import Application
    from zhichan.search.models import SavedSearch, WatchedPatent

    if user.organization_id:
        key = names.normalize(user.organization.name)
        patents = Application.objects.filter(parties__normalized_name=key,
                                             parties__role__in=["applicant", "holder"]).distinct()
        return {"org_patents": patents.order_by("-filing_date", "-pk")[:PATENTS_SHOWN],
                "org_patent_count": patents.count(),
                "org_patent_query": 'PAN="' + key.replace('"', " ") + '"'}
    return {"watched_searches": SavedSearch.objects.filter(user=user, watched=True)[:PATENTS_SHOWN],
            "watched_patents": WatchedPatent.objects.filter(user=user).select_related("application")
            .order_by("-created_at")[:PATENTS_SHOWN]}


def _my_alerts(user: Any) -> dict[str, Any]:
    from zhichan.search.models import Alert

    alerts = Alert.objects.filter(user=user)
    return {"alerts": alerts.order_by(F("read_at").asc(nulls_first=True), "-created_at")[:ALERTS_SHOWN],
            "unread_alert_count": alerts.filter(read_at=None).count()}
