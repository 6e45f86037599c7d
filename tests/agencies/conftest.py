from __future__ import annotations

import pytest

from zhichan.core.creditcode import check_character


def code(body17: str) -> str:
    """A valid 统一社会信用代码 with the given first 17 characters."""
    return body17 + check_character(body17)


@pytest.fixture
def office(django_user_model):
    return django_user_model.objects.create_user("office1", password="x", role="office")
