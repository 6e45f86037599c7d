"""Calls and applications against the database: eligibility from the platform's own patent records, the
application's life with a return for correction (补正), the deadline, and who sees what."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from zhichan.core.permissions import PermissionDenied
from zhichan.core.workflow import machine as wf
from zhichan.projects import actions, facts, flow
from zhichan.projects.access import applications
from zhichan.projects.models import ApplicationFile

from .conftest import FIRM, OTHER, TODAY, load, patent

pytestmark = pytest.mark.django_db


def pdf(name: str = "申报书.pdf", body: bytes = b"%PDF-1.4\n% project\n") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, body, content_type="application/pdf")


@pytest.fixture
def inventions(db):
    """The firm holds 2 valid inventions; its lapsed invention, its utility model and the other firm's invention
    do not count for it."""
    load(patent(1, FIRM), patent(2, "徐州云图智能科技有限责任公司"),  # the same holder, another suffix spelling
         patent(3, FIRM, status="lapsed", events=[(dt.date(2023, 6, 1), "", "专利权的终止")]),
         patent(4, FIRM, kind="2"), patent(5, OTHER), patent(6, FIRM, grant=None, status="pending"))


def test_valid_inventions_are_counted_by_the_holders_normal_name(inventions, firm, other_firm):
    assert facts.valid_inventions(FIRM, TODAY) == 2
    assert facts.valid_inventions(OTHER, TODAY) == 1
    assert facts.valid_inventions(FIRM, dt.date(2020, 1, 1)) == 0  # before the grants


def test_eligibility_on_the_platforms_data(inventions, firm, other_firm, call, applicant, rival):
    app = actions.do_save_application(applicant, call, None, {"f1": "矿用智能支架", "f2": "300"}, "王一", "赵二",
                                      {"申报书": pdf()}, today=TODAY)
    results = {r.rule: r.outcome for r in actions.check_eligibility(app, TODAY)}
    assert results == {"region_prefix": "pass", "kinds": "pass", "verified": "pass", "min_valid_inventions": "pass"}
    theirs = actions.do_save_application(rival, call, None, {"f1": "掘进机", "f2": "10"}, "钱三", "",
                                         {"申报书": pdf()}, today=TODAY)
    with pytest.raises(actions.Refused) as refused:
        actions.do_submit_application(rival, theirs, today=TODAY)
    assert "有效发明专利 1 件，少于 2 件" in str(refused.value)
    assert theirs.__class__.objects.get(pk=theirs.pk).state == flow.DRAFT


def test_the_life_of_an_application_with_a_return_for_correction(inventions, call, applicant, staff,
                                                                  django_capture_on_commit_callbacks):
    draft = actions.do_save_application(applicant, call, None, {"f1": "矿用智能支架"}, "王一", today=TODAY)
    with pytest.raises(actions.Refused) as refused:
        actions.do_submit_application(applicant, draft, today=TODAY)
    assert set(refused.value.errors) == {"f2", "files"}  # 研发投入 and the 申报书 missing
    draft = actions.do_save_application(applicant, call, draft, {"f1": "矿用智能支架", "f2": "300.5"}, "王一",
                                        "赵二\n孙四", {"申报书": pdf()}, today=TODAY)
    stored = ApplicationFile.objects.get(application=draft)
    import hashlib
    assert stored.sha256 == hashlib.sha256(b"%PDF-1.4\n% project\n").hexdigest()
    app = actions.do_submit_application(applicant, draft, today=TODAY)
    assert app.state == flow.SUBMITTED and app.due is not None
    app = actions.do_transition(staff, app, "claim", today=TODAY)
    app = actions.do_transition(staff, app, "return", {"reasons": "申报书缺少盖章页"}, today=TODAY)
    assert app.state == flow.CORRECTION and app.paused_on == TODAY
    with pytest.raises(wf.TransitionError):
        actions.do_transition(staff, app, "resubmit", {"comment": "x"}, today=TODAY)  # staff cannot answer for them
    with django_capture_on_commit_callbacks(execute=True):
        app = actions.do_save_application(applicant, call, app, {"f1": "矿用智能支架", "f2": "300.5"}, "王一",
                                          "赵二", {"申报书": pdf("申报书（盖章）.pdf")}, today=TODAY + dt.timedelta(days=7))
    from zhichan.services import uploads
    assert [p.name for p in uploads.folder().iterdir()] == [app.files.get().stored_as]  # the earlier file deleted
    later = TODAY + dt.timedelta(days=7)  # 2026-12-04, five working days later
    app = actions.do_transition(applicant, app, "resubmit", {"comment": "已补盖章页"}, today=later)
    assert app.state == flow.CHECKING and app.waited == 5 and app.paused_on is None
    assert app.files.get().name == "申报书（盖章）.pdf"  # the new file replaced the old one
    app = actions.do_transition(staff, app, "pass", {"comment": "材料齐全"}, today=later)
    assert app.state == flow.PASSED
    assert [s.transition for s in app.steps.all()] == ["submit", "claim", "return", "resubmit", "pass"]


def test_the_deadline_and_one_application_per_organisation(inventions, call, applicant):
    with pytest.raises(actions.Refused):
        actions.do_save_application(applicant, call, None, {}, today=call.closes_on + dt.timedelta(days=1))
    draft = actions.do_save_application(applicant, call, None, {"f1": "a", "f2": "1"}, "王一", "",
                                        {"申报书": pdf()}, today=TODAY)
    with pytest.raises(actions.Refused):
        actions.do_save_application(applicant, call, None, {}, today=TODAY)
    with pytest.raises(actions.Refused) as refused:
        actions.do_submit_application(applicant, draft, today=call.closes_on + dt.timedelta(days=1))
    assert "截止" in str(refused.value)


def test_an_unverified_organisation_cannot_apply(call, applicant, firm):
    firm.status = firm.Status.PENDING
    firm.save()
    applicant.refresh_from_db()
    with pytest.raises(PermissionDenied):
        actions.do_save_application(applicant, call, None, {}, today=TODAY)


def test_an_applicant_never_sees_another_organisations_application(inventions, call, applicant, rival, client):
    app = actions.do_save_application(applicant, call, None, {"f1": "a"}, "王一", today=TODAY)
    assert list(applications(rival)) == []
    client.force_login(rival)
    assert client.get(f"/projects/applications/{app.pk}/").status_code == 404
    assert client.post(f"/projects/applications/{app.pk}/step/", {"transition": "withdraw"}).status_code == 404
    client.force_login(applicant)
    assert client.get(f"/projects/applications/{app.pk}/").status_code == 200


def test_refused_uploads_leave_nothing(inventions, call, applicant, tmp_path):
    from zhichan.services import uploads

    with pytest.raises(actions.Refused):
        actions.do_save_application(applicant, call, None, {"f1": "a"}, "王一", "",
                                    {"申报书": SimpleUploadedFile("申报书.pdf", b"MZ not a pdf")}, today=TODAY)
    with pytest.raises(actions.Refused):
        actions.do_save_application(applicant, call, None, {"f1": "a"}, "王一", "",
                                    {"其他材料": pdf()}, today=TODAY)  # the call does not ask for it
    assert list(uploads.folder().iterdir()) == []
