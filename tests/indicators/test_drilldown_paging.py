"""The records behind a figure: 50 a page, page links that keep the rest of the address, and a spreadsheet of every
record written through the shared helper (formula-like titles stay text)."""

from __future__ import annotations

import datetime as dt
import io
import re
from html import unescape
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from openpyxl import load_workbook

from tests.indicators.test_compute import QUANSHAN, number, patent
from zhichan.patents import record as rec
from zhichan.patents.ingest.loader import Loader
from zhichan.patents.models import ImportFile, ImportRun

pytestmark = pytest.mark.django_db
MANY = 123
ADDRESS = {"indicator": "valid_invention", "as_of": "2024-12-31", "attribution": "first_holder",
           "pledge_threshold": "1000", "ten_years_from": "filing", "sei_match": "any"}


@pytest.fixture
def many(client, django_user_model):
    records = [patent(100 + i, "1", dt.date(2010 + i % 10, 1 + i % 12, 1), dt.date(2021, 1, 1), [QUANSHAN])
               for i in range(MANY)]
    records[0] = rec.PatentRecord(**{**records[0].__dict__, "title": '=HYPERLINK("http://x","y")'})
    run = ImportRun.objects.create()
    loader = Loader(ImportFile.objects.create(run=run, name="many", sha256="m", format="test"))
    loader.store(loader.group(records))
    client.force_login(django_user_model.objects.create_user("office", password="x", role="office"))
    return client


def _rows(page: str) -> int:
    return page.count('href="/patents/CN')


def _links(page: str) -> list[str]:
    nav = page[page.index('id="drilldown-pager"'):]
    nav = nav[:nav.index("</nav>")]
    return [unescape(h) for h in re.findall(r'href="([^"]+)"', nav)]


def test_fifty_a_page_with_links_that_keep_the_query(many):
    first = many.get(f"/indicators/high-value/{QUANSHAN}/", ADDRESS).content.decode()
    assert f"· {MANY} 件" in first and _rows(first) == 50
    links = _links(first)
    assert links, "no page links"
    for link in links:
        query = {k: v[0] for k, v in parse_qs(urlsplit(link).query).items()}
        assert {k: query[k] for k in ADDRESS} == ADDRESS and "page" in query
    last = many.get(f"/indicators/high-value/{QUANSHAN}/", {**ADDRESS, "page": "3"}).content.decode()
    assert _rows(last) == MANY - 100 and "3 / 3" in last
    assert _rows(many.get(f"/indicators/high-value/{QUANSHAN}/", {**ADDRESS, "page": "x"}).content.decode()) == 50
    seen = set()
    for page in (1, 2, 3):
        text = many.get(f"/indicators/high-value/{QUANSHAN}/", {**ADDRESS, "page": page}).content.decode()
        seen |= set(re.findall(r'href="/patents/(CN[^/"]+)/"', text))
    assert len(seen) == MANY  # every record on exactly one page


def _export(client, address: dict, steps: list | None = None) -> bytes:
    """导出全部 as the page does it (a POST of the page's address), the job run here, the file downloaded."""
    from zhichan.core import jobs
    from zhichan.core.models import Job

    response = client.post(f"/indicators/high-value/{QUANSHAN}/export/", {"address": urlencode(address)})
    assert response.status_code == 302 and response["Location"].startswith("/jobs/")
    job = jobs.run(int(response["Location"].split("/")[2]))
    assert job.status == Job.Status.DONE, job.error
    download = client.get(job.result["downloads"][0]["url"])
    assert download.status_code == 200 and ".xlsx" in download["Content-Disposition"]
    return b"".join(download.streaming_content)


def test_export_holds_every_record_with_formulas_kept_as_text(many, django_user_model):
    from zhichan.core.models import AuditLog, Job

    page = many.get(f"/indicators/high-value/{QUANSHAN}/", {**ADDRESS, "page": "2"}).content.decode()
    form = page[page.index('action="/indicators/high-value/'):]
    address = unescape(re.search(r'name="address" value="([^"]*)"', form).group(1))
    assert {k: v[0] for k, v in parse_qs(address).items()} == ADDRESS  # the page's address, less the page
    assert many.get(f"/indicators/high-value/{QUANSHAN}/export/", ADDRESS).status_code == 405  # a GET writes nothing
    book = load_workbook(io.BytesIO(_export(many, {**ADDRESS, "page": "2"})))  # every page, whichever was shown
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0][:3] == ("申请号", "标题", "第一申请人") and len(rows) == MANY + 1  # every page's records
    assert {r[0] for r in rows[1:]} == {number(100 + i, "1", 2010 + i % 10) for i in range(MANY)}
    assert "'=HYPERLINK(\"http://x\",\"y\")" in {r[1] for r in rows[1:]}  # text, not a formula
    assert not any(cell.data_type == "f" for row in book.active.iter_rows() for cell in row)
    job = Job.objects.get(kind="indicators.export")
    assert job.message == "" and job.done == job.total == MANY and AuditLog.objects.filter(action="indicators.export").exists()
    many.force_login(django_user_model.objects.create_user("someone", password="x", role="enterprise"))
    assert many.get(job.result["downloads"][0]["url"]).status_code == 403  # may not see the indicators


def test_high_value_export_lists_the_criteria(many):
    content = _export(many, {**ADDRESS, "indicator": "high_value_invention"})
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert rows[0][-1] == "满足的条件"
    assert len(rows) > 1 and all("维持年限超过10年" in r[-1] for r in rows[1:])
    response = many.post(f"/indicators/high-value/{QUANSHAN}/export/", {"address": "indicator=nonsense"})
    assert response.status_code == 404
