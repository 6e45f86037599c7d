from types import SimpleNamespace

import pytest

from zhichan.core.permissions import PERMISSIONS, ROLE_PERMISSIONS, can


def user(role, active=True, authenticated=True):
    return SimpleNamespace(role=role, is_active=active, is_authenticated=authenticated)


@pytest.mark.parametrize("role", sorted(ROLE_PERMISSIONS))
@pytest.mark.parametrize("permission", sorted(PERMISSIONS))
def test_matrix(role, permission):
    granted = ROLE_PERMISSIONS[role]
    assert can(user(role), permission) == ("*" in granted or permission in granted)
    assert not can(user(role, active=False), permission)
    assert not can(user(role, authenticated=False), permission)


def test_only_admins_and_office_import():
    assert {r for r in ROLE_PERMISSIONS if can(user(r), "patents.import")} == {"admin", "office"}


def test_unknown_permission_is_a_bug():
    with pytest.raises(ValueError):
        can(user("admin"), "patents.delete_everything")
