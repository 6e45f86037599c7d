"""A facet followed on the search page narrows the query (… AND LS=valid); the page names the narrowing in words
(法律状态：有效), each with a link that takes it off."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from zhichan.core.models import User
from zhichan.patents.actions import do_import_patents
from zhichan.search import service

pytestmark = pytest.mark.django_db

ROWS = [
    {"title": "一种锂离子电池正极材料", "ad": "2021-05-06"},
    {"title": "钠离子电池负极", "ad": "2022-01-10", "ipc": "H01M4/36", "main_ipc": "H01M4/36"},
    {"title": "电池外壳", "ad": "2020-03-01", "applicant": "中国矿业大学", "type": "utility"},
]


@pytest.fixture
def signed_in(client, small_export):
    do_import_patents(None, [small_export(ROWS)])
    client.force_login(User.objects.create_user("searcher", password="x", role="staff"))
    return client


def _facet_href(page: str, facet: str, label: str) -> str:
    block = page[page.index(f'id="facet-{facet}"'):]
    block = block[:block.index("</details>")]
    return unescape(re.search(rf'<a href="([^"]+)">{re.escape(label)}</a>', block).group(1))


def _chips(page: str) -> str:
    if 'id="facet-chips"' not in page:
        return ""
    block = page[page.index('id="facet-chips"'):]
    return block[:block.index("</span>\n")]


def test_facet_narrowing_is_shown_in_words(signed_in):
    page = signed_in.get("/search/", {"q": "TI=电池"}).content.decode()
    assert _chips(page) == ""
    narrowed = signed_in.get("/search/" + _facet_href(page, "type", "实用新型")).content.decode()
    chips = _chips(narrowed)
    assert "专利类型：实用新型" in chips and "TYPE=" not in chips
    status = next(label for label in ("有效", "审中", "失效", "未知") if f">{label}</a>" in narrowed)
    ls_query = parse_qs(urlsplit(_facet_href(narrowed, "ls", status)).query)["q"][0]
    code = ls_query.rsplit("LS=", 1)[1]
    twice = signed_in.get("/search/", {"q": ls_query}).content.decode()
    chips = _chips(twice)
    assert f"法律状态：{status}" in chips and "专利类型：实用新型" in chips and "LS=" not in chips
    removes = [parse_qs(urlsplit(unescape(h)).query)["q"][0] for h in re.findall(r'<a href="(\?q=[^"]+)"', chips)]
    assert removes == [f"(TI=电池) AND LS={code}", "(TI=电池) AND TYPE=utility"]


def test_chips_of_each_facet_field():
    titles = {"year": "申请年", "type": "专利类型", "ls": "法律状态", "applicant": "申请人", "country": "国别"}
    chips = service.facet_chips('(((TI=电池) AND AD=2021) AND LS=valid) AND PAN="中国矿业大学"', titles)
    assert [(c["title"], c["value"]) for c in chips] == [("申请年", "2021"), ("法律状态", "有效"),
                                                         ("申请人", "中国矿业大学")]
    assert chips[1]["without"] == '((TI=电池) AND AD=2021) AND PAN="中国矿业大学"'
    assert service.facet_chips("TI=电池 AND LS=valid", titles) == []  # typed, not narrowed by a facet link
