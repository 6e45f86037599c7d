"""Hostile readers of risk reports (issue 16): nobody but the office and the subject organisation's users reads a
report, whatever id or DOCX address is guessed; a draft stays the office's; an issued report's edit is refused."""

from __future__ import annotations

import pytest

from zhichan.core.models import Organization
from zhichan.core.workflow.machine import TransitionError
from zhichan.protection import report_actions, report_gather
from zhichan.protection.models import RiskReport
from zhichan.protection.riskfigures import Quarter

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(django_user_model):
    make = django_user_model.objects.create_user
    mine = Organization.objects.create(name="徐州乙重工有限公司", kind="enterprise")
    other = Organization.objects.create(name="徐州甲机械有限公司", kind="enterprise")
    agency = Organization.objects.create(name="徐州某专利代理事务所", kind="agency")
    office = make("office1", password="x", role="office")
    issued, _n = report_actions.do_draft_risk_report(office, report_gather.enterprise(mine), Quarter(2025, 3))
    report_actions.do_issue_risk_report(office, issued)
    draft, _n = report_actions.do_draft_risk_report(office, report_gather.enterprise(mine), Quarter(2025, 4))
    industry, _n = report_actions.do_draft_risk_report(office, report_gather.industry("B66C"), Quarter(2025, 3))
    report_actions.do_issue_risk_report(office, industry)
    return {"office": office, "issued": issued, "draft": draft, "industry": industry,
            "owner": make("ent1", password="x", role="enterprise", organization=mine),
            "readers": [make("ent2", password="x", role="enterprise", organization=other),
                        make("agent1", password="x", role="agency", organization=agency),
                        make("staff1", password="x", role="staff"), make("pub1", password="x", role="public")]}


def _answers(client, report: RiskReport) -> list[int]:
    return [client.get(f"/protection/reports/{report.pk}/").status_code,
            client.get(f"/protection/reports/{report.pk}/report.docx").status_code]


def test_other_users_read_no_report_by_guessing(client, world):
    for reader in world["readers"]:
        client.force_login(reader)
        listing = client.get("/protection/reports/").content.decode()
        for report in RiskReport.objects.all():
            assert _answers(client, report) == [404, 404], (reader.username, report.pk)
            assert f"/protection/reports/{report.pk}/" not in listing
        assert client.get("/protection/reports/999999/report.docx").status_code == 404


def test_the_owner_reads_its_issued_report_only(client, world):
    client.force_login(world["owner"])
    assert _answers(client, world["issued"]) == [200, 200]
    assert _answers(client, world["draft"]) == [404, 404]  # a draft is the office's
    assert _answers(client, world["industry"]) == [404, 404]  # an industry report names no organisation
    assert client.post(f"/protection/reports/{world['draft'].pk}/", {"confirm": "on"}).status_code == 404
    assert client.post(f"/protection/reports/{world['issued'].pk}/", {"recommendations": "改"}).status_code == 403
    assert RiskReport.objects.get(pk=world["draft"].pk).state == "draft"


def test_an_issued_report_is_not_edited(client, world):
    issued = world["issued"]
    before = issued.recommendations
    client.force_login(world["office"])
    assert 'id="recommendations-form"' not in client.get(f"/protection/reports/{issued.pk}/").content.decode()
    assert client.post(f"/protection/reports/{issued.pk}/", {"recommendations": "发布后改写"}).status_code == 403
    assert client.post(f"/protection/reports/{issued.pk}/", {"confirm": "on"}).status_code == 403
    with pytest.raises(TransitionError):
        report_actions.do_edit_recommendations(world["office"], issued, "发布后改写")
    with pytest.raises(TransitionError):
        report_actions.do_issue_risk_report(world["office"], issued)
    assert RiskReport.objects.get(pk=issued.pk).recommendations == before
