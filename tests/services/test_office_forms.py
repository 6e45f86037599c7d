"""The office's forms in the service hall (办事指南, 预审技术领域, 用办件数据生成指标填报): a bad value is refused beside its
field with what was typed kept (400); a good one is saved by the do_* action and audited."""

from __future__ import annotations

import datetime as dt
import html

import pytest

from zhichan.core.models import AuditLog
from zhichan.indicators.models import ReportedValue
from zhichan.services.models import ServiceItem, TechnicalField

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(client, django_user_model):
    user = django_user_model.objects.create_user("office", password="x", role="office")
    client.force_login(user)
    return user


def guide_values(item, **changes):
    return {**{f: getattr(item, f) for f in ["summary", "who", "conditions", "materials", "steps", "time_limit", "fee",
                                             "place"]}, **changes}


def test_guide_refuses_an_overlong_fee_and_keeps_every_field(client, office):
    item = ServiceItem.objects.get(code="consult")
    posted = guide_values(item, fee="免费" * 60, place="徐州市泉山区某路 1 号")
    response = client.post(f"/services/guides/{item.code}/edit/", posted)
    page = html.unescape(response.content.decode())
    assert response.status_code == 400 and 'id="id_fee_error"' in page and 'aria-invalid="true"' in page
    assert f'value="{"免费" * 60}"' in page and 'value="徐州市泉山区某路 1 号"' in page
    item.refresh_from_db()
    assert item.place != "徐州市泉山区某路 1 号"


def test_guide_saved_and_audited(client, office):
    item = ServiceItem.objects.get(code="consult")
    response = client.post(f"/services/guides/{item.code}/edit/", guide_values(item, fee="免费"))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.fee == "免费" and AuditLog.objects.filter(action="services.guide", actor=office).exists()


def test_technical_fields_refuse_a_line_that_is_no_class_and_keep_the_text(client, office):
    response = client.post("/services/fields/", {"fields": "H01M 电池\n123 不是分类号"})
    page = html.unescape(response.content.decode())
    assert response.status_code == 400 and "“123”不是分类号" in page and 'aria-invalid="true"' in page
    assert "H01M 电池\n123 不是分类号" in page and not TechnicalField.objects.filter(ipc="H01M").exists()
    assert client.post("/services/fields/", {"fields": "H01M 电池\nG06N"}).status_code == 302
    assert set(TechnicalField.objects.values_list("ipc", flat=True)) == {"H01M", "G06N"}
    assert AuditLog.objects.filter(actor=office, action__startswith="services.").exists()


@pytest.mark.parametrize(("posted", "field", "reason"), [
    ({"region": "320300", "year": "明年"}, "year", ""), ({"region": "320300", "year": str(dt.date.today().year + 1)},
                                                       "year", "不能晚于今年"),
    ({"region": "999999", "year": "2024"}, "region", "未知地区")])
def test_feed_refusals(client, office, posted, field, reason):
    response = client.post("/services/stats/feed/", posted)
    page = html.unescape(response.content.decode())
    assert response.status_code == 400 and f'id="id_{field}_error"' in page and reason in page
    assert not ReportedValue.objects.exists()


def test_feed_writes_drafts(client, office):
    response = client.post("/services/stats/feed/", {"region": "320300", "year": "2024"})
    assert response.status_code == 302 and response["Location"] == "/indicators/reported/?city=320300"
    assert ReportedValue.objects.filter(region_id="320300", period="2024").exists()
