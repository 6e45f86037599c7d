"""The office's account pages: list and find users, create them with a role and organisation, change role and
organisation, deactivate and reactivate (audited; only an administrator touches 系统管理员 accounts); window staff
and supervisors, so that a 维权援助 case's 分派 has someone to assign; `zhichan user` for scripts."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from zhichan.core import account_actions as acts
from zhichan.core.actions import do_create_user
from zhichan.core.models import AuditLog, Organization, User
from zhichan.core.permissions import PermissionDenied

pytestmark = pytest.mark.django_db

PASSWORD = "pw-Zhichan-2026"
CODE = "91320300MA1W8K2L5P"


@pytest.fixture
def office():
    return do_create_user(None, "office1", PASSWORD, role="office")


@pytest.fixture
def admin():
    return do_create_user(None, "admin1", PASSWORD, role="admin", is_superuser=True)


@pytest.fixture
def firm_org():
    return Organization.objects.create(name="徐州云图智能科技有限公司", kind="enterprise", credit_code=CODE)


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def new_user(**overrides):
    return {"name": "王芳", "email": "wang@example.com", "username": "wangfang", "password1": PASSWORD,
            "password2": PASSWORD, "role": "staff", "organization": "", **overrides}


def test_the_user_list_finds_and_filters(office, firm_org):
    do_create_user(None, "firm1", PASSWORD, role="enterprise", organization=firm_org, name="赵强")
    do_create_user(None, "staff1", PASSWORD, role="staff")
    client = signed_in(office)
    html = client.get("/accounts/users/").content.decode()
    assert all(f'data-username="{u}"' in html for u in ("office1", "firm1", "staff1"))
    found = client.get("/accounts/users/", {"q": "云图"}).content.decode()
    assert 'data-username="firm1"' in found and 'data-username="staff1"' not in found
    staff = client.get("/accounts/users/", {"role": "staff"}).content.decode()
    assert 'data-username="staff1"' in staff and 'data-username="firm1"' not in staff


def test_the_office_creates_a_user_with_a_role_and_organisation(office, firm_org):
    client = signed_in(office)
    response = client.post("/accounts/users/new/", new_user(role="enterprise", organization=firm_org.pk,
                                                            is_org_admin="on"))
    user = User.objects.get(username="wangfang")
    assert response.status_code == 302 and response["Location"] == f"/accounts/users/{user.pk}/"
    assert (user.role, user.organization, user.is_org_admin, user.first_name) == ("enterprise", firm_org, True, "王芳")
    record = AuditLog.objects.get(action="users.create", target_id=str(user.pk))
    assert record.actor == office and record.changes["organization"] == firm_org.pk


def test_a_refused_new_user_keeps_what_was_typed(office):
    response = signed_in(office).post("/accounts/users/new/", new_user(password2="different-2026"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="wangfang"' in html and 'value="wang@example.com"' in html and "两次输入的密码不一致" in html
    assert not User.objects.filter(username="wangfang").exists()


def test_the_office_cannot_make_an_administrator(office, admin):
    client = signed_in(office)
    assert '<option value="admin"' not in client.get("/accounts/users/new/").content.decode()
    response = client.post("/accounts/users/new/", new_user(role="admin"))
    assert response.status_code == 200 and "role" in response.context["form"].errors
    with pytest.raises(PermissionDenied):
        do_create_user(office, "boss", PASSWORD, role="admin")
    # nor change or deactivate one
    assert client.post(f"/accounts/users/{admin.pk}/", {"role": "public"}).status_code == 403
    assert client.post(f"/accounts/users/{admin.pk}/active/", {"active": ""}).status_code == 403
    admin.refresh_from_db()
    assert admin.role == "admin" and admin.is_active
    # an administrator can
    assert '<option value="admin"' in signed_in(admin).get("/accounts/users/new/").content.decode()


def test_changing_role_and_organisation_is_audited(office, firm_org):
    target = do_create_user(None, "person1", PASSWORD, role="public")
    client = signed_in(office)
    response = client.post(f"/accounts/users/{target.pk}/", {"role": "enterprise", "organization": firm_org.pk,
                                                              "is_org_admin": "on"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.role, target.organization, target.is_org_admin) == ("enterprise", firm_org, True)
    record = AuditLog.objects.get(action="users.change", target_id=str(target.pk))
    assert record.actor == office and record.changes["role"] == ["public", "enterprise"]
    # saving the same again writes nothing
    client.post(f"/accounts/users/{target.pk}/", {"role": "enterprise", "organization": firm_org.pk,
                                                  "is_org_admin": "on"})
    assert AuditLog.objects.filter(action="users.change", target_id=str(target.pk)).count() == 1


def test_an_organisation_admin_needs_an_organisation(office):
    target = do_create_user(None, "person1", PASSWORD, role="public")
    acts.do_change_user(office, target, role="public", organization=None, is_org_admin=True)
    assert not User.objects.get(pk=target.pk).is_org_admin


def test_no_one_changes_their_own_role_or_deactivates_themselves(office):
    client = signed_in(office)
    response = client.post(f"/accounts/users/{office.pk}/", {"role": "public"})
    assert response.status_code == 200 and "不能修改自己的角色" in response.content.decode()
    client.post(f"/accounts/users/{office.pk}/active/", {"active": ""})
    office.refresh_from_db()
    assert office.role == "office" and office.is_active


def test_deactivate_and_reactivate(office):
    target = do_create_user(None, "staff1", PASSWORD, role="staff")
    client = signed_in(office)
    client.post(f"/accounts/users/{target.pk}/active/", {"active": ""})
    target.refresh_from_db()
    assert not target.is_active
    login = Client().post("/login/", {"username": "staff1", "password": PASSWORD})
    assert login.status_code == 200 and "_auth_user_id" not in login.wsgi_request.session
    assert AuditLog.objects.filter(action="users.deactivate", target_id=str(target.pk), actor=office).exists()
    client.post(f"/accounts/users/{target.pk}/active/", {"active": "True"})
    target.refresh_from_db()
    assert target.is_active
    assert AuditLog.objects.filter(action="users.activate", target_id=str(target.pk)).exists()


@pytest.mark.parametrize("role", ["staff", "enterprise", "public"])
def test_others_see_no_account_pages(role):
    client = signed_in(do_create_user(None, f"{role}1", PASSWORD, role=role))
    target = do_create_user(None, "someone", PASSWORD, role="public")
    assert client.get("/accounts/users/").status_code == 403
    assert client.post("/accounts/users/new/", new_user()).status_code == 403
    assert client.post(f"/accounts/users/{target.pk}/active/", {"active": ""}).status_code == 403
    assert client.get("/services/windows/").status_code == 403
    assert User.objects.get(pk=target.pk).is_active and not User.objects.filter(username="wangfang").exists()


# ---- window staff and supervisors ----------------------------------------------------------------------------------

def test_staff_and_supervisor_make_the_assistance_assignment_possible(office):
    from zhichan.services import actions as service_actions
    from zhichan.services.models import Window

    staff1 = do_create_user(None, "staff1", PASSWORD, role="staff")
    staff2 = do_create_user(None, "staff2", PASSWORD, role="staff")
    lead = do_create_user(None, "lead1", PASSWORD, role="staff")
    window = Window.objects.get(kind="assistance")
    client = signed_in(office)
    page = client.get("/services/windows/").content.decode()
    assert 'id="window-assistance"' in page and "staff1" in page
    response = client.post("/services/windows/", {"window": window.pk, "assistance-staff": [staff1.pk, staff2.pk],
                                                  "assistance-supervisor": lead.pk})
    assert response.status_code == 302
    window.refresh_from_db()
    assert set(window.staff.all()) == {staff1, staff2} and window.supervisor == lead
    record = AuditLog.objects.get(action="services.staffing", target_id=str(window.pk))
    assert record.changes["supervisor"] == [None, "lead1"]
    # each one's page in the user management says which windows they work
    lead_page = client.get(f"/accounts/users/{lead.pk}/").content.decode()
    assert 'id="user-windows">窗口负责人：维权援助</dd>' in lead_page
    staff_page = client.get(f"/accounts/users/{staff1.pk}/").content.decode()
    assert 'id="user-windows">窗口工作人员：维权援助</dd>' in staff_page
    assert 'id="user-windows"' not in client.get(f"/accounts/users/{office.pk}/").content.decode()

    applicant = do_create_user(None, "person1", PASSWORD, role="public")
    case = service_actions.do_open_case(applicant, "assistance")
    service_actions.do_transition(applicant, case, "submit", {"subject": "某公司", "description": "仿冒我方外观设计"})
    service_actions.do_transition(staff1, case, "accept")
    # the supervisor's case page offers the window's staff for 分派
    html = signed_in(lead).get(f"/services/cases/{case.pk}/").content.decode()
    assert 'name="assignee"' in html and '<option value="staff2">' in html
    service_actions.do_transition(lead, case, "assign", {"assignee": "staff2"})
    case.refresh_from_db()
    assert case.assignee == staff2 and case.state == "in_progress"


def test_only_case_handlers_can_staff_a_window(office):
    from zhichan.services.models import Window

    firm = do_create_user(None, "firm1", PASSWORD, role="enterprise")
    window = Window.objects.get(kind="assistance")
    response = signed_in(office).post("/services/windows/", {"window": window.pk, "assistance-staff": [firm.pk]})
    assert response.status_code == 400
    assert not window.staff.exists()


# ---- zhichan user --------------------------------------------------------------------------------------------------

def test_cli_adds_users_and_organisations(capsys):
    call_command("user", "org", CODE.lower(), "--name", "徐州云图智能科技有限公司")
    org = Organization.objects.get(credit_code=CODE)
    assert org.verified and org.region_id == "320300"
    call_command("user", "add", "firm1", "--role", "enterprise", "--org", CODE, "--password", PASSWORD,
                 "--org-admin", "--email", "f@example.com")
    firm = User.objects.get(username="firm1")
    assert firm.organization == org and firm.is_org_admin and firm.check_password(PASSWORD)
    call_command("user", "add", "staff1", "--role", "staff")
    out = capsys.readouterr().out
    assert "staff1" in out and "shown once" in out
    assert AuditLog.objects.filter(action="users.create", actor=None).count() == 2
    call_command("user", "list", "--role", "enterprise")
    assert "firm1\tenterprise\t徐州云图智能科技有限公司" in capsys.readouterr().out


@pytest.mark.parametrize("args,words", [
    (["add", "weak", "--role", "staff", "--password", "12345678"], "password refused"),
    (["add", "firm1", "--role", "enterprise", "--org", CODE[:-1] + "Q"], "校验位错误"),
    (["add", "firm1", "--role", "enterprise", "--org", "91320311MA1N3TQ20W"], "no organisation"),
    (["org", CODE[:-1] + "Q", "--name", "某公司"], "校验位错误"),
])
def test_cli_refusals(args, words):
    with pytest.raises(CommandError, match=words):
        call_command("user", *args)
    assert not User.objects.exists()


def test_cli_refuses_a_taken_username():
    call_command("user", "add", "staff1", "--role", "staff", "--password", PASSWORD)
    with pytest.raises(CommandError, match="username taken"):
        call_command("user", "add", "STAFF1", "--role", "staff", "--password", PASSWORD)


def test_the_alias_is_registered():
    from zhichan.cli import ALIASES

    assert ALIASES["user"] == "user"
