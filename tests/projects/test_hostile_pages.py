"""Hostile users of the issue-17 project pages: per-call weights that are negative, over 100, with three decimals,
not numbers or not finite are refused with the input kept; the expert pool and the 严重失信 records are the office's;
full-width digits are read as digits."""

from __future__ import annotations

import pytest

from zhichan.projects.models import Call

from .test_evaluation_weights import weights_post
from .test_pages import call_post

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("bad", ["-10", "0", "150", "33.333", "abc", "NaN", "Infinity", "<b>40</b>"])
def test_bad_weights_are_refused_and_kept(client, office, bad):
    client.force_login(office)
    response = client.post("/projects/new/", call_post(**weights_post(bad, "30", "10", "20")))
    assert response.status_code == 400 and "weight_output" in response.context["form"].errors
    assert not Call.objects.exists()
    assert "<b>40</b>" not in response.content.decode()


def test_full_width_weights_are_read_as_digits(client, office):
    client.force_login(office)
    response = client.post("/projects/new/", call_post(**weights_post("４０", "30", "10", "20")))
    assert response.status_code == 302
    assert Call.objects.get().evaluation_weights()["output"] == 40


def test_the_pool_and_the_credit_records_are_the_offices(client, applicant, staff, firm):
    for address in ("/experts/", "/experts/new/", "/projects/credit/"):
        assert client.get(address).status_code == 302  # anonymous: sign in first
    for user in (applicant, staff):
        client.force_login(user)
        for address in ("/experts/", "/experts/new/", "/projects/credit/"):
            assert client.get(address).status_code == 403, (user.username, address)
        assert client.post("/projects/credit/", {"organization": firm.pk, "source": "creditchina",
                                                 "list_name": "失信被执行人", "document_number": "（2026）苏0311执1号",
                                                 "listed_on": "2026-01-01"}).status_code == 403
