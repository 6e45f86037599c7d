"""Self-registration: the organisation types register with a valid, unused 统一社会信用代码 and wait for the
office's 实名核验 (signed in, but unable to apply for services); experts and individuals register alone; the form
keeps what was typed on error; the office verifies or rejects (audited, the members told by e-mail); verified
organisations feed the applicant directory; an organisation's admin invites colleagues by a one-time link."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import Client

from zhichan.core import account_actions as acts
from zhichan.core.actions import do_create_user
from zhichan.core.models import AuditLog, Invitation, Organization, User
from zhichan.core.permissions import can

pytestmark = pytest.mark.django_db

CODE = "91320300MA1W8K2L5P"  # issued in 徐州市 (320300)
OTHER_CODE = "91320311MA1N3TQ20W"  # 泉山区
PASSWORD = "Zhichan-reg-2026"


def form(**overrides):
    data = {"account_type": "enterprise", "org_name": "徐州云图智能科技有限公司", "credit_code": CODE,
            "name": "张伟", "email": "zhang@example.com", "username": "yuntu", "password1": PASSWORD,
            "password2": PASSWORD}
    return {**data, **overrides}


@pytest.fixture
def office():
    return do_create_user(None, "office1", "pw-Zhichan-2026", role="office")


def register(client=None, **overrides):
    client = client or Client()
    return client, client.post("/register/", form(**overrides))


def test_the_registration_page_is_open_to_visitors():
    html = Client().get("/register/").content.decode()
    for kind in ("企业", "高校", "科研院所", "服务机构", "专家", "个人"):
        assert f">{kind}</option>" in html
    assert 'name="credit_code"' in html and 'name="password2"' in html


def test_an_enterprise_registers_and_waits_for_verification():
    client, response = register()
    assert response.status_code == 302 and response["Location"] == "/register/done/"
    user = User.objects.get(username="yuntu")
    org = user.organization
    assert (org.name, org.credit_code, org.kind, org.status) == ("徐州云图智能科技有限公司", CODE, "enterprise", "pending")
    assert user.role == "enterprise" and user.is_org_admin and user.email == "zhang@example.com"
    assert user.first_name == "张伟" and user.check_password(PASSWORD)
    assert org.region is None  # not in the applicant directory until verified
    # signed in, told to wait, and unable to apply
    done = client.get("/register/done/").content.decode()
    assert 'id="pending-notice"' in done
    assert not can(user, "services.apply") and can(user, "search.use")
    assert client.get("/services/my/").status_code == 403
    assert client.post("/services/apply/preexam_entity/").status_code == 403
    assert client.get("/accounts/profile/").status_code == 200
    assert {"organizations.register", "users.register", "users.create"} <= set(
        AuditLog.objects.values_list("action", flat=True))


@pytest.mark.parametrize("account_type,kind,role", [("university", "university", "enterprise"),
                                                    ("institute", "institute", "enterprise"),
                                                    ("agency", "agency", "agency")])
def test_universities_institutes_and_agencies_register_as_organisations(account_type, kind, role):
    register(account_type=account_type)
    user = User.objects.get(username="yuntu")
    assert (user.organization.kind, user.role, user.organization.status) == (kind, role, "pending")


@pytest.mark.parametrize("account_type,role", [("expert", "expert"), ("individual", "public")])
def test_experts_and_individuals_register_without_an_organisation(account_type, role):
    _, response = register(account_type=account_type, org_name="", credit_code="")
    assert response.status_code == 302
    user = User.objects.get(username="yuntu")
    assert user.role == role and user.organization is None and not user.is_org_admin
    assert not Organization.objects.exists()


def test_an_individual_may_apply_at_once():
    register(account_type="individual", org_name="", credit_code="")
    assert can(User.objects.get(username="yuntu"), "services.apply")


def test_the_organisation_fields_of_an_individual_are_ignored():
    register(account_type="individual")
    assert User.objects.get(username="yuntu").organization is None and not Organization.objects.exists()


@pytest.mark.parametrize("overrides,field,words", [
    ({"credit_code": CODE[:-1] + "Q"}, "credit_code", "校验位错误"),
    ({"credit_code": "9132030"}, "credit_code", "应为 18 位"),
    ({"credit_code": "91320300MA1W8K2LOP"}, "credit_code", "不允许的字符"),
    ({"credit_code": ""}, "credit_code", "请填写统一社会信用代码"),
    ({"org_name": " "}, "org_name", "请填写机构名称"),
    ({"password2": "something-else-2026"}, "password2", "两次输入的密码不一致"),
    ({"password1": "12345678", "password2": "12345678"}, "password1", ""),
    ({"email": "not-an-address"}, "email", ""),
    ({"username": "a b"}, "username", ""),
])
def test_refused_input_is_named_and_the_rest_is_kept(overrides, field, words):
    _, response = register(**overrides)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and words in " ".join(errors[field])
    html = response.content.decode()
    assert 'value="张伟"' in html or field == "name"
    assert 'value="徐州云图智能科技有限公司"' in html or field == "org_name"
    assert PASSWORD not in html  # passwords are never sent back
    assert not User.objects.exists() and not Organization.objects.exists()


def test_a_credit_code_is_accepted_in_any_spelling_and_stored_canonical():
    register(credit_code=" " + CODE.lower()[:9] + " " + CODE.lower()[9:])
    assert Organization.objects.get().credit_code == CODE


def test_an_organisation_registers_once():
    register()
    _, again = register(username="other", org_name="另一家公司")
    assert "已注册" in " ".join(again.context["form"].errors["credit_code"])
    _, same_name = register(username="other", credit_code=OTHER_CODE)
    assert "已注册" in " ".join(same_name.context["form"].errors["org_name"])
    _, taken = register(username="YUNTU", org_name="第三家", credit_code="12100000400000624D")
    assert "已被使用" in " ".join(taken.context["form"].errors["username"])
    assert Organization.objects.count() == 1 and User.objects.count() == 1


def test_the_action_refuses_what_the_form_refuses():
    with pytest.raises(acts.AccountRefused):
        acts.do_register(account_type="enterprise", username="x1", password=PASSWORD, email="", name="",
                         org_name="某公司", credit_code=CODE[:-1] + "Q")
    with pytest.raises(acts.AccountRefused):
        acts.do_register(account_type="office", username="x1", password=PASSWORD, email="", name="")
    assert not User.objects.exists()


def test_the_office_verifies_and_the_enterprise_may_apply(office, django_capture_on_commit_callbacks):
    register()
    org = Organization.objects.get()
    client = Client()
    client.force_login(office)
    listing = client.get("/accounts/organizations/").content.decode()
    assert "徐州云图智能科技有限公司" in listing and CODE in listing
    page = client.get(f"/accounts/organizations/{org.pk}/").content.decode()
    assert "徐州市" in page  # the issuing authority's region, proposed
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/accounts/organizations/{org.pk}/", {"decision": "verify", "verify-region": "",
                                                                      "verify-note": "营业执照核对一致"})
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.status == "verified" and org.region_id == "320300" and org.reviewed_by == office
    assert AuditLog.objects.filter(action="organizations.verify", target_id=str(org.pk), actor=office).exists()
    user = User.objects.get(username="yuntu")
    assert can(user, "services.apply")
    firm = Client()
    firm.force_login(user)
    assert firm.get("/services/my/").status_code == 200
    assert [m.to for m in mail.outbox] == [["zhang@example.com"]] and "实名核验" in mail.outbox[0].subject


def test_verified_organisations_feed_the_applicant_directory(office):
    from zhichan.patents import names, places

    register()
    org = Organization.objects.get()
    assert names.normalize(org.name) not in places.directory()
    acts.do_verify_organization(office, org, region=None)
    assert places.directory()[names.normalize(org.name)] == "320300"
    acts.do_reject_organization(office, org, "营业执照已注销")
    assert names.normalize(org.name) not in places.directory()


def test_the_office_may_place_the_organisation_in_a_district(office):
    register()
    org = Organization.objects.get()
    client = Client()
    client.force_login(office)
    bad = client.post(f"/accounts/organizations/{org.pk}/", {"decision": "verify", "verify-region": "999999"})
    assert bad.status_code == 200 and "999999" in bad.content.decode()
    client.post(f"/accounts/organizations/{org.pk}/", {"decision": "verify", "verify-region": "320311"})
    org.refresh_from_db()
    assert org.status == "verified" and org.region_id == "320311"


def test_the_office_rejects_with_a_reason(office):
    register()
    org = Organization.objects.get()
    client = Client()
    client.force_login(office)
    empty = client.post(f"/accounts/organizations/{org.pk}/", {"decision": "reject", "reject-reason": ""})
    assert empty.status_code == 200 and Organization.objects.get().status == "pending"
    client.post(f"/accounts/organizations/{org.pk}/", {"decision": "reject", "reject-reason": "名称与执照不符"})
    org.refresh_from_db()
    assert org.status == "rejected" and org.review_note == "名称与执照不符"
    assert AuditLog.objects.filter(action="organizations.reject", target_id=str(org.pk)).exists()
    user = User.objects.get(username="yuntu")
    assert not can(user, "services.apply")
    firm = Client()
    firm.force_login(user)
    assert "名称与执照不符" in firm.get("/accounts/profile/").content.decode()


def test_only_account_managers_verify():
    register()
    org = Organization.objects.get()
    firm = Client()
    firm.force_login(User.objects.get(username="yuntu"))
    assert firm.post(f"/accounts/organizations/{org.pk}/", {"decision": "verify"}).status_code == 403
    assert Organization.objects.get().status == "pending"
    staff = do_create_user(None, "staff1", "pw-Zhichan-2026", role="staff")
    with pytest.raises(acts.PermissionDenied):
        acts.do_verify_organization(staff, org)


def verified_admin(office):
    register()
    acts.do_verify_organization(office, Organization.objects.get())
    return User.objects.get(username="yuntu")


def test_an_organisation_admin_invites_a_colleague(office):
    admin = verified_admin(office)
    client = Client()
    client.force_login(admin)
    response = client.post("/accounts/profile/", {"email": "li@example.com"})
    html = response.content.decode()
    link = re.search(r'id="invitation-link" value="([^"]+)"', html).group(1)
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert token not in Invitation.objects.get().token_hash  # only the hash is kept
    visitor = Client()
    page = visitor.get(f"/register/invite/{token}/").content.decode()
    assert "徐州云图智能科技有限公司" in page and 'value="li@example.com"' in page
    answer = visitor.post(f"/register/invite/{token}/", {"name": "李娜", "email": "li@example.com", "username": "lina",
                                                         "password1": PASSWORD, "password2": PASSWORD})
    assert answer.status_code == 302
    colleague = User.objects.get(username="lina")
    assert colleague.organization == admin.organization and colleague.role == "enterprise"
    assert not colleague.is_org_admin and can(colleague, "services.apply")
    assert AuditLog.objects.filter(action="organizations.join").exists()
    # the link works once
    assert Client().get(f"/register/invite/{token}/").status_code == 404
    assert "lina" in client.get("/accounts/profile/").content.decode()


def test_invitations_can_be_revoked_and_expire(office):
    import datetime as dt

    from django.utils import timezone

    admin = verified_admin(office)
    invitation, token = acts.do_invite_colleague(admin)
    acts.do_revoke_invitation(admin, invitation)
    assert Client().get(f"/register/invite/{token}/").status_code == 404
    invitation, token = acts.do_invite_colleague(admin)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = Client().post(f"/register/invite/{token}/", {"name": "李娜", "email": "li@example.com",
                                                            "username": "lina", "password1": PASSWORD,
                                                            "password2": PASSWORD})
    assert response.status_code == 404 and not User.objects.filter(username="lina").exists()
    assert Client().get("/register/invite/not-a-token/").status_code == 404


def test_only_the_admin_of_a_verified_organisation_invites(office):
    register()
    admin = User.objects.get(username="yuntu")
    with pytest.raises(acts.PermissionDenied):
        acts.do_invite_colleague(admin)  # pending
    client = Client()
    client.force_login(admin)
    assert client.post("/accounts/profile/", {"email": ""}).status_code == 403
    acts.do_verify_organization(office, admin.organization)
    admin.refresh_from_db()
    colleague = acts.do_accept_invitation(acts.do_invite_colleague(admin)[1], username="lina", password=PASSWORD,
                                          email="", name="")
    with pytest.raises(acts.PermissionDenied):
        acts.do_invite_colleague(colleague)  # not its admin
    assert not Invitation.objects.filter(created_by=colleague).exists()


def test_refusals_in_english():
    client = Client()
    client.post("/i18n/setlang/", {"language": "en", "next": "/register/"})
    html = client.get("/register/").content.decode()
    assert "Register as" in html and "Unified social credit code" in html
    response = client.post("/register/", form(credit_code=CODE[:-1] + "Q"))
    errors = " ".join(response.context["form"].errors["credit_code"])
    assert errors == "Wrong check character in the unified social credit code: P expected, Q found"
