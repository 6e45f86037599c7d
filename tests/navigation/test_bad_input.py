"""The records behind a number refuse a bad condition with a 400 and the reason, never as markup and never as a
500 (issue 12: defects 2 and 8)."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest

from tests.search.conftest import write_patents
from zhichan.navigation.models import ThematicDatabase
from zhichan.patents.actions import do_import_patents

pytestmark = pytest.mark.django_db

XSS = '{"<img src=x onerror=alert(1)>":1}'
ROWS = [{"title": f"一种虚拟现实头盔{i}", "abstract": "虚拟现实。", "ad": f"{2015 + i % 8}-03-01"} for i in range(12)]


@pytest.fixture
def office(client, django_user_model, tmp_path):
    user = django_user_model.objects.create_user("office", password="x", role="office")
    client.force_login(user)
    do_import_patents(None, [write_patents(tmp_path / "vr.csv", ROWS)])
    return user


@pytest.fixture
def urls(client, office):
    client.post("/navigation/", {"name": "虚拟现实", "queries": "TI=虚拟现实", "region": ""})
    db = ThematicDatabase.objects.get(name="虚拟现实")
    client.post(f"/navigation/{db.pk}/refresh/")
    return [f"/navigation/{db.pk}/records/?cond=", "/navigation/search/records/?q=TI%3D%E5%A4%B4%E7%9B%94&cond="]


def test_a_condition_is_never_reflected_as_markup(client, urls):
    for url in urls:
        response = client.get(url + quote(XSS))
        body = response.content.decode()
        assert response.status_code == 400
        assert "<img" not in body and "&lt;img src=x onerror=alert(1)&gt;" in body
        assert response["Content-Type"].startswith("text/html")  # a page, escaped by the template


@pytest.mark.parametrize("cond", [
    '{"year":Infinity}', '{"year":-Infinity}', '{"year":NaN}', '{"years":[]}', '{"years":[2020]}',
    '{"years":[2020,"x"]}', '{"years":"2020"}', '{"year":1e400}', '{"year":"MMXX"}', '{"year":{"a":1}}',
    '{"year":[2020]}', '{"city":{"a":[1]}}', '{"applicant":["a"]}', '[1,2]', '"year"', "1", "null",
    '{"colour":"red"}', "[" * 5000 + "]" * 5000, '{"year":' + "9" * 5000 + "}", "{", "not-json",
])
def test_bad_conditions_are_a_400_with_the_reason(client, urls, cond):
    for url in urls:
        response = client.get(url + quote(cond))
        assert response.status_code == 400, (url, cond, response.status_code)
        assert "条件有误" in response.content.decode()


def test_good_conditions_still_list_records(client, urls):
    for url in urls:
        year = client.get(url + quote(json.dumps({"year": 2015})))
        assert year.status_code == 200 and year.context["total"] == 2
        years = client.get(url + quote(json.dumps({"years": [2015, 2016], "sample": True})))
        assert years.status_code == 200 and years.context["total"] >= 1
        assert client.get(url).context["total"] == 12
