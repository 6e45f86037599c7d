"""More hostile users against events: another's registration, QR code and token; the agenda never shows a demand's
confidential details; odd input (invisible names, markup, formulas, huge numbers, bad dates, query params)."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from zhichan.events import actions
from zhichan.events.models import Event, EventItem, Registration

from .conftest import person

pytestmark = pytest.mark.django_db

SOON = dt.timedelta(minutes=30)


def test_the_agenda_and_every_events_page_keep_the_demands_details_hidden(make_event, office, demand, stranger,
                                                                           make_user, client):
    event = make_event()
    actions.do_add_item(office, event, demand=demand)
    for user in (None, stranger, make_user("public"), make_user("expert"), make_user("agency")):
        client.logout()
        if user:
            client.force_login(user)
        for url in (f"/events/{event.pk}/", "/events/", "/events/mine/"):
            body = client.get(url).content.decode()
            assert "掺杂配方细节" not in body, (user, url)
    client.force_login(stranger)
    assert "高镍正极材料改性" in client.get(f"/events/{event.pk}/").content.decode()


def test_anothers_qr_code_cancel_and_check_in_are_refused(make_event, enterprise, stranger, office, client):
    event = make_event(starts=SOON)
    mine = actions.do_register(enterprise, event, person())
    client.force_login(stranger)
    assert client.get(f"/events/mine/{mine.pk}/qr.svg").status_code == 404
    assert client.post(f"/events/mine/{mine.pk}/cancel/", {"token": mine.token}).status_code == 404
    assert client.get(f"/events/{event.pk}/checkin/{mine.token}/").status_code == 403
    assert client.post(f"/events/{event.pk}/checkin/{mine.token}/", {"token": mine.token}).status_code == 403
    other = make_event(starts=SOON, title="另一场")
    client.force_login(office)  # the token of one event never checks in at another
    assert client.post(f"/events/{other.pk}/checkin/{mine.token}/", {"token": mine.token}).status_code in (400, 404)
    mine.refresh_from_db()
    assert mine.status == Registration.Status.REGISTERED and mine.checked_in_at is None


def test_the_hidden_token_cannot_swap_in_anothers_registration(make_event, enterprise, stranger, office, client):
    event = make_event(starts=SOON)
    a = actions.do_register(enterprise, event, person())
    b = actions.do_register(stranger, event, person(name="李四"))
    client.force_login(enterprise)  # cancelling one's own registration with someone else's token
    assert client.post(f"/events/mine/{a.pk}/cancel/", {"token": b.token}).status_code == 400
    for r in (a, b):
        r.refresh_from_db()
        assert r.status == Registration.Status.REGISTERED


def test_registering_twice_keeps_one_registration(make_event, enterprise, client):
    event = make_event()
    client.force_login(enterprise)
    assert client.post(f"/events/{event.pk}/register/", person()).status_code == 302
    assert client.post(f"/events/{event.pk}/register/", person()).status_code == 400
    assert Registration.objects.filter(event=event).count() == 1


@pytest.mark.parametrize("name", ["\u200b", "\u200b\u200c\u200d", "\ufeff", " \u2060 "])
def test_an_invisible_name_is_refused(make_event, enterprise, client, name):
    event = make_event()
    client.force_login(enterprise)
    assert client.post(f"/events/{event.pk}/register/", person(name=name)).status_code == 400
    assert not Registration.objects.exists()


def test_zero_width_characters_are_taken_out_of_a_name(make_event, enterprise, client):
    event = make_event()
    client.force_login(enterprise)
    assert client.post(f"/events/{event.pk}/register/", person(name="张\u200b三")).status_code == 302
    assert Registration.objects.get().name == "张三"


def test_markup_is_escaped_and_formulas_stay_text_in_the_export(make_event, enterprise, office, client):
    event = make_event()
    client.force_login(enterprise)
    client.post(f"/events/{event.pk}/register/", person(name="=HYPERLINK(\"x\")", role="<script>alert(1)</script>"))
    client.force_login(office)
    assert "<script>alert(1)" not in client.get(f"/events/office/{event.pk}/").content.decode()
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(f"/events/office/{event.pk}/registrations.xlsx").content))
    row = [c.value for c in sheet.active[2]]
    assert row[0] == "'=HYPERLINK(\"x\")" and row[2] == "<script>alert(1)</script>"


def test_event_form_refuses_bad_times_and_numbers(office, client):
    client.force_login(office)
    base = {"kind": "matchmaking", "title": "对接会", "starts_at": "2030-05-01T09:00", "ends_at": "2030-05-01T12:00",
            "checkin_before_minutes": "120", "checkin_after_minutes": "60"}
    for changes in ({"ends_at": "2030-04-30T09:00"}, {"registration_deadline": "2030-05-02T09:00"},
                    {"capacity": "1e20"}, {"capacity": "-1"}, {"capacity": "99999999999999999999"},
                    {"hours": "-3"}, {"hours": "NaN"}, {"hours": "Infinity"}, {"starts_at": "2030-02-30T09:00"},
                    {"checkin_before_minutes": "-5"}, {"online_url": "javascript:alert(1)"}):
        assert client.post("/events/office/new/", {**base, **changes}).status_code == 400, changes
    assert not Event.objects.exists()


def test_a_follow_up_with_odd_amounts_is_refused(make_event, office, client):
    event = make_event()
    client.force_login(office)
    for amount in ("1e20", "-1", "NaN", "Infinity"):
        response = client.post(f"/events/office/{event.pk}/follow-up/", {"outcome": "signed", "amount_wan": amount,
                                                                       "occurred_on": "2030-01-01"})
        assert response.status_code == 400, amount
    assert not event.follow_ups.exists()


@pytest.mark.parametrize("query", ["page=-1", "page=99999999", "page=x", "kind=<script>", "kind=%00"])
def test_odd_query_params_answer_the_list(make_event, client, query):
    make_event()
    response = client.get(f"/events/?{query}")
    assert response.status_code == 200 and "<script>" not in response.content.decode().split("</head>")[1]


def test_proposing_anothers_listing_or_a_forged_id_is_refused(make_event, enterprise, listing, client):
    event = make_event()
    client.force_login(enterprise)
    for data in ({"listing": listing.pk}, {"listing": "99999999999999999999"}, {"demand": "-1"}):
        assert client.post(f"/events/{event.pk}/propose/", data).status_code == 400, data
    assert not EventItem.objects.exists()


def test_a_double_submitted_follow_up_is_recorded_once(make_event, office, demand, client):
    event = make_event()
    item = actions.do_add_item(office, event, demand=demand)
    client.force_login(office)
    data = {"item": item.pk, "outcome": "signed", "amount_wan": "80", "occurred_on": "2030-01-01", "note": "签约"}
    for _ in range(2):
        assert client.post(f"/events/office/{event.pk}/follow-up/", data).status_code == 302
    assert event.follow_ups.count() == 1
    assert client.post(f"/events/office/{event.pk}/follow-up/", {**data, "amount_wan": "20"}).status_code == 302
    assert event.follow_ups.count() == 2  # a different follow-up is recorded
