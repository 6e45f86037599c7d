from __future__ import annotations

import datetime as dt

import pytest

D = dt.date


@pytest.fixture
def people(django_user_model):
    """The office (supervisor), four handlers (one works for a party's company), an enterprise user, the public."""
    from zhichan.core.models import Organization

    firm = Organization.objects.create(name="徐州甲机械有限公司", kind="enterprise")
    make = django_user_model.objects.create_user
    return {
        "office": make("office1", password="x", role="office"),
        "a": make("staff_a", password="x", role="staff"),
        "b": make("staff_b", password="x", role="staff"),
        "c": make("staff_c", password="x", role="staff"),
        "insider": make("staff_d", password="x", role="staff", organization=firm),
        "enterprise": make("ent1", password="x", role="enterprise"),
        "public": make("pub1", password="x", role="public"),
    }


@pytest.fixture
def patent(db):
    from zhichan.patents.models import Application

    return Application.objects.create(key="CN202310000001.X", country="CN", patent_type="invention",
                                      title="一种起重机臂架", filing_date=D(2023, 1, 5), first_applicant="徐州乙重工有限公司")


FILED = D(2025, 9, 26)


def adjudication(people, patent, today=FILED):
    from zhichan.protection import actions

    case, _code = actions.do_file_case(
        people["office"], "adjudication", title="起重机臂架专利侵权纠纷",
        fields={"claims": "被请求人制造销售的起重机落入涉案专利保护范围，请求责令停止侵权。"},
        parties=[("requester", "徐州乙重工有限公司"), ("respondent", "徐州甲机械有限公司")], patents=[patent],
        today=today)
    return case
