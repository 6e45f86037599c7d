"""Issue 12, defects 11 and 12: login lockout, password rules and pages, production (HTTPS) settings."""

from __future__ import annotations

import datetime as dt
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.test import Client, override_settings

from zhichan.core.actions import do_create_user, do_unlock_user
from zhichan.core.models import AuditLog, User
from zhichan.core.permissions import PermissionDenied

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "pw-Zhichan-2026"


def _login(client, username, password):
    return client.post("/login/", {"username": username, "password": password})


def _signed_in(client):
    return "_auth_user_id" in client.session


@pytest.fixture
def firm(db):
    return do_create_user(None, "firm1", PASSWORD, role="enterprise")


@pytest.fixture
def office(db):
    return do_create_user(None, "office1", PASSWORD, role="office")


# --- defect 11: brute force -------------------------------------------------------------------------------


def _lock(username):
    client = Client()
    for _ in range(5):
        _login(client, username, "wrong-password")
    return client


def test_sixty_wrong_passwords_then_the_right_one_is_refused(firm):
    client = Client()
    for _ in range(60):
        _login(client, "firm1", "wrong-password")
    response = _login(client, "firm1", PASSWORD)
    assert not _signed_in(client)
    assert response.status_code == 429
    page = response.content.decode()
    assert "账号已暂时锁定" in page and "30 分钟" in page  # a clear message on the login page itself
    assert 'name="password"' in page


def test_lockout_comes_after_five_failures_and_not_before(firm):
    client = Client()
    for _ in range(4):
        assert _login(client, "firm1", "wrong-password").status_code == 200
    assert _login(client, "firm1", PASSWORD).status_code == 302 and _signed_in(client)
    _lock("firm1")
    assert _login(Client(), "firm1", PASSWORD).status_code == 429


def test_one_locked_account_does_not_lock_the_office_network(firm, office):
    _lock("firm1")  # same client address as everyone else behind the office's NAT
    client = Client()
    assert _login(client, "office1", PASSWORD).status_code == 302 and _signed_in(client)


def test_lock_ends_after_the_cool_off(firm):
    from axes.models import AccessAttempt

    _lock("firm1")
    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=31))
    client = Client()
    assert _login(client, "firm1", PASSWORD).status_code == 302 and _signed_in(client)


def test_office_unlocks_from_the_locked_accounts_page(firm, office):
    _lock("firm1")
    staff = Client()
    staff.force_login(office)
    page = staff.get("/accounts/locked/").content.decode()
    assert "firm1" in page and "解锁" in page
    response = staff.post("/accounts/locked/", {"username": "firm1"}, follow=True)
    assert "已解锁" in response.content.decode() and 'data-username="firm1"' not in response.content.decode()
    assert AuditLog.objects.filter(action="users.unlock", target_id=str(firm.pk), actor=office).exists()
    client = Client()
    assert _login(client, "firm1", PASSWORD).status_code == 302 and _signed_in(client)


def test_only_offices_unlock(firm):
    _lock("firm1")
    other = do_create_user(None, "firm2", PASSWORD, role="enterprise")
    client = Client()
    client.force_login(other)
    assert client.get("/accounts/locked/").status_code == 403
    assert client.post("/accounts/locked/", {"username": "firm1"}).status_code == 403
    with pytest.raises(PermissionDenied):
        do_unlock_user(other, "firm1")
    assert _login(Client(), "firm1", PASSWORD).status_code == 429


def test_unlock_from_the_command_line(firm, capsys):
    _lock("firm1")
    call_command("unlock", "firm1")
    assert "firm1" in capsys.readouterr().out
    assert _login(Client(), "firm1", PASSWORD).status_code == 302
    assert AuditLog.objects.filter(action="users.unlock", target_id=str(firm.pk), actor=None).exists()


def test_createadmin_refuses_a_weak_password(db):
    with pytest.raises(ValidationError) as expected:
        validate_password("1", User(username="admin"))
    with pytest.raises(CommandError) as refused:
        call_command("createadmin", "--password", "1")
    for message in expected.value.messages:
        assert message in str(refused.value)
    assert not User.objects.filter(username="admin").exists()
    call_command("createadmin", "--password", "Another-Strong-Pass-42")
    assert User.objects.get(username="admin").check_password("Another-Strong-Pass-42")


def test_create_user_action_validates_the_password(db):
    with pytest.raises(ValidationError):
        do_create_user(None, "weak", "12345678")
    with pytest.raises(ValidationError):  # too like the user name
        do_create_user(None, "zhangsan2026", "zhangsan2026")
    assert not User.objects.filter(username__in=["weak", "zhangsan2026"]).exists()


def test_password_change_page(firm):
    client = Client()
    client.force_login(firm)
    page = client.get("/accounts/password/change/").content.decode()
    assert "修改密码" in page and 'name="new_password1"' in page
    weak = client.post("/accounts/password/change/", {"old_password": PASSWORD, "new_password1": "12345678",
                                                       "new_password2": "12345678"})
    assert weak.status_code == 200 and "errorlist" in weak.content.decode()
    firm.refresh_from_db()
    assert firm.check_password(PASSWORD)
    done = client.post("/accounts/password/change/", {"old_password": PASSWORD, "new_password1": "New-Zhichan-2027",
                                                      "new_password2": "New-Zhichan-2027"}, follow=True)
    assert "密码已修改" in done.content.decode()
    firm.refresh_from_db()
    assert firm.check_password("New-Zhichan-2027")
    assert _signed_in(client)  # the session survives its own password change
    assert AuditLog.objects.filter(action="users.password", target_id=str(firm.pk), actor=firm).exists()


def test_password_change_needs_a_signed_in_user(db):
    assert Client().get("/accounts/password/change/")["Location"].startswith("/login/")


def test_password_reset_by_email(firm):
    firm.email = "firm1@example.cn"
    firm.save(update_fields=["email"])
    client = Client()
    assert "忘记密码" in client.get("/login/").content.decode()
    page = client.get("/accounts/password/reset/")
    assert page.status_code == 200 and 'name="email"' in page.content.decode()
    response = client.post("/accounts/password/reset/", {"email": "firm1@example.cn"}, follow=True)
    assert "邮件" in response.content.decode()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["firm1@example.cn"]
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert 'name="new_password1"' in form_page.content.decode()
    target = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    weak = client.post(target, {"new_password1": "12345678", "new_password2": "12345678"})
    assert "errorlist" in weak.content.decode()
    done = client.post(target, {"new_password1": "Reset-Zhichan-2027", "new_password2": "Reset-Zhichan-2027"},
                       follow=True)
    assert "密码已重新设置" in done.content.decode()
    firm.refresh_from_db()
    assert firm.check_password("Reset-Zhichan-2027")
    assert AuditLog.objects.filter(action="users.password", target_id=str(firm.pk)).exists()


def test_password_reset_for_an_unknown_address_tells_nothing(db):
    response = Client().post("/accounts/password/reset/", {"email": "nobody@example.cn"}, follow=True)
    assert response.status_code == 200 and "邮件" in response.content.decode()
    assert mail.outbox == []


def test_a_reset_password_unlocks_the_account(firm):
    firm.email = "firm1@example.cn"
    firm.save(update_fields=["email"])
    _lock("firm1")
    client = Client()
    client.post("/accounts/password/reset/", {"email": "firm1@example.cn"})
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    target = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(target, {"new_password1": "Reset-Zhichan-2027", "new_password2": "Reset-Zhichan-2027"})
    assert _login(Client(), "firm1", "Reset-Zhichan-2027").status_code == 302


# --- defect 12: production settings ------------------------------------------------------------------------


def _documented_production_environment() -> dict[str, str]:
    """The environment block of docs/operations.md's production section, as an operator would copy it."""
    text = (ROOT / "docs" / "operations.md").read_text("utf-8")
    section = text.split("## Production", 1)[1]
    block = re.search(r"```(?:bash|sh|ini|env)?\n(.*?)```", section, re.S).group(1)
    env = {}
    for line in block.splitlines():
        line = line.split("#", 1)[0].strip()
        if line.startswith("export "):
            line = line[len("export "):]
        if "=" in line:
            name, value = line.split("=", 1)
            env[name.strip()] = value.strip().strip("'\"")
    return env


def _check_deploy(tmp_path, extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHICHAN_") and k != "DATABASE_URL"}
    env.update(extra)
    env["ZHICHAN_HOME"] = str(tmp_path / "home")
    return subprocess.run([sys.executable, "-m", "zhichan.cli", "check", "--deploy", "--fail-level", "WARNING"],
                          env=env, capture_output=True, text=True, timeout=300)


def test_check_deploy_without_https_names_the_missing_settings(tmp_path):
    result = _check_deploy(tmp_path, {"ZHICHAN_SECRET_KEY": secrets.token_urlsafe(50),
                                      "ZHICHAN_ALLOWED_HOSTS": "ip.example.gov.cn"})
    assert result.returncode != 0
    for code in ("W004", "W008", "W012", "W016"):
        assert code in result.stderr


def test_check_deploy_is_clean_with_the_documented_production_environment(tmp_path):
    env = _documented_production_environment()
    assert env["ZHICHAN_HTTPS"] == "true" and env["ZHICHAN_DEBUG"] == "false" and env["ZHICHAN_ALLOWED_HOSTS"]
    env.pop("DATABASE_URL", None)  # checks need no database server
    env.pop("ZHICHAN_REDIS_URL", None)
    env["ZHICHAN_SECRET_KEY"] = secrets.token_urlsafe(50)  # the documented one is a placeholder to replace
    result = _check_deploy(tmp_path, env)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout and "WARNINGS" not in result.stderr


def test_https_settings(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHICHAN_")}
    env.update({"ZHICHAN_HOME": str(tmp_path / "home"), "ZHICHAN_HTTPS": "true",
                "ZHICHAN_PROXY_SSL_HEADER": "X-Forwarded-Proto", "DJANGO_SETTINGS_MODULE": "zhichan.settings"})
    script = ("from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
              "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, "
              "s.SECURE_PROXY_SSL_HEADER)")
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert out.stdout.split() == ["True", "True", "True", "31536000", "True", "True",
                                  "('HTTP_X_FORWARDED_PROTO',", "'https')"], out.stderr
    env.pop("ZHICHAN_HTTPS")
    env.pop("ZHICHAN_PROXY_SSL_HEADER")
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert out.stdout.split() == ["False", "False", "False", "0", "False", "False", "None"], out.stderr


@override_settings(SECURE_SSL_REDIRECT=True, SECURE_HSTS_SECONDS=31536000, SESSION_COOKIE_SECURE=True,
                   SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_https_in_requests(firm):
    plain = Client().get("/login/")
    assert plain.status_code == 301 and plain["Location"].startswith("https://")
    client = Client(HTTP_X_FORWARDED_PROTO="https")
    assert "max-age=31536000" in client.get("/login/")["Strict-Transport-Security"]
    client.post("/login/", {"username": "firm1", "password": PASSWORD})
    assert client.cookies["sessionid"]["secure"]
